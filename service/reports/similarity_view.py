"""The similarity section of the report as view objects: from the full report for reviewers (both
sides of each passage, the source's place), from the redacted model for recommenders (their own text
only, "本项目第 x 页附近")."""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from index.report import Passage, SimilarityReport, TemplateExclusion

from ..labels import KIND_NAMES, Band, band, file_format, source_label, unit_of, where
from ..redact import RedactedPassage, RedactedSimilarity
from .svg import ratio_bars_svg

CONTEXT = 60  # characters of the submission shown around a matched passage


@dataclass(frozen=True)
class PassageView:
    kind: str
    kind_name: str
    score: float
    a_text: str
    before: str
    after: str
    a_where: str  # 第 4–5 张幻灯片
    a_where_near: str  # 第 4 张幻灯片附近 (the recommender's one line)
    b_text: str | None = None
    b_where: str = ""


@dataclass(frozen=True)
class SourceView:
    key: str  # anchor of the section (project id; an alias in the redacted view)
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
    redacted: bool = False

    @property
    def total_band(self) -> Band:
        return band(self.total)

    @property
    def max_band(self) -> Band:
        return band(self.max)

    @property
    def bars(self) -> Markup:
        return ratio_bars_svg(self.sources)


def _context(doc_text: str | None, start: int, end: int, fallback: str | None) -> tuple[str, str, str]:
    if doc_text is None:
        return "", fallback or "", ""
    return doc_text[max(0, start - CONTEXT) : start], doc_text[start:end], doc_text[end : end + CONTEXT]


def _near(pages: list[int], fmt: str) -> str:
    return f"第 {pages[0]} {unit_of(fmt)}附近" if pages else "（位置未知）"


def _passage(p: Passage | RedactedPassage, doc_text: str | None, fmt: str) -> PassageView:
    before, text, after = _context(doc_text, p.a_start, p.a_end, p.a_text)
    return PassageView(
        kind=p.kind,
        kind_name=KIND_NAMES.get(p.kind, p.kind),
        score=p.score,
        a_text=text,
        before=before,
        after=after,
        a_where=where(p.a_pages, fmt),
        a_where_near=_near(p.a_pages, fmt),
    )


def full_view(sim: SimilarityReport, doc_text: str | None, fmt: str) -> SimilarityView:
    sources = []
    for sm in sim.sources:
        b_fmt = file_format(sm.source.file)
        passages = [
            replace(_passage(p, doc_text, fmt), b_text=p.b_text, b_where=where(p.b_pages, b_fmt)) for p in sm.passages
        ]
        key = sm.source.project_id
        label = source_label(sm.source)
        sources.append(SourceView(key, label, sm.source.batch, sm.copy_ratio, sm.paraphrase_ratio, passages))
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


def redacted_view(sim: RedactedSimilarity, doc_text: str | None, fmt: str) -> SimilarityView:
    sources = [
        SourceView(
            sm.source.project_id,
            sm.source.label,
            sm.source.batch,
            sm.copy_ratio,
            sm.paraphrase_ratio,
            [_passage(p, doc_text, fmt) for p in sm.passages],
        )
        for sm in sim.sources
    ]
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
        redacted=True,
    )
