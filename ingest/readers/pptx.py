"""PPTX reader: every piece of text a reviewer sees on a slide, in reading order, with its slide number
and position.

The shape tree is walked at the XML level (python-pptx's `iter_shape_elms` skips
`mc:AlternateContent`, and `shape_type` raises on unclassifiable shapes). python-pptx opens the package
and resolves slides, layouts, masters, notes and related parts; placeholder position inheritance and
table merges follow python-pptx's semantics but are read from the XML (its lazy properties cost ~10 ms
per table and per inherited placeholder). Charts, SmartArt and embedded OLE objects are read from their
parts (pptx_chart, pptx_smartart, pptx_ole). See spec/ingestion-pitfalls.md, python-pptx section.

Slide pieces: titles (placeholder or a large top text box) first, then shapes in reading order (rows
top to bottom, left to right, through nested groups with composed transforms), then text that the
layout/master places on the slide (body where it first appears, furniture after), notes kept apart,
and OCR of pictures on slides with fewer than `options.ocr_min_chars` characters of their own.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree
from pptx import Presentation
from pptx.exc import PackageNotFoundError, PythonPptxError
from pptx.shapes.shapetree import SlideShapeFactory

from ..errors import CorruptError, EmptyError, TooManySlidesError
from ..model import (
    BODY_KINDS,
    Block,
    BlockKind,
    Coverage,
    Document,
    Issue,
    PageCoverage,
    Table,
    doc_id_for,
)
from ..options import ReadOptions
from ..safety import check_zipfile, limit_error, open_zip, parse_xml
from .pptx_chart import CHART_ERRORS, read_chart, read_chartex
from .pptx_geometry import (
    IDENTITY,
    BBox,
    PlaceholderMap,
    Transform,
    emu_rect_to_bbox,
    group_transform,
    inherited_rect,
    own_rect,
    placeholder_map,
)
from .pptx_ole import read_ole
from .pptx_package import normalise_content_types, package_meta
from .pptx_pictures import SlidePictures, read_deck_pictures
from .pptx_slide import (
    Item,
    Picture,
    SlideScan,
    Unit,
    add_drawn_tables,
    blocks_for_slide,
    notes_blocks,
    promote_visual_title,
)
from .pptx_smartart import DIAGRAM_URI, data_rel_id, smartart_nodes
from .pptx_table import read_table
from .pptx_text import (
    BULLETED_TYPES,
    FURNITURE_TYPES,
    MC,
    NS,
    PROMPT_RE,
    SUBTITLE_TYPES,
    TITLE_TYPES,
    P,
    Para,
    choose_branch,
    join_lines,
    paragraphs,
)

TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
OLE_URI = "http://schemas.openxmlformats.org/presentationml/2006/ole"
R_EMBED = f"{{{NS['r']}}}embed"
BOX_GEOMETRIES = frozenset(
    {
        "rect",
        "roundRect",
        "snip1Rect",
        "snip2SameRect",
        "round1Rect",
        "round2SameRect",
        "flowChartProcess",
        "flowChartAlternateProcess",
    }
)

# Errors python-pptx raises lazily when a part it follows is missing, has the wrong content type
# (loaded as a plain Part without the expected attributes) or lacks a required element.
PART_ERRORS: tuple[type[BaseException], ...] = (KeyError, AttributeError, ValueError, TypeError, PythonPptxError)
TABLE_ERRORS: tuple[type[BaseException], ...] = (*PART_ERRORS, IndexError)
CHART_PART_ERRORS: tuple[type[BaseException], ...] = (*CHART_ERRORS, CorruptError)
SMARTART_ERRORS: tuple[type[BaseException], ...] = (*PART_ERRORS, CorruptError)

# Errors python-pptx / lxml raise on a package it cannot open: all mean "corrupt file".
OPEN_ERRORS: tuple[type[BaseException], ...] = (
    PackageNotFoundError,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    PythonPptxError,
    KeyError,
    ValueError,
    zipfile.BadZipFile,
    etree.LxmlError,
    AttributeError,
    IndexError,
)


class _Walker:
    """Walks one shape tree (slide, layout or master) into a SlideScan."""

    def __init__(
        self, *, slide_no: int, owner: object, part: str | None, template: bool, filename: str, options: ReadOptions
    ) -> None:
        self.options = options
        self.slide_bbox: BBox | None = None  # whole slide, for background pictures
        # (layout, master) placeholder maps for inheriting positions; None on layouts/masters
        self.placeholders: tuple[PlaceholderMap | None, PlaceholderMap | None] | None = None
        self.slide_no = slide_no
        self.owner = owner  # python-pptx slide/layout/master: .part, .shapes
        self.part = part
        self.template = template  # layout/master: skip placeholders and pictures
        self.filename = filename
        self.scan = SlideScan()
        self.seen: set[tuple[str, str]] = set()  # the deck's typed placeholder text seen so far

    # --- tree -----------------------------------------------------------------------------------
    def walk(self, container: etree._Element, tf: Transform) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{P}sp":
                self._shape(child, tf)
            elif tag == f"{P}grpSp":
                self.walk(child, group_transform(child, tf))
            elif tag == f"{P}graphicFrame":
                self._graphic_frame(child, tf)
            elif tag == f"{P}pic":
                if not self.template:
                    self._picture(child, tf)
            elif tag == f"{MC}AlternateContent":
                branch = choose_branch(child)
                if branch is not None:
                    self.walk(branch, tf)
            # p:cxnSp (connectors), p:contentPart (ink), nvGrpSpPr/grpSpPr: no text

    def _bbox(self, elm: etree._Element, tf: Transform) -> BBox | None:
        rect = own_rect(elm)
        if rect is None:
            return None
        return emu_rect_to_bbox(tf.apply(*rect))

    def _inherited_bbox(self, elm: etree._Element) -> BBox | None:
        """Position of a placeholder without its own xfrm, inherited from its layout/master."""
        ph = elm.find("p:nvSpPr/p:nvPr/p:ph", namespaces=NS)
        if ph is None or self.placeholders is None:
            return None
        rect = inherited_rect(ph, *self.placeholders)
        return emu_rect_to_bbox(rect) if rect is not None else None

    # --- shapes ---------------------------------------------------------------------------------
    def _shape(self, elm: etree._Element, tf: Transform) -> None:
        ph = elm.find("p:nvSpPr/p:nvPr/p:ph", namespaces=NS)
        if ph is not None and self.template:
            return  # layout/master placeholders hold prompt text or formatting, not slide content
        ph_type = (ph.get("type") or "obj") if ph is not None else None
        if not self.template and elm.find("p:spPr/a:blipFill/a:blip", namespaces=NS) is not None:
            self._picture(elm, tf)  # a shape filled with a picture (screenshots pasted as fills)
        bbox = self._bbox(elm, tf)
        if bbox is None and ph is not None:
            bbox = self._inherited_bbox(elm)
        cell = ph_type in (None, "obj", "body") and not self.template and not _rotated(elm)
        paras = paragraphs(elm.find(f"{P}txBody"))
        if not paras:
            if cell and bbox is not None and _boxed(elm):
                self.scan.empty_boxes.append(bbox)  # an empty cell of a table drawn from rectangles
            return
        unit = Unit(bbox=bbox, seq=self.scan.next_seq(), part=self.part, cell=cell, framed=_framed(elm))
        if ph_type in TITLE_TYPES:
            title = "\n".join(p.text for p in paras)
            unit.items.append(Item(BlockKind.title, title, level=1))
            unit.first = True
        elif ph_type in SUBTITLE_TYPES:
            unit.items.extend(Item(BlockKind.heading, p.text, level=2) for p in paras)
        elif ph_type in FURNITURE_TYPES:
            self._furniture(elm, ph_type, paras, unit)
        else:
            default_bullet = ph_type in BULLETED_TYPES
            for p in paras:
                if self.template and PROMPT_RE.match(p.text):
                    continue
                bulleted = p.bullet if p.bullet is not None else default_bullet
                if bulleted or p.level > 0:
                    unit.items.append(Item(BlockKind.list_item, p.text, level=p.level + 1, size=p.size))
                else:
                    unit.items.append(Item(BlockKind.paragraph, p.text, size=p.size))
        if unit.items:
            self.scan.units.append(unit)

    def _furniture(self, elm: etree._Element, ph_type: str | None, paras: list[Para], unit: Unit) -> None:
        """Date, footer and header placeholders. Text typed into them (not a date or slide-number field)
        is what the author wrote on the slide: body text where it first appears in the deck, furniture
        on the slides that repeat it. Fields and slide numbers are furniture."""
        typed = ph_type != "sldNum" and elm.find("p:txBody/a:p/a:r/a:t", namespaces=NS) is not None
        unit.part = "footer"
        for p in paras:
            key = ("placeholder", p.text)
            first = typed and key not in self.seen
            self.seen.add(key)
            unit.items.append(Item(BlockKind.paragraph if first else BlockKind.furniture, p.text))

    def _graphic_frame(self, elm: etree._Element, tf: Transform) -> None:
        gd = elm.find("a:graphic/a:graphicData", namespaces=NS)
        uri = gd.get("uri", "") if gd is not None else ""
        bbox = self._bbox(elm, tf)
        if uri == TABLE_URI:
            if not self.template:
                for blip in elm.iterfind(".//a:tcPr/a:blipFill/a:blip", namespaces=NS):
                    self._blip(blip, bbox)  # a picture filling a table cell
            table = self._table(elm)
            if table is not None and table.n_rows:
                text = table.to_text()
                unit = Unit(bbox=bbox, seq=self.scan.next_seq(), part=self.part)
                unit.items.append(Item(BlockKind.table, text, table=table))
                self.scan.units.append(unit)
        elif uri == CHART_URI:
            self._chart(elm, bbox)
        elif uri == DIAGRAM_URI:
            self._smartart(elm, bbox)
        elif uri == OLE_URI:
            self._ole(elm, tf, bbox)
        elif "chartex" in uri:
            self._chartex(elm, bbox)
        elif uri:
            self.scan.unreadable.append(f"第 {self.slide_no} 页：无法识别的图形对象（{uri.rsplit('/', 1)[-1]}）")

    def _ole(self, elm: etree._Element, tf: Transform, bbox: BBox | None) -> None:
        obj = elm.find(".//p:oleObj", namespaces=NS)
        prog_id = obj.get("progId", "") if obj is not None else ""
        rid = obj.get(f"{{{NS['r']}}}id") if obj is not None else None
        content = None
        if rid:
            try:
                blob = self.owner.part.related_part(rid).blob  # type: ignore[attr-defined]
            except PART_ERRORS:
                blob = None
            if blob is not None:
                content = read_ole(blob, prog_id, self.filename, self.options)
        if content is None or content.unreadable or not content.items:
            reason = (
                content.unreadable if content and content.unreadable else f"嵌入对象（{prog_id or 'OLE'}）内容未读取"
            )
            self.scan.unreadable.append(f"第 {self.slide_no} 页：{reason}")
            pic = elm.find(".//p:pic", namespaces=NS)
            if pic is not None and not self.template:
                self._picture(pic, tf, bbox=bbox)
            return
        unit = Unit(bbox=bbox, seq=self.scan.next_seq(), part="ole")
        for text, table in content.items:
            unit.items.append(Item(BlockKind.table if table else BlockKind.paragraph, text, table=table))
        self.scan.units.append(unit)

    def _table(self, elm: etree._Element) -> Table | None:
        try:
            shape = SlideShapeFactory(elm, self.owner.shapes)  # type: ignore[attr-defined]
            return read_table(shape.table)  # type: ignore[attr-defined]
        except TABLE_ERRORS as e:
            self.scan.unreadable.append(f"第 {self.slide_no} 页：表格结构损坏，未读取（{type(e).__name__}）")
            return None

    def _chart(self, elm: etree._Element, bbox: BBox | None) -> None:
        c_chart = elm.find("a:graphic/a:graphicData/c:chart", namespaces=NS)
        rid = c_chart.get(f"{{{NS['r']}}}id") if c_chart is not None else None
        try:
            root = self._related_xml(rid, "图表") if rid else None
            if root is None:
                raise KeyError("chart part")
            chart = read_chart(root)
        except CHART_PART_ERRORS as e:
            self.scan.unreadable.append(f"第 {self.slide_no} 页：图表数据无法读取（{type(e).__name__}）")
            return
        unit = Unit(bbox=bbox, seq=self.scan.next_seq(), part="chart")
        unit.items.append(Item(BlockKind.chart, chart.to_text() or chart.kind, chart=chart))
        self.scan.units.append(unit)

    def _chartex(self, elm: etree._Element, bbox: BBox | None) -> None:
        gd = elm.find("a:graphic/a:graphicData", namespaces=NS)
        ref = (
            next((c for c in gd if isinstance(c.tag, str) and etree.QName(c).localname == "chart"), None)
            if gd is not None
            else None
        )
        rid = ref.get(f"{{{NS['r']}}}id") if ref is not None else None
        try:
            if not rid:
                raise KeyError("chartex part")
            chart = read_chartex(self._related_xml(rid, "图表"))
        except CHART_PART_ERRORS as e:
            self.scan.unreadable.append(f"第 {self.slide_no} 页：新版图表（chartex）数据无法读取（{type(e).__name__}）")
            return
        unit = Unit(bbox=bbox, seq=self.scan.next_seq(), part="chart")
        unit.items.append(Item(BlockKind.chart, chart.to_text() or chart.kind, chart=chart))
        self.scan.units.append(unit)

    def _related_xml(self, rid: str, what: str) -> etree._Element:
        """The root element of a part related to this slide (parsed by python-pptx or parsed safely)."""
        part = self.owner.part.related_part(rid)  # type: ignore[attr-defined]
        element = getattr(part, "_element", None)
        if element is not None:
            return element  # type: ignore[no-any-return]
        return parse_xml(part.blob, self.filename, what)

    def _smartart(self, elm: etree._Element, bbox: BBox | None) -> None:
        rid = data_rel_id(elm)
        if not rid:
            return
        try:
            root = self._related_xml(rid, "SmartArt 数据")
        except SMARTART_ERRORS as e:
            self.scan.unreadable.append(f"第 {self.slide_no} 页：SmartArt 数据缺失或损坏（{type(e).__name__}）")
            return
        nodes = smartart_nodes(root)
        if not nodes:
            return
        unit = Unit(bbox=bbox, seq=self.scan.next_seq(), part="smartart")
        for n in nodes:
            if n.depth <= 1:
                unit.items.append(Item(BlockKind.paragraph, n.text))
            else:
                unit.items.append(Item(BlockKind.list_item, n.text, level=n.depth - 1))
        self.scan.units.append(unit)

    def background_picture(self, bg_pr: etree._Element) -> None:
        if bg_pr.find("a:blipFill/a:blip", namespaces=NS) is not None:
            self._picture(bg_pr, IDENTITY, bbox=self.slide_bbox)

    def _picture(self, elm: etree._Element, tf: Transform, bbox: BBox | None = None) -> None:
        blip = elm.find(".//a:blip", namespaces=NS)
        if blip is not None:
            self._blip(blip, bbox or self._bbox(elm, tf))

    def _blip(self, blip: etree._Element, bbox: BBox | None) -> None:
        rid = blip.get(R_EMBED)
        if not rid:
            return
        try:
            blob = self.owner.part.related_part(rid).blob  # type: ignore[attr-defined]
        except PART_ERRORS:
            return
        self.scan.pictures.append(Picture(bbox=bbox, seq=self.scan.next_seq(), blob=blob))


def _rotated(elm: etree._Element) -> bool:
    xfrm = elm.find("p:spPr/a:xfrm", namespaces=NS)
    return xfrm is not None and xfrm.get("rot", "0") not in ("0", "21600000")


def _boxed(elm: etree._Element) -> bool:
    """A rectangle-like shape (drawn table cells are rectangles, filled or outlined)."""
    geom = elm.find("p:spPr/a:prstGeom", namespaces=NS)
    return geom is not None and geom.get("prst", "rect") in BOX_GEOMETRIES


def _framed(elm: etree._Element) -> bool:
    """The shape shows an outline or a fill of its own (or its style's): a drawn cell, not a bare text box."""
    sp_pr = elm.find("p:spPr", namespaces=NS)
    if sp_pr is None:
        return True
    if any(sp_pr.find(f"a:{fill}", namespaces=NS) is not None for fill in FILLS):
        return True
    line = sp_pr.find("a:ln", namespaces=NS)
    if line is not None and any(line.find(f"a:{fill}", namespaces=NS) is not None for fill in FILLS):
        return True
    style = elm.find("p:style", namespaces=NS)
    if style is None:
        return False
    line_ref, fill_ref = style.find("a:lnRef", namespaces=NS), style.find("a:fillRef", namespaces=NS)
    styled_line = (
        line_ref is not None
        and line_ref.get("idx", "0") != "0"
        and (line is None or line.find("a:noFill", namespaces=NS) is None)
    )
    styled_fill = (
        fill_ref is not None and fill_ref.get("idx", "0") != "0" and sp_pr.find("a:noFill", namespaces=NS) is None
    )
    return styled_line or styled_fill


FILLS = ("solidFill", "gradFill", "pattFill", "blipFill")


@dataclass
class _Deck:
    """One deck being read: its slides and what the slides share (layouts, masters, repeated text)."""

    filename: str
    options: ReadOptions
    slides: list[object]
    slide_bbox: BBox | None = None  # the whole slide, for background pictures
    slide_height_pt: float | None = None
    templates: dict[int, list[Unit]] = field(default_factory=dict)  # layout/master units by element id
    placeholders: dict[int, PlaceholderMap] = field(default_factory=dict)
    seen_text: set[tuple[str, str]] = field(default_factory=set)  # text shown on every slide, once as body


def _open(data: bytes, filename: str, options: ReadOptions) -> tuple[object, dict[str, str]]:
    with open_zip(data, filename) as zf:
        check_zipfile(zf, filename, options)
        openable, variant = normalise_content_types(zf, data, filename)
        meta = package_meta(zf, filename)
    try:
        prs = Presentation(io.BytesIO(openable))
    except OPEN_ERRORS as e:
        raise limit_error(e, filename) or CorruptError(
            filename, f"演示文稿结构损坏，无法打开（{type(e).__name__}）"
        ) from e
    if variant:
        meta["package_variant"] = variant
    return prs, meta


def _deck(prs: object, filename: str, options: ReadOptions) -> _Deck:
    try:
        slides = list(prs.slides)  # type: ignore[attr-defined]
        width, height = prs.slide_width, prs.slide_height  # type: ignore[attr-defined]
    except OPEN_ERRORS as e:
        raise CorruptError(filename, f"幻灯片列表损坏（{type(e).__name__}）") from e
    if len(slides) > options.max_pages:
        raise TooManySlidesError(filename, f"共 {len(slides)} 张幻灯片，超过上限 {options.max_pages} 张")
    if not slides:
        raise EmptyError(filename, "演示文稿中没有幻灯片")
    deck = _Deck(filename, options, slides)
    if width and height:
        deck.slide_bbox = emu_rect_to_bbox((0, 0, width, height))
        deck.slide_height_pt = height / 12700.0
    return deck


def _shows_master_shapes(elm: etree._Element) -> bool:
    return elm.get("showMasterSp", "1") not in ("0", "false")


def read(data: bytes, filename: str, options: ReadOptions) -> Document:
    """Stages: open → scan every slide's shapes → read the deck's pictures (OCR, one pass for the
    whole deck) → grids of shapes into tables → slide titles → blocks and coverage → Document."""
    prs, meta = _open(data, filename, options)
    deck = _deck(prs, filename, options)
    scans = [_scan_slide(deck, slide, no) for no, slide in enumerate(deck.slides, start=1)]
    pictures = read_deck_pictures(scans, options)
    for no, scan in enumerate(scans, start=1):
        promote_visual_title(scan, deck.slide_height_pt, cover=no == 1)
        add_drawn_tables(scan)
    blocks: list[Block] = []
    coverage: list[PageCoverage] = []
    unreadable: list[str] = []
    for no, (slide, scan, pics) in enumerate(zip(deck.slides, scans, pictures, strict=True), start=1):
        unreadable.extend(scan.unreadable)
        slide_blocks = blocks_for_slide(scan, no)
        slide_blocks.extend(notes_blocks(slide, no, len(slide_blocks), unreadable))
        unreadable.extend(f"第 {no} 页：{u.reason}" for u in pics.unread)
        blocks.extend(slide_blocks)
        chars = sum(len(b.text) for b in slide_blocks)
        coverage.append(
            PageCoverage(page=no, chars=chars, ocr=pics.ocr, pictures=pics.pictures, pictures_read=pics.read)
        )
    if not blocks:
        raise EmptyError(filename, f"{len(deck.slides)} 张幻灯片中都没有可读取的文字")
    issues = [i for scan in scans for i in scan.issues] + _deck_issues(deck, pictures)
    unread = [u for pics in pictures for u in pics.unread]
    return Document(
        doc_id=doc_id_for(data),
        filename=filename,
        format="pptx",
        title=_title(blocks),
        pages=len(deck.slides),
        blocks=blocks,
        issues=issues,
        coverage=Coverage(pages=coverage, unreadable=unreadable, unread_pictures=unread),
        meta=meta,
    )


def _deck_issues(deck: _Deck, pictures: list[SlidePictures]) -> list[Issue]:
    issues: list[Issue] = []
    ocr_slides = [no for no, pics in enumerate(pictures, start=1) if pics.ocr]
    if ocr_slides:
        pages = "、".join(str(n) for n in ocr_slides)
        msg = f"第 {pages} 页的文字来自图片识别（OCR），可能有误"
        issues.append(Issue(code="ingest.ocr_used", severity="info", message=msg))
    budget = [u.page for pics in pictures for u in pics.unread if u.code == "budget"]
    if budget:
        pages = "、".join(str(n) for n in sorted(set(budget)))
        msg = f"第 {pages} 页有 {len(budget)} 张图片超出识别时间上限，未识别，需人工复核"
        issues.append(Issue(code="ingest.pictures_unread", severity="major", message=msg))
    hidden = [no for no, slide in enumerate(deck.slides, start=1) if slide._element.get("show", "1") in ("0", "false")]  # type: ignore[attr-defined]
    if hidden:
        pages = "、".join(str(n) for n in hidden)
        msg = f"第 {pages} 页为隐藏幻灯片（放映时不显示），其内容仍计入审查"
        issues.append(Issue(code="ingest.hidden_slides", severity="info", message=msg))
    return issues


def _title(blocks: list[Block]) -> str | None:
    title = next((join_lines(b.text) for b in blocks if b.kind == BlockKind.title and b.text.strip()), None)
    if title is None:
        first = next((b for b in blocks if b.kind in BODY_KINDS and b.kind != BlockKind.table and b.text.strip()), None)
        title = join_lines(first.text) if first else None
    return title[:200] if title else None


def _scan_slide(deck: _Deck, slide: object, no: int) -> SlideScan:
    walker = _Walker(slide_no=no, owner=slide, part=None, template=False, filename=deck.filename, options=deck.options)
    sld = slide._element  # type: ignore[attr-defined]
    layout = master = None
    problems: list[str] = []
    try:
        layout = slide.slide_layout  # type: ignore[attr-defined]
        master = layout.slide_master
    except PART_ERRORS:
        problems.append(f"第 {no} 页：版式或母版部件缺失或损坏，未读取其上的文字")
    walker.placeholders = (_placeholders(layout, deck), _placeholders(master, deck))
    walker.slide_bbox = deck.slide_bbox
    walker.seen = deck.seen_text
    sp_tree = sld.find("p:cSld/p:spTree", namespaces=NS)
    if sp_tree is not None:
        walker.walk(sp_tree, IDENTITY)
    bg = sld.find("p:cSld/p:bg/p:bgPr", namespaces=NS)
    if bg is not None:
        walker.background_picture(bg)  # a scanned page used as the slide background
    scan = walker.scan
    scan.unreadable.extend(problems)
    # Text placed on the layout/master (not placeholders) shows on the slide unless hidden.
    if _shows_master_shapes(sld):
        templates: list[tuple[object, str]] = []
        if layout is not None:
            templates.append((layout, "layout"))
            if master is not None and _shows_master_shapes(layout._element):
                templates.append((master, "master"))
        for owner, part in templates:
            _add_template_units(deck, scan, owner, part, no)
    return scan


def _add_template_units(deck: _Deck, scan: SlideScan, owner: object, part: str, no: int) -> None:
    """A layout's or master's text on this slide: body where it first appears, furniture after."""
    for cached in _template_units(deck, owner, part, no):
        unit = Unit(bbox=cached.bbox, seq=scan.next_seq(), part=part)
        for it in cached.items:
            key = (part, it.text)
            kind = BlockKind.furniture if key in deck.seen_text else it.kind
            deck.seen_text.add(key)
            unit.items.append(Item(kind, it.text, level=it.level, table=it.table, chart=it.chart))
        scan.units.append(unit)


def _placeholders(owner: object | None, deck: _Deck) -> PlaceholderMap | None:
    if owner is None:
        return None
    elm = owner._element  # type: ignore[attr-defined]
    if id(elm) not in deck.placeholders:
        deck.placeholders[id(elm)] = placeholder_map(elm.find("p:cSld/p:spTree", namespaces=NS))
    return deck.placeholders[id(elm)]


def _template_units(deck: _Deck, owner: object, part: str, no: int) -> list[Unit]:
    """Non-placeholder text units of a layout or master, scanned once per deck."""
    elm = owner._element  # type: ignore[attr-defined]
    key = id(elm)
    if key not in deck.templates:
        t_walker = _Walker(
            slide_no=no, owner=owner, part=part, template=True, filename=deck.filename, options=deck.options
        )
        t_tree = elm.find("p:cSld/p:spTree", namespaces=NS)
        if t_tree is not None:
            t_walker.walk(t_tree, IDENTITY)
        deck.templates[key] = t_walker.scan.units
    return deck.templates[key]
