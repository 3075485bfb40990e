"""Numbers: baseline, target, after values, direction (G1), effect vs target (E1, E3), recomputed rates."""

from __future__ import annotations

from ingest.model import Block, BlockKind, Chart, Document, Series, SourceRef
from nlp import numbers
from tests.nlp.conftest import rule_findings, stepped_doc


def doc_of(
    items: list[tuple[str | None, int, str | Chart]], title: str = "降低焊装车间焊接不良率"
) -> tuple[Document, list[str | None]]:
    return stepped_doc(items, title)


def deck(
    effect: str,
    target: str = "目标：将焊接不良率由3.2%降低到1.5%。",
    tail: str = "巩固措施：将作业方法纳入《焊接作业指导书》QG/HZ-012-2023。",
) -> tuple[Document, list[str | None]]:
    return doc_of(
        [
            ("current_state", 4, "现状调查：2023年1—3月焊接不良率平均为3.2%。"),
            ("set_target", 6, target),
            ("check_effect", 15, effect),
            ("consolidate", 17, tail),
        ]
    )


def test_consistent_numbers_pass() -> None:
    rep = numbers.analyze(*deck("活动后焊接不良率降至1.1%，低于目标值1.5%，目标达成率为123.53%，进步率65.6%。"))
    assert rep.direction == "decrease" and rep.metric == "焊装车间焊接不良率"
    assert rep.baseline and rep.baseline.value == 3.2 and rep.baseline.unit == "%"
    assert rep.target and rep.target.value == 1.5 and rep.target.page == 6
    assert rep.after and rep.after.value == 1.1
    assert rep.achievement_computed == 123.53 and rep.progress_computed == 65.62
    assert rep.target_met is True and rep.improved is True and rep.compared_with_target is True
    assert rep.findings == []
    assert rep.model_dump(mode="json")["target"]["value"] == 1.5


def test_wrong_direction_is_g1() -> None:
    rep = numbers.analyze(*deck("活动后焊接不良率为1.1%，达到目标。", target="目标值：3.5%"))
    g1 = [f for f in rep.findings if f.rule == "G1"]
    assert len(g1) == 1 and g1[0].step == "set_target" and 6 in g1[0].pages


def test_increase_direction_from_title() -> None:
    doc, steps = doc_of(
        [
            ("current_state", 4, "现状一次交检合格率为92.5%"),
            ("set_target", 6, "目标：一次交检合格率提高到90%"),
        ],
        title="提高电缆接头一次交检合格率",
    )
    rep = numbers.analyze(doc, steps)
    assert rep.direction == "increase"
    assert [f.rule for f in rep.findings] == ["G1"]


def test_effect_without_target_comparison_is_e1() -> None:
    rep = numbers.analyze(*deck("活动后焊接不良率为1.1%，较活动前明显下降。"))
    e1 = [f for f in rep.findings if f.rule == "E1"]
    assert len(e1) == 1 and e1[0].pages == [15] and rep.compared_with_target is False


def test_wrong_achievement_rate_is_e1() -> None:
    rep = numbers.analyze(*deck("活动后不良率为1.1%，达到目标，目标达成率=(3.2-1.1)/(3.2-1.5)×100%=110%"))
    e1 = [f for f in rep.findings if f.rule == "E1"]
    assert len(e1) == 1 and "123.5" in e1[0].message
    assert rep.achievement_stated == 110


def test_target_missed_then_consolidate_is_e3() -> None:
    rep = numbers.analyze(*deck("活动后焊接不良率为2.0%，与目标1.5%相比仍有差距。"))
    assert rep.target_met is False
    e3 = [f for f in rep.findings if f.rule == "E3"]
    assert len(e3) == 1 and e3[0].step == "check_effect"


def test_target_missed_with_loop_back_is_not_e3() -> None:
    rep = numbers.analyze(*deck("活动后焊接不良率为2.0%，未达到目标1.5%，小组返回原因分析，重新开展第二轮PDCA循环。"))
    assert rep.target_met is False and rep.loops_back is True
    assert not [f for f in rep.findings if f.rule == "E3"]


def test_values_from_effect_chart() -> None:
    chart = Chart(
        kind="bar",
        title="活动前后对比",
        categories=["活动前", "目标值", "活动后"],
        series=[Series(name="不良率", values=[3.2, 1.5, 1.3])],
    )
    doc, steps = doc_of([("check_effect", 15, chart), ("check_effect", 15, "效果检查：实现了课题目标。")])
    rep = numbers.analyze(doc, steps)
    assert rep.baseline and rep.baseline.value == 3.2
    assert rep.target and rep.target.value == 1.5
    assert rep.after and rep.after.value == 1.3 and rep.target_met is True


