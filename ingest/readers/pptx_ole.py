"""Embedded OLE objects on slides: an Excel worksheet pasted as an object (a common way to put a 对策表
or a data table on a QC slide) is read into a Table; an embedded Word document into paragraphs.

The slide only holds a preview picture (usually EMF, which OCR cannot read). The data is in the
embedded part: either the OOXML package itself (`ppt/embeddings/*.xlsx|docx`) or an OLE compound file
(`oleObject*.bin`) whose `Package` stream holds it. Legacy binary workbooks (BIFF `Workbook` stream)
are reported as unreadable.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from ..errors import CorruptError, IngestError
from ..model import Cell, Table
from ..options import ReadOptions
from ..safety import check_zip, parse_xml
from ..sniff import CFB_MAGIC, ZIP_MAGIC

MAX_ROWS = 200
MAX_COLS = 40
_REF_RE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class OleContent:
    """In display order: (text, table) pairs; table is None for a paragraph."""

    items: list[tuple[str, Table | None]] = field(default_factory=list)
    unreadable: str | None = None  # Chinese reason when nothing could be read


def read_ole(blob: bytes, prog_id: str, filename: str, options: ReadOptions) -> OleContent:
    """What an embedded object shows: tables for worksheets, paragraphs for Word documents."""
    inner, reason = _unwrap(blob)
    if inner is None:
        return OleContent(unreadable=reason or f"嵌入对象（{prog_id or '未知类型'}）无法读取")
    kind = _package_kind(inner)
    try:
        if kind == "xlsx":
            return OleContent(items=[(t.to_text(), t) for t in _worksheet_tables(inner, filename, options)])
        if kind == "docx":
            return OleContent(items=_docx_items(inner, filename, options))
    except IngestError as e:
        return OleContent(unreadable=f"嵌入对象（{prog_id}）无法读取：{e.reason}")
    return OleContent(unreadable=f"嵌入对象（{prog_id or '未知类型'}）的内容格式不受支持")


def _unwrap(blob: bytes) -> tuple[bytes | None, str | None]:
    if blob.startswith(ZIP_MAGIC):
        return blob, None
    if not blob.startswith(CFB_MAGIC):
        return None, None
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(blob))
    except (OSError, ValueError, IndexError) as e:  # olefile raises these on damaged containers
        return None, f"嵌入对象已损坏（{type(e).__name__}）"
    try:
        if ole.exists("Package"):
            return ole.openstream("Package").read(), None
        if ole.exists("Workbook") or ole.exists("Book"):
            return None, "嵌入的旧版 Excel 工作表（xls）内容未读取"
        if ole.exists("WordDocument"):
            return None, "嵌入的旧版 Word 文档（doc）内容未读取"
        return None, None
    finally:
        ole.close()


def _package_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return None


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _ole_size(data: bytes, filename: str) -> tuple[int, int, int, int] | None:
    """The range the object shows (workbook.xml `oleSize ref`), as 1-based (r0, c0, r1, c1)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = parse_xml(zf.read("xl/workbook.xml"), filename, "嵌入工作簿")
    el = root.find(f"{NS_MAIN}oleSize")
    m = _REF_RE.match((el.get("ref") or "").upper()) if el is not None else None
    if not m:
        return None
    c0, r0 = _col_index(m.group(1)), int(m.group(2))
    c1, r1 = (_col_index(m.group(3)), int(m.group(4))) if m.group(3) else (c0, r0)
    return r0, c0, r1, c1


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:g}"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v).strip()


def _worksheet_tables(data: bytes, filename: str, options: ReadOptions) -> list[Table]:
    import openpyxl

    check_zip(data, filename, options)
    shown = _ole_size(data, filename)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError) as e:
        raise CorruptError(filename, f"嵌入工作表结构损坏（{type(e).__name__}）") from e
    ws = wb.active
    if ws is None:
        return []
    if shown is not None:
        r0, c0, r1, c1 = shown
    else:
        r0, c0, r1, c1 = ws.min_row, ws.min_column, ws.max_row, ws.max_column
    r1 = min(r1, r0 + MAX_ROWS - 1)
    c1 = min(c1, c0 + MAX_COLS - 1)
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    rows: list[list[Cell]] = []
    for r in range(r0, r1 + 1):
        row: list[Cell] = []
        for c in range(c0, c1 + 1):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            row.append(
                Cell(
                    text=_cell_text(ws.cell(row=r, column=c).value),
                    row=r - r0,
                    col=c - c0,
                    row_span=max(1, min(rs, r1 - r + 1)),
                    col_span=max(1, min(cs, c1 - c + 1)),
                )
            )
        rows.append(row)
    table = Table(rows=rows, n_rows=r1 - r0 + 1, n_cols=c1 - c0 + 1)
    return [table] if table.to_text() else []


def _docx_items(data: bytes, filename: str, options: ReadOptions) -> list[tuple[str, Table | None]]:
    from . import docx

    doc = docx.read(data, filename, options)
    return [(b.text, b.table) for b in doc.body() if b.text.strip()]
