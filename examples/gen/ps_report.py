"""问题解决型 report content (自定目标 and 指令性目标), step by step, with optional planted defects.

Defect flags (ctx.defects): s2_no_numbers, x2_two_categories, q1_fishbone_in_survey, k1_scoring,
no_main_causes, no_consolidate, no_summary, e3_target_missed, a1_vague_consolidate,
w_no_where, w_blank_cells, w_target_no_number, w_all_members.
"""

from __future__ import annotations

from .context import Ctx
from .doc import Chart, Para, Report, Section, Table, Tree, fmt, pick
from .numbers import PSNumbers
from .topics_ps import PSTopic

CAT_NAMES = {"人": "人员", "机": "设备", "料": "材料", "法": "方法", "环": "环境", "测": "测量"}


class PSBuilder:
    def __init__(self, topic: PSTopic, ctx: Ctx, nums: PSNumbers, *, directive: bool, title: str | None = None):
        self.t = topic
        self.c = ctx
        self.n = nums
        self.directive = directive
        self.title = title or topic.title
        self.r = ctx.rng
        self.d = ctx.defects
        self.unit = topic.value_unit if topic.is_value else "%"
        self.lower = topic.verb in ("降低", "缩短")
        self.main = [c for c in topic.causes if c.main]

    # ---- helpers -------------------------------------------------------------------------
    def v(self, x: float) -> str:
        return fmt(x, 3) + self.unit

    def m(self, i: int) -> int:
        return self.n.months[min(i, len(self.n.months) - 1)]

    def pareto(self, counts: list[int], title: str, two_only: bool = False) -> tuple[Table, Chart]:
        cats = list(self.t.defects)
        vals = list(counts)
        if two_only:
            cats = [cats[0], "其他"]
            vals = [vals[0], sum(vals[1:])]
        total = sum(vals)
        rows = []
        cum = 0
        cums = []
        for i, (cat, v) in enumerate(zip(cats, vals, strict=True)):
            cum += v
            cums.append(round(cum / total * 100, 1))
            rows.append([str(i + 1), cat, str(v), fmt(v / total * 100, 1), fmt(cum / total * 100, 1)])
        rows.append(["合计", "", str(total), "100", ""])
        label = self.t.pareto_label if self.t.is_value else f"不合格数（{self.t.sample_unit}）"
        header = self.r.choice([["序号", "项目", label, "频率（%）", "累计频率（%）"], ["序号", "不合格类型", "频数", "占比（%）", "累计占比（%）"],
                                ["No.", "问题项目", "数量", "百分比", "累计百分比"], ["序号", "项目", "频数", "频率（%）", "累计频率（%）"]])
        table = Table(header, rows, caption=title)
        chart = Chart("pareto", title, cats, [("频数", [float(v) for v in vals]), ("累计百分比", cums)])
        return table, chart

    # ---- steps ---------------------------------------------------------------------------
    def build(self) -> Report:
        rep = Report(self.title, self.c.company.name, self.c.team, self.c.year, "problem_solving",
                     "directive" if self.directive else "self_set")
        rep.sections.append(self.select_topic())
        if self.directive:
            rep.sections.append(self.set_target())
            rep.sections.append(self.current_state(step="target_feasibility"))
        else:
            rep.sections.append(self.current_state())
            rep.sections.append(self.set_target())
        rep.sections.append(self.cause_analysis())
        if "no_main_causes" not in self.d:
            rep.sections.append(self.main_causes())
        rep.sections.append(self.plan())
        rep.sections.append(self.implement())
        rep.sections.append(self.check_effect())
        if "no_consolidate" not in self.d:
            rep.sections.append(self.consolidate())
        if "no_summary" not in self.d:
            rep.sections.append(self.summary())
        rep.info["main_causes"] = [c.leaf for c in self.main]
        rep.info["symptom"] = self.t.symptom
        return rep

    def select_topic(self) -> Section:
        t, n, c, r = self.t, self.n, self.c, self.r
        s = Section("select_topic")
        prev = c.year - 1
        if "s2_no_numbers" in self.d:
            s.items.append(Para(pick(r,
                f"近年来，随着公司业务不断发展，{t.obj}的质量问题日益突出，客户对此反映较多，对公司的形象和经济效益造成了不良影响。",
                f"{t.obj}质量是客户关注的重点，一直以来{t.metric}居高不下，给生产组织和客户满意度都带来了较大压力。")))
            s.items.append(Para(pick(r,
                "为贯彻公司质量方针，落实质量提升行动要求，进一步提升管理水平，小组经过讨论，决定选择本课题开展活动。",
                "为了响应上级号召，提升班组的质量管理能力，小组成员一致同意把这一问题作为本次活动的课题。")))
            s.items.append(Para(f"选定课题：{self.title}", style="label"))
            return s
        s.items.append(Para("选题理由", style="label"))
        s.items.append(Para(f"（1）上级要求：{t.requirement}。", tag="st_req"))
        if t.is_value:
            cur = pick(r, f"（2）现状：{prev}年{n.months[0] + 6}月至{c.year}年{n.months[0] - 1 if n.months[0] > 1 else 1}月，{t.site}的{t.metric}平均为{self.v(n.baseline)}，",
                       f"（2）{prev}年下半年统计，{t.site}{t.metric}均值达到{self.v(n.baseline)}，")
            gap = abs(n.baseline - n.target)
            cur += f"与要求值相差{fmt(gap, 3)}{self.unit}，差距明显。"
        else:
            rate_label = t.metric
            cur = pick(r,
                f"（2）现状：{prev}年第四季度{t.site}共生产{t.obj}{fmt(n.sample * 1.6, 0)}{t.sample_unit}，{rate_label}为{self.v(n.baseline)}，未达到上述要求。",
                f"（2）据质量部月报统计，{prev}年10—12月{rate_label}平均为{self.v(n.baseline)}，距上级要求尚有较大差距。",
                f"（2）{prev}年{t.obj}{rate_label}统计结果为{self.v(n.baseline)}，连续三个月超出考核值。")
        s.items.append(Para(cur, tag="st_now"))
        loss = round(n.unit_loss * n.sample * 0.012 * r.uniform(2.0, 4.0) / 10000, 1)
        s.items.append(Para(pick(r,
            f"（3）{t.obj}返工、报废及索赔损失约{fmt(loss, 1)}万元/年，并收到客户书面投诉{r.randrange(2, 9)}次。",
            f"（3）{fmt(loss, 1)}万元：这是{t.symptom}等问题每年造成的直接损失，另有{r.randrange(2, 7)}次被列入月度质量通报。",
            f"（3）{prev}年因{t.symptom}发生客户抱怨{r.randrange(3, 11)}起，折合经济损失{fmt(loss, 1)}万元。"), tag="st_loss"))
        s.items.append(Para(f"选定课题：{self.title}", style="label"))
        return s

    def current_state(self, step: str = "current_state") -> Section:
        t, n, c, r = self.t, self.n, self.c, self.r
        s = Section(step)
        m = self.m(1)
        if step == "target_feasibility":
            s.items.append(Para(pick(r, "为论证目标能否实现，小组对现状进行了调查分析。", "小组从现状数据出发，对目标的可行性进行论证。"), style="label"))
        span = c.span(m, m)
        if t.is_value:
            txt = (f"小组于{span}对{t.site}的{t.metric}情况进行了调查，统计期内共记录{t.pareto_label}{sum(n.counts)}"
                   f"{'' if t.pareto_label.endswith(('数', '次')) else '次'}，{t.metric}平均为{self.v(n.baseline)}。")
        else:
            defects = sum(n.counts)
            txt = pick(r,
                f"小组于{span}对{t.site}生产的{t.obj}进行了跟踪调查，共检查{n.sample}{t.sample_unit}，其中不合格{defects}{t.sample_unit}，不合格比例为{fmt(defects / n.sample * 100, 3)}%。",
                f"{span}，小组成员在{t.site}蹲点统计，累计检查{t.obj}{n.sample}{t.sample_unit}，发现问题{defects}{t.sample_unit}，占比{fmt(defects / n.sample * 100, 3)}%。",
                f"调查时间：{span}；调查地点：{t.site}；样本量：{n.sample}{t.sample_unit}；问题数：{defects}{t.sample_unit}（{fmt(defects / n.sample * 100, 3)}%）。")
        s.items.append(Para(txt, tag="cs_summary"))
        if "q1_fishbone_in_survey" in self.d:
            s.items.append(Para(f"为弄清{t.symptom}的来龙去脉，小组在现状调查阶段先用因果图做了初步梳理：", tag="q1"))
            s.items.append(self.fishbone(caption=f"{t.symptom}初步因果图"))
        # stratification by shift / line
        lv = r.randrange(3)
        s.items.append(Para(["1．按班次分层", "（1）分层调查：按班组", "分层一：按班次统计"][lv], style="label"))
        shifts = ["甲班", "乙班", "丙班"] if r.random() < 0.6 else ["白班", "中班", "夜班"]
        total = sum(n.counts)
        a = round(total * r.uniform(0.3, 0.36))
        b = round(total * r.uniform(0.3, 0.36))
        parts = [a, b, total - a - b]
        rows = [[sh, str(p), fmt(p / total * 100, 1)] for sh, p in zip(shifts, parts, strict=True)]
        s.items.append(Table(r.choice([["班次", "问题数", "占比（%）"], ["班组", "数量", "比例"], ["班别", "频数", "%"]]), rows,
                             caption=pick(r, f"{t.obj}按班次分层表", "班次分层统计", f"{self.c.year}年{m}月分班统计")))
        s.items.append(Para(pick(r, f"各班次之间差别不大（{parts[0]}、{parts[1]}、{parts[2]}），说明{t.metric}偏高不是个别班组的问题。",
                                 f"{shifts[0]}{parts[0]}、{shifts[1]}{parts[1]}、{shifts[2]}{parts[2]}，数量接近，班次不是主要影响。",
                                 f"从班次分层看，最多的{shifts[parts.index(max(parts))]}也只占{fmt(max(parts) / total * 100, 1)}%，需要再按问题类型分层。")))
        s.items.append(Para([pick(r, "2．按问题类型分层", f"2．{t.obj}问题类型分层"), "（2）分层调查：按缺陷类型", "分层二：按问题项目统计"][lv], style="label"))
        table, chart = self.pareto(n.counts, f"{t.obj}{'问题' if t.is_value else '不合格'}项目排列图",
                                   two_only="x2_two_categories" in self.d)
        s.items.append(table)
        s.items.append(chart)
        share = n.counts[0] / total * 100
        s.items.append(Para(pick(r,
            f"由排列图可以看出，“{t.symptom}”占全部问题的{fmt(share, 1)}%，是影响{t.metric}的症结所在。",
            f"结论：{t.symptom}累计占比{fmt(share, 1)}%，属A类问题，确定为本课题的症结。",
            f"排列图表明{t.symptom}共{n.counts[0]}{'次' if t.is_value else t.sample_unit}，占{fmt(share, 1)}%，是需要重点解决的症结。"), tag="cs_symptom"))
        if step == "target_feasibility":
            s.items.extend(self.target_calc(feasibility=True))
        return s

    def target_calc(self, feasibility: bool) -> list:
        t, n, r = self.t, self.n, self.r
        items: list = []
        share = n.counts[0] / sum(n.counts)
        v = r.randrange(3)
        b0, sh, so, tg, rl = fmt(n.baseline, 3), fmt(share * 100, 1), fmt(n.solve * 100, 0), fmt(n.target, 3), fmt(n.ref_level, 3)
        if t.is_value:
            formula = [f"目标值＝{b0}－（{b0}－{rl}）×{sh}%×{so}%≈{tg}{self.unit}，其中{rl}{self.unit}为同行业先进水平，{sh}%为症结占比，{so}%为预计解决程度",
                       f"目标＝{b0}－（{b0}－{rl}）×{sh}%×{so}%≈{tg}{self.unit}（{rl}为同行业先进水平）",
                       f"按现状{b0}{self.unit}、先进水平{rl}{self.unit}、症结占比{sh}%、解决程度{so}%计算，目标值约为{tg}{self.unit}"][v]
        elif t.verb == "提高":
            formula = [f"目标合格率＝{b0}%＋（100%－{b0}%）×{sh}%（症结占比）×{so}%（预计解决程度）≈{tg}%",
                       f"目标合格率＝{b0}%＋不合格率{fmt(100 - n.baseline, 3)}%×症结占比{sh}%×解决程度{so}%≈{tg}%",
                       f"现状{b0}%，不合格部分中症结占{sh}%，按解决{so}%测算，合格率可达{tg}%"][v]
        else:
            formula = [f"目标值＝现状值×（1－症结占比×预计解决程度）＝{b0}%×（1－{sh}%×{so}%）≈{tg}%",
                       f"目标＝{b0}%×（1－{sh}%×{so}%）≈{tg}%",
                       f"现状{b0}%，症结占{sh}%，若解决{so}%，则可降至{b0}%×（1－{sh}%×{so}%）≈{tg}%"][v]
        if feasibility:
            items.append(Para(pick(r, "目标可行性测算", "论证二：测算"), style="label"))
            items.append(Para(pick(r,
                f"小组走访了同行业兄弟单位，并查阅历史数据，本单位历史最好水平为{self.v(n.target * (0.96 if self.lower else 1.003))}。",
                f"{self.c.year - 2}年{self.r.randrange(4, 10)}月{t.metric}曾达到{self.v(n.target * (0.97 if self.lower else 1.002))}，说明目标有实现基础。")))
            items.append(Para(f"若症结“{t.symptom}”解决{fmt(n.solve * 100, 0)}%，则{formula}，与指令性目标一致，目标可以实现。", tag="tg_formula"))
        else:
            items.append(Para(pick(r, f"测算：{formula}。", f"计算过程：{formula}。", f"按症结解决程度测算，{formula}。"), tag="tg_formula"))
        return items

    def set_target(self) -> Section:
        t, n, r = self.t, self.n, self.r
        s = Section("set_target")
        verb = "降至" if self.lower else "提高至"
        goal = f"将{t.metric}由{self.v(n.baseline)}{verb}{self.v(n.target)}"
        if self.directive:
            s.items.append(Para(pick(r, f"公司{self.c.year}年质量目标责任书下达指令性目标：", "上级下达的指令性目标：", f"指令性目标（来源：{self.c.year}年度经营责任书）："), style="label"))
            s.items.append(Para(f"{goal}。", tag="tg_goal"))
        else:
            s.items.append(Para(pick(r, "目标依据", "1．目标设定依据"), style="label"))
            share = n.counts[0] / sum(n.counts) * 100
            s.items.append(Para(pick(r,
                f"{t.requirement.split('要求')[0]}有考核要求；现状调查中“{t.symptom}”占{fmt(share, 1)}%，小组有能力解决其中{fmt(n.solve * 100, 0)}%左右。",
                f"“{t.symptom}”是症结（{n.counts[0]}{'次' if t.is_value else t.sample_unit}），结合{self.c.company.short}以往攻关经验，预计能解决其{fmt(n.solve * 100, 0)}%。",
                f"{t.symptom}占比{fmt(share, 1)}%，集中度高，小组预计解决程度可达{fmt(n.solve * 100, 0)}%。")))
            s.items.extend(self.target_calc(feasibility=False))
            s.items.append(Para(f"课题目标：{goal}。", tag="tg_goal"))
        s.items.append(Chart("bar", "目标设定柱状图", ["现状", "目标"], [(t.metric, [n.baseline, n.target])]))
        return s

    def fishbone(self, caption: str = "") -> Tree:
        groups: dict[str, list[tuple[str, list[str]]]] = {}
        for cause in self.t.causes:
            groups.setdefault(cause.cat, []).append((cause.mid, [cause.leaf]))
        branches = [(CAT_NAMES.get(k, k), v) for k, v in groups.items()]
        return Tree(self.t.symptom, branches, caption=caption or f"{self.t.symptom}因果图")

    def cause_analysis(self) -> Section:
        t, r = self.t, self.r
        s = Section("cause_analysis")
        s.items.append(Para(pick(r,
            f"小组成员召开专题分析会，运用头脑风暴法针对症结“{t.symptom}”从人、机、料、法、环、测方面逐层分析原因，绘制因果图。",
            f"针对{t.symptom}，小组{len(self.c.members)}名成员到{t.site.split('（')[0]}现场察看，从5M1E逐层展开分析，直至{len(t.causes)}条可直接采取措施的末端原因。",
            f"{self.c.date(self.m(3))}，小组利用因果图对“{t.symptom}”进行原因分析。"), tag="ca_intro"))
        s.items.append(self.fishbone())
        rows = [[str(i + 1), CAT_NAMES.get(cz.cat, cz.cat), cz.mid, cz.leaf] for i, cz in enumerate(t.causes)]
        s.items.append(Table(r.choice([["序号", "类别", "中间原因", "末端原因"], ["No.", "5M1E", "二级原因", "末端因素"], ["序号", "因素", "原因", "末端原因"]]),
                             rows, caption=pick(r, "末端原因汇总表", f"{t.symptom}末端因素一览", "末端因素清单")))
        s.items.append(Para(pick(r, f"通过分析，共找出末端原因{len(t.causes)}条。", f"因果图显示，{t.symptom}共有{len(t.causes)}个末端因素。",
                                 f"经{len(self.c.members)}名成员讨论，确定末端因素{len(t.causes)}个，下面逐条确认。")))
        return s

    def confirm_text(self, i: int, cz) -> str:
        t, c, r = self.t, self.c, self.r
        unit = "" if cz.unit == "—" else cz.unit
        who = c.person(i + 1)
        when = c.date(self.m(4))
        spec = "" if cz.spec == "—" else f"（标准要求{cz.spec}{'' if cz.spec.endswith(unit) or '%' in cz.spec else unit}）"
        k = r.randrange(20, 60)
        if cz.main:
            a = r.uniform(0.55, 0.8) * 100
            b = a * r.uniform(0.15, 0.35)
            return pick(r,
                f"{when}，{who}在现场对“{cz.leaf}”进行测量：{cz.indicator}实测为{cz.bad}{unit}{spec}。跟踪{k}{t.sample_unit}发现，该状态下{t.symptom}占比{fmt(a, 1)}%，正常状态下仅{fmt(b, 1)}%，对症结影响大。结论：要因。",
                f"确认方法：现场测量与对比试验。{who}于{when}抽取{k}{t.sample_unit}对比，{cz.indicator}为{cz.bad}{unit}{spec}时{t.symptom}比例为{fmt(a, 1)}%，调整后降到{fmt(b, 1)}%，影响显著，判定为要因。",
                f"{who}调取{c.year}年{self.m(1)}月记录并现场复测，{cz.indicator}平均{cz.bad}{unit}{spec}；与{t.symptom}的相关性分析显示影响程度高（占比{fmt(a, 1)}%对{fmt(b, 1)}%）。确认为要因。")
        a = r.uniform(5, 20)
        b = a * r.uniform(0.85, 1.1)
        return pick(r,
            f"{when}，{who}现场检查“{cz.leaf}”：{cz.indicator}为{cz.good}{unit}{spec}。对比{k}{t.sample_unit}，两种状态下{t.symptom}比例分别为{fmt(a, 1)}%和{fmt(b, 1)}%，差异很小。结论：非要因。",
            f"确认方法：调查分析。{who}统计{k}组数据，{cz.indicator}为{cz.good}{unit}{spec}，与{t.symptom}无明显对应关系（{fmt(a, 1)}%对{fmt(b, 1)}%），判定为非要因。",
            f"经{who}于{when}现场验证，{cz.indicator}实测{cz.good}{unit}{spec}，对症结的影响程度低（{fmt(a, 1)}%与{fmt(b, 1)}%接近）。非要因。")

    def main_causes(self) -> Section:
        t, c, r = self.t, self.c, self.r
        s = Section("main_causes")
        if "k1_scoring" in self.d:
            s.items.append(Para(pick(r,
                "小组采用打分法确定要因：每位成员按影响程度对末端原因打1、3、5分，得分排前三位的末端原因确定为要因。",
                "小组成员对各末端原因进行评分表决，每人按“影响大5分、一般3分、小1分”打分，总分高的确定为要因。"), tag="k1"))
            names = [mm.name for mm in c.members[:6]]
            rows = []
            for i, cz in enumerate(t.causes):
                scores = [r.choice((5, 5, 3)) if cz.main else r.choice((1, 3, 1)) for _ in names]
                rows.append([str(i + 1), cz.leaf, *[str(x) for x in scores], str(sum(scores)), "要因" if cz.main else "非要因"])
            s.items.append(Table(["序号", "末端原因", *names, "得分", "结论"], rows, caption="要因评分表"))
        else:
            rows = []
            for i, cz in enumerate(t.causes):
                method = r.choice(("现场测量", "现场测量", "试验", "调查分析"))
                std = cz.spec if cz.spec != "—" else "对症结影响程度"
                rows.append([str(i + 1), cz.leaf, f"{cz.indicator}及其对{t.symptom}的影响", method, std, c.person(i + 1), c.date(self.m(4), style=1)])
            s.items.append(Table(r.choice([["序号", "末端原因", "确认内容", "确认方法", "标准", "负责人", "完成日期"],
                                           ["No.", "末端因素", "确认内容", "方法", "判定标准", "责任人", "日期"],
                                           ["序号", "末端原因", "确认项目", "确认方法", "依据", "确认人", "完成时间"]]),
                                 rows, caption=pick(r, f"要因确认计划表（{t.symptom}）", f"{t.symptom}要因确认计划", f"{t.obj}末端原因确认计划")))
            for i, cz in enumerate(t.causes):
                s.items.append(Para(f"确认{'一二三四五六七八九'[i]}：{cz.leaf}", style="label"))
                s.items.append(Para(self.confirm_text(i, cz), tag=f"mc_{i}"))
        lst = "；".join(f"{'①②③④⑤'[i]}{cz.leaf}" for i, cz in enumerate(self.main))
        s.items.append(Para(pick(r, f"通过逐条确认，找出主要原因{len(self.main)}条：{lst}。", f"要因确认结果：{lst}。"), tag="mc_result"))
        return s

    def fivew1h(self) -> tuple[Table, dict]:
        t, c, r = self.t, self.c, self.r
        no_where = "w_no_where" in self.d
        header = ["序号", "要因", "对策", "目标", "措施", "地点", "时间", "负责人"]
        if r.random() < 0.3:
            header = ["序号", "要因", "对策", "对策目标", "措施", "地点", "完成时间", "责任人"]
        if no_where:
            header = [h for h in header if h != "地点"]
        rows = []
        incomplete: list[int] = []
        site_short = t.site.split("（")[0]
        for i, cz in enumerate(self.main):
            unit = "" if cz.unit == "—" else cz.unit
            spec = cz.spec if cz.spec.endswith(unit) or "%" in cz.spec else cz.spec + unit
            goal = f"{cz.indicator}{spec}" if spec[0] in "≤≥<>=" else f"{cz.indicator}达到{spec}"
            if "w_target_no_number" in self.d and i == 1:
                goal = pick(r, f"{cz.indicator}明显改善", f"{cz.leaf}问题得到控制")
                incomplete.append(i + 1)
            who = c.person(i + 2)
            if "w_all_members" in self.d and i == len(self.main) - 1:
                who = "全体成员"
                incomplete.append(i + 1)
            m = self.m(6 + i // 2)
            when = f"{c.year}.{m:02d}.{r.randrange(1, 10):02d}—{c.year}.{m:02d}.{r.randrange(20, 29):02d}"
            where = site_short if i % 2 == 0 else pick(r, site_short + "现场", site_short)
            measures = cz.measures
            if "w_blank_cells" in self.d and i == 0:
                measures = ""
                incomplete.append(i + 1)
            row = [str(i + 1), cz.leaf, cz.countermeasure, goal, measures, where, when, who]
            if no_where:
                row = row[:5] + row[6:]
            rows.append(row)
        cols = {"what": True, "why": True, "how": True, "where": not no_where, "when": True, "who": True}
        truth = {"found": True, "columns": cols, "rows": len(rows), "incomplete_rows": sorted(set(incomplete))}
        cap = pick(r, f"对策表（{t.symptom}）", f"{t.obj}对策表", f"{c.team}对策表", f"{t.symptom}对策表")
        return Table(header, rows, caption=cap, tag="fivew1h"), truth

    def plan(self) -> Section:
        t, r = self.t, self.r
        s = Section("plan_countermeasures")
        k = len(self.main)
        s.items.append(Para(pick(r, f"小组针对确认的{k}条主要原因，按5W1H原则制定{t.obj}对策表。", f"针对{k}项要因，{self.c.leader.name}组织逐条制定对策，按5W1H要求编制{t.symptom}对策表。",
                                 f"{self.c.date(self.m(5), style=2)}召开对策研讨会，对{k}条要因提出对策，比较后列入对策表。")))
        if r.random() < 0.5 and self.main:
            cz = self.main[0]
            s.items.append(Para(pick(r, f"对策选择（要因：{cz.leaf}）", f"{cz.leaf}的对策比较", f"要因一对策评价：{cz.leaf}"), style="label"))
            alt = pick(r, "委外整体改造", "购置新设备", "增加人工全检", f"{t.obj}工序外协")
            s.items.append(Table(["方案", "有效性", "可实施性", "经济性", "结论"],
                                 [[cz.countermeasure, f"试验后{cz.indicator}{cz.good}{'' if cz.unit == '—' else cz.unit}", pick(r, "小组可自行实施", "内部可完成", f"{r.randrange(5, 20)}天可完成"), f"{r.randrange(3, 30) / 10:.1f}万元", "选用"],
                                  [alt, pick(r, "效果相近", "效果不确定", "可达到"), pick(r, "周期长，需停产", f"需{r.randrange(30, 90)}天", "依赖外部单位"), f"{r.randrange(15, 60)}万元", "不选用"]],
                                 caption=pick(r, "对策评价选择表", f"{cz.leaf}对策选择", "对策方案比较")))
        table, truth = self.fivew1h()
        s.items.append(table)
        self.fivew1h_truth = truth
        return s

    def implement(self) -> Section:
        t, c, r = self.t, self.c, self.r
        s = Section("implement")
        side_checked = False  # I2: at least one 对策 is checked for side-effects
        for i, cz in enumerate(self.main):
            unit = "" if cz.unit == "—" else cz.unit
            s.items.append(Para(f"实施{'一二三四五'[i]}：{cz.countermeasure}", style="label"))
            steps = cz.measures.replace("；", "。\n").split("\n")
            body = "".join(f"{j + 1}）{x.rstrip('。')}。" for j, x in enumerate(steps))
            s.items.append(Para(f"{c.date(self.m(6 + i // 2))}起，{c.person(i + 2)}负责组织实施：{body}", tag=f"im_{i}"))
            s.items.append(Para(pick(r,
                f"实施效果：{c.date(self.m(7), style=2)}至{c.date(self.m(7) if self.m(7) < 12 else 12, style=2)}跟踪检查，{cz.indicator}由{cz.bad}{unit}改善为{cz.good}{unit}，达到对策目标（{cz.spec}）。",
                f"效果验证：实施后抽查{r.randrange(20, 80)}{t.sample_unit}，{cz.indicator}为{cz.good}{unit}，满足{cz.spec}的对策目标，对策有效。",
                f"实施后{cz.indicator}降为{cz.good}{unit}（实施前{cz.bad}{unit}），对策目标{cz.spec}已实现。") if cz.spec != "—" else
                f"实施后{cz.indicator}为{cz.good}{unit}，对策有效。", tag=f"im_res_{i}"))
            if r.random() < 0.4 or (i == len(self.main) - 1 and not side_checked):
                side_checked = True
                s.items.append(Para(pick(r, f"经{r.randrange(7, 30)}天观察，该对策未对{t.obj}的安全、成本和交付产生负面影响。",
                                         f"{c.person(i + 3)}同时核查了{t.obj}其他质量特性和生产效率，未见不良影响。")))
        return s

    def check_effect(self) -> Section:
        t, n, c, r = self.t, self.n, self.c, self.r
        s = Section("check_effect")
        m1 = self.m(9)
        span = c.span(m1, min(12, m1 + 1))
        tot = sum(n.counts_after)
        if t.is_value:
            s.items.append(Para(f"{span}，小组对{t.metric}进行了跟踪统计，平均为{self.v(n.achieved)}。", tag="ce_summary"))
        else:
            s.items.append(Para(pick(r,
                f"对策全部实施后，小组于{span}对{t.site.split('（')[0]}进行效果检查，共检查{t.obj}{n.sample_after}{t.sample_unit}，不合格{tot}{t.sample_unit}，{t.metric}为{self.v(n.achieved)}。",
                f"效果检查期间（{span}），统计{n.sample_after}{t.sample_unit}，问题数{tot}{t.sample_unit}，{t.metric}达到{self.v(n.achieved)}。"), tag="ce_summary"))
        s.items.append(Table(r.choice([["项目", "活动前", "目标值", "活动后"], ["指标", "现状", "目标", "实际"], ["名称", "改善前", "目标", "改善后"]]),
                             [[t.metric, self.v(n.baseline), self.v(n.target), self.v(n.achieved)]], caption=pick(r, "活动前后对比表", "目标完成情况", f"{t.metric}对比")))
        ach = (n.baseline - n.achieved) / (n.baseline - n.target) * 100
        if n.missed:
            s.items.append(Para(f"{t.metric}为{self.v(n.achieved)}，未达到目标值{self.v(n.target)}，目标达成率为{fmt(ach, 1)}%。"
                                f"{pick(r, '小组认为改善效果已经比较明显，', '虽然未完全达到目标，但改进趋势良好，')}决定进入巩固阶段。", tag="e3"))
        else:
            s.items.append(Para(pick(r,
                f"{t.metric}由活动前的{self.v(n.baseline)}{'降至' if self.lower else '提高到'}{self.v(n.achieved)}，实现了课题目标。目标达成率＝（{fmt(n.baseline, 3)}－{fmt(n.achieved, 3)}）÷（{fmt(n.baseline, 3)}－{fmt(n.target, 3)}）×100%＝{fmt(ach, 1)}%。",
                f"课题目标{self.v(n.target)}已经实现，目标达成率{fmt(ach, 1)}%。")))
        table, chart = self.pareto(n.counts_after, "活动后排列图")
        s.items.append(chart if r.random() < 0.6 else table)
        share_after = n.counts_after[0] / max(1, tot) * 100
        su = "次" if t.is_value else t.sample_unit
        s.items.append(Para(pick(r, f"活动后症结“{t.symptom}”由{n.counts[0]}{su}减少为{n.counts_after[0]}{su}，占比降至{fmt(share_after, 1)}%，已不再是主要问题。",
                                 f"{t.symptom}由活动前的{n.counts[0]}{su}降到{n.counts_after[0]}{su}（{fmt(share_after, 1)}%），症结得到解决。",
                                 f"对比前后排列图，{t.symptom}从第一位的{n.counts[0]}{su}下降为{n.counts_after[0]}{su}。")))
        # economic benefit
        if t.is_value:
            gross = round(r.uniform(18, 160), 2)
        else:
            reduced = (n.baseline - n.achieved) if self.lower else (n.achieved - n.baseline)
            yearly_units = n.sample * r.choice((4, 6, 8, 12))
            gross = round(yearly_units * reduced / 100 * n.unit_loss / 10000, 2)
            gross = max(gross, n.investment + 2.5)
        net = round(gross - n.investment, 2)
        basis = f"按{fmt(n.unit_loss, 0)}元/{t.sample_unit}的损失计算" if not t.is_value else "按财务部核定的单价计算"
        s.items.append(Para(pick(r, "经济效益", "1．经济效益", "（一）经济效益"), style="label"))
        s.items.append(Para(pick(r,
            f"{fmt(gross, 2)}万元/年：活动后{t.obj}减少的损失（{basis}）；扣除活动投入{fmt(n.investment, 1)}万元（工装改造、检测及培训费用），实际经济效益为{fmt(net, 2)}万元，已经财务部确认。",
            f"经济效益＝年减少损失－活动投入＝{fmt(gross, 2)}－{fmt(n.investment, 1)}＝{fmt(net, 2)}万元（{basis}，财务部审核）。",
            f"财务部核算，{t.metric}改善后年减少损失{fmt(gross, 2)}万元，减去投入{fmt(n.investment, 1)}万元，净效益{fmt(net, 2)}万元。"), tag="ce_money"))
        s.items.append(Para(pick(r, "社会效益", "2．社会效益", "（二）社会效益"), style="label"))
        s.items.append(Para(pick(r,
            f"{t.obj}质量稳定提升，客户满意度提高，{c.company.short}在客户年度评价中的质量得分提高。",
            f"减少了返工和浪费，降低了员工劳动强度，{t.site.split('（')[0]}现场管理水平得到提升。",
            f"问题的解决提升了{c.company.short}的质量信誉，为同类{t.obj}的质量改进提供了经验。"), tag="ce_social"))
        return s

    def consolidate(self) -> Section:
        t, n, c, r = self.t, self.n, self.c, self.r
        s = Section("consolidate")
        if "a1_vague_consolidate" in self.d:
            s.items.append(Para("1．加强管理，要求员工严格按规定操作。", tag="a1"))
            s.items.append(Para("2．加强培训，不断提高员工的质量意识和操作技能。"))
            s.items.append(Para("3．定期检查，发现问题及时处理，防止问题反弹。"))
            return s
        docs = []
        for cz in self.main:
            kind = pick(r, "作业指导书", "工艺规程", "管理制度", "点检标准", "操作规程")
            no = f"{c.std_prefix} {r.randrange(101, 899)}-{c.year}"
            docs.append((cz, kind, no))
        items = []
        for i, (cz, kind, no) in enumerate(docs):
            items.append(Para(f"{i + 1}．将“{cz.countermeasure}”的做法纳入《{t.obj}{kind}》（{no}），已于{c.date(min(12, self.m(10)), style=2)}经{pick(r, '技术部', '质量部', '分管领导')}批准发布执行。", tag=f"co_{i}"))
        s.items.extend(items)
        s.items.append(Para(pick(r, "巩固期效果", f"{len(n.cons_months)}个月巩固期跟踪", f"{t.metric}巩固期数据"), style="label"))
        rows = [[f"{c.year}年{mm}月" if r.random() < 0.5 else f"{mm}月", self.v(v)] for mm, v in zip(n.cons_months, n.cons_values, strict=True)]
        s.items.append(Table([pick(r, "月份", "时间", "统计月"), t.metric], rows, caption=pick(r, "巩固期统计表", f"{c.year}年巩固期数据", "巩固期跟踪")))
        s.items.append(Chart("line", pick(r, "巩固期趋势图", f"{t.metric}巩固期折线图", "巩固期走势"), [f"{mm}月" for mm in n.cons_months], [(t.metric, list(n.cons_values))]))
        if not n.missed:
            s.items.append(Para(pick(r, f"巩固期内{t.metric}均{'低于' if self.lower else '高于'}目标值{self.v(n.target)}，效果稳定。",
                                     f"{n.cons_months[0]}—{n.cons_months[-1]}月数据表明{t.obj}改进效果保持良好。")))
        return s

    def summary(self) -> Section:
        t, c, r = self.t, self.c, self.r
        s = Section("summary")
        s.items.append(Para(pick(r, "1．专业技术方面", "（一）技术方面", "专业技术"), style="label"))
        cm = self.main[0]
        s.items.append(Para(pick(r,
            f"通过本次活动，小组成员掌握了{cm.indicator}的控制方法，对{t.symptom}的形成机理有了更深入的认识。",
            f"小组成员对{t.obj}的{t.symptom}问题有了系统认识，{cm.countermeasure}等经验可在其他工序推广。"), tag="su_tech"))
        s.items.append(Para(pick(r, "2．管理方法方面", "（二）管理方面", "管理方法"), style="label"))
        tools = ["调查表", "分层法", "排列图", "因果图", "柱状图", "折线图", "雷达图"]
        r.shuffle(tools)
        k = r.randrange(4, 7)
        s.items.append(Para(pick(r,
            f"本次活动运用了{'、'.join(tools[:k])}等{k}种统计方法，{c.team}用数据说话的意识明显增强。",
            f"{c.team}按PDCA程序开展活动，成员学会用{'、'.join(tools[:k])}等工具分析{t.obj}问题。")))
        s.items.append(Para(pick(r, "3．综合素质", "（三）综合素质", "小组成员素质"), style="label"))
        dims = ["质量意识", "团队精神", "解决问题能力", "QC工具运用", "创新意识", "个人能力", "进取精神", "沟通协调"]
        r.shuffle(dims)
        dims = dims[: r.randrange(5, 8)]
        before = [round(r.uniform(2.5, 3.6), 1) for _ in dims]
        after = [round(min(5.0, b + r.uniform(0.6, 1.3)), 1) for b in before]
        lb = r.choice([("活动前", "活动后"), ("前", "后"), ("活动前评分", "活动后评分")])
        s.items.append(Table([pick(r, "项目", "评价项目", "内容"), *dims], [[lb[0], *map(str, before)], [lb[1], *map(str, after)]],
                             caption=pick(r, "小组成员自我评价表", "自我评价", f"{c.team}自我评价")))
        s.items.append(Chart("radar", pick(r, "自我评价雷达图", "雷达图", "综合素质雷达图"), dims, [(lb[0], before), (lb[1], after)]))
        s.items.append(Para(pick(r, "4．下一步打算", "（四）今后打算", "下一步打算"), style="label"))
        nxt = self.t.defects[1]
        s.items.append(Para(pick(r,
            f"活动后“{nxt}”成为主要问题，小组下一步将以“降低{t.obj}{nxt}问题发生率”为课题继续开展活动。",
            f"下一个活动课题：减少{t.obj}{nxt}。"), tag="su_next"))
        return s
