"""Paraphrased passages between one candidate pair (dense sentence matching).

Copy detection (winnowing, `index.compare`) finds text reused verbatim or lightly edited. What it
cannot see is text rewritten in other words: "通过优化焊接参数，降低车身焊接不良率" ↔ "调整焊接工艺参数，
减少车身焊缝缺陷的比例". For a candidate source already chosen by the copy or near-duplicate stage,
`find_paraphrases` segments both documents' `Document.text` into sentences (long ones into clauses)
with offsets, embeds them, and keeps a pair (i, j) when

* cos(a_i, b_j) >= threshold (calibrated per model family, see `THRESHOLDS` and
  notebooks/calibration.ipynb: paraphrase pairs of the example corpus vs sentences of other projects
  of the same domain; a sentence that merely shares a topic stays below it) and the two sentences
  share rare words: weighted character-bigram Dice >= `LEXICAL_MIN`, each bigram weighted by its
  inverse frequency among the sentences of the two documents (`weighted_dice`). Cosine alone is no
  evidence on text e5 cannot read: sentences of random common words (bench/synth.py) sit at 0.95-0.99
  to each other, and a pair of them at the threshold shares only the few commonest words,
* b_j is a_i's best match and a_i is within `mutual_margin` of b_j's best match (one-to-one-ish),
* the two sentences are not identical or near-identical after folding (character-bigram Dice >=
  `NEAR_VERBATIM`): that is copying or template text, reported (or excluded) by the copy stage,
* the facts agree: when either sentence carries numbers, the two sets of numbers overlap (Jaccard >=
  0.5), and quoted terms (“…”) overlap when both have some. e5 hardly tells 0.626% from 0.35%, so
  formulaic sentences with other figures ("课题目标0.282%已经实现") otherwise score 0.99 across
  unrelated projects (seen in notebooks/calibration.ipynb),
* neither sentence is mostly inside a span already reported as copied (`skip_a` / `skip_b`);
* or, for a pair up to `RUN_MARGIN` below the threshold: it lies in a run of `RUN_MIN` sentence
  pairs that follow each other in both texts, copied passages next to it (`anchors`) counting; two
  pairs in a row count when both are at most `PAIR_MARGIN` below the threshold. A reworked passage
  keeps its order; two reports of one topic share single close sentences, rarely runs of them
  (`supported`).

A passage found grows: the sentences just before and after it (and after a copied passage) are
embedded whatever their words, and a pair right next to it in both texts joins it on the run's terms
(`GROW_ROUNDS` times), its figures compared only when both sentences have some (`admissible_next`: a
reworked sentence writes "三成以上" for "30%", and one the copy stage left near-verbatim belongs to it).

Embedding is the expensive part (≈ 12 ms a sentence on 2 cores; a source's sentences are not stored,
so each new candidate source costs its sentences), so a cheap lexical prefilter runs first: only
sentences sharing at least `LEXICAL_MIN` of their character bigrams (weighted Dice, as above) with
some sentence on the other side are embedded, and of a long document at most `MAX_FIRST` per side and source (those with
the closest lexical neighbour) before a passage found brings in its neighbours. A pair that e5 puts
at >= 0.96 is a close rewording that keeps its content words; the calibration behind the value is in
bench/results/paraphrase_prefilter.md (every admissible pair of the example corpus at the threshold
reaches it).

Adjacent matching sentences (consecutive on both sides, so no unmatched sentence is swallowed) are
merged into one passage (`index.copy.passages` merges passages close to each other afterwards); its score is the mean cosine of the merged pairs. Offsets are 0-based, end-exclusive
character offsets into `Document.text`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from index.cache import LRUCache
from index.copy.passages import PARAPHRASE, make_passage
from index.embed import Encoder
from index.pages import PagedDoc
from index.report import Passage
from nlp.normalize import fold_str, normalize

# Per model family (prefix of Encoder.model_id): minimum cosine of a paraphrase pair.
THRESHOLDS: dict[str, float] = {
    "multilingual-e5-small": 0.96,
    "use-multilingual": 0.70,
}
MIN_CHARS = 8  # folded characters: shorter sentences (headings, labels) are not matched
MIN_HAN = 6  # Chinese characters: a date range or a row of figures says nothing to paraphrase
MAX_CLAUSE = 120  # sentences longer than this are cut into clauses at commas
MUTUAL_MARGIN = 0.02
# A pair below the threshold by at most RUN_MARGIN counts inside a run of RUN_MIN sentence pairs in
# order in both texts (copied passages next to it included), at most RUN_GAP characters apart
RUN_MARGIN = 0.03
RUN_MIN = 3
RUN_GAP = 60
# Two sentence pairs in a row (in order in both texts, RUN_GAP apart) count when both are at most
# PAIR_MARGIN below the threshold: on eval/pan tune the closest such pair of pairs in unrelated
# documents had its lower cosine at 0.942, the paraphrased ones 0.948-0.958.
PAIR_MARGIN = 0.015
GROW_ROUNDS = 3  # times a paraphrased passage found takes in the sentence pairs next to it
NEXT_SENTENCES = 2  # sentences before and after a copied passage compared whatever their words (a heading may be one)
SKIP_COVER = 0.5  # a sentence at least this much inside a skip span is left out
NEAR_VERBATIM = 0.8  # character-bigram Dice at or above which a pair is copying, not paraphrase
FACT_OVERLAP = 0.5
# Only sentences with a lexical neighbour on the other side (weighted character-bigram Dice >=
# LEXICAL_MIN, `weighted_dice`) are embedded, and a pair kept on its cosine alone must reach it itself.
# On the example corpus, the 1,910 admissible cross-document sentence pairs with e5 cosine >= 0.96 all
# have weighted Dice >= 0.141 (1st percentile 0.266), and the filter halves the sentences encoded with
# the same passages found: bench/paraphrase_prefilter.py. Pairs of synthetic random-word sentences
# (bench/synth.py) that e5 puts at >= 0.96 have a median of 0.04 (95th percentile 0.14; plain Dice
# 0.15 and 0.32), so plain Dice let them through and cosine then accepted them.
LEXICAL_MIN = 0.13
# ... and of a long document's sentences that pass, at most MAX_FIRST per side and candidate source:
# those with the closest lexical neighbour (the sentences next to a copied passage or to a paraphrased
# one found come on top). On eval/pan tune, 48 leaves out 17 % of the sentences embedded first and none
# of a pair the stage keeps in a paraphrased or copied pair (bench/results/scale.md, stop 23); a
# submission against a source written to the same template passes 60-120 sentences per side.
MAX_FIRST = 48

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’]{1,30})[”\"」』’]")

_SENT_END = re.compile(r"[。！？!?；;\n\t]+")
_CLAUSE_END = re.compile(r"[，,、：:]+")


def default_threshold(model_id: str) -> float:
    for prefix, th in THRESHOLDS.items():
        if model_id.startswith(prefix):
            return th
    raise ValueError(f"模型 {model_id} 没有经过校准的改写阈值，请在 notebooks/calibration.ipynb 中校准。")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    folded: str

    @cached_property
    def bigrams(self) -> set[str]:
        f = self.folded
        return {f[i : i + 2] for i in range(len(f) - 1)}

    @cached_property
    def numbers(self) -> set[str]:
        """The figures of the sentence, years left out (a reworked text changes the year first)."""
        return {n for n in _NUMBER.findall(normalize(self.text)) if not _YEAR.fullmatch(n)}

    @cached_property
    def quoted(self) -> set[str]:
        return {fold_str(q) for q in _QUOTED.findall(self.text)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def same_facts(a: Sentence, b: Sentence) -> bool:
    """Numbers (and quoted terms, when both have some) of the two sentences agree."""
    if (a.numbers or b.numbers) and _jaccard(a.numbers, b.numbers) < FACT_OVERLAP:
        return False
    qa, qb = a.quoted, b.quoted
    return not (qa and qb and not (qa & qb))


def near_verbatim(a: Sentence, b: Sentence) -> bool:
    ba, bb = a.bigrams, b.bigrams
    return bool(ba and bb) and 2 * len(ba & bb) / (len(ba) + len(bb)) >= NEAR_VERBATIM


def admissible(a: Sentence, b: Sentence) -> bool:
    """Whether (a, b) may be reported as a paraphrase at all (before the cosine threshold)."""
    return a.folded != b.folded and not near_verbatim(a, b) and same_facts(a, b)


def admissible_next(a: Sentence, b: Sentence) -> bool:
    """Whether (a, b), right next to a passage already found and to its source, may join it: not the
    same sentence, and the figures agree when both sentences have some (a neighbour the copy stage did
    not take, near-verbatim or not, is part of the reworked passage; "三成以上" is no other figure than
    "30%" there)."""
    return a.folded != b.folded and (not (a.numbers and b.numbers) or same_facts(a, b))


def _pieces(text: str, start: int, end: int, splitter: re.Pattern[str]) -> Iterable[tuple[int, int]]:
    pos = start
    for m in splitter.finditer(text, start, end):
        yield pos, m.start()
        pos = m.end()
    yield pos, end


def sentences(text: str, *, min_chars: int = MIN_CHARS, max_clause: int = MAX_CLAUSE) -> list[Sentence]:
    """Sentences (and clauses of long sentences) of `text` with their offsets, whitespace trimmed."""
    out: list[Sentence] = []
    for s, e in _pieces(text, 0, len(text), _SENT_END):
        spans = [(s, e)] if e - s <= max_clause else list(_pieces(text, s, e, _CLAUSE_END))
        if len(spans) > 1:  # glue short clauses to the previous one so each piece says something
            glued: list[list[int]] = []
            for cs, ce in spans:
                if glued and (
                    ce - glued[-1][0] <= max_clause // 2 or (ce - cs < min_chars and ce - glued[-1][0] <= max_clause)
                ):
                    glued[-1][1] = ce
                else:
                    glued.append([cs, ce])
            spans = [(a, b) for a, b in glued]
        for cs, ce in spans:
            while cs < ce and text[cs].isspace():
                cs += 1
            while ce > cs and text[ce - 1].isspace():
                ce -= 1
            if ce <= cs:
                continue
            folded = fold_str(text[cs:ce])
            if len(folded) >= min_chars and sum("\u4e00" <= c <= "\u9fff" for c in folded) >= MIN_HAN:
                out.append(Sentence(cs, ce, text[cs:ce], folded))
    return out


def bigram_weights(sents: Iterable[Sentence]) -> dict[str, float]:
    """Inverse sentence frequency of each character bigram among `sents` (the sentences of the two
    documents compared): log((n + 1) / (df + 1)). A bigram in most sentences of the pair (QC words such
    as 小组 and 进行, or the few commonest words of Zipf-drawn synthetic text) is no evidence that two
    sentences say the same thing; one that two sentences share and few others have is."""
    listed = list(sents)
    df = Counter(itertools.chain.from_iterable(s.bigrams for s in listed))
    n = len(listed)
    return {g: math.log((n + 1) / (d + 1)) for g, d in df.items()}


def weighted_dice(a: Sentence, b: Sentence, weights: dict[str, float]) -> float:
    """Character-bigram Dice of two sentences, each bigram counted with its weight (`bigram_weights`)."""
    shared = sum(weights.get(g, 0.0) for g in a.bigrams & b.bigrams)
    total = sum(weights.get(g, 0.0) for g in a.bigrams) + sum(weights.get(g, 0.0) for g in b.bigrams)
    return 2 * shared / total if total > 0 else 0.0


def lexical_prefilter(sa: list[Sentence], sb: list[Sentence], min_dice: float) -> tuple[list[Sentence], list[Sentence]]:
    """The sentences of each side that have, on the other side, a sentence sharing at least `min_dice`
    of their folded bigrams (Dice, each bigram weighted by `bigram_weights` over both sides): only
    those are embedded."""
    ka, kb, _, _ = _lexical(sa, sb, min_dice, bigram_weights((*sa, *sb)))
    return [s for s, k in zip(sa, ka, strict=True) if k], [s for s, k in zip(sb, kb, strict=True) if k]


def _lexical(
    sa: list[Sentence], sb: list[Sentence], min_dice: float, weights: dict[str, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per sentence of each side: whether it passes `lexical_prefilter` (weighted Dice), and the
    highest plain character-bigram Dice it reaches with a sentence of the other side (which ranks the
    sentences that pass for `MAX_FIRST`). The bigrams two sentences share are summed pair by pair
    (`_shared`), not as dense sentence × bigram matrix products: a pair's plain Dice is the same
    ratio of whole numbers, its weighted Dice the same sum of float32 weights (the prefilter's
    decisions and ranks were equal to the dense products' on every pair of eval/pan tune, seeds and
    holdout, the seeds with each other and synthetic submissions with their sources; ≈ 15× faster)."""
    if not sa or not sb:
        return np.zeros(len(sa), bool), np.zeros(len(sb), bool), np.zeros(len(sa)), np.zeros(len(sb))
    vocab: dict[str, int] = {}
    ra, ca = _bigram_entries(sa, vocab)
    rb, cb = _bigram_entries(sb, vocab)
    w = np.fromiter((weights.get(g, 0.0) for g in vocab), dtype=np.float32, count=len(vocab))
    wa = np.bincount(ra, weights=w[ca], minlength=len(sa)).astype(np.float32)
    wb = np.bincount(rb, weights=w[cb], minlength=len(sb)).astype(np.float32)
    num, inter = _shared(ra, ca, rb, cb, w, len(sa), len(sb))
    ok = np.greater_equal(2 * num, min_dice * np.maximum(wa[:, None] + wb[None, :], 1e-12))
    size_a = np.bincount(ra, minlength=len(sa)).astype(np.float32)
    size_b = np.bincount(rb, minlength=len(sb)).astype(np.float32)
    dice = 2 * inter / np.maximum(size_a[:, None] + size_b[None, :], 1)
    return np.any(ok, axis=1), np.any(ok, axis=0), dice.max(axis=1), dice.max(axis=0)


