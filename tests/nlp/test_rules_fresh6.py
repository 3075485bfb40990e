"""False findings on new hands' documents (issue 10, precision; seen fresh6, stop 25): each case worded or
laid out as those writers did, and the finding the same rule must still give where the evidence is positive."""

from __future__ import annotations

from tests.nlp.conftest import good_problem_solving, reviewed_ids, rule_ids, run_check, set_slide

_SCORED = [
    ["改善重点", "末端原因", "得分", "要因"],
    ["孔径超差", "主轴前轴承磨损", "36", "★"],
    ["孔径超差", "刀补按经验周期调整", "32", "★"],
    ["孔径超差", "夏季午后温度偏高", "18", ""],
]


def test_k1_scores_that_pick_candidates_then_verdicts_with_data_are_no_veto() -> None:
    """Seen fresh6 k11, k13: a 要因评价表 picks the candidates, then each is given its verdict with a measured
    share — no "验证/测量" word in the lines, the heading alone says 真因验证. The data decided: no K1."""
    verified = [
        "圈员8人按5/3/1分给分，取前2项再逐项做真因验证。",
        _SCORED,
        "主轴前轴承磨损：追踪120件，磨损时超差14件（11.7%），正常时2/118（1.7%）——真因",
        "刀补按经验周期调整：间隔400件时超差9/150（6.0%），间隔150件时8/160（5.0%），差别不大——非真因",
    ]
    r = run_check(set_slide(good_problem_solving(), "五、确定主要原因", verified))
    assert "K1" not in rule_ids(r) and "K1" not in reviewed_ids(r) and r.verdict != "不评"
    # one cause given a measured verdict, the other only named: too little to read as verified — 人工复核
    partial = [*verified[:3], "刀补按经验周期调整——真因"]
    r = run_check(set_slide(good_problem_solving(), "五、确定主要原因", partial))
    assert "K1" not in rule_ids(r) and "K1" in reviewed_ids(r) and r.verdict != "不评"
    # the twin: the scores decide the 真因 and nothing but the scores follows — the veto stands
    decided = ["圈员8人按5/3/1分评分，得分≥30分的2项确定为真因。", _SCORED, "真因：主轴前轴承磨损、刀补按经验周期调整"]
    r = run_check(set_slide(good_problem_solving(), "五、确定主要原因", decided))
    assert "K1" in rule_ids(r) and r.verdict == "不评"


def test_k1_a_score_as_one_causes_measuring_scale_is_no_vote() -> None:
    """Seen fresh6 k46: "口渴评分" is the method in a 验证方法 column of a verification table, with the
    result and the verdict of that cause: a scale that measured, not the 要因 scored by the members."""
    table = [
        ["末端原因", "验证方法", "验证结果", "结论"],
        ["不了解每日可饮水量", "问卷调查48人", "能正确说出可饮水量者9人（18.8%）", "真因"],
        ["口渴难耐自行多饮", "口渴评分", "中重度口渴14人（29.2%），与未超标组差异小", "非真因"],
    ]
    r = run_check(set_slide(good_problem_solving(), "五、确定主要原因", ["对末端原因逐条验证。", table]))
    assert "K1" not in rule_ids(r) and "K1" not in reviewed_ids(r)
    # the twin: a table headed by the scores is the members' vote
    voted = [["末端原因", "评分", "结论"], ["主轴前轴承磨损", "41", "要因"], ["夏季午后温度偏高", "12", "非要因"]]
    r = run_check(set_slide(good_problem_solving(), "五、确定主要原因", ["圈员评分确定要因。", voted]))
    assert "K1" in rule_ids(r)
