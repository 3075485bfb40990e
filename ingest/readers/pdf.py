"""PDF reader: text per page in reading order, ruled and borderless tables, OCR of scanned pages.

Text comes from PDFium (pypdfium2, already installed with pdfplumber): it decodes the GBK-encoded,
non-embedded Chinese fonts of government-style documents and CID fonts that pdfminer returns as
Latin-1 mojibake or "(cid:N)" (pdfjs/XiaoBiaoSong.pdf, tika/testPDF_bad_page_303226.pdf), and it is
20-70 times faster than pdfminer on the realdocs set. pdfminer never parses a page: ruled tables
come from PDFium's path objects fed to pdfplumber's grid algorithm (pdf_tables).

Per page: characters → fake-bold dedupe → lines → reading order → paragraphs and headings
(pdf_layout); glyphs without a Unicode mapping are counted and reported as `ingest.cid_glyphs`;
repeated header/footer lines and page numbers become furniture. A page with (almost) no text layer
but pictures, or whose text is mostly unmapped glyphs, is rendered and OCR'd (rapidocr; 90/270
rotation handled in ocr.py). Coverage records characters, text layer and OCR per page.

Encrypted files are opened with the empty user password when that works (an owner password only
restricts printing/copying); otherwise `ingest.encrypted`. Pages beyond options.max_pages are not
read (reported as an Issue and in coverage.unreadable).
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import CorruptError, EmptyError, EncryptedError
from ..model import Block, BlockKind, Coverage, Document, Issue, PageCoverage, PageLimit, SourceRef, Table, doc_id_for
from ..options import ReadOptions
from . import ocr as ocr_mod
from .docx_inline import numbered_heading_level
from .pdf_layout import Char, Line, Para, build_lines, dedupe, paragraphs, reading_order
from .pdf_tables import FoundTable, borderless_tables, rule_edges, ruled_tables

OCR_TARGET_SIDE_PX = 1600  # render scanned pages so the long side is about this (~140 dpi on A4)
IMAGE_COVER_FOR_OCR = 0.5  # pictures covering this share of a near-empty page: OCR the whole page (a scan)
MIN_PICTURE_SHARE = 0.01  # smaller pictures (icons, logos, bullets) are never OCR'd
MIN_RULE_SEGMENTS = 6  # straight path pieces before we ask pdfplumber for a ruled table
FURNITURE_BAND = 0.08  # top/bottom share of the page where headers/footers live
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:第\s*)?[\divxlcIVXLC]{1,5}(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d+\s*页?)?[-–—\s]*$")

logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[FoundTable] = field(default_factory=list)
    borderless: list[tuple[list[Line], Table]] = field(default_factory=list)
    real_chars: int = 0
    unmapped: int = 0
    deduped: int = 0
    image_cover: float = 0.0
    rule_segments: int = 0
    images: list[tuple[float, float, float, float]] = field(default_factory=list)  # top-left coords


def _open(data: bytes, filename: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=None)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise EncryptedError(filename, "PDF 设置了打开密码") from e
        if "format" in msg or "file" in msg or "security" in msg or "data" in msg:
            raise CorruptError(filename, "PDF 文件结构损坏，无法打开") from e
        raise CorruptError(filename, f"PDF 无法打开（{e}）") from e


def _to_display(rotation: int, w: float, h: float) -> Callable[[float, float, float, float], tuple[float, float, float, float]]:
    """Map a box in PDF user space (x0, y0, x1, y1; origin bottom-left of the unrotated w × h page)
    to top-left coordinates of the page as displayed (after /Rotate)."""

    def rot(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
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


def _display_for(page: pdfium.PdfPage) -> tuple[Callable[[float, float, float, float], tuple[float, float, float, float]], float, float]:
    mb = page.get_mediabox()
    return _to_display(page.get_rotation() % 360, mb[2] - mb[0], mb[3] - mb[1]), mb[0], mb[1]


def _chars(textpage: pdfium.PdfTextPage, page: pdfium.PdfPage) -> tuple[list[Char], int]:
    """All characters of a page with boxes in top-left display coordinates; count of unmapped
    glyphs."""
    display, ox, oy = _display_for(page)
    upright = page.get_rotation() % 360 == 0
    mb = page.get_mediabox()
    top_y = mb[3]
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_unicode, is_generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    map_error, loose_box = pdfium_c.FPDFText_HasUnicodeMapError, pdfium_c.FPDFText_GetLooseCharBox
    font_size, font_weight = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetFontWeight
    out: list[Char] = []
    unmapped = 0
    space = False
    for i in range(max(0, n)):
        code = get_unicode(tp, i)
        if code == 32 or is_generated(tp, i):
            if code in (10, 13):
                out.append(Char("\n", 0.0, 0.0, 0.0, 0.0, 0.0, True, False, i))
            elif code == 32:
                space = True  # remembered on the next glyph; geometry decides the rest
            continue
        if map_error(tp, i) == 1 or code in (0, 0xFFFD):
            unmapped += 1
            continue
        if 0xE000 <= code <= 0xF8FF or 0xD800 <= code <= 0xDFFF:
            unmapped += 1  # private-use glyphs (icon fonts) and stray surrogates carry no text
            continue
        if code == 2:
            code = 0x2D  # PDFium marks a hyphen that breaks a word at the line end with STX
        if code < 32 or 0x7F <= code <= 0x9F or code in (0xFEFF, 0x200B):  # C0/C1 controls: symbol-font debris
            if code in (10, 13):
                out.append(Char("\n", 0.0, 0.0, 0.0, 0.0, 0.0, True, False, i))
            continue
        ch = chr(code)
        # the loose box spans the font's ascent..descent: all glyphs of a line share it, so
        # punctuation and small glyphs cluster into the right row; rotated pages turned upright
        loose_box(tp, i, rect_ref)
        if upright:
            x0, x1, y0, y1 = rect.left - ox, rect.right - ox, top_y - rect.top, top_y - rect.bottom
            if y1 < y0:
                y0, y1 = y1, y0
        else:
            x0, y0, x1, y1 = display(rect.left - ox, rect.bottom - oy, rect.right - ox, rect.top - oy)
        size = float(font_size(tp, i))
        if size < 2.0 or size > 3 * max(y1 - y0, 1.0):
            size = 0.85 * (y1 - y0)
        if x1 <= x0:
            x1 = x0 + max(size * 0.5, 1.0)
        if y1 <= y0:
            y0, y1 = y1 - max(size, 1.0), y1
        weight = font_weight(tp, i)
        out.append(Char(ch, x0, y0, x1, y1, size, False, weight >= 600, i, space))
        space = False
    return out, unmapped


def _raw_objects(page: pdfium.PdfPage, limit: int = 20000) -> list[tuple[object, int]]:
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


def _objects(page: pdfium.PdfPage, width: float, height: float) -> tuple[float, int, list[tuple[float, float, float, float]]]:
    """(share of the page covered by pictures, number of straight rule-like path pieces, picture
    boxes in top-left coordinates)."""
    area = max(width * height, 1.0)
    covered = 0.0
    rules = 0
    images: list[tuple[float, float, float, float]] = []
    display, ox, oy = _display_for(page)
    left, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t))
    for obj, kind in _raw_objects(page):
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
                images.append((a, bb, c, d))
        else:
            bw, bh = x1 - x0, y1 - y0
            if (bw < 3 and bh > 8) or (bh < 3 and bw > 8):
                rules += 1
            elif bw > 8 and bh > 8:
                segs = pdfium_c.FPDFPath_CountSegments(obj)
                rules += 2 if segs <= 6 else max(0, segs // 3)
    return min(1.0, covered / area), rules, images


def _read_page(pdf: pdfium.PdfDocument, number: int) -> _Page:
    page = pdf[number - 1]
    width, height = (float(v) for v in page.get_size())
    info = _Page(number=number, width=width, height=height)
    textpage = page.get_textpage()
    chars, info.unmapped = _chars(textpage, page)
    chars, info.deduped = dedupe(chars)
    info.real_chars = sum(1 for c in chars if not c.generated and not c.ch.isspace())
    info.image_cover, info.rule_segments, info.images = _objects(page, width, height)
    if info.real_chars and info.rule_segments >= MIN_RULE_SEGMENTS:
        display, ox, oy = _display_for(page)
        info.tables = ruled_tables(
            rule_edges(page, lambda x, y: display(x - ox, y - oy, x - ox, y - oy)[:2]),
            [c for c in chars if not c.generated],
        )
    if info.tables:
        chars = [c for c in chars if c.generated or not _inside_any(c, info.tables)]
    lines = build_lines(chars)
    info.borderless = borderless_tables(lines)
    if info.borderless:
        in_tables = {id(ln) for group, _ in info.borderless for ln in group}
        lines = [ln for ln in lines if id(ln) not in in_tables]
    info.lines = reading_order(lines, width)
    return info


def _inside_any(c: Char, tables: list[FoundTable]) -> bool:
    cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
    return any(t.bbox[0] <= cx <= t.bbox[2] and t.bbox[1] <= cy <= t.bbox[3] for t in tables)


def _furniture_keys(pages: list[_Page]) -> set[str]:
    """Lines in the top/bottom band that recur (digits ignored) on at least half of 3+ pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for p in pages:
        keys = {_fkey(ln.text) for ln in p.lines if _in_band(ln, p)}
        counts.update(k for k in keys if k)
    return {k for k, n in counts.items() if n >= max(2, len(pages) // 2)}


def _fkey(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))[:80]


def _in_band(ln: Line, p: _Page) -> bool:
    return ln.bottom <= FURNITURE_BAND * p.height or ln.top >= (1 - FURNITURE_BAND) * p.height


def _ocr_page(
    pdf: pdfium.PdfDocument, number: int, width: float, height: float, regions: list[tuple[float, float, float, float]] | None
) -> list[ocr_mod.Line]:
    """Render the page and OCR it whole (regions=None) or only the given picture boxes (points,
    top-left); returned boxes are in page points."""
    page = pdf[number - 1]
    scale = max(1.0, min(4.0, OCR_TARGET_SIDE_PX / max(width, height, 1.0)))
    arr = page.render(scale=scale).to_numpy()
    if arr.ndim == 3 and arr.shape[2] == 4:
        arr = arr[:, :, :3]
    if arr.ndim == 2:
        arr = np.stack([arr] * 3, axis=-1)
    boxes = regions if regions is not None else [(0.0, 0.0, width, height)]
    out: list[ocr_mod.Line] = []
    for x0, y0, x1, y1 in boxes:
        px0, py0 = int(x0 * scale), int(y0 * scale)
        crop = arr[py0 : int(y1 * scale), px0 : int(x1 * scale)]
        if crop.shape[0] < ocr_mod.MIN_SIDE_PX or crop.shape[1] < ocr_mod.MIN_SIDE_PX:
            continue
        result = ocr_mod.ocr_array(np.ascontiguousarray(crop))  # PDFium renders BGR(x)
        for text, (bx0, by0, bx1, by1), score in result.lines:
            out.append((text, ((bx0 + px0) / scale, (by0 + py0) / scale, (bx1 + px0) / scale, (by1 + py0) / scale), score))
    return out


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.per_page: Counter[int] = Counter()

    def add(self, kind: BlockKind, text: str, page: int, bbox: tuple[float, float, float, float] | None, **kw: object) -> None:
        order = self.per_page[page]  # reading order within the page
        self.per_page[page] += 1
        self.blocks.append(
            Block(
                id=f"p{page}-b{len(self.blocks)}",
                kind=kind,
                text=text,
                source=SourceRef(page=page, order=order, bbox=_round_bbox(bbox), part=kw.pop("part", None)),  # type: ignore[arg-type]
                **kw,  # type: ignore[arg-type]
            )
        )


def _round_bbox(b: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
    return None if b is None else (round(b[0], 1), round(b[1], 1), round(b[2], 1), round(b[3], 1))


def _heading_sizes(pages: list[_Page]) -> tuple[float, list[float]]:
    """Body font size (the most common, weighted by characters) and larger sizes, largest first."""
    weight: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            weight[round(ln.size, 1)] += len(ln.text)
    if not weight:
        return 0.0, []
    body = weight.most_common(1)[0][0]
    bigger = sorted({s for s in weight if s >= 1.15 * body}, reverse=True)[:4]
    return body, bigger


def _classify(para: Para, body: float, bigger: list[float], first_page: bool, title_done: bool) -> tuple[BlockKind, int | None]:
    text = para.text
    size = round(para.size, 1)
    short = len(text) <= 60 and len(para.lines) <= 3 and not text.endswith(("。", "；", ";", "，", ","))
    if short and bigger and size in bigger:
        if first_page and not title_done and size == bigger[0] and size >= 1.4 * body:
            return BlockKind.title, None
        return BlockKind.heading, bigger.index(size) + 1
    if short and para.bold:
        level = numbered_heading_level(text)
        if level is not None:
            return BlockKind.heading, level
    return BlockKind.paragraph, None


def read(data: bytes, filename: str, options: ReadOptions) -> Document:
    pdf = _open(data, filename)
    issues: list[Issue] = []
    unreadable: list[str] = []
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise EmptyError(filename, "PDF 没有页面")
        limit = min(n_pages, options.max_pages)
        if limit < n_pages:
            rest = f"第 {n_pages} 页" if limit + 1 == n_pages else f"第 {limit + 1}–{n_pages} 页"
            msg = f"PDF 共 {n_pages} 页，超过上限 {options.max_pages} 页，只读取了第 1–{limit} 页（{rest}未读取）"
            issues.append(Issue(code="ingest.page_limit", severity="major", message=msg))
            unreadable.append(msg)
        pages: list[_Page] = []
        failed = 0
        for number in range(1, limit + 1):
            try:
                pages.append(_read_page(pdf, number))
            except pdfium.PdfiumError as e:
                failed += 1
                msg = f"第 {number} 页无法解析（{e}）"
                issues.append(Issue(code="ingest.page_error", severity="major", message=msg, source=SourceRef(page=number)))
                unreadable.append(msg)
                pages.append(_Page(number=number, width=0.0, height=0.0))
        if failed == limit:
            # pdfium counts the pages of a circular or broken page tree but cannot load one of them
            raise CorruptError(filename, f"PDF 页面树损坏：全部 {n_pages} 页都无法加载（可能存在循环引用）")
        doc = _assemble(pdf, pages, data, filename, options, issues, unreadable, n_pages)
    finally:
        pdf.close()
    if limit < n_pages:
        doc = doc.model_copy(
            update={"coverage": doc.coverage.model_copy(update={"page_limit": PageLimit(total=n_pages, read=limit)})}
        )
    return doc


def _assemble(
    pdf: pdfium.PdfDocument,
    pages: list[_Page],
    data: bytes,
    filename: str,
    options: ReadOptions,
    issues: list[Issue],
    unreadable: list[str],
    n_pages: int,
) -> Document:
    furniture = _furniture_keys(pages)
    body, bigger = _heading_sizes(pages)
    out = _Builder()
    coverage: list[PageCoverage] = []
    title_done = False
    ocr_pages: list[int] = []
    for p in pages:
        start = len(out.blocks)
        text_layer = p.real_chars > 0
        mostly_unmapped = p.unmapped > max(20, p.real_chars)
        little_text = p.real_chars < options.ocr_min_chars
        drawn = bool(p.images) or p.rule_segments > 0  # a page with no text layer but drawn content
        scanned = little_text and (p.image_cover >= IMAGE_COVER_FOR_OCR or (p.real_chars == 0 and drawn))
        pictures = little_text and not scanned and bool(p.images)
        if p.unmapped:
            sev = "major" if mostly_unmapped else "minor"
            issues.append(
                Issue(
                    code="ingest.cid_glyphs",
                    severity=sev,
                    message=f"第 {p.number} 页有 {p.unmapped} 个字形没有 Unicode 映射（(cid:N)），这些字符无法提取",
                    source=SourceRef(page=p.number),
                )
            )
        if p.deduped:
            issues.append(
                Issue(
                    code="ingest.duplicate_chars",
                    severity="info",
                    message=f"第 {p.number} 页去除了 {p.deduped} 个重复绘制的字符（仿粗体）",
                    source=SourceRef(page=p.number),
                )
            )
        # body lines → paragraphs, tables placed by their top edge
        body_lines = []
        for ln in p.lines:
            if (_in_band(ln, p) and (_fkey(ln.text) in furniture or _PAGE_NUMBER.match(ln.text))) or (
                _PAGE_NUMBER.match(ln.text) and ln.top >= 0.85 * p.height
            ):
                part = "header" if ln.top < p.height / 2 else "footer"
                out.add(BlockKind.furniture, ln.text, p.number, (ln.x0, ln.top, ln.x1, ln.bottom), part=part)
            else:
                body_lines.append(ln)
        items: list[tuple[float, int, object]] = []
        for i, para in enumerate(paragraphs(body_lines)):
            items.append((para.bbox[1], i, para))
        for j, t in enumerate(p.tables):
            items.append((t.bbox[1], 10_000 + j, t))
        for j, (group, table) in enumerate(p.borderless):
            items.append((min(ln.top for ln in group), 20_000 + j, (group, table)))
        # paragraphs keep their reading order; each table goes before the first paragraph below it
        paras = [it for it in items if isinstance(it[2], Para)]
        tables = sorted((it for it in items if not isinstance(it[2], Para)), key=lambda it: it[0])
        merged: list[object] = []
        ti = 0
        for top, _, item in paras:
            while ti < len(tables) and tables[ti][0] <= top:
                merged.append(tables[ti][2])
                ti += 1
            merged.append(item)
        merged.extend(it[2] for it in tables[ti:])
        for item in merged:
            if isinstance(item, Para):
                kind, level = _classify(item, body, bigger, p.number == 1, title_done)
                title_done = title_done or kind == BlockKind.title
                out.add(kind, item.text, p.number, item.bbox, level=level)
            elif isinstance(item, FoundTable):
                out.add(BlockKind.table, item.table.to_text(), p.number, item.bbox, table=item.table)
            else:
                group, table = item  # type: ignore[misc]
                bbox = (min(ln.x0 for ln in group), min(ln.top for ln in group), max(ln.x1 for ln in group), max(ln.bottom for ln in group))
                out.add(BlockKind.table, table.to_text(), p.number, bbox, table=table, part="borderless")
        did_ocr = False
        if options.ocr and p.width and (scanned or mostly_unmapped or pictures):
            try:
                lines = _ocr_page(pdf, p.number, p.width, p.height, p.images if pictures else None)
            except (pdfium.PdfiumError, ocr_mod.OcrUnavailableError) as e:
                msg = f"第 {p.number} 页是扫描页，但无法进行文字识别（{e}）"
                issues.append(Issue(code="ingest.ocr_failed", severity="major", message=msg, source=SourceRef(page=p.number)))
                unreadable.append(msg)
            else:
                did_ocr = True
                ocr_pages.append(p.number)
                for text, box, _score in lines:
                    out.add(BlockKind.image_text, text, p.number, box, part="ocr")
                if not lines and not pictures:
                    unreadable.append(f"第 {p.number} 页没有文字层，OCR 也未识别出文字")
        elif scanned or pictures:
            unreadable.append(f"第 {p.number} 页是扫描页，未做文字识别（OCR 已关闭）")
        chars = sum(len(b.text) for b in out.blocks[start:])
        coverage.append(PageCoverage(page=p.number, chars=chars, has_text_layer=text_layer, ocr=did_ocr))
    if ocr_pages:
        issues.append(
            Issue(
                code="ingest.ocr_used",
                severity="info",
                message=f"第 {_ranges(ocr_pages)} 页没有文字层，文字经 OCR 识别，可能有识别错误",
            )
        )
    if not any(b.text.strip() for b in out.blocks):
        raise EmptyError(filename, "PDF 中没有可提取的文字（也未能识别出扫描页文字）")
    meta = _metadata(pdf)
    title = meta.get("title") or None
    for b in out.blocks:
        if b.kind in (BlockKind.title, BlockKind.heading) and title is None:
            title = b.text[:200]
            break
    if title is None:
        title = next((b.text[:200] for b in out.blocks if b.kind != BlockKind.furniture), None)
    return Document(
        doc_id=doc_id_for(data),
        filename=filename,
        format="pdf",
        title=title,
        pages=len(pages),
        blocks=out.blocks,
        issues=issues,
        coverage=Coverage(pages=coverage, unreadable=unreadable),
        meta={k: v for k, v in {**meta, "page_count": str(n_pages)}.items() if v},
    )


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    try:
        raw = pdf.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, AttributeError):
        return {}
    out = {}
    for key in ("Title", "Producer", "Creator", "Author"):
        v = str(raw.get(key, "")).strip()
        if v and not v.lower().startswith(("microsoft word - ", "untitled", "(anonymous)", "anonymous")):
            out[key.lower()] = v[:200]
    return out


def _ranges(pages: list[int]) -> str:
    if len(pages) <= 6:
        return "、".join(str(p) for p in pages)
    return f"{pages[0]}–{pages[-1]}（共 {len(pages)} 页）"

