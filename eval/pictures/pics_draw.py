"""Pictures drawn with PIL: 因果图 (fish-bone), table screenshots, 现场照片 (synthetic photo-like
images with or without a caption inside), section banners, logos and icons without text, and a
flow chart (class `other`). The truth lines come from where each text was placed."""

from __future__ import annotations

import io
import math
import random

import numpy as np
from pics_text import Picture, Placed, font, reading_lines
from PIL import Image, ImageDraw, ImageFilter

INK = (30, 30, 30)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, format="JPEG", quality=78)
    return buf.getvalue()


def _text(
    draw: ImageDraw.ImageDraw,
    placed: list[Placed],
    xy: tuple[float, float],
    text: str,
    size: int,
    kind: str = "sans",
    fill=INK,
    anchor: str = "la",
) -> tuple[int, int, int, int]:
    f = font(size, kind)
    box = draw.textbbox(xy, text, font=f, anchor=anchor)
    draw.text(xy, text, font=f, fill=fill, anchor=anchor)
    placed.append(Placed(text, *box))
    return box


def fishbone(theme: dict, rng: random.Random) -> Picture:
    w, h = 1600, 860
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    placed: list[Placed] = []
    title = rng.choice((f"{theme['problem']}因果图", "特性要因图", f"{theme['problem']}鱼骨图"))
    _text(d, placed, (w / 2, 24), title, 34, "bold", anchor="ma")
    spine_y, x_left, x_head = 470, 110, 1250
    d.line((x_left, spine_y, x_head, spine_y), fill=INK, width=5)
    d.polygon([(x_head, spine_y - 14), (x_head + 26, spine_y), (x_head, spine_y + 14)], fill=INK)
    problem = theme["problem"]
    head = (
        [problem]
        if len(problem) <= 7
        else [problem[: math.ceil(len(problem) / 2)], problem[math.ceil(len(problem) / 2) :]]
    )
    d.rectangle((x_head + 34, spine_y - 70, w - 20, spine_y + 70), outline="#C00000", width=4)
    for i, part in enumerate(head):
        y = spine_y - 20 * len(head) + 40 * i + 20
        _text(d, placed, ((x_head + 34 + w - 20) / 2, y), part, 30, "bold", fill="#C00000", anchor="mm")
    names = list(theme["causes"])
    long_names = {"人": "人员", "机": "设备", "料": "材料", "法": "方法", "环": "环境", "测": "测量"}
    use_long = rng.random() < 0.5
    for k, cat in enumerate(names):
        top = k < 3
        x_end = 420 + 370 * (k % 3)  # where the bone meets the spine
        x_top = x_end - 190
        y_box = 118 if top else h - 96
        label = long_names.get(cat, cat) if use_long else cat
        d.rectangle((x_top - 58, y_box - 28, x_top + 58, y_box + 28), fill="#DEEBF7", outline="#2F5597", width=3)
        _text(d, placed, (x_top, y_box), label, 30, "bold", anchor="mm")
        y_start = y_box + (30 if top else -30)
        d.line((x_top, y_start, x_end, spine_y), fill="#2F5597", width=4)
        causes = theme["causes"][cat]
        for j, cause in enumerate(causes):
            frac = (j + 1) / (len(causes) + 1)
            y = y_start + (spine_y - y_start) * frac
            x = x_top + (x_end - x_top) * frac
            d.line((x - 40, y, x, y), fill="#2F5597", width=2)
            _text(d, placed, (x - 46, y), cause, 22, anchor="rm")
    _check_inside(placed, w, h)
    return Picture("cause_effect", _png(img), "png", w, h, reading_lines(placed))


def _check_inside(placed: list[Placed], w: int, h: int) -> None:
    for p in placed:
        if p.x0 < 2 or p.y0 < 2 or p.x1 > w - 2 or p.y1 > h - 2:
            raise ValueError(f"text outside the picture: {p.text}")
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            if a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1:
                raise ValueError(f"texts overlap: {a.text} / {b.text}")


