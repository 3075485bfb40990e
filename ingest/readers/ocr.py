"""OCR for pictures and scanned pages: rapidocr-onnxruntime with its bundled Chinese PP-OCR models.

No model is downloaded: the detector, the 0/180 angle classifier and the recogniser ship inside the
PyPI wheel. Each thread gets its own engine with single-threaded ONNX sessions (loading costs ~0.5 s
once per thread), so two pictures or pages are read at once on two cores without the sessions
competing for the same cores (ingest.pictures runs the pool).

The pipeline is rapidocr's own pieces called in order — detector, crops, classifier, recogniser — so
the detector runs at a size chosen for the picture (`det_side`, at most DET_MAX_SIDE: a large scan is
reduced for detection only) while the recogniser reads crops cut from the picture at its own
resolution; a picture smaller than DET_MIN_SIDE is enlarged first, so its small text is found.

Rotation: PP-OCR's classifier only tells 0 from 180 degrees. A page scanned sideways (90/270) is
detected as many tall, narrow boxes; we then read the image turned by 90 degrees with the classifier
on: when most lines come back flipped, the picture was turned the other way (270) and the boxes are
mapped accordingly. Callers that read several pictures of one page pass the `angle` decided on the
first (orientation is decided once per page). Bounding boxes are always returned in the coordinates
of the image as given.

Images we cannot decode (EMF/WMF vector pictures, broken bytes), tiny icons and decompression bombs
are skipped with a Chinese reason (`OcrResult.skipped`) that readers turn into an `Issue`.
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

Line = tuple[str, tuple[float, float, float, float], float]  # text, (x0, y0, x1, y1) px, score

MIN_SIDE_PX = 16  # below this a picture is an icon or a rule, not text
MIN_AREA_PX = 32 * 32
MAX_PIXELS = 60_000_000  # larger images are decompression bombs or posters; skipped
WORK_MAX_SIDE = 4000  # downscale before OCR: crops for the recogniser come from this image
DET_MIN_SIDE = 960  # a smaller picture is enlarged to this long side before reading (its text is small)
MAX_ENLARGE = 3.0
DET_MAX_SIDE = 1600  # the detector sees at most this long side (a 300-dpi scan is reduced for detection only)
MIN_SCORE = 0.5
# The recogniser reads each line at REC_HEIGHT pixels (rapidocr: 48), padded to at least REC_MIN_WIDTH
# (rapidocr: 320), one line at a time: on 2 cores this reads a dense scanned page for ~45 % and a
# chart's short labels for ~35 % of rapidocr's CPU time, with the same character recall
# (bench/ingest_ocr.py measures both settings on rendered text).
REC_HEIGHT = 32
REC_MIN_WIDTH = 96
REC_BATCH = 1
VECTOR_FORMATS = {"WMF", "EMF"}
WIDE_RATIO = 8.0  # wider pictures (banners) are padded top and bottom before detection, as rapidocr does

_local = threading.local()


@dataclass
class OcrResult:
    lines: list[Line] = field(default_factory=list)
    angle: int = 0  # counter-clockwise turn (degrees) that made the text upright: 0, 90 or 270
    width: int = 0
    height: int = 0
    skipped: str | None = None  # Chinese reason when the picture was not OCR'd
    flipped: int = 0  # lines the 0/180 classifier turned over

    @property
    def text(self) -> str:
        return "\n".join(t for t, _, _ in self.lines)

    @property
    def mean_score(self) -> float:
        if not self.lines:
            return 0.0
        return float(sum(s for _, _, s in self.lines) / len(self.lines))


@dataclass(frozen=True)
class Skip:
    """Why a picture is not OCR'd: code "small" (an icon: not worth reporting), "too_large" or
    "undecodable"; reason in Chinese."""

    code: str
    reason: str


class OcrUnavailableError(RuntimeError):
    """The OCR models cannot be loaded."""


class Engine:
    """One rapidocr pipeline whose ONNX sessions use one thread each; one per worker thread.
    `graphs` ("det", "rec" → path) replaces the shipped graphs (ocr_graphs: the same outputs, faster)."""

    def __init__(self, graphs: dict[str, Path] | None = None) -> None:
        # imported here: onnxruntime and rapidocr cost a file without pictures 0.1 CPU s (issue 16)
        from rapidocr_onnxruntime import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        paths = {f"{role}_model_path": str(path) for role, path in (graphs or {}).items()}
        try:
            self.rapid = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, **paths)
        except (OSError, RuntimeError, ValueError) as e:
            raise OcrUnavailableError(f"文字识别模型无法加载（{type(e).__name__}）") from e
        self.rapid.text_det.limit_type = "max"
        self.rapid.text_rec.rec_image_shape = [3, REC_HEIGHT, REC_MIN_WIDTH]
        self.rapid.text_rec.rec_batch_num = REC_BATCH

    def read(self, bgr: np.ndarray, *, use_cls: bool, det_side: int | None = None) -> tuple[list[Line], int]:
        """(lines, number of lines the classifier flipped); boxes in `bgr`'s pixels. A picture smaller
        than DET_MIN_SIDE is enlarged first (at most MAX_ENLARGE times): small text is found then."""
        h, w = bgr.shape[:2]
        scale = min(MAX_ENLARGE, DET_MIN_SIDE / max(h, w)) if max(h, w) < DET_MIN_SIDE else 1.0
        if scale > 1.0:
            bgr = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        lines, flipped = self._read(bgr, use_cls=use_cls, det_side=det_side)
        if scale > 1.0:
            lines = [(t, (b[0] / scale, b[1] / scale, b[2] / scale, b[3] / scale), sc) for t, b, sc in lines]
        return lines, flipped

    def _detect(self, bgr: np.ndarray, side: int) -> np.ndarray | None:
        """Text boxes found on `bgr` reduced to at most `side` pixels long, in `bgr`'s pixels.
        rapidocr's own "max" limit ignores `limit_side_len` (it picks 960/1500/2000 from the image
        size), so the reduction is done here."""
        h, w = bgr.shape[:2]
        f = side / max(h, w)
        if f >= 1.0:
            boxes, _ = self.rapid.text_det(bgr)
            return boxes
        small = cv2.resize(bgr, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        boxes, _ = self.rapid.text_det(small)
        if boxes is None or len(boxes) == 0:
            return boxes
        return np.asarray(boxes, dtype=np.float32) / f

    def _read(self, bgr: np.ndarray, *, use_cls: bool, det_side: int | None) -> tuple[list[Line], int]:
        h, w = bgr.shape[:2]
        pad = 0
        if w / max(h, 1) > WIDE_RATIO or h < 30:
            pad = max(int(w / WIDE_RATIO), 30) - h // 2
            bgr = cv2.copyMakeBorder(bgr, pad, pad, 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))
        boxes = self._detect(bgr, det_side or DET_MAX_SIDE)
        if boxes is None or len(boxes) == 0:
            return [], 0
        boxes = self.rapid.sorted_boxes(boxes)
        crops = self.rapid.get_crop_img_list(bgr, boxes)
        flipped = 0
        if use_cls:
            crops, cls_res, _ = self.rapid.text_cls(crops)
            flipped = sum(
                1 for label, score in cls_res if "180" in str(label) and score > self.rapid.text_cls.cls_thresh
            )
        rec, _ = self.rapid.text_rec(crops)
        lines: list[Line] = []
        for box, res in zip(boxes, rec, strict=True):
            text, score = str(res[0]).strip(), float(res[1])
            if not text or score < MIN_SCORE:
                continue
            xs = [float(p[0]) for p in box]
            ys = [max(0.0, min(float(p[1]) - pad, float(h))) for p in box]
            lines.append((text, (min(xs), min(ys), max(xs), max(ys)), score))
        return lines, flipped


def use_graphs(graphs: dict[str, Path]) -> None:
    """The graphs this thread's engine is to load (ocr_graphs.ensure); called before its first use
    (ingest.pictures passes it as its pool's thread initializer)."""
    _local.graphs = graphs


def engine() -> Engine:
    """This thread's OCR engine (built on first use)."""
    eng: Engine | None = getattr(_local, "engine", None)
    if eng is None:
        eng = Engine(getattr(_local, "graphs", None))
        _local.engine = eng
    return eng


def available() -> bool:
    try:
        engine()
    except OcrUnavailableError:
        return False
    return True


def open_image(image_bytes: bytes) -> tuple[Image.Image | None, Skip | None]:
    """Bytes → a PIL image checked for size (not yet decoded), or (None, why not)."""
    if not image_bytes:
        return None, Skip("undecodable", "图片为空")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(image_bytes))
            fmt = (im.format or "").upper()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        return None, Skip("undecodable", f"无法解码的图片格式（{type(e).__name__}）")
    except (OSError, ValueError, SyntaxError) as e:
        return None, Skip("undecodable", f"图片已损坏或格式不受支持（{type(e).__name__}）")
    if fmt in VECTOR_FORMATS:
        return None, Skip("undecodable", f"矢量图片（{fmt}）无法识别文字")
    w, h = im.size
    if w * h > MAX_PIXELS:
        return None, Skip("too_large", f"图片过大（{w}×{h} 像素），未做文字识别")
    if min(w, h) < MIN_SIDE_PX or w * h < MIN_AREA_PX:
        return None, Skip("small", f"图片过小（{w}×{h} 像素），不含可识别文字")
    return im, None


