"""The numbers of a 问题解决型 project: 课题 metric, direction, 现状值, 目标值, 活动后值, and the
arithmetic around them (spec/domain.md b.2 "目标 arithmetic" / "效果 arithmetic", rules G1, E1, E3).

* direction: 降低/减少/缩短… → "decrease", 提高/提升/增加… → "increase" (title first, then the target text);
* baseline / target: "由3.2%降低到1.5%", "现状值为3.2%", "目标值：1.5%", a 现状/目标 bar chart or table;
* after: "活动后…为1.1%" in 效果检查, a 活动前/目标/活动后 chart or table;
* a value read from a table carries its row and column headers (`Value.row`, `Value.column`): in a
  table of several metrics the row that names the 课题 metric is read, not the first one;
* 目标达成率 = (after − baseline) / (target − baseline) × 100 %, 进步率 = |after − baseline| / baseline × 100 %,
  recomputed when stated and compared with a 0.5-point tolerance.

Sanity before judging: arithmetic on numbers the reader may have picked from the wrong place is not
evidence of a defect. Mixed units, a recomputed 达成率 outside [-100 %, 300 %] or a 进步率 above 100 %
for a decrease, a target equal to the baseline, and a rate stated in 百分点 (or one that equals the
point difference rather than the relative change) are reported as "无法核对" (`unverifiable`, with the
page and the values read) and never as a finding.

Findings: G1 (target on the wrong side of the baseline), E1 (效果检查 without a comparison with the
target; a stated 达成率/进步率 that does not recompute), E3 (target missed, or no better than the
baseline, and the report moves on to 巩固 without going back round the PDCA loop). Pareto sums are read
here (`paretos`) but their findings come from `nlp.tools` (rule X2/Q1, check type `pareto_rules`).

The rules G1, E1 and E3 (nlp.rules, nlp.rules_do) report these findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from ingest.model import BlockKind, Document

from . import charts, formula, lexfile
from .findings import Finding, Severity
from .normalize import normalize
from .numbers_tables import Value, chart_or_table_values, names_metric

_LIMITS = lexfile.load("numbers.yaml")["numbers"]  # thresholds as data (lexicon/numbers.yaml)
_STANDARD_REVIEW = str(lexfile.load("numbers.yaml")["formula"]["standard_review"])
_OWN_FORMULA = str(lexfile.load("numbers.yaml")["formula"]["own_progress"])
TOLERANCE = float(_LIMITS["tolerance_points"])  # percentage points
PART_GAP = float(_LIMITS["part_gap"])  # a from-value this far (relative) from the 现状值 speaks of a part of the metric
# a recomputed 达成率 outside is a misreading, not a defect
ACHIEVEMENT_BOUNDS = (float(_LIMITS["achievement_bounds"][0]), float(_LIMITS["achievement_bounds"][1]))
DECREASE = ("降低", "减少", "缩短", "下降", "减小", "压缩", "消除", "减低")
INCREASE = ("提高", "提升", "增加", "增强", "延长", "扩大")
# a number that names a model ("25T型客车", "6型") is no value (seen fresh2 g17: "目标：25T型客车…" read as 25)
_NUM = r"((?<![\d.])-?\d+(?:\.\d+)?)(?!\d|\.\d|\s*[年月日号]|[A-Za-z]{0,3}型)"
_UNIT = (
    r"\s*((?:[\u4e00-\u9fff]{1,2}(?=\s*/)|[A-Za-zμ]{1,4}(?=\s*/)|%|％|‰|ppm|万元|元|分钟|min|小时|h|天|秒|个|件|次|台|起|人次|mm|℃|kg|吨|米|m|分|s|lx|MPa)"
    r"(?:\s*/\s*[\u4e00-\u9fffA-Za-z0-9³²·]{1,6})?)?"  # "次/百台·月"
)
# … a period may stand before the from-value ("由半年58次降至29次以下", seen fresh7 m42), and before the
# to-value after 到/至/为 ("由月均1.58次降至月均0.6次以下", seen fresh12 r42)
_PERIOD = r"(?:(?:上|下|近|每|全|本)?(?:半年|年|季度|月|周|日|天)(?:度|均)?的?)?"
_CHANGE = re.compile(
    rf"(?:由|从)(?!于)\s*(?:原来的|现状的|活动前的)?\s*{_PERIOD}\s*{_NUM}{_UNIT}\s*(?:的水平)?\s*"
    rf"(降低|下降|减少|缩短|减小|压缩|降|提高|提升|增加|增长|延长|提)\s*(?:(?:到|至|为)\s*{_PERIOD}|了)?\s*{_NUM}{_UNIT}"
)
_BASE = re.compile(
    rf"(?:现状值|现况值|现状水平|活动前|改善前|改进前|实施前|现状(?!调查|分析|把握))(?P<gap>[^。；;\n\d]{{0,14}}?){_NUM}{_UNIT}"
)
# a label followed by arithmetic is a formula in words ("目标值＝现况值＋(100%－现况值)×…"), not a value
_FORMULA_GAP = re.compile(r"[+＋\-－−×*÷/()（）=＝]")
# a deadline before the figure is no figure of its own: "目标：2024年6月底前数据缺失率降至1.5%", "到2024年底，…"
# (seen fresh14 u72, a scan whose only target sentence named its date first); only a date that ends as a
# deadline (底 / 末 / 前 / 内 / 止) — "2022年为4.2%，2023年降至1.5%" is a series, not a deadline
_DEADLINE = (
    r"(?:\d{4}\s*年(?:\s*\d{1,2}\s*月)?|\d{1,2}\s*月)(?:\s*\d{1,2}\s*[日号])?\s*(?:底|末|份)?"
    r"(?:前|以前|之前|内|以内|止|为止)|(?:\d{4}\s*年(?:\s*\d{1,2}\s*月)?|\d{1,2}\s*月)\s*(?:底|末)"
)
# … and after a deadline the figure is the target only where a level verb or sign leads to it: a figure inside the
# measure's own name ("2024年9月底前，入院48h内手术率由38.5%…", "15分钟内处置及时率") is not
_DEADLINE_RE = re.compile(_DEADLINE)
_LEVEL_BEFORE = re.compile(r"(?:到|至|为|≤|≥|<|>|＜|＞|低于|高于|不超过|不低于|不高于|小于|大于|达到?)\s*$")
_TARGET = re.compile(
    rf"(?:目标值|课题目标|小组目标|活动目标|设定目标|目标)(?P<gap>(?:{_DEADLINE}|[^。；;\n\d]){{0,18}}?)"
    rf"(?:到|至|为|在|：|:|≤|≥|<|>|＜|＞|低于|高于|不超过|不低于|以下|以上)?\s*{_NUM}{_UNIT}"
)
# a number after "目标" that is labelled as something else ("目标柱状图：现况 42.0%")
# … or a share inside the target's 测算 ("目标测算：症结占49.06%，预计解决80%", seen fresh3 h44)
_NOT_TARGET_GAP = re.compile(
    # … or the from-value of "目标：…由58次降至29次" (seen fresh7 m42)
    r"现况|现状|活动前|改善前|改进前|实施前|原来|达成率|进步率|活动后|实际|测算|症结|占|圈能力|改善重点|解决|预计|由|从|"
    r"[+＋\-－−×*÷/()（）]"
)
# a figure right after a change verb with no "到/至/为" is the amount of the change, not the level it reaches:
# "超差率下降30%", "合格率提高5个百分点", "由2.6%降低了67%" (a relative drop stated as the target)
_BY_AMOUNT = re.compile(
    r"(?:降低|下降|减少|缩短|减小|压缩|提高|提升|增加|增长|延长|上升|降|提|减)\s*(?:了|幅度(?:为|达)?)?\s*$"
)
_GOAL_VERB = re.compile(r"(?:提高|提升|增加|增长|降低|下降|减少|缩短|降|提)\s*(?:到|至)|目标")
# a measure named between a role label and its figure ("目标：设备利用率达到85%"): the figure is that measure's
_MEASURE = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:率|时间|时长|次数|数量|人次|占比|比例|周期|天数|件数|个数|金额|费用|成本|温度|压力|厚度|长度)"
)
_OPERATOR_NEXT = re.compile(r"\s*[+＋\-－−×*÷/]")
# a line that opens with the target's label and an equals sign: the target's 测算 formula, wherever it stands
_TARGET_FORMULA = re.compile(r"\s*(?:课题|小组|活动)?目标值?\s*[(（]?[^=＝。；;\n\d]{0,8}[)）]?\s*[=＝]")
_RESULT = re.compile(rf"[=＝≈]\s*{_NUM}{_UNIT}")
# the figure a 测算 result is rounded to or adopted as, in the clause right after it (lexicon/numbers.yaml)
_ADOPT = re.compile(
    r"^\s*[，,；;。]?\s*(?:故|因此|所以|最终|小组)?(?:将)?(?:目标值?)?\s*(?:"
    + "|".join(sorted(map(re.escape, _LIMITS["adopt_words"]), key=len, reverse=True))
    + rf")\s*[：:]?\s*{_NUM}{_UNIT}"
)


def _gap_bound(gap: str, metric: str | None) -> bool:
    """No measure other than the 课题 metric is named between the label and its figure."""
    return all(names_metric(m.group(0), metric) for m in _MEASURE.finditer(normalize(gap)))


def _result_of(line: str, start: int, after: str = "") -> re.Match[str] | None:
    """The value after the last "＝" / "≈" of a formula from `start` on, None when it has none; where the
    clause right after that result (or `after`, the next line) rounds or adopts it ("＝3.05%，取3.0%"), the
    adopted figure."""
    res = next(reversed(list(_RESULT.finditer(line, start))), None)
    if res is None:
        return None
    rest = line[res.end() :]
    return _ADOPT.match(rest) or (_ADOPT.match(after) if not rest.strip(" ，,；;。") else None) or res


_AFTER = re.compile(
    rf"(?:活动后|实施后|改善后|改进后|对策后|对策实施后|攻关后|巩固期)[^。；;\n\d]{{0,20}}?{_NUM}{_UNIT}"
)
# "月均0.75次，较活动前月均1.58次下降52.5%": the figure compared with the before-figure is the after value
_COMPARED = re.compile(
    rf"{_NUM}{_UNIT}\s*[，,]?\s*(?:较|比|相比|与)\s*(?:活动前|改善前|改进前|实施前|攻关前|对策前)"
    rf"[^。；;\n\d]{{0,6}}?{_NUM}{_UNIT}"
)
_BEFORE_WORDS = re.compile(r"活动前|现状|实施前|改善前|改进前|攻关前|原来")
# "含水率月平均值分别为0.46%、0.42%、0.40%、0.39%、0.38%，平均0.41%": the metric's figure opens a series of
# figures that the same sentence sums up; the summary (平均 / 均值 / 合计) is the after value, not the series' first
_SERIES_SUMMARY = re.compile(
    r"(?:\s*[、，,]\s*-?\d+(?:\.\d+)?\s*(?:[%％‰]|[A-Za-z]{1,4}|[\u4e00-\u9fff]{1,2})?){2,}"
    rf"[^。；;\n\d]{{0,8}}?(?:平均值?|均值|月均|合计|总计)[为是：:\s]*{_NUM}{_UNIT}"
)
_TARGET_WORDS = re.compile(r"目标")
_AFTER_WORDS = re.compile(r"活动后|实施后|改善后|改进后|对策后|攻关后|效果检查|巩固期")
# "目标完成率56.7%" is the same figure (seen fresh4 i26)
_RATE_ACH = re.compile(r"(?:目标)?达成率[^。；;，,\n]*|目标(?:完成|实现)率[^。；;，,\n]*")
_RATE_PROG = re.compile(r"(?:进步率|改善幅度|改进幅度)[^。；;，,\n]*")
_PCT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:[%％]|个?百分点)")
_POINTS = re.compile(r"\d\s*个?百分点")
# what follows a percentage inside a formula: an operator, a bracket closed, a percentage's own sign doubled
_OPERATOR = re.compile(r"\s*[=＝≈≒×*xX÷/+\-－−）)]")
_LOOP_MISS = re.compile(r"未达到?目标|未达标|没有达到|未能达到|未完成目标|目标未实现")
_LOOP_BACK = re.compile(r"重新|再次|返回|回到|第二轮|第二次|下一轮|新一轮|PDCA循环|继续.{0,6}(分析|改进)")


class ParetoSum(BaseModel):
    page: int
    step: str | None
    categories: int
    total: float
    stated_total: float | None = None


class Unverifiable(BaseModel):
    """Arithmetic the checker could not verify ("无法核对"): reported with its place, never a finding."""

    what: str  # 目标达成率 | 进步率 | 目标方向 | 单位 | 目标测算
    reason: str  # Simplified Chinese
    pages: list[int] = Field(default_factory=list)
    evidence: str = ""


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
    progress_in_points: bool = False  # the stated 进步率 is written in 百分点
    progress_computed: float | None = None
    # the stated 进步率's own formula when it recomputes to it ("改善幅度：(24.0-9.2)/24.0=61.7%")
    progress_formula: formula.Arithmetic | None = Field(default=None, exclude=True)
    target_met: bool | None = None
    improved: bool | None = None
    compared_with_target: bool | None = None
    loops_back: bool = False
    paretos: list[ParetoSum] = Field(default_factory=list)
    unverifiable: list[Unverifiable] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list, exclude=True)  # reported by the rules (G1, E1, E3)
    # a finding's message → why a figure it rests on is not bound to the 课题 metric: the rules report that
    # finding as a review (需人工复核), never as a defect (`Value.bound`, docs/rules.md "Stop 27")
    unbound: dict[str, str] = Field(default_factory=dict, exclude=True)


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
            rest = t[k + len(w) :].strip(' 《》“”"')
            return rest or None
    return None


def _value(m: re.Match[str], num_group: int, unit_group: int, doc: Document, i: int, step: str | None) -> Value:
    return Value(
        value=float(m.group(num_group)),
        unit=re.sub(r"\s+", "", m.group(unit_group) or "").replace("％", "%"),
        page=doc.blocks[i].source.page,
        step=step,
        evidence=m.group(0)[:60],
    )


# ------------------------------------------------------------------------------------------ reading

_TARGET_STEPS = ("set_target", "target_feasibility")
_STATE_STEPS = ("current_state", "select_topic", "set_target", "target_feasibility")
_EFFECT_STEPS = ("check_effect",)
_AFTER_STEPS = ("consolidate", "standardize", "summary")


def _last_pct(clause: str) -> float | None:
    found = _PCT.findall(clause)
    return float(found[-1]) if found else None


def _rate_pct(clause: str) -> float | None:
    """The rate a 达成率 / 进步率 clause states: its first percentage that no operator follows — the end of a
    formula ("=(2.6-0.7)/(2.6-0.8)×100%=105.6%") or the figure itself ("目标达成率111.4%") — not the last
    percentage of the clause, which runs on into the next sentence where a PDF lost its full stop
    ("目标达成率 111.4%因缺项被退回的比例由 23% 降至 6%", seen fresh11 q09)."""
    for m in _PCT.finditer(clause):
        if not _OPERATOR.match(clause, m.end()):
            return float(m.group(1))
    return _last_pct(clause)


@dataclass
class _Reader:
    doc: Document
    steps: list[str | None]
    rep: NumbersReport
    # the first term of the target's 测算 formula ("目标值＝38.6×(1－54.9%×70%)≈23.8分钟"): the 现状值 it
    # starts from, read when no labelled 现状值 is found (seen fresh9 o30)
    formula_base: Value | None = None

    def value(self, m: re.Match[str], num: int, unit: int, i: int) -> Value:
        return _value(m, num, unit, self.doc, i, self.steps[i])

    def labelled(self, m: re.Match[str], i: int) -> Value:
        """The figure after a role label (现状值 / 目标值 …), bound unless another measure is named between."""
        v = self.value(m, 2, 3, i)
        return v if _gap_bound(m.group("gap"), self.rep.metric) else v.model_copy(update={"bound": False})

    def lines(self, wanted: tuple[str, ...]) -> list[tuple[int, str]]:
        return _lines(self.doc, _step_blocks(self.doc, self.steps, wanted))

    def metric_pattern(self) -> re.Pattern[str] | None:
        if not self.rep.metric:
            return None
        tail = re.escape(normalize(self.rep.metric)[-3:])
        return re.compile(rf"{tail}[^。；;\n\d]{{0,10}}?{_NUM}{_UNIT}")


def _read_target_sentence(rd: _Reader, lines: list[tuple[int, str]]) -> None:
    """ "由3.2%降低到1.5%": baseline, target and the direction in one sentence."""
    rep = rd.rep
    for i, line in lines:
        m = _CHANGE.search(line)
        if m and _amount_not_level(line, m):
            continue  # "由2.6%降低67%": the change's amount, on the wrong side of the from-value
        if m and rep.target is None:
            rep.baseline = rep.baseline or rd.value(m, 1, 2, i)
            rep.target = rd.value(m, 4, 5, i)
            # the target sentence's own verb wins over the title ("提高…效率" measured as a time to shorten)
            rep.direction = "increase" if m.group(3).startswith(("提", "增", "延")) else "decrease"


def _amount_not_level(line: str, m: re.Match[str]) -> bool:
    """A `_CHANGE` match whose second figure is the change's amount, not the level reached: no 到/至/为 before
    it, and it lies on the wrong side of the first figure for the verb ("由2.6%降低67%")."""
    first, second = float(m.group(1)), float(m.group(4))
    against = second > first if not m.group(3).startswith(("提", "增", "延")) else second < first
    return bool(_BY_AMOUNT.search(line[: m.start(4)])) and against


def _read_stated_target(rd: _Reader, lines: list[tuple[int, str]]) -> None:
    """ "目标值：1.5%"; a stated target beats the 测算 formula line ("目标值＝现状值－…≈1.11%")."""
    following = {k: lines[n + 1][1] if n + 1 < len(lines) else "" for n, k in enumerate(lines)}
    for i, line in sorted(lines, key=lambda x: "=" in x[1] or "＝" in x[1]):
        if rd.rep.target is not None:
            return
        for m in _TARGET.finditer(line):
            if _NOT_TARGET_GAP.search(m.group("gap")) or _BY_AMOUNT.search(line[: m.start(2)]):
                continue  # "课题目标：超差率下降30%": the drop, not the level (no 到/至/为 before the figure)
            if _DEADLINE_RE.search(m.group("gap")) and not _LEVEL_BEFORE.search(line[: m.start(2)]):
                continue  # "2024年9月底前，入院48h内手术率…": after a deadline only a level reached is the target
            if _OPERATOR_NEXT.match(line, m.end()):
                # "目标值＝89.0%＋(100%－89.0%)×55.3%×80%＝93.9%": the value is the formula's first term (the
                # 现状值), the target its result (seen fresh5 j33)
                if (res := _result_of(line, m.end(), following[(i, line)])) is not None:
                    first = rd.value(m, 2, 3, i)
                    tgt = rd.rep.target = rd.value(res, 1, 2, i)
                    tgt.unit = tgt.unit or first.unit
                    rd.formula_base = first.model_copy(update={"unit": first.unit or tgt.unit})
                    break
                continue
            rd.rep.target = rd.labelled(m, i)
            break


def _base_in(line: str) -> re.Match[str] | None:
    return next((m for m in _BASE.finditer(line) if not _FORMULA_GAP.search(m.group("gap"))), None)


def _read_baseline(rd: _Reader) -> None:
    rep = rd.rep
    for i, line in rd.lines(_STATE_STEPS):
        if rep.baseline is None and (m := _base_in(line)):
            rep.baseline = rd.labelled(m, i)
    pat = rd.metric_pattern()
    if rep.baseline is None and pat is not None:
        for i, line in rd.lines(("current_state", "target_feasibility")):
            # "一次合格率提高到93.9%" (the 目标 slide's title read with the survey before it, seen fresh5 j33)
            # is where the metric goes, not where it stands
            m = next((m for m in pat.finditer(line) if not _GOAL_VERB.search(m.group(0))), None)
            if m is not None:
                rep.baseline = rd.value(m, 1, 2, i)
                break


def _read_plan_values(rd: _Reader) -> None:
    rep = rd.rep
    tgt_lines = rd.lines(_TARGET_STEPS)
    _read_target_sentence(rd, tgt_lines + rd.lines(_STATE_STEPS))
    _read_stated_target(rd, tgt_lines)
    _read_baseline(rd)
    rep.baseline = rep.baseline or rd.formula_base
    table_vals = chart_or_table_values(rd.doc, _step_blocks(rd.doc, rd.steps, _STATE_STEPS), rd.steps, rep.metric)
    rep.baseline = rep.baseline or table_vals.get("baseline")
    rep.target = rep.target or table_vals.get("target")


def _other_figure(base: Value | None, start: Value) -> bool:
    """A change's from-value that is not the 现状值 (beyond `PART_GAP` of it, same unit): another quantity."""
    if base is None or not _same_unit(base, start) or base.value == 0:
        return False
    return abs(start.value - base.value) > PART_GAP * abs(base.value)


