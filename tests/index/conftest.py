"""Fixtures for the index tests: documents built from text through the real TXT reader, synthetic
Chinese text with diverse n-grams (seeded), and a real on-disk corpus under tmp_path."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from index.store import CorpusStore, ProjectMeta
from ingest import read_bytes
from ingest.model import Document

# A pool of common CJK characters; random draws give n-grams that do not recur by chance.
_POOL = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def zh_sentence(rng: random.Random, lo: int = 18, hi: int = 40) -> str:
    n = rng.randint(lo, hi)
    chars = [rng.choice(_POOL) for _ in range(n)]
    if n > 12:
        chars.insert(rng.randint(4, n - 4), "，")
    return "".join(chars) + "。"


def zh_text(seed: int, sentences: int = 30, per_line: int = 3) -> str:
    rng = random.Random(seed)
    lines = []
    for _ in range(0, sentences, per_line):
        lines.append("".join(zh_sentence(rng) for _ in range(per_line)))
    return "\n".join(lines)


def make_doc(text: str, name: str = "doc.txt") -> Document:
    return read_bytes(text.encode("utf-8"), name)


@pytest.fixture
def doc_factory() -> Callable[[str, str], Document]:
    return make_doc


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.db"


@pytest.fixture
def corpus(db_path: Path) -> tuple[CorpusStore, dict[str, str]]:
    """Six past projects with unrelated synthetic text; returns the store and project id → text."""
    store = CorpusStore(db_path)
    texts: dict[str, str] = {}
    for i in range(6):
        text = zh_text(100 + i, sentences=30)
        meta = ProjectMeta(
            project_id=f"P{2019 + i % 3}-{i:02d}",
            year=2019 + i % 3,
            company=f"测试公司{i}",
            credit_code=f"91120116MA0{i:05d}X",
            title=f"降低设备故障率{i}",
            award="一等奖" if i == 1 else None,
        )
        pid = store.add_project(meta, [make_doc(text, f"p{i}.txt")])
        texts[pid] = text
    return store, texts
