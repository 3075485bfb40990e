"""check(): the `check --json` schema 1 object, rubric selection, essence."""

from __future__ import annotations

import json

import numpy as np

from ingest.model import Coverage, Document, PageCoverage
from nlp.analysis import analyze, labels_for
from nlp.check import check
from nlp.sections import segment
from nlp.step_classifier import NONE, Classification, classify
from nlp.structure import structure_of
from tests.nlp.conftest import deck, good_innovative, good_problem_solving, replace_slide, txt


def test_json_schema_1_fields() -> None:
    rep = check(deck(good_problem_solving(), filename="2024-01.pptx")).model_dump(mode="json")
    json.dumps(rep, ensure_ascii=False)
    for key in (
        "schema",
        "file",
        "project_type",
        "target_kind",
        "steps",
        "fivew1h",
        "tools",
        "findings",
        "score",
        "verdict",
    ):
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


def _flat_encoder(texts: list[str]) -> np.ndarray:
    """An encoder that tells no text from another: the content classifier agrees with no step."""
    return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def test_steps_found_only_with_low_confidence_support_no_missing_step_veto() -> None:
    """Issue 10 must-do 1-2: a missing step is a veto only where the structure was recognised with
    confidence, judged on the steps found with confidence alone; here every heading is read but the
    classifier agrees with none (each step's confidence < 0.6), so 确定主要原因 is 未能确认, not missing."""
    s = replace_slide(good_problem_solving(), "五、确定主要原因", None)
    rep = check(deck(s), encode=_flat_encoder)
    assert rep.structure is not None and rep.structure.coverage > 0.8
    assert rep.structure.steps_confident == 0 and rep.structure.confident_coverage == 0.0
    assert not rep.structure.confident and "main_causes" in rep.structure.unconfirmed
    assert {x.id: x.status for x in rep.steps}["main_causes"] == "unconfirmed"
    assert not [f for f in rep.findings if f.rule == "M-main_causes"] and rep.verdict != "不评"
    assert "识别置信度低于 0.60，未计入" in " ".join(rep.verdict_reasons)
    sure = check(deck(s))  # the headings alone (no encoder): confident, the veto stands
    assert sure.structure is not None and sure.structure.confident and sure.verdict == "不评"


def test_structure_coverage_counts_only_steps_found_with_confidence() -> None:
    """Four short steps the classifier agrees with and one long one it does not: 92 % of the text is in
    steps, but only the four short ones (≈ 30 %) are recognised with confidence, so the structure is not."""
    slides = [
        ("降低焊接不良率", ["QC小组"]),
        ("一、选择课题", ["选题理由：不良率高"]),
        ("二、现状调查", ["抽查400件，虚焊占60%"]),
        ("三、设定目标", ["目标：不良率降至2%"]),
        ("四、原因分析", ["因果图：人机料法环"]),
        ("六、制定对策", ["对策表见下。" * 30]),
    ]
    doc = deck(slides)
    seg = segment(doc)
    labels = labels_for("problem_solving")
    c = classify(doc, labels, set(), None)
    probs = np.zeros((len(c.sections), len(c.labels)))
    for r, sec in enumerate(c.sections):
        step = seg.block_steps[sec.blocks[0]]
        probs[r, c.labels.index(step if step and step != "plan_countermeasures" else NONE)] = 1.0
    c = Classification(c.labels, c.sections, probs, "embedding", c.cue_probs)
    st = structure_of(doc, seg, c, {})
    assert st.coverage > 0.9 and st.steps_confident == 4 and st.confident_coverage < 0.4
    assert st.get("plan_countermeasures").confidence < 0.6 and st.confident and not st.absence_confident


def test_missing_summary_is_minor() -> None:
    rep = check(deck(replace_slide(good_problem_solving(), "十、总结", None)))
    m = [f for f in rep.findings if f.rule == "M-summary"]
    assert m and m[0].severity == "minor"
    assert rep.verdict == "参评"


def test_incomplete_step_reports_missing_items() -> None:
    s = replace_slide(
        good_problem_solving(),
        "二、现状调查",
        ("二、现状调查", ["2023年7月抽查4000件，按缺陷类型分层，孔径超差占75%。"]),
    )
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
    assert ids == [
        "select_topic",
        "set_target",
        "propose_solutions",
        "plan_countermeasures",
        "implement",
        "check_effect",
        "standardize",
        "summary",
    ]


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
    """No step recognised: no veto on a guess, no score; the reviewer is told why."""
    rep = check(txt("会议纪要\n今天开会讨论了食堂菜单。\n"))
    assert rep.project_type == "unknown"
    assert not [f for f in rep.findings if f.rule.startswith("M-")]
    assert rep.verdict == "需人工复核" and "未能确认" in rep.verdict_reasons[0]
    assert rep.score.total is None and rep.score.note
    assert rep.structure is not None and not rep.structure.confident and rep.structure.coverage == 0
    assert rep.structure.unconfirmed[:3] == ["select_topic", "current_state", "set_target"]
    assert {s.status for s in rep.steps} == {"unconfirmed"}


