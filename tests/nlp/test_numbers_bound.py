"""A figure counts for the 课题's metric only when it is bound to it (docs/rules.md "Stop 27"): a role label,
the metric's name beside it, a table row / chart series that names it (or the only one). Arithmetic on a
figure read by position — a table's first row among several, a series among several, a change on the effect
slide that names no metric — goes to 人工复核 with the figure and where it came from, never a G1 / E1 finding.
Seen where it failed: fresh9 o30 (a part's change read as the 现状值), fresh9 o14 (a side gain read as it)."""

from __future__ import annotations

from ingest.model import Chart, Document, Series
from nlp import numbers
from nlp.rulebook import rulebook
from tests.nlp.conftest import rule_findings, rule_reviews, stepped_doc

Item = tuple[str | None, int, "str | Chart | list[list[str]]"]


def _doc(items: list[Item], title: str) -> tuple[Document, list[str | None]]:
    return stepped_doc(items, title)


TAIL: Item = ("consolidate", 17, "巩固措施：将新方法纳入作业指导书QG/ZY-031-2024。")


def _waiting(effect: list[Item], target: str = "目标值：25分钟。") -> tuple[Document, list[str | None]]:
    """A 缩短 topic whose 现状值 is stated nowhere before the effect slide."""
    return _doc(
        [("set_target", 6, target), *effect, TAIL],
        title="缩短门诊患者候诊时间",
    )


def _g1_direction(doc: Document, steps: list[str | None]) -> tuple[list[str], list[str]]:
    found = [f.message for f in rule_findings("G1", doc, steps) if "目标方向错误" in f.message]
    reviewed = [r.message for r in rule_reviews("G1", doc, steps) if "目标方向错误" in r.message]
    return found, reviewed


def test_a_part_change_on_the_effect_slide_is_no_baseline_for_a_direction_finding() -> None:
    """ "其中挂号环节由21分钟降至8分钟": a stage of the wait, not the wait; a target of 25 minutes is not
    "wrong" against it. The check goes to a reviewer, naming the figure and the sentence."""
    for sentence in (
        "效果检查：其中挂号环节由21分钟降至8分钟。",
        "效果检查：分诊排队从21分钟缩短到8分钟，达到目标。",
    ):
        doc, steps = _waiting([("check_effect", 15, sentence)])
        found, reviewed = _g1_direction(doc, steps)
        assert found == [], sentence
        assert len(reviewed) == 1, sentence
        [r] = [r for r in rule_reviews("G1", doc, steps) if "目标方向错误" in r.message]
        assert "21分钟" in r.reason and "没有写明是课题指标" in r.reason


def test_a_change_that_names_the_metric_still_gives_the_direction_finding() -> None:
    """The twin: the effect sentence names the 候诊时间, so its from-value is the 现状值 and a target above
    it is on the wrong side."""
    for sentence in (
        "效果检查：患者候诊时间由38分钟降至21分钟。",
        "效果检查：活动后门诊候诊时间从38分钟缩短至21分钟。",
    ):
        doc, steps = _waiting([("check_effect", 15, sentence)], target="目标值：45分钟。")
        found, reviewed = _g1_direction(doc, steps)
        assert len(found) == 1 and "45分钟" in found[0] and "38分钟" in found[0], sentence
        assert reviewed == []


def _yield_deck(effect: Item) -> tuple[Document, list[str | None]]:
    return _doc(
        [
            ("current_state", 4, "现状调查：2024年1—3月产品一次合格率平均为80%。"),
            ("set_target", 6, "目标：将产品一次合格率由80%提高到90%。"),
            ("check_effect", 15, "效果检查：达到目标，目标达成率为150%。"),
            effect,
            TAIL,
        ],
        title="提高产品一次合格率",
    )


def _e1(doc: Document, steps: list[str | None]) -> tuple[list[str], list[str]]:
    """(the rates judged against figures bound to the metric, the ones sent to review for the reading); a bound
    rate that does not recompute is itself a review since stop 34 (`recomputed`: the rule spoke)."""
    recomputed = rulebook().rules["E1"].reviews["recomputed"]
    found = [f.message for f in rule_findings("E1", doc, steps) if "达成率写为" in f.message]
    reviews = [r for r in rule_reviews("E1", doc, steps) if "达成率写为" in r.message]
    found += [r.message for r in reviews if r.reason == recomputed]
    return found, [r.message for r in reviews if r.reason != recomputed]


