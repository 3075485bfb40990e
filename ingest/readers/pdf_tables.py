"""Tables on a PDF page.

Ruled tables: the straight, axis-aligned pieces of the page's vector paths are read with PDFium
(`rule_edges`), and pdfplumber's grid algorithm (grid.lattice) turns them into cell rectangles. Not asking pdfplumber to parse the page itself matters: pdfminer takes ~10 s on
a page with a detailed vector chart (tika/testPDF_protected.pdf). Cells are filled with PDFium's
decoded characters (pdfplumber's own text would be mojibake for GBK fonts). A grid whose cells are
mostly empty is a chart or a frame, not a table. A merged cell is one rectangle that covers several grid positions:
we turn it into an origin cell with row_span/col_span, so spans are never repeated (pdfplumber's
`extract()` gives None there instead).

Borderless tables: runs of at least three consecutive lines that each split into the same number
(≥ 2) of wide-gap separated segments whose left edges line up (markitdown's word-position idea),
e.g. an invoice's item list.

A grid of one row is no table by itself (a frame around a line), except where it opens a page right after a
table that ended the page before with the same column rules (`follows`): the last row of a table pushed
over the page break alone (a Word table printed to PDF).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import Cell, Table
from .grid import Segment, fill_cells, grid_table, lattice, snap
from .pdf_layout import Char, Line, is_cjk, join_chars

SNAP = 2.0  # points: grid coordinates closer than this are the same rule


@dataclass
class FoundTable:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    table: Table
    columns: tuple[float, ...] = ()  # x of its column rules, left to right


def cell_text(chars: list[Char]) -> str:
    """Characters of one cell (stream order) → text; lines joined like paragraphs."""
    lines: list[list[Char]] = []
    for c in chars:
        if c.ch in ("\r", "\n"):
            if lines and lines[-1]:
                lines.append([])
            continue
        if not lines:
            lines.append([])
        if lines[-1] and not c.generated:
            last = next((x for x in reversed(lines[-1]) if not x.generated), None)
            if last is not None and abs(c.top - last.top) > 0.6 * max(c.size, last.size, 4.0):
                lines.append([])
        lines[-1].append(c)
    text = ""
    for ln in lines:
        t = join_chars(sorted((c for c in ln if not c.generated), key=lambda c: c.x0)).strip()
        if not t:
            continue
        if text and not (is_cjk(text[-1]) or is_cjk(t[0])):
            text += " "
        text += t
    return text


def rule_edges(
    page: pdfium.PdfPage, to_display: Callable[[float, float], tuple[float, float]], max_segments: int = 8_000
) -> tuple[list[Segment], list[Segment]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) straight pieces of the page's painted paths, in
    top-left display coordinates; `to_display` maps a PDF user-space point."""
    h: list[Segment] = []
    v: list[Segment] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    budget = max_segments
    try:
        objects = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4))
    except pdfium.PdfiumError:
        return h, v
    for obj in objects:
        raw = obj.raw
        if pdfium_c.FPDFPath_GetDrawMode(raw, ctypes.byref(fill), ctypes.byref(stroke)) and not (
            fill.value or stroke.value
        ):
            continue  # an invisible path (clipping helpers) draws no rule
        n = pdfium_c.FPDFPath_CountSegments(raw)
        if n <= 0:
            continue
        budget -= n
        if budget < 0:
            break  # a page this full of vector strokes is a drawing or a chart, not a ruled table
        matrix = _total_matrix(obj)
        pts: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        for i in range(n):
            seg = pdfium_c.FPDFPath_GetPathSegment(raw, i)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                continue
            pt = to_display(*matrix.on_point(x.value, y.value))
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not pts:
                pts = [pt]
                start = pt
            else:
                if kind == pdfium_c.FPDF_SEGMENT_LINETO:
                    _add_edge(h, v, pts[-1], pt)
                pts.append(pt)
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_edge(h, v, pts[-1], start)
    return h, v


def _total_matrix(obj: pdfium.PdfObject) -> pdfium.PdfMatrix:
    m = obj.get_matrix()
    parent = getattr(obj, "container", None)
    depth = 0
    while parent is not None and depth < 8:
        try:
            m = m.multiply(parent.get_matrix())
        except (pdfium.PdfiumError, AttributeError):
            break
        parent = getattr(parent, "container", None)
        depth += 1
    return m


