"""What a PDF's text layer does to the characters of a line, for decks and reports exported by LibreOffice:

- "——" and "……" are drawn as one wide glyph standing for two characters; both have the same box, and the
  fake-bold filter took the second for a glyph drawn twice ("——要因" read "—要因").
- a document code wrapped at its hyphen ("LJ-WI-" / "SP-018") is read whole."""

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
from ingest.readers.pdf_layout import Char, Line, dedupe, join_chars, paragraphs

pytestmark = pytest.mark.slow

LINES = [
    "公司要求叠合板拼缝处相邻板底高低差≤3mm，超标率≤8%",
    "顶托标高差0.5～4.2mm，与高低差相关（r＝0.78）——要因",
    "浇筑后复测沉降1～4mm，沉降>2mm的点位占71%——非要因",
    "检查记录……共12份，QC小组全部签字",
    "The team checked 40 joints",
    "小组名称：砺行 QC 小组",
]


def _texts(doc: Document) -> list[str]:
    kinds = (BlockKind.paragraph, BlockKind.list_item, BlockKind.heading, BlockKind.title)
    # spaces aside: the gap LibreOffice sets between Chinese and Latin text reads as a space (left open)
    return [re.sub(r"\s+", "", b.text) for b in doc.blocks if b.kind in kinds]


def _soffice() -> None:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")


def _deck(tmp_path: Path, left: int, width: int, size: int) -> Document:
    _soffice()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    # one text box a line, far enough apart to be paragraphs of their own
    for k, text in enumerate(LINES):
        box = slide.shapes.add_textbox(Pt(left), Pt(40 + 70 * k), Pt(width), Pt(40))
        box.text_frame.word_wrap = True
        box.text_frame.paragraphs[0].text = text
        box.text_frame.paragraphs[0].font.size = Pt(size)
    src = tmp_path / "deck.pptx"
    prs.save(str(src))
    return read(convert_with_libreoffice(src, "pdf", tmp_path / "out", 120))


@pytest.mark.parametrize(("left", "width", "size"), [(36, 888, 16), (120, 700, 14)])
def test_a_slide_exported_to_pdf_reads_its_lines_as_written(tmp_path: Path, left: int, width: int, size: int) -> None:
    got = _texts(_deck(tmp_path, left, width, size))
    assert got == [re.sub(r"\s+", "", t) for t in LINES]


def test_a_report_exported_to_pdf_reads_its_lines_as_written(tmp_path: Path) -> None:
    """Writer draws no space glyph: a space typed between Chinese and Latin text ("砺行 QC") cannot be told from
    the gap it sets there itself, so the report leaves that line out."""
    _soffice()
    document = docx.Document()
    body = "小组按计划逐项落实对策，每周汇总现场数据，由组长核对后填入记录表，并在例会上通报进展情况。" * 3
    for text in LINES[:-1]:
        for part in (text, body):  # wrapped body text between them: the page's usual gap is a line's
            para = document.add_paragraph(part)
            para.paragraph_format.space_after = DocxPt(12)
    src = tmp_path / "report.docx"
    document.save(str(src))
    got = _texts(read(convert_with_libreoffice(src, "pdf", tmp_path / "out", 120)))
    assert [t for t in got if t != body] == [re.sub(r"\s+", "", t) for t in LINES[:-1]]


def _c(ch: str, x0: float, x1: float, seq: int) -> Char:
    return Char(ch, x0, 100.0, x1, 116.0, 16.0, False, False, seq)


def test_one_glyph_for_two_dashes_keeps_both_and_fake_bold_still_drops() -> None:
    dashes = [_c("）", 0, 16, 0), _c("—", 16, 48, 1), _c("—", 16, 48, 2), _c("要", 48, 64, 3)]
    kept, dropped = dedupe(dashes)
    assert (join_chars(kept), dropped) == ("）——要", 0)
    assert kept[1].x1 == kept[2].x0 == 32
    bold = [_c("要", 0, 16, 0), _c("因", 16, 32, 1), _c("要", 0.3, 16.3, 2), _c("因", 16.3, 32.3, 3)]
    kept, dropped = dedupe(bold)
    assert (join_chars(kept), dropped) == ("要因", 2)


def _row(text: str, x0: float, top: float, size: float = 11.0) -> Line:
    chars = [_c(ch, x0 + size * k, x0 + size * (k + 1), k) for k, ch in enumerate(text)]
    return Line(chars=chars, text=text, x0=x0, top=top, x1=x0 + size * len(text), bottom=top + size, size=size)


def test_a_code_or_figure_wrapped_at_its_hyphen_or_slash_is_joined_without_a_space() -> None:
    """A report's line wrapped inside a document code ("《作业指导书》LJ-WI-" / "SP-018（B版）"): the code is
    read whole; an English word hyphenated at the line end loses its hyphen; two words keep their space."""
    for first, second, whole in (
        (
            "纳入《沉金工序作业指导书》LJ-WI-",
            "SP-018（B版），经批准发布",
            "纳入《沉金工序作业指导书》LJ-WI-SP-018（B版），经批准发布",
        ),
        ("the checked value per 100/", "500 m of seam", "the checked value per 100/500 m of seam"),
        ("the team checked the well-", "known joints again", "the team checked the wellknown joints again"),
        ("the team checked the joints", "Again on Monday", "the team checked the joints Again on Monday"),
    ):
        assert [p.text for p in paragraphs([_row(first, 90, 100), _row(second, 90, 115)])] == [whole]
