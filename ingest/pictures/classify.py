"""What a picture shows, from its OCR'd text layout and the image features (features.py).

Every kind collects points from cues; the kind with most points wins (FigureKind.other when nothing
scores). The words are data (figures.yaml); the cues and their weights:

- a title or caption naming the kind ("…排列图", "图3 鱼骨图", "对策表") — TITLE points, more than any
  layout cue can add up to, because a figure's own caption is what a reviewer reads it as; a line that is
  the content of a cell below the header row of the table read from the picture is no caption ("建立…干预流程"
  in a 对策表 names the measure, not a 流程图);
- labels inside the figure: ≥ 3 bones of a 因果图 (人 机 料 法 环 测), control limits (UCL, LCL), a
  cumulative-percentage axis (累计百分比), a count axis (频数), a time header (1月 2月 …);
- drawing: diagonal strokes (bones), bars on a shared baseline (adjacent: a histogram; falling with a
  line over them: an 排列图), bars from a shared left edge (甘特图 with a time header), a disc (pie),
  thin strokes (line), many dots (scatter), long horizontal limit lines (control chart);
- a ruled or aligned grid of text cells (table screenshot: ocr_table.py);
- shape: a wide strip with one or two short lines of large text (banner); no flat background and
  many colours (photo).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..model import FigureKind, Table
from ..readers.ocr import Line
from .features import ImageFeatures

TITLE = 6.0
ICON_COLOURS = 12  # a flat graphic in this few colours and without text is a logo or an icon
VOCAB_FILE = Path(__file__).with_name("figures.yaml")
_PERCENT = re.compile(r"^\d{1,3}(?:\.\d+)?\s*%$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")


@dataclass
class Guess:
    kind: FigureKind
    confidence: float
    evidence: list[str]
    title: str | None


@dataclass
class _Score:
    points: dict[FigureKind, float] = field(default_factory=dict)
    why: dict[FigureKind, list[str]] = field(default_factory=dict)

    def add(self, kind: FigureKind, points: float, why: str) -> None:
        self.points[kind] = self.points.get(kind, 0.0) + points
        self.why.setdefault(kind, []).append(why)


@cache
def vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = yaml.load(VOCAB_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return data


def classify(lines: list[Line], f: ImageFeatures, table: Table | None) -> Guess:
    """The kind of a picture read as `lines` with features `f` (and the table it holds, if any)."""
    s = _Score()
    title = _titles(_caption_lines(lines, table), s)
    _labels(lines, s)
    if not f.photo and f.colours > ICON_COLOURS:  # texture and flat icons have no chart marks
        _drawing(f, lines, s)
    if table is not None:
        filled = sum(1 for r in table.rows for c in r if c.text)
        s.add(FigureKind.table, 3.0, f"{table.n_rows}×{table.n_cols} 的表格（{filled} 个单元格有文字）")
        if FigureKind.gantt in s.points:
            s.add(FigureKind.gantt, 1.0, "表格中画有横条")
    _shape(f, lines, s)
    if not s.points:
        return Guess(FigureKind.other, 0.3, ["未发现图表、表格或照片的特征"], title)
    ranked = sorted(s.points.items(), key=lambda kv: -kv[1])
    kind, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = round(min(0.99, top / (top + second + 1.0)), 2)
    return Guess(kind, confidence, s.why[kind], title)


def _caption_lines(lines: list[Line], table: Table | None) -> list[Line]:
    """The lines that may be the picture's caption: not the content of a cell below the table's header row."""
    body = {c.text for r in table.rows[1:] for c in r if c.text} if table is not None else set()
    return [ln for ln in lines if not any(ln[0].strip() in cell for cell in body)]


def _titles(lines: list[Line], s: _Score) -> str | None:
    """Points for the kind named by the longest title word in a short line; that line is the title."""
    vocab = vocabulary()
    limit = int(vocab["title_max_chars"])
    best: tuple[int, str, str, str] | None = None  # (length, kind, word, line)
    for text, _box, _score in lines:
        if len(text) > limit:
            continue
        low = text.lower()
        for name, words in vocab["titles"].items():
            for w in map(str, words):
                if w.lower() in low and (best is None or len(w) > best[0]):
                    best = (len(w), name, w, text)
    if best is None:
        return None
    s.add(FigureKind(best[1]), TITLE, f"图中文字含“{best[2]}”")
    return best[3]


def _labels(lines: list[Line], s: _Score) -> None:
    vocab = vocabulary()
    limit = int(vocab["label_max_chars"])
    short = [re.sub(r"\s+", "", t) for t, _, _ in lines if len(t.strip()) <= limit]
    found: dict[str, set[str]] = {}
    for name, words in vocab["labels"].items():
        found[name] = {w for w in map(str, words) if w in short}
    for name, subs in vocab["label_substrings"].items():
        found[name] |= {w for w in map(str, subs) for t, _, _ in lines if w in t}
    need = {"cause_effect": 3, "control_chart": 2, "pareto": 1, "histogram": 1, "gantt": 3}
    points = {"cause_effect": 4.0, "control_chart": 4.0, "pareto": 3.0, "histogram": 1.5, "gantt": 1.5}
    for name, words in found.items():
        if len(words) >= need[name]:
            shown = "、".join(sorted(words)[:6])
            s.add(FigureKind(name), points[name], f"图中标签：{shown}")


def _drawing(f: ImageFeatures, lines: list[Line], s: _Score) -> None:
    percents = sum(1 for t, _, _ in lines if _PERCENT.match(t.strip()))
    if f.diagonals >= 4:
        if f.axes:
            s.add(FigureKind.line, 1.0, f"坐标轴内 {f.diagonals} 段斜线")
        else:
            s.add(FigureKind.cause_effect, 1.5 if f.diagonals < 8 else 2.5, f"{f.diagonals} 条斜线（鱼骨）")
    if len(f.bars) >= 3:
        _bars(f, percents, s)
    if f.hbars and len(f.hbars) >= 2:
        lefts = {round(b[0] / max(1, f.width) * 20) for b in f.hbars}
        if len(lefts) >= 2:
            s.add(FigureKind.gantt, 1.5, f"{len(f.hbars)} 条起点不同的横条")
        else:
            s.add(FigureKind.bar, 1.5, f"{len(f.hbars)} 条横向条形")
    if f.disc is not None:
        s.add(FigureKind.pie, 3.0 + (0.5 if percents else 0.0), "圆形扇区")
    if f.dots >= 12 and not f.bars and f.strokes <= 1:
        s.add(FigureKind.scatter, 2.5, f"{f.dots} 个散点")
    if f.strokes and not f.bars:
        s.add(FigureKind.line, 1.5, f"{f.strokes} 条折线")
    long_h = [r for r in f.h_rules if (r[2] - r[1]) >= 0.5 * f.width]
    if len(long_h) >= 3 and (f.dots >= 5 or f.strokes) and not f.bars:
        s.add(FigureKind.control_chart, 1.0, f"{len(long_h)} 条水平界限线")


def _bars(f: ImageFeatures, percents: int, s: _Score) -> None:
    bars = sorted(f.bars, key=lambda b: b[0])
    gaps = [b[0] - a[2] for a, b in itertools.pairwise(bars)]
    widths = [b[2] - b[0] for b in bars]
    adjacent = sum(1 for g in gaps if g <= 0.15 * min(widths))
    heights = [b[3] - b[1] for b in bars]
    falling = all(h1 >= h2 - 2 for h1, h2 in itertools.pairwise(heights))
    if falling and (f.strokes or percents >= 3):
        s.add(FigureKind.pareto, 2.5, f"{len(bars)} 根由高到低的柱子和累计折线")
    elif adjacent >= 0.7 * len(gaps) and len(bars) >= 5:
        s.add(FigureKind.histogram, 2.5, f"{len(bars)} 根相邻的柱子")
    else:
        s.add(FigureKind.bar, 2.0, f"{len(bars)} 根柱子")


def _shape(f: ImageFeatures, lines: list[Line], s: _Score) -> None:
    chars = sum(len(t) for t, _, _ in lines)
    aspect = f.width / max(1, f.height)
    if lines and aspect >= 3.0 and len(lines) <= 3 and chars <= 30:
        tallest = max(b[3] - b[1] for _, b, _ in lines)
        if tallest >= 0.22 * f.height:
            s.add(FigureKind.banner, 4.0, "横幅形状，只有一两行大字")
    if f.photo:
        s.add(FigureKind.photo, 3.0 if chars < 40 else 1.0, f"照片（纹理 {f.grain:.1f}，{f.colours} 种颜色）")
    elif f.colours <= ICON_COLOURS and chars <= 2:
        s.add(FigureKind.other, 2.0, f"图标或标志（{f.colours} 种颜色，无文字）")
    numbers = sum(1 for t, _, _ in lines if _NUMBER.match(t.strip()))
    if not s.points and lines and numbers >= 0.5 * len(lines) and len(lines) >= 6:
        s.add(FigureKind.other, 0.5, "多为数字标注")
