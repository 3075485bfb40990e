"""K2 after the fresh15 run (judge68): confirmations read from structure, not only from a table's rows.

- A 确认 table continued in prose: clauses that close measured data with their own verdict ("…，为要因",
  "…，非要因") each confirm one cause (seen fresh15 v42: four rows, four causes in prose on the next slide).
- A 因果图 picture whose head (the problem) no line was read as: the one line left unconfirmed may be the
  head, not a cause — a review (seen fresh15 v40: caption "候诊时间长原因鱼骨图" around the head
  "医生晚开诊及患者集中到达").
"""

from __future__ import annotations

from ingest.model import FigureKind
from nlp.check import check
from tests.nlp.conftest import (
    CAUSE_TABLE,
    deck,
    finding_messages,
    good_problem_solving,
    reviewed_ids,
    rule_ids,
    run_check,
    set_slide,
    with_picture,
)

_SIX = (
    "末端原因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、夏季午后温度偏高、冷却液浓度偏低、量具校准超期。"
)


def _continued(prose: list[str]) -> set[str]:
    """Six 末端原因, the four of CAUSE_TABLE in the table, the other two in `prose` after it."""
    s = set_slide(good_problem_solving(), "四、原因分析", ["针对症结孔径超差绘制因果图。", _SIX])
    s = set_slide(s, "五、确定主要原因", ["对末端原因逐条确认。", [r[:] for r in CAUSE_TABLE], *prose])
    return rule_ids(run_check(s))


def test_k2_clauses_closing_data_with_their_own_verdict_count_as_confirmations() -> None:
    for prose in (
        [
            "冷却液浓度：抽检30批，浓度4.1%～4.9%，低浓度批次超差率3.8%，为要因",
            "量具：校验12把，误差均≤0.002mm，非要因",
        ],
        ["冷却液浓度偏低：抽检30批浓度4.1%，超差率3.8%，确认为要因；量具校准记录12份均在有效期内，不是要因"],
        ["抽检30批冷却液浓度4.1%～4.9%，浓度偏低是要因。", "量具校准：抽查12把，超期0把，非要因。"],
    ):
        assert "K2" not in _continued(prose), prose


def test_k2_a_count_a_lump_or_a_verdict_without_data_is_no_confirmation() -> None:
    for prose in (
        ["冷却液浓度：抽检30批，浓度4.1%～4.9%，待下一阶段确认", "量具：校验12把，结果待出"],
        ["经确认，其中2条为要因"],
        ["综上，冷却液浓度偏低为要因", "量具校准超期，非要因"],
        ["冷却液浓度与量具：抽查30批与12把，以上均为非要因"],
    ):
        assert "K2" in _continued(prose), prose


_CAUSES = ["主轴前轴承磨损", "刀补按经验周期调整", "锻件孔余量波动大", "夏季午后温度偏高"]


def _diagram(head: str, caption: str, extra: list[str]) -> set[str]:
    """A 因果图 picture of the four confirmed causes with `head` and `extra` lines; no 末端 count in text."""
    s = set_slide(good_problem_solving(), "四、原因分析", ["小组用头脑风暴法分析，整理成因果图。"])
    s = set_slide(s, "五、确定主要原因", ["逐条确认。", [r[:] for r in CAUSE_TABLE]])
    lines = [caption, "人", "机", *_CAUSES[:2], head, *_CAUSES[2:], *extra, "法", "环"]
    r = check(with_picture(deck(s), "四、原因分析", "\n".join(lines), FigureKind.cause_effect, caption))
    return {"F"} if finding_messages(r, "K2") else ({"R"} if "K2" in reviewed_ids(r) else set())


def test_k2_the_one_line_left_of_a_diagram_whose_head_was_not_read_is_a_review() -> None:
    for head, caption in (
        ("镗孔尺寸波动及首件偏大", "孔径超差原因鱼骨图"),
        ("首检频繁返工", "尺寸不良因果图"),
    ):
        assert _diagram(head, caption, []) == {"R"}, caption


def test_k2_a_cause_dropped_where_the_head_was_read_is_still_the_defect() -> None:
    # the caption names the head: the head is read, the fifth line is a cause dropped without a word
    assert _diagram("孔径超差", "孔径超差因果图", ["量具校准周期过长", "夹具定位面有铁屑"]) == {"F"}
    # the head not read, but two lines left of the one picture: more than a head could be
    assert _diagram("首检频繁返工", "尺寸不良原因鱼骨图", ["量具校准周期过长"]) == {"F"}
