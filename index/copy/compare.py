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
from index.copy.templates import TemplateFilter
from index.embed import Encoder
from index.pages import PagedDoc, pages_between
from index.report import CompareReport, DocRef, Passage
from ingest.model import Document
from nlp.essence import essence


def to_passage(
    p: RawPassage, a_doc: PagedDoc, fa: FoldedText, b_doc: PagedDoc, fb: FoldedText, *, include_b_text: bool
) -> Passage:
    a0, a1 = fa.span_to_source(p.a_start, p.a_end)
    b0, b1 = fb.span_to_source(p.b_start, p.b_end)
    return Passage(
        a_start=a0,
        a_end=a1,
        b_start=b0,
        b_end=b1,
        kind="copy",
        score=round(p.score, 4),
        a_text=a_doc.text[a0:a1],
        b_text=b_doc.text[b0:b1] if include_b_text else None,
        a_pages=pages_between(a_doc, a0, a1),
        b_pages=pages_between(b_doc, b0, b1),
    )


def covered(length: int, passages: list[RawPassage], side: str = "a") -> int:
    mask = np.zeros(length, dtype=bool)
    for p in passages:
        if side == "a":
            mask[p.a_start : p.a_end] = True
        else:
            mask[p.b_start : p.b_end] = True
    return int(mask.sum())


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
    texts = []
    for doc in (a, b):
        text = "\n".join(v for v in essence(doc).values() if v) if isinstance(doc, Document) else ""
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
) -> list[Passage]:
    return find_paraphrases(a, b, encoder, skip_a=skip_a, skip_b=skip_b, include_source_text=include_source_text)


def compare(
    a: Document,
    b: PagedDoc,
    *,
    encoder: Encoder | None = None,
    template: str | Path | None = None,
    params: AlignParams | None = None,
    include_source_text: bool = True,
) -> CompareReport:
    """Copied (and, with an encoder, paraphrased) passages between `a` and `b`.

    `template`: organiser template text (or a path to it); passages of A matching it do not count."""
    params = params or AlignParams()
    fa, fb = fold_text(a.text), fold_text(b.text)
    tf = TemplateFilter(None, template_text=_read_template(template), align=params)
    excluded = tf.organiser_mask(fa)
    raw = copy_passages(fa, fb, excluded, params, breaks=sentence_breaks(fa, a.text))
    passages = [to_passage(p, a, fa, b, fb, include_b_text=include_source_text) for p in raw]
    sem: float | None = None
    if encoder is not None:
        skip_a = [(p.a_start, p.a_end) for p in passages]
        skip_b = [(p.b_start, p.b_end) for p in passages]
        for para in paraphrase_passages(a, b, encoder, skip_a, skip_b, include_source_text=include_source_text):
            if not include_source_text:
                para.b_text = None
            passages.append(para)
        sem = semantic_similarity(a, b, encoder)
    passages.sort(key=lambda p: (p.a_start, p.b_start))
    return CompareReport(
        a=DocRef(file=a.filename, chars=len(a.text)),
        b=DocRef(file=b.filename, chars=len(b.text)),
        passages=passages,
        copy_ratio_a=round(covered(len(fa), raw, "a") / max(len(fa), 1), 4),
        copy_ratio_b=round(covered(len(fb), raw, "b") / max(len(fb), 1), 4),
        semantic_similarity=sem,
        excluded_template_chars_a=int(excluded.sum()),
    )
