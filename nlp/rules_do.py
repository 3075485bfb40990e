"""Content rules of spec/domain.md b.3 for the D / C / A steps and the whole report: I1, I2, E1, E2,
E3, A1, A2, Z1, Q2, N1. Registered under the `type` names the rubric YAML uses."""

from __future__ import annotations

import re
from typing import Any

from ingest.model import BlockKind

from .findings import Finding
from .project_type import INNOVATIVE
from .registry import CheckContext, register
from .rules_base import finding, fmt_pages, hit_words, hits, pages_of_hits, seg, step_blocks, step_pages, step_text
from .sections import count_numbers

# ------------------------------------------------------------------------------ I1 / I2 implementation

_VERIFY = re.compile(r"(?:对策)?目标[^。；\n]{0,30}?(?:达到|达成|完成|实现|满足|未达到|未完成)|(?:达到|达成|完成|实现|满足)[^。；\n]{0,12}?(?:对策)?目标|目标值|效果验证|效果确认|实施效果")
_PART = re.compile(r"(?:对策|实施)\s*[（(]?\s*([一二三四五六七八九十\d]+)\s*[)）]?")
_SIDE = re.compile(r"负面影响|副作用|不良影响|安全|质量|成本|环境|环保|影响评估|无负面|未产生")


def _rows(ctx: CheckContext) -> int:
    rep = ctx.analyses.get("fivew1h")
    return int(getattr(rep, "rows", 0) or 0)


