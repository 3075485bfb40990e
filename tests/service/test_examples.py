"""The faces staff and experts act on, on the bundled example batch, with examples/manifest.json as the
truth (issue 14's measured acceptance): the 结论依据 of every submission in summary.xlsx against the
planted defects, hyperlinks that resolve, the batch overview's clusters, the 立项申报汇总表 cross-check
(a table written here from the manifest, with planted disagreements), and every printed page of one
report read back from the PDF (pdftoppm + text layer).

The truth comes from the generator, never from the checker; the figures here are on examples/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from nlp.steplex import step_names
from service.reports.pdf import browser, to_pdf

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MANIFEST = EXAMPLES / "manifest.json"
DOCS = ROOT / "docs"
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not MANIFEST.exists(), reason="examples not generated")]

ROSTER_MISSING = "S14"  # submitted, but left out of the 汇总表
ROSTER_WRONG_CODE = "S03"  # the 汇总表 carries another credit code than the 申报表
ROSTER_WRONG_TYPE = "S04"  # the 汇总表 says 创新型, the 申报表 ticks 问题解决型
EXTRA_ROW = ("天津某未提交材料有限公司", "降低某产品不良率")  # a row without files


def qcscreen(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("qcscreen")
    return subprocess.run(
        [str(exe), *map(str, args)], capture_output=True, text=True, env=env, timeout=1500, check=False
    )


def write_roster(path: Path, truth: list[dict[str, Any]]) -> None:
    """The recommender's 立项申报汇总表 (seed 004 附件2 columns) from the manifest, with planted disagreements."""
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.append(["2024年天津市质量攻关项目立项申报汇总表"])
    ws.append(["推荐单位(公章)：天津市某推荐单位"])
    ws.append(
        [
            "序号",
            "申报单位名称",
            "统一社会信用代码",
            "所属\n行业",
            "所在区",
            "企业规模",
            "企业\n性质",
            "项目名称",
            "课题类型\n（问题解决型、创新型）",
            "项目\n负责人及联系方式",
            "电子邮箱",
            "备注",
        ]
    )
    n = 0
    for s in truth:
        if s["submission_id"] == ROSTER_MISSING:
            continue
        n += 1
        code = s["credit_code"] if s["submission_id"] != ROSTER_WRONG_CODE else "91120000000000000X"
        kind = {"problem_solving": "问题解决型", "innovative": "创新型"}[s["type"]]
        if s["submission_id"] == ROSTER_WRONG_TYPE:
            kind = "创新型"
        ws.append(
            [
                n,
                s["company"],
                code,
                s["industry"],
                "滨海新区",
                "中型",
                "民营",
                s["title"],
                kind,
                "张三 13800000000",
                "a@b.cn",
                "",
            ]
        )
    ws.append(
        [
            n + 1,
            EXTRA_ROW[0],
            "91120000MA00000001",
            "制造",
            "西青区",
            "小型",
            "民营",
            EXTRA_ROW[1],
            "问题解决型",
            "",
            "",
            "",
        ]
    )
    wb.save(path)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("faces")
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "QCSCREEN_SEMANTIC": "0",
        "QCSCREEN_DATA_DIR": str(tmp / "data"),
        "COLUMNS": "200",
    }
    db = tmp / "corpus.sqlite"
    add = qcscreen(
        "corpus", "add", EXAMPLES / "corpus", "--manifest", EXAMPLES / "corpus" / "projects.csv", "--db", db, env=env
    )
    assert add.returncode == 0, add.stderr
    truth = json.loads(MANIFEST.read_text(encoding="utf-8"))
    subs = tmp / "submissions"
    shutil.copytree(EXAMPLES / "submissions", subs)
    write_roster(subs / "立项申报汇总表.xlsx", truth["submissions"])  # found by content beside the year folder
    out = tmp / "out"
    screen = qcscreen("screen", subs, "--year", "2024", "--db", db, "--out", out, env=env)
    assert screen.returncode == 0, screen.stderr
    return {
        "truth": {s["submission_id"]: s for s in truth["submissions"]},
        "out": out,
        "screen": screen,
        "summary": json.loads((out / "summary.json").read_text(encoding="utf-8")),
    }