def _after_candidates(
    rd: _Reader, k: int, i: int, line: str, fits: Any, take_base: bool = False
) -> list[tuple[int, int, Value]]:
    """(priority, order, value) candidates for the after value in one 效果检查 line; with `take_base`, a
    change's from-value is the baseline when none is read yet."""
    rep = rd.rep
    out: list[tuple[int, int, Value]] = []
    metric_tail = re.escape(normalize(rep.metric)[-3:]) if rep.metric else None
    if (m := _CHANGE.search(line)) and _amount_not_level(line, m):
        m = None  # "由3.53%降低了54.1%": the change's amount, not the after value
    if m:
        v = rd.value(m, 4, 5, i)
        on_metric = bool(metric_tail and re.search(metric_tail, line[: m.start() + 1]))
        # a change that starts from another figure than the 现状值 and does not name the metric is a part's
        # ("其中等待配液由21.2分钟降至7.6分钟" of 候输 38.6 → 21.5, seen fresh9 o30): not the after value
        start = rd.value(m, 1, 2, i)
        of_part = not on_metric and _other_figure(rep.baseline, start)
        # a change that names no metric is the metric's only when it starts from the bound 现状值 read
        from_base = rep.baseline is not None and rep.baseline.bound and not _other_figure(rep.baseline, start)
        if fits(v) and not of_part:
            out.append((0 if on_metric else 4, k, v.model_copy(update={"bound": on_metric or from_base})))
            # … only a change known to be of the metric: by its name, or by the unit of a target read; with
            # neither, an effect slide's side gain ("床位日周转由1.1次提高到1.6次", seen fresh9 o14) is no 现状值
            if take_base and rep.baseline is None and (on_metric or rep.target is not None):
                rep.baseline = start.model_copy(update={"bound": on_metric})
    pat = rd.metric_pattern()
    if pat is not None:
        after_line = bool(_AFTER_WORDS.search(line))
        for mm in pat.finditer(line):
            v = rd.value(mm, 1, 2, i)
            if (series := _SERIES_SUMMARY.match(line, mm.end())) and _same_unit(rd.value(series, 1, 2, i), v):
                v = rd.value(series, 1, 2, i)
            before = _BEFORE_WORDS.search(line[max(0, mm.start() - 12) : mm.end()])
            if fits(v) and not before and not _TARGET_WORDS.search(mm.group(0)):
                out.append((2 if after_line else 3, k, v))
    if (m2 := _AFTER.search(line)) and fits(v2 := rd.value(m2, 1, 2, i)):
        out.append((3, k, v2))
    out += _compared_candidates(rd, k, i, line, fits)
    return out


