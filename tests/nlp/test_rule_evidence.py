"""Findings from evidence, not from a missing word (issue 10 item 3): each rule fires on what the
document shows and is satisfied by the ways reports really say it. Regression cases from material the
checker was not written on (house-styles.md phrasings; the false findings of the independent tune half)."""

from __future__ import annotations

import pytest

from nlp.check import check
from nlp.rules import _symptom_in
from tests.nlp.conftest import (
    CAUSE_TABLE,
    PLAN_TABLE,
    Slides,
    deck,
    good_innovative,
    good_problem_solving,
    judged,
    replace_slide,
    set_slide,
)


def _rules(slides: Slides) -> set[str]:
    return set(judged(check(deck(slides))))


_DO = [
    "对策一实施：刀补改为每200件按实测调整，孔径超差实测0.4%——达标。",
    "对策二实施：更换主轴前轴承，径向跳动实测0.004mm，达到对策目标≤0.005mm。",
]


def test_side_effect_checks_as_reports_write_them_satisfy_i2() -> None:
    for said in (
        "对策实施后抹灰墙面平整度、阴阳角方正均合格，未增加工期。",
        "负面影响：护士发药时间每轮增加约8分钟，通过调整治疗班次解决。",
        "焙烧时间延长使能耗增加约3%，通过装炉量优化抵消。",
        "对焊点强度、锡珠等其他质量特性进行了跟踪，均未出现恶化，生产效率无影响。",
        "OP30节拍仍在范围内，焊点强度破坏试验合格。",
    ):
        assert "I2" not in _rules(set_slide(good_problem_solving(), "七、对策实施", [*_DO, said])), said
    assert "I2" in _rules(set_slide(good_problem_solving(), "七、对策实施", _DO))


def test_i2_only_where_the_countermeasures_call_for_it() -> None:
    """Training and rules change nothing that could harm safety, quality or cost: no I2 to ask."""
    mgmt = [
        "对策一实施：组织3次操作培训，考核合格率100%——达标。",
        "对策二实施：修订考核办法，每月通报，执行率100%——达标。",
    ]
    plan = [
        ["序号", "要因", "对策", "目标", "措施", "地点", "时间", "负责人"],
        [
            "1",
            "操作技能不足",
            "开展技能培训",
            "考核合格率100%",
            "编教材，组织3次培训并考核",
            "二车间",
            "2023.5",
            "张伟",
        ],
        ["2", "考核不严", "修订考核办法", "执行率100%", "每月考核并通报", "二车间", "2023.6", "李强"],
    ]
    s = set_slide(set_slide(good_problem_solving(), "七、对策实施", mgmt), "六、制定对策", [plan])
    found = check(deck(s)).findings
    assert "I2" not in {f.rule for f in found}, [f.message for f in found]


def test_i1_reads_results_per_countermeasure() -> None:
    results = [
        "对策一：5月8日起推行分时段预约，回诊超时人次由48降至15。",
        "对策二：叫号系统上线，回诊等待平均缩短14分钟。",
        "实施中未发现对其他环节的不良影响。",
    ]
    assert "I1" not in _rules(set_slide(good_problem_solving(), "七、对策实施", results))
    vague = ["对策一：推行分时段预约，效果很好。", "对策二：叫号系统上线，大家很满意。", "未发现不良影响。"]
    assert "I1" in _rules(set_slide(good_problem_solving(), "七、对策实施", vague))


def test_symptom_named_as_the_improvement_focus_satisfies_x1() -> None:
    s = set_slide(
        good_problem_solving(),
        "二、现状调查",
        [
            "2023年1—3月查检600人次，按环节分层统计，超时168人次。",
            "“分诊等待”和“回诊等待”累计占71.4%，为本次改善重点。",
        ],
    )
    assert "X1" not in _rules(s)
    no_period = set_slide(
        good_problem_solving(), "二、现状调查", ["不合格735件，按缺陷类型分层：气孔398件（54.1%）为症结"]
    )
    assert "X1" not in _rules(no_period)  # data stratified to a 症结: a period left unsaid is no defect alone
    assert "X1" in _rules(set_slide(good_problem_solving(), "二、现状调查", ["现场检查了部分产品，问题较多。"]))


def test_confirmation_by_measured_comparison_shows_impact_k3() -> None:
    lines = [
        "主轴径向跳动：千分表实测0.012mm；跳动超标的2#机床孔径偏大比例是1#机床的3.4倍——要因",
        "车间温度：双样本t检验，上午/下午孔径差异P＝0.41＞0.05——非要因",
        "刀补调整：连续跟踪800件，孔径与件数r＝0.91——要因",
        "锻件余量：抽检60件均在规定范围内——非要因",
    ]
    assert "K3" not in _rules(set_slide(good_problem_solving(), "五、确定主要原因", lines))
    standard = [
        "主轴前轴承：检查符合规定——要因",
        "刀补：符合作业指导书要求——要因",
        "余量：在规定范围内——非要因",
        "温度：满足工艺要求——非要因",
        "共测量4项，数据12组。",
    ]
    assert "K3" in _rules(set_slide(good_problem_solving(), "五、确定主要原因", standard))


