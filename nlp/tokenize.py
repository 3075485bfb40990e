"""Chinese word segmentation: jieba with the QC domain dictionary (lexicon/userdict.txt).

The only module that imports jieba. The tokenizer is built once, on first use, and its prefix
dictionary (jieba's 350k words, the userdict and their prefixes: ≈ 500k entries, 0.8 CPU s to unmarshal
whole) is read only in the part a text needs: jieba looks up only fragments of the sentence it cuts, so
the entries starting with the sentence's characters are all it can touch. The dictionary jieba builds
with the userdict is saved once, grouped by first character (`_PrefixDict`, a cache file in the temp
folder beside jieba's own, keyed by the jieba version and both dictionaries' bytes); each `cut` first
merges the groups of its characters not read yet. Same words, same frequencies, same total: the same
segmentation as the whole dictionary (tests/nlp/test_tokenize.py), for ≈ 0.05 s instead of 0.8 s.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import tempfile
import threading
from collections.abc import Iterator
from functools import lru_cache
from math import log
from pathlib import Path
from typing import Any

import jieba
from jieba import finalseg

from ingest.fileio import atomic_write_bytes

from .normalize import normalize

USERDICT = Path(__file__).parent / "lexicon" / "userdict.txt"
CACHE_FORMAT = 1
_PREFIX = 1.0  # `_PrefixDict._logp` of a prefix that is no word (log probabilities are below 0)


def _cache_path() -> Path:
    h = hashlib.sha256(f"{CACHE_FORMAT}:{jieba.__version__}:".encode())
    with jieba.get_dict_file() as f:  # jieba's own dict.txt
        h.update(f.read())
    h.update(USERDICT.read_bytes())
    return Path(tempfile.gettempdir()) / f"qcscreen-jieba-{h.hexdigest()[:16]}.cache"


def _grouped_dictionary(path: Path) -> tuple[dict[str, bytes], int]:
    """First character → the marshalled entries starting with it, and the total frequency: read from
    `path`, or built from jieba's whole dictionary plus the userdict and saved there."""
    if path.is_file():
        try:
            with path.open("rb") as f:
                groups, total = marshal.load(f)
            return groups, total
        except (OSError, EOFError, ValueError, TypeError):
            pass  # a damaged cache is rebuilt
    full = jieba.Tokenizer()
    full.load_userdict(str(USERDICT))
    by_first: dict[str, dict[str, int]] = {}
    for word, freq in full.FREQ.items():
        by_first.setdefault(word[0], {})[word] = freq
    groups = {ch: marshal.dumps(entries) for ch, entries in by_first.items()}
    try:
        atomic_write_bytes(path, marshal.dumps((groups, full.total)))
    except OSError:
        pass  # a read-only temp folder: the next process builds it again
    return groups, full.total


