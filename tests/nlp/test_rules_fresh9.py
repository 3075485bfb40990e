"""After the fresh9 run (issue 10; docs/rules.md "Stop 26, after the fresh9 run"): readings that new hands
tripped on the now-seen fresh9 split, each tested from the spec's wording with its clean twin."""

from __future__ import annotations

from nlp.check import check
from nlp.fivew1h_causes import cause_verdicts
from nlp.headings import match_heading
from nlp.report import CheckReport
from tests.nlp.conftest import (
    PLAN_TABLE,
    as_screenshot,
    deck,
    finding_messages,
    good_problem_solving,
    reviewed_ids,
    rule_ids,
    run_check,
    set_slide,
)
from tests.nlp.test_fivew1h import doc_of
from tests.nlp.test_rules_layouts import _scored_then_verified


def test_two_bracket_numbered_headings_on_one_title_name_both_steps() -> None:
    """Seen fresh9 o36: one slide titled "（九）巩固措施　（十）总结和下一步打算" carries two steps; the
    second bracket number was read as the first one's subtitle, so 巩固措施 was lost."""
    for title in ("（九）巩固措施　（十）总结和下一步打算", "(9) 巩固措施 (10) 总结与体会"):
        m = match_heading(title, strict=False)
        assert m is not None and m.steps == ("consolidate", "summary"), title
    m = match_heading("（四）原因分析  （五）要因确认", strict=True)
    assert m is not None and m.steps == ("cause_analysis", "main_causes")


def test_a_bracket_number_right_after_a_part_name_is_still_its_sub_step() -> None:
    """The twin: "五、解析（三）要因评价" (no space) is a part's sub-step, and a sub-item number after a
    step ("（三）现状调查 （1）查检表") names no second step."""
    m = match_heading("五、解析（三）要因评价", strict=False)
    assert m is not None and m.steps == ("main_causes",)
    m = match_heading("（三）现状调查 （1）查检表", strict=False)
    assert m is not None and m.steps == ("current_state",)


def _plan_without_cause_column(n_rows: int) -> list[list[str]]:
    return [[c for j, c in enumerate(row) if j != 1] for row in PLAN_TABLE[: n_rows + 1]]


def test_p1_one_row_short_of_a_table_without_cause_column_is_a_review() -> None:
    """Seen fresh9 o16: 4 真因, 3 对策 rows with no 要因 column, one 对策 (a two-version 服药卡) answering two
    真因. A table that does not say which 要因 each row serves may give one 对策 to two of them: the
    count alone is no positive evidence of a 要因 left without 对策."""
    r = run_check(set_slide(good_problem_solving(), "六、制定对策", [_plan_without_cause_column(2)]))
    assert "P1" not in rule_ids(r) and "P1" in reviewed_ids(r)


def test_p1_far_too_few_rows_or_a_named_cause_column_stays_a_finding() -> None:
    """The twins: one row for three 要因 is more than one 对策 serving two; and where a 要因 column names
    each row's cause, a 要因 absent from it has no 对策."""
    r = run_check(set_slide(good_problem_solving(), "六、制定对策", [_plan_without_cause_column(1)]))
    assert "P1" in rule_ids(r)
    r = run_check(set_slide(good_problem_solving(), "六、制定对策", [PLAN_TABLE[:3]]))
    assert "P1" in rule_ids(r)


