"""One passage per copied passage: the evidence of the aligners merged, bounded and labelled.

Three aligners find evidence between a submission A and a source B, each as fragments with text
offsets in both documents: characters (`index.copy.align`: verbatim and lightly edited runs), words
with synonyms (`index.copy.synonyms`) and sentences by meaning (`index.copy.paraphrase`). A reworked
passage comes back from them in pieces — a sentence moved, a word swapped, a clause rewritten — and a
reviewer (and the PAN measures: granularity) wants it once. So:

1. merge: fragments follow each other along A (gap ≤ `gap` characters) and land near each other in B
   (inside the part of B the passage covers so far, widened by `window` characters: sentences
   reordered within the passage stay in it, a phrase the source repeats far away does not drag the
   passage there) join one passage: its span in A and in B are the unions;
2. overlaps: a passage contained in (or mostly overlapping) a larger one along A is dropped;
   cut: a passage whose fragments cover under `min_cover` of its span in A or B (sentences matched in
   crossed order across a long stretch) falls apart into its fragments; one is cut where its fragments,
   in order in both texts, leave between them a line only one side has (a heading of its own, an
   inserted or left-out paragraph) or `imbalance` more characters on one side (`split_holes`);
3. snap: a passage's ends move to the boundaries of the sentences they lie in when the boundary is
   at most `snap` characters away, or when the passage covers half of that sentence on both sides
   (the aligners lose the words a reworked sentence changed at its edges; the reuse is the sentence);
4. filter: a passage needs — in its span, and in the text its fragments cover (gaps up to `bridge`
   characters included: a heading matched to a heading does not make a passage of the sentences
   after it), on both sides (a list of standards in one text matched to the same names scattered in
   the other is no copy) — `min_chars` folded characters (`min_chars_reworded` when less than
   `copied_share` of it is identical to the source: generic sentences of every report are easily
   reworded into each other; a piece of a cut passage next to a piece that passes needs `min_chars`)
   and `min_words` words of substance — what is left after dates,
   standard and document names, addresses, phone numbers and the boilerplate phrases of notices and
   QC reports (`boilerplate.yaml`, found in the whole document, so a passage ending inside a name
   still sees the name) are taken out; a list of dates or standard names shared by two
   same-topic texts is not a copy.

Each passage says which evidence made it: `exact` (all characters identical after folding),
`edited` (characters or words, some changed) or `paraphrase` (only the meaning matched); and which of
its characters differ from the other side (`a_changed`, `b_changed`: text spans), so a reviewer sees
the year and the words a reworked project changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from index.cache import LRUCache
from index.copy.align import RawPassage
from index.copy.fingerprint import FoldedText, fold_text
from index.pages import PagedDoc, page_label, pages_between
from index.report import Passage
from nlp.tokenize import words

EXACT, EDITED, PARAPHRASE = "exact", "edited", "paraphrase"
SENTENCE_ENDS = "。！？；!?;\n"


class MergeParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    gap: int = Field(default=60, ge=0)  # text characters between two fragments of one passage (A)
    window: int = Field(default=400, ge=0)  # how far from the passage's B span a fragment may land
    snap: int = Field(default=8, ge=0)  # folded characters to a sentence boundary that are taken in
    min_chars: int = Field(default=20, ge=1)  # folded characters of substance a passage needs
    # ... when less than `copied_share` of its characters are identical to the source (reworded, or only
    # its meaning matched): a reworded sentence of 20–30 characters ("通过本次活动，小组成员的…能力都有明显提高")
    # is what every report says; on eval/pan tune every such passage under 34 characters was unrelated
    # text, every true one had 43 or more
    min_chars_reworded: int = Field(default=40, ge=1)
    bridge: int = Field(default=20, ge=0)  # text between two fragments that still counts as evidence
    copied_share: float = Field(default=0.8, ge=0.0, le=1.0)  # identical share at which `min_chars` applies
    min_words: int = Field(default=5, ge=1)  # words of substance a passage needs
    overlap: float = Field(default=0.5, gt=0.0, le=1.0)  # share of the smaller passage that makes a duplicate
    # a line between two fragments with at least `hole_share` of its letters and digits outside them, and
    # no line on the other side sharing `same_line` of its character bigrams, ends a passage
    hole_share: float = Field(default=0.7, gt=0.0, le=1.0)
    same_line: float = Field(default=0.5, ge=0.0, le=1.0)
    # ... and so does a stretch between them holding `imbalance` more letters and digits on one side
    imbalance: int = Field(default=120, ge=0)
    # share of a passage's span (each side) its fragments must cover, or they are passages each on their own
    # (a few sentences of A matched across a long stretch of B, in crossed order, are not one reused passage)
    min_cover: float = Field(default=0.5, ge=0.0, le=1.0)


@dataclass
class Fragment:
    """Evidence of reuse between text spans A [a0, a1) and B [b0, b1) (text offsets)."""

    a0: int
    a1: int
    b0: int
    b1: int
    evidence: str  # exact | edited | paraphrase
    score: float
    same_a: list[tuple[int, int]] = field(default_factory=list)  # A text spans identical to B
    same_b: list[tuple[int, int]] = field(default_factory=list)  # B text spans identical to A

    @property
    def size(self) -> int:
        return self.a1 - self.a0


_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def same_figures(a: str, b: str, min_overlap: float = 0.5) -> bool:
    """The figures of two texts agree (Jaccard ≥ `min_overlap`), or one side has none. A reworked copy
    keeps most of its figures; a sentence frame filled with another project's values does not."""
    fa, fb = set(_FIGURE.findall(fold_text(a).text)), set(_FIGURE.findall(fold_text(b).text))
    if not fa or not fb:
        return True
    return len(fa & fb) / len(fa | fb) >= min_overlap


