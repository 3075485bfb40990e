"""Checks of the D / C / A steps and of the whole report (spec/domain.md b.3): I1, I2, E1, E2, E3, A1,
A2, Z1, Q2, N1. Their words, thresholds and messages are in `nlp/rubrics/rules/do.yaml`."""

from __future__ import annotations

import re

from ingest.model import Block, BlockKind

from .fivew1h import FiveW1HReport, Row
from .normalize import normalize
from .project_type import INNOVATIVE
from .registry import CheckContext, Part, Problem, RuleSpec, Value, register
from .rules import symptom_addressed, symptom_phrase
from .rules_base import Hit, from_numbers, hit_words, hits, pages_of_hits, problem, read_text, task_style
from .sections import count_numbers

# ------------------------------------------------------------------------------ I1 / I2 implementation


# the numeral of a part label that names the second 对策 ("对策二：", "实施2、")
_SECOND = re.compile(r"(?<![一二三四五六七八九十\d])(?:二|2)\s*[)）]?\s*[:：、.]?\s*$")


@register(
    "implement_verified",
    words=(
        "verify",
        "result",
        "part_label",
        "target_check",
        "all_met",
        "measured",
        "setting",
        "row_target_head",
        "row_result_head",
        "side_effect",
        "target_named",
        "unit",
        "chart_value",
        "bounded",
        "target_metric",
        "outcome",
    ),
    params=("min_numbers", "partial_is_review", "unit_alias", "metric_tail", "one_short_verified"),
    parts=("no_compare", "few_verified", "none_verified"),
    values=("rows", "verified"),
    reviews=("partly_verified", "not_split", "measured_uncompared"),
)
def check_implement(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """I1: 对策目标 not verified per 对策. The implementation is read per 对策 (对策一/实施二 … parts, else
    lines); a part is verified when it says the target was met or missed ("——达标", "目标实现") or
    gives its result in figures ("回诊超时人次由48降至15"). Findings rest on counted parts."""
    if not ctx.has("implement"):
        return []
    text = _without_side_effects(ctx.text("implement"), rule)
    results, labelled = _implement_parts(text, rule)
    # a value the 对策 sets ("温度设定为185℃") is neither a result nor a measurement (`setting`)
    verified = [
        p for p in results if rule.rx("verify").search(p) or rule.rx("result").search(rule.rx("setting").sub(" ", p))
    ]
    # a 对策目标 check that reading order pushed past the next heading still counts
    late = hits(ctx.blocks("check_effect"), rule.rx("target_check"), skip_negated=False)
    n_rows = ctx.analysis.fivew1h.rows
    # a verdict wrapped onto its own line still counts once per statement
    n_verified = max(len(verified), len(rule.rx("verify").findall(text)), _table_rows_verified(ctx, rule)) + len(late)
    if rule.rx("all_met").search(text):
        n_verified = max(n_verified, n_rows)  # "三项对策目标均达到": one statement for every 对策
    # a 对策表 with no 目标 column sets no 对策目标 to verify: that absence is P2's finding (one finding
    # per defect), and each part is then judged by its figures only
    fw = ctx.analysis.fivew1h
    per_target = not (fw.found and not fw.columns.get("why", False))
    parts: list[Part] = []
    if not n_verified and count_numbers(text) < rule.int("min_numbers"):
        parts.append(Part(key="no_compare"))
    elif per_target and n_rows >= 2 and len(results) >= n_rows and n_verified < n_rows:
        key = "few_verified" if n_verified else "none_verified"
        parts.append(Part(key=key, values={"rows": n_rows, "verified": n_verified}))
    if not parts:
        return []
    found = problem(ctx.pages("implement"), *parts, step="implement")
    partial = parts[0].key == "few_verified" and n_verified
    if (
        partial
        and rule.params["partial_is_review"]
        and not (n_verified == len(verified) and _rest_silent(ctx, rule, (results, labelled), fw, verified))
    ):
        # some 对策 verified and others not recognised: every new hand words a confirmation a new way
        # ("结扎≤1min达95%", "考核合格率100%，满足要求": I1 false in every untouched run, 17 times, and
        # never required — the required ones verify none). A partial count is a review; none is a finding
        # — unless each 对策 left is bound to its row and states no figure in its target's unit (`_rest_silent`).
        found = found.model_copy(update={"unread": rule.review("partly_verified", n=n_verified)})
    elif partial and (not labelled or not ctx.structure.confident):
        # some 对策 are verified, but the text is not split per 对策 (one line may hold two, "②③") or the
        # step's extent is the guess of a structure not recognised: the count is a reader's judgement, not
        # a finding (issue 10: no finding from an uncertain count). None verified at all is no count.
        found = found.model_copy(update={"unread": rule.review("not_split")})
    elif parts[0].key != "no_compare" and any(
        _may_verify(rule, p, row) for p, row in _bound(results, labelled, fw) if p not in verified
    ):
        # a 对策 whose part gives a measured value with no word of the target ("最大偏差1.6μm" against
        # ≤2μm): a reader may count it verified — an uncertain count is a review, not a finding
        found = found.model_copy(update={"unread": rule.review("measured_uncompared")})
    return [found]


def _bound(results: list[str], labelled: bool, fw: FiveW1HReport) -> list[tuple[str, Row | None]]:
    """Each 对策's part beside its 对策表 row, when the parts are labelled one per row (对策一 … the row's
    目标 cell is then the target that part must verify); else each part with no row."""
    if labelled and len(results) == len(fw.details) == fw.rows:
        return list(zip(results, fw.details, strict=True))
    return [(p, None) for p in results]


def _rest_silent(
    ctx: CheckContext, rule: RuleSpec, split: tuple[list[str], bool], fw: FiveW1HReport, verified: list[str]
) -> bool:
    """Every 对策 not counted verified is a part of its own beside its row, whose 对策目标 states a unit, and
    states no figure in that unit: "冷却辊全部安装完成并投入使用" against "落布温度≤40℃" (seen fresh13 s47) is
    silent on its target; "接触电阻0.05~0.15Ω" against "≤0.2Ω", "超周期使用0次" against "0次" are not, nor is a part
    holding a chart's values read as lines of bare figures (the unit stands in the axis title). Nor is a 对策
    whose 目标 sets no bound (`bounded`: "滤网100/150/100目组合" is the configuration the 对策 puts in place,
    seen fresh21 e10), nor one whose 目标 the 效果检查 checks ("通过率≥95%" of the 试运行 对策 against
    "通过率96.7%，高于目标95%", seen fresh21 e08). One 对策 short of many verified is silent only when its
    part states no outcome (`_no_outcome`)."""
    bound = _bound(*split, fw)
    rest = [(p, row) for p, row in bound if p not in verified]
    if not rest or len(rest) + len(verified) != fw.rows:
        return False
    if len(rest) == 1 and len(verified) >= rule.int("one_short_verified") and not _no_outcome(rule, rest[0][0]):
        return False
    effect = normalize(ctx.text("check_effect")) if ctx.has("check_effect") else ""
    for p, row in rest:
        wanted = _target_units(rule, row) if row is not None else set()
        if not wanted or _units(rule, p) & wanted or rule.rx("chart_value").search(p):
            return False
        target = normalize(row.cells.get("why", "")) if row is not None else ""
        if not rule.rx("bounded").search(target) or _checked_in_effect(rule, target, effect):
            return False
    return True


def _no_outcome(rule: RuleSpec, part: str) -> bool:
    """The part states no outcome of a trial or a run (`outcome`): "冷却辊全部安装完成并投入使用" (seen fresh13
    s47) is silent on its 对策目标; "试运行期间无安全事故", "6月生产68批超标2批", "推送312次全部成功" hold a check a
    reader may take for the 对策目标's (seen fresh21 e08, e10, fresh19 b57)."""
    return not rule.rx("outcome").search(part)


def _checked_in_effect(rule: RuleSpec, target: str, effect: str) -> bool:
    """The 效果检查 checks this 对策目标: one of its sentences names the target's measure (the last
    `metric_tail` characters of the words before the bound, "通过率") and the target's figure ("95")."""
    tail = rule.int("metric_tail")
    for m in rule.rx("target_metric").finditer(target):
        name, figure = m.group(1)[-tail:], m.group(2)
        if any(name in s and figure in s for s in _SENTENCE.findall(effect)):
            return True
    return False


def _units(rule: RuleSpec, text: str) -> set[str]:
    """The units the text's figures are stated in, written one way ("％" → "%", "分钟" → "min")."""
    alias = rule.params["unit_alias"]
    return {alias.get(m.group(1), m.group(1)) for m in rule.rx("unit").finditer(text)}


def _target_units(rule: RuleSpec, row: Row) -> set[str]:
    """The units of a 对策表 row's 对策目标, its cell written as the step's text is ("℃" → "°C") so that a
    figure of each compares."""
    return _units(rule, normalize(row.cells.get("why", "")))


def _may_verify(rule: RuleSpec, part: str, row: Row | None) -> bool:
    """A part that states a measured value with no word of the target ("最大偏差1.6μm" against ≤2μm) may be
    a verification a reader accepts. Bound to its row, only a value in the unit of the row's 对策目标 may —
    and not the value the row's 措施 sets: "6月起100%执行打磨" against "接触压降≤10mV" (seen fresh13 s40),
    "实行2小时轮换" against "差错率≤0.5%" with "每2小时轮换" as the 措施 (s53) report the measure done."""
    measured = [m.group(0) for m in rule.rx("measured").finditer(rule.rx("setting").sub(" ", part))]
    if not measured or row is None:
        return bool(measured)
    wanted = _target_units(rule, row)
    if not wanted:
        return True  # a target in no unit read: nothing to bind the figure to
    how = re.sub(r"\s+", "", normalize(row.cells.get("how", "")))
    return any(_units(rule, m) & wanted and re.sub(r"\s+", "", m) not in how for m in measured)


_SENTENCE = re.compile(r"[^。；;\n]*(?:[。；;]|\n|$)")


def _without_side_effects(text: str, rule: RuleSpec) -> str:
    """The implementation less its sentences that report the check of other characteristics (I2's side
    effects, "各项指标均在工艺标准内，未对其他质量指标产生不良影响"): what they find within limits is not a
    对策's result against its 目标. A sentence that also names the target keeps its word."""
    return "".join(
        m.group(0)
        for m in _SENTENCE.finditer(text)
        if not rule.rx("side_effect").search(m.group(0)) or rule.rx("target_named").search(m.group(0))
    )


def _table_rows_verified(ctx: CheckContext, rule: RuleSpec) -> int:
    """Rows of the 对策实施's tables that set a 对策's result beside its target: a column headed by the
    target (`row_target_head`), another by the result or its verdict (`row_result_head`), both filled."""
    n = 0
    for _i, b in ctx.blocks("implement"):
        if b.table is None or b.table.n_rows < 2:
            continue
        grid = b.table.filled_grid()
        head = [c.strip() for c in grid[0]]
        target = next((j for j, h in enumerate(head) if rule.rx("row_target_head").search(h)), None)
        result = next((j for j, h in enumerate(head) if j != target and rule.rx("row_result_head").search(h)), None)
        if target is None or result is None:
            continue
        n += sum(1 for row in grid[1:] if row[target].strip() and row[result].strip())
    return n


def _implement_parts(text: str, rule: RuleSpec) -> tuple[list[str], bool]:
    """The implementation split at its 对策一/实施二 labels (one part per 对策; True), else its lines.
    Labels that begin at the second 对策 leave the first one's part in front of them: its label stood in a
    title outside the step's text ("D 实施——对策一" over the slide, seen fresh10 p35)."""
    found = list(rule.rx("part_label").finditer(text))
    starts = [m.start() for m in found]
    if found and _SECOND.search(found[0].group(0)) and text[: starts[0]].strip():
        starts.insert(0, 0)
    if len(starts) >= 2:
        return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)], True
    return [line for line in text.split("\n") if line.strip()], False


