"""PPTX reader: groups and true positions, reading order, titles, layout/master text, mc:AlternateContent,
SmartArt, tables with spans, charts (Pareto), notes, OCR, limits. Real files from shared/realdocs plus
decks built with python-pptx where a real file does not isolate the behaviour."""

from __future__ import annotations

import copy
import io
import random
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt

from ingest import BlockKind, Document, IngestError, ReadOptions, read_bytes
from ingest.errors import CorruptError, EmptyError, EncryptedError, TooLargeError
from ingest.readers.pptx_chart import is_cumulative_percent
from ingest.readers.pptx_geometry import IDENTITY, Transform, emu_rect_to_bbox, group_transform, reading_order
from ingest.readers.pptx_smartart import smartart_nodes

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _save(prs: object) -> bytes:
    buf = io.BytesIO()
    prs.save(buf)  # type: ignore[attr-defined]
    return buf.getvalue()


def _slide_at_chars(path: Path) -> Counter[str]:
    """Multiset of the non-space characters of every a:t on the slides of a real deck."""
    chars: Counter[str] = Counter()
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                root = etree.fromstring(zf.read(name))
                for t in root.iter(f"{{{NS_A}}}t"):
                    chars.update(re.sub(r"\s", "", t.text or ""))
    return chars


# ---- groups and geometry -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel", ["tika/testPPT_groups.pptx", "unstructured/group-shapes-nested.pptx", "markitdown/test.pptx"]
)
def test_every_slide_character_is_read(
    realdoc: Callable[[str], Path], read_real: Callable[[str], Document], rel: str
) -> None:
    want = _slide_at_chars(realdoc(rel))
    doc = read_real(rel)
    got = Counter(
        re.sub(r"\s", "", "".join(b.text for b in doc.blocks if b.source.part not in ("smartart", "layout", "master")))
    )
    missing = want - got
    assert not missing, f"characters on the slides but not read: {''.join(missing.elements())!r}"
    assert sum(want.values()) > 0


def test_group_transform_composes_through_levels() -> None:
    outer = etree.fromstring(
        f'<p:grpSp xmlns:p="{NS_P}" xmlns:a="{NS_A}"><p:grpSpPr><a:xfrm><a:off x="1000" y="2000"/>'
        '<a:ext cx="500" cy="400"/><a:chOff x="100" y="100"/><a:chExt cx="1000" cy="800"/></a:xfrm></p:grpSpPr></p:grpSp>'
    )
    inner = etree.fromstring(
        f'<p:grpSp xmlns:p="{NS_P}" xmlns:a="{NS_A}"><p:grpSpPr><a:xfrm><a:off x="300" y="300"/>'
        '<a:ext cx="200" cy="200"/><a:chOff x="0" y="0"/><a:chExt cx="400" cy="400"/></a:xfrm></p:grpSpPr></p:grpSp>'
    )
    t1 = group_transform(outer, IDENTITY)
    # a child at (100, 100) of the outer group sits at the group's offset; scale 0.5
    assert t1.apply(100, 100, 1000, 800) == (1000, 2000, 500, 400)
    t2 = group_transform(inner, t1)
    # inner child (0,0) -> inner parent space (300,300) -> slide (1000 + 200*0.5, 2000 + 200*0.5)
    x, y, cx, cy = t2.apply(0, 0, 400, 400)
    assert (x, y) == pytest.approx((1100, 2100))
    assert (cx, cy) == pytest.approx((100, 100))  # 400 * 0.5 * 0.5


def test_grouped_shapes_get_slide_positions(read_real: Callable[[str], Document]) -> None:
    # markitdown "Group 5": off.x 3419318 but chOff.x 368300, so the raw child left is ~8 cm off
    doc = read_real("markitdown/test.pptx")
    frame = emu_rect_to_bbox((3419318, 1597025, 5636260, 4895850))
    inside = [b for b in doc.blocks if b.source.page == 5 and b.text in ("Nested Shape", "Comment 1")]
    assert len(inside) == 2
    for b in inside:
        assert b.source.bbox is not None
        x0, y0, x1, y1 = b.source.bbox
        assert frame[0] - 0.5 <= x0 and x1 <= frame[2] + 0.5 and frame[1] - 0.5 <= y0 and y1 <= frame[3] + 0.5


class _U:
    def __init__(self, bbox: tuple[float, float, float, float] | None, seq: int, first: bool = False) -> None:
        self.bbox, self.seq, self.first = bbox, seq, first


def test_reading_order_rows_then_columns() -> None:
    units = [
        _U((400, 200, 600, 260), 1),  # right column, second row
        _U((50, 100, 300, 160), 2),  # left, first row
        _U((400, 104, 600, 150), 3),  # right, first row (top 4 pt lower: same row)
        _U((50, 10, 600, 60), 4, first=True),  # slide title
        _U(None, 5),  # no position: stays after seq 4 (the title)... but titles come first anyway
        _U((50, 205, 300, 260), 6),  # left, second row
    ]
    order = reading_order(units)
    assert [units[i].seq for i in order] == [4, 5, 2, 3, 6, 1]


def test_reading_order_of_nested_group_letters(read_real: Callable[[str], Document]) -> None:
    doc = read_real("unstructured/group-shapes-nested.pptx")
    assert [b.text for b in doc.body()] == list("ABCDEFGHIJ")


def test_transform_identity() -> None:
    assert Transform().apply(1, 2, 3, 4) == (1, 2, 3, 4)


