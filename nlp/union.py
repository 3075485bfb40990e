"""Steps, 5W1H, tools and findings judged on the union of a submission's deck and its 实施记录 (issue 10
item 8): what one document lacks the other may hold, and the evidence names the file that holds it.

Each document is analysed and checked on its own (`nlp.check`); then
* a step is present when either document has it (pages and file from the one that has it);
* the 对策表 is the deck's, else the 实施记录's;
* the tools are those of both, each entry naming its file;
* a finding of the deck stands only where the 实施记录 does not remedy it: a missing step the record
  has is no defect, and a content rule that fires on a step the record also holds stands only if it
  fires on the record's step too — where the record had as much to judge there as the deck (stop 30:
  the text of the steps the rule reads, `absence.reads` or the finding's step, at the `remedy` shares
  of the rule files). A rule is also quiet where it had nothing to judge: a step told in one line of
  an activity log settles nothing. The other way round, a record's finding is reported with its file
  on a step the deck lacks, or holds with less to judge than the record and the rule quiet on it.
  Findings without a step (title, placeholders, type) are the deck's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from .findings import Finding, Review
from .fivew1h import FiveW1HReport
from .registry import CheckContext
from .report import StepReport
from .rubric import Rule
from .rulebook import rulebook
from .sections import count_numbers
from .tools import ToolEntry

Fired = list[tuple[Rule, Finding]]

_PER_PLAN = ("P1", "P2")  # findings that belong to the 对策表 read


class Union(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    steps: list[StepReport]
    fivew1h: FiveW1HReport
    tools: list[ToolEntry]
    fired: Fired = Field(default_factory=list)  # (rule, finding) kept: findings and score deductions
    reviews: list[Review] = Field(default_factory=list)  # checks left to 人工复核, from either document


def _steps(main: list[StepReport], record: list[StepReport], record_file: str) -> list[StepReport]:
    have = {s.id: s for s in record if s.present}
    out = []
    for s in main:
        r = have.get(s.id)
        if not s.present and r is not None:
            s = r.model_copy(update={"expected": s.expected, "file": record_file})
        out.append(s)
    known = {s.id for s in out}
    out += [r.model_copy(update={"file": record_file}) for r in record if r.present and r.id not in known]
    return out


def _tools(main: list[ToolEntry], record: list[ToolEntry], record_file: str) -> list[ToolEntry]:
    seen = {(t.name, s) for t in main for s in t.steps}
    extra = []
    for t in record:
        steps = [s for s in t.steps if (t.name, s) not in seen]
        if steps:
            extra.append(
                t.model_copy(
                    update={
                        "steps": steps,
                        "file": record_file,
                        "placements": {s: m for s, m in t.placements.items() if s in steps},
                    }
                )
            )
    return [*main, *extra]


class Substance(NamedTuple):
    """How much a document gives a rule to judge on the steps it reads: characters and figures of the
    steps' text, headings left out."""

    chars: int
    figures: int


def substance(ctx: CheckContext, steps: Sequence[str]) -> Substance:
    text = ctx.text(*steps, with_headings=False) if all(ctx.has(s) for s in steps) else ""
    return Substance(len(text.replace("\n", "")), count_numbers(text))


def covers(have: Substance, other: Substance) -> bool:
    """`have` gives a rule as much to judge as `other` (`remedy` of the rule files)."""
    r = rulebook().remedy
    return have.chars >= r.min_char_share * other.chars and have.figures >= r.min_figure_share * other.figures


def reads(rule_id: str, step: str) -> list[str]:
    """The steps a rule reads for a finding on `step`: its `absence.reads`, else the finding's step."""
    definition = rulebook().rules.get(rule_id)
    absence = definition.absence if definition is not None else None
    return list(absence.reads) if absence is not None and absence.reads else [step]