def test_a_verdict_line_led_by_a_circled_number_is_read() -> None:
    """Seen fresh9 o29: "⑤春季巡视周期偏长：…符合运行规程——非要因" — the circled number leading the line
    became a list separator, so neither this 非要因 nor the 要因 worded the same way were read, and a
    对策 row for the 非要因 went unnoticed."""
    text = (
        "①焊丝烘干不到位：抽查12批焊丝，含水量超标5批，气孔集中在这些批次——要因\n"
        "②夹具定位销磨损：测量定位销直径均在公差内，与错边无对应关系——非要因"
    )
    doc, steps = doc_of([("main_causes", 8, "五、要因确认"), ("main_causes", 8, text)])
    assert cause_verdicts(doc, steps) == (["焊丝烘干不到位"], ["夹具定位销磨损"])
    # circled numbers inside a line stay separators of a list
    listed = "确定要因2条：①焊丝烘干不到位②预热温度偏低"
    doc, steps = doc_of([("main_causes", 8, "五、要因确认"), ("main_causes", 8, listed)])
    assert cause_verdicts(doc, steps)[0] == ["焊丝烘干不到位", "预热温度偏低"]


def test_the_first_n_of_a_counted_verification_are_the_true_causes() -> None:
    """Seen fresh9 o25: a 查检 counts the cases of each 要因 on one line, the next keeps "前三项" as 真因 —
    the kept are the 真因 and the one counted but not kept is no 真因 (its 对策 row is for a 非真因)."""
    counts = "气孔18例、未熔合9例、咬边5例、焊瘤2例"
    keep = "按80/20原则，前三项累计94.1%，为真因"
    doc, steps = doc_of([("main_causes", 8, "真因验证"), ("main_causes", 8, f"{counts}\n{keep}")])
    assert cause_verdicts(doc, steps) == (["气孔", "未熔合", "咬边"], ["焊瘤"])
    # a line rejecting the first ones keeps none of them, and no count line keeps nothing
    doc, steps = doc_of([("main_causes", 8, "真因验证"), ("main_causes", 8, f"{counts}\n前两项为非要因")])
    assert cause_verdicts(doc, steps)[0] == []
    doc, steps = doc_of([("main_causes", 8, "真因验证"), ("main_causes", 8, "前三项为真因")])
    assert cause_verdicts(doc, steps) == ([], [])


def test_p2_a_screenshot_whose_owner_names_fell_into_the_date_is_a_review() -> None:
    """Seen fresh9 o27: a scanned 对策表 whose OCR lost the 负责人 header and read each name into the 时间
    cell ("2024年郑立新5月"): review, not "缺少负责人栏"; the same screenshot with bare dates still lacks it."""
    merged = [[*r[:6], r[6] if k == 0 else r[6][:5] + r[7] + r[6][5:]] for k, r in enumerate(PLAN_TABLE)]
    r = check(as_screenshot(deck(set_slide(good_problem_solving(), "六、制定对策", [merged])), merged[1][1]))
    assert not any("缺少负责人" in f.message for f in r.findings) and "P2" in reviewed_ids(r)
    bare = [r[:7] for r in PLAN_TABLE]
    r = check(as_screenshot(deck(set_slide(good_problem_solving(), "六、制定对策", [bare])), bare[1][1]))
    assert any("缺少负责人" in f.message for f in r.findings)


def _fishbone_and_scoring(rest_row: list[str] | None) -> CheckReport:
    """The layouts' 鱼骨图 of 8 causes and 要因评价表 of 6 (maybe a row lumping the rest); the scoring sentence
    claims no full coverage."""
    return _scored_then_verified("圈员9人按5/3/1分评分，依80/20法则选出得分≥34分的4项为要因。", rest_row)


def test_k2_causes_lumped_by_count_in_the_scoring_table_are_a_review() -> None:
    """Seen fresh9 o34: the 要因评价表 ends with "其余4项 | — | ≤15": the causes the 因果图 names and the table
    does not were scored as a lump, not dropped silently — review, not a finding; a lump of fewer than the
    causes missing, or none, stays the defect."""
    r = _fishbone_and_scoring(["其余2项", "≤15", "否"])
    assert not finding_messages(r, "K2") and "K2" in reviewed_ids(r)
    assert finding_messages(_fishbone_and_scoring(["其余1项", "≤15", "否"]), "K2")
    assert finding_messages(_fishbone_and_scoring(None), "K2")