def table_image(
    title: str | None, header: list[str], rows: list[list[str]], rng: random.Random, ruling: str = "grid"
) -> Picture:
    """A table as a screenshot: single-line cells; ruling `grid` (all lines), `three` (三线表: top,
    header and bottom rules only) or `none` (no lines, shaded header and alternate rows)."""
    size = rng.choice((20, 22))
    f = font(size, rng.choice(("sans", "serif", "wqy")))
    grid = [header, *rows]
    pad_x, pad_y = 14, 10
    widths = [max(int(f.getlength(r[c])) for r in grid) + 2 * pad_x for c in range(len(header))]
    row_h = size + 2 * pad_y + 4
    top = 70 if title else 16
    w = sum(widths) + 40
    h = top + row_h * len(grid) + 20
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    placed: list[Placed] = []
    if title:
        _text(d, placed, (w / 2, 20), title, 26, "bold", anchor="ma")
    x0, y0 = 20, top
    xs = [x0]
    for wd in widths:
        xs.append(xs[-1] + wd)
    for r, row in enumerate(grid):
        y = y0 + r * row_h
        if ruling == "none" and (r == 0 or r % 2 == 0):
            d.rectangle((x0, y, xs[-1], y + row_h), fill="#D9E2F3" if r == 0 else "#F2F2F2")
        if ruling == "grid" and r == 0:
            d.rectangle((x0, y, xs[-1], y + row_h), fill="#BDD7EE")
        for c, cell in enumerate(row):
            kind = "bold" if r == 0 else "sans"
            _text(d, placed, ((xs[c] + xs[c + 1]) / 2, y + row_h / 2), cell, size, kind, anchor="mm")
    y_end = y0 + row_h * len(grid)
    if ruling == "grid":
        for r in range(len(grid) + 1):
            d.line((x0, y0 + r * row_h, xs[-1], y0 + r * row_h), fill=INK, width=1)
        for x in xs:
            d.line((x, y0, x, y_end), fill=INK, width=1)
    elif ruling == "three":
        for y, wd in ((y0, 3), (y0 + row_h, 1), (y_end, 3)):
            d.line((x0, y, xs[-1], y), fill=INK, width=wd)
    cells = [
        {"row": r, "col": c, "row_span": 1, "col_span": 1, "text": cell}
        for r, row in enumerate(grid)
        for c, cell in enumerate(row)
    ]
    _check_inside(placed, w, h)
    return Picture("table", _png(img), "png", w, h, reading_lines(placed), cells, note=f"ruling={ruling}")