def test_problem_measured_in_passing_and_failing_groups_shows_impact_k3() -> None:
    """The problem's measure in the group that meets the standard against the group that does not
    ("合格段渗漏1.8处/100m，不合格段19.6处/100m") is a paired comparison: its 合格 names a group, no verdict; a
    count of passed and failed items is still the judgement against the standard."""
    grouped = [
        "模板拼缝不严：拼缝合格段漏浆0.9处/100m，不合格段12.4处/100m——要因",
        "养护时间：抽查30段，养护均满足7天——非要因",
        "钢筋间距：复测48处，偏差均在规范范围内——非要因",
    ]
    assert "K3" not in _rules(set_slide(good_problem_solving(), "五、确定主要原因", grouped))
    counted = [
        "模板拼缝不严：抽查40段，合格32段，不合格8段，不符合要求——要因",
        "养护时间：抽查30段，养护均满足7天——非要因",
        "钢筋间距：复测48处，偏差均在规范范围内——非要因",
    ]
    assert "K3" in _rules(set_slide(good_problem_solving(), "五、确定主要原因", counted))


def test_related_standards_are_no_correlation_k3() -> None:
    """ "对照相关标准判断是否符合要求" names the standards, not a correlation with the problem (seen fresh7 m26):
    a 确认表 of 标准要求 / 实际情况 / 是否符合 alone still shows no impact; a correlation in words does."""
    standard = [
        "小组对照相关标准逐条判断是否符合要求，不符合的为要因。",
        "主轴前轴承：标准游隙≤0.01mm，实测0.018mm，不符合——要因",
        "刀补：作业指导书要求每班校验，抽查20班次4次未校验，不符合——要因",
        "余量：图纸公差±0.5mm，抽检60件均在范围内，符合——非要因",
    ]
    # titled 要因确认: "确定主要原因" as a title reads as a "主要原因" named (left alone here)
    assert "K3" in _rules(replace_slide(good_problem_solving(), "五、确定主要原因", ("五、要因确认", standard)))
    related = [*standard[1:], "游隙与孔径超差率相关，游隙超标的机床超差率是其余机床的2.6倍。"]
    assert "K3" not in _rules(replace_slide(good_problem_solving(), "五、确定主要原因", ("五、要因确认", related)))


def test_consolidation_with_an_enterprise_standard_number_and_a_chart_is_a1_clean() -> None:
    s = set_slide(
        good_problem_solving(), "九、制定巩固措施", ["将有效措施纳入企业标准Q/BCJ 205-2023《外墙混凝土施工工艺标准》。"]
    )
    assert "A1" not in _rules(s)  # numbered standard; 巩固期 data are asked for where needed, not alone
    hollow = set_slide(good_problem_solving(), "九、制定巩固措施", ["今后要加强管理，加强培训。"])
    assert "A1" in _rules(hollow)


def test_cause_analysis_with_a_diagram_is_not_called_shallow_c1() -> None:
    s = set_slide(good_problem_solving(), "四、原因分析", ["针对孔径超差，小组运用头脑风暴法绘制因果图（图3）。"])
    assert "C1" not in _rules(s)
    assert "C1" in _rules(
        set_slide(good_problem_solving(), "四、原因分析", ["小组分析认为原因主要是设备和人员两方面。"])
    )


def test_effect_compared_through_the_symptom_head_noun_and_before_after_words_e1() -> None:
    s = set_slide(
        good_problem_solving(),
        "八、效果检查",
        [
            "攻关后抽查4000件，超差率0.7%，攻关前2.6%，达到课题目标0.8%。",
            "孔径超差由78件降至12件。",
            "经济效益：年节约12.5万元，扣除投入3.2万元，净效益9.3万元。",
        ],
    )
    assert "E1" not in _rules(s)


def test_no_economic_benefit_stated_is_not_e2_an_unexplained_figure_is() -> None:
    none = set_slide(
        good_problem_solving(),
        "八、效果检查",
        ["超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。", "孔径超差由78件降至12件。"],
    )
    assert "E2" not in _rules(none)
    bare = set_slide(
        good_problem_solving(),
        "八、效果检查",
        [
            "超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。",
            "孔径超差由78件降至12件。",
            "经济效益显著，年创效益约50万元。",
        ],
    )
    assert "E2" in _rules(bare)


def test_intangible_results_under_effect_or_as_merits_satisfy_z1() -> None:
    s = good_problem_solving()
    s = set_slide(s, "十、总结", ["下一步打算：以“降低转向节螺纹不良率”作为下一个课题。"])
    s = set_slide(
        s,
        "八、效果检查",
        [
            "超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。",
            "孔径超差由78件降至12件。",
            "无形成果：圈员能力雷达图显示解决问题能力提升。",
            "经济效益：年节约12.5万元，扣除投入3.2万元，净效益9.3万元。",
        ],
    )
    assert "Z1" not in _rules(s)
    merits = set_slide(
        good_problem_solving(), "十、总结", ["优点：全员参与，对策落实快。", "下期主题：缩短检验报告获取时间。"]
    )
    assert "Z1" not in _rules(merits)


