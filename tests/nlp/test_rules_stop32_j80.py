"""Stop 32, after the fresh18 run (judge80): readings behind false findings of fresh18.

Causes: a candidate list ("要因：A、B、C、D、E / 以上要因须经真因验证确认") followed by a counted verification
that keeps its first N ("结果：A15例、B12例、C7例、D4例、E2例 / 前三项累计85.0%，确定为真因") confirms those N,
and the counted list's label ("结果：") is no part of its first cause (fresh18 z11, fresh16 w13/w72)."""

from __future__ import annotations

from nlp.fivew1h_causes import cause_verdicts
from nlp.headings import match_heading
from tests.nlp.conftest import PLAN_TABLE, good_problem_solving, reviewed_ids, rule_ids, run_check, set_slide
from tests.nlp.test_fivew1h import doc_of

_CANDIDATES = "要因：气孔、未熔合、咬边、焊瘤、夹渣\n以上要因须经真因验证确认"
_COUNTED = "结果：气孔18例、未熔合9例、咬边5例、焊瘤2例、夹渣1例"


def test_a_counted_verification_overrules_the_candidates_listed_before_it() -> None:
    text = f"{_COUNTED}\n前三项累计94.1%，确定为真因"
    doc, steps = doc_of([("main_causes", 8, "要因评价"), ("main_causes", 8, _CANDIDATES), ("main_causes", 9, text)])
    assert cause_verdicts(doc, steps) == (["气孔", "未熔合", "咬边"], ["焊瘤", "夹渣"])


def test_candidates_stand_where_no_verification_keeps_a_first_n() -> None:
    doc, steps = doc_of([("main_causes", 8, "要因评价"), ("main_causes", 8, _CANDIDATES), ("main_causes", 9, _COUNTED)])
    assert cause_verdicts(doc, steps)[0] == ["气孔", "未熔合", "咬边", "焊瘤", "夹渣"]


def test_a_counted_lists_label_is_not_its_first_cause() -> None:
    doc, steps = doc_of([("main_causes", 8, "真因验证"), ("main_causes", 8, f"{_COUNTED}\n前三项为真因")])
    assert cause_verdicts(doc, steps)[0] == ["气孔", "未熔合", "咬边"]
    # a list with no label keeps its first cause
    doc, steps = doc_of(
        [("main_causes", 8, "真因验证"), ("main_causes", 8, "气孔18例、未熔合9例、咬边5例\n前2项为真因")]
    )
    assert cause_verdicts(doc, steps)[0] == ["气孔", "未熔合"]


def test_a_heading_with_an_english_gloss_is_read_whatever_the_glosss_length() -> None:
    """fresh18 z27: "三、监测指标与改进目标（Indicators & Goals）" (a body paragraph) is the 设定目标 heading; the
    English gloss in brackets does not make it a sentence."""
    m = match_heading("三、监测指标与改进目标（Indicators & Goals）", strict=True)
    assert m is not None and m.steps == ("set_target",)
    assert match_heading("通过现状调查发现问题很多而且还有很多别的问题(Problem Statement)", strict=True) is None


def test_x1_a_total_split_into_its_cases_is_stratified() -> None:
    """fresh18 z27: "6例中夜间如厕时发生4例，起床时发生2例" splits the falls by circumstance: with no 症结 word,
    a review, not "没有对数据分层"; the bare total stays unstratified."""
    total = "2023年1—3月本病区住院患者共21600住院床日，发生跌倒6例，跌倒发生率0.28‰。"
    split = "6例中夜间如厕时发生4例，起床时发生2例。"
    r = run_check(set_slide(good_problem_solving(), "二、现状调查", [total, split]))
    assert "X1" not in rule_ids(r) and "X1" in reviewed_ids(r)
    r = run_check(set_slide(good_problem_solving(), "二、现状调查", [total]))
    assert "X1" in rule_ids(r)


def _i1_flow(first: str) -> tuple[bool, bool]:
    table = [row[:] for row in PLAN_TABLE]
    table[1][3] = "冷却水流量≥17m³/h"
    slides = set_slide(set_slide(good_problem_solving(), "六、制定对策", [table]), "七、对策实施", [first, *_DONE])
    r = run_check(slides)
    return "I1" in rule_ids(r), "I1" in reviewed_ids(r)


_DONE = ["对策二：刀补程序修改完成，培训操作工12人。", "对策三：毛坯图已修订，发给锻造供方3家。"]


def test_i1_a_flow_measured_in_its_targets_unit_is_a_review() -> None:
    """fresh18 z49: "冷却水流量稳定在17.4—18.1m³/h" against "≥17m³/h" is a result a reader may accept: with the
    other 对策 silent, a review, not "均未用结果与对策目标比较"; the same part with no figure stays a finding."""
    assert _i1_flow("对策一：4月更换叶轮，冷却水流量稳定在17.4—18.1m³/h。") == (False, True)
    assert _i1_flow("对策一：4月更换叶轮、清洗换热器。") == (True, False)
