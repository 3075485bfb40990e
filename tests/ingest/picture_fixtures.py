"""Pictures for the ingest tests, drawn here with real CJK fonts (PIL and matplotlib): the kinds a QC
deck carries as pictures. Small on purpose (OCR-heavy tests stay quick). Not the accuracy benchmark:
that is eval/pictures (an independent writer's set)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

CJK_FONTS = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
]


def cjk_font_path() -> Path | None:
    return next((p for p in CJK_FONTS if p.exists()), None)


def font(size: int) -> ImageFont.FreeTypeFont:
    path = cjk_font_path()
    assert path is not None, "no CJK font installed"
    return ImageFont.truetype(str(path), size)


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def table_png(rows: list[list[str]], *, merged_header: str | None = None, cell_w: int = 170, cell_h: int = 48) -> bytes:
    """A ruled table screenshot; with `merged_header`, one header cell spans all columns on top."""
    n_cols = len(rows[0])
    top = cell_h if merged_header else 0
    w, h = n_cols * cell_w + 21, top + len(rows) * cell_h + 21
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    f = font(22)
    x0, y0 = 10, 10
    if merged_header:
        d.rectangle([x0, y0, x0 + n_cols * cell_w, y0 + cell_h], outline="black", width=2)
        d.text((x0 + 12, y0 + 10), merged_header, fill="black", font=f)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            bx, by = x0 + c * cell_w, y0 + top + r * cell_h
            d.rectangle([bx, by, bx + cell_w, by + cell_h], outline="black", width=2)
            d.text((bx + 10, by + 10), text, fill="black", font=f)
    return png(img)


def banner_png(text: str) -> bytes:
    img = Image.new("RGB", (1200, 160), (24, 80, 160))
    ImageDraw.Draw(img).text((60, 30), text, fill="white", font=font(80))
    return png(img)


def photo_png(seed: int = 7) -> bytes:
    """A photograph-like picture: smooth colour gradients with noise, no flat background, no text."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:360, 0:480]
    base = np.stack([(xx * 0.4 + 60) % 255, (yy * 0.5 + 90) % 255, ((xx + yy) * 0.25 + 30) % 255], axis=-1)
    noisy = np.clip(base + rng.normal(0, 28, base.shape), 0, 255).astype(np.uint8)
    return png(Image.fromarray(noisy, "RGB"))


def fishbone_png() -> bytes:
    """A 因果图: a spine, six bones at 45°, the classic category labels and a few causes."""
    img = Image.new("RGB", (1000, 560), "white")
    d = ImageDraw.Draw(img)
    f = font(26)
    d.line([(60, 280), (820, 280)], fill="black", width=4)
    d.rectangle([820, 240, 980, 320], outline="black", width=3)
    d.text((835, 262), "焊接不良", fill="black", font=f)
    labels = ["人", "机", "料", "法", "环", "测"]
    for i, x in enumerate((220, 450, 680)):
        d.line([(x - 140, 60), (x, 280)], fill="black", width=3)
        d.line([(x - 140, 500), (x, 280)], fill="black", width=3)
        d.text((x - 175, 25), labels[i], fill="black", font=f)
        d.text((x - 175, 505), labels[i + 3], fill="black", font=f)
        d.text((x - 60, 130), "培训不足" if i == 0 else "参数不稳", fill="black", font=font(20))
    return png(img)


