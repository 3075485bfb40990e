"""创新型 report content: 选择课题 (借鉴), 设定目标及可行性论证, 方案 (总体/分级), 对策, 实施, 效果, 标准化, 总结.

Defect flags: t1_ps_title (a 降低/提高 title), s2_no_numbers, w_* as in ps_report, n1_one_scheme.
"""

from __future__ import annotations

from dataclasses import dataclass

from .context import Ctx
from .doc import Chart, Para, Report, Section, Table, Tree, fmt, pick
from .topics_in import INTopic


@dataclass
class INNumbers:
    achieved: float
    months: list[int]
    gross: float
    investment: float
    patent: str


def draw_in_numbers(topic: INTopic, ctx: Ctx) -> INNumbers:
    r = ctx.rng
    gap = topic.target - topic.baseline
    achieved = topic.target + gap * r.uniform(0.05, 0.2)
    nd = 1 if abs(topic.target) >= 10 else 2
    achieved = round(achieved, nd)
    if achieved <= 0:
        achieved = round(topic.target * 0.9, nd)
    start = r.choice((2, 3, 4))
    months = [min(12, start + i) for i in range(9)]
    patent = f"ZL {ctx.year}2{r.randrange(1000000, 9999999):07d}.{r.randrange(10)}"
    return INNumbers(achieved, months, round(r.uniform(20, 180), 2), round(r.uniform(3, 25), 1), patent)


def chosen(level) -> tuple[str, str]:
    """Which option of a level meets its criterion (data in the topic are written so option A does)."""
    return level.opt_a, level.val_a


