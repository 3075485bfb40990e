"""The expert's report: one self-contained HTML page per submission (inline CSS and SVG, prints to A4
with the 编号 and 单位 and a page number on every page).

`render(check, similarity, …)` is the seam other code calls; `render_submission(result)` renders one
submission of a batch. `redacted=True` is the recommender's view: it is built from the redacted model
(`service.redact`) only, so sources are "2021 年某企业项目", passages show the submission's own text in
one column, and nothing of the other document (text, offsets, pages) is on the page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from index.report import SimilarityReport
from ingest.model import Document
from nlp.report import CheckReport
from nlp.tools import ToolEntry

from ..labels import (
    FIVEW1H_NAMES,
    STEP_NAMES,
    TARGET_NAMES,
    band,
    file_format,
    pct,
    sentence_list,
    type_name,
    unit_of,
    where,
)
from ..redact import RedactedSimilarity, redact_similarity
from ..results import FileError, SubmissionResult
from ..roster import RosterIssue
from ..verdict import combine
from .findings import FindingView, finding_views, legend, rubric_name, score_rows
from .rows import fivew1h_status
from .similarity_view import SimilarityView, full_view, redacted_view
from .svg import timeline_svg
from .tables import fivew1h_table


def css_string(value: object) -> Markup:
    """Text for a CSS string ("…" in @page content): quotes, backslashes and '<' escaped, one line."""
    text = re.sub(r"\s+", " ", str(value))
    out = "".join(f"\\{ord(c):x} " if c in '"\\<>' else c for c in text)
    return Markup(out)


def sentence(value: object) -> str:
    """One sentence ending in a single full stop (no "。。" or "。；")."""
    return sentence_list([str(value)])


_env = Environment(loader=PackageLoader("service.reports", "templates"), autoescape=select_autoescape(["html"]))
_env.filters["pct"] = pct
_env.filters["css_string"] = css_string
_env.filters["sentence"] = sentence
_env.filters["trim_stop"] = lambda v: str(v).rstrip("。；; ")
_env.globals["band"] = band


@dataclass(frozen=True)
class StepRow:
    id: str
    name: str
    status: str  # ok | partial | missing
    pages: list[int]
    missing: list[str]
    where: str
    confidence: float | None = None  # how sure the step is (nlp Step.confidence); None: not found
    unconfirmed: bool = False  # not found in a document whose structure was not recognised: 未能确认


@dataclass(frozen=True)
class ReportHeader:
    """Who the report is about: the submission's 编号, name, company and files."""

    submission: str | None = None
    title: str | None = None
    company: str | None = None
    file: str | None = None
    form_file: str | None = None
    record_file: str | None = None
    year: int | None = None
    roster_issues: list[RosterIssue] = field(default_factory=list)

    def running(self, title: str) -> str:
        """The running header of every printed page: 编号 · 单位 · 名称."""
        parts = [f"编号 {self.submission}" if self.submission else "", self.company or "", title]
        return " · ".join(p for p in parts if p)


def _step_rows(check: CheckReport | None, fmt: str) -> list[StepRow]:
    if check is None:
        return []
    return [
        StepRow(
            id=s.id,
            name=s.name,
            status="missing" if not s.present else ("partial" if not s.complete else "ok"),
            pages=s.pages,
            missing=s.missing,
            where=where(s.pages, fmt),
            confidence=s.confidence,
            unconfirmed=s.status == "unconfirmed",
        )
        for s in check.steps
    ]


def _structure_line(check: CheckReport) -> str | None:
    """How well the structure was recognised: the share of the text assigned to steps and the steps found."""
    st = check.structure
    if st is None:
        return None
    verdict = "结构识别可靠" if st.confident else "结构未能可靠识别"
    return (
        f"归入步骤的文字占 {st.coverage:.0%}，其中识别置信度 ≥ {st.min_step_confidence:.2f} 的步骤占 "
        f"{st.confident_coverage:.0%}（需 ≥ {st.min_coverage:.0%}）；识别出 {st.steps_found} 个步骤，其中 "
        f"{st.steps_confident} 个置信（需 ≥ {st.min_steps} 个），{verdict}"
    )