def _bigram_entries(side: list[Sentence], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(sentence, bigram column) of every bigram of every sentence of `side`; new bigrams join `vocab`."""
    rows: list[int] = []
    cols: list[int] = []
    for r, s in enumerate(side):
        c = [vocab.setdefault(g, len(vocab)) for g in s.bigrams]
        cols.extend(c)
        rows.extend([r] * len(c))
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


_PAIR_CHUNK = 4_000_000  # (A bigram, B sentence) entries summed at a time: bounds `_shared`'s memory


def _shared(
    ra: np.ndarray, ca: np.ndarray, rb: np.ndarray, cb: np.ndarray, w: np.ndarray, na: int, nb: int
) -> tuple[np.ndarray, np.ndarray]:
    """For each (A sentence, B sentence): the summed weights of the bigrams they share and their number
    (float32, na × nb), from the (sentence, column) entries of both sides."""
    order = np.argsort(cb, kind="stable")
    cb, rb = cb[order], rb[order]
    start = np.searchsorted(cb, ca, side="left")
    count = np.searchsorted(cb, ca, side="right") - start
    num = np.zeros(na * nb)
    inter = np.zeros(na * nb)
    ends = np.cumsum(count)
    lo = 0
    while lo < len(ca):
        hi = max(lo + 1, int(np.searchsorted(ends, (ends[lo - 1] if lo else 0) + _PAIR_CHUNK, side="right")))
        c = count[lo:hi]
        total = int(c.sum())
        if total:
            first = np.repeat(start[lo:hi] - np.concatenate(([0], np.cumsum(c)[:-1])), c) + np.arange(total)
            flat = np.repeat(ra[lo:hi], c) * nb + rb[first]
            num += np.bincount(flat, weights=np.repeat(w[ca[lo:hi]], c), minlength=na * nb)
            inter += np.bincount(flat, minlength=na * nb)
        lo = hi
    return num.astype(np.float32).reshape(na, nb), inter.astype(np.float32).reshape(na, nb)


def _covered(sent: Sentence, spans: list[tuple[int, int]]) -> bool:
    if not spans:
        return False
    inside = sum(max(0, min(sent.end, e) - max(sent.start, s)) for s, e in spans)
    return inside >= SKIP_COVER * (sent.end - sent.start)


# Sentence vectors per (model id, text): the submission's sentences are encoded once for all its
# candidate sources.
_CACHE: LRUCache[tuple[str, str], np.ndarray] = LRUCache(50_000)


def encode_cached(encoder: Encoder, texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    mid = encoder.model_id
    vectors: dict[str, np.ndarray] = {}
    for t in dict.fromkeys(texts):
        hit = _CACHE.get((mid, t))
        if hit is not None:
            vectors[t] = hit
    missing = [t for t in dict.fromkeys(texts) if t not in vectors]
    if missing:
        for t, v in zip(missing, encoder.encode(missing), strict=True):
            vectors[t] = v
            _CACHE.put((mid, t), v)
    return np.stack([vectors[t] for t in texts])


def find_paraphrases(
    a_doc: PagedDoc,
    b_doc: PagedDoc,
    encoder: Encoder,
    *,
    skip_a: Iterable[tuple[int, int]] = (),
    skip_b: Iterable[tuple[int, int]] = (),
    threshold: float | None = None,
    include_source_text: bool = False,
    lexical_min: float | None = None,
    anchors: Iterable[tuple[int, int, int, int]] = (),
) -> list[Passage]:
    """Paraphrased passages of `a_doc` (the submission) found in `b_doc` (a candidate source).

    `anchors`: spans (a0, a1, b0, b1) already shown to be reused (copied passages); a sentence pair
    next to one, in order in both texts, is supported by it (see `supported`). A paraphrased passage
    found grows the same way: the sentences next to it are embedded whatever their words and, close
    to their counterparts next to its source, join it (`GROW_ROUNDS` times)."""
    th = default_threshold(encoder.model_id) if threshold is None else threshold
    sk_a, sk_b = sorted(skip_a), sorted(skip_b)
    all_a, all_b = sentences(a_doc.text), sentences(b_doc.text)
    taken = (
        {n for n, s in enumerate(all_a) if _covered(s, sk_a)},
        {n for n, s in enumerate(all_b) if _covered(s, sk_b)},
    )
    blocks = [blk for span in anchors if (blk := _block(all_a, all_b, span)) is not None]
    lex = LEXICAL_MIN if lexical_min is None else lexical_min
    weights = bigram_weights((*all_a, *all_b))
    ia, ib = _first_sentences(all_a, all_b, taken, blocks, lex, weights)

    def evidence(i: int, j: int) -> bool:
        return weighted_dice(all_a[i], all_b[j], weights) >= lex

    pairs: list[tuple[int, int, float]] = []
    for _ in range(1 + GROW_ROUNDS):
        grown = blocks + [_group_block(g) for g in _groups(pairs)]
        found = _best_pairs(encoder, all_a, all_b, ia, ib, th - RUN_MARGIN, grown)
        known = {(i, j) for i, j, _ in pairs}  # passages found stand for their pairs (as blocks)
        new = supported([p for p in found if p[:2] not in known], grown, th, all_a, all_b, taken, evidence)
        pairs = sorted(new + [p for p in pairs if p[0] not in {i for i, _, _ in new}])
        more_a = {n for g in _groups(pairs) for n in _around(g[0][0], g[-1][0] + 1)} - taken[0] - ia
        more_b = {n for g in _groups(pairs) for n in _around(g[0][1], g[-1][1] + 1)} - taken[1] - ib
        more_a, more_b = {n for n in more_a if 0 <= n < len(all_a)}, {n for n in more_b if 0 <= n < len(all_b)}
        if not more_a and not more_b:
            break
        ia, ib = ia | more_a, ib | more_b
    return [_passage(a_doc, b_doc, all_a, all_b, g, include_source_text) for g in _groups(pairs)]


def _first_sentences(
    all_a: list[Sentence],
    all_b: list[Sentence],
    taken: tuple[set[int], set[int]],
    blocks: list[tuple[int, int, int, int]],
    lex: float,
    weights: dict[str, float],
) -> tuple[set[int], set[int]]:
    """The sentences (indices) embedded first: those not taken that pass the lexical prefilter, and
    those just before and after a copied passage whatever their words (a heading may be one)."""
    ia = {n for n in range(len(all_a)) if n not in taken[0]}
    ib = {n for n in range(len(all_b)) if n not in taken[1]}
    if lex <= 0 or not ia or not ib:
        return ia, ib
    oa, ob = sorted(ia), sorted(ib)
    ka, kb, da, db = _lexical([all_a[n] for n in oa], [all_b[n] for n in ob], lex, weights)
    keep_a, keep_b = _closest(oa, ka, da), _closest(ob, kb, db)
    keep_a |= {n for i0, i1, _, _ in blocks for n in _around(i0, i1) if n in ia}
    keep_b |= {n for _, _, j0, j1 in blocks for n in _around(j0, j1) if n in ib}
    return keep_a, keep_b


def _closest(order: list[int], passed: np.ndarray, best: np.ndarray) -> set[int]:
    """The sentences (indices `order`) that passed the prefilter, at most `MAX_FIRST` of them: those
    with the closest lexical neighbour on the other side (highest plain Dice; the earlier one on a tie)."""
    ranked = sorted((r for r in range(len(order)) if passed[r]), key=lambda r: (-best[r], r))
    return {order[r] for r in ranked[:MAX_FIRST]}


def _best_pairs(
    encoder: Encoder,
    all_a: list[Sentence],
    all_b: list[Sentence],
    ia: set[int],
    ib: set[int],
    floor: float,
    blocks: list[tuple[int, int, int, int]],
) -> list[tuple[int, int, float]]:
    """For each embedded sentence i of A, its best embedded sentence j of B when cos(a_i, b_j) >=
    `floor`, a_i is within `MUTUAL_MARGIN` of b_j's best match and the pair is admissible (the pair
    right next to a block in both texts: `admissible_next`)."""
    oa, ob = sorted(ia), sorted(ib)
    if not oa or not ob:
        return []
    sim = encode_cached(encoder, [all_a[n].text for n in oa]) @ encode_cached(encoder, [all_b[n].text for n in ob]).T
    col_best = sim.max(axis=0)
    out: list[tuple[int, int, float]] = []
    for r, i in enumerate(oa):
        k = int(np.argmax(sim[r]))
        c, j = float(sim[r, k]), ob[k]
        if c < floor or c < col_best[k] - MUTUAL_MARGIN:
            continue
        next_to = any(_next_to(i, j, blk) for blk in blocks)
        if (admissible_next if next_to else admissible)(all_a[i], all_b[j]):
            out.append((i, j, c))
    return out


def _next_to(i: int, j: int, blk: tuple[int, int, int, int]) -> bool:
    """Sentence pair (i, j) lies right before or right after block `blk` in both texts."""
    i0, i1, j0, j1 = blk
    return (i == i0 - 1 and j == j0 - 1) or (i == i1 and j == j1)


def _group_block(g: list[tuple[int, int, float]]) -> tuple[int, int, int, int]:
    return g[0][0], g[-1][0] + 1, g[0][1], g[-1][1] + 1


def _around(start: int, end: int) -> range:
    """The `NEXT_SENTENCES` sentence indices before [start, end) and after it."""
    return range(start - NEXT_SENTENCES, end + NEXT_SENTENCES)


def _block(sa: list[Sentence], sb: list[Sentence], span: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The sentences (index ranges [i0, i1) of A, [j0, j1) of B) an anchor span covers mostly."""
    a0, a1, b0, b1 = span
    ia = [n for n, s in enumerate(sa) if _covered(s, [(a0, a1)])]
    ib = [n for n, s in enumerate(sb) if _covered(s, [(b0, b1)])]
    if not ia or not ib:
        return None
    return ia[0], ia[-1] + 1, ib[0], ib[-1] + 1