def _compared_candidates(rd: _Reader, k: int, i: int, line: str, fits: Any) -> list[tuple[int, int, Value]]:
    """The figure a sentence compares with its before-figure ("月均0.75次，较活动前月均1.58次下降52.5%"):
    bound to the metric only when that before-figure is the bound 现状值 read (same unit, within `PART_GAP`);
    a bound one ranks before a bare "活动后…" figure of the same line, which may be the period's total."""
    base = rd.rep.baseline
    out: list[tuple[int, int, Value]] = []
    for m in _COMPARED.finditer(line):
        v, ref = rd.value(m, 1, 2, i), rd.value(m, 3, 4, i)
        # the figure's own clause labels it the target ("合格率93.5%，高于目标90%，比活动前82.1%提高", seen
        # fresh8 n01): the comparison is the after value's, written before it
        clause = re.split(r"[，,；;。：:]", line[: m.start()])[-1]
        if not fits(v) or not _same_unit(v, ref) or _TARGET_WORDS.search(clause):
            continue
        bound = base is not None and base.bound and _same_unit(base, ref) and not _other_figure(base, ref)
        out.append((2 if bound else 3, k, v.model_copy(update={"bound": bound})))
    return out


def _after_in_other_unit(rd: _Reader, eff_idx: list[int], ref_unit: str) -> Value | None:
    """An after value written in another unit than the baseline/target ("降至1.1‰" against 3.2%)."""
    if not ref_unit:
        return None
    for k, (i, line) in enumerate(_lines(rd.doc, eff_idx)):
        for _p, _k, v in _after_candidates(rd, k, i, line, lambda v: bool(v.unit) and v.unit != ref_unit):
            return v
    return None


