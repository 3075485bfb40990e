"""Recall on new hands (issue 10; docs/rules.md "What a finding needs"): defects the rules did not see at
all on the seen fresh2 / fresh3 splits, each detected from positive evidence in what was read — an
investment stated and left out of the benefit, the analysis naming the whole topic as its head, causes a
因果图 picture names and no confirmation speaks of, a confirmation dated within its own 对策, a count
against a standard with nothing on the 症结, a "其他" row larger than a named category. Worded as those
writers did; each case also has its clean twin."""

from __future__ import annotations

from ingest.model import Document, FigureKind
from nlp.check import check
from tests.nlp.conftest import (
    CAUSE_TABLE,
    PLAN_TABLE,
    Slides,
    deck,
    finding_messages,
    good_innovative,
    good_problem_solving,
    judged_messages,
    set_slide,
    with_picture,
)

# ------------------------------------------------------------------------------ E2


_EFFECT = "2023年10月抽查4000件，超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。症结孔径超差由78件降至12件。"
_SPENT = "对策一实施：8月10日更换前轴承（连同夹具改造共投入9.6万元），实测主轴径向跳动0.004mm，达到对策目标≤0.005mm。"


def _benefit(benefit: str) -> Slides:
    s = set_slide(good_problem_solving(), "八、效果检查", [_EFFECT, benefit])
    impl = next(items for t, items in s if t and t.startswith("七、对策实施"))
    return set_slide(s, "七、对策实施", [_SPENT, *impl[1:]])


def test_e2_an_investment_stated_in_the_implementation_and_left_out_of_the_benefit() -> None:
    """seen fresh3 h54, h48: 投入 stated in 对策实施, 经济效益 computed without it."""
    r = check(deck(_benefit("经济效益：年节约返修报废费用26.4万元。")))
    assert any("没有扣除活动投入" in m and "9.6万元" in m for m in finding_messages(r, "E2"))
    r = check(deck(_benefit("经济效益：年节约返修报废费用26.4万元，扣除投入9.6万元，净效益16.8万元。")))
    assert not finding_messages(r, "E2")


def test_e2_a_benefit_expected_after_roll_out_is_potential() -> None:
    said = "经济效益：年节约返修费用26.4万元－投入9.6万元＝16.8万元；推广至二分厂后预计年可再创效益38万元。"
    assert any("潜在效益" in m for m in finding_messages(check(deck(_benefit(said))), "E2"))


def test_e2_a_future_cost_avoided_or_a_roll_out_extrapolated_is_potential() -> None:
    """seen fresh5 j57 (避免运营期…整治费用 counted), j47 (按全院推广测算…每年可减少…)."""
    for said in (
        "经济效益：节约返修费用26.4万元－投入9.6万元＝16.8万元；避免运营期渗漏整治费用约80万元，合计96.8万元。",
        "经济效益：按全厂推广测算，每年可减少返修费用约86万元，合计年创经济效益约86万元。",
    ):
        assert any("潜在效益" in m for m in finding_messages(check(deck(_benefit(said))), "E2")), said
    clean = "经济效益：节约返修费用26.4万元，避免返工损失3.2万元，扣除投入9.6万元，净效益20.0万元。"
    assert not finding_messages(check(deck(_benefit(clean))), "E2")


# ------------------------------------------------------------------------------ S1


def test_s1_the_means_before_what_a_task_builds() -> None:
    """seen fresh3 h48: "运用信息化手段构建…闭环管理模式"; the improvement framework is no means."""
    s = good_problem_solving()
    s[0] = ("运用信息化手段构建转向节镗孔超差闭环管理模式", s[0][1])
    assert any("手段" in m for m in finding_messages(check(deck(s)), "S1"))
    s[0] = ("运用PDCA构建转向节镗孔超差闭环管理模式", s[0][1])
    assert not any("手段" in m for m in finding_messages(check(deck(s)), "S1"))


# ------------------------------------------------------------------------------ K4


def _dated_confirmations(date: str) -> Slides:
    rows = [
        [*r[:6], "确认时间" if k == 0 else ("2023年7月20日" if k > 1 else date), r[6]]
        for k, r in enumerate(CAUSE_TABLE)
    ]
    return set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐条确认。", rows])


