"""Template exclusion: text every submission shares does not count as copying.

Two sources of template text, each with a Chinese reason in the report:

* automatic — fingerprints present in a large share of the corpus (document frequency ≥ `min_share`
  of the projects and ≥ `min_count` documents; shares are per project, so a project's 申报表 next to
  its deck does not halve the share of the deck's boilerplate; the batch being screened counts too, so a
  template that is new this year is recognised as soon as enough submissions share it). Organiser
  templates, the standard step titles with their boilerplate sentences, policy quotations.
  A region is template where consecutive frequent fingerprints follow each other within the winnowing
  window (`w`): inside a shared run, winnowing selects a fingerprint at least every `w` k-grams, so
  the run is covered from its first to its last frequent fingerprint; the uncovered edges (< w + k
  characters) are marked by the short-phrase table below, whose k-grams see every position.
* automatic, short phrases — winnowing cannot see a shared run shorter than its guarantee
  (`w + k − 1` characters), yet such runs (table headers "序号 项目 频数 频率 累计频率", step headings
  followed by a standard sentence) are exactly what every report repeats. So every k-gram
  (k = `TemplateParams.kgram`) of a sample of corpus projects (all of them up to `sample_docs`, an
  even spread beyond) is counted once per project; k-grams in at least `min_share` of the sampled projects (and of
  the batch) mark their characters as template. The table is cached in the index folder and rebuilt
  when the corpus changes.
* the standard step names of the QC procedure (`nlp/lexicon/steps.yaml` `names`: 选择课题, 现状调查,
  设定目标 … 总结和下一步打算): a list of them ("活动程序：选择课题→设定目标→…") is the standard
  procedure, whatever share of the corpus happens to spell it out.
* the organiser's template file (plain text): passages of the submission aligned with it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from index.copy.align import AlignParams, align_folded
from index.copy.fingerprint import FingerprintParams, Fingerprints, FoldedText, fold_text, kgram_hashes
from index.copy.postings import PostingsView
from index.report import TemplateExclusion
from ingest.fileio import atomic_open


class TemplateParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # share of projects a fingerprint must reach: 0.1 calibrated on the example corpus (bench/similarity.py
    # sweeps 0.05 / 0.1 / 0.2: at 0.2 the step frames of one project type — 创新型 is a third of the
    # corpus — stay below the share and surface as copies)
    min_share: float = Field(default=0.1, gt=0.0, le=1.0)
    min_count: int = Field(default=5, ge=2)  # and at least this many documents
    kgram: int = Field(default=6, ge=2, le=32)  # k-gram length of the short-phrase table
    sample_docs: int = Field(default=2000, ge=10)  # corpus projects counted for the short-phrase table


def covered_by(starts: np.ndarray, k: int, length: int) -> np.ndarray:
    """Characters covered by the k-grams whose start positions are True in `starts`."""
    pos = np.flatnonzero(starts)
    if not pos.size:
        return np.zeros(length, dtype=bool)
    # difference array: +1 at each k-gram start, -1 after its end
    diff = np.bincount(pos, minlength=length + 1) - np.bincount(np.minimum(pos + k, length), minlength=length + 1)
    return np.cumsum(diff[:length]) > 0


@dataclass(frozen=True)
class KgramCounts:
    """Every k-gram of a submission (by start position) and how many other documents contain it."""

    hashes: np.ndarray  # uint64, one per k-gram start
    corpus: np.ndarray  # int64: projects of the corpus sample with the k-gram (0 when fewer than 2)
    batch: np.ndarray  # int64: other batch documents with the k-gram
    scale: float = 1.0  # corpus projects per sampled project
    k: int = 6

    @classmethod
    def empty(cls, k: int = 6) -> KgramCounts:
        z = np.zeros(0, np.int64)
        return cls(np.zeros(0, np.uint64), z, z, 1.0, k)

    def documents(self) -> np.ndarray:
        """Estimated documents of corpus and batch with each k-gram (the sample scaled to the corpus)."""
        return np.asarray(self.corpus * self.scale + self.batch)

    def shared_phrasing(self, source_codes: np.ndarray, min_others: float, length: int) -> np.ndarray:
        """Characters covered by k-grams that, besides the candidate source (`source_codes`: its
        folded code points), at least `min_others` other documents contain: phrasing several projects
        share (a sentence frame, a table header, a standard clause), which is not evidence of copying
        from this one source even where the two texts agree.

        Only k-grams found in fewer than `min_others + 1` documents depend on whether the source is one
        of them; the source's k-grams are looked up for those alone (a candidate costs little)."""
        if not self.hashes.size:
            return np.zeros(length, dtype=bool)
        docs = self.documents()
        shared = docs >= min_others + 1
        borderline = np.flatnonzero((docs >= min_others) & ~shared)
        if borderline.size:
            in_source = np.isin(self.hashes[borderline], kgram_hashes(source_codes, self.k))
            shared[borderline[~in_source]] = True
        return covered_by(shared, self.k, length)


