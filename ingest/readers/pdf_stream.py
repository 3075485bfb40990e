"""Tables without ruling lines whose cells wrap: a Word table without borders exported to PDF, a
对策表 typed in columns.

Geometry only, on the lines of a page (pdf_layout): lines that share a baseline band make a visual
row; each row splits into segments at gaps of at least SEGMENT_GAP font sizes. A region is a run of
visual rows, close together, in which at least MIN_ROWS rows have two or more segments and the other
rows (a cell's wrapped second line) fall inside the columns found so far. The columns are the
stretches of x that the region's segments cover, separated by white rivers that run through every
row. A new table row starts where the first column has text or after a gap wider than ROW_GAP line
heights; a cell's wrapped lines join in reading order (no space between CJK characters).

A region becomes a table when it has at least MIN_COLUMNS columns and MIN_ROWS table rows, most
cells hold text and the cells are short (two columns side by side are a page layout more often than
a table: pdf_tables.borderless_tables takes the two-column tables whose rows line up).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from ..model import Cell, Table
from .grid import merge_spans
from .pdf_layout import Char, Line, is_cjk, join_chars

SEGMENT_GAP = 0.9  # font sizes: a gap at least this wide separates two cells
ROW_GAP = 1.6  # line heights: a wider vertical gap starts a new table row
REGION_GAP = 2.6  # line heights: a wider gap ends the region
MIN_ROWS = 3
MIN_COLUMNS = 3
MIN_FILLED = 0.6
MAX_MEDIAN_CELL = 24  # characters


@dataclass
class _Row:
    lines: list[Line]
    segments: list[tuple[float, float, list[Char]]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(ln.top for ln in self.lines)

    @property
    def bottom(self) -> float:
        return max(ln.bottom for ln in self.lines)

    @property
    def height(self) -> float:
        return max(ln.height for ln in self.lines)


def stream_tables(lines: list[Line]) -> list[tuple[list[Line], Table]]:
    """Tables found among `lines` (each with the lines it consumed)."""
    rows = _visual_rows([ln for ln in lines if not ln.vertical])
    out: list[tuple[list[Line], Table]] = []
    for region in _regions(rows):
        table = _table(region)
        if table is not None:
            out.append(([ln for r in region for ln in r.lines], table))
    return out


def _visual_rows(lines: list[Line]) -> list[_Row]:
    ordered = sorted(lines, key=lambda ln: (ln.top + ln.bottom) / 2)
    rows: list[_Row] = []
    for ln in ordered:
        centre = (ln.top + ln.bottom) / 2
        if rows and abs(centre - (rows[-1].top + rows[-1].bottom) / 2) <= 0.5 * min(ln.height, rows[-1].height):
            rows[-1].lines.append(ln)
        else:
            rows.append(_Row([ln]))
    for r in rows:
        seg: list[Char] = []
        chars = sorted(
            (c for ln in r.lines for c in ln.chars if not c.generated and not c.ch.isspace()), key=lambda c: c.x0
        )
        for c in chars:
            if seg and c.x0 - seg[-1].x1 >= SEGMENT_GAP * max(seg[-1].size, c.size, 4.0):
                r.segments.append((seg[0].x0, seg[-1].x1, seg))
                seg = []
            seg.append(c)
        if seg:
            r.segments.append((seg[0].x0, seg[-1].x1, seg))
    return rows


def _regions(rows: list[_Row]) -> list[list[_Row]]:
    """Runs of close rows: multi-segment rows, and rows inside the columns the run has so far."""
    out: list[list[_Row]] = []
    run: list[_Row] = []

    def close() -> None:
        if sum(1 for r in run if len(r.segments) >= 2) >= MIN_ROWS:
            out.append(list(run))
        run.clear()

    for r in rows:
        near = bool(run) and r.top - run[-1].bottom <= REGION_GAP * max(r.height, run[-1].height)
        if near and (len(r.segments) >= 2 or _inside_columns(r, run)):
            run.append(r)
            continue
        close()
        if len(r.segments) >= 2:
            run.append(r)
    close()
    return out


def _inside_columns(r: _Row, run: list[_Row]) -> bool:
    cols = _columns(run)
    return len(cols) >= 2 and all(any(a - 1 <= x0 and x1 <= b + 1 for a, b in cols) for x0, x1, _ in r.segments)


def _columns(region: list[_Row]) -> list[tuple[float, float]]:
    """The x stretches covered by the region's segments (merged where they overlap)."""
    return merge_spans([(x0, x1) for r in region for x0, x1, _ in r.segments])


def _table(region: list[_Row]) -> Table | None:
    cols = _columns(region)
    if len(cols) < MIN_COLUMNS:
        return None
    grid: list[list[list[str]]] = []
    prev: _Row | None = None
    for r in region:
        first_col = any(x0 <= cols[0][1] for x0, _, _ in r.segments)
        if not grid or first_col or (prev is not None and r.top - prev.bottom > ROW_GAP * r.height):
            grid.append([[] for _ in cols])
        for x0, _x1, chars in r.segments:
            k = next(i for i, (a, b) in enumerate(cols) if a - 1 <= x0 <= b + 1)
            grid[-1][k].append(join_chars(chars))
        prev = r
    cells = [[_join(parts) for parts in row] for row in grid]
    texts = [t for row in cells for t in row if t]
    if len(cells) < MIN_ROWS or len(texts) < MIN_FILLED * len(cells) * len(cols):
        return None
    if statistics.median(len(t) for t in texts) > MAX_MEDIAN_CELL:
        return None
    rows = [[Cell(text=t, row=i, col=k) for k, t in enumerate(row)] for i, row in enumerate(cells)]
    return Table(rows=rows, n_rows=len(rows), n_cols=len(cols))


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out and not (is_cjk(out[-1]) or is_cjk(p[:1])):
            out += " "
        out += p
    return out
