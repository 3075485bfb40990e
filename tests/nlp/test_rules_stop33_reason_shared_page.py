"""Stop 33 (judge90): S2 on a 选题 slide whose figures the reading gave to another step is a review.

S2 (spec/domain.md b.3: 选题理由 without data) counts the figures of the 选择课题 step. Where the 选题's own slide
holds figures the structure read as another step ("一、选择课题" over "现状\\n2024年1月抽查：单笔出入库平均6.5分钟",
read as 现状, seen fresh21 e09), the reason may be stated by those very figures: a review, not a finding."""

from __future__ import annotations

from tests.nlp.conftest import good_innovative, reviewed_ids, rule_ids, run_check, set_slide


def _s2(lines: list[str]) -> tuple[bool, bool]:
    r = run_check(set_slide(good_innovative(), "一、选择课题", lines))
    return "S2" in rule_ids(r), "S2" in reviewed_ids(r)


def test_s2_figures_of_the_topic_slide_read_as_another_step_make_a_review() -> None:
    lines = [
        "需求：现有螺旋压板工装装夹慢，无法满足顾客需求。",
        "现状调查",
        "2023年5月抽查120件，单件装夹时间平均45s，合格率82.5%。",
    ]
    assert _s2(lines) == (False, True)


def test_s2_a_topic_slide_without_figures_keeps_the_finding() -> None:
    assert _s2(["顾客要求缩短装夹时间，现有螺旋压板工装无法满足需求。"]) == (True, False)