def test_k4_a_confirmation_dated_after_its_own_countermeasure() -> None:
    """seen fresh2 g36 (确认时间 2024.5.20, 对策 2024.4.10—5.15), fresh3 h41 ("6月12日更换…后")."""
    r = check(deck(_dated_confirmations("2023年8月20日")))  # the 对策 of 主轴前轴承磨损: 2023年8月15日
    assert any("主轴前轴承磨损" in m and "2023年8月20日" in m for m in finding_messages(r, "K4"))
    assert not finding_messages(check(deck(_dated_confirmations("2023年7月18日"))), "K4")


def test_k4_a_confirmation_dated_after_its_numbered_implementation_began() -> None:
    """seen fresh f49: 对策表 gives the completion date only; "对策一：10月起…" dates the start."""
    r = check(deck(_dated_confirmations("2023年8月12日")))  # 对策一实施：8月10日…; 对策表 2023年8月15日
    assert any("对策实施" in m and "2023年8月12日" in m for m in finding_messages(r, "K4"))


# ------------------------------------------------------------------------------ C1


def test_c1_an_analysis_whose_head_is_the_whole_topic() -> None:
    """seen fresh3 h52, h44, fresh2 g36: 现状调查 finds the 症结 孔径超差, the 因果图 analyses the topic."""
    whole = ["小组从人、机、料、法、环五个方面查找转向节镗孔尺寸超差的原因，共找出末端原因4条。"]
    msgs = judged_messages(check(deck(set_slide(good_problem_solving(), "四、原因分析", whole))), "C1")
    assert any("整个课题" in m and "孔径超差" in m for m in msgs)
    aimed = ["小组从人、机、料、法、环五个方面查找孔径超差的原因，共找出末端原因4条。"]
    assert not judged_messages(check(deck(set_slide(good_problem_solving(), "四、原因分析", aimed))), "C1")
    # seen holdout h05: the diagram is headed by the topic, its branches are the 症结's
    branches = [*whole, "孔径超差：主轴前轴承磨损、刀补按经验周期调整；位置度超差：夹具定位销磨损。"]
    assert not judged_messages(check(deck(set_slide(good_problem_solving(), "四、原因分析", branches))), "C1")


# ------------------------------------------------------------------------------ K2


_CAUSES = ["主轴前轴承磨损", "刀补按经验周期调整", "锻件孔余量波动大", "夏季午后温度偏高"]


def _fishbone(extra: list[str]) -> Document:
    s = set_slide(good_problem_solving(), "四、原因分析", ["针对症结孔径超差绘制因果图。"])
    s = set_slide(s, "五、确定主要原因", ["小组对末端原因逐条确认，见下表。", [r[:] for r in CAUSE_TABLE]])
    lines = ["孔径超差因果图", "人", "机", *_CAUSES[:2], "孔径超差", *_CAUSES[2:], *extra, "法", "环"]
    return with_picture(deck(s), "四、原因分析", "\n".join(lines), FigureKind.cause_effect, "孔径超差因果图")


def test_k2_causes_a_fishbone_picture_names_and_no_confirmation_speaks_of() -> None:
    """seen fresh3 h36, fresh2 g33: 9 causes in the 鱼骨图 picture, 7 in the 要因确认表."""
    msgs = finding_messages(check(_fishbone(["冷却液浓度不稳定", "操作者未按时点检"])), "K2")
    assert any("冷却液浓度不稳定" in m and "操作者未按时点检" in m for m in msgs)
    assert not finding_messages(check(_fishbone([])), "K2")


def test_k2_a_picture_cause_is_no_finding_where_the_document_confirms_the_count_it_states() -> None:
    """seen fresh f30, f38: "对7项末端原因逐项调查" and 7 rows — a picture word beyond them (a level of
    the diagram, a head read as a cause) is the reading's doubt."""
    doc = _fishbone(["冷却液浓度不稳定"])
    said = next(i for i, b in enumerate(doc.blocks) if b.text.startswith("小组对末端原因"))
    blocks = list(doc.blocks)
    blocks[said] = blocks[said].model_copy(update={"text": "小组对4项末端原因逐条确认，见下表。"})
    assert not finding_messages(check(doc.model_copy(update={"blocks": blocks})), "K2")


# ------------------------------------------------------------------------------ K3


