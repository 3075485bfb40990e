"""Pictures the way QC teams paste them into decks: charts exported from Excel/Minitab, 因果图 and
系统图 drawn in Visio, 对策表 screenshots, banner pictures that carry a step name, site photos.

Every function returns PNG (or JPEG for photos) bytes and is deterministic for a given spec and seed.
"""

from __future__ import annotations

import io
import math
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SANS_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
font_manager.fontManager.addfont(SANS)
_FAMILY = font_manager.FontProperties(fname=SANS).get_name()
plt.rcParams.update(
    {
        "font.family": _FAMILY,
        "axes.unicode_minus": False,
        "svg.hashsalt": "qc",
        "figure.dpi": 100,
    }
)
PALETTE = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47", "#264478", "#9E480E"]


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None}, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)
    return buf.getvalue()


def pareto(spec: dict[str, Any], seed: int) -> bytes:
    cats: list[str] = spec["categories"]
    counts: list[float] = spec["counts"]
    total = spec.get("total", sum(counts))
    cum = np.cumsum(counts) / total * 100
    fig, ax = plt.subplots(figsize=(7.2, 4.4))
    x = np.arange(len(cats))
    ax.bar(x, counts, width=1.0, color=spec.get("color", PALETTE[0]), edgecolor="black", linewidth=0.6)
    ax.set_ylim(0, total)
    ax.set_ylabel(spec.get("ylabel", "频数"))
    ax.set_xticks(x, cats, fontsize=9, rotation=spec.get("rotate", 0))
    for xi, c in zip(x, counts, strict=True):
        ax.text(xi, c + total * 0.01, f"{c:g}", ha="center", va="bottom", fontsize=8)
    ax2 = ax.twinx()
    ax2.plot(np.concatenate([[-0.5], x + 0.5]), np.concatenate([[0], cum]), color=PALETTE[1], marker="o", ms=4)
    ax2.set_ylim(0, 100)
    ax2.set_ylabel("累计百分比(%)")
    for xi, c in zip(x, cum, strict=True):
        ax2.text(xi + 0.5, c + 2, f"{c:.1f}%", ha="center", fontsize=8, color=PALETTE[1])
    ax.set_title(spec.get("title", "排列图"), fontsize=12)
    if spec.get("note"):
        fig.text(0.99, 0.01, spec["note"], ha="right", fontsize=8)
    return _png(fig)


