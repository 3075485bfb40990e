"""Slide geometry for the PPTX reader: true slide positions of (nested) group children, and a reading
order by position.

A group's children are placed in the group's child coordinate space: a child point p is drawn at
`(p - chOff) * ext / chExt + off` in the group's parent space, and this composes through every level
of nesting (python-pptx #838/#899/#925). Sorting by raw child `top`/`left` misplaces grouped shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"

EMU_PER_POINT = 12700.0

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Transform:
    """Affine map from a shape tree's coordinate space to slide EMU: slide = p * scale + offset."""

    sx: float = 1.0
    sy: float = 1.0
    tx: float = 0.0
    ty: float = 0.0

    def apply(self, x: float, y: float, cx: float, cy: float) -> tuple[float, float, float, float]:
        """Map a rectangle (x, y, cx, cy) in this space to slide EMU (x, y, cx, cy)."""
        return (x * self.sx + self.tx, y * self.sy + self.ty, cx * self.sx, cy * self.sy)

    def child(
        self, off: tuple[int, int], ext: tuple[int, int], ch_off: tuple[int, int], ch_ext: tuple[int, int]
    ) -> Transform:
        """Transform of a group's child space, given the group's own xfrm (in this space)."""
        kx = ext[0] / ch_ext[0] if ch_ext[0] else 1.0
        ky = ext[1] / ch_ext[1] if ch_ext[1] else 1.0
        # child p -> (p - chOff) * k + off  (group parent space) -> * s + t (slide)
        return Transform(
            sx=self.sx * kx,
            sy=self.sy * ky,
            tx=self.sx * (off[0] - ch_off[0] * kx) + self.tx,
            ty=self.sy * (off[1] - ch_off[1] * ky) + self.ty,
        )


IDENTITY = Transform()


def _pair(el: etree._Element | None, a: str, b: str) -> tuple[int, int] | None:
    if el is None:
        return None
    try:
        return int(el.get(a, "0")), int(el.get(b, "0"))
    except ValueError:
        return None


def xfrm_of(shape_elm: etree._Element) -> etree._Element | None:
    """The a:xfrm (or p:xfrm of a graphicFrame) of a shape element, or None when it has none."""
    for path in ("p:spPr/a:xfrm", "p:grpSpPr/a:xfrm", "p:xfrm"):
        found = shape_elm.find(path, namespaces={"a": NS_A, "p": NS_P})
        if found is not None:
            return found
    return None


def own_rect(shape_elm: etree._Element) -> tuple[int, int, int, int] | None:
    """(x, y, cx, cy) of a shape in its parent's coordinate space, from its own xfrm."""
    xfrm = xfrm_of(shape_elm)
    if xfrm is None:
        return None
    off = _pair(xfrm.find(f"{{{NS_A}}}off"), "x", "y")
    ext = _pair(xfrm.find(f"{{{NS_A}}}ext"), "cx", "cy")
    if off is None or ext is None:
        return None
    return off[0], off[1], ext[0], ext[1]


def group_transform(grp_elm: etree._Element, parent: Transform) -> Transform:
    """Transform of a p:grpSp's child space. A group without chOff/chExt maps children 1:1 offset."""
    xfrm = xfrm_of(grp_elm)
    if xfrm is None:
        return parent
    off = _pair(xfrm.find(f"{{{NS_A}}}off"), "x", "y") or (0, 0)
    ext = _pair(xfrm.find(f"{{{NS_A}}}ext"), "cx", "cy")
    ch_off = _pair(xfrm.find(f"{{{NS_A}}}chOff"), "x", "y") or off
    ch_ext = _pair(xfrm.find(f"{{{NS_A}}}chExt"), "cx", "cy") or ext
    if ext is None or ch_ext is None:
        return Transform(
            parent.sx,
            parent.sy,
            parent.tx + parent.sx * (off[0] - ch_off[0]),
            parent.ty + parent.sy * (off[1] - ch_off[1]),
        )
    return parent.child(off, ext, ch_off, ch_ext)


def emu_rect_to_bbox(rect: tuple[float, float, float, float]) -> BBox:
    x, y, cx, cy = rect
    return (
        round(x / EMU_PER_POINT, 2),
        round(y / EMU_PER_POINT, 2),
        round((x + cx) / EMU_PER_POINT, 2),
        round((y + cy) / EMU_PER_POINT, 2),
    )


class Positioned(Protocol):
    bbox: BBox | None
    seq: int
    first: bool


