"""A bullet that is its text box's longest line, exported to PDF: no line of the box shows where the box ends, so
the line's length cannot tell a wrap from a paragraph end. The next line's own start can: a label and a colon
("下一步课题："), a bullet glyph, or a circled / bracketed number after a sentence's end opens a new item
(fresh12 r01 p4, p10, p17 were joined so)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Pt

from ingest import BlockKind, read
from ingest.readers.legacy import convert_with_libreoffice, soffice_path
from ingest.readers.pdf_layout import Char, Line, paragraphs

pytestmark = pytest.mark.slow


def _deck_texts(tmp_path: Path, bullets: list[str], left: int, width: int, size: int) -> list[str]:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_textbox(Pt(left), Pt(90), Pt(width), Pt(360)).text_frame
    frame.word_wrap = True
    for k, text in enumerate(bullets):
        para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        para.text = text
        para.font.size = Pt(size)
    src = tmp_path / "deck.pptx"
    prs.save(str(src))
    doc = read(convert_with_libreoffice(src, "pdf", tmp_path / "out", 120))
    kinds = (BlockKind.paragraph, BlockKind.list_item, BlockKind.heading, BlockKind.title)
    return [re.sub(r"\s+", "", b.text) for b in doc.blocks if b.kind in kinds]


LONGEST_FIRST = [
    "顶托标高逐根调节误差大：实测40处拼缝两侧顶托标高差0.5～4.2mm，与板底高低差正相关——要因",
    "立杆底部无垫板楼面沉降：浇筑后复测支撑沉降1～4mm——要因",
    "结论：确定2条要因",
]
CLOSING = ["小组成员在支撑体系、数据统计分析方面能力提升明显", "下一步课题：降低外墙板竖缝渗漏率"]
ENUMERATED = ["本次活动共实施对策三项，全部按计划完成并经现场验证有效。", "（1）调整立杆间距", "（2）增设垫板"]


@pytest.mark.parametrize(
    ("bullets", "left", "width", "size"),
    [(LONGEST_FIRST, 36, 888, 16), (CLOSING, 36, 888, 18), (ENUMERATED, 80, 700, 16), (LONGEST_FIRST, 200, 560, 14)],
)
def test_an_item_after_the_longest_line_of_its_box_stays_apart(
    tmp_path: Path, bullets: list[str], left: int, width: int, size: int
) -> None:
    assert _deck_texts(tmp_path, bullets, left, width, size) == [re.sub(r"\s+", "", b) for b in bullets]


def _line(text: str, x0: float, top: float, size: float = 16.0) -> Line:
    chars = [
        Char(ch, x0 + size * k, top, x0 + size * (k + 1), top + size, size, False, False, k)
        for k, ch in enumerate(text)
    ]
    return Line(chars=chars, text=text, x0=x0, top=top, x1=x0 + size * len(text), bottom=top + size, size=size)


def test_a_full_line_wrapped_before_an_ordinary_word_stays_one_paragraph() -> None:
    """The guard: the longest line wraps into a line that opens no item ("要求" with no colon, a circled number
    inside a sentence): still one paragraph."""
    for second in ("要求叠合板拼缝处高低差", "①调整立杆间距"):
        lines = [_line("公司《装配式结构质量创优标准》规定各项", 40, 100), _line(second, 40, 120)]
        assert [p.text for p in paragraphs(lines)] == ["公司《装配式结构质量创优标准》规定各项" + second]
