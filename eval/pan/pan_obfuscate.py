"""Obfuscations of a source passage: light edits, sentence reordering, synonym substitution.

Each function takes the passage and a seeded random generator and returns the obfuscated passage
plus a list of the edits made (kept in the truth file so a reader can see what was done).
"""

from __future__ import annotations

import random
import re

import jieba
import zhconv

jieba.setLogLevel(60)

# full-width punctuation -> the half-width form a careless copy (or an English IME) produces
HALF_PUNCT = {
    "，": ",",
    "。": ".",
    "；": ";",
    "：": ":",
    "（": "(",
    "）": ")",
    "？": "?",
    "！": "!",
    "“": '"',
    "”": '"',
    "、": ",",
}
SEGMENT = re.compile(r"[^。！？；\n]*(?:[。！？；]+|\n|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`: ends after 。！？； (runs of them) or at a line break."""
    spans = []
    for m in SEGMENT.finditer(text):
        if m.end() > m.start():
            spans.append((m.start(), m.end()))
    return spans


def _punct(text: str, rng: random.Random) -> tuple[str, str]:
    share = rng.uniform(0.6, 1.0)
    out = [HALF_PUNCT[ch] if ch in HALF_PUNCT and rng.random() < share else ch for ch in text]
    return "".join(out), f"half-width punctuation ({share:.0%} of marks)"


def _width(text: str, rng: random.Random) -> tuple[str, str]:
    def flip(ch: str) -> str:
        if ch.isascii() and ch.isalnum():
            return chr(ord(ch) + 0xFEE0)
        if "\uff10" <= ch <= "\uff5a":
            return chr(ord(ch) - 0xFEE0)
        return ch

    del rng
    return "".join(flip(ch) for ch in text), "digits and Latin letters switched to the other width"


def _particles(text: str, rng: random.Random) -> tuple[str, str]:
    words = jieba.lcut(text)
    share = rng.uniform(0.5, 1.0)
    kept = [w for w in words if not (w in ("的", "了") and rng.random() < share)]
    return "".join(kept), f"的/了 dropped ({share:.0%} of them)"


def _traditional(text: str, rng: random.Random) -> tuple[str, str]:
    del rng
    return zhconv.convert(text, "zh-hant"), "traditional characters"


LIGHT_EDITS = {"punct": _punct, "width": _width, "particles": _particles, "traditional": _traditional}


def light_edit(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """Two or three of: half-width punctuation, digit/letter width, 的/了 dropped, traditional
    characters — only edits that change this passage count."""
    names = list(LIGHT_EDITS)
    rng.shuffle(names)
    want = rng.choice((2, 2, 3))
    out, done = text, []
    for name in names:
        changed, note = LIGHT_EDITS[name](out, rng)
        if changed != out:
            out, done = changed, [*done, note]
        if len(done) == want:
            break
    if not done:
        raise ValueError("no light edit changes this passage")
    return out, done


def reorder(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """The sentences of each paragraph of the passage in another order (headings and line breaks
    stay where they are); at least three sentences move in all."""
    lines = text.split("\n")
    moved, total, out = 0, 0, []
    for line in lines:
        parts = [line[a:b] for a, b in sentences(line)]
        if len(parts) < 2:
            out.append(line)
            continue
        if not parts[-1].endswith(tuple("。！？；")):
            parts[-1] += "。"  # a moved last sentence keeps its stop
        order = list(range(len(parts)))
        for _ in range(20):
            rng.shuffle(order)
            if order != sorted(order):
                break
        moved += sum(1 for i, j in enumerate(order) if i != j)
        total += len(parts)
        out.append("".join(parts[j] for j in order))
    if moved < 3:
        raise ValueError("fewer than three sentences move")
    return "\n".join(out), [f"{moved} of {total} sentences moved within their paragraphs"]


def substitute(text: str, table: dict[str, list[str]], rng: random.Random) -> tuple[str, list[str]]:
    """Replace a share (50–80 %) of the words found in our synonym table; at least one word in
    sixty characters and never fewer than two."""
    words = jieba.lcut(text)
    slots = [i for i, w in enumerate(words) if w in table]
    need = max(2, len(text) // 60)
    if len(slots) < need:
        raise ValueError("too few words of the synonym table")
    share = rng.uniform(0.5, 0.8)
    chosen = [i for i in slots if rng.random() < share]
    if len(chosen) < need:
        chosen = sorted(rng.sample(slots, need))
    for i in chosen:
        words[i] = rng.choice(table[words[i]])
    return "".join(words), [f"{len(chosen)} of {len(slots)} table words replaced by synonyms"]