def test_titles_naming_a_metric_with_zonghe_or_the_improvement_framework_are_not_s1() -> None:
    for title in ("降低催化裂化装置综合能耗", "降低综合ICU导尿管相关尿路感染发生率"):
        s = good_problem_solving()
        s = [(title, s[0][1]), *s[1:]]
        assert "S1" not in _rules(s), title
    # the framework in the title is no finding; since stop 29 a review (the seen truths split on it)
    s = good_problem_solving()
    r = check(deck([("运用FOCUS-PDCA降低血液透析患者自体动静脉内瘘穿刺失败率", s[0][1]), *s[1:]]))
    assert "S1" not in {f.rule for f in r.findings} and "S1" in {x.rule for x in r.reviews}
    s = good_problem_solving()
    assert "S1" in _rules([("应用新型刀具提高转向节镗孔质量的综合管理水平", s[0][1]), *s[1:]])


def test_vague_cause_counts_only_as_an_end_cause_c2() -> None:
    node = set_slide(
        good_problem_solving(),
        "四、原因分析",
        [
            "针对症结孔径超差绘制系统图：运维管理不到位 → 巡视周期过长、缺陷消缺不及时。",
            "末端原因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、夏季午后温度偏高。",
        ],
    )
    assert "C2" not in _rules(node)
    end = set_slide(
        good_problem_solving(),
        "四、原因分析",
        ["针对症结孔径超差绘制因果图。", "末端原因：主轴前轴承磨损、管理不到位、锻件孔余量波动大。"],
    )
    assert "C2" in _rules(end)


def test_confirmation_table_continued_on_the_next_page_counts_all_rows_k2() -> None:
    s = good_problem_solving()
    k = next(i for i, (t, _) in enumerate(s) if t and t.startswith("五、确定主要原因"))
    title, items = s[k]
    table = next(it for it in items if isinstance(it, list))
    s[k] = (title, ["对4个末端原因逐条确认。", table[:3]])
    s.insert(k + 1, (None, [table[3:]]))  # headerless continuation on the next slide
    assert "K2" not in _rules(s)


def test_innovative_deck_unchanged_by_the_evidence_rules() -> None:
    assert not {"I2", "I1", "E2", "Z1", "S1"} & _rules(good_innovative())


def test_symptom_not_compared_is_reported_only_with_a_weak_effect_check_e1() -> None:
    """An effect compared with the target and the 现状 on the same metric is no E1 for the 症结 left
    uncompared (281 ppm vs the 310 ppm target); with no before comparison the 症结 is named as well."""
    compared = set_slide(
        good_problem_solving(),
        "八、效果检查",
        [
            "活动后抽查4000件，超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。",
            "经济效益：年节约12.5万元，扣除投入3.2万元，净效益9.3万元。",
        ],
    )
    assert "E1" not in _rules(compared)
    weak = set_slide(
        good_problem_solving(),
        "八、效果检查",
        ["抽查4000件，超差率0.7%，达到课题目标0.8%。", "经济效益：年节约12.5万元，扣除投入3.2万元，净效益9.3万元。"],
    )
    # compared with the 课题目标 alone: E1 of spec/domain.md asks the target comparison (every writer of the
    # independent splits accepts it: seen fresh3 h10 "15次，少于目标21次", h30 "90.6%，超过85%目标")
    assert "E1" not in _rules(weak)
    bare = set_slide(
        good_problem_solving(),
        "八、效果检查",
        ["活动后抽查4000件，效果明显。", "经济效益：年节约12.5万元，扣除投入3.2万元，净效益9.3万元。"],
    )
    e1 = [f.message for f in check(deck(bare)).findings if f.rule == "E1"]
    assert any("目标" in m and ("活动前" in m or "现状" in m) for m in e1), e1


def test_a_target_formula_with_100_percent_in_it_is_no_extreme_target_g1() -> None:
    s = set_slide(
        good_problem_solving(),
        "三、设定目标",
        ["目标值＝现况值＋(100%－现况值)×改善重点×圈能力＝72.5%＋27.5%×65.9%×80%＝87.0%"],
    )
    assert "G1" not in _rules(s)
    assert "G1" in _rules(set_slide(good_problem_solving(), "三、设定目标", ["目标：一次合格率达到100%。"]))


def test_side_effects_said_not_to_arise_or_labelled_by_dimension_satisfy_i2() -> None:
    """The holdout half's phrasings (seen material): a cost or risk said not to arise, a line labelled
    with the dimension checked. The rule reads the words, never one document."""
    for said in (
        "实施期间采用分段停运方式，未造成超标排放。",
        "改造后未带来新的安全风险，系统压降无明显变化。",
        "安全与成本：利用现有场地，结合计划检修安装，无新增停电。",
        "使用安全：工装总重2.9kg，单人携带，作业风险未增加。",
        "实施期间静脉炎发生率未升高，护士工作量无明显增加。",
        "装置不改变原有流程，不影响正常生产。",
    ):
        assert "I2" not in _rules(set_slide(good_problem_solving(), "七、对策实施", [*_DO, said])), said
    # a cost named with no check of it is still no side-effect statement
    assert "I2" in _rules(set_slide(good_problem_solving(), "七、对策实施", [*_DO, "更换主轴轴承，费用3.2万元。"]))


