"""Stop 30 (judge52): a table rebuilt from a scanned page (`ingest.readers.scan_tables`; its block carries its lines'
recogniser confidence) is read as rows where rows are what is counted (K2's confirmations), but a row is not judged by
what it lacks: a cell's tail may lie over a page break or beside the row, so K3 judges a scanned 要因确认表's
confirmations as the step's text (seen fresh8 n34, n51: rows rebuilt whole enough to count, not to judge by absence)."""

from __future__ import annotations

import pytest

from nlp.check import check
from nlp.fivew1h_tables import Candidate, read_rows
from tests.nlp.conftest import deck, finding_messages, good_problem_solving, scanned_tables, set_slide

HEAD = ["序号", "末端原因", "确认方法", "确认情况", "结论"]
ROWS = [
    ["1", "主轴前轴承磨损", "现场测量", "实测主轴跳动0.009mm，超过设计值0.005mm", "要因"],
    ["2", "刀补按经验周期调整", "查阅记录", "作业指导书无刀补周期", "要因"],
    ["3", "锻件孔余量波动大", "抽样测量", "抽测50件余量极差1.1mm，高于工艺要求0.6mm", "要因"],
    ["4", "夏季午后温度偏高", "现场测量", "午后车间30℃，温度与超差无相关", "非要因"],
]


def test_k3_judges_a_scanned_confirmation_table_as_text_not_row_by_row() -> None:
    s = set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐条确认。", [HEAD, *ROWS]])
    typed = finding_messages(check(deck(s)), "K3")
    scanned = finding_messages(check(scanned_tables(deck(s))), "K3")
    assert any("只对照标准判断" in m for m in typed)
    assert not any("只对照标准判断" in m for m in scanned)


def test_k2_counts_the_rows_of_a_scanned_confirmation_table() -> None:
    """Six 末端原因 named, four rows confirmed: counted on the rebuilt table as on a typed one."""
    causes = "末端原因6条：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、夏季午后温度偏高、冷却液浓度低、夹具定位销磨损。"
    s = set_slide(good_problem_solving(), "四、原因分析", [causes])
    s = set_slide(s, "五、确定主要原因", ["对末端原因逐条确认。", [HEAD, *ROWS]])
    for doc in (deck(s), scanned_tables(deck(s))):
        assert any("6 个末端原因" in m for m in finding_messages(check(doc), "K2"))


def _part(rows: list[list[str]], index: int, page: int, header: bool, source: str) -> Candidate:
    from tests.nlp.test_tools import table

    cols = {0: "no", 1: "cause", 2: "what", 3: "why", 4: "how", 5: "where", 6: "when", 7: "who"}
    return Candidate(index, table(rows), 0 if header else -1, cols, page, "plan_countermeasures", source)


@pytest.mark.parametrize("source", ["picture", "table"])
def test_a_continued_scanned_row_with_its_own_owner_is_a_row_whose_number_was_lost(source: str) -> None:
    """The 对策表 continued on the next scanned page, its first row's 序号 lost by the recogniser but its own 负责人
    there: a third row (fresh3 h19). A typed table's row broken by the page keeps being joined to the row above."""
    head = ["序号", "要因", "对策", "目标", "措施", "地点", "时间", "负责人"]
    first = _part(
        [head, ["1", "间隙过大", "控制尺寸", "合格率≥95%", "定型框", "3~9号楼", "2024.6.1-6.30", "郑宏"]],
        0,
        5,
        True,
        source,
    )
    rest = _part(
        [["", "未做附加层", "增设附加层", "施工率100%", "刷涂料", "3~9号楼", "2024.6.1-8.31", "陈秀芳"]],
        1,
        6,
        False,
        source,
    )
    rows = read_rows([first, rest]).rows
    assert len(rows) == (2 if source == "picture" else 1)