# ---- titles, levels, placeholders ------------------------------------------------------------------


def test_title_is_first_and_document_title(read_real: Callable[[str], Document]) -> None:
    doc = read_real("docling/powerpoint_sample.pptx")
    assert doc.title == "Test Table Slide"
    for page in (1, 2):
        first = next(b for b in doc.blocks if b.source.page == page)
        assert first.kind == BlockKind.title and first.level == 1
    assert doc.pages == 3
    assert all(b.source.bbox is not None for b in doc.blocks if b.kind != BlockKind.note)


def test_placeholder_position_inherited_from_layout(read_real: Callable[[str], Document]) -> None:
    doc = read_real("python-pptx/ph-inherit-props.pptx")
    title = doc.blocks[0]
    assert title.kind == BlockKind.title
    assert title.source.bbox is not None and title.source.bbox[0] == pytest.approx(457200 / 12700)


def _deck_with_layout_text(text: str, slides: int = 2) -> Presentation:
    prs = Presentation()
    layout = prs.slide_layouts[6]  # blank
    # python-pptx cannot add shapes to a layout: build the text box on a scratch slide and move it
    scratch = prs.slides.add_slide(layout)
    box = scratch.shapes.add_textbox(Emu(914400), Emu(5000000), Emu(3000000), Emu(400000))
    box.text_frame.text = text
    layout.shapes._spTree.append(box._element)
    _drop_slide(prs, 0)
    for i in range(slides):
        s = prs.slides.add_slide(layout)
        s.shapes.add_textbox(
            Emu(914400), Emu(914400), Emu(3000000), Emu(400000)
        ).text_frame.text = f"第{i + 1}页正文内容"
    return prs


def _drop_slide(prs: Presentation, index: int) -> None:
    sld_ids = prs.slides._sldIdLst
    sld_id = sld_ids[index]
    prs.part.drop_rel(sld_id.rId)
    sld_ids.remove(sld_id)


def test_layout_text_is_body_once_then_furniture() -> None:
    doc = read_bytes(_save(_deck_with_layout_text("某某公司QC小组")), "layout.pptx")
    hits = [b for b in doc.blocks if b.text == "某某公司QC小组"]
    assert [(b.source.page, b.kind, b.source.part) for b in hits] == [
        (1, BlockKind.paragraph, "layout"),
        (2, BlockKind.furniture, "layout"),
    ]
    assert doc.text.count("某某公司QC小组") == 1


def test_layout_prompt_text_is_skipped() -> None:
    doc = read_bytes(_save(_deck_with_layout_text("单击此处编辑母版标题样式", slides=1)), "prompt.pptx")
    assert "单击此处" not in "".join(b.text for b in doc.blocks)


def test_hidden_background_graphics_hide_layout_text() -> None:
    prs = _deck_with_layout_text("某某公司QC小组", slides=1)
    prs.slides[0]._element.set("showMasterSp", "0")
    doc = read_bytes(_save(prs), "hidden.pptx")
    assert "某某公司QC小组" not in "".join(b.text for b in doc.blocks)


def test_master_text_file(read_real: Callable[[str], Document]) -> None:
    doc = read_real("tika/testPPT_masterText.pptx")
    assert "Text that I added to the master slide" in doc.text
    assert "Click to edit" not in "".join(b.text for b in doc.blocks)


def test_bullets_and_levels() -> None:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[1])  # title and content
    s.shapes.title.text = "现状调查"
    body = s.placeholders[1].text_frame
    body.text = "一级要点"
    p = body.add_paragraph()
    p.text = "二级要点"
    p.level = 1
    box = s.shapes.add_textbox(Emu(0), Emu(6000000), Emu(3000000), Emu(300000))
    box.text_frame.text = "普通文本框"
    doc = read_bytes(_save(prs), "levels.pptx")
    kinds = {b.text: (b.kind, b.level) for b in doc.blocks}
    assert kinds["现状调查"] == (BlockKind.title, 1)
    assert kinds["一级要点"] == (BlockKind.list_item, 1)
    assert kinds["二级要点"] == (BlockKind.list_item, 2)
    assert kinds["普通文本框"] == (BlockKind.paragraph, None)
    assert doc.title == "现状调查"


def test_multiline_chinese_title_joins_without_space() -> None:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[0])
    tf = s.shapes.title.text_frame
    tf.text = "降低焊接"
    tf.add_paragraph().text = "不良率"
    doc = read_bytes(_save(prs), "t.pptx")
    assert doc.title == "降低焊接不良率"
    assert doc.blocks[0].text == "降低焊接\n不良率"


def test_unclassifiable_shape_and_malformed_placeholder(read_real: Callable[[str], Document]) -> None:
    assert "Text in an unrecognized shape" in read_real("docling/powerpoint_unrecognized_shape.pptx").text
    doc = read_real("unstructured/fake-power-point-malformed.pptx")
    assert doc.title == "Test Slide"


# ---- mc:AlternateContent ------------------------------------------------------------------------------


