"""N1 on a CAQ 创新型 report whose only options table compares the parts of one 总体方案 (stop 30,
judge59; seen fresh13 s61).

domain.md b.3 N1: two or more 总体方案 are compared, then the chosen one is broken down into 分级方案
chosen by tests. A table whose rows are grouped by a part ("分级项目 | 方案 | 试验数据 | 结论", two
alternatives per part) is the 分级方案 comparison: its rows are not overall options, so it does not
hide a report that proposed a single 总体方案. Overall options named in the text or grouping the table
(a 总体方案 column on the left) still count.
"""

from __future__ import annotations

import pytest

from nlp.check import check
from tests.nlp.conftest import Slides, deck, good_innovative

_ONE = "小组经过讨论，提出总体方案：采用可升降的移动式检修平台，平台沿导轨上下移动。"
_TWO = "小组提出两个总体方案：方案一可升降移动式检修平台，方案二固定式脚手架，对比试验后选定方案一。"


def _levels(head: tuple[str, str, str, str], merged: bool) -> list[list[str]]:
    parts = [
        ("升降动力", "电动葫芦", "手拉葫芦"),
        ("导向方式", "滚轮导向", "夹钳导向"),
        ("平台结构", "铝合金桁架", "槽钢焊接"),
    ]
    rows: list[list[str]] = [list(head)]
    for part, a, b in parts:
        rows.append([part, a, "实测速度4.5m/min，晃动量8mm", "选定"])
        rows.append(["" if merged else part, b, "实测速度0.8m/min，晃动量15mm", "不选"])
    return rows


def _report(said: str, table: list[list[str]]) -> Slides:
    s = good_innovative()
    s[3] = ("三、提出方案并确定最佳方案", [said, "将总体方案分解为分级方案，逐项进行对比试验：", table])
    return s


def _n1(s: Slides) -> list[str]:
    return [f.message for f in check(deck(s)).findings if f.rule == "N1"]


@pytest.mark.parametrize(
    "head",
    [
        ("分级项目", "方案", "试验数据", "结论"),
        ("组成部分", "备选方案", "测试结果", "选择"),
        ("部件", "方案", "数据", "判定"),
    ],
)
@pytest.mark.parametrize("merged", [False, True])
def test_one_overall_option_with_a_table_of_levels_is_n1(head: tuple[str, str, str, str], merged: bool) -> None:
    messages = _n1(_report(_ONE, _levels(head, merged)))
    assert any("一个总体方案" in m for m in messages), messages


@pytest.mark.parametrize("merged", [False, True])
def test_two_overall_options_named_before_the_table_of_levels_are_a_choice(merged: bool) -> None:
    messages = _n1(_report(_TWO, _levels(("分级项目", "方案", "试验数据", "结论"), merged)))
    assert not any("一个总体方案" in m for m in messages), messages


def test_a_table_grouped_by_its_overall_options_counts_them() -> None:
    """ "总体方案 | 分级 | 方案 | …": the left column is itself the overall option, two of them."""
    table = [
        ["总体方案", "分级", "方案", "试验数据"],
        ["移动式平台", "动力", "电动葫芦", "4.5m/min"],
        ["移动式平台", "导向", "滚轮导向", "晃动8mm"],
        ["固定式脚手架", "结构", "钢管扣件", "搭设3天"],
        ["固定式脚手架", "结构", "门式架", "搭设2天"],
    ]
    messages = _n1(_report("小组对总体方案进行比较。", table))
    assert not any("一个总体方案" in m for m in messages), messages


def test_an_ungrouped_table_of_overall_options_is_a_choice() -> None:
    """One row per overall option, numbered on the left: the left column does not group anything."""
    table = [
        ["序号", "方案", "试验数据", "结论"],
        ["1", "移动式平台", "单孔2.2天", "选定"],
        ["2", "固定脚手架", "单孔6天", "不选"],
    ]
    messages = _n1(_report("小组对提出的方案进行对比试验。", table))
    assert not any("一个总体方案" in m for m in messages), messages


def _one_row_per_part(head: tuple[str, str, str, str]) -> list[list[str]]:
    """Stop 34 (judge100, seen fresh20 d46): one row per part, its alternatives in one cell."""
    return [
        list(head),
        ["升降动力", "电动葫芦 / 手拉葫芦", "实测速度：电动4.5m/min，手拉0.8m/min", "选电动葫芦"],
        ["导向方式", "滚轮导向 / 夹钳导向", "晃动量：滚轮8mm，夹钳15mm", "选滚轮导向"],
        ["平台结构", "铝合金桁架 / 槽钢焊接", "自重：铝合金85kg，槽钢210kg", "选铝合金桁架"],
    ]


@pytest.mark.parametrize(
    "head",
    [
        ("分级项目", "备选方案", "试验数据", "结论"),
        ("分级", "方案", "试验/调查数据", "选定"),
        ("部件", "备选方案", "数据", "判定"),
    ],
)
def test_one_overall_option_with_one_row_per_part_is_n1(head: tuple[str, str, str, str]) -> None:
    messages = _n1(_report(_ONE, _one_row_per_part(head)))
    assert any("一个总体方案" in m for m in messages), messages


def test_two_overall_options_named_before_one_row_per_part_are_a_choice() -> None:
    messages = _n1(_report(_TWO, _one_row_per_part(("分级项目", "备选方案", "试验数据", "结论"))))
    assert not any("一个总体方案" in m for m in messages), messages


def test_a_numbered_left_column_is_no_part() -> None:
    """ "序号 | 方案 | …" numbers overall options: its rows still count as options."""
    table = [
        ["序号", "备选方案", "试验数据", "结论"],
        ["1", "移动式平台", "单孔2.2天", "选定"],
        ["2", "固定脚手架", "单孔6天", "不选"],
    ]
    messages = _n1(_report("小组对提出的方案进行对比试验。", table))
    assert not any("一个总体方案" in m for m in messages), messages
