"""Checks of the 计划 (P) steps (spec/domain.md b.3): T1, S1, S2, X1, G1, G2, C1, C2, K1–K4, P3 and the
missing-step rule (M-<step>). Each reads the Analysis and its rule's words and thresholds
(`nlp/rubrics/rules/plan.yaml`) and returns problems; the rule file holds the messages."""

from __future__ import annotations

import re

from ingest.model import Block, BlockKind, FigureKind

from . import charts
from .normalize import cn_int, fold, normalize
from .project_type import INNOVATIVE, PROBLEM, innovative_title, problem_title
from .registry import CheckContext, Part, Problem, RuleSpec, register
from .rulebook import fmt_pages, shared
from .rules_base import Hit, from_numbers, has_numbers, hit_words, hits, pages_of_hits, problem, read_text, task_style
from .rules_causes import (
    bigram_overlap,
    char_share,
    compared_columns,
    confirmation_parts,
    confirmed_after_countermeasure,
    confirmed_by_applying,
    confirmed_by_trying,
    confirmed_period_after_start,
    count_confirmed,
    count_end_causes,
    diagram_causes,
    dropped_from_shortlist,
    headless_only,
    lumped_causes,
    numbered_confirmations,
    rejected_for_no_effect,
    set_aside_count,
    unconfirmed_in_diagram,
    weak_confirmations,
)
from .rules_scoring import deciding_sentence, verification_after, verified_near
from .sections import count_numbers
from .steplex import lexicon as step_lexicon
from .steplex import sequence, step_name
from .structure import Structure

# ------------------------------------------------------------------------------ missing steps


