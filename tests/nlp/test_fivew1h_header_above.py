"""A 对策表 whose header row a PDF reader left as short paragraphs at the foot of a page, its rows a table with
no header on the next (`fivew1h_tables.header_above`): the paragraphs are put back as its header, a table
caption run into one of them cut off ("表 3 对策表目标")."""

from __future__ import annotations

from ingest.model import Block, BlockKind, Document, SourceRef, Table
from nlp import fivew1h
from tests.nlp.conftest import rule_findings
from tests.nlp.test_fivew1h import table

ROWS = [
    [
        "机具不适用",
        "配置专用压实机具",
        "压实度≥95%",
        "购置冲击夯2台；培训操作人员",
        "一标段",
        "2023.5.15—6.10",
        "任志远",
    ],
    ["含水率偏大", "控制回填料含水率", "含水率±2%内", "回填前快速测含水率", "料场", "2023.5.15—6.30", "蒲敏"],
]


def _doc(above: list[str]) -> tuple[Document, list[str | None]]:
    items: list[tuple[int, BlockKind, str | Table]] = [
        (4, BlockKind.heading, "八、制定对策"),
        *[(4, BlockKind.paragraph, t) for t in above],
        (5, BlockKind.table, table(ROWS)),
        (5, BlockKind.heading, "九、对策实施"),
    ]
    blocks = []
    for k, (page, kind, content) in enumerate(items):
        src = SourceRef(page=page, order=k)
        if isinstance(content, Table):
            blocks.append(Block(id=f"b{k}", kind=kind, text=content.to_text(), table=content, source=src))
        else:
            blocks.append(Block(id=f"b{k}", kind=kind, text=content, source=src))
    steps: list[str | None] = ["plan_countermeasures"] * (len(blocks) - 1) + ["implement"]
    return Document(doc_id="t", filename="t.pdf", format="pdf", pages=6, blocks=blocks), steps


def test_header_cells_left_as_paragraphs_above_the_rows_are_read_as_the_header() -> None:
    doc, steps = _doc(["要因", "对策", "表 3 对策表目标", "措施", "地点", "时间", "负责人"])
    rep = fivew1h.analyze(doc, steps)
    assert rep.found and rep.rows == 2 and all(rep.columns.values())
    assert not rule_findings("P2", doc, steps)


def test_paragraphs_of_prose_above_a_headerless_table_are_no_header() -> None:
    doc, steps = _doc(["小组针对三条要因制定对策，见下表，各项对策均明确了目标、措施和负责人。"])
    assert not fivew1h.analyze(doc, steps).found
