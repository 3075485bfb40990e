"""What executors compute for `qcscreen spark screen`: reading and checking each submission, its
features for the joins, and its comparison — all with the single-machine functions
(`service.pipeline.read_and_check`, `index.similar.Screener` through `service.pipeline.compare_submission`,
`index.same_project.neardup.NearDupDetector`) over the slice of the corpus and of the batch the joins
brought together (`CorpusSlice`, `BatchCounts`, the candidate documents). No Spark here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.copy.fingerprint import FingerprintParams, fingerprint, fold_text, kgram_hashes
from index.copy.templates import BatchCounts, KgramTable
from index.embed import Encoder, load_encoder
from index.same_project.minhash import shingle_hashes
from index.same_project.neardup import NearDupDetector, NearDupParams, essence_of
from index.similar import Screener, ScreenParams
from index.store import ProjectMeta, StoredDocument
from ingest.model import Document
from ingest.options import ReadOptions

from .. import stages
from ..batch_state import SubmissionState
from ..discover import Submission
from ..pipeline import BatchConfig, compare_submission, read_and_check
from ..results import StoredDocuments, SubmissionResult
from ..submission import Silent
from .corpus_rows import band_hasher, signed64
from .corpus_slice import CorpusSlice


@dataclass(frozen=True)
class ScreenConfig:
    """Everything an executor needs (pickled with the tasks; executors read no driver settings)."""

    year: int
    fingerprint: FingerprintParams
    neardup: NearDupParams
    read_options: ReadOptions = field(default_factory=ReadOptions)
    rubric: str | None = None
    encoder: str | None = "e5-small"
    cache_dir: str | None = None
    template_file: str | None = None
    screen: ScreenParams = field(default_factory=ScreenParams)


@dataclass(frozen=True)
class Label:
    """A batch submission as a source is labelled (`pipeline.BatchLabel`)."""

    display_title: str | None
    company: str | None


def executor_encoder(config: ScreenConfig) -> Encoder | None:
    return None if config.encoder is None else load_encoder(config.encoder, config.cache_dir)


def check_submission(index: int, sub: Submission, config: ScreenConfig) -> tuple[int, SubmissionState, StoredDocuments]:
    """Read and check one submission (`pipeline.read_and_check`: each file isolated)."""
    hashes = {str(p): stages.file_sha256(p) for p in sub.files}
    batch = BatchConfig(year=config.year, db=Path(), read_options=config.read_options, rubric=config.rubric)
    state, docs = read_and_check(sub, hashes, batch, Silent())
    return index, state, docs


def submission_features(doc: Document, config: ScreenConfig) -> dict[str, Any]:
    """What the joins need of one main document: its distinct fingerprint index keys, its distinct
    short-phrase k-grams, its essence vectors and its LSH band keys."""
    folded = fold_text(doc.text)
    keys = np.unique(fingerprint(folded, config.fingerprint).index_keys())
    kgrams = np.unique(kgram_hashes(folded.codes, config.screen.template.kgram))
    out: dict[str, Any] = {"keys": [int(k) for k in keys], "kgrams": signed64(kgrams), "vectors": None, "bands": None}
    encoder = executor_encoder(config)
    if encoder is not None:
        detector = NearDupDetector(encoder, config.neardup)
        out["vectors"] = {p: np.asarray(v, np.float32) for p, v in detector.encode_parts(essence_of(doc)).items()}
    hashes = shingle_hashes(doc.text, config.neardup.minhash)
    index = band_hasher(config.neardup.minhash)
    sig = index.query_signature(hashes)
    if sig is not None:
        out["bands"] = signed64(index.band_hashes(sig))
    return out


@functools.lru_cache(maxsize=2)
def corpus_metas(corpus_dir: str) -> dict[str, ProjectMeta]:
    """Every accepted corpus project's metadata, in `seq` order (the store's insertion order), read
    once per Python worker from the build's Parquet (project id, meta and accepted columns only:
    no text is read). What the eligibility rules and the company-name index need of the whole corpus."""
    from .corpus_import import iter_rows

    return {
        str(r["project_id"]): ProjectMeta.model_validate({**r["meta"], "project_id": r["project_id"]})
        for r in iter_rows(Path(corpus_dir) / "projects", ["project_id", "meta", "accepted"])
        if r["accepted"]
    }


def batch_counts(size: int, keys: list[tuple[int, int]], kgrams: list[tuple[int, int]]) -> BatchCounts:
    """`BatchCounts` from (key, other submissions) and (signed k-gram hash, other submissions) pairs."""
    k = sorted(keys)
    g = sorted((int(np.int64(h).view(np.uint64)), c) for h, c in kgrams)
    return BatchCounts(
        size=size,
        keys=np.array([x for x, _ in k], dtype=np.uint32),
        key_docs=np.array([c for _, c in k], dtype=np.int64),
        kgrams=np.array([x for x, _ in g], dtype=np.uint64),
        kgram_docs=np.array([c for _, c in g], dtype=np.int64),
    )


def stored_document(row: dict[str, Any]) -> StoredDocument:
    """A corpus document as `CorpusStore.get_documents` returns it, from its Parquet row."""
    return StoredDocument(
        num=int(row["num"]),
        doc_id=row["doc_id"],
        project_id=row["project_id"],
        filename=row["filename"],
        format=row["format"],
        title=row["title"],
        pages=int(row["pages"]),
        text=row["text"],
        page_starts=np.asarray(row["page_starts"], np.int64),
        page_numbers=np.asarray(row["page_numbers"], np.int64),
    )


def neardup_detector(encoder: Encoder, params: NearDupParams, projects: list[dict[str, Any]]) -> NearDupDetector:
    """A near-duplicate index of the submission's candidate projects (global dense neighbours and LSH
    hits), added in corpus order: its answers for the submission are the whole index's."""
    detector = NearDupDetector(encoder, params)
    items = [
        (
            p["project_id"],
            {part: np.asarray(v, np.float32) for part, v in dict(p["vectors"] or []).items()},
            p["main_text"],
        )
        for p in sorted(projects, key=lambda p: int(p["seq"]))
    ]
    detector.add_encoded(items)
    return detector


