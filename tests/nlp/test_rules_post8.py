"""Readings that produced false findings on the fresh8 run (issue 10, stop 26, after the run): each test in
our own words, with the twin where the rule must still decide the other way."""

from __future__ import annotations

from tests.nlp.conftest import good_problem_solving, replace_slide, rule_ids, run_check


def _main_causes(lines: list[object]) -> list[str]:
    s = replace_slide(good_problem_solving(), "五、确定主要原因", ("五、确定主要原因", lines))
    return rule_ids(run_check(s))


def test_k3_causes_decided_by_a_vote_are_k1_not_a_method_left_unsaid() -> None:
    """The 要因 picked by members' scores: the way is stated (a vote, K1's fatal defect); K3 does not
    charge the same defect again as "没有写明确认方法" (seen fresh8 n02). With no vote and no method
    word, the method is left unsaid: K3."""
    head = ["末端原因", "张", "李", "王", "总分", "结论"]
    rows = [["切削液浓度偏低", "5", "5", "3", "13", "要因"], ["夹具定位销磨损", "5", "3", "5", "13", "要因"]]
    rows += [["车间湿度偏高", "1", "1", "3", "5", "非要因"]]
    voted = _main_causes(["小组3名成员对3项末端原因按影响程度打分，总分≥12分的定为要因。", [head, *rows]])
    assert "K1" in voted and "K3" not in voted
    said = [["末端原因", "确认情况", "结论"], ["切削液浓度偏低", "浓度4.2%，低于规定5%，孔径超差随之增加3倍", "要因"]]
    said += [["夹具定位销磨损", "磨损0.05mm，超差件中占62%", "要因"], ["车间湿度偏高", "湿度45%，符合要求", "非要因"]]
    unsaid = _main_causes(["对3项末端原因逐项确认。", said])
    assert "K3" in unsaid