def to_bgr(im: Image.Image, max_side: int = WORK_MAX_SIDE) -> tuple[np.ndarray | None, Skip | None]:
    """Decode an opened picture to a BGR uint8 array (transparent parts on white), at most
    `max_side` pixels long (JPEG decoded at reduced size)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if getattr(im, "n_frames", 1) > 1:
                im.seek(0)
            im.draft("RGB", (max_side, max_side))
            rgb: Image.Image
            if im.mode in ("RGBA", "LA", "P", "PA"):
                rgba = im.convert("RGBA")
                bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                rgb = Image.alpha_composite(bg, rgba).convert("RGB")
            else:
                rgb = im.convert("RGB")
            if max(rgb.size) > max_side:
                rgb.thumbnail((max_side, max_side))
            arr = np.asarray(rgb)[:, :, ::-1]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        return None, Skip("undecodable", f"无法解码的图片格式（{type(e).__name__}）")
    except (OSError, ValueError, SyntaxError) as e:
        return None, Skip("undecodable", f"图片已损坏或格式不受支持（{type(e).__name__}）")
    return np.ascontiguousarray(arr), None


def decode_image(image_bytes: bytes) -> tuple[np.ndarray | None, Skip | None]:
    """Bytes → BGR uint8 array, or (None, why not)."""
    im, skip = open_image(image_bytes)
    if im is None:
        return None, skip
    return to_bgr(im)


def ocr_array(
    bgr: np.ndarray,
    *,
    handle_rotation: bool = True,
    use_cls: bool = True,
    angle: int | None = None,
    det_side: int | None = None,
) -> OcrResult:
    """OCR a decoded BGR image; lines in reading order, boxes in the given image's pixels.

    `angle` (0, 90, 270) skips the orientation test and reads the image turned by that angle: the
    orientation another picture of the same page was found to have."""
    h, w = bgr.shape[:2]
    if angle in (90, 270):
        return _read_turned(bgr, 1 if angle == 90 else 3, det_side)
    lines, flipped = engine().read(bgr, use_cls=use_cls, det_side=det_side)
    best = OcrResult(lines=_reading_order(lines), width=w, height=h, flipped=flipped)
    if angle is None and handle_rotation and _looks_sideways(best.lines):
        upright = _read_turned(bgr, 1, det_side)
        # rapidocr turns tall crops itself, so the unrotated pass may read the words well but in
        # the wrong order: an upright reading that is about as good wins
        if _quality(upright.lines) >= 0.9 * _quality(best.lines):
            best = upright
    return best


def _read_turned(bgr: np.ndarray, k: int, det_side: int | None) -> OcrResult:
    """Read the image turned by k × 90° counter-clockwise. With the classifier on, a turn the wrong
    way shows as most lines flipped: the picture is then upright at the opposite turn."""
    h, w = bgr.shape[:2]
    rotated = np.ascontiguousarray(np.rot90(bgr, k))
    lines, flipped = engine().read(rotated, use_cls=True, det_side=det_side)
    rh, rw = rotated.shape[:2]
    if lines and flipped * 2 > len(lines):
        # upright is the other way round: same crops turned 180° (their text the classifier fixed)
        lines = [(t, (rw - b[2], rh - b[3], rw - b[0], rh - b[1]), s) for t, b, s in lines]
        k = 4 - k
    # reading order is taken in the upright frame, then boxes are mapped back
    ordered = [(t, _unrotate_box(b, k, w, h), s) for t, b, s in _reading_order(lines)]
    return OcrResult(lines=ordered, angle=90 if k == 1 else 270, width=w, height=h, flipped=flipped)


def ocr_image_result(image_bytes: bytes, *, handle_rotation: bool = True) -> OcrResult:
    """OCR one picture given as file bytes (PNG, JPEG, BMP, GIF, TIFF, WebP...)."""
    arr, skip = decode_image(image_bytes)
    if arr is None:
        return OcrResult(skipped=skip.reason if skip else "图片无法解码")
    return ocr_array(arr, handle_rotation=handle_rotation)


def ocr_image(image_bytes: bytes) -> list[Line]:
    """(text, (x0, y0, x1, y1), score) lines in reading order; [] when the picture holds no readable
    text or cannot be decoded (use `ocr_image_result` to learn why)."""
    return ocr_image_result(image_bytes).lines


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
