"""Steps, 5W1H, tools and findings judged on the union of a submission's deck and its 实施记录 (issue 10
item 8): what one document lacks the other may hold, and the evidence names the file that holds it.

Each document is analysed and checked on its own (`nlp.check`); then
* a step is present when either document has it (pages and file from the one that has it);
* the 对策表 is the deck's, else the 实施记录's;
* the tools are those of both, each entry naming its file;
* a finding of the deck stands only where the 实施记录 does not remedy it: a missing step the record
  has is no defect, and a content rule that fires on a step the record also holds stands only if it
  fires on the record's step too; a record's finding on a step the deck lacks is reported with its
  file. Findings without a step (title, placeholders, type) are the deck's.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .analysis import Analysis
from .findings import Finding, Review
from .fivew1h import FiveW1HReport
from .registry import CheckContext
from .report import StepReport
from .rubric import Rule
from .rules_causes import count_confirmed
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


def _remedied(
    f: Finding, main_steps: set[str], record_steps: set[str], record_keys: set[tuple[str, str | None]]
) -> bool:
    """The 实施记录 holds what the deck's finding says is missing."""
    if f.rule.startswith("M-"):
        return f.rule[2:] in record_steps
    if f.step is None or f.step not in record_steps:
        return False
    return (f.rule, f.step) not in record_keys and f.step in main_steps


def unremedied(main: CheckContext, record: CheckContext) -> frozenset[str]:
    """Rules whose deck finding the 实施记录 cannot remedy by merely having the step. A rule that stays quiet on
    the record may do so for lack of anything to judge: "内容：测量插芯搭接量…，确认3条要因。" is the step told
    in one line, no 要因确认表 — it confirms none of the causes the deck's 因果图 names and its table leaves out
    (seen fresh12 r49). The deck's unconfirmed 末端原因 (K2) stand unless the record confirms more causes than
    the deck does."""
    if not record.has("main_causes") or count_confirmed(record) <= count_confirmed(main):
        return frozenset({"K2"})
    return frozenset()


def merge(
    main: Analysis,
    main_steps: list[StepReport],
    main_judged: tuple[Fired, list[Review]],
    record: Analysis,
    record_steps: list[StepReport],
    record_judged: tuple[Fired, list[Review]],
    unremedied: frozenset[str] = frozenset(),
) -> Union:
    """The submission's steps, 对策表, tools, fired rules and checks left to review from its deck and its
    实施记录 (a check the other document settles is no longer left to review)."""
    (main_fired, main_reviews), (record_fired, record_reviews) = main_judged, record_judged
    rfile = record.file
    plan_from_record = not main.fivew1h.found and record.fivew1h.found
    in_main = {s.id for s in main_steps if s.present}
    in_record = {s.id for s in record_steps if s.present}
    rkeys = {(f.rule, f.step) for _r, f in record_fired}
    kept = [
        (r, f)
        for r, f in main_fired
        if (f.rule in unremedied or not _remedied(f, in_main, in_record, rkeys))
        and not (plan_from_record and f.rule in _PER_PLAN)
    ]
    borrowed = [
        (r, f.model_copy(update={"file": rfile}))
        for r, f in record_fired
        if (f.step is not None and f.step in in_record - in_main and not f.rule.startswith("M-"))
        or (plan_from_record and f.rule in _PER_PLAN)
    ]
    fivew1h = record.fivew1h.model_copy(update={"file": rfile}) if plan_from_record else main.fivew1h
    unsure = {(r.rule, r.step) for r in record_reviews}
    reviews = [
        r for r in main_reviews if r.step not in in_record or (r.rule, r.step) in rkeys or (r.rule, r.step) in unsure
    ] + [r.model_copy(update={"file": rfile}) for r in record_reviews if r.step in in_record - in_main]
    return Union(
        steps=_steps(main_steps, record_steps, rfile),
        fivew1h=fivew1h,
        tools=_tools(main.tools.tools, record.tools.tools, rfile),
        fired=kept + borrowed,
        reviews=reviews,
    )
