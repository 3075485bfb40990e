"""Where one paragraph of a PDF's text layer ends and the next begins when nothing but the line ends tell: the
bullets of one text box (a slide exported to PDF by LibreOffice) sit at the same line spacing as a bullet's
wrapped lines. A line ended its paragraph when the next line's first word would have fitted after it."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.shared import Pt as DocxPt
from pptx import Presentation
from pptx.util import Pt

from ingest import BlockKind, Document, read
from ingest.readers.legacy import convert_with_libreoffice, soffice_path
from ingest.readers.pdf_layout import Char, Line, first_word_width, paragraphs

pytestmark = pytest.mark.slow


def _texts(doc: Document) -> list[str]:
    kinds = (BlockKind.paragraph, BlockKind.list_item, BlockKind.heading, BlockKind.title)
    return [re.sub(r"\s+", "", b.text) for b in doc.blocks if b.kind in kinds]


def _deck_pdf(tmp_path: Path, bullets: list[str], left: int, width: int) -> Document:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Pt(left), Pt(90), Pt(width), Pt(300))
    frame = box.text_frame
    frame.word_wrap = True
    for k, text in enumerate(bullets):
        para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        para.text = text
        para.font.size = Pt(16)
    src = tmp_path / "deck.pptx"
    prs.save(str(src))
    return read(convert_with_libreoffice(src, "pdf", tmp_path / "out", 120))


NARROW = [
    "工程名称：滨江花园三期（1#～6#楼）",
    "结构形式：框架剪力墙结构，地上二十二层，预制率百分之四十",
    "板侧采用密拼接缝",
    "精装修交付，板底只批腻子，对拼缝平整要求高",
]


def test_bullets_of_a_narrow_text_box_stay_apart_and_wrapped_ones_whole(tmp_path: Path) -> None:
    """A text box on the left half of a slide: a short bullet followed by a bullet that wraps, then two
    short ones. Each bullet is one paragraph, the wrapped one read whole."""
    got = _texts(_deck_pdf(tmp_path, NARROW, 36, 360))
    assert got == [re.sub(r"\s+", "", b) for b in NARROW]


def test_bullets_of_a_wide_text_box_that_start_with_numbers_or_latin_words(tmp_path: Path) -> None:
    """A full-width box whose bullets start with a year, a Latin word or a Chinese label: a bullet that stops
    short of the box's wrapped lines is never joined with the next; a long one that wraps stays one."""
    bullets = [
        "2024年5月抽查焊缝360条，一次合格率87.5%，低于公司要求的95%，返修费用约3.2万元，影响交付进度，"
        "小组决定把焊缝一次合格率作为本次活动的课题",
        "2024年6月起按新规程焊接，抽查焊缝400条，一次合格率为百分之九十六",
        "QC小组成员参加焊接工艺培训，考核全部合格",
        "下一步课题：降低管道法兰密封面泄漏率",
    ]
    got = _texts(_deck_pdf(tmp_path, bullets, 36, 888))
    assert got == [re.sub(r"\s+", "", b) for b in bullets]


def test_report_paragraphs_without_spacing_stay_apart(tmp_path: Path) -> None:
    """A Word report with left-aligned paragraphs and no space between them, exported to PDF: each paragraph
    is one, however far its last line reaches."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    paras = [
        "小组对现场进行了为期两周的调查，共抽查产品一千二百件，发现不合格品九十六件，不合格率百分之八，其中尺寸超差占比最大。",
        "调查人：王强、李明",
        "结论：尺寸超差是影响合格率的症结所在。",
        "目标：不合格率由百分之八降至百分之三以下，并保持六个月稳定。",
    ]
    d = docx.Document()
    for text in paras:
        p = d.add_paragraph(text)
        p.paragraph_format.space_before = DocxPt(0)
        p.paragraph_format.space_after = DocxPt(0)
        p.paragraph_format.first_line_indent = DocxPt(0)
    src = tmp_path / "report.docx"
    d.save(str(src))
    got = _texts(read(convert_with_libreoffice(src, "pdf", tmp_path / "out", 120)))
    assert got == [re.sub(r"\s+", "", b) for b in paras]


def _line(text: str, x0: float, top: float, size: float = 16.0) -> Line:
    chars = []
    x = x0
    for ch in text:
        w = size if ord(ch) > 0x2E80 else size * 0.55
        if ch != " ":
            chars.append(Char(ch, x, top, x + w, top + size, size, False, False, 0))
        x += w
    return Line(chars=chars, text=text, x0=x0, top=top, x1=chars[-1].x1, bottom=top + size, size=size)


def test_first_word_width_is_a_glyph_for_chinese_and_the_run_for_numbers_and_words() -> None:
    assert first_word_width(_line("选定课题", 40, 0)) == pytest.approx(16.0)
    assert first_word_width(_line("2024年", 40, 0)) == pytest.approx(4 * 16 * 0.55)
    assert first_word_width(_line("Pareto 图", 40, 0)) == pytest.approx(6 * 16 * 0.55)


def test_a_wide_title_in_another_size_does_not_make_the_body_lines_short() -> None:
    """The right edge a body line is measured against comes from lines of its own size: a 30 pt title that
    runs across the slide above a narrow box does not cut the box's wrapped lines."""
    title = _line("五、要因确认——末端因素逐条验证结果汇总及说明", 40, 30, size=30)
    body = [_line("支撑立杆间距过大：实测立杆间距为一点五", 40, 100), _line("米，超过方案要求", 40, 120)]
    paras = paragraphs([title, *body])
    assert [p.text for p in paras] == [title.text, body[0].text + body[1].text]


def test_a_heading_a_little_larger_than_its_body_is_short_against_the_body() -> None:
    """A numbered step heading in 14 pt over 12 pt body text (a Word report exported to PDF): the heading's
    line is measured against the body's right edge, so the body is never run into it."""
    heading = _line("1 选择课题", 90, 100, size=14)
    body = [
        _line("输入轴一挡齿轮渗碳淬火后内孔椭圆度要求不大于零点零三毫米超差", 90, 120, size=12),
        _line("件须增加内孔磨削", 90, 136, size=12),
    ]
    paras = paragraphs([heading, *body])
    assert [p.text for p in paras] == [heading.text, body[0].text + body[1].text]
