"""The typed results every face renders: one submission, one summary row, one match, one batch.

`nlp.check` gives a `CheckReport`, `index` a `SimilarityReport`; here they meet the files of a
submission and the batch around it. JSON files, HTTP answers, Excel and HTML are all rendered from
these models (never from hand-built dicts). Field names are a contract (summary.json, the API's job
rows): extend, never rename or drop.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from index.report import SimilarityReport
from ingest.model import Document
from nlp.report import CheckReport

from .redact import RedactedSimilarity
from .roster import RosterCheck

FileRole = Literal["main", "form", "record", "extra"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FileError(_Model):
    """A file that could not be read or processed: outcome as data, with a Chinese message."""

    code: str  # ingest.corrupt, ingest.encrypted, …, service.internal, corpus.rejected
    file: str
    reason: str
    message: str = ""
    submission: str | None = None  # the batch submission the file belongs to
    project: str | None = None  # the corpus project (corpus add)
    trace: str | None = None  # the exception, for service.internal


class FileEntry(_Model):
    """One file of a submission and what became of it."""

    name: str
    sha256: str = ""
    format: str | None = None
    chars: int | None = None
    role: FileRole | None = None
    error: FileError | None = None


class SubmissionResult(_Model):
    """One submission of a batch: its files, the check of its documents and the similarity report."""

    id: str
    files: list[FileEntry] = Field(default_factory=list)
    main_file: str | None = None
    form_file: str | None = None  # the 申报表, recognised by content
    record_file: str | None = None  # the 实施记录 when the deck is the main document
    title: str | None = None  # the main document's own title (the check's title is preferred)
    chars: int | None = None
    check: CheckReport | None = None
    similarity: SimilarityReport | None = None
    semantic_error: str | None = None  # the semantic stage failed; the copy stage still ran
    errors: list[FileError] = Field(default_factory=list)
    report: str | None = None  # the HTML report, relative to the batch output folder

    def form_field(self, key: str) -> str | None:
        """A field of the 申报表 (nlp.form keys: company, credit_code, project_name, …) when one was read."""
        form = self.check.form if self.check is not None else None
        value = form.fields.get(key) if form is not None else None
        return str(value) if value else None

    @property
    def company(self) -> str | None:
        return self.form_field("company")

    @property
    def form_type(self) -> str | None:
        """The 项目类型 ticked on the 申报表 (problem_solving | innovative)."""
        form = self.check.form if self.check is not None else None
        value = form.project_type if form is not None else None
        return str(value) if value else None

    @property
    def credit_code(self) -> str | None:
        return self.form_field("credit_code")

    @property
    def display_title(self) -> str | None:
        """The project's name: the check's title, else the 申报表's 项目名称, else the document title."""
        return (self.check.title if self.check is not None else None) or self.form_field("project_name") or self.title


class SummaryRow(_Model):
    """One row of summary.xlsx / summary.json `rows` / a job's `rows`: what staff read at a glance."""

    submission: str
    year: int
    company: str | None = None
    title: str | None = None
    main_file: str | None = None
    form_file: str | None = None
    record_file: str | None = None
    type: str | None = None
    target_kind: str | None = None
    steps_missing: list[str] = Field(default_factory=list)
    steps_incomplete: list[str] = Field(default_factory=list)
    fivew1h: str | None = None
    tool_score: str | None = None
    score: float | None = None
    score_max: float | None = None
    grade: str | None = None
    verdict: str | None = None
    verdict_reasons: list[str] = Field(default_factory=list)
    basis: str = ""  # 结论依据: the reasons as one Chinese sentence list (the column beside the verdict)
    fatal_findings: list[str] = Field(default_factory=list)
    total_copy_ratio: float | None = None
    max_single_source_ratio: float | None = None
    max_source: str | None = None
    same_project: bool = False
    same_project_sources: list[str] = Field(default_factory=list)
    eligibility: list[str] = Field(default_factory=list)
    semantic_checked: bool | None = None
    read_errors: list[str] = Field(default_factory=list)
    roster: list[str] = Field(default_factory=list)  # what the 立项申报汇总表 check found for this submission
    report: str | None = None


class MatchRow(_Model):
    """One passage of one submission with its source, in human labels: the match sheet of summary.xlsx."""

    submission: str
    source: str  # "2021 年 某公司《标题》" or "本批次 S13《标题》"
    source_year: str  # "2021" or "本批次"
    source_company: str | None = None
    source_id: str
    batch: bool = False
    kind: str  # 复制 | 改写
    evidence: str = ""  # 原文相同 | 有改动 | 改写
    chars: int  # characters of the submission in the passage
    share: float | None = None  # of the submission's characters
    source_copy_ratio: float | None = None
    score: float | None = None
    a_where: str  # 第 4–12 张幻灯片 / 第 3–5 段 / 第 2 页
    b_where: str
    a_text: str = ""


class BatchSummary(_Model):
    """summary.json: the batch as data (schema 1)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: int = Field(default=1, alias="schema")
    year: int
    submissions: int
    failed_files: int
    semantic_checked: bool
    semantic_message: str | None = None
    rows: list[SummaryRow]
    errors: list[FileError]
    results: list[SubmissionResult]
    roster: RosterCheck | None = None  # the recommender's 立项申报汇总表 checked against the submissions


class DraftFields(_Model):
    """What is kept of a draft checked on the web page or through the API. `file` is the main
    document's name as the client sent it."""

    id: str
    created_at: float
    expires_in_hours: float
    file: str
    form_file: str | None = None
    record_file: str | None = None
    chars: int
    title: str | None = None
    check: CheckReport
    semantic_error: str | None = None
    semantic_message: str | None = None
    report_url: str
    page_url: str


class DraftResult(DraftFields):
    """A draft as stored: unredacted, with its owner; the caller's role decides what is shown."""

    owner: str  # the key id of the uploader (never shown)
    similarity: SimilarityReport | None = None


class DraftView(DraftFields):
    """A draft as the caller may see it: recommenders get the redacted similarity, nobody the owner."""

    similarity: RedactedSimilarity | SimilarityReport | None = None


class StoredDocuments(_Model):
    """The documents of a submission by role, kept beside its result (resume, the report's context)."""

    main: Document | None = None
    form: Document | None = None
    record: Document | None = None

    def dump_json(self) -> str:
        """JSON without each document's derived `text` (it is recomputed from the blocks on load)."""
        no_text = {"text"}
        return self.model_dump_json(exclude={"main": no_text, "form": no_text, "record": no_text})


class ReadFailure(BaseModel):
    """What `--json` prints when an input cannot be read (schema 1)."""

    model_config = ConfigDict(populate_by_name=True)

    schema_: int = Field(default=1, alias="schema")
    file: str | None = None
    error: FileError | None = None  # one input (extract, check, similar)
    errors: list[FileError] | None = None  # two inputs (compare)
