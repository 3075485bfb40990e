"""OCR for pictures and scanned pages: rapidocr-onnxruntime with its bundled Chinese PP-OCR models.

No model is downloaded: the detector, the 0/180 angle classifier and the recogniser ship inside the
PyPI wheel. The engine is built once per process (lazy singleton; loading costs ~0.5 s).

Rotation: PP-OCR's classifier only tells 0 from 180 degrees. A page scanned sideways (90/270) is
detected as many tall, narrow boxes; when most boxes are tall we also try the image turned by 90 and
270 degrees and keep the orientation whose recognised text scores best (sum of confidence × length).
Bounding boxes are always returned in the coordinates of the image as given.

Images we cannot decode (EMF/WMF vector pictures, broken bytes), tiny icons and decompression bombs
are skipped with a Chinese reason (`OcrResult.skipped`) that readers turn into an `Issue`.
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Line = tuple[str, tuple[float, float, float, float], float]  # text, (x0, y0, x1, y1) px, score

MIN_SIDE_PX = 16  # below this a picture is an icon or a rule, not text
MIN_AREA_PX = 32 * 32
MAX_PIXELS = 60_000_000  # larger images are decompression bombs or posters; skipped
WORK_MAX_SIDE = 4000  # downscale before OCR (rapidocr itself caps the detector input at 2000)
MIN_SCORE = 0.5
VECTOR_FORMATS = {"WMF", "EMF"}

_engine: Any = None
_engine_lock = threading.Lock()
_run_lock = threading.Lock()  # onnxruntime sessions are not documented as re-entrant


@dataclass
class OcrResult:
    lines: list[Line] = field(default_factory=list)
    angle: int = 0  # counter-clockwise turn (degrees) that made the text upright: 0, 90 or 270
    width: int = 0
    height: int = 0
    skipped: str | None = None  # Chinese reason when the picture was not OCR'd

    @property
    def text(self) -> str:
        return "\n".join(t for t, _, _ in self.lines)

    @property
    def mean_score(self) -> float:
        if not self.lines:
            return 0.0
        return float(sum(s for _, _, s in self.lines) / len(self.lines))


class OcrUnavailableError(RuntimeError):
    """rapidocr-onnxruntime is not installed or its models cannot be loaded."""


def engine() -> Any:
    """The process-wide RapidOCR engine (built on first use)."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                try:
                    from rapidocr_onnxruntime import RapidOCR
                except ImportError as e:  # pragma: no cover - dependency of the package
                    raise OcrUnavailableError("未安装 rapidocr-onnxruntime，无法识别图片中的文字") from e
                logging.getLogger("RapidOCR").setLevel(logging.WARNING)
                _engine = RapidOCR()
    return _engine


def available() -> bool:
    try:
        engine()
    except OcrUnavailableError:
        return False
    return True


def decode_image(image_bytes: bytes) -> tuple[np.ndarray | None, str | None]:
    """Bytes → BGR uint8 array, or (None, Chinese reason)."""
    from PIL import Image, UnidentifiedImageError

    if not image_bytes:
        return None, "图片为空"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(image_bytes))
            fmt = (im.format or "").upper()
            if fmt in VECTOR_FORMATS:
                return None, f"矢量图片（{fmt}）无法识别文字"
            w, h = im.size
            if w * h > MAX_PIXELS:
                return None, f"图片过大（{w}×{h} 像素），未做文字识别"
            if min(w, h) < MIN_SIDE_PX or w * h < MIN_AREA_PX:
                return None, f"图片过小（{w}×{h} 像素），不含可识别文字"
            if getattr(im, "n_frames", 1) > 1:
                im.seek(0)
            im.draft("RGB", (WORK_MAX_SIDE, WORK_MAX_SIDE))  # JPEG: decode at reduced size
            rgb: Image.Image
            if im.mode in ("RGBA", "LA", "P", "PA"):
                rgba = im.convert("RGBA")
                bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                rgb = Image.alpha_composite(bg, rgba).convert("RGB")
            else:
                rgb = im.convert("RGB")
            if max(rgb.size) > WORK_MAX_SIDE:
                rgb.thumbnail((WORK_MAX_SIDE, WORK_MAX_SIDE))
            arr = np.asarray(rgb)[:, :, ::-1]
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        return None, f"无法解码的图片格式（{type(e).__name__}）"
    except (OSError, ValueError, SyntaxError) as e:
        return None, f"图片已损坏或格式不受支持（{type(e).__name__}）"
    return np.ascontiguousarray(arr), None


