"""The recommender's view of a similarity report: that a passage of their own text matches
"2021 年某企业项目" and how much — never the other company's text, name, project title, file, nor the
offsets or pages of the other document. A model of its own (not a SimilarityReport with fields
blanked), so nothing new in the full report can leak into it by default. Enforced on the server for
every API answer and page a recommender receives."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from index.report import CompanyMention, Passage, SimilarityReport, SourceInfo, StepRatio, TemplateExclusion

from .labels import source_label


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RedactedSource(_Model):
    project_id: str  # an alias (来源1, 来源2, …), stable within one report
    year: int | None = None
    batch: bool = False
    label: str  # "2021 年某企业项目" / "本批次其他申报项目"
    company: None = None  # kept as null so clients written for the full report still find the keys
    title: None = None


class RedactedPassage(_Model):
    """The submission's own side of a passage only."""

    a_start: int
    a_end: int
    kind: str
    score: float
    a_text: str | None = None
    a_pages: list[int] = Field(default_factory=list)
    a_label: str = ""
    evidence: str = "edited"
    a_changed: list[list[int]] = Field(default_factory=list)  # the submission's own characters that differ


class RedactedSourceMatch(_Model):
    source: RedactedSource
    copy_ratio: float
    paraphrase_ratio: float = 0.0
    passages: list[RedactedPassage]


class RedactedNearDuplicate(_Model):
    source: RedactedSource
    score: float
    same_project: bool
    reasons: list[str] = Field(default_factory=list)


class RedactedEligibility(_Model):
    rule: str
    severity: str
    message: str
    source: RedactedSource


class RedactedMention(_Model):
    """Another applicant's name in the submission: where, not whose."""

    a_start: int
    a_end: int
    a_pages: list[int] = Field(default_factory=list)
    a_label: str = ""
    message: str


class RedactedSimilarity(_Model):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: int = Field(default=1, alias="schema")
    redacted: Literal[True] = True
    file: str
    chars: int
    total_copy_ratio: float
    max_single_source_ratio: float
    max_source: RedactedSource | None = None
    sources: list[RedactedSourceMatch] = Field(default_factory=list)
    near_duplicates: list[RedactedNearDuplicate] = Field(default_factory=list)
    eligibility: list[RedactedEligibility] = Field(default_factory=list)
    template: TemplateExclusion | None = None
    semantic_checked: bool = False
    mentions: list[RedactedMention] = Field(default_factory=list)
    step_ratios: list[StepRatio] = Field(default_factory=list)  # 分段检测 of the submission's own steps


class _Aliases:
    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def source(self, src: SourceInfo) -> RedactedSource:
        alias = self.names.setdefault(src.project_id, f"来源{len(self.names) + 1}")
        return RedactedSource(project_id=alias, year=src.year, batch=src.batch, label=source_label(src, redacted=True))


def _passage(p: Passage) -> RedactedPassage:
    return RedactedPassage(
        a_start=p.a_start,
        a_end=p.a_end,
        kind=p.kind,
        score=p.score,
        a_text=p.a_text,
        a_pages=p.a_pages,
        a_label=p.a_label,
        evidence=p.evidence,
        a_changed=p.a_changed,
    )


def _mention(m: CompanyMention) -> RedactedMention:
    where = m.a_label or "正文"
    message = f"申报材料中（{where}）出现了其他申报单位的名称，请核实材料是否来自该单位（详细信息仅向评审人员展示）。"
    return RedactedMention(a_start=m.a_start, a_end=m.a_end, a_pages=m.a_pages, a_label=m.a_label, message=message)


def redact_similarity(sim: SimilarityReport) -> RedactedSimilarity:
    aliases = _Aliases()
    sources = [
        RedactedSourceMatch(
            source=aliases.source(sm.source),
            copy_ratio=sm.copy_ratio,
            paraphrase_ratio=sm.paraphrase_ratio,
            passages=[_passage(p) for p in sm.passages],
        )
        for sm in sim.sources
    ]
    near = [
        RedactedNearDuplicate(
            source=aliases.source(n.source),
            score=n.score,
            same_project=n.same_project,
            reasons=["与该项目整体高度相似（详细依据仅向评审人员展示）"],
        )
        for n in sim.near_duplicates
    ]
    eligibility = []
    for e in sim.eligibility:
        source = aliases.source(e.source)
        message = f"与{source.label}可能为同一项目重复申报，请核实（详细信息仅向评审人员展示）。"
        eligibility.append(RedactedEligibility(rule=e.rule, severity=e.severity, message=message, source=source))
    return RedactedSimilarity(
        file=sim.file,
        chars=sim.chars,
        total_copy_ratio=sim.total_copy_ratio,
        max_single_source_ratio=sim.max_single_source_ratio,
        max_source=aliases.source(sim.max_source) if sim.max_source else None,
        sources=sources,
        near_duplicates=near,
        eligibility=eligibility,
        template=sim.template,
        semantic_checked=sim.semantic_checked,
        mentions=[_mention(m) for m in sim.mentions],
        step_ratios=sim.step_ratios,
    )
