"""Pictures (issue 11): every meaningful picture read, classified, cached, within a budget; table
screenshots as tables; icons skipped; unread pictures listed. Pictures are drawn with real CJK fonts
(picture_fixtures.py) and placed in decks and Word files built here."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from pptx import Presentation
from pptx.util import Emu, Pt

from ingest import BlockKind, Document, ReadOptions, read_bytes
from ingest.model import FigureKind
from ingest.readers import ocr

from . import picture_fixtures as pf

pytestmark = pytest.mark.skipif(pf.cjk_font_path() is None, reason="no CJK font to draw the pictures")

TABLE_ROWS = [
    ["序号", "要因", "对策", "负责人"],
    ["1", "培训不足", "开展培训", "张三"],
    ["2", "参数不稳", "固化参数", "李四"],
]


def _deck(pictures: list[bytes], *, title: str = "图示", size: tuple[int, int] | None = None) -> bytes:
    prs = Presentation()
    for data in pictures:
        s = prs.slides.add_slide(prs.slide_layouts[5])
        s.shapes.title.text = title
        width, height = size or (Emu(7_000_000), None)
        s.shapes.add_picture(io.BytesIO(data), Emu(900_000), Emu(1_600_000), width, height)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def figures_deck() -> tuple[list[str], Document]:
    kinds = ["table", "banner", "photo", "cause_effect", "pareto", "bar", "pie", "line", "scatter"]
    pictures = [
        pf.table_png(TABLE_ROWS, merged_header="对策实施表"),
        pf.banner_png("四、现状调查"),
        pf.photo_png(),
        pf.fishbone_png(),
        *(pf.chart_png(k) for k in ("pareto", "bar", "pie", "line", "scatter")),
    ]
    return kinds, read_bytes(_deck(pictures), "figures.pptx")


@pytest.mark.slow
def test_every_picture_is_classified(figures_deck: tuple[list[str], Document]) -> None:
    kinds, doc = figures_deck
    figures = {b.source.page: b.figure for b in doc.blocks if b.figure is not None}
    assert sorted(figures) == list(range(1, len(kinds) + 1))  # one figure per slide, each slide has a title too
    got = [figures[p].kind.value for p in sorted(figures)]  # type: ignore[union-attr]
    assert got == kinds
    for fig in figures.values():
        assert fig is not None and fig.evidence and 0 < fig.confidence <= 1 and len(fig.image_hash) == 16


@pytest.mark.slow
def test_table_screenshot_is_a_table_with_spans(figures_deck: tuple[list[str], Document]) -> None:
    _, doc = figures_deck
    block = next(b for b in doc.blocks if b.source.page == 1 and b.figure is not None)
    assert block.kind == BlockKind.table and block.source.part == "ocr" and block.table is not None
    t = block.table
    assert (t.n_rows, t.n_cols) == (4, 4)
    assert t.rows[0][0].text == "对策实施表" and t.rows[0][0].col_span == 4
    assert t.grid()[2] == ["1", "培训不足", "开展培训", "张三"]
    assert block.figure is not None and block.figure.title == "对策实施表"


@pytest.mark.slow
def test_banner_text_and_photo_without_text(figures_deck: tuple[list[str], Document]) -> None:
    _, doc = figures_deck
    banner = next(b for b in doc.blocks if b.source.page == 2 and b.figure is not None)
    assert banner.kind == BlockKind.image_text and "现状调查" in banner.text and "现状调查" in doc.text
    photo = next(b for b in doc.blocks if b.source.page == 3 and b.figure is not None)
    assert photo.text == "" and photo.figure is not None and photo.figure.kind == FigureKind.photo
    assert doc.coverage.pages[2].pictures == doc.coverage.pages[2].pictures_read == 1
    assert not doc.coverage.pages[2].ocr  # a photo gives no text


@pytest.mark.slow
def test_results_cached_across_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _deck([pf.banner_png("五、要因确认"), pf.table_png(TABLE_ROWS)])
    options = ReadOptions(ocr_cache_dir=tmp_path / "ocr")
    first = read_bytes(data, "a.pptx", options)
    assert len(list((tmp_path / "ocr").rglob("*.json"))) == 2

    def no_ocr(*args: object, **kwargs: object) -> ocr.OcrResult:
        raise AssertionError("a cached picture was OCR'd again")

    monkeypatch.setattr(ocr, "ocr_array", no_ocr)
    again = read_bytes(data, "b.pptx", options)  # another document with the same pictures
    assert [(b.kind, b.text, b.figure) for b in again.blocks] == [(b.kind, b.text, b.figure) for b in first.blocks]


@pytest.mark.slow
def test_pictures_past_the_budget_are_listed(tmp_path: Path) -> None:
    data = _deck([pf.banner_png("一、选择课题"), pf.banner_png("二、设定目标")])
    doc = read_bytes(data, "slow.pptx", ReadOptions(ocr_budget_s=1e-9))
    assert not [b for b in doc.blocks if b.figure is not None]
    assert [(u.page, u.code) for u in doc.coverage.unread_pictures] == [(1, "budget"), (2, "budget")]
    assert all(u.image_hash and u.bbox for u in doc.coverage.unread_pictures)
    assert any(i.code == "ingest.pictures_unread" and i.severity == "major" for i in doc.issues)
    assert sum("超出" in u for u in doc.coverage.unreadable) == 2
    assert [p.pictures for p in doc.coverage.pages] == [1, 1] and [p.pictures_read for p in doc.coverage.pages] == [
        0,
        0,
    ]


def test_ocr_off_lists_every_picture() -> None:
    doc = read_bytes(_deck([pf.banner_png("三、原因分析")]), "off.pptx", ReadOptions(ocr=False))
    assert [u.code for u in doc.coverage.unread_pictures] == ["ocr_off"]


def test_icons_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_ocr(*args: object, **kwargs: object) -> ocr.OcrResult:
        raise AssertionError("an icon was OCR'd")

    monkeypatch.setattr(ocr, "ocr_array", no_ocr)
    doc = read_bytes(_deck([pf.banner_png("图标")], size=(Pt(30), Pt(20))), "icon.pptx")
    assert doc.coverage.pages[0].pictures == 0 and not doc.coverage.unread_pictures


@pytest.mark.slow
def test_repeated_logo_is_body_once_then_furniture() -> None:
    logo = pf.banner_png("质量管理小组")
    doc = read_bytes(_deck([logo, logo, logo]), "logo.pptx")
    kinds = [b.kind for b in doc.blocks if b.figure is not None]
    assert kinds == [BlockKind.image_text, BlockKind.furniture, BlockKind.furniture]
    assert doc.text.count("质量管理小组") == 1


@pytest.mark.slow
def test_docx_picture_in_a_table_cell_is_read(tmp_path: Path) -> None:
    png = tmp_path / "chart.png"
    png.write_bytes(pf.banner_png("改进前后对比"))
    d = docx.Document()
    d.add_paragraph("效果检查")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "改进前后"
    table.cell(0, 1).paragraphs[0].add_run().add_picture(str(png), width=Emu(4_000_000))
    d.add_paragraph("结论：目标达成")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_bytes(buf.getvalue(), "record.docx")
    kinds = [b.kind for b in doc.blocks]
    assert kinds == [BlockKind.paragraph, BlockKind.table, BlockKind.image_text, BlockKind.paragraph]
    pic = doc.blocks[2]
    assert "改进前后对比" in pic.text and pic.source.part == "ocr" and pic.figure is not None
    assert pic.source.page == doc.blocks[1].source.page


def test_unruled_table_keeps_a_cells_wrapped_lines_in_its_row() -> None:
    """A 对策表 screenshot whose vertical rulings are not found (a filled header band joins them): the
    措施 cell wraps onto three lines. The lines under one cell are that row continued, not rows of their
    own (seen fresh8 n02); a row that fills most columns again is the next row."""
    from ingest.pictures.features import ImageFeatures
    from ingest.pictures.ocr_table import table_from_lines

    def box(text: str, x0: float, top: float, x1: float) -> ocr.Line:
        return (text, (x0, top, x1, top + 20.0), 0.99)

    cols = [(20, "序号"), (90, "要因"), (310, "对策"), (550, "措施"), (800, "完成时间"), (950, "负责人")]
    lines = [box(t, x, 80, x + 60) for x, t in cols]
    lines += [box("1", 20, 125, 40), box("踩倒", 90, 125, 160), box("改用支架", 310, 125, 400)]
    lines += [box("1.加工支架", 550, 125, 700), box("2024年4月", 800, 125, 900), box("罗国华", 950, 125, 1010)]
    lines += [box("2.焊接固定", 550, 152, 700), box("3.逐点复核", 550, 179, 700)]
    lines += [box("2", 20, 225, 40), box("间距大", 90, 225, 160), box("加密控制点", 310, 225, 420)]
    lines += [box("1.修改交底", 550, 225, 700), box("2024年5月", 800, 225, 900), box("万俊", 950, 225, 1000)]
    found = table_from_lines(lines, ImageFeatures(width=1100, height=260))
    assert found is not None
    table = found[0]
    assert table.n_rows == 3
    assert [c.text for c in table.rows[1]][3] == "1.加工支架2.焊接固定3.逐点复核"
    assert table.rows[2][0].text == "2"
