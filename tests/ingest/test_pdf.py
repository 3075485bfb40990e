"""PDF reader: Chinese font decoding, reading order, tables, fake bold, unmapped glyphs, encryption,
scanned pages. Real files from shared/realdocs plus PDFs rendered here by LibreOffice when needed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest import BlockKind, Document, ReadOptions, read, read_bytes
from ingest.errors import CorruptError, EmptyError, EncryptedError
from ingest.readers.pdf_layout import Char, build_lines, dedupe, recover_gbk

NO_OCR = ReadOptions(ocr=False)


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def read_no_ocr(realdoc: Callable[[str], Path]) -> Callable[[str], Document]:
    cache: dict[str, Document] = {}

    def _read(rel: str) -> Document:
        if rel not in cache:
            cache[rel] = read(realdoc(rel), NO_OCR)
        return cache[rel]

    return _read


def test_gbk_non_embedded_fonts_decoded(read_no_ocr: Callable[[str], Document]) -> None:
    doc = read_no_ocr("pdfjs/XiaoBiaoSong.pdf")
    text = compact(doc.text)
    assert "目录" in text and "关于红军作战的原则" in text
    assert not re.search(r"[\u0080-\u00ff]{3}", doc.text), "Latin-1 mojibake left in the text"
    assert "全世界无产者，联合起来" in read_no_ocr("pdfjs/SimFang-variant.pdf").text


def test_recover_gbk_recipe() -> None:
    mojibake = "目录".encode("gbk").decode("latin-1") + "关于红军".encode("gbk").decode("latin-1")
    assert recover_gbk(mojibake) == "目录关于红军"
    assert recover_gbk("Ordinary text, café") == "Ordinary text, café"


def test_reading_order_toc_lines(read_no_ocr: Callable[[str], Document]) -> None:
    text = read_no_ocr("pdfjs/XiaoBiaoSong.pdf").text
    a, b, c = text.find("关于红军作战的原则"), text.find("（一九三七年八月一日）"), text.find("对国防问题的意见")
    assert 0 <= a < b < c


def test_two_columns_read_column_by_column(read_no_ocr: Callable[[str], Document]) -> None:
    text = compact(read_no_ocr("tika/testPDF_bad_page_303226.pdf").text)
    # left column continues with its own next line, not with the right column's
    assert "conditionthattheregistrantkeeprecordsofsuchdisposals" in text
    assert "(cid:" not in text


def test_unmapped_glyphs_flagged_not_emitted(read_no_ocr: Callable[[str], Document]) -> None:
    doc = read_no_ocr("pdfjs/issue12823.pdf")
    assert "(cid:" not in doc.text
    issues = [i for i in doc.issues if i.code == "ingest.cid_glyphs"]
    assert issues and issues[0].source is not None and issues[0].source.page == 1
    assert re.search(r"\d+ 个字形", issues[0].message)


def test_fake_bold_deduplicated(read_no_ocr: Callable[[str], Document]) -> None:
    text = read_no_ocr("pdfplumber/issue-71-duplicate-chars.pdf").text
    assert "项目描述：负责四川省甘孜州丹巴磨子电站" in text
    assert "项项目目" not in text


def test_dedupe_keeps_real_repeats() -> None:
    def ch(c: str, x: float) -> Char:
        return Char(c, x, 10.0, x + 10, 22.0, 12.0, False, False, 0)

    chars = [ch("哈", 0), ch("哈", 0.4), ch("哈", 12), ch("。", 24), ch("。", 36)]
    kept, dropped = dedupe(chars)
    assert dropped == 1 and [c.x0 for c in kept] == [0, 12, 24, 36]


def test_ruled_tables_with_merged_cells(read_no_ocr: Callable[[str], Document]) -> None:
    doc = read_no_ocr("pdfplumber/issue-336-example.pdf")
    tables = [b.table for b in doc.blocks if b.table is not None]
    assert len(tables) == 3
    merged = [t for t in tables if any(c.row_span > 1 or c.col_span > 1 for r in t.rows for c in r)]
    assert merged, "merged header cells must come back as spans"
    for t in tables:
        grid = t.grid()
        origins = sum(1 for r in t.rows for _ in r)
        covered = sum(1 for r in grid for x in r if x is None)
        assert origins + covered == t.n_rows * t.n_cols  # every grid position exactly once
    assert "公路技术等级" in doc.text


def test_table_text_not_repeated_in_paragraphs(read_no_ocr: Callable[[str], Document]) -> None:
    doc = read_no_ocr("pdfplumber/issue-67-example.pdf")
    # the same counts as in the PDF's own text layer: table cells are not also emitted as paragraphs
    assert doc.text.count("营业收入（元）") == 1
    assert doc.text.count("4,755,785.11") == 3
    assert all(1 <= b.source.page <= doc.pages for b in doc.blocks)


def test_running_headers_are_body_once_then_furniture(read_no_ocr: Callable[[str], Document]) -> None:
    doc = read_no_ocr("pdfplumber/issue-67-example.pdf")
    furniture = [b for b in doc.blocks if b.kind == BlockKind.furniture]
    assert sum(1 for b in furniture if "第一季度报告全文" in b.text) >= 20
    assert doc.text.count("第一季度报告全文") == 1  # where a reader first sees it (issue 11: recall)
    first = next(b for b in doc.blocks if "第一季度报告全文" in b.text)
    assert first.kind == BlockKind.paragraph and first.source.page == 1 and first.source.part == "header"
    assert not any(b.kind != BlockKind.furniture and b.text.strip() in ("1", "2") for b in doc.blocks)


def test_rotated_page_read_upright(read_no_ocr: Callable[[str], Document]) -> None:
    doc = read_no_ocr("pdfplumber/issue-461-example.pdf")  # /Rotate 90
    assert doc.text.startswith("姓")
    assert doc.text.find("性别") < doc.text.find("以下空白")


def test_coverage_per_page(read_no_ocr: Callable[[str], Document]) -> None:
    doc = read_no_ocr("chatchat/1.pdf")
    assert [p.page for p in doc.coverage.pages] == [1, 2, 3, 4, 5]
    assert all(p.has_text_layer and p.chars > 100 and not p.ocr for p in doc.coverage.pages)


def test_scanned_page_without_ocr_is_reported(realdoc: Callable[[str], Path]) -> None:
    with pytest.raises(EmptyError):
        read(realdoc("tika/testOCR.pdf"), NO_OCR)


def test_encryption(realdoc: Callable[[str], Path], read_no_ocr: Callable[[str], Document]) -> None:
    with pytest.raises(EncryptedError):
        read(realdoc("docling/2206.01062_pg3.pdf"))
    assert "RETHINKING THE FINANCIAL NETWORK" in read_no_ocr("tika/testPDF_protected.pdf").text


def test_malformed_pdf(realdoc: Callable[[str], Path]) -> None:
    data = realdoc("chatchat/1.pdf").read_bytes()
    with pytest.raises(CorruptError):
        read_bytes(data[: len(data) // 3], "truncated.pdf")
    with pytest.raises(CorruptError):
        read_bytes(b"%PDF-1.4\n" + b"garbage " * 100, "garbage.pdf")


def test_page_limit(realdoc: Callable[[str], Path]) -> None:
    doc = read(realdoc("pdfplumber/issue-67-example.pdf"), ReadOptions(ocr=False, max_pages=3))
    assert doc.pages == 3
    assert any(i.code == "ingest.page_limit" for i in doc.issues)
    assert doc.coverage.unreadable


@pytest.mark.slow
def test_scanned_pages_ocr(realdoc: Callable[[str], Path]) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    doc = read(realdoc("tika/testOCR.pdf"))
    assert "HappyNewYear2003" in compact(doc.text)
    assert doc.coverage.pages_ocr == [1] and not doc.coverage.pages[0].has_text_layer
    assert any(i.code == "ingest.ocr_used" for i in doc.issues)
    block = next(b for b in doc.blocks if b.kind == BlockKind.image_text)
    assert block.source.part == "ocr" and block.source.bbox is not None


@pytest.mark.slow
def test_picture_on_a_text_page_ocr(realdoc: Callable[[str], Path]) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    doc = read(realdoc("chatchat/ocr_test.pdf"))
    text = compact(doc.text)
    assert text.count("我是文字") == 1  # the text layer is not read again by OCR
    assert "横向文本框" in text and "竖向文本框" in text


def _glyph(ch: str, x: float, top: float, bottom: float, size: float = 12.0) -> Char:
    return Char(ch, x, top, x + size, bottom, size, False, False, 0)


def test_tight_punctuation_boxes_stay_in_their_row() -> None:
    """A font without ascent/descent gives tight glyph boxes: a full-width comma or 顿号 is a sliver at
    the baseline, a quote a sliver at the top. They belong to the row they sit in, not to rows of their
    own (a Word report exported with such a font, seen fresh8 n06)."""
    chars = [
        _glyph("一", 0, 386.6, 393.1),
        _glyph("、", 12, 390.3, 393.2),
        _glyph("选", 24, 381.8, 393.2),
        _glyph("择", 36, 382.1, 393.4),
        _glyph("公", 0, 408.1, 419.5),
        _glyph("司", 12, 408.5, 419.4),
        _glyph("，", 24, 416.4, 419.3),
        _glyph("“", 36, 408.2, 411.0),
        _glyph("签", 48, 408.2, 419.2),
        _glyph("”", 60, 408.2, 411.0),
        _glyph("订", 72, 408.0, 419.4),
        _glyph("。", 84, 416.0, 419.3),
    ]
    lines = build_lines(chars)
    assert [ln.text for ln in lines] == ["一、选择", "公司，“签”订。"]


def test_punctuation_low_in_a_large_heading_stays_in_the_heading() -> None:
    """A slide title in a 30 pt font over 16 pt body text: its 顿号 and dash boxes sit low and are as tall
    as a body glyph, their centres below the title's. They belong to the title, not to rows of their own
    that cut it into "四提出方案 总体方案比较", "、", "—" (a deck exported to PDF, seen fresh12 r43)."""
    title = [
        _glyph("四", 36, 39.4, 64.1, 30.0),
        _glyph("、", 66, 52.0, 64.4, 30.0),
        _glyph("提", 96, 36.9, 65.0, 30.0),
        _glyph("出", 126, 36.9, 65.0, 30.0),
        _glyph("方", 156, 36.5, 65.2, 30.0),
        _glyph("案", 186, 36.7, 65.0, 30.0),
        Char("—", 216, 52.5, 276.0, 64.1, 30.0, False, False, 0),
        _glyph("比", 276, 37.2, 65.0, 30.0),
        _glyph("较", 306, 36.6, 65.2, 30.0),
    ]
    body = [
        Char(ch, 40 + 16 * k, 100.0, 56 + 16 * k, 114.5, 16.0, False, False, 0)
        for k, ch in enumerate("小组提出3个方案，各试做50条")
    ]
    lines = build_lines(title + body)
    assert [ln.text for ln in lines] == ["四、提出方案—比较", "小组提出3个方案，各试做50条"]


def test_a_dash_between_two_rows_of_text_stays_apart() -> None:
    """Punctuation joins a row only where the row's span holds its centre: a rule of dashes between two
    lines is no part of either."""
    rows = [_glyph(ch, 12 * k, 100.0, 112.0) for k, ch in enumerate("小组公司合同")]
    rows += [_glyph(ch, 12 * k, 130.0, 142.0) for k, ch in enumerate("双方签订协议")]
    dash = [_glyph("—", 12 * k, 119.0, 122.0) for k in range(2)]
    assert sorted(ln.text for ln in build_lines(rows + dash)) == sorted(["小组公司合同", "——", "双方签订协议"])


def test_a_lone_small_glyph_far_from_any_row_keeps_its_own() -> None:
    """A dot away from every row (a stray mark under the text) opens a row of its own, it is not pulled
    into the nearest line."""
    chars = [_glyph("公", 0, 100.0, 111.0), _glyph("司", 12, 100.0, 111.0), _glyph("·", 200, 300.0, 302.0)]
    assert [ln.text for ln in build_lines(chars)] == ["公司", "·"]


@pytest.mark.slow
def test_a_scanned_page_carries_the_recognisers_confidence_per_line() -> None:
    """Every OCR'd line of a scanned page is one `image_text` block with its box and `ocr_score`
    (nlp.legibility decides from it whether a scanned step counts as read)."""
    pytest.importorskip("rapidocr_onnxruntime")
    from .picture_fixtures import cjk_font_path, scanned_pdf

    if cjk_font_path() is None:
        pytest.skip("no CJK font installed")
    body = [
        (90, 90, "十、巩固措施"),
        (90, 115, "将班前校核和刀具寿命管理纳入公司企业标准《钢筋直螺纹连接施工工艺标准》，"),
        (90, 132, "经公司总工程师批准发布。巩固期8月抽检1250个，不合格40个。"),
        (120, 170, "月份"),
        (250, 170, "抽检数"),
        (380, 170, "不合格率"),
    ]
    doc = read_bytes(scanned_pdf(body, seed=3), "scan.pdf")
    assert doc.coverage.pages_ocr == [1] and not doc.coverage.pages[0].has_text_layer
    lines = [b for b in doc.blocks if b.kind == BlockKind.image_text]
    assert len(lines) >= 5 and all(b.source.bbox is not None and "\n" not in b.text for b in lines)
    assert all(b.ocr_score is not None and 0.5 <= b.ocr_score <= 1.0 for b in lines)
    assert sum(b.ocr_score or 0 for b in lines) / len(lines) > 0.85  # a clean print reads with confidence
    assert "巩固措施" in re.sub(r"\s", "", doc.text)
    assert all(b.ocr_score is None for b in doc.blocks if b.kind != BlockKind.image_text)
