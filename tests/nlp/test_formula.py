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
