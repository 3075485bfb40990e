"""The Chinese web page: server-rendered form, report page, and a real headless Chromium run."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from service.api import create_app
from service.corpus import add_projects, projects_from_manifest
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def settings(mini: dict[str, Path], tmp_path: Path) -> Settings:
    db = tmp_path / "corpus.sqlite"
    add_projects(db, projects_from_manifest(mini["manifest"]))
    return Settings(db=db, data_dir=tmp_path / "data", semantic=False)


def test_page_form_upload_and_report(settings: Settings, mini: dict[str, Path]) -> None:
    with TestClient(create_app(settings)) as c:
        key = c.app.state.services.keys.create("recommender")  # type: ignore[attr-defined]
        page = c.get("/")
        assert page.status_code == 200 and "QC 成果草稿自查" in page.text and 'name="api_key"' in page.text
        f = mini["batch"] / "S01" / "成果报告.docx"
        bad = c.post("/web/check", data={"api_key": "wrong"}, files={"file": (f.name, f.read_bytes())})
        assert bad.status_code == 401 and "API 密钥无效" in bad.text
        r = c.post("/web/check", data={"api_key": key}, files={"file": (f.name, f.read_bytes())}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/web/drafts/")
        assert "httponly" in r.headers["set-cookie"].lower()
        report = c.get(r.headers["location"])  # the cookie carries the key now
        assert report.status_code == 200 and "形式审查结论" in report.text and "2021 年某企业项目" in report.text
        assert "天津滨海精工机械有限公司" not in report.text
        unsupported = c.post("/web/check", files={"file": ("a.txt", "纯文本".encode())})
        assert unsupported.status_code == 415 and "不受支持" in unsupported.text
        assert "已使用" in c.get("/").text
        c.get("/web/logout")
        assert c.get(r.headers["location"]).status_code == 401


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_server(settings: Settings) -> Iterator[tuple[str, str]]:
    app = create_app(settings)
    key = app.state.services.keys.create("recommender", "浏览器测试")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started
    yield f"http://127.0.0.1:{port}", key
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.browser
@pytest.mark.slow
def test_browser_upload_and_read_report(live_server: tuple[str, str], mini: dict[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    base, key = live_server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="zh-CN")
            page.goto(base + "/")
            assert page.title().startswith("QC 成果草稿自查")
            page.fill("#api_key", key)
            page.set_input_files("#file", str(mini["batch"] / "S01" / "成果报告.docx"))
            page.screenshot(path=str(ARTIFACTS / "web-upload.png"), full_page=True)
            with page.expect_navigation(timeout=180_000):
                page.click("#submit")
            assert "/web/drafts/" in page.url
            page.wait_for_selector("text=形式审查结论")
            body = page.inner_text("body")
            assert "总文字复制比" in body and "2021 年某企业项目" in body
            assert "天津滨海精工机械有限公司" not in body
            assert page.locator("svg.timeline").count() == 1
            shot = ARTIFACTS / "web-report.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            if os.environ.get("QCSCREEN_UPDATE_DOCS") == "1":  # refresh the README screenshot on request only
                shutil.copyfile(shot, ROOT / "docs" / "web-page.png")
        finally:
            browser.close()
