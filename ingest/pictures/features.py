"""Cheap measurements of a picture, taken before (and beside) OCR.

They decide how much a picture costs — a blank picture is not OCR'd, a photograph is searched for
text at a small detector size — and, with the OCR'd text, what the picture shows (classify.py).
Everything is measured on a copy reduced to FEATURE_SIDE pixels on its long side; positions are
returned in the pixels of the picture as given.

- background: share of pixels within BG_TOLERANCE of the most common colour (charts, tables and
  banners sit on a flat background; photographs do not);
- colours: distinct colours after quantising each channel to 16 levels;
- rules: long thin horizontal and vertical strokes (table rulings, chart axes, control limits); a long
  filled band (a shaded header row with its borders) gives its two edges, not its centre;
- diagonal: long straight strokes at 20–70° (the bones of a 因果图);
- marks: filled rectangles of one colour standing on a common baseline (bars) or starting from a
  common left edge (horizontal bars: 甘特图, 条形图), small compact dots (scatter markers), one large
  disc (pie), thin coloured strokes spread over the plot (a line series).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import cv2
import numpy as np

# Change when measure() returns something different for the same pixels: cached reads (cache.py) keep
# their OCR'd lines and only have their features measured again.
FEATURES_VERSION = 2
FEATURE_SIDE = 800
BLANK_STD = 3.0  # grey-level standard deviation below which a picture is blank
BG_TOLERANCE = 24
RULE_MIN_SHARE = 0.12  # a rule is at least this share of the picture's side (and ≥ 24 px)
BAND_MIN_THICK = 10  # a ruled stroke this thick (px, reduced copy) or more is a filled band: its edges are rules
BAND_MIN_RATIO = 8  # … when it is at least this many times as long as it is thick
DIAG_MIN_SHARE = 0.10
PHOTO_GRAIN = 2.0

Segment = tuple[int, int, int]  # (position, start, end): y, x0, x1 for horizontal; x, y0, y1 for vertical
Rect = tuple[int, int, int, int]  # x0, y0, x1, y1


@dataclass
class ImageFeatures:
    width: int
    height: int
    blank: bool = False
    background: float = 1.0
    colours: int = 1
    saturated: float = 0.0  # share of strongly coloured pixels
    grain: float = 0.0  # mean absolute Laplacian of the grey image where it is not an edge (texture, noise)
    h_rules: list[Segment] = field(default_factory=list)
    v_rules: list[Segment] = field(default_factory=list)
    diagonals: int = 0
    bars: list[Rect] = field(default_factory=list)  # vertical bars on a shared baseline
    hbars: list[Rect] = field(default_factory=list)  # horizontal bars from a shared left edge or in a grid
    dots: int = 0
    disc: Rect | None = None
    strokes: int = 0  # thin coloured polyline pieces (line series)

    @property
    def axes(self) -> bool:
        """A long horizontal and a long vertical rule meeting at the lower left: a chart's axes."""
        for y, hx0, hx1 in self.h_rules:
            if hx1 - hx0 < 0.5 * self.width or y < 0.5 * self.height:
                continue
            for x, vy0, vy1 in self.v_rules:
                if (
                    vy1 - vy0 >= 0.4 * self.height
                    and x < 0.5 * self.width
                    and abs(x - hx0) < 0.05 * self.width
                    and abs(y - vy1) < 0.05 * self.height
                ):
                    return True
        return False

    @property
    def photo(self) -> bool:
        """A photograph (or a rendering like one): textured between its edges, many colours. Charts,
        tables, drawings and banners are flat between their strokes (grain below 1 on every picture
        of eval/pictures/tune, photographs 3.5 and more)."""
        return self.grain >= PHOTO_GRAIN and self.colours >= 150

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImageFeatures:
        d = dict(data)
        for key in ("h_rules", "v_rules", "bars", "hbars"):
            d[key] = [tuple(x) for x in d.get(key, [])]
        if d.get("disc") is not None:
            d["disc"] = tuple(d["disc"])
        return cls(**d)