def _without_target_column(s: Slides) -> Slides:
    plan = [[c for k, c in enumerate(row) if k != 3] for row in PLAN_TABLE]
    return set_slide(s, "六、制定对策", [plan])


def test_i1_does_not_repeat_p2_where_the_plan_sets_no_countermeasure_target() -> None:
    """No 目标 column: there is no 对策目标 to verify per 对策 — P2 reports the column, once."""
    done = [
        "对策一：8月10日更换前轴承2套。",
        "对策二：刀补程序修改，覆盖3台机床。",
        "对策三：修订毛坯图1份并下发供方。",
    ]
    rules = _rules(set_slide(_without_target_column(good_problem_solving()), "七、对策实施", done))
    assert "P2" in rules and "I1" not in rules
    # with the 目标 column, unverified 对策 are I1's
    assert "I1" in _rules(set_slide(good_problem_solving(), "七、对策实施", done))


def test_i1_counts_verdicts_and_checks_as_written_and_parts_run_together() -> None:
    said = [
        "对策一：5月起由专人计量配比，6月抽查合格率97.4%——达成",
        "对策二：系统上线自动停止功能，6月超期比例3.1%——达成",
        "对策三：修订工艺卡，附加层宽度抽查均≥200mm",
    ]
    assert "I1" not in _rules(set_slide(good_problem_solving(), "七、对策实施", said))
    # a scanned page runs the parts into one line: each 对策 is still read on its own
    one_line = [
        "对策一：坡口全部数控铣边，抽查合格率100%。对策二：层间清理工序化，巡检合格率100%。对策三：修订工艺卡，"
        "打底焊电流185~195A，工艺评定力学性能全部合格。"
    ]
    assert "I1" not in _rules(set_slide(good_problem_solving(), "七、对策实施", one_line))


def test_k3_asks_the_impact_of_the_causes_kept_not_of_the_rejected_ones() -> None:
    """A row concluded 非要因 needs a reason (a standard met, an uncontrollable factor), not an impact."""
    head = ["末端原因", "确认方法", "确认情况", "结论"]
    rows = [
        head,
        ["相机无偏振滤镜", "对比试验", "加装偏振镜后反光错误由49次降至11次", "要因"],
        ["拍摄点位单一", "对比试验", "双点位拍摄择优，反光错误减少62%", "要因"],
        ["模具寿命未规定", "调查", "无寿命规定，是模具磨损的直接原因", "要因"],
        ["表计玻璃为镜面", "调查分析", "同型表在室内识别正常", "非要因"],
        ["阳光直射", "调查分析", "属不可控环境因素", "非要因"],
        ["设备振动", "测量", "振动值≤2.8mm/s，符合设备要求", "非要因"],
    ]
    assert "K3" not in _rules(set_slide(good_problem_solving(), "五、确定主要原因", [rows]))
    weak = [head, *[[r[0], r[1], "符合作业要求", "要因"] for r in rows[1:4]], *rows[4:]]
    assert "K3" in _rules(set_slide(good_problem_solving(), "五、确定主要原因", [weak]))


def test_e2_judges_money_claimed_not_a_social_benefit() -> None:
    s = set_slide(
        good_problem_solving(),
        "八、效果检查",
        [
            "2023年10月抽查4000件，超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。",
            "症结孔径超差由78件降至12件。",
            "社会效益：顾客投诉下降63%，减少排放约4吨/年。",
        ],
    )
    assert "E2" not in _rules(s)
    s2 = set_slide(
        good_problem_solving(),
        "八、效果检查",
        ["超差率由2.6%降至0.7%，达到课题目标0.8%。", "经济效益：年创效约60万元。"],
    )
    assert "E2" in _rules(s2)


def _innovative_with(title: str, items: list) -> Slides:
    return set_slide(good_innovative(), title, items)


def test_n1_reads_options_compared_in_a_table_and_levels_as_components() -> None:
    levels = [
        ["组成部分", "备选", "试验数据", "选定"],
        ["节流元件", "针阀/孔板", "针阀可调流量0～2L/min，孔板不可调", "针阀"],
        ["取样容器", "玻璃瓶/不锈钢瓶", "玻璃瓶破损2次/30次；不锈钢瓶0次", "不锈钢瓶"],
    ]
    overall = [
        "方案一：针阀节流＋密闭取样瓶",
        "方案二：活塞负压抽取式",
        "现场各试用15井次：方案一用时3.5min，成本850元；方案二用时6min，成本2300元",
        "选定方案一",
    ]
    assert "N1" not in _rules(_innovative_with("三、提出方案", [*overall, levels]))
    groups = [
        ["方策群组", "障碍判定", "消除障碍", "试行结果"],
        ["自动推送＋每周复筛", "需二次开发", "利用现有模块", "筛查完成率99%"],
        ["24h会诊＋分级路径", "人手不足", "专科护士首评", "路径执行率94%；规范干预率83%"],
    ]
    text = ["方策展开系统图：筛查、评估、干预、监测四项展开，评价后4项方策入选，组成两个方策群组试行。"]
    assert "N1" not in _rules(_innovative_with("三、提出方案", [*text, groups]))
    assert "N1" in _rules(_innovative_with("三、提出方案", ["小组提出总体方案：研制气动夹紧工装。"]))


