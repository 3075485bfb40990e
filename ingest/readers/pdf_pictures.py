"""The OCR stage of the PDF reader: scanned pages and the pictures of text pages, read in one pass.

A scanned page (little text of its own, pictures covering most of it, or mostly unmapped glyphs) is
rendered whole and its OCR'd lines become `image_text` blocks. It is rendered at the resolution of
the scan itself (the pixels per point of its largest picture), kept between SCAN_MIN_SIDE_PX and
SCAN_MAX_SIDE_PX on the long side; a page drawn without pictures is rendered at SCAN_DEFAULT_SIDE_PX.
The detector works on the render reduced to SCAN_DET_SIDE pixels; the recogniser reads crops of the full render.

On other pages every picture of at least pdf_objects.MIN_PICTURE_SHARE of the page (and meaningful
in size) is read from its own pixels at their native resolution (not a render of the page, so text
drawn over it is not read twice); a picture with TEXT_LAYER_CHARS or more characters of the text layer on it is skipped (an
OCR'd scan with an invisible text layer already has its text). Its result is one block at the
picture's place. The jobs of one page run in one worker, so the page's orientation is decided once.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from functools import partial

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import FigureKind, UnreadPicture
from ..options import ReadOptions
from ..pictures import PictureContent, PictureJob, meaningful, picture_content, read_pictures
from ..pictures.cache import picture_key
from ..pictures.classify import vocabulary
from . import ocr
from .pdf_objects import BBox, PdfPicture, raw_objects
from .scan_figures import FIGURE_SCALE, figure_regions

SCAN_MIN_SIDE_PX = 1200
SCAN_MAX_SIDE_PX = 1800
SCAN_DEFAULT_SIDE_PX = 1600
# A scanned page's text is found on the render reduced to this long side (the recogniser still reads
# crops of the full render): on mineru/small_ocr.pdf the same lines as at 1600 px for 2/3 of the
# detector's CPU (bench/ingest_ocr.py).
SCAN_DET_SIDE = 1024
TEXT_LAYER_CHARS = 20
# what a region cut from a scanned page must be classed as to be read as a figure (scan_figures.py)
SCAN_FIGURE_KINDS = frozenset(
    {
        FigureKind.pareto,
        FigureKind.bar,
        FigureKind.line,
        FigureKind.histogram,
        FigureKind.control_chart,
        FigureKind.scatter,
        FigureKind.pie,
    }
)


@dataclass
class PagePlan:
    """What to read on one page."""

    number: int
    width: float
    height: float
    whole: bool  # a scanned page: render and OCR it whole
    pictures: list[PdfPicture] = field(default_factory=list)  # pictures to read one by one


@dataclass(frozen=True)
class ScanFigure:
    """A chart cut from a scanned page's pixels: its region (points), what the picture readers made of it, the
    character-weighted mean of its lines' recogniser scores."""

    bbox: BBox
    content: PictureContent
    score: float


@dataclass
class PageRead:
    lines: list[ocr.Line] = field(default_factory=list)  # whole-page OCR, boxes in points
    pictures: list[tuple[PdfPicture, PictureContent]] = field(default_factory=list)
    unread: list[UnreadPicture] = field(default_factory=list)
    figures: list[ScanFigure] = field(default_factory=list)  # charts cut from a scanned page (scan_figures.py)
    n_pictures: int = 0
    failed: str | None = None  # why a scanned page could not be read (Chinese)

    @property
    def ocr(self) -> bool:
        return bool(self.lines) or any(c.text for _, c in self.pictures)


def scan_scale(plan: PagePlan) -> float:
    """Points → pixels for rendering a scanned page at its own resolution."""
    side = max(plan.width, plan.height, 1.0)
    native = max((p.scale for p in plan.pictures), default=0.0)
    target = native if native > 0 else SCAN_DEFAULT_SIDE_PX / side
    return max(SCAN_MIN_SIDE_PX / side, min(target, SCAN_MAX_SIDE_PX / side))


