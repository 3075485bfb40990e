"""Stop 33, before the fresh19 run (judge83): C2 where a scoring table is all that judged the vague cause.

A vague 末端原因 ("防水工责任心不强") that only a 要因确认打分表 scored out (a score, 非要因, no check, no 真因验证) is a
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


def _c2_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    s = good_problem_solving()
    ends = "末端原因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、镗工责任心不强。"
    s = replace_slide(s, "四、原因分析", ("四、原因分析", ["针对症结孔径超差绘制因果图，逐层分析到末端原因。", ends]))
    s = replace_slide(s, "五、确定主要原因", ("五、确定主要原因", lines))
    report = run_check(s)
    return [f.message for f in report.findings if f.rule == "C2"], [r.rule for r in report.reviews if r.rule == "C2"]


_RULE = "小组5名成员对4条末端原因打分，总分≥20分的确定为要因。"
_LINES = [
    "主轴前轴承磨损 5 5 5 5 3 23 要因",
    "刀补按经验周期调整 5 5 3 5 3 21 要因",
    "锻件孔余量波动大 3 3 1 3 3 13 非要因",
]


def test_c2_a_vague_cause_on_a_scored_out_line_is_a_review() -> None:
    found, reviewed = _c2_lines([_RULE, *_LINES, "镗工责任心不强 3 1 3 3 1 11 非要因"])
    assert found == [] and reviewed == ["C2"]


def test_c2_a_vague_cause_line_with_a_check_stays_a_finding() -> None:
    found, reviewed = _c2_lines([_RULE, *_LINES, "镗工责任心不强 查阅交接班记录48份 未发现违规 非要因"])
    assert found and reviewed == []


def test_c2_scored_lines_without_a_score_threshold_stay_a_finding() -> None:
    found, reviewed = _c2_lines(["对4条末端原因逐条确认。", *_LINES, "镗工责任心不强 3 1 3 3 1 11 非要因"])
    assert found and reviewed == []


def test_c2_a_vague_cause_scored_out_before_a_verification_stays_a_finding() -> None:
    verified = "对入选的2条要因进行真因验证，现场测量主轴径向跳动0.03mm。"
    found, reviewed = _c2_lines([_RULE, *_LINES, "镗工责任心不强 3 1 3 3 1 11 非要因", verified])
    assert found and reviewed == []
