"""Readings of 现状调查, 课题名称 and 目标 that new hands' wording broke (issue 10, stop 29, judge46): each test
in our own words and several phrasings, with the twin where the rule must still decide the other way."""

from __future__ import annotations

import pytest

from ingest.model import Block, BlockKind, Chart, Document, Series, SourceRef
from nlp.check import check
from nlp.report import CheckReport
from tests.nlp.conftest import deck, good_problem_solving, set_slide

WEEKS = [
    ["周次", "检查件数", "不良件数", "不良率"],
    ["第1周", "1200", "41", "3.4%"],
    ["第2周", "1150", "40", "3.5%"],
    ["第3周", "1230", "45", "3.7%"],
    ["合计", "3580", "126", "3.5%"],
]
MONTHS = [
    ["月份", "调查例数", "超时例数", "超时率"],
    ["1月", "310", "52", "16.8%"],
    ["2月", "280", "45", "16.1%"],
    ["3月", "305", "53", "17.4%"],
]


def _with_chart(doc: Document, after_text: str, chart: Chart) -> Document:
    """The document with a chart block placed right after the block whose text starts with `after_text`."""
    blocks: list[Block] = []
    for b in doc.blocks:
        blocks.append(b)
        if b.text.startswith(after_text):
            src = SourceRef(page=b.source.page, order=b.source.order + 50)
            blocks.append(Block(id=b.id + "c", kind=BlockKind.chart, text=chart.to_text(), chart=chart, source=src))
    return doc.model_copy(update={"blocks": blocks})


def _x1(items: list, chart: Chart | None = None) -> CheckReport:
    doc = deck(set_slide(good_problem_solving(), "二、现状调查", items))
    if chart is not None:
        doc = _with_chart(doc, items[0], chart)
    return check(doc)


def _x1_findings(r: CheckReport) -> list[str]:
    return [f.message for f in r.findings if f.rule == "X1"]


@pytest.mark.parametrize(
    ("lead", "rows"),
    [
        ("收集了2024年4月1日—4月21日的检验数据，按周统计如下表。", WEEKS),
        ("调查期间2024年1—3月，共调查895例，按月汇总如下。", MONTHS),
        ("2024年4月逐日抽查，按 周 记录不良情况：", WEEKS),
    ],
)
def test_a_survey_split_only_by_its_period_is_not_stratified(lead: str, rows: list[list[str]]) -> None:
    """A survey that gives the metric per week or per month (and their total) and names no 症结 shows the level
    over time, not where the loss lies: a finding that says it was neither stratified nor a 症结 found (seen
    fresh11 q04: four weekly totals and their bar chart, "各周都在3.4%～3.7%之间")."""
    msgs = _x1_findings(_x1([lead, [r[:] for r in rows], "各期数据都偏高，需要采取措施降低。"]))
    assert msgs and "没有对数据分层" in msgs[0] and "没有找出症结" in msgs[0]


def test_a_chart_of_the_periods_is_no_stratification_either() -> None:
    """The same survey drawn as a bar chart of 第1周…第4周 (no table): still unstratified."""
    weeks = Chart(
        kind="bar",
        categories=["第1周", "第2周", "第3周", "第4周"],
        series=[Series(name="不良率", values=[3.4, 3.5, 3.7, 3.5])],
    )
    lead = "2024年4月共抽查4800件，按周统计不良率见下图，各周均偏高。"
    assert any("没有对数据分层" in m for m in _x1_findings(_x1([lead], weeks)))


@pytest.mark.parametrize(
    "lead",
    [
        "2024年4月共抽查4800件，按缺陷类型统计如下，不良件数最多的一类需重点分析。",
        "2024年4月共抽查4800件，按周统计，并按不良部位分类统计如下。",
    ],
)
def test_a_split_by_category_without_a_named_symptom_stays_a_review(lead: str) -> None:
    """The twin: a split by 缺陷类型 / 部位 (with or beside the weekly one) whose leading category is not named
    in words the list knows stays a review, as before."""
    r = _x1([lead, [["类型", "件数"], ["桥连", "82"], ["虚焊", "25"], ["漏焊", "19"]]])
    assert not _x1_findings(r)
    assert "X1" in {x.rule for x in r.reviews}


def test_a_period_split_beside_a_chart_of_categories_stays_a_review() -> None:
    """The twin: the weekly phrase beside a chart whose categories are the defect types (a Pareto read as
    data) is a stratification the words did not name."""
    types = Chart(kind="bar", categories=["桥连", "虚焊", "漏焊"], series=[Series(name="件数", values=[82, 25, 19])])
    r = _x1(["2024年4月共抽查4800件，按周统计后再分类如下图。"], types)
    assert not _x1_findings(r)


def test_a_period_split_that_names_its_symptom_is_no_finding() -> None:
    """The twin: a weekly split followed by the 症结 named is a complete survey."""
    lead = "收集了2024年4月1日—4月21日的检验数据，按周统计如下表；其中桥连占65.1%，是本课题的症结。"
    assert not _x1_findings(_x1([lead, [r[:] for r in WEEKS]]))