def _sheet_rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    ws = load_workbook(path)[sheet]
    header = [c.value for c in ws[1]]
    return [{h: c for h, c in zip(header, row, strict=True)} for row in ws.iter_rows(min_row=2)]


def expected_basis(sub: dict[str, Any]) -> list[str]:
    """What the 结论依据 must name, from the planted truth."""
    names = step_names()
    out = [names[s] for s in sub["steps_missing"]]
    if sub.get("renamed_from"):
        out.append(sub["renamed_from"])
    if sub.get("resubmission_of"):
        out.append(sub["resubmission_of"])
    if "credit_code_invalid" in sub.get("form_defects", []):
        out.append("统一社会信用代码")
    if "project_type_double_ticked" in sub.get("form_defects", []):
        out.append("项目类型")
    return out


def test_basis_of_every_submission_names_the_planted_reasons(batch: dict[str, Any]) -> None:
    rows = {r["编号"].value: r for r in _sheet_rows(batch["out"] / "summary.xlsx", "项目汇总")}
    assert set(rows) == set(batch["truth"])
    headers = list(next(iter(rows.values())))
    assert headers.index("结论依据") == headers.index("形式审查结论") + 1  # beside the verdict
    for sid, sub in batch["truth"].items():
        basis = rows[sid]["结论依据"].value or ""
        verdict = rows[sid]["形式审查结论"].value
        assert basis.endswith("。") and "。；" not in basis and "。。" not in basis, (sid, basis)
        for word in expected_basis(sub):
            assert word in basis, f"{sid}: 结论依据 does not name {word!r}: {basis}"
        planted = {f["rule"] for f in sub["planted_findings"]}
        if planted:
            assert any(f"[{r}]" in basis for r in planted), f"{sid}: no planted rule in {basis}"
        if sub.get("clean"):
            assert verdict == "参评" and "可直接参评" in basis, (sid, verdict, basis)
        else:
            assert verdict in ("参评", "完善后参评", "不评", "需人工复核"), sid
        if verdict == "不评" and sub.get("renamed_from"):
            assert "不得抄袭" in basis or "同一项目" in basis, basis


