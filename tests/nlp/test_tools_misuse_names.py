"""Q1 (b.1 note a): a 排列图 in 要因确认 is a misuse where it counts scores or votes — judged on what it
counts, not on a word inside the name of a cause it counts. Seen fresh15 v15: a 真因验证 柏拉图 of the direct
cause traced in each of 147 records, one bar "低年资医师不熟悉Caprini评分" (a risk scale's name), read as a
Pareto of scores."""

from __future__ import annotations

import pytest

from nlp import tools
from tests.nlp.test_tools import doc_of, table

# causes whose names hold a score/vote word, as 原因分析 names them (a 因果图's end causes)
CAUSES = [
    ("低年资医师不熟悉Caprini评分", "不熟悉Caprini评分"),
    ("护士未掌握Braden评分标准", "未掌握Braden评分标准"),
    ("绩效考核不计质量得分", "不计质量得分"),
    ("班组长打分随意", "班组长打分随意"),
]


def _pareto(head: str, second: str) -> object:
    return table(
        [
            ["直接原因", head, "累计百分比"],
            ["未嵌入强制节点", "54", "36.7%"],
            [second, "38", "62.6%"],
            ["交接单无VTE项目", "29", "82.3%"],
            ["其他", "26", "100%"],
        ]
    )


def _q1(named: str, pareto: object) -> list[str]:
    doc, steps = doc_of(
        [
            ("cause_analysis", 7, f"因果图末端原因：{named}；未嵌入强制节点；交接单无VTE项目"),
            ("main_causes", 8, "对147份病历逐份调阅，判定每份病历的直接原因，绘制柏拉图"),
            ("main_causes", 8, pareto),
        ]
    )
    return [f.message for f in tools.analyze(doc, steps).placement_findings if f.rule == "Q1"]


@pytest.mark.parametrize(("named", "label"), CAUSES)
def test_a_score_word_inside_a_counted_cause_s_name_is_no_pareto_of_scores(named: str, label: str) -> None:
    assert _q1(named, _pareto("病历份数", label)) == []


@pytest.mark.parametrize(("named", "label"), CAUSES)
def test_a_pareto_that_counts_scores_is_a_misuse_whatever_its_causes_are_named(named: str, label: str) -> None:
    for head in ("得分", "投票数"):
        msgs = _q1(named, _pareto(head, label))
        assert any("打分" in m for m in msgs), head


def test_a_cause_not_named_in_the_analysis_keeps_its_score_word_a_sign() -> None:
    # the chart's label holds 评分 but 原因分析 names no such cause: no proof it is a cause's name
    assert _q1("设备老化", _pareto("病历份数", "不熟悉Caprini评分"))
