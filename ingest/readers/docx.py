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

Pictures are OCR'd when they likely carry the only copy of something a reviewer reads: when the
document has little text for its pictures (under OCR_SPARSE_CHARS_PER_PICTURE body characters per
picture: a scan saved as Word), or when the picture sits in its own paragraph right after or before a
short lead-in/caption that announces a table or chart (表, 图, 如下, 排列图, 鱼骨图, 对策…) — the
usual way a pasted screenshot of a 对策表 or 排列图 appears in a 实施记录. Pictures in table cells are
not OCR'd. At most MAX_OCR_PICTURES pictures per document are read; the rest are reported.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..errors import CorruptError, EmptyError
from ..model import Block, BlockKind, Chart, Coverage, Document, Issue, PageCoverage, SourceRef, doc_id_for
from ..options import ReadOptions
from ..safety import check_zip
from . import ocr as ocr_mod
from .docx_drawing import parse_chart, parse_chartex, smartart_lines
from .docx_inline import DrawingRef, InlineReader, Paragraph
from .docx_numbering import Numbering
from .docx_package import Package, W, on_off
from .docx_tables import CellContent, build_table

OCR_SPARSE_CHARS_PER_PICTURE = 100
MAX_OCR_PICTURES = 40
MIN_PICTURE_EMU = (720_000, 360_000)  # 2 cm × 1 cm: smaller pictures are icons, bullets, logos
_ANNOUNCES_FIGURE = re.compile(
    r"(表|图|如下|见下|下图|下表|统计|排列|柱状|饼|折线|鱼骨|因果|关联|系统图|树图|矩阵|对策|甘特|控制图|直方|调查|流程|分布)"
)
_BLOCK_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"}
_BLOCK_SKIP = {W + "del", W + "moveFrom", W + "sectPr", W + "bookmarkStart", W + "bookmarkEnd"}
MAX_TEXTBOX_DEPTH = 3