def _photo_base(rng: random.Random, w: int, h: int) -> Image.Image:
    """Something that looks like a site photo at a glance: a lit gradient, machine-like blocks,
    pipes, blur and sensor noise."""
    base = np.array([rng.randint(60, 170) for _ in range(3)], dtype=float)
    ys = np.linspace(0, 1, h)[:, None]
    xs = np.linspace(0, 1, w)[None, :]
    shade = 0.55 + 0.6 * (1 - ys) * (0.7 + 0.3 * np.sin(xs * 3.1))
    arr = np.clip(shade[:, :, None] * base[None, None, :], 0, 255).astype("uint8")
    img = Image.fromarray(arr, "RGB")
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(5, 9)):
        x, y = rng.randint(0, w - 100), rng.randint(h // 4, h - 60)
        bw, bh = rng.randint(80, 380), rng.randint(60, 300)
        tone = [rng.randint(40, 220) for _ in range(3)]
        d.rectangle((x, y, x + bw, y + bh), fill=tuple(tone), outline=tuple(max(0, t - 50) for t in tone), width=4)
    for _ in range(rng.randint(2, 4)):
        y = rng.randint(40, h - 40)
        d.line(
            (0, y, w, y + rng.randint(-120, 120)),
            fill=tuple(rng.randint(80, 200) for _ in range(3)),
            width=rng.randint(8, 22),
        )
    img = img.filter(ImageFilter.GaussianBlur(2.2))
    gen = np.random.default_rng(rng.randrange(1 << 30))
    noise = Image.fromarray(gen.integers(0, 255, (h, w, 3), dtype="uint8"), "RGB")
    return Image.blend(img, noise, 0.07)


def photo(caption: str | None, rng: random.Random, where: str = "bottom") -> Picture:
    """A 现场照片; `caption` drawn inside (bottom band or top-left label), or none."""
    w, h = rng.choice(((1200, 800), (1000, 750), (1280, 720)))
    img = _photo_base(rng, w, h)
    placed: list[Placed] = []
    if caption:
        d = ImageDraw.Draw(img, "RGBA")
        if where == "bottom":
            d.rectangle((0, h - 84, w, h), fill=(0, 0, 0, 150))
            _text(d, placed, (w / 2, h - 42), caption, 38, "bold", fill="white", anchor="mm")
        else:
            box = d.textbbox((40, 34), caption, font=font(36, "bold"))
            d.rectangle((box[0] - 14, box[1] - 10, box[2] + 14, box[3] + 10), fill=(192, 0, 0, 220))
            _text(d, placed, (40, 34), caption, 36, "bold", fill="white")
    return Picture(
        "photo", _jpeg(img), "jpeg", w, h, reading_lines(placed), note="caption inside" if caption else "no text"
    )


def banner(step: str, english: str | None, rng: random.Random) -> Picture:
    w, h = 1600, rng.choice((240, 280))
    c1 = rng.choice(((31, 78, 121), (0, 112, 192), (112, 48, 160), (192, 0, 0), (0, 128, 96)))
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    for x in range(w):
        t = x / w
        d.line((x, 0, x, h), fill=tuple(int(c * (1 - t) + 245 * t * 0.35 + c * 0.3 * t) for c in c1))
    for _ in range(6):
        cx, cy, r = rng.randint(w // 2, w), rng.randint(-40, h + 40), rng.randint(40, 160)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(255, 255, 255), width=2)
    placed: list[Placed] = []
    _text(d, placed, (90, h / 2 - (22 if english else 0)), step, 72, "bold", fill="white", anchor="lm")
    if english:
        _text(d, placed, (94, h / 2 + 52), english, 30, "sans", fill=(230, 230, 230), anchor="lm")
    _check_inside(placed, w, h)
    return Picture("banner", _png(img), "png", w, h, reading_lines(placed))


def logo(rng: random.Random) -> Picture:
    """A company logo or an icon without any text (class `other`)."""
    size = rng.choice((256, 320, 400))
    img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    col = (*(rng.randint(0, 200) for _ in range(3)), 255)
    shape = rng.choice(("ring", "gear", "check", "bulb"))
    m = size // 8
    if shape == "ring":
        d.ellipse((m, m, size - m, size - m), outline=col, width=size // 10)
        d.polygon([(size / 2, m * 2), (size - m * 2.5, size - m * 2.5), (m * 2.5, size - m * 2.5)], fill=col)
    elif shape == "gear":
        cx = cy = size / 2
        pts = []
        for i in range(32):
            a = i / 32 * 2 * math.pi
            r = size * (0.42 if (i // 2) % 2 == 0 else 0.33)
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        d.polygon(pts, fill=col)
        d.ellipse((cx - size * 0.13, cy - size * 0.13, cx + size * 0.13, cy + size * 0.13), fill=(255, 255, 255, 0))
    elif shape == "check":
        d.ellipse((m, m, size - m, size - m), fill=col)
        d.line(
            (size * 0.3, size * 0.52, size * 0.45, size * 0.68, size * 0.72, size * 0.36),
            fill="white",
            width=size // 12,
        )
    else:
        d.ellipse((size * 0.28, m, size * 0.72, size * 0.6), fill=col)
        d.rectangle((size * 0.38, size * 0.6, size * 0.62, size * 0.8), fill=col)
    return Picture("other", _png(img), "png", size, size, [], note=f"logo/icon without text ({shape})")


def flowchart(steps: list[str], rng: random.Random) -> Picture:
    """活动流程图: boxes joined by arrows, left to right in two rows (class `other`)."""
    per_row = math.ceil(len(steps) / 2)
    bw, bh, gap = 230, 80, 70
    w = per_row * bw + (per_row - 1) * gap + 80
    h = 2 * bh + 220
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    placed: list[Placed] = []
    _text(d, placed, (w / 2, 18), rng.choice(("QC活动流程图", "攻关活动实施流程")), 30, "bold", anchor="ma")
    for i, step in enumerate(steps):
        row, col = divmod(i, per_row)
        x = 40 + col * (bw + gap)
        y = 90 + row * (bh + 70)
        d.rounded_rectangle((x, y, x + bw, y + bh), radius=14, fill="#E2EFDA", outline="#548235", width=3)
        _text(d, placed, (x + bw / 2, y + bh / 2), step, 26, anchor="mm")
        if col < per_row - 1 and i < len(steps) - 1:
            d.line((x + bw, y + bh / 2, x + bw + gap - 8, y + bh / 2), fill=INK, width=3)
            d.polygon(
                [(x + bw + gap, y + bh / 2), (x + bw + gap - 14, y + bh / 2 - 8), (x + bw + gap - 14, y + bh / 2 + 8)],
                fill=INK,
            )
    _check_inside(placed, w, h)
    return Picture("other", _png(img), "png", w, h, reading_lines(placed), note="flow chart")
