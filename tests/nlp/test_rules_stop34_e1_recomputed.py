"""Stop 34 (judge95): a stated 进步率 / 达成率 that does not recompute, however far, is a review of E1.

Each one of the untouched runs was a value read from another indicator or base (fresh9 o14, fresh12 r52,
fresh19 b15: "寒战发生率由11.3%降至4.1%" taken for the metric's after value) and no seen split asks for the
arithmetic. The numbers layer still finds the disagreement; the rule sends it to a reviewer with its reason."""

from __future__ import annotations

from tests.nlp.conftest import rule_findings, rule_reviews
from tests.nlp.test_numbers import deck

_EFFECT = "活动后焊接不良率为1.1%，低于目标值1.5%。进步率为80.0%。"


def _rates(found: list) -> list[str]:
    return [x.message for x in found if "进步率写为" in x.message]


def test_e1_a_progress_rate_that_does_not_recompute_is_a_review() -> None:
    doc, steps = deck(_EFFECT)
    assert _rates(rule_findings("E1", doc, steps)) == []
    [r] = [r for r in rule_reviews("E1", doc, steps) if "进步率写为80%" in r.message]
    assert "需人工复核" in r.reason and "基数" in r.reason


def test_e1_the_finding_comes_back_when_the_rule_is_told_so() -> None:
    """The twin: with `recompute_is_review` off the same reading is the finding it was."""
    doc, steps = deck(_EFFECT)
    found = _rates(rule_findings("E1", doc, steps, params={"recompute_is_review": False}))
    assert len(found) == 1 and "65.6%" in found[0]
