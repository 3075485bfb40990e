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
from service.api.deps import KEY_COOKIE
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
    return Settings(db=db, data_dir=tmp_path / "data", batch_root=mini["tmp"], semantic=False)


def test_page_form_upload_and_report(settings: Settings, mini: dict[str, Path]) -> None:
    with TestClient(create_app(settings)) as c:
        key = c.app.state.services.keys.create("recommender")  # type: ignore[attr-defined]
        page = c.get("/")
        assert page.status_code == 200 and "QC 成果草稿自查" in page.text and 'name="api_key"' in page.text
        f = mini["batch"] / "S01" / "成果报告.docx"
        bad = c.post("/web/check", data={"api_key": "wrong"}, files={"file": (f.name, f.read_bytes())})
        assert bad.status_code == 401 and "API 密钥无效" in bad.text
        r = c.post(
            "/web/check", data={"api_key": key}, files={"file": (f.name, f.read_bytes())}, follow_redirects=False
        )
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
def live_server(settings: Settings) -> Iterator[tuple[str, str, str]]:
    app = create_app(settings)
    key = app.state.services.keys.create("recommender", "浏览器测试")
    reviewer_key = app.state.services.keys.create("reviewer", "浏览器测试")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started
    yield f"http://127.0.0.1:{port}", key, reviewer_key
    server.should_exit = True
    thread.join(timeout=10)


def _shot(page, name: str, *, full_page: bool = False) -> Path:  # type: ignore[no-untyped-def]
    """A screenshot into tests/artifacts, and into docs/ when QCSCREEN_UPDATE_DOCS=1 (the README shows them)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / name
    page.screenshot(path=str(shot), full_page=full_page)
    assert shot.stat().st_size > 10_000
    if os.environ.get("QCSCREEN_UPDATE_DOCS") == "1":
        shutil.copyfile(shot, ROOT / "docs" / name)
    return shot


@pytest.mark.browser
@pytest.mark.slow
def test_browser_upload_with_progress_then_redacted_and_reviewer_views(
    live_server: tuple[str, str, str], mini: dict[str, Path]
) -> None:
    from playwright.sync_api import sync_playwright

    base, key, reviewer_key = live_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="zh-CN")
            page.goto(base + "/")
            assert page.title().startswith("QC 成果草稿自查")
            page.fill("#api_key", key)
            page.set_input_files("#file", str(mini["batch"] / "S01" / "成果报告.docx"))
            page.set_input_files("#record", str(mini["batch"] / "S02" / "成果报告.docx"))
            # Hold the submission after the page's own submit handler ran, to see the state it shows while
            # a draft is checked (Playwright cannot read a page whose navigation is pending), then send it.
            page.evaluate("document.getElementById('upload').addEventListener('submit', e => e.preventDefault())")
            page.click("#start")
            page.wait_for_selector("#busy", state="visible", timeout=10_000)
            assert page.is_disabled("#start") and "正在检查" in page.inner_text("#start")
            _shot(page, "web-upload-progress.png")
            with page.expect_navigation(timeout=180_000):
                page.evaluate("document.getElementById('upload').submit()")
            assert "/web/drafts/" in page.url
            page.wait_for_selector("text=形式审查结论")
            body = page.inner_text("body")
            assert "总文字复制比" in body and "来源：2021 年某企业项目" in body and "实施记录：成果报告.docx" in body
            assert "天津滨海精工机械有限公司" not in body
            assert page.locator("svg.timeline").count() == 1
            assert page.locator(".pair").count() == 0 and page.locator(".single").count() >= 1  # one column
            _shot(page, "web-page.png")
            page.locator("h2", has_text="相似性检测").scroll_into_view_if_needed()
            _shot(page, "web-redacted.png")
            # the same draft seen by a reviewer: both sides, the source named
            staff = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
            staff.add_cookies([{"name": KEY_COOKIE, "value": reviewer_key, "url": base}])
            view = staff.new_page()
            view.goto(page.url)
            assert "天津滨海精工机械有限公司" in view.inner_text("body") and view.locator(".pair").count() >= 1
            view.locator("h2", has_text="相似性检测").scroll_into_view_if_needed()
            _shot(view, "web-reviewer.png")
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.slow
def test_browser_batch_job_overview_links_every_node_to_its_report(live_server: tuple[str, str, str]) -> None:
    from playwright.sync_api import sync_playwright

    base, _, reviewer_key = live_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 1000}, locale="zh-CN")
            context.add_cookies([{"name": KEY_COOKIE, "value": reviewer_key, "url": base}])
            page = context.new_page()
            page.goto(base + "/web/jobs")
            page.select_option("#folder", "batch")
            page.fill("#year", "2024")
            page.click("button[type=submit]")
            page.wait_for_url("**/index.html", timeout=300_000)  # the progress page refreshes itself until done
            assert "批量预审总览" in page.inner_text("body")
            nodes = page.locator("svg.graph a")
            assert nodes.count() >= 2  # S01 and the source it copies
            _shot(page, "batch-overview.png", full_page=True)
            for href in {nodes.nth(i).get_attribute("href") for i in range(nodes.count())}:
                assert href
                target = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href.split("#", 1)[0])
                assert target.ok and "形式审查结论" in target.text(), href
        finally:
            browser.close()
