"""The independent evaluation set (eval/independent/, tune half only — the holdout half is never read
here) and its scorer (bench/independent.py): manifests consistent with the built files, builds
reproducible from the sources, and the scorer's matching rules on hand-made outputs."""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO / "eval" / "independent"
TUNE = EVAL / "tune"
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(EVAL))

import independent_score as sc  # noqa: E402

STEP_IDS = set(sc.STEP_NAMES)
ALIASES = {
    a: row
    for row, names in yaml.safe_load((EVAL / "aliases.yaml").read_text("utf-8"))["canonical"].items()
    for a in names
}


def tune_items() -> list[tuple[Path, dict[str, Any]]]:
    return [(p.parent, json.loads(p.read_text("utf-8"))) for p in sorted(TUNE.glob("*/truth.json"))]


def test_tune_half_is_large_and_varied_enough() -> None:
    items = [t for _, t in tune_items()]
    index = json.loads((TUNE / "index.json").read_text("utf-8"))
    assert len(items) == len(index) >= 20
    assert len({t["style"] for t in items}) >= 8
    kinds = {f["kind"] for t in items for f in t["files"]}
    assert {"pptx", "docx", "pdf_from_docx", "pdf_from_pptx", "pdf_scanned"} <= kinds
    with_pictures = [t for t in items if any("picture" in h or "banner" in h or "scanned" in h for h in t["habits"])]
    assert len(with_pictures) * 3 >= len(items)
    assert any(not t["clean"] for t in items) and any(t["clean"] for t in items)
    assert any(t["package"] and t["package"]["contradictions"] for t in items)
    assert any(t["package"] and t["package"]["missing"] for t in items)


@pytest.mark.parametrize(("folder", "truth"), tune_items(), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_manifest_agrees_with_its_files(folder: Path, truth: dict[str, Any]) -> None:
    for f in truth["files"]:
        path = folder / f["name"]
        assert path.is_file(), path
        if f["kind"] == "pptx":
            slides = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("ppt/slides/slide")]
            pages = [p for s in truth["steps"] for p in s["files"].get(f["role"], [])]
            assert pages and max(pages) <= len(slides)
    assert {s["id"] for s in truth["steps"]} <= STEP_IDS
    assert not {s["id"] for s in truth["steps"]} & set(truth["steps_absent"])
    for entry in truth["must_report"] + truth["may_report"] + truth["must_not_report"]:
        assert entry["rule"] in sc.B3_RULES | {"STEP_MISSING", "STEP_ORDER"}
        assert entry.get("why")
    if truth["clean"]:
        assert "不评" not in truth["verdicts_allowed"]
    for tool in truth["tools"]:
        assert tool["step"] in {s["id"] for s in truth["steps"]}, tool
    if truth["fivew1h"]["found"]:
        assert truth["fivew1h"]["rows"] > 0 and truth["fivew1h"]["columns"]["what"]


@pytest.mark.slow
def test_tune_builds_reproduce_the_committed_files(tmp_path: Path) -> None:
    """Rebuilding an item from its source gives the committed truth and, for OOXML files, the same bytes
    (PDFs carry LibreOffice's creation date, so only their truth is compared)."""
    import build

    for folder, truth in tune_items():
        if folder.name.split("-")[0] not in {"t01", "t04", "t13", "t20"}:
            continue
        work = tmp_path / folder.name
        work.mkdir()
        shutil.copy(folder / "source.yaml", work / "source.yaml")
        seed = build.zlib.crc32(folder.name.encode()) % 100000
        rebuilt = build.build_item(work, "tune", seed)
        assert rebuilt == truth
        for f in truth["files"]:
            if f["kind"] in ("pptx", "docx"):
                assert (work / f["name"]).read_bytes() == (folder / f["name"]).read_bytes(), f["name"]


def _truth(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "x1",
        "style": "caq_self",
        "project_type": "problem_solving",
        "files": [{"role": "main", "name": "a.pptx", "kind": "pptx"}],
        "steps": [
            {"id": "select_topic", "files": {"main": [2]}},
            {"id": "main_causes", "files": {"main": [5, 6]}},
            {"id": "plan_countermeasures", "files": {"main": [7]}},
        ],
        "fivew1h": {"found": True, "rows": 3, "columns": dict.fromkeys(sc.FIVEW1H, True)},
        "tools": [{"name": "柏拉图", "step": "select_topic"}, {"name": "鱼骨图", "step": "main_causes"}],
        "must_report": [{"rule": "K1", "step": "main_causes", "why": "w"}],
        "may_report": [{"rule": "K3", "step": "main_causes", "why": "w"}],
        "must_not_report": [{"rule": "P2", "step": "plan_countermeasures", "why": "w"}],
        "verdicts_allowed": ["不评", "需人工复核"],
        "package": None,
    }
    base.update(extra)
    return base