def _wrap_in_alternate_content(requires_ns: str, requires_prefix: str) -> bytes:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[6])
    a = s.shapes.add_textbox(Emu(0), Emu(0), Emu(3000000), Emu(300000))
    a.text_frame.text = "选择分支文字"
    b = s.shapes.add_textbox(Emu(0), Emu(400000), Emu(3000000), Emu(300000))
    b.text_frame.text = "后备分支文字"
    tree = a._element.getparent()
    alt = etree.SubElement(tree, f"{{{NS_MC}}}AlternateContent", nsmap={"mc": NS_MC, requires_prefix: requires_ns})
    choice = etree.SubElement(alt, f"{{{NS_MC}}}Choice", Requires=requires_prefix)
    fallback = etree.SubElement(alt, f"{{{NS_MC}}}Fallback")
    choice.append(a._element)
    fallback.append(b._element)
    return _save(prs)


def test_alternate_content_takes_supported_choice() -> None:
    doc = read_bytes(
        _wrap_in_alternate_content("http://schemas.microsoft.com/office/powerpoint/2010/main", "p14"), "ac.pptx"
    )
    assert "选择分支文字" in doc.text and "后备分支文字" not in doc.text


def test_alternate_content_unknown_requirement_takes_fallback() -> None:
    doc = read_bytes(_wrap_in_alternate_content("urn:example:unknown-extension", "zz"), "ac.pptx")
    assert "后备分支文字" in doc.text and "选择分支文字" not in doc.text


def test_equation_in_alternate_content_is_read_once(read_real: Callable[[str], Document]) -> None:
    doc = read_real("mineru/pptx_01.pptx")
    eq = next(b for b in doc.blocks if b.text.startswith("公式前"))
    assert eq.text.endswith("公式后") and eq.text.count("公式前") == 1


# ---- SmartArt ------------------------------------------------------------------------------------------


def _dgm(points: str, cxns: str) -> etree._Element:
    return etree.fromstring(
        '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
        f'xmlns:a="{NS_A}"><dgm:ptLst>{points}</dgm:ptLst><dgm:cxnLst>{cxns}</dgm:cxnLst></dgm:dataModel>'
    )


def _pt(mid: str, text: str = "", typ: str | None = None) -> str:
    t = f'type="{typ}"' if typ else ""
    body = f"<dgm:t><a:p><a:r><a:t>{text}</a:t></a:r></a:p></dgm:t>" if text else ""
    return f'<dgm:pt modelId="{mid}" {t}>{body}</dgm:pt>'


def test_smartart_order_follows_parof_srcord_not_file_order() -> None:
    pts = _pt("doc", typ="doc") + _pt("c2", "人") + _pt("c1", "机") + _pt("g1", "操作不熟练") + _pt("p1", "", "pres")
    cx = (
        '<dgm:cxn modelId="x1" srcId="doc" destId="c2" srcOrd="1"/>'
        '<dgm:cxn modelId="x2" srcId="doc" destId="c1" srcOrd="0"/>'
        '<dgm:cxn modelId="x3" srcId="c2" destId="g1" srcOrd="0"/>'
        '<dgm:cxn modelId="x4" type="presOf" srcId="c1" destId="p1"/>'
    )
    nodes = smartart_nodes(_dgm(pts, cx))
    assert [(n.text, n.depth) for n in nodes] == [("机", 1), ("人", 1), ("操作不熟练", 2)]


def test_smartart_survives_cycles_and_orphans() -> None:
    pts = _pt("doc", typ="doc") + _pt("a", "甲") + _pt("b", "乙") + _pt("o", "孤立")
    cx = (
        '<dgm:cxn modelId="1" srcId="doc" destId="a" srcOrd="0"/>'
        '<dgm:cxn modelId="2" srcId="a" destId="b" srcOrd="0"/>'
        '<dgm:cxn modelId="3" srcId="b" destId="a" srcOrd="0"/>'
    )
    assert [n.text for n in smartart_nodes(_dgm(pts, cx))] == ["甲", "乙", "孤立"]


def test_smartart_real_file(read_real: Callable[[str], Document]) -> None:
    doc = read_real("tika/testPPT_diagramData.pptx")
    sa = [b for b in doc.blocks if b.source.part == "smartart"]
    assert [b.text for b in sa] == ["President", "VP – HR", "Manager 1", "VP - Marketing", "Manager 1"]
    assert all(b.source.bbox is not None and b.source.page == 1 for b in sa)


# ---- tables --------------------------------------------------------------------------------------------


def test_merged_table_cells_are_origins_with_spans(read_real: Callable[[str], Document]) -> None:
    doc = read_real("python-pptx/tbl-cell.pptx")
    t = next(b.table for b in doc.blocks if b.table is not None and b.source.page == 2 and b.table.n_cols == 3)
    origin = t.rows[0][0]
    assert (origin.text, origin.row_span, origin.col_span) == ("merged cell", 2, 2)
    assert doc.text.count("merged cell") == 2  # two tables, each origin once: spans not repeated


@pytest.mark.parametrize("rel", ["docling/powerpoint_sample.pptx", "mineru/pptx_01.pptx"])
def test_nine_by_seven_grid(read_real: Callable[[str], Document], rel: str) -> None:
    b = next(b for b in read_real(rel).blocks if b.table is not None)
    t = b.table
    assert t is not None and (t.n_rows, t.n_cols) == (9, 7)
    assert sum(1 for r in t.rows for c in r if c.row_span > 1 or c.col_span > 1) == 5
    assert sum(1 for r in t.grid() for x in r if x is None) == 8
    assert b.text == t.to_text() and b.text.count("A merged with B") == 1
    assert t.filled_grid()[1][2] == "A merged with B"


# ---- charts --------------------------------------------------------------------------------------------