@register("side_effects", words=("checked", "relevant"), reviews=("structure_unsure",))
def check_side_effects(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """I2, where relevant: the 对策 change the process, equipment, material or workload (`relevant`:
    the content calls for a side-effect check) and nothing after 对策实施 states the check (`checked`:
    a 负面影响/副作用 statement, or a dimension — 安全, 质量, 成本, 工期, 节拍… — said to be unharmed)."""
    if not ctx.has("implement"):
        return []
    done = ctx.text("implement", "check_effect")
    if rule.rx("checked").search(done):
        return []
    if not rule.rx("relevant").search(done + "\n" + ctx.text("plan_countermeasures")):
        return []  # management-only 对策 (培训, 制度, 考核): no side effect to check
    found = problem(ctx.pages("implement"), step="implement")
    if not ctx.structure.confident:
        # an absence is only a finding where the steps were read with confidence (issue 10: no finding
        # from a missing word): the statement may sit in a part not assigned to 对策实施 / 效果检查
        found = found.model_copy(update={"unread": rule.review("structure_unsure")})
    return [found]


# ------------------------------------------------------------------------------ E1 / E2 / E3 effect


def _recomputed(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """E1 from the numbers: a stated 达成率/进步率 that does not recompute. A small disagreement (within
    `recompute_margin` points) may be another base, rounding or a value read from a neighbouring figure:
    arithmetic on numbers whose base is not certain is a review, never a defect. A large one is a review too
    (`recompute_is_review`): each one of the untouched runs was a value read from another figure or base
    (fresh9 o14, fresh12 r52, fresh19 b15), and no writer asked for the arithmetic."""
    nums = ctx.analysis.numbers
    if nums is None:
        return []
    margin = float(rule.params["recompute_margin"])
    gaps = {
        "达成率": (nums.achievement_stated, nums.achievement_computed),
        "进步率": (nums.progress_stated, nums.progress_computed),
    }
    out = []
    for p in from_numbers(nums, "E1"):
        pair = next((v for k, v in gaps.items() if p.text and k in p.text), None)
        if pair and pair[0] is not None and pair[1] is not None and abs(pair[0] - pair[1]) <= margin:
            why = rule.review("near_recomputed", gap=f"{abs(pair[0] - pair[1]):.1f}")
            p = p.model_copy(update={"unread": why})
        elif pair and p.unread is None and rule.params.get("recompute_is_review", False):
            p = p.model_copy(update={"unread": rule.review("recomputed")})
        out.append(p)
    return out


@register(
    "effect_comparison",
    words=("before_after", "target_word", "target_compared"),
    params=(
        "min_numbers",
        "symptom",
        "min_overlap",
        "symptom_alone",
        "before_alone",
        "recompute_margin",
        "recompute_is_review",
    ),
    parts=("no_target", "no_before", "no_symptom"),
    values=("symptom",),
    reviews=("near_recomputed", "recomputed"),
)
def check_effect(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """E1: no comparison with the 课题目标, or with 现状 before/after on the same basis; and (from the
    numbers) effect figures that do not meet or recompute against the target."""
    out = _recomputed(ctx, rule)
    if not ctx.has("check_effect"):
        return out
    text = ctx.text("check_effect")
    parts: list[Part] = []
    # the target compared under another name with its figure ("停机率0.65%，低于公司指标0.8%") is compared
    named = rule.rx("target_word").search(text) or rule.rx("target_compared").search(text)
    if not named or count_numbers(text) < rule.int("min_numbers"):
        parts.append(Part(key="no_target"))
    # a 指令性目标 with no 现状调查 is judged against its target (no surveyed baseline to compare with)
    baseline = ctx.project_type != INNOVATIVE and not (ctx.target_kind == "directive" and not ctx.has("current_state"))
    alone = bool(rule.params.get("before_alone", True))
    if baseline and (alone or parts) and not rule.rx("before_after").search(text):
        parts.append(Part(key="no_before"))
    # the 症结's own before/after is asked for where the comparison is weak already; an effect compared
    # with the target and the 现状 on the same metric stands without it (`symptom_alone: false`)
    weak = bool(parts) or bool(rule.params.get("symptom_alone", True))
    if ctx.project_type != INNOVATIVE and rule.params["symptom"] and weak:
        sym = symptom_phrase(ctx)
        if sym and not symptom_addressed(sym, text, float(rule.params["min_overlap"])):
            parts.append(Part(key="no_symptom", values={"symptom": sym}))
    if parts:
        out.insert(0, problem(ctx.pages("check_effect"), *parts, step="check_effect"))
    return out


_SPENDING_STEPS = ("propose_solutions", "plan_countermeasures", "implement", "check_effect")


def _not_deducted(ctx: CheckContext, rule: RuleSpec, blocks: list[tuple[int, Block]]) -> tuple[Part, Hit] | None:
    """An investment stated with its amount ("共投入9.6万元") and a money benefit claimed in 效果检查 whose
    sentence neither deducts it nor names it: positive evidence that the spending was left out."""
    spent = hits(ctx.blocks(*_SPENDING_STEPS), rule.rx("investment"), skip_negated=False)
    claims = hits(blocks, rule.rx("claim"), skip_negated=False)
    if not spent or not claims:
        return None
    amounts = {m.group(1).replace(" ", "") for h in spent if (m := rule.rx("investment").search(h.text))}
    deducted = rule.rx("deducted")
    for c in claims:
        flat = c.context.replace(" ", "")
        if deducted.search(c.context) or any(a in flat for a in amounts):
            return None
        # the deduction read as a reviewer reads it: the claim's paragraph goes on to deduct the spending
        # ("…增供效益9.67万元；扣除天线及蓄电池投入8.3万元，净效益＝5.58＋9.67－8.3＝6.95万元", seen fresh6
        # k24, k26), in a clause of its own
        if rule.rx("deducted_later").search(ctx.normalized[c.block]):
            return None
    amount = m.group(1) if (m := rule.rx("investment").search(spent[0].text)) else spent[0].text
    claim = claims[-1]
    money = re.findall(r"\d+(?:\.\d+)?\s*(?:万元|千元|元)", claim.text)
    values: dict[str, Value] = {
        "claim": (money[-1] if money else claim.text).replace(" ", ""),
        "investment": amount.replace(" ", ""),
    }
    return Part(key="not_deducted", values=values), claim


@register(
    "economic_benefit",
    words=("benefit", "deduct", "potential", "investment", "deducted", "deducted_later", "claim", "saving", "money"),
    params=("min_numbers",),
    parts=("no_calculation", "not_deducted", "potential"),
    values=("claim", "investment"),
)
def check_benefit(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """E2: 经济效益 with no calculation, investment not deducted, or 潜在效益 counted."""
    if not ctx.has("check_effect"):
        return []
    blocks = ctx.blocks("check_effect")
    pages = ctx.pages("check_effect")
    parts: list[str | Part] = []
    evidence: str | None = None
    bh = [
        h
        for h in hits(blocks, rule.rx("benefit"), skip_negated=False)
        if not rule.rx("saving").match(h.text) or rule.rx("money").search(h.context)
    ]
    if not bh:
        # no economic benefit claimed (common where the gain is social: hospitals, safety): nothing to
        # recompute, and its absence is no exaggeration — E2 judges a stated benefit
        return []
    bpages = pages_of_hits(bh)
    zone = "\n".join(b.text for _i, b in blocks if b.source.page in bpages)
    if seen := _not_deducted(ctx, rule, blocks):
        parts.append(seen[0])
        evidence, pages = seen[1].context, [seen[1].page]
    elif not rule.rx("deduct").search(zone) or count_numbers(zone) < rule.int("min_numbers"):
        parts.append("no_calculation")
    pot = hits(blocks, rule.rx("potential"), skip_negated=False)
    if pot:
        parts.append("potential")
        pages = sorted(set(pages_of_hits(pot)) | (set(pages) if evidence else set()))
        evidence = evidence or pot[0].context
    if not parts:
        return []
    return [problem(pages, *parts, step="check_effect", evidence=evidence)]


@register(
    "target_met_or_loop",
    words=("loop", "not_met", "claim_met"),
    params=("achievement_below",),
    reviews=("numbers_only",),
)
def check_loop(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """E3: the target was not met but the report goes on to 巩固 without a new PDCA loop. The text
    decides first ("未达到目标"); the recomputed numbers decide when the text says neither that the
    target was met nor that it was missed."""
    nxt = "standardize" if ctx.project_type == INNOVATIVE else "consolidate"
    if not ctx.has("check_effect") or not ctx.has(nxt):
        return []
    text = ctx.text("check_effect")
    if rule.rx("loop").search(text):
        return []
    hs = hits(ctx.blocks("check_effect"), rule.rx("not_met"), skip_negated=False)
    if hs:
        return [problem(pages_of_hits(hs), step="check_effect", evidence=hs[0].context)]
    nums = ctx.analysis.numbers
    lo = float(rule.params["achievement_below"])
    if nums is not None and nums.achievement_stated is not None and nums.achievement_stated < lo:
        # the report's own 目标达成率 below 100 %: the document says the target was missed
        ev = f"目标达成率{nums.achievement_stated:g}%"
        return [problem(ctx.pages("check_effect"), step="check_effect", evidence=ev)]
    if rule.rx("claim_met").search(rule.rx("not_met").sub("", text)):
        return []
    if nums is not None and nums.target_met is False and not nums.loops_back:
        # arithmetic on values read from the figures (a chart's N, a table's other row) is no positive
        # evidence that the target was missed while the text says nothing of it: a review
        why = rule.review("numbers_only")
        return [p.model_copy(update={"unread": p.unread or why}) for p in from_numbers(nums, "E3", rule=rule.id)]
    return []


# ------------------------------------------------------------------------------ A1 / A2 consolidation


def _opening_lost(ctx: CheckContext, rule: RuleSpec) -> bool:
    """The step's body read by OCR opens mid-sentence ("月20日经集团技术中心批准发布：巩固期…", seen fresh16
    w28): its first line, where a standard is most often named, was lost on the scan."""
    heads = ctx.structure.heading_blocks()
    body = [(i, b) for i, b in ctx.blocks("consolidate") if i not in heads and b.kind != BlockKind.heading]
    if not body or not all(b.kind == BlockKind.image_text or b.source.part == "ocr" for _i, b in body):
        return False
    return bool(rule.rx("cut_opening").match(ctx.normalized[body[0][0]].strip()))


@register(
    "consolidate_standard",
    words=("doc_number", "std_name", "hollow", "period_data", "cut_opening", "titled"),
    params=("min_numbers",),
    parts=("hollow", "unnamed", "no_period"),
    reviews=("opening_lost", "titled"),
)
def check_consolidate(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """A1: no named/numbered 标准 or 制度; only 加强管理/培训; no 巩固期 data."""
    if not ctx.has("consolidate") or ctx.project_type == INNOVATIVE:
        return []
    text = read_text(ctx, "consolidate")
    parts: list[str] = []
    named = rule.rx("std_name").search(text)
    if not named or not rule.rx("doc_number").search(text):
        parts.append("hollow" if rule.rx("hollow").search(text) and not named else "unnamed")
    # 巩固期 data: figures over a period in the text, or a chart (object or picture) of the step
    charted = any(b.chart is not None or b.figure is not None for _i, b in ctx.blocks("consolidate"))
    if not charted and (not rule.rx("period_data").search(text) or count_numbers(text) < rule.int("min_numbers")):
        parts.append("no_period")
    if parts == ["no_period"]:
        return []  # the standard is named and numbered: 巩固期 data are asked "where needed" (b.3 A1)
    if not parts:
        return []
    found = problem(ctx.pages("consolidate"), *parts, step="consolidate")
    if "unnamed" in parts and _opening_lost(ctx, rule):
        why = rule.review("opening_lost")
        return [found.model_copy(update={"unread": why})]
    if "unnamed" in parts and (t := rule.rx("titled").search(text)):
        why = rule.review("titled", title=t.group(0))
        return [found.model_copy(update={"unread": why})]
    return [found]


@register(
    "standardize",
    words=("value", "std_name", "archived", "step_word", "head_label"),
    parts=("no_value", "no_standard"),
    messages=("absent",),
)
def check_standardize(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """A2 (创新型): no 标准化, no judgement of 推广价值, one-off result not archived."""
    if ctx.project_type != INNOVATIVE:
        return []
    if not ctx.has("standardize"):
        return [problem([], step="standardize", template="absent", absent_step="standardize")]
    text = ctx.text("standardize")
    # the step's own heading ("七、标准化") names no standard (seen fresh4 i38); a heading that is a label with
    # its content after the colon ("标准化：发布《…》…") holds the body after the label
    heads = ctx.structure.heading_blocks()
    label = rule.rx("head_label")
    body = "\n".join(
        _after_label(ctx.normalized[i], label)
        if i in heads or b.kind in (BlockKind.title, BlockKind.heading)
        else ctx.normalized[i]
        for i, b in ctx.blocks("standardize")
    )
    parts: list[str] = []
    if not rule.rx("value").search(text):
        parts.append("no_value")
    # the step's own name in its body (a banner picture "07 标准化 STANDARD", seen fresh f35) names no standard
    body = rule.rx("step_word").sub(" ", body)
    if not rule.rx("std_name").search(body) and not rule.rx("archived").search(body):
        parts.append("no_standard")
    if not parts:
        return []
    return [problem(ctx.pages("standardize"), *parts, step="standardize")]


def _after_label(text: str, label: re.Pattern[str]) -> str:
    """A heading's content after its label ("标准化：发布《…》" → "发布《…》"); nothing when it is a bare title."""
    m = label.match(text)
    return text[m.end() :] if m else ""


# ------------------------------------------------------------------------------ Z1 summary


@register(
    "summary_next",
    words=("next", "gain", "step_name", "step_heading"),
    params=("hollow_chars",),
    parts=("no_gain", "no_next", "hollow"),
)
def check_summary(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """Z1: no 无形成果 / no next 课题 (looked for as words: a review, `review_parts`). A 总结 whose body is
    a line or two of text, no table, chart or picture, in which neither is seen, holds nothing a reviewer
    could count: that is read from the step itself, a finding ("hollow", seen fresh13 s37)."""
    if not ctx.has("summary"):
        return []
    text = ctx.text("summary")
    parts: list[str] = []
    # 品管圈 decks give the 无形成果 (雷达图, 圈员成长) under 效果确认: it counts where it is written
    gains = rule.rx("step_name").sub("", text) + "\n" + ctx.text("check_effect")
    if not rule.rx("gain").search(gains):
        parts.append("no_gain")
    if not rule.rx("next").search(rule.rx("step_heading").sub("", text)):
        parts.append("no_next")
    if not parts:
        return []
    if len(parts) == 2 and _hollow(ctx, rule):
        return [problem(ctx.pages("summary"), "hollow", step="summary")]
    return [problem(ctx.pages("summary"), *parts, step="summary")]


def _hollow(ctx: CheckContext, rule: RuleSpec) -> bool:
    """The 总结's body: short text only (headings and the step's own name aside, no figure of any kind),
    under a heading of its own after the 效果检查 (text taken for the 总结 without one — a cover's
    "PDSA持续改进 / 汇报人", seen fresh8 n44 — is a placement, not a step read)."""
    heads = (BlockKind.title, BlockKind.heading)
    blocks = ctx.blocks("summary")
    effect = ctx.pages("check_effect")
    if not any(b.kind in heads for _i, b in blocks) or not effect or min(ctx.pages("summary")) <= max(effect):
        return False
    body = [(i, b) for i, b in blocks if b.kind not in heads]
    if any(
        b.kind in (BlockKind.table, BlockKind.chart, BlockKind.image_text)
        or b.chart is not None
        or b.figure is not None
        for _i, b in body
    ):
        return False
    text = rule.rx("step_heading").sub("", "".join(ctx.normalized[i] for i, _b in body))
    return 0 < len(re.sub(r"\s", "", text)) <= rule.int("hollow_chars")


# ------------------------------------------------------------------------------ Q2 whole report


def _furniture_prompt(ctx: CheckContext, rule: RuleSpec, h: Hit) -> bool:
    """An authoring prompt on the cover or a closing slide (its page holds nothing but the prompt and a
    closing word): page furniture, no content left unfinished."""
    if not rule.rx("prompt").search(h.text + h.context):
        return False
    pages = [b.source.page for b in ctx.doc.blocks]
    if h.page in (min(pages), max(pages)):
        return True
    rest = [ctx.normalized[i] for i, b in enumerate(ctx.doc.blocks) if b.source.page == h.page and i != h.block]
    return all(rule.rx("closing").search(t) or not t.strip() for t in rest)


def _stray(ctx: CheckContext, rule: RuleSpec, h: Hit) -> bool:
    """A prompt or an emblem slot beside the content of its page (not standing in for that content)."""
    if not rule.rx("lone").search(h.text + h.context):
        return False
    kinds = (BlockKind.title, BlockKind.note, BlockKind.furniture)
    rest = [
        ctx.normalized[i]
        for i, b in enumerate(ctx.doc.blocks)
        if b.source.page == h.page and i != h.block and b.kind not in kinds
    ]
    return sum(len(t.strip()) for t in rest) >= rule.int("stray_page_chars")


@register(
    "placeholders",
    words=("placeholder", "prompt", "closing", "lone"),
    params=("text_only", "text_only_chars", "text_only_numbers", "stray_page_chars"),
    messages=("text_only",),
    values=("words",),
    reviews=("stray_prompt",),
)
def check_placeholders(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """Q2: placeholders left in, or a report that is almost all text."""
    body = [(i, b) for i, b in enumerate(ctx.doc.blocks) if b.kind not in (BlockKind.note, BlockKind.furniture)]
    hs = [h for h in hits(body, rule.rx("placeholder"), skip_negated=False) if not _furniture_prompt(ctx, rule, h)]
    if hs:
        found = problem(pages_of_hits(hs), evidence=hs[0].context, words=hit_words(hs))
        if len({h.block for h in hs}) == 1 and _stray(ctx, rule, hs[0]):
            # one stray authoring prompt or a slot for the team's emblem, every figure the text needs present:
            # template furniture a reviewer tidies, one signal only (seen fresh4 i30, i34)
            why = rule.review("stray_prompt", prompt=hs[0].context[:30])
            return [found.model_copy(update={"unread": why})]
        return [found]
    n_figures = sum(1 for _i, b in body if b.kind in (BlockKind.table, BlockKind.chart, BlockKind.image_text))
    text = ctx.doc.text
    if (
        rule.params["text_only"]
        and len(text) > rule.int("text_only_chars")
        and n_figures == 0
        and count_numbers(text) < rule.int("text_only_numbers")
    ):
        return [problem([], template="text_only")]
    return []


# ------------------------------------------------------------------------------ N1 solutions (创新型)

_CN_COUNT = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


@register(
    "solutions",
    words=(
        "overall",
        "stated_count",
        "level",
        "test",
        "option_head",
        "choice_head",
        "task_choice",
        "plan_head",
        "attack_head",
        "level_head",
        "level_tool",
        "level_choice",
    ),
    params=("min_numbers", "plan_head_min", "level_choice_min"),
    parts=("one_overall", "no_levels", "no_test"),
    reviews=("task_style", "choice_unread", "levels_unread"),
)
def check_solutions(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """N1 (创新型): one 总体方案 only, no 分级方案, or 方案 chosen without test data. The options may be
    compared in a table (one row per 方策群组 / 总体方案, with their trial results), also where the
    comparison closes the plan step (品管圈 最适方策探究)."""
    if ctx.project_type != INNOVATIVE or not ctx.has("propose_solutions"):
        return []
    task = task_style(ctx.normalized)
    options, beside = _option_tables(ctx, rule, levels_apart=not task)
    text = "\n".join([ctx.text("propose_solutions"), beside])
    n = len({next(g for g in m.groups() if g) for m in rule.rx("overall").finditer(text)})
    n = max(n, *(t.count("\n") for t in options), 0)  # data rows of an options table
    if m_count := rule.rx("stated_count").search(text):
        said = next(g for g in m_count.groups() if g)
        n = max(n, _CN_COUNT.get(said, 0) or (int(said) if said.isdigit() else 0))
    parts: list[str] = []
    if n < 2:
        parts.append("one_overall")
    if not rule.rx("level").search(text) and not _levels_drawn(ctx, rule) and not _levels_chosen(ctx, rule):
        parts.append("no_levels")
    if not rule.rx("test").search(text) or count_numbers(text) < rule.int("min_numbers"):
        parts.append("no_test")
    if not parts:
        return []
    found = problem(ctx.pages("propose_solutions"), *parts, step="propose_solutions")
    # the options table scores a single option, and nothing else names a second: there was no choice
    # (a 方策评价表 of one row "建立…追踪系统 | 41 | 35 | 41 | 117 | 采纳", seen fresh12 r62)
    single = n < 2 and bool(options) and sum(t.count("\n") for t in options) == 1
    if task and parts != ["no_test"]:
        # 品管圈 课题达成型 proposes 方策 per 攻坚点, evaluates them and settles the 最适方策 (house-styles §1), not
        # CAQ's 总体方案 → 分级方案: the style's own choice seen meets those parts, its absence is a review
        if not rule.rx("task_choice").search(ctx.text("propose_solutions", "plan_countermeasures")):
            why = rule.review("task_style")
            return [found.model_copy(update={"unread": why})]
        parts = [p for p in parts if p == "no_test" or (p == "one_overall" and single)]
        if not parts:
            return []
        found = problem(ctx.pages("propose_solutions"), *parts, step="propose_solutions")
    if parts == ["no_test"]:
        # several options and their levels seen, only the data of the choice not read: the choice may rest
        # on what a new hand does not call a test (品管圈 最适方策探究: 障碍/副作用 judged per 方策, seen
        # fresh3 h14) — a review, never a finding on its own
        why = rule.review("choice_unread")
        return [found.model_copy(update={"unread": why})]
    if "one_overall" not in parts:
        # several 总体方案 read, their decomposition not: it is drawn, chosen part by part or refined under
        # names a new hand picks (seen fresh8 n43, fresh15 v22, fresh17 y08, fresh21 e08) — a review
        why = rule.review("levels_unread")
        return [found.model_copy(update={"unread": why})]
    return [found]


def _levels_drawn(ctx: CheckContext, rule: RuleSpec) -> bool:
    """The decomposition shown, not named: a 系统图 the tool reading found displayed in 提出方案 (a picture
    classified as a tree, a table or caption of it — not a bare mention). Its nodes are the 分级方案 whatever
    the page calls them ("方案A分级展开", seen fresh15 v22)."""
    return any(
        rule.rx("level_tool").fullmatch(t.name) and "propose_solutions" in t.steps and set(t.via) - {"mention"}
        for t in ctx.analysis.tools.tools
    )


def _levels_chosen(ctx: CheckContext, rule: RuleSpec) -> bool:
    """The decomposition shown by its choices, not named: lines of 提出方案 each comparing the alternatives of
    one part and choosing ("抽吸泵：螺杆泵与隔膜泵对比，…——选螺杆泵", seen fresh17 y08). A line choosing between
    the overall options (方案A/方案B) is the overall choice, not a level."""
    lines = [
        ln
        for ln in ctx.text("propose_solutions").splitlines()
        if rule.rx("level_choice").search(ln) and not rule.rx("overall").search(ln)
    ]
    return len(lines) >= rule.int("level_choice_min")


def _plan_table(rule: RuleSpec, head: list[str]) -> bool:
    """A 对策/实施计划表 headed "方策 | 目标 | 措施 | 地点 | 时间 | 负责人": its rows are the 方策 carried out,
    not options compared (seen fresh12 r62, where it hid a one-row 方策评价表)."""
    return sum(1 for cell in head if rule.rx("plan_head").search(cell)) >= rule.int("plan_head_min")


def _grouped(rule: RuleSpec, grid: list[list[str]]) -> bool:
    """A table whose options are grouped by a column to their left: "分级项目 | 方案 | 试验数据 | 结论" with
    爬升动力 over two rows, 导向方式 over the next two. Its rows are the alternatives of each part of one
    总体方案 (CAQ 分级方案 chosen by tests), not overall options (seen fresh13 s61). A left column that is
    itself an option column ("总体方案 | 分级 | 方案") groups overall options and is counted as such. A left
    column headed by the part itself ("分级项目 | 备选方案 | 试验数据 | 结论", one row per part holding its
    alternatives "硅胶加热毯 / 碳纤维发热膜", seen fresh20 d46) is such a grouping whatever its rows hold."""
    head, rows = grid[0], grid[1:]
    col = next(j for j, cell in enumerate(head) if rule.rx("option_head").search(cell))
    for j in range(col):
        if rule.rx("option_head").search(head[j]) or rule.rx("attack_head").search(head[j]):
            continue  # overall options, or 方策 per 攻坚点 (the 课题达成型's own grouping, whatever the cover says)
        if rule.rx("level_head").search(head[j]):
            return True
        values: list[str] = []
        for r in rows:  # a cell left blank under a part's name belongs to it, as a merged cell does
            cell = r[j].strip() if j < len(r) else ""
            values.append(cell or (values[-1] if values else ""))
        if all(values) and len(set(values)) < len(values):
            return True
    return False


def _option_tables(ctx: CheckContext, rule: RuleSpec, *, levels_apart: bool) -> tuple[list[str], str]:
    """The tables comparing overall options (a header cell 方策群组 / 总体方案 / 方策 …), and the text of
    the pages holding them (their trial results may be written beside the table). With `levels_apart`
    (a CAQ 创新型, not a 品管圈 课题达成型 whose 方策 are grouped per 攻坚点) a table of options grouped by
    a part (`_grouped`) compares 分级方案: its page is read, its rows are no overall options."""
    blocks = ctx.blocks("propose_solutions", "plan_countermeasures")
    # 品管圈 最适方策探究: the options tried against each other on pages of their own after the 评价
    tried = {
        b.source.page for i, b in ctx.blocks("plan_countermeasures") if rule.rx("choice_head").search(ctx.normalized[i])
    }
    # the options may head any column: "攻坚点 | 方策 | 可行性 …" compares several 方策 per 攻坚点
    tables = [
        b
        for _i, b in blocks
        if b.table is not None
        and b.table.n_rows >= 2
        and any(rule.rx("option_head").search(cell) for cell in b.table.filled_grid()[0])
        and not _plan_table(rule, b.table.filled_grid()[0])
    ]
    pages = {b.source.page for b in tables} | tried
    beside = "\n".join(ctx.normalized[i] for i, b in blocks if b.source.page in pages)
    overall = [
        b for b in tables if not (levels_apart and b.table is not None and _grouped(rule, b.table.filled_grid()))
    ]
    return [b.table.to_text() for b in overall if b.table is not None], beside
