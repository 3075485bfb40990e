"""A PDF page's drawn objects, read with PDFium: pictures, rule-like strokes and rectangles.

Coordinates are top-left display coordinates (after /Rotate) in points, like the characters of
pdf.py. Form XObjects are looked into (three levels). Each picture keeps its position in that walk
(`index`), so its pixels can be fetched later without holding the page open, its native pixel size
(for rendering a scanned page at its own resolution) and a hash of its encoded data (the OCR cache
key: the same picture in another document is not read again).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..pictures.cache import picture_key

BBox = tuple[float, float, float, float]
MIN_PICTURE_SHARE = 0.01  # smaller pictures (icons, logos, bullets) are never OCR'd
MAX_RECTS = 2000


def to_display(rotation: int, w: float, h: float) -> Callable[[float, float, float, float], BBox]:
    """Map a box in PDF user space (x0, y0, x1, y1; origin bottom-left of the unrotated w × h page)
    to top-left coordinates of the page as displayed (after /Rotate)."""

    def rot(x0: float, y0: float, x1: float, y1: float) -> BBox:
        if rotation == 90:
            a, b, c, d = y0, x0, y1, x1
        elif rotation == 180:
            a, b, c, d = w - x1, y0, w - x0, y1
        elif rotation == 270:
            a, b, c, d = h - y1, w - x1, h - y0, w - x0
        else:
            a, b, c, d = x0, h - y1, x1, h - y0
        return min(a, c), min(b, d), max(a, c), max(b, d)

    return rot


def display_for(page: pdfium.PdfPage) -> tuple[Callable[[float, float, float, float], BBox], float, float]:
    mb = page.get_mediabox()
    return to_display(page.get_rotation() % 360, mb[2] - mb[0], mb[3] - mb[1]), mb[0], mb[1]


@dataclass(frozen=True)
class PdfPicture:
    index: int  # position among raw_objects(page)
    bbox: BBox
    px: tuple[int, int]  # native pixel size
    key: str  # hash of the encoded image data

    @property
    def scale(self) -> float:
        """Native pixels per point on the page."""
        w = self.bbox[2] - self.bbox[0]
        return self.px[0] / w if w > 0 else 0.0


@dataclass
class PageObjects:
    image_cover: float = 0.0  # share of the page covered by pictures
    rule_segments: int = 0  # straight rule-like path pieces
    pictures: list[PdfPicture] = field(default_factory=list)  # at least MIN_PICTURE_SHARE of the page
    rects: list[BBox] = field(default_factory=list)  # painted rectangles (drawn table cells)


def raw_objects(page: pdfium.PdfPage, limit: int = 20000) -> list[tuple[object, int]]:
    """(raw handle, type) of the page's image and path objects, looking into form XObjects."""
    out: list[tuple[object, int]] = []
    wanted = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)

    def visit(count: int, get: Callable[[int], object], depth: int) -> None:
        for i in range(count):
            if len(out) >= limit:
                return
            obj = get(i)
            if not obj:
                continue
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind in wanted:
                out.append((obj, kind))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:

                def child(j: int, form: object = obj) -> object:
                    return pdfium_c.FPDFFormObj_GetObject(form, j)

                visit(pdfium_c.FPDFFormObj_CountObjects(obj), child, depth + 1)

    raw = page.raw
    visit(pdfium_c.FPDFPage_CountObjects(raw), lambda i: pdfium_c.FPDFPage_GetObject(raw, i), 0)
    return out


def page_objects(page: pdfium.PdfPage, width: float, height: float) -> PageObjects:
    """Pictures, rule-like strokes and rectangles of one page."""
    area = max(width * height, 1.0)
    out = PageObjects()
    covered = 0.0
    display, ox, oy = display_for(page)
    left, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t))
    for index, (obj, kind) in enumerate(raw_objects(page)):
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            continue
        x0, y0, x1, y1 = left.value, b.value, r.value, t.value
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            a, bb, c, d = display(x0 - ox, y0 - oy, x1 - ox, y1 - oy)
            a, bb, c, d = max(a, 0.0), max(bb, 0.0), min(c, width), min(d, height)
            if c <= a or d <= bb:
                continue
            covered += (c - a) * (d - bb)
            if (c - a) * (d - bb) >= MIN_PICTURE_SHARE * area:
                out.pictures.append(PdfPicture(index, (a, bb, c, d), _px_size(obj), _data_key(obj)))
        else:
            _path(out, obj, display(x0 - ox, y0 - oy, x1 - ox, y1 - oy))
    out.image_cover = min(1.0, covered / area)
    return out


def _path(out: PageObjects, obj: object, box: BBox) -> None:
    bw, bh = box[2] - box[0], box[3] - box[1]
    if (bw < 3 and bh > 8) or (bh < 3 and bw > 8):
        out.rule_segments += 1
    elif bw > 8 and bh > 8:
        segs = pdfium_c.FPDFPath_CountSegments(obj)
        out.rule_segments += 2 if segs <= 6 else max(0, segs // 3)
        if segs <= 6 and len(out.rects) < MAX_RECTS:
            out.rects.append(box)


def _px_size(obj: object) -> tuple[int, int]:
    w, h = ctypes.c_uint(), ctypes.c_uint()
    if pdfium_c.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(w), ctypes.byref(h)):
        return int(w.value), int(h.value)
    return 0, 0


def _data_key(obj: object) -> str:
    n = pdfium_c.FPDFImageObj_GetImageDataRaw(obj, None, 0)
    buf = (ctypes.c_ubyte * max(int(n), 1))()
    pdfium_c.FPDFImageObj_GetImageDataRaw(obj, buf, n)
    return picture_key(b"pdf-image", bytes(buf))
