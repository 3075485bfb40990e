"""The access log (issue 15): who (key id, role) read, downloaded or tried to read which submission and
report — append-only, one month a file, whole months removed after the retention; read by admins only.
The real app (TestClient), real files."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.access_log import AccessEntry, AccessLog
from service.api import create_app
from service.settings import Settings


@pytest.fixture
def client(mini: dict[str, Path], tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(db=tmp_path / "none.sqlite", data_dir=tmp_path / "data", batch_root=mini["tmp"], semantic=False)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def keys(client: TestClient) -> dict[str, str]:
    ks = client.app.state.services.keys  # type: ignore[attr-defined]
    return {r: ks.create(r.rstrip("2"), r) for r in ("admin", "reviewer", "recommender", "recommender2")}


def _key_id(key: str) -> str:
    return key.split("_")[1]


def _log(client: TestClient, admin: str, **params: str) -> list[dict[str, object]]:
    r = client.get("/api/access-log", headers={"X-API-Key": admin}, params=params)
    assert r.status_code == 200, r.text
    return r.json()["entries"]  # type: ignore[no-any-return]


def test_reads_and_refused_attempts_are_logged(client: TestClient, keys: dict[str, str], mini: dict[str, Path]) -> None:
    deck = mini["batch"] / "S02" / "成果报告.docx"
    r = client.post(
        "/api/drafts", headers={"X-API-Key": keys["recommender"]}, files={"file": (deck.name, deck.read_bytes())}
    )
    assert r.status_code == 201, r.text
    draft = r.json()["id"]
    assert client.get(f"/api/drafts/{draft}/report", headers={"X-API-Key": keys["reviewer"]}).status_code == 200
    assert client.get(f"/api/drafts/{draft}", headers={"X-API-Key": keys["recommender2"]}).status_code == 404  # IDOR
    client.cookies.set("qcscreen_key", keys["recommender"])
    assert client.get(f"/web/drafts/{draft}").status_code == 200
    client.cookies.clear()
    assert (
        client.get(f"/api/drafts/{draft}", headers={"X-API-Key": "qcs_nobody_x"}).status_code == 401
    )  # nobody: not logged

    entries = _log(client, keys["admin"], resource=draft)
    seen = [(e["key_id"], e["role"], e["method"], e["route"], e["status"]) for e in entries]
    assert seen == [
        (_key_id(keys["reviewer"]), "reviewer", "GET", "/api/drafts/{draft_id}/report", 200),
        (_key_id(keys["recommender2"]), "recommender", "GET", "/api/drafts/{draft_id}", 404),
        (_key_id(keys["recommender"]), "recommender", "GET", "/web/drafts/{draft_id}", 200),
    ]
    assert all(e["resource"] == {"draft_id": draft} for e in entries)
    assert _log(client, keys["admin"], resource=draft, since="2999-01-01T00:00:00") == []  # no zone: UTC
    assert len(_log(client, keys["admin"], resource=draft, since="2020-01-01T00:00:00+08:00")) == 3
    uploads = _log(client, keys["admin"], key_id=_key_id(keys["recommender"]))
    assert uploads[0]["route"] == "/api/drafts" and uploads[0]["method"] == "POST" and uploads[0]["status"] == 201


def test_job_downloads_are_logged(client: TestClient, keys: dict[str, str]) -> None:
    staff = {"X-API-Key": keys["reviewer"]}
    job = client.post("/api/jobs", headers=staff, json={"folder": "batch", "year": 2024}).json()["id"]
    deadline = time.monotonic() + 300
    while client.get(f"/api/jobs/{job}", headers=staff).json()["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.3)
    assert client.get(f"/api/jobs/{job}/summary.xlsx", headers=staff).status_code == 200
    assert client.get(f"/api/jobs/{job}/reports/S01", headers=staff).status_code == 200
    routes = {
        (e["route"], json.dumps(e["resource"], sort_keys=True)) for e in _log(client, keys["admin"], resource=job)
    }
    assert ("/api/jobs/{job_id}/summary.xlsx", json.dumps({"job_id": job})) in routes
    assert (
        "/api/jobs/{job_id}/reports/{submission}",
        json.dumps({"job_id": job, "submission": "S01"}, sort_keys=True),
    ) in routes


def test_only_admins_read_the_log(client: TestClient, keys: dict[str, str]) -> None:
    assert client.get("/api/access-log", headers={"X-API-Key": keys["reviewer"]}).status_code == 403
    assert client.get("/api/access-log", headers={"X-API-Key": keys["recommender"]}).status_code == 403
    refused = _log(client, keys["admin"], key_id=_key_id(keys["reviewer"]))
    assert [(e["route"], e["status"]) for e in refused] == [("/api/access-log", 403)]  # the attempt is logged too


def test_the_log_is_append_only(tmp_path: Path) -> None:
    log = AccessLog(tmp_path)
    entry = AccessEntry(
        ts=datetime.now(UTC).isoformat(), key_id="k1", role="reviewer", method="GET", route="/r", status=200
    )
    log.record(entry)
    [path] = list(tmp_path.glob("access-*.jsonl"))
    first = path.read_bytes()
    log.record(entry.model_copy(update={"key_id": "k2"}))
    assert path.read_bytes().startswith(first) and len(path.read_bytes()) > len(first)
    path.write_bytes(path.read_bytes() + b'{"ts": "cut by a cra')  # a line cut by a crash is skipped
    log.record(entry.model_copy(update={"key_id": "k3"}))
    assert [e.key_id for e in log.entries()] == ["k1", "k2", "k3"]  # the cut line is skipped, k3 starts anew
    assert [e.key_id for e in log.entries(key_id="k1")] == ["k1"]


def test_retention_removes_whole_old_months(tmp_path: Path) -> None:
    log = AccessLog(tmp_path, retention_days=400)
    old, recent = tmp_path / "access-2020-01.jsonl", tmp_path / "access-2026-11.jsonl"
    for p in (old, recent):
        p.write_text("", encoding="utf-8")
    removed = log.purge(datetime(2026, 12, 5, tzinfo=UTC))
    assert removed == [old] and recent.exists() and not old.exists()


def test_the_presented_key_is_read_from_the_header_or_the_cookie() -> None:
    from service.api.audit import presented_key

    assert presented_key({"headers": [(b"x-api-key", b"qcs_a_b")]}) == "qcs_a_b"
    assert presented_key({"headers": [(b"cookie", b"theme=dark; qcscreen_key=qcs_c_d")]}) == "qcs_c_d"
    assert presented_key({"headers": [(b"cookie", b"theme=dark")]}) is None
    assert presented_key({"headers": [(b"cookie", b'\x00"bad')]}) is None
    assert presented_key({"headers": []}) is None
