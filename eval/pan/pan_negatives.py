"""Extra same-topic negatives for tune (stop 20): unrelated documents that share what fools a copy
detector — lists of standards and laws, a notice's contact block, dates, the sentences of the common
QC-report template filled with other values, the generic sentences every report says in its own
words, and human-labelled *non*-paraphrase sentence pairs of LCQMC / BQ (same topic, other meaning).

Kinds (`negative_kind` in the truth):
- `notice`: two programme notices (seeds that share no run, a seed and one of our notices) sharing the
  laws they cite, the organiser's contact values, dates and the generic sentences of notices;
- `report`: two QC reports (of one topic group, or of two) sharing the standards they follow, template
  sentences with other values, generic sentences, dates and organisers;
- `trap`: two QC reports sharing template sentences, generic sentences and LCQMC / BQ negative pairs,
  one sentence per place — what the paraphrase stage must not turn into a passage.

Material: `negatives/hard.yaml` (written for this set) and the label-0 rows of the LCQMC / BQ test
splits. None of the tune pairs repeats a negative pair of the holdout half.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import itertools
import random
import re
from pathlib import Path

import yaml
from pan_cases import build_host, check_overlaps, insert, log_uniform
from pan_make import Built, Context
from pan_material import DATA, TOPICS, _is_cjk_sentence, normalise

HERE = Path(__file__).resolve().parent
HARD = HERE / "negatives" / "hard.yaml"
PER_KIND = 12
KINDS = ("notice", "report", "trap")
NUMBERS = "一二三四五六七八九十"
# report groups that are close enough to share a vocabulary (manufacturing, site work, services)
RELATED = (("t1", "t5"), ("t2", "t4"), ("t3", "t6"), ("t5", "t7"), ("t1", "t7"), ("t4", "t6"))

Item = tuple[str, str, list[str]]  # text for the suspicious side, text for the source side, shared pieces


def load_hard() -> dict:
    return yaml.safe_load(HARD.read_text(encoding="utf-8"))


def material_hash() -> str:
    h = hashlib.sha256(HARD.read_bytes())
    for path in (DATA / "LCQMC" / "test.txt", DATA / "BQ_corpus" / "test.csv"):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _shares_run(a: str, b: str, k: int = 13) -> bool:
    na, _ = normalise(a)
    nb, _ = normalise(b)
    grams = {na[i : i + k] for i in range(len(na) - k + 1)}
    return any(nb[i : i + k] in grams for i in range(len(nb) - k + 1))


def load_non_paraphrases() -> list[tuple[str, str]]:
    """Label-0 pairs of LCQMC and BQ (test splits): Chinese sentences of 6–40 characters on one topic
    that human judges said do not mean the same; at most 0.6 alike (difflib) and no shared 13-run."""
    rows = [line.split("\t") for line in (DATA / "LCQMC" / "test.txt").read_text(encoding="utf-8").splitlines()]
    pairs = [(r[0].strip(), r[1].strip()) for r in rows if len(r) == 3 and r[2].strip() == "0"]
    with (DATA / "BQ_corpus" / "test.csv").open(encoding="utf-8-sig", newline="") as fh:
        pairs += [(r["sentence1"].strip(), r["sentence2"].strip()) for r in csv.DictReader(fh) if r["label"] == "0"]
    out, seen = [], set()
    for s1, s2 in pairs:
        if not (_is_cjk_sentence(s1) and _is_cjk_sentence(s2)) or s1 in seen or s2 in seen:
            continue
        if difflib.SequenceMatcher(None, s1, s2).ratio() > 0.6 or _shares_run(s1, s2):
            continue
        seen.update((s1, s2))
        out.append((_end(s1), _end(s2)))
    random.Random("pan-hardneg:nonpara").shuffle(out)
    return out


def _end(sentence: str) -> str:
    return sentence if sentence[-1] in "。？！?!" else sentence + "。"


def negative_pairs(ctx: Context, holdout_pairs: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Document pairs per kind, none a holdout negative pair, none sharing a run by themselves."""
    banned = {frozenset(p) for p in holdout_pairs} | ctx.conflicts
    seeds = sorted(d for d, doc in ctx.pool.items() if doc.topic == "seed")
    notices = sorted(d for d, doc in ctx.pool.items() if doc.topic == "n")
    notice = [p for p in itertools.combinations(seeds, 2)] + [(s, n) for s in seeds for n in notices]
    reports = []
    for topic in TOPICS[:-1]:
        ids = sorted(d for d, doc in ctx.pool.items() if doc.topic == topic)
        reports += list(itertools.combinations(ids, 2))
    for g1, g2 in RELATED:
        reports += [
            (a, b)
            for a in sorted(d for d in ctx.pool if d.startswith(g1))
            for b in sorted(d for d in ctx.pool if d.startswith(g2))
        ]
    rng = random.Random("qcscreen-pan-1:hardneg:pairs")
    notice = [p for p in notice if frozenset(p) not in banned]
    reports = [p for p in reports if frozenset(p) not in banned]
    rng.shuffle(notice)
    rng.shuffle(reports)
    return {"notice": notice[:PER_KIND], "report": reports[:PER_KIND], "trap": reports[PER_KIND : 2 * PER_KIND]}