@dataclass
class Exclusion:
    """Excluded positions of the submission's folded text, by cause."""

    frequent: np.ndarray  # bool mask over folded chars: shared by many documents
    organiser: np.ndarray  # bool mask: aligned with the organiser template file
    frequent_share: float = 0.0  # the document-frequency threshold used (share of documents)
    documents: int = 0
    df: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # per fingerprint: documents with it
    reasons: list[str] = field(default_factory=list)
    kgrams: KgramCounts = field(default_factory=KgramCounts.empty)  # per k-gram: other documents with it

    @property
    def mask(self) -> np.ndarray:
        return np.asarray(self.frequent | self.organiser)

    def report(self, folded: FoldedText) -> TemplateExclusion:
        chars = int(self.mask.sum())
        return TemplateExclusion(chars=chars, share=round(chars / max(len(folded), 1), 4), reasons=list(self.reasons))


@lru_cache(maxsize=1)
def step_names() -> tuple[str, ...]:
    """Folded canonical step names, longest first (from the nlp step lexicon)."""
    data = yaml.load(
        resources.files("nlp").joinpath("lexicon/steps.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    names: set[str] = set()
    for variants in (data.get("names") or {}).values():
        for name in (variants or {}).values():
            folded = fold_text(str(name)).text
            if len(folded) >= 3:
                names.add(folded)
    return tuple(sorted(names, key=len, reverse=True))


def step_name_mask(folded: FoldedText) -> np.ndarray:
    mask = np.zeros(len(folded), dtype=bool)
    text = folded.text
    for name in step_names():
        start = text.find(name)
        while start >= 0:
            mask[start : start + len(name)] = True
            start = text.find(name, start + 1)
    return mask


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


@dataclass(frozen=True)
class KgramTable:
    """k-gram hash → number of sampled corpus documents containing it (only k-grams in ≥ 2)."""

    hashes: np.ndarray  # sorted uint64
    counts: np.ndarray  # int64
    sampled: int  # projects counted
    documents: int  # corpus projects when built

    @classmethod
    def empty(cls) -> KgramTable:
        return cls(np.zeros(0, np.uint64), np.zeros(0, np.int64), 0, 0)

    @classmethod
    def build(cls, projects: Iterable[list[str]], k: int, documents: int) -> KgramTable:
        """Count, per project (the union of its documents' k-grams), how many projects have each k-gram."""
        parts = []
        for texts in projects:
            hs = [kgram_hashes(fold_text(t).codes, k) for t in texts]
            parts.append(np.unique(np.concatenate(hs)) if hs else np.zeros(0, np.uint64))
        if not parts:
            return cls.empty()
        uniq, counts = np.unique(np.concatenate(parts), return_counts=True)
        keep = counts >= 2
        return cls(uniq[keep], counts[keep].astype(np.int64), len(parts), documents)

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        if not self.hashes.size or not hashes.size:
            return np.zeros(hashes.shape[0], np.int64)
        pos = np.minimum(np.searchsorted(self.hashes, hashes), self.hashes.size - 1)
        return np.where(self.hashes[pos] == hashes, self.counts[pos], 0)

    def save(self, path: Path) -> None:
        with atomic_open(path) as fh:
            np.savez(fh, hashes=self.hashes, counts=self.counts, info=np.array([self.sampled, self.documents]))

    @classmethod
    def load(cls, path: Path) -> KgramTable:
        with np.load(path) as z:
            info = z["info"]
            return cls(z["hashes"], z["counts"], int(info[0]), int(info[1]))


@dataclass(frozen=True)
class BatchCounts:
    """How many of the other submissions of a batch hold each fingerprint key and each k-gram of one
    submission: what `TemplateFilter.exclude` counts from the other documents themselves, given as
    counts instead (a Spark job counts them with one aggregation over the batch, `service.spark`).
    Keys and k-grams absent from `keys`/`kgrams` are held by no other submission."""

    size: int  # other submissions in the batch
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))  # sorted uint32 index keys
    key_docs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    kgrams: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))  # sorted k-gram hashes
    kgram_docs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @staticmethod
    def _lookup(table: np.ndarray, counts: np.ndarray, values: np.ndarray) -> np.ndarray:
        if not table.size or not values.size:
            return np.zeros(values.shape[0], np.int64)
        pos = np.minimum(np.searchsorted(table, values), table.size - 1)
        return np.asarray(np.where(table[pos] == values, counts[pos], 0), dtype=np.int64)

    def key_counts(self, keys: np.ndarray) -> np.ndarray:
        return self._lookup(self.keys, self.key_docs, keys.astype(np.uint32))

    def kgram_counts(self, hashes: np.ndarray) -> np.ndarray:
        return self._lookup(self.kgrams, self.kgram_docs, hashes.astype(np.uint64))


