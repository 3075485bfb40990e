"""`analyze(doc) -> Analysis`: what one document says about its PDCA, computed once.

The one typed result every reader of a document's content uses: the rubric rules and the report
(`nlp.check`), the similarity engine (`index`: the essence for same-project detection, the steps'
character spans for per-step copy ratios) and the faces. Nothing downstream segments again.

Flow: segment (type-neutral) → decide the type (申报表 tick box, 课题类型 label, structure, title) →
name the steps for that type → structure (steps with pages, blocks, character spans into `doc.text`,
confidence; the share of the text assigned to steps) → essence → the analyzers (5W1H, tools, numbers).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import Document

from . import fivew1h, numbers, tools
from .essence import Essence, essence_of
from .fivew1h import FiveW1HReport
from .form import FormReport, check_form, is_form
from .headings import GROUP, OTHER
from .numbers import NumbersReport
from .project_type import INNOVATIVE, PROBLEM, TypeDecision, decide, doc_title
from .sections import Segmentation, from_assignment, retype, segment, with_placed
from .step_classifier import Classification, Encode, classify, placements
from .steplex import sequence, step_order
from .structure import Step, Structure, structure_of
from .tools import ToolsReport


class Analysis(BaseModel):
    """Everything nlp reads from one document (a deck, a 成果报告, a 实施记录 or a 申报表)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    title: str  # the project title (课题名称)
    type: TypeDecision
    structure: Structure
    essence: Essence
    fivew1h: FiveW1HReport = Field(default_factory=FiveW1HReport)
    tools: ToolsReport = Field(default_factory=ToolsReport)
    numbers: NumbersReport | None = None  # None for a 申报表 read alone
    form: FormReport | None = None  # the 申报表's fields and defects (given with the deck, or the doc itself)
    is_form: bool = False  # the document is a 申报表: checked as a form, not scored

    @property
    def steps(self) -> list[Step]:
        return self.structure.steps

    @property
    def project_type(self) -> str:
        return self.type.project_type

    @property
    def target_kind(self) -> str | None:
        return self.type.target_kind


def _form_report(doc: Document, form: Document | None) -> tuple[FormReport | None, bool]:
    """(the 申报表 report, whether `doc` itself is the 申报表)."""
    if form is not None:
        return check_form(form, doc_title(doc)), False
    if is_form(doc):
        return check_form(doc, None), True
    return None, False


def _decide(doc: Document, seg: Segmentation, form_report: FormReport | None, doc_is_form: bool) -> TypeDecision:
    decision = decide(doc, seg, form_report)
    if doc_is_form and form_report is not None:
        # a 申报表 checked on its own: the type is what it ticks, nothing is inferred from content
        ptype = form_report.project_type or "unknown"
        kind = form_report.target_kind if ptype == PROBLEM else None
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


def analyze(doc: Document, *, form: Document | None = None, encode: Encode | None = None) -> Analysis:
    """Analyse one document. `form` is the 申报表 submitted with it (its tick box is the declared type).
    `encode` embeds texts (e.g. `index.embed` e5's `encode`): the content classifier's second signal on
    the steps; without it the classifier falls back to cue words, with lower confidence."""
    form_report, doc_is_form = _form_report(doc, form)
    decision, structure = _decided(doc, form_report, doc_is_form, encode)
    return _complete(doc, decision, structure, form_report, doc_is_form)


def essence_alone(doc: Document) -> Essence:
    """`analyze(doc).essence`, without the 5W1H, tools and numbers analyses it does not read: the same
    type decision and structure (the near-duplicate stage and the corpus build need only the essence;
    about half the CPU of `analyze` on the example submissions)."""
    form_report, doc_is_form = _form_report(doc, None)
    return essence_of(doc, _decided(doc, form_report, doc_is_form, None)[1])


def _decided(
    doc: Document, form_report: FormReport | None, doc_is_form: bool, encode: Encode | None
) -> tuple[TypeDecision, Structure]:
    """The project type and the structure of `doc` (steps, placements) for `analyze`."""
    raw = segment(doc)
    decision = _decide(doc, raw, form_report, doc_is_form)
    ptype = decision.project_type
    seg = retype(doc, raw, ptype) if ptype != "unknown" else raw
    return decision, _structure(doc, seg, ptype, encode)


def analyze_with_steps(
    doc: Document,
    block_steps: list[str | None],
    *,
    project_type: str = PROBLEM,
    target_kind: str | None = None,
    form: Document | None = None,
) -> Analysis:
    """The analysis of a document whose steps are already known (the step id of every block, e.g. a
    实施记录 aligned to its deck's steps) and whose type is given."""
    form_report, doc_is_form = _form_report(doc, form)
    seg = from_assignment(doc, block_steps, project_type)
    decision = TypeDecision(project_type=project_type, target_kind=target_kind)
    c = classify(doc, labels_for(project_type), set(), None)
    return _complete(doc, decision, structure_of(doc, seg, c, {}), form_report, doc_is_form)


def _complete(
    doc: Document, decision: TypeDecision, structure: Structure, form_report: FormReport | None, doc_is_form: bool
) -> Analysis:
    ptype = decision.project_type
    steps = structure.block_steps
    read = not doc_is_form  # a 申报表 read alone has no 对策表, tools or numbers to analyse
    return Analysis(
        file=doc.filename,
        title=doc_title(doc),
        type=decision,
        structure=structure,
        essence=essence_of(doc, structure),
        fivew1h=fivew1h.analyze(doc, steps) if read else FiveW1HReport(),
        tools=tools.analyze(doc, steps, ptype) if read else ToolsReport(),
        numbers=numbers.analyze(doc, steps, ptype) if read else None,
        form=form_report,
        is_form=doc_is_form,
    )