def _pareto_deck(line_values: list[float]) -> bytes:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["焊点虚焊", "尺寸超差", "表面划伤", "其他"]
    data.add_series("频数", (45, 25, 18, 12))
    data.add_series("累计百分比", line_values)
    gf = s.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(0), Emu(0), Emu(6000000), Emu(4000000), data)
    chart = gf.chart
    chart.has_title = True
    chart.chart_title.text_frame.text = "不良项目排列图"
    plot_area = chart._chartSpace.find(f"{{{NS_C}}}chart/{{{NS_C}}}plotArea")
    bar = plot_area.find(f"{{{NS_C}}}barChart")
    sers = bar.findall(f"{{{NS_C}}}ser")
    line = etree.Element(f"{{{NS_C}}}lineChart")
    etree.SubElement(line, f"{{{NS_C}}}grouping", val="standard")
    moved = sers[1]
    bar.remove(moved)
    line.append(moved)
    for ax in bar.findall(f"{{{NS_C}}}axId"):
        line.append(copy.deepcopy(ax))
    bar.addnext(line)
    return _save(prs)


def test_bar_plus_cumulative_line_is_a_pareto_chart() -> None:
    doc = read_bytes(_pareto_deck([45.0, 70.0, 88.0, 100.0]), "pareto.pptx")
    (b,) = [b for b in doc.blocks if b.chart is not None]
    c = b.chart
    assert c is not None
    assert c.kind == "pareto" and c.title == "不良项目排列图"
    assert c.categories == ["焊点虚焊", "尺寸超差", "表面划伤", "其他"]
    assert [(s.name, s.values) for s in c.series] == [
        ("频数", [45.0, 25.0, 18.0, 12.0]),
        ("累计百分比", [45.0, 70.0, 88.0, 100.0]),
    ]
    assert b.source.part == "chart" and "焊点虚焊 45" in doc.text


def test_bar_plus_other_line_is_a_combo() -> None:
    doc = read_bytes(_pareto_deck([30.0, 20.0, 25.0, 10.0]), "combo.pptx")
    (b,) = [b for b in doc.blocks if b.chart is not None]
    assert b.chart is not None and b.chart.kind == "combo"


def test_cumulative_percent_detection() -> None:
    assert is_cumulative_percent([0.45, 0.7, 0.88, 1.0], [45, 25, 18, 12])
    assert is_cumulative_percent([45, 70, 88, 100], [45, 25, 18, 12])
    assert is_cumulative_percent([51.1, 79.5, None], [45, 25, 18])  # running share, last point missing
    assert is_cumulative_percent([45, 70, 88], [45, 25, 18])  # running total (cumulative frequency)
    assert not is_cumulative_percent([45, 40, 88, 100], [45, 25, 18, 12])
    assert not is_cumulative_percent([10, 20, 30], [45, 25, 18])
    assert not is_cumulative_percent([100], [1])


def test_3d_bar_chart_is_read(read_real: Callable[[str], Document]) -> None:
    c = next(b.chart for b in read_real("docling/pptx_chart.pptx").blocks if b.chart is not None)
    assert c is not None and c.kind == "bar" and c.categories == ["2019", "2020", "2021", "2022"]


# ---- notes, OCR, errors and limits ---------------------------------------------------------------------


def test_notes_are_kept_apart(read_real: Callable[[str], Document]) -> None:
    doc = read_real("docling/powerpoint_sample.pptx")
    notes = doc.notes()
    assert [n.text for n in notes] == [
        "Some notes on the second slide.",
        "Final notes on the third slide.",
        "Second line of notes.",
    ]
    assert [n.source.page for n in notes] == [2, 3, 3]
    assert all(n.source.part == "notes" for n in notes)
    assert "notes on the second slide" not in doc.text


def test_reading_does_not_create_notes_slides() -> None:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[6])
    s.shapes.add_textbox(Emu(0), Emu(0), Emu(3000000), Emu(300000)).text_frame.text = "没有备注的幻灯片"
    data = _save(prs)
    doc = read_bytes(data, "n.pptx")
    assert doc.notes() == []
    assert not Presentation(io.BytesIO(data)).slides[0].has_notes_slide


def test_picture_only_slide_is_ocrd(read_real: Callable[[str], Document]) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    doc = read_real("tika/testOCR.pptx")
    ocr = [b for b in doc.blocks if b.kind == BlockKind.image_text]
    assert ocr and all(b.source.part == "ocr" and b.source.page == 1 for b in ocr)
    assert "Happy" in doc.text and doc.coverage.pages_ocr == [1]
    assert any(i.code == "ingest.ocr_used" and i.severity == "info" for i in doc.issues)


def test_ocr_disabled_is_reported_as_unreadable(realdoc: Callable[[str], Path]) -> None:
    data = realdoc("tika/testOCR.pptx").read_bytes()
    doc = read_bytes(data, "testOCR.pptx", ReadOptions(ocr=False))
    assert not [b for b in doc.blocks if b.kind == BlockKind.image_text]
    assert doc.coverage.pages_ocr == [] and any("未启用 OCR" in u for u in doc.coverage.unreadable)


