"""What a batch keeps between runs, under OUT/.state/: per submission its result and its documents,
saved atomically and keyed by the hashes of its files, so an interrupted run resumes without redoing
finished submissions and a changed file is done again."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ingest.fileio import atomic_write_text

from .discover import Submission
from .results import StoredDocuments, SubmissionResult

STATE_VERSION = 2  # 2: typed results, documents by role (main, form, record)


class SubmissionState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = STATE_VERSION
    read_key: str  # the submission's file names and hashes: what was read
    sim_key: str | None = None  # the batch and the corpus the similarity was computed against
    result: SubmissionResult


def _name(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()[:16]


def read_key(sub: Submission, hashes: dict[str, str]) -> str:
    h = hashlib.sha256(f"v{STATE_VERSION}".encode())
    for p in sub.files:
        h.update(f"{p.name}\0{hashes[str(p)]}\0".encode())
    return h.hexdigest()


def corpus_key(db: Path, template_file: Path | None, semantic: bool) -> str:
    """Changes when the corpus, the template file or the semantic stage changes."""
    parts = [str(semantic)]
    for p in (db, Path(str(db) + "-wal"), template_file):
        if p is not None and p.exists():
            st = p.stat()
            parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def load(state_dir: Path, sid: str) -> tuple[SubmissionState, StoredDocuments] | None:
    """The saved state of a submission, or None when there is none or it is unreadable or older."""
    try:
        state = SubmissionState.model_validate_json((state_dir / f"{_name(sid)}.json").read_bytes())
        docs_path = state_dir / f"{_name(sid)}.docs.json"
        docs = StoredDocuments.model_validate_json(docs_path.read_bytes()) if docs_path.exists() else StoredDocuments()
    except (OSError, ValidationError):
        return None
    return (state, docs) if state.version == STATE_VERSION else None


def save(state_dir: Path, state: SubmissionState, docs: StoredDocuments | None = None) -> None:
    name = _name(state.result.id)
    if docs is not None:
        atomic_write_text(state_dir / f"{name}.docs.json", docs.dump_json())
    atomic_write_text(state_dir / f"{name}.json", state.model_dump_json(by_alias=True))
