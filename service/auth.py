"""API keys by role, stored hashed (scrypt with a per-key salt) in a SQLite file.

A key looks like `qcs_<key_id>_<secret>`: the id finds the row, the secret is checked against the
scrypt hash. Verified keys are remembered in memory for a few minutes (by their SHA-256) so that a
busy client does not pay scrypt on every request; a revoked key stops working at once because the
row is looked up on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

ROLES = ("admin", "reviewer", "recommender")
ROLE_NAMES = {"admin": "管理员", "reviewer": "评审/预审人员", "recommender": "推荐单位/企业"}
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_CACHE_S = 300.0


@dataclass(frozen=True)
class Principal:
    key_id: str
    role: str
    name: str = ""

    @property
    def redacted(self) -> bool:
        """Recommenders never see another company's text or name."""
        return self.role == "recommender"


class KeyInfo(BaseModel):
    """A key as listed: never the secret or its hash."""

    key_id: str
    role: str
    name: str
    created_at: str


def _hash(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, maxmem=64 * 1024 * 1024, **_SCRYPT)


class KeyStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._verified: dict[str, tuple[float, str]] = {}  # sha256(key) -> (expiry, key_id)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS api_keys (key_id TEXT PRIMARY KEY, role TEXT NOT NULL, name TEXT NOT NULL,"
                " salt BLOB NOT NULL, hash BLOB NOT NULL, created_at TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(str(self.path), timeout=10)

    def create(self, role: str, name: str = "") -> str:
        if role not in ROLES:
            raise ValueError(f"未知角色：{role}")
        key_id = secrets.token_hex(4)
        secret = secrets.token_urlsafe(24)
        salt = secrets.token_bytes(16)
        with self._connect() as db:
            db.execute(
                "INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?)",
                (key_id, role, name, salt, _hash(secret, salt), datetime.now(UTC).isoformat(timespec="seconds")),
            )
        return f"qcs_{key_id}_{secret}"

    def list(self) -> list[KeyInfo]:
        with self._connect() as db:
            rows = db.execute("SELECT key_id, role, name, created_at FROM api_keys ORDER BY created_at").fetchall()
        return [KeyInfo(key_id=r[0], role=r[1], name=r[2], created_at=r[3]) for r in rows]

    def remove(self, key_id: str) -> bool:
        with self._connect() as db:
            n = db.execute("DELETE FROM api_keys WHERE key_id = ?", (key_id,)).rowcount
        return n > 0

    def verify(self, key: str | None) -> Principal | None:
        if not key or not key.startswith("qcs_") or len(key) > 200:
            return None
        parts = key.split("_", 2)
        if len(parts) != 3:
            return None
        _, key_id, secret = parts
        with self._connect() as db:
            row = db.execute("SELECT role, name, salt, hash FROM api_keys WHERE key_id = ?", (key_id,)).fetchone()
        if row is None:
            return None
        role, name, salt, stored = row
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        now = time.monotonic()
        with self._lock:
            hit = self._verified.get(digest)
        if hit is None or hit[0] < now or hit[1] != key_id:
            if not hmac.compare_digest(_hash(secret, salt), stored):
                return None
            with self._lock:
                self._verified[digest] = (now + _CACHE_S, key_id)
        return Principal(key_id=key_id, role=role, name=name)
