"""False findings on fresh18 (seen after its untouched run, stop 32, judge79): each case worded as those writers
did, and the finding the same rule must still give where the evidence is positive."""

from __future__ import annotations

from nlp.check import check
from nlp.rules import _symptom_in
from tests.nlp.conftest import deck, finding_messages, good_problem_solving, replace_slide, run_check


def test_s1_a_service_measured_by_a_rate_is_no_slogan() -> None:
    """Seen fresh18 z23 "降低机坪航油加注保障超时率": 保障 names the service whose 超时率 is measured, not an
    aim; "保障…安全" as the aim is still a slogan."""
    s = good_problem_solving()
    s[0] = ("降低机坪航油加注保障超时率", s[0][1])
    assert not finding_messages(check(deck(s)), "S1")
    s[0] = ("保障机坪安全运行降低加注超时率", s[0][1])
    assert any("保障" in m for m in finding_messages(check(deck(s)), "S1"))


def test_c1_a_comma_inside_an_aside_parts_no_clause() -> None:
    """Seen fresh18 z03 "初始不平衡量超限（＞80g·cm，去重无法修正）252件，占62.8%，为症结": the comma inside
    the bracket split the aside, and its tail "去重无法修正）" was read as the 症结; the category before it is."""
    sent = "按不良项目分层：初始不平衡量超限（＞80g·cm，去重无法修正）252件，占62.8%，为症结"
    assert _symptom_in(sent) == "初始不平衡量超限"
    assert _symptom_in(sent.replace("（", "(").replace("）", ")")) == "初始不平衡量超限"
    # an aside that holds the word itself is kept (dropping it would leave no clause naming the 症结)
    assert _symptom_in("焊缝气孔（本课题症结）占70.9%") in (None, "焊缝气孔")


def _a1(lines: list[str]) -> tuple[list[str], list[str]]:
    report = run_check(replace_slide(good_problem_solving(), "九、制定巩固措施", ("九、制定巩固措施", lines)))
    return [f.message for f in report.findings if f.rule == "A1"], [r.rule for r in report.reviews if r.rule == "A1"]


def test_a1_a_standard_named_by_its_title_without_a_number_is_a_review() -> None:
    """Seen fresh18 z12 (a 品管圈 标准化): "制定《…护理常规》，…全院执行" names the standard, only not its number —
    a review; slogans only ("加强管理、加强培训") are still a finding."""
    found, reviews = _a1(["制定《经桡动脉介入术后压迫止血护理常规》，2023年10月全院心内科执行。"])
    assert not found and reviews == ["A1"]
    found, reviews = _a1(["加强管理，加强培训，严格执行操作要求。"])
    assert found and not reviews
