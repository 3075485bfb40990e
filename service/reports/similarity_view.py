"""The similarity section of the report as view objects: from the full report for reviewers (both
sides of each passage, the source's place), from the redacted model for recommenders (their own text
only, "本项目第 x 页附近")."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from markupsafe import Markup

from index.report import Passage, SimilarityReport, StepRatio, TemplateExclusion

from ..labels import KIND_NAMES, Band, band, file_format, source_label, unit_of, where
from ..redact import RedactedPassage, RedactedSimilarity
from .svg import ratio_bars_svg

CONTEXT = 60  # characters of the submission shown around a matched passage
EVIDENCE_NAMES = {"exact": "原文相同", "edited": "有改动", "paraphrase": "改写"}


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool  # differs from the other side (a reworked year, a changed word)


def segments(text: str, start: int, changed: list[list[int]]) -> list[Segment]:
    """`text` (which begins at offset `start`) cut into runs, the `changed` [s, e) offsets marked."""
    out: list[Segment] = []
    at = 0
    for s, e in sorted(changed):
        s, e = max(s - start, at), min(e - start, len(text))
        if s >= e:
            continue
        if s > at:
            out.append(Segment(text[at:s], False))
        out.append(Segment(text[s:e], True))
        at = e
    if at < len(text):
        out.append(Segment(text[at:], False))
    return out


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
    evidence: str  # 原文相同 | 有改动 | 改写
    a_segments: list[Segment]
    b_text: str | None = None
    b_where: str = ""
    b_segments: list[Segment] = field(default_factory=list)


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
    step_ratios: list[StepRatio]
    mentions: list[str]
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
        a_where=p.a_label or where(p.a_pages, fmt),
        a_where_near=_near(p.a_pages, fmt),
        evidence=EVIDENCE_NAMES.get(p.evidence, p.evidence),
        a_segments=segments(text, p.a_start, p.a_changed),
    )


def full_view(sim: SimilarityReport, doc_text: str | None, fmt: str) -> SimilarityView:
    sources = []
    for sm in sim.sources:
        b_fmt = file_format(sm.source.file)
        passages = [
            replace(
                _passage(p, doc_text, fmt),
                b_text=p.b_text,
                b_where=p.b_label or where(p.b_pages, b_fmt),
                b_segments=segments(p.b_text or "", p.b_start, p.b_changed),
            )
            for p in sm.passages
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
        step_ratios=sim.step_ratios,
        mentions=[m.message for m in sim.mentions],
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
        step_ratios=sim.step_ratios,
        mentions=[m.message for m in sim.mentions],
        redacted=True,
    )