def test_g2_accepts_a_computation_on_borrowed_figures() -> None:
    said = [
        "目标：单件装夹时间≤15s。",
        "借鉴：焊装线气动夹具夹紧3s、定位8s；某厂同类工装单件12s。",
        "测算：夹紧3s＋定位8s＋取放2s＝13s，小于15s。",
    ]
    assert "G2" not in _rules(_innovative_with("二、设定目标", said))
    assert "G2" in _rules(
        _innovative_with("二、设定目标", ["目标：单件装夹时间≤15s。", "小组成员经验丰富，有信心完成。"])
    )


def test_g2_reads_a_bare_feasibility_label_and_a_list_of_circled_reasons() -> None:
    """ "可行性：" alone labels the 论证, "高度重视", "资金有保障", "长期从事", "愿意配合" are reasons in words, and
    circled list numbers set apart by a space ("① 成员…；② 领导…") are no data: the 论证 uses no 借鉴 figure."""
    target = "目标：单件装夹时间由40s缩短至15s以内，定位精度±0.1mm。"
    bare = [target, "可行性：", "公司对提升产能高度重视，资金有保障", "小组成员长期从事工装设计", "供应商愿意配合加工"]
    assert "G2" in _rules(_innovative_with("二、设定目标", [*bare, "小组认为目标可以实现"]))
    circled = [
        target,
        "可行性论证：① 成员均有10年以上工装经验；② 厂领导高度重视；③ 供应商愿意配合",
        "结论：目标可以实现",
    ]
    assert "G2" in _rules(_innovative_with("二、设定目标", circled))
    borrowed = [*bare, "借鉴某厂同类工装：夹紧3s、定位8s、取放2s，测算3s＋8s＋2s＝13s，小于15s，目标可以实现"]
    assert "G2" not in _rules(_innovative_with("二、设定目标", borrowed))


def test_x1_symptom_named_by_the_categories_and_their_share() -> None:
    s = set_slide(
        good_problem_solving(),
        "二、现状调查",
        [
            "2023年1—3月手术860例，药师逐例点评，不合理206例。",
            [
                ["类型", "例数", "占比"],
                ["用药时机不当", "78", "37.9%"],
                ["疗程过长", "61", "29.6%"],
                ["其他", "67", "32.5%"],
            ],
            "按不合理类型分层：用药时机不当、疗程过长合计占67.5%",
        ],
    )
    assert "X1" not in _rules(s)


def test_symptom_after_a_stratification_label_is_the_category_c1() -> None:
    sent = "统计3月机器人表计识别12600次、错误1134次，按错误原因分层：反光/眩光612次，占54.0%，为症结"
    assert _symptom_in(sent) == "反光/眩光"


@pytest.mark.parametrize(
    "named",
    [
        "孔径超差、位置度超差合计占88.5%；小组将前两项作为症结",
        "“孔径超差”“位置度超差”合计占88.5%，“端面跳动超差”累计至96.2%。以上两类确定为症结",
        "孔径超差占75.0%，位置度超差占13.5%；我们把这2项列为本课题的症结",
    ],
)
def test_a_symptom_named_by_reference_back_is_the_category_named_before_c1(named: str) -> None:
    """ "小组将前两项作为症结" names the categories just counted (seen fresh5 j48, where the words before 为 —
    "小组将前两项作" — were read as the 症结 and the 原因分析 judged off it)."""
    s = set_slide(
        good_problem_solving(),
        "二、现状调查",
        ["调查时间：2023年7月1日至7月31日，抽查转向节4000件，超差104件，超差率2.6%。", named],
    )
    c1 = [f for f in check(deck(s)).findings if f.rule == "C1"]
    assert not c1, c1[0].message


@pytest.mark.parametrize(
    ("sent", "symptom"),
    [("小组将孔径超差作为症结", "孔径超差"), ("班组把“焊缝气孔”作为本课题的症结", "焊缝气孔")],
)
def test_the_object_of_jiang_is_the_symptom_not_the_words_before_wei(sent: str, symptom: str) -> None:
    assert _symptom_in(sent) == symptom


def test_awaiting_verification_in_prose_is_no_placeholder_q2() -> None:
    s = set_slide(
        good_problem_solving(),
        "五、确定主要原因",
        ["8名圈员按5/3/1分评分，选出4项要因待验证，再逐条现场验证。", [row[:] for row in CAUSE_TABLE]],
    )
    assert "Q2" not in _rules(s)
    assert "Q2" in _rules(
        set_slide(
            good_problem_solving(), "五、确定主要原因", ["要因确认结果（待验证）", [row[:] for row in CAUSE_TABLE]]
        )
    )


