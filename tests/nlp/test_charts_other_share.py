"""X2 "其他" too large: over 10 % of the total; just over it (≤ 12 %) only where larger than the smallest named category (domain.md b.2)."""

from nlp import charts


def _codes(counts: list[float]) -> set[str]:
    p = charts.ParetoData(source="table", categories=["甲", "乙", "丙", "其他"], counts=counts)
    return {c.code for c in charts.pareto_problems(p)}


def test_other_over_ten_percent_but_smaller_than_every_named_one_is_no_problem() -> None:
    # 3 of 28 = 10.7 %, the smallest named category holds 4
    assert "other_too_large" not in _codes([16, 5, 4, 3])


def test_other_over_ten_percent_and_larger_than_a_named_one_is_too_large() -> None:
    # 3 of 27 = 11.1 %, larger than the named 2
    assert "other_too_large" in _codes([16, 6, 2, 3])


def test_other_well_over_ten_percent_is_too_large_even_when_smaller_than_the_named_ones() -> None:
    # 6 of 29 = 20.7 %, the named ones hold 15 and 8
    p = charts.ParetoData(source="table", categories=["甲", "乙", "其他"], counts=[15, 8, 6])
    assert "other_too_large" in {c.code for c in charts.pareto_problems(p)}


def test_other_under_ten_percent_is_never_too_large() -> None:
    assert "other_too_large" not in _codes([60, 20, 2, 8])
