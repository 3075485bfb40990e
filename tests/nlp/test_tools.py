"""Quality tools: detection, b.1 placement (Q1), b.2 chart rules (Q1, X2) and the tool-use score."""

from __future__ import annotations

from ingest.model import Block, BlockKind, Cell, Chart, Document, Series, SourceRef, Table
from nlp import charts, tools
from tests.nlp.conftest import rule_findings, scanned_tables


def table(rows: list[list[str]]) -> Table:
    return Table(
        rows=[[Cell(text=t, row=r, col=c) for c, t in enumerate(row)] for r, row in enumerate(rows)],
        n_rows=len(rows),
        n_cols=len(rows[0]),
    )


def doc_of(items: list[tuple[str | None, int, str | Table | Chart]]) -> tuple[Document, list[str | None]]:
    blocks = []
    for k, (_, page, content) in enumerate(items):
        src = SourceRef(page=page, order=k)
        if isinstance(content, Table):
            blocks.append(Block(id=f"b{k}", kind=BlockKind.table, text=content.to_text(), table=content, source=src))
        elif isinstance(content, Chart):
            blocks.append(Block(id=f"b{k}", kind=BlockKind.chart, text=content.to_text(), chart=content, source=src))
        else:
            kind = BlockKind.heading if content.endswith("#") else BlockKind.paragraph
            blocks.append(Block(id=f"b{k}", kind=kind, text=content.rstrip("#"), source=src))
    return Document(doc_id="t", filename="t.pptx", format="pptx", pages=30, blocks=blocks), [s for s, _, _ in items]


def pareto_chart(cats: list[str], counts: list[float], cum: list[float] | None = None) -> Chart:
    if cum is None:
        total, run, cum = sum(counts), 0.0, []
        for v in counts:
            run += v
            cum.append(round(run / total * 100, 1))
    return Chart(
        kind="pareto",
        title="焊接不良排列图",
        categories=cats,
        series=[Series(name="频数", values=counts), Series(name="累计百分比", values=cum)],
    )


GOOD_PARETO = pareto_chart(["气孔", "夹渣", "咬边", "其他"], [60, 25, 10, 5])


def good_deck() -> tuple[Document, list[str | None]]:
    return doc_of(
        [
            ("select_topic", 2, "选择课题#"),
            (
                "select_topic",
                2,
                Chart(
                    kind="bar",
                    title="近半年不良率",
                    categories=["1月", "2月"],
                    series=[Series(name="不良率", values=[3.1, 3.3])],
                ),
            ),
            ("current_state", 4, "现状调查#"),
            ("current_state", 4, "小组对2023年1—3月焊接不良进行调查，见调查表1。"),
            ("current_state", 5, GOOD_PARETO),
            ("cause_analysis", 7, "原因分析#"),
            ("cause_analysis", 7, "图5 气孔因果图"),
            ("cause_analysis", 7, "针对排列图找出的症结“气孔”进行原因分析"),
            ("main_causes", 9, "要因确认#"),
            ("main_causes", 9, "对焊丝干燥温度与气孔数绘制散布图，n=35，r=0.86"),
            ("check_effect", 15, "效果检查#"),
            ("check_effect", 15, pareto_chart(["气孔", "夹渣", "其他"], [12, 6, 2])),
            ("summary", 18, "总结#"),
            ("summary", 18, "本次活动运用了排列图、因果图、散布图等工具"),
        ]
    )


def test_detects_tools_in_their_steps_and_scores() -> None:
    rep = tools.analyze(*good_deck(), "problem_solving")
    by = {t.name: t for t in rep.tools}
    assert set(by) >= {"排列图", "因果图", "散布图", "调查表", "简易图表"}
    assert by["排列图"].steps == ["current_state", "check_effect"] and by["排列图"].appropriate
    assert by["因果图"].steps == ["cause_analysis"]  # the reference in 原因分析 is not a Pareto use there
    assert "summary" not in by["因果图"].steps
    assert rep.findings == []
    assert rep.score == 10.0 and rep.max_score == 10.0
    js = [t.model_dump() for t in rep.tools]
    assert {"name", "steps", "appropriate"} <= set(js[0])


def test_fishbone_in_current_state_is_q1() -> None:
    doc, steps = doc_of(
        [
            ("current_state", 4, "现状调查#"),
            ("current_state", 4, "图2 不良率鱼骨图"),
            ("cause_analysis", 6, "原因分析#"),
            ("cause_analysis", 6, "因果图#"),
        ]
    )
    rep = tools.analyze(doc, steps, "problem_solving")
    q1 = [f for f in rep.findings if f.rule == "Q1"]
    assert len(q1) == 1 and q1[0].pages == [4] and q1[0].step == "current_state"
    assert "因果图" in q1[0].message
    by = {t.name: t for t in rep.tools}
    assert by["因果图"].appropriate is False and by["因果图"].placements["current_state"] == "✗"
    assert rep.score < 10


def test_mere_reference_in_misuse_step_is_not_q1() -> None:
    doc, steps = doc_of(
        [
            ("main_causes", 9, "要因确认#"),
            ("main_causes", 9, "将因果图中的8条末端因素逐条进行现场测量确认"),
        ]
    )
    rep = tools.analyze(doc, steps, "problem_solving")
    assert rep.findings == []


def test_pareto_rules_x2_in_current_state() -> None:
    bad = pareto_chart(["夹渣", "气孔", "其他", "咬边"], [25, 60, 5, 10], [25, 80, 85, 100])
    doc, steps = doc_of([("current_state", 5, bad)])
    rep = tools.analyze(doc, steps, "problem_solving")
    x2 = [f for f in rep.findings if f.rule == "X2"]
    assert len(x2) == 1 and x2[0].pages == [5]
    codes = x2[0].evidence or ""
    assert "not_descending" in codes and "other_not_last" in codes


def test_pareto_table_with_total_row() -> None:
    t = table(
        [
            ["序号", "缺陷项目", "频数（件）", "频率（%）", "累计频率（%）"],
            ["1", "气孔", "60", "60", "60"],
            ["2", "夹渣", "25", "25", "85"],
            ["3", "咬边", "10", "10", "95"],
            ["4", "其他", "5", "5", "100"],
            ["", "合计", "110", "100", ""],
        ]
    )
    p = charts.read_pareto_table(t)
    assert p is not None and p.categories == ["气孔", "夹渣", "咬边", "其他"] and p.stated_total == 110
    assert [x.code for x in charts.pareto_problems(p)] == ["sum_mismatch"]
    doc, steps = doc_of([("current_state", 5, t)])
    found = rule_findings("X2", doc, steps)
    assert len(found) == 1 and "110" in found[0].message


def test_transposed_pareto_table_and_few_categories() -> None:
    t = table(
        [
            ["项目", "气孔", "夹渣"],
            ["频数", "30", "10"],
            ["累计百分比", "75%", "100%"],
        ]
    )
    p = charts.read_pareto_table(t)
    assert p is not None and p.counts == [30, 10] and p.cumulative == [75, 100]
    assert [x.code for x in charts.pareto_problems(p)] == ["few_categories"]