def _read_rates(rep: NumbersReport, line: str) -> None:
    a = _RATE_ACH.search(line)
    if a and rep.achievement_stated is None:
        rep.achievement_stated = _rate_pct(a.group(0))
    p = _RATE_PROG.search(line)
    if p and rep.progress_stated is None:
        rep.progress_stated = stated = _rate_pct(p.group(0))
        rep.progress_in_points = bool(_POINTS.search(p.group(0)))
        own = formula.arithmetic_in(p.group(0))
        if own is not None and stated is not None and own.agrees and abs(own.stated - stated) <= TOLERANCE:
            rep.progress_formula = own


def _read_effect_values(rd: _Reader) -> None:
    rep = rd.rep
    eff_idx = _step_blocks(rd.doc, rd.steps, _EFFECT_STEPS)
    ref = rep.target or rep.baseline
    ref_unit = ref.unit if ref else ""

    def fits(v: Value) -> bool:
        # a number in running text must carry the metric's unit ("共检查211块" is not the after value)
        return not ref_unit or v.unit == ref_unit

    cands: list[tuple[int, int, Value]] = []
    for k, (i, line) in enumerate(_lines(rd.doc, eff_idx)):
        cands += _after_candidates(rd, k, i, line, fits, take_base=True)
        if rep.baseline is None and (m3 := _base_in(line)) and fits(rd.value(m3, 2, 3, i)):
            rep.baseline = rd.labelled(m3, i)
        _read_rates(rep, line)
    eff_vals = chart_or_table_values(rd.doc, eff_idx, rd.steps, rep.metric)
    if "after" in eff_vals:
        cands.append((1, 0, eff_vals["after"]))
    if cands:
        rep.after = min(cands, key=lambda c: (c[0], c[1]))[2]
    elif other := _after_in_other_unit(rd, eff_idx, ref_unit):
        rep.unverifiable.append(
            Unverifiable(
                what="单位",
                pages=[other.page],
                evidence=other.evidence,
                reason=f"活动后数值{other.value:g}{other.unit}与现状值、目标值的单位（{ref_unit}）不一致，无法核对效果",
            )
        )
    rep.baseline = rep.baseline or eff_vals.get("baseline")
    rep.target = rep.target or eff_vals.get("target")


