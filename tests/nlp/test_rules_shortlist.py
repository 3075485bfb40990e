"""After the fresh14 run (issue 10; docs/rules.md "Stop 31, after the fresh14 run (judge65)"): the cause lists
K2 and P1 read are one reading — the 末端原因 scored, the 要因 a scoring table keeps (a shortlist), the 真因 the
verification after it keeps or rejects. A scored 要因 the verification never names again was dropped (K2); the
对策表 answers the verified 真因, not the shortlist (P1)."""

from __future__ import annotations

import pytest

from nlp.report import CheckReport
from tests.nlp.conftest import CAUSE_TABLE, finding_messages, good_problem_solving, rule_ids, run_check, set_slide

_SCORED = [
    "主轴前轴承磨损",
    "刀补按经验周期调整",
    "锻件孔余量波动大",
    "夏季午后温度偏高",
    "操作者未按时点检",
    "照明不足",
]


def _scoring(score_head: str, verdict_head: str, yes: str, kept: int) -> list[list[str]]:
    """A 要因评价 table: the first `kept` causes judged 要因 by their score, the rest not."""
    rows = [[c, str(43 - 4 * k), yes if k < kept else "否" if yes == "是" else "非要因"] for k, c in enumerate(_SCORED)]
    return [["末端原因", score_head, verdict_head], *rows]


def _deck(scoring: list[list[str]], *after: str) -> CheckReport:
    items: list[object] = ["圈员按5、3、1分对末端原因评分，总分≥30分列为要因。", scoring]
    items += ["对要因评价选出的要因逐条进行真因验证。", [r[:] for r in CAUSE_TABLE], *after]
    return run_check(set_slide(good_problem_solving(), "五、确定主要原因", items))


@pytest.mark.parametrize(
    ("score_head", "verdict_head", "yes"),
    [("总分", "判定", "要因"), ("得分", "是否要因", "是"), ("评分合计", "结论", "要因")],
)
def test_k2_a_shortlisted_cause_the_verification_never_names_is_a_finding(
    score_head: str, verdict_head: str, yes: str
) -> None:
    """Seen fresh14 u56: five 要因 leave the scoring, the 真因验证 after it speaks of four; the fifth is
    neither verified nor rejected — it is dropped. And the 对策表 answers the verified 真因: no P1 for it."""
    r = _deck(_scoring(score_head, verdict_head, yes, 5))
    msgs = finding_messages(r, "K2")
    assert len(msgs) == 1 and "操作者未按时点检" in msgs[0] and "主轴前轴承磨损" not in msgs[0], msgs
    assert "P1" not in rule_ids(r)


def test_k2_no_shortlist_finding_where_the_verification_names_every_shortlisted_cause() -> None:
    """The twin: the scoring keeps four, the verification names all four (three 要因, one 非要因)."""
    r = _deck(_scoring("总分", "判定", "要因", 4))
    assert "K2" not in rule_ids(r) and "P1" not in rule_ids(r)


@pytest.mark.parametrize(
    "line",
    [
        "操作者未按时点检：抽查点检记录，完整率98%，非真因。",
        "“操作者未按时点检”为公司制度层面因素，非小组所能控制，不列入本轮真因验证。",
        "52例超差逐一归因：其他原因合计3例（5.8%）。",
    ],
)
def test_k2_a_shortlisted_cause_rejected_or_set_aside_in_words_is_no_finding(line: str) -> None:
    """The twins: the fifth 要因 is rejected in a line of its own, set aside openly with its reason, or may be
    among the cases the verification counts as 其他 (seen fresh13 s13, a 柏拉图 of attributed cases)."""
    r = _deck(_scoring("总分", "判定", "要因", 5), line)
    assert not any("操作者未按时点检" in m for m in finding_messages(r, "K2"))
    assert "P1" not in rule_ids(r)