def chart_png(kind: str) -> bytes:
    """A chart drawn by matplotlib with CJK labels: "pareto", "bar", "pie", "line", "scatter"."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    path = cjk_font_path()
    assert path is not None
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    plt.rcParams["font.family"] = name
    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=100)
    cats = ["焊缝气孔", "咬边", "夹渣", "未焊透", "其他"]
    vals = [45, 25, 15, 10, 5]
    if kind == "pareto":
        ax.bar(cats, vals, color="#4472c4")
        ax2 = ax.twinx()
        cum = np.cumsum(vals) / sum(vals) * 100
        ax2.plot(cats, cum, color="#c00000", marker="o")
        ax2.set_ylim(0, 100)
        ax2.set_ylabel("累计百分比")
        ax2.set_yticks([0, 20, 40, 60, 80, 100], ["0%", "20%", "40%", "60%", "80%", "100%"])
        ax.set_ylabel("频数")
    elif kind == "bar":
        ax.bar(["1月", "2月", "3月", "4月"], [12, 30, 18, 25], color="#ed7d31")
        ax.set_ylabel("不良件数")
    elif kind == "pie":
        ax.pie(vals, labels=cats, autopct="%1.0f%%")
    elif kind == "line":
        ax.plot(
            ["1月", "2月", "3月", "4月", "5月", "6月"], [8.2, 7.5, 6.1, 4.8, 3.9, 3.2], color="#2f5597", linewidth=2.5
        )
        ax.set_ylabel("不良率（%）")
    elif kind == "scatter":
        rng = np.random.default_rng(3)
        x = rng.uniform(10, 50, 40)
        ax.scatter(x, x * 0.8 + rng.normal(0, 4, 40), color="#548235", s=30)
        ax.set_xlabel("焊接电流")
        ax.set_ylabel("熔深")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def scanned_pdf(
    lines: list[tuple[float, float, str]],
    seed: int,
    *,
    dpi: int = 110,
    blur: float = 0.5,
    noise: float = 7.0,
    drawing: Callable[[ImageDraw.ImageDraw, float], None] | None = None,
) -> bytes:
    """An image-only A4 PDF page made as the eval splits' scans are (eval/independent/render/pdf.py `scan`):
    10.5 pt text printed at `dpi`, turned by under a degree, grey noise and a blur. `lines`: (x, y in
    points from the top left, text); `drawing(draw, pixels per point)` draws more before the page is turned.
    Needs a CJK font (`cjk_font_path`)."""
    path = cjk_font_path()
    assert path is not None, "no CJK font"
    k = dpi / 72
    img = Image.new("L", (round(595 * k), round(842 * k)), 255)
    draw = ImageDraw.Draw(img)
    face = ImageFont.truetype(str(path), round(10.5 * k))
    for x, y, text in lines:
        draw.text((x * k, y * k), text, fill=0, font=face)
    if drawing is not None:
        drawing(draw, k)
    rng = np.random.default_rng(seed)
    img = img.rotate(float(rng.uniform(-0.8, 0.8)), resample=Image.Resampling.BICUBIC, fillcolor=235)
    arr = np.asarray(img, dtype=float) * 0.93 + 12 + rng.normal(0, noise, (img.height, img.width))
    img = Image.fromarray(np.clip(arr, 0, 255).astype("uint8")).filter(ImageFilter.GaussianBlur(blur))
    buf = io.BytesIO()
    img.save(buf, format="PDF", resolution=dpi)
    return buf.getvalue()


def draw_bar_chart(
    box: tuple[float, float, float, float], labels: list[str], counts: list[int], title: str, *, grid: bool = False
) -> Callable[[ImageDraw.ImageDraw, float], None]:
    """A bar chart as a report prints it (a 排列图 without its line): `box` the plot (points), axes at its lower
    left, grey bars with their counts over them, the labels under them, the title above; `grid`: a column
    rule between every two bars and rows across (a table's grid, not a chart)."""

    def draw(d: ImageDraw.ImageDraw, k: float) -> None:
        x0, y0, x1, y1 = (v * k for v in box)
        small = font(round(8 * k))
        d.line([(x0, y0), (x0, y1), (x1, y1)], fill=0, width=max(1, round(k)))
        d.text((x0 + (x1 - x0) / 3, y0 - 16 * k), title, fill=0, font=font(round(9 * k)))
        step = (x1 - x0) / len(counts)
        top = max(counts)
        for i, (lab, n) in enumerate(zip(labels, counts, strict=True)):
            bx = x0 + i * step + step * 0.15
            by = y1 - (y1 - y0 - 14 * k) * n / top
            d.rectangle([bx, by, bx + step * 0.7, y1], fill=110, outline=0)
            d.text((bx + step * 0.2, by - 12 * k), str(n), fill=0, font=small)
            d.text((bx, y1 + 3 * k), lab, fill=0, font=small)
            if grid and i:
                d.line([(x0 + i * step, y0), (x0 + i * step, y1)], fill=0, width=max(1, round(k)))
        for t in range(0, top + 1, max(1, top // 4)):
            y = y1 - (y1 - y0 - 14 * k) * t / top
            d.text((x0 - 20 * k, y - 5 * k), str(t), fill=0, font=small)

    return draw
