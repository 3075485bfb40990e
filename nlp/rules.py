"""Content rules of spec/domain.md b.3 for the 计划 (P) steps: T1, S1, S2, X1, G1, G2, C1, C2, K1–K4, P3,
and the missing-step rule (M-<step>). Each check is registered under the `type` name rubric YAML uses;
it returns findings with Chinese messages and evidence pages. Severity and score item come from the
rubric rule (the engine fills them in)."""

from __future__ import annotations

import re
from typing import Any

from .findings import Finding
from .normalize import normalize
from .project_type import _INNOV_TITLE, _PROBLEM_TITLE, INNOVATIVE, PROBLEM, doc_title
from .registry import CheckContext, register
from .rules_base import (
    finding,
    fmt_pages,
    has_numbers,
    hit_words,
    hits,
    pages_of_hits,
    seg,
    step_blocks,
    step_pages,
    step_text,
)
from .sections import count_numbers, sequence, step_name

# ------------------------------------------------------------------------------ missing steps


@register("step_missing")
def check_step_missing(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """M-<step>: a step the project type requires is not in the document."""
    step = str(params["step"])
    # a document whose type cannot be told is held to the 问题解决型 program (the default rubric)
    ptype = ctx.project_type if ctx.project_type != "unknown" else PROBLEM
    expected = sequence(ptype, ctx.target_kind)
    if step not in expected or seg(ctx).has(step):
        return []
    if step == "current_state" and seg(ctx).has("target_feasibility"):
        return []  # 指令性目标 style: the 论证 stands in for 现状调查 (T1 covers the label)
    if step == "target_feasibility" and seg(ctx).has("current_state"):
        return []
    name = step_name(step, ptype)
    # point the reviewer at where the step should have been: the first page of the next step present
    after = expected[expected.index(step) + 1 :]
    nxt = next((seg(ctx).get(s) for s in after if seg(ctx).has(s)), None)
    where = ""
    pages: list[int] = []
    if nxt is not None and nxt.pages:
        pages = [nxt.pages[0]]
        where = f"（应位于{fmt_pages(pages, ctx.doc).strip('（）')}“{nxt.name}”之前）"
    return [finding(f"M-{step}", f"缺少“{name}”步骤，PDCA 程序不完整{where}", pages, step=step)]


# ------------------------------------------------------------------------------ T1 type


@register("type_mislabel")
def check_type_mislabel(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """T1: declared type contradicts the content, or the content mixes the two programs."""
    out: list[Finding] = []
    dec = ctx.analyses.get("type")
    s = seg(ctx)
    title = doc_title(ctx.doc)
    declared = getattr(dec, "declared", None)
    inferred = getattr(dec, "inferred", None)
    src = "申报表" if getattr(dec, "declared_source", None) == "form" else "成果材料"
    names = {PROBLEM: "问题解决型", INNOVATIVE: "创新型"}
    label_page = getattr(dec, "label_page", None)
    if declared and inferred and declared != inferred:
        out.append(
            finding(
                "T1",
                f"{src}标注的课题类型为“{names[declared]}”，但课题名称和活动程序属于“{names[inferred]}”",
                [label_page] if label_page else [],
                evidence=title,
            )
        )
        return out
    if ctx.project_type == INNOVATIVE:
        wrong = [sid for sid in ("current_state", "cause_analysis", "main_causes") if s.has(sid)]
        if wrong:
            pages = step_pages(ctx, *wrong)
            what = "、".join(step_name(w) for w in wrong)
            out.append(finding("T1", f"创新型课题中出现了问题解决型的步骤（{what}）{fmt_pages(pages, ctx.doc)}，课题类型可能标错", pages))
        elif _PROBLEM_TITLE.search(title) and not _INNOV_TITLE.search(title):
            out.append(finding("T1", f"课题名称“{title}”是“降低/提高…率”式的问题解决型课题，却按创新型申报", []))
    elif ctx.project_type == PROBLEM:
        if not s.has("current_state") and not s.has("target_feasibility") and s.has("set_target"):
            out.append(finding("T1", "问题解决型课题既没有“现状调查”（自定目标）也没有“目标可行性论证”（指令性目标）", step_pages(ctx, "set_target")))
        elif s.has("current_state") and s.has("target_feasibility") and ctx.target_kind == "directive":
            out.append(
                finding(
                    "T1",
                    "指令性目标课题应以“目标可行性论证”代替“现状调查”，两者不应同时作为步骤出现",
                    step_pages(ctx, "current_state", "target_feasibility"),
                )
            )
    return out


# ------------------------------------------------------------------------------ S1 / S2 topic

_SLOGAN = re.compile(r"管理水平|综合|全面|打造|争创|助力|确保|保障|深化|推进|强化|一流|卓越|品牌|提质增效|降本增效|[!！]")
_MEANS = re.compile(r"^(?:应用|运用|利用|采用|通过|借助|基于|以)\S{1,20}?(?:提高|降低|提升|减少|缩短|实现|解决)")
_CHARACTERISTIC = re.compile(r"率|比|数|次数|时间|时长|周期|成本|能耗|损耗|消耗|故障|缺陷|不良|误差|偏差|合格|值|量|浓度|含量|温度|厚度|重量|压力|速度|产量|排放|泄漏|噪声|天数|费用|效率|精度|寿命|稳定性|满意度|指数|强度|水平|距离|时限")


@register("title_form")
def check_title(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """S1: the 课题名称 is a slogan, too broad, names the means, or lacks object + characteristic."""
    title = doc_title(ctx.doc)
    if not title:
        return []
    maxlen = int(params.get("max_length", 30))
    problems = []
    m = _SLOGAN.search(title)
    if m:
        problems.append(f"含口号式或笼统的词“{m.group(0)}”")
    if _MEANS.search(title):
        problems.append("把手段/方法写进了课题名称")
    if len(title) > maxlen:
        problems.append(f"名称过长（{len(title)} 字）")
    if ctx.project_type == PROBLEM and not _CHARACTERISTIC.search(title):
        problems.append("没有直接写出对象和要改善的特性值")
    if not problems:
        return []
    return [finding("S1", f"课题名称“{title}”{'，'.join(problems)}", [1], step="select_topic", evidence=title)]


_BORROW_HEAD = re.compile(r"借鉴|查新|检索|参考资料")
_REASON_HEAD = re.compile(r"理由|需求|背景|现状|要求|必要性|来源|问题")
_TITLE_LINE = re.compile(r"^\s*(?:选定课题|课题名称|确定课题|本次课题|课题)\s*[:：]")


def reason_text(ctx: CheckContext) -> str:
    """The 选题理由 part of 选择课题: without the 借鉴/查新 part (its data are about other
    technologies, not about why this topic) and without the "选定课题：…" line."""
    parts: list[str] = []
    in_borrow = False
    heads = {i for i, _s, _t in seg(ctx).headings}
    for i, b in step_blocks(ctx, "select_topic"):
        t = normalize(b.text)
        if i in heads:
            continue
        short = len(t) <= 24 and b.table is None
        if short and _BORROW_HEAD.search(t):
            in_borrow = True
            continue
        if short and _REASON_HEAD.search(t):
            in_borrow = False
        if in_borrow or _TITLE_LINE.match(t) or (b.table is not None and _BORROW_HEAD.search(t)):
            continue
        parts.append(t)
    return "\n".join(parts)


@register("reason_data")
def check_reason_data(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """S2: 选题理由 without numbers."""
    if not seg(ctx).has("select_topic"):
        return []
    # "每3周清洗一次" states a routine, not a measured value
    n = count_numbers(re.sub(r"每\s*\d+", "每", reason_text(ctx)))
    need = int(params.get("min_numbers", 1))
    if n >= need:
        return []
    pages = step_pages(ctx, "select_topic")
    return [finding("S2", f"选题理由没有用数据说明{fmt_pages(pages, ctx.doc)}（只找到 {n} 个数据）", pages, step="select_topic")]


# ------------------------------------------------------------------------------ X1 current state

_STRATIFY = re.compile(r"分层|层别|排列图|柏拉图|分类统计|按[^，。]{1,10}(?:统计|分类|分层)|占比|频数|累计")
_SYMPTOM = re.compile(r"症结|关键问题|主要问题|突出问题|主要矛盾|A类(?:因素|问题)|关键少数")
_PERIOD = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|\d+\s*(?:天|周|个月)|期间|周期|样本|抽取|抽查|共计|合计|总数|统计")


@register("current_state_data")
def check_current_state(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """X1: 现状调查 without data / period / stratification / 症结. (A 因果图 drawn here is Q1, the
    tool-placement rule of nlp.tools, so the same defect is not charged twice.)"""
    step = "current_state" if seg(ctx).has("current_state") else "target_feasibility"
    if not seg(ctx).has(step):
        return []
    text = step_text(ctx, step)
    pages = step_pages(ctx, step)
    problems = []
    if count_numbers(text) < int(params.get("min_numbers", 3)):
        problems.append("缺少调查数据")
    elif not _PERIOD.search(text):
        problems.append("没有说明数据的收集期间和样本量")
    if not _STRATIFY.search(text) and not any(b.chart is not None for _i, b in step_blocks(ctx, step)):
        problems.append("没有对数据分层")
    if not _SYMPTOM.search(text):
        problems.append("没有找出症结")
    if not problems:
        return []
    name = step_name(step, ctx.project_type)
    return [finding("X1", f"{name}：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step=step)]


# ------------------------------------------------------------------------------ G1 / G2 target

_BASIS = re.compile(r"依据|测算|计算|根据|参照|参考|对标|标杆|历史最好|最好水平|先进水平|上级|考核|顾客要求|客户要求|公式|=|论证|借鉴|可行性|行业|下达|指令性|责任书|质量目标|协议|合同")
_TARGET_VALUE = re.compile(r"目标(?:值)?\s*(?:为|是|:|：|设定为|定为|由)?[^。；\n]{0,20}?\d")
_QUALITATIVE = re.compile(r"领导重视|技术力量强|经验丰富|人员素质高|有信心|积极性高|全力支持|团结协作")


@register("target_set")
def check_target(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """G1: target not quantified, no 依据/测算, several targets, 100 %/0 targets."""
    if not seg(ctx).has("set_target"):
        return []
    text = step_text(ctx, "set_target")
    pages = step_pages(ctx, "set_target")
    if ctx.target_kind == "directive" or ctx.project_type == INNOVATIVE:
        # the 测算 of a directive / innovative target sits in its 可行性论证
        text = text + "\n" + step_text(ctx, "target_feasibility")
    problems = []
    if not has_numbers(text) or not re.search(r"\d", text):
        problems.append("目标没有量化")
    if not _BASIS.search(text):
        problems.append("没有说明设定目标的依据或测算过程")
    multi = re.findall(r"目标[一二三四1-4]\s*[:：]", text)
    if len(multi) >= 2:
        problems.append(f"设定了 {len(multi)} 个课题目标（一般只设一个）")
    if re.search(r"目标[^。；\n]{0,12}?(?:降至|降低到|为|达到)\s*0\s*(?:[次件个起]|%)(?!\d)|目标[^。；\n]{0,12}?100\s*%", text) and not re.search(r"依据|测算|论证", text):
        problems.append("目标为 0 或 100% 且无依据")
    if not problems:
        return []
    return [finding("G1", f"设定目标：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step="set_target")]


@register("feasibility_data")
def check_feasibility(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """G2: 目标可行性论证 only qualitative (指令性), or not based on 借鉴 data (创新型)."""
    if ctx.project_type == INNOVATIVE:
        text = step_text(ctx, "set_target")
        pages = step_pages(ctx, "set_target")
        if not text:
            return []
        borrow = re.search(r"借鉴|查新|参考|同行|对标|类似|国内外", text + step_text(ctx, "select_topic"))
        if not re.search(r"可行|论证", text) or not borrow or count_numbers(text) < 3:
            return [finding("G2", f"目标可行性论证没有依据借鉴的相关数据{fmt_pages(pages, ctx.doc)}", pages, step="set_target")]
        return []
    if ctx.target_kind != "directive" and not seg(ctx).has("target_feasibility"):
        return []
    text = step_text(ctx, "target_feasibility")
    pages = step_pages(ctx, "target_feasibility")
    if not text:
        return []
    if count_numbers(text) < int(params.get("min_numbers", 3)) or (_QUALITATIVE.search(text) and count_numbers(text) < 5):
        return [finding("G2", f"目标可行性论证只有定性描述，没有用数据论证{fmt_pages(pages, ctx.doc)}", pages, step="target_feasibility")]
    return []


# ------------------------------------------------------------------------------ C1 / C2 causes

_END = re.compile(r"末端|末梢|根本原因|根原因|底层原因")
_VAGUE = re.compile(
    r"(?:质量|安全|责任|节能|环保|服务)?意识(?:不强|淡薄|差|不足|不够|薄弱)|责任心(?:不强|差|不足|不够)|培训不(?:够|足|到位)|管理不(?:到位|严|善|规范)|"
    r"重视不够|不够重视|素质(?:低|不高|差)|态度不端正|工作不认真|积极性不高|监督不到位|制度不健全|执行不力"
)


_PHRASE_STOP = "，,。；;“”\"\n:："


def _clean_phrase(p: str) -> str | None:
    p = re.split(r"[\d%（(]|占|共|约|累计|的问题|问题$", p.strip(" “”\"'"))[0].strip()
    p = re.sub(r"^(?:本课题的|问题的|其中|而|即|主要是|主要为)", "", p)
    return p if len(p) >= 2 else None


_SUBJECT_PREFIX = re.compile(r"^(?:结论|由排列图可以?看出|由排列图可知|从排列图(?:可以)?看出|排列图表明|可见|经分析|分析可知|通过分层(?:分析)?|从上表可以?看出|由上表可知)\s*[:：,]?\s*")


def symptom_phrase(ctx: CheckContext) -> str | None:
    """The 症结 named in 现状调查 / 目标可行性论证: a quoted phrase in the sentence that names the
    症结, "症结是X", or the subject of that sentence ("结论：X累计占比75%，确定为症结")."""
    text = step_text(ctx, "current_state", "target_feasibility")
    for sent in re.split(r"[。；;！？\n]", text):
        if "症结" not in sent:
            continue
        q = re.search(r"[“\"'‘]([^”\"'’]{2,16})[”\"'’]", sent)
        if q:
            return q.group(1).strip()
        m = re.search(rf"症结(?:是|为|在于|:|：|就是)\s*([^{_PHRASE_STOP}]{{2,16}})", sent)
        if m and (p := _clean_phrase(m.group(1))):
            return p
        clauses = [c.strip() for c in re.split(r"[,，]", sent) if c.strip()]
        k = next(i for i, c in enumerate(clauses) if "症结" in c)
        head = _SUBJECT_PREFIX.sub("", clauses[k])
        m = None if re.match(r"(?:是|为|确定|确认|判定|定为|属|即|其|这|因此|所以|故|可见)", head) else re.match(r"(.{2,16}?)(?:是|为|即为|确定为|属于)", head)
        if m and (p := _clean_phrase(m.group(1))) and "症结" not in p:
            return p
        for c in reversed(clauses[:k]):
            c = _SUBJECT_PREFIX.sub("", c)
            if re.match(r"(?:是|为|确定|确认|判定|属|即|占|累计|共|其中|A类|因此|所以|故)", c):
                continue
            p = _clean_phrase(c)
            if p and len(p) <= 12:
                return p
    return None


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"\W", "", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


@register("cause_focus")
def check_cause_focus(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """C1: causes not analysed down to 末端, or analysis not aimed at the 症结."""
    if not seg(ctx).has("cause_analysis"):
        return []
    text = step_text(ctx, "cause_analysis")
    pages = step_pages(ctx, "cause_analysis")
    problems = []
    has_tree_table = any(
        b.table is not None and b.table.n_cols >= 3 for _i, b in step_blocks(ctx, "cause_analysis")
    )
    if not _END.search(text) and not has_tree_table:
        problems.append("原因没有逐层分析到末端因素")
    sym = symptom_phrase(ctx)
    if sym and params.get("check_symptom", True):
        grams = _bigrams(sym)
        if grams and len(grams & _bigrams(text)) / len(grams) < 0.5:
            problems.append(f"原因分析没有针对现状调查找出的症结“{sym}”")
    if not problems:
        return []
    return [finding("C1", f"原因分析：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step="cause_analysis")]


@register("vague_causes")
def check_vague_causes(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """C2: vague 末端原因 (意识不强, 责任心差, 培训不够, 管理不到位…)."""
    hs = hits(step_blocks(ctx, "cause_analysis", "main_causes"), _VAGUE, skip_negated=False)
    if not hs:
        return []
    words = hit_words(hs)
    pages = pages_of_hits(hs)
    return [
        finding(
            "C2",
            f"末端原因“{words}”过于笼统，无法直接采取对策也无法用数据确认{fmt_pages(pages, ctx.doc)}",
            pages,
            step="cause_analysis",
            evidence=hs[0].context,
        )
    ]


# ------------------------------------------------------------------------------ K1–K4 main causes

_SCORING = re.compile(
    r"打分|评分|投票|表决|举手|得分|分值|矩阵打分|打☆|打★|头脑风暴[^。；\n]{0,10}(?:确定|选出|评选)|经验判断|凭经验(?:判断|确定)|少数服从多数|评价得分|★{2,}|☆{2,}"
)
_METHOD = re.compile(r"测量|试验|实验|调查|验证|测试|检测|测定|抽查|抽样|统计|跟踪|对比|分析")
_IMPACT = re.compile(r"影响|相关|关系|贡献|导致|造成|引起|关联|作用|占比|对症结|对问题")
_AFTER = re.compile(r"(?:对策|改进|整改|措施)(?:实施)?(?:后|以后|之后)[^。；\n]{0,20}(?:确认|验证|证明|说明)|实施对策后|采取对策后|改进后(?:验证|确认)")


@register("cause_by_scoring")
def check_cause_by_scoring(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """K1: 要因 chosen by 打分/评分/表决/投票/头脑风暴/经验判断 (fatal)."""
    hs = hits(step_blocks(ctx, "main_causes"), _SCORING)
    if not hs:
        return []
    words = hit_words(hs)
    pages = pages_of_hits(hs)
    return [
        finding(
            "K1",
            f"确定主要原因采用了“{words}”的方式{fmt_pages(pages, ctx.doc)}；要因必须针对每个末端原因用现场测量、试验和调查分析的数据确认，不能打分或表决",
            pages,
            step="main_causes",
            evidence=hs[0].context,
        )
    ]


_ENUM_CAUSE = re.compile(r"(?:末端(?:因素|原因)|原因)\s*[（(]?\s*[\d一二三四五六七八九十]+\s*[)）]?\s*[:：、.]")


def count_end_causes(ctx: CheckContext) -> tuple[int, list[int]]:
    """Number of 末端原因 listed in 原因分析: the values of a 末端 column across the step's tables
    (a table split over slides counts once), else an enumerated list or "共找出末端原因N条"."""
    names: set[str] = set()
    table_pages: set[int] = set()
    best = 0
    pages: list[int] = []
    for _i, b in step_blocks(ctx, "cause_analysis"):
        t = normalize(b.text)
        if b.table is not None:
            grid = b.table.filled_grid()
            for c in range(b.table.n_cols):
                head = normalize(grid[0][c]) if grid else ""
                if re.search(r"末端", head):
                    vals = {normalize(grid[r][c]).strip() for r in range(1, len(grid)) if grid[r][c].strip()}
                    vals.discard(head.strip())
                    if vals:
                        names |= vals
                        table_pages.add(b.source.page)
            continue
        m = re.search(r"末端(?:因素|原因)[^:：\n]{0,16}[:：]\s*(.+)", t)
        if m:
            items = [x for x in re.split(r"[、；;，,]|\s+\d+[.、)）]", m.group(1)) if len(x.strip()) >= 2]
            if len(items) > best:
                best, pages = len(items), [b.source.page]
        m2 = re.search(r"(?:共|计|找出|得到|归纳出|确定了?)\s*(?:末端(?:因素|原因))?\s*(\d+|[一二三四五六七八九十]+)\s*(?:个|条|项)\s*(?:末端)?", t)
        if m2 and "末端" in t:
            n = _int(m2.group(1))
            if n > best:
                best, pages = n, [b.source.page]
    if len(names) >= best:
        return len(names), sorted(table_pages)
    return best, pages


def _int(s: str) -> int:
    if s.isdigit():
        return int(s)
    cn = "零一二三四五六七八九"
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + cn.index(s[1])
    if len(s) == 2 and s.endswith("十"):
        return cn.index(s[0]) * 10
    if len(s) == 3 and s[1] == "十":
        return cn.index(s[0]) * 10 + cn.index(s[2])
    return cn.index(s) if s in cn else 0


def count_confirmed(ctx: CheckContext) -> int:
    """Number of 末端原因 confirmed in 确定主要原因: distinct causes in the rows of the 确认 table(s)
    (a plan table and a result table listing the same causes count once), else numbered 确认 parts."""
    names: set[str] = set()
    for _i, b in step_blocks(ctx, "main_causes"):
        if b.table is None or b.table.n_rows < 2:
            continue
        grid = b.table.filled_grid()
        head = [normalize(x) for x in grid[0]]
        col = next((k for k, h in enumerate(head) if re.search(r"末端|原因|因素", h) and "确认" not in h), None)
        if col is None and re.search(r"确认", " ".join(head)):
            col = 1 if len(head) > 1 else 0
        if col is None:
            continue
        for r in grid[1:]:
            if col < len(r) and r[col].strip() and any(x.strip() for x in r):
                names.add(normalize(r[col]).strip())
    text = step_text(ctx, "main_causes")
    parts = re.findall(r"(?:确认|末端(?:因素|原因)|要因确认)\s*[（(]?\s*([\d一二三四五六七八九十]+)\s*[)）]?\s*[:：、.]", text)
    # a table split over pages loses its header on the continuation: the numbered 确认 parts count too
    return max(len(names), len(set(parts)))


@register("all_causes_confirmed")
def check_all_confirmed(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """K2: not every 末端原因 is confirmed (count mismatch)."""
    if not seg(ctx).has("main_causes") or not seg(ctx).has("cause_analysis"):
        return []
    n_end, end_pages = count_end_causes(ctx)
    n_conf = count_confirmed(ctx)
    if n_end == 0 or n_conf == 0 or n_conf >= n_end:
        return []
    pages = sorted(set(end_pages) | set(step_pages(ctx, "main_causes")))
    return [
        finding(
            "K2",
            f"原因分析列出 {n_end} 个末端原因，但只逐条确认了 {n_conf} 个{fmt_pages(pages, ctx.doc)}；每个末端原因都要确认，非要因也要写明结论",
            pages,
            step="main_causes",
        )
    ]


_PART_LABEL = re.compile(r"(?m)^\s*((?:确认|末端(?:因素|原因)|要因确认)\s*[（(]?\s*[\d一二三四五六七八九十]+\s*[)）]?)\s*[:：、.]")
_RESULT_HEAD = re.compile(r"确认结果|确认情况|结果|判定依据|说明")


def _weak_confirmations(ctx: CheckContext) -> list[str]:
    """The confirmations (numbered parts "确认三：…", or rows of a result table) that give neither a
    number nor an impact on the 问题/症结 — when they are at least half of them."""
    text = step_text(ctx, "main_causes")
    labels = list(_PART_LABEL.finditer(text))
    parts: list[tuple[str, str]] = []
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        parts.append((m.group(1), text[m.end() : end]))
    if len(parts) < 2:
        parts = []
        for _i, b in step_blocks(ctx, "main_causes"):
            if b.table is None or b.table.n_rows < 3:
                continue
            grid = b.table.filled_grid()
            head = [normalize(h) for h in grid[0]]
            cols = [c for c, h in enumerate(head) if _RESULT_HEAD.search(h)]
            if not cols:
                continue
            for r, row in enumerate(grid[1:], start=1):
                cells = " ".join(normalize(row[c]) for c in cols if c < len(row))
                parts.append((f"第{r}行", cells))
    if len(parts) < 2:
        return []
    weak = [name for name, body in parts if not (_IMPACT.search(body) or count_numbers(body) >= 2)]
    return weak if len(weak) * 2 >= len(parts) else []


@register("confirm_by_impact")
def check_confirm_impact(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """K3: confirmation without data, without a method, or only "meets the standard?"."""
    if not seg(ctx).has("main_causes"):
        return []
    text = step_text(ctx, "main_causes")
    pages = step_pages(ctx, "main_causes")
    problems = []
    if count_numbers(text) < int(params.get("min_numbers", 3)):
        problems.append("没有用数据确认")
    if not _METHOD.search(text):
        problems.append("没有写明确认方法（现场测量、试验、调查分析）")
    if not _IMPACT.search(text):
        problems.append("只判断是否符合标准，没有说明末端原因对问题或症结的影响程度")
    else:
        weak = _weak_confirmations(ctx)
        if weak:
            problems.append(f"{'、'.join(weak[:6])}只对照标准判断，没有用数据说明对问题或症结的影响程度")
    if not problems:
        return []
    return [finding("K3", f"要因确认：{'；'.join(problems)}{fmt_pages(pages, ctx.doc)}", pages, step="main_causes")]


@register("confirm_order")
def check_confirm_order(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """K4: confirmation done after the countermeasure, or using the 对策 result."""
    hs = hits(step_blocks(ctx, "main_causes"), _AFTER)
    s = seg(ctx)
    pages = pages_of_hits(hs)
    mc, im = s.get("main_causes"), s.get("implement")
    late = bool(mc and im and mc.pages and im.pages and min(mc.pages) > max(im.pages))
    if not hs and not late:
        return []
    if late and not hs:
        pages = step_pages(ctx, "main_causes")
    return [
        finding(
            "K4",
            f"要因确认用的是对策实施后的结果，或安排在对策实施之后{fmt_pages(pages, ctx.doc)}；要因应在制定对策前确认",
            pages,
            step="main_causes",
            evidence=hs[0].context if hs else None,
        )
    ]


# ------------------------------------------------------------------------------ P3 choice of countermeasures

_CHOICE = re.compile(r"对策(?:评价|选择|比较|选定|评估)|方案(?:评价|选择|比较)|(?:选择|选定|确定)(?:最佳|最优)?对策|备选对策")
_OPINION = re.compile(r"打分|评分|得分|分值|★|☆|●|○|投票|表决|综合评价")
_MEASURED = re.compile(r"试验|实验|测试|测量|实测|数据|验证|对比")


@register("countermeasure_choice")
def check_countermeasure_choice(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """P3: several 对策 compared, but the choice rests on opinion scoring only."""
    blocks = step_blocks(ctx, "plan_countermeasures")
    text = step_text(ctx, "plan_countermeasures")
    if not _CHOICE.search(text) or not _OPINION.search(text):
        return []
    # the evaluation itself: the blocks that compare or score the candidate 对策
    zone = "\n".join(normalize(b.text) for _i, b in blocks if _CHOICE.search(normalize(b.text)) or _OPINION.search(normalize(b.text)))
    if _MEASURED.search(zone) and count_numbers(zone) >= 4:
        return []
    pages = pages_of_hits(hits(blocks, _OPINION)) or step_pages(ctx, "plan_countermeasures")
    return [
        finding(
            "P3",
            f"对策的评价和选择只用了打分/星级等主观评价，没有事实和数据依据{fmt_pages(pages, ctx.doc)}",
            pages,
            step="plan_countermeasures",
        )
    ]
