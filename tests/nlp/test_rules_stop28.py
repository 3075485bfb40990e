"""Readings that broke when a seen item was reworded or re-laid out (issue 10, stop 28, judge39): each test
in our own words, with the twin where the rule must still decide the other way."""

from __future__ import annotations

import pytest

from nlp.check import check
from nlp.rules_causes import fused_header
from tests.nlp.conftest import CAUSE_TABLE, as_screenshot, deck, good_problem_solving, set_slide, spoke_messages


def _fused(rows: list[list[str]]) -> list[list[str]]:
    """The table as OCR reads a screenshot whose header band ran into the first row: each column word
    and the first value of its column in one cell."""
    return [[h + v for h, v in zip(rows[0], rows[1], strict=True)], *rows[2:]]


def _k2_of_screenshot(rows: list[list[str]]) -> list[str]:
    s = set_slide(good_problem_solving(), "五、确定主要原因", ["末端原因逐条确认如下。", rows])
    doc = as_screenshot(deck(s), rows[-1][1])
    return spoke_messages(check(doc), "K2")


def test_a_screenshot_whose_header_ran_into_the_first_row_confirms_every_row() -> None:
    """Four causes in 原因分析, four rows in the 要因确认 screenshot, the header words read into the first row
    ("末端原因主轴前轴承磨损 | 确认方法现场测量 | … | 结论要因", seen fresh10 p25): four confirmed, no K2."""
    rows = _fused([row[:] for row in CAUSE_TABLE])
    assert fused_header(rows) is not None and fused_header(rows)[1][1] == "主轴前轴承磨损"
    assert _k2_of_screenshot(rows) == []


def test_a_screenshot_that_drops_a_cause_still_reports_it_after_the_split() -> None:
    """The twin: the same fused header over three of the four causes — one cause is still unconfirmed."""
    rows = _fused([row[:] for row in CAUSE_TABLE[:-1]])
    assert _k2_of_screenshot(rows)


@pytest.mark.parametrize(
    "head",
    [
        ["序号", "末端原因", "确认方法", "结论"],  # a header read right
        ["末端原因说明", "确认方法说明", "确认标准值", "结论判定"],  # long column words, nothing recurs below
    ],
)
def test_a_header_read_right_or_worded_at_length_is_not_split(head: list[str]) -> None:
    rows = [head, ["1", "主轴前轴承磨损", "现场测量", "要因"], ["2", "刀补按经验周期调整", "现场测量", "要因"]]
    assert fused_header(rows) is None


@pytest.mark.parametrize(
    "lead_in",
    ["如图2所示", "从表1和图1可以看出", "经现场调查发现", "通过排列图分析", "从以上调查可以看出", "据统计"],
)
def test_a_lead_in_citing_the_data_is_no_subject_with_or_without_its_comma(lead_in: str) -> None:
    """A clause that opens on a source and ends on what it shows ("如图2所示", "经…发现") is read by its form
    as a lead-in, so the 症结 is the subject after it whether or not a comma follows (stop 28: rewording of
    fresh10 p37's "由表1可知")."""
    from nlp.rules import _symptom_in

    for sep in ("，", ""):
        assert _symptom_in(f"{lead_in}{sep}孔径超差占75.0%，是本课题的症结") == "孔径超差"


def test_a_cause_clause_opening_with_you_yu_keeps_its_words() -> None:
    """由于 opens a cause, not a source: the clause is not stripped as a lead-in."""
    from nlp.rules import _symptom_in

    assert _symptom_in("由于夹具磨损导致孔径超差占75.0%，是本课题的症结") != "孔径超差"


_PARETO = [
    ["缺陷类型", "频数", "占比", "累计占比"],
    ["孔径超差", "78", "65.0%", "65.0%"],
    ["位置度超差", "20", "16.7%", "81.7%"],
    ["端面跳动超差", "10", "8.3%", "90.0%"],
    ["螺纹损伤", "7", "5.8%", "95.8%"],
    ["其他", "5", "4.2%", "100%"],
]


def _pareto_over_two_slides(second_head: list[str]) -> list:
    s = set_slide(good_problem_solving(), "二、现状调查", ["抽查转向节1000件，超差120件，分层统计如下。", _PARETO[:3]])
    at = next(k for k, (t, _) in enumerate(s) if t and t.startswith("二、现状调查"))
    s.insert(at + 1, ("二、现状调查（续）", [[second_head, *_PARETO[3:]]]))
    return s


def test_a_pareto_table_continued_on_the_next_slide_under_its_header_is_one_table() -> None:
    """A 现状 table run on to the next slide with its header row repeated (stop 28, a rewording of seen
    fresh10 p01): one table of five categories ending at 100%, no X2 about its first half."""
    report = check(deck(_pareto_over_two_slides(_PARETO[0])))
    assert "X2" not in {f.rule for f in report.findings}


def test_a_table_under_another_header_on_the_next_slide_is_not_merged() -> None:
    from nlp.charts import pareto_table_at

    doc = deck(_pareto_over_two_slides(["工序", "频数", "占比", "累计占比"]))
    i = next(k for k, b in enumerate(doc.blocks) if b.table is not None and "孔径超差" in b.text)
    data, used = pareto_table_at(doc, i)
    assert used == [] and data is not None and len(data.categories) == 2