def _flip(rng: random.Random, a: str, b: str) -> tuple[str, str]:
    return (a, b) if rng.random() < 0.5 else (b, a)


def _list_items(rng: random.Random, pool: list[str], lead_a: str, lead_b: str) -> list[Item]:
    """One list block per side: 3–4 shared entries plus one of its own, other order and numbering."""
    picked = rng.sample(pool, rng.randint(4, 6))
    shared = picked[: len(picked) - 2]
    own_a, own_b = picked[-2], picked[-1]
    side_a = [*shared, own_a]
    side_b = [*shared, own_b]
    rng.shuffle(side_a)
    rng.shuffle(side_b)
    text_a = lead_a + "\n" + "\n".join(f"{i}. {x}；" for i, x in enumerate(side_a, 1))
    text_b = lead_b + "、".join(side_b) + "等。"
    a, b = _flip(rng, text_a, text_b)
    return [(a, b, shared)]


def _contact_items(rng: random.Random, hard: dict, block: bool) -> list[Item]:
    """The organiser's values: one side a contact block at the end of a notice, the other its own
    sentences (each its own item); with `block` False both sides write sentences."""
    contact, frames = hard["contact"], hard["contact_frames"]
    fields = rng.sample(sorted(frames["a"]), rng.randint(4, 6))
    values = {f: str(rng.choice(contact[f])) for f in fields}
    if block:
        text_a = "\n".join(frames["a"][f].replace("{x}", values[f]) for f in fields)
        items: list[Item] = [(text_a, "", list(values.values()))]
        items += [("", frames["b"][f].replace("{x}", values[f]), []) for f in fields]
        if rng.random() < 0.5:  # the block on the source side
            items = [(tb, ta, pieces) for ta, tb, pieces in items]
        return items
    return [
        (frames["a"][f].replace("{x}", values[f]), frames["b"][f].replace("{x}", values[f]), [values[f]])
        for f in fields
    ]


def _template_items(rng: random.Random, hard: dict, n: int) -> list[Item]:
    out = []
    for row in rng.sample(hard["template"], n):
        fixed = [p for p in re.split(r"\{\d\}", row["frame"]) if len(p) >= 2]
        a = row["frame"].format(*row["a"])
        b = row["frame"].format(*row["b"])
        out.append((*_flip(rng, a, b), fixed))
    return out


NOTICE_GENERIC = range(7, 11)  # the rows of `generic` that notices say; the others, reports


