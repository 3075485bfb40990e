"""Charts for the PPTX reader: chart kind, title, categories and series values, so a Pareto chart
(排列图), a histogram or a before/after bar chart can be checked.

Charts are read from the chart part's XML caches (`c:strCache`/`c:numCache`): python-pptx's chart
objects fail on 3-D plots (`bar3DChart`) and `chart.chart_type` on combination charts. A bar + line combo
whose line is a cumulative percentage is a Pareto chart ("pareto").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from lxml import etree

from ..model import Chart, Series

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MAX_POINTS = 100_000  # per series; a hostile ptCount must not allocate gigabytes

PLOT_KINDS = {
    "barChart": "bar",
    "bar3DChart": "bar",
    "lineChart": "line",
    "line3DChart": "line",
    "pieChart": "pie",
    "pie3DChart": "pie",
    "doughnutChart": "pie",
    "ofPieChart": "pie",
    "scatterChart": "scatter",
    "areaChart": "area",
    "area3DChart": "area",
    "radarChart": "radar",
    "bubbleChart": "bubble",
    "stockChart": "stock",
    "surfaceChart": "surface",
    "surface3DChart": "surface",
}

# Errors python-pptx raises on charts it cannot interpret (missing caches, odd XML).
CHART_ERRORS: tuple[type[BaseException], ...] = (
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    NotImplementedError,
    etree.LxmlError,
)


def read_chart(chart_space: etree._Element) -> Chart:
    """Build a Chart from a chart part's `c:chartSpace` element (read from the XML caches, so 3-D and
    combination plots python-pptx cannot model are read too)."""
    plot_area = chart_space.find(f"{C}chart/{C}plotArea")
    if plot_area is None:
        raise ValueError("chart without plotArea")
    kinds: list[str] = []
    categories: list[str] = []
    series: list[Series] = []
    series_kind: list[str] = []
    for plot in plot_area.iterchildren():
        tag = etree.QName(plot).localname if isinstance(plot.tag, str) else ""
        if tag not in PLOT_KINDS:
            continue
        kind = PLOT_KINDS[tag]
        kinds.append(kind)
        for ser in plot.iterchildren(f"{C}ser"):
            cat_el = ser.find(f"{C}cat")
            if cat_el is None:
                cat_el = ser.find(f"{C}xVal")
            val_el = ser.find(f"{C}val")
            if val_el is None:
                val_el = ser.find(f"{C}yVal")
            if not categories and cat_el is not None:
                categories = _labels(cat_el)
            values = _cache_values(val_el)
            series.append(Series(name=_series_name(ser), values=values))
            series_kind.append(kind)
    if not categories and series:
        categories = [str(i + 1) for i in range(max(len(s.values) for s in series))]
    title = _title(chart_space)
    return Chart(kind=_classify(kinds, series, series_kind), title=title, categories=categories, series=series)


def _points(cache: etree._Element | None) -> dict[int, str]:
    """idx -> c:v text of a strCache/numCache (points may be missing or out of order)."""
    out: dict[int, str] = {}
    if cache is None:
        return out
    for pt in cache.iterchildren(f"{C}pt"):
        v = pt.find(f"{C}v")
        try:
            idx = int(pt.get("idx", "0"))
        except ValueError:
            continue
        if v is not None and v.text is not None and 0 <= idx < MAX_POINTS:
            out[idx] = v.text
    return out


def _count(cache: etree._Element | None, points: dict[int, str]) -> int:
    if cache is not None:
        pc = cache.find(f"{C}ptCount")
        if pc is not None:
            try:
                return max(0, min(int(pc.get("val", "0")), MAX_POINTS))
            except ValueError:
                pass
    return max(points) + 1 if points else 0


def _cache(el: etree._Element) -> etree._Element | None:
    for path in (
        f"{C}strRef/{C}strCache",
        f"{C}numRef/{C}numCache",
        f"{C}strLit",
        f"{C}numLit",
    ):
        found = el.find(path)
        if found is not None:
            return found
    return None


def _labels(cat_el: etree._Element) -> list[str]:
    multi = cat_el.find(f"{C}multiLvlStrRef/{C}multiLvlStrCache")
    if multi is not None:
        levels = multi.findall(f"{C}lvl")
        n = _count(multi, {})
        if not levels or not n:
            return []
        # innermost level first in the file; an outer label applies from its idx to the next one
        per_level: list[list[str]] = []
        for lvl in levels:
            pts = _points(lvl)
            labels, cur = [], ""
            for i in range(n):
                cur = pts.get(i, cur if lvl is not levels[0] else "")
                labels.append(cur)
            per_level.append(labels)
        return [" / ".join(x for x in reversed([lv[i] for lv in per_level]) if x) for i in range(n)]
    cache = _cache(cat_el)
    pts = _points(cache)
    return [pts.get(i, "") for i in range(_count(cache, pts))]


def _cache_values(val_el: etree._Element | None) -> list[float | None]:
    if val_el is None:
        return []
    cache = _cache(val_el)
    pts = _points(cache)
    return [_num(pts.get(i)) for i in range(_count(cache, pts))]


def _series_name(ser: etree._Element) -> str:
    tx = ser.find(f"{C}tx")
    if tx is None:
        return ""
    v = tx.find(f"{C}v")
    if v is not None and v.text:
        return v.text.strip()
    pts = _points(tx.find(f"{C}strRef/{C}strCache"))
    return " ".join(pts[i] for i in sorted(pts)).strip()


def _title(chart_space: etree._Element) -> str | None:
    title = chart_space.find(f"{C}chart/{C}title")
    if title is None:
        return None
    texts = [t.text or "" for t in title.iter(f"{A}t")]
    if not texts:
        pts = _points(title.find(f"{C}tx/{C}strRef/{C}strCache"))
        texts = [pts[i] for i in sorted(pts)]
    return "".join(texts).strip() or None


def _num(v: object) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def _classify(kinds: list[str], series: list[Series], series_kind: list[str]) -> str:
    distinct = list(dict.fromkeys(kinds))
    if not distinct:
        return "unknown"
    if len(distinct) == 1:
        return distinct[0]
    if set(distinct) == {"bar", "line"}:
        bars = [s for s, k in zip(series, series_kind, strict=False) if k == "bar"]
        lines = [s for s, k in zip(series, series_kind, strict=False) if k == "line"]
        if bars and lines and any(is_cumulative_percent(ln.values, bars[0].values) for ln in lines):
            return "pareto"
    return "combo"


def is_cumulative_percent(line: Sequence[float | None], bar: Sequence[float | None]) -> bool:
    """True when `line` is the cumulative curve of a Pareto chart: non-decreasing and either ending at
    100 % (or 1.0), or equal to the running share (fraction or percent) or running total of the bars."""
    vals = [v for v in line if v is not None]
    if len(vals) < 2:
        return False
    if any(b < a - 1e-9 for a, b in pairwise(vals)):
        return False
    last = vals[-1]
    if abs(last - 100.0) <= 2.0 or abs(last - 1.0) <= 0.02:
        return True
    bars = [v or 0.0 for v in bar]
    total = sum(bars)
    if total <= 0 or len(bars) != len(line):
        return False
    run = 0.0
    for b, v in zip(bars, line, strict=False):
        run += b
        if v is None:
            continue
        share = run / total
        if not (abs(v - share) <= 0.02 or abs(v - share * 100) <= 2.0 or abs(v - run) <= max(0.01 * total, 1e-9)):
            return False
    return True


# ---- Office 2016 chartex (Pareto, histogram, box & whisker, waterfall, ...) --------------------------

CX = "{http://schemas.microsoft.com/office/drawing/2014/chartex}"
CHARTEX_KINDS = {
    "boxWhisker": "box",
    "waterfall": "waterfall",
    "funnel": "funnel",
    "sunburst": "sunburst",
    "treemap": "treemap",
    "regionMap": "map",
}
CUMULATIVE_NAME = "累计百分比"


def read_chartex(chart_space: etree._Element) -> Chart:
    """Build a Chart from a chartex part (`cx:chartSpace`). A clusteredColumn series with a paretoLine
    is a Pareto chart: categories are aggregated and sorted by value the way PowerPoint draws them, and
    the cumulative percentage it draws is added as a series. A binned clusteredColumn is a histogram
    (its raw values are kept)."""
    data: dict[str, tuple[list[str], list[float | None]]] = {}
    for d in chart_space.iter(f"{CX}data"):
        cats: list[str] = []
        vals: list[float | None] = []
        str_dim = d.find(f"{CX}strDim")
        if str_dim is not None:
            lvl = str_dim.find(f"{CX}lvl")  # the innermost level comes first
            cats = _cx_level(lvl)
        num_dim = d.find(f"{CX}numDim")
        if num_dim is not None:
            vals = [_num(v) for v in _cx_level(num_dim.find(f"{CX}lvl"))]
        data[d.get("id", "0")] = (cats, vals)

    region = chart_space.find(f"{CX}chart/{CX}plotArea/{CX}plotAreaRegion")
    series_el = region.findall(f"{CX}series") if region is not None else []
    layouts = [s.get("layoutId", "") for s in series_el]
    title = _cx_title(chart_space)
    main = [s for s in series_el if s.get("layoutId") != "paretoLine" and s.get("hidden") not in ("1", "true")]
    if not main:
        main = [s for s in series_el if s.get("layoutId") != "paretoLine"]

    kind = "unknown"
    if "paretoLine" in layouts:
        kind = "pareto"
    elif layouts:
        first = layouts[0]
        if first == "clusteredColumn":
            binned = region is not None and region.find(f".//{CX}binning") is not None
            kind = "histogram" if binned else "bar"
        else:
            kind = CHARTEX_KINDS.get(first, first)

    categories: list[str] = []
    series: list[Series] = []
    for s in main:
        cats, vals = data.get(_data_id(s), ([], []))
        name = (s.findtext(f"{CX}tx/{CX}txData/{CX}v") or "").strip()
        if kind == "pareto" and cats:
            cats, vals = _aggregate_sorted(cats, vals)
        if not categories:
            categories = cats or [str(i + 1) for i in range(len(vals))]
        series.append(Series(name=name, values=vals))
    if kind == "pareto" and series:
        series.append(Series(name=CUMULATIVE_NAME, values=_cumulative_percent(series[0].values)))
    return Chart(kind=kind, title=title, categories=categories, series=series)


def _data_id(series_el: etree._Element) -> str:
    el = series_el.find(f"{CX}dataId")
    return el.get("val", "0") if el is not None else "0"


def _cx_level(lvl: etree._Element | None) -> list[str]:
    if lvl is None:
        return []
    pts: dict[int, str] = {}
    for pt in lvl.iterchildren(f"{CX}pt"):
        try:
            idx = int(pt.get("idx", "0"))
        except ValueError:
            continue
        if 0 <= idx < MAX_POINTS:
            pts[idx] = (pt.text or "").strip()
    try:
        n = min(int(lvl.get("ptCount", "0")), MAX_POINTS)
    except ValueError:
        n = 0
    n = max(n, max(pts) + 1 if pts else 0)
    return [pts.get(i, "") for i in range(n)]


def _cx_title(chart_space: etree._Element) -> str | None:
    title = chart_space.find(f"{CX}chart/{CX}title")
    if title is None:
        return None
    text = title.findtext(f"{CX}tx/{CX}txData/{CX}v")
    if not text:
        text = "".join(t.text or "" for t in title.iter(f"{A}t"))
    return text.strip() or None


def _aggregate_sorted(cats: list[str], vals: list[float | None]) -> tuple[list[str], list[float | None]]:
    """Sum values per category (chartex aggregation), then order by value descending (Pareto order;
    ties keep first appearance)."""
    totals: dict[str, float] = {}
    for c, v in zip(cats, vals, strict=False):
        totals[c] = totals.get(c, 0.0) + (v if v is not None else 0.0)
    ordered = sorted(totals.items(), key=lambda kv: -kv[1])
    return [c for c, _ in ordered], [v for _, v in ordered]


def _cumulative_percent(values: list[float | None]) -> list[float | None]:
    total = sum(v for v in values if v is not None)
    if total <= 0:
        return [None for _ in values]
    run = 0.0
    out: list[float | None] = []
    for v in values:
        run += v or 0.0
        out.append(round(run / total * 100.0, 2))
    return out