# Two shapes are on one "row" when their tops differ by less than this fraction of the smaller
# height (bounded below so thin shapes still group, above so tall shapes do not swallow a column).
ROW_TOLERANCE = 0.5
ROW_TOL_MIN_PT = 4.0
ROW_TOL_MAX_PT = 36.0


def reading_order(units: Sequence[Positioned]) -> list[int]:
    """Indices of `units` in reading order: `first` units (slide titles) first, then rows top to
    bottom, each row left to right. A unit without a position keeps its place after the unit that
    precedes it in the shape tree."""
    if not units:
        return []
    boxes: list[BBox] = []
    prev: BBox = (0.0, 0.0, 0.0, 0.0)
    by_seq = sorted(range(len(units)), key=lambda i: units[i].seq)
    filled: dict[int, BBox] = {}
    for i in by_seq:
        b = units[i].bbox
        if b is None:
            # just after the previous shape in tree order
            b = (prev[0] + 0.001, prev[1] + 0.001, prev[2], prev[3])
        filled[i] = b
        prev = b
    boxes = [filled[i] for i in range(len(units))]

    firsts = sorted(
        (i for i in range(len(units)) if units[i].first), key=lambda i: (boxes[i][1], boxes[i][0], units[i].seq)
    )
    rest = sorted(
        (i for i in range(len(units)) if not units[i].first), key=lambda i: (boxes[i][1], boxes[i][0], units[i].seq)
    )

    rows: list[list[int]] = []
    anchor: BBox | None = None
    for i in rest:
        b = boxes[i]
        if anchor is not None and rows:
            h = min(max(anchor[3] - anchor[1], 0.0), max(b[3] - b[1], 0.0))
            tol = min(max(ROW_TOLERANCE * h, ROW_TOL_MIN_PT), ROW_TOL_MAX_PT)
            if b[1] - anchor[1] <= tol:
                rows[-1].append(i)
                continue
        rows.append([i])
        anchor = b
    ordered = list(firsts)
    for row in rows:
        ordered.extend(sorted(row, key=lambda i: (boxes[i][0], boxes[i][1], units[i].seq)))
    return ordered


# ---- placeholder position inheritance ----------------------------------------------------------------
# A slide placeholder without its own xfrm takes the position of the layout placeholder with the same
# idx; a layout placeholder without one takes the master placeholder of its base type (the mapping
# python-pptx's LayoutPlaceholder uses). Read from the XML with one pass per layout/master.

BASE_TYPE = {
    "body": "body",
    "chart": "body",
    "clipArt": "body",
    "ctrTitle": "title",
    "dgm": "body",
    "dt": "dt",
    "ftr": "ftr",
    "hdr": "hdr",
    "media": "body",
    "obj": "body",
    "pic": "body",
    "sldImg": "sldImg",
    "sldNum": "sldNum",
    "subTitle": "body",
    "tbl": "body",
    "title": "title",
}

Rect = tuple[int, int, int, int]


@dataclass(frozen=True)
class PlaceholderMap:
    """Placeholders of one layout or master: own rectangle (or None) and type, by idx and by type."""

    by_idx: dict[int, tuple[str, Rect | None]]
    by_type: dict[str, Rect | None]


def placeholder_map(tree: etree._Element | None) -> PlaceholderMap:
    by_idx: dict[int, tuple[str, Rect | None]] = {}
    by_type: dict[str, Rect | None] = {}
    if tree is None:
        return PlaceholderMap(by_idx, by_type)
    for sp in tree.iter(f"{{{NS_P}}}sp"):
        ph = sp.find(f"{{{NS_P}}}nvSpPr/{{{NS_P}}}nvPr/{{{NS_P}}}ph")
        if ph is None:
            continue
        ph_type = ph.get("type", "obj")
        try:
            idx = int(ph.get("idx", "0"))
        except ValueError:
            continue
        rect = own_rect(sp)
        by_idx.setdefault(idx, (ph_type, rect))
        base = BASE_TYPE.get(ph_type, ph_type)
        if by_type.get(base) is None:
            by_type[base] = rect
    return PlaceholderMap(by_idx, by_type)


def inherited_rect(ph: etree._Element, layout: PlaceholderMap | None, master: PlaceholderMap | None) -> Rect | None:
    """Rectangle (slide EMU) a slide placeholder inherits: its layout placeholder's, else the master's."""
    try:
        idx = int(ph.get("idx", "0"))
    except ValueError:
        return None
    if layout is None:
        return None
    found = layout.by_idx.get(idx)
    if found is None:
        return None
    layout_type, rect = found
    if rect is not None:
        return rect
    if master is None:
        return None
    return master.by_type.get(BASE_TYPE.get(layout_type, layout_type))
