"""K4 after the fresh16 run (judge74): a 对比试验 that runs both values side by side tests the cause.

"干燥时间由18h延长至26h各试验15台，局放量均值由86pC降至32pC" (seen fresh16 w04) sets the value its 对策 later
prescribes, but trials the old and the new value alike, the same number each: a comparison of the cause,
not the countermeasure put to work. The new value run alone after the old (fresh4 i39) still is K4.
"""

from __future__ import annotations

from nlp.check import check
from tests.nlp.conftest import CAUSE_TABLE, deck, finding_messages, good_problem_solving, set_slide


def _k4(result: str) -> list[str]:
    rows = [r[:] for r in CAUSE_TABLE]
    rows[2][5] = result  # 刀补按经验周期调整; its 对策 sets "每加工150件自动补偿0.003mm"
    return finding_messages(
        check(deck(set_slide(good_problem_solving(), "五、确定主要原因", ["逐条确认。", rows]))), "K4"
    )


def test_k4_both_values_trialled_side_by_side_is_a_comparison_of_the_cause() -> None:
    for side_by_side in (
        "刀补间隔由400件缩短至150件各试验30件，孔径偏差下降60%",
        "刀补间隔400件与缩短至150件分别加工30件，孔径偏差下降60%",
    ):
        assert not _k4(side_by_side), side_by_side


def test_k4_the_new_value_run_alone_is_still_the_countermeasure_applied() -> None:
    assert _k4("7月将刀补间隔由400件缩短至150件，连续加工3天，孔径偏差下降60%")
    assert _k4("7月将刀补间隔由400件缩短至150件，试验30件，孔径偏差下降60%")
