"""Inverted index: fingerprint key → documents, compact on disk next to the SQLite corpus.

Layout of the index folder (all written atomically, replaced as a whole):

* `postings.lo.npy` (uint16) + `postings.doc.npy` (uint32) — one entry per (fingerprint, document),
  sorted by key, where `key` is the upper 32 bits of the 64-bit winnowing hash and `doc` the
  document's row number in the corpus; `postings.bucket.npy` (65,537 offsets) says where the keys
  with each value of the upper 16 bits start, so only the lower 16 bits are stored: 6 bytes a posting,
  memory-mapped on load.
* `postings.delta.npy` — recent additions as `key << 32 | doc` (uint64), merged into main when it grows.
* `postings.docs.npy` — the document numbers indexed (the corpus checks itself against it on open).
* `postings.json` — format version, fingerprint parameters, removed (tombstoned) documents.

Positions are not stored: the candidate stage only needs which documents share fingerprints (and how
many); the alignment stage fingerprints the few candidate texts again, with positions. A 32-bit key
collision can only add a candidate, never a passage — alignment compares the characters.

An index built with other parameters is refused on load (`IndexParamsError`, Chinese message).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import numpy as np

from index.copy.fingerprint import FingerprintParams
from ingest.fileio import atomic_open, atomic_write_text

FORMAT_VERSION = 2
_BUCKETS = 1 << 16
_LOW32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


class PostingsView(Protocol):
    """What the screening stages ask of the postings (`PostingsIndex`, or the slice of it a Spark
    executor holds for one submission, `service.spark`)."""

    params: FingerprintParams

    @property
    def doc_count(self) -> int: ...

    def df(self, keys: np.ndarray) -> np.ndarray: ...

    def query(self, keys: np.ndarray, *, max_df: int | None = None) -> tuple[np.ndarray, np.ndarray]: ...


class IndexParamsError(ValueError):
    """The on-disk index was built with other parameters (or another format) than requested."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _pack(keys: np.ndarray, doc_num: int) -> np.ndarray:
    return (keys.astype(np.uint64) << _SHIFT) | np.uint64(doc_num)