def test_k3_a_count_against_a_standard_shows_no_impact_on_the_symptom() -> None:
    """seen fresh3 h32: 确认标准 column, "抽查40台有21台龟裂": the cause is there, its effect unshown."""
    head = ["序号", "末端原因", "确认方法", "确认标准", "确认情况", "结论"]
    rows = [
        ["1", "主轴前轴承磨损", "现场测量", "跳动≤0.005mm", "抽查6台有4台跳动超标", "要因"],
        ["2", "刀补按经验周期调整", "查阅记录", "有刀补周期规定", "作业指导书无此项", "要因"],
        ["3", "锻件孔余量波动大", "抽样测量", "余量极差≤0.6mm", "抽测50件有18件超标", "要因"],
        ["4", "夏季午后温度偏高", "现场测量", "≤28℃", "午后车间30℃", "非要因"],
    ]
    s = set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐条确认。", [head, *rows]])
    assert any("只对照标准判断" in m for m in finding_messages(check(deck(s)), "K3"))
    rows[0][4] = "抽查6台有4台跳动超标，这4台加工的批次孔径超差率4.1%，其余0.9%"
    rows[2][4] = "抽测50件有18件超标，余量超标件孔径超差率5.6%"
    s = set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐条确认。", [head, *rows]])
    assert not finding_messages(check(deck(s)), "K3")


# ------------------------------------------------------------------------------ X2


def test_x2_other_larger_than_a_named_category_in_the_table_of_a_pareto_picture() -> None:
    """seen fresh3 h44: the 排列图 picture is not read as data; the table beside it gives 其他 13 of 53."""
    table = [
        ["外渗类别", "例数", "构成比"],
        ["病房带入留置针", "26", "49.06%"],
        ["手背静脉穿刺", "9", "16.98%"],
        ["注射流速≥4ml/s", "5", "9.43%"],
        ["其他", "13", "24.53%"],
        ["合计", "53", "100%"],
    ]
    said = "同期CT增强检查4860例，发生外渗53例，病房带入留置针外渗占49.06%，为本项目的症结。"
    s = set_slide(good_problem_solving(), "二、现状调查", [said, table])
    doc = with_picture(deck(s), "二、现状调查", "对比剂外渗类别排列图\n100\n50\n26\n其他", FigureKind.pareto)
    assert any("其他" in m and "13" in m for m in finding_messages(check(doc), "X2"))
    table[4][1], table[1][1] = "3", "36"
    s = set_slide(good_problem_solving(), "二、现状调查", [said, table])
    doc = with_picture(deck(s), "二、现状调查", "对比剂外渗类别排列图\n100\n50\n36\n其他", FigureKind.pareto)
    assert not finding_messages(check(doc), "X2")


def test_x2_a_pareto_picture_whose_bars_put_the_table_counts_out_of_order() -> None:
    """The labels OCR read under the bars, in order, with the counts of the table beside the picture."""
    table = [["缺陷类别", "件数"], ["孔径超差", "78"], ["位置度超差", "14"], ["端面跳动超差", "8"], ["其他", "4"]]
    said = "抽查转向节4000件，超差104件，孔径超差占75.0%，是本课题的症结。"
    s = set_slide(good_problem_solving(), "二、现状调查", [said, table])
    unordered = "超差类别排列图\n100\n78\n孔径超差\n端面跳动超差\n位置度超差\n其他"
    doc = with_picture(deck(s), "二、现状调查", unordered, FigureKind.pareto)
    assert any("从大到小" in m for m in finding_messages(check(doc), "X2"))
    ordered = "超差类别排列图\n100\n78\n孔径超差\n位置度超差\n端面跳动超差\n其他"
    assert not finding_messages(check(with_picture(deck(s), "二、现状调查", ordered, FigureKind.pareto)), "X2")


def test_c1_categories_of_the_survey_put_among_the_causes() -> None:
    """seen fresh3 h52: the 现状 stratification's other defect types (局减阀漏泄, 充气不良) on the bones of
    the 因果图; a survey stratified by its causes ("超时原因") names causes, so it is no evidence."""
    doc = _fishbone(["位置度超差"])
    assert any("位置度超差" in m and "混在一起" in m for m in finding_messages(check(doc), "C1"))
    assert not any("混在一起" in m for m in finding_messages(check(_fishbone([])), "C1"))


def _confirmed_in(period: str) -> Slides:
    said = f"验证时间：{period}，对4个末端原因逐条现场验证。"
    return set_slide(good_problem_solving(), "五、确定主要原因", [said, [row[:] for row in CAUSE_TABLE]])


def test_k4_the_whole_confirmation_dated_after_the_first_countermeasure() -> None:
    """seen fresh5 j34: "验证时间：2024年7月15日—8月10日" once for the step, 对策表 from 2024.7.1."""
    r = check(deck(_confirmed_in("2023年8月20日—9月5日")))  # the first 对策表 date: 2023年8月15日
    assert any("2023年8月20日" in m and "对策开始实施之后" in m for m in finding_messages(r, "K4"))
    assert not finding_messages(check(deck(_confirmed_in("2023年7月10日—7月20日"))), "K4")