def test_a_standard_number_broken_by_a_scan_line_still_names_it_a1() -> None:
    s = set_slide(
        good_problem_solving(),
        "九、制定巩固措施",
        ["将数控铣边和打底焊参数纳入《钢结构焊接作业指导书》HJ-ZY-HJ-\n2023-07：8月返修率2.7%，效果稳定。"],
    )
    assert "A1" not in _rules(s)


def test_a_result_required_beyond_the_team_shows_its_value_a2() -> None:
    s = _innovative_with(
        "七、标准化", ["集团发布《工程质量移动验收管理规定》（津建工质〔2023〕62号），要求所有项目使用平台验收。"]
    )
    assert "A2" not in _rules(s)
    assert "A2" in _rules(_innovative_with("七、标准化", ["编制《平台操作手册》JGXX-SC-2023-03。"]))


def test_a_directive_target_without_a_survey_is_compared_with_its_target_e1() -> None:
    said = ["2023年7月1日至11月30日共153天，外排水COD日均值全部≤50mg/L，达标率100%，高于99%的目标，目标实现。"]
    directive = replace_slide(good_problem_solving(), "二、现状调查", None)
    directive[0] = ("降低外排水COD超标率", ["污水处理QC小组", "课题类型：问题解决型（指令性目标）"])
    directive = set_slide(
        directive,
        "三、设定目标",
        [
            "上级下达指令性目标：外排水COD月达标率≥99%。",
            "目标可行性论证：2022年最好月份达标率98.6%，同行业先进水平99.5%。",
        ],
    )
    e1 = [f for f in check(deck(set_slide(directive, "八、效果检查", said))).findings if f.rule == "E1"]
    assert not [f for f in e1 if "现状" in f.message]


def test_tests_of_other_characteristics_after_implementation_satisfy_i2() -> None:
    """The fresh half's phrasings (seen material): the side-effect check stated as a safety test or a
    follow-up of other characteristics after 对策实施."""
    for said in (
        "安全验证：整机通过工频耐压试验，泄漏电流<0.1mA，作业风险可控。",
        "安全验证：1.25倍额定载荷静载10分钟、1.1倍动载试验，无变形、无裂纹。",
        "实施后跟踪：产品熔指、造粒单耗和切刀寿命均无不良变化。",
        "跟踪：加工节拍由52s增至53s，仍满足产能；砂轮消耗增加约4%。",
        "试用中检查管束无划伤，抽芯全程无吊装交叉作业，安全风险降低。",
    ):
        assert "I2" not in _rules(set_slide(good_problem_solving(), "七、对策实施", [*_DO, said])), said
    assert "I2" in _rules(set_slide(good_problem_solving(), "七、对策实施", [*_DO, "跟踪：设备运行3个月，运转稳定。"]))


def test_the_symptom_is_named_without_its_count_or_a_summing_clause() -> None:
    """The fresh half's 症结 sentences (seen material): a count in any measure word ends the phrase, a
    clause that sums ("合计占73.0%") is no subject, and the metric a 症结 is counted in is not asked for."""
    from nlp.rules import symptom_addressed

    cases = {
        "按气泡位置分层：汇流条处171块，占58.2%，为症结": "汇流条处",
        "按交易类型分层统计：医保结算4380笔，占75.9%，是症结所在": "医保结算",
        "按不良类型分层统计：未熔合662只，占57.5%，是本课题的症结": "未熔合",
        "按问题类型分层：未开具预防医嘱83例、预防开始延迟47例，合计占73.0%，为本项目的症结": "未开具预防医嘱",
    }
    for sent, want in cases.items():
        assert _symptom_in(sent) == want, sent
    assert symptom_addressed("气孔返修", "气孔产生原因：保护气流量不足、坡口油污", 0.5)
    assert symptom_addressed("连粒批次", "连粒的原因：切刀磨损、颗粒水温低", 0.5)
    assert not symptom_addressed("夹渣", "接头探伤不合格率高的原因：人、机、料、法、环", 0.5)


def test_i1_reads_a_result_against_a_limit_and_parts_run_together() -> None:
    """The fresh half's implementations (seen material): "达到≤0.6%", "均在2小时内处置", 方策 parts;
    parts run together on one line are still counted one per 对策."""
    met = [
        "对策一：5月更换焊头，未熔合率0.52%，达到≤0.6%。",
        "对策二：3级以上不良反应11例，均在2小时内处置。",
        "对策三：振幅锁定38μm，Cpk=1.41，达到≥1.33。",
    ]
    s = set_slide(good_problem_solving(), "六、制定对策", [PLAN_TABLE])  # three 对策
    assert "I1" not in _rules(set_slide(s, "七、对策实施", met))
    run_on = [
        "对策一：8月12日加装气体配比器，已投入使用对策二：8月起增加坡口擦拭工序，班组已培训对策三：8月18日加装挡风帘"
    ]
    assert "I1" in _rules(set_slide(s, "七、对策实施", run_on))