def _read_paretos(doc: Document, steps: list[str | None]) -> list[ParetoSum]:
    out: list[ParetoSum] = []
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
            out.append(
                ParetoSum(
                    page=b.source.page,
                    step=s,
                    categories=len(p_data.categories),
                    total=p_data.total,
                    stated_total=p_data.stated_total,
                )
            )
    return out


# ------------------------------------------------------------------------------------------ judging


def _same_unit(a: Value, b: Value) -> bool:
    return not a.unit or not b.unit or a.unit == b.unit


def _pages(*vals: Value | None) -> list[int]:
    return sorted({v.page for v in vals if v is not None})


def _show(v: Value) -> str:
    where = "、".join(x for x in (v.row, v.column) if x)
    return f"{v.value:g}{v.unit}" + (f"（表中“{where}”）" if v.source != "text" and where else "")


def _mixed_units(vals: Iterable[Value | None]) -> list[str]:
    units = [v.unit for v in vals if v is not None and v.unit]
    return sorted(set(units)) if len(set(units)) > 1 else []


def _formula_lines(rd: _Reader) -> list[tuple[int, str]]:
    """The lines of the 目标 steps, plus a line labelled as the target's 测算 ("目标值＝…") that the step
    parser left in 现状调查 or 选题: a slide headed "明确现状（目标设定）" (seen fresh12 r16) is still
    the target's formula by its own label."""
    own = formula.join_broken(rd.lines(_TARGET_STEPS))
    labelled = [(i, line) for i, line in formula.join_broken(rd.lines(_STATE_STEPS)) if _TARGET_FORMULA.match(line)]
    return own + [x for x in labelled if x not in own]


