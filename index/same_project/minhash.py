"""MinHash/LSH candidates for "the same project again", verified exactly on the texts.

A project resubmitted under a new title keeps most of its text. On the whole folded text
(`index.fingerprint.fold_text`, the vectorised `nlp.normalize.fold`: NFKC, simplified, lower case,
punctuation and spaces dropped) we take character k-gram shingles, hash each one (the low 32 bits of
`index.fingerprint.kgram_hashes`: a polynomial over code points with the splitmix64 finaliser, numpy,
stable across processes and machines), and

* index the datasketch MinHash signature in banded LSH tables to find candidates fast. The banding
  (b bands of r rows) is datasketch's optimum for `lsh_threshold` (`MinHashLSH(...).b/.r`, `lsh_bands`),
  recorded in the saved index so that loading and querying import neither datasketch nor the
  scipy.integrate it integrates with (≈ 0.3 s of a cold `similar`, issue 16; the permutations are
  drawn as datasketch draws them, `_permutations`); the tables
  themselves are sorted numpy arrays of band hashes (16 bytes per band and project, in memory only,
  rebuilt on load) rather than `MinHashLSH`'s dicts of sets, which took ~7 KB per project;
* verify every candidate exactly: true Jaccard |A∩B|/|A∪B| and containment |A∩B|/|A| (how much of
  the submission is in the old project) of the shingle sets. datasketch's LSH is approximate and
  returns pairs below its threshold (datasketch #105, #140), so nothing is reported unverified.

Only the signatures and the shingle counts are stored (index format 2: 4 × num_perm + 4 bytes per
project, 516 bytes by default). The shingle set of a candidate is computed at query time from its
text, which comes from a text source (`text_of`, e.g. `CorpusStore.project_text`); a small LRU cache
keeps the sets last computed. Without a text source the index keeps the texts given to `add` in
memory, for this process only. A candidate whose text is not available (an index loaded without a
text source, or a text whose shingle count no longer matches the one indexed) is judged on the
signature's estimate instead — `MinHashHit.exact` is then False and callers must say so: the
Jaccard estimate is the share of equal signature values (standard error sqrt(J(1-J)/num_perm), 0.044
at J=0.5 with 128 permutations) and the containment estimate J(|A|+|B|)/((1+J)|A|) from the counts.

`keep_mod` > 1 keeps only shingles whose hash is 0 modulo `keep_mod` (Broder's MOD-m sample):
Jaccard and containment of the samples are unbiased estimates of the full ones and the sets are
`keep_mod` times smaller (less work per verification); the default 1 keeps every shingle (exact).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Collection
from pathlib import Path
from typing import NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from index.cache import LRUCache
from index.copy.fingerprint import fold_text, kgram_hashes
from ingest.fileio import atomic_open, atomic_write_text

SCHEME = "affine32"  # datasketch >= 2: uint32 hash values, bijective permutations
FORMAT = 2  # 1: CRC-32 shingles and packed shingle sets on disk; 2: k-gram hashes, signatures only
_LOW32 = np.uint64(0xFFFFFFFF)

log = logging.getLogger(__name__)

TextSource = Callable[[str], str | None]


class MinHashParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    shingle: int = Field(default=4, ge=2, le=12)  # characters per shingle (folded text)
    num_perm: int = Field(default=128, ge=16, le=512)
    # Candidate threshold, below the verdict's Jaccard (0.5): b=37 bands of r=3 rows; P(candidate) is
    # 0.99 at J=0.5, 0.26 at J=0.2 and 0.04 at J=0.1 (unrelated projects sharing template text).
    lsh_threshold: float = Field(default=0.3, gt=0.0, lt=1.0)
    verify_max: int = Field(default=50, ge=1)  # candidates verified exactly, best estimated Jaccard first
    keep_mod: int = Field(default=1, ge=1)  # 1 = exact sets; m > 1 = MOD-m sample
    seed: int = 1
    min_shingles: int = Field(default=20, ge=1)  # shorter texts are not indexed (signatures collapse)


class MinHashHit(NamedTuple):
    """One verified candidate: Jaccard of the two shingle sets, containment of the query in `key`.
    `exact` is False when the candidate's text was unavailable and both values are signature estimates."""

    key: str
    jaccard: float
    containment: float
    exact: bool = True


def shingle_hashes(text: str, params: MinHashParams) -> np.ndarray:
    """Sorted unique uint32 hashes of the folded text's character k-grams (MOD-m sampled)."""
    h = np.sort((kgram_hashes(fold_text(text).codes, params.shingle) & _LOW32).astype(np.uint32))
    if h.size > 1:  # unique of a sorted array (np.unique is ~50 times slower here)
        h = h[np.concatenate(([True], h[1:] != h[:-1]))]
    hashes = h
    if params.keep_mod > 1:
        hashes = hashes[hashes % np.uint32(params.keep_mod) == 0]
    return hashes


