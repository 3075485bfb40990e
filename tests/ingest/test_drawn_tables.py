"""Tables drawn from shapes (issue 11): rectangles and text boxes laid out as a grid become one table
block (`source.part == "drawn"`) with spans; slides that are not tables stay paragraphs."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.shared import Cm
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Pt

from ingest import BlockKind, Document, read, read_bytes
from ingest.readers.drawn_tables import Box, find_tables
from ingest.readers.legacy import convert_with_libreoffice, soffice_path

HEADER = ["要因", "对策", "目标", "负责人"]
BODY = [["培训不足", "开展焊接培训", "合格率≥95%", "张三"], ["参数不稳", "固化工艺参数", "波动≤5%", "李四"]]


def _read(prs: Presentation) -> Document:
    buf = io.BytesIO()
    prs.save(buf)
    return read_bytes(buf.getvalue(), "drawn.pptx")


def _grid_slide(*, grouped: bool = False, gap: int = 0) -> Presentation:
    """A 对策表 drawn as rectangles: a title cell over all columns, a header row, two rows (one empty cell)."""
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "四、制定对策"
    shapes = s.shapes.add_group_shape().shapes if grouped else s.shapes
    x0, y0, w, h = Pt(40), Pt(150), Pt(150), Pt(40)
    top = shapes.add_shape(MSO_SHAPE.RECTANGLE, x0, y0, 4 * w + 3 * gap, h)
    top.text_frame.text = "对策表"
    for r, row in enumerate([HEADER, *BODY]):
        for c, text in enumerate(row):
            cell = shapes.add_shape(MSO_SHAPE.RECTANGLE, x0 + c * (w + gap), y0 + (r + 1) * (h + gap), w, h)
            if not (r == 2 and c == 2):
                cell.text_frame.text = text
    return prs


def _drawn(doc: Document) -> list:
    return [b for b in doc.blocks if b.kind == BlockKind.table and b.source.part == "drawn"]


def test_rectangles_in_a_grid_are_one_table() -> None:
    doc = _read(_grid_slide())
    (block,) = _drawn(doc)
    t = block.table
    assert t is not None and (t.n_rows, t.n_cols) == (4, 4)
    assert t.rows[0][0].text == "对策表" and t.rows[0][0].col_span == 4
    assert t.grid()[1] == HEADER and t.grid()[2] == BODY[0]
    assert t.grid()[3] == ["参数不稳", "固化工艺参数", "", "李四"]  # the empty rectangle is an empty cell
    assert not [b for b in doc.blocks if b.kind == BlockKind.paragraph and b.text in ("培训不足", "对策表")]
    assert doc.text.index("四、制定对策") < doc.text.index("培训不足")
    assert block.text == t.to_text()


def test_grid_inside_a_group_with_small_gaps() -> None:
    doc = _read(_grid_slide(grouped=True, gap=Pt(4)))
    (block,) = _drawn(doc)
    assert block.table is not None and (block.table.n_rows, block.table.n_cols) == (4, 4)
    assert block.table.rows[0][0].col_span == 4


def test_text_boxes_on_empty_rectangles() -> None:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[6])
    w, h = Pt(120), Pt(36)
    for r, row in enumerate([HEADER, *BODY]):
        for c, text in enumerate(row):
            x, y = Pt(40) + c * w, Pt(100) + r * h
            s.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y, w, h)
            box = s.shapes.add_textbox(x + Pt(6), y + Pt(6), w - Pt(12), h - Pt(12))
            box.text_frame.text = text
    (block,) = _drawn(_read(prs))
    assert block.table is not None and block.table.grid() == [HEADER, *BODY]


def test_aligned_loose_text_boxes() -> None:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[6])
    for r, row in enumerate([HEADER, *BODY, ["设备老化", "更换焊机", "故障≤1次", "王五"]]):
        for c, text in enumerate(row):
            box = s.shapes.add_textbox(Pt(40) + c * Pt(160), Pt(100) + r * Pt(50), Pt(110), Pt(24))
            box.text_frame.text = text
    (block,) = _drawn(_read(prs))
    assert block.table is not None and block.table.grid()[0] == HEADER and block.table.n_rows == 4


def test_two_columns_and_a_flowchart_are_not_tables() -> None:
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[6])
    for i, text in enumerate(["现状：不良率 8%", "目标：不良率 3%"]):
        s.shapes.add_textbox(Pt(40) + i * Pt(330), Pt(100), Pt(300), Pt(200)).text_frame.text = text
    flow = prs.slides.add_slide(prs.slide_layouts[6])
    for i, text in enumerate(["领料", "下料", "焊接", "检验"]):
        flow.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, Pt(200), Pt(40) + i * Pt(110), Pt(160), Pt(50)
        ).text_frame.text = text
    doc = _read(prs)
    assert not _drawn(doc) and "焊接" in doc.text


def test_find_tables_needs_every_box_in_its_own_place() -> None:
    boxes = [
        Box((0, 0, 50, 20), "a"),
        Box((50, 0, 100, 20), "b"),
        Box((0, 20, 50, 40), "c"),
        Box((50, 20, 100, 40), "d"),
    ]
    assert not find_tables(boxes)  # 2 × 2: too small to be sure it is a table
    boxes += [Box((0, 40, 50, 60), "e"), Box((50, 40, 100, 60), "f")]
    (found,) = find_tables(boxes)
    assert found.table.grid() == [["a", "b"], ["c", "d"], ["e", "f"]] and sorted(found.members) == list(range(6))
    overlapping = [*boxes, Box((2, 2, 48, 18), "x")]
    assert all(6 not in f.members for f in find_tables(overlapping))


def test_a_rule_line_above_a_two_row_grid_is_no_cell() -> None:
    """The accent line under a slide title, 7 pt above a header row and one body row (seen fresh4 i53:
    the line joined the grid and no 对策表 was read)."""
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "制定对策"
    s.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(28), Pt(106), Pt(900), Pt(2))
    w, h = Pt(120), Pt(44)
    for r, row in enumerate([HEADER, BODY[0]]):
        for c, text in enumerate(row):
            s.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(32) + c * w, Pt(115) + r * h, w, h).text_frame.text = text
    (block,) = _drawn(_read(prs))
    assert block.table is not None and block.table.grid() == [HEADER, BODY[0]]
    assert not find_tables(
        [Box((0, 0, 300, 2), ""), Box((0, 8, 300, 10), ""), *[Box((0, 20 * i, 2, 20 * i + 2), "") for i in range(3)]]
    )


def _grid_beside_text(where: str) -> Presentation:
    """A grid of drawn rectangles with a bare text box of prose touching it above or on its left (the
    way a slide sets its survey lines beside a drawn 查检表)."""
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "二、现状调查"
    w, h = Pt(110), Pt(36)
    x0, y0 = (Pt(300), Pt(120)) if where == "left" else (Pt(40), Pt(200))
    box = (Pt(40), Pt(120), Pt(260), Pt(4 * 36)) if where == "left" else (Pt(40), Pt(120), Pt(4 * 110), Pt(80))
    lines = ["调查时间：3月1日—3月31日，共检查320例", "结果：不合格84例，不合格率26.25%"]
    s.shapes.add_textbox(*box).text_frame.text = "\n".join(lines)
    for r, row in enumerate([HEADER, *BODY, ["设备老化", "更换焊机", "故障≤1次", "王五"]]):
        for c, text in enumerate(row):
            s.shapes.add_shape(MSO_SHAPE.RECTANGLE, x0 + c * w, y0 + r * h, w, h).text_frame.text = text
    return prs


@pytest.mark.parametrize("where", ["above", "left"])
def test_bare_text_box_touching_a_drawn_grid_stays_prose(where: str) -> None:
    """Text with no outline and no fill lying wholly outside the drawn cells is no row or column of the
    grid: the table keeps its own four columns and the prose stays a paragraph."""
    doc = _read(_grid_beside_text(where))
    (block,) = _drawn(doc)
    assert block.table is not None and block.table.grid()[0] == HEADER and block.table.n_cols == 4
    assert "26.25%" not in block.text
    assert any("26.25%" in b.text for b in doc.blocks if b.kind != BlockKind.table)


@pytest.mark.slow
def test_pdf_of_a_drawn_grid_has_the_table(tmp_path: Path) -> None:
    """The deck exported to PDF (LibreOffice): painted rectangles with small gaps, no ruling lines."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    src = tmp_path / "drawn.pptx"
    _grid_slide(gap=Pt(6)).save(str(src))
    pdf = convert_with_libreoffice(src, "pdf", tmp_path / "out", 120)
    doc = read(pdf)
    (block,) = _drawn(doc)
    t = block.table
    assert t is not None and (t.n_rows, t.n_cols) == (4, 4) and t.rows[0][0].col_span == 4
    assert t.grid()[1] == HEADER and [(c or "").replace(" ", "") for c in t.grid()[2]] == BODY[0]
    assert "开展焊接培训" not in "".join(b.text for b in doc.blocks if b.kind == BlockKind.paragraph)


