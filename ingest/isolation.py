"""Per-file isolation: read each file in a worker process with a time limit, so a file that hangs
(pdfminer can spin for minutes), crashes the parser or eats memory cannot take a batch down.

- `read_isolated(path, options)`: one file; raises the file's IngestError, or TimeoutError_
  (`ingest.timeout`) after `options.timeout_s`, killing the worker.
- `read_many(paths, options, workers=1)`: a batch; yields one ReadOutcome per path, in input order, and
  never raises for a bad file. Workers are reused between files and replaced after a timeout or crash.

A non-IngestError raised by a reader is a bug: in production it becomes a failed outcome with code
`ingest.corrupt` and the exception text; with `QCSCREEN_STRICT=1` (tests) it is re-raised in the parent
with the worker's traceback attached.

Workers are forked straight from the parent when that is safe — the parent runs one thread and has no
library with native thread pools loaded (torch, ONNX Runtime, faiss: forking those is unsafe) — as a
one-file command (`qcscreen extract`, `check`) is: no second interpreter, and the worker imports only
the reader its file needs (start-up, issue 16). Otherwise (a batch with its progress thread, the web
service, a process holding a model) they start from the preloaded `forkserver` (or `spawn`).
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import os
import pickle
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .api import ReadOutcome, read
from .errors import CorruptError, IngestError, TimeoutError_, error_from_code
from .model import Document
from .options import ReadOptions

Context = mp.context.ForkServerContext | mp.context.SpawnContext | mp.context.ForkContext

STRICT_ENV = "QCSCREEN_STRICT"
STARTUP_TIMEOUT_S = 120.0  # a cold worker imports python-pptx, pdfplumber...: not counted in timeout_s
# The forkserver preloads this module and `ingest._warm`, which imports the readers with every
# exception swallowed (the server must never die of a reader's import error). Each worker imports
# them again before it reports ready — a no-op when the server had them — so import time is never
# counted against a file's time limit, and a reader module that fails to import only fails its own
# files (with the error, when they are read).
PRELOAD = ["ingest.isolation", "ingest._warm"]
WARM_MODULES = ["ingest.readers.pptx", "ingest.readers.docx", "ingest.readers.pdf", "ingest.readers.text"]
# Libraries that start native thread pools: a parent that has one of them loaded is never forked.
THREAD_POOL_MODULES = ("torch", "onnxruntime", "faiss")


class WorkerError(RuntimeError):
    """A reader bug in a worker whose exception could not be sent back as itself (strict mode)."""


class RemoteTraceback(Exception):  # noqa: N818 - mirrors concurrent.futures.process._RemoteTraceback
    def __init__(self, tb: str) -> None:
        super().__init__(tb)
        self.tb = tb

    def __str__(self) -> str:
        return f"\n--- worker traceback ---\n{self.tb}"


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0", "false", "False")


def _fork_is_safe() -> bool:
    return threading.active_count() == 1 and not any(name in sys.modules for name in THREAD_POOL_MODULES)


def _context() -> Context:
    """The start method of the next worker (decided per worker: the parent may load a model meanwhile)."""
    if _fork_is_safe():
        return mp.get_context("fork")
    return process_context()


def process_context() -> mp.context.ForkServerContext | mp.context.SpawnContext:
    """A start method that never forks the caller: the preloaded forkserver, else spawn. Also for the
    other pools of worker processes (the batch's, `service.parallel`)."""
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)  # only effective before the server starts; ImportError ignored
        return ctx
    return mp.get_context("spawn")


# ---- worker side ---------------------------------------------------------------------------------


def _worker_main(conn: Connection, options: ReadOptions, forked: bool = False) -> None:
    preloaded = all(name in sys.modules for name in WARM_MODULES)  # forked from a warm server
    # the parent's main script re-imported as __mp_main__ (avoided; without it, the name is an alias
    # of the server's own file-less __main__)
    main_imported = getattr(sys.modules.get("__mp_main__"), "__file__", None) is not None
    # A worker forked straight from the parent imports only the reader its file needs, when it reads it.
    for name in [] if forked else WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the reader's own files will report it when read
            pass
    conn.send(("ready", preloaded, main_imported))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(_run_job(str(job), options))


def _run_job(path: str, options: ReadOptions) -> tuple[Any, ...]:
    try:
        doc = read(path, options)
    except IngestError as e:
        return ("err", e.code, e.filename, e.reason)
    except BaseException as e:  # noqa: BLE001 - a reader bug must cross the process boundary as data
        tb = traceback.format_exc()
        payload: bytes | None
        try:
            dumped = pickle.dumps(e)
            pickle.loads(dumped)  # the exception must round-trip to be re-raised in the parent
            payload = dumped
        except Exception:  # noqa: BLE001 - unpicklable exception: send its text only
            payload = None
        return ("bug", type(e).__name__, str(e), tb, payload)
    return ("ok", doc)


# ---- parent side ---------------------------------------------------------------------------------


_START_LOCK = threading.Lock()


@contextlib.contextmanager
def main_not_reimported() -> Iterator[None]:
    """While a worker starts: hide where the parent's `__main__` comes from, so the child does not
    import it again as `__mp_main__` (multiprocessing's spawn preparation does, for a target that might
    live there). The worker's target is in this module; the parent's main script — the `qcscreen` CLI
    with typer and the service (0.4 s), a benchmark importing torch — has nothing the worker needs."""
    main = sys.modules["__main__"]
    with _START_LOCK:
        had_file = hasattr(main, "__file__")
        saved_file = getattr(main, "__file__", None)
        saved_spec = getattr(main, "__spec__", None)
        try:
            main.__spec__ = None
            if had_file:
                del main.__file__
            yield
        finally:
            main.__spec__ = saved_spec
            if had_file:
                main.__file__ = saved_file


