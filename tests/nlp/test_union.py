"""The submission as a whole: steps, 对策表, tools and findings judged on the deck and its 实施记录
together, with the evidence in the document that holds it (issue 10 item 8)."""

from __future__ import annotations

import pytest

from nlp.check import check
from nlp.rulebook import Rulebook, RulebookError, RuleFile, rulebook
from nlp.union import Substance, covers
from tests.nlp.conftest import Slides, deck, good_problem_solving, replace_slide, report


def _record_of(slides: Slides) -> list:
    """The same content as a Word 实施记录: a heading per slide title, then its paragraphs and tables."""
    lines: list = []
    for title, items in slides:
        if title:
            lines.append((title, 1))
        lines.extend(items)
    return lines


def test_a_step_only_the_record_holds_is_present_with_its_file() -> None:
    full = good_problem_solving()
    deck_without = replace_slide(full, "五、确定主要原因", None)
    rec = report(_record_of(full), filename="实施记录.docx")
    alone = check(deck(deck_without))
    assert "M-main_causes" in {f.rule for f in alone.findings}
    both = check(deck(deck_without), record=rec)
    step = next(s for s in both.steps if s.id == "main_causes")
    assert step.present and step.file == "实施记录.docx" and step.pages
    assert "M-main_causes" not in {f.rule for f in both.findings}
    assert both.verdict != "不评"


def test_the_record_plan_table_stands_in_for_a_deck_without_one() -> None:
    full = good_problem_solving()
    no_table = replace_slide(full, "六、制定对策", ("六、制定对策", ["对策见实施记录。"]))
    both = check(deck(no_table), record=report(_record_of(full), filename="实施记录.docx"))
    assert both.fivew1h.found and both.fivew1h.file == "实施记录.docx" and both.fivew1h.rows >= 2
    assert not [f for f in both.findings if f.rule == "P2"]


def test_a_defect_in_both_documents_stands_and_a_remedied_one_does_not() -> None:
    full = good_problem_solving()
    hollow = replace_slide(full, "九、制定巩固措施", ("九、制定巩固措施", ["今后要加强管理，加强培训。"]))
    remedied = check(deck(hollow), record=report(_record_of(full), filename="实施记录.docx"))
    assert "A1" not in {f.rule for f in remedied.findings}
    both_bad = check(deck(hollow), record=report(_record_of(hollow), filename="实施记录.docx"))
    [a1] = [f for f in both_bad.findings if f.rule == "A1"]
    assert a1.file == "deck.pptx"


def test_tools_of_the_record_join_the_deck_with_their_file() -> None:
    full = good_problem_solving()
    rec_lines = _record_of(full)
    k = next(i for i, x in enumerate(rec_lines) if isinstance(x, tuple) and x[0].startswith("五、确定主要原因"))
    rec_lines.insert(k + 1, "对焊丝干燥温度与气孔数绘制散布图，n=35，r=0.86")
    both = check(deck(full), record=report(rec_lines, filename="实施记录.docx"))
    [scatter] = [t for t in both.tools if t.name == "散布图"]
    assert scatter.file == "实施记录.docx" and scatter.steps
    assert all(t.file is None for t in both.tools if t.name != "散布图")


def _two_of_four_confirmed() -> Slides:
    """The deck names four 末端原因 and its 确认表 confirms two: the others dropped without a word (K2; one
    cause short would be a review, stop 33)."""
    full = good_problem_solving()
    title, items = next((t, i) for t, i in full if t and t.startswith("五、确定主要原因"))
    table = next(x for x in items if isinstance(x, list))
    return replace_slide(full, title, (title, ["对末端原因逐条确认。", table[:-2]]))


@pytest.mark.parametrize(
    "told",
    [
        ["内容：现场测量主轴跳动、试验刀补间隔、调查锻件余量，确认3条要因。"],
        ["小组完成要因确认，结论见成果报告。"],
        ["2024年4月10日，全体组员参加，确定了要因。", "记录人：王磊"],
    ],
)
def test_a_record_telling_the_confirmation_in_a_line_does_not_remedy_a_dropped_cause(told: list[str]) -> None:
    """A 实施记录 whose 要因确认 is the activity told in a line confirms none of the causes the deck leaves out:
    the deck's K2 stands, though the rule finds nothing to judge on the record (seen fresh12 r49)."""
    dropped = _two_of_four_confirmed()
    assert "K2" in {f.rule for f in check(deck(dropped)).findings}
    rec = replace_slide(good_problem_solving(), "五、确定主要原因", ("五、确定主要原因", told))
    both = check(deck(dropped), record=report(_record_of(rec), filename="实施记录.docx"))
    [k2] = [f for f in both.findings if f.rule == "K2"]
    assert k2.file in (None, "deck.pptx")


