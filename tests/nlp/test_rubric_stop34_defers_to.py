"""K2 defers to K1 (stop 34, judge98): the causes a 要因评价表 leaves out, where the 要因 are decided by that
scoring, are the same defect K1 vetoes — a review, not a second finding.

Seen fresh20 d12 (a 品管圈 deck: "得分前3项确定为真因", the 因果图's causes 家属担心影响伤口 and 病房温度高 not in
the scoring table): K1 required, K2 false. On every seen split where K1 is required K2 is at most may_report.
The same causes left out of a 要因确认表 of data (no scoring) stay K2's finding.
"""

from __future__ import annotations

from ingest.model import FigureKind
from nlp.check import check
from nlp.findings import Finding, Review, Severity
from nlp.rubric import Rule, _deferred
from nlp.rulebook import rulebook
from tests.nlp.conftest import (
    CAUSE_TABLE,
    deck,
    finding_messages,
    good_problem_solving,
    rule_ids,
    set_slide,
    with_picture,
)

_KEPT = ["主轴前轴承磨损", "刀补按经验周期调整", "锻件孔余量波动大", "夏季午后温度偏高"]
_DROPPED = ["量具校准周期过长", "夹具定位面有铁屑"]
_SCORES = [
    ["末端原因", "得分", "要因"],
    ["主轴前轴承磨损", "41", "★"],
    ["刀补按经验周期调整", "39", "★"],
    ["锻件孔余量波动大", "23", ""],
    ["夏季午后温度偏高", "17", ""],
]


def _run(confirm: list[object]) -> tuple[list[str], list[Review], set[str]]:
    """A 因果图 picture of the four causes and two more; 确定主要原因 given by ``confirm``."""
    s = set_slide(good_problem_solving(), "四、原因分析", ["小组用头脑风暴法分析，整理成因果图。"])
    s = set_slide(s, "五、确定主要原因", confirm)
    lines = ["孔径超差因果图", "人", "机", *_KEPT[:2], "孔径超差", *_KEPT[2:], *_DROPPED, "法", "环"]
    r = check(with_picture(deck(s), "四、原因分析", "\n".join(lines), FigureKind.cause_effect, "孔径超差因果图"))
    return finding_messages(r, "K2"), [v for v in r.reviews if v.rule == "K2"], rule_ids(r)


def test_k2_causes_left_out_of_a_vetoed_scoring_are_a_review() -> None:
    intro = "8名圈员按5/3/1分评分，得分前2项确定为要因。"
    msgs, reviews, fired = _run([intro, [r[:] for r in _SCORES]])
    assert "K1" in fired
    assert msgs == []
    assert any("量具校准周期过长" in v.message and "打分" in v.reason for v in reviews)


def test_k2_causes_left_out_of_a_confirmation_with_data_stay_the_finding() -> None:
    msgs, _reviews, fired = _run(["逐条确认。", [r[:] for r in CAUSE_TABLE]])
    assert "K1" not in fired
    assert any("量具校准周期过长" in m and "夹具定位面有铁屑" in m for m in msgs)


def test_defers_to_only_where_the_other_rule_found_on_the_same_step() -> None:
    def f(rid: str, step: str) -> tuple[Rule, Finding]:
        rule = Rule(id=rid)
        return rule, Finding(rule=rid, severity=Severity.major, message=f"{rid}!", step=step)

    assert "K1" in rulebook().rules["K2"].defers_to
    kept, reviews = _deferred([f("K2", "main_causes"), f("K1", "cause_analysis")])
    assert [x.rule for _r, x in kept] == ["K2", "K1"] and reviews == []
    kept, reviews = _deferred([f("K2", "main_causes"), f("K1", "main_causes")])
    assert [x.rule for _r, x in kept] == ["K1"] and [v.rule for v in reviews] == ["K2"]
