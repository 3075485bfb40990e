"""The cases bench/fuzz.py found, kept as regression tests: each file under tests/ingest/fuzz_cases/
is read in strict mode (a reader bug propagates) and must end as a Document or a named IngestError.
Each case's `.note` says where it came from and what it broke."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import read_bytes
from ingest.errors import ERRORS_BY_CODE, IngestError

CASES = Path(__file__).resolve().parent / "fuzz_cases"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.rglob("*") if p.is_file() and p.suffix != ".note")


def test_every_case_has_its_note() -> None:
    assert _cases(), "no fuzz cases kept"
    for case in _cases():
        assert case.with_name(case.name + ".note").is_file(), case


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fuzz_case_is_read_or_refused_by_name(case: Path) -> None:
    try:
        doc = read_bytes(case.read_bytes(), f"case{case.suffix}")
    except IngestError as e:
        assert e.code in ERRORS_BY_CODE and e.reason
        return
    assert doc.doc_id