def bar(spec: dict[str, Any], seed: int) -> bytes:
    cats: list[str] = spec["categories"]
    series: dict[str, list[float]] = spec["series"]
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    n = len(series)
    width = 0.7 / n
    x = np.arange(len(cats))
    for i, (name, vals) in enumerate(series.items()):
        pos = x + (i - (n - 1) / 2) * width
        ax.bar(pos, vals, width=width, label=name, color=PALETTE[i % len(PALETTE)])
        for p, v in zip(pos, vals, strict=True):
            ax.text(p, v, f"{v:g}{spec.get('label_unit', '')}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, cats)
    if spec.get("ylabel"):
        ax.set_ylabel(spec["ylabel"])
    for label, y in (spec.get("hlines") or {}).items():
        ax.axhline(y, ls="--", color="red", lw=1)
        ax.text(len(cats) - 0.5, y, label, color="red", fontsize=9, va="bottom", ha="right")
    if n > 1:
        ax.legend(fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(spec.get("title", ""), fontsize=12)
    return _png(fig)


def line(spec: dict[str, Any], seed: int) -> bytes:
    # the x values are labels ("2024.5" unquoted in YAML is a number: plotted as a position it put the
    # labels of `hlines` thousands of units away and the figure grew past PIL's size limit)
    xs: list[str] = [str(x) for x in spec["x"]]
    fig, ax = plt.subplots(figsize=(6.8, 3.8))
    for i, (name, vals) in enumerate(spec["series"].items()):
        ax.plot(xs, vals, marker="o", label=name, color=PALETTE[i % len(PALETTE)])
        for xv, v in zip(xs, vals, strict=True):
            ax.text(xv, v, f"{v:g}", fontsize=8, ha="center", va="bottom")
    for label, y in (spec.get("hlines") or {}).items():
        ax.axhline(y, ls="--", color="red", lw=1)
        ax.text(len(xs) - 1, y, label, color="red", fontsize=9, va="bottom", ha="right")
    if spec.get("ylabel"):
        ax.set_ylabel(spec["ylabel"])
    ax.legend(fontsize=9)
    ax.tick_params(axis="x", labelsize=8, rotation=spec.get("rotate", 0))
    ax.set_title(spec.get("title", ""), fontsize=12)
    ax.grid(alpha=0.3)
    return _png(fig)


def pie(spec: dict[str, Any], seed: int) -> bytes:
    fig, ax = plt.subplots(figsize=(5.2, 4.2))
    ax.pie(
        spec["values"],
        labels=spec["labels"],
        autopct="%1.1f%%",
        colors=PALETTE,
        startangle=90,
        textprops={"fontsize": 9},
    )
    ax.set_title(spec.get("title", ""), fontsize=12)
    return _png(fig)


def histogram(spec: dict[str, Any], seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    n = spec["n"]
    raw = rng.normal(0, 1, n)
    data = (raw - raw.mean()) / raw.std(ddof=1) * spec["sd"] + spec["mean"]  # exactly the stated mean and s
    fig, ax = plt.subplots(figsize=(6.6, 4.0))
    bins = spec.get("bins", int(1 + math.log2(n)) + 2)
    ax.hist(data, bins=bins, color=PALETTE[0], edgecolor="black", linewidth=0.6)
    for name in ("lsl", "usl"):
        if name in spec:
            ax.axvline(spec[name], color="red", ls="--")
            ax.text(spec[name], ax.get_ylim()[1] * 0.95, name.upper() + f"={spec[name]:g}", color="red", fontsize=8)
    ax.axvline(float(np.mean(data)), color="green", lw=1)
    ax.set_xlabel(spec.get("xlabel", ""))
    ax.set_ylabel("频数")
    stats = f"n={n}  X̄={np.mean(data):.3f}  s={np.std(data, ddof=1):.3f}"
    if "lsl" in spec and "usl" in spec:
        cpk = min(spec["usl"] - np.mean(data), np.mean(data) - spec["lsl"]) / (3 * np.std(data, ddof=1))
        stats += f"  Cpk={cpk:.2f}"
    ax.set_title(spec.get("title", "直方图") + "\n" + stats, fontsize=11)
    return _png(fig)


def control(spec: dict[str, Any], seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    k = spec.get("subgroups", 25)
    vals = spec.get("values") or list(np.round(rng.normal(spec["mean"], spec["sd"], k), spec.get("digits", 3)))
    vals = np.asarray(vals, dtype=float)
    mr = np.abs(np.diff(vals))
    cl = vals.mean()
    ucl, lcl = cl + 2.66 * mr.mean(), cl - 2.66 * mr.mean()
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    ax.plot(np.arange(1, len(vals) + 1), vals, marker="o", ms=4, color=PALETTE[0])
    for y, name, style in ((ucl, "UCL", "--"), (cl, "CL", "-"), (lcl, "LCL", "--")):
        ax.axhline(y, color="red" if name != "CL" else "green", ls=style, lw=1)
        ax.text(len(vals) + 0.3, y, f"{name}={y:.3f}", fontsize=8, va="center")
    ax.set_xlabel(spec.get("xlabel", "子组号"))
    ax.set_ylabel(spec.get("ylabel", ""))
    ax.set_title(spec.get("title", "单值控制图（I图）"), fontsize=12)
    ax.set_xlim(0, len(vals) + 4)
    return _png(fig)


def scatter(spec: dict[str, Any], seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    n, r = spec["n"], spec["r"]
    x = rng.normal(0, 1, n)
    y = r * x + math.sqrt(max(1 - r * r, 0)) * rng.normal(0, 1, n)
    x = spec.get("x0", 0) + x * spec.get("xs", 1)
    y = spec.get("y0", 0) + y * spec.get("ys", 1)
    fig, ax = plt.subplots(figsize=(5.8, 4.2))
    ax.scatter(x, y, s=14, color=PALETTE[0])
    coef = np.polyfit(x, y, 1)
    xx = np.linspace(x.min(), x.max(), 10)
    ax.plot(xx, np.polyval(coef, xx), color="red", lw=1)
    ax.set_xlabel(spec.get("xlabel", ""))
    ax.set_ylabel(spec.get("ylabel", ""))
    ax.set_title(spec.get("title", "散布图") + f"（n={n}, r={np.corrcoef(x, y)[0, 1]:.2f}）", fontsize=11)
    return _png(fig)


def radar(spec: dict[str, Any], seed: int) -> bytes:
    axes: list[str] = spec["axes"]
    ang = np.linspace(0, 2 * np.pi, len(axes), endpoint=False)
    fig = plt.figure(figsize=(5.4, 4.8))
    ax = fig.add_subplot(111, polar=True)
    for i, name in enumerate(("活动前", "活动后")):
        vals = np.asarray(spec["before" if i == 0 else "after"], dtype=float)
        ax.plot(np.append(ang, ang[0]), np.append(vals, vals[0]), color=PALETTE[i], label=name)
        ax.fill(np.append(ang, ang[0]), np.append(vals, vals[0]), color=PALETTE[i], alpha=0.15)
    ax.set_xticks(ang, axes, fontsize=9)
    ax.set_ylim(0, spec.get("max", 5))
    ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.1), fontsize=9)
    ax.set_title(spec.get("title", "雷达图"), fontsize=12, pad=18)
    return _png(fig)


def gantt(spec: dict[str, Any], seed: int) -> bytes:
    months: list[str] = spec["months"]
    tasks: list[list[Any]] = spec["tasks"]
    fig, ax = plt.subplots(figsize=(8.0, 0.42 * len(tasks) + 1.4))
    for i, (name, ps, pe, as_, ae) in enumerate(tasks):
        y = len(tasks) - i
        ax.barh(y + 0.17, pe - ps + 1, left=ps, height=0.3, color="white", edgecolor=PALETTE[0], ls="--")
        ax.barh(y - 0.17, ae - as_ + 1, left=as_, height=0.3, color=PALETTE[1])
        ax.text(-0.2, y, name, ha="right", va="center", fontsize=9)
    ax.set_yticks([])
    ax.set_xticks(np.arange(len(months)) + 0.5, months, fontsize=8)
    ax.set_xlim(0, len(months))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(spec.get("title", "活动计划甘特图") + "（虚框：计划  实色：实际）", fontsize=11)
    return _png(fig)


def _box(ax: Any, x: float, y: float, text: str, fs: int = 9, fc: str = "#DEEBF7") -> None:
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=fs,
        bbox={"boxstyle": "round,pad=0.3", "fc": fc, "ec": "#2F5597", "lw": 0.8},
    )


def fishbone(spec: dict[str, Any], seed: int) -> bytes:
    bones: dict[str, list[str]] = spec["bones"]
    names = list(bones)
    top, bottom = names[: (len(names) + 1) // 2], names[(len(names) + 1) // 2 :]
    fig, ax = plt.subplots(figsize=(10.5, 5.8))
    ax.set_xlim(0, 12)
    ax.set_ylim(-3.4, 3.4)
    ax.axis("off")
    ax.annotate("", xy=(10.0, 0), xytext=(0.3, 0), arrowprops={"arrowstyle": "-|>", "lw": 2.2, "color": "#1F3864"})
    _box(ax, 11.0, 0, spec["head"], fs=10, fc="#FCE4D6")
    for row, sign in ((top, 1), (bottom, -1)):
        for j, name in enumerate(row):
            x0 = 2.0 + j * 2.8
            ax.plot([x0, x0 + 1.6], [sign * 2.6, 0], color="#1F3864", lw=1.6)
            _box(ax, x0 - 0.1, sign * 2.95, name, fs=10, fc="#E2EFDA")
            for k, cause in enumerate(bones[name]):
                t = 0.22 + 0.7 * (k + 0.5) / max(len(bones[name]), 1)
                bx, by = x0 + 1.6 * t, sign * 2.6 * (1 - t)
                ax.plot([bx - 1.1, bx], [by, by], color="#595959", lw=0.8)
                ax.text(
                    bx - 1.12, by + 0.05 * sign, cause, fontsize=7.5, ha="right", va="bottom" if sign > 0 else "top"
                )
    ax.set_title(spec.get("title", "因果图"), fontsize=13)
    return _png(fig)


def _tree_leaves(node: Any) -> int:
    kids = node[1] if isinstance(node, list) else []
    return max(1, sum(_tree_leaves(k) for k in kids))


def _label_width(label: str) -> float:
    return len(label) * 0.13 + 0.2


def _tree_draw(ax: Any, node: Any, x: float, y0: float, y1: float, dx: float) -> float:
    """Draw node centred at x between y0 (bottom) and y1 (top); children top-down; elbow connectors."""
    label, kids = (node[0], node[1]) if isinstance(node, list) else (node, [])
    y = (y0 + y1) / 2
    _box(ax, x, y, label, fs=8)
    if not kids:
        return y
    total = sum(_tree_leaves(k) for k in kids)
    cursor = y1
    spine = x + dx / 2
    ys = []
    for kid in kids:
        span = (y1 - y0) * _tree_leaves(kid) / total
        ky = _tree_draw(ax, kid, x + dx, cursor - span, cursor, dx)
        kid_label = kid[0] if isinstance(kid, list) else kid
        ax.plot([spine, x + dx - _label_width(kid_label) / 2], [ky, ky], color="#7F7F7F", lw=0.8)
        ys.append(ky)
        cursor -= span
    ax.plot([x + _label_width(label) / 2, spine], [y, y], color="#7F7F7F", lw=0.8)
    ax.plot([spine, spine], [min(ys), max(ys)], color="#7F7F7F", lw=0.8)
    return y


def tree(spec: dict[str, Any], seed: int) -> bytes:
    """系统图: spec["root"] is [label, [children...]] with leaves as strings."""
    root = spec["root"]
    leaves = _tree_leaves(root)
    fig, ax = plt.subplots(figsize=(10.0, max(3.6, 0.42 * leaves + 1)))
    ax.axis("off")
    depth = spec.get("depth", 4)
    ax.set_xlim(-0.2, depth * spec.get("dx", 2.6) + 0.6)
    ax.set_ylim(0, leaves)
    _tree_draw(ax, root, 1.0, 0, leaves, spec.get("dx", 2.6))
    ax.set_title(spec.get("title", "系统图"), fontsize=12)
    return _png(fig)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(SANS_BOLD if bold else SANS, size, index=2)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for para in str(text).split("\n"):
        cur = ""
        for ch in para:
            if draw.textlength(cur + ch, font=font) > width and cur:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        lines.append(cur)
    return lines


def table_picture(spec: dict[str, Any], seed: int) -> bytes:
    """A table as a screenshot: grid lines, a shaded header row, wrapped cell text, a window border."""
    rows: list[list[str]] = spec["rows"]
    widths: list[int] = spec.get("widths") or [int(1500 / len(rows[0]))] * len(rows[0])
    font, bold = _font(20), _font(20, bold=True)
    probe = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    wrapped = [[_wrap(probe, c, font, w - 16) for c, w in zip(r, widths, strict=True)] for r in rows]
    heights = [max(len(c) for c in r) * 28 + 16 for r in wrapped]
    title_h = 46 if spec.get("title") else 0
    img = Image.new("RGB", (sum(widths) + 40, sum(heights) + title_h + 40), "#F3F3F3")
    draw = ImageDraw.Draw(img)
    if spec.get("title"):
        draw.text((20, 12), spec["title"], font=_font(24, bold=True), fill="black")
    y = 20 + title_h
    for ri, (r, h) in enumerate(zip(wrapped, heights, strict=True)):
        x = 20
        for cell, w in zip(r, widths, strict=True):
            draw.rectangle([x, y, x + w, y + h], fill="#D9E1F2" if ri == 0 else "white", outline="black", width=2)
            for li, ln in enumerate(cell):
                draw.text((x + 8, y + 8 + li * 28), ln, font=bold if ri == 0 else font, fill="black")
            x += w
        y += h
    return _to_png(img)


def banner(spec: dict[str, Any], seed: int) -> bytes:
    """A title banner picture: a coloured ribbon with a number, the step name and an English line."""
    img = Image.new("RGB", (1600, 150), "white")
    draw = ImageDraw.Draw(img)
    color = spec.get("color", "#1F4E79")
    draw.polygon([(0, 20), (1180, 20), (1260, 75), (1180, 130), (0, 130)], fill=color)
    draw.ellipse([30, 28, 130, 122], fill="white")
    draw.text((80, 75), spec.get("number", ""), font=_font(44, bold=True), fill=color, anchor="mm")
    draw.text((160, 75), spec["text"], font=_font(52, bold=True), fill="white", anchor="lm")
    if spec.get("sub"):
        draw.text((1290, 75), spec["sub"], font=_font(30), fill="#7F7F7F", anchor="lm")
    return _to_png(img)


def photo(spec: dict[str, Any], seed: int) -> bytes:
    """A site photo stand-in: a blurred scene of shapes with the camera's date stamp (JPEG)."""
    rng = np.random.default_rng(seed)
    w, h = 960, 720
    base = np.linspace(rng.integers(90, 160), rng.integers(160, 230), h)[:, None, None]
    arr = np.repeat(np.repeat(base, w, axis=1), 3, axis=2) * rng.uniform(0.75, 1.0, 3)
    img = Image.fromarray(np.clip(arr + rng.normal(0, 6, (h, w, 3)), 0, 255).astype("uint8"))
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(5, 10))):
        x0, y0 = int(rng.integers(0, w - 200)), int(rng.integers(h // 3, h - 120))
        x1, y1 = x0 + int(rng.integers(80, 360)), y0 + int(rng.integers(40, 220))
        fill = tuple(int(v) for v in rng.integers(30, 220, 3))
        (draw.rectangle if rng.random() < 0.6 else draw.ellipse)([x0, y0, x1, y1], fill=fill)
    img = img.filter(ImageFilter.GaussianBlur(1.6))
    draw = ImageDraw.Draw(img)
    if spec.get("stamp"):
        draw.text((w - 20, h - 20), spec["stamp"], font=_font(30), fill="#FF8C00", anchor="rb")
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=72)
    return buf.getvalue()


def _to_png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


RENDERERS = {
    "pareto": pareto,
    "bar": bar,
    "line": line,
    "pie": pie,
    "histogram": histogram,
    "control": control,
    "scatter": scatter,
    "radar": radar,
    "gantt": gantt,
    "fishbone": fishbone,
    "tree": tree,
    "table": table_picture,
    "banner": banner,
    "photo": photo,
}


def render(spec: dict[str, Any], seed: int) -> tuple[bytes, str]:
    """PNG/JPEG bytes for a picture spec and the file extension."""
    data = RENDERERS[spec["kind"]](spec, seed)
    return data, ("jpg" if spec["kind"] == "photo" else "png")