def _check_formulas(rd: _Reader) -> list[Finding]:
    """G1: a 目标 测算 written out that does not recompute ("6.24%×(1−83.3%×75%)＝3.1%" is 2.34%); a
    formula the page broke after an operator is read whole."""
    lines = _formula_lines(rd)
    for k, (i, line) in enumerate(lines):
        a = formula.arithmetic_in(line)
        if a is None or a.agrees:
            continue
        if k and (whole := formula.lost_head(lines[k - 1][1], line, a)):
            rd.rep.unverifiable.append(_head_unsure(rd, i, a, whole))
            continue
        if standard := formula.standard_reading(a):
            rd.rep.unverifiable.append(_standard_unsure(rd, i, a, standard))
            continue
        unit = "%" if a.percent else ""
        return [
            Finding(
                rule="G1",
                severity=Severity.major,
                # a 测算 left in 现状调查 is still the target's (its finding goes to 设定目标)
                step=rd.steps[i] if rd.steps[i] in _TARGET_STEPS else "set_target",
                pages=[rd.doc.blocks[i].source.page],
                message=f"目标测算式“{a.expression}”的计算结果应为{a.computed:.4g}{unit}，报告写为{a.stated:g}{unit}，目标值没有依据测算得出",
                evidence=line.strip()[:80],
            )
        ]
    return []


def _head_unsure(rd: _Reader, i: int, a: formula.Arithmetic, whole: formula.Arithmetic) -> Unverifiable:
    """A 测算 that opens its line after a line ending in a number and recomputes only as their continuation:
    the operator between them was lost at the break (or never read), so neither reading is sure."""
    unit = "%" if a.percent else ""
    return Unverifiable(
        what="目标测算",
        pages=[rd.doc.blocks[i].source.page],
        evidence=a.expression,
        reason=(
            f"目标测算式“{a.expression}”单独核算为{a.computed:.4g}{unit}，与报告写的{a.stated:g}{unit}不符，"
            f"但接上一行末的数值读作“{whole.expression}”则相符，换行处的运算符可能未能读出，需人工复核"
        ),
    )


def _standard_unsure(rd: _Reader, i: int, a: formula.Arithmetic, standard: formula.Arithmetic) -> Unverifiable:
    """A 测算 whose stated target follows from the target formula over its own figures, not as written."""
    unit = "%" if a.percent else ""
    return Unverifiable(
        what="目标测算",
        pages=[rd.doc.blocks[i].source.page],
        evidence=a.expression,
        reason=_STANDARD_REVIEW.format(
            expression=a.expression,
            computed=f"{a.computed:.4g}{unit}",
            stated=f"{a.stated:g}{unit}",
            standard=standard.expression,
        ),
    )