def _out(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "project_type": "problem_solving",
        "steps": [{"id": s, "present": True} for s in ("select_topic", "main_causes", "plan_countermeasures")],
        "fivew1h": {"found": True, "rows": 3, "columns": dict.fromkeys(sc.FIVEW1H, True)},
        "tools": [
            {"name": "排列图", "steps": ["select_topic"]},
            {"name": "因果图（鱼骨图）", "steps": ["main_causes"]},
        ],
        "findings": [
            {"rule": "K1", "severity": "fatal", "message": "要因由打分确定", "pages": [5], "step": "main_causes"}
        ],
        "verdict": "不评",
    }
    base.update(extra)
    return base


def test_a_perfect_output_scores_full_marks() -> None:
    s = sc.score_item(_truth(), _out(), ALIASES)
    assert (s.step_f1, s.fivew1h_rate, s.tool_recall) == (1.0, 1.0, 1.0)
    assert (s.findings_correct, s.findings_reported, s.must_found, s.must_total) == (1, 1, 1, 1)
    assert s.verdict_ok and not s.false_veto and not s.misses


def test_tool_names_are_mapped_to_their_canonical_rows() -> None:
    assert sc.canon("二层柏拉图", ALIASES) == "排列图"
    assert sc.canon("特性要因图", ALIASES) == "因果图"
    assert sc.canon("查检表", ALIASES) == "调查表"
    assert sc.canon("改善前后柱状图", ALIASES) == "简易图表"
    assert sc.canon("要因评价表", ALIASES) == "矩阵图"
    assert sc.canon("对比试验", ALIASES) == "对比试验"
    assert sc.canon("某种新工具", ALIASES) == "某种新工具"
    assert sc.canon("5W1H对策表", ALIASES) == "5W1H"


def test_the_countermeasure_table_is_not_scored_as_a_tool() -> None:
    out = _out(tools=[*_out()["tools"], {"name": "对策表（5W1H）", "steps": ["plan_countermeasures"]}])
    s = sc.score_item(_truth(), out, ALIASES)
    assert (s.tool_tp, s.tool_pred, s.tool_truth) == (2, 2, 2)


def test_a_finding_without_step_is_placed_by_its_page_and_traps_count() -> None:
    out = _out(
        findings=[
            {"rule": "K1", "severity": "fatal", "message": "m", "pages": [6]},
            {"rule": "P2", "severity": "major", "message": "缺地点栏", "pages": [7]},
        ]
    )
    s = sc.score_item(_truth(), out, ALIASES)
    assert (s.findings_correct, s.findings_reported, s.traps) == (1, 2, 1)
    assert any(m.startswith("trap sprung: P2") for m in s.misses)


def test_false_veto_on_a_clean_document() -> None:
    truth = _truth(must_report=[], verdicts_allowed=["参评", "完善后参评", "需人工复核"])
    s = sc.score_item(truth, _out(), ALIASES)
    assert s.false_veto and not s.verdict_ok
    assert (s.findings_correct, s.findings_reported) == (0, 1)


def test_missing_step_and_order_pseudo_rules() -> None:
    truth = _truth(
        must_report=[
            {"rule": "STEP_MISSING", "step": "standardize", "why": "w"},
            {
                "rule": "STEP_ORDER",
                "step": "propose_solutions",
                "steps": ["propose_solutions", "set_target"],
                "why": "w",
            },
        ],
        verdicts_allowed=["完善后参评"],
    )
    out = _out(
        verdict="完善后参评",
        findings=[
            {"rule": "M-standardize", "severity": "major", "message": "缺少标准化步骤", "pages": []},
            {
                "rule": "O1",
                "severity": "major",
                "message": "提出方案在设定目标之前",
                "pages": [4],
                "step": "propose_solutions",
            },
        ],
    )
    s = sc.score_item(truth, out, ALIASES)
    assert (s.must_found, s.must_total, s.findings_correct) == (2, 2, 2)
    shown = _out(steps=[*_out()["steps"], {"id": "standardize", "present": True}], findings=out["findings"])
    assert sc.score_item(truth, shown, ALIASES).must_found == 1


def test_package_contradictions_and_missing_parts() -> None:
    truth = _truth(
        must_report=[],
        verdicts_allowed=["完善后参评"],
        package={
            "contradictions": [{"field": "活动时间"}, {"field": "单位"}],
            "missing": ["实施记录"],
            "over_one_year": {"months": 15},
        },
    )
    out = _out(
        verdict="完善后参评",
        findings=[
            {
                "rule": "F-time",
                "severity": "major",
                "message": "活动时间前后不一致：PPT 2023.3—2023.11，实施记录 2023.2—2024.4",
            },
            {"rule": "F-year", "severity": "minor", "message": "活动时间超过一个年度"},
            {"rule": "F-name", "severity": "major", "message": "课题名称与申报表不一致"},
        ],
    )
    s = sc.score_item(truth, out, ALIASES)
    assert (s.contra_found, s.contra_total) == (2, 3)
    assert (s.missing_found, s.missing_total) == (0, 1)
    assert (s.findings_correct, s.findings_reported) == (2, 3)


