"""Rubrics as data (nlp/rubrics/*.yaml): a score sheet's items and grades, and the rules it applies
(picked by id from the rule catalogue, `nlp.rulebook`) with the item each deducts from. Running the
rules, the preliminary score and the grade (DB1407/T 45 表 1).

A rubric rule names a rule id of the catalogue, the score `item` it deducts from and the `deduction`;
it may set another `severity`, `params` (thresholds) and `applies_to` (project types). Loading fails on an unknown rule id, an unknown item, a bad severity, an unknown
threshold or a duplicate rule, with a Chinese message.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .findings import Finding, Review, Severity
from .legibility import SCAN_VETO, STRUCTURE_UNSURE, read_sure, reading_of
from .registry import CHECKS, COMMON_PARAMS, CheckContext, Problem, filter_problems
from .rubric_ids import RUBRIC_DIR, available
from .rulebook import RulebookError, RuleDef, rulebook

DEFAULT_BY_TYPE = {"problem_solving": "caq-2020-problem-solving", "innovative": "caq-2020-innovative"}


class RubricError(ValueError):
    """A rubric file that does not validate (the message names the file and the rule)."""


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    max: float = Field(ge=0)
    scorable: bool = True  # False: judged at the 陈述答辩, not from documents
    tool_points: float = Field(default=0, ge=0)  # part of the item scored by the tool-use score
    description: str = ""


class Rule(BaseModel):
    """A rule of the catalogue as this rubric applies it."""

    model_config = ConfigDict(extra="forbid")

    id: str  # a rule id of nlp/rubrics/rules/*.yaml
    severity: Severity | None = None  # None: the catalogue's
    params: dict[str, Any] = Field(default_factory=dict)  # thresholds overriding the catalogue's
    item: str | None = None
    deduction: float = Field(default=0, ge=0)
    per_finding: bool = False  # deduct once per finding (capped by max_deduction) instead of once
    max_deduction: float | None = None
    applies_to: list[str] | None = None  # project types; None = all
    keep_severity: bool = False  # keep the severity the analyzer gave (e.g. 申报表 findings)


class Grade(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: float
    grade: str
    label: str = ""


class ScoreItem(BaseModel):
    name: str
    score: float | None  # None: not scorable from documents
    max: float
    deducted: float | None = None
    scorable: bool = True


class Score(BaseModel):
    """The preliminary score on one rubric."""

    rubric: str
    total: float | None
    max: float
    grade: str | None
    percent: float | None = None
    items: list[ScoreItem] = Field(default_factory=list)
    note: str | None = None  # why there is no score (a 申报表 is not scored)


def _validate_rule(r: Rule, items: set[str]) -> None:
    book = rulebook()
    if r.id not in book.rules:
        raise ValueError(f"规则 {r.id}: 规则库中没有这个编号")
    if r.item is not None and r.item not in items:
        raise ValueError(f"规则 {r.id}: 评分项目 {r.item!r} 不在本评分表中")
    if r.deduction > 0 and r.item is None:
        raise ValueError(f"规则 {r.id}: 有扣分但没有指定评分项目")
    declared = CHECKS[book.rules[r.id].check].params | COMMON_PARAMS
    if unknown := set(r.params) - declared:
        raise ValueError(f"规则 {r.id}: 未知的阈值 {'、'.join(sorted(unknown))}")


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    source: str = ""
    applies_to: list[str] = Field(default_factory=list)
    items: list[Item]
    rules: list[Rule]
    grades: list[Grade]

    @model_validator(mode="after")
    def _validate(self) -> Rubric:
        names = {it.name for it in self.items}
        if len(names) != len(self.items):
            raise ValueError("评分项目名称重复")
        seen: set[str] = set()
        for r in self.rules:
            _validate_rule(r, names)
            if r.id in seen:
                raise ValueError(f"规则 {r.id} 重复")
            seen.add(r.id)
        for it in self.items:
            if it.tool_points > it.max:
                raise ValueError(f"评分项目 {it.name}: tool_points 大于配分")
        if not self.grades:
            raise ValueError("缺少等级划分")
        return self

    @property
    def max_total(self) -> float:
        return sum(it.max for it in self.items if it.scorable)

    def rules_for(self, project_type: str) -> list[Rule]:
        return [r for r in self.rules if r.applies_to is None or project_type in r.applies_to]

    def core_absences(self, project_type: str) -> frozenset[str]:
        """The steps whose absence this rubric vetoes (an M-<step> rule of severity fatal) or whose M-<step>
        rule is a `core_step`: on a doubt about their absence, 未能确认 rather than a finding."""
        book = rulebook()
        return frozenset(
            r.id.removeprefix("M-")
            for r in self.rules_for(project_type)
            if r.id.startswith("M-") and (_core(book.rules[r.id], r.severity or book.rules[r.id].severity))
        )

    def veto_absences(self, project_type: str) -> frozenset[str]:
        """The steps whose absence this rubric vetoes (an M-<step> rule of severity fatal): their absence
        needs to be sure in the whole document (`Structure.veto_doubt`)."""
        book = rulebook()
        return frozenset(
            r.id.removeprefix("M-")
            for r in self.rules_for(project_type)
            if r.id.startswith("M-") and (r.severity or book.rules[r.id].severity) == Severity.fatal
        )

    # ------------------------------------------------------------------ running

    def findings_of(self, ctx: CheckContext, rule: Rule) -> list[Finding]:
        """The findings of one rule (as this rubric applies it) on one document."""
        return self.judge_rule(ctx, rule)[0]

    def judge_rule(self, ctx: CheckContext, rule: Rule) -> tuple[list[Finding], list[Review]]:
        """The findings of one rule on one document, and the checks of it that could not be confirmed
        (an absence looked for in text that was not read with confidence: `nlp.legibility`)."""
        book = rulebook()
        spec = book.spec(rule.id, rule.params)
        definition = book.rules[rule.id]
        problems = filter_problems(CHECKS[definition.check].fn(ctx, spec), spec.params, rule.id)
        if not ctx.structure.absence_confident:
            # a step not found in a document whose structure is not recognised (or only by steps found
            # with low confidence) is 未能确认, not missing
            problems = [p for p in problems if p.absent_step is None]
        out: list[Finding] = []
        reviews: list[Review] = []
        for p in problems:
            rid = p.rule or rule.id
            keep = p.severity is not None and (rule.keep_severity or (rid != rule.id and not rid.startswith("M-")))
            severity = p.severity if keep and p.severity is not None else rule.severity or definition.severity
            core = p.absent_step is not None and _core(definition, severity)
            if core and ctx.structure.absence_unsure:
                continue  # a core step a scan may only hide: 未能确认 (`core_absences`)
            doubt = ctx.structure.veto_doubt if severity == Severity.fatal else ctx.structure.absence_doubt
            if core and doubt(str(p.absent_step)):
                # a heading of the steps' form named no step, or the step's work is seen (for a 否决: anywhere
                # in the document, or its name, or a page not read): 未能确认
                continue
            kept, unread = _split_unread(ctx, definition, p, fatal=severity == Severity.fatal)
            if unread is not None:
                unsure, why = unread
                reviews.append(
                    Review(
                        rule=rid,
                        severity=severity,
                        message=book.render(rule.id, unsure, ctx.doc),
                        reason=why,
                        pages=unsure.pages,
                        step=unsure.step,
                    )
                )
            if kept is None:
                continue
            out.append(
                Finding(
                    rule=rid,
                    severity=severity,
                    message=book.render(rule.id, kept, ctx.doc),
                    pages=kept.pages,
                    step=kept.step,
                    item=rule.item,
                    evidence=kept.evidence,
                    advice=definition.advice,
                )
            )
        return out, reviews

    def judge(self, ctx: CheckContext) -> tuple[list[tuple[Rule, Finding]], list[Review]]:
        """Every rule on one document: the findings (one per defect) and the unconfirmed checks."""
        out: list[tuple[Rule, Finding]] = []
        reviews: list[Review] = []
        seen: set[tuple[str, tuple[int, ...], str | None, str]] = set()
        for rule in self.rules_for(ctx.project_type):
            found, unsure = self.judge_rule(ctx, rule)
            reviews += unsure
            for f in found:
                key = (f.rule, tuple(f.pages), f.step, f.message)
                if key not in seen:
                    seen.add(key)
                    out.append((rule, f))
        kept, deferred = _deferred(_one_per_defect(out))
        return kept, reviews + deferred

    def run(self, ctx: CheckContext) -> list[tuple[Rule, Finding]]:
        return self.judge(ctx)[0]

    def score(self, fired: list[tuple[Rule, Finding]], tool_ratio: float | None) -> Score:
        deductions: dict[str, float] = {it.name: 0.0 for it in self.items}
        per_rule: dict[str, int] = {}
        for rule, _f in fired:
            per_rule[rule.id] = per_rule.get(rule.id, 0) + 1
        for rule in self.rules:
            n = per_rule.get(rule.id, 0)
            if not n or rule.item is None:
                continue
            d = rule.deduction * (n if rule.per_finding else 1)
            if rule.max_deduction is not None:
                d = min(d, rule.max_deduction)
            deductions[rule.item] += d
        items: list[ScoreItem] = []
        total = 0.0
        for it in self.items:
            if not it.scorable:
                items.append(ScoreItem(name=it.name, score=None, max=it.max, scorable=False))
                continue
            base = max(0.0, it.max - it.tool_points - deductions[it.name])
            ratio = 0.5 if tool_ratio is None else max(0.0, min(1.0, tool_ratio))
            s = round(base + it.tool_points * ratio, 1)
            total += s
            items.append(ScoreItem(name=it.name, score=s, max=it.max, deducted=round(deductions[it.name], 1)))
        mx = self.max_total
        total = round(total, 1)
        percent = total * 100 / mx if mx else 0.0
        return Score(
            rubric=self.id, total=total, max=mx, grade=self.grade(percent), percent=round(percent, 1), items=items
        )

    def grade(self, percent: float) -> str:
        for g in sorted(self.grades, key=lambda g: -g.min):
            if percent >= g.min:
                return g.grade
        return self.grades[-1].grade


def _split_unread(
    ctx: CheckContext, rule: RuleDef, p: Problem, *, fatal: bool = False
) -> tuple[Problem | None, tuple[Problem, str] | None]:
    """A problem as far as the reading bears it: the part that rests on an absence in text not read
    with confidence goes to review (with the reason), the rest stands. (kept or None, (unsure, why) or None).
    A rule that is `structure_bound` rests on which text the structure put in a step: where the structure
    was not recognised with confidence (a 检讨 table read as the 对策表), its problems are reviews.
    `fatal`: the problem is a 否决; on text mostly OCR'd from a scan it is a review however well read, unless
    the lines it rests on (`Problem.rests_on`) were read sure (`legibility.read_sure`)."""
    if p.unread is not None:  # the check itself knows its evidence was not read whole
        return None, (p, p.unread)
    if rule.review_only is not None:
        return None, (p, rule.review_only)
    indirect = [x for x in p.parts if x.key in rule.review_parts]
    if not indirect:
        return _split_reading(ctx, rule, p, fatal=fatal)
    # parts that rest on an absence of our words whatever the reading (`review_parts`): a review; the
    # rest of the finding is judged as before
    review = p.model_copy(update={"parts": indirect})
    rest = [x for x in p.parts if x not in indirect]
    if not rest:
        return None, (review, rule.review_parts[indirect[0].key])
    kept, unread = _split_reading(ctx, rule, p.model_copy(update={"parts": rest}), fatal=fatal)
    if unread is None:
        return kept, (review, rule.review_parts[indirect[0].key])
    unsure, why = unread
    return kept, (p.model_copy(update={"parts": [x for x in p.parts if x in indirect or x in unsure.parts]}), why)


def _split_reading(
    ctx: CheckContext, rule: RuleDef, p: Problem, *, fatal: bool = False
) -> tuple[Problem | None, tuple[Problem, str] | None]:
    """`_split_unread` for the parts the rule may report: the structure and the reading decide."""
    if rule.structure_bound and p.step is not None and not ctx.structure.confident:
        return None, (p, STRUCTURE_UNSURE)
    absence = rule.absence
    if absence is None or p.absent_step is not None:
        return p, None
    gone = [x for x in p.parts if not absence.parts or x.key in absence.parts]
    whole = len(gone) == len(p.parts) if p.parts else not absence.parts or p.template in absence.parts
    if not gone and not whole:
        return p, None
    steps = absence.reads or ([p.step] if p.step else [s.id for s in ctx.structure.steps])
    book = rulebook()
    reading = reading_of(ctx.doc, ctx.structure, *steps, rule=book.reading)
    if reading.confident(book.reading) and not (
        fatal and reading.mostly_scanned(book.reading) and not read_sure(ctx.doc, p.rests_on, book.reading)
    ):
        return p, None
    why = reading.why(book.reading) or SCAN_VETO
    if whole:
        return None, (p, why)
    rest = [x for x in p.parts if x not in gone]
    return p.model_copy(update={"parts": rest}), (p.model_copy(update={"parts": gone}), why)


def _one_per_defect(fired: list[tuple[Rule, Finding]]) -> list[tuple[Rule, Finding]]:
    """Drop a finding whose rule yields to another rule that has a finding on the same step (A2's
    "no 标准化 step" when M-standardize reports it; O1's order when K4 reports 要因确认 after 对策实施)."""
    book = rulebook()
    on_step = {(f.rule, f.step) for _r, f in fired} | {(r.id, f.step) for r, f in fired}
    return [(r, f) for r, f in fired if not any((other, f.step) in on_step for other in book.rules[r.id].yields_to)]


def _deferred(fired: list[tuple[Rule, Finding]]) -> tuple[list[tuple[Rule, Finding]], list[Review]]:
    """A finding whose rule defers to another rule with a finding on the same step (`defers_to`) is a
    review with the reason the rule gives: the same defect seen from that rule (K2's causes missing from
    the 要因评价表 that K1 vetoes)."""
    book = rulebook()
    on_step = {(f.rule, f.step) for _r, f in fired} | {(r.id, f.step) for r, f in fired}
    kept: list[tuple[Rule, Finding]] = []
    reviews: list[Review] = []
    for r, f in fired:
        other = next((o for o in book.rules[r.id].defers_to if (o, f.step) in on_step and o != f.rule), None)
        if other is None:
            kept.append((r, f))
            continue
        why = book.rules[r.id].defers_to[other]
        reviews.append(
            Review(rule=f.rule, severity=f.severity, message=f.message, reason=why, pages=f.pages, step=f.step)
        )
    return kept, reviews


def load_file(path: Path) -> Rubric:
    with path.open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=yaml.CSafeLoader)
    try:
        return Rubric.model_validate(data)
    except (ValidationError, RulebookError) as e:
        raise RubricError(f"评分表 {path.name} 无效：{e}") from e


@lru_cache(maxsize=16)
def load(rubric_id: str) -> Rubric:
    path = RUBRIC_DIR / f"{rubric_id}.yaml"
    if not path.is_file():
        raise RubricError(f"未知的评分表 {rubric_id!r}；可用：{', '.join(available())}")
    return load_file(path)


def default_for(project_type: str) -> str:
    return DEFAULT_BY_TYPE.get(project_type, DEFAULT_BY_TYPE["problem_solving"])


def _core(definition: RuleDef, severity: Severity) -> bool:
    """A missing-step rule whose absence is judged only where the structure leaves no doubt."""
    return severity == Severity.fatal or definition.core_step
