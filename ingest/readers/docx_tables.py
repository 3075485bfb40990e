"""Word tables → origin cells with spans, straight from w:tbl.

python-docx's `row.cells` repeats a merged cell at every grid position it covers (813 of 1 040 cell
references in mineru/docx_01.docx) and raises ValueError on irregular grids; so we walk w:tr/w:tc
ourselves: w:gridBefore shifts the first cell, w:gridSpan widens a cell, w:vMerge="restart" opens a
vertical merge that following "continue" cells in the same grid column extend, w:gridAfter leaves
trailing positions empty. Rows and cells wrapped in content controls (w:sdt) or custom XML are
included; rows marked deleted in tracked changes are not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..model import Cell, Table
from .docx_package import W, wval

_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"}
_SKIP = {W + "del", W + "moveFrom"}
MAX_GRID_COLS = 1000
MAX_ROWS = 20_000


@dataclass
class CellContent:
    text: str
    nested: list[Table] = field(default_factory=list)


@dataclass
class _Open:
    row: int
    col: int
    col_span: int
    content: CellContent
    row_span: int = 1


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with `tag`, looking through content-control/customXml/insertion wrappers."""
    for child in el:
        ctag = child.tag
        if ctag == tag:
            yield child
        elif ctag in _WRAPPERS:
            yield from _children(child, tag)
        elif ctag in _SKIP:
            continue


def _int_val(el: etree._Element | None, default: int) -> int:
    v = wval(el)
    if v is None:
        return default
    try:
        return max(0, int(v))
    except ValueError:
        return default


def iter_rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for tr in _children(tbl, W + "tr"):
        trpr = tr.find(W + "trPr")
        if trpr is not None and trpr.find(W + "del") is not None:
            continue  # a row deleted in tracked changes
        yield tr


def build_table(tbl: etree._Element, read_cell: Callable[[etree._Element], CellContent]) -> Table:
    """Build a Table of origin cells. `read_cell(tc)` reads one cell's content (paragraphs, nested
    tables, text boxes) with the body walker."""
    grid_el = tbl.find(W + "tblGrid")
    declared_cols = len(grid_el.findall(W + "gridCol")) if grid_el is not None else 0
    cells: list[_Open] = []
    open_v: dict[int, _Open] = {}  # grid column → cell a vertical merge can still extend
    n_rows = 0
    width = declared_cols
    for r, tr in enumerate(iter_rows(tbl)):
        if r >= MAX_ROWS:
            break
        n_rows = r + 1
        trpr = tr.find(W + "trPr")
        col = _int_val(trpr.find(W + "gridBefore"), 0) if trpr is not None else 0
        after = _int_val(trpr.find(W + "gridAfter"), 0) if trpr is not None else 0
        touched: set[int] = set()
        for tc in _children(tr, W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span = max(1, _int_val(tcpr.find(W + "gridSpan"), 1)) if tcpr is not None else 1
            span = min(span, MAX_GRID_COLS)
            vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
            hmerge = tcpr.find(W + "hMerge") if tcpr is not None else None
            if hmerge is not None and wval(hmerge, "continue") != "restart" and cells and cells[-1].row == r:
                cells[-1].col_span += span  # legacy horizontal merge: widen the previous cell
                col += span
                continue
            if vmerge is not None and wval(vmerge, "continue") != "restart":
                origin = open_v.get(col)
                if origin is not None and origin.col == col:
                    # rows in between that had no cell at this position at all are covered too
                    origin.row_span = r - origin.row + 1
                    for k in range(col, col + span):
                        touched.add(k)
                    col += span
                    continue
            cell = _Open(row=r, col=col, col_span=span, content=read_cell(tc))
            cells.append(cell)
            for k in range(col, col + span):
                touched.add(k)
                if vmerge is not None:
                    open_v[k] = cell
                else:
                    open_v.pop(k, None)
            col += span
            if col > MAX_GRID_COLS:
                break
        row_end = col
        for k in [k for k in open_v if k not in touched and k < row_end]:
            del open_v[k]  # a vertical merge ends where the next row has another cell there
        # (a row that stops short of the merge's column leaves it open: unstructured/grid_offset_error.docx)
        width = max(width, col + after)
    rows: list[list[Cell]] = [[] for _ in range(n_rows)]
    for c in cells:
        rows[c.row].append(
            Cell(
                text=c.content.text,
                row=c.row,
                col=c.col,
                row_span=c.row_span,
                col_span=c.col_span,
                nested=c.content.nested,
            )
        )
    return Table(rows=rows, n_rows=n_rows, n_cols=min(width, MAX_GRID_COLS))