def test_a_table_of_several_rows_none_named_for_the_metric_is_a_review() -> None:
    """The first row of figures of a table whose rows name other things (a count, a time) is not the
    metric's: 150 % against a recomputation from it is for a reviewer."""
    grid = [["指标", "活动前", "目标", "活动后"], ["班组A", "80", "90", "88"], ["班组B", "79", "90", "96"]]
    doc, steps = _yield_deck(("check_effect", 15, grid))
    found, reviewed = _e1(doc, steps)
    assert found == [] and len(reviewed) == 1
    rep = numbers.analyze(doc, steps)
    assert rep.after is not None and rep.after.bound is False and rep.after.row == "班组A"


def test_the_row_that_names_the_metric_or_a_table_of_one_row_is_bound() -> None:
    """Twins: the row named for the 合格率 among others, and a table whose only row of figures is read."""
    named = [
        ["指标", "活动前", "目标", "活动后"],
        ["检验批次", "120", "120", "130"],
        ["一次合格率(%)", "80", "90", "88"],
    ]
    alone = [["项目", "活动前", "目标", "活动后"], ["结果", "80", "90", "88"]]
    for grid in (named, alone):
        doc, steps = _yield_deck(("check_effect", 15, grid))
        found, reviewed = _e1(doc, steps)
        assert len(found) == 1 and "80.0%" in found[0], grid
        assert reviewed == []


def test_rows_labelled_before_and_after_read_by_their_only_column_or_the_named_one() -> None:
    """现状 / 目标 / 活动后 as row labels: column 1 is the metric's when it is the only column of figures
    or its header names the metric; beside another column of figures it is not."""
    several = [["阶段", "样本数", "合格数"], ["活动前", "80", "64"], ["目标", "90", "72"], ["活动后", "88", "70"]]
    named = [
        ["阶段", "一次合格率(%)", "样本数"],
        ["活动前", "80", "500"],
        ["目标", "90", "500"],
        ["活动后", "88", "520"],
    ]
    doc, steps = _yield_deck(("check_effect", 15, several))
    assert _e1(doc, steps)[0] == []
    doc, steps = _yield_deck(("check_effect", 15, named))
    assert len(_e1(doc, steps)[0]) == 1


def test_a_chart_series_among_several_is_bound_only_by_its_name() -> None:
    cats = ["活动前", "目标", "活动后"]
    other = Chart(
        kind="bar",
        categories=cats,
        series=[Series(name="A线", values=[80, 90, 88]), Series(name="B线", values=[79, 90, 96])],
    )
    named = Chart(
        kind="bar",
        categories=cats,
        series=[Series(name="一次合格率", values=[80, 90, 88]), Series(name="样本数", values=[500, 500, 520])],
    )
    single = Chart(kind="bar", categories=cats, series=[Series(name="系列1", values=[80, 90, 88])])
    doc, steps = _yield_deck(("check_effect", 15, other))
    assert _e1(doc, steps)[0] == [] and len(_e1(doc, steps)[1]) == 1
    for chart in (named, single):
        doc, steps = _yield_deck(("check_effect", 15, chart))
        assert len(_e1(doc, steps)[0]) == 1, chart.series[0].name


def test_a_change_that_starts_from_the_bound_baseline_is_bound() -> None:
    """ "由80%提高到88%" names no metric but starts from the 现状值 read: it is the metric's after value."""
    doc, steps = _yield_deck(("check_effect", 15, "活动后由80%提高到88%。"))
    found, reviewed = _e1(doc, steps)
    assert len(found) == 1 and reviewed == []


def test_a_target_label_before_another_measure_is_not_the_metrics_target() -> None:
    """ "目标：设备利用率达到70%" on a 合格率 topic: the figure is the 利用率's. Against the 现状值 80 % it is
    no wrong-side target of the 合格率; the label before the metric's own name stays bound."""
    for target in ("小组目标：设备利用率达到70%。", "目标：班组平均作业时间缩短至70分钟，合格率提高"):
        doc, steps = _doc(
            [("current_state", 4, "现状调查：产品一次合格率平均为80%。"), ("set_target", 6, target), TAIL],
            title="提高产品一次合格率",
        )
        rep = numbers.analyze(doc, steps)
        assert rep.target is not None and rep.target.bound is False, target
        assert _g1_direction(doc, steps)[0] == [], target
    doc, steps = _doc(
        [
            ("current_state", 4, "现状调查：产品一次合格率平均为80%。"),
            ("set_target", 6, "目标：一次合格率达到70%。"),
            TAIL,
        ],
        title="提高产品一次合格率",
    )
    found, reviewed = _g1_direction(doc, steps)
    assert len(found) == 1 and reviewed == []
