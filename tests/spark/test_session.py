"""`input_slices`: how many partitions a parallelized input list gets (no Spark session needed)."""

from __future__ import annotations

from types import SimpleNamespace

from service.spark.session import PROJECTS_PER_SLICE, input_slices


def test_input_slices_four_a_core_for_small_lists() -> None:
    sc = SimpleNamespace(defaultParallelism=2)
    assert input_slices(sc, 1, PROJECTS_PER_SLICE) == 2  # type: ignore[arg-type]
    assert input_slices(sc, 40, PROJECTS_PER_SLICE) == 8  # type: ignore[arg-type]


def test_input_slices_bound_the_items_a_partition_holds() -> None:
    sc = SimpleNamespace(defaultParallelism=2)
    for items in (8_000, 10_000, 50_000, 200_000, 1_000_001):
        slices = input_slices(sc, items, 1000)  # type: ignore[arg-type]
        assert -(-items // slices) <= 1000
    assert input_slices(sc, 50_000, 1000) == 50  # type: ignore[arg-type]
