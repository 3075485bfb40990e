"""A 课题达成型 课题明确化 table headed 调查项目 | 现况水平 | 望达水平 | … is the 调查 of that step, its 调查表; the same
header in another step, or a 课题明确化 table headed otherwise, is not."""

from __future__ import annotations

from nlp import tools
from tests.nlp.test_tools import doc_of, table

_ROWS = [["复诊提醒", "无主动提醒", "到期前3天自动提醒", "大", "建立提醒机制"]]


def _got(items: list) -> set[tuple[str, str]]:
    doc, steps = doc_of(items)
    return {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}


def test_the_survey_item_table_of_the_clarification_is_its_check_sheet() -> None:
    for head in ["调查项目", "调查内容"]:
        clarify = table([[head, "现况水平", "望达水平", "差距", "攻坚点"], *_ROWS])
        assert ("调查表", "select_topic") in _got([("select_topic", 4, clarify)]), head
    other = table([["项目", "现况水平", "望达水平", "差距", "攻坚点"], *_ROWS])
    later = table([["调查项目", "现况水平", "望达水平", "差距", "攻坚点"], *_ROWS])
    got = _got([("select_topic", 4, other), ("propose_solutions", 9, later)])
    assert ("调查表", "select_topic") not in got and ("调查表", "propose_solutions") not in got
