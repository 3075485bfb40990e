"""Z1 when the 总结 is hollow as a step (stop 30, judge59; seen fresh13 s37).

domain.md b.3 Z1: the 总结 gives the 无形成果 and the next topic. Both are looked for as words, so a
part missing is a review. A 总结 whose whole body is a line or two of text (no table, chart or picture)
in which neither is seen holds nothing a reviewer could count, however it is worded: a finding.
"""

from __future__ import annotations

import pytest

from nlp.check import check
from nlp.report import CheckReport
from tests.nlp.conftest import deck, good_innovative, good_problem_solving, set_slide


def _with_summary(lines: list[object], *, innovative: bool = False) -> CheckReport:
    base = good_innovative() if innovative else good_problem_solving()
    prefix = "八、总结" if innovative else "十、总结"
    return check(deck(set_slide(base, prefix, list(lines))))


def _z1(r: CheckReport) -> tuple[list[str], list[str]]:
    return [f.message for f in r.findings if f.rule == "Z1"], [v.message for v in r.reviews if v.rule == "Z1"]


@pytest.mark.parametrize(
    "lines",
    [
        ["本次QC活动在公司领导的大力支持下，经过全组成员的共同努力，圆满完成了课题目标，取得了显著成效。"],
        ["本次活动圆满完成。"],
        ["活动取得圆满成功，", "感谢各部门的大力支持与配合！"],
    ],
)
@pytest.mark.parametrize("innovative", [False, True])
def test_a_summary_of_a_line_with_neither_part_is_z1(lines: list[str], innovative: bool) -> None:
    found, reviewed = _z1(_with_summary(lines, innovative=innovative))
    assert found and not reviewed, (found, reviewed)


@pytest.mark.parametrize(
    "lines",
    [
        ["本次活动圆满完成，下一步将继续保持。"],  # the next step named, the gains not: a review
        ["通过活动，小组成员的质量意识明显提高。"],  # the gains named, no next topic: a review
    ],
)
def test_a_summary_with_one_part_is_a_review(lines: list[str]) -> None:
    found, _reviewed = _z1(_with_summary(lines))
    assert not found


def test_a_long_summary_with_neither_word_stays_a_review() -> None:
    """A body longer than a line or two may say either part in words we do not know: a review."""
    long = [
        "本次活动历时八个月，小组成员分工明确、密切配合，各项对策均按计划落实，现场管理水平有了明显变化。",
        "活动中得到了车间、技术科和质检科的大力支持，在此一并致谢，各班组对本次活动的做法普遍认可，反响良好。",
    ]
    found, reviewed = _z1(_with_summary(long))
    assert not found and reviewed


def test_a_summary_with_a_table_is_no_hollow_step() -> None:
    table = [["项目", "活动前", "活动后"], ["团队协作", "3", "4"], ["质量意识", "3", "5"]]
    found, _reviewed = _z1(_with_summary(["本次活动圆满完成。", table]))
    assert not found


@pytest.mark.parametrize("slot", ["下一循环主题：降低夜班输液外渗发生率", "下一个PDCA循环课题：降低术后尿潴留发生率"])
def test_the_next_cycle_topic_in_its_slot_is_a_next_topic(slot: str) -> None:
    """A closing slide "遗留问题：… / 下一循环主题：…" names the next topic (seen fresh7 m49, fresh10 p16)."""
    found, reviewed = _z1(_with_summary(["遗留问题：夜间巡视仍有遗漏。", slot]))
    assert not found
    assert not any("下一步打算" in m for m in reviewed), reviewed