def _add_edge(h: list[Segment], v: list[Segment], a: tuple[float, float], b: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) <= 0.5 and abs(x1 - x0) >= 3:
        h.append((y0, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= 3:
        v.append((x0, min(y0, y1), max(y0, y1)))


def same_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Two tables drawn on the same column rules."""
    return len(a) == len(b) >= 3 and all(abs(x - y) <= 2 * SNAP for x, y in zip(a, b, strict=True))


def ruled_tables(
    rules: tuple[list[Segment], list[Segment]], chars: list[Char], follows: tuple[float, ...] = ()
) -> list[FoundTable]:
    """Tables from ruling segments (grid.lattice), filled with our characters; a grid of one row only where
    its column rules are those of `follows` (the table that ended the page before)."""
    out: list[FoundTable] = []
    glyphs = [
        ((ch.x0, ch.top, ch.x1, ch.bottom), ch) for ch in chars if not (ch.generated and ch.ch in ("\r", "\n", " "))
    ]
    for cells in lattice(*rules, tolerance=3):
        cells.sort(key=lambda c: (c[1], c[0]))
        texts = fill_cells(cells, glyphs)
        found = grid_table(cells, [cell_text(t) for t in texts], SNAP)
        if found is None:
            continue
        table, bbox = found
        columns = tuple(snap([c[0] for c in cells] + [c[2] for c in cells], SNAP))
        filled = sum(1 for r in table.rows for c in r if c.text)
        n_cells = sum(len(r) for r in table.rows)
        one_row = table.n_rows < 2 and not same_columns(columns, follows)
        if one_row or table.n_cols < 2 or filled < 2 or filled < 0.3 * n_cells:
            continue  # a chart's grid or a frame around text
        out.append(FoundTable(bbox=bbox, table=table, columns=columns))
    return out


def _segments(line: Line) -> list[tuple[float, float, str]]:
    """Split a line at gaps wider than twice its font size: (x0, x1, text) segments."""
    segs: list[list[Char]] = []
    last: Char | None = None
    for c in line.chars:
        if c.generated or c.ch.isspace():
            continue
        if last is None or c.x0 - last.x1 > 2.0 * max(line.size, 4.0):
            segs.append([])
        segs[-1].append(c)
        last = c
    return [(s[0].x0, s[-1].x1, join_chars(s)) for s in segs if s]


def borderless_tables(lines: list[Line]) -> list[tuple[list[Line], Table]]:
    """Runs of ≥ 3 consecutive lines (top→bottom) with the same number (≥ 2) of aligned segments."""
    ordered = sorted((ln for ln in lines if not ln.vertical), key=lambda ln: ln.top)
    out: list[tuple[list[Line], Table]] = []
    run: list[tuple[Line, list[tuple[float, float, str]]]] = []

    def aligned(a: list[tuple[float, float, str]], b: list[tuple[float, float, str]], size: float) -> bool:
        if len(a) != len(b):
            return False
        # each column overlaps horizontally with the one above (left, centre or right aligned)
        return all(min(x[1], y[1]) - max(x[0], y[0]) > -size for x, y in zip(a, b, strict=True))

    def flush() -> None:
        n_cols = len(run[0][1]) if run else 0
        cell_lens = sorted(len(seg[2]) for _, segs in run for seg in segs)
        short_cells = bool(cell_lens) and cell_lens[len(cell_lens) // 2] <= 24
        if len(run) >= (3 if n_cols >= 3 else 4) and n_cols >= 2 and short_cells:
            n_cols = len(run[0][1])
            rows = [[Cell(text=seg[2], row=r, col=c) for c, seg in enumerate(segs)] for r, (_, segs) in enumerate(run)]
            out.append(([ln for ln, _ in run], Table(rows=rows, n_rows=len(rows), n_cols=n_cols)))
        run.clear()

    for ln in ordered:
        segs = _segments(ln)
        if (
            len(segs) >= 2
            and run
            and aligned(run[-1][1], segs, ln.size)
            and ln.top - run[-1][0].bottom < 2.5 * ln.height
        ):
            run.append((ln, segs))
            continue
        flush()
        if len(segs) >= 2:
            run.append((ln, segs))
    flush()
    return out
