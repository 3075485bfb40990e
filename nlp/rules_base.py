"""Reading helpers the rules share: keyword hits with their pages and sentence, negation, numbers,
and the constructors of a rule's problems."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.model import Block

from .findings import Finding
from .normalize import normalize
from .numbers import NumbersReport
from .registry import CheckContext, Part, Problem, Value
from .rulebook import line_wrap, shared
from .sections import count_numbers

_CLAUSE_END = re.compile(r"[，。；;,:：\n！？!?]")


@dataclass(frozen=True)
class Hit:
    text: str  # the matched words
    page: int
    block: int
    context: str  # the sentence around the match


def negated(text: str, start: int) -> bool:
    """The match at `start` is denied within its clause: "不采用打分、表决", "以测量数据代替打分"."""
    a = start
    while a > 0 and not _CLAUSE_END.match(text[a - 1]) and start - a < 24:
        a -= 1
    before = text[a:start]
    neg = None
    for m in shared("negation").finditer(before):
        neg = m
    if neg is None:
        return False
    return not shared("negation_but").search(before[neg.end() :])


def _sentence_at(text: str, start: int, end: int) -> str:
    a = max(text.rfind(c, 0, start) for c in "。；;\n！？") + 1
    bs = [text.find(c, end) for c in "。；;\n！？"]
    b = min([x for x in bs if x >= 0], default=len(text))
    return text[a:b].strip()[:120]


# a line that starts like a numbered heading ("十一、", "（二）", "3." …) begins a new paragraph
_NUMBERED_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*\s*[、.．]\D)"
)
_SENTENCE_END = "。！？!?；;：:"


def _ocr_line(b: Block) -> bool:
    return b.source.part == "ocr" and b.source.bbox is not None and "\n" not in b.text.strip()


def _wraps(prev: Block, cur: Block, right: float) -> bool:
    """`prev`, one OCR'd line of body text on a scanned page, runs on in `cur`: it reaches (nearly) the
    right edge of the page's lines without ending a sentence, and `cur` starts at its left edge just
    below it (thresholds in line heights: `line_wrap` of the rule files)."""
    if not (_ocr_line(prev) and _ocr_line(cur)) or prev.source.page != cur.source.page:
        return False
    px0, py0, px1, py1 = prev.source.bbox  # type: ignore[misc]
    cx0, cy0, _cx1, _cy1 = cur.source.bbox  # type: ignore[misc]
    h = max(py1 - py0, 1.0)
    t = prev.text.strip()
    w = line_wrap()
    return (
        bool(t)
        and t[-1] not in _SENTENCE_END
        and px1 - px0 >= w.min_width * h
        and px1 >= right - w.right_slack * h
        and abs(cx0 - px0) <= w.left_offset * h
        and w.gap_min * h <= cy0 - py1 <= w.gap_max * h
        and not _NUMBERED_START.match(cur.text)
    )


def unwrapped(blocks: Iterable[tuple[int, Block]]) -> list[tuple[int, Block, str]]:
    """(index, block, normalised text) in order; a scanned page's OCR'd line of body text that wraps onto
    the next is read together with it (the run's text under its first line's index), so a phrase the
    line break cuts ("基本" / "达到目标") is still one phrase. Other blocks are read as they are."""
    items = list(blocks)
    right: dict[int, float] = {}
    for _i, b in items:
        if _ocr_line(b):
            x1 = b.source.bbox[2]  # type: ignore[index]
            right[b.source.page] = max(right.get(b.source.page, x1), x1)
    out: list[tuple[int, Block, str]] = []
    prev: Block | None = None
    for i, b in items:
        p = b.source.page
        if out and prev is not None and p in right and _wraps(prev, b, right[p]):
            j, first, text = out[-1]
            out[-1] = (j, first, text.rstrip() + normalize(b.text).strip())
        else:
            out.append((i, b, normalize(b.text)))
        prev = b
    return out


def read_text(ctx: CheckContext, *steps: str) -> str:
    """`CheckContext.text` of the steps with a scanned page's wrapped lines read as one paragraph
    (`unwrapped`): a name, number or sentence the line break cuts ("作业指导⏎书", "JDK-2023⏎06"; the
    症结's subject on the line above "是症结") is read whole."""
    return "\n".join(t for _i, _b, t in unwrapped(ctx.blocks(*steps)))


def hits(blocks: Iterable[tuple[int, Block]], rx: re.Pattern[str], *, skip_negated: bool = True) -> list[Hit]:
    out: list[Hit] = []
    for i, b, t in unwrapped(blocks):
        for m in rx.finditer(t):
            if skip_negated and negated(t, m.start()):
                continue
            out.append(Hit(m.group(0), b.source.page, i, _sentence_at(t, m.start(), m.end())))
    return out


def task_style(texts: Iterable[str]) -> bool:
    """The deck is written as a 品管圈 课题达成型 (two distinct of its own terms, `task_style` of the rule
    files): its 目标设定 rests on the 望达水平 of 课题明确化 and its 方策 are chosen per 攻坚点."""
    rx = shared("task_style")
    return len({m.group(0) for t in texts for m in rx.finditer(t)}) >= 2


def has_numbers(text: str, n: int = 1) -> bool:
    return count_numbers(text) >= n


def pages_of_hits(hs: Iterable[Hit]) -> list[int]:
    return sorted({h.page for h in hs})


def hit_words(hs: Iterable[Hit]) -> str:
    """The distinct matched words, in order of appearance, for a message: "打分、表决"."""
    return "、".join(dict.fromkeys(h.text for h in hs))


def problem(
    pages: Iterable[int],
    *parts: str | Part,
    step: str | None = None,
    evidence: str | None = None,
    template: str | None = None,
    absent_step: str | None = None,
    **values: Value,
) -> Problem:
    """A problem at `pages`: message part keys (or `Part`s with their own values), message values.
    `absent_step`: the defect is that step's absence (reported only where the structure is recognised)."""
    return Problem(
        template=template,
        absent_step=absent_step,
        parts=[p if isinstance(p, Part) else Part(key=p) for p in parts],
        values=values,
        pages=sorted(set(pages)),
        step=step,
        evidence=evidence,
    )


def from_findings(findings: Iterable[Finding], *rule_ids: str, rule: str | None = None) -> list[Problem]:
    """An analyzer's findings of these ids as problems (their message as written; `rule` renames)."""
    return [
        Problem(
            text=f.message,
            pages=f.pages,
            step=f.step,
            evidence=f.evidence,
            rule=rule or f.rule,
            severity=f.severity,
        )
        for f in findings
        if not rule_ids or f.rule in rule_ids
    ]


def from_numbers(nums: NumbersReport | None, rule_id: str, rule: str | None = None) -> list[Problem]:
    """The numbers reader's findings of `rule_id` (G1, E1, E3); one resting on a figure not bound to the 课题
    metric (`NumbersReport.unbound`) goes to 人工复核 with the figure and where it was read."""
    if nums is None:
        return []
    out = from_findings(nums.findings, rule_id, rule=rule)
    return [p.model_copy(update={"unread": nums.unbound[p.text]}) if p.text in nums.unbound else p for p in out]