def read_pages(
    pdf: pdfium.PdfDocument, doc_id: str, plans: list[PagePlan], options: ReadOptions
) -> dict[int, PageRead]:
    """OCR every planned page and picture; results by page number."""
    jobs: list[PictureJob] = []
    owners: list[tuple[PagePlan, PdfPicture | None, float]] = []
    for plan in plans:
        if plan.whole:
            scale = scan_scale(plan)
            key = picture_key(doc_id, "page", str(plan.number), f"{scale:.3f}")
            load = partial(_render, pdf, plan.number, scale)
            jobs.append(PictureJob(key, plan.number, load, group=plan.number, det_side=SCAN_DET_SIDE))
            owners.append((plan, None, scale))
            continue
        for pic in plan.pictures:
            if meaningful(pic.bbox):
                jobs.append(
                    PictureJob(
                        pic.key, plan.number, partial(_picture_pixels, pdf, plan.number, pic), pic.bbox, plan.number
                    )
                )
                owners.append((plan, pic, 1.0))
    out: dict[int, PageRead] = {plan.number: PageRead() for plan in plans}
    regions: list[PictureJob] = []
    for (plan, picture, scale), read in zip(owners, read_pictures(jobs, options), strict=True):
        page = out[plan.number]
        if picture is None:
            _whole_page(page, read.lines, scale, read.unread)
            if read.features is not None and page.lines:
                regions += _region_jobs(pdf, doc_id, plan.number, figure_regions(read.features, page.lines, scale))
            continue
        if read.status in ("small", "blank"):
            continue
        page.n_pictures += 1
        if read.unread is not None:
            page.unread.append(read.unread)
            continue
        content = picture_content(read)
        if content is not None:
            page.pictures.append((picture, content))
    _scan_figures(out, regions, options)
    return out


def _region_jobs(pdf: pdfium.PdfDocument, doc_id: str, number: int, boxes: list[BBox]) -> list[PictureJob]:
    return [
        PictureJob(
            picture_key(doc_id, "figure", str(number), ",".join(f"{v:.1f}" for v in box), f"{FIGURE_SCALE:.2f}"),
            number,
            partial(_render_box, pdf, number, box, FIGURE_SCALE),
            box,
            number,
        )
        for box in boxes
    ]


def _scan_figures(out: dict[int, PageRead], jobs: list[PictureJob], options: ReadOptions) -> None:
    """Read the regions cut from scanned pages; keep those the picture readers class as charts."""
    if not jobs:
        return
    for job, read in zip(jobs, read_pictures(jobs, options), strict=True):
        content = picture_content(read)
        if content is None or job.bbox is None or not _named_chart(content):
            continue
        chars = sum(len(t) for t, _, _ in read.lines) or 1
        score = sum(len(t) * s for t, _, s in read.lines) / chars
        out[job.page].figures.append(ScanFigure(job.bbox, content, score))


def _named_chart(content: PictureContent) -> bool:
    """A chart whose own title names its kind ("…排列图"): on a scan's noise the marks alone (bars, dots) are
    no sure reading of what a drawing is."""
    fig = content.figure
    words = [str(w).lower() for w in vocabulary()["titles"].get(fig.kind.value, [])]
    return fig.kind in SCAN_FIGURE_KINDS and fig.title is not None and any(w in fig.title.lower() for w in words)


def _render_box(
    pdf: pdfium.PdfDocument, number: int, box: BBox, scale: float
) -> tuple[np.ndarray | None, ocr.Skip | None]:
    """A region of a page (points) rendered at `scale` pixels per point."""
    arr, skip = _render(pdf, number, scale)
    if arr is None:
        return None, skip
    h, w = arr.shape[:2]
    x0, y0 = max(0, int(box[0] * scale)), max(0, int(box[1] * scale))
    x1, y1 = min(w, int(box[2] * scale)), min(h, int(box[3] * scale))
    return np.ascontiguousarray(arr[y0:y1, x0:x1]), None


