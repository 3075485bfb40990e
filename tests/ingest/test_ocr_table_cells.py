"""A table picture whose OCR joined words over a column rule, and whose cells name a drawing ("…流程"):
the line is cut at the rule, and words in the table's body cells are no caption (ingest.pictures)."""

from __future__ import annotations

from ingest.model import FigureKind
from ingest.pictures.classify import classify
from ingest.pictures.features import measure
from ingest.pictures.ocr_table import table_from_lines
from ingest.readers import ocr

from .test_ocr_table import _draw

HEADER = ["真因", "对策", "措施", "负责人"]
BODY = [
    ["照明不足", "改善通道照明", "病房至卫生间加装感应灯", "喻强"],
    ["指导缺失", "完善如厕流程", "睡前服药后发放床旁坐便器并讲解三要点", "祁晓燕"],
    ["地面湿滑", "规范拖地时段", "拖地避开起床高峰并放置警示牌", "周敏"],
]


def _joined(lines: list[ocr.Line], left: str, right: str) -> list[ocr.Line]:
    """The OCR'd lines with `left` and the cell right of it read as one box."""
    a = next(ln for ln in lines if ln[0] == left)
    b = next(ln for ln in lines if ln[0] == right)
    box = (a[1][0], min(a[1][1], b[1][1]), b[1][2], max(a[1][3], b[1][3]))
    return [ln for ln in lines if ln not in (a, b)] + [(left + right, box, 0.9)]


def test_a_line_over_a_column_rule_is_cut_there() -> None:
    arr, lines = _draw([[h] for h in HEADER], [[[t] for t in row] for row in BODY])
    found = table_from_lines(_joined(lines, BODY[1][2], BODY[1][3]), measure(arr))
    assert found is not None
    rows = [[c.text for c in row] for row in found[0].rows]
    assert rows[2] == BODY[1]


def test_a_lone_line_inside_its_cell_is_not_cut() -> None:
    arr, lines = _draw([[h] for h in HEADER], [[[t] for t in row] for row in BODY])
    found = table_from_lines(lines, measure(arr))
    assert found is not None
    assert [[c.text for c in row] for row in found[0].rows][1:] == BODY


def test_a_drawing_word_in_a_body_cell_is_no_caption() -> None:
    arr, lines = _draw([[h] for h in HEADER], [[[t] for t in row] for row in BODY])
    features = measure(arr)
    found = table_from_lines(lines, features)
    assert found is not None
    assert classify(lines, features, found[0]).kind == FigureKind.table


def test_a_caption_line_above_the_table_still_names_the_drawing() -> None:
    arr, lines = _draw([[h] for h in HEADER], [[[t] for t in row] for row in BODY])
    features = measure(arr)
    found = table_from_lines(lines, features)
    assert found is not None
    caption: ocr.Line = ("图2 干预流程", (20.0, 0.0, 200.0, 18.0), 0.95)
    assert classify([caption, *lines], features, found[0]).kind == FigureKind.other
