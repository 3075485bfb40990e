"""X2 "其他" too large: over 10 % of the total; just over it (≤ 12 %) only where larger than the smallest named category (domain.md b.2)."""

from nlp import charts


def _codes(counts: list[float]) -> set[str]:
    p = charts.ParetoData(source="table", categories=["甲", "乙", "丙", "其他"], counts=counts)
    return {c.code for c in charts.pareto_problems(p)}


def test_other_over_ten_percent_but_smaller_than_every_named_one_is_no_problem() -> None:
    # 3 of 28 = 10.7 %, the smallest named category holds 4
    assert "other_too_large" not in _codes([16, 5, 4, 3])


def test_other_over_ten_percent_and_larger_than_one_named_one_is_unsure() -> None:
    # 3 of 27 = 11.1 %, larger than the named 2 only (stop 34: a reader's call)
    assert _codes([16, 6, 2, 3]) == {"other_large_unsure"}


def test_other_larger_than_two_named_ones_is_too_large() -> None:
    # 4 of 28 = 14.3 %, larger than the named 3 and 2
    assert "other_too_large" in _codes([16, 3, 2, 4])


def test_other_larger_than_the_one_small_named_one_of_two_is_too_large() -> None:
    # two named categories: 其他 over the second is over every named one but the largest
    p = charts.ParetoData(source="table", categories=["甲", "乙", "其他"], counts=[50, 8, 9])
    assert "other_too_large" in {c.code for c in charts.pareto_problems(p)}


def test_lumped_tail_of_a_stratification_over_one_named_one_is_unsure() -> None:
    # 22 of 162 = 13.6 %, larger than the named 18 only
    p = charts.ParetoData(source="table", categories=["甲", "乙", "丙", "丁", "其他"], counts=[54, 41, 27, 18, 22])
    assert {c.code for c in charts.pareto_problems(p)} == {"other_large_unsure"}


def test_other_well_over_ten_percent_is_too_large_even_when_smaller_than_the_named_ones() -> None:
    # 6 of 29 = 20.7 %, the named ones hold 15 and 8
    p = charts.ParetoData(source="table", categories=["甲", "乙", "其他"], counts=[15, 8, 6])
    assert "other_too_large" in {c.code for c in charts.pareto_problems(p)}


def test_other_under_ten_percent_is_never_too_large() -> None:
    assert "other_too_large" not in _codes([60, 20, 2, 8])
