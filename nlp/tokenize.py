"""Chinese word segmentation: jieba with the QC domain dictionary (lexicon/userdict.txt).

The only module that imports jieba. The tokenizer (and its dictionary) is built once, on first use.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import jieba

from .normalize import normalize

USERDICT = Path(__file__).parent / "lexicon" / "userdict.txt"


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    t = jieba.Tokenizer()
    t.load_userdict(str(USERDICT))
    return t


def words(text: str) -> list[str]:
    """Words of the normalised text, whitespace and punctuation-only tokens dropped."""
    out = []
    for w in _tokenizer().lcut(normalize(text), HMM=True):
        w = w.strip()
        if w and any(ch.isalnum() for ch in w):
            out.append(w)
    return out


def words_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) over the normalised text (offsets into `normalize(text)`)."""
    t = normalize(text)
    return [(w, s, e) for w, s, e in _tokenizer().tokenize(t) if w.strip()]