# ------------------------------------------------------------------------------ P1


_VERIFIED = [
    "主轴前轴承磨损：实测径向跳动0.016mm（标准≤0.005mm），跳动大的批次超差率4.1%——要因",
    "刀补按经验周期调整：间隔400件，孔径偏差随间隔增大，相关系数0.86——要因",
    "锻件孔余量波动大：余量极差1.3mm，余量大的批次超差率3.5%——要因",
    "夏季午后温度偏高：31℃时超差率2.5%，与26℃时2.6%无明显差异——非要因",
    "确定要因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大",
]
_ROW_FOR_REJECTED = [
    "4",
    "夏季午后温度偏高",
    "加装车间空调",
    "午后温度≤26℃",
    "加装2台空调",
    "OP20镗孔工位",
    "2023年9月20日",
    "赵敏",
]


def _plan_with(rows: list[list[str]]) -> Slides:
    s = set_slide(good_problem_solving(), "五、确定主要原因", _VERIFIED)
    return set_slide(s, "六、制定对策", [[row[:] for row in PLAN_TABLE] + rows])


def test_p1_a_row_for_a_cause_rejected_in_a_verification_line() -> None:
    """seen fresh5 j30: "操作工质量意识不强：…无差异——非要因", yet row 4 of the 对策表 answers it."""
    assert any("非要因" in m for m in finding_messages(check(deck(_plan_with([_ROW_FOR_REJECTED]))), "P1"))
    assert not finding_messages(check(deck(_plan_with([]))), "P1")


def test_p1_a_line_joining_a_kept_cause_and_a_rejected_one_rejects_neither() -> None:
    """seen fresh3 h54: a PDF line "锻件…——要因 夏季…——非要因" named the kept cause 非要因."""
    kept = "确定要因：主轴前轴承磨损、刀补按经验周期调整"  # the third 要因 only in the joined line, as there
    joined = [*_VERIFIED[:2], f"{_VERIFIED[2]} {_VERIFIED[3]}", kept]
    s = set_slide(good_problem_solving(), "五、确定主要原因", joined)
    assert not any("非要因" in m for m in finding_messages(check(deck(s)), "P1"))


# ------------------------------------------------------------------------------ G2


def _target_slide(items: list[str], chart: bool) -> Document:
    """设定目标 with `items`, then (`chart`) the target's 柱状图 picture at the end of the slide."""
    doc = deck(set_slide(good_innovative(), "二、设定目标", items))
    if not chart:
        return doc
    k = next(i for i, b in enumerate(doc.blocks) if b.text.startswith("二、设定目标"))
    moved = with_picture(doc, doc.blocks[k].text, "目标值\n42\n40\n30\n20\n15\n10\n现状\n目标", FigureKind.bar)
    pic = moved.blocks[k + 1]
    last = max(i for i, b in enumerate(doc.blocks) if b.source.page == pic.source.page)
    return doc.model_copy(update={"blocks": [*doc.blocks[: last + 1], pic, *doc.blocks[last + 1 :]]})


_QUALITATIVE = [
    "可行性论证：",
    "公司领导高度重视，提供研制资金",
    "小组有高级技师2名、技师3名，具备研制能力",
    "因此，小组有信心实现目标",
]


def test_g2_a_qualitative_argument_beside_the_target_and_its_chart() -> None:
    """seen fresh5 j24: "目标：…" then "可行性论证：" / "段领导高度重视…" / "小组有高级技师2名、技师3名…", and the
    target's 柱状图 picture after it, whose axis values were counted as the argument's data; the same in
    one text frame ("目标：…\n可行性论证：\n…")."""
    target = "目标：单件装夹时间≤15s，定位误差≤0.05mm"
    assert any("借鉴" in m for m in finding_messages(check(_target_slide([target, *_QUALITATIVE], True)), "G2"))
    assert any(
        "借鉴" in m for m in finding_messages(check(_target_slide(["\n".join([target, *_QUALITATIVE])], False)), "G2")
    )
    argued = "可行性论证：借鉴的焊装气动夹具实测夹紧时间3s，定位时间8s，合计11s，小于15s，领导高度重视。"
    assert not finding_messages(check(_target_slide([target, argued], True)), "G2")
