"""check(): the `check --json` schema 1 object, rubric selection, essence."""

from __future__ import annotations

import json

from nlp.analysis import analyze
from nlp.check import check
from tests.nlp.conftest import deck, good_innovative, good_problem_solving, replace_slide, txt


def test_json_schema_1_fields() -> None:
    rep = check(deck(good_problem_solving(), filename="2024-01.pptx")).model_dump(mode="json")
    json.dumps(rep, ensure_ascii=False)
    for key in ("schema", "file", "project_type", "target_kind", "steps", "fivew1h", "tools", "findings", "score", "verdict"):
        assert key in rep
    assert rep["schema"] == 1 and rep["file"] == "2024-01.pptx"
    step = rep["steps"][1]
    assert set(step) >= {"id", "name", "present", "complete", "pages", "missing"}
    assert step["id"] == "current_state" and step["name"] == "现状调查" and step["pages"] == [3]
    assert set(rep["score"]) >= {"rubric", "total", "max", "grade", "items"}
    assert rep["score"]["rubric"] == "caq-2020-problem-solving"
    assert set(rep["fivew1h"]) >= {"found", "pages", "columns", "rows", "incomplete_rows"}
    assert rep["verdict"] in {"参评", "完善后参评", "不评"}


def test_missing_core_step_is_fatal_and_listed_absent() -> None:
    s = replace_slide(good_problem_solving(), "五、确定主要原因", None)
    rep = check(deck(s))
    st = {x.id: x for x in rep.steps}
    assert st["main_causes"].present is False and st["main_causes"].pages == []
    m = [f for f in rep.findings if f.rule == "M-main_causes"]
    assert m and m[0].severity == "fatal" and m[0].item == "原因分析"
    assert rep.verdict == "不评"
    assert rep.score.total is not None and rep.score.total < 100


def test_missing_summary_is_minor() -> None:
    rep = check(deck(replace_slide(good_problem_solving(), "十、总结", None)))
    m = [f for f in rep.findings if f.rule == "M-summary"]
    assert m and m[0].severity == "minor"
    assert rep.verdict == "参评"


def test_incomplete_step_reports_missing_items() -> None:
    s = replace_slide(good_problem_solving(), "二、现状调查", ("二、现状调查", ["2023年7月抽查4000件，按缺陷类型分层，孔径超差占75%。"]))
    st = {x.id: x for x in check(deck(s)).steps}
    assert st["current_state"].complete is False and st["current_state"].missing == ["症结"]


def test_rubric_selection() -> None:
    d = deck(good_innovative())
    assert check(d).score.rubric == "caq-2020-innovative"
    rep = check(d, rubric="db1407-t45-a1")
    assert rep.score.rubric == "db1407-t45-a1" and rep.score.max == 80
    assert any(i.score is None for i in rep.score.items)


def test_innovative_steps_listed_for_type() -> None:
    ids = [s.id for s in check(deck(good_innovative())).steps]
    assert ids == ["select_topic", "set_target", "propose_solutions", "plan_countermeasures", "implement", "check_effect", "standardize", "summary"]


def test_essence_keys_and_content() -> None:
    e = analyze(deck(good_problem_solving())).essence.parts()
    assert set(e) == {"title", "reason", "symptom", "target", "causes", "countermeasures"}
    assert e["title"] == "降低转向节镗孔尺寸超差率"
    assert "症结" in e["symptom"]
    assert "0.8" in e["target"]
    assert "主轴前轴承磨损" in e["causes"] and "夏季午后温度偏高" not in e["causes"]
    assert "修复镗削主轴并改为按周点检" in e["countermeasures"]


def test_txt_submission_checks() -> None:
    doc = txt("降低焊接不良率\n一、选择课题\n公司要求不良率低于2%，实际5.2%。\n二、现状调查\n要因确认采用打分法\n")
    rep = check(doc)
    assert rep.project_type == "problem_solving"
    assert [s.id for s in rep.steps if s.present] == ["select_topic", "current_state"]


def test_unreadable_pages_are_reported_with_the_verdict() -> None:
    from ingest.model import Coverage, Issue, PageCoverage

    d = deck(good_problem_solving())
    d = d.model_copy(
        update={
            "coverage": Coverage(pages=[PageCoverage(page=5, chars=0, has_text_layer=False)]),
            "issues": [Issue(code="ingest.ocr_used", severity="info", message="第5页为图片，已OCR识别")],
        }
    )
    rep = check(d).model_dump(mode="json")
    assert rep["coverage"][0]["code"] == "ingest.ocr_used"
    assert any("第 5 页没有可读文字" in r for r in rep["verdict_reasons"])


def test_a_document_that_is_no_qc_report_is_not_admitted() -> None:
    rep = check(txt("会议纪要\n今天开会讨论了食堂菜单。\n"))
    assert rep.project_type == "unknown"
    missing = [f.rule for f in rep.findings if f.rule.startswith("M-")]
    assert missing[:3] == ["M-select_topic", "M-current_state", "M-set_target"]
    assert rep.verdict == "不评"
