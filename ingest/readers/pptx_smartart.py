"""SmartArt text for the PPTX (and DOCX) readers.

A SmartArt graphicFrame only points (`dgm:relIds r:dm`) to a diagram data part
(`ppt/diagrams/dataN.xml`). Its text lives in the `dgm:pt` points of type `node` (the default) and
`asst`; their logical order is the tree of `parOf` connections (the default connection type), each
parent's children ordered by `srcOrd`. Presentation points (`pres`, `parTrans`, `sibTrans`) carry no
content. A 因果图 or 系统图 drawn as SmartArt keeps its hierarchy this way (depth = level).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .pptx_text import NS, paragraphs

DGM = f"{{{NS['dgm']}}}"
DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
CONTENT_TYPES = frozenset({"node", "asst"})


@dataclass(frozen=True)
class SmartArtNode:
    text: str
    depth: int  # 1 = top-level node under the diagram root


def data_rel_id(graphic_frame: etree._Element) -> str | None:
    """The r:dm relationship id of a SmartArt graphicFrame, or None when it is not SmartArt."""
    rel_ids = graphic_frame.find(f".//{DGM}relIds")
    if rel_ids is None:
        return None
    return rel_ids.get(f"{{{NS['r']}}}dm")


def smartart_nodes(data_root: etree._Element) -> list[SmartArtNode]:
    """Text points of a diagram data model in logical (tree) order."""
    points: dict[str, etree._Element] = {}
    order: list[str] = []
    ptype: dict[str, str] = {}
    for pt in data_root.iter(f"{DGM}pt"):
        mid = pt.get("modelId")
        if not mid:
            continue
        points[mid] = pt
        order.append(mid)
        ptype[mid] = pt.get("type", "node")

    children: dict[str, list[tuple[int, int, str]]] = {}
    has_parent: set[str] = set()
    for n, cxn in enumerate(data_root.iter(f"{DGM}cxn")):
        if cxn.get("type", "parOf") != "parOf":
            continue
        src, dst = cxn.get("srcId"), cxn.get("destId")
        if not src or not dst or dst not in points:
            continue
        try:
            src_ord = int(cxn.get("srcOrd", "0"))
        except ValueError:
            src_ord = 0
        children.setdefault(src, []).append((src_ord, n, dst))
        has_parent.add(dst)

    out: list[SmartArtNode] = []
    seen: set[str] = set()

    def visit(mid: str, depth: int) -> None:
        # iterative-safe: cycles in a hostile file are cut by `seen`
        stack = [(mid, depth)]
        while stack:
            cur, d = stack.pop()
            if cur in seen:
                continue
            seen.add(cur)
            if ptype.get(cur) in CONTENT_TYPES:
                text = _point_text(points[cur])
                if text:
                    out.append(SmartArtNode(text=text, depth=max(d, 1)))
            kids = sorted(children.get(cur, []))
            next_depth = d + 1 if ptype.get(cur) in CONTENT_TYPES or ptype.get(cur) == "doc" else d
            for _, _, kid in reversed(kids):
                stack.append((kid, next_depth))

    roots = [m for m in order if ptype[m] == "doc"] or [m for m in order if m not in has_parent]
    for root in roots:
        visit(root, 0)
    # content points not reachable from a root (broken connection list): keep them, in file order
    for mid in order:
        if mid not in seen and ptype[mid] in CONTENT_TYPES:
            visit(mid, 1)
    return out


def _point_text(pt: etree._Element) -> str:
    t = pt.find(f"{DGM}t")
    return "\n".join(p.text for p in paragraphs(t)).strip()