def _check_direction(rep: NumbersReport) -> list[Finding]:
    """G1: the target must lie on the improving side of the baseline."""
    base, tgt = rep.baseline, rep.target
    if not (base and tgt and rep.direction and _same_unit(base, tgt)):
        return []
    if abs(tgt.value - base.value) < 1e-9:
        rep.unverifiable.append(
            Unverifiable(
                what="目标方向",
                pages=_pages(base, tgt),
                evidence=tgt.evidence,
                reason=f"读到的目标值{_show(tgt)}与现状值{_show(base)}相同，可能读错了数值，无法判断目标方向",
            )
        )
        return []
    wrong = tgt.value > base.value if rep.direction == "decrease" else tgt.value < base.value
    if not wrong:
        return []
    verb = "降低" if rep.direction == "decrease" else "提高"
    return _bound_or_review(
        rep,
        (("现状值", base), ("目标值", tgt)),
        Finding(
            rule="G1",
            severity=Severity.major,
            step=tgt.step or "set_target",
            pages=_pages(base, tgt),
            message=f"课题要求{verb}，但目标值{tgt.value:g}{tgt.unit}并未{verb}（现状值{base.value:g}{base.unit}），目标方向错误",
            evidence=tgt.evidence,
        ),
    )


def _bound_or_review(rep: NumbersReport, used: Iterable[tuple[str, Value | None]], finding: Finding) -> list[Finding]:
    """One reading for every number rule (G1 direction, E1 rates, E3): a finding whose figures are all bound
    to the 课题 metric (`Value.bound`); one that rests on a figure read by position is recorded as a review
    with the figure and where it came from."""
    loose = [(name, v) for name, v in used if v is not None and not v.bound]
    if loose:
        shown = "；".join(f"{name}{_show(v)}取自“{v.evidence}”" for name, v in loose)
        metric = f"“{rep.metric}”" if rep.metric else ""
        rep.unbound[finding.message] = f"{shown}，没有写明是课题指标{metric}的数值，据此的核算需人工复核"
    return [finding]


def _compute_rates(rep: NumbersReport) -> None:
    base, tgt, after = rep.baseline, rep.target, rep.after
    if base and tgt and after and _same_unit(base, after) and abs(tgt.value - base.value) > 1e-9:
        rep.achievement_computed = round((after.value - base.value) / (tgt.value - base.value) * 100, 2)
    if base and after and base.value and _same_unit(base, after):
        rep.progress_computed = round(abs(after.value - base.value) / base.value * 100, 2)


def _plausible(rep: NumbersReport, pages: list[int]) -> bool:
    """False (with a "无法核对" note) when the values read cannot be the project's own figures."""
    base, tgt, after = rep.baseline, rep.target, rep.after
    mixed = _mixed_units((base, tgt, after))
    shown = "、".join(f"{n}{_show(v)}" for n, v in (("现状值", base), ("目标值", tgt), ("活动后", after)) if v)
    if mixed:
        rep.unverifiable.append(
            Unverifiable(
                what="单位",
                pages=pages,
                evidence=shown,
                reason=f"现状值、目标值和活动后数值的单位不一致（{'、'.join(mixed)}），无法核对达成率和进步率",
            )
        )
        return False
    ach = rep.achievement_computed
    lo, hi = ACHIEVEMENT_BOUNDS
    if ach is not None and not lo <= ach <= hi:
        rep.unverifiable.append(
            Unverifiable(
                what="目标达成率",
                pages=pages,
                evidence=shown,
                reason=f"按读到的数值（{shown}）算出的达成率为{ach:g}%，超出合理范围，可能读错了数值",
            )
        )
        return False
    prog = rep.progress_computed
    if prog is not None and rep.direction == "decrease" and prog > 100 + TOLERANCE:
        rep.unverifiable.append(
            Unverifiable(
                what="进步率",
                pages=pages,
                evidence=shown,
                reason=f"按读到的数值（{shown}）算出降低幅度为{prog:g}%，超过100%，可能读错了数值",
            )
        )
        return False
    return True


def _own_formula(rep: NumbersReport) -> Unverifiable | None:
    """The stated 进步率 written with its own formula over the 现状值 ("改善幅度：(24.0-9.2)/24.0=61.7%") that
    recomputes: right by the report's own figures — an after value read elsewhere that disagrees is the reading
    in doubt (a side indicator's "寒战发生率由11.3%降至4.1%" on the same line, seen fresh19 b15), never a finding."""
    a, base, after = rep.progress_formula, rep.baseline, rep.after
    if a is None or base is None or after is None:
        return None
    figures = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", a.expression)]
    if not any(abs(f - base.value) < 1e-9 for f in figures):
        return None
    return Unverifiable(
        what="进步率",
        pages=[after.page] if after.page else [],
        evidence=a.expression,
        reason=_OWN_FORMULA.format(
            expression=a.expression, stated=f"{a.stated:g}%", after=_show(after), evidence=after.evidence
        ),
    )