def supported(
    pairs: list[tuple[int, int, float]],
    blocks: list[tuple[int, int, int, int]],
    threshold: float,
    sa: list[Sentence],
    sb: list[Sentence],
    taken: tuple[set[int], set[int]] = (set(), set()),
    evidence: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int, float]]:
    """The sentence pairs (i, j, cosine; indices into `sa`, `sb`) that count: those at `threshold`
    that `evidence(i, j)` accepts (the two sentences share rare words: `find_paraphrases` passes
    `weighted_dice` >= `LEXICAL_MIN`, the level every pair e5 puts at the threshold in real reports
    reaches; sentences of random common words reach the threshold without it),
    and those in a chain of at least `RUN_MIN` sentence pairs that follow each other in both texts (at
    most `RUN_GAP` characters apart on each side, never across a sentence of `taken`: those of A and
    of B already reused elsewhere, copied passages), an anchor block (sentences [i0, i1) ↔ [j0, j1) of
    a copied passage) counting as `RUN_MIN` - 1: the sentence next to a copied passage, close to the
    sentence next to its source, is its continuation. A paraphrased passage keeps its order: several
    sentences in a row, each close to its counterpart, are evidence that a single close sentence is
    not (on eval/pan tune, runs of three same-topic report sentences at cosine ≥ 0.93 were all
    paraphrases; single ones at 0.93–0.96 often were not)."""

    def alone(n: int) -> bool:
        i, j, c = pairs[n]
        return c >= threshold and (evidence is None or evidence(i, j))

    items = sorted([(i, i + 1, j, j + 1, n) for n, (i, j, _c) in enumerate(pairs)] + [(*b, -1) for b in blocks])
    chains: list[list[tuple[int, int, int, int, int]]] = []
    for item in items:
        home = next((ch for ch in reversed(chains) if _follows(ch[-1], item, sa, sb, taken)), None)
        if home is None:
            chains.append([item])
        else:
            home.append(item)
    keep: set[int] = set()
    for ch in chains:
        size = sum(RUN_MIN - 1 if x[4] < 0 else 1 for x in ch)
        two = size == 2 and all(x[4] >= 0 and pairs[x[4]][2] >= threshold - PAIR_MARGIN for x in ch)
        keep.update(x[4] for x in ch if x[4] >= 0 and (size >= RUN_MIN or two or alone(x[4])))
    return [p for n, p in enumerate(pairs) if n in keep]