def _whole_page(page: PageRead, lines: list[ocr.Line], scale: float, unread: UnreadPicture | None) -> None:
    if unread is not None:
        page.failed = unread.reason
        return
    page.lines = [(t, (b[0] / scale, b[1] / scale, b[2] / scale, b[3] / scale), s) for t, b, s in lines]


def _render(pdf: pdfium.PdfDocument, number: int, scale: float) -> tuple[np.ndarray | None, ocr.Skip | None]:
    try:
        bitmap = pdf[number - 1].render(scale=scale)
    except pdfium.PdfiumError as e:
        return None, ocr.Skip("undecodable", f"页面无法渲染（{e}）")
    return _bgr(bitmap.to_numpy()), None


def _picture_pixels(pdf: pdfium.PdfDocument, number: int, pic: PdfPicture) -> tuple[np.ndarray | None, ocr.Skip | None]:
    """The picture's own pixels at its native resolution; a huge one is rendered from the page.

    PDFium's rendered bitmap applies the image's matrix and soft mask but comes at the size the
    picture takes on the page (72 dpi: too coarse to read); the stored bitmap has the native pixels
    but no mask. The stored one is used unless the picture is turned or flipped on the page, or its
    mask hides most of it (the stored pixels then come out much darker than the rendered ones)."""
    if max(pic.px) > ocr.WORK_MAX_SIDE or min(pic.px) <= 0:
        return _render_region(pdf, number, pic.bbox)
    page = pdf[number - 1]
    objects = raw_objects(page)
    if pic.index >= len(objects):
        return None, ocr.Skip("undecodable", "图片对象无法读取")
    obj = objects[pic.index][0]
    rendered_raw = pdfium_c.FPDFImageObj_GetRenderedBitmap(pdf.raw, page.raw, obj)
    stored_raw = pdfium_c.FPDFImageObj_GetBitmap(obj)
    if not rendered_raw and not stored_raw:
        return _render_region(pdf, number, pic.bbox)
    rendered = _bgr(pdfium.PdfBitmap.from_raw(rendered_raw).to_numpy(), on_white=True) if rendered_raw else None
    stored = _bgr(pdfium.PdfBitmap.from_raw(stored_raw).to_numpy()) if stored_raw else None
    if stored is None or _turned(obj):
        return rendered, None
    if rendered is not None and float(stored.mean()) < float(rendered.mean()) - 60:
        h, w = stored.shape[:2]
        return np.ascontiguousarray(cv2.resize(rendered, (w, h), interpolation=cv2.INTER_CUBIC)), None
    return stored, None


def _turned(obj: object) -> bool:
    """The image matrix rotates or mirrors the picture."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return False
    return abs(m.b) > 1e-3 or abs(m.c) > 1e-3 or m.a < 0 or m.d < 0


def _render_region(pdf: pdfium.PdfDocument, number: int, box: BBox) -> tuple[np.ndarray | None, ocr.Skip | None]:
    scale = min(4.0, max(1.0, 2400 / max(box[2] - box[0], box[3] - box[1], 1.0)))
    arr, skip = _render(pdf, number, scale)
    if arr is None:
        return None, skip
    x0, y0, x1, y1 = (int(v * scale) for v in box)
    return np.ascontiguousarray(arr[y0:y1, x0:x1]), None


def _bgr(arr: np.ndarray, *, on_white: bool = False) -> np.ndarray:
    """PDFium's BGR(A/x) or grey pixels → BGR; transparent parts on white when asked."""
    if arr.ndim == 2:
        return np.ascontiguousarray(np.stack([arr] * 3, axis=-1))
    if arr.shape[2] == 4 and on_white:
        alpha = arr[:, :, 3:4].astype(np.float32) / 255.0
        if float(alpha.min()) < 1.0:
            blended = arr[:, :, :3].astype(np.float32) * alpha + 255.0 * (1.0 - alpha)
            return np.ascontiguousarray(blended.astype(np.uint8))
    return np.ascontiguousarray(arr[:, :, :3])
