"""The rule framework's seam: the context a rule reads, the problems it emits, and the table of check
functions that rule YAML names.

A check function reads one `Analysis` (through `CheckContext`) and one rule (`RuleSpec`: its word lists
and thresholds from `nlp/rubrics/rules/*.yaml`) and returns `Problem`s: what is wrong (keys of the
rule's message parts, with values), where, and the quoted evidence. The rubric turns problems into
`Finding`s (id, severity, Chinese message, 修改建议, score item). Register a check with
`@register("type", words=…, params=…, parts=…, messages=…, values=…)`: the loader holds every rule of
that type to the declaration, so a word list, a threshold or a message part that the YAML misses or
misspells fails at load, in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Block, BlockKind, Document

from .analysis import Analysis
from .findings import Severity
from .normalize import normalize
from .structure import Structure

Value = str | int | float


class Part(BaseModel):
    """One part of a finding's message: a key of the rule's `parts` templates, with its values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    values: dict[str, Value] = Field(default_factory=dict)


class Problem(BaseModel):
    """One defect a check found, before the rubric makes it a Finding."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    template: str | None = None  # a key of the rule's `messages`; None = its `message`
    parts: list[Part] = Field(default_factory=list)  # joined into {parts} of the message
    values: dict[str, Value] = Field(default_factory=dict)  # the message's other placeholders
    pages: list[int] = Field(default_factory=list)
    step: str | None = None
    evidence: str | None = None  # a short quote from the document
    rule: str | None = None  # a sub-id the check reports under (M-<step>, F-CODE); None = the rule's id
    severity: Severity | None = None  # given by an analyzer; kept where the rule says so
    text: str | None = None  # a message an analyzer already wrote (5W1H, tools, numbers, 申报表)
    absent_step: str | None = None  # the defect is this step's absence: needs a recognised structure
    unread: str | None = None  # why the text it rests on was not read whole: it goes to 人工复核 (Chinese)
    # the blocks a 否决's positive reading rests on (K1: the sentence that decides the 要因 by a score): on a
    # scanned step the veto stands where each was read sure (`nlp.rubric`), else it goes to 人工复核
    rests_on: list[int] = Field(default_factory=list)


@dataclass(frozen=True, eq=False)
class CheckContext:
    """What every rule reads: the document, its one Analysis, and the other documents submitted."""

    doc: Document
    analysis: Analysis
    form: Document | None = None  # the 申报表
    record: Document | None = None  # the 实施记录

    @property
    def structure(self) -> Structure:
        return self.analysis.structure

    @property
    def project_type(self) -> str:
        return self.analysis.type.project_type

    @property
    def target_kind(self) -> str | None:
        return self.analysis.type.target_kind

    @cached_property
    def normalized(self) -> list[str]:
        """The normalised text of every block (many rules read the same steps)."""
        return [normalize(b.text) for b in self.doc.blocks]

    def blocks(self, *steps: str) -> list[tuple[int, Block]]:
        return [(i, self.doc.blocks[i]) for i in self.structure.blocks_of(*steps)]

    def text(self, *steps: str, with_headings: bool = True) -> str:
        """Normalised text of the steps' blocks, in document order."""
        heads = {BlockKind.title, BlockKind.heading}
        return "\n".join(self.normalized[i] for i, b in self.blocks(*steps) if with_headings or b.kind not in heads)

    def pages(self, *steps: str) -> list[int]:
        return self.structure.pages_of(*steps)

    def has(self, step: str) -> bool:
        return self.structure.has(step)


@dataclass(frozen=True)
class RuleSpec:
    """A rule as its check function sees it: compiled word lists and thresholds from the YAML."""

    id: str
    words: dict[str, re.Pattern[str]] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    reviews: dict[str, str] = field(default_factory=dict)  # 需人工复核 reasons by key (templates)

    def rx(self, name: str) -> re.Pattern[str]:
        return self.words[name]

    def review(self, key: str, **values: Any) -> str:
        """The Chinese reason of a review (`reviews` of the rule's YAML), its placeholders filled."""
        return self.reviews[key].format(**values)

    def int(self, name: str) -> int:
        return int(self.params[name])


CheckFn = Callable[[CheckContext, RuleSpec], list[Problem]]


@dataclass(frozen=True)
class CheckType:
    """A registered check function and what its rules must define."""

    name: str
    fn: CheckFn
    words: frozenset[str] = frozenset()
    params: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    messages: frozenset[str] = frozenset()
    values: frozenset[str] = frozenset()
    reviews: frozenset[str] = frozenset()


CHECKS: dict[str, CheckType] = {}


def register(
    name: str,
    *,
    words: Iterable[str] = (),
    params: Iterable[str] = (),
    parts: Iterable[str] = (),
    messages: Iterable[str] = (),
    values: Iterable[str] = (),
    reviews: Iterable[str] = (),
) -> Callable[[CheckFn], CheckFn]:
    """Register a check type. `words`, `params`, `parts`, `messages` and `reviews` (the reasons of its
    需人工复核 reviews) name what each rule of this type must define in YAML; `values` the placeholders the
    check fills in its message templates."""

    def deco(fn: CheckFn) -> CheckFn:
        if name in CHECKS and CHECKS[name].fn is not fn:
            raise ValueError(f"check type {name!r} registered twice")
        CHECKS[name] = CheckType(name, fn, *(frozenset(x) for x in (words, params, parts, messages, values, reviews)))
        return fn

    return deco


# Rule params every check type understands (applied by the rubric engine to the check's problems).
COMMON_PARAMS = frozenset({"rules", "steps", "exclude_steps"})


def filter_problems(problems: Iterable[Problem], params: dict[str, Any], rule_id: str) -> list[Problem]:
    """`rules` (sub-ids to keep), `steps` (only these steps), `exclude_steps` (drop these steps)."""
    wanted = set(params.get("rules") or [])
    only = set(params.get("steps") or [])
    drop = set(params.get("exclude_steps") or [])
    return [
        p
        for p in problems
        if (not wanted or (p.rule or rule_id) in wanted) and (not only or p.step in only) and p.step not in drop
    ]
