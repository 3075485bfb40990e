"""Stop 27 (issue 10; docs/rules.md "Stop 27"): rules read in the house style a deck is written in.

A 品管圈 课题达成型 deck (house-styles.md §1: 课题明确化 → 目标设定 → 方策拟定 → 最适方策探究) sets its target
from the 望达水平 of 课题明确化 and chooses its 方策 per 攻坚点; CAQ 创新型 asks the same things in other words
(借鉴 data in the 论证, 总体方案 → 分级方案). A faithful deck of the style meets G2 and N1 in its own words."""

from __future__ import annotations

from nlp import charts, formula, numbers
from nlp.check import check
from nlp.lexfile import load
from tests.nlp.conftest import SlideItem, Slides, deck, good_innovative, reviewed_ids, rule_ids


def _task_deck(
    *, level: str = "望达水平：15s", choice: str | None = "方策评价：可行性5分、经济性4分、效益5分，两项方策均采纳。"
) -> Slides:
    """The conftest 创新型 project written as a 品管圈 课题达成型: no 借鉴, no 总体方案 / 分级方案."""
    s = good_innovative()
    s[0] = ("构建转向节快速装夹作业模式", ["装配车间品管圈", "课题类型：课题达成型"])
    s[1] = ("一、课题明确化", ["现况水平：单件装夹时间45s。", f"{level}。", "攻坚点：夹紧慢、定位慢。"])
    s[2] = ("二、目标设定", ["目标：单件装夹时间≤15s。"])
    lines: list[SlideItem] = ["针对攻坚点拟定方策：气动快速夹紧、一面两销定位。"]
    s[3] = ("三、方策拟定", lines + ([choice] if choice else []))
    return s


def test_a_task_deck_meets_g2_with_its_stated_desired_level() -> None:
    """课题达成型: the 望达水平 of 课题明确化 is a level taken from guidelines or benchmark units (house-styles
    §1), so stated with its figure it is the data the target rests on — no "没有借鉴数据" G2."""
    r = check(deck(_task_deck()))
    assert "G2" not in rule_ids(r), [f.message for f in r.findings]


def test_a_task_deck_without_a_figure_for_its_desired_level_still_lacks_data() -> None:
    """The twin: a 望达水平 said in words only ("达到行业先进水平") gives no data — G2 stands."""
    r = check(deck(_task_deck(level="望达水平：达到行业先进水平")))
    assert "G2" in rule_ids(r)


def test_a_task_deck_choosing_its_methods_per_focus_point_meets_n1() -> None:
    """课题达成型 拟定s 方策 per 攻坚点 and evaluates them (可行性/经济性/效益): no "只提出了一个总体方案"."""
    r = check(deck(_task_deck()))
    assert "N1" not in rule_ids(r)


def test_a_task_deck_with_no_evaluation_of_its_methods_is_a_review() -> None:
    """The twin: 方策 listed and never evaluated — the style's choice is not seen, but CAQ's words are not the
    yardstick: a review (需人工复核), not a finding."""
    r = check(deck(_task_deck(choice=None)))
    assert "N1" not in rule_ids(r) and "N1" in reviewed_ids(r)


def test_a_caq_innovative_deck_still_needs_several_overall_options() -> None:
    """The CAQ 创新型 deck with one 总体方案 and no 分级方案 keeps its N1 finding (no 课题达成型 terms)."""
    s = good_innovative()
    s[3] = ("三、提出方案并确定最佳方案", ["小组提出一个方案：气动夹紧工装，直接实施。"])
    assert "N1" in rule_ids(check(deck(s)))


def test_the_number_readers_compare_with_the_thresholds_of_the_lexicon() -> None:
    """Thresholds are data (lexicon/numbers.yaml), not module constants written twice."""
    data = load("numbers.yaml")
    assert numbers.PART_GAP == data["numbers"]["part_gap"]
    assert numbers.TOLERANCE == data["numbers"]["tolerance_points"]
    assert list(numbers.ACHIEVEMENT_BOUNDS) == data["numbers"]["achievement_bounds"]
    assert formula.PERCENT_TOLERANCE == data["formula"]["percent_tolerance"]
    assert charts.MIN_CONTROL_SUBGROUPS == data["charts"]["min_control_subgroups"]