def mostly_in(f: Fragment, folded: FoldedText, mask: np.ndarray, share: float = 0.5) -> bool:
    """Whether at least `share` of the folded characters of A's side of `f` are in `mask`."""
    lo = int(np.searchsorted(folded.origin, f.a0, side="left"))
    hi = int(np.searchsorted(folded.origin, f.a1, side="left"))
    return hi <= lo or float(mask[lo:hi].mean()) >= share


def from_raw(p: RawPassage, fa: FoldedText, fb: FoldedText, verbatim: float = 0.999) -> Fragment:
    """A character-alignment passage (folded coordinates) as a fragment (text offsets)."""
    a0, a1 = fa.span_to_source(p.a_start, p.a_end)
    b0, b1 = fb.span_to_source(p.b_start, p.b_end)
    same_a = [fa.span_to_source(s, e) for s, e in p.segments]
    same_b = [fb.span_to_source(bs, bs + e - s) for (s, e), bs in zip(p.segments, p.b_starts, strict=True)]
    return Fragment(a0, a1, b0, b1, EXACT if p.score >= verbatim else EDITED, p.score, same_a, same_b)


def from_passage(p: Passage) -> Fragment:
    """A paraphrase passage (`index.copy.paraphrase`) as a fragment."""
    return Fragment(p.a_start, p.a_end, p.b_start, p.b_end, PARAPHRASE, p.score)


@dataclass
class _Cluster:
    parts: list[Fragment]
    a0: int
    a1: int
    b0: int
    b1: int

    def takes(self, f: Fragment, params: MergeParams) -> bool:
        if f.a0 - self.a1 > params.gap:
            return False
        return f.b0 <= self.b1 + params.window and f.b1 >= self.b0 - params.window

    def elsewhere(self, f: Fragment, params: MergeParams) -> bool:
        """`f` repeats A text the cluster already covers, matched outside the cluster's B span."""
        inside = min(f.a1, self.a1) - max(f.a0, self.a0)
        return inside >= params.overlap * max(f.size, 1) and (f.b1 <= self.b0 or f.b0 >= self.b1)

    def add(self, f: Fragment) -> None:
        self.parts.append(f)
        self.a0, self.a1 = min(self.a0, f.a0), max(self.a1, f.a1)
        self.b0, self.b1 = min(self.b0, f.b0), max(self.b1, f.b1)


