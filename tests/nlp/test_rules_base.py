"""Keyword hits over a scanned page: OCR returns one block per printed line, so a phrase that the
page's line wrap cuts in two must still be found (stop 27, seen on fresh10 p48: "…相差不大，基本" /
"达到目标，…" read as "达到目标" — a claim that the target was met)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ingest.model import Block, BlockKind, SourceRef
from nlp.rules_base import hits, unwrapped

_NOT_MET = re.compile(r"基本达到目标")
_H = 16.0  # line height in points


def _line(k: int, text: str, x0: float, x1: float, top: float, *, page: int = 6, part: str | None = "ocr") -> Block:
    src = SourceRef(page=page, order=k, part=part, bbox=(x0, top, x1, top + _H))
    return Block(id=f"b{k}", kind=BlockKind.image_text if part == "ocr" else BlockKind.paragraph, text=text, source=src)


def _paragraph(part: str | None = "ocr") -> list[tuple[int, Block]]:
    lines = [
        _line(0, "十、效果检查", 90, 180, 70, part=part),
        _line(1, "活动后抽检1200点，合格1111点，合格率92.6%，较活动前提高4.6个百分点，与目标", 90, 470, 90, part=part),
        _line(2, "93.5%相差不大，基本", 90, 520, 106, part=part),
        _line(3, "达到目标，取得了明显成效。", 90, 300, 122, part=part),
    ]
    return list(enumerate(lines, start=40))


def test_a_phrase_cut_by_a_wrapped_line_is_found_once_on_its_page() -> None:
    hs = hits(_paragraph(), _NOT_MET, skip_negated=False)
    assert [(h.text, h.page, h.block) for h in hs] == [("基本达到目标", 6, 41)]
    assert "相差不大" in hs[0].context


def test_the_wrapped_lines_read_as_one_paragraph_and_the_heading_alone() -> None:
    texts = [t for _i, _b, t in unwrapped(_paragraph())]
    assert texts[0] == "十、效果检查"
    assert len(texts) == 2
    assert texts[1].startswith("活动后抽检1200点")
    assert texts[1].endswith("取得了明显成效。")


def test_text_blocks_that_are_not_ocr_lines_are_not_joined() -> None:
    assert hits(_paragraph(part=None), _NOT_MET, skip_negated=False) == []


def test_a_line_that_ends_a_sentence_is_not_joined_with_the_next() -> None:
    blocks = [
        (0, _line(0, "将胎架定位卡板、砂浆垫块和梅花形布置写入作业指导书，经总工批准执行。", 90, 520, 90)),
        (1, _line(1, "基本要求如下", 90, 200, 106)),
    ]
    assert len(unwrapped(blocks)) == 2


def test_table_cells_and_chart_labels_are_not_joined() -> None:
    # a 要因确认表 row on a scanned page: short cells, one block each, the last reaching the right edge
    cells = [
        _line(0, "末端原因", 90, 150, 400),
        _line(1, "确认方法", 230, 280, 400),
        _line(2, "结论", 450, 520, 400),
        _line(3, "质量意识", 90, 150, 416),
        _line(4, "淡薄", 90, 130, 432),
    ]
    assert [t for _i, _b, t in unwrapped(enumerate(cells))] == ["末端原因", "确认方法", "结论", "质量意识", "淡薄"]


def test_a_numbered_heading_after_a_full_line_starts_anew() -> None:
    blocks = [
        (0, _line(0, "9月预制梁41片，保护层厚度合格率92.9%，以后各月保持在92%以上，具体见下", 90, 520, 90)),
        (1, _line(1, "十一、总结和下一步打算", 90, 250, 106)),
    ]
    assert len(unwrapped(blocks)) == 2


def test_lines_on_different_pages_are_not_joined() -> None:
    blocks = [
        (0, _line(0, "效果检查：活动后合格率92.6%，与目标93.5%相差不大，活动取得了成效，基本", 90, 520, 700, page=6)),
        (1, _line(1, "达到目标。", 90, 170, 60, page=7)),
    ]
    assert hits(blocks, _NOT_MET, skip_negated=False) == []


def test_the_line_joining_thresholds_are_the_rule_files_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """The geometry of a wrapped line (stop 28: moved from code into `line_wrap` of the rule files): a
    stricter minimum width read from the data leaves the same lines apart."""
    from nlp import rulebook as rb

    book = rb.rulebook()
    assert book.line_wrap.min_width > 0 and book.line_wrap.gap_min < 0 < book.line_wrap.gap_max
    wide = book.line_wrap.model_copy(update={"min_width": 40.0})  # 40 line heights: wider than any line here
    monkeypatch.setattr(book, "line_wrap", wide)
    assert len(unwrapped(_paragraph())) == 4
    assert hits(_paragraph(), _NOT_MET, skip_negated=False) == []


def test_a_rule_file_set_without_its_line_joining_thresholds_does_not_load(tmp_path: Path) -> None:
    from nlp.rulebook import RULES_DIR, RulebookError, load_dir

    for src in RULES_DIR.glob("*.yaml"):
        data = yaml.safe_load(src.read_text(encoding="utf-8"))
        data.pop("line_wrap", None)
        (tmp_path / src.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulebookError, match="line_wrap"):
        load_dir(tmp_path)