def test_registered_checks_filter_rules() -> None:
    doc, steps = deck("活动后焊接不良率为2.0%。", target="目标值：3.5%")
    direction = numbers.analyze(doc, steps).findings
    g1 = rule_findings("G1", doc, steps, target_kind="self_set")
    assert {f.rule for f in g1} == {"G1"}
    assert {f.message for f in direction if f.rule == "G1"} <= {f.message for f in g1}
    e1 = rule_findings("E1", doc, steps, target_kind="self_set")
    assert {f.rule for f in e1} == {"E1"}
    assert {f.message for f in direction if f.rule == "E1"} <= {f.message for f in e1}


def test_direction_and_metric_helpers() -> None:
    assert numbers.direction_of("缩短数控车床换型时间") == "decrease"
    assert numbers.direction_of("提升客户满意度") == "increase"
    assert numbers.direction_of("XX装置的研制") is None
    assert numbers.metric_of("降低焊接不良率") == "焊接不良率"


def test_values_from_docx_chart_table_and_text_baseline() -> None:
    from ingest.model import Cell, Table

    rows = [["系列", "现状", "目标"], ["不合格率", "3.2", "1.5"]]
    t = Table(
        rows=[[Cell(text=x, row=r, col=c) for c, x in enumerate(row)] for r, row in enumerate(rows)], n_rows=2, n_cols=3
    )
    blocks = [
        Block(id="t", kind=BlockKind.title, text="降低冻干粉针剂可见异物不合格率", source=SourceRef(page=1)),
        Block(
            id="a",
            kind=BlockKind.paragraph,
            text="据质量部月报统计，2022年10—12月可见异物不合格率平均为3.2%。",
            source=SourceRef(page=3),
        ),
        Block(id="b", kind=BlockKind.table, text=t.to_text(), table=t, source=SourceRef(page=5)),
    ]
    doc = Document(doc_id="x", filename="x.docx", format="docx", blocks=blocks)
    rep = numbers.analyze(doc, [None, "select_topic", "set_target"])
    assert rep.baseline and rep.baseline.value == 3.2
    assert rep.target and rep.target.value == 1.5 and rep.target.page == 5
    assert rep.findings == []


def test_compound_units_keep_symptom_counts_out_of_the_after_value() -> None:
    from ingest.model import Cell, Table

    rows = [
        ["项目", "活动前", "目标值", "活动后"],
        ["车门故障率", "0.92次/万车公里", "0.5次/万车公里", "0.588次/万车公里"],
    ]
    t = Table(
        rows=[[Cell(text=x, row=r, col=c) for c, x in enumerate(row)] for r, row in enumerate(rows)], n_rows=2, n_cols=4
    )
    blocks = [
        Block(id="t", kind=BlockKind.title, text="降低地铁车辆客室车门故障率", source=SourceRef(page=1)),
        Block(
            id="a",
            kind=BlockKind.paragraph,
            text="将车门故障率由0.92次/万车公里降至0.5 次/万车公里。",
            source=SourceRef(page=2),
        ),
        Block(
            id="b",
            kind=BlockKind.paragraph,
            text="实施后行程开关故障次数降为1 次/月（实施前6 次/月）。",
            source=SourceRef(page=6),
        ),
        Block(id="c", kind=BlockKind.table, text=t.to_text(), table=t, source=SourceRef(page=6)),
        Block(
            id="d",
            kind=BlockKind.paragraph,
            text="车门故障率未达到目标值，目标达成率为79%。活动后症结由 93次减少为12 次。",
            source=SourceRef(page=7),
        ),
        Block(id="e", kind=BlockKind.paragraph, text="1．加强管理，要求员工严格按规定操作。", source=SourceRef(page=7)),
    ]
    doc = Document(doc_id="x", filename="x.pdf", format="pdf", blocks=blocks)
    rep = numbers.analyze(doc, [None, "set_target", "check_effect", "check_effect", "check_effect", "consolidate"])
    assert rep.target and rep.target.unit == "次/万车公里"
    assert rep.after and rep.after.value == 0.588
    assert rep.achievement_computed == 79.05 and rep.target_met is False
    assert [f.rule for f in rep.findings] == ["E3"]


