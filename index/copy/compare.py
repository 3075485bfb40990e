"""Compare two documents: copied passages side by side (and paraphrased ones when an encoder is given).

Ratios are over folded characters (汉字, letters, digits; punctuation and whitespace do not count), so
re-punctuating or re-spacing a copy changes nothing. Offsets are into each document's `Document.text`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.copy.align import (
    AlignParams,
    RawPassage,
    SeedIndex,
    align_folded,
    interior_kept,
    long_runs,
    resolve_overlaps,
    sentence_breaks,
    subtract_local,
)
from index.copy.fingerprint import FoldedText, fold_text
from index.copy.paraphrase import find_paraphrases
from index.copy.passages import (
    EXACT,
    Fragment,
    MergeParams,
    covered_ratio,
    from_passage,
    from_raw,
    mostly_in,
    substantial,
    to_passages,
)
from index.copy.sentence_match import sentence_fragments
from index.copy.synonyms import Words, cut, word_fragments
from index.copy.templates import TemplateFilter
from index.embed import Encoder
from index.pages import PagedDoc
from index.report import CompareReport, DocRef, Passage
from ingest.model import Document


def copy_passages(
    fa: FoldedText,
    fb: FoldedText,
    excluded: np.ndarray | None,
    params: AlignParams,
    *,
    index_a: SeedIndex | None = None,
    weak: list[RawPassage] | None = None,
    evidence_excluded: np.ndarray | None = None,
    breaks: np.ndarray | None = None,
) -> list[RawPassage]:
    """Aligned passages, template text accounted for.

    A passage counts only when at least `min_own` of its identical characters are not template text
    (a shared frame with other slot values is not a copy) — nor, when `evidence_excluded` is given,
    in that wider mask (the template plus the phrasing the submission shares with several documents
    besides B: `index.templates.KgramCounts.shared_phrasing`). Template runs of at least `min_len`
    characters are cut out of the passages that count, except runs inside a passage shorter than
    `max_interior` (the frame words of a copied sentence stay with it), and, with `breaks`
    (`align.sentence_breaks` of A), such runs at a passage's edge inside the sentence they frame.
    Verbatim passages (score ≥ `verbatim`) whose own
    content is smaller (a frame sentence copied with its slot values) go to `weak`: they count only
    for a source already proven by strong evidence (`index.similar`)."""
    raw = align_folded(fa, fb, params, index_a=index_a)
    evidence = excluded if evidence_excluded is None else evidence_excluded
    if evidence is None or not evidence.any():
        return raw
    if excluded is None:
        excluded = np.zeros(len(fa), dtype=bool)
    cut = long_runs(excluded, params.min_len)
    if not params.sentence_edges:
        breaks = None
    out: list[RawPassage] = []
    for p in raw:
        own = own_chars(p, evidence)
        if own < params.min_own:
            if weak is not None and own >= params.min_weak_own and p.score >= params.verbatim:
                weak.append(p)
            continue
        local = interior_kept(
            cut[p.a_start : p.a_end], params.max_interior, None if breaks is None else breaks[p.a_start : p.a_end]
        )
        out.extend(subtract_local(p, local, params.min_len, params.min_score))
    return resolve_overlaps(out)


def own_chars(p: RawPassage, excluded: np.ndarray | None) -> int:
    """Identical characters of passage `p` outside `excluded`."""
    segments = p.segments or [(p.a_start, p.a_end)]
    if excluded is None:
        return sum(e - s for s, e in segments)
    return sum(int((~excluded[s:e]).sum()) for s, e in segments)


def longest_own_run(p: RawPassage, excluded: np.ndarray | None) -> int:
    """Longest run of identical characters outside template text inside passage `p`."""
    best = 0
    for s, e in p.segments or [(p.a_start, p.a_end)]:
        if excluded is None:
            best = max(best, e - s)
            continue
        free = np.concatenate(([False], ~excluded[s:e], [False]))
        edges = np.flatnonzero(free[1:] != free[:-1])
        if edges.size:
            best = max(best, int((edges[1::2] - edges[::2]).max()))
    return best


def _read_template(template: str | Path | None) -> str | None:
    if template is None:
        return None
    if isinstance(template, Path):
        return template.read_text(encoding="utf-8")
    return template


def semantic_similarity(a: PagedDoc, b: PagedDoc, encoder: Encoder) -> float:
    """Cosine of the two documents' essences (title, 选题理由, 症结, 目标, 要因, 对策); a corpus document
    (no blocks to analyse) by its text."""
    from nlp import outline  # the checker's structure modules: not needed by `similar`'s copy stage

    texts = []
    for doc in (a, b):
        text = "\n".join(v for v in outline.essence(doc).parts().values() if v) if isinstance(doc, Document) else ""
        texts.append((text or doc.text)[:2000])
    vecs = np.asarray(encoder.encode(texts), dtype=np.float32)
    return round(float(np.clip(vecs[0] @ vecs[1], 0.0, 1.0)), 4)


def paraphrase_passages(
    a: PagedDoc,
    b: PagedDoc,
    encoder: Encoder,
    skip_a: list[tuple[int, int]],
    skip_b: list[tuple[int, int]],
    *,
    include_source_text: bool = False,
    anchors: list[tuple[int, int, int, int]] | None = None,
) -> list[Passage]:
    return find_paraphrases(
        a, b, encoder, skip_a=skip_a, skip_b=skip_b, include_source_text=include_source_text, anchors=anchors or []
    )


def pair_fragments(
    a: PagedDoc,
    b: PagedDoc,
    fa: FoldedText,
    raw: list[RawPassage],
    fb: FoldedText,
    excluded: np.ndarray,
    *,
    words_a: Words | None = None,
    near: int | None = None,
    sentence_pairs: bool = True,
) -> list[Fragment]:
    """The copy evidence of one pair: the character passages, and the word (synonym) alignments and
    matching sentences whose A side is not mostly `excluded` (template text) nor already copied. With
    `near`, these count only within `near` characters of a character passage in both texts (they
    bridge the words a reworked copy changed; on their own, across a corpus of reports written to one
    template, a sentence frame filled with other values would match word by word). `sentence_pairs`:
    whether matching sentences count (the Screener leaves them out: on the example corpus they only
    added frame sentences — precision 0.9391 with them, 0.9477 without, recall 0.9897 both)."""
    frags = [from_raw(r, fa, fb) for r in raw]
    copied = np.zeros(len(fa), dtype=bool)
    for r in raw:
        copied[r.a_start : r.a_end] = True
    wa = words_a if words_a is not None else cut(a.text)
    wb = cut(b.text)
    found = word_fragments(wa, wb, a.text, b.text)
    if sentence_pairs:
        found += sentence_fragments(a.text, b.text, wa, wb)
    for f in found:
        if mostly_in(f, fa, excluded) or mostly_in(f, fa, copied, 0.8):  # template, or nothing new
            continue
        if near is not None and not any(_touches(f, c, near) for c in frags[: len(raw)]):
            continue
        frags.append(f)
    return frags


def _touches(f: Fragment, c: Fragment, near: int) -> bool:
    return f.a0 <= c.a1 + near and c.a0 <= f.a1 + near and f.b0 <= c.b1 + near and c.b0 <= f.b1 + near


def add_paraphrases(
    a: PagedDoc,
    b: PagedDoc,
    encoder: Encoder,
    frags: list[Fragment],
    *,
    include_source_text: bool,
    merge: MergeParams | None = None,
) -> list[Fragment]:
    """`frags` and the paraphrased sentences found outside them; the fragments that would make a
    passage on their own (`passages.substantial`) support the sentences next to them."""
    merge = merge or MergeParams()
    skip_a = [(f.a0, f.a1) for f in frags]
    skip_b = [(f.b0, f.b1) for f in frags]
    anchors = [
        (f.a0, f.a1, f.b0, f.b1)
        for f in frags
        if substantial(a.text[f.a0 : f.a1], merge, 1.0 if f.evidence == EXACT else 0.0)
    ]
    found = paraphrase_passages(a, b, encoder, skip_a, skip_b, include_source_text=include_source_text, anchors=anchors)
    return frags + [from_passage(p) for p in found]


def compare(
    a: Document,
    b: PagedDoc,
    *,
    encoder: Encoder | None = None,
    template: str | Path | None = None,
    params: AlignParams | None = None,
    merge: MergeParams | None = None,
    include_source_text: bool = True,
) -> CompareReport:
    """Copied (and, with an encoder, paraphrased) passages between `a` and `b`, one per reused passage.

    `template`: organiser template text (or a path to it); passages of A matching it do not count.
    The encoder is used (and an `E5Encoder` loaded) only when a sentence pair needs the paraphrase
    stage; `semantic_similarity` is then given too."""
    params = params or AlignParams()
    merge = merge or MergeParams()
    fa, fb = fold_text(a.text), fold_text(b.text)
    tf = TemplateFilter(None, template_text=_read_template(template), align=params)
    excluded = tf.organiser_mask(fa)
    raw = copy_passages(fa, fb, excluded, params, breaks=sentence_breaks(fa, a.text))
    frags = pair_fragments(a, b, fa, raw, fb, excluded)
    sem: float | None = None
    if encoder is not None:
        with_para = add_paraphrases(a, b, encoder, frags, include_source_text=include_source_text, merge=merge)
        if with_para:  # something shared: the essence comparison is worth the model
            sem = semantic_similarity(a, b, encoder)
        frags = with_para
    passages = to_passages(frags, a, b, merge, include_b_text=include_source_text)
    copies = [p for p in passages if p.kind == "copy"]
    return CompareReport(
        a=DocRef(file=a.filename, chars=len(a.text)),
        b=DocRef(file=b.filename, chars=len(b.text)),
        passages=passages,
        copy_ratio_a=covered_ratio(fa, copies),
        copy_ratio_b=covered_ratio(fb, [_swap(p) for p in copies]),
        paraphrase_ratio_a=covered_ratio(fa, [p for p in passages if p.kind == "paraphrase"]),
        semantic_similarity=sem,
        excluded_template_chars_a=int(excluded.sum()),
    )


def _swap(p: Passage) -> Passage:
    """The passage seen from B (for B's ratio)."""
    return p.model_copy(update={"a_start": p.b_start, "a_end": p.b_end})
