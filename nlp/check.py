"""`check(main)`: the first-pass report an experienced CAQ reviewer would write — project type, steps,
5W1H 对策表, quality tools, findings with pages and quoted evidence, preliminary score, grade and
形式审查 verdict.

Flow: analyse once (`nlp.analyze`: type, structure, essence, 5W1H, tools, numbers, 申报表) → the
rubric's rules over that Analysis → score → verdict.
"""

from __future__ import annotations

from typing import NamedTuple

from ingest.model import Document

from . import rubric as rubric_mod
from . import union
from .analysis import Analysis, analyze
from .findings import Finding, Review, Severity
from .fivew1h import FiveW1HReport
from .registry import CheckContext
from .report import CheckReport, CoverageEntry, StepReport, StructureReport
from .rubric import Rubric, Rule, Score
from .step_classifier import Encode
from .steplex import sequence, step_name, step_order
from .submission import PackageReport
from .submission import analyze as package_of
from .tools import ToolEntry
from .verdict import verdict

_SEV_ORDER = {Severity.fatal: 0, Severity.major: 1, Severity.minor: 2, Severity.info: 3}


def _expected(analysis: Analysis) -> list[str]:
    ptype = analysis.project_type if analysis.project_type != "unknown" else "problem_solving"
    return sequence(ptype, analysis.target_kind)


def unconfirmed_steps(
    analysis: Analysis, core: frozenset[str] = frozenset(), vetoes: frozenset[str] = frozenset()
) -> list[str]:
    """Required steps not found in a document whose structure was not recognised with confidence; in a
    scan (`Structure.absence_unsure`), those of them whose absence would veto or that are core steps
    (`core`: the rubric's `core_absences`; `vetoes`: its `veto_absences`, whose absence must be sure in the
    whole document, `Structure.veto_doubt`)."""
    s = analysis.structure
    if s.absence_confident and not s.absence_unsure:
        # a step whose absence would veto, where a heading of the steps' form named no step or its work is seen
        return [
            sid
            for sid in _expected(analysis)
            if sid in core and not s.has(sid) and (s.veto_doubt(sid) if sid in vetoes else s.absence_doubt(sid))
        ]
    missing = [sid for sid in _expected(analysis) if not s.has(sid) and (not s.absence_confident or sid in core)]
    if "current_state" in missing and s.has("target_feasibility"):
        missing.remove("current_state")  # the 指令性 style: its 论证 stands in for 现状调查
    if "target_feasibility" in missing and s.has("current_state"):
        missing.remove("target_feasibility")
    return missing


def steps_report(
    analysis: Analysis, core: frozenset[str] = frozenset(), vetoes: frozenset[str] = frozenset()
) -> list[StepReport]:
    """Every step of the type's sequence (present or not) and every step found outside it."""
    ptype = analysis.project_type if analysis.project_type != "unknown" else "problem_solving"
    expected = _expected(analysis)
    unconfirmed = set(unconfirmed_steps(analysis, core, vetoes))
    structure = analysis.structure
    out = []
    for sid in step_order():
        step = structure.get(sid)
        if step is None:
            if sid in expected:
                status = "unconfirmed" if sid in unconfirmed else "missing"
                out.append(StepReport(id=sid, name=step_name(sid, ptype), present=False, complete=False, status=status))
            continue
        out.append(
            StepReport(
                id=sid,
                name=step_name(sid, ptype),
                present=True,
                complete=not step.missing,
                pages=step.pages,
                missing=step.missing,
                heading=step.heading,
                expected=sid in expected,
                confidence=step.confidence,
            )
        )
    return out


def _sort(findings: list[Finding]) -> list[Finding]:
    order = {s: k for k, s in enumerate(step_order())}
    return sorted(
        findings,
        key=lambda f: (
            _SEV_ORDER.get(f.severity, 9),
            f.pages[0] if f.pages else 0,
            order.get(f.step or "", 99),
            f.rule,
        ),
    )


def coverage(doc: Document) -> list[CoverageEntry]:
    out = [
        CoverageEntry(code=i.code, severity=i.severity, message=i.message, page=i.source.page if i.source else None)
        for i in doc.issues
    ]
    said = {i.message for i in doc.issues}  # a reader may name one problem both ways (the page limit)
    out += [
        CoverageEntry(code="ingest.unreadable", severity="minor", message=u)
        for u in doc.coverage.unreadable
        if u not in said
    ]
    return out


def _blind_note(doc: Document) -> str | None:
    blind = doc.coverage.pages_without_text
    if not blind and not doc.coverage.unreadable:
        return None
    where = f"第 {'、'.join(str(p) for p in blind[:8])} 页没有可读文字" if blind else "部分内容无法读取"
    return f"注意：{where}，以上结论可能不完整，请人工复核"


def _with_files(
    findings: list[Finding], main: Document, form: Document | None, record: Document | None
) -> list[Finding]:
    """Name the document a finding's pages refer to when the submission has several."""
    if form is None and record is None:
        return findings
    return [
        f
        if f.file
        else f.model_copy(
            update={"file": form.filename if form is not None and f.rule.startswith("F-") else main.filename}
        )
        for f in findings
    ]


def _one_title_conflict(findings: list[Finding], package: PackageReport, form: Document | None) -> list[Finding]:
    """The 申报表's 项目名称 against the deck's title is one defect: where the package reports it (both
    places, with pages), the form check's F-TITLE says it no more."""
    if form is None or not any(
        c.first.key == "title" and form.filename in (c.first.file, c.second.file) for c in package.conflicts
    ):
        return findings
    return [f for f in findings if f.rule != "F-TITLE"]


