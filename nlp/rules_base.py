"""Shared reading helpers for the content rules: a step's blocks, keyword hits with their pages,
numbers, negation, and the Finding constructor the rule modules use."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.model import Block, BlockKind, Document

from .findings import Finding, Severity
from .normalize import normalize
from .registry import CheckContext
from .sections import Segmentation, count_numbers

_NEG_WORDS = re.compile(r"不|未|没有|无需|避免|禁止|不得|不能|不宜|不应|而非|而不是|不是|杜绝|摒弃|取代|代替|替代|不再")
_BUT = re.compile(r"而是|而用|改用|却|但")
_CLAUSE_END = re.compile(r"[，。；;,:：\n！？!?]")


@dataclass(frozen=True)
class Hit:
    text: str  # the matched words
    page: int
    block: int
    context: str  # the sentence around the match


def seg(ctx: CheckContext) -> Segmentation:
    s = ctx.segmentation
    assert isinstance(s, Segmentation)
    return s


def step_blocks(ctx: CheckContext, *steps: str) -> list[tuple[int, Block]]:
    return [(i, ctx.doc.blocks[i]) for i in seg(ctx).blocks_of(*steps)]


def step_text(ctx: CheckContext, *steps: str, with_headings: bool = True) -> str:
    """Normalised text of the steps' blocks (cached on the context: many rules read the same step)."""
    cache: dict[tuple[tuple[str, ...], bool], str] = ctx.analyses.setdefault("_step_text", {})
    key = (steps, with_headings)
    if key not in cache:
        parts = []
        for _i, b in step_blocks(ctx, *steps):
            if not with_headings and b.kind in (BlockKind.title, BlockKind.heading):
                continue
            parts.append(b.text)
        cache[key] = normalize("\n".join(parts))
    return cache[key]


def step_pages(ctx: CheckContext, *steps: str) -> list[int]:
    return seg(ctx).pages_of(*steps)


def negated(text: str, start: int) -> bool:
    """The match at `start` is denied within its clause: "不采用打分、表决", "以测量数据代替打分"."""
    a = start
    while a > 0 and not _CLAUSE_END.match(text[a - 1]) and start - a < 24:
        a -= 1
    before = text[a:start]
    neg = None
    for m in _NEG_WORDS.finditer(before):
        neg = m
    if neg is None:
        return False
    return not _BUT.search(before[neg.end() :])


def _sentence_at(text: str, start: int, end: int) -> str:
    a = max(text.rfind(c, 0, start) for c in "。；;\n！？") + 1
    bs = [text.find(c, end) for c in "。；;\n！？"]
    b = min([x for x in bs if x >= 0], default=len(text))
    return text[a:b].strip()[:120]


def hits(
    blocks: Iterable[tuple[int, Block]], rx: re.Pattern[str], *, skip_negated: bool = True
) -> list[Hit]:
    out: list[Hit] = []
    for i, b in blocks:
        t = normalize(b.text)
        for m in rx.finditer(t):
            if skip_negated and negated(t, m.start()):
                continue
            out.append(Hit(m.group(0), b.source.page, i, _sentence_at(t, m.start(), m.end())))
    return out


def has_numbers(text: str, n: int = 1) -> bool:
    return count_numbers(text) >= n


def pages_of_hits(hs: Iterable[Hit]) -> list[int]:
    return sorted({h.page for h in hs})


def hit_words(hs: Iterable[Hit]) -> str:
    """The distinct matched words, in order of appearance, for a message: "打分、表决"."""
    return "、".join(dict.fromkeys(h.text for h in hs))


def finding(
    rule: str, message: str, pages: Iterable[int], *, step: str | None = None, evidence: str | None = None,
    severity: Severity = Severity.major,
) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, pages=sorted(set(pages)), step=step, evidence=evidence)


def fmt_pages(pages: Iterable[int], doc: Document) -> str:
    ps = sorted(set(pages))
    if not ps:
        return ""
    unit = "页" if doc.format in {"pptx", "ppt", "dps", "pdf"} else "段"
    label = "幻灯片" if doc.format in {"pptx", "ppt", "dps"} else ""
    shown = "、".join(str(p) for p in ps[:6]) + ("…" if len(ps) > 6 else "")
    if label:
        return f"（第 {shown} 张{label}）"
    return f"（第 {shown} {unit}）"
