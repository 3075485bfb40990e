"""The part of the corpus one submission's screening reads, brought to an executor by joins.

`index.similar.Screener` reads the corpus through `CorpusView`: document frequencies of the
submission's fingerprint keys, the postings of its rare keys (those at most `rare_cap` documents hold:
the only ones the candidate stage looks up; frequent boilerplate keys are dropped by document frequency
before the join, as `Screener._query_keys` drops them), the candidate documents' texts, and every
project's metadata (eligibility and the company-name index). `CorpusSlice` holds exactly that for one
submission at a time; `load` replaces it before the next. Answers are the store's for the keys and
documents the slice holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.copy.fingerprint import FingerprintParams
from index.store import ProjectMeta, StoredDocument

# Where a Screener looks for the near-duplicate index: nothing is there; the executor gives the
# Screener a detector over the submission's candidate projects instead.
NO_INDEX_DIR = Path("/nonexistent/qcscreen-spark-slice")


@dataclass
class SlicePostings:
    """`PostingsView` over one submission's keys: corpus document frequencies, and the postings
    (key → document) of its rare keys."""

    params: FingerprintParams
    documents: int  # documents in the whole corpus
    df_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))  # sorted
    df_counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    post_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))
    post_docs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @property
    def doc_count(self) -> int:
        return self.documents

    def df(self, keys: np.ndarray) -> np.ndarray:
        keys = keys.astype(np.uint32)
        if not self.df_keys.size or not keys.size:
            return np.zeros(keys.shape[0], np.int64)
        pos = np.minimum(np.searchsorted(self.df_keys, keys), self.df_keys.size - 1)
        return np.asarray(np.where(self.df_keys[pos] == keys, self.df_counts[pos], 0), dtype=np.int64)

    def query(self, keys: np.ndarray, *, max_df: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """As `PostingsIndex.query` (documents by shared distinct keys, count descending, then number)."""
        keys = np.unique(keys.astype(np.uint32))
        if max_df is not None and keys.size:
            keys = keys[self.df(keys) <= max_df]
        docs = self.post_docs[np.isin(self.post_keys, keys)]
        if not docs.size:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        nums, counts = np.unique(docs, return_counts=True)
        order = np.lexsort((nums, -counts))
        return nums[order], counts[order]


class CorpusSlice:
    """`CorpusView` of one submission's part of the corpus (see the module docstring)."""

    def __init__(self, params: FingerprintParams, documents: int, projects: int, metas: dict[str, ProjectMeta]) -> None:
        self.params = params
        self.index_dir = NO_INDEX_DIR
        self._postings = SlicePostings(params, documents)
        self._projects = projects
        self._metas = metas
        self._owners: dict[int, str] = {}
        self._docs: dict[int, StoredDocument] = {}

    @property
    def postings(self) -> SlicePostings:
        return self._postings

    def load(
        self,
        df: list[tuple[int, int]],
        postings: list[tuple[int, int, str]],
        docs: Sequence[StoredDocument] = (),
    ) -> None:
        """The submission's (key, corpus df) pairs, rare postings (key, document number, project id)
        and candidate documents."""
        p = self._postings
        df_sorted = sorted(df)
        p.df_keys = np.array([k for k, _ in df_sorted], dtype=np.uint32)
        p.df_counts = np.array([c for _, c in df_sorted], dtype=np.int64)
        p.post_keys = np.array([k for k, _, _ in postings], dtype=np.uint32)
        p.post_docs = np.array([n for _, n, _ in postings], dtype=np.int64)
        self._owners = {n: pid for _, n, pid in postings}
        self._docs = {d.num: d for d in docs}

    def project_metas(self) -> dict[str, ProjectMeta]:
        return self._metas

    def count_projects(self) -> int:
        return self._projects

    def project_of(self, nums: list[int]) -> dict[int, str]:
        return {n: self._owners[n] for n in nums if n in self._owners}

    def get_documents(self, nums: list[int]) -> list[StoredDocument]:
        return [self._docs[n] for n in nums if n in self._docs]

    def project_text(self, project_id: str) -> str | None:
        return None  # the near-duplicate detector of the slice holds its candidates' texts itself

    def essences(self, project_ids: list[str]) -> dict[str, dict[str, str]]:
        return {}  # asked only when completing a near-duplicate index loaded from disk; a slice loads none

    def sample_project_texts(self, n: int) -> list[list[str]]:
        raise RuntimeError(
            "a corpus slice holds no sample: the Screener is given the template table built on the driver"
        )