def test_pareto_cumulative_and_other_share() -> None:
    p = charts.ParetoData(
        source="chart", categories=["A", "B", "C", "其他"], counts=[40, 20, 10, 30], cumulative=[40, 60, 70, 95]
    )
    codes = [x.code for x in charts.pareto_problems(p)]
    assert "other_too_large" in codes and "cumulative_end" in codes
    p2 = p.model_copy(update={"counts": [50, 30, 15, 5], "cumulative": [50, 85, 95, 100]})
    assert [x.code for x in charts.pareto_problems(p2)] == ["cumulative_mismatch"]
    p3 = p.model_copy(update={"counts": [50, 30, 15, 5], "cumulative": [50, 80, 95, 100]})
    assert charts.pareto_problems(p3) == []


def test_histogram_sample_size_rule() -> None:
    hist = Chart(
        kind="bar",
        title="焊缝宽度直方图",
        categories=[f"{k}" for k in range(6)],
        series=[Series(name="频数", values=[2, 5, 9, 8, 4, 2])],
    )
    doc, steps = doc_of([("check_effect", 15, hist)])
    rep = tools.analyze(doc, steps, "problem_solving")
    assert any(t.name == "直方图" for t in rep.tools)
    q1 = rule_findings("Q1", doc, steps, params={"chart_exclude_steps": []})
    assert len(q1) == 1 and "30" in q1[0].message and "50" in q1[0].message
    big = hist.model_copy(update={"series": [Series(name="频数", values=[8, 15, 30, 25, 15, 7])]})
    rep2 = tools.analyze(*doc_of([("check_effect", 15, big)]), "problem_solving")
    assert rep2.findings == []


def test_control_chart_and_scatter_from_page_text() -> None:
    doc, steps = doc_of(
        [
            ("consolidate", 17, "图12 巩固期均值-极差控制图"),
            ("consolidate", 17, "共收集12组数据，过程稳定"),
            ("main_causes", 9, "图6 温度与气孔数散布图（n=40）"),
        ]
    )
    rep = tools.analyze(doc, steps, "problem_solving")
    msgs = [f.message for f in rep.findings]
    assert len(msgs) == 1 and "控制图" in msgs[0] and "12" in msgs[0]


def test_placement_table_and_innovative_override() -> None:
    assert tools.placement("排列图", "current_state") == "●"
    assert tools.placement("因果图", "main_causes") == "✗"
    assert tools.placement("亲和图", "select_topic", "problem_solving") == "○"
    assert tools.placement("亲和图", "select_topic", "innovative") == "●"
    assert tools.placement("控制图", "standardize", "innovative") == "●"
    assert tools.placement("水平对比法", "set_target", "innovative") == "●"
    assert tools.placement("雷达图", "cause_analysis") == ""
    assert len(tools.tool_names()) >= 25


def test_tool_list_line_and_negation_are_not_uses() -> None:
    doc, steps = doc_of(
        [
            ("current_state", 4, "本课题运用了排列图、因果图、系统图、直方图"),
            ("current_state", 4, "类别少于3项，未采用排列图"),
        ]
    )
    rep = tools.analyze(doc, steps, "problem_solving")
    assert rep.tools == [] and rep.score == 0.0


def test_tool_placement_check_type() -> None:
    doc, steps = doc_of([("current_state", 4, "图3 不良原因鱼骨图")])
    f = rule_findings("Q1", doc, steps, recognised=True)
    assert [x.rule for x in f] == ["Q1"] and "因果图" in f[0].message
    # on a structure not recognised, the tool's step is the reader's guess: no placement finding
    assert rule_findings("Q1", doc, steps) == []
    # a scoring matrix deciding 要因 is K1's defect (one finding per defect), not a Q1 placement
    doc2, steps2 = doc_of([("main_causes", 9, "表4 要因确认矩阵图")])
    assert rule_findings("Q1", doc2, steps2) == []


def test_long_caption_with_parenthetical_is_display_evidence() -> None:
    doc, steps = doc_of(
        [
            ("current_state", 4, "为弄清可见异物的来龙去脉，小组在现状调查阶段先用因果图做了初步梳理："),
            ("current_state", 4, "西林瓶内壁冲洗不到位初步因果图（问题：西林瓶内壁冲洗不到位）"),
        ]
    )
    rep = tools.analyze(doc, steps, "problem_solving")
    assert [f.rule for f in rep.findings] == ["Q1"] and rep.findings[0].step == "current_state"


def test_pareto_table_with_unusual_count_label_and_merged_findings() -> None:
    t = table(
        [
            ["序号", "项目", "延误例次", "频率（%）", "累计频率（%）"],
            ["1", "等待检验", "30", "75", "75"],
            ["2", "其他", "10", "25", "100"],
            ["合计", "", "40", "100", ""],
        ]
    )
    chart = pareto_chart(["等待检验", "其他"], [30, 10])
    doc, steps = doc_of([("current_state", 5, t), ("current_state", 6, chart)])
    rep = tools.analyze(doc, steps, "problem_solving")
    x2 = [f for f in rep.findings if f.rule == "X2"]
    assert len(x2) == 1 and x2[0].pages == [5, 6]
    assert "few_categories" in (x2[0].evidence or "") and "other_too_large" in (x2[0].evidence or "")


def test_pareto_table_continued_on_next_page_is_merged() -> None:
    head = table(
        [
            ["序号", "项目", "频数", "频率（%）", "累计频率（%）"],
            ["1", "角部横裂", "319", "67.0", "67.0"],
            ["2", "中心偏析", "71", "14.9", "81.9"],
            ["3", "表面纵裂", "41", "8.6", "90.5"],
        ]
    )
    tail = table([["4", "夹渣", "36", "7.6", "98.1"], ["5", "其他", "9", "1.9", "100"], ["合计", "", "476", "100", ""]])
    doc, steps = doc_of([("current_state", 2, head), ("current_state", 3, tail)])
    p, used = charts.pareto_table_at(doc, 0)
    assert used == [1] and p is not None and p.categories[-1] == "其他" and p.stated_total == 476
    assert tools.analyze(doc, steps, "problem_solving").findings == []


def test_after_pareto_in_effect_check_keeps_before_order() -> None:
    after = pareto_chart(["气孔", "夹渣", "咬边", "其他"], [12, 14, 6, 2])
    doc, steps = doc_of([("check_effect", 15, after)])
    assert tools.analyze(doc, steps, "problem_solving").findings == []
    doc2, steps2 = doc_of([("current_state", 5, after)])
    assert [f.rule for f in tools.analyze(doc2, steps2, "problem_solving").findings] == ["X2"]


def test_category_containing_total_word_is_not_the_total_row() -> None:
    t = table(
        [
            ["序号", "项目", "不合格数（批）", "频率（%）", "累计频率（%）"],
            ["1", "菌落总数超标", "273", "72.4", "72.4"],
            ["2", "大肠菌群超标", "43", "11.4", "83.8"],
            ["3", "霉菌超标", "27", "7.2", "91"],
            ["4", "金黄色葡萄球菌", "22", "5.8", "96.8"],
            ["5", "其他", "12", "3.2", "100"],
            ["合计", "", "377", "100", ""],
        ]
    )
    p = charts.read_pareto_table(t)
    assert p is not None and p.categories[0] == "菌落总数超标" and p.stated_total == 377
    assert charts.pareto_problems(p) == []


