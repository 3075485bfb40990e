"""Batch jobs for staff: `screen_batch` in a background thread, status to poll, outputs to download."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..pipeline import screen_batch
from ..storage import atomic_write_bytes, new_id, valid_id

if TYPE_CHECKING:
    from .services import Services


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _JobProgress:
    def __init__(self, manager: JobManager, job_id: str) -> None:
        self.m, self.id = manager, job_id

    def start(self, stage: str, total: int) -> None:
        self.m._update(self.id, lambda j: j["progress"].__setitem__(stage, {"done": 0, "total": total}))

    def advance(self, stage: str, label: str) -> None:
        def f(j: dict[str, Any]) -> None:
            p = j["progress"].setdefault(stage, {"done": 0, "total": 0})
            p["done"] += 1
            j["current"] = label

        self.m._update(self.id, f)

    def failed(self, error: dict[str, str]) -> None:
        self.m._update(
            self.id,
            lambda j: j["errors"].append(
                {k: error.get(k) for k in ("code", "file", "reason", "message", "submission")}
            ),
        )


class JobManager:
    def __init__(self, services: Services, root: Path) -> None:
        self.services = services
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._jobs: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qcscreen-job")

    def _save(self, job: dict[str, Any]) -> None:
        atomic_write_bytes(self.root / job["id"] / "status.json", json.dumps(job, ensure_ascii=False).encode("utf-8"))

    def _update(self, job_id: str, change: Any) -> None:
        with self._lock:
            change(self._jobs[job_id])

    def get(self, job_id: str) -> dict[str, Any] | None:
        if not valid_id(job_id):
            return None
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                return json.loads(json.dumps(job))
        p = self.root / job_id / "status.json"
        return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else None

    def out_dir(self, job_id: str) -> Path:
        return self.root / job_id / "out"

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {k: j[k] for k in ("id", "status", "year", "source", "created_at", "owner")}
                for j in self._jobs.values()
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
    ) -> dict[str, Any]:
        job_id = job_id or new_id()
        job = {
            "id": job_id,
            "status": "queued",
            "year": year,
            "source": source,
            "owner": owner,
            "created_at": _now(),
            "finished_at": None,
            "progress": {},
            "current": None,
            "errors": [],
            "names": names or {},
            "rows": [],
            "message": None,
        }
        with self._lock:
            self._jobs[job_id] = job
        self._save(job)
        self._pool.submit(self._run, job_id, input_dir, year)
        return self.get(job_id) or job

    def new_upload_dir(self) -> tuple[str, Path]:
        job_id = new_id()
        d = self.root / job_id / "input"
        d.mkdir(parents=True, exist_ok=True)
        return job_id, d

    def _run(self, job_id: str, input_dir: Path, year: int) -> None:
        self._update(job_id, lambda j: j.update(status="running"))
        s = self.services.settings
        try:
            enc = self.services.encoder()
            result = screen_batch(
                input_dir,
                year=year,
                db=s.db,
                out_dir=self.out_dir(job_id),
                encoder=enc.encoder,
                semantic_message=enc.message,
                template_file=s.template_file,
                read_options=self.services.read_options(),
                progress=_JobProgress(self, job_id),
            )
            rows = result.rows

            def done(j: dict[str, Any]) -> None:
                j.update(status="done", finished_at=_now(), rows=rows, message=enc.message)
                j["errors"] = [
                    {k: e.get(k) for k in ("code", "file", "reason", "message", "submission")} for e in result.errors
                ]

            self._update(job_id, done)
        except Exception as e:  # noqa: BLE001 - a failed job is reported to the poller, not lost
            msg = f"批量预审失败：{type(e).__name__}: {e}"
            self._update(job_id, lambda j: j.update(status="failed", finished_at=_now(), message=msg))
        with self._lock:
            job = self._jobs[job_id]
        self._save(job)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
