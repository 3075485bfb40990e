"""Stop 30 (judge56): each 对策's part of the 对策实施 read against its own 对策表 row.

I1 (spec/domain.md b.3: 对策实施 without each measure's result checked against its 对策目标): a part that only
says the measure was done may carry a figure — how far the measure was rolled out ("100%执行"), the interval the
measure sets ("实行2小时轮换"). A figure in another unit than its row's 对策目标, or the very value the row's 措施
sets, says nothing of that target: it is no possible verification, and none verified is the finding. A figure in
the target's unit may be a result a reader accepts: that count stays a review. Seen fresh13 s40 ("6月起100%执行打磨"
against "接触压降≤10mV") and s53 ("补码岗实行2小时轮换" against "补码录入差错率≤0.5%"): both required, both reviews.

The 对策表 of `good_problem_solving` sets "主轴径向跳动≤0.005mm", "刀补调整间隔≤150件" (措施 "每加工150件自动补偿
0.003mm") and "孔余量极差≤0.6mm"."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import PLAN_TABLE, good_problem_solving, reviewed_ids, rule_ids, run_check, set_slide

DONE = ["对策二：刀补程序修改完成，培训操作工12人。", "对策三：毛坯图已修订，发给锻造供方3家。"]


def _i1(lines: list[str]) -> tuple[bool, bool]:
    r = run_check(set_slide(good_problem_solving(), "七、对策实施", lines))
    return "I1" in rule_ids(r), "I1" in reviewed_ids(r)


@pytest.mark.parametrize(
    "first",
    [
        "对策一：8月10日更换前轴承，换班时100%执行点检。",
        "对策一：更换前轴承，8月起100％机床纳入每周点检。",
        "对策一实施：8月起按周点检，操作工培训考核2次，出勤95%。",
        "对策一：更换前轴承后主轴温度稳定在35℃。",
    ],
)
def test_i1_a_figure_in_another_unit_than_the_row_target_verifies_nothing(first: str) -> None:
    """Every 对策 reported done; the first one's figure is in another unit than its ≤0.005mm target."""
    said = [first, *DONE]
    assert _i1(said) == (True, False)


@pytest.mark.parametrize(
    ("how1", "first"),
    [
        ("更换前轴承，预紧力调至0.002mm过盈", "对策一：8月10日更换前轴承，预紧过盈0.002mm。"),
        ("主轴冷却液温度控制在 20℃", "对策一：加装冷却液恒温装置，液温 20 ℃ 运行。"),
    ],
)
def test_i1_the_value_the_row_measure_sets_is_no_result(how1: str, first: str) -> None:
    """The figure of the 措施 cell repeated in the part is the measure done, not its result."""
    table = [row[:] for row in PLAN_TABLE]
    table[1][3] = "主轴径向跳动≤0.005mm，液温≤22℃" if "℃" in how1 else table[1][3]
    table[1][4] = how1
    slides = set_slide(set_slide(good_problem_solving(), "六、制定对策", [table]), "七、对策实施", [first, *DONE])
    r = run_check(slides)
    assert ("I1" in rule_ids(r), "I1" in reviewed_ids(r)) == (True, False)


@pytest.mark.parametrize(
    "first",
    [
        "对策一：更换前轴承，9月测得主轴径向跳动0.004mm。",
        "对策一：更换前轴承后，跳动 0.003 mm。",
    ],
)
def test_i1_a_figure_in_the_row_target_unit_stays_a_review(first: str) -> None:
    """The twin: a figure in the unit of its row's target, with no word of the target, may be a verification
    a reader accepts — a review, not a finding."""
    said = [first, *DONE]
    assert _i1(said) == (False, True)


def test_i1_parts_not_one_per_row_keep_any_figure_as_a_possible_verification() -> None:
    """Unlabelled lines cannot be bound to rows: any measured figure keeps the count a review."""
    said = ["8月10日更换前轴承，换班时100%执行点检", "刀补程序修改完成，培训12人", "毛坯图已修订，发给供方3家"]
    assert _i1(said) == (False, True)


# ------------------------------------------------------------------------------ a partial count read per row

VERIFIED = [
    "对策一：8月10日更换前轴承，实测主轴径向跳动0.004mm，达到对策目标≤0.005mm。",
    "对策二：程序中增加刀具寿命计数，刀补间隔150件，孔径偏差0.004mm，达到对策目标。",
]


@pytest.mark.parametrize(
    "third",
    [
        "对策三：9月5日修订毛坯图，发给锻造供方3家，已执行。",
        "对策三：与锻造供方签订余量协议2份，来料检验规程同步换版。",
        "对策三：修订毛坯图，组织供方技术交流1次，新毛坯9月起供货。",
    ],
)
def test_i1_a_countermeasure_silent_on_its_own_target_beside_verified_ones_is_a_finding(third: str) -> None:
    """Two 对策 verified; the third, bound to its row ("孔余量极差≤0.6mm"), reports only what was done and
    states no figure in mm: its target was not verified — the finding, not a partial count's review."""
    assert _i1([*VERIFIED, third]) == (True, False)


@pytest.mark.parametrize(
    "third",
    [
        "对策三：修订毛坯图，9月抽测来料30件，孔余量极差0.5mm。",
        "对策三：修订毛坯图后，来料余量 0.2~0.7 mm。",
    ],
)
def test_i1_a_figure_in_the_row_target_unit_keeps_the_partial_count_a_review(third: str) -> None:
    """The twin: the third part states a figure in its target's unit, a result a reader may accept."""
    assert _i1([*VERIFIED, third]) == (False, True)


def test_i1_a_partial_count_on_unlabelled_lines_stays_a_review() -> None:
    """Lines not labelled one per 对策 cannot be bound to rows: the partial count stays a review."""
    said = [
        "8月10日更换前轴承，实测主轴径向跳动0.004mm，达到对策目标≤0.005mm",
        "刀补间隔150件，孔径偏差0.004mm，达到对策目标",
        "9月5日修订毛坯图，发给锻造供方3家",
    ]
    assert _i1(said) == (False, True)


def test_i1_a_part_holding_a_chart_read_as_bare_figures_keeps_the_partial_count_a_review() -> None:
    """A chart's values read as text, one bare figure a line, the unit only in its title: the part may show
    its result there — not silent, the partial count stays a review."""
    third = "对策三：修订毛坯图，发给锻造供方3家。\n来料孔余量极差（mm）\n0.9\n0.5\n活动前\n活动后"
    assert _i1([*VERIFIED, third]) == (False, True)
