"""Stop 33 (judge90): a 对策 silent on its own 对策目标 beside verified ones, where the target needs no figure there.

I1 (spec/domain.md b.3): two 对策 verified and the third part only says what was done is the finding when the
third's 目标 is a bound its part gives no figure for. Two readings of fresh21 were not: a 目标 that sets no
bound ("滤网100/150/100目组合", the configuration the 对策 puts in place: done, it is met; e10), and a 目标 the
效果检查 checks by name and figure ("通过率≥95%" of the 试运行 对策, "通过率96.7%，高于目标95%"; e08). Both are a
review of the partial count, not a finding.

The 对策表 of `good_problem_solving` sets "孔余量极差≤0.6mm" for its third 对策."""

from __future__ import annotations

from tests.nlp.conftest import PLAN_TABLE, good_problem_solving, reviewed_ids, rule_ids, run_check, set_slide

VERIFIED = [
    "对策一：8月10日更换前轴承，实测主轴径向跳动0.004mm，达到对策目标≤0.005mm。",
    "对策二：程序中增加刀具寿命计数，刀补间隔150件，孔径偏差0.004mm，达到对策目标。",
]
THIRD = "对策三：9月5日修订毛坯图，发给锻造供方3家，已执行。"


def _i1(target3: str, effect: list[str] | None = None) -> tuple[bool, bool]:
    table = [row[:] for row in PLAN_TABLE]
    table[3][3] = target3
    slides = set_slide(set_slide(good_problem_solving(), "六、制定对策", [table]), "七、对策实施", [*VERIFIED, THIRD])
    if effect is not None:
        slides = set_slide(slides, "八、效果检查", effect)
    r = run_check(slides)
    return "I1" in rule_ids(r), "I1" in reviewed_ids(r)


def test_i1_a_bounded_target_left_silent_stays_a_finding() -> None:
    """The control: "孔余量极差≤0.6mm", not named in the 效果检查, no figure in mm in the part."""
    assert _i1("孔余量极差≤0.6mm") == (True, False)


def test_i1_a_target_that_sets_no_bound_is_met_by_the_countermeasure_done() -> None:
    """A 目标 of "毛坯余量3/2/3mm分层组合" is the configuration the 对策 puts in place: the count is a review."""
    assert _i1("毛坯余量3/2/3mm分层组合") == (False, True)


def test_i1_a_target_the_effect_check_names_with_its_figure_is_a_review() -> None:
    """The 效果检查 states "孔余量极差0.5mm，优于目标0.6mm": that 对策目标 was checked there."""
    effect = [
        "2023年10月抽查4000件，超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。",
        "孔余量极差0.5mm，优于目标0.6mm。",
    ]
    assert _i1("孔余量极差≤0.6mm", effect) == (False, True)


def test_i1_an_effect_check_without_the_target_figure_keeps_the_finding() -> None:
    """The twin: the 效果检查 names the measure but not the target's figure — no check of that 对策目标."""
    effect = ["2023年10月抽查4000件，超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。", "孔余量极差有所改善。"]
    assert _i1("孔余量极差≤0.6mm", effect) == (True, False)
