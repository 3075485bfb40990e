"""Stop 33 (judge84): G1 on a directive target whose 指令 is named at the topic, not again beside the target."""

from __future__ import annotations

from nlp import numbers
from tests.nlp.conftest import (
    Slides,
    good_innovative,
    good_problem_solving,
    replace_slide,
    reviewed_ids,
    rule_ids,
    run_check,
    set_slide,
)
from tests.nlp.test_numbers import deck as numbers_deck

_TOPIC_PLAIN = ["2号机组氨逃逸超标率8.6%，造成空预器堵塞，影响机组带负荷。"]
_TOPIC_SOURCE = [
    "课题来源：公司《2023年环保重点工作安排》要求2号机组氨逃逸超标小时率≤3%。",
    "2号机组氨逃逸超标率8.6%，造成空预器堵塞，影响机组带负荷。",
]
_TARGET = ["目标：2023年8月底前2号机组氨逃逸超标率由8.6%降至3%以下。"]


def _deck(kind: str, topic: list[str]) -> Slides:
    s = set_slide(good_problem_solving(), "降低转向节", ["发电部QC小组", f"课题类型：问题解决型（{kind}）"])
    s = replace_slide(s, "二、现状调查", None)
    s = set_slide(s, "一、选择课题", topic)
    return set_slide(s, "三、设定目标", _TARGET)


def test_a_directive_target_takes_its_basis_from_the_source_named_at_the_topic() -> None:
    """Seen fresh18 z25: "课题来源：公司《…》要求…≤3%" on the 选择课题 page is the 指令, the target's 依据."""
    plain = run_check(_deck("指令性目标", _TOPIC_PLAIN))
    # no 依据 read beside a 指令性 target: a review since stop 34 (judge97), no finding
    assert "G1" not in rule_ids(plain) and "G1" in reviewed_ids(plain)
    sourced = run_check(_deck("指令性目标", _TOPIC_SOURCE))
    assert "G1" not in rule_ids(sourced) and "G1" not in reviewed_ids(sourced)


def test_a_target_product_that_follows_from_the_target_formula_over_its_figures_is_a_review() -> None:
    """ "目标值＝9.01%×53.9%×70%＝5.6%" on one line: as written it is 3.4%, but 9.01%×(1−53.9%×70%) is the 5.6%
    stated, the "1−" or brackets lost — a review, never G1. A product that recomputes no way is still G1."""
    for target, stated in (
        ("目标值＝现况值×(1－改善重点×圈能力)＝9.01%×53.9%×70%＝5.6%", "5.6%"),
        ("目标值＝9.01%×1－53.9%×70%＝5.6%", "5.6%"),
        ("目标值＝89.0%×55.3%×80%＝93.9%", "93.9%"),
    ):
        rep = numbers.analyze(*numbers_deck("活动后不合格率为5.1%，达到目标。", target=target))
        assert [f.message for f in rep.findings if "目标测算式" in f.message] == [], target
        assert any(u.what == "目标测算" and stated in u.reason and "需人工复核" in u.reason for u in rep.unverifiable)
    wrong = numbers.analyze(*numbers_deck("活动后不合格率为3.0%，达到目标。", target="目标值＝9.01%×53.9%×70%＝4.5%"))
    assert [f.rule for f in wrong.findings if "目标测算式" in f.message] == ["G1"]


def test_overall_options_numbered_in_roman_numerals_are_two_options() -> None:
    """ "方案Ⅰ：…；方案Ⅱ：…" names two 总体方案 as "方案一/方案二" does; one 方案Ⅰ alone is still one."""
    tail = [
        "对比试验：气动夹紧时间3.2s、成本1.8万元；液压夹紧时间2.9s、成本6.5万元，选定气动夹紧。",
        "将选定方案逐层分解为分级方案：夹紧机构（气缸/电磁铁）、定位模块（一面两销/V形块），经测试选定最佳方案。",
        "分级方案试验：气缸夹紧力实测2100N，电磁铁实测900N，选用气缸。",
    ]

    def n1(first: str) -> list[str]:
        report = run_check(set_slide(good_innovative(), "三、提出方案", [first, *tail]))
        return [f.message for f in report.findings if f.rule == "N1"]

    assert n1("方案Ⅰ：气动夹紧工装；方案Ⅱ：液压夹紧工装。") == []
    assert any("只提出了一个总体方案" in m for m in n1("方案Ⅰ：气动夹紧工装。"))
