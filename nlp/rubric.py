"""Rubrics as data (nlp/rubrics/*.yaml): loading with validation, running the rules, the preliminary
score, the grade (DB1407/T 45 表 1) and the 形式审查 verdict (参评 / 完善后参评 / 不评).

A rubric rule names a registered check `type` (nlp.registry), its `severity`, a Chinese `message`
(what the rule is about), `params`, the score `item` it deducts from and the `deduction`. Loading
fails on an unknown type, an unknown item, a bad severity or a duplicate rule.
"""

from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .findings import Finding, Severity
from .registry import CHECKS, CheckContext
from .rubric_ids import RUBRIC_DIR, available

log = logging.getLogger(__name__)

DEFAULT_BY_TYPE = {"problem_solving": "caq-2020-problem-solving", "innovative": "caq-2020-innovative"}

# Modules that register check types. Those of the second list belong to other packages of nlp that
# may be absent in a partial checkout; the loader then reports their rule types as unknown.
RULE_MODULES = ("nlp.rules", "nlp.rules_do")
OPTIONAL_RULE_MODULES = ("nlp.fivew1h", "nlp.tools", "nlp.numbers", "nlp.form")


class RubricError(ValueError):
    """A rubric file that does not validate (the message names the file and the rule)."""


def load_rule_modules() -> None:
    for m in RULE_MODULES:
        importlib.import_module(m)
    for m in OPTIONAL_RULE_MODULES:
        try:
            importlib.import_module(m)
        except ImportError as e:  # a sibling module not there yet
            log.debug("rule module %s not importable: %s", m, e)


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    max: float = Field(ge=0)
    scorable: bool = True  # False: judged at the 陈述答辩, not from documents
    tool_points: float = Field(default=0, ge=0)  # part of the item scored by the tool-use score
    description: str = ""


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    type: str
    severity: Severity
    message: str
    params: dict[str, Any] = Field(default_factory=dict)
    item: str | None = None
    deduction: float = Field(default=0, ge=0)
    per_finding: bool = False  # deduct once per finding (capped by max_deduction) instead of once
    max_deduction: float | None = None
    applies_to: list[str] | None = None  # project types; None = all
    keep_severity: bool = False  # keep the severity the check gave (e.g. form findings)
    # params.exclude_steps (any rule): drop the check's findings located in these steps, e.g. the
    # descending-order rule on the 效果检查 排列图, which keeps the 现状调查 order on purpose (b.2)


class Grade(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: float
    grade: str
    label: str = ""


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
        seen: set[tuple[str, str]] = set()
        for r in self.rules:
            if r.type not in CHECKS:
                raise ValueError(f"规则 {r.id}: 未注册的检查类型 {r.type!r}")
            if r.item is not None and r.item not in names:
                raise ValueError(f"规则 {r.id}: 评分项目 {r.item!r} 不在本评分表中")
            if r.deduction > 0 and r.item is None:
                raise ValueError(f"规则 {r.id}: 有扣分但没有指定评分项目")
            key = (r.id, r.type)
            if key in seen:
                raise ValueError(f"规则 {r.id} ({r.type}) 重复")
            seen.add(key)
            if not r.message.strip():
                raise ValueError(f"规则 {r.id}: 缺少中文说明")
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

    # ------------------------------------------------------------------ running

    def run(self, ctx: CheckContext) -> list[tuple[Rule, Finding]]:
        out: list[tuple[Rule, Finding]] = []
        seen: set[tuple[str, tuple[int, ...], str | None, str]] = set()
        for rule in self.rules_for(ctx.project_type):
            fn = CHECKS[rule.type]
            try:
                found = fn(ctx, rule.params)
            except Exception:  # one broken check must not sink the report
                log.exception("check %s (%s) failed", rule.id, rule.type)
                continue
            skip = set(rule.params.get("exclude_steps") or [])
            for f in found:
                if f.step in skip:
                    continue
                sev = f.severity if (rule.keep_severity or (f.rule != rule.id and not f.rule.startswith("M-"))) else rule.severity
                f2 = f.model_copy(update={"severity": sev, "item": rule.item, "message": f.message or rule.message})
                key = (f2.rule, tuple(f2.pages), f2.step, f2.message)
                if key in seen:
                    continue
                seen.add(key)
                out.append((rule, f2))
        return out

    def score(self, fired: list[tuple[Rule, Finding]], tool_ratio: float | None) -> dict[str, Any]:
        deductions: dict[str, float] = {it.name: 0.0 for it in self.items}
        per_rule: dict[tuple[str, str], int] = {}
        for rule, _f in fired:
            per_rule[(rule.id, rule.type)] = per_rule.get((rule.id, rule.type), 0) + 1
        # several entries may share a rule id (a text check and a number check of G1): the id
        # deducts once per item, the largest of its entries' deductions
        by_id: dict[tuple[str, str], float] = {}
        for rule in self.rules:
            n = per_rule.get((rule.id, rule.type), 0)
            if not n or rule.item is None:
                continue
            d = rule.deduction * (n if rule.per_finding else 1)
            if rule.max_deduction is not None:
                d = min(d, rule.max_deduction)
            key = (rule.id, rule.item)
            by_id[key] = max(by_id.get(key, 0.0), d)
        for (_rid, item), d in by_id.items():
            deductions[item] += d
        items = []
        total = 0.0
        for it in self.items:
            if not it.scorable:
                items.append({"name": it.name, "score": None, "max": it.max, "scorable": False})
                continue
            base = max(0.0, it.max - it.tool_points - deductions[it.name])
            tool_part = 0.0
            if it.tool_points:
                ratio = 0.5 if tool_ratio is None else max(0.0, min(1.0, tool_ratio))
                tool_part = it.tool_points * ratio
            s = round(base + tool_part, 1)
            total += s
            items.append({"name": it.name, "score": s, "max": it.max, "deducted": round(deductions[it.name], 1)})
        mx = self.max_total
        total = round(total, 1)
        percent = total * 100 / mx if mx else 0.0
        return {
            "rubric": self.id,
            "total": total,
            "max": mx,
            "grade": self.grade(percent),
            "percent": round(percent, 1),
            "items": items,
        }

    def grade(self, percent: float) -> str:
        for g in sorted(self.grades, key=lambda g: -g.min):
            if percent >= g.min:
                return g.grade
        return self.grades[-1].grade


def verdict(findings: list[Finding]) -> tuple[str, list[str]]:
    """形式审查: 不评 on a fatal finding, 完善后参评 on a major one, 参评 otherwise."""
    fatal = [f for f in findings if f.severity == Severity.fatal]
    major = [f for f in findings if f.severity == Severity.major]
    if fatal:
        return "不评", [f"[{f.rule}] {f.message}" for f in fatal]
    if major:
        return "完善后参评", [f"[{f.rule}] {f.message}" for f in major]
    return "参评", ["未发现致命或重大问题，可直接参评"]


def load_file(path: Path) -> Rubric:
    load_rule_modules()
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    try:
        return Rubric.model_validate(data)
    except ValidationError as e:
        raise RubricError(f"评分表 {path.name} 无效：{e}") from e


@lru_cache(maxsize=16)
def load(rubric_id: str) -> Rubric:
    path = RUBRIC_DIR / f"{rubric_id}.yaml"
    if not path.is_file():
        raise RubricError(f"未知的评分表 {rubric_id!r}；可用：{', '.join(available())}")
    return load_file(path)


def default_for(project_type: str) -> str:
    return DEFAULT_BY_TYPE.get(project_type, DEFAULT_BY_TYPE["problem_solving"])