@pytest.mark.slow
def test_pdf_table_without_rules_and_wrapped_cells(tmp_path: Path) -> None:
    """A Word table without borders exported to PDF: columns from white rivers, wrapped cells joined."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    rows = [
        ["序号", "末端因素", "确认方法", "标准", "结论"],
        ["1", "测量仪零点漂移导致读数偏大", "测量系统分析", "GRR≤10%", "非要因"],
        ["2", "修整补偿量设置不当", "跟踪修整后五十件", "偏差≤2μm", "要因"],
        ["3", "冷却液温度波动", "记录一个班次温度", "波动≤2℃", "要因"],
    ]
    d = docx.Document()
    d.add_paragraph("要因确认表")
    table = d.add_table(rows=len(rows), cols=len(rows[0]))  # no style: no borders
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
            table.cell(r, c).width = Cm(1.5 if c == 0 else 3.2)
    d.add_paragraph("结论：两项要因。")
    src = tmp_path / "record.docx"
    d.save(str(src))
    doc = read(convert_with_libreoffice(src, "pdf", tmp_path / "out", 120))
    (block,) = [b for b in doc.blocks if b.kind == BlockKind.table]
    assert block.source.part == "borderless" and block.table is not None
    grid = [[(c or "").replace(" ", "") for c in row] for row in block.table.grid()]
    assert grid == rows
    assert "结论：两项要因。" in doc.text and "测量仪零点" not in "".join(
        b.text for b in doc.blocks if b.kind != BlockKind.table
    )