def _follows(
    x: tuple[int, int, int, int, int],
    y: tuple[int, int, int, int, int],
    sa: list[Sentence],
    sb: list[Sentence],
    taken: tuple[set[int], set[int]],
) -> bool:
    """`y` comes after `x` in both texts, within `RUN_GAP` characters, skipping no sentence of `taken`."""
    if y[0] < x[1] or y[2] < x[3]:
        return False
    if sa[y[0]].start - sa[x[1] - 1].end > RUN_GAP or sb[y[2]].start - sb[x[3] - 1].end > RUN_GAP:
        return False  # the cheap test first: most chains end far from the pair
    return not (any(n in taken[0] for n in range(x[1], y[0])) or any(n in taken[1] for n in range(x[3], y[2])))


def _groups(pairs: list[tuple[int, int, float]]) -> list[list[tuple[int, int, float]]]:
    """Pairs adjacent in both texts (consecutive sentences) as one group each."""
    groups: list[list[tuple[int, int, float]]] = []
    for i, j, c in sorted(pairs):
        if groups:
            pi, pj, _ = groups[-1][-1]
            if i - pi == 1 and j - pj == 1:
                groups[-1].append((i, j, c))
                continue
        groups.append([(i, j, c)])
    return groups


def _passage(
    a_doc: PagedDoc,
    b_doc: PagedDoc,
    sa: list[Sentence],
    sb: list[Sentence],
    g: list[tuple[int, int, float]],
    include_source_text: bool,
) -> Passage:
    span = (sa[g[0][0]].start, sa[g[-1][0]].end, sb[g[0][1]].start, sb[g[-1][1]].end)
    score = float(np.mean([c for _, _, c in g]))
    return make_passage(a_doc, b_doc, span, PARAPHRASE, score, include_source_text)
