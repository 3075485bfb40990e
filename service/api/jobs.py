"""Batch jobs for staff: `screen_batch` in a background thread, status to poll, outputs to download.

Jobs survive a restart: each job's folder holds its status (`status.json`) and where its input is
(`input.json`, never shown to clients); `resume()` (called when the app starts) loads every job and
queues again the ones that were queued or running, and `screen_batch` skips the submissions it had
finished (their results are under the job's `out/.state`).

The manager knows nothing of the service container: it is given the one function that runs a batch
(`BatchRunner`), so the jobs module and the services module do not import each other (an
import-linter contract keeps it so)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from ingest.fileio import atomic_write_text

from ..pipeline import BatchResult
from ..results import FileError, SummaryRow
from ..storage import new_id, valid_id
from ..submission import Progress

JobStatus = Literal["queued", "running", "done", "failed"]
# (input folder, year, output folder, progress) -> the batch's result
BatchRunner = Callable[[Path, int, Path, Progress], BatchResult]


class StageProgress(BaseModel):
    done: int = 0
    total: int = 0


class JobBrief(BaseModel):
    id: str
    status: JobStatus
    year: int
    source: str  # "folder:<name>" or "upload"
    created_at: str
    owner: str  # the key id that started it


class Job(JobBrief):
    finished_at: str | None = None
    progress: dict[str, StageProgress] = Field(default_factory=dict)  # read, check, compare
    current: str | None = None  # the file or submission being worked on
    errors: list[FileError] = Field(default_factory=list)
    names: dict[str, str] = Field(default_factory=dict)  # upload jobs: submission id -> the client's file name
    rows: list[SummaryRow] = Field(default_factory=list)
    message: str | None = None
    restarts: int = 0  # how often the job was taken up again after a server restart
    reused: int = 0  # submissions whose results came from before the restart (not redone)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _JobProgress:
    def __init__(self, manager: JobManager, job_id: str) -> None:
        self.m, self.id = manager, job_id

    def start(self, stage: str, total: int) -> None:
        self.m.update(self.id, lambda j: j.progress.__setitem__(stage, StageProgress(total=total)))

    def advance(self, stage: str, label: str) -> None:
        def f(j: Job) -> None:
            j.progress.setdefault(stage, StageProgress()).done += 1
            j.current = label

        self.m.update(self.id, f)

    def failed(self, error: FileError) -> None:
        self.m.update(self.id, lambda j: j.errors.append(error))


class JobManager:
    def __init__(self, root: Path, run_batch: BatchRunner) -> None:
        self.root = root
        self.run_batch = run_batch
        root.mkdir(parents=True, exist_ok=True)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qcscreen-job")

    def _save(self, job: Job) -> None:
        atomic_write_text(self.root / job.id / "status.json", job.model_dump_json())

    def update(self, job_id: str, change: Callable[[Job], None]) -> None:
        with self._lock:
            change(self._jobs[job_id])

    def get(self, job_id: str) -> Job | None:
        if not valid_id(job_id):
            return None
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                return job.model_copy(deep=True)
        p = self.root / job_id / "status.json"
        try:
            return Job.model_validate_json(p.read_bytes()) if p.is_file() else None
        except ValidationError:
            return None

    def out_dir(self, job_id: str) -> Path:
        return self.root / job_id / "out"

    def list(self) -> list[JobBrief]:
        with self._lock:
            return [
                JobBrief.model_validate(j.model_dump(include=set(JobBrief.model_fields))) for j in self._jobs.values()
            ]

    def start(
        self,
        *,
        input_dir: Path,
        year: int,
        source: str,
        owner: str,
        names: dict[str, str] | None = None,
        job_id: str | None = None,
    ) -> Job:
        job = Job(
            id=job_id or new_id(),
            status="queued",
            year=year,
            source=source,
            owner=owner,
            created_at=_now(),
            names=names or {},
        )
        with self._lock:
            self._jobs[job.id] = job
        atomic_write_text(self.root / job.id / "input.json", json.dumps({"input_dir": str(input_dir)}))
        self._save(job)
        self._pool.submit(self._run, job.id, input_dir, year)
        return self.get(job.id) or job

    def resume(self) -> tuple[str, ...]:
        """After a restart: know every job on disk again, and queue the unfinished ones (their finished
        submissions are not redone). Returns the ids queued again."""
        queued: tuple[str, ...] = ()
        for status in sorted(self.root.glob("*/status.json")):
            try:
                job = Job.model_validate_json(status.read_bytes())
                input_dir = Path(json.loads((status.parent / "input.json").read_text(encoding="utf-8"))["input_dir"])
            except (OSError, ValueError, KeyError):
                continue  # not a job folder this version wrote
            with self._lock:
                if job.id in self._jobs:
                    continue
                self._jobs[job.id] = job
            if job.status in ("queued", "running"):
                if not input_dir.is_dir():
                    self._finish_failed(job.id, "服务重启后无法继续：任务的输入文件夹已不存在。")
                    continue
                job.status, job.restarts = "queued", job.restarts + 1
                self._save(job)
                self._pool.submit(self._run, job.id, input_dir, job.year)
                queued += (job.id,)
        return queued

    def new_upload_dir(self) -> tuple[str, Path]:
        job_id = new_id()
        d = self.root / job_id / "input"
        d.mkdir(parents=True, exist_ok=True)
        return job_id, d

    def _run(self, job_id: str, input_dir: Path, year: int) -> None:
        self.update(job_id, lambda j: setattr(j, "status", "running"))
        with self._lock:
            self._save(self._jobs[job_id])  # "running" on disk: a restart takes it up again
        try:
            result = self.run_batch(input_dir, year, self.out_dir(job_id), _JobProgress(self, job_id))

            def done(j: Job) -> None:
                j.status, j.finished_at = "done", _now()
                j.rows, j.errors, j.message = result.rows, result.errors, result.summary.semantic_message
                j.reused = result.reused

            self.update(job_id, done)
        except Exception as e:  # noqa: BLE001 - a failed job is reported to the poller, not lost
            self._finish_failed(job_id, f"批量预审失败：{type(e).__name__}: {e}")
            return
        with self._lock:
            job = self._jobs[job_id]
            self._save(job)

    def _finish_failed(self, job_id: str, message: str) -> None:
        def failed(j: Job) -> None:
            j.status, j.finished_at, j.message = "failed", _now(), message

        self.update(job_id, failed)
        with self._lock:
            self._save(self._jobs[job_id])

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
