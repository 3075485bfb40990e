"""A 对策表 column read by what its cells hold (stop 28: one reading for a header no list knows and for a
header row that OCR lost; before, the two typed columns each by their own forms, order and lengths)."""

from __future__ import annotations

from ingest.model import Cell, Table
from nlp.fivew1h_tables import _columns_by_content, restore_lost_header


def _table(rows: list[list[str]]) -> Table:
    cells = [[Cell(text=t, row=r, col=c) for c, t in enumerate(row)] for r, row in enumerate(rows)]
    return Table(rows=cells, n_rows=len(rows), n_cols=len(rows[0]))


_BODY = [
    [
        "1",
        "夹具定位销磨损",
        "更换定位销并建立点检",
        "定位偏差≤0.02mm",
        "1.领用新销2.装配后试切3.每班点检",
        "二号车间",
        "2025.3.15",
        "周立",
    ],
    [
        "2",
        "首件检验缺失",
        "执行首件三检",
        "首件合格率达到100%",
        "1.编写首件规程2.培训操作工3.班长签字",
        "二号车间",
        "2025.3.30",
        "吴桐",
    ],
]


def test_a_lost_header_and_an_unknown_header_read_a_column_alike() -> None:
    """The same cells give the same key whether their header was lost (the whole table typed by content)
    or is a word no list knows ("执行单元", "节点", "落实", "预期")."""
    restored = restore_lost_header(_table(_BODY))
    assert restored is not None
    lost = {j: c.text for j, c in enumerate(restored.rows[0])}
    headed = _columns_by_content(
        _table([["序号", "要因", "对策", "预期", "措施", "执行单元", "节点", "落实"], *_BODY]), 0, set()
    )
    restored_keys = {
        j: {"目标": "why", "地点": "where", "完成时间": "when", "负责人": "who"}.get(t) for j, t in lost.items()
    }
    assert headed == {j: k for j, k in restored_keys.items() if k}
    assert headed == {3: "why", 5: "where", 6: "when", 7: "who"}


def test_long_cells_that_mention_a_workshop_are_no_place() -> None:
    """An unknown header over sentences of work that each mention where it happens ("在二号车间…") is no
    地点 column: a place is a short cell; the 措施 spelled out is not typed by a word inside it."""
    rows = [
        ["对策", "工作安排"],
        ["更换定位销", "在二号车间停机更换全部定位销，并由班长每班点检一次、记录"],
        ["执行首件三检", "在二号车间每批首件由操作工、班长、检验员三方确认后方可批量加工"],
    ]
    assert _columns_by_content(_table(rows), 0, {"what"}) == {}


def test_a_short_place_under_an_unknown_header_is_the_where() -> None:
    rows = [["对策", "执行单元"], ["更换定位销", "二号车间"], ["执行首件三检", "成品检验站"]]
    assert _columns_by_content(_table(rows), 0, {"what"}) == {1: "where"}