def test_check_params_filter_steps() -> None:
    hist = Chart(
        kind="bar", title="焊缝宽度直方图", categories=["1", "2", "3"], series=[Series(name="频数", values=[5, 9, 6])]
    )
    doc, steps = doc_of([("check_effect", 15, hist), ("implement", 12, hist)])
    every = {"chart_exclude_steps": []}
    assert {f.step for f in rule_findings("Q1", doc, steps, params=every)} == {"check_effect", "implement"}
    assert {f.step for f in rule_findings("Q1", doc, steps)} == {"implement"}  # the rule's default
    only = {**every, "steps": ["check_effect"]}
    assert {f.step for f in rule_findings("Q1", doc, steps, params=only)} == {"check_effect"}


def test_scatter_pairs_and_control_subgroups_from_chart_objects() -> None:
    few = Chart(
        kind="scatter",
        title="温度与气孔数散布图",
        categories=[str(x) for x in range(12)],
        series=[Series(name="气孔数", values=[float(x % 5) for x in range(12)])],
    )
    many = few.model_copy(
        update={
            "categories": [str(x) for x in range(35)],
            "series": [Series(name="气孔数", values=[float(x % 7) for x in range(35)])],
        }
    )
    spc = Chart(
        kind="line",
        title="巩固期均值控制图",
        categories=[str(k) for k in range(25)],
        series=[
            Series(name="均值", values=[10.0 + (k % 3) / 10 for k in range(25)]),
            Series(name="UCL", values=[10.5] * 25),
            Series(name="LCL", values=[9.5] * 25),
        ],
    )
    rep = tools.analyze(*doc_of([("main_causes", 9, few)]), "problem_solving")
    assert [f.rule for f in rep.findings] == ["Q1"] and "12" in rep.findings[0].message
    ok = tools.analyze(*doc_of([("main_causes", 9, many), ("consolidate", 17, spc)]), "problem_solving")
    assert ok.findings == [] and {t.name for t in ok.tools} == {"散布图", "控制图"}


def test_directive_feasibility_pareto_is_x2_and_category_count_is_not_a_total() -> None:
    two = pareto_chart(["角部横裂", "其他"], [30, 12])
    rep = tools.analyze(*doc_of([("target_feasibility", 3, two)]), "problem_solving")
    assert [(f.rule, f.step) for f in rep.findings] == [("X2", "target_feasibility")]
    good = pareto_chart(["接触不良误判", "参数漂移", "漏电超标", "其他"], [203, 37, 17, 4])
    doc, steps = doc_of([("current_state", 8, good), ("current_state", 8, "排列图表明接触不良误判共203颗，占77.8%。")])
    assert tools.analyze(doc, steps, "problem_solving").findings == []
    doc2, steps2 = doc_of([("current_state", 8, good), ("current_state", 8, "不合格品合计300颗。")])
    assert "sum_mismatch" in (tools.analyze(doc2, steps2, "problem_solving").findings[0].evidence or "")


def test_names_as_reviewers_write_them_map_to_canonical_tools() -> None:
    """House-styles §3 names, spaced as slide titles space them, mapped to the b.1 tools."""
    doc, steps = doc_of(
        [
            ("select_topic", 2, "主题评价表#"),
            ("select_topic", 2, "图1 近三年投诉简易图表"),
            ("current_state", 4, "不良项目统计表#"),
            ("current_state", 5, "柏 拉 图#"),
            ("cause_analysis", 7, "鱼 骨 图#"),
            ("cause_analysis", 7, "运用头脑风暴法，从人机料法环测六方面分析"),
            ("cause_analysis", 8, "关系图#"),
            ("main_causes", 9, "通过对比试验验证温度的影响"),
            ("main_causes", 10, "测量系统分析（GR&R）#"),
            ("plan_countermeasures", 11, "对策评价表#"),
            ("propose_solutions", 12, "KJ 法归纳需求#"),
            ("check_effect", 15, "过程能力分析#"),
        ]
    )
    rep = tools.analyze(doc, steps, "problem_solving")
    got = {(t.name, s) for t in rep.tools for s in t.steps}
    assert {
        ("矩阵图", "select_topic"),
        ("简易图表", "select_topic"),
        ("调查表", "current_state"),
        ("排列图", "current_state"),
        ("因果图", "cause_analysis"),
        ("头脑风暴法", "cause_analysis"),
        ("关联图", "cause_analysis"),
        ("对比试验", "main_causes"),
        ("测量系统分析", "main_causes"),
        ("矩阵图", "plan_countermeasures"),
        ("亲和图", "propose_solutions"),
        ("过程能力分析", "check_effect"),
    } <= got
    by = {t.name: t for t in rep.tools}
    assert by["排列图"].written == ["柏拉图"] and by["因果图"].written == ["鱼骨图"]
    assert rep.findings == []


def test_borrowing_counts_only_as_display_or_with_a_verb_scoring_words_always() -> None:
    doc, steps = doc_of(
        [
            ("select_topic", 2, "小组成员借鉴了兄弟单位的经验"),
            ("select_topic", 2, "查新与借鉴#"),
            ("plan_countermeasures", 11, "对策选择时小组成员按有效性打分"),
            ("plan_countermeasures", 11, "大家对结果进行了评分"),
        ]
    )
    rep = tools.analyze(doc, steps, "innovative")
    by = {t.name: t for t in rep.tools}
    assert by["水平对比法"].steps == ["select_topic"] and by["水平对比法"].via == ["heading"]
    assert by["打分法"].steps == ["plan_countermeasures"]  # a team that 打分 uses the method


def test_5w1h_table_is_a_tool_use_in_its_step() -> None:
    t = table(
        [
            ["序号", "要因", "对策", "目标", "措施", "地点", "时间", "负责人"],
            ["1", "温度低", "加装保温", "温度≥20℃", "加装保温棉", "一车间", "3月", "张伟"],
        ]
    )
    doc, steps = doc_of([("plan_countermeasures", 11, t)])
    [e] = tools.analyze(doc, steps).tools
    assert e.name == "5W1H" and e.steps == ["plan_countermeasures"] and e.appropriate and e.via == ["table"]


def test_figure_kinds_map_to_tools() -> None:
    assert tools.figure_tool("pareto") == "排列图" and tools.figure_tool("cause_effect") == "因果图"
    assert tools.figure_tool("gantt") == "箭条图" and tools.figure_tool("bar") == "简易图表"
    assert tools.figure_tool("photo") is None and tools.figure_tool("table") is None


