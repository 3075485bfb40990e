"""The batch overview page (OUT/index.html beside the reports, and the page of a batch job): counts by
verdict and type, the distribution of copy ratios, the graph of who copies whom, the clusters, and
one line per submission linking to its report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from html import escape

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..labels import VERDICTS, band, pct
from ..results import BatchSummary
from .graph import build_graph, graph_svg

_env = Environment(loader=PackageLoader("service.reports", "templates"), autoescape=select_autoescape(["html"]))
_env.filters["pct"] = pct

# (submission id, section anchor or None) -> the link of that submission's report
ReportLink = Callable[[str, str | None], str]


def report_file_link(sid_to_file: dict[str, str]) -> ReportLink:
    """Links relative to OUT/index.html: reports/<file>.html[#anchor]."""

    def link(sid: str, anchor: str | None) -> str:
        return sid_to_file.get(sid, "") + (f"#{anchor}" if anchor else "")

    return link


def histogram_svg(ratios: list[float]) -> Markup:
    """Submissions per 10 % band of 总文字复制比, each bar in its band's colour."""
    if not ratios:
        return Markup("")
    counts = [0] * 10
    for r in ratios:
        counts[min(9, int(max(0.0, r) * 10))] += 1
    top = max(counts) or 1
    bar_w, gap, h = 56, 8, 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="histogram" viewBox="0 0 {10 * (bar_w + gap) + 40} {h + 50}" '
        'width="100%" role="img" aria-label="总文字复制比分布">'
    ]
    for i, n in enumerate(counts):
        x = 30 + i * (bar_w + gap)
        bh = h * n / top
        fill = "#" + band(i / 10 + 0.05).fill
        parts.append(
            f'<rect x="{x}" y="{20 + h - bh:.1f}" width="{bar_w}" height="{bh:.1f}" fill="{fill}" stroke="#9e9e9e"/>'
        )
        if n:
            parts.append(
                f'<text x="{x + bar_w / 2}" y="{14 + h - bh:.1f}" text-anchor="middle" font-size="12">{n}</text>'
            )
        parts.append(
            f'<text x="{x + bar_w / 2}" y="{h + 38}" text-anchor="middle" font-size="11">{i * 10}–{i * 10 + 10}%</text>'
        )
    parts.append(f'<line x1="26" y1="{20 + h}" x2="{10 * (bar_w + gap) + 30}" y2="{20 + h}" stroke="#616161"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def render_overview(summary: BatchSummary, link: ReportLink, *, links: list[tuple[str, str]] | None = None) -> str:
    rows = summary.rows
    graph = build_graph(summary.results, link)
    for row in rows:
        if row.submission in graph.nodes:
            graph.nodes[row.submission].verdict = row.verdict
    verdicts = Counter(r.verdict or "未能检查" for r in rows)
    types = Counter(r.type or "未识别" for r in rows)
    ratios = [r.total_copy_ratio for r in rows if r.total_copy_ratio is not None]
    return _env.get_template("overview.html").render(
        year=summary.year,
        summary=summary,
        rows=rows,
        verdict_counts=[(v, verdicts[v]) for v in (*VERDICTS, "未能检查") if verdicts[v]],
        type_counts=sorted(types.items(), key=lambda kv: -kv[1]),
        band_counts=Counter(band(r).label for r in ratios),
        histogram=histogram_svg(ratios),
        graph=graph_svg(graph),
        clusters=graph.clusters(),
        link=link,
        links=links or [],
        escape=escape,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )
