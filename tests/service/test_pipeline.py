"""The pieces behind the faces: submission discovery, the semantic fallback, redaction, reports."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from index.report import SimilarityReport
from nlp.report import CheckReport, StepReport, StructureReport
from nlp.rubric import Score
from service import semantic, stages
from service.discover import discover
from service.labels import band
from service.redact import redact_similarity
from service.reports import excel, html
from service.reports.pdf import browser, to_pdf
from service.results import BatchSummary, MatchRow, SummaryRow
from service.settings import Settings


def test_discover_folders_groups_and_loose_files(tmp_path: Path) -> None:
    root = tmp_path / "subs"
    (root / "2024" / "S01").mkdir(parents=True)
    (root / "2024" / "S01" / "成果报告.pptx").write_bytes(b"x")
    (root / "2024" / "S01" / "申报表.docx").write_bytes(b"x")
    (root / "2024" / "S01" / "~$成果报告.pptx").write_bytes(b"x")  # Office lock file
    (root / "2024" / "S02").mkdir()
    (root / "2024" / "S02" / "实施记录.docx").write_bytes(b"x")
    (root / "2024" / "loose.pdf").write_bytes(b"x")
    (root / ".state").mkdir()
    (root / ".state" / "x.json").write_text("{}")
    subs = {s.id: [p.name for p in s.files] for s in discover(root)}
    assert subs == {"S01": ["成果报告.pptx", "申报表.docx"], "S02": ["实施记录.docx"], "loose": ["loose.pdf"]}


class _FakeScreener:
    def __init__(self, encoder: Any) -> None:
        self.encoder = encoder

    def similar(self, doc: Any, **kw: Any) -> SimilarityReport:
        if self.encoder is not None:
            raise RuntimeError("dense index broken")
        return SimilarityReport(file="a", chars=1, total_copy_ratio=0.0, max_single_source_ratio=0.0)


def test_semantic_failure_falls_back_to_copy_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sim = stages.Similarity(tmp_path / "c.sqlite", encoder=object())  # type: ignore[arg-type]
    monkeypatch.setattr(stages.Similarity, "_make", lambda self, enc: _FakeScreener(enc))
    with pytest.raises(RuntimeError):  # strict (tests): a bug propagates
        sim.similar(object())  # type: ignore[arg-type]
    monkeypatch.delenv("QCSCREEN_STRICT")
    outcome = sim.similar(object())  # type: ignore[arg-type]
    assert outcome.report.total_copy_ratio == 0.0
    assert "语义比对阶段出错" in (outcome.semantic_error or "") and "RuntimeError" in (outcome.semantic_error or "")


def test_encoder_missing_message_says_how_to_enable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "model_available", lambda cache_dir=None: False)  # stages re-exports it
    state = stages.load_semantic_encoder(Settings(semantic=True))
    assert (
        state.encoder is None
        and "跳过语义比对" in (state.message or "")
        and "qcscreen model build" in (state.message or "")
    )
    assert "QCSCREEN_SEMANTIC=0" in (stages.load_semantic_encoder(Settings(semantic=False)).message or "")


SIM = SimilarityReport.model_validate(
    {
        "schema": 1,
        "file": "a.docx",
        "chars": 1000,
        "total_copy_ratio": 0.42,
        "max_single_source_ratio": 0.4,
        "max_source": {
            "project_id": "P2021-03",
            "year": 2021,
            "company": "甲公司",
            "title": "降低A",
            "file": "x.pptx",
            "batch": False,
        },
        "sources": [
            {
                "source": {
                    "project_id": "P2021-03",
                    "year": 2021,
                    "company": "甲公司",
                    "title": "降低A",
                    "file": "x.pptx",
                    "batch": False,
                },
                "copy_ratio": 0.4,
                "paraphrase_ratio": 0.02,
                "passages": [
                    {
                        "a_start": 0,
                        "a_end": 400,
                        "b_start": 5,
                        "b_end": 405,
                        "kind": "copy",
                        "score": 0.98,
                        "a_text": "本方文字",
                        "b_text": "甲公司原文",
                        "evidence": "edited",
                        "a_label": "第 3–4 张幻灯片",
                        "b_label": "第 7 页",
                        "a_changed": [[2, 3]],
                        "b_changed": [[7, 8]],
                    }
                ],
            },
            {
                "source": {"project_id": "S07", "year": None, "company": "乙公司", "title": "降低B", "batch": True},
                "copy_ratio": 0.05,
                "passages": [
                    {
                        "a_start": 500,
                        "a_end": 550,
                        "b_start": 0,
                        "b_end": 50,
                        "kind": "paraphrase",
                        "score": 0.9,
                        "b_text": "乙公司原文",
                    }
                ],
            },
        ],
        "near_duplicates": [
            {
                "source": {"project_id": "P2021-03", "year": 2021, "company": "甲公司", "title": "降低A"},
                "score": 0.9,
                "same_project": True,
                "reasons": ["标题与甲公司项目相同"],
            }
        ],
        "eligibility": [
            {
                "rule": "E-REPEAT",
                "severity": "fatal",
                "message": "甲公司《降低A》已获奖",
                "source": {"project_id": "P2021-03", "year": 2021, "company": "甲公司", "title": "降低A"},
            }
        ],
        "mentions": [
            {
                "company": "甲公司",
                "a_start": 10,
                "a_end": 13,
                "a_pages": [3],
                "a_label": "第 3 张幻灯片",
                "source": {"project_id": "P2021-03", "year": 2021, "company": "甲公司"},
                "message": "申报材料中出现其他申报单位的名称“甲公司”（第 3 张幻灯片），该单位是2021年项目（P2021-03）的申报单位",
            }
        ],
        "step_ratios": [
            {"step": "select_topic", "name": "选择课题", "chars": 100, "copied_chars": 40, "copy_ratio": 0.4}
        ],
    }
)
CHECK = CheckReport(
    file="a.docx",
    project_type="problem_solving",
    verdict="不评",
    steps=[StepReport(id="select_topic", name="选择课题", present=False, complete=False)],
    score=Score(rubric="caq-2020-problem-solving", total=None, max=100, grade=None),
)


def test_redaction_removes_every_trace_of_the_other_company() -> None:
    red = redact_similarity(SIM)
    text = red.model_dump_json()
    for secret in (
        "甲公司",
        "乙公司",
        "降低A",
        "降低B",
        "x.pptx",
        "P2021-03",
        "S07",
        "原文",
        "b_start",
        "b_end",
        "b_pages",
        "b_text",
    ):
        assert secret not in text, secret
    assert red.sources[0].source.label == "2021 年某企业项目"
    assert red.sources[0].copy_ratio == 0.4 and red.sources[0].passages[0].a_text == "本方文字"
    assert red.sources[1].source.label == "本批次其他申报项目"
    assert SIM.sources[0].passages[0].b_text == "甲公司原文"  # the stored original is untouched


def test_html_report_is_self_contained_and_printable() -> None:
    page = html.render(CHECK, SIM, header=html.ReportHeader(file="a.docx"))
    assert "@page" in page and "A4" in page and "page-break" in page
    assert not re.search(r"<(link|script|img)\b[^>]*(href|src)=", page)
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert page.count("<svg") == 2  # step timeline + ratio bars
    assert 'class="copy"' in page and 'class="paraphrase"' in page
    assert (
        '本方<span class="changed">文</span>字' in page and '甲公<span class="changed">司</span>原文' in page
    )  # changed characters marked
    assert "第 3–4 张幻灯片" in page and "第 7 页" in page and "分段检测" in page and "C-NAME" in page
    redacted = html.render(None, SIM, header=html.ReportHeader(file="a.docx"), redacted=True)
    assert "甲公司" not in redacted and "乙公司" not in redacted and "2021 年某企业项目" in redacted
    assert "出现了其他申报单位的名称" in redacted and "P2021-03" not in redacted


def test_html_report_shows_step_confidence_and_structure_coverage() -> None:
    """Issue 10 must-do 1-2: every step's confidence and the share of the text assigned to steps reach the
    report; a step not found where the structure was not recognised reads 未能确认, not 未找到."""
    check = CHECK.model_copy(
        update={
            "verdict": "需人工复核",
            "steps": [
                StepReport(id="select_topic", name="选择课题", present=True, complete=True, pages=[2], confidence=0.84),
                StepReport(id="set_target", name="设定目标", present=False, complete=False, status="unconfirmed"),
            ],
            "structure": StructureReport(
                coverage=0.72,
                confident=False,
                steps_found=5,
                confident_coverage=0.42,
                steps_confident=3,
                min_step_confidence=0.6,
                min_coverage=0.6,
                min_steps=4,
                unconfirmed=["set_target"],
            ),
        }
    )
    page = html.render(check, None, header=html.ReportHeader(file="a.pptx"))
    assert "识别置信度" in page and "0.84" in page
    assert "未能确认（文档结构未能可靠识别" in page and "未找到该步骤" not in page
    assert "归入步骤的文字占 72%，其中识别置信度 ≥ 0.60 的步骤占 42%（需 ≥ 60%）" in page
    assert "识别出 5 个步骤，其中 3 个置信（需 ≥ 4 个），结构未能可靠识别" in page


def test_excel_bands_and_sheets(tmp_path: Path) -> None:
    row = SummaryRow(
        submission="S01",
        year=2024,
        verdict="不评",
        basis="总文字复制比 42.0%，达到 40%，不得抄袭。",
        total_copy_ratio=0.42,
        max_single_source_ratio=0.05,
        same_project=True,
        steps_missing=["原因分析"],
        report="reports/S01.html",
    )
    summary = BatchSummary(
        year=2024, submissions=1, failed_files=0, semantic_checked=False, rows=[row], errors=[], results=[]
    )
    match = MatchRow(
        submission="S01",
        source="2021 年 甲公司《降低A》",
        source_year="2021",
        source_id="P2021-03",
        kind="复制",
        chars=10,
        share=0.1,
        a_where="第 3–4 张幻灯片",
        b_where="第 5 页",
    )
    path = excel.write(summary, [match], tmp_path / "s.xlsx")
    wb = load_workbook(path)
    ws = wb["项目汇总"]
    cells = {ws.cell(1, c).value: ws.cell(2, c) for c in range(1, ws.max_column + 1)}
    assert cells["缺少的步骤"].value == "原因分析" and cells["雷同（疑似同一项目）"].value == "是"
    assert cells["结论依据"].value.endswith("不得抄袭。") and cells["编号"].hyperlink.target == "reports/S01.html"
    assert cells["总文字复制比"].number_format == "0.0%"
    ranges = [str(r.sqref) for r in ws.conditional_formatting]
    assert any(r.startswith(cells["总文字复制比"].column_letter + "2") for r in ranges)
    assert wb["全部相似片段"].max_row == 2 and wb["全部相似片段"]["B2"].value == "2021 年 甲公司《降低A》"
    assert wb.sheetnames[0] == "总览" and wb["总览"]["B2"].value == 1
    assert band(0.05).css == "band-low" and band(0.42).css == "band-high" and band(0.8).css == "band-severe"


@pytest.mark.slow
@pytest.mark.skipif(browser() is None, reason="Chromium not installed")
def test_pdf_export_with_chromium(tmp_path: Path) -> None:
    src = tmp_path / "r.html"
    src.write_text(html.render(CHECK, SIM, header=html.ReportHeader(file="a.docx")), encoding="utf-8")
    pdf = to_pdf(src)
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_discover_skips_the_output_folder_inside_the_batch(tmp_path: Path) -> None:
    (tmp_path / "S01").mkdir()
    (tmp_path / "S01" / "a.docx").write_bytes(b"x")
    (tmp_path / "out" / "reports").mkdir(parents=True)
    (tmp_path / "out" / "summary.json").write_text("{}")
    assert [s.id for s in discover(tmp_path, exclude=tmp_path / "out")] == ["S01"]


def test_a_missing_corpus_is_created_once_before_the_compare_workers_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two compare workers that each created the missing corpus raced to switch the new SQLite file to WAL
    and one failed with "database is locked" under load, taking the batch down (CI, stop 28): the corpus
    must exist before any worker opens it."""
    from docx import Document as Docx

    from service import parallel, pipeline

    seen: list[bool] = []
    real = parallel.run_jobs

    def watched(jobs: Any, job: Any, init: Any, init_args: Any, workers: Any) -> Any:
        if job is pipeline._compare_job:
            seen.append(init_args[0].db.is_file())
        return real(jobs, job, init, init_args, workers)

    monkeypatch.setenv("QCSCREEN_SEMANTIC", "0")
    monkeypatch.setattr(parallel, "run_jobs", watched)
    batch = tmp_path / "batch"
    for sid, word in (("S01", "冲压线"), ("S02", "焊接工位")):
        doc = Docx()
        doc.add_heading(f"降低{word}不良率", level=1)
        for step in ("选择课题", "现状调查", "设定目标", "原因分析", "确定主要原因", "制定对策"):
            doc.add_heading(step, level=2)
            doc.add_paragraph(f"{word}{step}的内容，数据见表。")
        (batch / sid).mkdir(parents=True)
        doc.save(str(batch / sid / "成果报告.docx"))
    db = tmp_path / "none" / "c.sqlite"
    config = pipeline.BatchConfig(year=2024, db=db, workers=2)
    pipeline.screen_batch(batch, config, tmp_path / "out")
    assert seen == [True]