def test_after_from_actual_column_and_metric_sentence() -> None:
    from ingest.model import Cell, Table

    rows = [["指标", "现状", "目标", "实际"], ["硫酸尾气SO2浓度", "286mg/m³", "189.3mg/m³", "175mg/m³"]]
    t = Table(
        rows=[[Cell(text=x, row=r, col=c) for c, x in enumerate(row)] for r, row in enumerate(rows)], n_rows=2, n_cols=4
    )
    blocks = [
        Block(id="t", kind=BlockKind.title, text="降低硫酸尾气SO2浓度", source=SourceRef(page=1)),
        Block(
            id="a",
            kind=BlockKind.paragraph,
            text="测算：目标值＝现状值－（现状值－同行业先进水平）×症结占比×预计解决程度＝286－（286－111.3）×65.2%×85%≈189.3mg/m³。",
            source=SourceRef(page=3),
        ),
        Block(
            id="b",
            kind=BlockKind.paragraph,
            text="课题目标：将硫酸尾气SO2浓度由286mg/m³降至189.3mg/m³。",
            source=SourceRef(page=3),
        ),
        Block(
            id="c",
            kind=BlockKind.paragraph,
            text="小组于8月跟踪统计，硫酸尾气SO2浓度平均为175mg/m³，实现了课题目标。",
            source=SourceRef(page=9),
        ),
        Block(id="d", kind=BlockKind.table, text=t.to_text(), table=t, source=SourceRef(page=9)),
    ]
    doc = Document(doc_id="x", filename="x.docx", format="docx", blocks=blocks)
    rep = numbers.analyze(doc, [None, "set_target", "set_target", "check_effect", "check_effect"])
    assert rep.target and rep.target.value == 189.3 and rep.target.unit == "mg/m3"  # NFKC folds ³
    assert rep.after and rep.after.value == 175 and rep.target_met is True and rep.findings == []


def _table_block(rows: list[list[str]], page: int, bid: str) -> Block:
    from ingest.model import Cell, Table

    t = Table(
        rows=[[Cell(text=x, row=r, col=c) for c, x in enumerate(row)] for r, row in enumerate(rows)],
        n_rows=len(rows),
        n_cols=len(rows[0]),
    )
    return Block(id=bid, kind=BlockKind.table, text=t.to_text(), table=t, source=SourceRef(page=page))


def _with_table(doc: Document, steps: list[str | None], block: Block, step: str) -> tuple[Document, list[str | None]]:
    return doc.model_copy(update={"blocks": [*doc.blocks, block]}), [*steps, step]


def test_table_values_carry_row_and_column_headers_and_the_metric_row_is_read() -> None:
    """Regression (issue 10): a table of several metrics was read on its first row (a count), giving a
    达成率 of −15,506,995.7 % that was reported as a defect. The row that names the metric is read."""
    doc, steps = doc_of(
        [
            ("current_state", 4, "现状调查：焊接不良率平均为3.2%。"),
            ("set_target", 6, "目标：将焊接不良率由3.2%降低到1.5%。"),
            ("check_effect", 15, "效果检查：达到目标，目标达成率123.5%。"),
            ("consolidate", 17, "巩固措施：纳入《焊接作业指导书》QG/HZ-012-2023。"),
        ]
    )
    block = _table_block(
        [
            ["项目", "活动前", "目标", "活动后"],
            ["检查数（件）", "1000", "1000", "5200"],
            ["焊接不良率（%）", "3.2", "1.5", "1.1"],
        ],
        15,
        "tb",
    )
    rep = numbers.analyze(*_with_table(doc, steps, block, "check_effect"))
    assert rep.after is not None and rep.after.value == 1.1
    assert rep.after.source == "table" and rep.after.row == "焊接不良率（%）" and rep.after.column == "活动后"
    assert rep.after.unit == "%"
    assert rep.achievement_computed == 123.53 and rep.findings == [] and rep.unverifiable == []