def _check_progress(rep: NumbersReport, pages: list[int]) -> list[Finding]:
    stated, computed = rep.progress_stated, rep.progress_computed
    if stated is None or computed is None or abs(stated - computed) <= TOLERANCE:
        return []
    base, after = rep.baseline, rep.after
    points = abs(after.value - base.value) if base and after else None
    if rep.progress_in_points or (points is not None and abs(stated - points) <= TOLERANCE):
        rep.unverifiable.append(
            Unverifiable(
                what="进步率",
                pages=pages,
                evidence=f"进步率{stated:g}",
                reason=f"进步率写为{stated:g}{'个百分点' if rep.progress_in_points else '%'}，是活动前后的百分点差，"
                f"按百分比计算为{computed:.1f}%；百分点与百分比混用，请人工核对",
            )
        )
        return []
    if (own := _own_formula(rep)) is not None:
        rep.unverifiable.append(own)
        return []
    return _bound_or_review(
        rep,
        (("现状值", base), ("活动后数值", after)),
        Finding(
            rule="E1",
            severity=Severity.minor,
            step="check_effect",
            pages=pages,
            message=f"进步率写为{stated:g}%，按活动前后数值计算应为{computed:.1f}%",
        ),
    )


def _check_rates(rep: NumbersReport, eff_pages: list[int]) -> list[Finding]:
    """E1: a stated 达成率/进步率 that does not recompute (the values were judged plausible)."""
    out: list[Finding] = []
    ach_s, ach_c = rep.achievement_stated, rep.achievement_computed
    if ach_s is not None and ach_c is not None and abs(ach_s - ach_c) > TOLERANCE:
        used = (("现状值", rep.baseline), ("目标值", rep.target), ("活动后数值", rep.after))
        out += _bound_or_review(
            rep,
            used,
            Finding(
                rule="E1",
                severity=Severity.minor,
                step="check_effect",
                pages=eff_pages,
                message=f"目标达成率写为{ach_s:g}%，按现状值、目标值和活动后数值计算应为{ach_c:.1f}%",
            ),
        )
    return out + _check_progress(rep, eff_pages)


def _check_loop(rep: NumbersReport, steps: list[str | None], eff_idx: list[int]) -> list[Finding]:
    """E3: the target was missed (or nothing improved) and the report goes on to 巩固 without a loop."""
    base, tgt, after = rep.baseline, rep.target, rep.after
    if not (after and rep.direction):
        return []
    dec = rep.direction == "decrease"
    if tgt and _same_unit(tgt, after):
        rep.target_met = after.value <= tgt.value + 1e-9 if dec else after.value >= tgt.value - 1e-9
    if base and _same_unit(base, after):
        rep.improved = after.value < base.value if dec else after.value > base.value
    has_after_steps = any(s in ("consolidate", "standardize") for s in steps[max(eff_idx) :])
    missed = rep.target_met is False or rep.improved is False
    if not missed or not has_after_steps or rep.loops_back:
        return []
    unit = after.unit or (tgt.unit if tgt else "") or (base.unit if base else "")
    what = (
        f"活动后{after.value:g}{unit}未达到目标值{tgt.value:g}{tgt.unit or unit}"
        if rep.target_met is False and tgt
        else f"活动后{after.value:g}{unit}未优于活动前"
    )
    return _bound_or_review(
        rep,
        (("现状值", base), ("目标值", tgt), ("活动后数值", after)),
        Finding(
            rule="E3",
            severity=Severity.major,
            step="check_effect",
            pages=sorted({after.page}),
            message=f"{what}，但报告直接进入巩固措施，没有返回原因分析重新开展PDCA循环",
            evidence=after.evidence,
        ),
    )


def _judge_effect(doc: Document, steps: list[str | None], rep: NumbersReport) -> list[Finding]:
    eff_idx = _step_blocks(doc, steps, _EFFECT_STEPS)
    if not eff_idx:
        return []
    tgt = rep.target
    eff_text = normalize("\n".join(doc.blocks[i].text for i in eff_idx))
    eff_pages = sorted({doc.blocks[i].source.page for i in eff_idx})[:3]
    out: list[Finding] = []
    rep.compared_with_target = "目标" in eff_text or (tgt is not None and f"{tgt.value:g}" in eff_text)
    if not rep.compared_with_target:
        out.append(
            Finding(
                rule="E1",
                severity=Severity.major,
                step="check_effect",
                pages=eff_pages,
                message="效果检查未与课题目标进行对比，无法判断目标是否完成",
            )
        )
    later = [i for i, s in enumerate(steps) if s in _EFFECT_STEPS + _AFTER_STEPS]
    tail = normalize("\n".join(doc.blocks[i].text for i in later))
    rep.loops_back = bool(_LOOP_MISS.search(tail) and _LOOP_BACK.search(tail))
    _compute_rates(rep)
    if rep.after is None or not _plausible(rep, eff_pages):
        return out
    return out + _check_rates(rep, eff_pages) + _check_loop(rep, steps, eff_idx)


def analyze(doc: Document, block_steps: list[str | None], project_type: str = "problem_solving") -> NumbersReport:
    """Read the project's numbers (title → plan values → effect values → Paretos), then judge them
    (direction, comparison with the target, rates, loop) with the sanity gates of the module doc."""
    steps = list(block_steps[: len(doc.blocks)]) + [None] * max(0, len(doc.blocks) - len(block_steps))
    rep = NumbersReport()
    rep.title = doc_title(doc)
    if rep.title:
        rep.direction = direction_of(rep.title)
        rep.metric = metric_of(rep.title)
    rd = _Reader(doc, steps, rep)
    _read_plan_values(rd)
    _read_effect_values(rd)
    rep.paretos = _read_paretos(doc, steps)
    rep.findings = _check_direction(rep) + _check_formulas(rd) + _judge_effect(doc, steps, rep)
    return rep
