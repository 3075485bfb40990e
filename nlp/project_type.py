"""Project type: 问题解决型 (自定目标 / 指令性目标) or 创新型.

Sources, strongest first: the 申报表 tick box (C2's form report), a 课题类型 label written in the
deck ("课题类型：创新型"), then the structure (step headings) and the title's verbs. The declared type
(form or label) and the type the content shows are both kept, so a mislabel can be flagged (rule T1).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document

from .form import FormReport
from .normalize import normalize
from .sections import Segmentation, match_heading

PROBLEM = "problem_solving"
INNOVATIVE = "innovative"

# Title verbs. 创新型 names what is created; 问题解决型 names a characteristic to lower/raise.
_INNOV_TITLE = re.compile(r"研制|研发|开发|设计|创新|创制|发明|新型|新工艺|新方法|新装置|新技术|实现.{0,12}(?:自动|智能|在线)|构建|搭建|打造")
_PROBLEM_TITLE = re.compile(
    r"(?:降低|减少|提高|提升|缩短|减小|压缩|控制|增加|延长|消除|杜绝)[^，。]{0,30}?(?:率|次数|时间|时长|周期|数量|数|成本|能耗|损耗|故障|缺陷|不良|投诉|误差|偏差|合格|值|量|天数|费用|损失|差错|返工|停机)"
)
_LABEL = re.compile(r"(?:课题|项目|成果)?类型\s*[:：]?\s*[（(]?\s*(问题解决型|创新型)")
_DIRECTIVE = re.compile(r"指令性(?:目标)?(?:课题)?|上级下达|上级(?:部门)?下达的?(?:考核)?目标|考核指标要求")
_SELF_SET = re.compile(r"自定目标")
_INNOV_CONTENT = re.compile(r"借鉴|查新|总体方案|分级方案|最佳方案|方案选择|方案评价")
_PROBLEM_CONTENT = re.compile(r"症结|要因确认|末端因素|末端原因|因果图|鱼骨图|排列图|柏拉图")


class TypeDecision(BaseModel):
    """The project type with where it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project_type: str  # problem_solving | innovative | unknown
    target_kind: str | None  # self_set | directive | None
    declared: str | None = None  # what the form / label says
    declared_source: str | None = None  # "form" | "label"
    inferred: str | None = None  # what title and structure say
    evidence: list[str] = Field(default_factory=list)  # Chinese reasons
    label_page: int | None = None
    scores: dict[str, float] = Field(default_factory=dict)


def _label(doc: Document) -> tuple[str | None, int | None]:
    """A 课题类型 label in the first pages of the document."""
    for b in doc.body()[:80]:
        m = _LABEL.search(normalize(b.text))
        if m:
            return (INNOVATIVE if m.group(1) == "创新型" else PROBLEM), b.source.page
    return None, None


def doc_title(doc: Document) -> str:
    """The project title: the document title unless it is a step heading ("一、课题选定"), else the
    file's core title, else the first short body line that is not a heading of a step."""

    def usable(t: str | None) -> str | None:
        if not t or not t.strip():
            return None
        t = normalize(t.strip().split("\n")[0]).strip()
        if not t or len(t) > 80 or match_heading(t, strict=False) is not None:
            return None
        return t

    for cand in (doc.title, doc.meta.get("core_title")):
        if (t := usable(cand)) is not None:
            return t
    for b in doc.body()[:10]:
        if b.table is None and (t := usable(b.text)) is not None:
            return t
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
    if _INNOV_TITLE.search(title):
        s_innov += 2.5
        why.append(f"课题名称“{title}”表达研制/开发")
    if _PROBLEM_TITLE.search(title):
        s_prob += 2.5
        why.append(f"课题名称“{title}”表达降低/提高某一特性值")
    text = normalize(doc.text[:20000])
    s_innov += min(len(_INNOV_CONTENT.findall(text)), 6) * 0.3
    s_prob += min(len(_PROBLEM_CONTENT.findall(text)), 6) * 0.3
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
    if _SELF_SET.search(head):
        return "self_set"
    if _DIRECTIVE.search(head) and "current_state" not in ids:
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
        inferred=inferred,
        evidence=why,
        label_page=label_page,
        scores=scores,
    )
