"""The front half of `nlp.analyze`: segment a document, decide its type and place its steps
(`outline`), and the essence read from that structure alone (`essence`).

Apart from `nlp.analysis` so that what needs only a document's steps and essence — the similarity
engine's near-duplicate query (`qcscreen similar`, `compare`, `corpus add`) — imports neither the
analyzers (5W1H, tools, numbers: ≈ 0.2 CPU s of imports) nor runs them (≈ 0.3 CPU s for a deck): a
cold `similar` is measured against 3 s (issue 16). `analyze` runs the same steps, then the analyzers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.model import Document

from .essence import Essence, essence_of
from .form import FormReport, check_form, is_form
from .headings import GROUP, OTHER
from .project_type import INNOVATIVE, PROBLEM, TypeDecision, decide, doc_title
from .sections import Segmentation, retype, segment, with_placed
from .step_classifier import Classification, Encode, classify, placements
from .steplex import sequence, step_order
from .structure import Structure, structure_of


@dataclass(frozen=True)
class Outline:
    """A document's type and structure, with its 申报表 report (`form`) and whether it is one."""

    decision: TypeDecision
    structure: Structure
    form: FormReport | None
    is_form: bool


def form_report(doc: Document, form: Document | None) -> tuple[FormReport | None, bool]:
    """(the 申报表 report, whether `doc` itself is the 申报表)."""
    if form is not None:
        return check_form(form, doc_title(doc)), False
    if is_form(doc):
        return check_form(doc, None), True
    return None, False


def _decide(doc: Document, seg: Segmentation, report: FormReport | None, doc_is_form: bool) -> TypeDecision:
    decision = decide(doc, seg, report)
    if doc_is_form and report is not None:
        # a 申报表 checked on its own: the type is what it ticks, nothing is inferred from content
        ptype = report.project_type or "unknown"
        kind = report.target_kind if ptype == PROBLEM else None
        decision = decision.model_copy(update={"project_type": ptype, "target_kind": kind})
    return decision


def labels_for(project_type: str) -> list[str]:
    """The steps a section of a document of this type may be."""
    kinds = (
        ["innovative"]
        if project_type == INNOVATIVE
        else [PROBLEM]
        if project_type == PROBLEM
        else [PROBLEM, INNOVATIVE]
    )
    seqs = [sequence(k, t) for k in kinds for t in ("self_set", "directive")]
    return [s for s in step_order() if any(s in q for q in seqs)]


def _closed(doc: Document, seg: Segmentation, c: Classification) -> set[int]:
    """Blocks no classifier may place: the sections of non-step and group headings, 目录 pages."""
    non_step = {h.block for h in seg.headings if h.steps[0] in (OTHER, GROUP)}
    out = {i for i, b in enumerate(doc.blocks) if b.source.page in seg.toc_pages}
    for sec in c.sections:
        if non_step & set(sec.blocks):
            out.update(sec.blocks)
    return out


def _structure(doc: Document, seg: Segmentation, project_type: str, encode: Encode | None) -> Structure:
    """The structure from the headings, with the content classifier's placements and agreement."""
    c = classify(doc, labels_for(project_type), {h.block for h in seg.headings}, encode)
    placed = placements(c, doc, seg.block_steps, _closed(doc, seg, c), step_order())
    seg = with_placed(doc, seg, [(sec.blocks, step, sec.title or sec.text[:40]) for sec, step, _p in placed])
    return structure_of(doc, seg, c, {step: p for _sec, step, p in placed})


def outline(doc: Document, *, form: Document | None = None, encode: Encode | None = None) -> Outline:
    """Segment `doc`, decide its type (`form`: the 申报表 submitted with it, whose tick box is the
    declared type) and place its steps; `encode` as `nlp.analyze` takes it."""
    report, doc_is_form = form_report(doc, form)
    raw = segment(doc)
    decision = _decide(doc, raw, report, doc_is_form)
    ptype = decision.project_type
    seg = retype(doc, raw, ptype) if ptype != "unknown" else raw
    return Outline(decision, _structure(doc, seg, ptype, encode), report, doc_is_form)


def essence(doc: Document) -> Essence:
    """`nlp.analyze(doc).essence`, without the analyzers that do not feed it."""
    return essence_of(doc, outline(doc).structure)
