"""Inverted index: fingerprint key → documents, compact on disk next to the SQLite corpus.

Layout of the index folder (all written atomically, replaced as a whole):

* `postings.main.npy` — sorted uint64 array, one entry per (fingerprint, document):
  `key << 32 | doc_num`, where `key` is the upper 32 bits of the 64-bit winnowing hash and `doc_num`
  the document's row number in the corpus. 8 bytes a posting; memory-mapped on load.
* `postings.delta.npy` — recent additions, same encoding, merged into main when it grows.
* `postings.docs.npy` — the document numbers indexed (the corpus checks itself against it on open).
* `postings.json` — format version, fingerprint parameters, removed (tombstoned) documents.

Positions are not stored: the candidate stage only needs which documents share fingerprints (and how
many); the alignment stage fingerprints the few candidate texts again, with positions. A 32-bit key
collision can only add a candidate, never a passage — alignment compares the characters.

An index built with other parameters is refused on load (`IndexParamsError`, Chinese message).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .fingerprint import FingerprintParams

FORMAT_VERSION = 1
_LOW32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


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
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        np.save(fh, arr)
    os.replace(tmp, path)


class PostingsIndex:
    """Fingerprint key → documents. Verbs: add / remove / query / df / save / load."""

    def __init__(self, params: FingerprintParams | None = None) -> None:
        self.params = params or FingerprintParams()
        self._main: np.ndarray = np.zeros(0, dtype=np.uint64)
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
        return int(self._main.shape[0] + self._delta_array().shape[0])

    def _delta_array(self) -> np.ndarray:
        if self._delta is None:
            self._delta = np.sort(np.concatenate(self._delta_parts)) if self._delta_parts else np.zeros(0, np.uint64)
            self._delta_parts = [self._delta] if self._delta.size else []
        return self._delta

    def compact(self) -> None:
        """Merge the delta into main and drop tombstoned documents."""
        delta = self._delta_array()
        merged = np.concatenate([np.asarray(self._main), delta]) if delta.size else np.array(self._main)
        if self._removed:
            gone = np.fromiter(self._removed, dtype=np.uint64)
            merged = merged[~np.isin(merged & _LOW32, gone)]
            self._removed.clear()
        merged.sort(kind="stable")
        self._main = merged
        self._delta_parts = []
        self._delta = np.zeros(0, dtype=np.uint64)
        self._main_dirty = True

    # -- querying -------------------------------------------------------------------------------

    def df(self, keys: np.ndarray) -> np.ndarray:
        """Number of indexed documents containing each key (tombstoned ones may still count until
        the next compaction; `save` compacts when there are any)."""
        keys = keys.astype(np.uint32)
        out = np.zeros(keys.shape[0], dtype=np.int64)
        for arr in (self._main, self._delta_array()):
            if arr.shape[0]:
                left, right = _ranges(arr, keys)
                out += right - left
        return out

    def query(self, keys: np.ndarray, *, max_df: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Documents sharing keys with the query: (doc_nums, number of distinct shared keys), by
        count descending. Keys present in more than `max_df` documents (template text) are skipped."""
        keys = np.unique(keys.astype(np.uint32))
        found: list[np.ndarray] = []
        for arr in (self._main, self._delta_array()):
            if not arr.shape[0]:
                continue
            left, right = _ranges(arr, keys)
            if max_df is not None:
                ok = (right - left) <= max_df
                left, right = left[ok], right[ok]
            found.append(_gather(arr, left, right) & _LOW32)
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        docs = np.concatenate(found).astype(np.int64)
        if self._removed and docs.size:
            docs = docs[~np.isin(docs, np.fromiter(self._removed, dtype=np.int64))]
        nums, counts = np.unique(docs, return_counts=True)
        order = np.lexsort((nums, -counts))
        return nums[order], counts[order]

    def keys_with_df_at_least(self, min_df: int) -> np.ndarray:
        """All keys present in at least `min_df` documents (used for automatic template exclusion)."""
        arrs = [a for a in (self._main, self._delta_array()) if a.shape[0]]
        if not arrs or min_df <= 0:
            return np.zeros(0, dtype=np.uint32)
        keys = np.concatenate([(np.asarray(a) >> _SHIFT).astype(np.uint32) for a in arrs])
        uniq, counts = np.unique(keys, return_counts=True)
        return uniq[counts >= min_df]

    # -- persistence ----------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        delta = self._delta_array()
        if self._removed or delta.shape[0] > max(2_000_000, self._main.shape[0] // 8):
            self.compact()
            delta = self._delta_array()
        if self._main_dirty or not (d / "postings.main.npy").exists():
            _save_npy(d / "postings.main.npy", np.asarray(self._main))
            self._main_dirty = False
        _save_npy(d / "postings.delta.npy", delta)
        _save_npy(d / "postings.docs.npy", np.array(sorted(self._docs), dtype=np.int64))
        meta = {
            "format": FORMAT_VERSION,
            "params": self.params.model_dump(),
            "removed": sorted(self._removed),
        }
        tmp = d / "postings.json.tmp"
        tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, d / "postings.json")

    @classmethod
    def exists(cls, directory: str | Path) -> bool:
        return (Path(directory) / "postings.json").exists()

    @classmethod
    def saved_params(cls, directory: str | Path) -> FingerprintParams:
        meta = json.loads((Path(directory) / "postings.json").read_text(encoding="utf-8"))
        return FingerprintParams(**meta["params"])

    @classmethod
    def load(
        cls, directory: str | Path, params: FingerprintParams | None = None, *, mmap: bool = True
    ) -> PostingsIndex:
        """Load a saved index. With `params`, refuse an index built with other parameters."""
        d = Path(directory)
        meta = json.loads((d / "postings.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise IndexParamsError(
                f"指纹索引格式版本为 {meta.get('format')}，本程序需要版本 {FORMAT_VERSION}；请重建索引（corpus reindex）。"
            )
        saved = FingerprintParams(**meta["params"])
        if params is not None and saved != params:
            raise IndexParamsError(
                f"指纹索引是用其他参数建立的（已保存：k={saved.k}, w={saved.w}；请求：k={params.k}, w={params.w}），"
                "不能混用。请使用相同参数，或用新参数重建索引。"
            )
        idx = cls(saved)
        idx._main = np.load(d / "postings.main.npy", mmap_mode="r" if mmap else None)
        delta = np.load(d / "postings.delta.npy")
        idx._delta = delta
        idx._delta_parts = [delta] if delta.size else []
        idx._docs = {int(x) for x in np.load(d / "postings.docs.npy")}
        idx._removed = {int(x) for x in meta.get("removed", [])}
        return idx