class INBuilder:
    def __init__(self, topic: INTopic, ctx: Ctx, nums: INNumbers, *, title: str | None = None):
        self.t = topic
        self.c = ctx
        self.n = nums
        self.r = ctx.rng
        self.d = ctx.defects
        self.title = title or topic.title

    def vv(self, x: float) -> str:
        return f"{fmt(x, 2)}{self.t.unit}"

    def build(self) -> Report:
        rep = Report(self.title, self.c.company.name, self.c.team, self.c.year, "innovative", None)
        rep.sections += [self.select_topic(), self.set_target(), self.propose(), self.plan(), self.implement(), self.check_effect()]
        if "no_standardize" not in self.d:
            rep.sections.append(self.standardize())
        rep.sections.append(self.summary())
        return rep

    def select_topic(self) -> Section:
        t, c, r = self.t, self.c, self.r
        s = Section("select_topic")
        n0 = self.n.months[0]
        s.items.append(Para(pick(r, "1．课题需求", "（一）需求分析", "提出需求"), style="label"))
        if "s2_no_numbers" in self.d:
            s.items.append(Para(f"{t.need}。这一问题长期困扰{t.site.split('（')[0]}，职工反映强烈，领导高度重视，急需加以解决。", tag="in_need"))
        else:
            s.items.append(Para(f"{t.need}。{c.year - 1}年统计，{t.metric}为{self.vv(t.baseline)}，{pick(r, f'远不能满足{t.site[:6]}的生产需要', f'与{t.target:g}{t.unit}的要求差距较大', f'成为制约{c.company.short}效率的瓶颈')}。", tag="in_need"))
        s.items.append(Para(pick(r, "2．广泛借鉴", "（二）查新与借鉴", "借鉴", f"{t.device}查新与借鉴"), style="label"))
        s.items.append(Para(pick(r,
            f"{c.date(n0, style=2)}起，小组通过网络查新、走访和专利检索，未发现可直接使用的{t.device}，借鉴了以下{len(t.refs)}项技术：",
            f"经{c.person(2)}查新，国内外尚无满足{t.metric}要求的成熟{t.device}。小组从{t.refs[0][0]}等{len(t.refs)}个方面借鉴思路：",
            f"{t.device}无现成产品可用，{c.team}走访{r.randrange(2, 6)}家单位，借鉴{len(t.refs)}项技术：")))
        rows = [[str(i + 1), a, b, cdat] for i, (a, b, cdat) in enumerate(t.refs)]
        s.items.append(Table(r.choice([["序号", "借鉴对象", "借鉴内容", "借鉴数据"], ["No.", "来源", "借鉴点", "数据"], ["序号", "借鉴领域", "借鉴的技术", "相关数据"]]),
                             rows, caption=pick(r, "借鉴信息表", f"{t.device}借鉴汇总", "查新借鉴表"), tag="in_refs"))
        s.items.append(Para(f"选定课题：{self.title}", style="label"))
        return s

    def set_target(self) -> Section:
        t, r = self.t, self.r
        s = Section("set_target")
        better = "缩短至" if t.lower_is_better else "提高至"
        s.items.append(Para(pick(r, "课题目标", "1．设定目标", f"{t.device}研制目标"), style="label"))
        s.items.append(Para(f"{t.metric}由{self.vv(t.baseline)}{better}{self.vv(t.target)}{'以内' if t.lower_is_better else '以上'}。", tag="in_goal"))
        s.items.append(Chart("bar", "目标柱状图", ["现状", "目标"], [(t.metric, [t.baseline, t.target])]))
        s.items.append(Para(pick(r, "2．目标可行性论证", "目标可行性论证"), style="label"))
        for i, (a, b, cdat) in enumerate(t.refs):
            s.items.append(Para(f"（{i + 1}）依据借鉴{'一二三'[i]}：{a}的{b}，{cdat}，{pick(r, '可满足本课题要求', '说明该技术路线可行', '为实现目标提供了数据支撑')}。"))
        s.items.append(Para(pick(r,
            f"综合借鉴数据测算，{t.device}实现后{t.metric}可达到{self.vv(t.target * (0.9 if t.lower_is_better else 1.0))}左右，目标可以实现。",
            f"小组据此测算，{t.metric}理论上可达{self.vv(t.target * (0.85 if t.lower_is_better else 1.0))}，比目标{self.vv(t.target)}留有余量，目标可行。"), tag="in_feas"))
        return s

    def propose(self) -> Section:
        t, c, r = self.t, self.c, self.r
        s = Section("propose_solutions")
        s.items.append(Para(pick(r, "1．提出总体方案", "（一）总体方案"), style="label"))
        schemes = t.schemes[:1] if "n1_one_scheme" in self.d else t.schemes
        for i, (name, desc, _ev) in enumerate(schemes):
            s.items.append(Para(f"总体方案{'一二三'[i]}：{name}。{desc}。"))
        rows = [[f"方案{'一二三'[i]}", name, ev, "选定" if i == 0 else "不选"] for i, (name, _d, ev) in enumerate(schemes)]
        s.items.append(Table(r.choice([["方案", "名称", "试验/调查数据", "结论"], ["总体方案", "内容", "试验数据", "评价"], ["No.", "方案名称", "验证数据", "是否选用"]]),
                             rows, caption=pick(r, "总体方案评价表", f"{t.device}总体方案比较", "总体方案选择")))
        s.items.append(Para(pick(r, "2．分级方案评价与选择", "（二）方案分解与分级方案比选"), style="label"))
        branches = []
        for j, lv in enumerate(t.levels):
            unit = "" if lv.unit == "—" else lv.unit
            when = c.date(self.n.months[2], style=2)
            s.items.append(Para(f"{j + 1}）{lv.item}：备选方案为“{lv.opt_a}”和“{lv.opt_b}”。{when}，{c.person(j + 1)}进行对比试验，"
                                f"{lv.indicator}分别为{lv.val_a}{unit}和{lv.val_b}{unit}，要求{lv.criterion}{unit if lv.criterion[0] in '≤≥' else ''}。选定“{lv.opt_a}”。", tag=f"pr_{j}"))
            s.items.append(Table(["分级方案", lv.indicator, "评价", "结论"],
                                 [[lv.opt_a, f"{lv.val_a}{unit}", "满足要求", "选用"], [lv.opt_b, f"{lv.val_b}{unit}", "不满足要求", "不选用"]],
                                 caption=f"{lv.item}方案对比表"))
            branches.append((lv.item, [(lv.opt_a, [f"{lv.indicator}{lv.val_a}{unit}"])]))
        s.items.append(Tree(t.schemes[0][0], branches, kind="system", caption="最佳方案系统图"))
        best = "、".join(chosen(lv)[0] for lv in t.levels)
        s.items.append(Para(f"最佳方案：{t.schemes[0][0]}，其中采用{best}。"))
        return s

    def plan(self) -> Section:
        t, c, r = self.t, self.c, self.r
        s = Section("plan_countermeasures")
        s.items.append(Para(pick(r, f"小组根据最佳方案，按5W1H原则为{len(t.levels)}个具体方案制定对策表。",
                                 f"针对选定的{len(t.levels)}个具体方案逐项制定对策，{c.leader.name}组织编制对策表。",
                                 f"{c.date(self.n.months[3], style=2)}，小组把最佳方案分解为{len(t.levels)}项对策。")))
        no_where = "w_no_where" in self.d
        header = ["序号", "方案", "对策", "目标", "措施", "地点", "时间", "负责人"]
        if no_where:
            header.remove("地点")
        rows, incomplete = [], []
        site = t.site.split("（")[0]
        for j, lv in enumerate(t.levels):
            unit = "" if lv.unit == "—" else lv.unit
            goal = f"{lv.indicator}{lv.criterion}{unit if lv.criterion[0] in '≤≥' else ''}"
            if "w_target_no_number" in self.d and j == 1:
                goal = f"{lv.item}满足使用要求"
                incomplete.append(j + 1)
            who = c.person(j + 1)
            if "w_all_members" in self.d and j == len(t.levels) - 1:
                who = "全体成员"
                incomplete.append(j + 1)
            m = self.n.months[3 + j // 2]
            when = f"{c.year}年{m}月"
            measures = pick(r, f"①完成{lv.opt_a}选型与图纸设计；②{lv.item}采购、加工并装配；③在{site[:8]}调试并测试{lv.indicator}",
                            f"①设计{lv.item}结构（{lv.opt_a}）；②{who}组织样件制作；③测试{lv.indicator}并记录",
                            f"①{lv.opt_a}方案细化；②{m}月上旬完成{lv.item}制作；③实测{lv.indicator}")
            row = [str(j + 1), lv.opt_a, f"实施{lv.item}{pick(r, '设计与制作', '改进', '安装调试')}", goal, measures, site, when, who]
            if no_where:
                row.pop(5)
            rows.append(row)
        s.items.append(Table(header, rows, caption=pick(r, f"{t.device}对策表", f"对策表（{t.metric}）", f"{c.team}对策表"), tag="fivew1h"))
        self.fivew1h_truth = {"found": True, "columns": {"what": True, "why": True, "how": True, "where": not no_where, "when": True, "who": True},
                              "rows": len(rows), "incomplete_rows": sorted(set(incomplete))}
        return s

    def implement(self) -> Section:
        t, c, r = self.t, self.c, self.r
        s = Section("implement")
        for j, lv in enumerate(t.levels):
            unit = "" if lv.unit == "—" else lv.unit
            s.items.append(Para(f"实施{'一二三四'[j]}：{lv.item}（{lv.opt_a}）", style="label"))
            s.items.append(Para(pick(r,
                f"{c.date(self.n.months[4 + j // 2])}，{c.person(j + 1)}完成{lv.opt_a}的设计和安装。测试{r.randrange(10, 40)}次，{lv.indicator}平均为{lv.val_a}{unit}，满足对策目标{lv.criterion}。",
                f"按对策表，小组于{c.date(self.n.months[4 + j // 2], style=2)}完成{lv.item}的制作调试，实测{lv.indicator}{lv.val_a}{unit}，达到目标要求。"), tag=f"im_{j}"))
        s.items.append(Para(pick(r, f"{c.date(self.n.months[6])}完成整机联调，{t.device}投入试运行。", f"各部分完成后进行整体组装，{t.device}于{c.date(self.n.months[6], style=2)}试运行。")))
        s.items.append(Para(pick(r, f"试运行{r.randrange(10, 40)}天，{c.person(3)}对安全、质量和成本进行了核查，{t.device}未带来不良影响。",
                                 f"经安全、质量和成本三方面评估，{t.device}投用后未产生负面影响。")))
        return s

    def check_effect(self) -> Section:
        t, n, c, r = self.t, self.n, self.c, self.r
        s = Section("check_effect")
        s.items.append(Para(f"{c.span(n.months[7], n.months[7])}，小组对{t.device}运行效果进行检查，{t.metric}为{self.vv(n.achieved)}，"
                            f"{'优于' if True else ''}目标值{self.vv(t.target)}，课题目标实现。", tag="ce_summary"))
        s.items.append(Chart("bar", pick(r, "活动前后对比", f"{t.metric}对比", "目标完成情况"), ["活动前", "目标", "活动后"], [(t.metric, [t.baseline, t.target, n.achieved])]))
        net = round(n.gross - n.investment, 2)
        s.items.append(Para("经济效益", style="label"))
        s.items.append(Para(f"年节约费用{fmt(n.gross, 2)}万元，扣除研制投入{fmt(n.investment, 1)}万元，创造经济效益{fmt(net, 2)}万元（财务部核定）。", tag="ce_money"))
        s.items.append(Para("社会效益", style="label"))
        s.items.append(Para(pick(r, f"{t.device}降低了职工劳动强度，提高了作业安全性。", f"{t.device}的成功研制提升了{c.company.short}的自主创新能力。")))
        return s

    def standardize(self) -> Section:
        t, n, c, r = self.t, self.n, self.c, self.r
        s = Section("standardize")
        no1 = f"{c.std_prefix} {r.randrange(201, 899)}-{c.year}"
        no2 = f"{c.std_prefix} {r.randrange(201, 899)}-{c.year}"
        s.items.append(Para(f"1．{t.device}具有推广价值，已编制《{t.device}操作规程》（{no1}）和《{t.device}维护保养规程》（{no2}），于{c.date(n.months[8], style=2)}发布实施。", tag="sd_docs"))
        s.items.append(Para(pick(r, f"2．{t.device}的图纸、试验记录和程序已整理归档；", f"2．研制资料{r.randrange(12, 40)}份已交档案室存档；")
                            + f"{pick(r, '已申请实用新型专利', '已获实用新型专利授权')}（{n.patent}）。"))
        return s

    def summary(self) -> Section:
        t, r = self.t, self.r
        s = Section("summary")
        s.items.append(Para(pick(r,
            f"通过本次活动，小组成员的创新能力和{t.levels[0].item}等专业技术得到提升，掌握了创新型课题的活动程序。",
            f"小组成员学会了从{t.refs[0][0]}等领域借鉴思路解决本专业难题，对{t.device}的原理有了深入认识。"), tag="su_tech"))
        s.items.append(Para(pick(r,
            f"{self.c.year + 1}年，小组将对{t.device}进行小型化改进，并在{t.site.split('（')[0]}以外推广应用。",
            f"下一步打算：围绕{t.levels[-1].item}继续开展创新活动，扩大应用范围。"), tag="su_next"))
        return s
