"""E2: a saving the report can only expect counted as 经济效益 (stop 29, judge49; seen fresh12 r37).

domain.md b.3 E2: only realised benefit counts. "可节约后期/今后…费用" and a saving that rests on a longer
service life ("使用寿命延长…节约…费用") are expected, not realised, however the sentence is led.
"""

from __future__ import annotations

import pytest

from nlp.check import check
from tests.nlp.conftest import deck, finding_messages, good_problem_solving, set_slide

_EFFECT = "超差率由2.6%降至0.7%，达到课题目标0.8%。"


def _e2(said: str) -> list[str]:
    s = set_slide(good_problem_solving(), "八、效果检查", [_EFFECT, said])
    return finding_messages(check(deck(s)), "E2")


@pytest.mark.parametrize(
    "said",
    [
        "经济效益：减少返修费用12.6万元；管道使用寿命延长8年，可节约后期维修费用约300万元，合计312.6万元。",
        "经济效益：年节约材料费8.2万元，另可节省今后大修费用约40万元。",
        "经济效益：模具寿命延长一倍，节约更换费用15万元，全年合计效益23.4万元。",
        "经济效益：返工减少节约6.5万元，将减少运营期维护支出约20万元。",
    ],
)
def test_an_expected_saving_counted_is_potential(said: str) -> None:
    assert any("潜在效益" in m for m in _e2(said))


@pytest.mark.parametrize(
    "said",
    [
        "经济效益：减少返修费用12.6万元－投入3.2万元＝9.4万元。",
        "经济效益：节约后续返工费用2.1万元，扣除投入0.6万元，净效益1.5万元。",
    ],
)
def test_a_realised_saving_is_no_potential(said: str) -> None:
    assert not any("潜在效益" in m for m in _e2(said))