def test_a_target_stated_with_its_basis_under_the_state_heading_satisfies_g1() -> None:
    """Seen fresh f28: "改进目标：…依据：…" stands on the 现状 slide, the 目标 slide holds only its chart."""
    chart_only = set_slide(good_problem_solving(), "三、设定目标", ["目标值柱状图", "活动前 2.6%", "目标 0.8%"])
    assert "G1" in _rules(chart_only)
    state = next(items for t, items in chart_only if t == "二、现状调查")
    basis = "改进目标：尺寸超差率由2.6%降至0.8%。依据：主机厂质量协议要求不高于0.8%。"
    assert "G1" not in _rules(set_slide(chart_only, "二、现状调查", [*state, basis]))


def test_a_computed_estimate_argues_an_innovative_target_without_borrowing() -> None:
    """课题达成型 (seen fresh f26/f44): the target is argued by a 测算 from the 现况/望达水平 of the 攻坚点."""
    s = set_slide(
        good_innovative(), "一、选择课题", ["顾客要求装夹时间由45s缩短到15s以内，现有螺旋压板工装无法满足需求。"]
    )
    computed = [
        "目标：单件装夹时间≤15s。",
        "测算：夹紧可由20s缩短至3s，定位由17s缩短至8s，45-(20-3)-(17-8)=19s，上料再省4s，目标可行。",
    ]
    assert "G2" not in _rules(set_slide(s, "二、设定目标", computed))
    assert "G2" in _rules(set_slide(s, "二、设定目标", ["目标：单件装夹时间≤15s。", "小组成员经验丰富，目标可行。"]))


def test_several_methods_per_attack_point_compared_in_a_table_are_options() -> None:
    """课题达成型 方策评价表 (seen fresh f26/f44): a 方策 column with several 方策 per 攻坚点."""
    table = [
        ["攻坚点", "方策", "可行性", "经济性", "总分", "判定"],
        ["夹紧", "气动夹紧", "27", "23", "83", "探究"],
        ["夹紧", "液压夹紧", "29", "25", "79", "探究"],
        ["定位", "一面两销", "33", "33", "93", "采用"],
        ["定位", "V形块", "25", "27", "73", "不采用"],
    ]
    items = [
        "方策展开系统图：夹紧、定位两个攻坚点",
        table,
        "对比试验：气动夹紧实测3.2s，液压夹紧2.9s但成本高4.7万元，选定气动夹紧。",
    ]
    assert "N1" not in _rules(set_slide(good_innovative(), "三、提出方案", items))


def test_a_subtitle_prompt_on_the_cover_is_no_unfinished_content() -> None:
    """Seen fresh f24/f39: "单击此处添加副标题" left on the cover is the program's prompt, no missing
    content; "单击此处添加文本" in the body is a template leftover (fresh f12, holdout h12)."""
    cover = good_problem_solving()[0]
    s = [(cover[0], [*cover[1], "单击此处添加副标题"]), *good_problem_solving()[1:]]
    assert "Q2" not in _rules(s)
    assert "Q2" in _rules(set_slide(good_problem_solving(), "八、效果检查", ["单击此处添加文本"]))


def test_side_effect_checks_named_or_adverse_events_said_not_to_arise_satisfy_i2() -> None:
    """The fresh2 half's phrasings (seen material): a labelled check (不良反应观察, 平衡指标, 对…的影响),
    a check after the measures, an adverse event said not to arise, another characteristic unchanged."""
    for said in (
        "不良反应观察：126例患者使用皮肤保护剂，未发现皮肤过敏或浸渍加重。",
        "平衡指标：手术部位感染率改进前0.62%，改进后0.59%。",
        "对调剂效率的影响：单张处方平均多用6秒，候药时间与改进前持平。",
        "实施后跟踪外墙防水卷材铺贴和结构回弹检测，未见防水层破损或强度降低。",
        "同时确认：新工装使用后接口外观无压痕，插接件端子无损伤。",
        "扭矩提高后抽测开盖力30瓶，未出现消费者开盖困难的反馈。",
        "检验树脂白度、鱼眼数，与实施前相比无变化，产品等级不受影响。",
        "熔断上线后演练，其他接口超时增加2.6%。",
    ):
        assert "I2" not in _rules(set_slide(good_problem_solving(), "七、对策实施", [*_DO, said])), said
    assert "I2" in _rules(set_slide(good_problem_solving(), "七、对策实施", _DO))


def test_i2_is_a_review_where_the_structure_was_not_read_with_confidence() -> None:
    """An absence is a finding only in a document whose steps were recognised with confidence."""
    s = [t for t in good_problem_solving() if t[0] and t[0].startswith(("六、制定对策", "七、对策实施"))]
    rep = check(deck(set_slide(s, "七、对策实施", _DO)))
    assert not rep.structure.confident
    assert "I2" not in {f.rule for f in rep.findings}
    assert "I2" in {r.rule for r in rep.reviews}


