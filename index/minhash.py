"""MinHash/LSH candidates for "the same project again", verified exactly.

A project resubmitted under a new title keeps most of its text. On the whole folded text
(`nlp.normalize.fold`: NFKC, simplified, lower case, punctuation and spaces dropped) we take character
k-gram shingles, hash each with CRC-32 (stable across processes and machines), and

* index the datasketch MinHash signature in banded LSH tables to find candidates fast. The banding
  (b bands of r rows) is datasketch's optimum for `lsh_threshold` (`MinHashLSH(...).b/.r`); the tables
  themselves are sorted numpy arrays of band hashes (12 bytes per band and project) rather than
  `MinHashLSH`'s dicts of sets, which took ~7 KB per project (2 GB resident for 100k projects);
* verify every candidate exactly on the shingle sets: true Jaccard |A∩B|/|A∪B| and containment
  |A∩B|/|A| (how much of the submission is in the old project). datasketch's LSH is approximate and
  returns pairs below its threshold (datasketch #105, #140), so nothing is reported unverified.

Sets are stored sorted and delta-encoded (zlib) to keep the corpus small on disk. `keep_mod` > 1 keeps
only shingles whose hash is 0 modulo `keep_mod` (Broder's MOD-m sample): Jaccard and containment of
the samples are unbiased estimates and the stored set is `keep_mod` times smaller; the default 1 keeps
every shingle (exact).
"""

from __future__ import annotations

import json
import mmap
import zlib
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH
from pydantic import BaseModel, ConfigDict, Field

from nlp.normalize import fold

SCHEME = "affine32"  # datasketch >= 2: uint32 hash values, bijective permutations


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


def shingle_hashes(text: str, params: MinHashParams) -> np.ndarray:
    """Sorted unique uint32 CRC-32 hashes of the folded text's character k-grams (MOD-m sampled)."""
    s = fold(text).text
    k = params.shingle
    if len(s) < k:
        return np.zeros(0, dtype=np.uint32)
    data = s.encode("utf-32-le")  # 4 bytes per character: a k-gram is a fixed-width slice
    w = 4 * k
    hashes = np.fromiter(
        (zlib.crc32(data[i : i + w]) for i in range(0, len(data) - w + 1, 4)),
        dtype=np.uint32,
        count=len(s) - k + 1,
    )
    hashes = np.unique(hashes)
    if params.keep_mod > 1:
        hashes = hashes[hashes % np.uint32(params.keep_mod) == 0]
    return hashes


def signature(hashes: np.ndarray, params: MinHashParams) -> MinHash:
    mh = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=int, scheme=SCHEME)
    if len(hashes):
        mh.update_batch([int(h) for h in hashes])
    return mh


