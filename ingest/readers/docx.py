"""DOCX reader: the body XML walked in document order, nothing a reviewer sees left out.

What python-docx's API misses and this walker reads (measured in spec/ingestion-pitfalls.md):
block and inline content controls (w:sdt), tracked insertions (w:ins; deletions skipped, including a
w:del nested in a w:ins), smartTag/customXml/fldSimple/hyperlink runs, text boxes (w:txbxContent; of
an mc:AlternateContent only one branch is read, so nothing is doubled), merged table cells without
repeats (docx_tables), nested tables, SmartArt (word/diagrams/data*.xml) and charts
(word/charts/*.xml, including chartEx Pareto charts), automatic numbering labels (docx_numbering).

Provenance: SourceRef.page is the 1-based index of the body paragraph (a table counts as one). Text
boxes, charts and SmartArt carry the index of the paragraph that anchors them and part="textbox",
"chart" or "smartart". Headers and footers become furniture blocks (part="header"/"footer"), each
distinct part once, which is what "linked to previous" means: a section without its own reference
shows the previous section's part.

Headings: a paragraph style named Heading N / 标题 N (also localised style ids such as "2" whose
name is "heading 1"), an outline level (w:outlineLvl in the paragraph or its style chain), or a short,
bold paragraph that starts with a section number (一、 （一） 1. 1.1 第一步 …; see docx_inline).

Pictures: every meaningful picture (at least MIN_PICTURE_EMU on the page) in the body, in text boxes
and in table cells is read by ingest.pictures (OCR, figure class, table screenshots as tables) and
becomes one block right after the paragraph (or table) that anchors it, `source.part == "ocr"`.
Pictures in headers and footers are decoration. Pictures left unread (time budget, undecodable) are
listed in the coverage.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import partial

from lxml import etree

from ..errors import CorruptError, EmptyError
from ..model import (
    Block,
    BlockKind,
    Chart,
    Coverage,
    Document,
    Issue,
    PageCoverage,
    SourceRef,
    UnreadPicture,
    doc_id_for,
)
from ..options import ReadOptions
from ..safety import check_zip
from .docx_drawing import parse_chart, parse_chartex, smartart_lines
from .docx_inline import DrawingRef, InlineReader, Paragraph
from .docx_numbering import Numbering
from .docx_package import Package, W, on_off
from .docx_tables import CellContent, build_table

MIN_PICTURE_EMU = (720_000, 360_000)  # 2 cm × 1 cm: smaller pictures are icons, bullets, logos
EMU_PER_POINT = 12700.0
_BLOCK_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"}
_BLOCK_SKIP = {W + "del", W + "moveFrom", W + "sectPr", W + "bookmarkStart", W + "bookmarkEnd"}
MAX_TEXTBOX_DEPTH = 3


@dataclass
class _Picture:
    after_block: int  # index in blocks after which the OCR text goes
    page: int
    target: str
    size_pt: tuple[float, float] | None  # displayed size


class _Walker:
    def __init__(self, pkg: Package, options: ReadOptions) -> None:
        self.pkg = pkg
        self.options = options
        self.styles = pkg.styles()
        num_part = pkg.related("numbering")
        self.numbering = Numbering.parse(pkg.xml(num_part) if num_part else None)
        self.inline = InlineReader(self.styles, self.numbering)
        self.blocks: list[Block] = []
        self.issues: list[Issue] = []
        self.pictures: list[_Picture] = []
        self.cell_pictures: list[_Picture] = []  # pictures in the cells of the table being read
        self.unread: list[UnreadPicture] = []
        self.para_index = 0
        self._charts_seen: set[str] = set()

    # ---- block level -------------------------------------------------------------------------
    def walk(self, container: etree._Element, part: str | None, rel_part: str, depth: int = 0) -> None:
        for el in container:
            tag = el.tag
            if tag == W + "p":
                page = self._next_page(part)
                self._paragraph(el, page, part, rel_part, depth)
            elif tag == W + "tbl":
                page = self._next_page(part)
                self._table(el, page, part, rel_part, depth)
            elif tag in _BLOCK_WRAPPERS:
                self.walk(el, part, rel_part, depth)
            elif tag in _BLOCK_SKIP or not isinstance(tag, str):
                continue
            elif tag.endswith("}AlternateContent"):
                branch = self.inline.branch(el)
                if branch is not None:
                    self.walk(branch, part, rel_part, depth)

    def _next_page(self, part: str | None) -> int:
        if part is None:  # only body-level paragraphs and tables are numbered
            self.para_index += 1
        return max(self.para_index, 1)

    def _paragraph(self, p: etree._Element, page: int, part: str | None, rel_part: str, depth: int) -> None:
        para = self.inline.read(p)
        text = para.text.strip()
        if text:
            kind, level = self._kind(para, part)
            self._emit(kind, text, page, part, level=level)
        self._objects(para, page, part, rel_part, depth)

    def _kind(self, para: Paragraph, part: str | None) -> tuple[BlockKind, int | None]:
        if part in ("header", "footer"):
            return BlockKind.furniture, None
        if para.is_title:
            return BlockKind.title, None
        if para.heading_level is not None:
            return BlockKind.heading, para.heading_level
        if para.is_list:
            return BlockKind.list_item, para.list_level
        return BlockKind.paragraph, None

    def _objects(self, para: Paragraph, page: int, part: str | None, rel_part: str, depth: int) -> None:
        for box in para.textboxes:
            if depth < MAX_TEXTBOX_DEPTH:
                self.walk(box, part or "textbox", rel_part, depth + 1)
        for ref in para.drawings:
            self._drawing(ref, page, part, rel_part)

    def _drawing(self, ref: DrawingRef, page: int, part: str | None, rel_part: str) -> None:
        rel = self.pkg.rels_of(rel_part).get(ref.rid)
        if rel is None or rel.external:
            return
        furniture = part in ("header", "footer")
        if ref.kind in ("chart", "chartex"):
            root = self.pkg.xml(rel.target)
            chart = None
            if root is not None:
                chart = parse_chart(root) if ref.kind == "chart" else parse_chartex(root)
            if chart is None:
                return
            text = chart.to_text() or chart.title or ""
            kind = BlockKind.furniture if furniture else BlockKind.chart
            self._emit(kind, text, page, part or "chart", chart=chart)
        elif ref.kind == "diagram":
            root = self.pkg.xml(rel.target)
            lines = smartart_lines(root) if root is not None else []
            if lines:
                kind = BlockKind.furniture if furniture else BlockKind.paragraph
                self._emit(kind, "\n".join(lines), page, part or "smartart")
        elif ref.kind == "image" and not furniture:
            self._add_picture(self.pictures, ref, rel.target, page)

    def _add_picture(self, into: list[_Picture], ref: DrawingRef, target: str, page: int) -> None:
        if ref.extent is not None and (ref.extent[0] < MIN_PICTURE_EMU[0] or ref.extent[1] < MIN_PICTURE_EMU[1]):
            return  # an icon, a bullet, a signature stroke
        size = (ref.extent[0] / EMU_PER_POINT, ref.extent[1] / EMU_PER_POINT) if ref.extent else None
        into.append(_Picture(len(self.blocks), page, target, size))

    def _table(self, tbl: etree._Element, page: int, part: str | None, rel_part: str, depth: int) -> None:
        def read_cell(tc: etree._Element) -> CellContent:
            return self._cell(tc, rel_part, depth)

        outer = self.cell_pictures
        self.cell_pictures = []
        table = build_table(tbl, read_cell)
        text = table.to_text()
        if text:
            kind = BlockKind.furniture if part in ("header", "footer") else BlockKind.table
            self._emit(kind, text, page, part, table=table)
        if part not in ("header", "footer"):
            # pictures in the cells are read after the table, where a reader sees them
            self.pictures.extend(_Picture(len(self.blocks), page, p.target, p.size_pt) for p in self.cell_pictures)
        self.cell_pictures = outer

    def _cell(self, tc: etree._Element, rel_part: str, depth: int) -> CellContent:
        lines: list[str] = []
        nested = []
        for el in _flatten_blocks(tc):
            if el.tag == W + "p":
                para = self.inline.read(el)
                if para.text.strip():
                    lines.append(para.text.strip())
                lines.extend(self._inline_object_lines(para, rel_part, depth))
            elif el.tag == W + "tbl" and depth < 8:
                inner = build_table(el, lambda t: self._cell(t, rel_part, depth + 1))
                nested.append(inner)
                if inner.to_text():
                    lines.append(inner.to_text())
        return CellContent(text="\n".join(lines), nested=nested)

    def _inline_object_lines(self, para: Paragraph, rel_part: str, depth: int) -> list[str]:
        """Text boxes, SmartArt and charts inside a table cell become lines of the cell's text."""
        out: list[str] = []
        for box in para.textboxes:
            if depth < MAX_TEXTBOX_DEPTH:
                out.extend(c.text for c in [self._cell(box, rel_part, depth + 1)] if c.text)
        for ref in para.drawings:
            rel = self.pkg.rels_of(rel_part).get(ref.rid)
            if rel is None or rel.external:
                continue
            if ref.kind == "image":
                self._add_picture(self.cell_pictures, ref, rel.target, 0)
                continue
            root = self.pkg.xml(rel.target)
            if root is None:
                continue
            if ref.kind == "diagram":
                out.extend(smartart_lines(root))
            else:
                chart: Chart | None = parse_chart(root) if ref.kind == "chart" else parse_chartex(root)
                if chart is not None and chart.to_text():
                    out.append(chart.to_text())
        return out

    def _emit(self, kind: BlockKind, text: str, page: int, part: str | None, **extra: object) -> None:
        n = len(self.blocks)
        self.blocks.append(
            Block(
                id=f"p{page}-b{n}",
                kind=kind,
                text=text,
                source=SourceRef(page=page, order=n, part=part),
                **extra,  # type: ignore[arg-type]
            )
        )

    # ---- headers and footers -----------------------------------------------------------------
    def furniture(self, body: etree._Element) -> None:
        seen: set[str] = set()
        even_odd = self.pkg.even_and_odd_headers()
        sections = list(body.iter(W + "sectPr"))
        for sect in sections:
            title_pg = on_off(sect.find(W + "titlePg")) or False
            for ref_tag, part in ((W + "headerReference", "header"), (W + "footerReference", "footer")):
                for ref in sect.findall(ref_tag):
                    htype = ref.get(W + "type", "default")
                    if (htype == "first" and not title_pg) or (htype == "even" and not even_odd):
                        continue  # defined but never shown
                    rel = self.pkg.rels_of(self.pkg.main).get(ref.get(f"{{{_R_NS}}}id", ""))
                    if rel is None or rel.target in seen:
                        continue
                    seen.add(rel.target)
                    root = self.pkg.xml(rel.target)
                    if root is not None:
                        self.walk(root, part, rel.target)

    # ---- pictures → OCR ----------------------------------------------------------------------
    def read_pictures(self) -> list[int]:
        """Read every picture (ingest.pictures) into a block after its anchor; the pages read."""
        if not self.pictures:
            return []
        # imported here: the picture stage (OpenCV, the OCR engine's module) costs a document without
        # pictures ≈ 0.1 CPU s of its start-up (issue 16)
        from ..pictures import PictureJob, picture_content, read_pictures
        from ..pictures.cache import picture_key
        from . import ocr as ocr_mod

        jobs: list[PictureJob] = []
        chosen: list[_Picture] = []
        for pic in self.pictures:
            data = self.pkg.read(pic.target)
            if data is None:
                continue
            bbox = (0.0, 0.0, *pic.size_pt) if pic.size_pt else None
            chosen.append(pic)
            jobs.append(
                PictureJob(key=picture_key(data), page=pic.page, load=partial(ocr_mod.decode_image, data), bbox=bbox)
            )
        inserts: list[tuple[int, Block]] = []
        pages: list[int] = []
        for pic, read in zip(chosen, read_pictures(jobs, self.options), strict=True):
            if read.unread is not None:
                self.unread.append(read.unread.model_copy(update={"bbox": None}))
                continue
            content = picture_content(read)
            if content is None:
                continue
            src = SourceRef(page=pic.page, order=pic.after_block, part="ocr")
            block = Block(
                id="", kind=content.kind, text=content.text, table=content.table, figure=content.figure, source=src
            )
            inserts.append((pic.after_block, block))
            pages.append(pic.page)
        for pos, block in sorted(inserts, key=lambda x: x[0], reverse=True):
            self.blocks.insert(pos, block)
        if inserts:
            self.blocks = [b.model_copy(update={"id": f"p{b.source.page}-b{i}"}) for i, b in enumerate(self.blocks)]
        if any(b.text for _, b in inserts):
            n = sum(1 for _, b in inserts if b.text)
            self.issues.append(
                Issue(code="ingest.ocr_used", severity="info", message=f"{n} 张图片中的文字经 OCR 识别，可能有识别错误")
            )
        return pages


