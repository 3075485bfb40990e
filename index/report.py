"""Similarity results as data (JSON schema 1 of `compare --json` / `similar --json`, spec/interfaces.md).

Offsets are 0-based, end-exclusive character offsets into each document's `Document.text`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _clamp(x: float) -> float:
    return min(max(float(x), 0.0), 1.0)


# A similarity or a share: always within [0, 1] in the reports (a cosine can be slightly negative, a
# sum of shares slightly above 1 by rounding).
Unit = Annotated[float, AfterValidator(_clamp)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocRef(_Model):
    file: str
    chars: int


class Passage(_Model):
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: str  # "copy" | "paraphrase"
    score: Unit  # copy: share of identical folded characters; paraphrase: cosine
    a_text: str | None = None  # the submission's side (always the caller's own text)
    b_text: str | None = None  # the source side: only when the caller may see it (role decides)
    a_pages: list[int] = Field(default_factory=list)
    b_pages: list[int] = Field(default_factory=list)
    # Extensions (schema 1 stays valid): which evidence made the passage — exact (identical after
    # folding), edited (characters or words changed, synonyms), paraphrase (meaning only) — the pages
    # as a reviewer reads them ("第 4–12 张幻灯片", "第 2 页", "第 3 段"), and the text spans
    # ([start, end) offsets into each document's text) inside the passage that differ from the other
    # side (empty for a paraphrase; `b_changed` empty when the source text is hidden).
    evidence: Literal["exact", "edited", "paraphrase"] = "edited"
    a_label: str = ""
    b_label: str = ""
    a_changed: list[list[int]] = Field(default_factory=list)
    b_changed: list[list[int]] = Field(default_factory=list)


class StepRatio(_Model):
    """分段检测: the copy ratio of one PDCA step of the submission (extension)."""

    step: str  # step id (spec/interfaces.md)
    name: str  # its Chinese name for the project type
    chars: int  # folded characters of the step
    copied_chars: int
    copy_ratio: Unit
    paraphrase_ratio: Unit = 0.0


class CompareReport(_Model):
    schema_: int = Field(default=1, alias="schema")
    a: DocRef
    b: DocRef
    passages: list[Passage]
    copy_ratio_a: Unit
    copy_ratio_b: Unit = 0.0
    # essence cosine; None without an encoder, or when no passage and no sentence pair needed the model
    semantic_similarity: Unit | None = None
    excluded_template_chars_a: int = 0
    paraphrase_ratio_a: Unit = 0.0  # share of A in paraphrase passages (extension)
    step_ratios: list[StepRatio] = Field(default_factory=list)  # 分段检测 of A, in step order (extension)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SourceInfo(_Model):
    """Who the source is. The service redacts `company`/`title` for roles that may not see them."""

    project_id: str
    year: int | None = None
    company: str | None = None
    title: str | None = None
    award: str | None = None
    file: str | None = None
    batch: bool = False  # True when the source is another submission of the same batch (横向)


class SourceMatch(_Model):
    source: SourceInfo
    copy_ratio: Unit  # share of the submission's characters covered by copies from this source
    paraphrase_ratio: Unit = 0.0
    passages: list[Passage]


class NearDuplicate(_Model):
    """A project judged to be the same project as the submission (雷同), with the reason."""

    source: SourceInfo
    score: Unit  # combined score in [0, 1]
    same_project: bool
    parts: dict[str, float] = Field(default_factory=dict)  # e.g. {"title": 0.93, "targets": 0.88, "minhash": 0.71}
    reasons: list[str] = Field(default_factory=list)  # Chinese, for the reviewer


class EligibilityFinding(_Model):
    rule: str  # "E-REPEAT" (same company + same/near title as an earlier year), "E-AWARDED"
    severity: str
    message: str  # Chinese
    source: SourceInfo


class TemplateExclusion(_Model):
    chars: int  # characters of the submission excluded as template text
    share: Unit
    reasons: list[str] = Field(default_factory=list)  # Chinese: "组织方模板", "出现在 37% 的历年项目中" ...


class CompanyMention(_Model):
    """Another applicant's name in the submission (a corpus project's company or a batch submission's):
    where it stands in the submission and whose name it is (extension)."""

    company: str  # the applicant's name as registered (corpus or batch)
    a_start: int  # its first place in the submission's text
    a_end: int
    a_pages: list[int] = Field(default_factory=list)
    a_label: str = ""
    places: list[list[int]] = Field(default_factory=list)  # every [start, end) in the submission
    source: SourceInfo  # whose name it is (the service may redact company/title by role)
    message: str  # Chinese


class SimilarityReport(_Model):
    schema_: int = Field(default=1, alias="schema")
    file: str
    chars: int
    total_copy_ratio: Unit  # 总文字复制比 (template text excluded)
    max_single_source_ratio: Unit  # 单篇最大文字复制比
    max_source: SourceInfo | None = None
    sources: list[SourceMatch] = Field(default_factory=list)  # sorted by copy_ratio desc
    near_duplicates: list[NearDuplicate] = Field(default_factory=list)
    eligibility: list[EligibilityFinding] = Field(default_factory=list)
    template: TemplateExclusion | None = None
    semantic_checked: bool = False  # whether the dense stage ran (model available)
    mentions: list[CompanyMention] = Field(default_factory=list)  # other applicants' names (extension)
    step_ratios: list[StepRatio] = Field(default_factory=list)  # 分段检测, in step order (extension)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
