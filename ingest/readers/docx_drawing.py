"""DrawingML objects in a Word body that carry text or data: charts (c:chartSpace and the Office 2016
chartEx parts used for Pareto charts and histograms), SmartArt (diagram data parts), and the size of
pictures (to decide whether to OCR them).

A QC report's 排列图 is often a native chart: its categories and values are the evidence a rule checks
(the 80/20 cut), so they are read from the chart part's cache rather than dropped.
"""

from __future__ import annotations

from itertools import pairwise

from lxml import etree

from ..model import Chart, Series

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CX_NS = "http://schemas.microsoft.com/office/drawing/2014/chartex"
DGM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
A = f"{{{A_NS}}}"
C = f"{{{C_NS}}}"
CX = f"{{{CX_NS}}}"
DGM = f"{{{DGM_NS}}}"

_KIND_BY_TAG = {
    "barChart": "bar",
    "bar3DChart": "bar",
    "lineChart": "line",
    "line3DChart": "line",
    "pieChart": "pie",
    "pie3DChart": "pie",
    "doughnutChart": "pie",
    "ofPieChart": "pie",
    "areaChart": "area",
    "area3DChart": "area",
    "scatterChart": "scatter",
    "bubbleChart": "scatter",
    "radarChart": "radar",
    "stockChart": "stock",
    "surfaceChart": "surface",
    "surface3DChart": "surface",
}

_CHARTEX_KIND = {
    "paretoLine": "pareto",
    "clusteredColumn": "bar",
    "boxWhisker": "box",
    "funnel": "funnel",
    "waterfall": "waterfall",
    "treemap": "treemap",
    "sunburst": "sunburst",
    "regionMap": "map",
}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _num(v: str | None) -> float | None:
    if v is None:
        return None
    try:
        return float(v.strip().rstrip("%"))
    except ValueError:
        return None


def _cache_points(ref: etree._Element | None) -> list[str | None]:
    """Values of a c:strRef / c:numRef / c:multiLvlStrRef / literal, ordered by c:pt idx."""
    if ref is None:
        return []
    cache = None
    for tag in ("strCache", "numCache", "multiLvlStrCache", "strLit", "numLit"):
        cache = ref.find(f".//{C}{tag}")
        if cache is not None:
            break
    if cache is None:
        return []
    if _local(cache.tag) == "multiLvlStrCache":
        lvl = cache.find(C + "lvl")  # the first level is the innermost (the bar labels)
        if lvl is None:
            return []
        cache = lvl
    count_el = cache.find(C + "ptCount")
    pts = cache.findall(C + "pt")
    n = int(count_el.get("val", "0")) if count_el is not None and count_el.get("val", "").isdigit() else 0
    n = max(n, max((int(p.get("idx", "0")) + 1 for p in pts if p.get("idx", "").isdigit()), default=0))
    out: list[str | None] = [None] * min(n, 100_000)
    for p in pts:
        idx = p.get("idx", "")
        v = p.find(C + "v")
        if idx.isdigit() and int(idx) < len(out) and v is not None:
            out[int(idx)] = v.text or ""
    return out


def _rich_text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    paras = []
    for p in el.iter(A + "p"):
        paras.append("".join(t.text or "" for t in p.iter(A + "t")))
    if not paras:
        paras = ["".join(t.text or "" for t in el.iter(A + "t"))]
    return "\n".join(s for s in (x.strip() for x in paras) if s)


def parse_chart(root: etree._Element) -> Chart | None:
    """A c:chartSpace part → Chart (categories from the first series that has them)."""
    chart = root.find(C + "chart")
    if chart is None:
        return None
    title_el = chart.find(C + "title")
    title = None
    if title_el is not None:
        title = _rich_text(title_el.find(C + "tx")) or None
    plot = chart.find(C + "plotArea")
    if plot is None:
        return Chart(kind="unknown", title=title)
    kinds: list[str] = []
    categories: list[str] = []
    series: list[Series] = []
    for group in plot:
        kind = _KIND_BY_TAG.get(_local(group.tag))
        if kind is None:
            continue
        kinds.append(kind)
        for ser in group.findall(C + "ser"):
            name_el = ser.find(C + "tx")
            name = ""
            if name_el is not None:
                pts = _cache_points(name_el)
                v = name_el.find(C + "v")
                name = (pts[0] if pts and pts[0] else None) or (v.text if v is not None else "") or ""
            cat_el = ser.find(C + "cat")
            if cat_el is None:
                cat_el = ser.find(C + "xVal")
            vals_el = ser.find(C + "val")
            if vals_el is None:
                vals_el = ser.find(C + "yVal")
            cats = [c or "" for c in _cache_points(cat_el)]
            if cats and not categories:
                categories = cats
            values = [_num(v) for v in _cache_points(vals_el)]
            series.append(Series(name=name.strip(), values=values))
    if series and not categories:
        categories = [str(i + 1) for i in range(max(len(s.values) for s in series))]
    return Chart(kind=_combined_kind(kinds, series), title=title, categories=categories, series=series)


