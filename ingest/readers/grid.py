"""Cell rectangles → a Table with spans; ruling segments → cell rectangles.

Shared by every reader that finds a table by geometry: PDF ruled tables (rule segments from PDFium's
paths), tables in pictures (rule segments found in the pixels, ingest.pictures.ocr_table) and tables
drawn from separate shapes (drawn_tables: each text box or rectangle is a cell). A rectangle that
covers several grid columns or rows becomes one origin cell with col_span/row_span, so merged cells
are never repeated.

The lattice step is pdfplumber's "lines" strategy (merge_edges → edges_to_intersections →
intersections_to_cells → cells_to_tables, after Nurminen's thesis), fed our own segments.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TypeVar

from ..model import Cell, Table

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom
Segment = tuple[float, float, float]  # horizontal: (y, x0, x1); vertical: (x, y0, y1)
T = TypeVar("T")


def snap(values: Sequence[float], tolerance: float) -> list[float]:
    """Sorted values with neighbours closer than `tolerance` merged into their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _index(grid: list[float], v: float, tolerance: float) -> int:
    i = bisect_left(grid, v - tolerance)
    return min(i, len(grid) - 1)


def grid_table(rects: Sequence[Rect], texts: Sequence[str], tolerance: float) -> tuple[Table, Rect] | None:
    """The table whose origin cells are `rects` (with `texts`), and its bounding box. Grid lines are
    the rectangles' edges snapped within `tolerance`; None when they do not form a grid."""
    xs = snap([r[0] for r in rects] + [r[2] for r in rects], tolerance)
    ys = snap([r[1] for r in rects] + [r[3] for r in rects], tolerance)
    n_cols, n_rows = len(xs) - 1, len(ys) - 1
    if n_cols < 1 or n_rows < 1:
        return None
    origins: dict[tuple[int, int], Cell] = {}
    for r, text in zip(rects, texts, strict=True):
        c0, c1 = _index(xs, r[0], tolerance), _index(xs, r[2], tolerance)
        r0, r1 = _index(ys, r[1], tolerance), _index(ys, r[3], tolerance)
        if c1 <= c0 or r1 <= r0:
            continue
        origins.setdefault((r0, c0), Cell(text=text, row=r0, col=c0, row_span=r1 - r0, col_span=c1 - c0))
    rows: list[list[Cell]] = [[] for _ in range(n_rows)]
    for (row, _col), cell in sorted(origins.items()):
        rows[row].append(cell)
    bbox = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
    return Table(rows=rows, n_rows=n_rows, n_cols=n_cols), bbox


def lattice(h_rules: Sequence[Segment], v_rules: Sequence[Segment], tolerance: float) -> list[list[Rect]]:
    """Cell rectangles of each table the ruling segments enclose (pdfplumber's lines strategy)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges

    if len(h_rules) < 2 or len(v_rules) < 2:
        return []
    edges = [_edge(s, horizontal=True) for s in h_rules] + [_edge(s, horizontal=False) for s in v_rules]
    merged = merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
    merged = filter_edges(merged, min_length=tolerance)
    groups = cells_to_tables(intersections_to_cells(edges_to_intersections(merged, tolerance, tolerance)))
    out: list[list[Rect]] = []
    for group in groups:
        cells = [
            (float(c[0]), float(c[1]), float(c[2]), float(c[3])) for c in group if c[2] - c[0] > 1 and c[3] - c[1] > 1
        ]
        if len(cells) >= 2:
            out.append(cells)
    return out


def _edge(s: Segment, *, horizontal: bool) -> dict[str, float | str]:
    pos, a, b = s
    if horizontal:
        return {
            "x0": a,
            "x1": b,
            "top": pos,
            "bottom": pos,
            "width": b - a,
            "height": 0.0,
            "orientation": "h",
            "object_type": "line",
        }
    return {
        "x0": pos,
        "x1": pos,
        "top": a,
        "bottom": b,
        "width": 0.0,
        "height": b - a,
        "orientation": "v",
        "object_type": "line",
    }


def merge_spans(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The union of x-ranges (x0, x1) as sorted, non-overlapping ranges (columns of a table)."""
    out: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 <= out[-1][1]:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def fill_cells(cells: Sequence[Rect], items: Sequence[tuple[Rect, T]]) -> list[list[T]]:
    """The items (box, payload) whose box centre lies in each cell, in the items' order; an item
    goes to the first cell that holds it."""
    out: list[list[T]] = [[] for _ in cells]
    for box, payload in items:
        i = next((i for i, cell in enumerate(cells) if centre_in(cell, box)), None)
        if i is not None:
            out[i].append(payload)
    return out


def centre_in(rect: Rect, box: Rect) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return rect[0] <= cx <= rect[2] and rect[1] <= cy <= rect[3]
