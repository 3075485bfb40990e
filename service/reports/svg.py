"""Inline SVG pictures for the reports (no scripts, no external files: the reports are self-contained
and the machines are offline): the step timeline and the copy-ratio bar per source."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Protocol

from markupsafe import Markup

from ..labels import pct

STATUS_COLOURS = {"ok": "#2e7d32", "partial": "#f9a825", "missing": "#c62828"}
STATUS_MARKS = {"ok": "✓", "partial": "!", "missing": "✗"}


class TimelineStep(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def pages(self) -> list[int]: ...


class RatioBar(Protocol):
    @property
    def label(self) -> str: ...

    @property
    def copy_ratio(self) -> float: ...

    @property
    def paraphrase_ratio(self) -> float: ...


def _step_label(x: int, top: int, name: str) -> list[str]:
    lines = [name[:5], name[5:10], name[10:15]] if len(name) > 5 else [name]
    return [
        f'<text x="{x}" y="{top + 28 + 13 * j}" text-anchor="middle" font-size="11">{escape(line)}</text>'
        for j, line in enumerate(x for x in lines if x)
    ]


def timeline_svg(steps: Sequence[TimelineStep], unit: str = "页") -> Markup:
    """The steps in order as a row of dots: green present, amber incomplete, red missing."""
    if not steps:
        return Markup("")
    gap, r, top = 64, 11, 26
    width = gap * len(steps) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} 118" '
        f'width="100%" role="img" aria-label="步骤时间线">',
        f'<line x1="{20 + gap // 2}" y1="{top}" x2="{gap * len(steps) - gap // 2 + 20}" y2="{top}" '
        'stroke="#9e9e9e" stroke-width="3"/>',
    ]
    for i, s in enumerate(steps):
        x = 20 + gap * i + gap // 2
        parts.append(f'<circle cx="{x}" cy="{top}" r="{r}" fill="{STATUS_COLOURS[s.status]}"/>')
        parts.append(
            f'<text x="{x}" y="{top + 4}" text-anchor="middle" font-size="12" fill="#fff">{STATUS_MARKS[s.status]}</text>'
        )
        parts.extend(_step_label(x, top, s.name))
        if s.pages:
            # the span only (first–last): a list of paragraph numbers overlaps the next step's label
            first, last = s.pages[0], s.pages[-1]
            nums = str(first) if first == last else f"{first}–{last}"
            pg = f"第{nums}段" if unit == "段" else f"第{nums}页"
            parts.append(f'<text x="{x}" y="{top + 72}" text-anchor="middle" font-size="10" fill="#616161">{pg}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def ratio_bars_svg(sources: Sequence[RatioBar]) -> Markup:
    """One horizontal bar per source: copy share (red) and paraphrase share (orange)."""
    if not sources:
        return Markup("")
    label_w, bar_w, row_h = 260, 360, 24
    height = row_h * len(sources) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {label_w + bar_w + 70} {height}" '
        f'width="100%" role="img" aria-label="各来源复制比">'
    ]
    for i, s in enumerate(sources):
        y = 8 + i * row_h
        copy = min(1.0, s.copy_ratio)
        cw = bar_w * copy
        pw = bar_w * min(1.0 - copy, s.paraphrase_ratio)
        label = s.label if len(s.label) <= 24 else s.label[:23] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="11">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="16" fill="#eeeeee"/>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{cw:.1f}" height="16" fill="#d32f2f"/>')
        parts.append(f'<rect x="{label_w + cw:.1f}" y="{y}" width="{pw:.1f}" height="16" fill="#fb8c00"/>')
        total = s.copy_ratio + s.paraphrase_ratio
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 13}" font-size="11">{pct(total)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
