"""A batch job survives a server restart (issue 15): a real server is killed (SIGKILL to its process
group) while a folder job is reading its last submission and an upload job waits in the queue behind
it; a new server on the same data folder takes both up again and finishes them, without redoing the
submissions finished before the kill."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.auth import KeyStore
from tests.ingest import hostile

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data: Path, batch_root: Path, read_timeout_s: float) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "QCSCREEN_DB": str(data / "none.sqlite"),
        "QCSCREEN_DATA_DIR": str(data),
        "QCSCREEN_BATCH_ROOT": str(batch_root),
        "QCSCREEN_SEMANTIC": "0",
        "QCSCREEN_READ_TIMEOUT_S": str(read_timeout_s),
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "service.api:create_app",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("server did not start")


def _poll(base: str, key: str, job_id: str, until: Any, limit_s: float = 600) -> dict[str, Any]:
    deadline = time.monotonic() + limit_s
    while True:
        job = httpx.get(f"{base}/api/jobs/{job_id}", headers={"X-API-Key": key}, timeout=30).json()
        if until(job) or time.monotonic() > deadline:
            return job  # type: ignore[no-any-return]
        time.sleep(0.3)


def test_a_pending_job_is_resumed_after_a_kill(mini: dict[str, Path], tmp_path: Path) -> None:
    batch = mini["batch"]  # S01, S02, S03 and S04.txt; then a PDF that takes half a minute to read
    (batch / "S99-长文件.pdf").write_bytes(hostile.slow_pdf(400))
    data = tmp_path / "data"
    key = KeyStore(data / "keys.sqlite").create("reviewer", "预审")
    server, base = _serve(data, mini["tmp"], read_timeout_s=600)
    try:
        r = httpx.post(
            f"{base}/api/jobs", headers={"X-API-Key": key}, json={"folder": "batch", "year": 2024}, timeout=30
        )
        assert r.status_code == 202, r.text
        job_id = r.json()["id"]
        deck = ("files", ("提高焊接一次合格率.docx", (batch / "S02" / "成果报告.docx").read_bytes()))
        r = httpx.post(
            f"{base}/api/jobs/upload", headers={"X-API-Key": key}, files=[deck], data={"year": "2024"}, timeout=30
        )
        assert r.status_code == 202, r.text
        queued_id = r.json()["id"]
        job = _poll(
            base, key, job_id, lambda j: j["progress"].get("check", {}).get("done", 0) >= 4 or j["status"] == "done"
        )
        assert job["status"] == "running", job  # killed while reading S99
        assert _poll(base, key, queued_id, lambda j: True)["status"] == "queued"  # one job runs at a time
        state_dir = data / "jobs" / job_id / "out" / ".state"
        deadline = time.monotonic() + 60  # the fourth submission's state is saved right after its progress tick
        while len([p for p in state_dir.glob("*.json") if not p.name.endswith(".docs.json")]) < 4:
            assert time.monotonic() < deadline, sorted(p.name for p in state_dir.glob("*"))
            time.sleep(0.2)
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # the server and its reader workers, as an OOM kill would
        server.wait(30)
    server, base = _serve(data, mini["tmp"], read_timeout_s=3)  # S99 now times out quickly
    try:
        listed = httpx.get(f"{base}/api/jobs", headers={"X-API-Key": key}, timeout=30).json()["jobs"]
        assert job_id in [j["id"] for j in listed]
        job = _poll(base, key, job_id, lambda j: j["status"] in ("done", "failed"))
        queued = _poll(base, key, queued_id, lambda j: j["status"] in ("done", "failed"))
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(30)
    assert job["status"] == "done", job
    assert job["restarts"] == 1 and job["reused"] == 4
    assert {row["submission"] for row in job["rows"]} == {"S01", "S02", "S03", "S04", "S99-长文件"}
    assert any(e["code"] == "ingest.timeout" for e in job["errors"])
    assert (data / "jobs" / job_id / "out" / "summary.xlsx").is_file()
    assert (queued["status"], queued["restarts"], queued["reused"]) == ("done", 1, 0), queued
    assert [row["submission"] for row in queued["rows"]] == ["U001"]
    assert queued["names"] == {"U001": "提高焊接一次合格率.docx"}
