"""Tables drawn from separate boxes: text boxes and rectangles laid out as a grid.

Real decks often draw the 对策表 or the 要因确认表 as a grid of rectangles (one shape per cell, a
header cell spanning several columns), or as columns of loose text boxes; PDF pages exported from
such decks carry the same grid as filled rectangles without ruling lines. Two ways in:

- touching boxes: boxes whose sides meet (gap at most TOUCH_GAP_PT, overlap at most OVERLAP_PT) are
  neighbours; a connected group of at least MIN_BOXES neighbours whose edges snap to common grid lines
  is a table (grid.grid_table gives the spans of boxes that cover several columns or rows);
- aligned boxes: short single-line text boxes whose vertical centres fall into at least three rows
  and whose left edges or centres fall into at least two columns, every row and column taken by
  several boxes, nothing overlapping.

A grid is kept when it has at least 2 rows and 2 columns and 3 of one of them, its boxes fill at least
MIN_FILL of the grid positions, every box found its own place, and most boxes hold text. An empty
shape thinner than RULE_PT is a rule (the accent line under a slide title), never a cell: it takes no
part in a grid (seen fresh4 i53: the line 7 pt above a two-row 对策表 joined it and no table was read).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..model import Table
from .grid import Rect, grid_table, snap

TOUCH_GAP_PT = 10.0
OVERLAP_PT = 3.0
MIN_BOXES = 4
MIN_FILL = 0.75
ALIGNED_MAX_CHARS = 40
RULE_PT = 4.0


@dataclass(frozen=True)
class Box:
    bbox: Rect
    text: str
    framed: bool = True  # drawn with an outline or a fill (a rectangle); False: a bare text box


@dataclass
class DrawnTable:
    members: list[int]  # indices into the boxes given
    table: Table
    bbox: Rect


def find_tables(boxes: list[Box]) -> list[DrawnTable]:
    """Grids among `boxes` (each box used by at most one table)."""
    out: list[DrawnTable] = []
    used: set[int] = {i for i, b in enumerate(boxes) if _is_rule(b)}
    for group in _touching_groups(boxes, used):
        group = _without_loose_edges(boxes, group)
        if len(group) < MIN_BOXES:
            continue
        found = _as_table(boxes, group, _snap_tolerance(boxes, group))
        if found is not None:
            out.append(found)
            used.update(group)
    rest = [i for i in range(len(boxes)) if i not in used]
    found = _aligned(boxes, rest)
    if found is not None:
        out.append(found)
    return out


def _without_loose_edges(boxes: list[Box], group: list[int]) -> list[int]:
    """The group less its bare text boxes (no outline, no fill) lying wholly outside the framed boxes —
    above, below, left or right of all of them: the lines a slide writes beside a grid of drawn cells (an
    English subtitle, the survey's 调查时间/结果 lines) touch its outer cells but are no row or column of
    it (seen in the perturbation harness: the f03 要因确认 grid took the body box above it as a spanning
    row, the h43 查检表 grid the body box on its left as a first column)."""
    framed = [boxes[i].bbox for i in group if boxes[i].framed]
    if len(framed) < MIN_BOXES or len(framed) == len(group):
        return group
    x0, y0 = min(r[0] for r in framed), min(r[1] for r in framed)
    x1, y1 = max(r[2] for r in framed), max(r[3] for r in framed)

    def outside(r: Rect) -> bool:
        slack = OVERLAP_PT
        return r[3] <= y0 + slack or r[1] >= y1 - slack or r[2] <= x0 + slack or r[0] >= x1 - slack

    return [i for i in group if boxes[i].framed or not outside(boxes[i].bbox)]


def _is_rule(box: Box) -> bool:
    x0, y0, x1, y1 = box.bbox
    return not box.text.strip() and min(x1 - x0, y1 - y0) < RULE_PT


def _touching(a: Rect, b: Rect) -> bool:
    """a and b share (most of) a side: side by side or one above the other, nearly meeting."""
    h_overlap = min(a[2], b[2]) - max(a[0], b[0])
    v_overlap = min(a[3], b[3]) - max(a[1], b[1])
    h_gap = max(a[0], b[0]) - min(a[2], b[2])
    v_gap = max(a[1], b[1]) - min(a[3], b[3])
    side_by_side = v_overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1]) and -OVERLAP_PT <= h_gap <= TOUCH_GAP_PT
    stacked = h_overlap >= 0.5 * min(a[2] - a[0], b[2] - b[0]) and -OVERLAP_PT <= v_gap <= TOUCH_GAP_PT
    return side_by_side or stacked


def _touching_groups(boxes: list[Box], skip: set[int]) -> list[list[int]]:
    """Connected groups (≥ MIN_BOXES) of touching boxes, the boxes of `skip` left out."""
    n = len(boxes)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keep = [i for i in range(n) if i not in skip]
    for a, i in enumerate(keep):
        for j in keep[a + 1 :]:
            if _touching(boxes[i].bbox, boxes[j].bbox):
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in keep:
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) >= MIN_BOXES]


def _snap_tolerance(boxes: list[Box], group: list[int]) -> float:
    """Edges closer than this are one grid line: the widest gap between touching boxes (a drawn grid
    leaves small gaps), never more than a third of the smallest box side."""
    rects = [boxes[i].bbox for i in group]
    gaps = [0.0]
    for a in rects:
        for b in rects:
            if a is not b and _touching(a, b):
                gaps.append(max(max(a[0], b[0]) - min(a[2], b[2]), max(a[1], b[1]) - min(a[3], b[3]), 0.0))
    smallest = min(min(r[2] - r[0], r[3] - r[1]) for r in rects)
    return max(2.0, min(max(gaps) + 1.0, smallest / 3))


def _as_table(boxes: list[Box], group: list[int], tolerance: float) -> DrawnTable | None:
    members = sorted(group, key=lambda i: (boxes[i].bbox[1], boxes[i].bbox[0]))
    found = grid_table([boxes[i].bbox for i in members], [boxes[i].text for i in members], tolerance)
    if found is None:
        return None
    table, bbox = found
    if not _good(table, len(members), [boxes[i].text for i in members]):
        return None
    return DrawnTable(members, table, bbox)


def _good(table: Table, n_boxes: int, texts: list[str]) -> bool:
    cells = [c for r in table.rows for c in r]
    if len(cells) != n_boxes:
        return False  # two boxes in one place: overlapping shapes, not a grid
    if table.n_rows < 2 or table.n_cols < 2 or max(table.n_rows, table.n_cols) < 3:
        return False
    covered = sum(c.row_span * c.col_span for c in cells)
    if covered < MIN_FILL * table.n_rows * table.n_cols or covered > table.n_rows * table.n_cols:
        return False
    return sum(1 for t in texts if t.strip()) >= 0.5 * n_boxes


def _aligned(boxes: list[Box], candidates: list[int]) -> DrawnTable | None:
    """Short one-line text boxes in rows and columns (a borderless table of text boxes)."""
    idx = [
        i
        for i in candidates
        if boxes[i].text.strip() and "\n" not in boxes[i].text and len(boxes[i].text) <= ALIGNED_MAX_CHARS
    ]
    if len(idx) < 6:
        return None
    heights = [boxes[i].bbox[3] - boxes[i].bbox[1] for i in idx]
    tol = 0.4 * statistics.median(heights)
    rows = snap([(boxes[i].bbox[1] + boxes[i].bbox[3]) / 2 for i in idx], tol)
    row_of = {
        i: min(range(len(rows)), key=lambda r: abs(rows[r] - (boxes[i].bbox[1] + boxes[i].bbox[3]) / 2)) for i in idx
    }
    # a row needs two boxes; keep the rows that have them
    counts = [sum(1 for i in idx if row_of[i] == r) for r in range(len(rows))]
    idx = [i for i in idx if counts[row_of[i]] >= 2]
    if len({row_of[i] for i in idx}) < 3:
        return None
    lefts = snap([boxes[i].bbox[0] for i in idx], tol)
    if len(lefts) < 2 or len(lefts) > 12:
        return None
    rects = [(boxes[i].bbox[0], rows[row_of[i]] - tol, boxes[i].bbox[2], rows[row_of[i]] + tol) for i in idx]
    cells = _column_cells(rects, lefts)
    found = grid_table(cells, [boxes[i].text for i in idx], tol)
    if found is None or not _good(found[0], len(idx), [boxes[i].text for i in idx]):
        return None
    table = found[0]
    bbox = (
        min(boxes[i].bbox[0] for i in idx),
        min(boxes[i].bbox[1] for i in idx),
        max(boxes[i].bbox[2] for i in idx),
        max(boxes[i].bbox[3] for i in idx),
    )
    return DrawnTable(idx, table, bbox)


def _column_cells(rects: list[Rect], lefts: list[float]) -> list[Rect]:
    """Cells for aligned boxes: from the box's column line to the next column line (the last column to
    the right edge of its widest box), between the row's bounds."""
    right = max(r[2] for r in rects)
    out: list[Rect] = []
    for r in rects:
        col = min(range(len(lefts)), key=lambda c: abs(lefts[c] - r[0]))
        x1 = lefts[col + 1] if col + 1 < len(lefts) else right
        out.append((lefts[col], r[1], x1, r[3]))
    # rows: top of a row is the bottom of the previous one
    tops = sorted({r[1] for r in out})
    bounds = {t: (t, tops[k + 1] if k + 1 < len(tops) else max(r[3] for r in out)) for k, t in enumerate(tops)}
    return [(r[0], bounds[r[1]][0], r[2], bounds[r[1]][1]) for r in out]