def merge(fragments: list[Fragment], params: MergeParams) -> list[_Cluster]:
    """Fragments near each other in both texts as one cluster each (step 1 and 2)."""
    open_: list[_Cluster] = []
    done: list[_Cluster] = []
    for f in sorted(fragments, key=lambda f: (f.a0, -f.size)):
        still = [c for c in open_ if f.a0 - c.a1 <= params.gap]
        done.extend(c for c in open_ if f.a0 - c.a1 > params.gap)
        open_ = still
        home = next((c for c in reversed(open_) if c.takes(f, params)), None)
        if home is None:
            open_.append(_Cluster([f], f.a0, f.a1, f.b0, f.b1))
        elif home.elsewhere(f, params):
            continue  # the passage's own text found again in another place of B: no new evidence
        else:
            home.add(f)
    return _drop_duplicates(done + open_, params)


def _drop_duplicates(clusters: list[_Cluster], params: MergeParams) -> list[_Cluster]:
    """Keep the larger of two clusters overlapping along A by `overlap` of the smaller one."""
    kept: list[_Cluster] = []
    for c in sorted(clusters, key=lambda c: (-(c.a1 - c.a0), c.a0)):
        size = max(c.a1 - c.a0, 1)
        if any(min(c.a1, k.a1) - max(c.a0, k.a0) >= params.overlap * size for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: (c.a0, c.b0))


def _hole_lines(text: str, start: int, end: int, share: float) -> list[str]:
    """The lines of `text` that lie mostly (`share` of their letters and digits) inside [start, end),
    folded; lines of fewer than three such characters (blank lines, list numbers) are left out."""
    if end <= start:
        return []
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    out: list[str] = []
    pos = lo
    for line in text[lo:hi].split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        total = _alnum(text, s, e)
        if total >= 3 and _alnum(text, max(s, start), min(e, end)) >= share * total:
            out.append(fold_text(line).text)
    return out


def _bigram_dice(a: str, b: str) -> float:
    ga, gb = {a[i : i + 2] for i in range(len(a) - 1)}, {b[i : i + 2] for i in range(len(b) - 1)}
    return 2 * len(ga & gb) / max(len(ga) + len(gb), 1)


def _unmatched_line(lines: list[str], others: list[str], same: float) -> bool:
    """Whether one of `lines` has no line like it (`same`: bigram Dice) among `others`."""
    return any(all(_bigram_dice(x, y) < same for y in others) for x in lines)


def split_holes(c: _Cluster, a_text: str, b_text: str, params: MergeParams) -> list[_Cluster]:
    """`c` cut where its fragments, in order in both texts, leave a line between them that only one
    side has (a paragraph inserted into the copy, a paragraph of the source left out, a heading of one
    side's own), or `imbalance` more characters on one side than on the other: two reused paragraphs
    with text of one side's own between them are two passages (a reordered or reworded passage keeps
    its lines: each has a like line on the other side, and what one side lost the other lost too)."""
    parts = sorted(c.parts, key=lambda f: (f.a0, f.b0))
    pre_a = np.maximum.accumulate([f.a1 for f in parts])
    pre_b = np.maximum.accumulate([f.b1 for f in parts])
    suf_a = np.minimum.accumulate([f.a0 for f in parts][::-1])[::-1]
    suf_b = np.minimum.accumulate([f.b0 for f in parts][::-1])[::-1]
    out: list[_Cluster] = []
    first = 0
    for k in range(1, len(parts)):
        a0, a1, b0, b1 = int(pre_a[k - 1]), int(suf_a[k]), int(pre_b[k - 1]), int(suf_b[k])
        if a1 < a0 or b1 < b0:
            continue  # not in order in both texts here (sentences reordered across this point)
        la = _hole_lines(a_text, a0, a1, params.hole_share)
        lb = _hole_lines(b_text, b0, b1, params.hole_share)
        uneven = abs(_alnum(a_text, a0, a1) - _alnum(b_text, b0, b1)) >= params.imbalance
        if uneven or _unmatched_line(la, lb, params.same_line) or _unmatched_line(lb, la, params.same_line):
            out.append(_cluster(parts[first:k]))
            first = k
    out.append(_cluster(parts[first:]))
    return out


def _cover(text: str, spans: list[tuple[int, int]]) -> float:
    """Share of the letters and digits between the first and the last of `spans` inside one of them."""
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    mask = np.zeros(hi - lo, dtype=bool)
    for s, e in spans:
        mask[s - lo : e - lo] = True
    alnum = np.fromiter((ch.isalnum() for ch in text[lo:hi]), dtype=bool, count=hi - lo)
    return float((mask & alnum).sum()) / max(int(alnum.sum()), 1)


