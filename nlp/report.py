"""CheckReport: the `check --json` schema 1 object (spec/interfaces.md) plus extension fields, typed
throughout. JSON is `report.model_dump(mode="json")` (the `schema` key by alias)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .findings import Finding, Review
from .fivew1h import FiveW1HReport
from .form import FormReport
from .numbers import NumbersReport
from .rubric import Score
from .submission import PackageReport
from .tools import ToolEntry


class StepReport(BaseModel):
    id: str
    name: str
    present: bool
    complete: bool
    pages: list[int] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)  # must-contain items the step lacks
    heading: str | None = None  # the heading or slide title the step was found by
    expected: bool = True  # part of the project type's sequence
    confidence: float | None = None  # how sure the step is (None: not found)
    file: str | None = None  # the document holding the step when it is not the main one (实施记录)
    status: str = "present"  # present | missing | unconfirmed (未能确认: not found, structure not recognised)


class StructureReport(BaseModel):
    """How well the document's structure was recognised, and how that was judged."""

    coverage: float  # share of the body text assigned to steps
    confident: bool  # recognised with confidence: a missing step may then be reported as missing
    steps_found: int
    # the share of the text in steps recognised with confidence (≥ min_step_confidence) and their number:
    # what `confident` is judged on (a step found only with low confidence supports no missing-step veto)
    confident_coverage: float = 0.0
    steps_confident: int = 0
    min_step_confidence: float = 0.0
    min_coverage: float  # the thresholds (nlp/lexicon/steps.yaml `structure`)
    min_steps: int
    blind_share: float = 0.0  # share of the pages with no readable text
    ocr_share: float = 0.0  # share of the pages read by OCR only (a scan): an absence there vetoes nothing
    unconfirmed: list[str] = Field(default_factory=list)  # ids of required steps not found (structure not recognised)


class CoverageEntry(BaseModel):
    """A reading problem of the document (from doc.issues and doc.coverage)."""

    code: str
    severity: str
    message: str
    page: int | None = None


class CheckReport(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    schema_: int = Field(default=1, alias="schema")
    file: str
    title: str = ""
    project_type: str  # problem_solving | innovative | unknown
    target_kind: str | None = None
    declared_type: str | None = None
    type_evidence: list[str] = Field(default_factory=list)
    steps: list[StepReport] = Field(default_factory=list)
    fivew1h: FiveW1HReport = Field(default_factory=FiveW1HReport)
    tools: list[ToolEntry] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    # checks not confirmed: an absence in text not read with confidence (sent to 人工复核, no finding)
    reviews: list[Review] = Field(default_factory=list)
    score: Score
    verdict: str = "参评"  # 参评 | 完善后参评 | 不评 | 需人工复核
    verdict_reasons: list[str] = Field(default_factory=list)
    structure: StructureReport | None = None  # None for a 申报表 read alone
    form: FormReport | None = None
    coverage: list[CoverageEntry] = Field(default_factory=list)
    numbers: NumbersReport | None = None
    package: PackageReport | None = None  # the submission as a whole (parts, facts, contradictions)
