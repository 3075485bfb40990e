"""G2 on a 品管圈 课题达成型 deck (stop 33): those decks ground the target on the 望达水平 of 课题明确化, the 攻坚点
or 借鉴 figures on other pages, so "no borrowed data" read as an absence is a review there; a 论证 of words
only stays a finding, and elsewhere the absence stays a finding. And S1's slogan words that also name a service
or a unit (保障, 综合) are a review."""

from __future__ import annotations

from tests.nlp.conftest import good_innovative, replace_slide, reviewed_ids, rule_ids, run_check

TARGET = "二、设定目标及目标可行性论证"


def _deck(task: bool, lines: list[str]) -> list:
    s = replace_slide(good_innovative(), TARGET, ("二、目标设定", lines))
    if task:
        s = replace_slide(
            s, "一、选择课题", ("一、选择课题", ["顾客要求装夹时间缩短到15s以内。", "经课题明确化，确定2个攻坚点。"])
        )
    else:
        s = replace_slide(s, "一、选择课题", ("一、选择课题", ["顾客要求装夹时间缩短到15s以内。"]))
    return s


def test_g2_no_borrowed_data_in_a_task_deck_is_a_review() -> None:
    alone = ["目标：单件装夹时间≤15s。"]
    r = run_check(_deck(True, alone))
    assert "G2" not in rule_ids(r)
    assert "G2" in reviewed_ids(r)
    assert any("课题达成型" in x.reason for x in r.reviews if x.rule == "G2")
    # the same absence outside a 课题达成型 deck is still a finding
    assert "G2" in rule_ids(run_check(_deck(False, alone)))


def test_g2_a_qualitative_argument_in_a_task_deck_stays_a_finding() -> None:
    words = ["目标：单件装夹时间≤15s。", "可行性论证：领导高度重视，小组技术力量强，经验丰富。"]
    assert "G2" in rule_ids(run_check(_deck(True, words)))


def test_s1_a_slogan_word_that_also_names_a_service_is_a_review() -> None:
    """S1 (stop 33): 保障 / 综合 also name a service or a unit inside the object ("降低站坪车辆保障延误率"): a
    review; a clear slogan word ("打造一流…") stays a finding."""
    s = good_innovative()
    s[0] = ("降低站坪车辆保障作业延误率", s[0][1])
    r = run_check(s)
    assert "S1" not in rule_ids(r)
    assert "S1" in reviewed_ids(r)
    s[0] = ("打造一流转向节装夹作业", s[0][1])
    assert "S1" in rule_ids(run_check(s))
