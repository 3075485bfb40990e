"""Q1: a tool b.1 places in 要因确认 (the 排列图 ○) judged misused only by the words its chart shows is a review
(issue 10, stop 33, judge87). Seen fresh19 b30 (a 根因验证 柏拉图 of 122 traced records, one bar "护士不熟悉评分"
shortened from the cause "护士不熟悉NRS2002评分") and fresh15 v15: the words named what is counted."""

from __future__ import annotations

from tests.nlp.conftest import rule_findings, rule_reviews
from tests.nlp.test_tools import doc_of, table


def _doc(head: str, label: str, named: str) -> tuple[object, list[str | None]]:
    pareto = table(
        [
            ["直接原因", head, "累计百分比"],
            ["筛查时机未规定", "47", "42.0%"],
            ["无筛查提醒", "38", "75.9%"],
            [label, "19", "92.9%"],
            ["其他", "8", "100%"],
        ]
    )
    return doc_of(
        [
            ("cause_analysis", 7, f"因果图末端原因：{named}；筛查时机未规定；无筛查提醒"),
            ("main_causes", 8, "对112份未按时筛查病历逐份追溯，统计直接原因，绘制柏拉图"),
            ("main_causes", 8, pareto),
        ]
    )


def test_q1_a_pareto_read_as_of_scores_by_its_words_is_a_review() -> None:
    """The label shortened from the cause's name (not found in 原因分析): the tools still read it as a Pareto of
    scores, and the rule leaves that reading to a reviewer."""
    doc, steps = _doc("病历份数", "护士不熟悉评分", "护士不熟悉NRS2002评分")
    assert not [f for f in rule_findings("Q1", doc, steps, recognised=True) if f.step == "main_causes"]
    [r] = [r for r in rule_reviews("Q1", doc, steps, recognised=True) if r.step == "main_causes"]
    assert "需人工复核" in r.reason and "打分" in r.message


def test_q1_a_tool_b1_marks_misplaced_is_still_a_finding() -> None:
    """The twin: a 因果图 shown in 要因确认 (b.1 ✗) is a misuse by its placement, not by its words."""
    doc, steps = doc_of(
        [
            ("cause_analysis", 7, "因果图末端原因：筛查时机未规定；无筛查提醒"),
            ("main_causes", 8, "图5 要因确认因果图"),
        ]
    )
    assert [f.step for f in rule_findings("Q1", doc, steps, recognised=True)] == ["main_causes"]


def test_q1_a_pareto_table_headed_by_scores_is_still_a_finding() -> None:
    """The twin: a table whose header names the scores as its measure ("得分", seen fresh19 b12) shows a Pareto of
    scores, whatever its labels."""
    doc, steps = _doc("得分", "护士不熟悉评分", "护士不熟悉NRS2002评分")
    assert [f.step for f in rule_findings("Q1", doc, steps, recognised=True)] == ["main_causes"]
