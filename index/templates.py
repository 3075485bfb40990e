"""Template exclusion: text every submission shares does not count as copying.

Two sources of template text, each with a Chinese reason in the report:

* automatic — fingerprints present in a large share of the corpus documents (document frequency ≥
  `min_share` of the documents and ≥ `min_count` documents; the batch being screened counts too, so a
  template that is new this year is recognised as soon as enough submissions share it). Organiser
  templates, the standard step titles with their boilerplate sentences, policy quotations.
  A region is template where consecutive frequent fingerprints follow each other within the winnowing
  window (`w`): inside a shared run, winnowing selects a fingerprint at least every `w` k-grams, so
  the run is covered from its first to its last frequent fingerprint; the uncovered edges (< w
  characters) are shorter than a reportable passage once cut off.
* the organiser's template file (plain text): passages of the submission aligned with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from .align import AlignParams, align_folded
from .fingerprint import FingerprintParams, Fingerprints, FoldedText, fold_text
from .postings import PostingsIndex
from .report import TemplateExclusion


class TemplateParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_share: float = Field(default=0.2, gt=0.0, le=1.0)  # share of documents a fingerprint must reach
    min_count: int = Field(default=5, ge=2)  # and at least this many documents


@dataclass
class Exclusion:
    """Excluded positions of the submission's folded text, by cause."""

    frequent: np.ndarray  # bool mask over folded chars: shared by many documents
    organiser: np.ndarray  # bool mask: aligned with the organiser template file
    frequent_share: float = 0.0  # the document-frequency threshold used (share of documents)
    documents: int = 0
    df: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # per fingerprint: documents with it
    reasons: list[str] = field(default_factory=list)

    @property
    def mask(self) -> np.ndarray:
        return self.frequent | self.organiser

    def report(self, folded: FoldedText) -> TemplateExclusion:
        chars = int(self.mask.sum())
        return TemplateExclusion(chars=chars, share=round(chars / max(len(folded), 1), 4), reasons=list(self.reasons))


def df_threshold(documents: int, params: TemplateParams) -> int:
    return max(params.min_count, math.ceil(params.min_share * documents))


def frequent_mask(fps: Fingerprints, df: np.ndarray, threshold: int, length: int, fp: FingerprintParams) -> np.ndarray:
    """Mark runs of frequent fingerprints (consecutive ones at most `w` apart) as template."""
    mask = np.zeros(length, dtype=bool)
    pos = fps.positions[df >= threshold]
    if not pos.size:
        return mask
    pos = np.sort(pos)
    run_start = int(pos[0])
    prev = run_start
    for p in pos[1:].tolist():
        if p - prev > fp.w:
            mask[run_start : prev + fp.k] = True
            run_start = p
        prev = p
    mask[run_start : prev + fp.k] = True
    return mask


class TemplateFilter:
    """Decides which characters of a submission are template text (see module doc)."""

    def __init__(
        self,
        postings: PostingsIndex | None,
        params: TemplateParams | None = None,
        *,
        template_text: str | None = None,
        template_name: str = "组织方模板",
        align: AlignParams | None = None,
    ) -> None:
        self.postings = postings
        self.params = params or TemplateParams()
        self.fp_params = postings.params if postings is not None else FingerprintParams()
        self.template_name = template_name
        self.align = align or AlignParams()
        self._template = fold_text(template_text) if template_text else None

    def threshold(self, extra_docs: int = 0) -> int:
        docs = (self.postings.doc_count if self.postings is not None else 0) + extra_docs
        return df_threshold(docs, self.params)

    def exclude(self, folded: FoldedText, fps: Fingerprints, *, batch_keys: list[np.ndarray] | None = None) -> Exclusion:
        """Template positions of the submission. `batch_keys`: index keys of the other submissions."""
        n = len(folded)
        batch_keys = batch_keys or []
        docs = (self.postings.doc_count if self.postings is not None else 0) + len(batch_keys)
        keys = fps.index_keys()
        df = np.zeros(keys.shape[0], dtype=np.int64)
        if self.postings is not None and keys.size:
            df += self.postings.df(keys)
        for other in batch_keys:
            df += np.isin(keys, other)
        threshold = df_threshold(docs, self.params)
        frequent = frequent_mask(fps, df, threshold, n, self.fp_params) if docs >= self.params.min_count else np.zeros(n, bool)
        organiser = self.organiser_mask(folded)
        reasons: list[str] = []
        if organiser.any():
            reasons.append(f"与{self.template_name}相同的文字（{int(organiser.sum())} 字）不计入复制")
        only_frequent = int((frequent & ~organiser).sum())
        if only_frequent:
            reasons.append(
                f"在 {threshold} 篇以上（≥{self.params.min_share:.0%}）的历年及本批项目文档中都出现的通用文字"
                f"（{only_frequent} 字，如模板句、标准步骤说明、政策引文）不计入复制"
            )
        return Exclusion(frequent, organiser, self.params.min_share, docs, df=df, reasons=reasons)

    def organiser_mask(self, folded: FoldedText) -> np.ndarray:
        mask = np.zeros(len(folded), dtype=bool)
        if self._template is None or not len(folded):
            return mask
        for p in align_folded(folded, self._template, self.align):
            mask[p.a_start : p.a_end] = True
        return mask
