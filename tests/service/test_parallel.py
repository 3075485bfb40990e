"""service.parallel: batch work in worker processes — every job's result or exception comes back and a
dead worker loses no job. (A batch screened on two workers equals the in-process one: test_cli.)"""

from __future__ import annotations

import os

from service import parallel

_PARENT: dict[str, int] = {}


def _init(parent_pid: int) -> None:
    _PARENT["pid"] = parent_pid


def _job(n: int) -> tuple[int, int]:
    if n == 3:
        raise ValueError("坏任务")
    if n == 5 and os.getpid() != _PARENT["pid"]:
        os._exit(1)  # a worker killed mid-job (out of memory, a native crash)
    return n * n, os.getpid()


def test_worker_count() -> None:
    assert parallel.worker_count(1, 10) == 1
    assert parallel.worker_count(4, 2) == 2
    assert parallel.worker_count(0, 100) == (os.cpu_count() or 1)
    assert parallel.worker_count(0, 0) == 1


def test_results_and_exceptions_come_back_from_the_workers() -> None:
    got = dict(parallel.run_jobs([1, 2, 3, 4], _job, _init, (os.getpid(),), 2))
    assert set(got) == {1, 2, 3, 4}
    assert isinstance(got[3], ValueError) and "坏任务" in str(got[3])
    squares = {n: r for n, r in got.items() if not isinstance(r, BaseException)}
    assert {n: r[0] for n, r in squares.items()} == {1: 1, 2: 4, 4: 16}
    assert all(r[1] != os.getpid() for r in squares.values())  # computed in worker processes


def test_in_process_with_one_worker() -> None:
    got = dict(parallel.run_jobs([2, 3], _job, _init, (os.getpid(),), 1))
    assert got[2] == (4, os.getpid()) and isinstance(got[3], ValueError)


def test_a_dead_worker_loses_no_job() -> None:
    got = dict(parallel.run_jobs([1, 2, 4, 5, 6], _job, _init, (os.getpid(),), 2))
    assert set(got) == {1, 2, 4, 5, 6}
    assert got[5] == (25, os.getpid())  # redone in this process after the pool broke
    assert all(not isinstance(r, BaseException) and r[0] == n * n for n, r in got.items())
