"""Arithmetic written out in reports, recomputed (spec/domain.md b.2 目标 arithmetic)."""

from __future__ import annotations

from nlp import formula


def test_target_formulas_recompute() -> None:
    a = formula.arithmetic_in("目标值＝现状值－现状值×改善重点×小组能力＝6.24%－6.24%×83.3%×75%＝3.1%")
    assert a is not None and a.percent and a.stated == 3.1 and round(a.computed, 2) == 2.34 and not a.agrees
    b = formula.arithmetic_in("8.0%×(1－60.4%×80%)＝4.1%")
    assert b is not None and b.agrees
    c = formula.arithmetic_in("目标值=120-120×60%×80%=62.4")
    assert c is not None and not c.percent and c.agrees
    d = formula.arithmetic_in("达成率=(3.2-1.1)/(3.2-1.5)×100=123.5%")
    assert d is not None and d.agrees  # ×100 written for ×100%


def test_what_is_not_arithmetic() -> None:
    assert formula.arithmetic_in("目标值＝现状值－现状值×改善重点") is None
    assert formula.arithmetic_in("目标：将空鼓率由8.0%降低到4.1%") is None
    assert formula.arithmetic_in("时间＝2023年5月") is None
    assert formula.evaluate("__import__('os')") is None and formula.evaluate("1/0") is None
    assert formula.evaluate("（1－60%）×50") == 20.0


def test_a_bare_figure_among_percentages_may_be_points() -> None:
    """A 提高 target: the 现状 plus the loss in points times the share removed (seen fresh8 n28)."""
    a = formula.arithmetic_in("目标测算：85.0%＋12.0×40%≈89.8%")
    assert a is not None and a.percent and a.agrees and round(a.computed, 2) == 89.8
    # the points reading does not excuse a wrong sum, and the whole "1" stays the whole
    b = formula.arithmetic_in("目标测算：85.0%＋12.0×40%≈92.0%")
    assert b is not None and not b.agrees
    c = formula.arithmetic_in("5.0%×(1－80%×50%)＝2.0%")
    assert c is not None and not c.agrees and round(c.computed, 2) == 3.0


def test_a_formula_broken_after_an_operator_is_read_whole() -> None:
    """A scan or a narrow column breaks a 目标 测算 after its minus or its equals sign (seen fresh12 r47:
    "目标值=现况值-现况值×改善重点×圈能力=86-" / "86×44.2%×80%=55.6次"): read whole it recomputes."""
    cases = [
        ["目标值=现况值-现况值×改善重点×圈能力=86-", "86×44.2%×80%=55.6次，取56次。"],
        ["测算：目标值＝12.5%×（1－", "68%×75%）＝6.1%"],
        ["目标值=240-240×70.8%×85% =", "95.6分钟"],
    ]
    for lines in cases:
        joined = formula.join_broken(list(enumerate(lines)))
        assert len(joined) == 1 and joined[0][0] == 0
        a = formula.arithmetic_in(joined[0][1])
        assert a is not None and a.agrees, lines


def test_lines_that_end_in_words_stay_apart() -> None:
    lines = [(3, "目标：断纸次数由86次降至56次。"), (4, "86×44.2%×80%=30.4"), (5, "取30次")]
    assert formula.join_broken(lines) == lines
