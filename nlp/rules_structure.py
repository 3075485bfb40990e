"""Checks of the structure as a whole: O1, the steps in the order of the project type's program
(创新型: 设定目标 before 提出方案; 问题解决型: 现状调查 before 设定目标 before 原因分析 …). Words, thresholds
and messages: `nlp/rubrics/rules/plan.yaml`."""

from __future__ import annotations

import re

from .headings import match_heading
from .project_type import PROBLEM
from .registry import CheckContext, Problem, RuleSpec, register
from .rules_base import problem
from .steplex import lexicon, sequence, step_name, step_order

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _first_headings(ctx: CheckContext, min_confidence: float, max_listed: int) -> dict[str, tuple[int, int]]:
    """Step id → (position of its first heading in the document, its page), for the steps named by a
    heading sure enough to order by: the heading's own signal (a slide title or heading naming the
    step, not a content cue or a guess; steps.yaml `confidence`), not the step's blend with the
    content classifier, which measures what the section says rather than where the heading stands."""
    by_via: dict[str, float] = lexicon()["confidence"]
    out: dict[str, tuple[int, int]] = {}
    for pos, h in enumerate(ctx.structure.headings):
        if float(by_via.get(h.via, 0.0)) < min_confidence or _lists_steps(ctx, h.block, max_listed):
            continue
        for sid in h.steps:
            step = ctx.structure.get(_typed(ctx, sid))
            if step is None or step.id in out:
                continue
            out[step.id] = (pos, ctx.doc.blocks[h.block].source.page)
    return out


def _lists_steps(ctx: CheckContext, block: int, max_listed: int) -> bool:
    """The heading's block lists more than `max_listed` steps, one a line: a 目录, an 活动计划 or a 甘特图
    picture naming the program — where a step is planned, not where it stands (seen fresh2 g39)."""
    named = {
        m.steps[0]
        for ln in ctx.doc.blocks[block].text.split("\n")
        if (m := match_heading(ln.strip(), strict=False)) and m.steps[0] in step_order()
    }
    return len(named) > max_listed


def _typed(ctx: CheckContext, sid: str) -> str:
    """The id a type-neutral heading step has for the project type (巩固 → 标准化 for 创新型)."""
    if ctx.project_type == "innovative":
        return {"consolidate": "standardize", "target_feasibility": "set_target"}.get(sid, sid)
    return sid


def _longest_in_order(positions: list[int]) -> set[int]:
    """Indices of a longest increasing subsequence of `positions` (the steps that are in order)."""
    n = len(positions)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if positions[j] < positions[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    k = max(range(n), key=lambda i: best[i], default=-1)
    keep: set[int] = set()
    while k >= 0:
        keep.add(k)
        k = prev[k]
    return keep


@register(
    "step_order",
    params=("min_confidence", "max_listed_steps", "divider_chars"),
    values=("step_name", "other", "relation"),
    reviews=("divider",),
)
def check_step_order(ctx: CheckContext, rule: RuleSpec) -> list[Problem]:
    """O1: a step found before a step the program puts ahead of it (or after one it should precede)."""
    ptype = ctx.project_type if ctx.project_type != "unknown" else PROBLEM
    first = _first_headings(ctx, float(rule.params["min_confidence"]), rule.int("max_listed_steps"))
    seq = [s for s in sequence(ptype, ctx.target_kind) if s in first]
    if len(seq) < 2:
        return []
    pos = [first[s][0] for s in seq]
    keep = _longest_in_order(pos)
    out: list[Problem] = []
    for i, sid in enumerate(seq):
        if i in keep:
            continue
        later = next((j for j in sorted(keep) if j > i and pos[j] < pos[i]), None)
        earlier = next((j for j in sorted(keep, reverse=True) if j < i and pos[j] > pos[i]), None)
        j = later if later is not None else earlier
        if j is None:
            continue
        other = seq[j]
        pages = [first[sid][1], first[other][1]]
        found = problem(
            pages,
            step=sid,
            step_name=step_name(sid, ptype),
            other=step_name(other, ptype),
            relation="之前" if later is not None else "之后",
        )
        if divider := _divider_before(ctx, rule, first[sid], first[other]):
            # "05 最适方策实施" alone on a section slide, then "最适方策实施计划": the section names the chapter
            # that holds both steps, not the first of them (seen fresh3 h48)
            why = rule.review("divider", page=divider)
            found = found.model_copy(update={"unread": why})
        out.append(found)
    return out


def _divider_before(ctx: CheckContext, rule: RuleSpec, a: tuple[int, int], b: tuple[int, int]) -> int | None:
    """The page of the first of the two headings when it stands alone on a section page (no more than
    `divider_chars` Chinese characters beside it) right before the page of the other; None otherwise."""
    (pos_a, page_a), (_pos_b, page_b) = sorted([a, b])
    if page_b != page_a + 1:
        return None
    head = ctx.structure.headings[pos_a].block
    beside = "".join(b.text for i, b in enumerate(ctx.doc.blocks) if b.source.page == page_a and i != head)
    if any(b.table is not None or b.figure is not None for b in ctx.doc.blocks if b.source.page == page_a):
        return None
    return page_a if len(_CJK.findall(beside)) <= rule.int("divider_chars") else None