def _combined_kind(kinds: list[str], series: list[Series]) -> str:
    distinct = list(dict.fromkeys(kinds))
    if not distinct:
        return "unknown"
    if len(distinct) == 1:
        return distinct[0]
    if set(distinct) == {"bar", "line"} and any(_is_cumulative(s.values) for s in series):
        return "pareto"
    return "combo"


def _is_cumulative(values: list[float | None]) -> bool:
    """A non-decreasing series that ends at 100 (percent) or 1 (ratio): the Pareto cumulative line."""
    vals = [v for v in values if v is not None]
    if len(vals) < 2 or any(b < a for a, b in pairwise(vals)):
        return False
    return abs(vals[-1] - 100) < 1.5 or abs(vals[-1] - 1) < 0.015


def parse_chartex(root: etree._Element) -> Chart | None:
    """An Office 2016 cx:chartSpace part (Pareto, histogram, box plot, waterfall...) → Chart."""
    data: dict[str, tuple[list[str], list[float | None]]] = {}
    for d in root.iter(CX + "data"):
        cats: list[str] = []
        vals: list[float | None] = []
        for dim in d:
            kind = _local(dim.tag)
            lvl = dim.find(CX + "lvl")
            if lvl is None:
                continue
            pts = sorted(lvl.findall(CX + "pt"), key=lambda p: int(p.get("idx", "0") or 0))
            if kind == "strDim" and not cats:
                cats = [p.text or "" for p in pts]
            elif kind == "numDim" and not vals:
                vals = [_num(p.text) for p in pts]
        data[d.get("id", "")] = (cats, vals)
    title = _rich_text(root.find(f".//{CX}title")) or None
    kinds: list[str] = []
    categories: list[str] = []
    series: list[Series] = []
    for ser in root.iter(CX + "series"):
        layout = ser.get("layoutId", "")
        kinds.append(_CHARTEX_KIND.get(layout, layout or "unknown"))
        data_id = ser.find(CX + "dataId")
        if data_id is None:
            continue  # e.g. the computed Pareto line: no data of its own
        cats, vals = data.get(data_id.get("val", ""), ([], []))
        if cats and not categories:
            categories = cats
        name_el = ser.find(f"{CX}tx/{CX}txData/{CX}v")
        series.append(Series(name=(name_el.text or "").strip() if name_el is not None else "", values=vals))
    if not series:
        return None
    kind = "pareto" if "pareto" in kinds else (kinds[0] if kinds else "unknown")
    return Chart(kind=kind, title=title, categories=categories, series=series)


def smartart_lines(root: etree._Element) -> list[str]:
    """Text of a SmartArt data part in its logical order: depth-first along the parOf connections
    (children by srcOrd) from the document point; nodes no connection reaches follow in file order."""
    points: dict[str, etree._Element] = {}
    order: list[str] = []
    doc_id = None
    for pt in root.iter(DGM + "pt"):
        mid = pt.get("modelId", "")
        ptype = pt.get("type", "node")
        if ptype == "doc":
            doc_id = mid
        if ptype in ("node", "asst", "doc"):
            points[mid] = pt
            order.append(mid)
    children: dict[str, list[tuple[int, str]]] = {}
    for cxn in root.iter(DGM + "cxn"):
        if cxn.get("type", "parOf") != "parOf":
            continue
        try:
            ordinal = int(cxn.get("srcOrd", "0"))
        except ValueError:
            ordinal = 0
        children.setdefault(cxn.get("srcId", ""), []).append((ordinal, cxn.get("destId", "")))
    seen: set[str] = set()
    out: list[str] = []

    def text_of(mid: str) -> str:
        t = points[mid].find(DGM + "t")
        return _rich_text(t).replace("\n", " ").strip() if t is not None else ""

    def visit(mid: str, depth: int) -> None:
        if mid in seen or depth > 50:
            return
        seen.add(mid)
        if mid in points and mid != doc_id:
            text = text_of(mid)
            if text:
                out.append(text)
        for _, child in sorted(children.get(mid, [])):
            visit(child, depth + 1)

    if doc_id is not None:
        visit(doc_id, 0)
    for mid in order:
        if mid not in seen and mid != doc_id:
            seen.add(mid)
            text = text_of(mid)
            if text:
                out.append(text)
    return out
