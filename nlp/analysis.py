"""`analyze(doc) -> Analysis`: what one document says about its PDCA, computed once.

The one typed result every reader of a document's content uses: the rubric rules and the report
(`nlp.check`), the similarity engine (`index`: the essence for same-project detection, the steps'
character spans for per-step copy ratios) and the faces. Nothing downstream segments again.

Flow: segment (type-neutral) → decide the type (申报表 tick box, 课题类型 label, structure, title) →
name the steps for that type → structure (steps with pages, blocks, character spans into `doc.text`,
confidence; the share of the text assigned to steps) → essence → the analyzers (5W1H, tools, numbers).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document

from . import fivew1h, numbers, tools
from .essence import Essence, essence_of
from .fivew1h import FiveW1HReport
from .form import FormReport
from .numbers import NumbersReport
from .outline import form_report, labels_for, outline
from .project_type import PROBLEM, TypeDecision, doc_title
from .sections import from_assignment
from .step_classifier import Encode, classify
from .structure import Step, Structure, structure_of
from .tools import ToolsReport

__all__ = ["Analysis", "analyze", "analyze_with_steps", "labels_for"]


class Analysis(BaseModel):
    """Everything nlp reads from one document (a deck, a 成果报告, a 实施记录 or a 申报表)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    title: str  # the project title (课题名称)
    type: TypeDecision
    structure: Structure
    essence: Essence
    fivew1h: FiveW1HReport = Field(default_factory=FiveW1HReport)
    tools: ToolsReport = Field(default_factory=ToolsReport)
    numbers: NumbersReport | None = None  # None for a 申报表 read alone
    form: FormReport | None = None  # the 申报表's fields and defects (given with the deck, or the doc itself)
    is_form: bool = False  # the document is a 申报表: checked as a form, not scored

    @property
    def steps(self) -> list[Step]:
        return self.structure.steps

    @property
    def project_type(self) -> str:
        return self.type.project_type

    @property
    def target_kind(self) -> str | None:
        return self.type.target_kind


def analyze(doc: Document, *, form: Document | None = None, encode: Encode | None = None) -> Analysis:
    """Analyse one document. `form` is the 申报表 submitted with it (its tick box is the declared type).
    `encode` embeds texts (e.g. `index.embed` e5's `encode`): the content classifier's second signal on
    the steps; without it the classifier falls back to cue words, with lower confidence."""
    o = outline(doc, form=form, encode=encode)
    return _complete(doc, o.decision, o.structure, o.form, o.is_form)


def analyze_with_steps(
    doc: Document,
    block_steps: list[str | None],
    *,
    project_type: str = PROBLEM,
    target_kind: str | None = None,
    form: Document | None = None,
) -> Analysis:
    """The analysis of a document whose steps are already known (the step id of every block, e.g. a
    实施记录 aligned to its deck's steps) and whose type is given."""
    report, doc_is_form = form_report(doc, form)
    seg = from_assignment(doc, block_steps, project_type)
    decision = TypeDecision(project_type=project_type, target_kind=target_kind)
    c = classify(doc, labels_for(project_type), set(), None)
    return _complete(doc, decision, structure_of(doc, seg, c, {}), report, doc_is_form)


def _complete(
    doc: Document, decision: TypeDecision, structure: Structure, form_report: FormReport | None, doc_is_form: bool
) -> Analysis:
    ptype = decision.project_type
    steps = structure.block_steps
    read = not doc_is_form  # a 申报表 read alone has no 对策表, tools or numbers to analyse
    return Analysis(
        file=doc.filename,
        title=doc_title(doc),
        type=decision,
        structure=structure,
        essence=essence_of(doc, structure),
        fivew1h=fivew1h.analyze(doc, steps) if read else FiveW1HReport(),
        tools=tools.analyze(doc, steps, ptype) if read else ToolsReport(),
        numbers=numbers.analyze(doc, steps, ptype) if read else None,
        form=form_report,
        is_form=doc_is_form,
    )