_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _flatten_blocks(container: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for el in container:
        if el.tag in (W + "p", W + "tbl"):
            out.append(el)
        elif el.tag in _BLOCK_WRAPPERS:
            out.extend(_flatten_blocks(el))
    return out


def read(data: bytes, filename: str, options: ReadOptions) -> Document:
    check_zip(data, filename, options)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise CorruptError(filename, f"压缩包结构损坏（{type(e).__name__}）") from e
    with zf:
        pkg = Package(zf, filename)
        root = pkg.xml(pkg.main)
        if root is None:
            raise CorruptError(filename, "Word 正文部件为空")
        body = root.find(W + "body")
        if body is None:
            raise CorruptError(filename, "Word 正文部件缺少 w:body 元素")
        walker = _Walker(pkg, options)
        walker.walk(body, None, pkg.main)
        n_paragraphs = walker.para_index
        walker.furniture(body)
        picture_pages = walker.read_pictures()
        core_title = pkg.core_title()
    blocks = walker.blocks
    if not any(b.text.strip() for b in blocks):
        raise EmptyError(filename, "文档中没有文字（也没有可识别的图片文字）")
    return Document(
        doc_id=doc_id_for(data),
        filename=filename,
        format="docx",
        title=_title(blocks, core_title),
        pages=n_paragraphs,
        blocks=blocks,
        issues=walker.issues,
        coverage=_coverage(blocks, picture_pages, walker.unread),
        meta={k: v for k, v in {"core_title": core_title or ""}.items() if v},
    )


# "一、" "（一）" "1." "第一步" …: a numbered section heading names a part of the report, not the report.
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[、.．\s]|第[一二三四五六七八九十\d]+[步章节部分])"
)


