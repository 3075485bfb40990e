"""Figures drawn on a scanned page, cut out of its pixels and read as pictures.

A scanned page is OCR'd whole, at the detector size of body text: a chart printed on it comes back as loose
lines (the title, a few axis ticks, the labels under the bars) and its small bar and line labels are lost,
so the 排列图 of a scanned report was never read as a chart (fresh13 s28). The region of a chart is found
from the page's pixels, not its words: the rules `features.measure` took of the whole page hold the chart's
axes — a long vertical rule and a long horizontal one meeting at its lower left — with no column rule between
them (a table's grid has them) and no more Chinese inside the plot than a legend's. The region is the plot with the lines around it: the nearest line above it
(its title), the tick labels beside it, the labels under it. The region is rendered again at `FIGURE_SCALE`
and read by the same picture readers a PPTX picture gets (OCR, features, `classify`); where they class it as
a chart its block replaces the page's lines inside the region, with the recogniser's confidence in its lines.
Anything else (a framed note, a table the rules missed) keeps the page's lines as they were.
"""

from __future__ import annotations

import re
from statistics import median

from ..pictures.features import ImageFeatures
from .grid import Rect
from .ocr import Line

FIGURE_SCALE = 3.0  # pixels per point a region is rendered at (a 110 dpi scan's bar labels: ~6 px at 1.5)
MIN_AXIS = 60.0  # points: the shortest axis of a chart
CORNER = 6.0  # points: how far apart the two axes' ends may be where they meet
INNER_RULE = 0.5  # a vertical rule inside the plot over this share of its height is a table's column rule
SIDE_REACH = 45.0  # points beside the plot where its tick labels and axis titles lie
BELOW_ROWS = 2.5  # line heights under the plot where its category labels (and an axis title) lie
ABOVE_ROWS = 1.2  # line heights above the plot where its title lies (the nearest row only)
PAD = 3.0  # points around the region
MAX_PLOT_HAN = 12  # Chinese characters inside a plot: a legend ("累计百分比") and a label or two, no cells
_HAN = re.compile(r"[\u4e00-\u9fff]")


def figure_regions(f: ImageFeatures, lines: list[Line], scale: float) -> list[Rect]:
    """The regions (points) of the charts drawn on a scanned page: axes meeting at the lower left, no column
    rule between them, with the lines that label them. `lines`: the page's OCR'd lines in points; `scale`:
    the page render's pixels per point (the features' unit)."""
    hs = [(y / scale, a / scale, b / scale) for y, a, b in f.h_rules]
    vs = [(x / scale, a / scale, b / scale) for x, a, b in f.v_rules]
    out: list[Rect] = []
    for x, top, bottom in vs:
        if bottom - top < MIN_AXIS:
            continue
        for y, left, right in hs:
            if right - left < MIN_AXIS or abs(x - left) > CORNER or abs(y - bottom) > CORNER:
                continue
            plot = (left, top, right, y)
            if _gridded(plot, vs) or _worded(plot, lines) or any(_overlap(plot, r) for r in out):
                continue
            out.append(_with_labels(plot, lines))
    return out


def _gridded(plot: Rect, vs: list[tuple[float, float, float]]) -> bool:
    """A column rule between the plot's left and right edges, or three vertical rules or more as tall as the
    left axis side by side (a table's columns: its first cell and bottom rule make an L too, seen fresh12
    r41): the plot is a table's grid. A framed chart has two."""
    left, top, right, bottom = plot
    alike = 0
    for x, a, b in vs:
        if left + CORNER < x < right - CORNER and min(b, bottom) - max(a, top) > INNER_RULE * (bottom - top):
            return True
        alike += abs(a - top) <= 2 * CORNER and abs(b - bottom) <= 2 * CORNER
    return alike >= 3


def _worded(plot: Rect, lines: list[Line]) -> bool:
    """More Chinese inside the plot than a chart's legend or point labels: a table's cells (its first column
    and bottom rule make an L too, seen fresh12 r41) or a framed paragraph."""
    chars = sum(len(_HAN.findall(ln[0])) for ln in lines if inside(ln, plot))
    return chars > MAX_PLOT_HAN


def _overlap(a: Rect, b: Rect) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _with_labels(plot: Rect, lines: list[Line]) -> Rect:
    """The plot grown to the lines that label it: tick labels and axis titles beside it, the category labels
    and an axis title under it, its title (the nearest row) just above it."""
    left, top, right, bottom = plot
    if not lines:
        return (left - PAD, top - PAD, right + PAD, bottom + PAD)
    height = median(ln[1][3] - ln[1][1] for ln in lines)
    boxes: list[Rect] = [plot]
    above: list[Rect] = []
    for _t, (x0, y0, x1, y1), _s in lines:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        beside = top - height <= cy <= bottom + height and (
            left - SIDE_REACH <= x1 <= left + CORNER or right - CORNER <= x0 <= right + SIDE_REACH
        )
        under = bottom - CORNER <= y0 and y1 <= bottom + BELOW_ROWS * height and left - SIDE_REACH <= cx <= right
        inside = left <= cx <= right and top <= cy <= bottom
        if beside or under or inside:
            boxes.append((x0, y0, x1, y1))
        elif left <= cx <= right and top - ABOVE_ROWS * height <= y1 <= top + CORNER:
            above.append((x0, y0, x1, y1))
    if above:  # the nearest row above only: a table's last row sits a little higher
        nearest = max(b[3] for b in above)
        boxes += [b for b in above if b[3] >= nearest - 0.5 * height]
    return (
        min(b[0] for b in boxes) - PAD,
        min(b[1] for b in boxes) - PAD,
        max(b[2] for b in boxes) + PAD,
        max(b[3] for b in boxes) + PAD,
    )


def inside(line: Line, region: Rect) -> bool:
    """The line's centre lies in the region."""
    x0, y0, x1, y1 = line[1]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]
