"""Every route and role through FastAPI's TestClient; redaction for recommenders asserted."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.corpus import add_projects, projects_from_manifest
from service.settings import Settings

SOURCE_COMPANY = "天津滨海精工机械有限公司"  # company of P2021-01, which S01 copies


@pytest.fixture
def settings(mini: dict[str, Path], tmp_path: Path) -> Settings:
    db = tmp_path / "corpus.sqlite"
    outcome = add_projects(db, projects_from_manifest(mini["manifest"]))
    assert len(outcome.added) == 3
    return Settings(
        db=db, data_dir=tmp_path / "data", batch_root=mini["tmp"], semantic=False, max_upload_bytes=2 * 1024 * 1024
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def keys(client: TestClient) -> dict[str, str]:
    ks = client.app.state.services.keys  # type: ignore[attr-defined]
    return {r: ks.create(r, f"测试{r}") for r in ("admin", "reviewer", "recommender")} | {
        "recommender2": ks.create("recommender", "另一家")
    }


def h(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def upload(client: TestClient, key: str, path: Path, name: str | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/drafts",
        headers=h(key),
        files={"file": (name or path.name, path.read_bytes(), "application/octet-stream")},
    )


def assert_error(r, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["status"] == status and body["message"] and not body["message"].isascii()
    return body


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    schema = client.get("/openapi.json").json()
    assert "/api/drafts" in schema["paths"] and "/api/jobs/{job_id}" in schema["paths"]
    assert client.get("/docs").status_code == 200


def test_auth_roles(client: TestClient, keys: dict[str, str]) -> None:
    assert_error(client.get("/api/me"), 401)
    assert_error(client.get("/api/me", headers=h("qcs_nope_secret")), 401)
    assert_error(client.get("/api/me", headers=h(keys["reviewer"][:-2] + "xx")), 401)
    for role in ("admin", "reviewer", "recommender"):
        assert client.get("/api/me", headers=h(keys[role])).json()["role"] == role
    # keys are stored hashed: the secret never appears in the key file
    raw = client.app.state.services.settings.keys_path.read_bytes()  # type: ignore[attr-defined]
    assert keys["reviewer"].split("_", 2)[2].encode() not in raw


def test_recommender_sees_redacted_report_reviewer_sees_both_sides(
    client: TestClient, keys: dict[str, str], mini: dict[str, Path]
) -> None:
    r = upload(client, keys["recommender"], mini["batch"] / "S01" / "成果报告.docx")
    assert r.status_code == 201, r.text
    d = r.json()
    assert d["check"]["verdict"] and d["similarity"]["total_copy_ratio"] > 0.5
    text = r.text
    assert SOURCE_COMPANY not in text and "P2021-01" not in text and "owner" not in d
    top = d["similarity"]["sources"][0]
    assert (
        top["source"]["label"] == "2021 年某企业项目"
        and top["source"]["company"] is None
        and top["source"]["title"] is None
    )
    assert top["copy_ratio"] > 0.5 and d["similarity"]["redacted"] is True
    other_side = {"b_text", "b_start", "b_end", "b_pages"}  # no text, offsets or pages of the other document
    assert all(not other_side & set(p) for s in d["similarity"]["sources"] for p in s["passages"])
    assert any(p["a_text"] for p in top["passages"])  # the submission's own text is shown
    html = client.get(f"/api/drafts/{d['id']}/report", headers=h(keys["recommender"]))
    assert html.status_code == 200 and "2021 年某企业项目" in html.text and SOURCE_COMPANY not in html.text
    # the same draft for a reviewer: both sides, source named
    rv = client.get(f"/api/drafts/{d['id']}", headers=h(keys["reviewer"])).json()
    top = rv["similarity"]["sources"][0]
    assert top["source"]["company"] == SOURCE_COMPANY and top["source"]["project_id"] == "P2021-01"
    assert any(p["b_text"] for p in top["passages"])
    assert SOURCE_COMPANY in client.get(f"/api/drafts/{d['id']}/report", headers=h(keys["reviewer"])).text
    # another recommender cannot see it at all
    assert_error(client.get(f"/api/drafts/{d['id']}", headers=h(keys["recommender2"])), 404)
    assert_error(client.get(f"/api/drafts/{d['id']}/report", headers=h(keys["recommender2"])), 404)


def test_upload_stored_under_random_name_and_deleted(
    client: TestClient, keys: dict[str, str], mini: dict[str, Path], settings: Settings
) -> None:
    r = upload(client, keys["recommender"], mini["batch"] / "S02" / "成果报告.docx", name="../../etc/passwd.docx")
    assert r.status_code == 201
    d = r.json()
    assert d["file"] == "passwd.docx"
    names = [p.name for p in settings.drafts_dir.iterdir()]
    assert names and all(n.startswith(d["id"]) for n in names) and not any("passwd" in n for n in names)
    assert not (settings.data_dir.parent / "etc").exists()
    assert_error(client.delete(f"/api/drafts/{d['id']}", headers=h(keys["recommender2"])), 404)
    assert client.delete(f"/api/drafts/{d['id']}", headers=h(keys["recommender"])).status_code == 204
    assert_error(client.get(f"/api/drafts/{d['id']}", headers=h(keys["recommender"])), 404)
    assert list(settings.drafts_dir.iterdir()) == []


def test_drafts_expire_after_retention(
    client: TestClient, keys: dict[str, str], mini: dict[str, Path], settings: Settings
) -> None:
    d = upload(client, keys["recommender"], mini["batch"] / "S02" / "成果报告.docx").json()
    old = time.time() - settings.draft_retention_hours * 3600 - 60
    for p in settings.drafts_dir.iterdir():
        os.utime(p, (old, old))
    assert_error(client.get(f"/api/drafts/{d['id']}", headers=h(keys["reviewer"])), 404)
    client.app.state.services.drafts.purge()  # type: ignore[attr-defined]
    assert list(settings.drafts_dir.iterdir()) == []


def test_upload_errors(client: TestClient, keys: dict[str, str], mini: dict[str, Path], tmp_path: Path) -> None:
    k = keys["recommender"]
    assert_error(upload(client, k, mini["batch"] / "S04.txt"), 415)
    assert_error(
        client.post("/api/drafts", headers=h(k), files={"file": ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)}), 415
    )
    assert_error(client.post("/api/drafts", headers=h(k), files={"file": ("empty.pptx", b"")}), 422)
    assert_error(
        client.post("/api/drafts", headers=h(k), files={"file": ("bad.pptx", b"PK\x03\x04" + b"\x00" * 64)}), 422
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<<<not xml")
    body = assert_error(client.post("/api/drafts", headers=h(k), files={"file": ("broken.docx", buf.getvalue())}), 422)
    assert "broken.docx" in body["message"]
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024))
    assert_error(upload(client, k, big), 413)
    assert_error(client.post("/api/drafts", headers=h(k)), 422)  # no file
    assert_error(client.post("/api/drafts", files={"file": ("a.docx", b"x")}), 401)


def test_jobs_folder_and_upload(client: TestClient, keys: dict[str, str], mini: dict[str, Path]) -> None:
    assert_error(client.get("/api/jobs/folders", headers=h(keys["recommender"])), 403)
    folders = client.get("/api/jobs/folders", headers=h(keys["reviewer"])).json()["folders"]
    assert "batch" in folders
    assert_error(client.post("/api/jobs", headers=h(keys["reviewer"]), json={"folder": "../batch", "year": 2024}), 404)
    assert_error(client.post("/api/jobs", headers=h(keys["reviewer"]), json={"folder": "batch"}), 422)
    r = client.post("/api/jobs", headers=h(keys["reviewer"]), json={"folder": "batch", "year": 2024})
    assert r.status_code == 202, r.text
    job = wait_job(client, keys["reviewer"], r.json()["id"])
    assert job["status"] == "done", job
    rows = {row["submission"]: row for row in job["rows"]}
    assert rows["S01"]["total_copy_ratio"] > 0.5
    x = client.get(f"/api/jobs/{job['id']}/summary.xlsx", headers=h(keys["reviewer"]))
    assert x.status_code == 200 and x.content[:2] == b"PK"
    s = client.get(f"/api/jobs/{job['id']}/summary.json", headers=h(keys["admin"])).json()
    assert s["submissions"] == 4
    rep = client.get(f"/api/jobs/{job['id']}/reports/S01", headers=h(keys["reviewer"]))
    assert rep.status_code == 200 and SOURCE_COMPANY in rep.text
    assert_error(client.get(f"/api/jobs/{job['id']}/reports/..%2Fsummary.json", headers=h(keys["reviewer"])), 404)
    assert_error(client.get(f"/api/jobs/{job['id']}", headers=h(keys["recommender"])), 403)
    assert_error(client.get("/api/jobs/unknown-job-id-123456", headers=h(keys["reviewer"])), 404)
    assert any(j["id"] == job["id"] for j in client.get("/api/jobs", headers=h(keys["reviewer"])).json()["jobs"])
    overview = client.get(f"/api/jobs/{job['id']}/index.html", headers=h(keys["reviewer"]))
    assert (
        overview.status_code == 200 and "批量预审总览" in overview.text and 'href="reports/S01.html"' in overview.text
    )
    assert SOURCE_COMPANY in client.get(f"/api/jobs/{job['id']}/reports/S01.html", headers=h(keys["reviewer"])).text
    files = [("files", (f"{n}.docx", (mini["batch"] / n / "成果报告.docx").read_bytes())) for n in ("S01", "S02")]
    roster = (
        "roster",
        ("汇总表.xlsx", _roster_xlsx(["降低冲压线故障停机次数", "提高焊接一次合格率", "没有材料的项目"])),
    )
    r = client.post("/api/jobs/upload", headers=h(keys["reviewer"]), files=[*files, roster], data={"year": "2024"})
    assert r.status_code == 202, r.text
    job = wait_job(client, keys["reviewer"], r.json()["id"])
    assert job["status"] == "done" and len(job["rows"]) == 2 and set(job["names"].values()) == {"S01.docx", "S02.docx"}
    summary = client.get(f"/api/jobs/{job['id']}/summary.json", headers=h(keys["reviewer"])).json()
    assert [i["kind"] for i in summary["roster"]["issues"]] == ["row_without_files"]


def _roster_xlsx(titles: list[str]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.append(["序号", "申报单位名称", "统一社会信用代码", "项目名称", "课题类型（问题解决型、创新型）"])
    for i, t in enumerate(titles, start=1):
        ws.append([i, f"单位{i}", "", t, "问题解决型"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def wait_job(client: TestClient, key: str, job_id: str, limit_s: float = 300) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}", headers=h(key)).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.5)
    raise AssertionError("job did not finish")


def test_job_output_before_done_is_409(client: TestClient, keys: dict[str, str], mini: dict[str, Path]) -> None:
    r = client.post("/api/jobs", headers=h(keys["reviewer"]), json={"folder": "batch", "year": 2024})
    jid = r.json()["id"]
    first = client.get(f"/api/jobs/{jid}/summary.xlsx", headers=h(keys["reviewer"]))
    assert first.status_code in (200, 409)
    wait_job(client, keys["reviewer"], jid)


def test_corpus_routes(client: TestClient, keys: dict[str, str], mini: dict[str, Path]) -> None:
    assert_error(client.get("/api/corpus", headers=h(keys["recommender"])), 403)
    listing = client.get("/api/corpus", headers=h(keys["reviewer"])).json()
    assert listing["count"] == 3
    f = ("files", ("x.docx", (mini["batch"] / "S02" / "成果报告.docx").read_bytes()))
    assert_error(client.post("/api/corpus", headers=h(keys["reviewer"]), files=[f], data={"year": "2020"}), 403)
    r = client.post(
        "/api/corpus",
        headers=h(keys["admin"]),
        files=[f],
        data={"year": "2020", "company": "新增公司", "title": "提高焊接一次合格率"},
    )
    assert r.status_code == 201, r.text
    pid = r.json()["project_id"]
    assert client.get("/api/corpus", headers=h(keys["admin"]), params={"year": 2020}).json()["count"] == 1
    # a year no project can have is a validation error, not a database overflow (found by test_schema's fuzzing)
    for year in (10**27, 1800):
        assert_error(client.get("/api/corpus", headers=h(keys["admin"]), params={"year": year}), 422)
    # the corpus change is seen by the next draft check: S02 now matches the new project
    d = upload(client, keys["reviewer"], mini["batch"] / "S02" / "成果报告.docx").json()
    assert d["similarity"]["max_source"]["project_id"] == pid
    assert_error(client.delete(f"/api/corpus/{pid}", headers=h(keys["reviewer"])), 403)
    assert client.delete(f"/api/corpus/{pid}", headers=h(keys["admin"])).status_code == 204
    assert_error(client.delete(f"/api/corpus/{pid}", headers=h(keys["admin"])), 404)


def test_validation_errors_are_chinese_json(client: TestClient, keys: dict[str, str]) -> None:
    r = client.post(
        "/api/jobs", headers={**h(keys["reviewer"]), "content-type": "application/json"}, content=b"{not json"
    )
    body = assert_error(r, 422)
    assert body["code"] == "request.invalid"
    assert json.loads(r.text)["error"]["message"].startswith("请求参数不正确")