_SIGNATURE_BLOCK = 512  # shingle hashes per block of `signature`


@functools.lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch 2's affine32 permutations (`MinHash(num_perm, seed, scheme="affine32").permutations`:
    an odd multiplier and an offset drawn from RandomState(seed)), drawn here the same way: importing
    datasketch imports scipy.integrate (≈ 0.3-2 s cold), which a query does not need (issue 16)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def signature(hashes: np.ndarray, params: MinHashParams) -> np.ndarray:
    """The MinHash signature (uint32, num_perm values) of a shingle set: the same values as datasketch's
    `MinHash(num_perm, seed, hashfunc=int, scheme="affine32").update_batch(hashes)`, computed in numpy
    blocks (4-5 times faster than datasketch's per-value Python loop). The (block, num_perm) products
    wrap modulo 2**32, as datasketch's; they are computed into one reused buffer of 512 rows (256 KiB):
    a fresh 1 MiB array per block cost as much again in allocation and page faults (≈ 3.7 → 1.2 ms a
    project of 8k shingles, the Spark corpus build's largest own cost)."""
    a, b = _permutations(params.num_perm, params.seed)
    out = np.full(params.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    hv = _fmix32(np.asarray(hashes, dtype=np.uint32))
    buf = np.empty((min(hv.shape[0], _SIGNATURE_BLOCK), params.num_perm), dtype=np.uint32)
    for i in range(0, hv.shape[0], _SIGNATURE_BLOCK):
        block = hv[i : i + _SIGNATURE_BLOCK]
        prod = buf[: block.shape[0]]
        np.multiply(block[:, None], a, out=prod)
        np.add(prod, b, out=prod)
        np.minimum(out, np.minimum.reduce(prod, axis=0), out=out)
    return out


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, datasketch's pre-mix for the affine32 scheme."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return np.asarray(h ^ (h >> np.uint32(16)))


def jaccard_containment(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact Jaccard of two sorted unique hash sets, and containment of `a` in `b` (|a∩b|/|a|)."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = int(np.intersect1d(a, b, assume_unique=True).size)
    union = len(a) + len(b) - inter
    return inter / union, inter / len(a)


def estimate_jaccard_containment(sig_a: np.ndarray, sig_b: np.ndarray, n_a: int, n_b: int) -> tuple[float, float]:
    """Signature estimates: Jaccard = share of equal values; containment of A in B from the set sizes."""
    if n_a == 0 or n_b == 0:
        return 0.0, 0.0
    j = float(np.mean(sig_a == sig_b))
    inter = j * (n_a + n_b) / (1.0 + j)
    return j, min(1.0, inter / n_a)


@functools.cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's optimal banding (b bands of r rows) for the LSH threshold; it integrates with
    scipy (≈ 0.3 s cold with the import), so a saved index records the result."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def _stored_bands(value: object, params: MinHashParams) -> tuple[int, int] | None:
    """The banding a saved index records (None: an index saved before it did, or not two counts
    that fit the signature — then it is computed)."""
    if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, int) and v > 0 for v in value):
        return None
    b, r = value
    return (b, r) if b * r <= params.num_perm else None


