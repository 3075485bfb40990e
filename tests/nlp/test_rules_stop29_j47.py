"""Stop 29, after the fresh12 run (judge47): readings that a PDF's text layer broke — the space it puts
between Chinese and Latin letters or digits, two bullet lines joined into one sentence."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import finding_messages, good_problem_solving, run_check, set_slide

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
    assert finding_messages(run_check(s), "C1") == []


def test_c1_a_head_on_another_problem_is_still_off_the_symptom() -> None:
    """Reading past spaces does not make any head the 症结: a diagram on another category still is C1."""
    state = "调取 3 个月的 4200 条报警记录，PLC 通讯中断 2730 次，占 65.0% ，为症结"
    s = set_slide(good_problem_solving(), "二、现状调查", [state])
    s = set_slide(s, "四、原因分析", ["针对“变频器过热跳闸”逐层分析到末端原因", "末端原因：风扇积尘、散热片堵塞。"])
    assert any("症结" in m for m in finding_messages(run_check(s), "C1"))
