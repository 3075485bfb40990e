"""Sentence vectors shared by the worker processes of one batch (issue 16).

Each compare worker of `qcscreen screen` holds its own encoder and its own in-memory sentence cache
(`index.copy.paraphrase.encode_cached`). A submission's sentences are encoded when it is screened,
and again in another worker when it is the batch source (横向) of a submission screened there; a
corpus project that is a candidate source of several submissions is encoded once per worker.
`SharedVectors` stands in front of the encoder and keeps every vector it computes in one SQLite file
of the batch (WAL, so the workers read while one writes): a text any worker encoded is read back,
not encoded again. The file lives as long as the batch's compare stage (`service.pipeline`).

Vectors are stored as the encoder returned them (float32), keyed by the model id and the text, so a
hit is the vector the same encoder gives. The cache is an optimisation: a read or write the database
refuses (locked beyond its timeout, disk full) is a miss or a skipped write, never a failed batch.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import numpy as np

from index.embed import Encoder

_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID"
_CHUNK = 500  # keys per SELECT (SQLite's default limit of bound parameters is 999 on old builds)
TIMEOUT_S = 30.0


def _key(model_id: str, text: str) -> bytes:
    return hashlib.blake2b(f"{model_id}\0{text}".encode(), digest_size=16).digest()


class SharedVectors:
    """An `Encoder` that reads vectors from the batch's SQLite file before asking `encoder`, and
    writes the ones it computed there. Same `model_id` and `dim` as `encoder`."""

    def __init__(self, encoder: Encoder, path: str | os.PathLike[str]) -> None:
        self.encoder = encoder
        self.path = Path(path)
        self.model_id = encoder.model_id
        self.dim = encoder.dim
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self.hits = 0  # texts read back from the file (bench/batch.py reports them)
        self.encoded = 0  # texts `encoder` encoded

    def _db(self) -> sqlite3.Connection:
        """This process's connection (a forked or unpickled copy opens its own)."""
        if self._conn is None or self._pid != os.getpid():
            conn = sqlite3.connect(self.path, timeout=TIMEOUT_S, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")  # a lost write is a later miss, nothing worse
            conn.execute(_SCHEMA)
            self._conn, self._pid = conn, os.getpid()
        return self._conn

    def __getstate__(self) -> dict[str, object]:
        return {"encoder": self.encoder, "path": self.path}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["encoder"], state["path"])  # type: ignore[misc, arg-type]

    def _read(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        try:
            db = self._db()
            for i in range(0, len(keys), _CHUNK):
                part = keys[i : i + _CHUNK]
                rows = db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(part))})", part)
                for key, blob in rows:
                    if len(blob) == 4 * self.dim:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error:
            return found
        return found

    def _write(self, new: dict[bytes, np.ndarray]) -> None:
        try:
            db = self._db()
            with db:
                db.execute("BEGIN")
                db.executemany(
                    "INSERT OR IGNORE INTO vectors (key, vec) VALUES (?, ?)",
                    [(k, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in new.items()],
                )
        except sqlite3.Error:
            return

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [_key(self.model_id, t) for t in texts]
        have = self._read(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in have))
        self.hits += len(have)
        if missing:
            vecs = self.encoder.encode(missing, batch_size)
            new = {_key(self.model_id, t): v for t, v in zip(missing, vecs, strict=True)}
            self._write(new)
            have.update(new)
            self.encoded += len(missing)
        return np.stack([have[k] for k in keys]).astype(np.float32, copy=False)

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None