def _title(blocks: list[Block], core_title: str | None) -> str | None:
    """The document's title: a Title-styled paragraph, else the core-properties title, else the first
    top-level heading that is not a numbered section heading, else the first line of text."""
    for b in blocks:
        if b.kind == BlockKind.title and b.source.part is None:
            return b.text.split("\n", 1)[0][:200]
    if core_title:
        return core_title[:200]
    for b in blocks:
        if (
            b.kind == BlockKind.heading
            and b.level == 1
            and b.source.part is None
            and not _NUMBERED_HEADING.match(b.text)
        ):
            return b.text.split("\n", 1)[0][:200]
    for b in blocks:
        if b.kind in (BlockKind.paragraph, BlockKind.heading) and b.source.part is None:
            return b.text.split("\n", 1)[0][:200]
    return None


def _coverage(blocks: list[Block], picture_pages: list[int], unread: list[UnreadPicture]) -> Coverage:
    chars: dict[int, int] = {}
    for b in blocks:
        chars[b.source.page] = chars.get(b.source.page, 0) + len(b.text)
    read = Counter(picture_pages)
    missed = Counter(u.page for u in unread)
    ocr = {b.source.page for b in blocks if b.source.part == "ocr" and b.text}
    pages = [
        PageCoverage(page=p, chars=n, ocr=p in ocr, pictures=read[p] + missed[p], pictures_read=read[p])
        for p, n in sorted(chars.items())
    ]
    return Coverage(
        pages=pages, unreadable=[f"第 {u.page} 段附近的图片：{u.reason}" for u in unread], unread_pictures=unread
    )