@register("implement_verified")
def check_implement(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """I1: implementation not traceable to the 对策表 rows, or 对策目标 not verified per 对策."""
    if not seg(ctx).has("implement"):
        return []
    blocks = step_blocks(ctx, "implement")
    text = step_text(ctx, "implement")
    pages = step_pages(ctx, "implement")
    verified = hits(blocks, _VERIFY, skip_negated=False)
    # a 对策目标 check that reading order pushed past the next heading still counts
    verified += hits(step_blocks(ctx, "check_effect"), re.compile(r"对策目标"), skip_negated=False)
    n_rows = _rows(ctx)
    parts = {m.group(1) for m in _PART.finditer(text)}
    problems = []
    if not verified or count_numbers(text) < 2:
        problems.append("实施后没有用数据与对策目标比较")
    elif n_rows >= 2:
        n_verified = len({h.block for h in verified})
        n_parts = max(len(parts), 1)
        if n_verified < min(n_rows, n_parts) and n_verified < n_rows:
            problems.append(f"对策表有 {n_rows} 条对策，只有 {n_verified} 处确认了对策目标")
    if not problems:
        return []
    return [finding("I1", f"对策实施：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step="implement")]


@register("side_effects")
def check_side_effects(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """I2: no check of side effects on 安全/质量/成本/环境."""
    if not seg(ctx).has("implement"):
        return []
    text = step_text(ctx, "implement", "check_effect")
    if re.search(r"负面影响|副作用|不良影响|影响评估|无负面|未产生|未发现.{0,6}(?:安全|质量|环境)", text):
        return []
    pages = step_pages(ctx, "implement")
    return [finding("I2", f"对策实施后没有验证对安全、质量、成本、环境等方面的负面影响{fmt_pages(pages, ctx.doc)}", pages, step="implement")]


# ------------------------------------------------------------------------------ E1 / E2 / E3 effect

_BEFORE_AFTER = re.compile(r"活动前|活动后|改善前|改善后|实施前|实施后|改进前|改进后|对策前|对策后|现状值|前后对比|由[^。；\n]{0,12}降(?:至|到|低到)|由[^。；\n]{0,12}提高(?:至|到)")
_BENEFIT = re.compile(r"经济效益|创效|节约|节省|降低成本|效益")
_DEDUCT = re.compile(r"投入|扣除|减去|成本|费用|[-－−]\s*\d|净效益|=")
_POTENTIAL = re.compile(r"潜在效益|预计(?:可)?(?:节约|创效|产生)|预期效益|可望")
_NOT_MET = re.compile(r"(?:未|没有|没能|尚未)(?:能)?(?:达到|达成|完成|实现)(?:课题|预定|设定)?目标|目标(?:未|没有)(?:达到|达成|完成|实现)")
_LOOP = re.compile(r"重新|再次|第二(?:轮|次)|返回|回到|新一轮|PDCA|继续(?:改进|攻关)|转入下一")


@register("effect_comparison")
def check_effect(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """E1: no comparison with the 课题目标, or with 现状 before/after on the same basis."""
    if not seg(ctx).has("check_effect"):
        return []
    text = step_text(ctx, "check_effect")
    pages = step_pages(ctx, "check_effect")
    problems = []
    if not re.search(r"目标", text) or count_numbers(text) < 2:
        problems.append("没有用数据与课题目标比较")
    if not _BEFORE_AFTER.search(text) and ctx.project_type != INNOVATIVE:
        problems.append("没有与活动前的现状对比")
    if ctx.project_type != INNOVATIVE and params.get("symptom", True):
        sym = _symptom(ctx)
        if sym and not _overlap(sym, text):
            problems.append(f"没有对比症结“{sym}”在活动前后的变化")
    if not problems:
        return []
    return [finding("E1", f"效果检查：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step="check_effect")]


def _symptom(ctx: CheckContext) -> str | None:
    from .rules import symptom_phrase

    return symptom_phrase(ctx)


def _overlap(a: str, b: str) -> bool:
    ga = {a[i : i + 2] for i in range(len(a) - 1)}
    gb = {b[i : i + 2] for i in range(len(b) - 1)}
    return bool(ga) and len(ga & gb) / len(ga) >= 0.5


@register("economic_benefit")
def check_benefit(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """E2: 经济效益 with no calculation, investment not deducted, or 潜在效益 counted."""
    if not seg(ctx).has("check_effect"):
        return []
    blocks = step_blocks(ctx, "check_effect")
    pages = step_pages(ctx, "check_effect")
    problems = []
    bh = hits(blocks, _BENEFIT, skip_negated=False)
    if not bh:
        problems.append("没有计算经济效益")
    else:
        bpages = pages_of_hits(bh)
        zone = "\n".join(b.text for _i, b in blocks if b.source.page in bpages)
        if not _DEDUCT.search(zone) or count_numbers(zone) < 2:
            problems.append("经济效益没有计算过程或没有扣除投入")
        pot = hits(blocks, _POTENTIAL, skip_negated=False)
        if pot:
            problems.append("把预计/潜在效益计入了经济效益")
            pages = pages_of_hits(pot)
    if not problems:
        return []
    return [finding("E2", f"{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step="check_effect")]


_CLAIM_MET = re.compile(
    r"(?:实现|达到|完成|达成)了?(?:课题|预定|设定)?目标|(?:课题)?目标[^。；\n]{0,16}?(?:已经?|全面|顺利)?(?:实现|达到|完成|达成)|优于目标"
)


@register("target_met_or_loop")
def check_loop(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """E3: the target was not met but the report goes on to 巩固 without a new PDCA loop. The text
    decides first ("未达到目标"); the recomputed numbers (nlp.numbers) decide when the text says
    neither that the target was met nor that it was missed."""
    nxt = "standardize" if ctx.project_type == INNOVATIVE else "consolidate"
    if not seg(ctx).has("check_effect") or not seg(ctx).has(nxt):
        return []
    blocks = step_blocks(ctx, "check_effect")
    text = step_text(ctx, "check_effect")
    if _LOOP.search(text):
        return []
    hs = hits(blocks, _NOT_MET, skip_negated=False)
    if hs:
        pages = pages_of_hits(hs)
        return [
            finding(
                "E3",
                f"效果检查显示课题目标未达成{fmt_pages(pages, ctx.doc)}，却直接进入巩固/标准化，没有返回原因分析进行新一轮 PDCA",
                pages,
                step="check_effect",
                evidence=hs[0].context,
            )
        ]
    if _CLAIM_MET.search(_NOT_MET.sub("", text)):
        return []
    nums = ctx.analyses.get("numbers")
    if nums is not None and getattr(nums, "target_met", None) is False and not getattr(nums, "loops_back", False):
        return [f.model_copy(update={"rule": "E3"}) for f in getattr(nums, "findings", []) if f.rule == "E3"]
    return []


# ------------------------------------------------------------------------------ A1 / A2 consolidation

_DOC_NUMBER = re.compile(r"》\s*[（(][^）)]{0,30}\d[^）)]{0,20}[）)]|[A-Za-z]{1,8}[-/_—][A-Za-z0-9]{0,8}[-/_.—]?\d{1,6}|[〔\[(（]\s*(?:19|20)\d{2}\s*[〕\])）]\s*\d+\s*号|第\s*\d+\s*号|编号\s*[:：]?\s*\S{3,}")
_STD_NAME = re.compile(r"《[^》]{2,40}》|(?:标准|制度|规程|作业指导书|指导书|规范|工艺卡|工艺文件|管理办法|实施细则|操作规程|检验规程|点检表|控制计划|FMEA)")
_HOLLOW = re.compile(r"加强(?:管理|培训|教育|检查|监督|考核)")
_PERIOD_DATA = re.compile(r"巩固期|巩固期间|跟踪|持续|保持|稳定在")


@register("consolidate_standard")
def check_consolidate(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """A1: no named/numbered 标准 or 制度; only 加强管理/培训; no 巩固期 data."""
    step = "consolidate" if ctx.project_type != INNOVATIVE else "standardize"
    if not seg(ctx).has(step) or ctx.project_type == INNOVATIVE:
        return []
    text = step_text(ctx, step)
    pages = step_pages(ctx, step)
    problems = []
    named = _STD_NAME.search(text)
    numbered = _DOC_NUMBER.search(text)
    if not named or not numbered:
        if _HOLLOW.search(text) and not named:
            problems.append("只有“加强管理/加强培训”等口号，没有把有效措施纳入标准或制度")
        else:
            problems.append("没有写明纳入的标准/制度名称及编号")
    if not _PERIOD_DATA.search(text) or count_numbers(text) < 2:
        problems.append("没有巩固期的跟踪数据")
    if not problems:
        return []
    return [finding("A1", f"巩固措施：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step=step)]


@register("standardize")
def check_standardize(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """A2 (创新型): no 标准化, no judgement of 推广价值, one-off result not archived."""
    if ctx.project_type != INNOVATIVE:
        return []
    if not seg(ctx).has("standardize"):
        return [finding("A2", "创新型课题缺少“标准化”步骤：既没有形成标准/制度，也没有将创新过程资料存档", [], step="standardize")]
    text = step_text(ctx, "standardize")
    pages = step_pages(ctx, "standardize")
    problems = []
    if not re.search(r"推广|应用价值|推广价值|复制|适用", text):
        problems.append("没有判断成果的推广应用价值")
    if not _STD_NAME.search(text) and not re.search(r"存档|归档|备案|专利", text):
        problems.append("没有形成技术标准/管理制度，也没有将创新过程资料存档")
    if not problems:
        return []
    return [finding("A2", f"标准化：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step="standardize")]


# ------------------------------------------------------------------------------ Z1 summary

_NEXT = re.compile(
    r"下一步|今后|下一个?课题|下期|下阶段|下个课题|下一轮|后续(?:课题|打算|计划)|打算|明年|来年"
    r"|(?:小组|我们|本小组)?(?:将|拟|计划)(?:继续|进一步|对|在|把|开展|围绕|以|进行|推广|选择)"
)
_GAIN = re.compile(r"无形成果|收获|综合素质|自我评价|提升|提高|能力|体会|雷达图|专业技术|管理方法|创新能力|学会|掌握|认识|成长|素质|经验|意识")


@register("summary_next")
def check_summary(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Z1: no 无形成果 / no next 课题."""
    if not seg(ctx).has("summary"):
        return []
    text = step_text(ctx, "summary")
    pages = step_pages(ctx, "summary")
    problems = []
    if not _GAIN.search(re.sub(r"总结和下一步打算|总结与下一步打算", "", text)):
        problems.append("没有总结小组成员在专业技术、管理方法和综合素质上的提升（无形成果）")
    body = re.sub(r"总结(?:和|与|及)(?:下一步|今后)打算|下一步打算\s*$", "", text)
    if not _NEXT.search(body):
        problems.append("没有提出下一步打算或下一个课题")
    if not problems:
        return []
    return [finding("Z1", f"总结：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step="summary")]


# ------------------------------------------------------------------------------ Q2 whole report

_PLACEHOLDER = re.compile(
    r"待补充|待完善|待验证|待填写|待定稿|TBD|tbd|TODO|【[^】]{0,6}插入[^】]{0,10}】|\[[^\]]{0,6}插入[^\]]{0,10}\]|此处(?:插入|添加|放置)|(?:图片|图表|数据)(?:略|暂缺)|XX+%|××+"
)


@register("placeholders")
def check_placeholders(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Q2: placeholders left in, or a report that is almost all text."""
    body = [(i, b) for i, b in enumerate(ctx.doc.blocks) if b.kind not in (BlockKind.note, BlockKind.furniture)]
    hs = hits(body, _PLACEHOLDER, skip_negated=False)
    out: list[Finding] = []
    if hs:
        words = hit_words(hs)
        pages = pages_of_hits(hs)
        out.append(
            finding("Q2", f"成果材料中留有未完成的占位内容“{words}”{fmt_pages(pages, ctx.doc)}", pages, evidence=hs[0].context)
        )
        return out
    n_tab = sum(1 for _i, b in body if b.kind in (BlockKind.table, BlockKind.chart))
    n_img = sum(1 for _i, b in body if b.kind == BlockKind.image_text)
    total_numbers = count_numbers(ctx.doc.text)
    if params.get("text_only", True) and len(ctx.doc.text) > 3000 and n_tab + n_img == 0 and total_numbers < 15:
        out.append(finding("Q2", "成果报告几乎全是文字，缺少图表和数据", []))
    return out


# ------------------------------------------------------------------------------ N1 solutions (创新型)

_OVERALL = re.compile(r"总体方案\s*[（(]?\s*([一二三四五六1-6A-Fa-f])|方案\s*([一二三四五六1-6A-F])\s*[)）]?\s*[:：、]|方案\s*([一二三四五六1-6A-F])(?=\W|$)")
_LEVEL = re.compile(r"分级方案|二级方案|三级方案|分解|细化方案|子方案|系统图|具体方案|方案展开")
_TEST = re.compile(r"试验|实验|测试|测量|实测|仿真|模拟|对比|验证")


@register("solutions")
def check_solutions(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """N1 (创新型): one 总体方案 only, no 分级方案, or 方案 chosen without test data."""
    if ctx.project_type != INNOVATIVE or not seg(ctx).has("propose_solutions"):
        return []
    text = step_text(ctx, "propose_solutions")
    pages = step_pages(ctx, "propose_solutions")
    labels = {next(g for g in m.groups() if g) for m in _OVERALL.finditer(text)}
    problems = []
    m_count = re.search(r"(?:提出|形成|制定)(?:了)?\s*(\d+|[一二三四五两])\s*(?:个|种)\s*(?:总体)?方案", text)
    n = len(labels)
    if m_count:
        n = max(n, {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}.get(m_count.group(1), 0) or (int(m_count.group(1)) if m_count.group(1).isdigit() else 0))
    if n < 2:
        problems.append("只提出了一个总体方案，没有进行比较选择")
    if not _LEVEL.search(text):
        problems.append("没有把方案逐层分解为分级方案和可实施的具体方案")
    if not _TEST.search(text) or count_numbers(text) < 4:
        problems.append("方案评价和选择没有现场测量、试验的数据")
    if not problems:
        return []
    return [finding("N1", f"提出方案并确定最佳方案：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step="propose_solutions")]