def test_picture_on_a_slide_with_text_is_ocrd(read_real: Callable[[str], Document]) -> None:
    """Issue 11: a picture is read even when its slide has a title and text of its own."""
    pytest.importorskip("rapidocr_onnxruntime")
    doc = read_real("chatchat/ocr_test.pptx")
    assert doc.coverage.pages_ocr == [1] and "我是表格1" in doc.text and "横向文本框" in doc.text
    pic = next(b for b in doc.blocks if b.kind == BlockKind.image_text)
    assert pic.source.part == "ocr" and pic.figure is not None and len(pic.figure.image_hash) == 16
    assert doc.coverage.pages[0].pictures == doc.coverage.pages[0].pictures_read == 1


def test_coverage_counts_characters_per_slide(read_real: Callable[[str], Document]) -> None:
    doc = read_real("tika/testPPT_various2.pptx")
    assert [p.page for p in doc.coverage.pages] == list(range(1, 11))
    for p in doc.coverage.pages:
        assert p.chars == sum(len(b.text) for b in doc.blocks if b.source.page == p.page)
    assert any("AcroExch" in u for u in doc.coverage.unreadable)


def test_encrypted_truncated_and_limits(realdoc: Callable[[str], Path]) -> None:
    with pytest.raises(EncryptedError):
        read_bytes(realdoc("tika/testPPT_protected_passtika.pptx").read_bytes(), "p.pptx")
    data = realdoc("docling/powerpoint_sample.pptx").read_bytes()
    with pytest.raises(CorruptError):
        read_bytes(data[: len(data) // 2], "half.pptx")
    with pytest.raises(TooLargeError):
        read_bytes(data, "s.pptx", ReadOptions(max_pages=2))


def test_missing_slide_part_is_corrupt(realdoc: Callable[[str], Path]) -> None:
    data = realdoc("docling/powerpoint_sample.pptx").read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            if info.filename != "ppt/slides/slide1.xml":
                out.writestr(info, src.read(info))
    with pytest.raises(CorruptError):
        read_bytes(buf.getvalue(), "broken.pptx")


def test_deck_without_text_is_empty() -> None:
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[6])
    with pytest.raises(EmptyError):
        read_bytes(_save(prs), "blank.pptx")
    with pytest.raises(EmptyError):
        read_bytes(_save(Presentation()), "none.pptx")


def test_font_size_does_not_matter_for_text() -> None:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[6])
    tf = s.shapes.add_textbox(Emu(0), Emu(0), Emu(3000000), Emu(300000)).text_frame
    tf.text = "目标值"
    run = tf.paragraphs[0].add_run()
    run.text = "≤2%"
    run.font.size = Pt(40)
    doc = read_bytes(_save(prs), "runs.pptx")
    assert doc.text == "目标值≤2%"


# ---- package variants and properties -----------------------------------------------------------------


def _with_content_type(data: bytes, old: bytes, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            blob = src.read(info)
            out.writestr(info, blob.replace(old, new) if info.filename == "[Content_Types].xml" else blob)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("ct", "variant"),
    [
        (b"presentationml.slideshow.main+xml", "放映文件（ppsx）"),
        (b"presentationml.template.main+xml", "模板文件（potx）"),
    ],
)
def test_slideshow_and_template_decks_are_read(realdoc: Callable[[str], Path], ct: bytes, variant: str) -> None:
    data = _with_content_type(
        realdoc("docling/powerpoint_sample.pptx").read_bytes(), b"presentationml.presentation.main+xml", ct
    )
    with pytest.raises(ValueError, match="not a PowerPoint file"):
        Presentation(io.BytesIO(data))  # what python-pptx alone does
    doc = read_bytes(data, "deck.ppsx")
    assert doc.title == "Test Table Slide" and doc.meta["package_variant"] == variant


def test_document_properties_in_meta(read_real: Callable[[str], Document]) -> None:
    meta = read_real("tika/testPPT_various2.pptx").meta
    assert meta["author"] == "Allison, Timothy B."
    assert meta["created"] == "2016-12-15T01:09:32Z" and meta["modified"] == "2016-12-16T19:22:25Z"
    assert meta["application"] == "Microsoft Office PowerPoint"


def test_missing_properties_are_not_invented() -> None:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[6])
    s.shapes.add_textbox(Emu(0), Emu(0), Emu(3000000), Emu(300000)).text_frame.text = "正文"
    data = _save(prs)
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            if info.filename != "docProps/core.xml":
                out.writestr(info, src.read(info))
    doc = read_bytes(buf.getvalue(), "noprops.pptx")
    assert "modified" not in doc.meta and "core_title" not in doc.meta


# ---- chartex (Office 2016 Pareto / histogram) -----------------------------------------------------------

CHARTEX_NS = "http://schemas.microsoft.com/office/drawing/2014/chartex"
CX1_NS = "http://schemas.microsoft.com/office/drawing/2015/9/8/chartex"


