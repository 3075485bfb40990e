"""A table screenshot → a Table, from the OCR'd lines and the rulings found in the pixels.

Ruled screenshots (Excel, Word, WPS tables): the rule segments of features.py give the cell
rectangles (grid.lattice); each OCR'd line goes to the cell holding its centre; a rectangle that
covers several grid positions is a merged cell (an origin cell with spans). An OCR'd line that runs over a
column rule (the detector joined a cell's last words to the next cell's name: "…高风祁晓燕") is cut there
first, its characters shared out by their widths (a CJK character two Latin ones).

Unruled screenshots: lines are grouped into rows by their vertical centres and into columns by the
horizontal bands that the rows' boxes share; a box that runs over several bands spans them.

A table must have at least 2 rows and 2 columns, and most of its cells must hold text (a chart's
gridlines enclose empty cells).
"""

from __future__ import annotations

from ..model import Cell, Table
from ..readers.grid import Rect, fill_cells, grid_table, lattice, merge_spans
from ..readers.ocr import Line
from .features import ImageFeatures

MIN_FILLED = 0.5  # share of cells holding text
MIN_ROWS_UNRULED = 3


def table_from_lines(lines: list[Line], features: ImageFeatures) -> tuple[Table, Rect] | None:
    """The table a screenshot shows, or None."""
    if len(lines) < 4:
        return None
    ruled = _ruled(lines, features)
    if ruled is not None:
        return ruled
    return _unruled(lines)


def join_texts(texts: list[str]) -> str:
    """OCR boxes of one cell in reading order → its text (no space between CJK pieces)."""
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if out and out[-1].isascii() and t[0].isascii() and out[-1].isalnum() and t[0].isalnum():
            out += " "
        out += t
    return out


def _ruled(lines: list[Line], f: ImageFeatures) -> tuple[Table, Rect] | None:
    tolerance = max(3.0, 0.006 * max(f.width, f.height))
    h = [(float(y), float(a), float(b)) for y, a, b in f.h_rules]
    v = [(float(x), float(a), float(b)) for x, a, b in f.v_rules]
    best: tuple[Table, Rect] | None = None
    best_filled = 0
    pieces = [piece for line in lines for piece in _cut_at_rules(line, v, tolerance)]
    for cells in lattice(h, v, tolerance):
        cells.sort(key=lambda c: (c[1], c[0]))
        texts = fill_cells(cells, [(box, text) for text, box, _score in pieces])
        found = grid_table(cells, [join_texts(t) for t in texts], tolerance)
        if found is None:
            continue
        table = found[0]
        filled = sum(1 for r in table.rows for c in r if c.text)
        n_cells = sum(len(r) for r in table.rows)
        if (
            table.n_rows >= 2
            and table.n_cols >= 2
            and filled >= 4
            and filled >= MIN_FILLED * n_cells
            and filled > best_filled
        ):
            best, best_filled = found, filled
    return best


def _cut_at_rules(line: Line, v_rules: list[tuple[float, float, float]], tolerance: float) -> list[Line]:
    """The line cut at every column rule that crosses its middle, well inside its box."""
    text, (x0, y0, x1, y1), score = line
    cy = (y0 + y1) / 2
    xs = sorted({x for x, a, b in v_rules if a <= cy <= b and x0 + 2 * tolerance < x < x1 - 2 * tolerance})
    if not xs or len(text) < 2:
        return [line]
    weights = [1.0 if ord(ch) > 0x2000 else 0.5 for ch in text]
    unit = (x1 - x0) / sum(weights)
    out: list[Line] = []
    start, left, acc = 0, x0, x0
    for k, w in enumerate(weights):
        if xs and acc + w * unit / 2 > xs[0]:
            if k > start:
                out.append((text[start:k], (left, y0, acc, y1), score))
            start, left = k, acc
            xs = [x for x in xs if x > acc + w * unit / 2]
        acc += w * unit
    out.append((text[start:], (left, y0, x1, y1), score))
    return out


def rows_by_centre(lines: list[Line], slope: float = 0.0) -> list[list[Line]]:
    """Lines grouped into rows by their vertical centres, each row left to right; `slope` (a scanned page's
    skew, y per x) is taken off the centres first."""

    def centre(ln: Line) -> float:
        x0, top, x1, bottom = ln[1]
        return (top + bottom) / 2 - slope * (x0 + x1) / 2

    rows: list[list[Line]] = []
    first = height = 0.0
    for ln in sorted(lines, key=centre):
        c, hgt = centre(ln), max(1.0, ln[1][3] - ln[1][1])
        if rows and abs(c - first) <= 0.5 * min(hgt, height):
            rows[-1].append(ln)
        else:
            rows.append([ln])
            first, height = c, hgt
    return [sorted(r, key=lambda ln: ln[1][0]) for r in rows]


def _bands(rows: list[list[Line]]) -> list[tuple[float, float]]:
    """Column bands: the union of the x-ranges of boxes in rows with several boxes."""
    return merge_spans([(ln[1][0], ln[1][2]) for r in rows if len(r) >= 2 for ln in r])


def _wrapped(rows: list[list[Line]]) -> list[list[Line]]:
    """Fold a cell's wrapped lines into their row: a row of at most half the boxes of the row above, each box
    under a box of that row (the same column) and close below it ("1.加工支架" then "2.焊接固定" in the
    措施 cell, seen fresh8 n02), is the row above continued, not a row of its own."""
    out: list[list[Line]] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and len(prev) >= 3 and 2 * len(row) <= len(prev) and _continues(prev, row):
            out[-1] = [*prev, *row]  # read line by line: a cell's wrapped text keeps its order
        else:
            out.append(row)
    return out


def _continues(prev: list[Line], row: list[Line]) -> bool:
    height = min(ln[1][3] - ln[1][1] for ln in row)
    for ln in row:
        x0, top, x1, _ = ln[1]
        above = [p for p in prev if min(x1, p[1][2]) - max(x0, p[1][0]) > 0.3 * min(x1 - x0, p[1][2] - p[1][0])]
        # the nearest box above in the same column ends less than a line's height above it
        if not above or top - max(p[1][3] for p in above) > 0.8 * height:
            return False
    return True


def _unruled(lines: list[Line]) -> tuple[Table, Rect] | None:
    rows = _wrapped(rows_by_centre(lines))
    multi = [r for r in rows if len(r) >= 2]
    if len(multi) < MIN_ROWS_UNRULED or len(multi) < 0.6 * len(rows):
        return None
    bands = _bands(rows)
    if len(bands) < 2:
        return None
    out_rows: list[list[Cell]] = []
    for ri, row in enumerate(rows):
        cells: dict[int, tuple[int, list[str]]] = {}
        for text, box, _ in row:
            cols = [i for i, (a, b) in enumerate(bands) if min(b, box[2]) - max(a, box[0]) > 0]
            if not cols:
                continue
            first = cols[0]
            span, texts = cells.get(first, (1, []))
            cells[first] = (max(span, cols[-1] - first + 1), [*texts, text])
        out_rows.append([Cell(text=join_texts(t), row=ri, col=c, col_span=s) for c, (s, t) in sorted(cells.items())])
    filled = sum(len(r) for r in out_rows)
    if filled < MIN_FILLED * len(rows) * len(bands):
        return None
    table = Table(rows=out_rows, n_rows=len(rows), n_cols=len(bands))
    boxes = [ln[1] for ln in lines]
    return table, (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
