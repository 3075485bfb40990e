"""Stop 33, before the fresh19 run (judge81): K3 reads an impact given as the cause counted among the
problem's own items ("超标21根中19根为正循环清孔": of the 21 piles over the limit, 19 had the cause) — the
share of the problem the cause accounts for, seen fresh18 z19 (a scanned 确认表 read as loose lines). The
"超标" that names those items is not the verdict "…大于…，超标" against a standard. A count among the items
checked ("抽查40台中21台龟裂") finds the cause there and says nothing of the problem: it keeps the finding."""

from __future__ import annotations

import pytest

from nlp.check import check
from tests.nlp.conftest import deck, good_problem_solving, set_slide

HEAD = "末端原因 确认方法 确认情况 结论"
REJECTED = "夹具定位销磨损 现场测量 测量20件定位销直径，均在规定范围内 非要因"


def _k3(kept: str) -> list[str]:
    lines = [HEAD, kept, "切削液浓度低 现场测定 测定12次，浓度2%~3%（要求≥5%） 要因", REJECTED]
    s = set_slide(good_problem_solving(), "五、确定主要原因", ["表3 要因确认表", *lines])
    return [f.message for f in check(deck(s)).findings if f.rule == "K3"]


@pytest.mark.parametrize(
    "row",
    [
        "刀具更换周期过长 调查分析 刀具寿命大于规定仍在用，超标18件中15件为超期刀具加工 要因",
        "刀具更换周期过长 调查分析 统计近3个月，超差18件中15件为超期刀具加工 要因",
        "刀具更换周期过长 调查分析 统计近3个月，不合格32件中有27件出自超期刀具 要因",
        "刀具更换周期过长 调查分析 统计近3个月，32件不合格品中有27件出自超期刀具 要因",
    ],
)
def test_k3_the_cause_counted_among_the_problem_items_is_an_impact(row: str) -> None:
    assert _k3(row) == []


def test_k3_a_count_among_the_items_checked_keeps_the_finding() -> None:
    """The twin: 18 of the tools checked are worn — the cause is there; its share of the problem is unsaid."""
    found = _k3("刀具更换周期过长 现场检查 抽查40把刀具中18把超期使用，不符合规定 要因")
    assert any("只判断是否符合标准" in m for m in found)


def test_k3_a_gap_then_over_the_limit_is_still_the_judgement_against_the_standard() -> None:
    """The 超标 that follows a comparison ("大于…，超标") with no count is the verdict: the finding stays."""
    found = _k3("刀具更换周期过长 现场检查 刀具使用时间大于规定周期，超标 要因")
    assert any("只判断是否符合标准" in m for m in found)
