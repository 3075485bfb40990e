"""After the fresh9 run (issue 10; docs/rules.md "Stop 26, after the fresh9 run"): readings that new hands
tripped on the now-seen fresh9 split, each tested from the spec's wording with its clean twin."""

from __future__ import annotations

from nlp.headings import match_heading


def test_two_bracket_numbered_headings_on_one_title_name_both_steps() -> None:
    """Seen fresh9 o36: one slide titled "（九）巩固措施　（十）总结和下一步打算" carries two steps; the
    second bracket number was read as the first one's subtitle, so 巩固措施 was lost."""
    for title in ("（九）巩固措施　（十）总结和下一步打算", "(9) 巩固措施 (10) 总结与体会"):
        m = match_heading(title, strict=False)
        assert m is not None and m.steps == ("consolidate", "summary"), title
    m = match_heading("（四）原因分析  （五）要因确认", strict=True)
    assert m is not None and m.steps == ("cause_analysis", "main_causes")


def test_a_bracket_number_right_after_a_part_name_is_still_its_sub_step() -> None:
    """The twin: "五、解析（三）要因评价" (no space) is a part's sub-step, and a sub-item number after a
    step ("（三）现状调查 （1）查检表") names no second step."""
    m = match_heading("五、解析（三）要因评价", strict=False)
    assert m is not None and m.steps == ("main_causes",)
    m = match_heading("（三）现状调查 （1）查检表", strict=False)
    assert m is not None and m.steps == ("current_state",)
