"""Seed-and-extend alignment of two folded texts into maximal copied passages.

1. Seeds: every k-gram (k = `AlignParams.seed`, folded characters) of A that also occurs in B, as
   (i, j) pairs; k-grams repeated more than `max_occurrences` times in B are ignored (boilerplate
   inside one document would otherwise explode the pairs).
2. Exact segments: seeds on the same diagonal (j - i) at consecutive positions form one exact match.
3. Chaining: segments sorted along A join the open passage whose end is within `gap` characters in
   both texts (an inserted, deleted or substituted run of up to `gap` characters). A moved sentence
   lands on another diagonal far away, so it becomes its own passage (sentence reordering).
4. Passages shorter than `min_len` folded characters (CNKI-like 13) are dropped; score = identical
   characters / passage length. Overlapping passages in A (A's text found twice in B) keep the best.

Offsets are mapped back to each document's `Document.text` through the fold map.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from index.copy.fingerprint import FoldedText, kgram_hashes


class AlignParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    seed: int = Field(default=6, ge=2, le=32)  # k-gram length of seeds (folded chars)
    gap: int = Field(default=12, ge=0)  # largest edit run bridged inside one passage
    min_len: int = Field(default=13, ge=1)  # shortest passage reported (folded chars)
    min_score: float = Field(default=0.7, ge=0.0, le=1.0)  # identical share below which a passage is noise
    # identical characters outside template text a passage needs to count at all: shared template
    # frames with different slot values ("未发现可直接使用的{X}，借鉴了…") are not copying
    min_own: int = Field(default=8, ge=0)
    verbatim: float = Field(default=0.9, ge=0.0, le=1.0)  # score of a verbatim (weak-evidence) passage
    min_weak_own: int = Field(default=3, ge=1)  # own characters a weak passage still needs
    # template runs inside a copied passage shorter than this are kept with it (the frame words of a
    # copied sentence are part of the copy); 0 cuts them all. bench/similarity.py compares both.
    max_interior: int = Field(default=30, ge=0)
    # such runs at a passage's edge are kept too when they lie in the sentence the copied words are in
    # (no full stop / line break between): a copied sentence is copied with its frame
    sentence_edges: bool = True
    max_occurrences: int = Field(default=32, ge=1)


@dataclass
class RawPassage:
    """A passage in folded coordinates: A [a_start, a_end) ↔ B [b_start, b_end)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    matched: int  # identical characters (union of exact segments along A)
    segments: list[tuple[int, int]] = field(default_factory=list)  # exact segments along A
    b_starts: list[int] = field(default_factory=list)  # where each exact segment starts in B

    @property
    def a_len(self) -> int:
        return self.a_end - self.a_start

    @property
    def score(self) -> float:
        return min(1.0, self.matched / max(self.a_len, self.b_end - self.b_start, 1))


@dataclass(frozen=True)
class SeedIndex:
    """A's seed hashes, sorted once so that many B texts can be aligned against A cheaply."""

    order: np.ndarray
    sorted_hashes: np.ndarray

    @classmethod
    def build(cls, folded: FoldedText, seed: int) -> SeedIndex:
        h = kgram_hashes(folded.codes, seed)
        order = np.argsort(h, kind="stable")
        return cls(order, h[order])