class _Judged(NamedTuple):
    steps: list[StepReport]
    fivew1h: FiveW1HReport
    tools: list[ToolEntry]
    fired: list[tuple[Rule, Finding]]
    reviews: list[Review]


def _judge(
    main: Document, a: Analysis, rb: Rubric, parts: tuple[Document | None, Document | None], encode: Encode | None
) -> _Judged:
    """The rubric over the deck; with a 实施记录, steps, 对策表, tools and findings on their union
    (nlp.union: the record analysed and checked on its own, each finding kept only where the other
    document does not remedy it)."""
    form, record = parts
    if a.is_form:
        return _Judged([], a.fivew1h, a.tools.tools, [], [])
    ctx = CheckContext(doc=main, analysis=a, form=form, record=record)
    fired, reviews = rb.judge(ctx)
    core, vetoes = rb.core_absences(a.project_type), rb.veto_absences(a.project_type)
    if record is None:
        return _Judged(steps_report(a, core, vetoes), a.fivew1h, a.tools.tools, fired, reviews)
    ra = analyze(record, encode=encode)
    rctx = CheckContext(doc=record, analysis=ra)
    rfired, rreviews = rb.judge(rctx) if not ra.is_form else ([], [])
    steps, rsteps = steps_report(a, core, vetoes), steps_report(ra, core, vetoes)
    u = union.merge(ctx, steps, (fired, reviews), rctx, rsteps, (rfired, rreviews))
    return _Judged(u.steps, u.fivew1h, u.tools, u.fired, u.reviews)


def _score(a: Analysis, rb: Rubric, fired: list[tuple[Rule, Finding]]) -> Score:
    """The rubric score; none for a 申报表 or a document in which no step was recognised."""
    if a.is_form:
        return Score(rubric=rb.id, total=None, max=rb.max_total, grade=None, note="申报表不评分")
    if not a.structure.steps:
        return Score(rubric=rb.id, total=None, max=rb.max_total, grade=None, note="未识别出QC成果的步骤结构，不评分")
    tools = a.tools
    return rb.score(fired, tools.score / tools.max_score if tools.max_score else None)


def _structure_report(a: Analysis, unconfirmed: list[str]) -> StructureReport:
    s = a.structure
    return StructureReport(
        coverage=s.coverage,
        confident=s.absence_confident,  # a missing step may be reported missing
        steps_found=len(s.steps),
        confident_coverage=s.confident_coverage,
        steps_confident=s.steps_confident,
        min_step_confidence=s.min_step_confidence,
        min_coverage=s.min_coverage,
        min_steps=s.min_steps,
        blind_share=s.blind_share,
        ocr_share=s.ocr_share,
        unconfirmed=unconfirmed,
    )


def check(
    main: Document,
    *,
    form: Document | None = None,
    record: Document | None = None,
    rubric: str | None = None,
    analysis: Analysis | None = None,
    submission: bool | None = None,
    encode: Encode | None = None,
) -> CheckReport:
    """Check one submission. `form` is its 申报表, `record` its 实施记录 (when submitted); `rubric` a
    rubric id (nlp/rubrics/<id>.yaml), by default the one for the project type. `analysis` is
    `analyze(main, form=form)` when the caller has it already (it is computed once per document).
    `submission`: judge the documents as a 成果 package and report a missing part (None: when a form
    or a record is given; a single file checked alone is not judged as a package). `encode` embeds
    texts (e5): the step classifier's second signal, for the deck and its 实施记录."""
    a = analysis or analyze(main, form=form, encode=encode)
    rb = rubric_mod.load(rubric or rubric_mod.default_for(a.project_type))
    judged = _judge(main, a, rb, (form, record), encode)
    fired = judged.fired
    findings = [f for _r, f in fired]
    form_findings = a.form.findings if a.form is not None else []
    if form_findings and not any(f.rule.startswith("F-") for f in findings):
        findings.extend(form_findings)
    package = package_of(main, form=form, record=record, submission=submission)
    findings = _with_files(_sort(_one_title_conflict(findings, package, form) + package.findings), main, form, record)
    score = _score(a, rb, fired)
    unconfirmed = [s.id for s in judged.steps if not s.present and s.status == "unconfirmed"]
    decision, reasons = verdict(
        findings, a.structure, [step_name(s, a.project_type) for s in unconfirmed], judged.reviews
    )
    if note := _blind_note(main):
        reasons.append(note)
    if judged.fivew1h.unconfirmed:
        reasons.append(judged.fivew1h.unconfirmed)  # a 对策表 (or cells of it) OCR could not read
    cov = coverage(main) + (coverage(record) if record is not None else [])
    return CheckReport(
        file=main.filename,
        title=a.title,
        project_type=a.project_type,
        target_kind=a.target_kind,
        declared_type=a.type.declared,
        type_evidence=a.type.evidence,
        steps=judged.steps,
        fivew1h=judged.fivew1h,
        tools=judged.tools,
        findings=findings,
        reviews=judged.reviews,
        score=score,
        verdict=decision,
        verdict_reasons=reasons,
        structure=None if a.is_form else _structure_report(a, unconfirmed),
        form=a.form,
        coverage=cov,
        numbers=a.numbers,
        package=package,
    )
