"""The command line through typer's CliRunner, on real files (DOCX/TXT written by the fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import ingest
from service import stages
from service.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QCSCREEN_SEMANTIC", "0")  # the copy stage is what these tests check; fast
    monkeypatch.setenv("QCSCREEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def corpus_db(mini: dict[str, Path]) -> Path:
    db = mini["tmp"] / "corpus.sqlite"
    r = invoke("corpus", "add", mini["corpus"], "--manifest", mini["manifest"], "--db", db)
    assert r.exit_code == 0, r.output
    return db


def test_extract_prints_document_text_exactly(mini: dict[str, Path]) -> None:
    f = mini["batch"] / "S02" / "成果报告.docx"
    r = invoke("extract", f)
    assert r.exit_code == 0
    assert r.stdout == ingest.read(f).text


def test_extract_txt_is_the_file_text(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    text = "一、选择课题\n选题理由：包装线故障频发。\n二、现状调查"
    f.write_text(text, encoding="utf-8")
    r = invoke("extract", f)
    assert r.exit_code == 0
    assert r.stdout == text


def test_extract_json_is_the_document_model(mini: dict[str, Path]) -> None:
    f = mini["batch"] / "S02" / "成果报告.docx"
    r = invoke("extract", f, "--json")
    assert r.exit_code == 0
    d = json.loads(r.stdout)
    assert d["format"] == "docx" and d["blocks"] and d["text"] == ingest.read(f).text


def test_unreadable_file_exit_1_with_code_name_and_chinese_message(tmp_path: Path) -> None:
    bad = tmp_path / "损坏的成果.pptx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    r = invoke("extract", bad)
    assert r.exit_code == 1
    assert "ingest.corrupt" in r.stderr and "损坏的成果.pptx" in r.stderr and "无法读取" in r.stderr
    r = invoke("check", bad, "--json")
    assert r.exit_code == 1
    assert json.loads(r.stdout)["error"]["code"] == "ingest.corrupt"


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    r = invoke("check", tmp_path / "nope.docx")
    assert r.exit_code == 2
    assert "文件不存在" in r.stderr


def test_check_json_schema_1_and_rich_summary(mini: dict[str, Path]) -> None:
    f = mini["batch"] / "S03" / "成果报告.docx"
    r = invoke("check", f, "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["schema"] == 1 and d["file"] == "成果报告.docx"
    for key in ("project_type", "steps", "fivew1h", "tools", "findings", "score", "verdict"):
        assert key in d
    missing = {s["id"] for s in d["steps"] if not s["present"]}
    assert {"cause_analysis", "main_causes"} <= missing
    r = invoke("check", f)
    assert r.exit_code == 0
    assert "形式审查结论" in r.stdout and "PDCA 步骤" in r.stdout and "原因分析" in r.stdout
    assert "置信度" in r.stdout and f"归入步骤的文字占 {d['structure']['coverage']:.0%}（置信步骤" in r.stdout


def test_compare_offsets_point_into_extract_text(mini: dict[str, Path]) -> None:
    a = mini["batch"] / "S01" / "成果报告.docx"
    b = mini["corpus"] / "2021" / "P2021-01" / "成果报告.docx"
    r = invoke("compare", a, b, "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["schema"] == 1 and d["copy_ratio_a"] > 0.5 and d["passages"]
    ta, tb = invoke("extract", a).stdout, invoke("extract", b).stdout
    copies = [p for p in d["passages"] if p["kind"] == "copy"]
    assert copies
    p = max(copies, key=lambda p: p["a_end"] - p["a_start"])
    assert ta[p["a_start"] : p["a_end"]] == tb[p["b_start"] : p["b_end"]]
    assert "复制" in invoke("compare", a, b).stdout


def test_corpus_add_list_remove(mini: dict[str, Path], corpus_db: Path) -> None:
    r = invoke("corpus", "list", "--db", corpus_db, "--json")
    projects = json.loads(r.stdout)
    assert {p["project_id"] for p in projects} == {"P2021-01", "P2022-01", "P2023-01"}
    assert {p["company"] for p in projects} >= {"天津港通物流有限公司"}
    # a loose file with --year (no manifest)
    r = invoke("corpus", "add", mini["batch"] / "S04.txt", "--year", "2020", "--company", "测试公司", "--db", corpus_db)
    assert r.exit_code == 0, r.output
    projects = json.loads(invoke("corpus", "list", "--db", corpus_db, "--json").stdout)
    added = [p for p in projects if p["year"] == 2020]
    assert len(added) == 1 and added[0]["company"] == "测试公司"
    r = invoke("corpus", "remove", added[0]["project_id"], "--db", corpus_db)
    assert r.exit_code == 0 and "已移除" in r.stdout
    assert invoke("corpus", "remove", "NOPE", "--db", corpus_db).exit_code == 2
    assert "P2022-01" in invoke("corpus", "list", "--db", corpus_db).stdout


def test_corpus_add_without_year_or_manifest_is_usage_error(mini: dict[str, Path], tmp_path: Path) -> None:
    r = invoke("corpus", "add", mini["corpus"], "--db", tmp_path / "x.sqlite")
    assert r.exit_code == 2 and "--year" in r.stderr


def test_similar_finds_the_copied_source(mini: dict[str, Path], corpus_db: Path) -> None:
    r = invoke("similar", mini["batch"] / "S01" / "成果报告.docx", "--db", corpus_db, "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["total_copy_ratio"] > 0.5
    assert d["max_source"]["project_id"] == "P2021-01"
    assert d["semantic_checked"] is False
    r = invoke("similar", mini["batch"] / "S01" / "成果报告.docx", "--db", corpus_db)
    assert "总文字复制比" in r.stdout and "跳过语义比对阶段" in r.stderr


def test_similar_without_corpus_is_setup_error(mini: dict[str, Path], tmp_path: Path) -> None:
    r = invoke("similar", mini["batch"] / "S04.txt", "--db", tmp_path / "none.sqlite")
    assert r.exit_code == 2 and "语料库不存在" in r.stderr


def test_screen_writes_outputs_and_flags_copy_and_missing_steps(mini: dict[str, Path], corpus_db: Path) -> None:
    out = mini["tmp"] / "out"
    r = invoke("screen", mini["batch"], "--year", "2024", "--db", corpus_db, "--out", out)
    assert r.exit_code == 0, r.output
    assert "预审汇总" in r.stdout
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = {row["submission"]: row for row in summary["rows"]}
    assert set(rows) == {"S01", "S02", "S03", "S04"}
    assert rows["S01"]["total_copy_ratio"] > 0.5 and "P2021" not in (rows["S02"]["max_source"] or "")
    assert "降低冲压线故障停机次数" in rows["S01"]["max_source"]
    assert {"原因分析", "确定主要原因"} <= set(rows["S03"]["steps_missing"])
    for sid in rows:
        html = (out / "reports" / f"{sid}.html").read_text(encoding="utf-8")
        assert (
            "形式审查结论" in html
            and "<svg" in html
            and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
        )
    wb = load_workbook(out / "summary.xlsx")
    ws = wb["项目汇总"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    headers = [c.value for c in ws[1]]
    for h in (
        "申报单位",
        "项目名称",
        "缺少的步骤",
        "5W1H 对策表",
        "初评得分",
        "形式审查结论",
        "总文字复制比",
        "单篇最大文字复制比",
        "雷同（疑似同一项目）",
    ):
        assert h in headers
    assert ws.conditional_formatting
    matches = wb["全部相似片段"]
    assert matches.max_row > 1 and any(c.value == "S01" for c in matches["A"])
    overview = (out / "index.html").read_text(encoding="utf-8")
    assert "批量预审总览" in overview and "S01 复制 P2021-01" in overview and 'href="reports/S01.html"' in overview
    assert "批次总览" in r.stdout


def test_screen_resumes_after_interruption(
    mini: dict[str, Path], corpus_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = mini["tmp"] / "out"
    real_check = stages.check
    calls: list[str] = []

    def interrupted(doc, **kw):  # type: ignore[no-untyped-def]
        calls.append(doc.filename)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_check(doc, **kw)

    monkeypatch.setattr(stages, "check", interrupted)
    monkeypatch.setenv("QCSCREEN_BATCH_WORKERS", "1")  # the patched check runs in this process
    r = invoke("screen", mini["batch"], "--year", "2024", "--db", corpus_db, "--out", out)
    assert r.exit_code != 0
    assert len(list((out / ".state").glob("*.json"))) >= 2
    calls.clear()
    r = invoke("screen", mini["batch"], "--year", "2024", "--db", corpus_db, "--out", out)
    assert r.exit_code == 0, r.output
    assert len(calls) == 2  # the two finished submissions were not checked again
    assert "恢复 2 个" in r.stderr
    calls.clear()
    (mini["batch"] / "S04.txt").write_text("修改后的内容\n一、选择课题\n降低注塑件缩痕缺陷。", encoding="utf-8")
    r = invoke("screen", mini["batch"], "--year", "2024", "--db", corpus_db, "--out", out)
    assert calls == ["S04.txt"]  # changed file bytes → redone


def test_screen_corrupt_input_fails_cleanly(mini: dict[str, Path], corpus_db: Path) -> None:
    (mini["batch"] / "S05").mkdir()
    (mini["batch"] / "S05" / "成果报告.pptx").write_bytes(b"PK\x03\x04garbage" * 10)
    out = mini["tmp"] / "out"
    r = invoke("screen", mini["batch"], "--year", "2024", "--db", corpus_db, "--out", out)
    assert r.exit_code == 1
    assert "S05/成果报告.pptx" in r.stderr and "ingest.corrupt" in r.stderr and "无法读取" in r.stderr
    rows = {row["submission"]: row for row in json.loads((out / "summary.json").read_text(encoding="utf-8"))["rows"]}
    assert set(rows) == {"S01", "S02", "S03", "S04", "S05"}
    assert rows["S05"]["read_errors"] and rows["S01"]["verdict"]


def test_screen_missing_dir_is_usage_error(tmp_path: Path) -> None:
    r = invoke("screen", tmp_path / "none", "--year", "2024", "--out", tmp_path / "o")
    assert r.exit_code == 2


def test_keys_add_list_remove(tmp_path: Path) -> None:
    r = invoke("keys", "add", "--role", "reviewer", "--name", "预审组")
    assert r.exit_code == 0
    key = r.stdout.strip().splitlines()[-1]
    assert key.startswith("qcs_")
    listing = invoke("keys", "list").stdout
    key_id = key.split("_")[1]
    assert key_id in listing and "reviewer" in listing and key not in listing
    assert invoke("keys", "add", "--role", "boss").exit_code == 2
    assert invoke("keys", "remove", key_id).exit_code == 0
    assert key_id not in invoke("keys", "list").stdout


def test_unknown_rubric_is_usage_error(mini: dict[str, Path]) -> None:
    r = invoke("check", mini["batch"] / "S04.txt", "--rubric", "no-such-rubric")
    assert r.exit_code == 2 and "评分标准" in r.stderr
    ok = invoke("check", mini["batch"] / "S04.txt", "--rubric", "caq-2020-problem-solving", "--json")
    assert ok.exit_code == 0 and json.loads(ok.stdout)["score"]["rubric"] == "caq-2020-problem-solving"


def test_model_verify_names_the_make_target(tmp_path: Path) -> None:
    r = invoke("model", "verify", "--dir", tmp_path / "none")
    assert r.exit_code == 2 and "make model" in r.stderr and "qcscreen model build" in r.stderr


ENGLISH_CLICK = (
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "[required]",
    "Missing",
    "Error",
    "Try ",
    "No such",
    "Invalid value",
    "Got unexpected",
)


@pytest.mark.parametrize(
    "args", [("--help",), ("check", "--help"), ("screen", "--help"), ("corpus", "add", "--help"), ("model", "--help")]
)
def test_help_is_chinese(args: tuple[str, ...]) -> None:
    r = invoke(*args)
    assert r.exit_code == 0 and "用法：" in r.stdout
    for english in ENGLISH_CLICK:
        assert english not in r.stdout, english


@pytest.mark.parametrize(
    ("args", "chinese"),
    [
        (("screen", "x"), "缺少选项 '--year'"),
        (("screen", "x", "--year", "abc", "--out", "o"), "应为整数"),
        (("check",), "缺少参数"),
        (("check", "a", "b"), "多余的参数"),
        (("check", "a", "--bogus"), "没有选项 --bogus"),
        (("nope",), "没有命令"),
    ],
)
def test_usage_errors_are_chinese(args: tuple[str, ...], chinese: str) -> None:
    r = invoke(*args)
    assert r.exit_code == 2 and chinese in r.output, r.output
    for english in ENGLISH_CLICK:
        assert english not in r.output, english


def test_rubric_help_lists_the_ids() -> None:
    from nlp.rubric import available

    text = invoke("check", "--help").stdout.replace("\n", "").replace("│", "").replace(" ", "")
    assert all(rid in text for rid in available())


def test_check_with_form_and_record_writes_the_html_report(mini: dict[str, Path], tmp_path: Path) -> None:
    deck = mini["batch"] / "S03" / "成果报告.docx"
    out = tmp_path / "报告.html"
    r = invoke("check", deck, "--record", mini["batch"] / "S04.txt", "--html", out)
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "形式审查结论" in page and "实施记录：S04.txt" in page and "主文件：成果报告.docx" in page
    assert str(out) in r.stderr
    missing = invoke("check", deck, "--form", tmp_path / "none.docx")
    assert missing.exit_code == 2 and "文件不存在" in missing.stderr


def test_similar_prints_its_longest_passages_and_how_to_get_all(mini: dict[str, Path], corpus_db: Path) -> None:
    r = invoke("similar", mini["batch"] / "S01" / "成果报告.docx", "--db", corpus_db)
    assert r.exit_code == 0, r.output
    assert "相似片段" in r.stdout and "来源：2021 年" in r.stdout and "第 " in r.stdout
    assert "正在加载语料库" in r.stderr and "比对完成" in r.stderr
    full = invoke("similar", mini["batch"] / "S01" / "成果报告.docx", "--db", corpus_db, "--all")
    assert "查看全部" not in full.stdout
    if "查看全部" in r.stdout:
        assert "--all" in r.stdout and "--json" in r.stdout and full.stdout.count("• ") > r.stdout.count("• ")


def test_piped_output_never_truncates(mini: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    r = invoke("check", mini["batch"] / "S03" / "成果报告.docx")
    assert r.exit_code == 0 and "…" not in r.stdout


def _summary(out: Path) -> dict[str, object]:
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in ("generated_at", "created_at")}


def test_screen_on_two_workers_equals_in_process(
    mini: dict[str, Path], corpus_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("QCSCREEN_BATCH_WORKERS", workers)
        outs[workers] = mini["tmp"] / f"out{workers}"
        r = invoke("screen", mini["batch"], "--year", "2024", "--db", corpus_db, "--out", outs[workers])
        assert r.exit_code == 0, r.output
    assert _summary(outs["1"]) == _summary(outs["2"])
    rows = {r["submission"]: r for r in _summary(outs["2"])["rows"]}  # type: ignore[union-attr]
    assert rows["S01"]["total_copy_ratio"] > 0.5