def _g1(lines: list) -> list[str]:
    return [
        f.message
        for f in check(deck(set_slide(good_problem_solving(), "三、设定目标", lines))).findings
        if f.rule == "G1"
    ]


@pytest.mark.parametrize(
    "target",
    [
        "课题目标：转向节镗孔尺寸超差率下降30%。",
        "目标：尺寸超差率降低了45%。",
        "活动目标：尺寸超差率减少1.2个百分点。",
        "目标：尺寸超差率由2.6%降低67%。",
    ],
)
def test_a_target_stated_as_the_amount_of_the_drop_is_no_wrong_direction(target: str) -> None:
    """ "降低30%" (a relative drop) or "减少1.2个百分点" states how much the metric falls, not the level it
    reaches: its figure is no target value above the 现状值 2.6%."""
    assert not any("方向" in m for m in _g1([target, "目标依据：顾客质量协议要求。"]))


@pytest.mark.parametrize("target", ["课题目标：尺寸超差率下降到3.0%。", "目标：尺寸超差率由2.6%降至3.0%。"])
def test_a_target_level_above_the_baseline_is_still_the_wrong_direction(target: str) -> None:
    """The twin: with "到/至" the figure is the level reached, and 3.0% is no drop from 2.6%."""
    assert any("方向" in m for m in _g1([target, "目标依据：顾客质量协议要求。"]))


def _s1(title: str) -> tuple[list[str], list[str]]:
    slides = good_problem_solving()
    slides[0] = (title, slides[0][1])
    r = check(deck(slides))
    return [f.message for f in r.findings if f.rule == "S1"], [x.reason for x in r.reviews if x.rule == "S1"]


@pytest.mark.parametrize(
    "title",
    [
        "运用PDCA循环降低转向节镗孔尺寸超差率",
        "应用品管圈手法降低转向节镗孔尺寸超差率",
        "FOCUS-PDCA在降低转向节镗孔尺寸超差率中的应用",
    ],
)
def test_an_improvement_framework_in_the_title_is_a_review(title: str) -> None:
    """A title crowned with the improvement framework (hospital and PDCA decks' custom; the seen truths split on
    it, fresh10 p27 against fresh3 h15) is neither passed silently nor charged: a review with its reason."""
    findings, reviews = _s1(title)
    assert not findings
    assert reviews and "惯例" in reviews[0]


def test_a_technical_means_in_the_title_is_still_a_finding() -> None:
    """The twin: a technical means ("应用在线测量") in the title stays a finding, no review."""
    findings, _ = _s1("应用在线测量降低转向节镗孔尺寸超差率")
    assert findings and "手段" in findings[0]


TYPES = [["缺陷类型", "件数"], ["孔径超差", "78"], ["位置度超差", "14"], ["端面跳动超差", "8"], ["其他", "4"]]


@pytest.mark.parametrize(
    "said",
    [
        "孔径超差最多，是需要解决的重点问题。",
        "其中孔径超差的件数最多，应优先解决。",
        "件数最多的是孔径超差。",
        "孔径超差居首位。",
    ],
)
def test_the_leading_category_of_a_split_named_as_standing_out_is_the_symptom(said: str) -> None:
    """A table split by 缺陷类型 (no 分层/占比 word) whose leading row the text names as the one that stands out
    ("…最多", "…居首位") has been stratified down to its 症结, whatever the text calls it: no X1."""
    r = _x1(["2023年7月抽查转向节4000件，超差104件，超差率2.6%。", [row[:] for row in TYPES], said])
    assert not _x1_findings(r) and "X1" not in {x.rule for x in r.reviews}


def test_a_chart_of_stages_whose_longest_is_named_is_the_symptom() -> None:
    """The same reading on a chart: the stage with the longest time called 最长."""
    stages = Chart(
        kind="bar", categories=["挂号", "等待配液", "穿刺"], series=[Series(name="分钟", values=[3.1, 21.2, 14.3])]
    )
    r = _x1(["2023年7月随机测时200例，平均等候38.6分钟，各环节时间见下图。"], stages)
    assert "X1" in {x.rule for x in r.reviews} or _x1_findings(r)
    r = _x1(["2023年7月随机测时200例，平均等候38.6分钟，其中等待配液时间最长。"], stages)
    assert not _x1_findings(r) and "X1" not in {x.rule for x in r.reviews}


@pytest.mark.parametrize("said", ["端面跳动超差最多。", "需进一步分析。"])
def test_a_split_whose_leading_category_is_not_named_still_has_no_symptom(said: str) -> None:
    """The twins: a row that does not lead named 最多 (端面跳动超差 has 8 of 104), or none named: still no 症结."""
    r = _x1(["2023年7月抽查转向节4000件，超差104件，超差率2.6%。", [row[:] for row in TYPES], said])
    assert any("没有找出症结" in m for m in _x1_findings(r))
