"""Fixtures for the ingest tests: the real documents in ../shared/realdocs, read once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest import Document, read


@pytest.fixture(scope="session")
def realdoc(realdocs_dir: Path) -> Callable[[str], Path]:
    """Path of one real document, e.g. realdoc("tika/testPPT_groups.pptx")."""

    def _path(rel: str) -> Path:
        p = realdocs_dir / rel
        if not p.is_file():
            pytest.fail(f"real document missing from shared/realdocs: {rel}")
        return p

    return _path


@pytest.fixture(scope="session")
def read_real(realdoc: Callable[[str], Path]) -> Callable[[str], Document]:
    """Read a real document in this process (reader bugs propagate), cached for the session."""
    cache: dict[str, Document] = {}

    def _read(rel: str) -> Document:
        if rel not in cache:
            cache[rel] = read(realdoc(rel))
        return cache[rel]

    return _read