class _PrefixDict(jieba.Tokenizer):  # type: ignore[misc]  # jieba is unannotated
    """A jieba tokenizer whose prefix dictionary is filled, per first character, by the texts it cuts."""

    def __init__(self, groups: dict[str, bytes], total: int) -> None:
        super().__init__()
        self.FREQ: dict[str, int] = {}
        self.total, self.initialized = total, True
        self._groups = groups
        self._lock = threading.Lock()
        self._logp: dict[str, float] = {}  # word → log(freq) - log(total), `_PREFIX` for a bare prefix

    def _need(self, text: str) -> None:
        missing = [ch for ch in set(text) if ch in self._groups]
        if missing:
            with self._lock:
                for ch in missing:
                    blob = self._groups.pop(ch, None)
                    if blob is not None:
                        self.FREQ.update(marshal.loads(blob))

    def cut(self, sentence: Any, *args: Any, **kwargs: Any) -> Iterator[str]:
        text = jieba.strdecode(sentence)
        self._need(text)
        return super().cut(text, *args, **kwargs)  # type: ignore[no-any-return]

    def cut_hmm(self, text: str) -> list[str]:
        """`lcut(text, HMM=True)` without jieba's generators: the blocks of Han characters, letters and
        figures cut by `_cut_block`, the rest split at whitespace as `jieba.Tokenizer.cut` splits it."""
        self._need(text)
        out: list[str] = []
        for blk in jieba.re_han_default.split(text):
            if not blk:
                continue
            if jieba.re_han_default.match(blk):
                out.extend(self._cut_block(blk))
                continue
            for x in jieba.re_skip_default.split(blk):
                if jieba.re_skip_default.match(x):
                    out.append(x)
                else:
                    out.extend(x)
        return out

    def _Tokenizer__cut_DAG(self, sentence: str) -> Iterator[str]:  # noqa: N802  # jieba's private name
        """jieba's `Tokenizer.__cut_DAG` (the cut with HMM), the runs of single characters it does not
        know handed to `_hmm_cut` instead of `jieba.finalseg.cut`: the same words."""
        return iter(self._cut_block(sentence))

    def _cut_block(self, sentence: str) -> list[str]:
        """The words of one Han block (`_Tokenizer__cut_DAG`) as a list: a run of single characters on
        the route is taken as one slice (not grown character by character) and decoded by `_flush`."""
        ends = self._route(sentence)
        out: list[str] = []
        x, run, n = 0, -1, len(sentence)
        while x < n:
            y = ends[x] + 1
            if y - x == 1:
                if run < 0:
                    run = x
            else:
                if run >= 0:
                    self._flush(sentence[run:x], out)
                    run = -1
                out.append(sentence[x:y])
            x = y
        if run >= 0:
            self._flush(sentence[run:], out)
        return out

    def _route(self, sentence: str) -> list[int]:
        """jieba's `get_DAG` and `calc` in one pass from the end: for each position, the last character
        of the word starting there on the most probable route. The same sums in the same order and ties
        going to the longer word (`calc`'s max over (score, end) tuples), without the DAG dictionary and
        the generator per position. A word's log(freq) - log(total) is kept (`_logp`: the same number
        as computed afresh, the sum's first step) and looked up once with its presence in the prefix
        dictionary: `_PREFIX` marks a prefix that is no word itself (frequency 0)."""
        freq, logp, n = self.FREQ, self._logp, len(sentence)
        logtotal = log(self.total)
        score = [0.0] * (n + 1)
        ends = [0] * n
        for k in range(n - 1, -1, -1):
            best, end = 0.0, -1
            i, frag = k, sentence[k]
            while True:
                p = logp.get(frag)
                if p is None:
                    f = freq.get(frag)
                    if f is None:
                        break
                    p = logp[frag] = log(f) - logtotal if f else _PREFIX
                if p is not _PREFIX:
                    s = p + score[i + 1]
                    if end < 0 or s >= best:  # later ends are longer: a tie goes to them, as in `calc`
                        best, end = s, i
                i += 1
                if i >= n:
                    break
                frag = sentence[k : i + 1]
            if end < 0:  # no word starts here: the character alone
                best, end = log(freq.get(sentence[k]) or 1) - logtotal + score[k + 1], k
            score[k], ends[k] = best, end
        return ends

    def _flush(self, buf: str, out: list[str]) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif not self.FREQ.get(buf):
            out.extend(_hmm_cut(buf))
        else:
            out.extend(buf)


# jieba's HMM for unknown words (`jieba.finalseg`), its Viterbi decoding rewritten: `finalseg.viterbi`
# copies every state's whole path at every character (quadratic in a run's length, and most of the
# cut's time on text the dictionary does not know); `_hmm_states` keeps back pointers instead, with
# the same sums in the same order and ties going to the same state (max over (probability, state
# letter) tuples), so it decodes the same states (tests/nlp/test_tokenize.py compares the two).
_MIN = finalseg.MIN_FLOAT
_EMIT = {s: finalseg.emit_P[s].get for s in "BMES"}
_START = {s: finalseg.start_P[s] for s in "BMES"}
_TRANS = {(a, b): finalseg.trans_P[a].get(b, _MIN) for a in "BMES" for b in "BMES"}