def _chartex_part(layout_extra: str, cats: list[str], vals: list[float], numeric_only: bool = False) -> bytes:
    cat_pts = "".join(f'<cx:pt idx="{i}">{c}</cx:pt>' for i, c in enumerate(cats))
    val_pts = "".join(f'<cx:pt idx="{i}">{v}</cx:pt>' for i, v in enumerate(vals))
    str_dim = (
        ""
        if numeric_only
        else f'<cx:strDim type="cat"><cx:f>Sheet1!$A$2</cx:f><cx:lvl ptCount="{len(cats)}">{cat_pts}</cx:lvl></cx:strDim>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cx:chartSpace xmlns:a="{NS_A}" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:cx="{CHARTEX_NS}">'
        f'<cx:chartData><cx:data id="0">{str_dim}<cx:numDim type="val"><cx:f>Sheet1!$B$2</cx:f>'
        f'<cx:lvl ptCount="{len(vals)}" formatCode="General">{val_pts}</cx:lvl></cx:numDim></cx:data></cx:chartData>'
        '<cx:chart><cx:title pos="t" align="ctr" overlay="0"><cx:tx><cx:txData><cx:v>缺陷排列图</cx:v></cx:txData></cx:tx></cx:title>'
        '<cx:plotArea><cx:plotAreaRegion><cx:series layoutId="clusteredColumn" uniqueId="{1}">'
        '<cx:tx><cx:txData><cx:f>Sheet1!$B$1</cx:f><cx:v>频数</cx:v></cx:txData></cx:tx><cx:dataId val="0"/></cx:series>'
        f"{layout_extra}</cx:plotAreaRegion></cx:plotArea></cx:chart></cx:chartSpace>"
    ).encode()


def _chartex_deck(part_xml: bytes) -> bytes:
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    s.shapes.title.text = "要因分析"
    part = Part(
        PackURI("/ppt/charts/chartEx1.xml"), "application/vnd.ms-office.chartex+xml", prs.part.package, part_xml
    )
    rid = s.part.relate_to(part, "http://schemas.microsoft.com/office/2014/relationships/chartEx")
    frame = (
        f'<mc:AlternateContent xmlns:mc="{NS_MC}" xmlns:cx1="{CX1_NS}"><mc:Choice Requires="cx1">'
        f'<p:graphicFrame xmlns:p="{NS_P}" xmlns:a="{NS_A}"><p:nvGraphicFramePr><p:cNvPr id="9" name="图表 8"/>'
        '<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="914400" y="1600000"/>'
        '<a:ext cx="6000000" cy="4000000"/></p:xfrm><a:graphic>'
        f'<a:graphicData uri="{CHARTEX_NS}"><cx:chart xmlns:cx="{CHARTEX_NS}" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></p:graphicFrame></mc:Choice><mc:Fallback>"
        f'<p:sp xmlns:p="{NS_P}" xmlns:a="{NS_A}"><p:nvSpPr><p:cNvPr id="10" name="Fallback"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="914400" y="1600000"/><a:ext cx="6000000" cy="4000000"/></a:xfrm></p:spPr>'
        "<p:txBody><a:bodyPr/><a:p><a:r><a:t>此图表在您的 PowerPoint 版本中不可用</a:t></a:r></a:p></p:txBody></p:sp>"
        "</mc:Fallback></mc:AlternateContent>"
    )
    s.shapes._spTree.append(etree.fromstring(frame))
    return _save(prs)


def test_chartex_pareto_is_aggregated_sorted_and_cumulated() -> None:
    cats = ["尺寸超差", "焊点虚焊", "表面划伤", "焊点虚焊", "其他"]
    vals = [25, 30, 18, 15, 12]
    extra = '<cx:series layoutId="paretoLine" ownerIdx="0" uniqueId="{2}"><cx:axisId val="2"/></cx:series>'
    doc = read_bytes(_chartex_deck(_chartex_part(extra, cats, vals)), "pareto2016.pptx")
    (b,) = [b for b in doc.blocks if b.chart is not None]
    c = b.chart
    assert c is not None and c.kind == "pareto" and c.title == "缺陷排列图"
    assert c.categories == ["焊点虚焊", "尺寸超差", "表面划伤", "其他"]
    assert c.series[0].name == "频数" and c.series[0].values == [45.0, 25.0, 18.0, 12.0]
    assert c.series[1].name == "累计百分比" and c.series[1].values == [45.0, 70.0, 88.0, 100.0]
    assert "此图表在您的 PowerPoint 版本中不可用" not in doc.text  # the Choice was taken, not the Fallback
    assert b.source.bbox == pytest.approx((72.0, 125.98, 544.44, 440.94), abs=0.01)


def test_chartex_histogram_keeps_raw_values() -> None:
    extra = '<cx:layoutPr><cx:binning intervalClosed="r"><cx:binCount val="3"/></cx:binning></cx:layoutPr>'
    part = _chartex_part("", [], [9.8, 10.1, 10.0, 10.3], numeric_only=True).replace(
        b'<cx:dataId val="0"/>', b'<cx:dataId val="0"/>' + extra.encode()
    )
    doc = read_bytes(_chartex_deck(part), "histogram.pptx")
    (c,) = [b.chart for b in doc.blocks if b.chart is not None]
    assert c is not None and c.kind == "histogram" and c.series[0].values == [9.8, 10.1, 10.0, 10.3]


def test_broken_chartex_part_is_reported_not_fatal() -> None:
    doc = read_bytes(_chartex_deck(b"<cx:chartSpace><unclosed>"), "broken-chart.pptx")
    assert doc.title == "要因分析"
    assert any("chartex" in u for u in doc.coverage.unreadable)


# ---- embedded OLE objects -------------------------------------------------------------------------------