def _ranges(packed: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    k = keys.astype(np.uint64) << _SHIFT
    left = np.searchsorted(packed, k, side="left")
    right = np.searchsorted(packed, k | _LOW32, side="right")
    return left, right


def _gather(packed: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    lens = right - left
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.uint64)
    starts = np.repeat(left - np.concatenate(([0], np.cumsum(lens)[:-1])), lens)
    return np.asarray(packed[starts + np.arange(total)])


def _save_npy(path: Path, arr: np.ndarray) -> None:
    with atomic_open(path) as fh:
        np.save(fh, arr)


class _Main:
    """The compacted postings: bucketed by the key's upper 16 bits, lower 16 bits + doc stored."""

    def __init__(self, lo: np.ndarray, doc: np.ndarray, bucket: np.ndarray) -> None:
        self.lo, self.doc, self.bucket = lo, doc, bucket

    @classmethod
    def empty(cls) -> _Main:
        return cls(np.zeros(0, np.uint16), np.zeros(0, np.uint32), np.zeros(_BUCKETS + 1, np.int64))

    @classmethod
    def from_packed(cls, packed: np.ndarray) -> _Main:
        """From a sorted `key << 32 | doc` array."""
        keys = (packed >> _SHIFT).astype(np.uint32)
        hi = (keys >> np.uint32(16)).astype(np.int64)
        bucket = np.zeros(_BUCKETS + 1, np.int64)
        bucket[1:] = np.cumsum(np.bincount(hi, minlength=_BUCKETS))
        return cls((keys & np.uint32(0xFFFF)).astype(np.uint16), (packed & _LOW32).astype(np.uint32), bucket)

    def packed(self) -> np.ndarray:
        hi = np.repeat(np.arange(_BUCKETS, dtype=np.uint64), np.diff(self.bucket))
        keys = (hi << np.uint64(16)) | np.asarray(self.lo).astype(np.uint64)
        return (keys << _SHIFT) | np.asarray(self.doc).astype(np.uint64)

    def __len__(self) -> int:
        return int(self.lo.shape[0])

    def ranges(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """[left, right) of each key (uint32) in the arrays: a binary search inside each key's bucket,
        all keys at once (the positions `np.searchsorted` gives on each bucket's slice)."""
        if not len(self) or not keys.shape[0]:
            return np.zeros(keys.shape[0], np.int64), np.zeros(keys.shape[0], np.int64)
        his = (keys >> np.uint32(16)).astype(np.int64)
        los = (keys & np.uint32(0xFFFF)).astype(np.uint16)
        starts, ends = self.bucket[his], self.bucket[his + 1]
        lo, empty = np.asarray(self.lo), starts == ends  # [0, 0) for a key whose bucket is empty
        left = _bucket_search(lo, starts, ends, los, right=False)
        right = _bucket_search(lo, starts, ends, los, right=True)
        left[empty] = 0
        right[empty] = 0
        return left, right


def _bucket_search(
    values: np.ndarray, starts: np.ndarray, ends: np.ndarray, wanted: np.ndarray, *, right: bool
) -> np.ndarray:
    """For each n, where `wanted[n]` goes in the sorted slice `values[starts[n]:ends[n]]` (the leftmost
    place, or the rightmost with `right`), as an index into `values`: a vectorised binary search."""
    low, high = starts.copy(), ends.copy()
    open_ = np.flatnonzero(low < high)
    while open_.size:
        mid = (low[open_] + high[open_]) // 2
        at = values[mid]
        go_right = at <= wanted[open_] if right else at < wanted[open_]
        low[open_] = np.where(go_right, mid + 1, low[open_])
        high[open_] = np.where(go_right, high[open_], mid)
        open_ = open_[low[open_] < high[open_]]
    return low


class PostingsIndex:
    """Fingerprint key → documents. Verbs: add / remove / query / df / save / load."""

    def __init__(self, params: FingerprintParams | None = None) -> None:
        self.params = params or FingerprintParams()
        self._main = _Main.empty()
        self._delta_parts: list[np.ndarray] = []
        self._delta: np.ndarray | None = np.zeros(0, dtype=np.uint64)
        self._docs: set[int] = set()
        self._removed: set[int] = set()
        self._main_dirty = False

    # -- building -------------------------------------------------------------------------------

    def add(self, doc_num: int, keys: np.ndarray) -> None:
        """Index one document's fingerprint keys (uint32). Document numbers are never reused."""
        if doc_num in self._docs or doc_num in self._removed:
            raise ValueError(f"document number {doc_num} is already in the index")
        self._docs.add(doc_num)
        self._delta_parts.append(_pack(np.unique(keys.astype(np.uint32)), doc_num))
        self._delta = None

    def remove(self, doc_nums: Iterable[int]) -> None:
        """Forget documents (tombstoned at once, dropped from the arrays at the next compaction)."""
        for n in doc_nums:
            if n in self._docs:
                self._docs.discard(n)
                self._removed.add(n)

    @property
    def doc_nums(self) -> set[int]:
        return set(self._docs)

    @property
    def doc_count(self) -> int:
        return len(self._docs)

    def __len__(self) -> int:
        return len(self._main) + int(self._delta_array().shape[0])

    def _delta_array(self) -> np.ndarray:
        if self._delta is None:
            self._delta = np.sort(np.concatenate(self._delta_parts)) if self._delta_parts else np.zeros(0, np.uint64)
            self._delta_parts = [self._delta] if self._delta.size else []
        return self._delta

    def compact(self) -> None:
        """Merge the delta into main and drop tombstoned documents."""
        delta = self._delta_array()
        if not delta.size and not self._removed:
            return
        merged = np.concatenate([self._main.packed(), delta])
        if self._removed:
            gone = np.fromiter(self._removed, dtype=np.uint64)
            merged = merged[~np.isin(merged & _LOW32, gone)]
            self._removed.clear()
        merged.sort()
        self._main = _Main.from_packed(merged)
        self._delta_parts = []
        self._delta = np.zeros(0, dtype=np.uint64)
        self._main_dirty = True

    # -- querying -------------------------------------------------------------------------------

    def df(self, keys: np.ndarray) -> np.ndarray:
        """Number of indexed documents containing each key (tombstoned ones may still count until
        the next compaction; `save` compacts when there are any)."""
        keys = keys.astype(np.uint32)
        left, right = self._main.ranges(keys)
        out = (right - left).astype(np.int64)
        delta = self._delta_array()
        if delta.shape[0]:
            dl, dr = _ranges(delta, keys)
            out += dr - dl
        return np.asarray(out)

    def query(self, keys: np.ndarray, *, max_df: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Documents sharing keys with the query: (doc_nums, number of distinct shared keys), by
        count descending. Keys present in more than `max_df` documents (template text) are skipped."""
        keys = np.unique(keys.astype(np.uint32))
        if max_df is not None and keys.size:
            keys = keys[self.df(keys) <= max_df]
        found: list[np.ndarray] = []
        if len(self._main) and keys.size:
            left, right = self._main.ranges(keys)
            found.append(_gather(np.asarray(self._main.doc), left, right).astype(np.int64))
        delta = self._delta_array()
        if delta.shape[0] and keys.size:
            left, right = _ranges(delta, keys)
            found.append((_gather(delta, left, right) & _LOW32).astype(np.int64))
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        docs = np.concatenate(found)
        if self._removed and docs.size:
            docs = docs[~np.isin(docs, np.fromiter(self._removed, dtype=np.int64))]
        nums, counts = np.unique(docs, return_counts=True)
        order = np.lexsort((nums, -counts))
        return nums[order], counts[order]

    # -- persistence ----------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        delta = self._delta_array()
        if self._removed or delta.shape[0] > max(2_000_000, len(self._main) // 8):
            self.compact()
            delta = self._delta_array()
        if self._main_dirty or not (d / "postings.lo.npy").exists():
            _save_npy(d / "postings.lo.npy", np.asarray(self._main.lo))
            _save_npy(d / "postings.doc.npy", np.asarray(self._main.doc))
            _save_npy(d / "postings.bucket.npy", np.asarray(self._main.bucket))
            self._main_dirty = False
        _save_npy(d / "postings.delta.npy", delta)
        _save_npy(d / "postings.docs.npy", np.array(sorted(self._docs), dtype=np.int64))
        meta = {
            "format": FORMAT_VERSION,
            "params": self.params.model_dump(),
            "removed": sorted(self._removed),
        }
        atomic_write_text(d / "postings.json", json.dumps(meta, ensure_ascii=False))

    @classmethod
    def exists(cls, directory: str | Path) -> bool:
        return (Path(directory) / "postings.json").exists()

    @classmethod
    def load(
        cls, directory: str | Path, params: FingerprintParams | None = None, *, mmap: bool = True
    ) -> PostingsIndex:
        """Load a saved index. With `params`, refuse an index built with other parameters."""
        d = Path(directory)
        meta = json.loads((d / "postings.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise IndexParamsError(
                f"指纹索引格式版本为 {meta.get('format')}，本程序需要版本 {FORMAT_VERSION}；请删除 {d.name} 文件夹后重新打开语料库以重建索引。"
            )
        saved = FingerprintParams(**meta["params"])
        if params is not None and saved != params:
            raise IndexParamsError(
                f"指纹索引是用其他参数建立的（已保存：k={saved.k}, w={saved.w}；请求：k={params.k}, w={params.w}），"
                "不能混用。请使用相同参数，或用新参数重建索引。"
            )
        idx = cls(saved)
        if mmap:
            lo, doc = np.load(d / "postings.lo.npy", mmap_mode="r"), np.load(d / "postings.doc.npy", mmap_mode="r")
        else:
            lo, doc = np.load(d / "postings.lo.npy"), np.load(d / "postings.doc.npy")
        idx._main = _Main(
            lo,
            doc,
            np.load(d / "postings.bucket.npy"),
        )
        delta = np.load(d / "postings.delta.npy")
        idx._delta = delta
        idx._delta_parts = [delta] if delta.size else []
        idx._docs = {int(x) for x in np.load(d / "postings.docs.npy")}
        idx._removed = {int(x) for x in meta.get("removed", [])}
        return idx