@dataclass
class _Picture:
    after_block: int  # index in blocks after which the OCR text goes
    page: int
    target: str
    alone: bool  # the paragraph holding it has no text of its own


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
        self.n_pictures = 0
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
        self._objects(para, page, part, rel_part, depth, alone=not text)

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

    def _objects(self, para: Paragraph, page: int, part: str | None, rel_part: str, depth: int, *, alone: bool) -> None:
        for box in para.textboxes:
            if depth < MAX_TEXTBOX_DEPTH:
                self.walk(box, part or "textbox", rel_part, depth + 1)
        for ref in para.drawings:
            self._drawing(ref, page, part, rel_part, alone=alone)

    def _drawing(self, ref: DrawingRef, page: int, part: str | None, rel_part: str, *, alone: bool) -> None:
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
            self.n_pictures += 1
            big = ref.extent is None or (ref.extent[0] >= MIN_PICTURE_EMU[0] and ref.extent[1] >= MIN_PICTURE_EMU[1])
            if big and part in (None, "textbox"):
                self.pictures.append(_Picture(len(self.blocks), page, rel.target, alone))

    def _table(self, tbl: etree._Element, page: int, part: str | None, rel_part: str, depth: int) -> None:
        def read_cell(tc: etree._Element) -> CellContent:
            return self._cell(tc, rel_part, depth)

        table = build_table(tbl, read_cell)
        text = table.to_text()
        if not text:
            return
        kind = BlockKind.furniture if part in ("header", "footer") else BlockKind.table
        self._emit(kind, text, page, part, table=table)

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
            if rel is None or rel.external or ref.kind == "image":
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
    def ocr_pictures(self) -> list[int]:
        """OCR the pictures chosen by the rule in the module docstring; returns the pages OCR'd."""
        if not self.options.ocr or not self.pictures:
            return []
        body_chars = sum(len(b.text) for b in self.blocks if b.kind != BlockKind.furniture)
        sparse = body_chars < OCR_SPARSE_CHARS_PER_PICTURE * max(1, self.n_pictures)
        chosen = [pic for pic in self.pictures if sparse or (pic.alone and self._announced(pic))]
        if len(chosen) > MAX_OCR_PICTURES:
            self.issues.append(
                Issue(
                    code="ingest.ocr_limit",
                    severity="minor",
                    message=f"文档中有 {len(chosen)} 张可能含文字的图片，只识别了前 {MAX_OCR_PICTURES} 张",
                )
            )
            chosen = chosen[:MAX_OCR_PICTURES]
        inserts: list[tuple[int, Block]] = []
        pages: list[int] = []
        for pic in chosen:
            data = self.pkg.read(pic.target)
            if data is None:
                continue
            result = ocr_mod.ocr_image_result(data)
            src = SourceRef(page=pic.page, order=pic.after_block, part="ocr")
            if result.skipped:
                self.issues.append(
                    Issue(code="ingest.ocr_skipped", severity="info", message=f"图片未识别：{result.skipped}", source=src)
                )
                continue
            text = result.text.strip()
            if len(text) < 2:
                continue
            inserts.append((pic.after_block, Block(id="", kind=BlockKind.image_text, text=text, source=src)))
            pages.append(pic.page)
        for pos, block in sorted(inserts, key=lambda x: x[0], reverse=True):
            self.blocks.insert(pos, block)
        if inserts:
            self.blocks = [b.model_copy(update={"id": f"p{b.source.page}-b{i}"}) for i, b in enumerate(self.blocks)]
            self.issues.append(
                Issue(
                    code="ingest.ocr_used",
                    severity="info",
                    message=f"{len(inserts)} 张图片中的文字经 OCR 识别，可能有识别错误",
                )
            )
        return pages

    def _announced(self, pic: _Picture) -> bool:
        """The nearest body text before or after the picture is a short lead-in or caption that
        names a table or chart."""
        before = next((b for b in reversed(self.blocks[: pic.after_block]) if b.kind != BlockKind.furniture), None)
        after = next((b for b in self.blocks[pic.after_block :] if b.kind != BlockKind.furniture), None)
        for b in (before, after):
            if b is not None and b.kind not in (BlockKind.table, BlockKind.chart) and len(b.text) <= 80:
                if _ANNOUNCES_FIGURE.search(b.text):
                    return True
        return False


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
        ocr_pages = walker.ocr_pictures()
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
        coverage=_coverage(blocks, set(ocr_pages)),
        meta={k: v for k, v in {"core_title": core_title or ""}.items() if v},
    )


# "一、" "（一）" "1." "第一步" …: a numbered section heading names a part of the report, not the report.
_NUMBERED_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[、.．\s]|第[一二三四五六七八九十\d]+[步章节部分])")


def _title(blocks: list[Block], core_title: str | None) -> str | None:
    """The document's title: a Title-styled paragraph, else the core-properties title, else the first
    top-level heading that is not a numbered section heading, else the first line of text."""
    for b in blocks:
        if b.kind == BlockKind.title and b.source.part is None:
            return b.text.split("\n", 1)[0][:200]
    if core_title:
        return core_title[:200]
    for b in blocks:
        if b.kind == BlockKind.heading and b.level == 1 and b.source.part is None and not _NUMBERED_HEADING.match(b.text):
            return b.text.split("\n", 1)[0][:200]
    for b in blocks:
        if b.kind in (BlockKind.paragraph, BlockKind.heading) and b.source.part is None:
            return b.text.split("\n", 1)[0][:200]
    return None


def _coverage(blocks: list[Block], ocr_pages: set[int]) -> Coverage:
    chars: dict[int, int] = {}
    for b in blocks:
        chars[b.source.page] = chars.get(b.source.page, 0) + len(b.text)
    return Coverage(
        pages=[PageCoverage(page=p, chars=n, ocr=p in ocr_pages) for p, n in sorted(chars.items())],
    )

