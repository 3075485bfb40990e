"""`check(doc)`: the first-pass report an experienced CAQ reviewer would write — project type, steps,
5W1H 对策表, quality tools, findings with pages, preliminary score, grade and 形式审查 verdict.

Flow: segment (type-neutral) → decide the type (申报表 tick box, label, structure, title) → segment
for that type → analyses (5W1H, tools, numbers, form) → rubric rules → score → verdict.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType
from typing import Any

from ingest.model import Document

from . import rubric as rubric_mod
from .findings import Finding, Severity
from .project_type import TypeDecision, decide, doc_title
from .registry import CheckContext
from .report import CheckReport, StepReport
from .sections import Segmentation, missing_items, retype, segment, sequence, step_name, step_order

log = logging.getLogger(__name__)

_SEV_ORDER = {Severity.fatal: 0, Severity.major: 1, Severity.minor: 2, Severity.info: 3}


def _optional(name: str) -> ModuleType | None:
    """Sibling analyzers (5W1H, tools, numbers, form) are imported when present."""
    try:
        return importlib.import_module(name)
    except ImportError as e:
        log.debug("analyzer %s unavailable: %s", name, e)
        return None


def _safe(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception:  # an analyzer failure must not sink the whole report
        log.exception("analyzer %s failed", getattr(fn, "__module__", fn))
        return None


def _to_json(obj: Any) -> Any:
    if obj is None:
        return None
    if hasattr(obj, "to_json"):
        return obj.to_json()
    if hasattr(obj, "model_dump"):
        return obj.model_dump()
    return obj


def steps_report(doc: Document, seg: Segmentation, project_type: str, target_kind: str | None) -> list[StepReport]:
    ptype = project_type if project_type != "unknown" else "problem_solving"
    expected = sequence(ptype, target_kind)
    present = set(seg.ids())
    ids = [s for s in step_order() if s in expected or s in present]
    if "current_state" in present and "target_feasibility" in expected and "target_feasibility" not in present:
        pass  # a 指令性 deck that calls its 论证 现状调查: both are listed, the rules say which is wrong
    out = []
    for sid in ids:
        span = seg.get(sid)
        if span is None:
            out.append(StepReport(id=sid, name=step_name(sid, ptype), present=False, complete=False, expected=sid in expected))
            continue
        miss = missing_items(sid, span.text)
        out.append(
            StepReport(
                id=sid,
                name=step_name(sid, ptype),
                present=True,
                complete=not miss,
                pages=span.pages,
                missing=miss,
                heading=span.heading_text or None,
                expected=sid in expected,
            )
        )
    return out


def _form_analysis(form: Document | None, doc: Document) -> tuple[Any, bool]:
    """(form report, doc_is_form). A 申报表 given alone is checked as a form."""
    mod = _optional("nlp.form")
    if mod is None:
        return None, False
    if not hasattr(mod, "check_form") or not hasattr(mod, "is_form"):
        return None, False
    if form is not None:
        return _safe(mod.check_form, form, doc_title(doc)), False
    if _safe(mod.is_form, doc):
        return _safe(mod.check_form, doc, None), True
    return None, False


def _analyses(doc: Document, seg: Segmentation, project_type: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, module, with_type in (
        ("fivew1h", "nlp.fivew1h", False),
        ("tools", "nlp.tools", True),
        ("numbers", "nlp.numbers", True),
    ):
        m = _optional(module)
        fn = getattr(m, "analyze", None) if m is not None else None
        if fn is None:
            continue
        out[key] = _safe(fn, doc, seg.block_steps, project_type) if with_type else _safe(fn, doc, seg.block_steps)
    return out


def _tool_ratio(tools: Any) -> float | None:
    if tools is None:
        return None
    score = getattr(tools, "score", None)
    mx = getattr(tools, "max_score", None)
    if score is None or not mx:
        return None
    return float(score) / float(mx)


def _sort(findings: list[Finding]) -> list[Finding]:
    order = {s: k for k, s in enumerate(step_order())}
    return sorted(
        findings,
        key=lambda f: (_SEV_ORDER.get(f.severity, 9), f.pages[0] if f.pages else 0, order.get(f.step or "", 99), f.rule),
    )


def _coverage(doc: Document) -> list[dict[str, Any]]:
    out = [
        {"code": i.code, "severity": i.severity, "message": i.message, "page": i.source.page if i.source else None}
        for i in doc.issues
    ]
    for u in doc.coverage.unreadable:
        out.append({"code": "ingest.unreadable", "severity": "minor", "message": u, "page": None})
    return out


def check(doc: Document, *, rubric: str | None = None, form: Document | None = None) -> CheckReport:
    """Check one submission. `rubric` is a rubric id (nlp/rubrics/<id>.yaml); default follows the
    project type. `form` is the 申报表 Document when it was submitted with the deck."""
    form_report, doc_is_form = _form_analysis(form, doc)
    raw = segment(doc)
    decision: TypeDecision = decide(doc, raw, form_report)
    if doc_is_form:
        # a 申报表 checked on its own: the type is what it ticks, nothing is inferred from content
        decision.project_type = getattr(form_report, "project_type", None) or "unknown"
        decision.target_kind = getattr(form_report, "target_kind", None) if decision.project_type == "problem_solving" else None
    ptype = decision.project_type
    seg = retype(doc, raw, ptype) if ptype != "unknown" else raw
    analyses: dict[str, Any] = {"type": decision}
    if form_report is not None:
        analyses["form"] = form_report
    if not doc_is_form:
        analyses.update(_analyses(doc, seg, ptype))
    ctx = CheckContext(
        doc=doc,
        project_type=ptype,
        target_kind=decision.target_kind,
        block_steps=seg.block_steps,
        segmentation=seg,
        analyses=analyses,
        form=form,
    )
    rb = rubric_mod.load(rubric or rubric_mod.default_for(ptype))
    fired = [] if doc_is_form else rb.run(ctx)
    findings = [f for _r, f in fired]
    form_findings = list(getattr(form_report, "findings", None) or []) if form_report is not None else []
    if form_findings and not any(f.rule.startswith("F-") for f in findings):
        findings.extend(form_findings)
    findings = _sort(findings)
    tools = analyses.get("tools")
    score = rb.score(fired, _tool_ratio(tools))
    if doc_is_form:
        score = {"rubric": rb.id, "total": None, "max": rb.max_total, "grade": None, "items": [], "note": "申报表不评分"}
    verdict, reasons = rubric_mod.verdict(findings)
    coverage = _coverage(doc)
    blind = doc.coverage.pages_without_text
    if blind or doc.coverage.unreadable:
        where = f"第 {'、'.join(str(p) for p in blind[:8])} 页没有可读文字" if blind else "部分内容无法读取"
        reasons.append(f"注意：{where}，以上结论可能不完整，请人工复核")
    tools_json = _to_json(tools)
    return CheckReport(
        file=doc.filename,
        title=doc_title(doc),
        project_type=ptype,
        target_kind=decision.target_kind,
        declared_type=decision.declared,
        type_evidence=decision.evidence,
        steps=[] if doc_is_form else steps_report(doc, seg, ptype, decision.target_kind),
        fivew1h=_to_json(analyses.get("fivew1h")),
        tools=tools_json if isinstance(tools_json, list) else [],
        findings=findings,
        score=score,
        verdict=verdict,
        verdict_reasons=reasons,
        form=_to_json(form_report),
        coverage=coverage,
        numbers=_to_json(analyses.get("numbers")),
    )