def test_a_measured_score_in_a_verification_table_is_no_k1() -> None:
    """A knowledge test's 得分 compared with the defect rate is data verifying one cause, not a vote."""
    row = "护士对认知不足：知识测试22名护士，比较得分与所管患者缺陷率，平均84.5分，得分与缺陷率无明显关系，非要因。"
    s = set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐一收集数据验证。", row])
    assert "K1" not in _rules(s)
    voted = set_slide(good_problem_solving(), "五、确定主要原因", ["圈员按5/3/1分评分，得分前两项确定为要因。"])
    assert "K1" in _rules(voted)


def test_i1_counts_results_stated_against_each_target_as_a_reader_does() -> None:
    """A result against the target in brackets, within the target range, or an average in figures."""
    said = [
        "对策一实施：测量误差最大1.2%（目标≤2%）。",
        "对策二实施：7—8月化验浓度62次，2.38%～2.66%，全部在目标内。",
        "对策三实施：单个记录平均0.3分钟。",
    ]
    assert "I1" not in _rules(set_slide(good_problem_solving(), "七、对策实施", said))
    # one verified, two not recognised: a partial count, to 人工复核 (stop 22) — while a part left states a
    # figure in its row's target unit (stop 30: one silent on its target beside verified ones is the finding)
    vague = ["对策一：完成主轴调整，跳动0.004mm。", "对策二：实测150件——达标。", "对策三：与供方签订协议。"]
    r = check(deck(set_slide(good_problem_solving(), "七、对策实施", vague)))
    assert "I1" not in {f.rule for f in r.findings} and "I1" in {x.rule for x in r.reviews}


def test_i1_partial_count_on_text_not_split_per_countermeasure_is_a_review() -> None:
    """Two 对策 reported in one line ("②③"): the count is uncertain, so 人工复核, not a finding."""
    lines = [
        "刀补改为每200件按实测调整，孔径超差实测0.4%——达标。",
        "更换主轴前轴承并复核夹具定位。",
        "夹具定位销同步更换，装夹完成。",
    ]
    rep = check(deck(set_slide(good_problem_solving(), "七、对策实施", lines)))
    assert "I1" not in {f.rule for f in rep.findings}
    assert "I1" in {r.rule for r in rep.reviews}


def test_i1_counts_confirmations_as_the_fresh3_writers_put_them() -> None:
    """Seen fresh3 h06/h15/h18/h39/h49 (I1 false on five): a result far from its "目标" word ("达到
    0.20±0.01MPa的目标"), an average or a maximum in figures ("均值 31mg/L", "最大偏差1.6μm"), "全部≤60件",
    a share after a count ("规范使用118次（98.3%）"), "覆盖全部床单元", and one statement for all
    ("三项对策目标均达到")."""
    for said in [
        [
            "对策一：试生产6批，粘片剥落率0.38%～0.46%，达到≤0.5%的目标。",
            "对策二：7月进风相对湿度36%～43%RH，达到≤45%RH的目标。",
            "对策三：连续记录10批雾化压力0.195～0.208MPa，达到0.20±0.01MPa的目标。",
        ],
        [
            "对策一：清洗后全塔压降由61kPa降至38kPa，达到≤45kPa的目标。",
            "对策二：抽查5月修整记录，全部≤60件。",
            "对策三：4月净化水氨氮均值 31mg/L。",
        ],
        [
            "对策一：抽查清洗操作120次，规范使用118次（98.3%）。",
            "对策二：五个时刻标识覆盖全部床单元。",
            "对策三：5月比对90件，最大偏差1.6μm。",
        ],
        [
            "对策一：5月全病区配置弱酸性清洗液。",
            "对策二：入院评估纳入护理常规。",
            "对策三：分层宣教。",
            "三项对策目标均达到",
        ],
    ]:
        assert "I1" not in _rules(set_slide(good_problem_solving(), "七、对策实施", said)), said[0]


def test_i1_a_measured_value_with_no_target_word_left_uncounted_is_a_review() -> None:
    """An uncertain count is a review, not a finding: a part with a measured value the patterns do not
    read as a confirmation ("余量稳定在 0.42mm", in the unit of its row's target "孔余量极差≤0.6mm")."""
    said = ["对策一：抽查合格率97.4%——达成。", "对策二：修订工艺卡并下发。", "对策三：余量稳定在 0.42mm。"]
    rep = check(deck(set_slide(good_problem_solving(), "七、对策实施", said)))
    assert "I1" not in {f.rule for f in rep.findings} and "I1" in {r.rule for r in rep.reviews}


def test_a_symptom_quoted_with_its_figure_is_matched_by_its_words() -> None:
    """A 症结 written with its measured figure and share (a FOCUS-PDCA deck's timed stage, seen fresh9
    o30) is addressed by an analysis that names the stage without the figure; another stage is not."""
    from nlp.rules import symptom_addressed

    analysis = "排队缴费时间长因果图：人：收费窗口高峰仅开3个；法：未推广自助缴费"
    assert symptom_addressed("排队缴费18.4分钟", analysis, 0.5)
    assert symptom_addressed("排队缴费18.4min", analysis, 0.5)
    assert not symptom_addressed("等候检查9.6分钟", analysis, 0.5)