def test_embedded_excel_and_word_objects_are_read(read_real: Callable[[str], Document]) -> None:
    doc = read_real("tika/testPPT_various2.pptx")
    ole = [b for b in doc.blocks if b.source.part == "ole"]
    sheet = next(b for b in ole if b.source.page == 2)
    assert sheet.kind == BlockKind.table and sheet.table is not None
    assert sheet.table.grid()[0][0] == "Embedded XLSX Spreadsheet"
    word = [b.text for b in ole if b.source.page == 7]
    assert "This is a sample Microsoft Word Document." in word
    word_table = next(b for b in ole if b.source.page == 7 and b.table is not None)
    assert "Nested table" in word_table.text
    # the PDF object cannot be read: said so, per slide
    assert any(u.startswith("第 6 页") and "AcroExch" in u for u in doc.coverage.unreadable)


def _xlsx_with_merges() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "要因", "对策", "负责人", "完成时间"])
    ws.append([1, "焊接温度不稳定", "加装温控仪", "张三", "2024-03"])
    ws.append([2, "操作不规范", "开展培训", "李四", None])
    ws.merge_cells("D2:D3")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_embedded_worksheet_with_merged_cells_becomes_a_table() -> None:
    from ingest.readers.pptx_ole import read_ole

    content = read_ole(_xlsx_with_merges(), "Excel.Sheet.12", "deck.pptx", ReadOptions())
    assert content.unreadable is None
    ((text, table),) = content.items
    assert table is not None and (table.n_rows, table.n_cols) == (3, 5)
    assert table.grid()[2][3] is None and table.filled_grid()[2][3] == "张三"
    assert "焊接温度不稳定\t加装温控仪\t张三" in text


def test_legacy_and_garbage_ole_objects_are_unreadable() -> None:
    from ingest.readers.pptx_ole import read_ole

    assert read_ole(b"\x00garbage", "Visio.Drawing.15", "d.pptx", ReadOptions()).unreadable
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/huge.bin", b"\0" * (8 * 1024 * 1024))
    content = read_ole(bomb.getvalue(), "Excel.Sheet.12", "d.pptx", ReadOptions())
    assert content.unreadable is not None and "压缩" in content.unreadable


# ---- hostile input: mutated real decks ------------------------------------------------------------------

_FUZZ_VALUES = ["abc", "-1", "0", "99999999999999999999", "", "1.5"]