@register("step_missing", params=("step",), values=("name", "where"))
def check_step_missing(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """M-<step>: a step the project type requires is not in the document."""
    step = str(rule.params["step"])
    # a document whose type cannot be told is held to the 问题解决型 program (the default rubric)
    ptype = ctx.project_type if ctx.project_type != "unknown" else PROBLEM
    expected = sequence(ptype, ctx.target_kind)
    s = ctx.structure
    if step not in expected or s.has(step):
        return []
    if step == "current_state" and s.has("target_feasibility"):
        return []  # 指令性目标 style: the 论证 stands in for 现状调查 (T1 covers the label)
    if step == "target_feasibility" and s.has("current_state"):
        return []
    # point the reviewer at where the step should have been: the first page of the next step present
    nxt = next((n for sid in expected[expected.index(step) + 1 :] if (n := s.get(sid)) is not None), None)
    pages = [nxt.pages[0]] if nxt is not None and nxt.pages else []
    where = f"（应位于{fmt_pages(pages, ctx.doc).strip('（）')}“{nxt.name}”之前）" if nxt is not None and pages else ""
    p = problem(pages, step=step, absent_step=step, name=step_name(step, ptype), where=where)
    return [p.model_copy(update={"rule": f"M-{step}"})]


# ------------------------------------------------------------------------------ T1 type

_NAMES = {PROBLEM: "问题解决型", INNOVATIVE: "创新型"}


@register(
    "type_mislabel",
    words=("task_survey",),
    params=("min_heading_confidence",),
    messages=("declared", "innovative_steps", "innovative_title", "no_basis_step", "directive_both"),
    values=("source", "declared", "inferred", "steps", "title"),
    reviews=(
        "step_doubt",
        "scan_step",
        "task_survey",
        "form_only",
    ),
)
def check_type_mislabel(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """T1: declared type contradicts the content, or the content mixes the two programs."""
    dec = ctx.analysis.type
    s = ctx.structure
    title = ctx.analysis.title
    if dec.declared and dec.inferred and dec.declared != dec.inferred:
        source = "申报表" if dec.declared_source == "form" else "成果材料"
        pages = [dec.label_page] if dec.label_page else []
        found = problem(
            pages,
            template="declared",
            evidence=title,
            source=source,
            declared=_NAMES[dec.declared],
            inferred=_NAMES[dec.inferred],
        )
        if dec.declared_source == "form" and dec.label == dec.inferred:
            # the 成果材料 labels itself as its content reads: the tick of the 申报表 contradicts the package,
            # the project is not mislabelled (seen fresh20 d44, a 质量攻关 package): review
            why = rule.review("form_only", declared=_NAMES[dec.declared], label=_NAMES[dec.label])
            return [found.model_copy(update={"unread": why})]
        return [found]
    if ctx.project_type == INNOVATIVE:
        return _innovative_steps(ctx, rule, s) or (
            [problem([], template="innovative_title", title=title)]
            if problem_title(title) and not innovative_title(title)
            else []
        )
    if ctx.project_type == PROBLEM:
        if not s.has("current_state") and not s.has("target_feasibility") and s.has("set_target"):
            # on the step the target's kind calls for, so that the missing-step rule naming the same absence
            # (M-target_feasibility for a 指令性目标, else M-current_state) reports it once (`yields_to`)
            basis = "target_feasibility" if ctx.target_kind == "directive" else "current_state"
            found = problem(ctx.pages("set_target"), template="no_basis_step", step=basis, absent_step=basis)
            # a heading of the steps' form that named no step, or the step's work, where 现状调查 (or, for a
            # 指令性目标, 目标可行性论证) would stand: the step may be there unread (seen fresh4 i46, FOCUS
            # "C——明确现行流程"; fresh5 j06, "四、目标可实现性分析" after "三、目标设定")
            for sid, name in (("current_state", "现状调查"), ("target_feasibility", "目标可行性论证")):
                if doubt := s.absence_doubt(sid):
                    return [found.model_copy(update={"unread": rule.review("step_doubt", doubt=doubt, name=name)})]
            if s.absence_unsure:
                # a scan: the step's heading may be one OCR did not read — the same doubt that keeps
                # M-current_state 未能确认 (nlp.check.unconfirmed_steps; seen fresh14 u44, a scanned 品管圈)
                return [found.model_copy(update={"unread": rule.review("scan_step")})]
            return [found]
        if s.has("current_state") and s.has("target_feasibility") and ctx.target_kind == "directive":
            return [problem(ctx.pages("current_state", "target_feasibility"), template="directive_both")]
    return []


def _innovative_steps(ctx: CheckContext, rule: RuleSpec, s: Structure) -> list[Problem]:
    """T1 on a 创新型 project: 问题解决型 steps found by a heading (a slide title or heading naming them,
    not a content cue or the classifier's guess: a 课题达成型 survey of 现况 vs 望达水平 reads like 现状调查).
    A 现状调查 alone where the text speaks of 课题明确化 / 望达水平 / 攻坚点 may be that survey: review."""
    sure = float(rule.params["min_heading_confidence"])
    by_via: dict[str, float] = step_lexicon()["confidence"]
    wrong = [
        sid
        for sid in ("current_state", "cause_analysis", "main_causes")
        if (st := s.get(sid)) is not None and float(by_via.get(st.via, 0.0)) >= sure
    ]
    if not wrong:
        return []
    found = problem(ctx.pages(*wrong), template="innovative_steps", steps="、".join(step_name(w) for w in wrong))
    if wrong == ["current_state"] and (m := rule.rx("task_survey").search(ctx.text("select_topic", "current_state"))):
        why = rule.review("task_survey", word=m.group(0))
        return [found.model_copy(update={"unread": why})]
    return [found]


# ------------------------------------------------------------------------------ S1 / S2 topic


@register(
    "title_form",
    words=("slogan", "slogan_noun", "means", "characteristic", "not_a_title", "framework"),
    params=("max_length",),
    parts=("slogan", "slogan_noun", "means", "framework", "too_long", "no_characteristic"),
    values=("title", "word", "n"),
)
def check_title(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """S1: the 课题名称 is a slogan, too broad, names the means, or lacks object + characteristic."""
    title = ctx.analysis.title
    if not title or rule.rx("not_a_title").search(title):
        return []
    parts: list[Part] = []
    if m := rule.rx("slogan").search(title):
        # a word that also names a service or a unit (保障, 综合): a review (`review_parts`)
        key = "slogan_noun" if rule.rx("slogan_noun").match(title, m.start()) else "slogan"
        parts.append(Part(key=key, values={"word": m.group(0)}))
    if rule.rx("means").search(title):
        parts.append(Part(key="means"))
    elif rule.rx("framework").search(title):
        parts.append(Part(key="framework"))  # by custom in hospital / PDCA decks: a review (review_parts)
    if len(rule.rx("framework").sub("", title)) > rule.int("max_length"):
        parts.append(Part(key="too_long", values={"n": len(title)}))
    if ctx.project_type == PROBLEM and not rule.rx("characteristic").search(title):
        parts.append(Part(key="no_characteristic"))
    if not parts:
        return []
    return [problem([1], *parts, step="select_topic", evidence=title, title=title)]


def reason_text(ctx: CheckContext, rule: RuleSpec) -> str:
    """The 选题理由 part of 选择课题: without the 借鉴/查新 part (its data are about other
    technologies, not about why this topic: under a 借鉴/查新 heading or slide title, or on a line
    labelled so, "借鉴一：…"), without the "选定课题：…" line and without banner pictures (their "01" is
    a section number)."""
    parts: list[str] = []
    in_borrow = False
    heads = ctx.structure.heading_blocks()
    borrow, reason, title_line = rule.rx("borrow_head"), rule.rx("reason_head"), rule.rx("title_line")
    for i, b in ctx.blocks("select_topic"):
        t = ctx.normalized[i]
        if b.figure is not None and b.figure.kind == FigureKind.banner:
            continue
        if i in heads:  # a heading naming the reason too ("选题理由及查新") opens no 借鉴 part
            in_borrow = (
                bool(borrow.search(t)) and not reason.search(t) if borrow.search(t) or reason.search(t) else in_borrow
            )
            continue
        if len(t) <= 24 and b.table is None:
            if borrow.search(t):
                in_borrow = True
                continue
            if reason.search(t):
                in_borrow = False
        if in_borrow or title_line.match(t) or (b.table is not None and borrow.search(t)):
            continue
        parts.append("\n".join(ln for ln in t.split("\n") if not rule.rx("borrow_line").match(ln)))
    return "\n".join(parts)


@register(
    "reason_data",
    words=("borrow_head", "reason_head", "title_line", "routine", "borrow_line", "title_quote", "section_number"),
    params=("min_numbers",),
    values=("n",),
    reviews=("shared_page",),
)
def check_reason_data(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """S2: 选题理由 without numbers."""
    if not ctx.has("select_topic"):
        return []
    # "每3周清洗一次" states a routine, not a measured value
    # the 课题 name quoted in the reason ("小组选择“降低 FTTH 新装用户 30 天内报障率”作为课题") carries
    # the title's own figures, not a reason's (seen fresh2 g39, g57)
    text = rule.rx("title_quote").sub("", rule.rx("routine").sub("每", reason_text(ctx, rule)))
    n = count_numbers(rule.rx("section_number").sub("", text))
    if n >= rule.int("min_numbers"):
        return []
    found = problem(ctx.pages("select_topic"), step="select_topic", n=n)
    # the 选题's own slide of a 创新型 deck holds figures the reading gave to another step ("一、选择课题" over
    # "2024年1月抽查：单笔出入库平均6.5分钟", read as 现状, seen fresh21 e09): the reason may be those figures — a
    # review. Not on a 问题解决型 deck, whose 现状调查 may share the slide (fresh12 r57: required)
    own, mine = set(ctx.pages("select_topic")), {i for i, _ in ctx.blocks("select_topic")}
    beside = "\n".join(
        ctx.normalized[i] for i, b in enumerate(ctx.doc.blocks) if b.source.page in own and i not in mine
    )
    if ctx.project_type == INNOVATIVE and count_numbers(rule.rx("section_number").sub("", beside)) >= rule.int(
        "min_numbers"
    ):
        found = found.model_copy(update={"unread": rule.review("shared_page")})
    return [found]


# ------------------------------------------------------------------------------ X1 current state


@register(
    "current_state_data",
    words=(
        "stratify",
        "symptom",
        "period",
        "leading_share",
        "no_focus",
        "located",
        "period_split",
        "period_label",
        "leading_word",
    ),
    params=("min_numbers",),
    parts=("no_data", "no_period", "no_stratify", "no_symptom"),
    values=("name",),
    reviews=("symptom_worded", "argument_worded"),
)
def check_current_state(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """X1: 现状调查 without data / period / stratification / 症结; for a 指令性 deck, its 目标可行性论证, which
    carries the 现状 data (domain.md a.2: the 论证 must identify the 症结), the period read with the 选题's. (A 因果图
    drawn here is Q1, the tool-placement rule, so the same defect is not charged twice.)"""
    step = "current_state" if ctx.has("current_state") else "target_feasibility"
    if not ctx.has(step):
        return []
    text = ctx.text(step)
    # a 指令性 论证 stratifies the data the 选题 gave ("2023年7—12月…检测360次，合格330次" → "对30次不合格按工况分层"):
    # their period and sample stand there (seen fresh16 w59)
    told = text if step == "current_state" else ctx.text("select_topic", step)
    parts = []
    if count_numbers(text) < rule.int("min_numbers"):
        parts.append("no_data")
    elif not rule.rx("period").search(told):
        parts.append("no_period")
    splits = _category_splits(ctx, rule, step)
    charted = any(b.chart is not None for _i, b in ctx.blocks(step))
    if not rule.rx("stratify").search(text) and not charted and not splits:
        parts.append("no_stratify")
    located = rule.rx("located").search(text) and not rule.rx("no_focus").search(text)
    named = located or _leading_named(rule, text, splits)
    if not rule.rx("symptom").search(text) and not rule.rx("leading_share").search(text) and not named:
        parts.append("no_symptom")
    if not parts or parts == ["no_period"]:
        return []  # data stratified down to a 症结: a period left unsaid (often on the chart) is no defect alone
    if parts == ["no_symptom"] and _split_by_period_only(ctx, rule, step, text):
        parts = ["no_stratify", "no_symptom"]
    found = problem(ctx.pages(step), *parts, step=step, name=step_name(step, ctx.project_type))
    if step == "target_feasibility" and "no_data" not in parts:
        # a 指令性 论证 that gives data: how it stratifies them and names the 症结 is worded as no survey is (false
        # in four untouched runs — fresh8, fresh16, fresh21 ×2 —, never required in a seen split; the 论证 without
        # data is G2's, and X1's own "no data"): a review (stop 33)
        return [found.model_copy(update={"unread": rule.review("argument_worded")})]
    if parts == ["no_symptom"] and rule.rx("stratify").search(text) and not rule.rx("no_focus").search(text):
        # data stratified (a 排列图, 按…分层) but no 症结 word: the leading category may be named in words
        # the list does not know ("…是影响清釜周期的关键部位") — an absence in a stratified survey is a review
        why = rule.review("symptom_worded", step=step_name(step, ctx.project_type))
        return [found.model_copy(update={"unread": why})]
    return [found]


def _category_splits(ctx: CheckContext, rule: RuleSpec, step: str) -> list[list[tuple[str, float]]]:
    """Each table or chart of the step that splits a figure by category: (label, figure) for its rows or
    categories that are not periods, totals, 其他 or numbers, where at least two are (the table's first column
    against its first column of figures; the chart's categories against its first series)."""
    period = rule.rx("period_label")
    out: list[list[tuple[str, float]]] = []
    for _i, b in ctx.blocks(step):
        pairs: list[tuple[str, float | None]] = []
        if b.chart is not None and b.chart.series:
            pairs = list(zip(b.chart.categories, b.chart.series[0].values, strict=False))
        elif b.table is not None:
            rows = b.table.filled_grid()[1:]
            for j in range(1, b.table.n_cols):
                pairs = [(r[0], charts.parse_number(r[j])) for r in rows if len(r) > j]
                if sum(v is not None for _k, v in pairs) >= 2:
                    break
        kept = [
            (k.strip(), v)
            for k, v in pairs
            if v is not None
            and k.strip()
            and not period.match(k)
            and charts.parse_number(k) is None
            and not charts.is_total(k)
            and not charts.is_other(k)
        ]
        if len(kept) >= 2:
            out.append(kept)
    return out


def _leading_named(rule: RuleSpec, text: str, splits: list[list[tuple[str, float]]]) -> bool:
    """The leading category of a split named in the text as the one that stands out: "孔径超差最多",
    "等待配液时间最长", "占比最高的是位置度超差" — the 症结 in the writer's words, whatever they call it."""
    sup = rule.rx("leading_word").pattern
    for pairs in splits:
        top = re.escape(normalize(max(pairs, key=lambda p: p[1])[0]))
        if re.search(rf"{top}[^。；;\n]{{0,12}}?(?:{sup})|(?:{sup})[^。；;\n]{{0,8}}?{top}", text):
            return True
    return False


def _split_by_period_only(ctx: CheckContext, rule: RuleSpec, step: str, text: str) -> bool:
    """The survey's only split is by the collection period: every stratification phrase is one ("按周统计",
    "按月汇总") and every chart's categories are periods (第1周…第4周, 1月…6月, 合计). Such a split shows the
    level over time, not where the loss lies (seen fresh11 q04: four weekly totals and their bar chart)."""
    words = [m.group(0) for m in rule.rx("stratify").finditer(text)]
    if any(not rule.rx("period_split").fullmatch(w) for w in words):
        return False
    label = rule.rx("period_label")
    charts = [b.chart for _i, b in ctx.blocks(step) if b.chart is not None]
    if any(not c.categories or not all(label.match(k) for k in c.categories) for c in charts):
        return False
    return bool(words or charts)


# ------------------------------------------------------------------------------ G1 / G2 target


@register(
    "target_set",
    words=("basis", "several", "extreme", "justified", "target_line", "directive_source"),
    params=("several_review_types",),
    parts=("unquantified", "no_basis", "given_no_basis", "several", "extreme"),
    values=("n",),
    reviews=("several_indicators",),
)
def check_target(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """G1: target not quantified, no 依据/测算, several targets, 100 %/0 targets; and (from the numbers)
    a target on the wrong side of the baseline."""
    out = from_numbers(ctx.analysis.numbers, "G1")
    if not ctx.has("set_target"):
        return out
    text = ctx.text("set_target")
    if ctx.target_kind == "directive" or ctx.project_type == INNOVATIVE:
        # the 测算 of a directive / innovative target sits in its 可行性论证
        text = text + "\n" + ctx.text("target_feasibility")
    # a target stated under another step's heading ("四、监测指标与改进目标" read as 现状) brings its 依据
    stated = [
        ln for ln in ctx.text("current_state", "target_feasibility").split("\n") if rule.rx("target_line").match(ln)
    ]
    text = "\n".join([text, *stated])
    parts: list[Part] = []
    if not has_numbers(text) or not re.search(r"\d", text):
        parts.append(Part(key="unquantified"))
    if not rule.rx("basis").search("\n".join([text, *_directive_source(ctx, rule)])):
        # a 指令性 target's 依据 is the directive, an innovative one's the 借鉴 / 望达水平: written on a page of their
        # own choosing (seen fresh9 o26, fresh18 z25), never required — a review (`review_parts`)
        given = ctx.target_kind == "directive" or ctx.project_type == INNOVATIVE
        parts.append(Part(key="given_no_basis" if given else "no_basis"))
    multi = rule.rx("several").findall(text)
    several = Part(key="several", values={"n": len(multi)}) if len(multi) >= 2 else None
    if several is not None and ctx.project_type not in rule.params["several_review_types"]:
        parts.append(several)
    elif several is not None:
        # a 创新型 / 课题达成型 target often carries the new product's indicators together ("录入时间≤15分钟,
        # 派单时间≤2小时", each with its 借鉴 论证): every writer accepts it (seen fresh3 h09, fresh2 g26, g34)
        why = rule.review("several_indicators")
        out.append(problem(ctx.pages("set_target"), several, step="set_target").model_copy(update={"unread": why}))
    if rule.rx("extreme").search(text) and not rule.rx("justified").search(text):
        parts.append(Part(key="extreme"))
    if parts:
        out.insert(0, problem(ctx.pages("set_target"), *parts, step="set_target"))
    return out


def _directive_source(ctx: CheckContext, rule: RuleSpec) -> list[str]:
    """The lines of 选择课题 naming where a directive target comes from ("课题来源：公司《…》要求…≤3%"): the
    指令 is the target's 依据, written once at the topic rather than again beside the target (seen fresh18 z25)."""
    if ctx.target_kind != "directive":
        return []
    return [ln for ln in ctx.text("select_topic").split("\n") if rule.rx("directive_source").search(ln)]


@register(
    "feasibility_data",
    words=(
        "borrow",
        "feasible",
        "qualitative",
        "computed",
        "argument_head",
        "argument_label",
        "enumerator",
        "target_line",
        "target_head",
        "resource_number",
        "task_level",
        "estimate_vs_target",
    ),
    params=("min_numbers", "min_borrowed_numbers", "qualitative_numbers", "data_figures"),
    parts=("no_borrowed_data", "task_no_borrowed_data", "qualitative_only"),
)
def check_feasibility(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """G2: 目标可行性论证 only qualitative (指令性), or not based on 借鉴 data (创新型)."""
    if ctx.project_type == INNOVATIVE:
        text = ctx.text("set_target")
        if not text:
            return []
        arg = _argument_text(ctx, rule)
        if arg and rule.rx("qualitative").search(arg) and not rule.rx("computed").search(arg):
            # the 论证 read on its own: reasons in words (领导重视, 经验, 供应商成熟) and no figure beyond
            # its list numbers is positive evidence, whatever figures the target line carries (fresh2 g26)
            if count_numbers(_unenumerated(rule, arg)) < rule.int("min_borrowed_numbers"):
                return [problem(ctx.pages("set_target"), "no_borrowed_data", step="set_target")]
        if task_style(ctx.normalized) and _task_level(ctx, rule):
            return []
        if rule.rx("estimate_vs_target").search(arg) and count_numbers(_unenumerated(rule, arg)) >= rule.int(
            "min_borrowed_numbers"
        ):
            return []  # "论证：…约4.5min，…约4min，单台约8.5min＜10min" (seen fresh16 w08): figures set against the target
        # 借鉴 data, or (课题达成型) a 测算 computed from the 现况/望达水平 of the 攻坚点
        borrow = rule.rx("borrow").search(text + ctx.text("select_topic")) or rule.rx("computed").search(text)
        # a 借鉴 line that gives the other units' figures ("借鉴：省内某三甲医院…达82.6%") is the 论证 itself,
        # with or without a word saying it is feasible (seen fresh4 i44, i50)
        cited = any(rule.rx("borrow").search(ln) and count_numbers(ln) for ln in text.split("\n"))
        argued = rule.rx("feasible").search(text) or cited or rule.rx("computed").search(text)
        if not argued or not borrow or count_numbers(text) < rule.int("min_borrowed_numbers"):
            part = "task_no_borrowed_data" if _task_unsure(ctx, rule, arg or text) else "no_borrowed_data"
            return [problem(ctx.pages("set_target"), part, step="set_target")]
        return []
    if ctx.target_kind != "directive" and not ctx.has("target_feasibility"):
        return []
    text = ctx.text("target_feasibility")
    if not text:
        return []
    if ctx.target_kind == "directive" and _words_only(ctx, rule):
        return [problem(ctx.pages("target_feasibility"), "qualitative_only", step="target_feasibility")]
    n = count_numbers(text)
    if n < rule.int("min_numbers") or (rule.rx("qualitative").search(text) and n < rule.int("qualitative_numbers")):
        return [problem(ctx.pages("target_feasibility"), "qualitative_only", step="target_feasibility")]
    if not rule.rx("computed").search(text) and count_numbers(_own_data(ctx, rule, text)) < rule.int("min_numbers"):
        return [problem(ctx.pages("target_feasibility"), "qualitative_only", step="target_feasibility")]
    return []


def _words_only(ctx: CheckContext, rule: RuleSpec) -> bool:
    """The 论证 labelled on the 设定目标 page, read on its own, gives reasons in words (领导重视, 技术力量强) and no
    figure beyond its list numbers: positive evidence of a qualitative 论证, whatever figures the target line
    and its chart carry beside it (seen fresh19 b42; the innovative branch reads it so since fresh2 g26). The 论证
    may open a step of its own (a labelled paragraph read as its heading)."""
    steps = ("set_target", "target_feasibility")
    arg = _argument_text(ctx, rule, steps)
    if not arg or not rule.rx("qualitative").search(arg) or rule.rx("computed").search(arg):
        return False
    # a table, or a picture of one or of a 排列图 / 饼图, beside it may hold the 现状 and 症结 data it argues from
    shown = set(rule.params["data_figures"])
    if any(b.table is not None or (b.figure is not None and b.figure.kind in shown) for _i, b in ctx.blocks(*steps)):
        return False
    return count_numbers(_unenumerated(rule, arg)) < rule.int("min_borrowed_numbers")


def _task_unsure(ctx: CheckContext, rule: RuleSpec, arg: str) -> bool:
    """A 课题达成型 deck grounds its target on the 望达水平 of 课题明确化, its 攻坚点 or 借鉴 data on other pages,
    which the reading misses (false fresh4 i44 i50, fresh7 m25, fresh8 n43, fresh9 o26): its "no borrowed data"
    is a review — unless the evidence is positive: the 论证 gives reasons in words (经验丰富, 领导重视), or a
    望达水平 was read and carries no figure ("望达水平：达到行业先进水平")."""
    if not task_style(ctx.normalized) or rule.rx("qualitative").search(arg):
        return False
    steps = ("select_topic", "current_state", "set_target", "target_feasibility")
    return not rule.rx("task_level").search("\n".join(ctx.text(s) for s in steps))


def _task_level(ctx: CheckContext, rule: RuleSpec) -> bool:
    """A 品管圈 课题达成型 target's data: the 望达水平 (期望水平) of 课题明确化 stated with a figure, on a line
    ("望达水平：98%", a row labelled so) or as a column of a table holding figures. By the style's definition
    that level is taken from guidelines, standards or benchmark units (house-styles.md §1, steps.yaml's
    课题明确化 description): it is the borrowed data 创新型 asks of its 论证."""
    for i, b in ctx.blocks("select_topic", "current_state", "set_target", "target_feasibility"):
        t = ctx.normalized[i]
        if b.table is not None and b.table.n_rows >= 2:
            head = b.table.filled_grid()[0]
            if any(rule.rx("task_level").match(normalize(c)) for c in head) and count_numbers(t) > 0:
                return True
        if any(count_numbers(_CLAUSE_REST.split(t[m.end() :], 1)[0]) for m in rule.rx("task_level").finditer(t)):
            return True
    return False


_CLAUSE_REST = re.compile(r"[。；;\n]")


_CLAUSE_NUMBER = re.compile(r"(?:^|(?<=[;；。:：,，\s]))(\d)(?=[\u4e00-\u9fff])")
# … or set apart from their item by one space, as circled numbers are read from a PDF ("可行性论证:1 小组成员…;2 厂
# 领导…;3 设备厂家…", seen fresh15 v43): read only where no glued list is (`_unlisted`)
_CLAUSE_NUMBER_SPACED = re.compile(r"(?:^|(?<=[;；。:：,，\s]))(\d)(?= [\u4e00-\u9fff])")


def _unlisted(text: str) -> str:
    """Without list numbers glued to their item: circled numbers normalized to bare digits ("可行性论证:1小组
    持照工程师5人…;2部门领导重视…;3…", seen fresh8 n42). Only a run 1, 2, 3… at clause starts is a list; a
    lone quantity there ("；3台设备") stays. Where no glued list is, the run 1, 2, 3… set apart by one space,
    other spaced figures between them aside ("1 小组持照工程师 5 人;2 …")."""
    hits = list(_CLAUSE_NUMBER.finditer(text))
    values = [int(m.group(1)) for m in hits]
    if len(values) < 2 or values != list(range(1, len(values) + 1)):
        hits = []
        for m in _CLAUSE_NUMBER_SPACED.finditer(text):
            if int(m.group(1)) == len(hits) + 1:
                hits.append(m)
        if len(hits) < 2:
            return text
    for m in reversed(hits):
        text = text[: m.start()] + " " + text[m.end() :]
    return text


def _unenumerated(rule: RuleSpec, text: str) -> str:
    """A 论证 without its list numbers (glued or enumerated) and the team's resources (骨干 9 年, 4 期活动)."""
    return rule.rx("resource_number").sub(" ", rule.rx("enumerator").sub(" ", _unlisted(text)))


_FIGURE = re.compile(r"(?<![A-Za-z\d.])\d+(?:\.\d+)?(?![\d.])")


def _own_data(ctx: CheckContext, rule: RuleSpec, text: str) -> str:
    """The figures a 论证 brings of its own: without its list numbers, the team's resources (骨干 9 年,
    4 期活动) and the target's own values restated ("同行已控制在100以下" when the target is 100, seen
    fresh8 n06): what remains is 现状, 症结 or 测算 data."""
    stated = "\n".join(
        ln for ln in ctx.text("set_target").split("\n") if rule.rx("target_line").match(ln) or "目标" in ln
    )
    target = set(_FIGURE.findall(normalize(stated)))
    data = _unenumerated(rule, normalize(text))
    return _FIGURE.sub(lambda m: " " if m.group(0) in target else m.group(0), data)


def _argument_text(ctx: CheckContext, rule: RuleSpec, steps: tuple[str, ...] = ("set_target",)) -> str:
    """The 目标可行性论证 part of 设定目标 (of `steps`): the blocks after a heading that names it ("（二）目标可行性
    论证") or from a paragraph labelled so ("可行性论证：…")."""
    out: list[str] = []
    heads = {BlockKind.title, BlockKind.heading}
    for i, b in ctx.blocks(*steps):
        if b.kind in heads:
            t = ctx.normalized[i]
            if rule.rx("argument_head").search(t) and not rule.rx("target_head").search(t):
                out = [""]  # "（二）目标可行性论证" opens it ("设定目标及目标可行性论证" names both: not yet)
            elif any(out):
                break  # the next heading after the argument ends it
            else:
                out = []
            continue
        if b.chart is not None or b.figure is not None:
            continue  # the target's 柱状图 (its axis values are no 论证 data: seen fresh5 j24)
        # line by line: one text frame may state the target and then label its 论证
        for line in ctx.normalized[i].split("\n"):
            if rule.rx("target_line").match(line):
                continue  # the target stated: its figures are the target's, not the argument's
            if out or rule.rx("argument_label").match(line):
                out.append(line)
    return "\n".join(out).strip()


# ------------------------------------------------------------------------------ C1 / C2 causes

_PHRASE_STOP = '，,。；;“”"\n:：'


def _clean_phrase(p: str) -> str | None:
    # a number ends the phrase when it is a quantity (218点, 60.2%), not part of a name (OP40工位, 3号机)
    p = re.split(rf"{shared('symptom_count').pattern}|[%（(]|占|共|约|累计|的问题|问题$", p.strip(" “”\"'"))[0].strip()
    p = re.sub(r"^(?:本课题的|问题的|其中|而|即|主要是|主要为)", "", p)
    if not shared("symptom_back_ref").match(p):
        p = shared("symptom_group_tail").sub("", p).strip()  # "B两项" of "A、B两项累计68.3%"
    return p if len(p) >= 2 else None


# a clause that opens with its verb names no subject: "…，是本课题的症结"
_STARTS_VERB = r"(?:是|为|确定|确认|判定|定为|属|即|其|这|因此|所以|故|可见)"
_DOC_NAME = re.compile(r"(?:表|图|记录|台账|清单|报告|报表)$")


def _drop_asides(sent: str, word: str) -> str:
    """A sentence without its bracketed asides ("超限（＞80g·cm，去重无法修正）252件"): a comma inside one
    parts no clauses, so no fragment of the aside is read as the 症结 (seen fresh18 z03)."""
    return re.sub(r"[（(][^（）()]*[）)]", lambda m: m.group(0) if word in m.group(0) else "", sent)


def _symptom_in(sent: str, word: str = "症结") -> str | None:
    """The 症结 a sentence names: a quoted phrase, "症结是X", or the sentence's subject. `word`: what the
    hand calls it (症结; a FOCUS-PDCA deck's 改善重点)."""
    lead_in = shared("symptom_lead_in")
    # a quoted name of a table or chart ("用“焊接接头平直度调查表”统计…", seen fresh5 j53) is no 症结
    quoted = (q.group(1).strip() for q in re.finditer(r"[“\"'‘]([^”\"'’]{2,16})[”\"'’]", sent))
    if q := next((x for x in quoted if not _DOC_NAME.search(x)), None):
        return q
    m = re.search(rf"{word}(?:是|为|在于|:|：|就是)\s*([^{_PHRASE_STOP}]{{2,16}})", sent)
    # "X是（本课题的）症结：…" names X: what follows the colon is the next item (a scan's "；" read as "：",
    # seen fresh8 n34)
    if m and re.search(r"(?<![认作成称])(?:是|为)[^，,。；;]{0,8}$", sent[: m.start()]):
        m = None
    if m and (p := _clean_phrase(m.group(1))):
        return p
    clauses = [c.strip() for c in re.split(r"[,，]", _drop_asides(sent, word)) if c.strip()]
    k = next(i for i, c in enumerate(clauses) if word in c)
    head = lead_in.sub("", clauses[k])
    starts_verb = re.match(_STARTS_VERB, head)
    # "小组将X作为症结": X is the object of 将/把, not the words before 为 ("小组将X作")
    m = re.search(r"(?:将|把)(.{2,16}?)(?:作为|列为|定为|确定为|视为|当作)", head)
    m = m or (None if starts_verb else re.match(r"(.{2,16}?)(?:是|为|即为|确定为|属于)", head))
    if m and (p := _clean_phrase(m.group(1))) and word not in p:
        return p
    for c in reversed(clauses[:k]):
        # a label before the named category ("按错误原因分层：反光/眩光612次"): the category is the subject
        c = lead_in.sub("", re.split(r"[:：]", c)[-1].strip())
        if shared("symptom_not_subject").match(c):
            continue
        p = _clean_phrase(c)
        # a long category label ("端子箱/机构箱二次回路受潮", seen fresh2 g36) is a phrase; one with a
        # figure in it is a quantity not cut off ("载波通信故障5180户·日")
        if p and len(p) <= (12 if re.search(r"\d", p) else 16):
            return p
    return None


def _named_before(sent: str) -> str | None:
    """The first category a sentence names (a quoted phrase, else its first clause's subject): what a 症结
    named by reference back ("前两项") stands for."""
    quoted = (q.group(1).strip() for q in re.finditer(r"[“\"'‘]([^”\"'’]{2,16})[”\"'’]", sent))
    if q := next((x for x in quoted if not _DOC_NAME.search(x)), None):
        return q
    first = next((c.strip() for c in re.split(r"[,，]", sent) if c.strip()), "")
    first = re.sub(r"(?:合计|共计|总计|两项|等)$", "", re.split(r"[:：]", first)[-1].split("、")[0].strip())
    return _clean_phrase(shared("symptom_lead_in").sub("", first))


def symptom_phrase(ctx: CheckContext, word: str = "症结") -> str | None:
    """The 症结 named in 现状调查 / 目标可行性论证: a quoted phrase in the sentence that names the
    症结, "症结是X", or the subject of that sentence ("结论：X累计占比75%，确定为症结"); a reference back
    ("小组将前两项作为症结") names the first category of the sentence before it."""
    text = read_text(ctx, "current_state", "target_feasibility")
    sents = re.split(r"[。；;！？\n]", text)
    for k, sent in enumerate(sents):
        if word in sent and (found := _symptom_in(sent, word)):
            if shared("symptom_back_ref").match(found):
                return next((p for s in reversed(sents[:k]) if s.strip() and (p := _named_before(s))), None)
            return found
    return None


def symptom_span(ctx: CheckContext, word: str = "症结") -> str:
    """The words the hand names its 症结 with: the clause of the sentence that names it and, going back, the
    clauses that sum or refer back, up to the first that can be its subject ("A和B两项超出设计0.14t/t，
    占超出量的93.3%，是…的症结" → from "A和B两项…" on). "" when no sentence names it."""
    lead_in, not_subject = shared("symptom_lead_in"), shared("symptom_not_subject")
    text = read_text(ctx, "current_state", "target_feasibility")
    sents = re.split(r"[。；;！？\n]", text)
    for n, sent in enumerate(sents):
        if word not in sent or not (found := _symptom_in(sent, word)):
            continue
        if shared("symptom_back_ref").match(found):  # "小组将前两项作为症结": the sentence before names them
            return "，".join([*(s for s in sents[max(n - 1, 0) : n] if s.strip()), sent])
        clauses = [c.strip() for c in re.split(r"[,，]", _drop_asides(sent, word)) if c.strip()]
        k = next(i for i, c in enumerate(clauses) if word in c)
        start = k
        if re.match(rf"(?:{word}|{_STARTS_VERB})", lead_in.sub("", clauses[k])):
            start -= 1  # "…，是本课题的症结": the subject stands before
            while start > 0 and (not (c := lead_in.sub("", clauses[start]).strip()) or not_subject.match(c)):
                start -= 1
        return "，".join(clauses[max(start, 0) : k + 1])
    return ""


def _head_in_span(head: str, span: str, topic: str) -> bool:
    """A diagram's head is the 症结 the hand named: each run of two or more of its characters not in the
    课题名称 is in the words naming the 症结 ("拖尾粒因果图" for "拖尾粒造成的超标批次占58.2%，是症结"; a
    head that is the whole topic has no such run). Spaces are read past on both sides: a PDF's text layer
    writes "天线读取 OBU 失败" where the diagram's caption has 天线读取OBU失败 (seen fresh12 r26)."""
    own = "".join(" " if c in topic else c for c in re.sub(r"\s", "", head))
    runs = [r for r in re.findall(r"[\u4e00-\u9fffA-Za-z0-9]+", own) if len(r) >= 2]
    flat = re.sub(r"\s", "", span)
    return bool(runs) and all(r in flat for r in runs)


def heads_on_named_symptom(ctx: CheckContext, rule: RuleSpec) -> bool:
    """The 原因分析 says it analyses what the 现状调查 named as its 症结: a diagram caption or "针对“X”" whose
    own words stand in the 症结's naming clauses — whatever phrase the subject reading took from them (a
    clause joined from two lines of a PDF, "X造成的Y", a lead-in such as "由表1可知"), seen fresh10 p17,
    p26, p37."""
    span = symptom_span(ctx)
    if not span:
        return False
    topic = rule.rx("topic_verb").sub("", ctx.analysis.title or "")
    return any(_head_in_span(h, span, topic) for h in analysis_heads(ctx, rule))


def focus_items(ctx: CheckContext, rule: RuleSpec) -> list[str]:
    """Where the hand never writes 症结: what it calls its 改善重点 / 关键问题 / 主要问题 … instead, each of
    them (FOCUS-PDCA and hospital decks: "饮水量控制差、高盐饮食累计71.9%，为改善重点", seen fresh6 k46;
    "按发生环节分层：A20例、B10例，合计73.2%，为改善重点", fresh4 i45) — the list is the last clause before
    the word that lists, its verb left out ("外科系统与夜间入院合计74.0%，为改善重点", fresh4 i48), or the
    first clause after it ("本课题的关键问题是：A、B")."""
    text = ctx.text("current_state", "target_feasibility")
    sents = re.split(r"[。；;！？\n]", text)
    for k, sent in enumerate(sents):
        m = rule.rx("focus_named").search(sent)
        if m is None:
            continue
        before = rule.rx("focus_verb").sub("", sent[: m.start()].rstrip())
        clauses = [c.strip() for c in re.split(r"[,，]", before) if c.strip()]
        # a clause that opens with its verb is the predicate, not the list ("X占44.2%，为本期改善重点":
        # the verb's object words "本期" are not a 重点, seen fresh12 r47)
        while len(clauses) > 1 and shared("symptom_not_subject").match(clauses[-1]):
            clauses.pop()  # … and so is its share ("X 38件，占51.4%，确定为本圈的改善重点")
        listed = next((c for c in reversed(clauses) if "、" in c or "”“" in c), clauses[-1] if clauses else "")
        after = rule.rx("focus_after").match(sent[m.end() :])
        for one in (listed, re.split(r"[,，]", after.group(1))[0] if after else ""):
            one = re.sub(r"[“”\"]", "", re.split(r"[:：]", one)[-1].replace("”“", "、"))
            if back := shared("symptom_back_ref").match(one.strip()):
                # "前三项累计78.3%，为改善重点": the 重点 are named by reference back (seen fresh13 s16)
                return _referred_items(ctx, back.group(0), sents[:k])
            parts = (_clean_phrase(part) for part in one.split("、"))
            if items := [p for p in parts if p and not rule.rx("focus_not").search(p)]:
                return items
    return []


def _referred_items(ctx: CheckContext, ref: str, before: list[str]) -> list[str]:
    """What a 改善重点 named by reference back stands for ("前三项", "以上两项", "上述3类"): the first N
    categories of the stratification it refers to — the nearest sentence before it that lists them ("按原因分层：
    A 82例、B 57例、C 34例、其他 21例", written in the order its 排列图 draws), else the step's count table by
    descending count, else the labels under its 排列图 picture's bars in order; all but 其他 where the reference
    gives no count. [] where none lists as many: the 重点 are not known, and nothing is judged on them."""
    m = re.search(r"\d+|[一二三四五六七八九十两]", ref)
    n = (2 if m.group(0) == "两" else cn_int(m.group(0))) if m else 0
    lists = [
        [p for x in re.split(r"[:：]", s)[-1].split("、") if (p := _clean_phrase(x))] for s in reversed(before[-8:])
    ]
    for i, b in ctx.blocks("current_state", "target_feasibility"):
        if b.table is not None:
            lists.append([c for c, _n in sorted(charts.count_rows(b.table.filled_grid()), key=lambda r: -r[1])])
        elif b.figure is not None and b.figure.kind == FigureKind.pareto:
            lines = [ln.strip() for ln in ctx.normalized[i].split("\n") if ln.strip()]
            # the labels under the bars: after the last line that is a figure alone (an axis value, a count)
            last = max((k for k, ln in enumerate(lines) if _FIGURE_LINE.fullmatch(ln)), default=-1)
            lists.append([ln for ln in lines[last + 1 :] if not _PARETO_AXIS.search(ln)])
    for names in lists:
        names = [x for x in names if not charts.is_other(x)]
        if len(names) >= max(n, 2):
            return names[:n] if n else names
    return []


# the words of a 排列图 picture that name no category: its axes and title; a line holding a figure alone
_FIGURE_LINE = re.compile(r"[\d.,，%％‰()（）=Nn\s-]+")
_PARETO_AXIS = re.compile(r"频数|频次|累计|百分比|占比|例数|件数|次数|柏拉图|排列图|[%％]|^[A-Za-z=()（）\s]*$")


# a figure with its unit and share written after a name ("21.2分钟（54.9%）", "5180户·日"); a Latin unit with
# its magnitude before it ("2458万kWh", "3.6万m³", seen fresh11 q68)
_QUANTITY = re.compile(
    r"\s*\d+(?:\.\d+)?\s*(?:[%％‰]|(?:[万千亿]?[A-Za-z]{1,4}[²³]?|[\u4e00-\u9fff]{1,2})(?:[·/][\u4e00-\u9fffA-Za-z]{1,2})?)?"
    r"\s*(?:[（(][^）)]*[）)])?$"
)
_JUNK_SYMPTOM = re.compile(r"[:：%]|^\d|\d+(?:\.\d+)?\s*[点件次个台例人]|分层|按")


def symptom_addressed(sym: str, text: str, min_overlap: float) -> bool:
    """A later step speaks of the 症结: most of its character bigrams are there, or its head noun (the
    last three characters, "…结构交接处" → "交接处") is; a phrase that is no 症结 (junk read from a
    label such as "按位置分层：边缘") is taken as addressed."""
    core = re.sub(r"(?:的)?问题$|[“”\"'\s]", "", sym)
    if _JUNK_SYMPTOM.search(core) or len(core) < 2:
        return True
    bare = shared("symptom_metric").sub("", core)
    # the 症结 quoted with its figure ("等待配液21.2分钟（54.9%）", seen fresh9 o30) is named by its words
    named = _QUANTITY.sub("", core)
    flat = re.sub(r"\s", "", text)
    return any(
        bigram_overlap(c, text) >= min_overlap or c[-3:] in flat
        for c in dict.fromkeys((core, bare, named))
        if len(c) >= 2
    )


def analysis_heads(ctx: CheckContext, rule: RuleSpec) -> list[str]:
    """What the 原因分析 says it analyses: its diagrams' captions and "针对X分析" / "查找X的原因"."""
    text = ctx.text("cause_analysis")
    found = [m.group(1) for m in rule.rx("head_caption").finditer(text)]
    found += [next(g for g in m.groups() if g) for m in rule.rx("head_said").finditer(text)]
    heads = [h.strip(' “”"') for h in found]
    return list(dict.fromkeys(h for h in heads if len(h) >= 2 and not rule.rx("head_not").search(h)))


def _head_on_symptom(sym: str, head: str, title: str, overlap: float, rule: RuleSpec) -> bool:
    """A diagram's head speaks of the 症结. A short 症结 that is a kind of the topic's defect ("液位低" of
    "降低…灌装液位不合格率") shares its noun with the topic: the head must hold what sets the 症结 apart,
    a character of it not in the 课题名称 (its verb left out) — "灌装液位不合格率高" is the whole topic
    (seen fresh5 j38), "液位偏低" is the 症结."""
    if not symptom_addressed(sym, head, overlap):
        return False
    core = re.sub(r"(?:的)?问题$|[“”\"'\s]", "", sym)
    if core in head or _JUNK_SYMPTOM.search(core):
        return True
    topic = rule.rx("topic_verb").sub("", title)
    own = {c for c in core if "\u4e00" <= c <= "\u9fff" and c not in topic}
    shares = any(c in topic for c in core if "\u4e00" <= c <= "\u9fff")
    # what sets it apart is a kind of the characteristic (低/高/偏/厚…), not a fuller name of the same
    # thing ("排针连接器连锡" of "排针连锡", seen fresh2 g31)
    kind = {c for c in own if rule.rx("symptom_kind").fullmatch(c)}
    return not (kind and shares) or bool(own & set(head))


def _whole_topic(ctx: CheckContext, rule: RuleSpec, sym: str) -> str | None:
    """The head of the analysis when it is the 课题 itself, not the 症结: every head the 原因分析 names
    shares most of its bigrams with the 课题名称 and none speaks of the 症结 (seen fresh3 h44, h52)."""
    heads = analysis_heads(ctx, rule)
    title = ctx.analysis.title or ""
    overlap = float(rule.params["min_overlap"])
    if not heads or not title or any(_head_on_symptom(sym, h, title, overlap, rule) for h in heads):
        return None
    # the causes themselves are the 症结's: its head noun among them ("接单至到达现场" → "到达现场慢")
    core = re.sub(r"(?:的)?问题$|[“”\"'\s]", "", sym)
    flat = re.sub(r"\s", "", ctx.text("cause_analysis"))
    if core[-3:] in flat or bigram_overlap(core, flat) >= float(rule.params["spoken_overlap"]):
        return None
    topical = [h for h in heads if bigram_overlap(h, title) >= float(rule.params["topic_overlap"])]
    return topical[0] if len(topical) == len(heads) else None


def _symptom_clauses(ctx: CheckContext, sym: str) -> str:
    """The 现状调查's clauses naming the 症结 (`symptom_span`), spaces out; the 症结 phrase where none is read."""
    return re.sub(r"\s", "", symptom_span(ctx) or sym)


def declared_symptom(ctx: CheckContext, rule: RuleSpec, span: str) -> str | None:
    """The 症结 the 原因分析 says it analyses ("针对症结“同期并网慢、升速慢”") where it shares a word (a bigram
    outside the 课题名称) with the 现状调查's naming clauses (`span`, `_symptom_clauses`): the analysis declares
    itself on the 症结, renamed (seen fresh15 v37, fresh16 w25). None when it names none, or one of other words."""
    topic = rule.rx("topic_verb").sub("", ctx.analysis.title or "")
    for m in rule.rx("symptom_declared").finditer(ctx.text("cause_analysis")):
        named = m.group(1).strip()
        own = "".join(" " if c in topic else c for c in re.sub(r"\s", "", named))
        runs = [r for r in re.findall(r"[\u4e00-\u9fffA-Za-z0-9]+", own) if len(r) >= 2]
        if any(r[i : i + 2] in span for r in runs for i in range(len(r) - 1)):
            return named
    return None


def _off_symptom_unsure(ctx: CheckContext, rule: RuleSpec, sym: str, span: str, named: str | None) -> str | None:
    """Why an analysis that does not repeat the 症结's words may still be on it — a reviewer's call, not a
    finding: the 原因分析 names its own 症结 ("针对症结“钎焊焊点泄漏”") with words of the 现状调查's naming
    clauses (a renaming: the defect at the places the 现状 stratified, seen fresh15 v37), or the 症结 read is a
    group of categories ("工艺区埋地管道26个、进出站管段7个") one of which the analysis names (its head the
    group's common defect, seen fresh15 v38). None when neither holds: the finding stands. `span`: the
    现状调查's naming clauses, and `named`: the analysis's own 症结 (`declared_symptom`), both read once by the
    caller."""
    if named:
        return rule.review("renamed_symptom", named=named, symptom=sym)
    text = ctx.text("cause_analysis")
    members = _symptom_members(rule, span, sym)
    overlap = float(rule.params["min_overlap"])
    named_members = [x for x in members if symptom_addressed(x, text, overlap)]
    if len(members) >= 2 and named_members:
        return rule.review("symptom_member", symptom=sym, member=named_members[0])
    return None


def _symptom_members(rule: RuleSpec, span: str, sym: str) -> list[str]:
    """The categories of the clause that names the 症结 when it lists several ("按部位分层:工艺区埋地管道26个、
    进出站管段7个" → both): each item after its label, before "合计/占…", its count left out."""
    clause = next((c for c in re.split(r"[,，。；;]", span) if sym[:2] in c), "")
    out = []
    for item in clause.split("、"):
        name = re.split(r"[:：]", item)[-1]
        name = _QUANTITY.sub("", rule.rx("member_tail").split(name)[0]).strip()
        if len(re.sub(r"[^\u4e00-\u9fff]", "", name)) >= 2:
            out.append(name)
    return out


def _mixed_in(ctx: CheckContext, rule: RuleSpec, sym: str | None) -> list[str]:
    """Categories of the 现状调查 stratification (its count tables, unless stratified by cause), other
    than the 症结 and 其他, that the 原因分析's 因果图 lists as causes: problem, symptoms and causes mixed (domain.md
    C1; seen fresh3 h52, fresh2 g36)."""
    kinds: list[str] = []
    for _i, b in ctx.blocks("current_state", "target_feasibility"):
        if b.table is None or b.table.n_rows < 3:
            continue
        grid = b.table.filled_grid()
        # a survey stratified by its causes ("超时原因 | 人次") names causes, not problems
        if not any(rule.rx("by_cause").search(normalize(h)) for h in grid[0]):
            kinds += [c for c, _n in charts.count_rows(grid)]
    share = float(rule.params["mixed_share"])
    kinds = [
        k
        for k in dict.fromkeys(normalize(k).strip() for k in kinds)
        if len(re.sub(r"[^\u4e00-\u9fff]", "", k)) >= 3
        and not charts.is_other(k)
        and not (sym and (bigram_overlap(k, sym) >= 0.5 or bigram_overlap(sym, k) >= 0.5))
    ]
    causes, _pages = diagram_causes(ctx, rule)
    return [k for k in kinds if any(char_share(k, c) >= share and char_share(c, k) >= share for c in causes)]


@register(
    "cause_focus",
    words=(
        "end",
        "diagram",
        "head_caption",
        "head_said",
        "head_not",
        "bone",
        "by_cause",
        "topic_verb",
        "symptom_kind",
        "focus_named",
        "focus_verb",
        "focus_after",
        "focus_not",
        "symptom_declared",
        "member_tail",
    ),
    params=(
        "check_symptom",
        "min_overlap",
        "tree_table_cols",
        "topic_overlap",
        "spoken_overlap",
        "mixed_share",
        "cause_min_chars",
        "focus_group",
    ),
    parts=("not_to_end", "off_symptom", "whole_topic", "mixed"),
    values=("symptom", "head", "kinds"),
    reviews=("renamed_symptom", "symptom_member", "focus_group"),
)
def check_cause_focus(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """C1: causes not analysed down to 末端, or analysis not aimed at the 症结."""
    if not ctx.has("cause_analysis"):
        return []
    text = ctx.text("cause_analysis")
    parts: list[Part] = []
    group: Part | None = None  # the whole-topic part where the 改善重点 is a group of `focus_group` or more
    unsure: Problem | None = None  # an off-symptom part whose match is unsure: a review
    cols = rule.int("tree_table_cols")
    # a cause diagram shown (a tree table, a classified or OCR'd picture, or one named) is read as going
    # down to its leaves: only an analysis with no diagram and no 末端 causes is too shallow to judge
    drawn = any(
        (b.table is not None and b.table.n_cols >= cols) or b.figure is not None
        for _i, b in ctx.blocks("cause_analysis")
    )
    if not rule.rx("end").search(text) and not drawn and not rule.rx("diagram").search(text):
        parts.append(Part(key="not_to_end"))
    sym = symptom_phrase(ctx)
    if sym and rule.params["check_symptom"]:
        span = _symptom_clauses(ctx, sym)
        if heads_on_named_symptom(ctx, rule):
            pass  # the analysis is headed by the 症结 as the hand named it
        # an analysis that declares the 症结 it analyses in the 现状's words is not on the whole topic,
        # whatever its diagram's caption says (its off-symptom match is judged below)
        elif (named := declared_symptom(ctx, rule, span)) is None and (head := _whole_topic(ctx, rule, sym)):
            parts.append(Part(key="whole_topic", values={"symptom": sym, "head": head}))
        elif not symptom_addressed(sym, text, float(rule.params["min_overlap"])):
            off = Part(key="off_symptom", values={"symptom": sym})
            if why := _off_symptom_unsure(ctx, rule, sym, span, named):
                unsure = problem(ctx.pages("cause_analysis"), off, step="cause_analysis")
                unsure = unsure.model_copy(update={"unread": why})
            else:
                parts.append(off)
    elif rule.params["check_symptom"] and (focus := focus_items(ctx, rule)):
        # the head is the whole topic when it is for each 改善重点; a 重点 merely unnamed in the 原因分析 is
        # no evidence (one diagram per 重点 may be a picture not read)
        # … and the causes hold under `min_overlap` of any 重点's words: the 改善重点 is a looser reading than
        # a named 症结 (fresh4 i45: "无流速与针型对照标准" speaks of 流速与针型不匹配 with other words)
        flat = re.sub(r"\s", "", text)
        found = [_whole_topic(ctx, rule, item) for item in focus]
        if all(found) and not any(bigram_overlap(i, flat) >= float(rule.params["min_overlap"]) for i in focus):
            whole = Part(key="whole_topic", values={"symptom": "、".join(focus), "head": found[0]})
            if len(focus) < rule.int("focus_group"):
                parts.append(whole)
            else:
                group = whole
    if mixed := _mixed_in(ctx, rule, sym):
        parts.append(Part(key="mixed", values={"kinds": "、".join(mixed[:4])}))
    out = [problem(ctx.pages("cause_analysis"), *parts, step="cause_analysis")] if parts else []
    if unsure is not None:
        out.append(unsure)
    if group is not None:
        # a 改善重点 of several categories (a Pareto's 80% group) is most of the problem: one analysis of the
        # whole topic may serve them all — a reviewer's call, not a finding (seen tune t16: three 重点, one
        # 鱼骨图 on 内瘘穿刺失败, its causes those of the three)
        why = rule.review("focus_group", n=len(focus))
        out.append(
            problem(ctx.pages("cause_analysis"), group, step="cause_analysis").model_copy(update={"unread": why})
        )
    return out


def _end_cause_blocks(ctx: CheckContext) -> list[tuple[int, Block]]:
    """The 原因分析 blocks that state 末端原因: a line naming them, and after one that opens a list the text
    lines that follow on its page
    ("经分析共得到9条末端原因：" then "①员工责任心不强 ②培训不够…" as lines of their own, seen fresh8 n35); a
    diagram's picture is left out (its middle nodes are refined below them)."""
    out: list[tuple[int, Block]] = []
    lead_page: int | None = None
    for i, b in ctx.blocks("cause_analysis"):
        if "末端" in b.text:
            out.append((i, b))
            # only a lead-in that opens a list ("…末端原因：") makes the lines after it its items
            lead_page = b.source.page if re.search(r"[:：]\s*$", b.text) else None
        elif b.source.page == lead_page and b.figure is None and b.chart is None and b.kind != BlockKind.title:
            out.append((i, b))
        elif b.source.page != lead_page:
            lead_page = None
    return out


def _diagram_end_hits(ctx: CheckContext, rule: RuleSpec) -> list[Hit]:
    """Vague words on the cause lines of a 因果图 picture that is a one-level list of the 末端原因: as many
    cause lines as the analysis says it found ("得到8条末端原因" and eight lines besides the bones and the
    head, seen fresh12 r52). Where the counts differ the picture may hold intermediate nodes refined
    below them, and its lines are not judged."""
    n_end, _pages = count_end_causes(ctx, rule)
    causes, _dpages = diagram_causes(ctx, rule)
    if n_end < rule.int("one_level_min") or len(causes) != n_end:
        return []
    out: list[Hit] = []
    for i, b in ctx.blocks("cause_analysis"):
        if b.figure is None or b.figure.kind != FigureKind.cause_effect:
            continue
        for ln in (x.strip() for x in ctx.normalized[i].split("\n")):
            if ln in causes and (m := rule.rx("vague").search(ln)):
                out.append(Hit(m.group(0), b.source.page, i, ln))
    return out


@register(
    "vague_causes",
    words=(
        "vague",
        "awareness",
        "awareness_vague_after",
        "end_list",
        "end_count",
        "bone",
        "trained",
        "trainee",
        "measured",
        "ruled_out",
        "score_rule",
        "scored_row",
        "verified_after",
    ),
    params=("cause_min_chars", "one_level_min"),
    values=("words",),
    reviews=("measured_training", "scored_out"),
)
def check_vague_causes(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """C2: vague 末端原因 (意识不强, 责任心差, 培训不够, 管理不到位…)."""
    # 末端原因 are judged where they stand as such: the 确认 step, a line that lists 末端原因, or a 因果图
    # that is a one-level list of them (an intermediate node of a diagram such as "运维管理不到位" is
    # refined below it)
    blocks = _end_cause_blocks(ctx) + ctx.blocks("main_causes")
    hs = hits(blocks, rule.rx("vague"), skip_negated=False) + _diagram_end_hits(ctx, rule)
    after = rule.rx("awareness_vague_after")
    for h in hits(blocks, rule.rx("awareness"), skip_negated=False):
        # the cause phrase before "意识…" within its clause or cell: empty, a person or a generic quality
        if after.search(_cause_before(h)):
            hs.append(h)
    if not hs:
        return []
    found = problem(pages_of_hits(hs), step="cause_analysis", evidence=hs[0].context, words=hit_words(hs))
    if seen := _measured_training(rule, hs):
        why = rule.review("measured_training", cause=seen)
        return [found.model_copy(update={"unread": why})]
    scored_only = not rule.rx("verified_after").search(ctx.text("main_causes"))
    if scored_only and (seen := _scored_out_vague(ctx, hs) or _scored_lines_only(ctx, rule, hs)):
        why = rule.review("scored_out", cause=seen)
        return [found.model_copy(update={"unread": why})]
    return [found]


def _scored_out_vague(ctx: CheckContext, hs: list[Hit]) -> str | None:
    """Every vague cause is one a scoring table (要因确认打分表, 要因评价) scored out and nothing else judged
    ("防水工责任心不强 | 19 | 非要因"): the scoring is the document's defect (K1) and the cause a distractor
    in it that two hands did not count (seen fresh8 n02, fresh18 z02); a cause verified and ruled out
    ("操作工责任心不强 | 查阅交接班记录… | 非要因", fresh18 z29 z34) or kept stays a finding."""
    out = [fold(c).text for c in ctx.analysis.fivew1h.scored_out]
    names = {_cause_before(h) + h.text for h in hs}
    if not out or not all(any(fold(n).text in c for c in out) for n in names):
        return None
    return "、".join(sorted(names))


def _scored_lines_only(ctx: CheckContext, rule: RuleSpec, hs: list[Hit]) -> str | None:
    """`_scored_out_vague` where the 打分表 is a picture read line by line ("混凝土工责任心不强 3 1 3 3 1 3 3 17
    非要因", seen fresh8 n02): the step decides 要因 by a score threshold and every line of 确定主要原因 that
    names a vague cause carries after it only scores and a 非要因 — no check, no data, no words."""
    if not rule.rx("score_rule").search(ctx.text("main_causes")):
        return None
    main = {i for i, _b in ctx.blocks("main_causes")}
    rows = [h for h in hs if h.block in main]
    tails = [h.context[h.context.find(h.text) + len(h.text) :] for h in rows]
    if not rows or not all(rule.rx("scored_row").fullmatch(t) for t in tails):
        return None
    names = {_cause_before(h) + h.text for h in hs}
    if {_cause_before(h) + h.text for h in rows} != names:
        return None
    return "、".join(sorted(names))


def _cause_before(h: Hit) -> str:
    """What stands before a vague word within its clause or cell: "拼装工人" of "拼装工人培训不到位"."""
    return re.split(r"[，,、；;。:：|\s（）()【】“”]", h.context[: h.context.find(h.text)])[-1]


def _measured_training(rule: RuleSpec, hs: list[Hit]) -> str | None:
    """The only vague words are a training shortfall of a named trainee ("人工编码员岗前培训不足"), and the
    要因确认 measured each such cause and ruled it out ("12名编码员考核均合格…｜非要因"; seen fresh17 y01 y25,
    fresh9 o31): a cause a reviewer may accept, not one to report sure. Beside another vague word
    ("责任心不强"), bare ("培训不到位") or kept as a 要因 it stays a finding (fresh11 q67, fresh16 w29, fresh7 m12)."""
    if not all(rule.rx("trained").fullmatch(h.text) for h in hs):
        return None
    names: dict[str, list[str]] = {}
    for h in hs:
        names.setdefault(_cause_before(h) + h.text, []).append(h.context)
    for name, rows in names.items():
        if not rule.rx("trainee").search(name):
            return None
        if not any(rule.rx("measured").search(r) and rule.rx("ruled_out").search(r) for r in rows):
            return None
    return "、".join(names)


# ------------------------------------------------------------------------------ K1–K4 main causes


def _verification_row(ctx: CheckContext, rule: RuleSpec, h: Hit) -> bool:
    """A score word in a row of a verification table ("末端原因 | 验证方法 | 验证结果 | 结论" with "口渴评分"
    as one cause's method, seen fresh6 k46) is a measuring scale, not a vote on the causes."""
    t = ctx.doc.blocks[h.block].table
    if t is None:
        return False
    head = " ".join(t.filled_grid()[0])
    return bool(rule.rx("verify_head").search(head)) and not rule.rx("score_head").search(head)


def _names_a_cause(rule: RuleSpec, h: Hit) -> bool:
    """ "凭经验确定" inside a row that confirms one cause with a method, data and a verdict is that cause's
    name ("清洗周期凭经验确定 | 调查分析 | 统计16台… | 非要因"), not the way the 要因 were decided."""
    return bool(
        rule.rx("cause_named").fullmatch(h.text)
        and rule.rx("own_check").search(h.context)
        and rule.rx("own_verdict").search(h.context)
        and count_numbers(h.context) >= rule.int("own_numbers")
    )


@register(
    "cause_by_scoring",
    words=(
        "scoring",
        "verified",
        "measured_score",
        "cause_named",
        "own_check",
        "own_verdict",
        "decides",
        "score_head",
        "score_line",
        "measured",
        "verify_head",
        "any_verdict",
        "figure",
        "result_head",
        "cause_count",
        "tally",
        "verdict_said",
    ),
    params=("verified_numbers", "own_numbers", "verdict_lines", "tally_counts"),
    values=("words",),
    reviews=("verified_some", "one_word", "verified_near"),
)
def check_cause_by_scoring(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """K1: 要因 chosen by 打分/评分/表决/投票/头脑风暴/经验判断 (fatal), unless the scored candidates are
    then verified with data. A score measured while verifying one cause (a knowledge test's 得分) is
    data, not a vote; "凭经验确定" naming the cause a row confirms with data is no way of deciding."""
    hs = [
        h
        for h in hits(ctx.blocks("main_causes"), rule.rx("scoring"))
        if not rule.rx("measured_score").search(h.context)
        and not _names_a_cause(rule, h)
        and not _verification_row(ctx, rule, h)
    ]
    if not hs:
        return []
    verification, seen = verification_after(ctx, rule, min(h.block for h in hs))
    if verification == "data":
        return []
    found = problem(pages_of_hits(hs), step="main_causes", evidence=hs[0].context, words=hit_words(hs))
    if verification is None and (near := verified_near(ctx, rule, min(h.block for h in hs))):
        # the causes verified one by one where what follows the scoring is not read: before it, or on the
        # first page of the next step (stop 34, judge93)
        return [found.model_copy(update={"unread": rule.review("verified_near", word=hs[0].text, seen=near)})]
    if verification == "some":
        # something after the scoring may verify the causes (a per-cause line with figures and a verdict, a
        # table with a result column, a chart): too little to say the data decided, too much for a veto
        why = rule.review("verified_some", word=hs[0].text, seen=seen)
        return [found.model_copy(update={"unread": why})]
    if not _scoring_decides(ctx, rule, hs):
        # a veto needs two signals: the scoring seen as the way the 要因 were decided, and no verification
        # with data after it; one word of scoring alone (a cause's name, a remark) is 人工复核
        why = rule.review("one_word", word=hs[0].text)
        return [found.model_copy(update={"unread": why})]
    return [found.model_copy(update={"rests_on": deciding_sentence(ctx, rule)})]


def _scoring_decides(ctx: CheckContext, rule: RuleSpec, hs: list[Hit]) -> bool:
    """The scoring is seen deciding the 要因: a scoring table (a table, or a picture of one, holding the
    words), the words in two blocks, or a sentence that names the 要因/真因 it decides."""
    blocks = {h.block for h in hs}
    if len(blocks) >= 2:
        return True
    b = ctx.doc.blocks[hs[0].block]
    if b.table is not None or b.figure is not None or b.kind == BlockKind.image_text:
        return True
    if any(rule.rx("decides").search(h.context) for h in hs):
        return True
    # a line that decides the 要因 by a score ("总分≥32分的末端原因选为要因", seen fresh4 i12: the scoring
    # table a picture whose header OCR lost)
    lines = re.split(r"[\n。；;]", ctx.text("main_causes"))
    if any(rule.rx("decides").search(ln) and rule.rx("score_line").search(ln) for ln in lines):
        return True
    # a table of 确定主要原因 headed by scores ("张三 | 李四 | 总分 | 结论")
    return any(
        b.table is not None and any(rule.rx("score_head").search(c) for c in b.table.filled_grid()[0])
        for _i, b in ctx.blocks("main_causes")
    )


@register(
    "all_causes_confirmed",
    words=(
        "end_list",
        "end_count",
        "bone",
        "confirm_count",
        "set_aside",
        "set_aside_reason",
        "selected",
        "scored_all",
        "scored_rest",
        "lumped",
        "lump_back",
        "lump_range",
        "lump_verdict",
        "rejected_any",
        "verified",
        "merged_other",
        "numbered_line",
        "numbered_verdict",
    ),
    params=(
        "confirmed_overlap",
        "named_ratio",
        "named_min_confirmed",
        "cause_min_chars",
        "review_gap",
    ),
    messages=("counted", "named", "shortlist"),
    values=("n_end", "n_conf", "names"),
    reviews=("lumped", "gap_counted", "lump_row", "headless", "scored_all", "gap_named"),
)
def check_all_confirmed(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """K2: not every 末端原因 is confirmed: fewer confirmations than 末端原因 counted, or causes a 因果图
    picture names that no confirmation speaks of (seen fresh2 g33, fresh3 h36)."""
    if not ctx.has("main_causes") or not ctx.has("cause_analysis"):
        return []
    short, short_pages = dropped_from_shortlist(ctx, rule)
    if short:
        names = "、".join(short)
        return [problem(short_pages, template="shortlist", step="main_causes", evidence=names, names=names)]
    n_end, end_pages = count_end_causes(ctx, rule)
    n_conf = count_confirmed(ctx)
    if n_end and n_conf and n_conf < n_end <= n_conf + set_aside_count(ctx, rule):
        return []  # the rest set aside openly with a reason: not an unconfirmed cause
    if n_end and n_conf < n_end and numbered_confirmations(ctx, rule) >= set(range(1, n_end + 1)):
        return []  # "末端原因1 …——非要因", "末端原因2、7、8、9：…——非要因": every cause's number confirmed
    lumps = lumped_causes(ctx, rule)
    if n_end and n_conf and n_conf < n_end:
        pages = sorted(set(end_pages) | set(ctx.pages("main_causes")))
        found = problem(pages, template="counted", step="main_causes", n_end=n_end, n_conf=n_conf)
        if lumps and n_conf + sum(n - counted for _w, n, counted in lumps) >= n_end:
            # "其余4条…均为非要因", "5～8 | … | 非要因": the causes not confirmed one by one were confirmed
            # together, by count or number range — whether they are the analysis's missing ones is unread
            why = rule.review("lumped", lump=lumps[0][0])
            return [found.model_copy(update={"unread": why})]
        if n_end - n_conf <= rule.int("review_gap"):
            # one cause short: a count the layout misleads (a 确认 step over two slides, a cause split or
            # merged, a row OCR lost), never a truth's dropped causes in fresh6–fresh18 (stop 33)
            return [found.model_copy(update={"unread": rule.review("gap_counted")})]
        return [found]
    if n_end and n_conf >= n_end:
        return []  # the 末端原因 the analysis counts are all confirmed: other picture words are its levels
    dropped, pages = unconfirmed_in_diagram(ctx, rule)
    if not dropped:
        return []
    names = "、".join(dropped)
    found = problem(pages, template="named", step="main_causes", evidence=names, names=names)
    if sum(n for _w, n, _c in lumps) >= len(dropped):
        # "其余4项 | — | ≤15" in the 要因评价表: the causes not named were scored as a lump (seen fresh9 o34)
        why = rule.review("lump_row", names=names)
        return [found.model_copy(update={"unread": why})]
    if headless_only(ctx, rule, dropped):
        why = rule.review("headless", names=names)
        return [found.model_copy(update={"unread": why})]
    if rule.rx("scored_all").search(ctx.text("main_causes")):
        # "圈员8人对末端原因按5、3、1分评价" with a 要因评价表 of fewer rows than the diagram has causes: the
        # document says every cause was scored, its table may list only the ones it kept (seen fresh5 j11,
        # j13 clean; fresh2 g33, whose scoring sentence claims no such thing, is the defect)
        return [found.model_copy(update={"unread": rule.review("scored_all", names=names)})]
    if len(dropped) <= rule.int("review_gap"):
        # one picture cause unmatched: a diagram's middle level, a caption or an OCR'd label as much as a
        # dropped cause (fresh8 n46, fresh15 v40 false; the truths' dropped causes are two or more)
        why = rule.review("gap_named", names=names)
        return [found.model_copy(update={"unread": why})]
    return [found]


@register(
    "confirm_by_impact",
    words=(
        "method",
        "impact",
        "part_label",
        "result_head",
        "standard_only",
        "conclusion_head",
        "rejected",
        "standard_head",
        "inline_standard",
        "topic_verb",
        "rejected_line",
        "vote",
        "compared_not",
        "no_effect",
        "cause_present",
        "standard_gap",
        "method_head",
        "measure_way",
        "measured_value",
        "verdict_more",
        "head_caption",
        "head_said",
        "head_not",
        "standard_named",
    ),
    params=("min_numbers", "weak_min_numbers", "topic_bigrams"),
    parts=("no_data", "no_method", "no_impact", "weak"),
    values=("labels",),
    reviews=("set_aside", "measured_only"),
)
def check_confirm_impact(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """K3: confirmation without data, without a method, or only "meets the standard?"."""
    if not ctx.has("main_causes"):
        return []
    text = ctx.text("main_causes")
    parts: list[Part] = []
    if count_numbers(text) < rule.int("min_numbers"):
        parts.append(Part(key="no_data"))
    if not rule.rx("method").search(text) and not rule.rx("vote").search(text):
        parts.append(Part(key="no_method"))  # (a vote stated is K1's: one defect is charged once)
    # only the causes kept must show their impact: "体位垫32个，满足需要 | 非要因" judges a cause rejected
    # (seen fresh6 k49, every 要因 row a measured share)
    kept = "\n".join(ln for ln in text.splitlines() if not rule.rx("rejected_line").search(ln))
    review: list[Problem] = []
    # where the confirmations are read one by one (numbered parts, a result table's rows), each is judged
    # with what it says of the problem (`weak_confirmations`); the whole text only where they are not
    # a table giving the measure with and without the cause side by side shows its impact (`compared_columns`)
    if (
        not rule.rx("impact").search(rule.rx("inline_standard").sub("，", rule.rx("standard_gap").sub("，", text)))
        and len(confirmation_parts(ctx, rule)) < 2
        and not compared_columns(ctx, rule)
    ):
        # judged against a standard, with no impact shown ("标准" naming a thing or a cause is no verdict)
        if rule.rx("standard_only").search(rule.rx("standard_named").sub("，", kept)):
            parts.append(Part(key="no_impact"))
    else:
        review = _weak_rows(ctx, rule, parts)
    if not parts:
        return review
    found = problem(ctx.pages("main_causes"), *parts, step="main_causes")
    if [p.key for p in parts] == ["weak"] and (aside := rejected_for_no_effect(ctx, rule)):
        # the table sets a cause aside for its lack of effect on the problem: it judges by impact, and its
        # 要因 rows giving only their measured value may rest on the same reading — a reviewer's call
        why = rule.review("set_aside", aside=aside)
        return [found.model_copy(update={"unread": why})]
    return [found, *review]


def _problem_named(ctx: CheckContext, rule: RuleSpec) -> list[str]:
    """What a confirmation row may name to speak of the problem: the 课题名称 and the 症结; with no 症结 (a
    指令性 project argues its target, it finds none), the heads of its 原因分析 (the 因果图's head "热点温度上升快"
    of "延长甲醇合成催化剂使用寿命", seen fresh20 d06) — the problem as its causes were analysed."""
    symptom = symptom_phrase(ctx)
    heads = [] if symptom else analysis_heads(ctx, rule)
    return [t for t in (ctx.analysis.title, symptom, *heads) if t]


def _weak_rows(ctx: CheckContext, rule: RuleSpec, parts: list[Part]) -> list[Problem]:
    """K3's confirmations read one by one: the rows judged against a standard only, when they are half of them
    or more, are the `weak` part; where they fall short only because other rows measure their cause with no
    verdict (`measured_only`: values, no word on the 症结), whether those values show the impact is a
    reviewer's call, never a finding (fresh13 s06 s45 s63)."""
    weak = weak_confirmations(ctx, rule, _problem_named(ctx, rule))
    if weak.judged and len(weak.judged) * 2 >= weak.total:
        parts.append(Part(key="weak", values={"labels": "、".join(weak.judged[:6])}))
        return []
    if not weak.measured:
        return []
    labels = "、".join([*weak.judged, *weak.measured][:6])
    why = rule.review("measured_only", labels=labels)
    part = Part(key="weak", values={"labels": labels})
    return [problem(ctx.pages("main_causes"), part, step="main_causes").model_copy(update={"unread": why})]


@register(
    "confirm_order",
    words=(
        "after",
        "date",
        "date_head",
        "period_head",
        "range",
        "span_end",
        "data_span",
        "implement_label",
        "applied",
        "effect",
        "unit_value",
        "tried",
        "changed",
        "both_arms",
    ),
    params=("cause_overlap", "means_chars", "means_reach"),
    messages=("dated", "applied", "tried", "period"),
    values=("cause", "confirmed", "planned"),
    reviews=("dated_text",),
)
def check_confirm_order(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """K4: confirmation done after the countermeasure, or using the 对策 result: worded so, the step
    placed after 对策实施, or a 要因 confirmed on a date within or after its own 对策's time."""
    hs = hits(ctx.blocks("main_causes"), rule.rx("after"))
    mc, im = ctx.structure.get("main_causes"), ctx.structure.get("implement")
    late = bool(mc and im and mc.pages and im.pages and min(mc.pages) > max(im.pages))
    if not hs and not late:
        detectors = (
            ("dated", confirmed_after_countermeasure),
            ("applied", confirmed_by_applying),
            ("tried", confirmed_by_trying),
        )
        for template, detect in detectors:
            if found := detect(ctx, rule):
                cause, confirmed, planned, page, *sure = found
                values = {"cause": cause, "confirmed": confirmed, "planned": planned}
                p = problem([page], template=template, step="main_causes", evidence=confirmed, **values)
                if sure and not sure[0]:
                    # a date read in the row's findings, no change after it: it may date the data, not the
                    # confirmation — a reviewer's call (`rules_causes._confirmation_rows`)
                    p = p.model_copy(update={"unread": rule.review("dated_text", cause=cause, confirmed=confirmed)})
                return [p]
        if period := confirmed_period_after_start(ctx, rule):
            confirmed, planned, page = period
            values = {"confirmed": confirmed, "planned": planned}
            return [problem([page], template="period", step="main_causes", evidence=confirmed, **values)]
        return []
    pages = pages_of_hits(hs) if hs else ctx.pages("main_causes")
    return [problem(pages, step="main_causes", evidence=hs[0].context if hs else None)]


# ------------------------------------------------------------------------------ P3 choice of countermeasures


@register("countermeasure_choice", words=("choice", "opinion", "measured"), params=("min_numbers",))
def check_countermeasure_choice(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """P3: several 对策 compared, but the choice rests on opinion scoring only."""
    blocks = ctx.blocks("plan_countermeasures")
    text = ctx.text("plan_countermeasures")
    choice, opinion = rule.rx("choice"), rule.rx("opinion")
    if not choice.search(text) or not opinion.search(text):
        return []
    # the evaluation itself: the blocks that compare or score the candidate 对策
    zone = "\n".join(t for i, _b in blocks if choice.search(t := ctx.normalized[i]) or opinion.search(t))
    if rule.rx("measured").search(zone) and count_numbers(zone) >= rule.int("min_numbers"):
        return []
    pages = pages_of_hits(hits(blocks, opinion)) or ctx.pages("plan_countermeasures")
    return [problem(pages, step="plan_countermeasures")]