def seed_pairs(index_a: SeedIndex, hb: np.ndarray, max_occurrences: int) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) with A's k-gram i equal to B's k-gram j, skipping k-grams repeated more than
    `max_occurrences` times in A."""
    if not index_a.sorted_hashes.size or not hb.size:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    left = np.searchsorted(index_a.sorted_hashes, hb, side="left")
    right = np.searchsorted(index_a.sorted_hashes, hb, side="right")
    lens = right - left
    lens[lens > max_occurrences] = 0
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    j = np.repeat(np.arange(hb.shape[0], dtype=np.int64), lens)
    starts = np.repeat(left - np.concatenate(([0], np.cumsum(lens)[:-1])), lens)
    i = index_a.order[starts + np.arange(total)].astype(np.int64)
    return i, j


def exact_segments(i: np.ndarray, j: np.ndarray, k: int) -> np.ndarray:
    """Group seeds into exact segments: rows (a_start, a_end, b_start, b_end), sorted by a_start."""
    if not i.size:
        return np.zeros((0, 4), dtype=np.int64)
    d = j - i
    order = np.lexsort((i, d))
    i, d = i[order], d[order]
    brk = np.ones(i.shape[0], dtype=bool)
    brk[1:] = (d[1:] != d[:-1]) | (i[1:] != i[:-1] + 1)
    starts = np.nonzero(brk)[0]
    ends = np.concatenate((starts[1:], [i.shape[0]])) - 1
    a0, a1 = i[starts], i[ends] + k
    seg = np.stack((a0, a1, a0 + d[starts], a1 + d[starts]), axis=1)
    return seg[np.lexsort((-(seg[:, 1] - seg[:, 0]), seg[:, 0]))]


def prune_isolated(segments: np.ndarray, params: AlignParams, look: int = 16) -> np.ndarray:
    """Drop segments shorter than `min_len` with no other segment close by (within `gap` along A and
    on a nearby diagonal): they can never become a passage. Common short phrases produce many such
    chance matches; pruning them keeps the chaining loop small."""
    n = segments.shape[0]
    if n == 0:
        return segments
    a0, a1, b0 = segments[:, 0], segments[:, 1], segments[:, 2]
    d = b0 - a0
    keep = (a1 - a0) >= params.min_len
    reach = params.gap + params.seed
    for s in range(1, min(look, n - 1) + 1):
        close = (a0[s:] - a1[:-s] <= params.gap) & (np.abs(d[s:] - d[:-s]) <= reach)
        keep[s:] |= close
        keep[:-s] |= close
    return np.asarray(segments[keep])


def chain(segments: np.ndarray, params: AlignParams) -> list[RawPassage]:
    """Merge exact segments that follow each other in both texts (within `gap`) into passages."""
    k = params.seed
    open_: list[RawPassage] = []
    done: list[RawPassage] = []
    for a0, a1, b0, b1 in segments.tolist():
        still: list[RawPassage] = []
        for p in open_:
            (still if p.a_end >= a0 - params.gap else done).append(p)
        open_ = still
        best: RawPassage | None = None
        best_cost = 0
        for p in open_:
            ga, gb = a0 - p.a_end, b0 - p.b_end
            if -k <= ga <= params.gap and -k <= gb <= params.gap and b0 >= p.b_start:
                cost = max(ga, 0) + max(gb, 0) + abs(ga - gb)
                if best is None or cost < best_cost:
                    best, best_cost = p, cost
        if best is None:
            open_.append(RawPassage(a0, a1, b0, b1, a1 - a0, [(a0, a1)], [b0]))
        elif a1 > best.a_end:
            start = max(a0, best.a_end)
            best.matched += a1 - start
            best.segments.append((start, a1))
            best.b_starts.append(b0 + start - a0)
            best.a_end = a1
            best.b_end = max(best.b_end, b1)
    done.extend(open_)
    return done


def resolve_overlaps(passages: list[RawPassage]) -> list[RawPassage]:
    """Where passages overlap in A, keep the one with more identical characters (then the earlier)."""
    kept: list[RawPassage] = []
    covered = np.zeros(0, dtype=bool)
    if passages:
        covered = np.zeros(max(p.a_end for p in passages), dtype=bool)
    for p in sorted(passages, key=lambda p: (-p.matched, p.a_start, p.b_start)):
        seg = covered[p.a_start : p.a_end]
        if seg.size and seg.mean() >= 0.5:
            continue
        covered[p.a_start : p.a_end] = True
        kept.append(p)
    return sorted(kept, key=lambda p: (p.a_start, p.b_start))


def align_folded(
    a: FoldedText, b: FoldedText, params: AlignParams | None = None, *, index_a: SeedIndex | None = None
) -> list[RawPassage]:
    """Maximal copied passages between two folded texts (folded coordinates). `index_a`: A's seeds,
    prepared once when A is aligned with many texts."""
    params = params or AlignParams()
    index_a = index_a or SeedIndex.build(a, params.seed)
    hb = kgram_hashes(b.codes, params.seed)
    i, j = seed_pairs(index_a, hb, params.max_occurrences)
    passages = chain(prune_isolated(exact_segments(i, j, params.seed), params), params)
    passages = [p for p in passages if p.a_len >= params.min_len and p.matched >= params.min_len]
    passages = [p for p in passages if p.score >= params.min_score]
    return resolve_overlaps(passages)


def long_runs(mask: np.ndarray, min_run: int) -> np.ndarray:
    """Only the runs of `mask` at least `min_run` long (template sentences, not short frame words)."""
    out = np.zeros_like(mask)
    if not mask.any():
        return out
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    for s, e in zip(edges[::2], edges[1::2], strict=True):
        if e - s >= min_run:
            out[s:e] = True
    return out


SENTENCE_ENDS = "。！？；!?;\n\r\u2029"


def sentence_breaks(folded: FoldedText, text: str) -> np.ndarray:
    """`out[i]` is True when a sentence ends between folded characters i - 1 and i (a full stop,
    question or exclamation mark, semicolon or line break in the original text between them)."""
    n = len(folded)
    out = np.zeros(n, dtype=bool)
    if n < 2:
        return out
    ends = np.array([c in SENTENCE_ENDS for c in text], dtype=np.int64)
    before = np.concatenate(([0], np.cumsum(ends)))  # before[x] = sentence ends in text[:x]
    origin = folded.origin
    out[1:] = before[origin[1:]] > before[origin[:-1] + 1]
    return out


def interior_kept(local: np.ndarray, max_interior: int, breaks: np.ndarray | None = None) -> np.ndarray:
    """`local` (a passage's slice of a mask) without its interior runs shorter than `max_interior`:
    template words between copied words are part of the copied sentence; long template stretches
    inside are not. Template at the edges is not either — except, when `breaks` (the passage's slice
    of `sentence_breaks`) is given, a short edge run inside the same sentence as the copied words
    next to it (the frame of a copied sentence: "通过本次活动，小组成员掌握了{copied}的形成机理有了
    更深入的认识。")."""
    out = local.copy()
    n = local.shape[0]
    padded = np.concatenate(([False], local, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    for s, e in zip(edges[::2], edges[1::2], strict=True):
        if e - s >= max_interior or (s == 0 and e == n):
            continue
        if s > 0 and e < n:
            out[s:e] = False
        elif breaks is not None and not breaks[max(s, 1) : e + 1 if s == 0 else e].any():
            out[s:e] = False
    return out


def subtract_local(p: RawPassage, seg: np.ndarray, min_len: int, min_score: float = 0.0) -> list[RawPassage]:
    if not seg.any():
        return [p]
    pieces: list[RawPassage] = []
    free = np.concatenate(([False], ~seg, [False]))
    edges = np.flatnonzero(free[1:] != free[:-1])
    for s, e in zip(edges[::2], edges[1::2], strict=True):
        if e - s < min_len:
            continue
        a0, a1 = p.a_start + int(s), p.a_start + int(e)
        b0 = min(p.b_start + int(s), p.b_end)
        b1 = min(p.b_start + int(e), p.b_end)
        share = (a1 - a0) / max(p.a_len, 1)
        kept = [(s0, s1, bs) for (s0, s1), bs in zip(p.segments, p.b_starts, strict=True) if min(s1, a1) > max(s0, a0)]
        segs = [(max(s0, a0), min(s1, a1)) for s0, s1, _ in kept]
        b_starts = [bs + max(s0, a0) - s0 for s0, _s1, bs in kept]
        matched = sum(e1 - s1 for s1, e1 in segs) if segs else max(1, round(p.matched * share))
        piece = RawPassage(a0, a1, b0, max(b1, b0), matched, segs, b_starts)
        if matched >= min_len and piece.score >= min_score:
            pieces.append(piece)
    return pieces
