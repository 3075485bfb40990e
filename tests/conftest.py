"""Suite-wide settings: offline models, strict ingestion (a reader bug propagates instead of becoming a
failed file), and where the shared material lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("QCSCREEN_STRICT", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REALDOCS = SHARED / "realdocs"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared material not found beside the repository: {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def realdocs_dir(shared_dir: Path) -> Path:
    return shared_dir / "realdocs"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
