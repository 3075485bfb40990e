"""Case makers, one per kind of case. Each returns the two texts and the truth, or raises RetryError."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pan_cases import (
    Host,
    Passage,
    RetryError,
    build_host,
    check_overlaps,
    insert,
    length_class,
    log_uniform,
    pick_span,
)
from pan_material import ParaPair, PoolDoc
from pan_obfuscate import light_edit, reorder, substitute

QUESTION_WORDS = ("吗", "么", "什么", "怎么", "如何", "哪", "呢", "几", "多少", "是否", "能否", "可以", "为啥", "为何")


@dataclass
class Context:
    pool: dict[str, PoolDoc]
    conflicts: set[frozenset[str]]
    synonyms: dict[str, list[str]]
    boilerplate: dict
    own_pairs: dict[str, list[ParaPair]] = field(default_factory=dict)  # split -> pairs left
    corpus_pairs: dict[tuple[str, str], list[ParaPair]] = field(default_factory=dict)  # (split, name) -> left


@dataclass
class Built:
    obfuscation: str
    susp: str
    src: str
    passages: list[Passage]
    susp_docs: list[str]
    src_docs: list[str]
    boilerplate: list[dict] = field(default_factory=list)
    negative_kind: str = ""  # the extra tune negatives (pan_negatives.py): notice / report / trap


def _obfuscate(obf: str, text: str, ctx: Context, rng: random.Random) -> tuple[str, list[str]]:
    try:
        if obf == "verbatim":
            return text, []
        if obf == "light":
            return light_edit(text, rng)
        if obf == "reorder":
            return reorder(text, rng)
        return substitute(text, ctx.synonyms, rng)
    except ValueError as exc:
        raise RetryError(str(exc)) from exc


def _finish(obf: str, susp_host: Host, src_host: Host, passages: list[Passage], rng: random.Random) -> Built:
    susp, spans = insert(susp_host.text, [(p.susp_text, p) for p in passages], rng)
    for p, (a, b) in zip(passages, spans, strict=True):
        p.susp_start, p.susp_end = a, b
    check_overlaps(susp, src_host.text, [(p.susp_start, p.susp_end, p.src_start, p.src_end) for p in passages])
    return Built(obf, susp, src_host.text, passages, susp_host.docs, src_host.docs)


def make_copy_case(obf: str, split: str, ctx: Context, rng: random.Random) -> Built:
    """verbatim / light / reorder / synonym: 1–3 passages of source documents, obfuscated."""
    count = rng.choice((1, 1, 1, 2, 2, 3))
    doc_ids = rng.sample(sorted(d for d, doc in ctx.pool.items() if doc.split == split), count)
    picked = []
    for doc_id in doc_ids:
        cls = length_class(rng)
        a, b = pick_span(ctx.pool[doc_id], cls, rng, 3 if obf == "reorder" else 1)
        text, edits = _obfuscate(obf, ctx.pool[doc_id].text[a:b], ctx, rng)
        picked.append((doc_id, a, b, cls, text, edits))
    src_host = build_host(ctx.pool, doc_ids, log_uniform(rng, 2000, 12000), set(), ctx.conflicts, rng)
    susp_host = build_host(ctx.pool, [], log_uniform(rng, 2000, 16000), set(src_host.docs), ctx.conflicts, rng)
    passages = [
        Passage(text, src_host.starts[d] + a, src_host.starts[d] + b, cls, f"{d}[{a}:{b}]", edits)
        for d, a, b, cls, text, edits in picked
    ]
    return _finish(obf, susp_host, src_host, passages, rng)


def make_own_paraphrase_case(split: str, pairs: list[ParaPair], ctx: Context, rng: random.Random) -> Built:
    """Our hand-written rewrites: the original stays in its document in the source host."""
    docs = [p.doc for p in pairs if p.doc]
    if len(set(docs)) != len(docs):
        raise RetryError("two pairs of one document")
    src_host = build_host(ctx.pool, docs, log_uniform(rng, 2000, 12000), set(), ctx.conflicts, rng)
    susp_host = build_host(ctx.pool, [], log_uniform(rng, 2000, 16000), set(src_host.docs), ctx.conflicts, rng)
    passages = []
    for pair in pairs:
        assert pair.doc is not None
        start = src_host.starts[pair.doc] + ctx.pool[pair.doc].text.index(pair.source)
        cls = "short" if len(pair.rewrite) < 150 else "medium"
        passages.append(
            Passage(pair.rewrite, start, start + len(pair.source), cls, pair.origin, ["hand-written paraphrase"])
        )
    del split
    return _finish("paraphrase", susp_host, src_host, passages, rng)


def _terminate(sentence: str) -> str:
    if sentence[-1] in "。？！?!.；;":
        return sentence
    return sentence + ("？" if any(w in sentence for w in QUESTION_WORDS) else "。")


def _corpus_passage(pairs: list[ParaPair], lo: int, hi: int) -> tuple[str, str, int]:
    """Consecutive pairs joined into one passage of `lo`–`hi` characters (source side)."""
    src, susp, used = "", "", 0
    for pair in pairs:
        s1, s2 = _terminate(pair.source), _terminate(pair.rewrite)
        if len(src) + len(s1) > hi:
            break
        src, susp, used = src + s1, susp + s2, used + 1
        if len(src) >= lo:
            return src, susp, used
    raise RetryError("corpus pairs too long for the passage")


def make_corpus_paraphrase_case(split: str, name: str, ctx: Context, rng: random.Random) -> Built:
    """Real human paraphrases (LCQMC / BQ positive pairs): one side's sentences go into the source
    host, their paraphrases into the suspicious host, each run as one passage."""
    left = ctx.corpus_pairs[(split, name)]
    src_host = build_host(ctx.pool, [], log_uniform(rng, 2000, 12000), set(), ctx.conflicts, rng)
    susp_host = build_host(ctx.pool, [], log_uniform(rng, 2000, 16000), set(src_host.docs), ctx.conflicts, rng)
    runs = []
    for _ in range(rng.choice((1, 1, 2))):
        lo, hi = (50, 150) if rng.random() < 0.5 else (150, 300)
        src_text, susp_text, used = _corpus_passage(left, lo, hi)
        del left[:used]
        runs.append((src_text, susp_text, "short" if hi == 150 else "medium", used))
    src_text, src_spans = insert(src_host.text, [(r[0], None) for r in runs], rng)
    passages = [
        Passage(r[1], a, b, r[2], f"{name} ({r[3]} sentence pairs)", [f"{name} positive pairs"])
        for r, (a, b) in zip(runs, src_spans, strict=True)
    ]
    src_host = Host(src_host.docs, src_text, src_host.starts)
    return _finish("paraphrase", susp_host, src_host, passages, rng)


def _boilerplate_sentences(ctx: Context, rng: random.Random) -> list[tuple[str, str, str]]:
    """4–7 shared items, each as (item, sentence for one side, sentence for the other)."""
    bp = ctx.boilerplate
    kinds = [*bp["items"], "phrase"]
    out = []
    for kind in rng.sample(kinds, rng.randint(4, min(6, len(kinds)))):
        if kind == "phrase":
            row = rng.choice(bp["phrases"])
            item, fa, fb = row["x"], row["a"], row["b"]
        else:
            item = rng.choice(bp["items"][kind])
            fa, fb = rng.choice(bp["frames_a"][kind]), rng.choice(bp["frames_b"][kind])
        out.append((item, fa.replace("{x}", item), fb.replace("{x}", item)))
    if rng.random() < 0.5:
        extra = rng.choice(bp["items"]["standard"])
        if extra not in [o[0] for o in out]:
            fa, fb = bp["frames_a"]["standard"][0], bp["frames_b"]["standard"][1]
            out.append((extra, fa.replace("{x}", extra), fb.replace("{x}", extra)))
    return out


def make_negative_case(pair: tuple[str, str], ctx: Context, rng: random.Random) -> Built:
    """Two documents of one topic, no copied passage, sharing only standard names, addresses,
    dates, organisers and fixed phrases (inserted in different sentences on each side)."""
    a, b = pair
    src_host = build_host(ctx.pool, [b], log_uniform(rng, 2000, 12000), {a}, ctx.conflicts, rng)
    susp_host = build_host(ctx.pool, [a], log_uniform(rng, 2000, 16000), set(src_host.docs), ctx.conflicts, rng)
    shared = _boilerplate_sentences(ctx, rng)
    flip = rng.random() < 0.5
    susp_items = [(s[2] if flip else s[1], s[0]) for s in shared]
    src_items = [(s[1] if flip else s[2], s[0]) for s in shared]
    susp, susp_spans = insert(susp_host.text, susp_items, rng)
    src, src_spans = insert(src_host.text, src_items, rng)
    records, boxes = [], []
    for (st, item), (sa, _), (rt, _), (ra, _) in zip(susp_items, susp_spans, src_items, src_spans, strict=True):
        s0, r0 = sa + st.index(item), ra + rt.index(item)
        records.append(
            {"text": item, "susp_start": s0, "susp_end": s0 + len(item), "src_start": r0, "src_end": r0 + len(item)}
        )
        boxes.append((s0, s0 + len(item), r0, r0 + len(item)))
    check_overlaps(susp, src, boxes)
    return Built("negative", susp, src, [], susp_host.docs, src_host.docs, records)