def jaccard_containment(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact Jaccard of two sorted unique hash sets, and containment of `a` in `b` (|a∩b|/|a|)."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = int(np.intersect1d(a, b, assume_unique=True).size)
    union = len(a) + len(b) - inter
    return inter / union, inter / len(a)


def _pack(hashes: np.ndarray) -> bytes:
    if len(hashes) == 0:
        return b""
    deltas = np.diff(hashes.astype(np.uint32), prepend=np.uint32(0))
    return zlib.compress(deltas.astype("<u4").tobytes(), 6)


def _unpack(blob: bytes | memoryview) -> np.ndarray:
    if not blob:
        return np.zeros(0, dtype=np.uint32)
    deltas = np.frombuffer(zlib.decompress(blob), dtype="<u4")
    return np.cumsum(deltas, dtype=np.uint64).astype(np.uint32)


class MinHashIndex:
    """Keys (project ids) → shingle sets, with a MinHash LSH for candidates. Verbs: add/query/save/load."""

    PREFIX = "minhash"  # files: <prefix>.json (last written), <prefix>.sig.npy, <prefix>.sets.bin

    def __init__(self, params: MinHashParams | None = None) -> None:
        self.params = params or MinHashParams()
        lsh = MinHashLSH(threshold=self.params.lsh_threshold, num_perm=self.params.num_perm)
        self._b, self._r = int(lsh.b), int(lsh.r)
        self._tables: tuple[list[str], np.ndarray, np.ndarray] | None = None  # keys, band hashes, order
        self._sets: dict[str, bytes | memoryview] = {}  # packed sets; after `load`, views into an mmap
        self._mmap: mmap.mmap | None = None
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sets)

    def __contains__(self, key: str) -> bool:
        return key in self._sets

    def add(self, key: str, text: str) -> bool:
        """Index `text` under `key` (replacing an earlier entry). False when too short to index."""
        self.remove(key)
        hashes = shingle_hashes(text, self.params)
        if len(hashes) < self.params.min_shingles:
            return False
        self._insert(key, hashes, signature(hashes, self.params).hashvalues)
        return True

    def _insert(self, key: str, hashes: np.ndarray, sig: np.ndarray) -> None:
        self._sets[key] = _pack(hashes)
        self._sigs[key] = sig.astype(np.uint32)
        self._tables = None

    def remove(self, key: str) -> None:
        if key in self._sets:
            self._tables = None
            del self._sets[key]
            del self._sigs[key]

    def hashes(self, key: str) -> np.ndarray:
        return _unpack(self._sets[key])

    def query(self, text: str, *, exclude: tuple[str, ...] | set[str] = ()) -> list[tuple[str, float, float]]:
        """(key, exact Jaccard, containment of `text` in key) for LSH candidates, best Jaccard first."""
        hashes = shingle_hashes(text, self.params)
        return self.query_hashes(hashes, exclude=exclude)

    def query_hashes(self, hashes: np.ndarray, *, exclude=()) -> list[tuple[str, float, float]]:
        if len(hashes) < self.params.min_shingles or not self._sets:
            return []
        sig = signature(hashes, self.params).hashvalues.astype(np.uint32)
        cands = [k for k in self._candidates(sig) if k not in exclude]
        if len(cands) > self.params.verify_max:  # bound the exact work: rank by estimated Jaccard
            est = (np.stack([self._sigs[k] for k in cands]) == sig.astype(np.uint32)).mean(axis=1)
            top = np.argsort(-est, kind="stable")[: self.params.verify_max]
            cands = [cands[i] for i in sorted(top.tolist())]
        out = []
        for key in cands:
            j, c = jaccard_containment(hashes, self.hashes(key))
            out.append((key, j, c))
        out.sort(key=lambda t: (-t[1], -t[2], t[0]))
        return out

    def _band_hashes(self, sigs: np.ndarray) -> np.ndarray:
        """(n, b) uint64 hash of each band's r signature values (multiply-xor, wrapping)."""
        sigs = sigs.astype(np.uint64)
        out = np.zeros((sigs.shape[0], self._b), dtype=np.uint64)
        mult = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
                        dtype=np.uint64)  # fmt: skip
        with np.errstate(over="ignore"):
            for band in range(self._b):
                h = np.full(sigs.shape[0], band + 1, dtype=np.uint64)
                for j in range(self._r):
                    h = (h * mult[j % 4]) ^ sigs[:, band * self._r + j]
                out[:, band] = h
        return out

    def _build_tables(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(Re)build the sorted band tables after additions or removals."""
        if self._tables is None:
            keys = sorted(self._sigs)
            sigs = np.stack([self._sigs[k] for k in keys]) if keys else np.zeros((0, self.params.num_perm), np.uint32)
            bh = self._band_hashes(sigs)
            order = np.argsort(bh, axis=0, kind="stable")
            self._tables = (keys, np.take_along_axis(bh, order, axis=0), order)
        return self._tables

    def _candidates(self, sig: np.ndarray) -> list[str]:
        """Keys sharing at least one band with `sig` (the LSH lookup)."""
        if not self._sigs:
            return []
        keys, sorted_bh, order = self._build_tables()
        q = self._band_hashes(sig[None, :])[0]
        hits: set[int] = set()
        for band in range(self._b):
            col = sorted_bh[:, band]
            lo, hi = np.searchsorted(col, q[band], "left"), np.searchsorted(col, q[band], "right")
            if hi > lo:
                hits.update(order[lo:hi, band].tolist())
        return [keys[i] for i in sorted(hits)]

    def save(self, folder: str | Path, prefix: str = PREFIX) -> None:
        folder = Path(folder)
        f_meta, f_sigs, f_sets = f"{prefix}.json", f"{prefix}.sig.npy", f"{prefix}.sets.bin"
        folder.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._sets)
        blobs = [self._sets[k] for k in keys]
        offsets = np.cumsum([0, *[len(b) for b in blobs]]).tolist()
        sigs = np.stack([self._sigs[k] for k in keys]).astype(np.uint32) if keys else np.zeros((0, 0), np.uint32)
        (folder / (f_sets + ".tmp")).write_bytes(b"".join(blobs))
        with open(folder / (f_sigs + ".tmp"), "wb") as f:
            np.save(f, sigs)
        meta = {"params": self.params.model_dump(), "keys": keys, "offsets": offsets}
        (folder / (f_meta + ".tmp")).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        for name in (f_sets, f_sigs, f_meta):  # meta last: it names the others
            (folder / (name + ".tmp")).replace(folder / name)

    @classmethod
    def load(cls, folder: str | Path, params: MinHashParams | None = None, prefix: str = PREFIX) -> MinHashIndex:
        folder = Path(folder)
        meta = json.loads((folder / f"{prefix}.json").read_text(encoding="utf-8"))
        stored = MinHashParams(**meta["params"])
        if params is not None and params != stored:
            raise ValueError(
                f"MinHash 索引的参数与当前设置不一致（索引：{stored.model_dump()}；当前：{params.model_dump()}），"
                f"请用当前参数重建索引。"
            )
        idx = cls(stored)
        # The packed sets stay on disk (mmap): only the candidates' pages are read, so a loaded 100k
        # corpus does not hold ~2 GB of shingle sets in memory.
        with open(folder / f"{prefix}.sets.bin", "rb") as f:
            size = f.seek(0, 2)
            idx._mmap = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else None
        blob: bytes | memoryview = memoryview(idx._mmap) if idx._mmap is not None else b""
        sigs = np.load(folder / f"{prefix}.sig.npy")
        offsets = meta["offsets"]
        for i, key in enumerate(meta["keys"]):
            idx._sets[key] = blob[offsets[i] : offsets[i + 1]]
            sig = sigs[i].astype(np.uint32)
            idx._sigs[key] = sig
        idx._build_tables()
        return idx

    def stored_bytes(self) -> int:
        """Bytes this index takes on disk per save (sets + signatures), for the size budget."""
        return sum(len(b) for b in self._sets.values()) + 4 * self.params.num_perm * len(self._sets)
