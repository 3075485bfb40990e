"""Uploaded files on disk: random names only (no client-supplied name or path reaches the disk),
results next to them, and deletion after the retention period."""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_id() -> str:
    return secrets.token_urlsafe(18)


def valid_id(value: str) -> bool:
    return bool(_ID.match(value))


def display_name(filename: str | None, fallback: str) -> str:
    """A client file name for display only: last path component, no control characters, bounded."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:120] or fallback


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class DraftStore:
    """drafts/<id>.<fmt> (the upload) and drafts/<id>.json (the result); both removed after retention."""

    def __init__(self, root: Path, retention_hours: float) -> None:
        self.root = root
        self.retention_s = retention_hours * 3600.0
        root.mkdir(parents=True, exist_ok=True)

    def save_upload(self, data: bytes, fmt: str) -> tuple[str, Path]:
        draft_id = new_id()
        path = self.root / f"{draft_id}.{fmt}"
        atomic_write_bytes(path, data)
        return draft_id, path

    def save_result(self, draft_id: str, result: dict[str, Any]) -> None:
        atomic_write_bytes(self.root / f"{draft_id}.json", json.dumps(result, ensure_ascii=False).encode("utf-8"))

    def load_result(self, draft_id: str) -> dict[str, Any] | None:
        if not valid_id(draft_id):
            return None
        p = self.root / f"{draft_id}.json"
        if not p.is_file():
            return None
        if time.time() - p.stat().st_mtime > self.retention_s:
            self.delete(draft_id)
            return None
        result: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
        return result

    def delete(self, draft_id: str) -> bool:
        if not valid_id(draft_id):
            return False
        found = False
        for p in self.root.glob(f"{draft_id}.*"):
            if p.name.split(".", 1)[0] == draft_id:
                p.unlink(missing_ok=True)
                found = True
        return found

    def purge(self) -> int:
        """Delete drafts older than the retention period; returns how many files were removed."""
        cutoff = time.time() - self.retention_s
        n = 0
        for p in self.root.iterdir():
            try:
                if p.is_file() and p.stat().st_mtime < cutoff:
                    p.unlink()
                    n += 1
            except FileNotFoundError:
                continue
        return n
