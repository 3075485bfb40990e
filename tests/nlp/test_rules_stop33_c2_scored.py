"""Stop 33, before the fresh19 run (judge83): C2 where a scoring table is all that judged the vague cause.

A vague 末端原因 ("防水工责任心不强") that only a 要因确认打分表 scored out (a score, 非要因, no check) is a
distractor of a deck whose defect is the scoring (K1): 需人工复核, not a finding (seen fresh18 z02). Verified
and ruled out, or kept as a 要因, it stays a finding."""

from __future__ import annotations

from tests.nlp.conftest import CAUSE_TABLE, good_problem_solving, replace_slide, run_check


def _c2(table: list[list[str]]) -> tuple[list[str], list[str]]:
    s = good_problem_solving()
    ends = "末端原因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、镗工责任心不强。"
    s = replace_slide(s, "四、原因分析", ("四、原因分析", ["针对症结孔径超差绘制因果图，逐层分析到末端原因。", ends]))
    s = replace_slide(s, "五、确定主要原因", ("五、确定主要原因", ["对4个末端原因逐条确认。", table]))
    report = run_check(s)
    return [f.message for f in report.findings if f.rule == "C2"], [r.rule for r in report.reviews if r.rule == "C2"]


_SCORED = [
    ["序号", "末端原因", "总得分", "结论"],
    ["1", "主轴前轴承磨损", "33", "要因"],
    ["2", "刀补按经验周期调整", "31", "要因"],
    ["3", "锻件孔余量波动大", "21", "非要因"],
    ["4", "镗工责任心不强", "19", "非要因"],
]


def test_c2_a_vague_cause_only_scored_out_is_a_review() -> None:
    found, reviewed = _c2(_SCORED)
    assert found == [] and reviewed == ["C2"]


def test_c2_a_vague_cause_scored_as_a_cause_stays_a_finding() -> None:
    kept = [r[:] for r in _SCORED]
    kept[4][2:] = ["35", "要因"]
    found, reviewed = _c2(kept)
    assert found and reviewed == []


def test_c2_a_vague_cause_verified_and_ruled_out_stays_a_finding() -> None:
    row = ["责任心对超差的影响", "调查", "无违章", "查阅交接班记录48份，未发现违规操作", "非要因"]
    found, reviewed = _c2([r[:] for r in CAUSE_TABLE[:4]] + [["4", "镗工责任心不强", *row]])
    assert found and reviewed == []
