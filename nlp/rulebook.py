"""The rule catalogue (`nlp/rubrics/rules/*.yaml`): every rule's id, check type, severity, Chinese
title, message templates, 修改建议, word lists and thresholds — one id, one meaning.

A rubric (`nlp/rubrics/<id>.yaml`) picks rules from here by id and says what each costs on its score
sheet. Loading validates every rule against what its check type declares (`nlp.registry.register`):
unknown types, missing or unknown word lists, thresholds and message parts, placeholders a check does
not fill, and regular expressions that do not compile all fail at load, with a Chinese message naming
the file and the rule.

Word lists: a YAML list is a set of alternatives (each item a regular expression, joined with `|`); a
string is one regular expression. `words` at the top of a file are shared by every rule and by the
reading helpers (negation, …).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest.model import Document

from .findings import Severity
from .legibility import ReadingRule
from .registry import CHECKS, COMMON_PARAMS, CheckType, Problem, RuleSpec
from .steplex import step_order

RULES_DIR = Path(__file__).parent / "rubrics" / "rules"

# Shared word lists the reading helpers use (nlp.rules_base, nlp.rules): a rule file must define them.
SHARED_WORDS = frozenset(
    {
        "negation",
        "negation_but",
        "symptom_lead_in",
        "symptom_count",
        "symptom_not_subject",
        "symptom_back_ref",
        "symptom_group_tail",
        "symptom_metric",
        "task_style",
        "table_head",
    }
)
FIXED_PLACEHOLDERS = frozenset({"parts", "pages"})

Words = str | list[str]


class RulebookError(ValueError):
    """A rule file that does not validate (the message names the file and the rule, in Chinese)."""


class Absence(BaseModel):
    """What of a rule's findings rests on an absence, and on the reading of which steps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # message parts / alternative messages that state an absence; empty: every finding of the rule
    parts: list[str] = Field(default_factory=list)
    # steps whose text the absence was looked for in; empty: the finding's step
    reads: list[str] = Field(default_factory=list)


class RuleDef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    check: str  # a registered check type
    step: str | None = None  # the step the rule is about (None: the whole report)
    severity: Severity  # the default; a rubric may set another
    title: str  # what the rule is about, one line
    message: str = "{parts}{pages}"  # template of a finding's message
    messages: dict[str, str] = Field(default_factory=dict)  # other whole-message templates, by key
    parts: dict[str, str] = Field(default_factory=dict)  # message parts, joined into {parts}
    joiner: str = "；"
    advice: str  # 修改建议: one line saying how to fix it
    words: dict[str, Words] = Field(default_factory=dict)
    params: dict[str, Any] = Field(default_factory=dict)
    # one finding per defect: a finding of this rule is dropped when one of these rules has a finding
    # on the same step (A2 "no 标准化 step" when M-standardize reports the missing step)
    yields_to: list[str] = Field(default_factory=list)
    # the same defect seen from another rule: a finding of this rule becomes a review, with the reason
    # given (Simplified Chinese), when the rule named has a finding on the same step (K2's causes left out
    # of a 要因评价表 when K1 vetoes the 要因 decided by that scoring: stop 34)
    defers_to: dict[str, str] = Field(default_factory=dict)
    # the rule concludes from an absence ("未见/未说明/缺少"): it stands only where the text it read was
    # read with confidence (nlp.legibility); otherwise the check goes to 人工复核
    absence: Absence | None = None
    # the finding rests on which text the structure put in a step (a table taken as the 对策表, a tool's
    # step, the order of the steps): where the structure was not recognised with confidence, a review
    structure_bound: bool = False
    # the rule's evidence is indirect by its nature (a check "where relevant" judged from the absence of
    # words in a step that was read): its problems are reviews with this reason, never findings
    review_only: str | None = None
    # message parts whose evidence is an absence of our words even in a step read with confidence, false
    # on new hands in several untouched runs and never required there (S1 "no characteristic", A2 "no
    # 推广价值 judged"): part key → the reason; that part is a review, the rest of the finding stands
    review_parts: dict[str, str] = Field(default_factory=dict)
    # the reasons the check gives where it sends a problem to 需人工复核 instead of reporting it (key → a
    # template the check fills: `RuleSpec.review`); the keys are the check type's `reviews`
    reviews: dict[str, str] = Field(default_factory=dict)
    # a missing step of the program's core whose absence is no veto by itself (M-target_feasibility): a doubt
    # about its absence (a scan, an unread heading of the steps' form, its work seen) is 未能确认, as for the
    # steps whose absence vetoes (`Rubric.core_absences`)
    core_step: bool = False


