"""The shared document model: derived text, offsets back to blocks, table grids with spans."""

from __future__ import annotations

import pickle

from ingest import read_bytes
from ingest.model import Block, BlockKind, Cell, Chart, Document, Series, SourceRef, Table


def _doc(blocks: list[Block]) -> Document:
    return Document(doc_id="x", filename="x.pptx", format="pptx", blocks=blocks)


def test_text_joins_body_blocks_and_keeps_notes_apart() -> None:
    d = _doc(
        [
            Block(id="a", kind=BlockKind.title, text="选择课题", source=SourceRef(page=1)),
            Block(id="b", kind=BlockKind.note, text="演讲者备注", source=SourceRef(page=1)),
            Block(id="c", kind=BlockKind.paragraph, text="降低焊接不良率", source=SourceRef(page=2)),
            Block(id="d", kind=BlockKind.furniture, text="第 2 页", source=SourceRef(page=2)),
        ]
    )
    assert d.text == "选择课题\n降低焊接不良率"
    assert [(i, s, e) for i, s, e in d.block_spans()] == [(0, 0, 4), (2, 5, 12)]
    assert d.page_at(0) == 1
    assert d.page_at(6) == 2
    assert d.block_at(4) is not None and d.block_at(4).id == "a"
    assert [b.id for b in d.notes()] == ["b"]


def test_table_grid_marks_spanned_positions_and_text_does_not_repeat_them() -> None:
    t = Table(
        rows=[
            [Cell(text="对策表", row=0, col=0, col_span=3)],
            [
                Cell(text="要因", row=1, col=0, row_span=2),
                Cell(text="对策", row=1, col=1),
                Cell(text="目标", row=1, col=2),
            ],
            [Cell(text="更换夹具", row=2, col=1), Cell(text="≤2%", row=2, col=2)],
        ],
        n_rows=3,
        n_cols=3,
    )
    assert t.grid() == [["对策表", None, None], ["要因", "对策", "目标"], [None, "更换夹具", "≤2%"]]
    assert t.filled_grid()[2][0] == "要因"
    assert t.to_text() == "对策表\n要因\t对策\t目标\n更换夹具\t≤2%"
    assert t.to_text().count("对策表") == 1


def test_chart_text_lists_categories_with_values() -> None:
    c = Chart(
        kind="pareto", title="缺陷排列图", categories=["虚焊", "漏焊"], series=[Series(name="频数", values=[45, 12.5])]
    )
    assert c.to_text() == "缺陷排列图\n频数: 虚焊 45, 漏焊 12.5"


def test_txt_text_is_verbatim_and_documents_pickle() -> None:
    raw = "课题：降低不良率\r\n\r\n现状调查 測試\n"
    d = read_bytes(raw.encode("utf-8"), "draft.txt")
    assert d.text == raw
    assert d.page_at(d.text.index("现状")) == 2
    assert pickle.loads(pickle.dumps(d)).text == raw
    gbk = read_bytes("选题理由\n".encode("gb18030"), "gbk.txt")
    assert gbk.text == "选题理由\n"
