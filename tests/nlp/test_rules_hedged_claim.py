"""E3: a hedged claim with the target's owner between verb and 目标 (stop 29, judge49; seen fresh12 r42).

domain.md b.3 E3: a missed target called "基本达到…的目标" and followed by 巩固 is a missed target; the
hedge reads the same whether or not whose target it is stands between the verb and 目标 (as a plain
claim of success already may: `claim_met`).
"""

from __future__ import annotations

import pytest

from nlp.check import check
from tests.nlp.conftest import deck, finding_messages, good_problem_solving, set_slide


def _e3(said: str) -> list[str]:
    s = set_slide(good_problem_solving(), "八、效果检查", [said])
    return finding_messages(check(deck(s)), "E3")


@pytest.mark.parametrize(
    "said",
    [
        "活动后超差率为0.9%，较活动前2.6%下降65.4%，基本达到公司下达的目标要求。",
        "活动后超差率0.9%，基本完成了厂部考核目标。",
        "活动后超差率0.9%，大致实现本课题设定的目标。",
    ],
)
def test_a_hedged_claim_of_someone_s_target_is_a_miss(said: str) -> None:
    assert _e3(said)


@pytest.mark.parametrize(
    "said",
    [
        "活动后超差率为0.7%，达到公司下达的目标要求。",
        "活动后超差率0.7%，低于课题目标0.8%，目标实现。",
    ],
)
def test_a_plain_claim_met_is_no_miss(said: str) -> None:
    assert not _e3(said)
