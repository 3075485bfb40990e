"""The batch on every core: read + check and compare run in worker processes (issue 16).

`run_jobs(jobs, worker, init, workers)` runs `worker(job)` for every job in a pool of worker processes
and yields `(job, result)` as each finishes — `result` is the worker's return value, or the exception
it raised (the caller turns it into a failed file, or re-raises it in strict mode). With one worker,
or one job, everything runs in this process (no start-up cost; the tests' small batches).

Workers start from the `forkserver` (or `spawn`), never by forking this process: a batch parent has
a progress thread and may hold faiss or a model runtime, which are unsafe to fork. `init(*args)` runs
once in each worker (the compare stage loads the corpus there: each worker holds its own Screener,
so a 100k corpus costs its memory once per worker). The embedding encoder travels unloaded and
loads in the worker at its first `encode`, with one intra-op thread (the workers are the parallelism).

When a worker dies (killed for memory, a crash in native code) the pool breaks: the jobs not yet done
then run in this process, so a batch is never lost to one worker.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from ingest.isolation import main_not_reimported, process_context

J = TypeVar("J")
R = TypeVar("R")


def worker_count(requested: int, jobs: int) -> int:
    """`requested` workers (0: one per core), never more than there are jobs."""
    n = requested if requested > 0 else (os.cpu_count() or 1)
    return max(1, min(n, jobs))


def run_jobs(
    jobs: Iterable[J],
    worker: Callable[[J], R],
    init: Callable[..., None],
    init_args: tuple[Any, ...],
    workers: int,
) -> Iterator[tuple[J, R | BaseException]]:
    """`(job, worker(job) or its exception)` for every job, in the order they finish."""
    todo = list(jobs)
    n = worker_count(workers, len(todo))
    if n == 1:
        init(*init_args)
        yield from _in_process(todo, worker)
        return
    left: list[J] = []
    with main_not_reimported():  # workers start at the first submits: keep the parent's main script out
        pool = ProcessPoolExecutor(n, mp_context=process_context(), initializer=init, initargs=init_args)
        futures: dict[Future[R], J] = {pool.submit(worker, job): job for job in todo}
    try:
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                exc = fut.exception()
                if isinstance(exc, BrokenProcessPool):
                    left.append(futures[fut])
                else:
                    yield futures[fut], exc if exc is not None else fut.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if left:  # a worker died: what it and the others had not finished runs here
        init(*init_args)
        yield from _in_process(left, worker)


def _in_process(jobs: list[J], worker: Callable[[J], R]) -> Iterator[tuple[J, R | BaseException]]:
    for job in jobs:
        try:
            yield job, worker(job)
        except Exception as e:  # noqa: BLE001 - handed to the caller, as a worker's exception is
            yield job, e