def families(c: _Cluster, a_text: str, b_text: str, params: MergeParams) -> list[_Cluster]:
    """`c`, or — when its fragments cover less than `min_cover` of its span in A or in B — its groups of
    fragments that overlap (or touch, within `bridge`) in both texts, each a cluster of its own."""
    if min(_cover(a_text, [(f.a0, f.a1) for f in c.parts]), _cover(b_text, [(f.b0, f.b1) for f in c.parts])) >= (
        params.min_cover
    ):
        return [c]
    groups: list[_Cluster] = []
    for f in sorted(c.parts, key=lambda f: (f.a0, f.b0)):
        home = next(
            (
                g
                for g in groups
                if f.a0 <= g.a1 + params.bridge
                and f.a1 >= g.a0 - params.bridge
                and f.b0 <= g.b1 + params.bridge
                and f.b1 >= g.b0 - params.bridge
            ),
            None,
        )
        if home is None:
            groups.append(_Cluster([f], f.a0, f.a1, f.b0, f.b1))
        else:
            home.add(f)
    return groups


def _cluster(parts: list[Fragment]) -> _Cluster:
    c = _Cluster([parts[0]], parts[0].a0, parts[0].a1, parts[0].b0, parts[0].b1)
    for f in parts[1:]:
        c.add(f)
    return c


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """The sentence of `text` holding position `pos`: [start, end) with its closing mark."""
    start = pos
    while start > 0 and text[start - 1] not in SENTENCE_ENDS:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in SENTENCE_ENDS:
        end += 1
    if end < len(text) and text[end] != "\n":
        end += 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _alnum(text: str, start: int, end: int) -> int:
    return sum(ch.isalnum() for ch in text[start:end])


def _widen(text: str, start: int, end: int, reach: int, share: float) -> tuple[tuple[int, bool], tuple[int, bool]]:
    """For each end of [start, end): the sentence boundary it may move to, and whether that needs the
    coverage rule (the passage covers `share` of the sentence) rather than the `reach` rule."""
    s0, s1 = _sentence(text, start)
    head = _alnum(text, s0, start)
    covers = _alnum(text, start, min(end, s1)) >= share * max(_alnum(text, s0, s1), 1)
    first = (s0, head > reach) if head <= reach or covers else (start, False)
    line = text.rfind("\n", 0, start) + 1
    if first[0] > line and _alnum(text, line, start) <= reach:  # a heading ahead on the same line: "（三）确保落实。"
        first = (line, False)
    e0, e1 = _sentence(text, end - 1)
    tail = _alnum(text, end, e1)
    covers = _alnum(text, max(start, e0), end) >= share * max(_alnum(text, e0, e1), 1)
    last = (e1, tail > reach) if tail <= reach or covers else (end, False)
    return first, last


def trim_line_edges(text: str, start: int, end: int, most: int = 3) -> tuple[int, int]:
    """[start, end) without an edge of at most `most` letters and digits that only enters a line
    holding twice as many (an aligned run that goes on past a line break into a list number: "。⏎（五")."""
    cut = text.rfind("\n", start, end)
    if cut > start:
        stop = text.find("\n", end)
        tail = _alnum(text, cut, end)
        if 0 < tail <= most and 2 * tail < _alnum(text, cut, len(text) if stop < 0 else stop):
            end = cut
            while end > start and text[end - 1].isspace():
                end -= 1
    cut = text.find("\n", start, end)
    if cut >= 0:
        head = _alnum(text, start, cut)
        if 0 < head <= most and 2 * head < _alnum(text, text.rfind("\n", 0, start) + 1, cut):
            start = cut + 1
            while start < end and text[start].isspace():
                start += 1
    return start, end


