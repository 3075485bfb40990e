"""The expert's report: one self-contained HTML page per submission (inline CSS and SVG, prints to A4).

`render(check, similarity, …)` is the seam other code calls; `render_submission(result)` renders one
submission of a batch. `redacted=True` is the recommender's view: it is built from the redacted model
(`service.redact`) only, so sources are "2021 年某企业项目" and the other side of a passage is absent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from index.report import SimilarityReport, TemplateExclusion
from ingest.model import BlockKind, Document, Table
from nlp.report import CheckReport

from ..labels import (
    FIVEW1H_NAMES,
    KIND_NAMES,
    SEVERITY_NAMES,
    SEVERITY_ORDER,
    STEP_NAMES,
    TARGET_NAMES,
    Band,
    band,
    pct,
    source_label,
    type_name,
)
from ..redact import RedactedSimilarity, redact_similarity
from ..results import FileError, SubmissionResult
from ..verdict import combine
from .rows import fivew1h_status
from .svg import ratio_bars_svg, timeline_svg

_env = Environment(loader=PackageLoader("service.reports", "templates"), autoescape=select_autoescape(["html"]))
_env.filters["pct"] = pct

CONTEXT = 60  # characters of the submission shown around a matched passage


@dataclass(frozen=True)
class StepRow:
    id: str
    name: str
    status: str  # ok | partial | missing
    pages: list[int]
    missing: list[str]


@dataclass(frozen=True)
class PassageView:
    kind: str
    kind_name: str
    score: float
    a_text: str
    before: str
    after: str
    a_pages: list[int]
    a_range: str
    b_text: str | None = None
    b_pages: list[int] = field(default_factory=list)
    b_range: str | None = None


@dataclass(frozen=True)
class SourceView:
    label: str
    batch: bool
    copy_ratio: float
    paraphrase_ratio: float
    passages: list[PassageView]


@dataclass(frozen=True)
class NearView:
    label: str
    score: float
    same_project: bool
    reasons: list[str]


@dataclass(frozen=True)
class SimilarityView:
    total: float
    max: float
    max_label: str
    sources: list[SourceView]
    near: list[NearView]
    eligibility: list[str]
    template: TemplateExclusion | None
    semantic_checked: bool
    chars: int

    @property
    def total_band(self) -> Band:
        return band(self.total)

    @property
    def max_band(self) -> Band:
        return band(self.max)

    @property
    def bars(self) -> Markup:
        return ratio_bars_svg(self.sources)


def _step_rows(check: CheckReport | None) -> list[StepRow]:
    if check is None:
        return []
    return [
        StepRow(
            id=s.id,
            name=s.name,
            status="missing" if not s.present else ("partial" if not s.complete else "ok"),
            pages=s.pages,
            missing=s.missing,
        )
        for s in check.steps
    ]


def _fivew1h_table(check: CheckReport, doc: Document | None) -> list[dict[str, object]] | None:
    """The 对策表 as found in the document, with empty cells marked."""
    f = check.fivew1h or {}
    if not f.get("found") or doc is None:
        return None
    pages = set(f.get("pages") or [])
    best: Table | None = None
    for b in doc.blocks:
        if b.kind != BlockKind.table or b.table is None or (pages and b.source.page not in pages):
            continue
        if best is None or b.table.n_rows * b.table.n_cols > best.n_rows * best.n_cols:
            best = b.table
    if best is None:
        return None
    incomplete = set(f.get("incomplete_rows") or [])
    return [
        {
            "header": i == 0,
            "incomplete": i in incomplete,
            "cells": [{"text": c, "empty": not c.strip() and i > 0} for c in row if c is not None],
        }
        for i, row in enumerate(best.grid())
    ]


def _context(doc_text: str | None, start: int, end: int, fallback: str | None) -> tuple[str, str, str]:
    if doc_text is None:
        return "", fallback or "", ""
    return doc_text[max(0, start - CONTEXT) : start], doc_text[start:end], doc_text[end : end + CONTEXT]


def _full_view(sim: SimilarityReport, doc_text: str | None) -> SimilarityView:
    sources = []
    for sm in sim.sources:
        passages = []
        for p in sm.passages:
            before, text, after = _context(doc_text, p.a_start, p.a_end, p.a_text)
            passages.append(
                PassageView(
                    kind=p.kind,
                    kind_name=KIND_NAMES.get(p.kind, p.kind),
                    score=p.score,
                    a_text=text,
                    before=before,
                    after=after,
                    a_pages=p.a_pages,
                    a_range=f"{p.a_start}–{p.a_end}",
                    b_text=p.b_text,
                    b_pages=p.b_pages,
                    b_range=f"{p.b_start}–{p.b_end}",
                )
            )
        sources.append(
            SourceView(source_label(sm.source), sm.source.batch, sm.copy_ratio, sm.paraphrase_ratio, passages)
        )
    return SimilarityView(
        total=sim.total_copy_ratio,
        max=sim.max_single_source_ratio,
        max_label=source_label(sim.max_source) if sim.max_source else "—",
        sources=sources,
        near=[NearView(source_label(n.source), n.score, n.same_project, n.reasons) for n in sim.near_duplicates],
        eligibility=[e.message for e in sim.eligibility],
        template=sim.template,
        semantic_checked=sim.semantic_checked,
        chars=sim.chars,
    )


def _redacted_view(sim: RedactedSimilarity, doc_text: str | None) -> SimilarityView:
    sources = []
    for sm in sim.sources:
        passages = []
        for p in sm.passages:
            before, text, after = _context(doc_text, p.a_start, p.a_end, p.a_text)
            passages.append(
                PassageView(
                    kind=p.kind,
                    kind_name=KIND_NAMES.get(p.kind, p.kind),
                    score=p.score,
                    a_text=text,
                    before=before,
                    after=after,
                    a_pages=p.a_pages,
                    a_range=f"{p.a_start}–{p.a_end}",
                )
            )
        sources.append(SourceView(sm.source.label, sm.source.batch, sm.copy_ratio, sm.paraphrase_ratio, passages))
    return SimilarityView(
        total=sim.total_copy_ratio,
        max=sim.max_single_source_ratio,
        max_label=sim.max_source.label if sim.max_source else "—",
        sources=sources,
        near=[NearView(n.source.label, n.score, n.same_project, []) for n in sim.near_duplicates],
        eligibility=[e.message for e in sim.eligibility],
        template=sim.template,
        semantic_checked=sim.semantic_checked,
        chars=sim.chars,
    )


def _tools_by_step(check: CheckReport) -> dict[str, list[dict[str, object]]]:
    order = list(STEP_NAMES)
    by_id: dict[str, list[dict[str, object]]] = {}
    for t in check.tools:
        for st in t.get("steps") or ["(未定位)"]:
            by_id.setdefault(st, []).append(t)
    ranked = sorted(by_id.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    return {STEP_NAMES.get(k, k): v for k, v in ranked}


def _check_context(check: CheckReport | None, doc: Document | None) -> dict[str, object]:
    if check is None:
        return {"check": None, "finding_groups": [], "score": None, "tools_by_step": {}}
    groups = [
        (sev, SEVERITY_NAMES.get(sev, sev), [f for f in check.findings if f.severity == sev]) for sev in SEVERITY_ORDER
    ]
    f5 = check.fivew1h or {}
    return {
        "check": check,
        "type_name": type_name(check.project_type),
        "target_name": TARGET_NAMES.get(check.target_kind or ""),
        "fivew1h": f5,
        "fivew1h_cols": [(FIVEW1H_NAMES.get(k, k), v) for k, v in (f5.get("columns") or {}).items()],
        "fivew1h_status": fivew1h_status(check),
        "fivew1h_table": _fivew1h_table(check, doc),
        "tools_by_step": _tools_by_step(check),
        "finding_groups": [g for g in groups if g[2]],
        "score": check.score,
    }


@dataclass(frozen=True)
class ReportHeader:
    """Who the report is about: the submission's name, company and files."""

    title: str | None = None
    company: str | None = None
    file: str | None = None
    form_file: str | None = None
    record_file: str | None = None
    year: int | None = None


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
    steps = _step_rows(check)
    file = head.file or (check.file if check is not None else None)
    unit = "段" if (file or "").lower().endswith((".docx", ".doc", ".txt", ".wps")) else "页"
    doc_text = doc.text if doc is not None else None
    shown = redact_similarity(similarity) if similarity is not None and redacted else similarity
    if shown is None:
        sim = None
    elif isinstance(shown, RedactedSimilarity):
        sim = _redacted_view(shown, doc_text)
    else:
        sim = _full_view(shown, doc_text)
    return _env.get_template("report.html").render(
        unit=unit,
        timeline=timeline_svg(steps, unit),
        final=combine(check, shown),
        title=head.title or (check.title if check is not None else None) or file or "未命名项目",
        company=head.company,
        file=file,
        form_file=head.form_file,
        record_file=head.record_file,
        year=head.year,
        steps=steps,
        sim=sim,
        errors=errors or [],
        semantic_message=semantic_message,
        semantic_error=semantic_error,
        redacted=redacted,
        links=links or [],
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        **_check_context(check, doc),
    )


def render_submission(
    result: SubmissionResult,
    *,
    year: int | None = None,
    semantic_message: str | None = None,
    doc: Document | None = None,
) -> str:
    return render(
        result.check,
        result.similarity,
        doc=doc,
        header=ReportHeader(
            title=result.display_title,
            company=result.company,
            file=result.main_file or result.id,
            form_file=result.form_file,
            record_file=result.record_file,
            year=year,
        ),
        errors=result.errors,
        semantic_message=semantic_message,
        semantic_error=result.semantic_error,
    )
