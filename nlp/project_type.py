"""Project type: 问题解决型 (自定目标 / 指令性目标) or 创新型.

Sources, strongest first: the 申报表 tick box (C2's form report), a 课题类型 label written in the
deck ("课题类型：创新型"), then the structure (step headings) and the title's verbs. The declared type
(form or label) and the type the content shows are both kept, so a mislabel can be flagged (rule T1).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document

from .form import FormReport
from .headings import match_heading
from .normalize import normalize
from .sections import Segmentation
from .steplex import lexicon

PROBLEM = "problem_solving"
INNOVATIVE = "innovative"


@lru_cache(maxsize=1)
def _words() -> dict[str, re.Pattern[str]]:
    """The type vocabulary of nlp/lexicon/steps.yaml (`types`), compiled."""
    return {k: re.compile(v if isinstance(v, str) else "|".join(v)) for k, v in lexicon()["types"].items()}


def innovative_title(title: str) -> bool:
    """The title names what is created (研制, 开发, 构建…)."""
    return bool(_words()["innovative_title"].search(title))


def problem_title(title: str) -> bool:
    """The title names a characteristic to lower or raise (降低…率, 缩短…时间…)."""
    return bool(_words()["problem_title"].search(title))


class TypeDecision(BaseModel):
    """The project type with where it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project_type: str  # problem_solving | innovative | unknown
    target_kind: str | None  # self_set | directive | None
    declared: str | None = None  # what the form / label says
    declared_source: str | None = None  # "form" | "label"
    label: str | None = None  # what the document's own 课题类型 label says (beside a form's tick)
    inferred: str | None = None  # what title and structure say
    evidence: list[str] = Field(default_factory=list)  # Chinese reasons
    label_page: int | None = None
    scores: dict[str, float] = Field(default_factory=dict)


def _label(doc: Document) -> tuple[str | None, int | None]:
    """A 课题类型 label in the first pages of the document."""
    for b in doc.body()[:80]:
        m = _words()["label"].search(normalize(b.text))
        if m:
            return (INNOVATIVE if m.group(1) in ("创新型", "课题达成型") else PROBLEM), b.source.page
    return None, None


def doc_title(doc: Document) -> str:
    """The project title: the document title unless it is a step heading ("一、课题选定") or the authoring
    program's default ("PowerPoint 演示文稿"), else the file's core title, else the first short body line
    that is not a heading of a step."""

    def usable(t: str | None) -> str | None:
        if not t or not t.strip():
            return None
        t = normalize(t.strip().split("\n")[0]).strip()
        if not t or len(t) > 80 or match_heading(t, strict=False) is not None:
            return None
        if _words()["default_title"].search(t):
            return None
        return t

    for cand in (doc.title, doc.meta.get("core_title")):
        if (t := usable(cand)) is not None:
            return _cover_title(doc, t, usable) or t + _wrapped_tail(doc, t)
    for b in doc.body()[:10]:
        if b.table is None and (t := usable(b.text)) is not None:
            return _cover_title(doc, t, usable) or t
    return ""


def _cover_title(doc: Document, title: str, usable: Callable[[str | None], str | None]) -> str | None:
    """When the title taken is an organisation ("…有限公司", "…调度控制中心": the first line of a scanned
    cover, seen fresh7 m23, fresh8 n34, n51), the 课题名称 is the line of the first pages that names
    what the project lowers, raises or creates; None when the title is no organisation or no such line
    stands there."""
    if problem_title(title) or innovative_title(title) or not _words()["organisation_title"].search(title):
        return None
    body = [b for b in doc.body()[:16] if b.table is None]
    for b, nxt in zip(body, [*body[1:], None], strict=True):
        t = usable(b.text)
        if t is None or len(t) > 40 or _words()["organisation_title"].search(t):
            continue
        t = re.sub(r"^(?:课题名称|项目名称|成果名称|课题)\s*[：:]\s*", "", t)
        if problem_title(t) or innovative_title(t):
            return t + _wrapped_tail(doc, t)
        # a long cover title wrapped onto a second short line ("…院内压" / "力性损伤发生率", seen n51, o27)
        tail = usable(nxt.text) if nxt is not None and nxt.source.page == b.source.page and len(t) >= 12 else None
        if tail is not None and len(tail) <= 20 and not _words()["organisation_title"].search(tail):
            joined = t + tail
            if problem_title(joined) or innovative_title(joined):
                return joined
    return None