def _mutate_xml(xml: bytes, rng: random.Random) -> bytes:
    root = etree.fromstring(xml)
    for _ in range(rng.randint(1, 4)):
        els = list(root.iter())
        el = rng.choice(els)
        r = rng.random()
        parent = el.getparent()
        if r < 0.35 and parent is not None:
            parent.remove(el)
        elif r < 0.75 and el.attrib:
            el.set(rng.choice(sorted(el.attrib)), rng.choice(_FUZZ_VALUES))
        elif r < 0.85 and parent is not None:
            parent.append(copy.deepcopy(el))
        else:
            el.text = rng.choice(_FUZZ_VALUES)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _mutated(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.3:  # byte level: truncation or flipped bytes
        b = bytearray(data)
        if rng.random() < 0.4:
            return bytes(b[: rng.randrange(len(b))])
        for _ in range(rng.randint(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [
        n
        for n in src.namelist()
        if n.endswith(".xml")
        and re.search(r"slides/|charts/|diagrams/data|slideLayouts/|notesSlides/|presentation\.xml|Content_Types", n)
    ]
    target = rng.choice(names)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            blob = src.read(info)
            out.writestr(info.filename, _mutate_xml(blob, rng) if info.filename == target else blob)
    return buf.getvalue()


@pytest.mark.parametrize("seed", range(4))
def test_mutated_decks_give_a_document_or_a_named_error(realdocs_dir: Path, seed: int) -> None:
    """Structure-aware fuzzing (elements removed/duplicated, attributes set to garbage, bytes flipped):
    every outcome is a Document or an IngestError, never another exception."""
    rng = random.Random(seed)
    decks = sorted(p for p in realdocs_dir.rglob("*.pptx") if "protected" not in p.name)
    outcomes: Counter[str] = Counter()
    for _ in range(25):
        data = _mutated(rng.choice(decks).read_bytes(), rng)
        try:
            read_bytes(data, "fuzz.pptx", ReadOptions(ocr=False))
            outcomes["ok"] += 1
        except IngestError as e:
            outcomes[e.code] += 1
    assert sum(outcomes.values()) == 25


def test_unsupported_zip_version_is_corrupt(realdoc: Callable[[str], Path]) -> None:
    data = bytearray(realdoc("unstructured/fake-power-point-table.pptx").read_bytes())
    cd = data.find(b"PK\x01\x02")
    data[cd + 6 : cd + 8] = (244).to_bytes(2, "little")  # "version needed to extract" 24.4
    with pytest.raises(CorruptError):
        read_bytes(bytes(data), "v.pptx")


# ---- text boxes that act as slide titles ------------------------------------------------------------------


def _textbox(slide: object, text: str, top_emu: int, size_pt: float | None) -> None:
    tf = slide.shapes.add_textbox(Emu(457200), Emu(top_emu), Emu(8000000), Emu(600000)).text_frame  # type: ignore[attr-defined]
    tf.text = text
    if size_pt is not None:
        tf.paragraphs[0].runs[0].font.size = Pt(size_pt)


def test_large_top_text_box_is_the_slide_title() -> None:
    prs = Presentation()
    s1 = prs.slides.add_slide(prs.slide_layouts[6])
    _textbox(s1, "二、现状调查", 300000, 28)
    _textbox(s1, "调查时间：2024年3月；样本量：1200件", 1500000, 16)
    s2 = prs.slides.add_slide(prs.slide_layouts[6])
    _textbox(s2, "三、设定目标", 300000, 18)  # not larger than the body: stays a paragraph
    _textbox(s2, "目标：不良率由3%降至1%", 1500000, 18)
    s3 = prs.slides.add_slide(prs.slide_layouts[6])
    _textbox(s3, "正文在上方", 300000, None)  # no stated size: no evidence, no promotion
    _textbox(s3, "大号字但在页面下部", 5000000, 32)
    doc = read_bytes(_save(prs), "visual.pptx")
    kinds = {b.text: (b.kind, b.level) for b in doc.blocks}
    assert kinds["二、现状调查"] == (BlockKind.title, 1)
    assert kinds["调查时间：2024年3月；样本量：1200件"][0] == BlockKind.paragraph
    assert kinds["三、设定目标"][0] == BlockKind.paragraph
    assert kinds["大号字但在页面下部"][0] == BlockKind.paragraph
    assert doc.title == "二、现状调查"


def test_cover_title_text_box_anywhere_on_slide_one() -> None:
    prs = Presentation()
    s1 = prs.slides.add_slide(prs.slide_layouts[6])
    _textbox(s1, "某某公司QC小组", 500000, 18)
    _textbox(s1, "降低转向节镗孔尺寸超差率", 2600000, 40)  # middle of the cover
    doc = read_bytes(_save(prs), "cover.pptx")
    assert doc.title == "降低转向节镗孔尺寸超差率"
    assert doc.blocks[0].kind == BlockKind.title  # read first


def test_title_placeholder_wins_over_large_text_box(read_real: Callable[[str], Document]) -> None:
    doc = read_real("docling/powerpoint_sample.pptx")
    assert [b.text for b in doc.blocks if b.kind == BlockKind.title] == ["Test Table Slide", "Second slide title"]


def test_inherited_placeholder_positions_match_python_pptx(realdocs_dir: Path) -> None:
    """Our layout/master maps give every slide placeholder the position python-pptx's own (slow)
    inheritance gives it."""
    from ingest.readers.pptx_geometry import inherited_rect, placeholder_map

    checked = 0
    for path in sorted(realdocs_dir.rglob("*.pptx")):
        if "protected" in path.name or "malformed" in path.name:
            continue
        prs = Presentation(path)
        for slide in prs.slides:
            layout = slide.slide_layout
            maps = (
                placeholder_map(layout._element.cSld.spTree),
                placeholder_map(layout.slide_master._element.cSld.spTree),
            )
            for shape in slide.placeholders:
                if shape._element.tag != f"{{{NS_P}}}sp":
                    continue  # picture/graphic-frame placeholders carry their own xfrm
                if shape._element.find(f"{{{NS_P}}}spPr/{{{NS_A}}}xfrm") is not None:
                    continue
                ph = shape._element.find(f"{{{NS_P}}}nvSpPr/{{{NS_P}}}nvPr/{{{NS_P}}}ph")
                want = (shape.left, shape.top, shape.width, shape.height)
                got = inherited_rect(ph, *maps)
                assert (got or (None, None, None, None)) == want, f"{path.name}: {shape.name}"
                checked += 1
    assert checked >= 20


# ---- scanned pages as slide backgrounds --------------------------------------------------------------------

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


def _text_png(text: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1200, 300), "white")
    ImageDraw.Draw(img).text((40, 90), text, fill="black", font=ImageFont.truetype(str(CJK_FONT), 96))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_background_picture_of_a_text_poor_slide_is_ocrd(tmp_path: Path) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    if not CJK_FONT.exists():
        pytest.skip("no CJK font to draw the scanned page")
    png = tmp_path / "scan.png"
    png.write_bytes(_text_png("降低焊接不良率"))
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[6])
    pic = s.shapes.add_picture(str(png), Emu(0), Emu(0))
    rid = pic._element.find(f".//{{{NS_A}}}blip").get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
    )
    pic._element.getparent().remove(pic._element)  # keep only the relationship: the picture becomes the background
    c_sld = s._element.find(f"{{{NS_P}}}cSld")
    bg = etree.fromstring(
        f'<p:bg xmlns:p="{NS_P}" xmlns:a="{NS_A}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<p:bgPr><a:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>'
    )
    c_sld.insert(0, bg)
    doc = read_bytes(_save(prs), "scanned.pptx")
    ocr = [b for b in doc.blocks if b.kind == BlockKind.image_text]
    assert ocr and "焊接" in "".join(b.text for b in ocr)
    assert ocr[0].source.bbox == (0.0, 0.0, 720.0, 540.0)  # the whole slide
    assert doc.coverage.pages_ocr == [1]


def test_layout_decoration_does_not_prevent_ocr(tmp_path: Path) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    if not CJK_FONT.exists():
        pytest.skip("no CJK font to draw the picture")
    png = tmp_path / "p.png"
    png.write_bytes(_text_png("要因确认表"))
    prs = _deck_with_layout_text("某某集团有限公司第三届质量管理小组成果发布会", slides=0)
    s = prs.slides.add_slide(prs.slide_layouts[6])
    s.shapes.add_picture(str(png), Emu(0), Emu(1000000), Emu(9000000))
    doc = read_bytes(_save(prs), "layout-ocr.pptx")
    assert "某某集团有限公司第三届质量管理小组成果发布会" in doc.text  # layout text: body on its first slide
    assert doc.coverage.pages_ocr == [1] and "要因" in doc.text