def test_implausible_rate_is_unverifiable_not_a_defect() -> None:
    """Values picked from an unrelated table give an absurd 达成率: "无法核对" with the place, no E1/E3."""
    doc, steps = doc_of(
        [
            ("current_state", 4, "现状调查：焊接不良率平均为3.2%。"),
            ("set_target", 6, "目标值：1.5%。"),
            ("check_effect", 15, "效果检查：达到目标，目标达成率为110%。"),
            ("consolidate", 17, "巩固措施：纳入《焊接作业指导书》QG/HZ-012-2023。"),
        ]
    )
    block = _table_block([["统计项", "活动后"], ["抽检焊点数", "26380"]], 15, "tb")
    rep = numbers.analyze(*_with_table(doc, steps, block, "check_effect"))
    assert rep.after is not None and rep.after.value == 26380 and rep.after.row == "抽检焊点数"
    assert [f.rule for f in rep.findings] == []
    assert rep.target_met is None
    [u] = rep.unverifiable
    assert u.what == "目标达成率" and u.pages == [15] and "超出合理范围" in u.reason and "抽检焊点数" in u.reason


def test_mixed_units_are_unverifiable() -> None:
    rep = numbers.analyze(*deck("活动后焊接不良率降至1.1‰，目标达成率为99%。"))
    assert [f.rule for f in rep.findings if f.rule in ("E1", "E3")] == []
    assert [u.what for u in rep.unverifiable] == ["单位"]


def test_progress_in_points_is_unverifiable_not_e1() -> None:
    """百分点 vs %: a 进步率 written as the point difference is not a wrong figure to report."""
    rep = numbers.analyze(*deck("活动后焊接不良率降至1.1%，达到目标值，目标达成率123.5%，进步率2.1个百分点。"))
    assert rep.progress_in_points and rep.progress_stated == 2.1
    assert [f.rule for f in rep.findings] == []
    assert [u.what for u in rep.unverifiable] == ["进步率"] and "百分点" in rep.unverifiable[0].reason
    rep2 = numbers.analyze(*deck("活动后焊接不良率降至1.1%，达到目标值，目标达成率123.5%，进步率2.1%。"))
    assert [f.rule for f in rep2.findings] == [] and [u.what for u in rep2.unverifiable] == ["进步率"]


def test_target_equal_to_baseline_is_unverifiable_not_g1() -> None:
    rep = numbers.analyze(*deck("活动后焊接不良率为1.1%，达到目标。", target="目标值：3.2%"))
    assert [f.rule for f in rep.findings] == []
    assert [u.what for u in rep.unverifiable] == ["目标方向"]


def test_target_label_followed_by_another_label_is_skipped() -> None:
    """ "目标柱状图：现况 42.0% → 目标 13.3%": 42.0 is the 现况 value, not the target."""
    rep = numbers.analyze(*deck("活动后焊接不良率为1.1%，达到目标。", target="目标柱状图：现况 3.2% → 目标 1.5%。"))
    assert rep.target is not None and rep.target.value == 1.5


def test_target_formula_that_does_not_recompute_is_g1() -> None:
    rep = numbers.analyze(
        *deck(
            "活动后焊接不良率为1.1%，达到目标值。",
            target="目标值＝现状值×(1－症结占比×解决程度)＝3.2%×(1－75%×80%)＝1.6%",
        )
    )
    [g1] = [f for f in rep.findings if f.rule == "G1"]
    assert "1.28%" in g1.message and "1.6%" in g1.message and g1.pages == [6]
    ok = numbers.analyze(*deck("活动后焊接不良率为1.1%，达到目标值。", target="目标值＝3.2%×(1－75%×80%)＝1.28%"))
    assert [f.rule for f in ok.findings] == []


def test_target_formula_broken_across_two_lines_is_no_g1() -> None:
    """The page broke the 测算 after its minus sign: the tail alone ("86×44.2%×80%=55.6次") is not the
    formula and must not be recomputed as one (seen fresh12 r47, a scan); a wrong one still is G1."""
    ok = numbers.analyze(
        *deck(
            "活动后月断纸49次，低于目标56次。", target="目标值=现况值-现况值×改善重点×圈能力=86-\n86×44.2%×80%=55.6次"
        )
    )
    assert [f.rule for f in ok.findings if f.rule == "G1"] == []
    bad = numbers.analyze(
        *deck(
            "活动后月断纸49次，低于目标56次。", target="目标值=现况值-现况值×改善重点×圈能力=86-\n86×44.2%×80%=45.6次"
        )
    )
    assert [f.rule for f in bad.findings if f.rule == "G1"] == ["G1"]


