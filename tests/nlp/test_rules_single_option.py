"""N1 when the options table scores a single option (stop 29, judge49; seen fresh12 r62).

domain.md b.3 N1 / house-styles.md §1: a 品管圈 课题达成型 deck chooses its 最适方策 among the 方策 it
拟定s. A 方策评价表 of one row compares nothing — there was no choice, however the row is scored. A
对策/实施计划表 headed with the 5W1H columns lists the 方策 carried out, not options, and does not count
as a second option.
"""

from __future__ import annotations

import pytest

from nlp.check import check
from tests.nlp.conftest import Slides, deck, good_innovative, rule_ids

_PLAN = [
    ["方策", "目标", "措施", "地点", "时间", "负责人"],
    ["气缸快速夹紧", "夹紧≤3s", "改气缸夹紧", "装配线", "2024.5", "王强"],
    ["一面两销定位", "定位≤8s", "加工定位销", "装配线", "2024.6", "李敏"],
]


def _task_deck(evaluation: list[list[str]], said: str) -> Slides:
    s = good_innovative()
    s[0] = ("构建转向节快速装夹作业模式", ["装配车间品管圈", "课题类型：课题达成型"])
    s[1] = ("一、课题明确化", ["现况水平：单件装夹时间45s。", "望达水平：15s。", "攻坚点：夹紧慢、定位慢。"])
    s[2] = ("二、目标设定", ["目标：单件装夹时间≤15s。"])
    s[3] = ("三、方策拟定", [said, [r[:] for r in evaluation]])
    s[4] = ("四、最适方策探究", [[r[:] for r in _PLAN]])
    return s


_HEAD = ["方策", "可行性", "经济性", "效益性", "总分", "判定"]


@pytest.mark.parametrize(
    "said",
    [
        "针对攻坚点，圈员讨论提出方策：建立快速装夹作业模式，按可行性、经济性、效益性评分。",
        "圈员8人对拟定的方策打分（5/3/1分），总分超过判定线，采纳。",
    ],
)
def test_a_one_row_evaluation_table_is_no_choice(said: str) -> None:
    """One 方策 scored and 采纳, then a two-row 5W1H plan: still no second option."""
    s = _task_deck([_HEAD, ["建立快速装夹作业模式", "38", "30", "36", "104", "采纳"]], said)
    r = check(deck(s))
    assert "N1" in rule_ids(r), [f.message for f in r.findings]
    assert any("一个总体方案" in f.message for f in r.findings if f.rule == "N1")


def test_an_evaluation_table_of_several_options_is_a_choice() -> None:
    rows = [_HEAD, ["气缸快速夹紧", "38", "30", "36", "104", "采纳"], ["液压夹紧", "22", "18", "30", "70", "不采纳"]]
    s = _task_deck(rows, "针对攻坚点拟定方策，圈员按可行性、经济性、效益性评分，总分≥90分的采纳。")
    r = check(deck(s))
    assert not any("一个总体方案" in f.message for f in r.findings if f.rule == "N1")