def trim_pair(
    a_text: str, a: tuple[int, int], b_text: str, b: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """`trim_line_edges` on both sides, an edge trimmed only where it is on both (a heading glued to
    the end of a line on one side and on a line of its own on the other is part of the copy)."""
    ta, tb = trim_line_edges(a_text, *a), trim_line_edges(b_text, *b)
    a0, b0 = (ta[0], tb[0]) if ta[0] != a[0] and tb[0] != b[0] else (a[0], b[0])
    a1, b1 = (ta[1], tb[1]) if ta[1] != a[1] and tb[1] != b[1] else (a[1], b[1])
    return (a0, a1), (b0, b1)


def snap_pair(
    a_text: str, a: tuple[int, int], b_text: str, b: tuple[int, int], reach: int, share: float = 0.5
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Both sides of a passage widened to the boundaries of the sentences their ends lie in: when the
    boundary is at most `reach` folded characters away, or when the passage covers `share` of the
    sentence on both sides at that end (an aligner loses the words a reworked sentence changed at its
    edges; the reuse is the sentence — but a copy that stops mid-sentence on one side only stays cut)."""
    if a[1] <= a[0] or b[1] <= b[0]:
        return a, b
    (a0, a_cov0), (a1, a_cov1) = _widen(a_text, a[0], a[1], reach, share)
    (b0, b_cov0), (b1, b_cov1) = _widen(b_text, b[0], b[1], reach, share)
    if a_cov0 != b_cov0:  # the coverage rule on one side only: that side stays
        a0, b0 = (a[0] if a_cov0 else a0), (b[0] if b_cov0 else b0)
    if a_cov1 != b_cov1:
        a1, b1 = (a[1] if a_cov1 else a1), (b[1] if b_cov1 else b1)
    return (min(a0, a[0]), max(a1, a[1])), (min(b0, b[0]), max(b1, b[1]))


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[re.Pattern[str], tuple[str, ...]]:
    data = yaml.load(
        resources.files("index.copy").joinpath("boilerplate.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    pattern = re.compile("|".join(f"(?:{p})" for p in data["patterns"]))
    phrases = tuple(sorted((fold_text(str(x)).text for x in data["phrases"]), key=len, reverse=True))
    return pattern, phrases


def substance(text: str) -> str:
    """`text` folded, without dates, names of standards and documents, addresses, contacts
    and the boilerplate phrases of notices and QC reports: what a copy must consist of."""
    pattern, phrases = _boilerplate()
    folded = fold_text(pattern.sub(" ", text)).text
    for phrase in phrases:
        folded = folded.replace(phrase, "")
    return folded


def substantial(text: str, params: MergeParams, identical: float = 1.0) -> bool:
    """Whether `text` holds enough substance to be a passage; `identical`: the share of its characters
    identical to the source (below `copied_share`, the passage needs `min_chars_reworded`)."""
    return _enough(substance(text), params, identical)


def _enough(rest: str, params: MergeParams, identical: float) -> bool:
    least = params.min_chars if identical >= params.copied_share else max(params.min_chars, params.min_chars_reworded)
    return len(rest) >= least and _word_count(rest) >= params.min_words


_WORD_COUNTS: LRUCache[str, int] = LRUCache(1024)


def _word_count(text: str) -> int:
    """`len(words(text))`, cached: a passage's substance is weighed for its span and its evidence,
    often the same text, and again when the paraphrase stage adds sentences to its source."""
    return _WORD_COUNTS.get_or_compute(text, lambda: len(words(text)))


_MASKS: LRUCache[str, np.ndarray] = LRUCache(64)


def boilerplate_mask(text: str) -> np.ndarray:
    """Per character of `text`: whether it belongs to a date, a standard or document name, an address,
    a contact or a boilerplate phrase (`boilerplate.yaml`), found in the whole text — so a passage that
    starts or ends inside a name (`…《控制图 第2部分`) still sees it as one. Cached (a submission is
    compared with several sources); read-only."""
    return _MASKS.get_or_compute(text, lambda: _boilerplate_mask(text))


def _boilerplate_mask(text: str) -> np.ndarray:
    pattern, phrases = _boilerplate()
    mask = np.zeros(len(text), dtype=bool)
    for m in pattern.finditer(text):
        mask[m.start() : m.end()] = True
    folded = fold_text(text)
    flat = folded.text  # decoded once, not once per phrase
    for phrase in phrases:
        at = flat.find(phrase)
        while at >= 0:
            mask[int(folded.origin[at]) : int(folded.origin[at + len(phrase) - 1]) + 1] = True
            at = flat.find(phrase, at + len(phrase))
    mask.flags.writeable = False
    return mask


def masked_substance(text: str, mask: np.ndarray, spans: list[tuple[int, int]]) -> str:
    """The folded characters of `text` inside `spans` and outside `mask` (`boilerplate_mask`)."""
    kept = [
        "".join(ch if not m else " " for ch, m in zip(text[s:e], mask[s:e].tolist(), strict=True)) for s, e in spans
    ]
    return fold_text("\n".join(kept)).text


def identical_share(text: str, start: int, end: int, changed: list[list[int]]) -> float:
    """Share of the letters and digits of text[start:end] outside the `changed` spans."""
    total = _alnum(text, start, end)
    differ = sum(_alnum(text, s, e) for s, e in changed)
    return max(total - differ, 0) / max(total, 1)


def _changed(start: int, end: int, same: list[tuple[int, int]], text: str) -> list[list[int]]:
    """Spans of text[start:end] outside the `same` spans, ignoring punctuation and spaces."""
    mask = np.zeros(end - start, dtype=bool)
    for s, e in same:
        mask[max(s, start) - start : max(min(e, end) - start, 0)] = True
    out: list[list[int]] = []
    for i in np.flatnonzero(~mask).tolist():
        if not text[start + i].isalnum():
            continue
        if out and out[-1][1] >= start + i - 1 and all(not c.isalnum() for c in text[out[-1][1] : start + i]):
            out[-1][1] = start + i + 1
        else:
            out.append([start + i, start + i + 1])
    return out


def _evidence_spans(spans: list[tuple[int, int]], span: tuple[int, int], bridge: int) -> list[tuple[int, int]]:
    """The passage's text `span` without the stretches longer than `bridge` characters between its
    fragments' `spans`: the words between two fragments are no evidence (its snapped edges are)."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s - merged[-1][1] <= bridge:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    merged[0][0] = min(merged[0][0], span[0])
    merged[-1][1] = max(merged[-1][1], span[1])
    return [(s, e) for s, e in merged]


def _evidence(c: _Cluster, a_changed: list[list[int]], b_changed: list[list[int]]) -> str:
    if all(f.evidence == PARAPHRASE for f in c.parts):
        return PARAPHRASE
    if any(f.evidence == PARAPHRASE for f in c.parts) or a_changed or b_changed:
        return EDITED
    return EXACT


@dataclass
class _Candidate:
    span: tuple[int, int, int, int]
    evidence: str
    score: float
    a_changed: list[list[int]]
    b_changed: list[list[int]]
    strength: int  # 2: a passage on its own; 1: only next to one (min_chars); 0: none


@dataclass
class _Masks:
    """`boilerplate_mask` of both documents of a pair, computed once."""

    a: np.ndarray
    b: np.ndarray


def _strength(
    c: _Cluster,
    a_text: str,
    b_text: str,
    span: tuple[int, int, int, int],
    same: float,
    params: MergeParams,
    masks: _Masks,
) -> int:
    """2: a passage on its own; 1: only next to one (`min_chars`); 0: none. A passage on its own needs
    the substance on both sides — in the span and the evidence (`_evidence_spans`) of A and of B: a
    list of standard names in one text matched to the same names scattered in the other is not a
    copy; a piece next to a passage needs it in A (the source may say it in fewer words)."""
    a0, a1, b0, b1 = span
    rest_a = [
        masked_substance(a_text, masks.a, [(a0, a1)]),
        masked_substance(a_text, masks.a, _evidence_spans([(f.a0, f.a1) for f in c.parts], (a0, a1), params.bridge)),
    ]
    if not all(_enough(r, params, 1.0) for r in rest_a):
        return 0
    rest_b = [
        masked_substance(b_text, masks.b, [(b0, b1)]),
        masked_substance(b_text, masks.b, _evidence_spans([(f.b0, f.b1) for f in c.parts], (b0, b1), params.bridge)),
    ]
    return 2 if all(_enough(r, params, same) for r in rest_a + rest_b) else 1


def _candidate(c: _Cluster, a_doc: PagedDoc, b_doc: PagedDoc, params: MergeParams, masks: _Masks) -> _Candidate:
    """Cluster `c` snapped, labelled and weighed (`_strength`)."""
    a_span, b_span = trim_pair(a_doc.text, (c.a0, c.a1), b_doc.text, (c.b0, c.b1))
    (a0, a1), (b0, b1) = snap_pair(a_doc.text, a_span, b_doc.text, b_span, params.snap)
    a_changed = _changed(a0, a1, [s for f in c.parts for s in f.same_a], a_doc.text)
    b_changed = _changed(b0, b1, [s for f in c.parts for s in f.same_b], b_doc.text)
    evidence = _evidence(c, a_changed, b_changed)
    same = 0.0 if evidence == PARAPHRASE else identical_share(a_doc.text, a0, a1, a_changed)
    strength = _strength(c, a_doc.text, b_doc.text, (a0, a1, b0, b1), same, params, masks)
    if evidence == PARAPHRASE:
        a_changed, b_changed = [], []
    score = sum(f.score * f.size for f in c.parts) / max(sum(f.size for f in c.parts), 1)
    return _Candidate((a0, a1, b0, b1), evidence, score, a_changed, b_changed, strength)


def to_passages(
    fragments: list[Fragment],
    a_doc: PagedDoc,
    b_doc: PagedDoc,
    params: MergeParams,
    *,
    include_b_text: bool,
) -> list[Passage]:
    """The merged, split, snapped and filtered passages of one pair of documents. A piece of a passage
    cut at a hole (`split_holes`) is judged on its own, with the bar of a copied text (`min_chars`)
    when a piece of the same run is a passage on its own: a reworded sentence next to a reused
    paragraph is part of the reuse, the same sentence alone is what every report says."""
    out: list[Passage] = []
    clusters = [f for c in merge(fragments, params) for f in families(c, a_doc.text, b_doc.text, params)]
    if not clusters:
        return out
    masks = _Masks(boilerplate_mask(a_doc.text), boilerplate_mask(b_doc.text))
    for whole in clusters:
        cands = [_candidate(c, a_doc, b_doc, params, masks) for c in split_holes(whole, a_doc.text, b_doc.text, params)]
        least = 1 if any(x.strength == 2 for x in cands) else 2
        for x in cands:
            if x.strength >= least:
                out.append(
                    make_passage(a_doc, b_doc, x.span, x.evidence, x.score, include_b_text, x.a_changed, x.b_changed)
                )
    return out


def make_passage(
    a_doc: PagedDoc,
    b_doc: PagedDoc,
    span: tuple[int, int, int, int],
    evidence: str,
    score: float,
    include_b_text: bool,
    a_changed: list[list[int]] | None = None,
    b_changed: list[list[int]] | None = None,
) -> Passage:
    """The report's passage for A [a0, a1) ↔ B [b0, b1) (text offsets), with its pages and labels."""
    a0, a1, b0, b1 = span
    a_pages, b_pages = pages_between(a_doc, a0, a1), pages_between(b_doc, b0, b1)
    return Passage(
        a_start=a0,
        a_end=a1,
        b_start=b0,
        b_end=b1,
        kind="paraphrase" if evidence == PARAPHRASE else "copy",
        evidence=evidence,
        score=round(min(max(score, 0.0), 1.0), 4),
        a_text=a_doc.text[a0:a1],
        b_text=b_doc.text[b0:b1] if include_b_text else None,
        a_pages=a_pages,
        b_pages=b_pages,
        a_label=page_label(a_doc.format, a_pages),
        b_label=page_label(b_doc.format, b_pages),
        a_changed=a_changed or [],
        b_changed=(b_changed or []) if include_b_text else [],
    )


def covered_ratio(folded: FoldedText, passages: list[Passage], mask: np.ndarray | None = None) -> float:
    """Share of the folded characters of A inside the passages (`mask`: characters that never count)."""
    hit = np.zeros(len(folded), dtype=bool)
    for p in passages:
        lo = int(np.searchsorted(folded.origin, p.a_start, side="left"))
        hi = int(np.searchsorted(folded.origin, p.a_end, side="left"))
        hit[lo:hi] = True
    if mask is not None:
        hit &= ~mask
    return round(min(float(hit.sum()) / max(len(folded), 1), 1.0), 4)
