"""The submissions of one batch (横向), indexed once: which of them hold each fingerprint key and
each short-phrase k-gram.

Screening a batch of n submissions compares each with the n − 1 others. Asked of the others one by
one — how many hold each key and k-gram of the submission (template exclusion), which share enough
distinctive keys with it to be aligned (`Screener`) — that is O(n) work per submission and O(n²) per
batch (bench/results/batch.md: 27 CPU s a submission at 1,000 against 20 at 500). The index is built
once per batch (each member's distinct keys and k-grams, sorted together), and each submission's
questions are then binary searches over it: the answers are those of the one-by-one counting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.copy.fingerprint import Fingerprints, FoldedText, kgram_hashes
from index.copy.templates import BatchCounts


def _distinct_counts(parts: list[np.ndarray], dtype: type[np.generic]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values over `parts` (each already distinct) and how many parts hold each."""
    if not parts:
        return np.zeros(0, dtype), np.zeros(0, np.int64)
    values, counts = np.unique(np.concatenate(parts).astype(dtype, copy=False), return_counts=True)
    return values, counts.astype(np.int64)


def _lookup(table: np.ndarray, counts: np.ndarray, values: np.ndarray) -> np.ndarray:
    if not table.size or not values.size:
        return np.zeros(values.shape[0], np.int64)
    pos = np.minimum(np.searchsorted(table, values), table.size - 1)
    return np.asarray(np.where(table[pos] == values, counts[pos], 0), dtype=np.int64)


@dataclass(frozen=True)
class BatchIndex:
    """Every member's distinct index keys (with the members holding each) and k-grams (counted)."""

    size: int  # members
    pair_keys: np.ndarray  # uint32, sorted: one entry per (key, member holding it)
    pair_members: np.ndarray  # int32, the member of each entry of `pair_keys`
    keys: np.ndarray  # uint32, sorted distinct keys
    key_docs: np.ndarray  # int64: members holding each key
    kgrams: np.ndarray  # uint64, sorted distinct k-gram hashes
    kgram_docs: np.ndarray  # int64: members holding each k-gram

    @classmethod
    def build(cls, members: Sequence[tuple[FoldedText, Fingerprints]], k: int) -> BatchIndex:
        """The index of `members` (folded text and fingerprints of each, in member order); `k`: the
        k-gram length of the short-phrase table (`TemplateParams.kgram`)."""
        key_parts = [np.unique(fps.index_keys()) for _, fps in members]
        owners = np.repeat(np.arange(len(members), dtype=np.int32), [p.size for p in key_parts])
        flat = np.concatenate(key_parts) if key_parts else np.zeros(0, np.uint32)
        order = np.argsort(flat, kind="stable")
        keys, key_docs = _distinct_counts(key_parts, np.uint32)
        kgrams, kgram_docs = _distinct_counts([np.unique(kgram_hashes(fa.codes, k)) for fa, _ in members], np.uint64)
        return cls(len(members), flat[order], owners[order], keys, key_docs, kgrams, kgram_docs)

    def counts(self, keys: np.ndarray, kgrams: np.ndarray) -> BatchCounts:
        """How many members other than the one asking hold each of its `keys` and `kgrams` (all of them
        its own, so it is one of the holders): `BatchCounts` over the batch without it."""
        uk = np.unique(keys.astype(np.uint32))
        ug = np.unique(kgrams.astype(np.uint64))
        return BatchCounts(
            size=self.size - 1,
            keys=uk,
            key_docs=np.maximum(_lookup(self.keys, self.key_docs, uk) - 1, 0),
            kgrams=ug,
            kgram_docs=np.maximum(_lookup(self.kgrams, self.kgram_docs, ug) - 1, 0),
        )

    def shared(self, keys: np.ndarray) -> np.ndarray:
        """Per member, how many of the distinct `keys` it holds."""
        uk = np.unique(keys.astype(np.uint32))
        lo = np.searchsorted(self.pair_keys, uk, side="left")
        hi = np.searchsorted(self.pair_keys, uk, side="right")
        lengths = hi - lo
        if not lengths.sum():
            return np.zeros(self.size, np.int64)
        # the entries [lo, hi) of every key, concatenated
        starts = np.repeat(lo - np.cumsum(lengths) + lengths, lengths)
        entries = starts + np.arange(int(lengths.sum()))
        return np.bincount(self.pair_members[entries], minlength=self.size)
