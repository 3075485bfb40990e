"""nlp.analyze: one typed Analysis per document — type, steps with character spans into doc.text and
confidence, the share of the text assigned to steps, the essence and the analyzers' reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import nlp
from ingest.api import read
from ingest.model import Document
from nlp import outline
from nlp.analysis import analyze_with_steps
from nlp.check import check
from tests.nlp.conftest import deck, good_innovative, good_problem_solving, txt


def test_steps_carry_spans_into_doc_text() -> None:
    doc = deck(good_problem_solving())
    a = nlp.analyze(doc)
    assert a.project_type == "problem_solving" and a.target_kind == "self_set"
    cs = a.structure.get("current_state")
    assert cs is not None and cs.pages == [3] and cs.via == "title" and 0 < cs.confidence <= 1
    text = "".join(doc.text[s:e] for s, e in cs.spans)
    for i in cs.blocks:
        assert doc.blocks[i].text in text
    assert doc.text[cs.spans[0][0] :].startswith(doc.blocks[cs.blocks[0]].text)


def test_spans_of_a_plain_text_file_point_into_its_own_text() -> None:
    body = "降低焊接不良率\n一、选择课题\n公司要求不良率低于2%，实际5.2%。\n二、现状调查\n抽查400件，按缺陷分层。\n"
    doc = txt(body)
    a = nlp.analyze(doc)
    cs = a.structure.get("current_state")
    assert cs is not None
    assert "".join(body[s:e] for s, e in cs.spans) == "二、现状调查\n抽查400件，按缺陷分层。"


def test_structure_coverage_is_the_share_of_text_in_steps() -> None:
    a = nlp.analyze(deck(good_problem_solving()))
    assert 0.8 < a.structure.coverage <= 1.0
    none = nlp.analyze(txt("会议纪要\n今天开会讨论了食堂菜单。\n"))
    assert none.structure.steps == [] and none.structure.coverage == 0.0


def test_essence_and_reports_are_part_of_the_analysis() -> None:
    a = nlp.analyze(deck(good_innovative()))
    assert a.project_type == "innovative"
    assert a.essence.title == a.title and a.essence.target
    assert a.fivew1h.found and a.numbers is not None and a.numbers.after is not None
    assert [s.id for s in a.steps][-2:] == ["standardize", "summary"]


def test_check_reads_a_given_analysis() -> None:
    doc = deck(good_problem_solving())
    a = nlp.analyze(doc)
    assert check(doc, analysis=a) == check(doc)


def test_analysis_with_known_steps() -> None:
    doc = deck([("降低焊接不良率", ["QC小组"]), ("第一页", ["抽查400件，按缺陷类型分层，症结为气孔。"])])
    a = analyze_with_steps(doc, [None, None, "current_state", "current_state"], project_type="problem_solving")
    assert a.structure.ids() == ["current_state"] and a.structure.get("current_state").pages == [2]


def test_record_and_form_name_the_file_of_the_findings() -> None:
    main = deck(replace_summary(good_problem_solving()), filename="成果报告.pptx")
    record = txt("实施记录\n2023年3月5日 小组活动\n", filename="实施记录.txt")
    rep = check(main, record=record)
    assert rep.findings and {f.file for f in rep.findings} == {"成果报告.pptx"}


def replace_summary(slides):
    return [s for s in slides if not (s[0] or "").startswith("十、总结")]


def test_essence_alone_is_the_analysis_essence() -> None:
    """`outline.essence` (no 5W1H, tools or numbers) gives the essence `analyze` gives: both project
    types, a deck and a plain text file."""
    from nlp.analysis import analyze

    body = "降低焊接不良率\n一、选择课题\n公司要求不良率低于2%，实际5.2%。\n二、设定目标\n不良率降至2%以下。\n"
    for doc in (deck(good_innovative()), deck(good_problem_solving()), txt(body)):
        want = analyze(doc).essence
        assert want.title and want.target
        assert outline.essence(doc) == want


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize(
    "doc",
    [
        pytest.param(lambda: deck(good_problem_solving()), id="problem-solving deck"),
        pytest.param(lambda: deck(good_innovative()), id="innovative deck"),
        pytest.param(lambda: txt("会议纪要\n今天开会讨论了食堂菜单。\n"), id="no steps"),
        pytest.param(lambda: read(EXAMPLES / "submissions" / "2024" / "S06" / "成果报告.pptx"), id="example S06"),
        pytest.param(lambda: read(EXAMPLES / "corpus" / "2019" / "P2019-01" / "成果报告.pptx"), id="example P2019-01"),
        pytest.param(lambda: read(EXAMPLES / "submissions" / "2024" / "S06" / "申报表.docx"), id="a 申报表 alone"),
        pytest.param(lambda: read(EXAMPLES / "submissions" / "2024" / "S01" / "实施记录.docx"), id="a 实施记录"),
    ],
)
def test_the_essence_alone_is_the_analysis_essence(doc: Callable[[], Document]) -> None:
    d = doc()
    assert outline.essence(d) == nlp.analyze(d).essence