_TAIL = re.compile(r"^[\u4e00-\u9fff]{1,2}$")


def _wrapped_tail(doc: Document, title: str) -> str:
    """The last characters of a long title wrapped onto a line of their own (a Word cover exported to PDF:
    "…非计划停车次" then "数", seen fresh5 j06): a block of one or two Chinese characters right after the
    title's block on the same page."""
    blocks = doc.blocks[:12]
    for b, nxt in pairwise(blocks):
        if normalize(b.text.strip().split("\n")[0]).strip() == title:
            tail = normalize(nxt.text).strip()
            return tail if len(title) >= 12 and nxt.source.page == b.source.page and _TAIL.match(tail) else ""
    return ""


def infer(doc: Document, seg: Segmentation) -> tuple[str | None, dict[str, float], list[str]]:
    """Type from structure and title only (what the content shows)."""
    ids = set(seg.ids())
    title = doc_title(doc)
    s_innov = 0.0
    s_prob = 0.0
    why: list[str] = []
    if "propose_solutions" in ids:
        s_innov += 3
        why.append("有“提出方案并确定最佳方案”步骤")
    for sid, w in (("current_state", 2.0), ("cause_analysis", 1.5), ("main_causes", 2.0)):
        if sid in ids:
            s_prob += w
    if {"current_state", "main_causes"} & ids:
        why.append("有现状调查/要因确认步骤")
    if innovative_title(title):
        s_innov += 2.5
        why.append(f"课题名称“{title}”表达研制/开发")
    if problem_title(title):
        s_prob += 2.5
        why.append(f"课题名称“{title}”表达降低/提高某一特性值")
    text = normalize(doc.text[:20000])
    s_innov += min(len(_words()["innovative_content"].findall(text)), 6) * 0.3
    s_prob += min(len(_words()["problem_content"].findall(text)), 6) * 0.3
    scores = {INNOVATIVE: s_innov, PROBLEM: s_prob}
    if s_innov == 0 and s_prob == 0:
        return None, scores, why
    return (INNOVATIVE if s_innov > s_prob else PROBLEM), scores, why


def target_kind_of(doc: Document, seg: Segmentation, form_kind: str | None) -> str:
    if form_kind:
        return form_kind
    ids = set(seg.ids())
    head = normalize(doc.text[:30000])
    if "target_feasibility" in ids and "current_state" not in ids:
        return "directive"
    if _words()["self_set"].search(head):
        return "self_set"
    if _words()["directive"].search(head) and "current_state" not in ids:
        return "directive"
    return "self_set"


def decide(doc: Document, seg: Segmentation, form_report: FormReport | None = None) -> TypeDecision:
    """Decide the type. The content decides when it is clear; the declared type breaks ties."""
    form_type = form_report.project_type if form_report is not None else None
    form_kind = form_report.target_kind if form_report is not None else None
    label, label_page = _label(doc)
    declared, source = (form_type, "form") if form_type else (label, "label") if label else (None, None)
    inferred, scores, why = infer(doc, seg)
    margin = abs(scores.get(INNOVATIVE, 0) - scores.get(PROBLEM, 0))
    if inferred and (declared is None or margin >= 2.0):
        ptype = inferred
    else:
        ptype = declared or inferred or "unknown"
    kind = target_kind_of(doc, seg, form_kind) if ptype == PROBLEM else None
    return TypeDecision(
        project_type=ptype,
        target_kind=kind,
        declared=declared,
        declared_source=source,
        label=label,
        inferred=inferred,
        evidence=why,
        label_page=label_page,
        scores=scores,
    )