def measure(bgr: np.ndarray) -> ImageFeatures:
    """The features of a decoded BGR picture."""
    h, w = bgr.shape[:2]
    scale = min(1.0, FEATURE_SIDE / max(h, w))
    small = (
        cv2.resize(bgr, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
        if scale < 1
        else bgr
    )
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    f = ImageFeatures(width=w, height=h)
    if float(gray.std()) < BLANK_STD:
        f.blank = True
        return f
    quant = (small // 16).astype(np.int32)
    codes = (quant[:, :, 0] << 8) | (quant[:, :, 1] << 4) | quant[:, :, 2]
    counts = np.bincount(codes.ravel(), minlength=4096)
    f.colours = int((counts > 0).sum())
    bg_code = int(counts.argmax())
    bg = np.array([(bg_code >> 8) & 15, (bg_code >> 4) & 15, bg_code & 15], dtype=np.int32) * 16 + 8
    ink = np.abs(small.astype(np.int32) - bg).max(axis=2) > BG_TOLERANCE
    f.background = float(1.0 - ink.mean())
    f.grain = _grain(gray)
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    colour = (hsv[:, :, 1] > 80) & (hsv[:, :, 2] > 60) & ink
    f.saturated = float(colour.mean())
    inv = 1.0 / scale
    f.h_rules, f.v_rules = _rules(ink, inv)
    f.diagonals = _diagonals(gray)
    _marks(f, codes, counts, bg_code, colour, inv)
    return f


def _grain(gray: np.ndarray) -> float:
    """Texture away from edges: a drawing is flat between its strokes, a photograph is not."""
    lap = np.abs(cv2.Laplacian(gray.astype(np.int16), cv2.CV_16S, ksize=1))
    calm = lap[lap < 24]  # strokes and text edges excluded
    return float(calm.mean()) if calm.size else 0.0


def _rules(ink: np.ndarray, inv: float) -> tuple[list[Segment], list[Segment]]:
    """Long thin horizontal and vertical strokes, as segments in the original picture's pixels."""
    h, w = ink.shape
    mask = ink.astype(np.uint8)
    found: list[tuple[list[Segment], list[Rect]]] = []
    for horizontal in (True, False):
        side = w if horizontal else h
        k = max(24, int(RULE_MIN_SHARE * side))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1) if horizontal else (1, k))
        opened = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
        segs: list[Segment] = []
        bands: list[Rect] = []  # each filled band: its two edges, then where it starts and ends
        for i in range(1, n):
            x, y, bw, bh, _ = (int(v) for v in stats[i])
            start, length, across, thick = (x, bw, y, bh) if horizontal else (y, bh, x, bw)
            span = (round(start * inv), round((start + length) * inv))
            if thick >= BAND_MIN_THICK and length >= BAND_MIN_RATIO * thick:
                # a filled band (a shaded header row or first column with its borders): its two edges
                # are cell boundaries; its centre runs through the text it holds
                segs += [(round(across * inv), *span), (round((across + thick) * inv), *span)]
                bands.append((round(across * inv), round((across + thick) * inv), *span))
            elif thick <= max(4, length // 25):
                segs.append((round((across + thick / 2) * inv), *span))
            else:  # a filled block (a bar, a banner) — or a band across the rules, joined to them
                sub = labels[y : y + bh, x : x + bw] == i
                segs += [(round(pos * inv), *span) for pos in _through(sub, across, horizontal)]
        found.append((sorted(segs), bands))
    (h_segs, h_bands), (v_segs, v_bands) = found
    # the gaps between the letters of a band's text are short strokes across it, inside it: not rules
    return _outside(h_segs, v_bands, 2 * inv), _outside(v_segs, h_bands, 2 * inv)


def _outside(segs: list[Segment], bands: list[Rect], slack: float) -> list[Segment]:
    """The segments that do not lie within one of the bands across them."""
    return [
        s for s in segs if not any(a - slack <= s[1] and s[2] <= b + slack and c <= s[0] <= d for a, b, c, d in bands)
    ]


def _through(block: np.ndarray, offset: int, horizontal: bool) -> list[float]:
    """The rules that run the whole length of a block joined to them — a shaded header row meets the
    column rules (a shaded first column the row rules) and the opening keeps them as one component:
    the thin runs of rows (columns) inked over nearly the block's whole width (height). None when the
    block is solid (a bar) or holds no such run."""
    counts = block.sum(axis=1) if horizontal else block.sum(axis=0)
    full = counts >= 0.9 * block.shape[1 if horizontal else 0]
    if full.all() or not full.any():
        return []
    out = []
    k = 0
    while k < len(full):
        if not full[k]:
            k += 1
            continue
        end = k
        while end < len(full) and full[end]:
            end += 1
        if end - k <= 4:
            out.append(offset + (k + end) / 2)
        k = end
    return out


def _diagonals(gray: np.ndarray) -> int:
    """Long straight strokes at 20–70° from the horizontal (probabilistic Hough on Canny edges)."""
    edges = cv2.Canny(gray, 60, 160)
    min_len = max(30, int(DIAG_MIN_SHARE * max(gray.shape)))
    found = cv2.HoughLinesP(edges, 1, np.pi / 180, threshold=40, minLineLength=min_len, maxLineGap=4)
    if found is None:
        return 0
    n = 0
    for x0, y0, x1, y1 in np.asarray(found).reshape(-1, 4):
        angle = abs(np.degrees(np.arctan2(int(y1) - int(y0), int(x1) - int(x0)))) % 180
        if 20 <= angle <= 70 or 110 <= angle <= 160:
            n += 1
    return n


def _marks(
    f: ImageFeatures, codes: np.ndarray, counts: np.ndarray, bg_code: int, colour: np.ndarray, inv: float
) -> None:
    """Bars, dots and thin strokes drawn in one colour each (a grey bar counts as much as a blue
    one); a disc among the coloured pixels."""
    h, w = codes.shape
    rects: list[Rect] = []
    for code in _major_colours(counts, bg_code, h * w):
        mask = (codes == code).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, bw, bh, area = (int(v) for v in stats[i])
            fill = area / max(1, bw * bh)
            if area < 6:
                continue
            if fill > 0.85 and bw >= max(4, 0.01 * w) and bh >= 4 and bw * bh > 60:
                if bh < 0.9 * h:  # a band from top to bottom is a background stripe, not a bar
                    rects.append((x, y, x + bw, y + bh))
            elif area <= 200 and 0.5 <= bw / max(bh, 1) <= 2.0 and fill > 0.45:
                f.dots += 1
            elif fill < 0.25 and max(bw, bh) > 0.15 * max(w, h):
                f.strokes += 1
    bars = _on_baseline(rects)
    f.bars = [_scaled(r, inv) for r in bars]
    f.hbars = [_scaled(r, inv) for r in rects if (r[2] - r[0]) > 2.5 * (r[3] - r[1]) and r not in bars]
    _disc(f, colour.astype(np.uint8), inv)


def _major_colours(counts: np.ndarray, bg_code: int, total: int) -> list[int]:
    """The (quantised) colours other than the background that cover at least 0.3 % of the picture."""
    order = np.argsort(counts)[::-1][:12]
    return [int(c) for c in order if int(c) != bg_code and counts[c] >= 0.003 * total]


def _on_baseline(rects: list[Rect]) -> list[Rect]:
    """Upright rectangles whose bottoms agree (within 3 px) with at least two others: bars."""
    upright = [r for r in rects if (r[3] - r[1]) >= 0.6 * (r[2] - r[0]) or (r[3] - r[1]) >= 20]
    best: list[Rect] = []
    for r in upright:
        same = [o for o in upright if abs(o[3] - r[3]) <= 3]
        if len(same) > len(best):
            best = same
    return best if len(best) >= 3 else []


def _disc(f: ImageFeatures, mask: np.ndarray, inv: float) -> None:
    """A pie: its coloured wedges, joined by closing the gaps between them, make one disc."""
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    h, w = mask.shape
    for c in contours:
        x, y, bw, bh = cv2.boundingRect(c)
        if min(bw, bh) < 0.25 * min(w, h) or not 0.85 <= bw / max(bh, 1) <= 1.18:
            continue
        area = cv2.contourArea(c)
        (_, _), radius = cv2.minEnclosingCircle(c)
        if radius > 0 and area / (np.pi * radius * radius) > 0.82:
            f.disc = _scaled((x, y, x + bw, y + bh), inv)
            return


def _scaled(r: Rect, inv: float) -> Rect:
    return (round(r[0] * inv), round(r[1] * inv), round(r[2] * inv), round(r[3] * inv))
