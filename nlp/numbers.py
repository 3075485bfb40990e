"""The numbers of a 问题解决型 project: 课题 metric, direction, 现状值, 目标值, 活动后值, and the
arithmetic around them (spec/domain.md b.2 "目标 arithmetic" / "效果 arithmetic", rules G1, E1, E3).

* direction: 降低/减少/缩短… → "decrease", 提高/提升/增加… → "increase" (title first, then the target text);
* baseline / target: "由3.2%降低到1.5%", "现状值为3.2%", "目标值：1.5%", a 现状/目标 bar chart or table;
* after: "活动后…为1.1%" in 效果检查, a 活动前/目标/活动后 chart or table;
* 目标达成率 = (after − baseline) / (target − baseline) × 100 %, 进步率 = |after − baseline| / baseline × 100 %,
  recomputed when stated and compared with a 0.5-point tolerance.

Findings: G1 (target on the wrong side of the baseline), E1 (效果检查 without a comparison with the
target; a stated 达成率/进步率 that does not recompute), E3 (target missed, or no better than the
baseline, and the report moves on to 巩固 without going back round the PDCA loop). Pareto sums are read
here (`paretos`) but their findings come from `nlp.tools` (rule X2/Q1, check type `pareto_rules`).

Registered rubric check types: `numbers_consistency` (all of them; `params.rules` filters),
`target_direction` (G1), `effect_vs_target` (E1, E3).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from ingest.model import BlockKind, Document

from . import charts
from .findings import Finding, Severity
from .normalize import fold, normalize
from .registry import CheckContext, filter_by_params, register

TOLERANCE = 0.5  # percentage points
DECREASE = ("降低", "减少", "缩短", "下降", "减小", "压缩", "消除", "减低")
INCREASE = ("提高", "提升", "增加", "增强", "延长", "扩大")
_NUM = r"((?<![\d.])-?\d+(?:\.\d+)?)(?!\d|\.\d|\s*[年月日号])"
_UNIT = (r"\s*((?:[\u4e00-\u9fff]{1,2}(?=\s*/)|[A-Za-zμ]{1,4}(?=\s*/)|%|％|‰|ppm|万元|元|分钟|min|小时|h|天|秒|个|件|次|台|起|人次|mm|℃|kg|吨|米|m|分|s|lx|MPa)"
         r"(?:\s*/\s*[\u4e00-\u9fffA-Za-z0-9³²]{1,6})?)?")
_CHANGE = re.compile(
    rf"(?:由|从)\s*(?:原来的|现状的|活动前的)?\s*{_NUM}{_UNIT}\s*(?:的水平)?\s*"
    rf"(降低|下降|减少|缩短|减小|压缩|降|提高|提升|增加|增长|延长|提)\s*(?:到|至|为|了)?\s*{_NUM}{_UNIT}"
)
_BASE = re.compile(rf"(?:现状值|现况值|现状水平|活动前|改善前|改进前|实施前|现状(?!调查|分析|把握))[^。；;\n\d]{{0,14}}?{_NUM}{_UNIT}")
_TARGET = re.compile(
    rf"(?:目标值|课题目标|小组目标|活动目标|设定目标|目标)[^。；;\n\d]{{0,18}}?"
    rf"(?:到|至|为|在|：|:|≤|≥|<|>|＜|＞|低于|高于|不超过|不低于|以下|以上)?\s*{_NUM}{_UNIT}"
)
_AFTER = re.compile(
    rf"(?:活动后|实施后|改善后|改进后|对策后|对策实施后|攻关后|巩固期)[^。；;\n\d]{{0,20}}?{_NUM}{_UNIT}"
)
_BEFORE_WORDS = re.compile(r"活动前|现状|实施前|改善前|改进前|攻关前|原来")
_TARGET_WORDS = re.compile(r"目标")
_AFTER_WORDS = re.compile(r"活动后|实施后|改善后|改进后|对策后|攻关后|效果检查|巩固期")
_RATE_ACH = re.compile(r"(?:目标)?达成率[^。；;，,\n]*")
_RATE_PROG = re.compile(r"(?:进步率|改善幅度|改进幅度)[^。；;，,\n]*")
_PCT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_LOOP_MISS = re.compile(r"未达到?目标|未达标|没有达到|未能达到|未完成目标|目标未实现")
_LOOP_BACK = re.compile(r"重新|再次|返回|回到|第二轮|第二次|下一轮|新一轮|PDCA循环|继续.{0,6}(分析|改进)")


class Value(BaseModel):
    value: float
    unit: str = ""
    page: int = 0
    step: str | None = None
    evidence: str = ""


class ParetoSum(BaseModel):
    page: int
    step: str | None
    categories: int
    total: float
    stated_total: float | None = None


class NumbersReport(BaseModel):
    title: str | None = None
    metric: str | None = None
    direction: str | None = None  # "decrease" | "increase"
    baseline: Value | None = None
    target: Value | None = None
    after: Value | None = None
    achievement_stated: float | None = None
    achievement_computed: float | None = None
    progress_stated: float | None = None
    progress_computed: float | None = None
    target_met: bool | None = None
    improved: bool | None = None
    compared_with_target: bool | None = None
    loops_back: bool = False
    paretos: list[ParetoSum] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(exclude={"findings"})


# ---------------------------------------------------------------------------------------- helpers


def _step_blocks(doc: Document, steps: list[str | None], wanted: tuple[str, ...]) -> list[int]:
    return [i for i, s in enumerate(steps) if s in wanted and doc.blocks[i].kind != BlockKind.note]


def _lines(doc: Document, idxs: list[int]) -> list[tuple[int, str]]:
    out = []
    for i in idxs:
        b = doc.blocks[i]
        if b.kind in (BlockKind.table, BlockKind.chart, BlockKind.furniture):
            continue
        for line in normalize(b.text).split("\n"):
            if line.strip():
                out.append((i, line))
    return out


def doc_title(doc: Document) -> str | None:
    """The project title: "课题名称：…"/"选定课题：…" when the report says it, else the title that the
    project-type module picks (document title unless it is a step heading, core title, first line)."""
    for b in doc.blocks:
        m = re.search(r"(?:课题名称|项目名称|成果名称|选定课题)\s*[：:]\s*(.+)", b.text)
        if m and b.kind != BlockKind.table:
            return m.group(1).strip().split("\n")[0].strip("。 ")
    from .project_type import doc_title as picked  # late: project_type imports the step parser

    return picked(doc) or doc.title or None


def direction_of(text: str) -> str | None:
    t = normalize(text)
    best: tuple[int, str] | None = None
    for words, d in ((DECREASE, "decrease"), (INCREASE, "increase")):
        for w in words:
            k = t.find(w)
            if k >= 0 and (best is None or k < best[0]):
                best = (k, d)
    return best[1] if best else None


def metric_of(title: str) -> str | None:
    t = normalize(title)
    for w in sorted(DECREASE + INCREASE, key=len, reverse=True):
        k = t.find(w)
        if k >= 0:
            rest = t[k + len(w) :].strip(" 《》“”\"")
            return rest or None
    return None


def _value(m: re.Match[str], num_group: int, unit_group: int, doc: Document, i: int, step: str | None) -> Value:
    return Value(value=float(m.group(num_group)), unit=re.sub(r"\s+", "", m.group(unit_group) or "").replace("％", "%"),
                 page=doc.blocks[i].source.page, step=step, evidence=m.group(0)[:60])


def _chart_or_table_values(doc: Document, idxs: list[int], steps: list[str | None]) -> dict[str, Value]:
    """现状/目标/活动后 from a chart's categories or a small table (row or column labels)."""
    out: dict[str, Value] = {}
    labels = {
        "baseline": ("活动前", "现状", "改善前", "实施前", "改进前", "现状值", "攻关前"),
        "target": ("目标", "目标值"),
        "after": ("活动后", "改善后", "实施后", "改进后", "对策后", "攻关后", "效果", "实际", "实际值", "完成值", "达成值",
                  "实测值", "检查结果"),
    }

    def put(label: str, val: float | None, i: int) -> None:
        if val is None:
            return
        f = fold(label).text
        for key, names in labels.items():
            if key not in out and any(f.startswith(fold(n).text) for n in names):
                out[key] = Value(value=val, page=doc.blocks[i].source.page, step=steps[i], evidence=f"{label} {val:g}")
                return

    for i in idxs:
        b = doc.blocks[i]
        if b.chart is not None and b.chart.series:
            s = b.chart.series[0]
            for cat, v in zip(b.chart.categories, s.values, strict=False):
                put(cat, v, i)
        elif b.table is not None and b.table.n_rows >= 2:
            g = b.table.filled_grid()
            if b.table.n_cols >= 2:
                for row in g[1:2] if len(g) > 1 else []:
                    for j, head in enumerate(g[0]):
                        put(head, charts.parse_number(row[j]), i)
                for row in g:
                    put(row[0], charts.parse_number(row[1]), i)
    return out


