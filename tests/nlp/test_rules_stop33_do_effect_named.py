"""Stop 33 (judge90): E1 reads the 课题目标 compared under the name of the 指标 it was issued as.

E1 (spec/domain.md b.3: the effect not compared with the 课题目标) looked for the word 目标 only. A 指令性目标 is
issued as a 指标 ("目标责任书下达：停机率≤0.8%") and its 效果检查 compares with it by that name: "停机率0.65%，低于
公司指标0.8%" (seen fresh21 e35). A comparison word, the 指标 and its figure are a comparison with the target;
"各项指标良好" with no figure is not."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import good_problem_solving, rule_ids, run_check, set_slide

SYMPTOM = "症结孔径超差由78件降至12件。"


def _e1(first: str) -> bool:
    slides = set_slide(good_problem_solving(), "八、效果检查", [first, SYMPTOM])
    return "E1" in rule_ids(run_check(slides))


@pytest.mark.parametrize(
    "first",
    ["2023年10月超差率由活动前的2.6%降至0.7%，低于顾客指标0.8%。", "活动后超差率0.7%，达到考核指标≤0.8%。"],
)
def test_e1_the_target_compared_as_a_named_indicator_with_its_figure_is_a_comparison(first: str) -> None:
    assert not _e1(first)


def test_e1_indicators_named_without_a_comparison_and_figure_keep_the_finding() -> None:
    assert _e1("2023年10月超差率由活动前的2.6%降至0.7%，各项指标良好。")