def test_three_tools_used_in_their_step_are_uses_a_list_of_the_projects_tools_is_not() -> None:
    doc, steps = doc_of(
        [
            ("cause_analysis", 7, "运用头脑风暴法、鱼骨图和关联图进行原因分析"),
            ("check_effect", 15, "小组掌握了排列图、因果图、直方图等统计工具"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert got == {("头脑风暴法", "cause_analysis"), ("因果图", "cause_analysis"), ("关联图", "cause_analysis")}


def test_tables_that_are_tools_by_their_header() -> None:
    score = table([["序号", "末端原因", "总得分", "结论"], ["1", "技能不足", "22", "非要因"]])
    counts = table([["空鼓部位", "空鼓点数"], ["交接处", "58"], ["洞口", "17"]])
    doc, steps = doc_of([("main_causes", 8, score), ("current_state", 4, counts), ("plan_countermeasures", 9, counts)])
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("打分法", "main_causes") in got and ("调查表", "current_state") in got
    assert ("调查表", "plan_countermeasures") not in got


def test_a_scoring_table_with_several_criteria_is_an_evaluation_matrix() -> None:
    matrix = table(
        [
            ["候选主题", "上级政策", "重要性", "迫切性", "总分"],
            ["降低跌倒率", "5", "5", "4", "14"],
            ["缩短等待", "3", "4", "3", "10"],
        ]
    )
    doc, steps = doc_of([("select_topic", 4, matrix), ("main_causes", 9, "要因评价#")])
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert got == {("矩阵图", "select_topic"), ("矩阵图", "main_causes")}


def test_pareto_in_cause_confirmation_is_a_misuse_only_when_it_counts_scores() -> None:
    """b.1 note (a): a Pareto of measured counts confirming 真因 is fine; one of scores is Q1."""
    measured = table(
        [
            ["末端原因", "发生次数", "累计百分比"],
            ["床栏未拉起", "31", "62%"],
            ["未穿防滑鞋", "13", "88%"],
            ["其他", "6", "100%"],
        ]
    )
    scored = table(
        [
            ["末端原因", "得分", "累计百分比"],
            ["床栏未拉起", "31", "62%"],
            ["未穿防滑鞋", "13", "88%"],
            ["其他", "6", "100%"],
        ]
    )
    ok = tools.analyze(*doc_of([("main_causes", 13, measured)]))
    assert [f.rule for f in ok.placement_findings] == [] and ok.tools[0].steps == ["main_causes"]
    bad = tools.analyze(*doc_of([("main_causes", 13, scored)]))
    [q1] = bad.placement_findings
    assert q1.rule == "Q1" and "打分" in q1.message and bad.tools[0].placements["main_causes"] == "✗"


def test_tool_named_in_a_table_cell_after_a_negative_cell() -> None:
    t = table([["末端原因", "确认方法", "结论"], ["垫片边缘未削薄", "对比试验", "要因"]])
    got = {(e.name, s) for e in tools.analyze(*doc_of([("main_causes", 7, t)])).tools for s in e.steps}
    assert ("对比试验", "main_causes") in got


def _picture(k: int, page: int, text: str, kind: str, confidence: float = 0.8) -> Block:
    from ingest.model import Figure, FigureKind

    fig = Figure(kind=FigureKind(kind), confidence=confidence, image_hash=f"{k:016d}")
    return Block(
        id=f"p{k}", kind=BlockKind.image_text, text=text, figure=fig, source=SourceRef(page=page, order=k, part="ocr")
    )


def test_classified_pictures_are_tools_used_in_their_step() -> None:
    """A 因果图 or 排列图 that exists only as a picture is a tool used in its step (issue 10 item 9)."""
    blocks = [
        _picture(1, 5, "频数\n累计百分比\n100%\n60.4%", "pareto"),
        _picture(2, 6, "8%\n4.1%\n现状\n目标", "bar"),
        _picture(3, 7, "人\n机\n料\n交接处空鼓", "cause_effect"),
        _picture(4, 10, "2023-05-18 14:26", "scatter"),  # a photo's date stamp, misread as a chart
        _picture(5, 11, "8%\n4.1%\n3.92%\n活动前\n目标\n活动后", "pareto"),  # before/after bars, no cumulative
        _picture(6, 12, "巩固期\n0.31%", "line", confidence=0.3),
        _picture(7, 4, "人\n机\n料", "cause_effect"),
    ]
    steps: list[str | None] = [
        "current_state",
        "set_target",
        "cause_analysis",
        "implement",
        "check_effect",
        "consolidate",
        "current_state",
    ]
    doc = Document(doc_id="f", filename="f.pptx", format="pptx", pages=12, blocks=blocks)
    rep = tools.analyze(doc, steps)
    got = {(t.name, s) for t in rep.tools for s in t.steps}
    assert got == {
        ("排列图", "current_state"),
        ("简易图表", "set_target"),
        ("因果图", "cause_analysis"),
        ("简易图表", "check_effect"),
        ("因果图", "current_state"),
    }
    assert {t.name: t.via for t in rep.tools}["排列图"] == ["figure"]
    [q1] = rep.placement_findings  # a 因果图 picture in 现状调查 is display evidence of the misuse
    assert q1.step == "current_state" and q1.pages == [4]


def test_a_picture_titled_with_a_tool_name_is_that_tool_whatever_its_class() -> None:
    doc = Document(
        doc_id="f",
        filename="f.pptx",
        format="pptx",
        pages=19,
        blocks=[_picture(1, 19, "圈员能力雷达图\n活动前\n活动后", "cause_effect")],
    )
    got = {(t.name, s) for t in tools.analyze(doc, ["summary"]).tools for s in t.steps}
    assert got == {("雷达图", "summary")}


def test_value_charts_whatever_the_picture_class_says() -> None:
    """A trend line read as a Gantt chart (months on the axis) is a 简易图表 when its text shows values on
    an axis and no plan words; a class given with little confidence counts only for such a value chart;
    an actual-against-requirement bar pair is a 简易图表 too. A plan chart stays a Gantt chart."""
    axis = "2022年7－12月不良率\n不良率(%)\n2.6\n2.4\n2.2\n2.0\n1.8\n顾客要求1.2%\n7月\n8月\n9月"
    assert tools.picture_tool("gantt", 0.8, axis) == "简易图表"
    assert tools.picture_tool("gantt", 0.38, axis) == "简易图表"
    assert tools.picture_tool("gantt", 0.8, "活动计划\n计划\n实施\n1月\n2月\n3月") == "箭条图"
    assert tools.picture_tool("other", 0.3, "故障停运率\n1.86\n1.00\n2022年实际\n上级要求") == "简易图表"
    assert tools.picture_tool("pareto", 0.3, "累计百分比\n60.2%\n79.8%\n100.0%") is None  # unsure: no claim
    assert tools.picture_tool("table", 0.3, "不良率\n2.6%\n2.4%\n2.2%") is None  # a table screenshot is no chart


def test_stratifying_the_data_is_the_stratification_tool() -> None:
    """ "按泄漏部位分层：…" uses 分层法 without naming it; 分层 in another sense (分层抹灰) does not."""
    doc, steps = doc_of(
        [
            ("current_state", 4, "统计1—2月泄漏78台次，按泄漏部位分层：动静环端面泄漏46台次，占59.0%"),
            ("target_feasibility", 7, "收集2022年23次故障停运记录，按故障原因分层"),
            ("implement", 9, "墙面按规范分层抹灰，每层厚度不超过8mm"),
            ("current_state", 5, "未按班组分层统计"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("分层法", "current_state") in got and ("分层法", "target_feasibility") in got
    assert ("分层法", "implement") not in got


def test_a_section_that_is_no_step_lends_its_tools_to_the_step_it_follows() -> None:
    """品管圈 活动计划拟定 after 主题选定 is no step of its own: its 甘特图 is used in 选择课题; a picture before
    any step (小组概况) is in none."""
    blocks = [_picture(1, 2, "小组概况\n甘特图", "gantt"), _picture(2, 4, "活动计划表\n计划\n实施\n3月\n4月", "gantt")]
    doc = Document(
        doc_id="f",
        filename="f.pptx",
        format="pptx",
        pages=4,
        blocks=[
            blocks[0],
            Block(id="t", kind=BlockKind.title, text="主题选定", source=SourceRef(page=3, order=0)),
            blocks[1],
        ],
    )
    got = {(t.name, s) for t in tools.analyze(doc, [None, "select_topic", None]).tools for s in t.steps}
    assert got == {("箭条图", "select_topic")}


def test_a_count_with_no_tool_named_is_no_check_sheet_a_checksheet_count_is() -> None:
    """The writers record a tool only where it is named or drawn (eval/independent README, Tools): a count
    collected with no tool named is the data (fresh5 j03, j15, j18, j21, j51); 查检 — the 品管圈 name of
    the check sheet — with its count in a data step is the 查检表."""
    doc, steps = doc_of(
        [
            ("current_state", 4, "统计2023年1—2月加工的转向节12480件，主销孔不良312件"),
            ("main_causes", 9, "真因验证：2023年5月4日—5月10日，对60例未按时服用逐例核查原因"),
            ("check_effect", 12, "活动后抽查4000件，超差率0.7%"),
            ("target_feasibility", 6, "查检 420 份痰标本，不合格63份"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert {s for n, s in got if n == "调查表"} == {"target_feasibility"}


def test_trend_and_before_after_charts_whatever_their_class() -> None:
    """A monthly rate chart read as a Gantt chart (a rate on the axis, no plan words) and a 攻关前/攻关后 bar
    chart read as a Pareto chart (no cumulative line) are 简易图表."""
    monthly = "2023年外排水COD月达标率\n100\n100\n100\n达标率(%)\n目标99%\n98\n96\n94\n92\n2月\n3月\n4月"
    assert tools.picture_tool("gantt", 0.38, monthly) == "简易图表"
    assert tools.picture_tool("gantt", 0.9, monthly) == "简易图表"
    assert tools.picture_tool("gantt", 0.9, "活动计划\n计划\n实施\n1月\n2月\n3月") == "箭条图"
    assert (
        tools.picture_tool("pareto", 0.9, "攻关前后隐裂不良率\n2.55\n2.0\n1.43\n1.32\n攻关前\n目标\n攻关后")
        == "简易图表"
    )


def test_a_comparative_trial_written_out_is_the_trial_tool() -> None:
    doc, steps = doc_of(
        [
            ("main_causes", 9, "末端原因“端头切口不平”：用切断机与带锯各切20根对比，切断机端面斜度3°～5°，带锯＜1°"),
            ("main_causes", 9, "保压由4s延至7s，缩痕率由6.1%降至3.9%"),
            ("propose_solutions", 5, "现场各试用15井次：方案一无喷溅，单次3.5min；方案二单次6min"),
            ("implement", 11, "保压时间由4s延至7s，缩痕率由6.1%降至3.9%"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("对比试验", "main_causes") in got and ("对比试验", "propose_solutions") in got
    assert ("对比试验", "implement") not in got  # a result of the 对策, not a trial to decide


def _tools_of(blocks: list[Block], steps: list[str | None]) -> set[tuple[str, str]]:
    doc = Document(doc_id="g", filename="g.pptx", format="pptx", pages=20, blocks=blocks)
    return {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}


def test_boxes_read_as_a_scatter_are_a_tree_where_the_step_uses_one() -> None:
    tree = "方案一分解\n振动盘上料（选定）\n上料\n机械手上料\n线阵相机＋同轴光（选定）\n成像\n深度学习分类（选定）\n判别\n气动分拣"
    got = _tools_of(
        [_picture(1, 6, tree, "scatter", 0.71), _picture(2, 3, tree, "other", 0.3)],
        ["propose_solutions", "select_topic"],
    )
    assert ("系统图", "propose_solutions") in got and ("散布图", "propose_solutions") not in got
    assert not {t for t in got if t[1] == "select_topic"}  # no tree where the step uses none
    assert tools.picture_tool("scatter", 0.8, "焊接电流(A)\n160\n170\n180\n未熔合率(%)\n2.1\n3.4") == "散布图"


def test_a_radar_of_the_teams_abilities_whatever_its_class() -> None:
    radar = "圈员能力\n活动前\n沟通协调\n创新思维\n活动后\n专业知识\n团队合作\n责任心"
    assert tools.picture_tool("cause_effect", 0.8, radar) == "雷达图"
    assert tools.picture_tool("cause_effect", 0.8, "人\n机\n料\n法\n交接处空鼓") == "因果图"


def test_a_bar_label_naming_a_tool_does_not_hide_the_chart() -> None:
    """ "借鉴医院A" on a bar names 借鉴 (水平对比法): the picture is still the 简易图表 it shows."""
    bars = "目标与借鉴\n89%\n85%\n82%\n38.5%\n现况\n借鉴医院A\n借鉴医院B\n目标"
    got = _tools_of([_picture(1, 9, bars, "bar")], ["set_target"])
    assert ("简易图表", "set_target") in got


def test_obstacle_and_side_effect_table_is_pdpc_and_stratified_label() -> None:
    pdpc = table(
        [
            ["方策群组", "障碍判定", "消除障碍", "副作用判定"],
            ["自动推送＋复筛", "需二次开发", "利用现有模块", "弹窗过多"],
        ]
    )
    doc, steps = doc_of(
        [
            ("plan_countermeasures", 13, pdpc),
            ("current_state", 4, "不良分层：压接高度超差712个，占54.7%，为症结"),
            ("implement", 9, "墙面分层：每层厚度8mm"),
            ("consolidate", 11, "对操作工开展分层级培训（新员工、熟练工、班组长三个层级）"),
            ("plan_countermeasures", 13, "洼田饮水试验结果录入系统后自动提示；按分级实施分层喂养指导"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("PDPC法", "plan_countermeasures") in got and ("分层法", "current_state") in got
    # 分层 in another sense (fresh5 j50, j55)
    assert {s for n, s in got if n == "分层法"} == {"current_state"}


def test_a_measurement_in_main_causes_is_no_check_sheet_a_named_one_is() -> None:
    """In 要因确认 a measurement ("抽查120台，…46台") is the verification itself, and so is a case-by-case
    record with no tool named (fresh5 j15, j29, j45: "逐例"); the 查检表 named there is one."""
    doc, steps = doc_of(
        [
            ("main_causes", 9, "现场测量：抽查120台，熔丝与负荷不匹配46台，不匹配者故障率是匹配者的3.2倍"),
            ("main_causes", 10, "真因验证：现场观察50台手术的不规范清点，逐例记录直接原因"),
            ("main_causes", 11, "设计查检表，记录40例次未落实情况"),
        ]
    )
    uses = [u for u in tools.analyze(doc, steps).uses if u.name == "调查表"]
    assert [u.page for u in uses] == [11]


def test_scoring_with_a_named_evaluation_table_is_that_matrix() -> None:
    """ "圈员按5/3/1分对12项末端原因评分" under 要因评价 (and its 得分 table) is the 要因评价表 (矩阵图),
    not 打分法 apart; 表决 and a team that 采用打分法 still use 打分法; a clinical 评分 is no method."""
    scores = table([["末端原因", "得分", "要因"], ["宣教流于形式", "41", "是"], ["未配备防滑鞋", "39", "是"]])
    doc, steps = doc_of(
        [
            ("main_causes", 12, "要因评价#"),
            ("main_causes", 12, "8名圈员按5/3/1分对12项末端原因评分，按80/20法则选出前6项"),
            ("main_causes", 12, scores),
            ("main_causes", 13, "全体圈员对5项要因逐项表决，得票≥6票者判定为真因"),
            ("current_state", 4, "Caprini评分中高危住院患者中仅约一半得到规范预防"),
            ("select_topic", 3, "小组7名成员采用打分法对4个候选课题逐项打分"),
        ]
    )
    uses = {(u.name, u.page, u.written) for u in tools.analyze(doc, steps).uses if u.name in ("打分法", "矩阵图")}
    assert ("矩阵图", 12, "要因评价") in uses
    assert {(p, w) for n, p, w in uses if n == "打分法"} == {(13, "表决"), (3, "打分法")}


def test_a_tool_named_in_passing_where_b1_does_not_place_it_is_no_use() -> None:
    """ "确认方法：对比试验" listed in a 原因分析 page, a Cpk target in the 对策表: references, not uses;
    the same names written as uses (a caption, a use verb) or where b.1 places them count."""
    doc, steps = doc_of(
        [
            ("cause_analysis", 6, "末端原因共6条，拟逐条确认，确认方法包括现场测量、对比试验和相关分析等，由组长安排"),
            ("plan_countermeasures", 8, "对策二：优化焊接参数，目标振幅38±1μm，Cpk≥1.33"),
            ("main_causes", 9, "新旧焊头对比试验各2000只，未熔合率1.65%与0.45%，相关分析r＝0.12"),
            ("implement", 10, "对策二：振幅锁定38μm，5月测量30个子组Cpk＝1.41，达到≥1.33"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("对比试验", "main_causes") in got and ("回归与相关分析", "main_causes") in got
    assert ("过程能力分析", "implement") in got  # the value it gave ("Cpk＝1.41") makes a mention a use
    assert (
        not {
            ("对比试验", "cause_analysis"),
            ("回归与相关分析", "cause_analysis"),
            ("过程能力分析", "plan_countermeasures"),
        }
        & got
    )


def test_borrowing_written_as_a_label_is_benchmarking() -> None:
    """借鉴 is common in prose (strong_only); a label line ("借鉴一：…") is 水平对比法 (借鉴/查新)."""
    doc, steps = doc_of(
        [
            ("select_topic", 4, "借鉴一：电力营销移动作业终端，抄表员现场录入直接上传，单户录入约1.5min"),
            ("select_topic", 3, "本课题在借鉴同行经验的基础上提出"),
        ]
    )
    uses = [(u.name, u.page) for u in tools.analyze(doc, steps).uses if u.name == "水平对比法"]
    assert uses == [("水平对比法", 4)]


def test_criteria_scored_are_an_evaluation_matrix_and_topic_data_a_check_sheet() -> None:
    """ "按上级政策、可行性、迫切性、圈能力评分" (three or more criteria scored) is the 主题评价表 (矩阵图);
    "调查2023年1—3月日间手术612例" names no tool (fresh5 j14), "查检…N例" is the 查检表 of 选择课题."""
    doc, steps = doc_of(
        [
            ("select_topic", 4, "经圈员按上级政策、可行性、迫切性、圈能力评分（8人×5分），本主题得分152分，排名第一"),
            ("select_topic", 7, "调查2023年1—3月日间手术612例，当日取消71例，取消率11.6%"),
            ("select_topic", 8, "查检2023年1—3月日间手术612例，当日取消71例"),
            ("select_topic", 3, "2023年2月科室发生约束部位皮肤压红6例，护理质控检查约束不规范被通报"),
        ]
    )
    got = {(u.name, u.page) for u in tools.analyze(doc, steps).uses}
    assert got == {("矩阵图", 4), ("调查表", 8)}


def test_a_first_round_of_criteria_scoring_is_the_evaluation_matrix() -> None:
    """方策/对策 screened by three criteria in a first round ("按…、…、…初评") are scored on the 评价表 (矩阵图,
    seen fresh10 p23); criteria a form is designed by ("按年龄、血管、药物性质设计评估表") are no scoring."""
    doc, steps = doc_of(
        [
            ("propose_solutions", 8, "提出5个方案，按技术难度、成本、周期初评，≥25分的进入比选"),
            ("plan_countermeasures", 10, "按年龄、血管、药物性质设计评估表，穿刺前评估并记录"),
        ]
    )
    got = {(u.name, u.step) for u in tools.analyze(doc, steps, "innovative").uses}
    assert ("矩阵图", "propose_solutions") in got and ("矩阵图", "plan_countermeasures") not in got


def test_charts_of_values_read_off_scans_and_pictures() -> None:
    """A caption "图4活动前后对比" over loose OCR lines is a 简易图表; bars without a cumulative line are no
    Pareto chart whatever the picture class; a monthly trend with a unit on its axis ("(kgEO/t)") is a
    简易图表 even when the picture reader guessed a Gantt chart."""
    doc, steps = doc_of([("check_effect", 5, "图4活动前后对比")])
    assert [u.name for u in tools.analyze(doc, steps).uses] == ["简易图表"]
    assert (
        tools.picture_tool("pareto", 0.71, "各轮测试发现缺陷数\n61\n60\n50\n40\n27\n第一轮\n第二轮\n第三轮")
        == "简易图表"
    )
    energy = "2023年装置综合能耗\n65\n综合能耗(kgEO/t)\n64\n63\n62\n61\n60\n目标60.0\n59\n2月\n3月\n4月\n5月"
    assert tools.picture_tool("gantt", 0.38, energy) == "简易图表"


def test_borrowing_in_brackets_a_borrowed_level_and_a_survey_design_are_uses() -> None:
    """Seen fresh2: "依据一（借鉴）：…12分钟" and "目标与借鉴水平" in 设定目标 are 水平对比法 (g44, g34); a survey
    stated by its design with a count ("样本：1480批", "数据来源：…8640户") names no tool, nor does a count of
    wells ("59口"): no 调查表 (the README's rule: named or drawn; fresh5 j51 "统计样本：824台"). Prose that
    borrows no figure stays a mention."""
    doc, steps = doc_of(
        [
            ("set_target", 5, "依据一（借鉴）：圈员赴某三甲医院学习，检查预约平均耗时12分钟"),
            ("set_target", 6, "目标与借鉴水平"),
            ("set_target", 6, "小组借鉴兄弟单位经验，制定目标"),
            ("current_state", 3, "调查时间：2023年7月1日—9月30日；来源：LIMS检验记录；样本：1480批"),
            ("current_state", 4, "数据来源：装维综合调度系统，2024年1—3月新装FTTH用户8640户，30天内报障475户"),
            ("current_state", 8, "统计2024年1季度59口分注不合格井的测调资料，按不合格原因分层"),
            ("current_state", 9, "接口3处，分注井为本区块主要井型"),
        ]
    )
    got = {(u.name, u.page) for u in tools.analyze(doc, steps).uses if u.name in ("水平对比法", "调查表")}
    assert got == {("水平对比法", 5), ("水平对比法", 6)}


def test_radars_value_charts_a_measured_msa_and_a_trial_run_compared() -> None:
    """Seen fresh2: the team's abilities scored before and after under "组员能力自评" / "综合素质自评" are a
    雷达图 whatever the picture class (g03, g51); bars "应用前 | 目标 | 应用后" classed gantt are a 简易图表
    (g08); "测量系统分析，GR&R为8.6%" states the value it gave (g26); "试行对比" is a 对比试验 (g25)."""
    assert tools.picture_tool("cause_effect", 0.8, "组员能力自评\n活动前\n统计分析\n活动后\n团队协作") == "雷达图"
    assert tools.picture_tool("cause_effect", 0.8, "小组成员综合素质自评\n活动前\n专业技术\n活动后") == "雷达图"
    assert (
        tools.picture_tool("gantt", 0.8, "应用前后冬季冰堵井次\n86\n80\n60\n40\n20\n应用前\n目标\n应用后") == "简易图表"
    )
    assert tools.picture_tool("gantt", 0.8, "活动计划\n计划\n实际\n目标设定\n2月\n3月") == "箭条图"
    doc, steps = doc_of(
        [
            ("implement", 36, "对装置进行测量系统分析，GR&R为8.6%（＜10%），测量系统可接受"),
            ("propose_solutions", 14, "在两病区试行对比：群组一单独试行拦截率82.4%，两群组同时试行拦截率91.2%"),
        ]
    )
    rep = tools.analyze(doc, steps)
    got = {(t.name, s) for t in rep.tools for s in t.steps}
    assert ("测量系统分析", "implement") in got and ("对比试验", "propose_solutions") in got
    alone, alone_steps = doc_of([("implement", 37, "对装置进行测量系统分析，测量系统可接受")])
    assert not [t.steps for t in tools.analyze(alone, alone_steps).tools if t.name == "测量系统分析" and t.steps]


def test_an_evaluation_of_the_end_causes_is_the_cause_evaluation_matrix() -> None:
    """Seen fresh2 g41: "要因确认——末端原因评价" over a table of scores is the 要因评价表 (矩阵图), like "要因评价"."""
    doc, steps = doc_of([("main_causes", 8, "五、要因确认——末端原因评价")])
    doc.blocks[0] = doc.blocks[0].model_copy(update={"kind": BlockKind.title})
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("矩阵图", "main_causes") in got


def test_a_tool_name_in_a_document_title_is_no_use_and_references_leave_no_entry() -> None:
    """《铝模验收检查表》 revised in 巩固 is a form, not a 调查表 used (fresh5 j28); a tool only referred to
    where b.1 does not place it leaves no entry without a step (fresh5 j03, j05 listed 对比试验/分层法
    with no step, page or evidence)."""
    doc, steps = doc_of(
        [
            ("consolidate", 12, "修订《铝模验收检查表》，增加斜撑间距和K板变形检查项"),
            ("current_state", 4, "用调查表统计159处超标错台"),
            ("plan_countermeasures", 9, "确认方法：对比试验"),
        ]
    )
    entries = tools.analyze(doc, steps).tools
    got = {(t.name, s) for t in entries for s in t.steps}
    assert ("调查表", "current_state") in got and ("调查表", "consolidate") not in got
    assert all(t.steps or t.pages for t in entries), [t.name for t in entries if not t.steps]


def test_a_one_factor_trial_is_no_designed_experiment() -> None:
    """单因素试验 varies one factor: no 试验设计 (fresh5 j03; its writers record no tool for it); the DOE
    named in 对策实施 is one."""
    doc, steps = doc_of(
        [
            ("main_causes", 16, "精车切削参数不当：单因素试验中进给降至0.15mm/r后厚度差均值下降38%——主因"),
            ("implement", 22, "实施三：试验设计（DOE）优化参数"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("试验设计", "main_causes") not in got and ("试验设计", "implement") in got


def test_a_diagram_drawn_under_its_title_is_its_use() -> None:
    """ "绘制《种植术后随访流程图》并纳入护理工作手册" in 标准化 (seen fresh7 m48): the team drew the flow chart;
    a document revised under a diagram's name is still no drawing."""
    doc, steps = doc_of(
        [
            ("standardize", 22, "绘制《术后随访流程图》并纳入护理工作手册"),
            ("consolidate", 23, "修订《设备点检流程图》，增加两个检查项"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("流程图", "standardize") in got and ("流程图", "consolidate") not in got


def test_a_chart_on_a_slide_of_two_steps_goes_to_the_step_its_title_speaks_of() -> None:
    """ "现状与目标" under "二、选择课题 / 三、设定目标" (seen fresh7 m05) is the target's chart; a chart whose title
    speaks of neither step keeps the step it was read in."""

    def bar(title: str) -> Chart:
        return Chart(
            kind="bar", title=title, categories=["现状", "目标"], series=[Series(name="失败率", values=[1.35, 0.4])]
        )

    doc, steps = doc_of(
        [
            ("select_topic", 4, "二、选择课题 / 三、设定目标#"),
            ("select_topic", 4, "省公司考核要求失败率≤0.40%，本公司1.35%"),
            ("select_topic", 4, bar("现状与目标")),
            ("select_topic", 5, "二、选择课题 / 三、设定目标（续）#"),
            ("select_topic", 5, bar("各月失败率")),
        ]
    )
    uses = {(u.page, u.step) for u in tools.analyze(doc, steps).uses if u.name == "简易图表"}
    assert (4, "set_target") in uses and (5, "select_topic") in uses


def test_a_negated_cause_title_does_not_negate_the_method_after_its_colon() -> None:
    """A cause is often titled with a negation ("…顺序未执行：对比试验，…"; seen fresh8 n01): the negation ends
    at its clause, so the method named after the colon is used; "未采用对比试验" is still no use."""
    doc, steps = doc_of(
        [
            ("main_causes", 10, "确认5 施工顺序未执行：对比试验，同一楼层两段墙合格率93%与64%——要因"),
            ("propose_solutions", 12, "本方案未采用对比试验，直接选定方案A"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("对比试验", "main_causes") in got and ("对比试验", "propose_solutions") not in got


def test_a_stated_index_value_without_an_equals_sign_is_a_use() -> None:
    """ "调整后孔径Cpk 1.58" (seen fresh8 n03) gives the index's value; a target "Cpk≥1.33" does not."""
    doc, steps = doc_of(
        [
            ("implement", 17, "负面影响验证：调整后活塞孔孔径Cpk 1.58，节拍仍满足要求"),
            ("plan_countermeasures", 15, "对策目标：调整后孔径Cpk≥1.33，单件节拍不超过55s"),
        ]
    )
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("过程能力分析", "implement") in got and ("过程能力分析", "plan_countermeasures") not in got


def test_comparative_trials_written_without_the_tools_name() -> None:
    """Two set-ups tried side by side with any 试-verb, a comparison of two set-ups written as one, and a
    方案 chosen by a trial are 对比试验 (seen fresh8 n24, n26, n49); a 方案 chosen by opinion is not."""
    doc, steps = doc_of(
        [
            ("main_causes", 7, "无量化标准：对比按经验调整与按数值调整各20组，不良率9.2%与3.1%——要因"),
            ("propose_solutions", 9, "样板间各试装5个：A方案合格率96%，B方案82%"),
            ("propose_solutions", 10, "分级方案用小试验选择：甲泵偏差0.6%，乙泵1.4%——选甲泵"),
        ]
    )
    uses = [u for u in tools.detect(doc, steps)[0] if u.name == "对比试验"]
    assert {u.page for u in uses} == {7, 9, 10}
    doc, steps = doc_of([("propose_solutions", 9, "经小组讨论选择方案A")])
    assert not [t for t in tools.analyze(doc, steps).tools if t.name == "对比试验"]


def test_cases_checked_one_by_one_in_the_cause_verification_are_the_check_sheet() -> None:
    """品管圈 真因验证 "对104次压力偏低逐例查检原因归属" and 现况 "查检代煎汤剂2150袋" (seen fresh8 n27, n50) use
    the 查检表; a count gathered with another verb is no tool named."""
    doc, steps = doc_of(
        [
            ("current_state", 6, "2024年3月查检代煎汤剂2150袋，超限249袋"),
            ("main_causes", 10, "对104次压力偏低/偏高逐例查检原因归属"),
            ("main_causes", 11, "对60例逐例核查，漏报12例"),
        ]
    )
    uses = [u for u in tools.detect(doc, steps)[0] if u.name == "调查表"]
    assert {(u.step, u.page) for u in uses} == {("current_state", 6), ("main_causes", 10)}


def test_the_labels_of_a_check_plan_are_the_check_sheet_of_that_step() -> None:
    """A 查检 planned under its labels (查检期/查检人/查检方法：…) in a data step is the team's 查检表 whatever
    is counted after it (seen fresh10 p24, p27, p36); the same labels outside a data step, or 调查期间/数据来源
    heading a collection of existing records, name no tool; a form's title the errors are written into
    (填入《…查检表》) is that form used."""
    doc, steps = doc_of(
        [
            ("current_state", 4, "查检期：2024年6—8月；对象：全部出院患者；判定：按科室标准"),
            ("main_causes", 8, "验证时间：9月；查检人员：圈员甲、乙"),
            ("check_effect", 14, "查检方法：护士长每周随机抽查20名患者"),
            ("select_topic", 2, "查检方法：各病区随机抽查处方"),
            ("implement", 12, "查检时间：每月最后一周"),
            ("target_feasibility", 6, "调查期间：2024年4月；数据来源：设备运行日志"),
        ]
    )
    got = {s for t in tools.analyze(doc, steps).tools if t.name == "调查表" for s in t.steps}
    assert got == {"current_state", "main_causes", "check_effect"}
    doc, steps = doc_of([("current_state", 5, "差错由病区护士填入《膳食配送核对查检表》，每日汇总")])
    assert {t.name for t in tools.analyze(doc, steps).tools} == {"调查表"}


def test_a_chart_stating_the_correlation_of_its_pairs_is_a_scatter() -> None:
    """A picture read as a line chart whose title gives r (seen fresh8 n36) is a 散布图; a trend line's R² is
    no correlation of pairs."""
    text = "铆接压力与滑动力（n=40,r=0.68)\n54\n50\n46\n26.5\n28.0\n30.0\n铆接压力(kN)"
    assert tools.picture_tool("line", 0.6, text) == "散布图"
    assert tools.picture_tool("line", 0.8, "月度合格率趋势\nR²=0.98\n1月\n2月\n3月\n合格率(%)") != "散布图"


def test_the_target_charts_caption_in_set_target() -> None:
    """ "图1目标示意" under the bars of a scanned target chart (seen fresh8 n34) is a 简易图表 in 设定目标."""
    doc, steps = doc_of([("set_target", 2, "课题目标\n0.364\n0.15\n图1目标示意"), ("cause_analysis", 4, "图1目标示意")])
    got = {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}
    assert ("简易图表", "set_target") in got and ("简易图表", "cause_analysis") not in got


def test_a_scanned_pareto_table_is_data_only_where_its_columns_agree() -> None:
    """A count the recogniser misread ("2" read "12", a 合计 "29" read "129") makes the table disagree with itself:
    on a scan that is the reading, not the 排列图 (seen fresh10 p19, fresh6 k19); typed, it is the writer's defect."""
    misread = table(
        [
            ["不合格项目", "频数（个）", "频率", "累计频率"],
            ["绝缘层剥切尺寸超差", "22", "53.7%", "53.7%"],
            ["应力管位置偏移", "9", "22.0%", "75.6%"],
            ["导体压接不到位", "5", "12.2%", "87.8%"],
            ["密封不严", "3", "7.3%", "95.1%"],
            ["其他", "12", "4.9%", "100%"],
        ]
    )
    bad_total = table(
        [
            ["缺陷类型", "频数", "频率", "累计频率"],
            ["气孔", "15", "51.7%", "51.7%"],
            ["夹渣", "8", "27.6%", "79.3%"],
            ["咬边", "4", "13.8%", "93.1%"],
            ["其他", "2", "6.9%", "100%"],
            ["合计", "129", "100%", ""],
        ]
    )
    for t in (misread, bad_total):
        doc, steps = doc_of([("current_state", 3, "现状调查#"), ("current_state", 3, t)])
        assert rule_findings("X2", doc, steps)
        assert not rule_findings("X2", scanned_tables(doc), steps)
    agrees = table(
        [
            ["缺陷类型", "频数", "频率", "累计频率"],
            ["气孔", "15", "51.7%", "51.7%"],
            ["夹渣", "8", "27.6%", "79.3%"],
            ["其他", "6", "20.7%", "100%"],
        ]
    )
    doc, steps = doc_of([("current_state", 3, "现状调查#"), ("current_state", 3, agrees)])
    assert rule_findings("X2", scanned_tables(doc), steps)  # read whole: its defects are the writer's