# ------------------------------------------------------------------------------------------ analyze

_TARGET_STEPS = ("set_target", "target_feasibility")
_STATE_STEPS = ("current_state", "select_topic", "set_target", "target_feasibility")
_EFFECT_STEPS = ("check_effect",)
_AFTER_STEPS = ("consolidate", "standardize", "summary")


def _last_pct(clause: str) -> float | None:
    found = _PCT.findall(clause)
    return float(found[-1]) if found else None


def _extract(doc: Document, steps: list[str | None], rep: NumbersReport) -> None:
    tgt_lines = _lines(doc, _step_blocks(doc, steps, _TARGET_STEPS))
    state_lines = _lines(doc, _step_blocks(doc, steps, _STATE_STEPS))
    eff_idx = _step_blocks(doc, steps, _EFFECT_STEPS)
    eff_lines = _lines(doc, eff_idx)

    for i, line in tgt_lines + state_lines:
        m = _CHANGE.search(line)
        if m and rep.target is None:
            rep.baseline = rep.baseline or _value(m, 1, 2, doc, i, steps[i])
            rep.target = _value(m, 4, 5, doc, i, steps[i])
            # the target sentence's own verb wins over the title ("提高…效率" measured as a time to shorten)
            rep.direction = "increase" if m.group(3).startswith(("提", "增", "延")) else "decrease"
    # a stated target beats the 测算 formula line ("目标值＝现状值－…≈1.11%")
    for i, line in sorted(tgt_lines, key=lambda x: ("=" in x[1] or "＝" in x[1])):
        if rep.target is None:
            m = _TARGET.search(line)
            if m:
                rep.target = _value(m, 1, 2, doc, i, steps[i])
    for i, line in state_lines:
        if rep.baseline is None:
            m = _BASE.search(line)
            if m:
                rep.baseline = _value(m, 1, 2, doc, i, steps[i])
    if rep.baseline is None and rep.metric:
        tail = re.escape(normalize(rep.metric)[-3:])
        pat = re.compile(rf"{tail}[^。；;\n\d]{{0,10}}?{_NUM}{_UNIT}")
        for i, line in _lines(doc, _step_blocks(doc, steps, ("current_state", "target_feasibility"))):
            m = pat.search(line)
            if m:
                rep.baseline = _value(m, 1, 2, doc, i, steps[i])
                break
    table_vals = _chart_or_table_values(doc, _step_blocks(doc, steps, _STATE_STEPS), steps)
    rep.baseline = rep.baseline or table_vals.get("baseline")
    rep.target = rep.target or table_vals.get("target")

    ref = rep.target or rep.baseline
    ref_unit = ref.unit if ref else ""

    def fits(v: Value, from_text: bool = True) -> bool:
        # a number in running text must carry the metric's unit ("共检查211块" is not the after value)
        return not ref_unit or v.unit == ref_unit or (not from_text and not v.unit)

    cands: list[tuple[int, int, Value]] = []  # (priority, order, value)
    metric_tail = re.escape(normalize(rep.metric)[-3:]) if rep.metric else None
    metric_pat = re.compile(rf"{metric_tail}[^。；;\n\d]{{0,10}}?{_NUM}{_UNIT}") if metric_tail else None
    for k, (i, line) in enumerate(eff_lines):
        m = _CHANGE.search(line)
        if m:
            v = _value(m, 4, 5, doc, i, steps[i])
            on_metric = bool(metric_tail and re.search(metric_tail, line[: m.start() + 1]))
            if fits(v):
                cands.append((0 if on_metric else 4, k, v))
                if rep.baseline is None:
                    rep.baseline = _value(m, 1, 2, doc, i, steps[i])
        if metric_pat is not None:
            after_line = bool(_AFTER_WORDS.search(line))
            for mm in metric_pat.finditer(line):
                v = _value(mm, 1, 2, doc, i, steps[i])
                before = _BEFORE_WORDS.search(line[max(0, mm.start() - 12) : mm.end()])
                if fits(v) and not before and not _TARGET_WORDS.search(mm.group(0)):
                    cands.append((2 if after_line else 3, k, v))
        m2 = _AFTER.search(line)
        if m2:
            v = _value(m2, 1, 2, doc, i, steps[i])
            if fits(v):
                cands.append((3, k, v))
        if rep.baseline is None:
            m3 = _BASE.search(line)
            if m3 and fits(_value(m3, 1, 2, doc, i, steps[i])):
                rep.baseline = _value(m3, 1, 2, doc, i, steps[i])
        a = _RATE_ACH.search(line)
        if a and rep.achievement_stated is None:
            rep.achievement_stated = _last_pct(a.group(0))
        p = _RATE_PROG.search(line)
        if p and rep.progress_stated is None:
            rep.progress_stated = _last_pct(p.group(0))
    eff_vals = _chart_or_table_values(doc, eff_idx, steps)
    if "after" in eff_vals:
        cands.append((1, 0, eff_vals["after"]))
    if cands:
        rep.after = min(cands, key=lambda c: (c[0], c[1]))[2]
    rep.baseline = rep.baseline or eff_vals.get("baseline")
    rep.target = rep.target or eff_vals.get("target")

    continued: set[int] = set()
    for i, s in enumerate(steps):
        b = doc.blocks[i]
        if s not in ("current_state", "check_effect", "target_feasibility") or i in continued:
            continue
        p_data = None
        if b.chart is not None:
            p_data = charts.read_pareto_chart(b.chart)
        elif b.table is not None:
            p_data, used = charts.pareto_table_at(doc, i)
            continued.update(used)
        if p_data is not None:
            rep.paretos.append(ParetoSum(page=b.source.page, step=s, categories=len(p_data.categories),
                                         total=p_data.total, stated_total=p_data.stated_total))


