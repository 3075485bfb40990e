"""Hostile inputs through the faces (issue 15): links and non-documents refused by `extract`, `check`,
`screen`, `corpus add` and the server's batch folders; truncation visible on stderr and in the report
JSON. Real files, the real CLI (typer's runner), the real app (TestClient)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.api import create_app
from service.cli import app
from service.settings import Settings
from tests.ingest import hostile

runner = CliRunner()


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QCSCREEN_SEMANTIC", "0")
    monkeypatch.setenv("QCSCREEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")


def invoke(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def passwd_link(tmp_path: Path) -> Path:
    link = tmp_path / "x.docx"
    link.symlink_to("/etc/passwd")
    return link


def test_extract_refuses_a_link(passwd_link: Path) -> None:
    r = invoke("extract", passwd_link)
    assert r.exit_code == 1
    assert "ingest.symlink" in r.stderr and "x.docx" in r.stderr
    assert "root:" not in r.stdout + r.stderr


def test_check_refuses_a_link_and_scores_nothing(passwd_link: Path) -> None:
    r = invoke("check", passwd_link, "--json")
    assert r.exit_code == 1
    body = json.loads(r.stdout)
    assert body["error"]["code"] == "ingest.symlink" and "score" not in body and "verdict" not in body


def test_check_refuses_text_named_pptx(tmp_path: Path) -> None:
    f = tmp_path / "成果报告.pptx"
    f.write_text(hostile.QC_TEXT, encoding="utf-8")
    r = invoke("check", f, "--json")
    assert r.exit_code == 1
    body = json.loads(r.stdout)
    assert body["error"]["code"] == "ingest.type_mismatch" and "verdict" not in body
    r = invoke("check", f)
    assert r.exit_code == 1 and "ingest.type_mismatch" in r.stderr and "纯文本" in r.stderr


def test_extract_warns_on_stderr_when_it_truncates(tmp_path: Path) -> None:
    f = tmp_path / "long.pdf"
    f.write_bytes(hostile.long_pdf(1001))
    r = invoke("extract", f)
    assert r.exit_code == 0
    assert "只读取了第 1–1000 页" in r.stderr and "long.pdf" in r.stderr
    assert "Page 1000 of the long report" in r.stdout and "Page 1001" not in r.stdout
    j = invoke("extract", f, "--json")
    assert json.loads(j.stdout)["coverage"]["page_limit"] == {"total": 1001, "read": 1000}


def test_check_json_says_which_pages_were_read(tmp_path: Path) -> None:
    f = tmp_path / "long.pdf"
    f.write_bytes(hostile.long_pdf(1001))
    r = invoke("check", f, "--json")
    assert r.exit_code == 0, r.output
    coverage = json.loads(r.stdout)["coverage"]
    assert [c["code"] for c in coverage if "第 1–1000 页" in c["message"]] == ["ingest.page_limit"]  # said once
    r = invoke("check", f, "--html", tmp_path / "r.html")
    assert "只读取了第 1–1000 页（第 1001 页未读取）" in r.stdout and "None" not in r.stdout
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count("第 1001 页未读取") == 1


@pytest.fixture
def batch_with_links(mini: dict[str, Path], tmp_path: Path) -> Path:
    """The mini batch plus: a folder linked from outside (S90), a file linked to /etc/passwd (S91.docx),
    a link inside a submission folder (S01/附件.docx), text posing as a deck (S92.pptx)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "机密.txt").write_text("外单位机密内容" * 50, encoding="utf-8")
    batch = mini["batch"]
    (batch / "S90").symlink_to(outside, target_is_directory=True)
    (batch / "S91.docx").symlink_to("/etc/passwd")
    (batch / "S01" / "附件.docx").symlink_to("/etc/passwd")
    (batch / "S92.pptx").write_text(hostile.QC_TEXT, encoding="utf-8")
    return batch


def test_screen_refuses_links_and_never_leaves_the_root(batch_with_links: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = invoke("screen", batch_with_links, "--year", "2024", "--out", out)
    assert r.exit_code == 1, r.output
    summary = (out / "summary.json").read_text(encoding="utf-8")
    assert "外单位机密内容" not in summary and "root:x:" not in summary
    data = json.loads(summary)
    codes = {(e["submission"], e["code"]) for e in data["errors"]}
    assert {("S90", "ingest.symlink"), ("S91", "ingest.symlink"), ("S01", "ingest.symlink")} <= codes
    assert ("S92", "ingest.type_mismatch") in codes
    rows = {row["submission"]: row for row in data["rows"]}
    assert rows["S01"]["verdict"]  # its real deck is still checked
    assert not rows["S92"]["verdict"] and not rows["S90"]["verdict"]
    assert "ingest.symlink" in r.stderr


def test_corpus_add_refuses_links(mini: dict[str, Path], tmp_path: Path) -> None:
    corpus = mini["corpus"]
    (corpus / "2021" / "P2021-01" / "passwd.docx").symlink_to("/etc/passwd")
    (corpus / "2099").symlink_to(tmp_path, target_is_directory=True)
    db = tmp_path / "c.sqlite"
    r = invoke("corpus", "add", corpus, "--year", "2021", "--db", db)
    assert r.exit_code == 1
    assert "ingest.symlink" in r.stderr and "passwd.docx" in r.stderr
    listing = json.loads(invoke("corpus", "list", "--db", db, "--json").stdout)
    titles = {p["title"] for p in listing}
    assert "提高焊接一次合格率" not in titles  # a batch deck, reachable only through the linked folder
    assert len(listing) == 4  # the three projects and the loose projects.csv; nothing through a link


def test_server_batch_folders_never_offer_a_link(mini: dict[str, Path], tmp_path: Path) -> None:
    root = tmp_path / "roots"
    root.mkdir()
    (root / "2024").symlink_to(mini["batch"], target_is_directory=True)
    (root / "real").mkdir()
    settings = Settings(db=tmp_path / "none.sqlite", data_dir=tmp_path / "data", batch_root=root, semantic=False)
    with TestClient(create_app(settings)) as client:
        key = client.app.state.services.keys.create("reviewer", "预审")  # type: ignore[attr-defined]
        r = client.get("/api/jobs/folders", headers={"X-API-Key": key})
        assert r.json() == {"folders": ["real"]}
        r = client.post("/api/jobs", headers={"X-API-Key": key}, json={"folder": "2024", "year": 2024})
        assert r.status_code == 404