class LineWrap(BaseModel):
    """When an OCR'd line of a scanned page runs on in the next (`line_wrap` of the rule files; read by
    nlp.rules_base.unwrapped). Every distance is in line heights of the upper line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_width: float = Field(gt=0)  # a wrapped line is body text: at least this wide (no table cell, no label)
    right_slack: float = Field(ge=0)  # … and stops at most this far short of the right edge of the page's lines
    left_offset: float = Field(ge=0)  # the next line starts at most this far from the wrapped line's left edge
    gap_min: float  # … its top at least this far below the wrapped line's bottom (negative: overlapping)
    gap_max: float  # … and at most this far below it


class Remedy(BaseModel):
    """When one document of a package had as much to judge as the other on the steps a rule reads
    (`remedy` of the rule files; read by nlp.union): its text there, headings left out, holds at least this
    share of the other's characters and of its figures. A rule quiet on a document that had that much
    found it satisfied; quiet on less, it had nothing to judge and settles nothing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_char_share: float = Field(gt=0)
    min_figure_share: float = Field(ge=0)


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    words: dict[str, Words] = Field(default_factory=dict)
    reading: ReadingRule | None = None  # when a step's text counts as read (one file defines it)
    line_wrap: LineWrap | None = None  # when a scanned page's OCR'd line runs on (one file defines it)
    remedy: Remedy | None = None  # when a 实施记录 had as much to judge as the deck (one file defines it)
    rules: dict[str, RuleDef] = Field(default_factory=dict)


def _pattern(words: Words) -> str:
    return words if isinstance(words, str) else "|".join(words)


def _compile(words: Words, where: str) -> re.Pattern[str]:
    try:
        return re.compile(_pattern(words))
    except re.error as e:
        raise RulebookError(f"{where}：词表不是有效的正则表达式（{e}）") from e


def _placeholders(template: str, where: str) -> set[str]:
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name}
    except ValueError as e:
        raise RulebookError(f"{where}：消息模板无效（{e}）") from e


def _check_rule(rid: str, rule: RuleDef, shared: set[str], where: str) -> CheckType:
    at = f"{where} 规则 {rid}"
    ctype = CHECKS.get(rule.check)
    if ctype is None:
        raise RulebookError(f"{at}：未注册的检查类型 {rule.check!r}")
    if rule.step is not None and rule.step not in step_order():
        raise RulebookError(f"{at}：未知的步骤 {rule.step!r}")
    if not rule.title.strip() or not rule.advice.strip():
        raise RulebookError(f"{at}：缺少中文标题或修改建议")
    if missing := ctype.words - set(rule.words) - shared:
        raise RulebookError(f"{at}：缺少词表 {'、'.join(sorted(missing))}")
    if unknown := set(rule.words) - ctype.words:
        raise RulebookError(f"{at}：检查类型 {rule.check} 不使用词表 {'、'.join(sorted(unknown))}")
    if missing := ctype.params - set(rule.params):
        raise RulebookError(f"{at}：缺少阈值 {'、'.join(sorted(missing))}")
    if unknown := set(rule.params) - ctype.params - COMMON_PARAMS:
        raise RulebookError(f"{at}：未知的阈值 {'、'.join(sorted(unknown))}")
    if set(rule.parts) != ctype.parts:
        raise RulebookError(f"{at}：消息部分应为 {'、'.join(sorted(ctype.parts)) or '无'}")
    if set(rule.messages) != ctype.messages:
        raise RulebookError(f"{at}：备选消息应为 {'、'.join(sorted(ctype.messages)) or '无'}")
    allowed = ctype.values | FIXED_PLACEHOLDERS
    for template in (rule.message, *rule.messages.values(), *rule.parts.values()):
        if unknown := _placeholders(template, at) - allowed:
            raise RulebookError(f"{at}：消息模板中的 {'、'.join(sorted(unknown))} 没有取值")
    for name, words in rule.words.items():
        _compile(words, f"{at} 词表 {name}")
    if rule.absence is not None:
        if unknown := set(rule.absence.parts) - set(rule.parts) - set(rule.messages):
            raise RulebookError(f"{at}：absence 中的 {'、'.join(sorted(unknown))} 不是消息部分")
        if unknown := set(rule.absence.reads) - set(step_order()):
            raise RulebookError(f"{at}：absence 中的 {'、'.join(sorted(unknown))} 不是步骤")
    if unknown := set(rule.review_parts) - set(rule.parts):
        raise RulebookError(f"{at}：review_parts 中的 {'、'.join(sorted(unknown))} 不是消息部分")
    if set(rule.reviews) != ctype.reviews:
        raise RulebookError(f"{at}：复核理由应为 {'、'.join(sorted(ctype.reviews)) or '无'}")
    for template in rule.reviews.values():
        _placeholders(template, at)
    return ctype


