"""Sentence pairs that share most of their content words: the evidence for heavily edited sentences.

Characters and word runs find a reworked sentence only where long enough stretches survived; a
sentence rewritten clause by clause ("各推荐单位按照后续通知要求将…项目成果提交市市场监管委" ↔
"各推荐单位按照…统一要求完成项目成果报送工作") keeps its content words but not their runs. The best text
alignment system of PAN 2014 (Sanchez-Perez et al.) starts from such pairs: sentences compared as
bags of words. Here a sentence is the set of its content words (two characters or more, not a figure;
`index.copy.synonyms.cut`), a word of one sentence matches when the other holds the same word or a
同义词词林 synonym, and the pair's Dice = matched words of both / words of both. A pair counts when
Dice ≥ `min_dice`, it holds `min_matched` matched words on each side, the sentences are each
other's best match (one-to-one) and their figures agree.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from index.copy.paraphrase import Sentence, sentences
from index.copy.passages import EDITED, Fragment, same_figures
from index.copy.synonyms import Words


class SentenceMatchParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_dice: float = Field(default=0.6, ge=0.0, le=1.0)
    min_matched: int = Field(default=5, ge=1)  # matched content words on each side
    margin: float = Field(default=0.05, ge=0.0)  # how close to a sentence's best match the pair must be


def _bags(sents: list[Sentence], words: Words) -> list[list[tuple[int, ...]]]:
    """The keys of the content words inside each sentence."""
    out: list[list[tuple[int, ...]]] = [[] for _ in sents]
    k = 0
    for i, s in enumerate(sents):
        while k < len(words) and words.starts[k] < s.start:
            k += 1
        j = k
        while j < len(words) and words.ends[j] <= s.end:
            if words.content[j]:
                out[i].append(words.keys[j])
            j += 1
    return out


def _matched(bag: list[tuple[int, ...]], other: set[int]) -> int:
    return sum(1 for keys in bag if other.intersection(keys))


def sentence_fragments(
    a_text: str, b_text: str, words_a: Words, words_b: Words, params: SentenceMatchParams | None = None
) -> list[Fragment]:
    """One fragment per pair of sentences that share most of their content words (synonyms allowed)."""
    params = params or SentenceMatchParams()
    sa, sb = sentences(a_text), sentences(b_text)
    bags_a, bags_b = _bags(sa, words_a), _bags(sb, words_b)
    keys_b = [{k for keys in bag for k in keys} for bag in bags_b]
    keys_a = [{k for keys in bag for k in keys} for bag in bags_a]
    dice: dict[tuple[int, int], float] = {}
    for i, bag in enumerate(bags_a):
        if len(bag) < params.min_matched:
            continue
        for j, other in enumerate(bags_b):
            if len(other) < params.min_matched:
                continue
            ma, mb = _matched(bag, keys_b[j]), _matched(other, keys_a[i])
            if min(ma, mb) >= params.min_matched:
                dice[(i, j)] = (ma + mb) / (len(bag) + len(other))
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for (i, j), d in dice.items():
        best_a[i] = max(best_a.get(i, 0.0), d)
        best_b[j] = max(best_b.get(j, 0.0), d)
    out = []
    for (i, j), d in sorted(dice.items()):
        if d < params.min_dice or d < best_a[i] - params.margin or d < best_b[j] - params.margin:
            continue
        x, y = sa[i], sb[j]
        if x.folded == y.folded or not same_figures(x.text, y.text):
            continue
        out.append(Fragment(x.start, x.end, y.start, y.end, EDITED, d))
    return out