class _Package:
    """The deck and its 实施记录 side by side: which steps each holds, and which rule fired where."""

    def __init__(self, main: CheckContext, main_steps: set[str], record: CheckContext, record_steps: set[str]):
        self.main, self.record = main, record
        self.in_main, self.in_record = main_steps, record_steps

    def _sides(self, rule_id: str, step: str) -> tuple[Substance, Substance]:
        steps = reads(rule_id, step)
        return substance(self.main, steps), substance(self.record, steps)

    def record_judged(self, rule_id: str, step: str) -> bool:
        """The record had as much to judge as the deck on what the rule reads: its silence there settles it."""
        deck, record = self._sides(rule_id, step)
        return covers(record, deck)

    def deck_judged(self, rule_id: str, step: str) -> bool:
        """The deck had as much to judge as the record: its silence there settles it."""
        deck, record = self._sides(rule_id, step)
        return covers(deck, record)

    def remedied(self, rule_id: str, f: Finding, record_keys: set[tuple[str, str | None]]) -> bool:
        """The 实施记录 holds what the deck's finding says is missing: the missing step, or the step with as
        much to judge as the deck's and the rule quiet there. A rule quiet on a step told in one line (no
        table, no figures) had nothing to judge: the deck's finding stands (seen fresh12 r49)."""
        if f.rule.startswith("M-"):
            return f.rule[2:] in self.in_record
        if f.step is None or f.step not in self.in_record or f.step not in self.in_main:
            return False
        return (f.rule, f.step) not in record_keys and self.record_judged(rule_id, f.step)

    def borrowed(self, rule_id: str, f: Finding, main_keys: set[tuple[str, str | None]]) -> bool:
        """A record's finding is the submission's on a step the deck lacks, or on one the deck holds with
        less to judge than the record, the rule quiet on the deck."""
        if f.step is None or f.step not in self.in_record or f.rule.startswith("M-"):
            return False
        if f.step not in self.in_main:
            return True
        return (f.rule, f.step) not in main_keys and not self.deck_judged(rule_id, f.step)


def merge(
    main: CheckContext,
    main_steps: list[StepReport],
    main_judged: tuple[Fired, list[Review]],
    record: CheckContext,
    record_steps: list[StepReport],
    record_judged: tuple[Fired, list[Review]],
) -> Union:
    """The submission's steps, 对策表, tools, fired rules and checks left to review from its deck and its
    实施记录 (a check the other document settles is no longer left to review)."""
    (main_fired, main_reviews), (record_fired, record_reviews) = main_judged, record_judged
    ma, ra = main.analysis, record.analysis
    rfile = ra.file
    plan_from_record = not ma.fivew1h.found and ra.fivew1h.found
    pkg = _Package(main, {s.id for s in main_steps if s.present}, record, {s.id for s in record_steps if s.present})
    rkeys = {(f.rule, f.step) for _r, f in record_fired}
    mkeys = {(f.rule, f.step) for _r, f in main_fired}
    kept = [
        (r, f)
        for r, f in main_fired
        if not pkg.remedied(r.id, f, rkeys) and not (plan_from_record and f.rule in _PER_PLAN)
    ]
    borrowed = [
        (r, f.model_copy(update={"file": rfile}))
        for r, f in record_fired
        if pkg.borrowed(r.id, f, mkeys) or (plan_from_record and f.rule in _PER_PLAN)
    ]
    fivew1h = ra.fivew1h.model_copy(update={"file": rfile}) if plan_from_record else ma.fivew1h
    unsure = {(r.rule, r.step) for r in record_reviews}
    reviews = [
        r
        for r in main_reviews
        if r.step not in pkg.in_record
        or (r.rule, r.step) in rkeys
        or (r.rule, r.step) in unsure
        or not pkg.record_judged(r.rule, r.step)
    ] + [r.model_copy(update={"file": rfile}) for r in record_reviews if r.step in pkg.in_record - pkg.in_main]
    return Union(
        steps=_steps(main_steps, record_steps, rfile),
        fivew1h=fivew1h,
        tools=_tools(ma.tools.tools, ra.tools.tools, rfile),
        fired=kept + borrowed,
        reviews=reviews,
    )
