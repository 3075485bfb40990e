"""Two numbered step headings in one line whose space a PDF's text lost ("六、效果检查七、标准化", seen fresh16
w32, a slide titled "六、效果检查　七、标准化" printed to PDF): both steps are named. A Chinese numeral glued on
that starts no step name names nothing more."""

from __future__ import annotations

import pytest

from nlp.headings import match_heading


@pytest.mark.parametrize("text", ["六、效果检查七、标准化", "十、巩固措施十一、总结和下一步打算"])
def test_a_second_numbered_heading_glued_on_names_its_step(text: str) -> None:
    m = match_heading(text, strict=False)
    assert m is not None and len(m.steps) == 2


def test_a_glued_numeral_before_no_step_name_names_nothing_more() -> None:
    m = match_heading("四、原因分析一、人员", strict=False)
    assert m is not None and m.steps == ("cause_analysis",)
