"""A 调查 written as its plan's labels — who collected ("调查人：…", "统计人：…") or how and on what ("调查方法：…")
— in a data step is that step's check sheet (调查表); a date label over existing records alone is not, nor are
the labels outside the data steps."""

from __future__ import annotations

from nlp import tools
from tests.nlp.test_tools import doc_of


def _got(items: list) -> set[tuple[str, str]]:
    doc, steps = doc_of(items)
    return {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}


def test_the_collector_or_the_method_of_a_survey_names_the_check_sheet() -> None:
    for line in [
        "调查时间：2024年4月8日—4月20日；调查人：孙倩、马涛",
        "调查方法：对一期后浇带860m逐段闭水观察，标记渗漏点并记录部位",
        "调查期间：2023年3月1日—5月31日，统计人：邵宇航",
    ]:
        assert ("调查表", "current_state") in _got([("current_state", 5, line)]), line
    assert ("调查表", "target_feasibility") in _got([("target_feasibility", 6, "调查对象：近3个月全部出院患者")])
    # a period over existing records alone, or the labels outside the data steps, name no check sheet
    got = _got(
        [
            ("current_state", 5, "调查时间：2024年1月1日—3月31日；数据来源：化验室LIMS，每天5次，共450次"),
            ("implement", 9, "实施时间：2024年6月；检查人：质量员王强"),
            ("consolidate", 12, "巡查方式：班组长每班巡查；记录人：当班班长"),
        ]
    )
    assert not {s for name, s in got if name == "调查表"}
