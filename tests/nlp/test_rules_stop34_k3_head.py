"""Stop 34, before the fresh22/23 run (judge94): K3 on the readings that misled it on new hands.

A project that finds no 症结 (a 指令性 target argued, not stratified) names its problem by the head of its
因果图: a confirmation row that measures the cause's effect on that head ("流量不足期间主轴温升2.1℃/h，流量正常时
0.6℃/h" under "主轴温升快因果图") speaks of the problem, seen fresh20 d06. "标准" in a cause's name ("无标准作业流程")
in a table of scores is no judgement against a standard, seen fresh18 z45."""

from __future__ import annotations

from nlp.check import check
from tests.nlp.conftest import deck, good_problem_solving, set_slide

STATE = [
    "调查时间：2023年7月1日至7月31日，抽查转向节4000件，超差104件，超差率2.6%。",
    "上级下达指令性目标：超差率降至0.8%。",
]
HEAD = ["序号", "末端原因", "确认方法", "确认标准", "确认情况", "结论"]
REJECTED = ["3", "车间环境温度高", "现场测量", "≤28℃", "车间温度实测26℃", "非要因"]


def _k3(analysis: list[str], rows: list[list[str]]) -> list[str]:
    s = set_slide(good_problem_solving(), "二、现状调查", STATE)
    s = set_slide(s, "四、原因分析", analysis)
    s = set_slide(s, "五、确定主要原因", ["表3 要因确认表", [HEAD, *rows, REJECTED]])
    return [f.message for f in check(deck(s)).findings if f.rule == "K3"]


ROWS = [
    [
        "1",
        "冷却液流量不足",
        "现场测量",
        "≥20L/min",
        "实测流量12L/min；流量不足期间主轴温升2.1℃/h，流量正常时0.6℃/h",
        "要因",
    ],
    [
        "2",
        "润滑脂超期未换",
        "调查分析",
        "按期更换",
        "润滑脂超期2个月，超期期间主轴温升2.4℃/h，换脂后首周0.7℃/h",
        "要因",
    ],
]
DIAGRAM = "主轴温升快因果图"


def test_k3_a_row_on_the_diagram_head_speaks_of_the_problem_when_there_is_no_symptom() -> None:
    analysis = ["从人、机、料、法、环五个方面分析原因，逐层分析到末端原因。", DIAGRAM]
    assert _k3(analysis, ROWS) == []


def test_k3_rows_off_the_diagram_head_keep_the_finding() -> None:
    """The twin: the same head, rows that only meet or miss their standard — the finding stays."""
    analysis = ["从人、机、料、法、环五个方面分析原因，逐层分析到末端原因。", DIAGRAM]
    rows = [
        ["1", "冷却液流量不足", "现场测量", "≥20L/min", "实测流量12L/min，不符合要求", "要因"],
        ["2", "润滑脂超期未换", "调查分析", "按期更换", "润滑脂超期2个月，不符合规定", "要因"],
    ]
    assert any("只对照标准判断" in m for m in _k3(analysis, rows))


SCORED = [
    ["末端原因", "得分", "是否要因"],
    ["班组无标准作业流程", "38", "是"],
    ["新员工未掌握找正方法", "36", "是"],
    ["量具配备不足", "30", "是"],
    ["夹具设计不合理", "18", "否"],
]


def _k3_scored(first: str) -> list[str]:
    table = [row[:] for row in SCORED]
    table[1][0] = first
    items = ["小组8名成员对末端原因按5/3/1分评分，选取得分前3项为要因。", table]
    s = set_slide(good_problem_solving(), "五、确定主要原因", items)
    return [f.message for f in check(deck(s)).findings if f.rule == "K3"]


def test_k3_a_cause_named_with_standard_is_no_judgement_against_it() -> None:
    assert not any("只判断是否符合标准" in m for m in _k3_scored("班组无标准作业流程"))


def test_k3_a_verdict_against_the_standard_in_a_scored_table_keeps_the_finding() -> None:
    """The twin: a row that says the cause does not meet its standard is that judgement."""
    assert any("只判断是否符合标准" in m for m in _k3_scored("作业方法不符合标准"))
