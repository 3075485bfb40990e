"""PDF reader: text per page in reading order, ruled and borderless tables, OCR of scanned pages.

Text comes from PDFium (pypdfium2, already installed with pdfplumber): it decodes the GBK-encoded,
non-embedded Chinese fonts of government-style documents and CID fonts that pdfminer returns as
Latin-1 mojibake or "(cid:N)" (pdfjs/XiaoBiaoSong.pdf, tika/testPDF_bad_page_303226.pdf), and it is
20-70 times faster than pdfminer on the realdocs set. pdfminer never parses a page: ruled tables
come from PDFium's path objects fed to pdfplumber's grid algorithm (pdf_tables).

Per page: characters → fake-bold dedupe → lines → reading order → paragraphs and headings
(pdf_layout); glyphs without a Unicode mapping are counted and reported as `ingest.cid_glyphs`;
repeated header/footer lines become furniture after their first page (where they are body text, as a
reader sees them once), page numbers always. A page with (almost) no text layer but pictures, or
whose text is mostly unmapped glyphs, is rendered and OCR'd whole; on other pages every meaningful
picture is read, classified and placed in reading order (pdf_pictures, ingest.pictures). Painted
rectangles laid out as a grid without ruling lines are tables too (drawn_tables). Coverage records
characters, text layer, OCR and pictures per page.

Encrypted files are opened with the empty user password when that works (an owner password only
restricts printing/copying); otherwise `ingest.encrypted`. Pages beyond options.max_pages are not
read (reported as an Issue and in coverage.unreadable).
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import CorruptError, EmptyError, EncryptedError
from ..model import (
    Block,
    BlockKind,
    Coverage,
    Document,
    Issue,
    PageCoverage,
    PageLimit,
    SourceRef,
    Table,
    UnreadPicture,
    doc_id_for,
)
from ..options import ReadOptions
from ..pictures import PictureContent
from . import ocr
from .docx_inline import numbered_heading_level
from .drawn_tables import Box, DrawnTable, find_tables
from .grid import centre_in
from .pdf_layout import Char, Line, Para, build_lines, dedupe, paragraphs, reading_order
from .pdf_objects import BBox, PageObjects, PdfPicture, display_for, page_objects
from .pdf_pictures import TEXT_LAYER_CHARS, PagePlan, PageRead, ScanFigure, read_pages
from .pdf_stream import stream_tables
from .pdf_tables import FoundTable, borderless_tables, cell_text, rule_edges, ruled_tables
from .scan_figures import inside as in_region
from .scan_tables import OPENS_PAGE, ScanTable, split_tables

IMAGE_COVER_FOR_OCR = 0.5  # pictures covering this share of a near-empty page: OCR the whole page (a scan)
SCAN_PICTURE_SHARE = 0.75  # … when one of them covers this share of the page
SCAN_STRIPS = 3  # … or when they are more than this many (a scan stored as strips)
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
    objects: PageObjects = field(default_factory=PageObjects)
    pictures: list[PdfPicture] = field(default_factory=list)  # pictures without a text layer on them
    drawn: list[DrawnTable] = field(default_factory=list)  # tables of painted rectangles without rules


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


def _chars(textpage: pdfium.PdfTextPage, page: pdfium.PdfPage) -> tuple[list[Char], int]:
    """All characters of a page with boxes in top-left display coordinates; count of unmapped
    glyphs."""
    display, ox, oy = display_for(page)
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


def _read_page(pdf: pdfium.PdfDocument, number: int, follows: tuple[float, ...] = ()) -> _Page:
    """Characters → tables (ruled, drawn from rectangles, borderless) → lines in reading order; `follows`:
    the column rules of a table that ended the page before (a one-row grid opening this page continues it)."""
    page = pdf[number - 1]
    width, height = (float(v) for v in page.get_size())
    info = _Page(number=number, width=width, height=height)
    chars, info.unmapped = _chars(page.get_textpage(), page)
    chars, info.deduped = dedupe(chars)
    info.real_chars = sum(1 for c in chars if not c.generated and not c.ch.isspace())
    info.objects = page_objects(page, width, height)
    real = [c for c in chars if not c.generated]
    info.pictures = [pic for pic in info.objects.pictures if _chars_inside(real, pic.bbox) < TEXT_LAYER_CHARS]
    if info.real_chars and info.objects.rule_segments >= MIN_RULE_SEGMENTS:
        display, ox, oy = display_for(page)
        info.tables = ruled_tables(
            rule_edges(page, lambda x, y: display(x - ox, y - oy, x - ox, y - oy)[:2]), real, follows
        )
        info.tables = [t for t in info.tables if t.table.n_rows > 1 or _opens_page(t.bbox, real, height)]
    if info.tables:
        chars = [c for c in chars if c.generated or not _inside_any(c, [t.bbox for t in info.tables])]
    if info.real_chars and info.objects.rects:
        info.drawn = _drawn_tables(info.objects.rects, [t.bbox for t in info.tables], chars)
        chars = [c for c in chars if c.generated or not _inside_any(c, [t.bbox for t in info.drawn])]
    lines = build_lines(chars)
    info.borderless = stream_tables(lines)
    consumed = {id(ln) for group, _ in info.borderless for ln in group}
    info.borderless += borderless_tables([ln for ln in lines if id(ln) not in consumed])
    if info.borderless:
        in_tables = {id(ln) for group, _ in info.borderless for ln in group}
        lines = [ln for ln in lines if id(ln) not in in_tables]
    info.lines = reading_order(lines, width)
    return info


def _opens_page(box: BBox, chars: list[Char], height: float) -> bool:
    """No body character stands above `box` (the page's running header aside)."""
    band = FURNITURE_BAND * height
    return not any(c.bottom <= box[1] and c.bottom > band and not c.ch.isspace() for c in chars)


def _tail_columns(p: _Page) -> tuple[float, ...]:
    """The column rules of the page's last ruled table when nothing of the body follows it on the page."""
    if not p.tables:
        return ()
    last = max(p.tables, key=lambda t: t.bbox[3])
    tops = [ln.top for ln in p.lines if not _in_band(ln, p)] + [ln.top for group, _ in p.borderless for ln in group]
    tops += [t.bbox[1] for t in p.drawn] + [pic.bbox[1] for pic in p.pictures]
    return () if any(top >= last.bbox[3] for top in tops) else last.columns


def _chars_inside(chars: list[Char], box: BBox) -> int:
    return sum(1 for c in chars if centre_in(box, (c.x0, c.top, c.x1, c.bottom)))


def _drawn_tables(rects: list[BBox], ruled: list[BBox], chars: list[Char]) -> list[DrawnTable]:
    """Painted rectangles holding text laid out as a grid, outside the ruled tables."""
    free = [r for r in rects if not any(centre_in(t, r) for t in ruled)]
    boxes = [
        Box(r, cell_text([c for c in chars if not c.generated and centre_in(r, (c.x0, c.top, c.x1, c.bottom))]))
        for r in free
    ]
    return [t for t in find_tables(boxes) if any(b.text for b in (boxes[i] for i in t.members))]


def _inside_any(c: Char, boxes: list[BBox]) -> bool:
    return any(centre_in(b, (c.x0, c.top, c.x1, c.bottom)) for b in boxes)


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


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.per_page: Counter[int] = Counter()

    def add(
        self, kind: BlockKind, text: str, page: int, bbox: tuple[float, float, float, float] | None, **kw: object
    ) -> None:
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


def _top_of(item: ocr.Line | ScanTable | ScanFigure) -> float:
    if isinstance(item, ScanTable | ScanFigure):
        return item.bbox[1]
    return item[1][1]


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


def _classify(
    para: Para, body: float, bigger: list[float], first_page: bool, title_done: bool
) -> tuple[BlockKind, int | None]:
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
    """Stages: open → read every page's text and tables → plan and run OCR (scanned pages and
    pictures, one pass for the document) → blocks per page in reading order → Document."""
    pdf = _open(data, filename)
    try:
        doc = _Reading(pdf, data, filename, options).run()
    finally:
        pdf.close()
    return doc


class _Reading:
    """One PDF being read: pages, OCR results, the blocks built so far, issues and losses."""

    def __init__(self, pdf: pdfium.PdfDocument, data: bytes, filename: str, options: ReadOptions) -> None:
        self.pdf, self.data, self.filename, self.options = pdf, data, filename, options
        self.doc_id = doc_id_for(data)
        self.issues: list[Issue] = []
        self.unreadable: list[str] = []
        self.unread: list[UnreadPicture] = []
        # a table that ends a scanned page, and that page: a table opening the next one may continue it
        self.scan_tail: tuple[int, ScanTable] | None = None
        self.out = _Builder()
        self.coverage: list[PageCoverage] = []
        self.n_pages = 0
        self.seen_running: set[str] = set()  # running headers/footers already given once as body
        self.page_limit: PageLimit | None = None

    def run(self) -> Document:
        pages = self._pages()
        plans = {p.number: _plan(p, self.options) for p in pages}
        wanted = [plan for plan in plans.values() if plan.whole or plan.pictures]
        ocr = read_pages(self.pdf, self.doc_id, wanted, self.options)
        furniture = _furniture_keys(pages)
        sizes = _heading_sizes(pages)
        title_done = False
        for p in pages:
            start = len(self.out.blocks)
            self._page_issues(p, plans[p.number])
            title_done = self._page_blocks(p, furniture, sizes, title_done, ocr.get(p.number))
            self._page_ocr(p, plans[p.number], ocr.get(p.number))
            read = ocr.get(p.number) or PageRead()
            chars = sum(len(b.text) for b in self.out.blocks[start:])
            self.coverage.append(
                PageCoverage(
                    page=p.number,
                    chars=chars,
                    has_text_layer=p.real_chars > 0,
                    ocr=read.ocr,
                    pictures=read.n_pictures,
                    pictures_read=len(read.pictures),
                )
            )
        return self._document(pages, [n for n, r in sorted(ocr.items()) if r.ocr])

    def _pages(self) -> list[_Page]:
        self.n_pages = len(self.pdf)
        if self.n_pages == 0:
            raise EmptyError(self.filename, "PDF 没有页面")
        limit = min(self.n_pages, self.options.max_pages)
        if limit < self.n_pages:
            rest = f"第 {self.n_pages} 页" if limit + 1 == self.n_pages else f"第 {limit + 1}–{self.n_pages} 页"
            msg = f"PDF 共 {self.n_pages} 页，超过上限 {self.options.max_pages} 页，只读取了第 1–{limit} 页（{rest}未读取）"
            self.issues.append(Issue(code="ingest.page_limit", severity="major", message=msg))
            self.unreadable.append(msg)
            self.page_limit = PageLimit(total=self.n_pages, read=limit)
        pages: list[_Page] = []
        failed = 0
        for number in range(1, limit + 1):
            try:
                pages.append(_read_page(self.pdf, number, _tail_columns(pages[-1]) if pages else ()))
            except pdfium.PdfiumError as e:
                failed += 1
                msg = f"第 {number} 页无法解析（{e}）"
                self.issues.append(
                    Issue(code="ingest.page_error", severity="major", message=msg, source=SourceRef(page=number))
                )
                self.unreadable.append(msg)
                pages.append(_Page(number=number, width=0.0, height=0.0))
        if failed == limit:
            # pdfium counts the pages of a circular or broken page tree but cannot load one of them
            raise CorruptError(self.filename, f"PDF 页面树损坏：全部 {self.n_pages} 页都无法加载（可能存在循环引用）")
        return pages

    def _page_issues(self, p: _Page, plan: PagePlan) -> None:
        if p.unmapped:
            sev = "major" if _mostly_unmapped(p) else "minor"
            msg = f"第 {p.number} 页有 {p.unmapped} 个字形没有 Unicode 映射（(cid:N)），这些字符无法提取"
            self.issues.append(
                Issue(code="ingest.cid_glyphs", severity=sev, message=msg, source=SourceRef(page=p.number))
            )
        if p.deduped:
            msg = f"第 {p.number} 页去除了 {p.deduped} 个重复绘制的字符（仿粗体）"
            self.issues.append(
                Issue(code="ingest.duplicate_chars", severity="info", message=msg, source=SourceRef(page=p.number))
            )

    def _page_blocks(
        self, p: _Page, furniture: set[str], sizes: tuple[float, list[float]], title_done: bool, read: PageRead | None
    ) -> bool:
        """Furniture, then paragraphs, tables and pictures in reading order; returns title_done."""
        body_lines = []
        for ln in p.lines:
            if _is_furniture(ln, p, furniture):
                # a running header's text is body text where it first appears (a reader sees it once)
                key = _fkey(ln.text)
                first = key in furniture and key not in self.seen_running and not _PAGE_NUMBER.match(ln.text)
                self.seen_running.add(key)
                part = "header" if ln.top < p.height / 2 else "footer"
                kind = BlockKind.paragraph if first else BlockKind.furniture
                self.out.add(kind, ln.text, p.number, (ln.x0, ln.top, ln.x1, ln.bottom), part=part)
            else:
                body_lines.append(ln)
        for item in _in_reading_order(paragraphs(body_lines), p, read):
            if isinstance(item, Para):
                kind, level = _classify(item, *sizes, p.number == 1, title_done)
                title_done = title_done or kind == BlockKind.title
                self.out.add(kind, item.text, p.number, item.bbox, level=level)
            elif isinstance(item, FoundTable):
                self.out.add(BlockKind.table, item.table.to_text(), p.number, item.bbox, table=item.table)
            elif isinstance(item, DrawnTable):
                self.out.add(BlockKind.table, item.table.to_text(), p.number, item.bbox, table=item.table, part="drawn")
            elif isinstance(item, _Borderless):
                self.out.add(
                    BlockKind.table, item.table.to_text(), p.number, item.bbox, table=item.table, part="borderless"
                )
            else:
                pic, content = item
                self.out.add(
                    content.kind,
                    content.text,
                    p.number,
                    pic.bbox,
                    table=content.table,
                    figure=content.figure,
                    part="ocr",
                )
        return title_done

    def _page_ocr(self, p: _Page, plan: PagePlan, read: PageRead | None) -> None:
        """Lines of a scanned page; what could not be read."""
        if read is None:
            return
        self.unread.extend(read.unread)
        self.unreadable.extend(f"第 {p.number} 页：{u.reason}" for u in read.unread)
        if not plan.whole:
            return
        if read.failed is not None:
            if not self.options.ocr:
                self.unreadable.append(f"第 {p.number} 页是扫描页，未做文字识别（OCR 已关闭）")
            else:
                msg = f"第 {p.number} 页是扫描页，但无法进行文字识别（{read.failed}）"
                self.issues.append(
                    Issue(code="ingest.ocr_failed", severity="major", message=msg, source=SourceRef(page=p.number))
                )
                self.unreadable.append(msg)
            return
        above = self.scan_tail[1] if self.scan_tail and self.scan_tail[0] == p.number - 1 else None
        lines = [ln for ln in read.lines if not any(in_region(ln, f.bbox) for f in read.figures)]
        items: list[ocr.Line | ScanTable | ScanFigure] = list(split_tables(lines, above))
        for fig in read.figures:  # a chart cut from the page, at its place in the reading order
            at = next((k for k, it in enumerate(items) if _top_of(it) > fig.bbox[1]), len(items))
            items.insert(at, fig)
        last = next((it for it in reversed(items[-1 - OPENS_PAGE :]) if isinstance(it, ScanTable)), None)
        self.scan_tail = (p.number, last) if last is not None else None
        for item in items:
            if isinstance(item, ScanTable):
                score = round(min(1.0, item.score), 3)
                text = item.table.to_text()
                self.out.add(BlockKind.table, text, p.number, item.bbox, table=item.table, part="ocr", ocr_score=score)
                continue
            if isinstance(item, ScanFigure):
                c = item.content
                sure = round(min(1.0, item.score), 3)
                self.out.add(c.kind, c.text, p.number, item.bbox, figure=c.figure, part="ocr", ocr_score=sure)
                continue
            text, box, score = item
            self.out.add(BlockKind.image_text, text, p.number, box, part="ocr", ocr_score=round(min(1.0, score), 3))
        if not read.lines:
            self.unreadable.append(f"第 {p.number} 页没有文字层，OCR 也未识别出文字")

    def _document(self, pages: list[_Page], ocr_pages: list[int]) -> Document:
        if ocr_pages:
            msg = f"第 {_ranges(ocr_pages)} 页的文字（扫描页或图片）经 OCR 识别，可能有识别错误"
            self.issues.append(Issue(code="ingest.ocr_used", severity="info", message=msg))
        budget = [u.page for u in self.unread if u.code == "budget"]
        if budget:
            msg = f"第 {_ranges(sorted(set(budget)))} 页有 {len(budget)} 张图片超出识别时间上限，未识别，需人工复核"
            self.issues.append(Issue(code="ingest.pictures_unread", severity="major", message=msg))
        blocks = self.out.blocks
        if not any(b.text.strip() for b in blocks):
            raise EmptyError(self.filename, "PDF 中没有可提取的文字（也未能识别出扫描页文字）")
        meta = _metadata(self.pdf)
        title = meta.get("title") or next(
            (b.text[:200] for b in blocks if b.kind in (BlockKind.title, BlockKind.heading)), None
        )
        if title is None:
            title = next((b.text[:200] for b in blocks if b.kind != BlockKind.furniture and b.text), None)
        return Document(
            doc_id=self.doc_id,
            filename=self.filename,
            format="pdf",
            title=title,
            pages=len(pages),
            blocks=blocks,
            issues=self.issues,
            coverage=Coverage(
                pages=self.coverage, unreadable=self.unreadable, unread_pictures=self.unread, page_limit=self.page_limit
            ),
            meta={k: v for k, v in {**meta, "page_count": str(self.n_pages)}.items() if v},
        )


@dataclass
class _Borderless:
    lines: list[Line]
    table: Table

    @property
    def bbox(self) -> BBox:
        g = self.lines
        return (min(ln.x0 for ln in g), min(ln.top for ln in g), max(ln.x1 for ln in g), max(ln.bottom for ln in g))


def _mostly_unmapped(p: _Page) -> bool:
    return p.unmapped > max(20, p.real_chars)


def _plan(p: _Page, options: ReadOptions) -> PagePlan:
    """A scanned page is read whole; on other pages the pictures are read one by one.

    A scan: little text of its own and pictures covering most of the page, as one picture of at
    least SCAN_PICTURE_SHARE of it or as strips (more than SCAN_STRIPS pictures); or no text at all
    and only vector drawing; or mostly unmapped glyphs. A page holding one large chart and a caption
    is not a scan: its chart is read as a picture (and classified)."""
    objects = p.objects
    area = max(p.width * p.height, 1.0)
    largest = max(((b[2] - b[0]) * (b[3] - b[1]) / area for b in (pic.bbox for pic in objects.pictures)), default=0.0)
    covered = objects.image_cover >= IMAGE_COVER_FOR_OCR and (
        largest >= SCAN_PICTURE_SHARE or len(objects.pictures) > SCAN_STRIPS
    )
    vector_only = p.real_chars == 0 and not objects.pictures and objects.rule_segments > 0
    scanned = p.real_chars < options.ocr_min_chars and (covered or vector_only)
    whole = bool(p.width) and (scanned or _mostly_unmapped(p))
    return PagePlan(p.number, p.width, p.height, whole, objects.pictures if whole else p.pictures)


def _is_furniture(ln: Line, p: _Page, furniture: set[str]) -> bool:
    banded = _in_band(ln, p) and (_fkey(ln.text) in furniture or bool(_PAGE_NUMBER.match(ln.text)))
    return banded or (bool(_PAGE_NUMBER.match(ln.text)) and ln.top >= 0.85 * p.height)


PageItem = Para | FoundTable | DrawnTable | _Borderless | tuple[PdfPicture, PictureContent]


def _in_reading_order(paras: list[Para], p: _Page, read: PageRead | None) -> list[PageItem]:
    """Paragraphs keep their reading order; each table or picture goes before the first paragraph
    below its top edge."""
    others: list[tuple[float, int, PageItem]] = []
    others.extend((t.bbox[1], 0, t) for t in p.tables)
    others.extend((t.bbox[1], 1, t) for t in p.drawn)
    others.extend((b.bbox[1], 2, b) for b in (_Borderless(g, t) for g, t in p.borderless))
    if read is not None:
        others.extend((pic.bbox[1], 3, (pic, content)) for pic, content in read.pictures)
    others.sort(key=lambda it: (it[0], it[1]))
    merged: list[PageItem] = []
    i = 0
    for para in paras:
        while i < len(others) and others[i][0] <= para.bbox[1]:
            merged.append(others[i][2])
            i += 1
        merged.append(para)
    merged.extend(it[2] for it in others[i:])
    return merged


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