_EMITTED: dict[str, tuple[float, float, float, float]] = {}  # character → its B, M, E, S emission


def _emission(c: str) -> tuple[float, float, float, float]:
    got = _EMITTED.get(c)
    if got is None:
        got = _EMITTED[c] = (_EMIT["B"](c, _MIN), _EMIT["M"](c, _MIN), _EMIT["E"](c, _MIN), _EMIT["S"](c, _MIN))
    return got


def _hmm_states(obs: str) -> list[str]:
    """The most probable B/M/E/S state of each character of `obs` (as `finalseg.viterbi`)."""
    t_eb, t_sb, t_mm, t_bm = _TRANS["E", "B"], _TRANS["S", "B"], _TRANS["M", "M"], _TRANS["B", "M"]
    t_ss, t_es, t_be, t_me = _TRANS["S", "S"], _TRANS["E", "S"], _TRANS["B", "E"], _TRANS["M", "E"]
    emitted = _EMITTED
    em_b, em_m, em_e, em_s = _emission(obs[0])
    v_b, v_m = _START["B"] + em_b, _START["M"] + em_m
    v_e, v_s = _START["E"] + em_e, _START["S"] + em_s
    back: list[tuple[str, str, str, str]] = []
    for c in obs[1:]:
        em_b, em_m, em_e, em_s = emitted.get(c) or _emission(c)
        x, y = v_e + t_eb + em_b, v_s + t_sb + em_b
        n_b, p_b = (x, "E") if x > y else (y, "S")
        x, y = v_m + t_mm + em_m, v_b + t_bm + em_m
        n_m, p_m = (y, "B") if y > x else (x, "M")
        x, y = v_b + t_be + em_e, v_m + t_me + em_e
        n_e, p_e = (x, "B") if x > y else (y, "M")
        x, y = v_s + t_ss + em_s, v_e + t_es + em_s
        n_s, p_s = (y, "E") if y > x else (x, "S")
        back.append((p_b, p_m, p_e, p_s))
        v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
    state = "S" if v_s >= v_e else "E"
    out = [state]
    at = {"B": 0, "M": 1, "E": 2, "S": 3}
    for step in reversed(back):
        state = step[at[state]]
        out.append(state)
    out.reverse()
    return out


def _hmm_cut(buf: str) -> list[str]:
    """`jieba.finalseg.cut`: Han runs decoded by the HMM, the rest split into letters, digits and others."""
    out: list[str] = []
    for blk in finalseg.re_han.split(buf):
        if not blk:
            continue
        if not finalseg.re_han.match(blk):
            out.extend(x for x in finalseg.re_skip.split(blk) if x)
            continue
        for word in _hmm_words(blk):
            if word in finalseg.Force_Split_Words:
                out.extend(word)
            else:
                out.append(word)
    return out


def _hmm_words(blk: str) -> list[str]:
    """`jieba.finalseg.__cut`: the words of a Han run by its HMM states."""
    out: list[str] = []
    begin = nexti = 0
    for i, state in enumerate(_hmm_states(blk)):
        if state == "B":
            begin = i
        elif state == "E":
            out.append(blk[begin : i + 1])
            nexti = i + 1
        elif state == "S":
            out.append(blk[i])
            nexti = i + 1
    if nexti < len(blk):
        out.append(blk[nexti:])
    return out


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    return _PrefixDict(*_grouped_dictionary(_cache_path()))


def words(text: str) -> list[str]:
    """Words of the normalised text, whitespace and punctuation-only tokens dropped."""
    out = []
    for w in _tokenizer().cut_hmm(normalize(text)):
        w = w.strip()
        if w.isalnum() or (w and any(ch.isalnum() for ch in w)):  # the first test answers for most words
            out.append(w)
    return out


def words_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) over the normalised text (offsets into `normalize(text)`)."""
    t = normalize(text)
    return [(w, s, e) for w, s, e in _tokenizer().tokenize(t) if w.strip()]
