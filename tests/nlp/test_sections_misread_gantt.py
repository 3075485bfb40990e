"""A scanned 活动计划 甘特图 whose task column OCR misread in most of its names: three step names read and
as many misread lines in the same column are still a list of the steps, not their headings (seen fresh13
s44: "目标设定", "解析", "对革就定", "对插实施导检讨", "效果确认", "标准化" read before "四、现况把握", which
was then never found)."""

from __future__ import annotations

import pytest

from nlp.sections import segment
from tests.nlp.test_sections import _gantt_scan


@pytest.mark.parametrize(
    "tasks",
    [
        ["生顾选定", "现况把摇", "目标设定", "解析", "对革就定", "对插实施导检讨", "效果确认", "标准化"],
        ["选译课题", "设定目标", "原因分忻", "制订对荣", "对荣实施", "效果检查", "标准化"],
    ],
)
def test_a_gantt_column_with_most_names_misread_is_still_a_list(tasks: list[str]) -> None:
    seg = segment(_gantt_scan(tasks))
    cur = seg.get("current_state")
    assert cur is not None and cur.pages == [1]
    assert [s.step_id for s in seg.steps] == ["current_state", "set_target", "implement", "check_effect", "consolidate"]


def test_the_misread_column_thresholds_are_lexicon_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp.steplex import lexicon

    tasks = ["生顾选定", "现况把摇", "目标设定", "解析", "对革就定", "对插实施导检讨", "效果确认", "标准化"]
    monkeypatch.setitem(lexicon()["step_list"], "min_lines", 7)
    assert segment(_gantt_scan(tasks)).get("current_state") is None
