"""Stop 32, after the fresh18 run (judge80): readings behind false findings of fresh18.

Causes: a candidate list ("要因：A、B、C、D、E / 以上要因须经真因验证确认") followed by a counted verification
that keeps its first N ("结果：A15例、B12例、C7例、D4例、E2例 / 前三项累计85.0%，确定为真因") confirms those N,
and the counted list's label ("结果：") is no part of its first cause (fresh18 z11, fresh16 w13/w72)."""

from __future__ import annotations

from nlp.fivew1h_causes import cause_verdicts
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
