"""Stop 34, before the fresh22/23 run (judge94): K4 dates a confirmation by its 确认时间 column, or by a date in
the row's findings only where the row goes on to a measured change ("更换后超差率由4.1%降至0.9%", seen fresh3 h41,
fresh4 i48). A date in a row with no such column and no change after it may date the row's data or an event it
reports ("5—9月…", seen fresh10 p37): the finding is a review."""

from __future__ import annotations

from nlp.check import check
from nlp.report import CheckReport
from tests.nlp.conftest import CAUSE_TABLE, deck, finding_messages, good_problem_solving, set_slide


def _report(result: str) -> CheckReport:
    """The deck whose first 要因 (主轴前轴承磨损, its 对策 due 2023年8月15日) has this 确认结果, no 确认时间 column."""
    causes = [r[:] for r in CAUSE_TABLE]
    causes[1][5] = result
    return check(deck(set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐条确认。", causes])))


def test_k4_a_date_in_the_findings_with_no_change_is_a_review() -> None:
    report = _report("2023年8月20日巡检：主轴径向跳动0.016mm，跳动大的批次超差率达4.1%")
    assert not finding_messages(report, "K4")
    assert any(r.rule == "K4" and "确认时间" in r.reason for r in report.reviews)


def test_k4_a_date_in_the_findings_before_a_measured_change_keeps_the_finding() -> None:
    report = _report("2023年8月20日更换前轴承后试加工，超差率由4.1%降至0.9%")
    assert any("主轴前轴承磨损" in m for m in finding_messages(report, "K4"))
