"""Stop 27 (issue 10; docs/rules.md "Stop 27"): causes handled as a group rather than one row each — 末端原因
confirmed together by a count, a range of cause numbers or a list counted back (K2), and one 对策 row citing
several 要因 by number (P1). Writers word it in many layouts; each is tested with its twin that stays the
defect."""

from __future__ import annotations

import pytest

from nlp.fivew1h_causes import ref_indices
from nlp.report import CheckReport
from tests.nlp.conftest import (
    CAUSE_TABLE,
    PLAN_TABLE,
    finding_messages,
    good_problem_solving,
    reviewed_ids,
    run_check,
    set_slide,
)

_EIGHT = (
    "末端原因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、夏季午后温度偏高、"
    "冷却液浓度偏低、操作工培训不足、量具校准超期、夹具定位面磨损。"
)


def _confirmed(*items: object) -> CheckReport:
    """The 因果图 names eight 末端原因; the 确认表 confirms the first four one by one, then `items`."""
    slides = set_slide(
        good_problem_solving(), "四、原因分析", ["针对症结孔径超差绘制因果图，逐层分析到末端原因。", _EIGHT]
    )
    return run_check(set_slide(slides, "五、确定主要原因", ["对8个末端原因逐条确认。", *items]))


def _table(*rows: list[str]) -> list[list[str]]:
    return [r[:] for r in CAUSE_TABLE] + [list(r) for r in rows]


def test_eight_causes_four_confirmed_and_nothing_else_is_the_defect() -> None:
    r = _confirmed(_table())
    assert finding_messages(r, "K2") and "K2" not in reviewed_ids(r)


@pytest.mark.parametrize(
    "items",
    [
        # a 确认表 row lumping the rest by count, or by a range of their numbers (full-width tilde)
        [_table(["5", "其余4项", "是否符合作业标准", "现场调查", "作业标准", "均符合", "非要因"])],
        [_table(["5～8", "冷却液浓度偏低等", "现场调查", "现场调查", "作业标准", "均符合", "非要因"])],
        # a line under the table giving the rest one verdict, by count, range or names counted back
        [_table(), "其余4条末端原因经现场调查均符合标准，为非要因。"],
        [_table(), "末端原因⑤—⑧经现场核实，均不是要因。"],
        [_table(), "冷却液浓度偏低、操作工培训不足、量具校准超期、夹具定位面磨损，以上4条均符合标准——非要因"],
    ],
)
def test_causes_confirmed_together_are_a_review_not_a_finding(items: list[object]) -> None:
    """Confirmed together, the causes are not dropped silently; whether the lump is exactly the analysis's
    missing causes is not written, so a person checks it (需人工复核), no finding and no pass."""
    r = _confirmed(*items)
    assert not finding_messages(r, "K2") and "K2" in reviewed_ids(r)


@pytest.mark.parametrize(
    "items",
    [
        # the lump is smaller than the gap
        [_table(["5", "其余2项", "现场调查", "现场调查", "作业标准", "均符合", "非要因"])],
        # "以上4条" counting back the four the table already confirmed is no lump of the others
        [_table(), "主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、夏季午后温度偏高，以上4条均已确认为要因"],
        # a measured range in a line is no range of causes
        [_table(), "复测各工位孔径偏差3-8μm，均符合标准。"],
        # a count with no verdict
        [_table(), "其余4条末端原因将在下一阶段调查。"],
    ],
)
def test_a_lump_that_does_not_make_up_the_count_stays_the_defect(items: list[object]) -> None:
    r = _confirmed(*items)
    assert finding_messages(r, "K2")


@pytest.mark.parametrize(
    ("cell", "refs"),
    [
        ("要因3、4", [3, 4]),
        ("要因③④", [3, 4]),
        ("真因二、三", [2, 3]),
        ("原因2～4", [2, 3, 4]),
        ("要因（1）（2）", [1, 2]),
        ("要因1、要因2", [1, 2]),
        ("要因3", []),  # one number: `ref_index`'s
        ("锻件孔余量波动大", []),
        ("2023-8", []),
    ],
)
def test_a_cause_cell_citing_several_causes_by_number(cell: str, refs: list[int]) -> None:
    assert ref_indices(cell) == refs


def _four_causes_three_rows(last_cause_cell: str) -> CheckReport:
    """All four 末端原因 confirmed as 要因; the 对策表's third row names `last_cause_cell` as its 要因."""
    causes = [r[:] for r in CAUSE_TABLE]
    causes[4][-1] = "要因"
    plan = [r[:] for r in PLAN_TABLE]
    plan[3][1] = last_cause_cell
    slides = set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐条确认。", causes])
    return run_check(set_slide(slides, "六、制定对策", [plan]))


@pytest.mark.parametrize("cell", ["要因3、4", "要因③④", "要因3~4", "锻件孔余量波动大、夏季午后温度偏高"])
def test_p1_one_row_for_two_causes_cited_by_number_or_name_covers_both(cell: str) -> None:
    assert not finding_messages(_four_causes_three_rows(cell), "P1")


@pytest.mark.parametrize("cell", ["锻件孔余量波动大", "要因3", "要因3、5"])
def test_p1_a_row_citing_one_cause_or_numbers_past_the_causes_leaves_one_without_a_countermeasure(
    cell: str,
) -> None:
    """The twins: the third row names only 要因3, or cites a 要因 5 that was never confirmed."""
    assert finding_messages(_four_causes_three_rows(cell), "P1")