def _tools_by_step(check: CheckReport) -> dict[str, list[ToolEntry]]:
    order = list(STEP_NAMES)
    by_id: dict[str, list[ToolEntry]] = {}
    for t in check.tools:
        for st in t.steps or ["(未定位)"]:
            by_id.setdefault(st, []).append(t)
    ranked = sorted(by_id.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    return {STEP_NAMES.get(k, k): v for k, v in ranked}


def _check_context(check: CheckReport | None, doc: Document | None, fmt: str) -> dict[str, object]:
    if check is None:
        return {"check": None, "score": None, "score_rows": [], "tools_by_step": {}, "coverage": []}
    f5 = check.fivew1h
    return {
        "check": check,
        "type_name": type_name(check.project_type),
        "target_name": TARGET_NAMES.get(check.target_kind or ""),
        "fivew1h_cols": [(FIVEW1H_NAMES.get(k, k), v) for k, v in f5.columns.items()],
        "fivew1h_status": fivew1h_status(check),
        "fivew1h_where": where(f5.pages, fmt) if f5.pages else "",
        "fivew1h_table": fivew1h_table(check, doc),
        "tools_by_step": _tools_by_step(check),
        "score": check.score or None,
        "rubric_name": rubric_name(check),
        "score_rows": score_rows(check),
        "coverage": check.coverage,
        "structure": _structure_line(check),
    }


def render(
    check: CheckReport | None,
    similarity: SimilarityReport | None,
    *,
    doc: Document | None = None,
    header: ReportHeader | None = None,
    errors: list[FileError] | None = None,
    semantic_message: str | None = None,
    semantic_error: str | None = None,
    redacted: bool = False,
    links: list[tuple[str, str]] | None = None,
) -> str:
    head = header or ReportHeader()
    file = head.file or (check.file if check is not None else None)
    fmt = file_format(file)
    doc_text = doc.text if doc is not None else None
    shown = redact_similarity(similarity) if similarity is not None and redacted else similarity
    sim: SimilarityView | None = None
    if isinstance(shown, RedactedSimilarity):
        sim = redacted_view(shown, doc_text, fmt)
    elif shown is not None:
        sim = full_view(shown, doc_text, fmt)
    title = head.title or (check.title if check is not None else None) or file or "未命名项目"
    findings: list[FindingView] = finding_views(check, shown, fmt)
    steps = _step_rows(check, fmt)
    return _env.get_template("report.html").render(
        unit=unit_of(fmt),
        timeline=timeline_svg(steps, "段" if unit_of(fmt) == "段" else "页"),
        final=combine(check, shown),
        title=title,
        running=head.running(title),
        head=head,
        file=file,
        steps=steps,
        findings=findings,
        legend=legend(check, findings),
        roster_issues=head.roster_issues,
        sim=sim,
        errors=errors or [],
        semantic_message=semantic_message,
        semantic_error=semantic_error,
        redacted=redacted,
        links=links or [],
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        **_check_context(check, doc, fmt),
    )


def render_submission(
    result: SubmissionResult,
    *,
    year: int | None = None,
    semantic_message: str | None = None,
    doc: Document | None = None,
    roster_issues: list[RosterIssue] | None = None,
) -> str:
    return render(
        result.check,
        result.similarity,
        doc=doc,
        header=ReportHeader(
            submission=result.id,
            title=result.display_title,
            company=result.company,
            file=result.main_file or result.id,
            form_file=result.form_file,
            record_file=result.record_file,
            year=year,
            roster_issues=roster_issues or [],
        ),
        errors=result.errors,
        semantic_message=semantic_message,
        semantic_error=result.semantic_error,
    )
