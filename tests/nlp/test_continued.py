"""One reader of a table continued over a page break without its header row (`nlp.continued`), written
from the layouts of spec/ingestion-pitfalls.md: a long 要因确认表 run on onto a （续） page, a cell wrapped
over the break, a table between, a header alone at the foot of a page."""

from __future__ import annotations

from ingest.model import Block, BlockKind, Document, SourceRef
from nlp.continued import continued_tables
from nlp.fivew1h_causes import _table_verdicts
from tests.nlp.conftest import table

HEAD = ["序号", "末端原因", "确认方法", "确认情况", "结论"]


def _headed(row: list[str]) -> bool:
    return "末端原因" in row


def _read(*tables: tuple[int, list[list[str]]]) -> list[tuple[int, list[str], list[list[str]], bool]]:
    found = continued_tables([(k, page, grid) for k, (page, grid) in enumerate(tables)], _headed)
    return [(r.block, r.header, r.rows, r.continued) for r in found]


def test_a_table_run_on_to_the_next_page_is_read_under_its_header() -> None:
    first = [HEAD, ["1", "刀具磨损", "现场测量", "磨损0.3mm超标", "要因"]]
    rest = [["2", "夹具松动", "抽查", "20件无松动", "非要因"], ["3", "程序错误", "核对", "无错误", "非要因"]]
    reads = _read((4, first), (5, rest))
    assert reads[1] == (1, HEAD, rest, True)


def test_a_chain_of_continuations_keeps_the_first_header() -> None:
    row = ["9", "温度偏高", "测量", "32℃", "要因"]
    reads = _read((4, [HEAD, row]), (5, [row]), (6, [row]))
    assert [r[3] for r in reads] == [False, True, True] and all(r[1] == HEAD for r in reads)


def test_the_tail_of_a_cell_wrapped_over_the_break_is_no_row() -> None:
    tail = ["", "", "", "动", ""]
    row = ["4", "电压波动", "记录", "波动±2%", "非要因"]
    reads = _read((4, [HEAD, ["3", "油温", "测量", "属正常波", "非要因"]]), (5, [tail, row]))
    assert reads[1][2] == [row]


def test_nothing_continues_across_a_table_between() -> None:
    other = [["项目", "数值", "单位"], ["a", "1", "件"]]  # a chart's data table on the page between
    row = ["5", "培训不足", "考核", "合格率92%", "非要因"]
    reads = _read((4, [HEAD, row]), (5, other), (6, [row]))
    assert not any(r[3] for r in reads)


def test_a_table_on_the_same_page_or_of_other_columns_does_not_continue() -> None:
    row = ["5", "培训不足", "考核", "合格率92%", "非要因"]
    assert not any(r[3] for r in _read((4, [HEAD, row]), (4, [row])))
    assert not any(r[3] for r in _read((4, [HEAD, row]), (5, [row[:4]])))


def test_a_header_alone_at_the_foot_of_a_page_heads_the_rows_on_the_next() -> None:
    rows = [["1", "刀具磨损", "现场测量", "磨损0.3mm超标", "要因"], ["2", "夹具松动", "抽查", "无松动", "非要因"]]
    reads = _read((4, [HEAD]), (5, rows))
    assert reads[1] == (1, HEAD, rows, True)


def test_the_verdicts_of_a_continued_confirmation_table_are_read() -> None:
    """The 要因 reader takes the verdicts of the rows on the next page too."""
    first = [HEAD, ["1", "刀具磨损严重", "现场测量", "磨损0.3mm超标", "要因"]]
    rest = [
        ["2", "夹具定位松动", "抽查", "20件无松动", "非要因"],
        ["3", "切削参数不当", "试验", "参数调整后不良降60%", "要因"],
    ]
    blocks = [
        Block(id=f"b{k}", kind=BlockKind.table, text="", table=table(g), source=SourceRef(page=p))
        for k, (p, g) in enumerate([(4, first), (5, rest)])
    ]
    doc = Document(doc_id="c", filename="c.pptx", format="pptx", pages=6, blocks=blocks)
    yes, no, _scored, _out = _table_verdicts(doc, [0, 1])
    assert yes == ["刀具磨损严重", "切削参数不当"] and no == ["夹具定位松动"]