def ocr_array(bgr: np.ndarray, *, handle_rotation: bool = True) -> OcrResult:
    """OCR a decoded BGR image; lines in reading order, boxes in the given image's pixels."""
    h, w = bgr.shape[:2]
    best = OcrResult(lines=_run(bgr), width=w, height=h)
    if handle_rotation and _looks_sideways(best.lines):
        # Without the 0/180 classifier an upside-down crop reads badly, so the sideways candidate
        # that scores best is the one that is truly upright (not upright-then-flipped per line).
        upright: OcrResult | None = None
        for k, angle in ((1, 90), (3, 270)):
            rotated = np.ascontiguousarray(np.rot90(bgr, k))
            # reading order is taken in the upright frame, then boxes are mapped back
            lines = [(t, _unrotate_box(b, k, w, h), s) for t, b, s in _run(rotated, use_cls=False)]
            cand = OcrResult(lines=lines, angle=angle, width=w, height=h)
            if upright is None or _quality(cand.lines) > _quality(upright.lines):
                upright = cand
        # rapidocr turns tall crops itself, so the unrotated pass may read the words well but in
        # the wrong order: an upright reading that is about as good wins
        if upright is not None and _quality(upright.lines) >= 0.9 * _quality(best.lines):
            best = upright
    return best


def ocr_image_result(image_bytes: bytes, *, handle_rotation: bool = True) -> OcrResult:
    """OCR one picture given as file bytes (PNG, JPEG, BMP, GIF, TIFF, WebP...)."""
    arr, reason = decode_image(image_bytes)
    if arr is None:
        return OcrResult(skipped=reason)
    return ocr_array(arr, handle_rotation=handle_rotation)


def ocr_image(image_bytes: bytes) -> list[Line]:
    """(text, (x0, y0, x1, y1), score) lines in reading order; [] when the picture holds no readable
    text or cannot be decoded (use `ocr_image_result` to learn why)."""
    return ocr_image_result(image_bytes).lines


def _run(bgr: np.ndarray, *, use_cls: bool = True) -> list[Line]:
    eng = engine()
    with _run_lock:
        result, _ = eng(bgr, use_cls=use_cls)
    lines: list[Line] = []
    for item in result or []:
        box, text, score = item[0], str(item[1]).strip(), float(item[2])
        if not text or score < MIN_SCORE:
            continue
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        lines.append((text, (min(xs), min(ys), max(xs), max(ys)), score))
    return _reading_order(lines)


def _reading_order(lines: list[Line]) -> list[Line]:
    """Rows top→bottom (boxes whose vertical centres are within half a line height share a row),
    then left→right inside a row."""
    if not lines:
        return []
    by_top = sorted(lines, key=lambda ln: (ln[1][1] + ln[1][3]) / 2)
    rows: list[list[Line]] = []
    row_centre = 0.0
    row_height = 0.0
    for ln in by_top:
        _, y0, _, y1 = ln[1]
        c, hgt = (y0 + y1) / 2, max(1.0, y1 - y0)
        if rows and abs(c - row_centre) <= 0.5 * min(hgt, row_height):
            rows[-1].append(ln)
        else:
            rows.append([ln])
            row_centre, row_height = c, hgt
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln[1][0])]


def _looks_sideways(lines: list[Line]) -> bool:
    """Most recognised boxes are tall and narrow: the picture is probably turned by 90 degrees."""
    sized = [(b[2] - b[0], b[3] - b[1]) for t, b, _s in lines if len(t) >= 2]
    if len(sized) < 2:
        return False
    tall = sum(1 for w, h in sized if h > 1.5 * w)
    return tall >= 0.5 * len(sized)


def _quality(lines: list[Line]) -> float:
    return sum(s * len(t) for t, _, s in lines)


def _unrotate_box(box: tuple[float, float, float, float], k: int, w: int, h: int) -> tuple[float, float, float, float]:
    """Map a box found in np.rot90(img, k) back to the original image (w × h pixels)."""
    x0, y0, x1, y1 = box
    if k == 1:  # rot90 CCW: original x = w - 1 - y', original y = x'
        return (w - 1 - y1, x0, w - 1 - y0, x1)
    # k == 3 (CW): original x = y', original y = h - 1 - x'
    return (y0, h - 1 - x1, y1, h - 1 - x0)
