"""Chinese word segmentation: jieba with the QC domain dictionary (lexicon/userdict.txt).

The only module that imports jieba. The tokenizer is built once, lazily, in this process.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from .normalize import normalize

USERDICT = Path(__file__).parent / "lexicon" / "userdict.txt"

_lock = threading.Lock()
_tok: Any = None


def _tokenizer() -> Any:
    global _tok
    if _tok is None:
        with _lock:
            if _tok is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                t = jieba.Tokenizer()
                t.load_userdict(str(USERDICT))
                _tok = t
    return _tok


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