def _same_unit(a: Value, b: Value) -> bool:
    return not a.unit or not b.unit or a.unit == b.unit


def analyze(doc: Document, block_steps: list[str | None], project_type: str = "problem_solving") -> NumbersReport:
    steps = list(block_steps[: len(doc.blocks)]) + [None] * max(0, len(doc.blocks) - len(block_steps))
    rep = NumbersReport()
    rep.title = doc_title(doc)
    if rep.title:
        rep.direction = direction_of(rep.title)
        rep.metric = metric_of(rep.title)
    _extract(doc, steps, rep)
    findings: list[Finding] = []
    base, tgt, after = rep.baseline, rep.target, rep.after

    # G1: the target must lie on the improving side of the baseline.
    if base and tgt and rep.direction and _same_unit(base, tgt):
        wrong = tgt.value >= base.value if rep.direction == "decrease" else tgt.value <= base.value
        if wrong:
            verb = "降低" if rep.direction == "decrease" else "提高"
            findings.append(Finding(
                rule="G1", severity=Severity.major, step=tgt.step or "set_target", pages=sorted({base.page, tgt.page}),
                message=f"课题要求{verb}，但目标值{tgt.value:g}{tgt.unit}并未{verb}（现状值{base.value:g}{base.unit}），目标方向错误",
                evidence=tgt.evidence,
            ))

    eff_idx = _step_blocks(doc, steps, _EFFECT_STEPS)
    if eff_idx:
        eff_text = normalize("\n".join(doc.blocks[i].text for i in eff_idx))
        eff_pages = sorted({doc.blocks[i].source.page for i in eff_idx})
        mentions_target = "目标" in eff_text or (tgt is not None and f"{tgt.value:g}" in eff_text)
        rep.compared_with_target = mentions_target
        if not mentions_target:
            findings.append(Finding(rule="E1", severity=Severity.major, step="check_effect", pages=eff_pages[:3],
                                    message="效果检查未与课题目标进行对比，无法判断目标是否完成"))
        later = [i for i, s in enumerate(steps) if s in _EFFECT_STEPS + _AFTER_STEPS]
        tail = normalize("\n".join(doc.blocks[i].text for i in later))
        rep.loops_back = bool(_LOOP_MISS.search(tail) and _LOOP_BACK.search(tail))
        if base and tgt and after and _same_unit(base, after) and abs(tgt.value - base.value) > 1e-9:
            rep.achievement_computed = round((after.value - base.value) / (tgt.value - base.value) * 100, 2)
        if base and after and base.value and _same_unit(base, after):
            rep.progress_computed = round(abs(after.value - base.value) / base.value * 100, 2)
        if rep.achievement_stated is not None and rep.achievement_computed is not None:
            if abs(rep.achievement_stated - rep.achievement_computed) > TOLERANCE:
                findings.append(Finding(
                    rule="E1", severity=Severity.minor, step="check_effect", pages=eff_pages[:3],
                    message=f"目标达成率写为{rep.achievement_stated:g}%，按现状值、目标值和活动后数值计算应为{rep.achievement_computed:.1f}%",
                ))
        if rep.progress_stated is not None and rep.progress_computed is not None:
            if abs(rep.progress_stated - rep.progress_computed) > TOLERANCE:
                findings.append(Finding(
                    rule="E1", severity=Severity.minor, step="check_effect", pages=eff_pages[:3],
                    message=f"进步率写为{rep.progress_stated:g}%，按活动前后数值计算应为{rep.progress_computed:.1f}%",
                ))
        if after and rep.direction:
            dec = rep.direction == "decrease"
            if tgt and _same_unit(tgt, after):
                rep.target_met = after.value <= tgt.value + 1e-9 if dec else after.value >= tgt.value - 1e-9
            if base and _same_unit(base, after):
                rep.improved = after.value < base.value if dec else after.value > base.value
            has_after_steps = any(s in ("consolidate", "standardize") for s in steps[max(eff_idx) :])
            missed = rep.target_met is False or rep.improved is False
            if missed and has_after_steps and not rep.loops_back:
                unit = after.unit or (tgt.unit if tgt else "") or (base.unit if base else "")
                what = (f"活动后{after.value:g}{unit}未达到目标值{tgt.value:g}{tgt.unit or unit}" if rep.target_met is False and tgt
                        else f"活动后{after.value:g}{unit}未优于活动前")
                findings.append(Finding(
                    rule="E3", severity=Severity.major, step="check_effect", pages=sorted({after.page}),
                    message=f"{what}，但报告直接进入巩固措施，没有返回原因分析重新开展PDCA循环",
                    evidence=after.evidence,
                ))
    rep.findings = findings
    return rep


# ------------------------------------------------------------------------------------ rubric checks


def report_for(ctx: CheckContext) -> NumbersReport:
    rep = ctx.analyses.get("numbers")
    if not isinstance(rep, NumbersReport):
        rep = analyze(ctx.doc, ctx.block_steps, ctx.project_type)
        ctx.analyses["numbers"] = rep
    return rep


def _filtered(ctx: CheckContext, params: dict[str, Any], default: tuple[str, ...]) -> list[Finding]:
    """params: rules (subset of the default ids), steps / exclude_steps."""
    return filter_by_params(report_for(ctx).findings, params, allowed=default)


@register("numbers_consistency")
def check_numbers(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """G1, E1, E3 from the numbers (params.rules: a subset of ["G1", "E1", "E3"])."""
    return _filtered(ctx, params, ("G1", "E1", "E3"))


@register("target_direction")
def check_target_direction(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """G1: the target is not on the improving side of the baseline."""
    return _filtered(ctx, params, ("G1",))


@register("effect_vs_target")
def check_effect_vs_target(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """E1 (no comparison with the target, rates that do not recompute) and E3 (target missed, no loop)."""
    return _filtered(ctx, params, ("E1", "E3"))
