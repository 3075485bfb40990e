"""E3 when the report says the target was not fully met (stop 30, judge59; seen fresh13 s27).

domain.md b.3 E3: a target missed, then 巩固 with no new loop. A negation softened by its degree
("未完全达到", "没有全部实现", "尚未能完全达成") still says the target was missed; the rest of the
sentence ("达到2.0‰的目标") must not be read as a claim that it was met.
"""

from __future__ import annotations

import pytest

from nlp.check import check
from nlp.report import CheckReport
from tests.nlp.conftest import deck, finding_messages, good_problem_solving, set_slide


def _effect(said: str, after: str = "2.3") -> CheckReport:
    lines = [f"2024年8月抽查5200件，不良率由活动前的3.6‰降至{after}‰。", said]
    return check(deck(set_slide(good_problem_solving(), "八、效果检查", lines)))


@pytest.mark.parametrize(
    "said",
    [
        "与活动前相比下降36.1%，虽未完全达到2.0‰的目标，但已优于客户要求2.5‰，效果明显。",
        "活动后不良率2.3‰，没有全部实现课题目标，但改善效果显著。",
        "不良率降至2.3‰，尚未能完全达成设定目标2.0‰，总体效果明显。",
        "课题目标未能如期实现（目标2.0‰，实际2.3‰），但较活动前大幅下降。",
    ],
)
def test_a_target_not_fully_met_is_e3(said: str) -> None:
    assert finding_messages(_effect(said), "E3")


@pytest.mark.parametrize(
    "said",
    [
        "活动后不良率1.8‰，完全达到2.0‰的目标，效果明显。",
        "活动后不良率1.8‰，如期实现课题目标。",
    ],
)
def test_a_target_fully_met_is_no_e3(said: str) -> None:
    assert not finding_messages(_effect(said, after="1.8"), "E3")