class MinHashIndex:
    """Keys (project ids) → MinHash signatures with an LSH for candidates, verified on the texts.
    Verbs: add / remove / query / verify / save / load."""

    PREFIX = "minhash"  # files: <prefix>.json (last written), <prefix>.sig.npy

    def __init__(
        self,
        params: MinHashParams | None = None,
        *,
        text_of: TextSource | None = None,
        cache_size: int = 256,
        bands: tuple[int, int] | None = None,
    ) -> None:
        """`bands` (b, r): the banding `lsh_bands` gives for `params`, as a saved index records it."""
        self.params = params or MinHashParams()
        self._banding = bands  # (b, r), computed on first use when not given (loading a detector replaces it)
        # keys (sorted), their signatures stacked, band hashes sorted per band, the order sorting them
        self._tables: tuple[list[str], np.ndarray, np.ndarray, np.ndarray] | None = None
        self._sigs: dict[str, np.ndarray] = {}
        self._sizes: dict[str, int] = {}  # shingles per key (for the containment estimate and a check)
        self._text_of = text_of
        self._texts: dict[str, str] = {}  # texts added in this process, when there is no text source
        self._cache: LRUCache[str, np.ndarray] = LRUCache(cache_size)

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: str) -> bool:
        return key in self._sigs

    @property
    def bands(self) -> tuple[int, int]:
        """(b, r): b LSH bands of r signature rows each."""
        if self._banding is None:
            self._banding = lsh_bands(self.params.lsh_threshold, self.params.num_perm)
        return self._banding

    def keys(self) -> list[str]:
        return list(self._sigs)

    def add(self, key: str, text: str) -> bool:
        """Index `text` under `key` (replacing an earlier entry). False when too short to index."""
        self.remove(key)
        hashes = shingle_hashes(text, self.params)
        if len(hashes) < self.params.min_shingles:
            return False
        self._sigs[key] = signature(hashes, self.params)
        self._sizes[key] = len(hashes)
        if self._text_of is None:
            self._texts[key] = text
        self._cache.put(key, hashes)
        self._tables = None
        return True

    def remove(self, key: str) -> None:
        if key in self._sigs:
            self._tables = None
            del self._sigs[key]
            del self._sizes[key]
            self._texts.pop(key, None)
            self._cache.pop(key)

    # -- the shingle sets of indexed keys, from their texts -------------------------------------

    def hashes(self, key: str) -> np.ndarray | None:
        """The shingle set of `key`, computed from its text; None when the text is unavailable or no
        longer the one indexed (its shingle count differs)."""
        if key not in self._sigs:
            return None
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        text = self._text_of(key) if self._text_of is not None else self._texts.get(key)
        if text is None:
            return None
        hashes = shingle_hashes(text, self.params)
        if len(hashes) != self._sizes[key]:
            log.warning("MinHash: the text of %s is not the one indexed (%d shingles, %d indexed); using the estimate",
                        key, len(hashes), self._sizes[key])  # fmt: skip
            return None
        self._cache.put(key, hashes)
        return hashes

    # -- querying -------------------------------------------------------------------------------

    def query(self, text: str, *, exclude: Collection[str] = ()) -> list[MinHashHit]:
        """LSH candidates of `text`, verified (exact Jaccard, containment of `text` in the key), best first."""
        return self.query_hashes(shingle_hashes(text, self.params), exclude=exclude)

    def query_signature(self, hashes: np.ndarray) -> np.ndarray | None:
        """The signature of a query's shingle set; None when too short to be indexed."""
        if len(hashes) < self.params.min_shingles:
            return None
        return signature(hashes, self.params)

    def query_hashes(
        self, hashes: np.ndarray, *, exclude: Collection[str] = (), sig: np.ndarray | None = None
    ) -> list[MinHashHit]:
        if not self._sigs:
            return []
        sig = self.query_signature(hashes) if sig is None else sig
        if sig is None:
            return []
        keys, sigs, _bh, _order = self._build_tables()
        rows = [i for i in self._candidate_rows(sig) if keys[i] not in exclude]
        if len(rows) > self.params.verify_max:  # bound the exact work: rank by estimated Jaccard
            est = (sigs[rows] == sig).mean(axis=1)
            top = np.argsort(-est, kind="stable")[: self.params.verify_max]
            rows = [rows[i] for i in sorted(top.tolist())]
        cands = [keys[i] for i in rows]
        out = [self._verify(key, hashes, sig) for key in cands]
        out.sort(key=lambda t: (-t.jaccard, -t.containment, t.key))
        return out

    def verify(self, key: str, hashes: np.ndarray, sig: np.ndarray | None = None) -> MinHashHit | None:
        """Jaccard and containment of the query set `hashes` against the indexed `key` (exact from the
        key's text, else the signature estimate); None when `key` is not indexed."""
        if key not in self._sigs:
            return None
        return self._verify(key, hashes, sig)

    def _verify(self, key: str, hashes: np.ndarray, sig: np.ndarray | None) -> MinHashHit:
        other = self.hashes(key)
        if other is not None:
            return MinHashHit(key, *jaccard_containment(hashes, other), True)
        if sig is None:
            sig = self.query_signature(hashes)
        if sig is None:
            return MinHashHit(key, 0.0, 0.0, False)
        j, c = estimate_jaccard_containment(sig, self._sigs[key], len(hashes), self._sizes[key])
        return MinHashHit(key, j, c, False)

    def _band_hashes(self, sigs: np.ndarray) -> np.ndarray:
        """(n, b) uint64 hash of each band's r signature values (multiply-xor, wrapping)."""
        sigs = sigs.astype(np.uint64)
        n_bands, rows = self.bands
        out = np.zeros((sigs.shape[0], n_bands), dtype=np.uint64)
        mult = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
                        dtype=np.uint64)  # fmt: skip
        with np.errstate(over="ignore"):
            for band in range(n_bands):
                h = np.full(sigs.shape[0], band + 1, dtype=np.uint64)
                for j in range(rows):
                    h = (h * mult[j % 4]) ^ sigs[:, band * rows + j]
                out[:, band] = h
        return out

    def band_hashes(self, sig: np.ndarray) -> np.ndarray:
        """The b LSH band keys (uint64) of one signature: two signatures are candidates of each other
        when one band key is equal at the same band (the lookup `query_hashes` makes; a Spark job joins
        on (band, key) instead)."""
        return np.asarray(self._band_hashes(np.asarray(sig, dtype=np.uint32)[None, :])[0])

    def _stacked(self, keys: list[str]) -> np.ndarray:
        if not keys:
            return np.zeros((0, self.params.num_perm), np.uint32)
        return np.stack([self._sigs[k] for k in keys])

    def _build_tables(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """(Re)build the sorted band tables after additions or removals."""
        if self._tables is None:
            keys = sorted(self._sigs)
            self._set_tables(keys, self._stacked(keys))
        assert self._tables is not None
        return self._tables

    def _set_tables(self, keys: list[str], sigs: np.ndarray) -> None:
        """Tables over `keys` (sorted) and their stacked signatures; the per-key signatures become
        views into `sigs`, so the signatures are held once."""
        bh = self._band_hashes(sigs)
        order = np.argsort(bh, axis=0, kind="stable")
        self._tables = (keys, sigs, np.take_along_axis(bh, order, axis=0), order)
        for i, key in enumerate(keys):
            self._sigs[key] = sigs[i]

    def _candidate_rows(self, sig: np.ndarray) -> list[int]:
        """Rows (into the tables' keys) sharing at least one band with `sig` (the LSH lookup), sorted."""
        if not self._sigs:
            return []
        _keys, _sigs, sorted_bh, order = self._build_tables()
        q = self._band_hashes(sig[None, :])[0]
        hits: set[int] = set()
        for band in range(self.bands[0]):
            col = sorted_bh[:, band]
            lo, hi = np.searchsorted(col, q[band], "left"), np.searchsorted(col, q[band], "right")
            if hi > lo:
                hits.update(order[lo:hi, band].tolist())
        return sorted(hits)

    def _candidates(self, sig: np.ndarray) -> list[str]:
        """Keys sharing at least one band with `sig`."""
        keys = self._build_tables()[0] if self._sigs else []
        return [keys[i] for i in self._candidate_rows(sig)]

    # -- persistence ----------------------------------------------------------------------------

    def save(self, folder: str | Path, prefix: str = PREFIX) -> None:
        folder = Path(folder)
        f_meta, f_sigs = f"{prefix}.json", f"{prefix}.sig.npy"
        folder.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._sigs)
        with atomic_open(folder / f_sigs) as f:
            np.save(f, self._stacked(keys).astype(np.uint32))
        meta = {
            "format": FORMAT,
            "params": self.params.model_dump(),
            "keys": keys,
            "sizes": [self._sizes[k] for k in keys],
            "bands": list(self.bands),  # lsh_bands of the params: loading needs no scipy (issue 16)
        }
        atomic_write_text(folder / f_meta, json.dumps(meta, ensure_ascii=False))  # last: it names the others
        (folder / f"{prefix}.sets.bin").unlink(missing_ok=True)  # format 1's shingle sets

    @classmethod
    def load(
        cls,
        folder: str | Path,
        params: MinHashParams | None = None,
        prefix: str = PREFIX,
        *,
        text_of: TextSource | None = None,
    ) -> MinHashIndex:
        """Load signatures saved by `save`. ValueError (Chinese message) for another format or other
        parameters. Candidates are verified on the texts from `text_of`; without it, on estimates."""
        folder = Path(folder)
        meta = json.loads((folder / f"{prefix}.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(
                f"MinHash 索引格式版本为 {meta.get('format', 1)}，当前程序需要 {FORMAT}（不再保存字串集合），请重建索引。"
            )
        stored = MinHashParams(**meta["params"])
        if params is not None and params != stored:
            raise ValueError(
                f"MinHash 索引的参数与当前设置不一致（索引：{stored.model_dump()}；当前：{params.model_dump()}），"
                f"请用当前参数重建索引。"
            )
        idx = cls(stored, text_of=text_of, bands=_stored_bands(meta.get("bands"), stored))
        sigs = np.load(folder / f"{prefix}.sig.npy").astype(np.uint32)
        keys = [str(k) for k in meta["keys"]]
        if len(keys) != len(meta["sizes"]) or (keys and sigs.shape != (len(keys), stored.num_perm)):
            raise ValueError(f"MinHash 索引文件 {prefix}.sig.npy 与 {prefix}.json 不一致，请重建索引。")
        if keys != sorted(keys):
            raise ValueError(f"MinHash 索引文件 {prefix}.json 的键未排序，请重建索引。")
        for i, key in enumerate(keys):
            idx._sizes[key] = int(meta["sizes"][i])
        idx._set_tables(keys, sigs)
        return idx

    def stored_bytes(self) -> int:
        """Bytes this index takes on disk per save (signatures + shingle counts, keys not counted)."""
        return (4 * self.params.num_perm + 4) * len(self._sigs)
