"""Who copies whom, drawn on the server as inline SVG (no script, no CDN: the machines are offline).

Nodes are the submissions of the batch (left column) and the corpus sources they copy from (right
column, by year); an edge is a source a submission copies from, its width growing with the copied
characters. Copies inside the batch (横向) are arcs on the left of the submissions. Every node links
to a report: a submission to its own, a corpus source to the section about it in the report of the
submission that copies most from it. Staff see the year's clusters at a glance."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from ..results import SubmissionResult

ROW_H = 34
NODE_R = 9
WIDTH = 1000
LEFT_X = 300
RIGHT_X = 600


@dataclass
class Node:
    key: str  # submission id, or project id of a corpus source
    label: str
    batch: bool
    href: str
    verdict: str | None = None
    copied_in: int = 0  # characters other nodes copy from this one


@dataclass(frozen=True)
class Edge:
    source: str  # the submission that copies
    target: str  # the node it copies from
    chars: int  # copied characters (passages of kind copy and paraphrase)


@dataclass
class CopyGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def clusters(self) -> list[list[str]]:
        """Groups of submissions linked by copying (through the batch or a shared source), largest first."""
        parent = {k: k for k in self.nodes}

        def find(k: str) -> str:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for e in self.edges:
            parent[find(e.source)] = find(e.target)
        groups: dict[str, list[str]] = {}
        for k, n in self.nodes.items():
            if n.batch:
                groups.setdefault(find(k), []).append(k)
        return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def build_graph(results: list[SubmissionResult], href: Callable[[str, str | None], str]) -> CopyGraph:
    """href(submission id, anchor or None) gives the link of a submission's report (section)."""
    g = CopyGraph()
    for r in results:
        if r.similarity is None:
            continue
        for sm in r.similarity.sources:
            chars = sum(p.a_end - p.a_start for p in sm.passages)
            if chars <= 0:
                continue
            src = sm.source
            if src.project_id not in g.nodes and not src.batch:
                who = _short(src.company or src.title or src.project_id, 12)
                g.nodes[src.project_id] = Node(src.project_id, f"{src.year or ''} {who}".strip(), False, "")
            g.edges.append(Edge(r.id, src.project_id, chars))
    copied: dict[str, list[Edge]] = {}
    for e in g.edges:
        copied.setdefault(e.target, []).append(e)
    for r in results:
        if r.id in copied or any(e.source == r.id for e in g.edges):
            title = _short(r.display_title or "", 14)
            g.nodes[r.id] = Node(r.id, f"{r.id} {title}".strip(), True, href(r.id, None))
    g.edges = [e for e in g.edges if e.target in g.nodes]
    for key, edges in copied.items():
        node = g.nodes.get(key)
        if node is None:
            continue
        node.copied_in = sum(e.chars for e in edges)
        if not node.batch:
            top = max(edges, key=lambda e: e.chars)
            node.href = href(top.source, f"source-{key}")
    return g


def _positions(g: CopyGraph) -> dict[str, tuple[float, float]]:
    batch = sorted(k for k, n in g.nodes.items() if n.batch)
    corpus = sorted((k for k, n in g.nodes.items() if not n.batch), key=lambda k: (g.nodes[k].label, k))
    pos = {k: (float(LEFT_X), 30.0 + i * ROW_H) for i, k in enumerate(batch)}
    # corpus sources spread over the same height as the batch column
    span = max(len(batch), len(corpus)) - 1
    step = ROW_H * span / max(1, len(corpus) - 1) if len(corpus) > 1 else 0.0
    pos |= {k: (float(RIGHT_X), 30.0 + i * step) for i, k in enumerate(corpus)}
    return pos


def _edge_svg(e: Edge, pos: dict[str, tuple[float, float]], batch_target: bool) -> str:
    (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
    width = 1.0 + min(9.0, math.sqrt(e.chars) / 6.0)
    title = f"<title>{escape(e.source)} 复制 {escape(e.target)}：{e.chars} 字</title>"
    if batch_target:  # an arc on the left between two submissions
        bulge = x1 - 60 - abs(y2 - y1) * 0.35
        d = f"M{x1 - NODE_R},{y1} C{bulge},{y1} {bulge},{y2} {x2 - NODE_R},{y2}"
        colour = "#8e24aa"
    else:
        d = f"M{x1 + NODE_R},{y1} C{(x1 + x2) / 2},{y1} {(x1 + x2) / 2},{y2} {x2 - NODE_R},{y2}"
        colour = "#d32f2f"
    return (
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-opacity="0.55" '
        f'stroke-width="{width:.1f}" marker-end="url(#arrow)">{title}</path>'
    )


VERDICT_FILL = {"参评": "#2e7d32", "完善后参评": "#f9a825", "不评": "#c62828", "需人工复核": "#6a1b9a"}


def _node_svg(n: Node, x: float, y: float) -> str:
    fill = VERDICT_FILL.get(n.verdict or "", "#546e7a") if n.batch else "#1f4e78"
    anchor, tx = ("end", x - NODE_R - 6) if n.batch else ("start", x + NODE_R + 6)
    extra = "" if n.batch else f"（被复制 {n.copied_in} 字）"  # fits: labels are cut at 12 + 16 characters
    label = escape(n.label + extra)
    return (
        f'<a href="{escape(n.href)}"><g class="node">'
        f'<circle cx="{x}" cy="{y}" r="{NODE_R}" fill="{fill}"/>'
        f'<text x="{tx}" y="{y + 4}" text-anchor="{anchor}" font-size="12">{label}</text></g></a>'
    )


def graph_svg(g: CopyGraph) -> Markup:
    if not g.edges:
        return Markup("")
    pos = _positions(g)
    height = int(max(y for _, y in pos.values()) + 40)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 {WIDTH} {height}" width="100%" '
        'role="img" aria-label="本批次项目与来源之间的复制关系">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
        'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#757575"/>'
        "</marker></defs>",
        f'<text x="{LEFT_X}" y="14" text-anchor="end" font-size="12" fill="#616161">本批次项目</text>',
        f'<text x="{RIGHT_X}" y="14" font-size="12" fill="#616161">历年项目（语料库）</text>',
    ]
    parts += [_edge_svg(e, pos, g.nodes[e.target].batch) for e in sorted(g.edges, key=lambda e: -e.chars)]
    parts += [_node_svg(n, *pos[k]) for k, n in g.nodes.items()]
    parts.append("</svg>")
    return Markup("".join(parts))
