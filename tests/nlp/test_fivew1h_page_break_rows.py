"""P1 on a 对策表 whose last row ran over a page break and was not read as a row: the next page opens with
loose lines that carry the row's cells cut into pieces, the 要因's name among them ("开车阶段" / "切刀进刀" /
"规程不细", seen fresh15 v06, a Word report printed to PDF whose one-row table at the top of a page was not
rebuilt). The table's rows are then unsure: a 要因 with no row read goes to 人工复核, not to a finding
(spec/domain.md b.3 P1 rests on the 对策表 read whole)."""

from __future__ import annotations

from ingest.model import Block, BlockKind, Document, SourceRef, Table
from tests.nlp.conftest import rule_findings, rule_reviews
from tests.nlp.test_fivew1h import table

CAUSES = table(
    [
        ["序号", "末端原因", "确认方法", "确认结果", "结论"],
        ["1", "切刀磨损后未及时更换", "现场测量", "刃口磨损0.5～0.7mm", "要因"],
        ["2", "模板加热段温度偏差大", "现场测量", "最大温差19℃", "要因"],
        ["3", "开车阶段切刀进刀规程不细", "调查分析", "开车不合格料8.6t/次", "要因"],
        ["4", "车间粉尘多", "现场测量", "粉尘浓度2.1mg/m³", "非要因"],
    ]
)
HEADER = ["序号", "要因", "对策", "目标", "措施", "地点", "完成时间", "负责人"]
ROWS = [
    [
        "1",
        "切刀磨损后未及时更换",
        "按磨损量定期换刀",
        "刃口磨损≤0.3mm",
        "制作磨损量规",
        "切粒机",
        "2024.5.31",
        "屠海峰",
    ],
    ["2", "模板加热段温度偏差大", "改造模板加热系统", "温差≤8℃", "更换加热棒12支", "模板", "2024.6.20", "龚永亮"],
]


def _doc(next_page: list[str], rows: list[list[str]] = ROWS) -> tuple[Document, list[str | None]]:
    items: list[tuple[str, int, BlockKind, str | Table]] = [
        ("main_causes", 3, BlockKind.heading, "六、要因确认"),
        ("main_causes", 3, BlockKind.table, CAUSES),
        ("plan_countermeasures", 4, BlockKind.heading, "七、制定对策"),
        ("plan_countermeasures", 4, BlockKind.table, table([HEADER, *rows])),
        *[("plan_countermeasures", 5, BlockKind.paragraph, t) for t in next_page],
        ("implement", 5, BlockKind.heading, "八、对策实施"),
        ("implement", 5, BlockKind.paragraph, "实施一：制作刃口磨损量规，换刀后连粒率0.21%，达到对策目标。"),
    ]
    blocks, steps = [], []
    for k, (step, page, kind, content) in enumerate(items):
        src = SourceRef(page=page, order=k)
        if isinstance(content, Table):
            blocks.append(Block(id=f"b{k}", kind=kind, text=content.to_text(), table=content, source=src))
        else:
            blocks.append(Block(id=f"b{k}", kind=kind, text=content, source=src))
        steps.append(step)
    return Document(doc_id="t", filename="t.pdf", format="pdf", pages=6, blocks=blocks), steps


def _p1(next_page: list[str], rows: list[list[str]] = ROWS) -> tuple[list[str], list[str]]:
    doc, steps = _doc(next_page, rows)
    found = [f.message for f in rule_findings("P1", doc, steps, recognised=True)]
    reviewed = [r.reason for r in rule_reviews("P1", doc, steps, recognised=True)]
    return found, reviewed


LAYOUTS = [
    # each cell's lines read across the row, one line per text line of the PDF (fresh15 v06)
    [
        "3",
        "开车阶段 细化开车 每次开车 编制开车 造粒主控",
        "2024.6.30 邵立新",
        "切刀进刀 进刀步骤 不合格料 进刀分步 室",
        "规程不细",
    ],
    # the whole row on one line, its 要因 cell wrapped in two
    ["3 开车阶段切刀 细化开车进刀步骤 每次开车不合格料≤3t 编制确认表 主控室 2024.6.30 邵立新", "进刀规程不细"],
    # the cells one under another, the 要因 cut in three
    ["开车阶段", "切刀进刀", "规程不细", "细化开车进刀步骤", "每次开车不合格料≤3t", "邵立新"],
]


def test_a_cause_cut_into_pieces_on_the_next_page_leaves_p1_a_review() -> None:
    for layout in LAYOUTS:
        found, reviewed = _p1(layout)
        assert not found, layout
        assert any("开车阶段切刀进刀规程不细" in r and "第 5 页" in r for r in reviewed), layout


def test_without_the_pieces_the_missing_row_is_a_finding() -> None:
    # the next page opens with prose, or with pieces of other words: the table read is whole, P1 stands
    for layout in (
        ["对策表制定后，小组组织全员学习并逐项落实。"],
        ["开车阶段 细化开车", "每次开车 邵立新"],
        [],
    ):
        found, _ = _p1(layout)
        assert any("开车阶段切刀进刀规程不细" in m for m in found), layout


def test_a_cause_with_its_row_read_gives_nothing_either_way() -> None:
    row = [
        "3",
        "开车阶段切刀进刀规程不细",
        "细化开车进刀步骤",
        "不合格料≤3t",
        "编制确认表",
        "主控室",
        "2024.6.30",
        "邵立新",
    ]
    found, reviewed = _p1(LAYOUTS[0], [*ROWS, row])
    assert not found
    assert not reviewed