class _Worker:
    def __init__(self, ctx: Context, options: ReadOptions) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        forked = ctx.get_start_method() == "fork"
        self.proc = ctx.Process(target=_worker_main, args=(child, options, forked), daemon=True, name="qcscreen-read")
        with main_not_reimported():
            self.proc.start()
        child.close()
        self.ready = False
        self.preloaded = False  # whether the worker started with the readers already imported
        self.main_imported = False  # whether the worker imported the parent's main script

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.conn.poll(STARTUP_TIMEOUT_S):
            self.kill()
            raise WorkerError("读取进程启动超时")
        try:
            hello = self.conn.recv()
        except (EOFError, OSError) as e:
            self.kill()
            raise WorkerError(f"读取进程启动失败（退出码 {self.proc.exitcode}）") from e
        self.ready = True
        _, self.preloaded, self.main_imported = hello

    def send(self, path: Path) -> None:
        self.conn.send(str(path))

    def receive(self) -> tuple[Any, ...] | None:
        """The worker's answer, or None when it died (EOF)."""
        try:
            return self.conn.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError):
            return None

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=10)
        self.conn.close()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


def _outcome(path: Path, reply: tuple[Any, ...] | None, exitcode: int | None) -> ReadOutcome:
    """Turn a worker reply into an outcome; re-raise reader bugs in strict mode."""
    name = path.name
    if reply is None:
        if strict():
            raise WorkerError(f"{name}: 读取进程意外退出（退出码 {exitcode}）")
        return ReadOutcome(
            path, error=CorruptError(name, f"读取进程意外退出（退出码 {exitcode}，可能内存不足或解析器崩溃）")
        )
    tag = reply[0]
    if tag == "ok":
        doc = reply[1]
        assert isinstance(doc, Document)
        return ReadOutcome(path, document=doc)
    if tag == "err":
        return ReadOutcome(path, error=error_from_code(reply[1], reply[2], reply[3]))
    _, type_name, text, tb, payload = reply
    if strict():
        exc: BaseException | None = None
        if payload is not None:
            try:
                exc = pickle.loads(payload)
            except Exception:  # noqa: BLE001
                exc = None
        if exc is None:
            exc = WorkerError(f"{type_name}: {text}")
        raise exc from RemoteTraceback(tb)
    return ReadOutcome(path, error=CorruptError(name, f"读取时发生内部错误（{type_name}: {text[:300]}）"))


def _timeout_error(path: Path, options: ReadOptions) -> TimeoutError_:
    return TimeoutError_(path.name, f"处理时间超过 {options.timeout_s:g} 秒，已中止")


def worker_startup(options: ReadOptions | None = None) -> dict[str, bool]:
    """Start one worker and say how it began: `preloaded` — with the readers already imported (forked
    from the preloaded forkserver); `main_imported` — whether it imported the parent's main script.
    A diagnostic for tests and `bench/`."""
    worker = _Worker(_context(), options or ReadOptions())
    try:
        worker.wait_ready()
        return {"preloaded": worker.preloaded, "main_imported": worker.main_imported}
    finally:
        worker.close()


def read_isolated(path: str | Path, options: ReadOptions | None = None) -> Document:
    """Read one file in a worker process with `options.timeout_s`; kill it on expiry."""
    outcome = next(read_many([path], options))
    if outcome.error is not None:
        raise outcome.error
    assert outcome.document is not None
    return outcome.document


@dataclass
class _Job:
    index: int
    path: Path
    deadline: float


def read_many(
    paths: Iterable[str | Path], options: ReadOptions | None = None, workers: int = 1
) -> Iterator[ReadOutcome]:
    """Read every path in isolation; yield one ReadOutcome per path, in input order."""
    options = options or ReadOptions()
    todo = deque((i, Path(p)) for i, p in enumerate(paths))
    if not todo:
        return
    n_workers = max(1, min(workers, len(todo)))
    idle: list[_Worker] = []
    busy: dict[Connection, tuple[_Worker, _Job]] = {}
    done: dict[int, ReadOutcome] = {}
    next_out = 0
    try:
        while todo or busy:
            while todo and len(busy) < n_workers:
                worker = idle.pop() if idle else _Worker(_context(), options)
                try:
                    worker.wait_ready()
                except WorkerError:
                    if strict():
                        raise
                    worker = _Worker(_context(), options)
                    worker.wait_ready()
                index, path = todo.popleft()
                worker.send(path)
                busy[worker.conn] = (worker, _Job(index, path, time.monotonic() + options.timeout_s))
            now = time.monotonic()
            soonest = min(job.deadline for _, job in busy.values())
            ready = wait(list(busy), timeout=max(0.0, soonest - now))
            for conn in ready:
                worker, job = busy.pop(conn)  # type: ignore[call-overload]
                reply = worker.receive()
                if reply is None:
                    worker.kill()
                    done[job.index] = _outcome(job.path, None, worker.proc.exitcode)
                else:
                    idle.append(worker)
                    done[job.index] = _outcome(job.path, reply, None)
            now = time.monotonic()
            for conn, (worker, job) in list(busy.items()):
                if job.deadline <= now and conn not in ready:
                    busy.pop(conn)
                    worker.kill()
                    done[job.index] = ReadOutcome(job.path, error=_timeout_error(job.path, options))
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for worker, _job in busy.values():
            worker.kill()
        for worker in idle:
            worker.close()
