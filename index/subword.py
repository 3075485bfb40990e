"""The e5 tokenizer without its 0.7-second start: a Unigram model over only the pieces a batch can use.

`tokenizers` builds the trie of all 250,002 sentencepiece pieces when it loads `tokenizer.json`: ≈ 0.7
CPU s of every cold `compare` and `similar` (issue 16). A Unigram segmentation of a word only ever
uses pieces that are substrings of that word, so `SubwordTokenizer.encode` collects those pieces for
the texts it is given (every substring of every normalised, pre-tokenised word, up to the longest
piece that starts with the substring's first character, looked up in a dict of all pieces), builds a
Unigram model over them alone — with the four special tokens at their own ids and the piece of the
lowest score, from which `tokenizers` derives the score of an unknown character — and maps the ids
back. The ids are the full tokenizer's, for any text
(tests/index/test_onnx_model.py: 58k sentences of ../shared/data and odd inputs, none differs).

The export (`index.onnx_model`) writes `unigram.npz` beside `tokenizer.json`: the pieces (UTF-8,
NUL-separated), their float64 scores, and `tokenizer.json` with only the special pieces (normaliser,
pre-tokeniser and template: the shell the small models are put in). Loading it: ≈ 0.1 s.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

SPECIALS = 4  # <s> <pad> </s> <unk>: ids 0-3 in the full vocabulary and in every small one
UNK_ID = 3


def write(tokenizer_json: Path, out: Path) -> None:
    """`out` (unigram.npz) from the full `tokenizer.json`, atomically (a temporary file renamed)."""
    spec = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    model = spec["model"]
    if model.get("type") != "Unigram" or model.get("unk_id") != UNK_ID or spec.get("added_tokens"):
        raise ValueError(f"{tokenizer_json} 不是预期的 e5 Unigram 分词器")
    pieces = [p for p, _ in model["vocab"]]
    if any("\x00" in p for p in pieces):
        raise ValueError(f"{tokenizer_json} 的词片中含 NUL 字符")
    shell = dict(spec, model=dict(model, vocab=model["vocab"][:SPECIALS]))
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp.npz")
    np.savez(
        tmp,
        pieces=np.frombuffer("\x00".join(pieces).encode("utf-8"), dtype=np.uint8),
        scores=np.array([s for _, s in model["vocab"]], dtype=np.float64),
        shell=np.frombuffer(json.dumps(shell, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
    )
    os.replace(tmp, out)


class SubwordTokenizer:
    """The e5 tokenizer's ids (truncated to `max_tokens`, with <s> … </s>) from `unigram.npz`."""

    def __init__(self, path: Path, max_tokens: int) -> None:
        from tokenizers import Tokenizer

        with np.load(path) as z:
            self.pieces = bytes(z["pieces"]).decode("utf-8").split("\x00")
            self.scores = z["scores"]
            shell = bytes(z["shell"]).decode("utf-8")
        self.ids = dict(zip(self.pieces, range(len(self.pieces)), strict=True))
        # tokenizers scores an unknown character below the lowest piece: that piece is in every model
        self.lowest = int(np.argmin(self.scores))
        self.shell: Tokenizer = Tokenizer.from_str(shell)
        self.shell.enable_truncation(max_tokens)
        self._lock = threading.Lock()
        self._reach: dict[str, int] | None = None  # `_reach_of`, made at the first `_used`

    def _reach_of(self) -> dict[str, int]:
        """The length of the longest piece that starts with each character: a substring of a word
        that is longer than that from where it starts is no piece, so `_used` does not look it up."""
        if self._reach is None:
            reach: dict[str, int] = {}
            for piece in self.pieces:
                if piece and len(piece) > reach.get(piece[0], 0):
                    reach[piece[0]] = len(piece)
            self._reach = reach
        return self._reach

    def _used(self, texts: list[str]) -> list[int]:
        """Ids of the pieces that occur in the texts' words, ascending, the specials and `lowest` first."""
        normalizer, pre = self.shell.normalizer, self.shell.pre_tokenizer
        assert normalizer is not None and pre is not None
        found: set[int] = set()
        ids, reach = self.ids, self._reach_of()
        for text in texts:
            for word, _ in pre.pre_tokenize_str(normalizer.normalize_str(text)):
                n = len(word)
                for i in range(n):
                    for j in range(i + 1, min(n, i + reach.get(word[i], 0)) + 1):
                        g = ids.get(word[i:j])
                        if g is not None:
                            found.add(g)
        found.discard(self.lowest)
        return [
            *range(SPECIALS),
            *([] if self.lowest < SPECIALS else [self.lowest]),
            *sorted(found - set(range(SPECIALS))),
        ]

    def encode(self, texts: list[str]) -> list[list[int]]:
        from tokenizers import models

        used = self._used(texts)
        back = np.array(used, dtype=np.int64)
        vocab = [(self.pieces[g], float(self.scores[g])) for g in used]
        with self._lock:
            self.shell.model = models.Unigram(vocab, unk_id=UNK_ID, byte_fallback=False)
            encoded = self.shell.encode_batch(texts)
        return [back[e.ids].tolist() for e in encoded]


class FullTokenizer:
    """`tokenizer.json` as it is (an export without `unigram.npz`): ≈ 0.7 s to load."""

    def __init__(self, path: Path, max_tokens: int) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(path))
        self.tokenizer.enable_truncation(max_tokens)

    def encode(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(texts)]