def test_missing_step_in_an_unrecognised_structure_is_unconfirmed_not_fatal() -> None:
    """Three titled steps and much untitled text: the steps not found are 未能确认, the verdict
    需人工复核 — never 不评 on the absence."""
    slides = [
        ("降低转向节镗孔尺寸超差率", ["机加工二车间QC小组"]),
        ("一、选择课题", ["主机厂要求超差率不高于0.8%，实际2.6%。"]),
        ("二、现状调查", ["抽查4000件，超差104件，孔径超差占75%，是症结。"]),
        ("三、设定目标", ["目标：超差率由2.6%降至0.8%，依据测算。"]),
        *[(None, [f"第{k}张照片说明：现场作业情况记录，设备编号{k}，班组按计划开展活动。" * 3]) for k in range(8)],
    ]
    rep = check(deck(slides))
    assert rep.structure is not None and not rep.structure.confident
    assert rep.verdict == "需人工复核"
    assert not [f for f in rep.findings if f.severity == "fatal"]
    st = {s.id: s.status for s in rep.steps}
    assert st["current_state"] == "present" and st["main_causes"] == "unconfirmed"


def test_structure_of_a_recognised_document_is_reported() -> None:
    rep = check(deck(good_problem_solving()))
    assert rep.structure is not None and rep.structure.confident and rep.structure.unconfirmed == []
    js = rep.model_dump(mode="json")
    assert js["structure"]["coverage"] >= js["structure"]["min_coverage"]
    assert {s["status"] for s in js["steps"]} == {"present"}


def _scanned(doc: Document) -> Document:
    """The same pages as a scan: no text layer, every page read by OCR."""
    pages = [PageCoverage(page=p, chars=100, has_text_layer=False, ocr=True) for p in range(1, doc.pages + 1)]
    return doc.model_copy(update={"coverage": Coverage(pages=pages), "format": "pdf"})


def test_a_step_a_scan_may_only_hide_is_unconfirmed_not_vetoed() -> None:
    """Confidence before a fatal finding: in a scan a heading can be lost to OCR, so a step whose absence
    would veto is 未能确认 (需人工复核, with the reason); a minor absence is still reported."""
    s = replace_slide(replace_slide(good_problem_solving(), "一、选择课题", None), "十、总结", None)
    typed = check(deck(s))
    assert typed.verdict == "不评" and "M-select_topic" in {f.rule for f in typed.findings}
    scan = check(_scanned(deck(s)))
    rules = {f.rule for f in scan.findings}
    assert scan.verdict == "需人工复核" and "M-select_topic" not in rules and "M-summary" in rules
    assert scan.structure is not None and scan.structure.ocr_share == 1.0
    assert scan.structure.unconfirmed == ["select_topic"]
    assert "OCR" in scan.verdict_reasons[0] and "选择课题" in scan.verdict_reasons[0]
    assert {st.id: st.status for st in scan.steps}["select_topic"] == "unconfirmed"


def test_a_heading_whose_number_ocr_lost_still_opens_its_step() -> None:
    s = [(("、选择课题" if t == "一、选择课题" else t), items) for t, items in good_problem_solving()]
    rep = check(_scanned(deck(s)))
    assert {st.id: st.present for st in rep.steps}["select_topic"] and rep.verdict != "不评"


def test_no_state_survey_in_a_scan_is_a_review_not_t1() -> None:
    """T1's "neither 现状调查 nor 目标可行性论证" rests on the absence of a step: in a scan the step's heading
    may be one OCR lost (seen fresh14 u44, a scanned 品管圈), so it is 需人工复核 with its reason — the same doubt
    that makes the missing step 未能确认; the same deck typed is still a finding (the missing step, T1 yielding)."""
    s = replace_slide(good_problem_solving(), "二、现状调查", None)
    typed = check(deck(s))
    assert {"T1", "M-current_state"} & {f.rule for f in typed.findings}
    scan = check(_scanned(deck(s)))
    assert not {"T1", "M-current_state"} & {f.rule for f in scan.findings}
    assert any(r.rule == "T1" and "OCR" in r.reason for r in scan.reviews)
