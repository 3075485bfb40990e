"""A second signal on which step a section is, besides the heading words: each section's title and
content compared with a description of every step.

With an encoder (the caller passes `encode`, e.g. `index.embed` e5's `encode`: nlp does not import
`index`), sections and the step descriptions of `nlp/lexicon/steps.yaml` (`descriptions`) are embedded
and compared by cosine; a softmax over the steps (and `_none`: 小组概况, 活动计划, 目录) gives each section
a probability per step. Without one, the content cue words of the lexicon (`cues` and the must-contain
items' words) are counted instead: a weaker signal, and the confidences say so (`lexical_weight`).

The segmentation uses it to (1) give each step a confidence from both signals and (2) assign a section
that no heading placed (a slide whose title is a picture, a heading the lexicon does not know) when
the encoder is confident and the step fits the order of its neighbours.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from ingest.model import BlockKind, Document

from .normalize import normalize
from .steplex import lexicon

Encode = Callable[[list[str]], npt.NDArray[np.float32]]
NONE = "_none"
_SKIP = {BlockKind.note, BlockKind.furniture}
_HEADS = {BlockKind.title, BlockKind.heading}


@dataclass(frozen=True)
class Section:
    """A slide (decks) or the blocks from one heading to the next (flowing documents)."""

    blocks: tuple[int, ...]
    page: int
    title: str
    text: str


@dataclass(frozen=True)
class Classification:
    labels: tuple[str, ...]  # step ids, then NONE
    sections: tuple[Section, ...]
    probs: npt.NDArray[np.float64]  # sections x labels, rows sum to 1
    source: str  # "embedding" | "lexical"
    cue_probs: npt.NDArray[np.float64] | None = None  # the cue-word reading, beside an embedding one


def _params() -> dict[str, Any]:
    data: dict[str, Any] = lexicon()["classifier"]
    return data


def sections_of(doc: Document, heading_blocks: set[int]) -> list[Section]:
    """Slides of a deck; in a flowing document, the runs of blocks from one heading to the next."""
    deck = doc.format in {"pptx", "ppt", "dps"}
    groups: list[list[int]] = []
    for i, b in enumerate(doc.blocks):
        if b.kind in _SKIP or not b.text.strip():
            continue
        new = (
            (b.source.page != doc.blocks[groups[-1][-1]].source.page)
            if deck and groups
            else (not deck and (i in heading_blocks or b.kind in _HEADS))
        )
        if not groups or new:
            groups.append([])
        groups[-1].append(i)
    out = []
    for g in groups:
        first = doc.blocks[g[0]]
        title = first.text.strip().split("\n", 1)[0] if first.kind in _HEADS or g[0] in heading_blocks else ""
        text = normalize("\n".join(doc.blocks[i].text for i in g))
        out.append(Section(tuple(g), first.source.page, normalize(title), text))
    return out


@lru_cache(maxsize=4)
def _prototypes(encode: Encode, labels: tuple[str, ...]) -> tuple[tuple[int, ...], npt.NDArray[np.float32]]:
    """(label index of each description, the descriptions' embeddings), computed once per encoder."""
    desc: dict[str, list[str]] = lexicon()["descriptions"]
    owners: list[int] = []
    texts: list[str] = []
    for k, label in enumerate(labels):
        for d in desc.get(label, []):
            owners.append(k)
            texts.append(str(d))
    return tuple(owners), np.asarray(encode(texts), dtype=np.float32)


def _softmax(x: npt.NDArray[np.float64], temperature: float) -> npt.NDArray[np.float64]:
    z = (x - x.max(axis=1, keepdims=True)) / temperature
    e = np.exp(z)
    out: npt.NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
    return out


def _embedding_probs(sections: list[Section], labels: tuple[str, ...], encode: Encode) -> npt.NDArray[np.float64]:
    p = _params()
    owners, protos = _prototypes(encode, labels)
    cap = int(p["max_chars"])
    vecs = np.asarray(encode([f"{s.title}\n{s.text}"[:cap] for s in sections]), dtype=np.float32)
    sims = vecs @ protos.T  # sections x descriptions
    best = np.full((len(sections), len(labels)), -1.0)
    for j, k in enumerate(owners):
        best[:, k] = np.maximum(best[:, k], sims[:, j])
    return _softmax(best, float(p["temperature"]))


@lru_cache(maxsize=1)
def _cue_words() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    words: dict[str, set[str]] = {}
    for step, cues in lex["cues"].items():
        words.setdefault(step, set()).update(normalize(str(c)) for c in cues)
    for step, specs in lex["items"].items():
        for spec in specs:
            words.setdefault(step, set()).update(str(w) for w in spec.get("any", []))
    return {s: re.compile("|".join(sorted(ws, key=len, reverse=True))) for s, ws in words.items() if ws}


def _lexical_probs(sections: list[Section], labels: tuple[str, ...]) -> npt.NDArray[np.float64]:
    cues = _cue_words()
    counts = np.zeros((len(sections), len(labels)))
    for r, s in enumerate(sections):
        for k, label in enumerate(labels):
            rx = cues.get(label)
            counts[r, k] = len(rx.findall(s.text)) if rx is not None else 0.0
    counts[:, labels.index(NONE)] = float(_params()["lexical_none"])
    out: npt.NDArray[np.float64] = counts / counts.sum(axis=1, keepdims=True)
    return out


def classify(doc: Document, labels: list[str], heading_blocks: set[int], encode: Encode | None) -> Classification:
    """Each section's probability of being each of `labels` (and NONE)."""
    sections = sections_of(doc, heading_blocks)
    labs = (*labels, NONE)
    if not sections:
        return Classification(labs, (), np.zeros((0, len(labs))), "lexical")
    cues = _lexical_probs(sections, labs)
    if encode is not None:
        return Classification(labs, tuple(sections), _embedding_probs(sections, labs, encode), "embedding", cues)
    return Classification(labs, tuple(sections), cues, "lexical")


def step_agreement(c: Classification, step: str, blocks: set[int], doc: Document) -> float | None:
    """The classifier's probability that the step's text is that step: the mean over the sections
    holding its blocks, weighted by how much of the step's text each holds."""
    if step not in c.labels or not c.sections:
        return None
    k = c.labels.index(step)
    num = den = 0.0
    for r, s in enumerate(c.sections):
        w = sum(len(doc.blocks[i].text) for i in s.blocks if i in blocks)
        if w:
            num += w * float(c.probs[r, k])
            den += w
    return num / den if den else None


def confident_label(c: Classification, r: int) -> tuple[str, float] | None:
    """The step a section is, when the embedding signal is sure (probability and margin) and the cue
    words point the same way (on the independent tune half each signal alone is right on ~60 % of
    the sections; sure and agreeing, on ~85 %: bench/results/step_classifier.md)."""
    if c.source != "embedding" or c.cue_probs is None:
        return None
    p = _params()
    row = c.probs[r]
    order = np.argsort(row)[::-1]
    top, second = float(row[order[0]]), float(row[order[1]]) if len(order) > 1 else 0.0
    label = c.labels[int(order[0])]
    if label == NONE or top < float(p["assign_min"]) or top - second < float(p["assign_margin"]):
        return None
    if c.labels[int(np.argmax(c.cue_probs[r]))] != label:
        return None
    return label, top


def blend(lexical: float, agreement: float | None, source: str) -> float:
    """A step's confidence from the heading signal and the classifier's agreement."""
    if agreement is None:
        return lexical
    w = float(_params()["embedding_weight" if source == "embedding" else "lexical_weight"])
    return round(min(1.0, max(0.0, (1 - w) * lexical + w * math.sqrt(agreement))), 3)


def placements(
    c: Classification, doc: Document, block_steps: list[str | None], closed: set[int], order: list[str]
) -> list[tuple[Section, str, float]]:
    """Sections no heading placed (none of their blocks has a step, none is `closed`: a non-step
    heading's section or a 目录 page) that the embedding signal places with confidence, between the
    steps of the sections before and after them."""
    rank = {s: k for k, s in enumerate(order)}
    out = []
    for r, sec in enumerate(c.sections):
        if any(block_steps[i] for i in sec.blocks) or closed & set(sec.blocks):
            continue
        hit = confident_label(c, r)
        if hit is None or hit[0] not in rank:
            continue
        before = [rank[s] for i in range(sec.blocks[0]) if (s := block_steps[i]) in rank]
        after = [rank[s] for i in range(sec.blocks[-1] + 1, len(block_steps)) if (s := block_steps[i]) in rank]
        if (before and rank[hit[0]] < max(before)) or (after and rank[hit[0]] > min(after)):
            continue  # out of order with its neighbours: not a guess worth making
        out.append((sec, hit[0], hit[1]))
    return out
