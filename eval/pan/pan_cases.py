"""Assemble one case: a source host, a suspicious host with the obfuscated passages inserted, and
the truth (offsets of every passage in both), then check that the two texts share nothing else."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field

from pan_material import CONFLICT_K, PoolDoc, normalise
from pan_obfuscate import sentences

LENGTH_CLASSES = {"short": (50, 150), "medium": (150, 400), "long": (400, 800)}


class RetryError(Exception):
    """This draw does not make a valid case; the builder draws again."""


@dataclass
class Passage:
    susp_text: str
    src_start: int  # in the source host
    src_end: int
    length_class: str
    origin: str
    edits: list[str] = field(default_factory=list)
    susp_start: int = -1
    susp_end: int = -1


@dataclass
class Host:
    docs: list[str]
    text: str
    starts: dict[str, int]  # doc id -> offset of the doc in the host


def log_uniform(rng: random.Random, lo: float, hi: float) -> int:
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def length_class(rng: random.Random) -> str:
    r = rng.random()
    return "short" if r < 0.35 else "medium" if r < 0.75 else "long"


def build_host(
    pool: dict[str, PoolDoc],
    must: list[str],
    target: int,
    avoid: set[str],
    conflicts: set[frozenset[str]],
    rng: random.Random,
) -> Host:
    """`must` documents plus others (never one of `avoid` or conflicting with it) in a random order,
    until the host reaches `target` characters; at least 2,000 and at most 20,000."""
    chosen = list(must)
    others = [d for d in sorted(pool) if d not in chosen and d not in avoid]
    rng.shuffle(others)
    size = sum(len(pool[d].text) + 1 for d in chosen)
    for doc_id in others:
        if size >= target:
            break
        if any(frozenset((doc_id, a)) in conflicts for a in avoid):
            continue
        if size + len(pool[doc_id].text) > 20000:
            continue
        chosen.append(doc_id)
        size += len(pool[doc_id].text) + 1
    if size < 2000:
        raise RetryError("host too short")
    rng.shuffle(chosen)
    starts, parts, pos = {}, [], 0
    for doc_id in chosen:
        starts[doc_id] = pos
        parts.append(pool[doc_id].text)
        pos += len(pool[doc_id].text) + 1
    return Host(chosen, "\n".join(parts), starts)


def _starts_ok(text: str, a: int) -> bool:
    """A passage starts a sentence: at the document start, after 。！？, or at the start of a line
    that follows a finished line (ending in 。！？：；) or a short, heading-like line — never after a
    line broken in mid-sentence (PDF-style text)."""
    before = text[:a].rstrip()
    if not before or before[-1] in "。！？":
        return True
    if text[a - 1] != "\n":
        return False
    last_line = before.rsplit("\n", 1)[-1].strip()
    return before[-1] in "：；" or len(last_line) <= 30


def _ends_ok(text: str, b: int) -> bool:
    """A passage ends a sentence (。！？) or a short, heading-like line."""
    if text[b - 1] in "。！？":
        return True
    line = text[:b].rsplit("\n", 1)[-1].strip()
    return len(line) <= 30 and (b == len(text) or text[b] == "\n")


def _dense(span: str) -> bool:
    """Mostly text: at least 85 % of the characters are neither whitespace nor form filler."""
    filler = sum(1 for ch in span if ch.isspace() or ch in "(（）)")
    return filler <= 0.15 * len(span)


def pick_span(doc: PoolDoc, cls: str, rng: random.Random, min_sentences: int = 1) -> tuple[int, int]:
    """A run of whole sentences of `doc`, of a length in class `cls`, that reads as running text."""
    lo, hi = LENGTH_CLASSES[cls]
    text = doc.text
    sents = sentences(text)
    candidates = []
    for i, (a, _) in enumerate(sents):
        if text[a].isspace() or not _starts_ok(text, a):
            continue
        for j in range(i + min_sentences - 1, len(sents)):
            end = sents[j][1]
            while end > a and text[end - 1].isspace():
                end -= 1
            if end - a > hi:
                break
            if end - a >= lo and _ends_ok(text, end) and _dense(text[a:end]):
                candidates.append((a, end))
    if not candidates:
        raise RetryError(f"no {cls} span in {doc.id}")
    return rng.choice(candidates)


def boundaries(text: str) -> list[int]:
    """Where a passage may be inserted: after 。！？ or a line break, never at 0."""
    return [b for _, b in sentences(text) if 0 < b < len(text) and text[b - 1] in "。！？\n"] + [len(text)]


def _spread(points: list[int], n: int, rng: random.Random, gap: int = 200) -> list[int]:
    """`n` insertion points at least `gap` characters apart (passages never touch)."""
    for _ in range(100):
        picked = rng.sample(points, n)
        ordered = sorted(picked)
        if all(b - a >= gap for a, b in itertools.pairwise(ordered)):
            return picked
    raise RetryError("no spread insertion points")


def insert(
    host: str, items: list[tuple[str, object]], rng: random.Random, gap: int = 200
) -> tuple[str, list[tuple[int, int]]]:
    """Insert each text at its own random boundary of `host`, `gap` characters apart; returns the new
    text and each inserted text's span. After a line break the text becomes its own paragraph."""
    points = _spread(boundaries(host), len(items), rng, gap)
    order = sorted(range(len(items)), key=lambda i: points[i])
    out, spans, last = [], [(0, 0)] * len(items), 0
    pos = 0
    for i in order:
        p = points[i]
        out.append(host[last:p])
        pos += p - last
        text = items[i][0]
        own_para = p == len(host) or host[p - 1] == "\n"
        if p == len(host) and not host.endswith("\n"):
            out.append("\n")
            pos += 1
        out.append(text)
        spans[i] = (pos, pos + len(text))
        pos += len(text)
        if own_para and p < len(host):
            out.append("\n")
            pos += 1
        last = p
    out.append(host[last:])
    return "".join(out), spans


def check_overlaps(susp: str, src: str, allowed: list[tuple[int, int, int, int]]) -> None:
    """Every run of CONFLICT_K normalised characters the two texts share must lie inside one of
    the `allowed` (susp_start, susp_end, src_start, src_end) boxes — the truth passages, or the
    boilerplate of a negative case. Anything else would be reuse the truth does not list."""
    ns, os_ = normalise(susp)
    nr, or_ = normalise(src)
    k = CONFLICT_K
    where: dict[str, list[int]] = {}
    for j in range(len(nr) - k + 1):
        where.setdefault(nr[j : j + k], []).append(j)
    for i in range(len(ns) - k + 1):
        for j in where.get(ns[i : i + k], ()):
            a0, a1, b0, b1 = os_[i], os_[i + k - 1], or_[j], or_[j + k - 1]
            if not any(s0 <= a0 and a1 < s1 and r0 <= b0 and b1 < r1 for s0, s1, r0, r1 in allowed):
                raise RetryError(f"unlisted shared text {susp[a0 : a1 + 1]!r}")