class ExecutorScreener:
    """One per task: the Screener over a `CorpusSlice` (the corpus metadata and the template table
    broadcast once), reloaded for each submission."""

    def __init__(
        self, config: ScreenConfig, corpus: dict[str, Any], metas: dict[str, ProjectMeta], table: KgramTable
    ) -> None:
        self.config = config
        self.encoder = executor_encoder(config)
        self.slice = CorpusSlice(config.fingerprint, int(corpus["documents"]), int(corpus["projects"]), metas)
        self.with_neardup = corpus.get("model_id") is not None
        self.table = table
        self.sim = stages.Similarity(
            Path(), encoder=self.encoder, template_file=self._template_path(), make=self._screener
        )

    def _template_path(self) -> Path | None:
        return Path(self.config.template_file) if self.config.template_file else None

    def _screener(self, encoder: Encoder | None) -> Screener:
        return Screener(
            Path(),
            encoder=encoder,
            template_file=self._template_path(),
            params=self.config.screen,
            store=self.slice,
            template_table=self.table,
        )

    def candidates(self, doc: Document, counts: BatchCounts) -> tuple[list[int], list[int]]:
        """(corpus document numbers to align, distinctive keys a batch submission must share)."""
        nums, keys = self.sim.screener().candidates(doc, counts)
        return nums, [int(k) for k in keys]

    def compare(
        self,
        result: SubmissionResult,
        doc: Document,
        others: dict[str, Document],
        metas: dict[str, ProjectMeta],
        labels: dict[str, Label],
        counts: BatchCounts,
        neardup: list[dict[str, Any]],
    ) -> SubmissionResult:
        screener = self.sim.screener()
        if self.encoder is not None and self.with_neardup:
            screener.neardup = neardup_detector(self.encoder, self.config.neardup, neardup)
        return compare_submission(result, doc, self.sim, others, metas, labels, counts)
