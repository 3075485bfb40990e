"""A Pareto table read one cell a line, as OCR reads a scanned table (stop 29, judge49; seen fresh12 r57).

domain.md b.2 (排列图: descending, 其他 last and not larger than a category named): the table's cells,
each on a line of its own, are rows again when a header names a count and a cumulative column and the
cumulative column recomputes from the counts — the cells were read whole and in order.
"""

from __future__ import annotations

from nlp import charts
from nlp.check import check
from tests.nlp.conftest import deck, finding_messages, good_problem_solving, set_slide

_HEAD = ["缺陷部位", "缺陷数（起）", "百分比", "累计百分比"]
_OTHER_THIRD = [
    ["主变端子箱", "41", "42.7%", "42.7%"],
    ["断路器机构箱", "17", "17.7%", "60.4%"],
    ["其他", "23", "24.0%", "84.4%"],
    ["刀闸机构箱", "9", "9.4%", "93.8%"],
    ["汇控柜", "6", "6.2%", "100%"],
]
_ORDERED = [
    ["焊缝咬边", "52", "52.0%", "52.0%"],
    ["焊瘤", "25", "25.0%", "77.0%"],
    ["气孔", "15", "15.0%", "92.0%"],
    ["其他", "8", "8.0%", "100%"],
]


def _flat(head: list[str], rows: list[list[str]]) -> list[str]:
    return [*head, *(c for r in rows for c in r)]


def test_cells_on_lines_are_rows_again() -> None:
    p = charts.pareto_in_lines(["表1 受潮缺陷部位统计表", *_flat(_HEAD, _OTHER_THIRD), "由表1可知"])
    assert p is not None and p.categories[2] == "其他" and p.counts == [41, 17, 23, 9, 6]


def test_a_header_of_other_words_reads_the_same() -> None:
    head = ["项目", "频数（件）", "频率", "累计频率"]
    p = charts.pareto_in_lines(_flat(head, _ORDERED))
    assert p is not None and p.categories == ["焊缝咬边", "焊瘤", "气孔", "其他"]


def test_cells_out_of_order_are_not_taken_as_data() -> None:
    """A cumulative column that does not recompute: cells misread or out of place — no data read."""
    rows = [r[:] for r in _OTHER_THIRD]
    rows[1][3], rows[2][3] = rows[2][3], rows[1][3]
    assert charts.pareto_in_lines(_flat(_HEAD, rows)) is None


def test_lines_with_no_count_column_are_no_pareto() -> None:
    head = ["部位", "说明", "备注", "累计百分比"]
    assert charts.pareto_in_lines(_flat(head, [["主变端子箱", "受潮", "严重", "42.7%"]] * 3)) is None


def _x2(rows: list[list[str]]) -> list[str]:
    s = set_slide(good_problem_solving(), "二、现状调查", ["现状调查：统计2023年1-4月缺陷96起。", *_flat(_HEAD, rows)])
    return finding_messages(check(deck(s)), "X2")


def test_a_line_table_with_other_third_and_large_is_x2() -> None:
    msgs = _x2(_OTHER_THIRD)
    assert len(msgs) == 1 and "其他" in msgs[0]


def test_a_line_table_in_order_is_no_x2() -> None:
    assert not _x2(_ORDERED)
