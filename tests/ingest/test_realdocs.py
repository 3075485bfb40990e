"""Every file in ../shared/realdocs: a Document or a named ingest.* error, never an unhandled exception.

Per-file expectations live in golden JSON files `tests/ingest/golden/<subdir>__<filename>.json`
(schema in `golden/README.md`). A file without a golden still has to pass the generic checks. Files are
read in this process with `ingest.read`, so a reader bug fails here with its traceback.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from ingest import BlockKind, Document, IngestError, read
from ingest.errors import ERRORS_BY_CODE

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"
GOLDEN = Path(__file__).resolve().parent / "golden"
NOT_DOCUMENTS = {"SOURCES.md", "SHA256SUMS"}

GOLDEN_KEYS = {
    "comment",
    "status",
    "error_code",
    "requires",
    "format",
    "pages",
    "min_chars",
    "max_chars",
    "title",
    "title_contains",
    "contains",
    "contains_compact",
    "not_contains",
    "in_order",
    "notes_contains",
    "not_in_notes",
    "furniture_contains",
    "tables",
    "charts",
    "parts",
    "kinds",
    "issues",
    "ocr_pages",
    "unreadable_min",
    "levels",
}
TABLE_KEYS = {"page", "n_rows", "n_cols", "origins", "spanned", "row0", "grid", "contains"}
CHART_KEYS = {"page", "kind", "title", "categories", "series"}


def _files() -> list[Path]:
    if not REALDOCS.is_dir():
        return []
    return sorted(p for p in REALDOCS.rglob("*") if p.is_file() and p.name not in NOT_DOCUMENTS)


def _rel(p: Path) -> str:
    return p.relative_to(REALDOCS).as_posix()


def golden_path(p: Path) -> Path:
    rel = p.relative_to(REALDOCS)
    return GOLDEN / ("__".join(rel.parts) + ".json")


FILES = _files()


def test_realdocs_present() -> None:
    assert REALDOCS.is_dir(), f"shared/realdocs not found at {REALDOCS}"
    assert len(FILES) >= 63, f"expected the 63 real documents, found {len(FILES)}"


def test_every_golden_names_a_real_file() -> None:
    names = {golden_path(p).name for p in FILES}
    stray = sorted(g.name for g in GOLDEN.glob("*.json") if g.name not in names)
    assert not stray, f"golden files for documents that do not exist: {stray}"


def _requirement_missing(req: str) -> str | None:
    if req == "soffice":
        if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
            return "LibreOffice (soffice) is not installed"
        return None
    if req == "ocr":
        try:
            from ingest.readers import ocr
        except ImportError:
            return "ingest.readers.ocr is not available"
        return None if ocr.available() else "OCR engine cannot be loaded"
    raise AssertionError(f"unknown requirement in golden: {req}")


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("path", FILES, ids=[_rel(p) for p in FILES])
def test_realdoc(path: Path) -> None:
    gp = golden_path(path)
    golden: dict[str, Any] | None = json.loads(gp.read_text(encoding="utf-8")) if gp.exists() else None
    if golden is not None:
        unknown = set(golden) - GOLDEN_KEYS
        assert not unknown, f"{gp.name}: unknown golden keys {sorted(unknown)}"
        for req in golden.get("requires", []):
            reason = _requirement_missing(req)
            if reason:
                pytest.skip(reason)

    try:
        doc = read(path)
    except IngestError as e:
        assert e.code in ERRORS_BY_CODE, f"{_rel(path)}: unnamed ingest error {e.code}: {e}"
        assert path.name in e.message and re.search(r"[\u4e00-\u9fff]", e.reason), e.message
        if golden is not None:
            assert golden.get("status") == "error", f"{_rel(path)}: expected a Document, got {e.code}: {e.reason}"
            assert golden.get("error_code") == e.code, (
                f"{_rel(path)}: expected {golden.get('error_code')}, got {e.code}"
            )
        return

    _generic_checks(doc, path)
    if golden is not None:
        assert golden.get("status", "ok") == "ok", f"{_rel(path)}: expected {golden.get('error_code')}, got a Document"
        check_golden(doc, golden, _rel(path))


def _generic_checks(doc: Document, path: Path) -> None:
    assert doc.filename == path.name
    ids = [b.id for b in doc.blocks]
    assert len(ids) == len(set(ids)), "block ids must be unique"
    if doc.format in ("pptx", "pdf", "ppt"):
        for b in doc.blocks:
            assert 1 <= b.source.page <= doc.pages, f"block {b.id} on page {b.source.page} of {doc.pages}"
        assert [p.page for p in doc.coverage.pages] == list(range(1, doc.pages + 1))
    for b in doc.blocks:
        if b.kind == BlockKind.table:
            assert b.table is not None and b.text == b.table.to_text()
        if b.kind == BlockKind.chart:
            assert b.chart is not None


def _find_table(doc: Document, want: dict[str, Any]) -> list[str]:
    """Problems of the best-matching table (empty when one table matches)."""
    unknown = set(want) - TABLE_KEYS
    assert not unknown, f"unknown table keys {sorted(unknown)}"
    tables = [b for b in doc.blocks if b.table is not None]
    if "page" in want:
        tables = [b for b in tables if b.source.page == want["page"]]
    best: list[str] | None = None
    for b in tables:
        t = b.table
        assert t is not None
        grid = t.grid()
        probs = []
        if "n_rows" in want and t.n_rows != want["n_rows"]:
            probs.append(f"n_rows {t.n_rows} != {want['n_rows']}")
        if "n_cols" in want and t.n_cols != want["n_cols"]:
            probs.append(f"n_cols {t.n_cols} != {want['n_cols']}")
        origins = sum(1 for r in t.rows for c in r if c.row_span > 1 or c.col_span > 1)
        if "origins" in want and origins != want["origins"]:
            probs.append(f"merge origins {origins} != {want['origins']}")
        spanned = sum(1 for r in grid for x in r if x is None)
        if "spanned" in want and spanned != want["spanned"]:
            probs.append(f"spanned {spanned} != {want['spanned']}")
        if "row0" in want and (not grid or grid[0] != want["row0"]):
            probs.append(f"row0 {grid[0] if grid else None} != {want['row0']}")
        if "grid" in want and grid != want["grid"]:
            probs.append(f"grid {grid} != {want['grid']}")
        for s in want.get("contains", []):
            if s not in b.text:
                probs.append(f"table text lacks {s!r}")
        if not probs:
            return []
        if best is None or len(probs) < len(best):
            best = probs
    return best or [f"no table on page {want.get('page', 'any')}"]


def _find_chart(doc: Document, want: dict[str, Any]) -> list[str]:
    unknown = set(want) - CHART_KEYS
    assert not unknown, f"unknown chart keys {sorted(unknown)}"
    charts = [b for b in doc.blocks if b.chart is not None]
    if "page" in want:
        charts = [b for b in charts if b.source.page == want["page"]]
    best: list[str] | None = None
    for b in charts:
        c = b.chart
        assert c is not None
        probs = []
        for key in ("kind", "title", "categories"):
            if key in want and getattr(c, key) != want[key]:
                probs.append(f"{key} {getattr(c, key)!r} != {want[key]!r}")
        have = {s.name: s.values for s in c.series}
        for name, values in want.get("series", {}).items():
            if have.get(name) != values:
                probs.append(f"series {name!r} {have.get(name)} != {values}")
        if not probs:
            return []
        if best is None or len(probs) < len(best):
            best = probs
    return best or [f"no chart on page {want.get('page', 'any')}"]


def check_golden(doc: Document, g: dict[str, Any], name: str) -> None:
    problems: list[str] = []
    text = doc.text
    if "format" in g and doc.format != g["format"]:
        problems.append(f"format {doc.format} != {g['format']}")
    if "pages" in g and doc.pages != g["pages"]:
        problems.append(f"pages {doc.pages} != {g['pages']}")
    if "min_chars" in g and len(text) < g["min_chars"]:
        problems.append(f"only {len(text)} characters of text, expected at least {g['min_chars']}")
    if "max_chars" in g and len(text) > g["max_chars"]:
        problems.append(f"{len(text)} characters of text, expected at most {g['max_chars']} (duplicates?)")
    if "title" in g and doc.title != g["title"]:
        problems.append(f"title {doc.title!r} != {g['title']!r}")
    if "title_contains" in g and g["title_contains"] not in (doc.title or ""):
        problems.append(f"title {doc.title!r} lacks {g['title_contains']!r}")
    problems += [f"text lacks {s!r}" for s in g.get("contains", []) if s not in text]
    compact = _compact(text)
    problems += [
        f"text lacks (ignoring spaces) {s!r}" for s in g.get("contains_compact", []) if _compact(s) not in compact
    ]
    problems += [f"text must not contain {s!r}" for s in g.get("not_contains", []) if s in text]
    pos = 0
    for s in g.get("in_order", []):
        i = text.find(s, pos)
        if i < 0:
            problems.append(f"{s!r} not found after offset {pos} (reading order)")
            break
        pos = i + len(s)
    notes = "\n".join(b.text for b in doc.notes())
    problems += [f"notes lack {s!r}" for s in g.get("notes_contains", []) if s not in notes]
    problems += [f"notes must not contain {s!r}" for s in g.get("not_in_notes", []) if s in notes]
    furniture = "\n".join(b.text for b in doc.blocks if b.kind == BlockKind.furniture)
    problems += [f"furniture lacks {s!r}" for s in g.get("furniture_contains", []) if s not in furniture]
    for t in g.get("tables", []):
        problems += [f"table {t}: {p}" for p in _find_table(doc, t)]
    for c in g.get("charts", []):
        problems += [f"chart {c}: {p}" for p in _find_chart(doc, c)]
    for part, n in g.get("parts", {}).items():
        have = sum(1 for b in doc.blocks if b.source.part == part)
        if have < n:
            problems.append(f"{have} blocks from part {part!r}, expected at least {n}")
    for kind, n in g.get("kinds", {}).items():
        have = sum(1 for b in doc.blocks if b.kind == kind)
        if have < n:
            problems.append(f"{have} {kind} blocks, expected at least {n}")
    codes = {i.code for i in doc.issues}
    problems += [f"issue {c} not reported" for c in g.get("issues", []) if c not in codes]
    problems += [f"page {p} not OCR'd" for p in g.get("ocr_pages", []) if p not in doc.coverage.pages_ocr]
    if len(doc.coverage.unreadable) < g.get("unreadable_min", 0):
        problems.append(f"coverage.unreadable {doc.coverage.unreadable} has fewer than {g['unreadable_min']} entries")
    for want in g.get("levels", []):
        # {"text": "...", "kind": "heading", "level": 1}
        hits = [b for b in doc.blocks if b.text.strip() == want["text"]]
        if not any(b.kind == want.get("kind", b.kind) and b.level == want.get("level", b.level) for b in hits):
            got = [(b.kind.value, b.level) for b in hits]
            problems.append(f"block {want['text']!r}: expected {want}, got {got}")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)
