"""A 方案 comparison table with a column of trial data in 提出方案 is the 对比试验 of that step, not in other
steps nor for the run number of an 正交 table; a record sheet named in 现状调查 is that step's 调查表, not a
记录表 set up in 巩固."""

from __future__ import annotations

from nlp import tools
from tests.nlp.test_tools import doc_of, table


def _got(items: list) -> set[tuple[str, str]]:
    doc, steps = doc_of(items)
    return {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}


def test_a_trial_data_column_in_the_option_table_and_only_there_is_the_comparative_trial() -> None:
    for head in ["试验/调查数据", "对比试验结果（各30次）", "模拟件台架试验（各3件）", "测试数据"]:
        options = table([["分级项目", "备选方案", head, "结论"], ["驱动", "伺服电机", "波动±0.5%", "选定"]])
        assert ("对比试验", "propose_solutions") in _got([("propose_solutions", 8, options)]), head
    # the same column in 要因确认, or the run number of an 正交 table, is no side-by-side trial
    options = table([["末端原因", "确认方法", "试验数据", "结论"], ["压力低", "现场测量", "0.3MPa", "非要因"]])
    runs = table([["试验号", "A 转速", "B 进给", "Ra"], ["1", "800", "0.1", "1.6"]])
    got = _got([("main_causes", 8, options), ("propose_solutions", 9, runs)])
    assert ("对比试验", "main_causes") not in got and ("对比试验", "propose_solutions") not in got


def test_a_record_sheet_named_in_the_current_state_is_the_check_sheet() -> None:
    got = _got(
        [
            ("current_state", 4, "数据：终检外观检查记录表（3月1日—31日，全检）"),
            ("target_feasibility", 5, "对1056套超标轴承逐套拆检，按原因类型分层统计（拆检记录表）"),
            ("consolidate", 12, "建立喷嘴检查记录表，每次换辊由点检员签字"),
        ]
    )
    assert ("调查表", "current_state") in got and ("调查表", "target_feasibility") in got
    assert ("调查表", "consolidate") not in got