class TemplateFilter:
    """Decides which characters of a submission are template text (see module doc)."""

    def __init__(
        self,
        postings: PostingsView | None,
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
        self.units = postings.doc_count if postings is not None else 0  # projects (set by the Screener)
        self._table: KgramTable | None = None
        self._batch_cache: tuple[tuple[int, ...], list[np.ndarray]] | None = None

    def use_table(self, table: KgramTable) -> None:
        self._table = table

    def table(self) -> KgramTable:
        return self._table or KgramTable.empty()

    def _batch_kgrams(self, batch_codes: list[np.ndarray]) -> list[np.ndarray]:
        """Unique k-gram hashes of each batch document (cached for the same batch)."""
        key = tuple(id(c) for c in batch_codes)
        if self._batch_cache is None or self._batch_cache[0] != key:
            k = self.params.kgram
            self._batch_cache = (key, [np.unique(kgram_hashes(c, k)) for c in batch_codes])
        return self._batch_cache[1]

    def kgram_counts(
        self, folded: FoldedText, batch_codes: list[np.ndarray], batch_counts: BatchCounts | None = None
    ) -> KgramCounts:
        """Every k-gram of `folded` with the projects of the corpus sample and the batch documents that
        contain it (counted from `batch_codes`, or given by `batch_counts`)."""
        k = self.params.kgram
        table = self.table()
        h = kgram_hashes(folded.codes, k)
        corpus = table.lookup(h) if h.size else np.zeros(0, np.int64)
        batch = np.zeros(h.shape[0], np.int64)
        if h.size and batch_counts is not None:
            batch += batch_counts.kgram_counts(h)
        elif h.size:
            for other in self._batch_kgrams(batch_codes):
                batch += np.isin(h, other)
        scale = table.documents / table.sampled if table.sampled else 1.0
        return KgramCounts(h, corpus, batch, scale, k)

    def kgram_mask(
        self,
        folded: FoldedText,
        batch_codes: list[np.ndarray],
        counts: KgramCounts | None = None,
        batch_size: int | None = None,
    ) -> np.ndarray:
        """Characters covered by k-grams found in ≥ min_share of the sampled corpus and batch documents
        (`batch_size`: the batch's other documents, when not all of them are in `batch_codes`)."""
        mask = np.zeros(len(folded), dtype=bool)
        docs = self.table().sampled + (len(batch_codes) if batch_size is None else batch_size)
        if docs < self.params.min_count:
            return mask
        c = counts or self.kgram_counts(folded, batch_codes)
        if not c.hashes.size:
            return mask
        # The share is judged on the sample plus the batch; the minimum count on the whole corpus.
        share_ok = (c.corpus + c.batch) >= self.params.min_share * docs
        count_ok = c.corpus * c.scale + c.batch >= self.params.min_count
        return covered_by(share_ok & count_ok, c.k, len(folded))

    def threshold(self, extra_docs: int = 0) -> int:
        docs = self.units + extra_docs
        return df_threshold(docs, self.params)

    def exclude(
        self,
        folded: FoldedText,
        fps: Fingerprints,
        *,
        batch_keys: list[np.ndarray] | None = None,
        batch_codes: list[np.ndarray] | None = None,
        batch_counts: BatchCounts | None = None,
    ) -> Exclusion:
        """Template positions of the submission. `batch_keys`: index keys of the other submissions;
        `batch_codes`: their folded code points (for the short-phrase table); or, instead of both,
        `batch_counts`: how many other submissions hold each key and k-gram (the same result)."""
        n = len(folded)
        batch_keys = batch_keys or []
        batch_size = batch_counts.size if batch_counts is not None else len(batch_keys)
        docs = self.units + batch_size
        keys = fps.index_keys()
        df = np.zeros(keys.shape[0], dtype=np.int64)
        if self.postings is not None and keys.size:
            df += self.postings.df(keys)
        if batch_counts is not None:
            df += batch_counts.key_counts(keys)
        for other in batch_keys if batch_counts is None else []:
            df += np.isin(keys, other)
        threshold = df_threshold(docs, self.params)
        frequent = (
            frequent_mask(fps, df, threshold, n, self.fp_params) if docs >= self.params.min_count else np.zeros(n, bool)
        )
        codes = (batch_codes or []) if batch_counts is None else []
        kgrams = self.kgram_counts(folded, codes, batch_counts)
        frequent |= self.kgram_mask(folded, codes, kgrams, batch_size if batch_counts is not None else None)
        steps = step_name_mask(folded) & ~frequent
        frequent |= steps
        organiser = self.organiser_mask(folded)
        reasons: list[str] = []
        if organiser.any():
            reasons.append(f"与{self.template_name}相同的文字（{int(organiser.sum())} 字）不计入复制")
        if steps.any():
            reasons.append(
                f"标准活动步骤名称（{int((steps & ~organiser).sum())} 字，如“选择课题”“制定对策”）不计入复制"
            )
        only_frequent = int((frequent & ~organiser & ~steps).sum())
        if only_frequent:
            reasons.append(
                f"在 {threshold} 篇以上（≥{self.params.min_share:.0%}）的历年及本批项目文档中都出现的通用文字"
                f"（{only_frequent} 字，如模板句、标准步骤说明、政策引文）不计入复制"
            )
        return Exclusion(frequent, organiser, self.params.min_share, docs, df=df, reasons=reasons, kgrams=kgrams)

    def organiser_mask(self, folded: FoldedText) -> np.ndarray:
        mask = np.zeros(len(folded), dtype=bool)
        if self._template is None or not len(folded):
            return mask
        for p in align_folded(folded, self._template, self.align):
            mask[p.a_start : p.a_end] = True
        return mask
