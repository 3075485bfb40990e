"""Character n-gram fingerprints on folded text (winnowing, Schleimer, Wilkerson & Aiken 2003).

Text is folded first (`nlp.normalize.fold`: NFKC, width, traditional → simplified, punctuation and
whitespace dropped), so a copy that only changes punctuation, spacing or script still matches. Every
k-gram of folded characters gets a 64-bit hash (a polynomial over code points, then the splitmix64
finaliser so nearby k-grams spread over the whole range); winnowing keeps, in every window of `w`
consecutive k-gram hashes, the rightmost minimum. Guarantee: any shared run of at least
`t = w + k - 1` folded characters shares at least one fingerprint; runs shorter than `k` never do.

Folding here is a vectorised equivalent of `nlp.normalize.fold` (a per-code-point lookup table for the
Basic Multilingual Plane, built once from `fold` itself); texts with characters whose fold is not one
character (e.g. '㎡' → 'm2') or outside the BMP take the reference path. Both give the same result.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from nlp.normalize import fold

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_BASE = np.uint64(0x100000001B3)  # FNV-64 prime as polynomial base (odd, so invertible mod 2**64)
_NO_FOLD = -1  # dropped (punctuation, whitespace, symbols)
_MULTI = -2  # folds to several characters: use the reference path
_UNSEEN = -3  # not folded yet: the table is filled in as texts bring characters (a process meets a few
# thousand of the 63k, so `qcscreen compare` does not pay 0.23 CPU s folding all of them; issue 16)

_table = np.full(0x10000, _UNSEEN, dtype=np.int32)
_table_lock = threading.Lock()


class FingerprintParams(BaseModel):
    """Parameters saved with every index and checked on load."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    k: int = Field(default=8, ge=2, le=64)  # noise threshold: k-gram length in folded characters
    # Winnowing window (in k-grams). 24: guarantee 31 folded characters, ~2/25 of the positions kept
    # (≈ 6 B a fingerprint in the postings). Chosen with bench/similarity.py (`window=` rows): w = 12,
    # 24 and 32 give the same recall on the example corpus (every planted passage found), w = 48 loses
    # passages; 24 halves the postings of 12 (issue 5: ≤ 20 KB per project). Alignment does not use
    # these fingerprints (it seeds on every k-gram of the candidate texts), only candidate selection
    # and template detection do. A corpus keeps the parameters it was built with.
    w: int = Field(default=24, ge=1, le=256)

    @property
    def guarantee(self) -> int:
        """Any shared run of at least this many folded characters shares a fingerprint."""
        return self.w + self.k - 1


@dataclass(frozen=True)
class FoldedText:
    """Folded code points and, for each, the offset of the original character it came from."""

    codes: np.ndarray  # uint32 code points of the folded text
    origin: np.ndarray  # int64 offsets into the original text
    source_len: int

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    @property
    def text(self) -> str:
        return self.codes.astype("<u4").tobytes().decode("utf-32-le")

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Folded span [start, end) → original span [s, e) (end-exclusive)."""
        if start >= end:
            o = int(self.origin[start]) if start < len(self.origin) else self.source_len
            return o, o
        return int(self.origin[start]), int(self.origin[end - 1]) + 1


def _fold_code(cp: int) -> int:
    """The table's entry for BMP code point `cp`: its one folded character, _NO_FOLD or _MULTI."""
    if 0xD800 <= cp <= 0xDFFF:
        return _NO_FOLD
    f = fold(chr(cp)).text
    if len(f) == 1:
        return ord(f)
    return _MULTI if f else _NO_FOLD


def _folded_codes(raw: np.ndarray) -> np.ndarray:
    """The table's entries for the BMP code points `raw`, folding first those it has not met yet."""
    mapped: np.ndarray = _table[raw]
    unseen = raw[mapped == _UNSEEN]
    if unseen.size:
        with _table_lock:
            for cp in np.unique(unseen).tolist():
                _table[cp] = _fold_code(cp)
        mapped = _table[raw]
    return mapped


def fold_text(text: str) -> FoldedText:
    """Fold `text` for matching, keeping the map back to original offsets (same as `nlp.normalize.fold`)."""
    raw = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    if raw.size and int(raw.max()) < 0x10000:
        mapped = _folded_codes(raw)
        if not (mapped == _MULTI).any():
            keep = np.nonzero(mapped >= 0)[0]
            return FoldedText(mapped[keep].astype(np.uint32), keep.astype(np.int64), len(text))
    ref = fold(text)
    codes = np.frombuffer(ref.text.encode("utf-32-le"), dtype="<u4").astype(np.uint32)
    return FoldedText(codes, np.asarray(ref.origin, dtype=np.int64), len(text))


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a bijection on 64-bit integers with good avalanche."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return x


def kgram_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """64-bit hash of every k-gram of `codes` (len(codes) - k + 1 values; empty when shorter than k)."""
    n = int(codes.shape[0]) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    c = codes.astype(np.uint64) + np.uint64(1)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _BASE + c[j : j + n]
    return _mix64(h)


def winnow(hashes: np.ndarray, w: int) -> np.ndarray:
    """Positions (into `hashes`) of the winnowed fingerprints: the rightmost minimum of every window."""
    n = int(hashes.shape[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n <= w:
        rev = hashes[::-1]
        return np.array([n - 1 - int(np.argmin(rev))], dtype=np.int64)
    # The leftmost minimum of a window of the reversed array is the rightmost one of the original.
    rev = np.ascontiguousarray(hashes[::-1])
    windows = np.lib.stride_tricks.sliding_window_view(rev, w)
    pos = (n - 1 - (np.arange(windows.shape[0], dtype=np.int64) + np.argmin(windows, axis=1)))[::-1]
    keep = np.ones(pos.shape[0], dtype=bool)
    keep[1:] = pos[1:] != pos[:-1]
    return np.asarray(pos[keep])


@dataclass(frozen=True)
class Fingerprints:
    """Winnowed fingerprints of one text: hashes and their folded positions (k-gram starts)."""

    hashes: np.ndarray  # uint64
    positions: np.ndarray  # int64, folded offsets

    def index_keys(self) -> np.ndarray:
        """The 32-bit keys the inverted index stores (collisions are harmless: alignment verifies)."""
        return (self.hashes >> np.uint64(32)).astype(np.uint32)


def fingerprint(folded: FoldedText, params: FingerprintParams) -> Fingerprints:
    hashes = kgram_hashes(folded.codes, params.k)
    pos = winnow(hashes, params.w)
    return Fingerprints(hashes[pos], pos)


def fingerprint_text(text: str, params: FingerprintParams | None = None) -> Fingerprints:
    return fingerprint(fold_text(text), params or FingerprintParams())