class Rulebook:
    """Every rule of every rule file, validated, with the word lists compiled."""

    def __init__(self, files: dict[str, RuleFile]) -> None:
        self.rules: dict[str, RuleDef] = {}
        shared_src: dict[str, Words] = {}
        readings = [(where, f.reading) for where, f in files.items() if f.reading is not None]
        if len(readings) != 1:
            raise RulebookError(f"规则文件中应恰有一个 reading（读取可信度阈值），现有 {len(readings)} 个")
        self.reading: ReadingRule = readings[0][1]
        wraps = [f.line_wrap for f in files.values() if f.line_wrap is not None]
        if len(wraps) != 1:
            raise RulebookError(f"规则文件中应恰有一个 line_wrap（扫描页换行拼接阈值），现有 {len(wraps)} 个")
        self.line_wrap: LineWrap = wraps[0]
        remedies = [f.remedy for f in files.values() if f.remedy is not None]
        if len(remedies) != 1:
            raise RulebookError(f"规则文件中应恰有一个 remedy（实施记录补足成果报告的阈值），现有 {len(remedies)} 个")
        self.remedy: Remedy = remedies[0]
        for where, f in files.items():
            for name, words in f.words.items():
                if name in shared_src:
                    raise RulebookError(f"{where}：共享词表 {name} 重复定义")
                shared_src[name] = words
        if missing := SHARED_WORDS - set(shared_src):
            raise RulebookError(f"规则文件缺少共享词表 {'、'.join(sorted(missing))}")
        self.shared = {n: _compile(w, f"共享词表 {n}") for n, w in shared_src.items()}
        for where, f in files.items():
            for rid, rule in f.rules.items():
                if rid in self.rules:
                    raise RulebookError(f"{where}：规则 {rid} 重复定义（一个编号只能有一个含义）")
                _check_rule(rid, rule, set(shared_src), where)
                self.rules[rid] = rule
        for rid, rule in self.rules.items():
            if unknown := set(rule.yields_to) - set(self.rules):
                raise RulebookError(f"规则 {rid}：yields_to 中的 {'、'.join(sorted(unknown))} 不是规则编号")
            if unknown := set(rule.defers_to) - set(self.rules):
                raise RulebookError(f"规则 {rid}：defers_to 中的 {'、'.join(sorted(unknown))} 不是规则编号")
        self._words = {rid: {n: _compile(w, rid) for n, w in rule.words.items()} for rid, rule in self.rules.items()}

    def spec(self, rule_id: str, params: dict[str, Any] | None = None) -> RuleSpec:
        """The rule as its check sees it; `params` (from a rubric) override the rule's thresholds."""
        rule = self.rules[rule_id]
        words = {n: self.shared[n] for n in CHECKS[rule.check].words if n in self.shared}
        words.update(self._words[rule_id])
        return RuleSpec(id=rule_id, words=words, params={**rule.params, **(params or {})}, reviews=dict(rule.reviews))

    def render(self, rule_id: str, problem: Problem, doc: Document) -> str:
        """The Chinese message of a problem: an analyzer's own text, or the rule's template filled."""
        if problem.text is not None:
            return problem.text
        rule = self.rules[rule_id]
        values: dict[str, Any] = {"pages": fmt_pages(problem.pages, doc), **problem.values}
        parts = [rule.parts[p.key].format(**{**values, **p.values}) for p in problem.parts]
        template = rule.messages[problem.template] if problem.template else rule.message
        return template.format(**{**values, "parts": rule.joiner.join(parts)})


def fmt_pages(pages: list[int], doc: Document) -> str:
    """ "（第 3、4 张幻灯片）" / "（第 5 页）" / "（第 12 段）"; "" without pages."""
    ps = sorted(set(pages))
    if not ps:
        return ""
    unit = "页" if doc.format in {"pptx", "ppt", "dps", "pdf"} else "段"
    label = "幻灯片" if doc.format in {"pptx", "ppt", "dps"} else ""
    shown = "、".join(str(p) for p in ps[:6]) + ("…" if len(ps) > 6 else "")
    if label:
        return f"（第 {shown} 张{label}）"
    return f"（第 {shown} {unit}）"


def load_dir(directory: Path) -> Rulebook:
    import_rule_modules()
    files: dict[str, RuleFile] = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=yaml.CSafeLoader) or {}
        try:
            files[path.name] = RuleFile.model_validate(data)
        except ValidationError as e:
            raise RulebookError(f"规则文件 {path.name} 无效：{e}") from e
    return Rulebook(files)


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    return load_dir(RULES_DIR)


def shared(name: str) -> re.Pattern[str]:
    """A shared word list (`words` of the rule files), compiled."""
    return rulebook().shared[name]


def line_wrap() -> LineWrap:
    """The thresholds of a scanned page's line joining (`line_wrap` of the rule files)."""
    return rulebook().line_wrap


def import_rule_modules() -> None:
    """Import the modules that register check types (they always exist; listed in one place)."""
    from . import rules, rules_do, rules_evidence, rules_structure  # noqa: F401  (registration is the import's effect)
