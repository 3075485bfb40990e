"""Per-file isolation: worker processes, time limits, crash and bug handling (ingest.isolation).

A file that hangs is made real with a legal PDF that takes a reader half a minute (400 pages of laid-out
text lines, tests/ingest/hostile.slow_pdf), like a parser stuck in a loop. (A named pipe played this part
until pipes were refused before being opened: tests/ingest/test_hostile.py.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import ReadOptions, read, read_isolated, read_many
from ingest.errors import CorruptError, EncryptedError, TimeoutError_
from ingest.isolation import STRICT_ENV, RemoteTraceback, WorkerError, _context, _outcome, _run_job, _Worker

from . import hostile

pytestmark = pytest.mark.timeout(300)


@pytest.fixture()
def hanging_file(tmp_path: Path) -> Path:
    p = tmp_path / "hangs.pdf"
    p.write_bytes(hostile.slow_pdf(400))
    return p


@pytest.fixture()
def good(realdocs_dir: Path) -> Path:
    return realdocs_dir / "docling" / "powerpoint_sample.pptx"


@pytest.fixture()
def encrypted(realdocs_dir: Path) -> Path:
    return realdocs_dir / "tika" / "testPPT_protected_passtika.pptx"


def test_workers_fork_only_from_a_parent_without_threads_or_thread_pools() -> None:
    # Decided in a fresh interpreter: one thread and no torch/onnxruntime/faiss -> fork (no second
    # interpreter for a one-file command); a second thread (a batch's progress bar, a web server) or a
    # library with native thread pools -> the forkserver.
    script = (
        "import sys, threading, time\n"
        "from ingest.isolation import _context\n"
        "print(_context().get_start_method())\n"
        "t = threading.Thread(target=time.sleep, args=(2,)); t.start()\n"
        "print(_context().get_start_method()); t.join()\n"
        "import faiss\n"
        "print(_context().get_start_method())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["fork", "forkserver", "forkserver"]


def test_read_isolated_gives_the_same_document(good: Path) -> None:
    here = read(good)
    there = read_isolated(good)
    assert there.text == here.text
    assert there.blocks == here.blocks
    assert there.doc_id == here.doc_id


def test_read_isolated_raises_the_files_error(encrypted: Path) -> None:
    with pytest.raises(EncryptedError) as ei:
        read_isolated(encrypted)
    assert ei.value.filename == encrypted.name


def test_a_hanging_file_times_out_and_is_killed(hanging_file: Path) -> None:
    with pytest.raises(TimeoutError_) as ei:
        read_isolated(hanging_file, ReadOptions(timeout_s=1.0))
    assert ei.value.code == "ingest.timeout" and "1 秒" in ei.value.reason


def test_batch_continues_after_a_timeout(hanging_file: Path, good: Path, encrypted: Path) -> None:
    outcomes = list(read_many([hanging_file, good, encrypted, hanging_file, good], ReadOptions(timeout_s=1.0)))
    assert [o.path for o in outcomes] == [hanging_file, good, encrypted, hanging_file, good]
    assert [o.error.code if o.error else "ok" for o in outcomes] == [
        "ingest.timeout",
        "ok",
        "ingest.encrypted",
        "ingest.timeout",
        "ok",
    ]
    assert outcomes[1].document is not None and "A merged with B" in outcomes[1].document.text


def test_parallel_workers_keep_input_order(realdocs_dir: Path, hanging_file: Path) -> None:
    paths = [
        hanging_file,
        realdocs_dir / "tika" / "testPPT_groups.pptx",
        realdocs_dir / "unstructured" / "fake-power-point-table.pptx",
        realdocs_dir / "tika" / "testWORD_truncated.docx",
        realdocs_dir / "docling" / "pptx_chart.pptx",
    ]
    outcomes = list(read_many(paths, ReadOptions(timeout_s=2.0), workers=2))
    assert [o.path for o in outcomes] == paths
    assert outcomes[0].error is not None and outcomes[0].error.code == "ingest.timeout"
    assert outcomes[1].ok and outcomes[1].document is not None and outcomes[1].document.title == "MyTitle"
    assert outcomes[2].ok
    assert outcomes[3].error is not None and outcomes[3].error.code == "ingest.corrupt"
    assert outcomes[4].ok


def test_missing_file_is_an_outcome_not_an_exception(tmp_path: Path) -> None:
    (o,) = list(read_many([tmp_path / "nope.pptx"]))
    assert not o.ok and o.error is not None and o.error.code == "ingest.unsupported"


def test_empty_batch() -> None:
    assert list(read_many([])) == []


def _boom(path: str, options: ReadOptions) -> None:
    raise ZeroDivisionError(f"reader bug on {Path(path).name}")


def test_reader_bug_becomes_corrupt_outcome_in_production(monkeypatch: pytest.MonkeyPatch, good: Path) -> None:
    monkeypatch.setattr("ingest.isolation.read", _boom)
    reply = _run_job(str(good), ReadOptions())
    assert reply[0] == "bug" and reply[1] == "ZeroDivisionError" and "Traceback" in reply[3]
    monkeypatch.setenv(STRICT_ENV, "0")
    outcome = _outcome(good, reply, None)
    assert isinstance(outcome.error, CorruptError)
    assert "ZeroDivisionError" in outcome.error.reason and "reader bug on" in outcome.error.reason


def test_reader_bug_is_reraised_in_strict_mode(monkeypatch: pytest.MonkeyPatch, good: Path) -> None:
    monkeypatch.setattr("ingest.isolation.read", _boom)
    reply = _run_job(str(good), ReadOptions())
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(ZeroDivisionError) as ei:
        _outcome(good, reply, None)
    assert isinstance(ei.value.__cause__, RemoteTraceback)
    assert "_boom" in ei.value.__cause__.tb


def test_unpicklable_bug_is_reraised_as_worker_error(monkeypatch: pytest.MonkeyPatch, good: Path) -> None:
    class LocalError(Exception):  # defined in a function: cannot be pickled
        pass

    def boom(path: str, options: ReadOptions) -> None:
        raise LocalError("odd")

    monkeypatch.setattr("ingest.isolation.read", boom)
    reply = _run_job(str(good), ReadOptions())
    assert reply[4] is None
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(WorkerError, match="LocalError: odd"):
        _outcome(good, reply, None)


def test_a_worker_that_dies_is_a_failed_outcome(monkeypatch: pytest.MonkeyPatch, hanging_file: Path) -> None:
    worker = _Worker(_context(), ReadOptions())
    try:
        worker.wait_ready()
        worker.send(hanging_file)
        os.kill(worker.proc.pid, signal.SIGKILL)  # what the OOM killer or a segfault does
        reply = worker.receive()
        worker.proc.join(timeout=10)
        assert reply is None
        monkeypatch.setenv(STRICT_ENV, "0")
        outcome = _outcome(hanging_file, reply, worker.proc.exitcode)
        assert outcome.error is not None and outcome.error.code == "ingest.corrupt"
        assert "意外退出" in outcome.error.reason
        monkeypatch.setenv(STRICT_ENV, "1")
        with pytest.raises(WorkerError):
            _outcome(hanging_file, reply, worker.proc.exitcode)
    finally:
        worker.kill()


def test_workers_start_warm_without_the_parents_main(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The forkserver imports the readers once (ingest._warm), so a worker forked from it is warm, and
    # the parent's main script (the qcscreen CLI in production; a stand-in script here, as pytest's
    # own main may be a package `__main__` that multiprocessing never re-imports) is not imported again.
    import sys

    from ingest.isolation import worker_startup

    script = tmp_path / "main_script.py"
    script.write_text("raise SystemExit('the worker imported the parent main script')\n", encoding="utf-8")
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "__spec__", None)
    monkeypatch.setattr(main, "__file__", str(script), raising=False)
    monkeypatch.setattr("ingest.isolation._fork_is_safe", lambda: False)  # the batch and service case
    assert worker_startup() == {"preloaded": True, "main_imported": False}
    assert main.__file__ == str(script) and main.__spec__ is None  # restored after the start
