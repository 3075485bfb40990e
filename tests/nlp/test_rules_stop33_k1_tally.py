"""K1: a 要因评价 by scores, then a 查检 that counts the problem's own cases by cause (issue 10, stop 33, judge87).

Seen fresh19 b13: "9名圈员…打分，得分≥33分的5项列为要因，进入真因验证", then "对45例未执行者逐例核实原因" and
"结果：…17例、…12例、…9例、…4例、…3例", "依80/20法则，前三项累计84.4%，确定为真因" — no verification word, the
80/20 line read as the scoring's: a false 否决. Counts of cases that add up to the count traced, or give the share
the 真因 are picked by, are a verification with data."""

from __future__ import annotations

import pytest

from nlp.check import check
from tests.nlp.conftest import deck, good_problem_solving, reviewed_ids, rule_ids

_SCORES = [
    ["末端原因", "得分", "要因"],
    ["无专人协助分工", "41", "★"],
    ["产前未宣教", "39", "★"],
    ["伤口镇痛不足", "37", "★"],
    ["体位单一", "29", ""],
    ["无哺乳支撑枕", "17", ""],
    ["观察室温度偏低", "13", ""],
]


def _scored_then(after: list[str]) -> object:
    """The 确定主要原因 slide with a scoring that shortlists three causes, the next slide with ``after``."""
    slides = good_problem_solving()
    k = next(n for n, (t, _items) in enumerate(slides) if t and t.startswith("五、确定主要原因"))
    title = slides[k][0]
    intro = "6名圈员对6项末端原因按5/3/1分打分，得分≥35分的3项列为要因，进入真因验证。"
    slides[k] = (title, [intro, _SCORES])
    slides.insert(k + 1, (f"{title}（续）", after))
    return check(deck(slides))


_TRACED = "2024年4月8日—4月30日，当班人员对40例未执行者逐例核实原因，由组长复核。"
_COUNTS = "结果：无专人协助分工21例、产前未宣教11例、伤口镇痛不足5例、其他3例。"


@pytest.mark.parametrize(
    "after",
    [
        [_TRACED, _COUNTS, "前两项原因明确，确定为真因。"],
        ["当班人员逐例核实未执行者的原因。", _COUNTS, "依80/20法则，前两项累计80.0%，确定为真因。"],
    ],
)
def test_k1_cases_counted_by_cause_after_a_scoring_are_a_verification(after: list[str]) -> None:
    """21+11+5+3 = 40, the cases traced; (21+11)/40 = 80.0 %, the share the 真因 are picked by: no veto, no review."""
    r = _scored_then(after)
    assert "K1" not in rule_ids(r) and "K1" not in reviewed_ids(r)


def test_k1_counts_that_neither_add_up_nor_give_the_share_leave_the_veto() -> None:
    """The twin: figures of three causes that match nothing written after the scoring are no tally of the cases
    traced; the 80/20 on the scores still decides."""
    r = _scored_then(["依80/20法则，前三项累计84.4%，确定为真因。", "共涉及科室3个、班组5个、人员12个。"])
    assert "K1" in rule_ids(r) and r.verdict == "不评"
