"""Stop 29, after the fresh12 run (judge47): readings that a PDF's text layer broke — the space it puts
between Chinese and Latin letters or digits, two bullet lines joined into one sentence."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import good_problem_solving, judged_messages, rule_ids, run_check, set_slide

# ------------------------------------------------------------------------------ C1: a spaced 症结 head


@pytest.mark.parametrize(
    ("state", "head"),
    [
        # two bullets joined by the text layer: the clause naming the 症结 is long, a method stands before it
        (
            "小组导出一季度1260条返修记录，逐件核对加工参数，按缺陷原因分层统计刀具 VB 磨损超限 806 件，占 64.0% ，是症结",
            "针对症结“刀具VB磨损超限”，从人机料法环逐层分析，找出 6 条末端原因",
        ),
        (
            "调取 3 个月的 4200 条报警记录，逐条回放监控，按类型统计主轴 PLC 通讯模块掉线 2730 件，占 65.0% ，为症结",
            "主轴PLC通讯模块掉线因果图",
        ),
        (
            "从检验台账导出 1—6 月的记录，逐件复核图纸，按部位分层统计 M12 螺栓预紧扭矩不足 318 件，占 58.2%，是症结",
            "针对“M12螺栓预紧扭矩不足”逐层分析到末端原因",
        ),
    ],
)
def test_c1_a_head_written_without_the_pdf_spaces_is_the_named_symptom(state: str, head: str) -> None:
    """Seen fresh12 r26: "…逐条核对车道视频，按原因分层统计天线读取 OBU 失败 12118 车次，占 64.0%，是症结" (a PDF's
    two bullets joined) against the diagram head 天线读取OBU失败: the head's words are in the clause that
    names the 症结 once the text layer's spaces are read past, so the 原因分析 is aimed at the 症结."""
    s = set_slide(good_problem_solving(), "二、现状调查", [state])
    s = set_slide(s, "四、原因分析", [head, "末端原因：主轴前轴承磨损、刀补按经验周期调整、培训不到位。"])
    assert judged_messages(run_check(s), "C1") == []


def test_c1_a_head_on_another_problem_is_still_off_the_symptom() -> None:
    """Reading past spaces does not make any head the 症结: a diagram on another category still is C1."""
    state = "调取 3 个月的 4200 条报警记录，PLC 通讯中断 2730 次，占 65.0% ，为症结"
    s = set_slide(good_problem_solving(), "二、现状调查", [state])
    s = set_slide(s, "四、原因分析", ["针对“变频器过热跳闸”逐层分析到末端原因", "末端原因：风扇积尘、散热片堵塞。"])
    assert any("症结" in m for m in judged_messages(run_check(s), "C1"))


# ------------------------------------------------------------------------------ K2: two verdict lines joined


def _k2_deck(lines: list[str]) -> list:
    s = set_slide(
        good_problem_solving(),
        "四、原因分析",
        [
            "绘制因果图，得到6条末端原因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、夏季午后温度偏高、"
            "冷却液浓度偏低、夹具定位销磨损。"
        ],
    )
    idx = next(i for i, x in enumerate(s) if x[0] and x[0].startswith("五、确定主要原因"))
    s.insert(idx + 1, ("五、确定主要原因（续）", lines))
    return s


@pytest.mark.parametrize(
    "joined",
    [
        "冷却液浓度偏低：抽检30批浓度4.1%～4.9%，浓度低的批次超差率3.8%——要因夹具定位销磨损：实测定位销直径均在公差内，"
        "磨损与超差无对应——非要因",
        "冷却液浓度偏低：抽检 30 批，浓度低的批次超差率 3.8%——要因 夹具定位销磨损：实测直径均在公差内——非要因",
        "冷却液浓度偏低：浓度低的批次超差率3.8%，结论：要因夹具定位销磨损：磨损与超差无对应，结论：非要因",
    ],
)
def test_k2_two_causes_with_their_verdicts_joined_on_one_line_both_count(joined: str) -> None:
    """Seen fresh12 r26: a PDF's text layer joined two bullets, each "原因：data——要因", into one line; the
    verdict closes the first cause, and the "name：" after it opens the next — both are confirmed."""
    assert "K2" not in rule_ids(run_check(_k2_deck([joined])))


def test_k2_a_verdict_followed_by_words_that_name_no_cause_is_not_split() -> None:
    """Text after a verdict that is no "name：" (a remark) opens no cause: one cause is still unconfirmed."""
    joined = "冷却液浓度偏低：浓度低的批次超差率3.8%——要因，已纳入对策；夹具定位销磨损待下一阶段确认"
    assert "K2" in rule_ids(run_check(_k2_deck([joined])))