def test_target_formula_whose_operator_the_line_break_lost_is_a_review() -> None:
    """The 测算 opens its line after a line that ends in the 现状值, the minus between them lost at the break
    (seen fresh14 u62, a scan): the tail alone does not recompute, joined it does, so neither reading is sure —
    a review naming both, never G1. A tail that recomputes no way it is joined is still G1."""
    cases = [
        ("若症结解决70%，不合格率可降至9.01%\n9.01%×53.9%×70%=5.6%。", "5.6%"),
        ("预计改善后每月断纸为86次\n86×44.2%×80%=55.6次", "55.6"),
        ("现状值为 12.5%\n12.5% × 60% × 80% ＝ 6.5%", "6.5%"),
    ]
    for text, result in cases:
        rep = numbers.analyze(*deck("活动后达到目标。", target=text))
        assert [f.rule for f in rep.findings if f.rule == "G1"] == [], text
        [u] = [u for u in rep.unverifiable if u.what == "目标测算"]
        assert "换行处的运算符" in u.reason and result.rstrip("%") in u.reason
    wrong = numbers.analyze(*deck("活动后达到目标。", target="不良率可降至9.01%\n9.01%×53.9%×70%=4.6%。"))
    assert [f.rule for f in wrong.findings if f.rule == "G1"] == ["G1"]
    assert not [u for u in wrong.unverifiable if u.what == "目标测算"]


def test_target_formula_inside_its_line_is_not_joined_to_the_line_before() -> None:
    """Only a formula that opens its line may continue the one before: "目标值＝…" after a line ending in a
    number is read as written, and a wrong result is G1. (One whose result follows from the target formula
    over its figures, "=5.6%" here, is a review since stop 33 — but never as the line before's continuation.)"""
    rep = numbers.analyze(*deck("活动后达到目标。", target="现状不良率9.01%\n目标值=9.01%×53.9%×70%=4.6%"))
    assert [f.rule for f in rep.findings if f.rule == "G1"] == ["G1"]
    std = numbers.analyze(*deck("活动后达到目标。", target="现状不良率9.01%\n目标值=9.01%×53.9%×70%=5.6%"))
    [u] = [u for u in std.unverifiable if u.what == "目标测算"]
    assert "换行处的运算符" not in u.reason and "目标值测算公式" in u.reason


def test_formula_in_words_is_not_the_baseline() -> None:
    """ "目标值＝现况值＋(100%－现况值)×…": the 100% after 现况值 is part of a formula, not the 现况值."""
    doc, steps = doc_of(
        [
            ("current_state", 4, "现状调查：按时服用率为72.5%。"),
            ("set_target", 6, "目标值＝现况值＋(100%－现况值)×改善重点×圈能力＝87.0%"),
        ],
        title="提高老年住院患者口服药按时服用率",
    )
    rep = numbers.analyze(doc, steps)
    assert rep.baseline is not None and rep.baseline.value == 72.5


def _timed_deck(effect: str) -> tuple[Document, list[str | None]]:
    """A deck that times its stages: the 现状值 is only the first term of the target's 测算 formula."""
    return doc_of(
        [
            ("current_state", 4, "平均每单处理45.0分钟：其中等待审批24.0分钟（53.3%），为症结"),
            ("set_target", 5, "目标值＝45.0×（1－53.3%×60%）≈30.6分钟"),
            ("check_effect", 11, effect),
        ],
        title="缩短采购订单处理时间",
    )


def test_the_target_formula_first_term_is_the_baseline() -> None:
    """ "目标值＝现状值×(1－症结占比×解决率)" written in figures: the target (30.6) lies below its first term
    (45.0), so the direction is right even where a part's figure (24.0) is written elsewhere."""
    rep = numbers.analyze(*_timed_deck("7月平均每单处理29.0分钟，低于目标。"))
    assert rep.baseline and rep.baseline.value == 45.0 and rep.baseline.unit == "分钟"
    assert rep.target and rep.target.value == 30.6
    assert not [f for f in rep.findings if f.rule == "G1"]


def test_a_change_of_a_part_is_not_the_after_value() -> None:
    """ "其中等待审批由24.0分钟降至8.0分钟" speaks of the 症结, not of the whole metric (45.0 → 29.0)."""
    rep = numbers.analyze(*_timed_deck("平均每单处理29.0分钟，低于目标；其中等待审批由24.0分钟降至8.0分钟。"))
    assert rep.baseline and rep.baseline.value == 45.0
    assert rep.after is None or rep.after.value != 8.0
    # the same change starting from the 现状值 is the metric's own
    whole = numbers.analyze(*_timed_deck("处理时间由45.0分钟降至29.0分钟，低于目标。"))
    assert whole.after and whole.after.value == 29.0


