"""Seconds per stage of a Spark job, for the benchmarks (bench/spark_scale.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pyspark import RDD

T = TypeVar("T")
R = TypeVar("R", bound="RDD[Any]")


class StageClock:
    """Seconds per stage for a benchmark: with a dict, each persisted stage is run to its end (count)
    before the next starts; without one, nothing is forced and Spark pipelines the stages."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    def run(self, name: str, rdd: R) -> R:
        if self.timings is not None:
            self.timed(name, rdd.count)
        return rdd

    def timed(self, name: str, call: Callable[[], T]) -> T:
        started = time.perf_counter()
        out = call()
        if self.timings is not None:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started
        return out