def test_a_record_confirming_every_cause_remedies_the_deck_that_drops_one() -> None:
    """The twin: the record's own 确认表 takes all four causes — the submission confirms them all."""
    both = check(
        deck(_two_of_four_confirmed()), record=report(_record_of(good_problem_solving()), filename="实施记录.docx")
    )
    assert "K2" not in {f.rule for f in both.findings}


_NO_NET_BENEFIT = "经济效益：年节约返工损失12.5万元。"  # no 投入 deducted (E2)


def _effect(lines: list[str]) -> Slides:
    return replace_slide(good_problem_solving(), "八、效果检查", ("八、效果检查", lines))


def _full_effect_without_deduction() -> Slides:
    return _effect(
        [
            "2023年10月抽查4000件，超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。",
            "症结孔径超差由78件降至12件。",
            _NO_NET_BENEFIT,
        ]
    )


@pytest.mark.parametrize(
    "told",
    [
        ["10月超差率0.7%。"],
        ["第7次活动（2023年11月2日）：检查活动效果，达到目标。"],
        ["内容：统计10月数据，效果见成果报告。", "记录人：李娜"],
    ],
)
def test_a_record_telling_a_step_in_a_line_remedies_no_finding_of_the_deck(told: list[str]) -> None:
    """A 实施记录 whose 效果检查 is one line of an activity log gives the benefit rule nothing to judge: its
    silence there is no remedy, and the deck's finding stands (the general form of fresh12 r49)."""
    assert "E2" in {f.rule for f in check(deck(_full_effect_without_deduction())).findings}
    rec = report(_record_of(_effect(told)), filename="实施记录.docx")
    both = check(deck(_full_effect_without_deduction()), record=rec)
    [e2] = [f for f in both.findings if f.rule == "E2"]
    assert e2.file in (None, "deck.pptx")


def test_a_record_with_as_much_to_judge_remedies_the_decks_finding() -> None:
    """The twin: the record's 效果检查 tells the whole benefit, 投入 deducted: the submission has it."""
    rec = report(_record_of(good_problem_solving()), filename="实施记录.docx")
    both = check(deck(_full_effect_without_deduction()), record=rec)
    assert "E2" not in {f.rule for f in both.findings}


@pytest.mark.parametrize(
    "told",
    [["效果检查详见实施记录。"], ["10月超差率0.7%，达到目标。"]],
)
def test_a_records_finding_stands_where_the_deck_told_the_step_in_a_line(told: list[str]) -> None:
    """The other way round: the deck tells its 效果检查 in one line and the rule is quiet there for lack of
    anything to judge; the record holds the step whole, with the defect — the finding is the submission's,
    with the record's file."""
    thin = check(deck(_effect(told)))
    assert "E2" not in {f.rule for f in thin.findings}
    rec = report(_record_of(_full_effect_without_deduction()), filename="实施记录.docx")
    both = check(deck(_effect(told)), record=rec)
    [e2] = [f for f in both.findings if f.rule == "E2"]
    assert e2.file == "实施记录.docx"


def test_the_remedy_shares_are_rule_data() -> None:
    """The shares come from `remedy` of the rule files, and a rule file set without one is refused."""
    r = rulebook().remedy
    deck_side = Substance(chars=100, figures=10)
    assert covers(Substance(int(100 * r.min_char_share), int(10 * r.min_figure_share)), deck_side)
    assert not covers(Substance(int(100 * r.min_char_share) - 1, 10), deck_side)
    assert not covers(Substance(100, int(10 * r.min_figure_share) - 1), deck_side)
    book = rulebook()
    data = {"reading": book.reading.model_dump(), "line_wrap": book.line_wrap.model_dump()}
    with pytest.raises(RulebookError, match="remedy"):
        Rulebook({"t.yaml": RuleFile.model_validate(data)})
    with pytest.raises(RulebookError, match="共享词表"):  # with its remedy the file set goes on to its words
        files = {"t.yaml": RuleFile.model_validate({**data, "remedy": book.remedy.model_dump()})}
        Rulebook(files)