def test_excel_links_resolve_and_sheets_print(batch: dict[str, Any]) -> None:
    path = batch["out"] / "summary.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["总览", "项目汇总", "全部相似片段"] and "汇总表核对" in wb.sheetnames
    links = [c.hyperlink.target for ws in wb for row in ws.iter_rows() for c in row if c.hyperlink is not None]
    assert len(links) >= 2 * len(batch["truth"]) + 1
    for target in links:
        assert (path.parent / target.split("#", 1)[0]).is_file(), target
    for name in ("项目汇总", "全部相似片段"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows == "$1:$1" and ws.sheet_properties.pageSetUpPr.fitToPage
    matches = _sheet_rows(path, "全部相似片段")
    assert matches and not any(h in ("本文起", "来源起") for h in matches[0])  # no character offsets
    assert all(re.match(r"^第 [\d–、]+ (张幻灯片|段|页)$|^—$", m["本文位置"].value) for m in matches)
    assert {m["来源年份"].value for m in matches} >= {"本批次", "2019"}
    assert all(m["本段占比"].number_format == "0.0%" for m in matches)
    overview = {r[0].value: r[1].value for r in wb["总览"].iter_rows() if r[0].value}
    assert overview["项目数"] == len(batch["truth"]) and overview["不评"] >= 1


def test_roster_cross_check_finds_the_planted_disagreements(batch: dict[str, Any]) -> None:
    issues = batch["summary"]["roster"]["issues"]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for i in issues:
        by_kind.setdefault(i["kind"], []).append(i)
    assert [i["submission"] for i in by_kind["files_without_row"]] == [ROSTER_MISSING]
    assert len(by_kind["row_without_files"]) == 1 and EXTRA_ROW[1] in by_kind["row_without_files"][0]["message"]
    wrong_code = {sid for sid, s in batch["truth"].items() if s.get("form_credit_code") not in (None, s["credit_code"])}
    mismatches = {(i["submission"], i["field"]) for i in by_kind["mismatch"]}
    assert mismatches == {(ROSTER_WRONG_CODE, "统一社会信用代码"), (ROSTER_WRONG_TYPE, "课题类型")} | {
        (sid, "统一社会信用代码") for sid in wrong_code
    }
    rows = {r["编号"].value: r for r in _sheet_rows(batch["out"] / "summary.xlsx", "项目汇总")}
    assert "中没有对应的行" in rows[ROSTER_MISSING]["汇总表核对"].value
    report = (batch["out"] / "reports" / f"{ROSTER_WRONG_TYPE}.html").read_text(encoding="utf-8")
    assert "立项申报汇总表核对" in report and "课题类型" in report


def test_overview_page_shows_the_planted_clusters(batch: dict[str, Any]) -> None:
    page = (batch["out"] / "index.html").read_text(encoding="utf-8")
    assert "批量预审总览" in page and "<svg" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    for sid, sub in batch["truth"].items():
        other = sub.get("mutual_copy_with")
        if other:  # the two submissions that copy each other are one cluster, linked both ways
            clusters = re.findall(r"相互关联的一组：(.*?)</li>", page)
            assert any(f">{sid}<" in c and f">{other}<" in c for c in clusters), (sid, other, clusters)
        for source in {r["source"] for r in sub["reuse"] if r["source"].startswith("P")}:
            assert f"{sid} 复制 {source}" in page, f"no edge {sid} -> {source}"
    for href in set(re.findall(r'href="([^"]+)"', page)):
        target, _, anchor = href.partition("#")
        assert (batch["out"] / target).is_file(), href
        if anchor:
            assert f'id="{anchor}"' in (batch["out"] / target).read_text(encoding="utf-8"), href


@pytest.mark.skipif(browser() is None or shutil.which("pdftoppm") is None, reason="Chromium or poppler missing")
def test_every_printed_page_names_the_submission_and_its_number(batch: dict[str, Any], tmp_path: Path) -> None:
    sid = "S06"
    pdf = to_pdf(batch["out"] / "reports" / f"{sid}.html", out_dir=tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert re.search(r"Page size:.*\(A4\)", info), info
    assert 1 < pages <= 10
    for n in range(1, pages + 1):
        png = tmp_path / f"p{n}"
        subprocess.run(
            ["pdftoppm", "-f", str(n), "-l", str(n), "-r", "50", "-png", "-singlefile", str(pdf), str(png)], check=True
        )
        assert png.with_suffix(".png").stat().st_size > 3000
        text = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert f"编号 {sid}" in text, f"page {n}: no 编号"
        assert f"第 {n} 页，共 {pages} 页" in text, f"page {n}: no page number"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tmp_path / "p1.png", ARTIFACTS / "report-print.png")
    if os.environ.get("QCSCREEN_UPDATE_DOCS") == "1":
        subprocess.run(
            ["pdftoppm", "-f", "1", "-l", "2", "-r", "70", "-png", str(pdf), str(DOCS / "report-print")], check=True
        )


COLUMN_WIDTHS = """() => {
  const narrow = [];
  for (const cell of document.querySelectorAll("table th, table td")) {
    const style = getComputedStyle(cell);
    const em = parseFloat(style.fontSize);
    const width = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);  // the text's room
    if (cell.offsetParent !== null && width < 2 * em) narrow.push([cell.tagName, cell.textContent.slice(0, 12), width, em]);
  }
  return narrow;
}"""


@pytest.mark.browser
@pytest.mark.skipif(browser() is None, reason="Chromium missing")
def test_printed_tables_keep_every_column_at_least_two_characters_wide(batch: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser(), args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = chromium.new_page(viewport={"width": 695, "height": 1000})  # A4 less the margins, at 96 dpi
            page.emulate_media(media="print")
            for sid in sorted(batch["truth"]):
                page.goto((batch["out"] / "reports" / f"{sid}.html").as_uri())
                assert page.evaluate(COLUMN_WIDTHS) == [], sid
        finally:
            chromium.close()