def _generic_items(rng: random.Random, hard: dict, n: int, notice: bool) -> list[Item]:
    rows = [g for i, g in enumerate(hard["generic"]) if (i in NOTICE_GENERIC) == notice]
    return [(*_flip(rng, g[0], g[1]), []) for g in rng.sample(rows, n)]


def _items(kind: str, hard: dict, nonpara: list[tuple[str, str]], rng: random.Random) -> list[Item]:
    if kind == "notice":
        items = _list_items(rng, hard["laws"], "本通知依据以下文件制定：", "根据")
        items += _contact_items(rng, hard, block=True)
        return items + _generic_items(rng, hard, 3, notice=True)
    items = _template_items(rng, hard, rng.randint(3, 5))
    if kind == "report":
        items += _list_items(rng, hard["standards"], "本课题依据的标准：", "活动参照执行了")
        items += _contact_items(rng, hard, block=False)[:3]
        return items + _generic_items(rng, hard, 3, notice=False)
    pairs = rng.sample(nonpara, rng.randint(4, 6))
    return items + [(*_flip(rng, a, b), []) for a, b in pairs] + _generic_items(rng, hard, 2, notice=False)


def _records(items: list[Item], susp_spans: dict[int, int], src_spans: dict[int, int]) -> list[dict]:
    """Where each shared piece is, on both sides (an item's pieces may sit on one side in one block and
    in several sentences on the other: matched by text)."""
    records = []
    for i, (ta, tb, pieces) in enumerate(items):
        for piece in pieces:
            s0 = susp_spans[i] + ta.index(piece) if ta else None
            r0 = src_spans[i] + tb.index(piece) if tb else None
            records.append(
                {
                    "text": piece,
                    "susp_start": s0,
                    "susp_end": None if s0 is None else s0 + len(piece),
                    "src_start": r0,
                    "src_end": None if r0 is None else r0 + len(piece),
                    "item": i,
                }
            )
    return records


def _pair_up(records: list[dict], susp: str, src: str) -> list[dict]:
    """Fill a piece's missing side from the text (the block side lists it once, the sentence side has
    it in its own item)."""
    out = []
    for r in records:
        if r["susp_start"] is None:
            r["susp_start"] = susp.index(r["text"])
            r["susp_end"] = r["susp_start"] + len(r["text"])
        if r["src_start"] is None:
            r["src_start"] = src.index(r["text"])
            r["src_end"] = r["src_start"] + len(r["text"])
        out.append({k: r[k] for k in ("text", "susp_start", "susp_end", "src_start", "src_end")})
    return out


def make_hard_negative(
    kind: str, pair: tuple[str, str], ctx: Context, hard: dict, nonpara: list[tuple[str, str]], rng: random.Random
) -> Built:
    a, b = pair
    src_host = build_host(ctx.pool, [b], log_uniform(rng, 3000, 12000), {a}, ctx.conflicts, rng)
    susp_host = build_host(ctx.pool, [a], log_uniform(rng, 3000, 16000), set(src_host.docs), ctx.conflicts, rng)
    items = _items(kind, hard, nonpara, rng)
    susp_idx = [i for i, it in enumerate(items) if it[0]]
    src_idx = [i for i, it in enumerate(items) if it[1]]
    susp, s_spans = insert(susp_host.text, [(items[i][0], None) for i in susp_idx], rng, gap=60)
    src, r_spans = insert(src_host.text, [(items[i][1], None) for i in src_idx], rng, gap=60)
    records = _pair_up(
        _records(
            items,
            {i: s[0] for i, s in zip(susp_idx, s_spans, strict=True)},
            {i: s[0] for i, s in zip(src_idx, r_spans, strict=True)},
        ),
        susp,
        src,
    )
    check_overlaps(susp, src, [(r["susp_start"], r["susp_end"], r["src_start"], r["src_end"]) for r in records])
    return Built("negative", susp, src, [], susp_host.docs, src_host.docs, records, negative_kind=kind)