def test_checker_errors_score_zero_and_are_listed() -> None:
    s = sc.score_item(_truth(), {"_error": "rc 1, no JSON"}, ALIASES)
    assert s.error and s.step_tp == 0 and s.misses[0].startswith("checker error")
    total = sc.summarize([s, sc.score_item(_truth(), _out(), ALIASES)])
    assert total["errors"] == 1 and total["n"] == 2


def test_team_name_and_size_are_package_fields() -> None:
    """A truth naming the team's size "团队成员" is the 团队人数 field, matched by a finding that says 团队人数."""
    truth = _truth(
        must_report=[],
        verdicts_allowed=["完善后参评"],
        package={"contradictions": [{"field": "团队名称"}, {"field": "团队成员"}], "missing": []},
    )
    out = _out(
        verdict="完善后参评",
        findings=[
            {"rule": "F-team", "severity": "major", "message": "团队名称前后不一致：PPT 甲小组，实施记录 乙小组"},
            {"rule": "F-size", "severity": "major", "message": "团队人数前后不一致：PPT 9人，申报表 11人"},
        ],
    )
    s = sc.score_item(truth, out, ALIASES)
    assert (s.contra_found, s.contra_total) == (2, 2)
    assert (s.findings_correct, s.findings_reported) == (2, 2)


def test_the_checker_runs_this_checkouts_code(tmp_path: Path) -> None:
    """bench/independent.py puts its own checkout first on the checker's path: a git worktree sharing another
    checkout's venv (whose editable install points there) must still measure the worktree's code."""
    import subprocess

    import independent

    probe = "import nlp, pathlib; print(pathlib.Path(nlp.__file__).resolve())"
    out = subprocess.run(
        [sys.executable, "-c", probe], env=independent.CHECKER_ENV, cwd=tmp_path, capture_output=True, text=True
    )
    assert Path(out.stdout.strip()).is_relative_to(REPO), out.stdout + out.stderr


def test_a_truth_field_named_by_a_synonym_is_that_field() -> None:
    """A manifest naming the 课题名称 field 项目名称 (the 申报表's own label) is matched by a statement
    naming either label."""
    truth = _truth(must_report=[], verdicts_allowed=["完善后参评"], package={"contradictions": [{"field": "项目名称"}]})
    out = _out(
        verdict="完善后参评",
        findings=[
            {
                "rule": "SUB-CONFLICT",
                "severity": "major",
                "message": "课题名称在各份材料中不一致：PPT 为甲，申报表为乙",
            },
        ],
    )
    s = sc.score_item(truth, out, ALIASES)
    assert (s.contra_found, s.contra_total) == (1, 1)
    assert (s.findings_correct, s.findings_reported) == (1, 1)


def test_a_cue_inside_a_cited_value_claims_nothing() -> None:
    """A 课题名称 contradiction citing a title with 缺 in it ("…缩松缺陷率") and a form's file name claims the
    contradiction only, not a missing 申报表 (seen fresh8 n21); a statement saying so still claims it."""
    msg = "课题名称在各份材料中不一致：《甲.pptx》为“降低轮毂X光探伤不合格率”，《质量攻关项目申报表.docx》为“降低轮毂缩松缺陷率”"
    assert sc.package_claims(msg) == {"contra:课题名称"}
    assert sc.package_claims("成果材料不完整：缺少申报表") == {"missing:申报表"}


def test_a_box_titled_deck_renders_its_cover_without_a_title_placeholder() -> None:
    """A deck whose titles are plain text boxes (`title_mode: box` for the document) gets a cover slide
    without a title placeholder; the cover must put its title in a text box too (it crashed, stop 25)."""
    import io

    from pptx import Presentation
    from render.deck import build_deck

    data = build_deck(
        {"title_mode": "box"},
        [{"layout": "cover", "title": "降低某某不合格率", "body": ["某某QC小组"]}, {"title": "一、选择课题"}],
        seed=1,
    )
    cover = Presentation(io.BytesIO(data)).slides[0]
    assert cover.shapes.title is None
    assert any(s.has_text_frame and s.text_frame.text == "降低某某不合格率" for s in cover.shapes)


def test_a_line_chart_with_numeric_month_labels_renders_at_its_normal_size() -> None:
    """Month labels written unquoted in a source ("2024.5") are numbers to YAML; a line chart with a target
    line took them for positions, its target label landed thousands of units away and the figure grew past
    PIL's size limit (DecompressionBombError, stop 29). They are labels: the chart keeps its usual size."""
    import io

    from PIL import Image
    from render import pictures

    spec = yaml.safe_load(
        "kind: line\nx: [2024.5, 2024.6, 2024.7]\nseries: {不合格率: [3.1, 2.5, 2.0]}\nhlines: {目标: 2.2}"
    )
    assert isinstance(spec["x"][0], float)
    img = Image.open(io.BytesIO(pictures.line(spec, seed=1)))
    assert img.width < 2000 and img.height < 2000
