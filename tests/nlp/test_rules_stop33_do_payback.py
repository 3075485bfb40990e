"""Stop 33 (judge90): E2 reads a payback period as the benefit set against the investment.

E2 (spec/domain.md b.3: 经济效益 without the activity's spending deducted) finds a money benefit whose sentence
neither deducts nor names the stated investment. A payback period ("装置总投入28.8万元，投资回收期约7.7年", seen
fresh21 e50) sets the yearly saving against that investment: the report accounts for it."""

from __future__ import annotations

from tests.nlp.conftest import good_problem_solving, rule_ids, run_check, set_slide

EFFECT = [
    "2023年10月抽查4000件，超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。",
    "症结孔径超差由78件降至12件。",
]


def _e2(benefit: str) -> bool:
    slides = set_slide(good_problem_solving(), "八、效果检查", [*EFFECT, benefit])
    return "E2" in rule_ids(run_check(slides))


def test_e2_a_payback_period_sets_the_benefit_against_the_investment() -> None:
    assert not _e2("节能：年节约电费3.7万元；改造总投入28.8万元，投资回收期约7.7年。")


def test_e2_the_investment_stated_apart_with_no_payback_keeps_the_finding() -> None:
    assert _e2("节能：年节约电费3.7万元；改造总投入28.8万元，由设备科承担。")
