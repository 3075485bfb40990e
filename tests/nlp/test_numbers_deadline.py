"""A target sentence that names its deadline before the figure (stop 31, judge66).

Seen on fresh14 u72 (a scan: "小组确定目标：2024年6月底前数据缺失率降至1.5%", effect 1.92 %, called 略高 and
巩固): the date's digits stood between the label and the figure, so no target was read and E3 stayed silent.
"""

from __future__ import annotations

import pytest

from nlp import numbers
from tests.nlp.conftest import stepped_doc


def _report(target: str, effect: str) -> numbers.NumbersReport:
    doc, steps = stepped_doc(
        [
            ("select_topic", 2, "2023年全年设备巡检漏检率为6.0%，高于公司要求。"),
            ("set_target", 4, target),
            ("check_effect", 11, effect),
            ("consolidate", 13, "巩固措施：修订《设备巡检管理办法》并执行。"),
        ],
        "降低设备巡检漏检率",
    )
    return numbers.analyze(doc, steps)


@pytest.mark.parametrize(
    "target",
    [
        "小组确定目标：2024年6月底前设备巡检漏检率降至2.0%。",
        "课题目标：到2025年底，将漏检率降低到2.0%以下。",
        "活动目标：2024年9月30日前漏检率不超过2.0%",
        "目标：2024年10月底漏检率达到2.0%",
        "设定目标：3月底之前，漏检率由6.0%降至2.0%。",
    ],
)
def test_a_deadline_before_the_figure_leaves_the_target_read(target: str) -> None:
    rep = _report(target, "活动后漏检率为2.6%，较活动前6.0%明显下降，小组决定巩固成果。")
    assert rep.target is not None and rep.target.value == 2.0
    assert rep.target_met is False
    assert any(f.rule == "E3" for f in rep.findings)


def test_a_met_target_behind_a_deadline_is_no_finding() -> None:
    rep = _report("目标：2024年6月底前漏检率降至2.0%。", "活动后漏检率为1.6%，达到目标。")
    assert rep.target is not None and rep.target.value == 2.0
    assert rep.target_met is True
    assert not any(f.rule in ("E1", "E3") for f in rep.findings)


@pytest.mark.parametrize(
    "target",
    [
        # a year-labelled series: the first figure is the 2022 level, not the target
        "目标值：2022年为6.0%，2023年降至2.0%",
        # a span of months is no deadline
        "目标：2024年1-6月漏检率降至2.0%",
    ],
)
def test_a_date_that_is_no_deadline_does_not_open_the_label(target: str) -> None:
    rep = _report(target, "活动后漏检率为1.6%。")
    assert rep.target is None or rep.target.value == 2.0


@pytest.mark.parametrize(
    "target",
    [
        "目标：2024年9月底前，30分钟内漏检率低于2.0%",
        "课题目标：2024年9月底前，24小时内巡检漏检率降至2.0%",
    ],
)
def test_after_a_deadline_a_figure_in_the_measure_name_is_not_the_target(target: str) -> None:
    """The figure inside the measure's name (30分钟内, 24小时内) is no level; the one after the verb is."""
    rep = _report(target, "活动后漏检率为2.6%，小组决定巩固成果。")
    assert rep.target is None or rep.target.value == 2.0