def test_a_side_gain_is_no_baseline_when_neither_metric_nor_target_is_read() -> None:
    """A 课题达成型 title names no metric ("构建…模式"), and the target was not read: a change of another
    quantity on the effect slide ("床位周转由1.2次提高到1.5次") is not the 现状值, so the stated 进步率 of the
    main figure is not recomputed from it (seen fresh9 o14). With the target read in the same unit, a change
    is the metric's and its 进步率 is checked."""
    effect = "8月平均用时96分钟，低于目标；目标达成率108%，进步率60.0%；床位周转由1.2次提高到1.5次。"
    doc, steps = doc_of(
        [("set_target", 5, "2024年8月底患者平均用时控制在110分钟以内"), ("check_effect", 12, effect)],
        title="构建门诊患者一站式服务模式",
    )
    rep = numbers.analyze(doc, steps)
    assert rep.baseline is None and not [f for f in rep.findings if "进步率" in f.message]
    doc, steps = doc_of(
        [("set_target", 5, "目标值：15次"), ("check_effect", 12, "床位周转由12次提高到16次，进步率60.0%。")],
        title="构建门诊患者一站式服务模式",
    )
    rep = numbers.analyze(doc, steps)
    assert rep.baseline and rep.baseline.value == 12
    assert [f for f in rep.findings if "进步率" in f.message]


def _adopted(target: str, effect: str) -> numbers.NumbersReport:
    return numbers.analyze(*deck(effect, target=target))


def test_a_rounded_target_after_its_formula_is_the_target() -> None:
    """A 测算 whose result is rounded or adopted right after it ("＝1.28%，取1.3%"): the report measures its
    达成率 against the adopted figure, so the rate recomputes against it (seen fresh12 r52, written anew)."""
    effect = "活动后焊接不良率降至1.1%，目标达成率为110.5%。"  # (3.2−1.1)/(3.2−1.3) = 110.5 %
    for target in (
        "目标值＝3.2%×(1－75%×80%)＝1.28%，取1.3%，年底前达到",
        "目标值＝3.2%×（1－75%×80%）≈1.28%，取整为1.3%。",
        "目标值＝3.2%×(1－75%×80%)＝1.28%；小组将目标定为1.3%",
        "目标值＝3.2%×(1－75%×80%)＝1.28%，确定为1.3",
    ):
        rep = _adopted(target, effect)
        assert rep.target is not None and rep.target.value == 1.3 and rep.target.unit == "%", target
        assert rep.achievement_computed is not None and abs(rep.achievement_computed - 110.53) < 0.01
        assert not [f for f in rep.findings if f.rule in ("E1", "G1")], target


def test_an_adopting_word_on_the_next_line_counts_and_a_later_clause_does_not() -> None:
    effect = "活动后焊接不良率降至1.1%，目标达成率为110.5%。"
    rep = _adopted("目标值＝3.2%×(1－75%×80%)＝1.28%\n取1.3%作为本课题目标", effect)
    assert rep.target is not None and rep.target.value == 1.3
    # without an adopting word the formula's result stays the target, and the rate is checked against it
    plain = _adopted("目标值＝3.2%×(1－75%×80%)＝1.28%，2023年12月前达到", effect)
    assert plain.target is not None and plain.target.value == 1.28
    assert [f.rule for f in plain.findings if f.rule == "E1"] == ["E1"]


def test_a_series_of_figures_summed_up_in_the_sentence_gives_its_summary_as_the_after_value() -> None:
    """The metric's figure opens a series ("分别为a、b、c…") that the same sentence sums up ("平均x"): the
    summary is the after value, not the series' first figure (seen fresh11 q06 once its PDF line was read whole)."""
    for effect, after in (
        ("2024年6—10月焊接不良率月平均值分别为1.4%、1.3%、1.2%、1.1%、1.0%，平均1.2%，低于目标1.5%。", 1.2),
        ("活动后焊接不良率分别为1.3%，1.1%，0.9%，均值1.1%，达到目标。", 1.1),
        ("7月、8月、9月焊接不良率依次为1.2、1.0、0.8%，三个月合计平均为1.0%，目标实现。", 1.0),
    ):
        rep = numbers.analyze(*deck(effect))
        assert rep.after and rep.after.value == after, effect


def test_a_series_without_a_summary_keeps_its_reading() -> None:
    rep = numbers.analyze(*deck("活动后焊接不良率为1.1%、低于目标1.5%，目标达成率123.53%。"))
    assert rep.after and rep.after.value == 1.1 and rep.findings == []
