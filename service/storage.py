"""Uploaded files on disk: random names only (no client-supplied name or path reaches the disk),
results next to them, and deletion after the retention period."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from pydantic import ValidationError

from ingest.fileio import atomic_write_bytes, atomic_write_text
from ingest.model import Document

from .results import DraftResult, StoredDocuments

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


class DraftStore:
    """drafts/<id>.<role>.<fmt> (the uploads), drafts/<id>.json (the result) and drafts/<id>.docs.json
    (the documents read, for the report's context); all removed after retention."""

    def __init__(self, root: Path, retention_hours: float) -> None:
        self.root = root
        self.retention_s = retention_hours * 3600.0
        root.mkdir(parents=True, exist_ok=True)

    def save_upload(self, draft_id: str, role: str, data: bytes, fmt: str) -> Path:
        path = self.root / f"{draft_id}.{role}.{fmt}"
        atomic_write_bytes(path, data)
        return path

    def save_result(self, result: DraftResult, docs: StoredDocuments) -> None:
        atomic_write_text(self.root / f"{result.id}.docs.json", docs.dump_json())
        atomic_write_text(self.root / f"{result.id}.json", result.model_dump_json(by_alias=True))

    def load_result(self, draft_id: str) -> DraftResult | None:
        if not valid_id(draft_id):
            return None
        p = self.root / f"{draft_id}.json"
        if not p.is_file():
            return None
        if time.time() - p.stat().st_mtime > self.retention_s:
            self.delete(draft_id)
            return None
        return DraftResult.model_validate_json(p.read_bytes())

    def load_main_document(self, draft_id: str) -> Document | None:
        """The draft's main document as read (for the report's context around passages)."""
        p = self.root / f"{draft_id}.docs.json"
        if not valid_id(draft_id) or not p.is_file():
            return None
        try:
            return StoredDocuments.model_validate_json(p.read_bytes()).main
        except ValidationError:
            return None

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
