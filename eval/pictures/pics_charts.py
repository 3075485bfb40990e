"""Charts as QC decks paste them from Excel or Minitab, drawn with matplotlib and a CJK font:
排列图, 直方图, 控制图, 散布图, 柱状图, 折线图, 饼图, 甘特图 and a 雷达图 (class `other`).
Each returns a Picture whose truth lines are read from the drawn text artists' boxes."""

from __future__ import annotations

import io
import logging
import random

import matplotlib

matplotlib.use("Agg")
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from pics_text import WQY, Picture, Placed, reading_lines  # noqa: E402

font_manager.fontManager.addfont(str(WQY))
plt.rcParams.update(
    {
        "font.family": "WenQuanYi Zen Hei",
        "axes.unicode_minus": False,
        "font.size": 13,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "qcscreen",
    }
)
BLUE, ORANGE, GRAY, GOLD, LIGHT, GREEN = "#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47"
DPI = 110


class LayoutError(ValueError):
    """Text clipped by the picture's edge or overlapping other text: draw the chart again."""


def _placed_runs(fig) -> tuple[list[Placed], int, int]:
    """Every visible text of the figure as drawn (a multi-line text gives one run per line)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    placed = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip():
            continue
        box = t.get_window_extent(renderer)
        if box.x1 < 0 or box.y1 < 0 or box.x0 > width or box.y0 > height:
            continue  # not drawn (a tick label outside the view)
        if box.x0 < 1 or box.y0 < 1 or box.x1 > width - 1 or box.y1 > height - 1:
            raise LayoutError(f"text clipped: {t.get_text()!r}")
        rows = t.get_text().split("\n")
        step = (box.y1 - box.y0) / len(rows)
        for i, row in enumerate(rows):
            top = height - box.y1 + i * step
            placed.append(Placed(row, box.x0, top, box.x1, top + step))
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            if a.x0 < b.x1 - 2 and b.x0 < a.x1 - 2 and a.y0 < b.y1 - 2 and b.y0 < a.y1 - 2:
                raise LayoutError(f"texts overlap: {a.text!r} / {b.text!r}")
    return placed, width, height


def _finish(fig, cls: str, note: str = "") -> Picture:
    try:
        placed, width, height = _placed_runs(fig)
    except LayoutError:
        plt.close(fig)
        raise
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return Picture(cls, buf.getvalue(), "png", width, height, reading_lines(placed), note=note)


def _counts(rng: random.Random, n: int, total: int) -> list[int]:
    """Pareto-like counts: falling fast, the last ('其他') small."""
    weights = sorted((rng.uniform(0.3, 1.0) ** 2.2 for _ in range(n - 1)), reverse=True)
    weights = [w * (1.6 if i == 0 else 1.0) for i, w in enumerate(weights)] + [0.05]
    counts = [max(1, round(total * w / sum(weights))) for w in weights]
    head = sorted(counts[:-1], reverse=True)
    return [*head, min(counts[-1], head[-1])]


def pareto(theme: dict, rng: random.Random) -> Picture:
    items, unit = theme["pareto"]["items"], theme["pareto"]["unit"]
    counts = _counts(rng, len(items), rng.randint(60, 400))
    total = sum(counts)
    cum = np.cumsum(counts) / total * 100
    fig, ax = plt.subplots(figsize=(10, 6))
    x = np.arange(len(items))
    ax.bar(x, counts, color=BLUE, width=0.62)
    for xi, c in zip(x, counts, strict=True):
        ax.text(xi, c + total * 0.012, str(c), ha="center", va="bottom", fontsize=12)
    ax.set_xticks(x, items)
    ax.set_ylim(0, total * 1.12)
    ax.set_yticks(np.linspace(0, total, 5).round().astype(int))
    ax2 = ax.twinx()
    ax2.plot(x, cum, color=ORANGE, marker="o", linewidth=2)
    for xi, c in zip(x, cum, strict=True):
        ax2.text(xi - 0.12, c + 2.5, f"{c:.1f}%", fontsize=11, color="#C55A11", ha="right")
    ax2.set_ylim(0, 112)
    ax2.set_yticks([0, 20, 40, 60, 80, 100], ["0%", "20%", "40%", "60%", "80%", "100%"])
    ax2.spines["right"].set_visible(True)
    title = rng.choice((f"{theme['problem']}排列图", "不合格项目排列图", "缺陷类型排列图"))
    ax.set_title(title, fontsize=16, pad=28)
    fig.text(0.06, 0.90, f"频数（{unit}）", fontsize=12)
    fig.text(0.86, 0.90, "累计百分比", fontsize=12)
    fig.text(0.45, 0.02, f"N={total}", fontsize=12)
    fig.subplots_adjust(top=0.82, bottom=0.12, left=0.1, right=0.9)
    return _finish(fig, "pareto")


def _measurements(theme: dict, rng: random.Random, n: int) -> np.ndarray:
    m = theme["measure"]
    gen = np.random.default_rng(rng.randrange(1 << 30))
    return gen.normal(m["target"], m["sd"], n)


def _fmt(v: float, sd: float) -> str:
    digits = 0 if sd >= 5 else 1 if sd >= 0.5 else 2 if sd >= 0.05 else 3
    return f"{v:.{digits}f}"


def histogram(theme: dict, rng: random.Random) -> Picture:
    m = theme["measure"]
    data = _measurements(theme, rng, 100)
    fig, ax = plt.subplots(figsize=(10, 6))
    counts, edges, _ = ax.hist(data, bins=10, color=BLUE, edgecolor="white")
    top = max(counts) * 1.25
    ax.set_ylim(0, top)
    for name, v in (("LSL", m["lsl"]), ("USL", m["usl"])):
        if edges[0] - 3 * m["sd"] <= v <= edges[-1] + 3 * m["sd"]:
            ax.axvline(v, color="#C00000", linestyle="--")
            ax.text(
                v,
                top * 0.93,
                f"{name}={_fmt(v, m['sd'])}",
                color="#C00000",
                ha="center",
                fontsize=12,
                bbox={"facecolor": "white", "edgecolor": "none"},
            )
    lo = min(edges[0], m["lsl"]) - m["sd"] * 0.5
    hi = max(edges[-1], m["usl"]) + m["sd"] * 0.5
    ax.set_xlim(lo, hi)
    ticks = np.linspace(lo, hi, 6)[1:-1]
    ax.set_xticks(ticks, [_fmt(t, m["sd"]) for t in ticks])
    ax.set_yticks(np.linspace(0, int(top), 5).round().astype(int))
    ax.set_title(f"{m['name']}直方图", fontsize=16, pad=14)
    ax.set_xlabel(f"{m['name']}（{m['unit']}）")
    fig.text(0.06, 0.93, "频数", fontsize=12)
    fig.text(
        0.81,
        0.62,
        f"样本数 n={len(data)}\n平均值 {_fmt(data.mean(), m['sd'])}\n标准差 {data.std(ddof=1):.3g}",
        fontsize=12,
        bbox={"facecolor": "#F2F2F2", "edgecolor": GRAY},
    )
    fig.subplots_adjust(top=0.86, bottom=0.14, right=0.78)
    return _finish(fig, "histogram")


def control_chart(theme: dict, rng: random.Random) -> Picture:
    m = theme["measure"]
    sd = m["sd"] / 2
    data = _measurements(theme, rng, 25)
    data = m["target"] + (data - m["target"]) / 2
    cl = float(data.mean())
    ucl, lcl = cl + 3 * sd, cl - 3 * sd
    fig, ax = plt.subplots(figsize=(11, 5.5))
    x = np.arange(1, len(data) + 1)
    ax.plot(x, data, color=BLUE, marker="o", markersize=5)
    for name, v, style in (("UCL", ucl, "--"), ("CL", cl, "-"), ("LCL", lcl, "--")):
        ax.axhline(v, color="#C00000" if name != "CL" else GREEN, linestyle=style, linewidth=1.4)
        ax.text(len(data) + 0.7, v, f"{name}={_fmt(v, sd)}", va="center", fontsize=12)
    ax.set_xlim(0, len(data) + 0.5)
    ax.set_xticks(range(1, len(data) + 1, 2))
    span = ucl - lcl
    ticks = np.linspace(lcl - span * 0.2, ucl + span * 0.2, 5)
    ax.set_ylim(ticks[0], ticks[-1])
    ax.set_yticks(ticks, [_fmt(t, sd) for t in ticks])
    kind = rng.choice(("单值控制图", "均值控制图", "X控制图"))
    ax.set_title(f"{m['name']}{kind}", fontsize=16, pad=14)
    ax.set_xlabel("样本序号")
    fig.subplots_adjust(right=0.8, top=0.86, bottom=0.14)
    return _finish(fig, "control_chart")


def scatter(theme: dict, rng: random.Random) -> Picture:
    s = theme["scatter"]
    gen = np.random.default_rng(rng.randrange(1 << 30))
    x = gen.uniform(10, 50, 30).round(1)
    slope = rng.choice((1, -1)) * rng.uniform(0.3, 1.2)
    y = 20 + slope * x + gen.normal(0, 4, 30)
    y = y - min(y.min(), 0) + 1
    fig, ax = plt.subplots(figsize=(9, 6.5))
    ax.scatter(x, y, color=BLUE, s=36)
    k, b = np.polyfit(x, y, 1)
    r2 = np.corrcoef(x, y)[0, 1] ** 2
    xs = np.array([10, 50])
    ax.plot(xs, k * xs + b, color=ORANGE, linestyle="--")
    ax.set_xlim(5, 55)
    ax.set_xticks([10, 20, 30, 40, 50])
    ymax = float(np.ceil(y.max() / 10) * 10 + 10)
    ax.set_ylim(0, ymax)
    ax.set_yticks(np.linspace(0, ymax, 5).round().astype(int))
    ax.text(31, ymax * 0.92, f"y = {k:.2f}x + {b:.1f}   R² = {r2:.2f}", fontsize=12, color="#C55A11")
    name_x, name_y = s["x"].split("（")[0], s["y"].split("（")[0]
    ax.set_title(f"{name_x}与{name_y}散布图", fontsize=16, pad=30)
    ax.set_xlabel(s["x"])
    fig.text(0.07, 0.89, s["y"], fontsize=12)
    fig.subplots_adjust(top=0.82)
    return _finish(fig, "scatter")


def bar(theme: dict, rng: random.Random) -> Picture:
    ba = theme["before_after"]
    fig, ax = plt.subplots(figsize=(9, 6))
    labels, values = ["活动前", "目标值", "活动后"], [ba["before"], ba["target"], ba["after"]]
    colors = [GRAY, GOLD, BLUE]
    ax.bar(range(3), values, color=colors, width=0.55)
    top = max(values) * 1.25
    for i, v in enumerate(values):
        ax.text(i, v + top * 0.015, f"{v:g}", ha="center", va="bottom", fontsize=13)
    ax.set_xticks(range(3), labels)
    ax.set_ylim(0, top)
    ticks = np.linspace(0, top, 5)
    ax.set_yticks(ticks, [f"{t:.3g}" for t in ticks])
    ax.set_title(rng.choice((f"活动前后{ba['metric'].split('（')[0]}对比", "目标完成情况柱状图")), fontsize=16, pad=30)
    fig.text(0.07, 0.88, ba["metric"], fontsize=12)
    fig.subplots_adjust(top=0.82)
    return _finish(fig, "bar")


def line(theme: dict, rng: random.Random) -> Picture:
    ba = theme["before_after"]
    months = [f"{m}月" for m in range(rng.choice((1, 3)), 13)][:9]
    start, end = ba["before"], ba["after"]
    steps = np.linspace(start, end, len(months)) * np.array([rng.uniform(0.93, 1.07) for _ in months])
    fig, ax = plt.subplots(figsize=(10, 5.8))
    x = np.arange(len(months))
    ax.plot(x, steps, color=BLUE, marker="o", linewidth=2, label="实际值")
    ax.axhline(ba["target"], color="#C00000", linestyle="--", label="目标值")
    for xi, v in zip(x, steps, strict=True):
        ax.text(xi, v, f"{v:.3g}", ha="center", va="bottom", fontsize=11)
    ax.set_xticks(x, months)
    top = max(steps.max(), ba["target"]) * 1.2
    bottom = min(steps.min(), ba["target"]) * 0.6 if start < 50 else min(steps.min(), ba["target"]) - 1
    ax.set_ylim(bottom, top)
    ticks = np.linspace(bottom, top, 5)
    ax.set_yticks(ticks, [f"{t:.3g}" for t in ticks])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False)
    ax.set_title(f"2023年{theme['monthly']['metric'].split('（')[0]}月度趋势图", fontsize=16, pad=28)
    fig.text(0.07, 0.9, theme["monthly"]["metric"], fontsize=12)
    fig.subplots_adjust(top=0.83, bottom=0.2)
    return _finish(fig, "line")


def pie(theme: dict, rng: random.Random) -> Picture:
    names = theme["pie"]
    counts = sorted((rng.randint(8, 40) for _ in names), reverse=True)
    counts[0] += rng.randint(20, 60)
    fig, ax = plt.subplots(figsize=(9, 6.5))
    colors = [BLUE, ORANGE, GRAY, GOLD, LIGHT, GREEN][: len(names)]
    shares = [c / sum(counts) * 100 for c in counts]
    ax.pie(
        counts,
        colors=colors,
        startangle=90,
        counterclock=False,
        labels=[f"{n} {s:.1f}%" for n, s in zip(names, shares, strict=True)],
        wedgeprops={"edgecolor": "white"},
        textprops={"fontsize": 13},
    )
    ax.set_title(rng.choice((f"{theme['problem']}构成饼分图", "问题类型分布饼图")), fontsize=16)
    return _finish(fig, "pie")


STEPS = [
    "选择课题",
    "现状调查",
    "设定目标",
    "原因分析",
    "要因确认",
    "制定对策",
    "对策实施",
    "效果检查",
    "巩固措施",
    "总结打算",
]


def gantt(theme: dict, rng: random.Random) -> Picture:
    """活动计划 as a Gantt chart: plan (hatched) and actual (filled) bars per step, months across."""
    first = rng.choice((1, 2, 3, 4))
    months = [f"{m}月" for m in range(first, first + 9)]
    steps = STEPS if rng.random() < 0.5 else [s for s in STEPS if s != "巩固措施"]
    fig, ax = plt.subplots(figsize=(11, 6.5))
    pos = 0.0
    for i, _ in enumerate(steps):
        length = rng.uniform(0.6, 1.6)
        start = min(pos, len(months) - length)
        y = len(steps) - 1 - i
        ax.barh(y + 0.18, length, left=start, height=0.32, color="white", edgecolor=BLUE, hatch="//")
        delay = rng.choice((0, 0, 0.2, -0.1))
        actual = max(0.0, min(start + delay, len(months) - length))
        ax.barh(y - 0.18, length, left=actual, height=0.32, color=ORANGE)
        pos = start + length * rng.uniform(0.6, 1.0)
    ax.set_yticks(range(len(steps)), list(reversed(steps)))
    ax.set_xlim(0, len(months))
    ax.set_xticks(np.arange(len(months)) + 0.5, months)
    ax.xaxis.tick_top()
    ax.grid(axis="x", color="#D9D9D9")
    ax.barh([], [], color="white", edgecolor=BLUE, hatch="//", label="计划")
    ax.barh([], [], color=ORANGE, label="实际")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, frameon=False)
    ax.set_title(rng.choice(("QC小组活动计划甘特图", "活动计划与实施进度表")), fontsize=16, pad=34)
    fig.subplots_adjust(left=0.14, top=0.84, bottom=0.1)
    return _finish(fig, "gantt")


RADAR_ITEMS = ["团队精神", "质量意识", "进取精神", "QC工具运用", "解决问题能力", "改进意识"]


def radar(theme: dict, rng: random.Random) -> Picture:
    """无形成果 雷达图 (class `other`: not one of the chart classes of the contract)."""
    del theme
    n = len(RADAR_ITEMS)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    before = [rng.randint(2, 3) for _ in range(n)]
    after = [b + rng.randint(1, 2) for b in before]
    fig = plt.figure(figsize=(8, 7))
    ax = fig.add_subplot(polar=True)
    for vals, color, name in ((before, GRAY, "活动前"), (after, BLUE, "活动后")):
        closed = [*vals, vals[0]]
        ax.plot([*angles, angles[0]], closed, color=color, linewidth=2, label=name)
        ax.fill([*angles, angles[0]], closed, color=color, alpha=0.15)
    ax.set_xticks(angles, RADAR_ITEMS, fontsize=13)
    ax.set_yticks([1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"], fontsize=10)
    ax.set_ylim(0, 5)
    ax.legend(loc="upper right", bbox_to_anchor=(1.32, 1.05), frameon=False)
    ax.set_title("无形成果雷达图", fontsize=16, pad=30)
    fig.subplots_adjust(bottom=0.1, top=0.84, left=0.12, right=0.78)
    return _finish(fig, "other", "radar chart")
