"""The parts of a submission that say what the project is: title, 选题理由, 症结, 目标, 要因, 对策.

A part of the Analysis (`nlp.analyze(doc).essence`), read from its structure. Used by the similarity
engine to tell "the same project submitted again" (same 症结, same 要因, same 对策 under a new title)
from two projects that share only boilerplate.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from ingest.model import BlockKind, Document

from .fivew1h_causes import confirmed_causes
from .normalize import normalize
from .project_type import doc_title
from .structure import Structure

_SENT = re.compile(r"[^。；;！!？?\n]+")
_SYMPTOM = re.compile(r"症结|关键问题|主要问题|突出问题|累计|占比|A类")
_TARGET = re.compile(r"目标")
_CAUSE_YES = re.compile(
    r"(?:是|为|确定为|确认为|判定为|属于)\s*(?:主要原因|要因|真因)|^\s*要因\s*[:：]|结论\s*[:：]\s*要因"
)
_CAUSE_NO = re.compile(r"非要因|不是要因|不是主要原因|非主要原因")
_LIMIT = 600


def _sentences(text: str, rx: re.Pattern[str] | None = None, limit: int = _LIMIT) -> str:
    out: list[str] = []
    n = 0
    for m in _SENT.finditer(normalize(text)):
        s = m.group(0).strip()
        if not s or (rx is not None and not rx.search(s)):
            continue
        out.append(s)
        n += len(s)
        if n >= limit:
            break
    return "。".join(out)[:limit]


class Essence(BaseModel):
    """What the project is. A part is "" when the document has no such part."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = ""
    reason: str = ""  # 选题理由
    symptom: str = ""  # 症结
    target: str = ""  # 目标
    causes: str = ""  # 要因
    countermeasures: str = ""  # 对策

    def parts(self) -> dict[str, str]:
        """Part name → text, in the order above (the similarity engine's PARTS)."""
        return self.model_dump()


def _body_text(doc: Document, seg: Structure, step: str, skip_heading: bool = True) -> str:
    span = seg.get(step)
    if span is None:
        return ""
    parts = []
    heads = seg.heading_blocks()
    for i in span.blocks:
        b = doc.blocks[i]
        if skip_heading and (i in heads or b.kind in (BlockKind.title, BlockKind.heading)) and len(b.text) < 40:
            continue
        parts.append(b.text)
    return "\n".join(parts)


_RESULT_LIST = re.compile(r"(?:主要原因|要因|真因)[^:：。]{0,16}[:：]\s*(.+)")


def _causes(doc: Document, seg: Structure) -> str:
    span = seg.get("main_causes")
    if span is None:
        return ""
    # the 要因 the 5W1H analyzer reads from the 确认 tables and conclusions
    names = [normalize(c).strip() for c in confirmed_causes(doc, seg.block_steps) if c and c.strip()]
    if names:
        return "；".join(dict.fromkeys(names))[:_LIMIT]
    # "通过逐条确认，找出主要原因3条：①A；②B；③C"
    for i in span.blocks:
        m = _RESULT_LIST.search(normalize(doc.blocks[i].text))
        if m and re.search(r"[①②③④⑤⑥1-9]", m.group(1)):
            items = [
                x.strip(" 。")
                for x in re.split(r"[①②③④⑤⑥⑦⑧⑨]|[；;、]|\d+[.、)）]", m.group(1))
                if len(x.strip(" 。")) >= 2
            ]
            if items:
                return "；".join(dict.fromkeys(items))[:_LIMIT]
    found: list[str] = []
    for i in span.blocks:
        b = doc.blocks[i]
        if b.table is not None:
            for row in b.table.filled_grid():
                line = " ".join(c for c in row if c)
                if _CAUSE_NO.search(line):
                    continue
                if re.search(r"(?:^|\s)(?:是|要因|主要原因|√)(?:\s|$)", " ".join(row)) or _CAUSE_YES.search(line):
                    found.append(normalize(row[1] if len(row) > 1 and row[1] else row[0]))
        else:
            for m in _SENT.finditer(normalize(b.text)):
                s = m.group(0).strip()
                if _CAUSE_YES.search(s) and not _CAUSE_NO.search(s):
                    found.append(s)
    if not found:
        return _sentences(_body_text(doc, seg, "main_causes"), re.compile(r"要因|主要原因|真因"))
    return "；".join(dict.fromkeys(found))[:_LIMIT]


def _countermeasures(doc: Document, seg: Structure) -> str:
    span = seg.get("plan_countermeasures")
    if span is None:
        return ""
    for i in span.blocks:
        t = doc.blocks[i].table
        if t is None or t.n_rows < 2:
            continue
        grid = t.filled_grid()
        for r, row in enumerate(grid[:3]):
            col = next(
                (k for k, c in enumerate(row) if normalize(c).strip() in {"对策", "What", "对策(What)", "对策措施"}),
                None,
            )
            if col is not None:
                vals = [normalize(g[col]).strip() for g in grid[r + 1 :] if col < len(g) and g[col].strip()]
                if vals:
                    return "；".join(dict.fromkeys(vals))[:_LIMIT]
    return _sentences(_body_text(doc, seg, "plan_countermeasures"), re.compile(r"对策"))


def essence_of(doc: Document, seg: Structure) -> Essence:
    symptom_src = _body_text(doc, seg, "current_state") or _body_text(doc, seg, "target_feasibility")
    return Essence(
        title=doc_title(doc),
        reason=_sentences(_body_text(doc, seg, "select_topic")),
        symptom=_sentences(symptom_src, _SYMPTOM),
        target=_sentences(_body_text(doc, seg, "set_target"), _TARGET)
        or _sentences(_body_text(doc, seg, "set_target")),
        causes=_causes(doc, seg),
        countermeasures=_countermeasures(doc, seg),
    )
