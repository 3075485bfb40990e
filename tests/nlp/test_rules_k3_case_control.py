"""K3 (stop 33, seen fresh21 e36): a 真因验证 by case-control — the cases' group against the group without the
problem, each a count ("感染组导管未固定6/8，未感染组5/30") — shows the cause's impact; the same causes judged
only against a standard still lack it."""

from __future__ import annotations

from tests.nlp.conftest import good_problem_solving, rule_ids, run_check, set_slide


def _k3(rows: list[str]) -> bool:
    return "K3" in rule_ids(run_check(set_slide(good_problem_solving(), "五、确定主要原因", rows)))


def test_k3_case_group_against_control_group_is_impact() -> None:
    rows = [
        "主轴前轴承磨损：查阅维修记录，轴承点检不符合标准，超差组6/8，未超差组5/30——要因",
        "刀补按经验周期调整：查阅记录，间隔不满足工艺规定，超差组7/8，未超差组11/30——要因",
        "锻件孔余量波动大：现场测量，余量超出标准范围，超差组5/8，对照组4/30——要因",
    ]
    assert not _k3(rows)


def test_k3_the_same_causes_judged_against_a_standard_keep_it() -> None:
    rows = [
        "主轴前轴承磨损：现场测量，跳动0.008mm，不符合标准要求——要因",
        "刀补按经验周期调整：查阅记录，间隔不满足工艺规定——要因",
        "锻件孔余量波动大：现场测量，余量超出标准范围——要因",
    ]
    assert _k3(rows)
