"""The document's steps as a typed structure: which blocks, pages and character spans of `doc.text`
belong to which step, how sure each step is, and how much of the text the steps account for.

Built from a segmentation (`nlp.sections`); part of the Analysis (`nlp.analysis`), and what the rules,
the essence and `index` (per-step copy ratios) read.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import BODY_KINDS, Block, BlockKind, Document

from .headings import GROUP, OTHER, heading_form, strip_prefix
from .normalize import normalize
from .sections import Segmentation, StepSpan, missing_items
from .step_classifier import Classification, blend, step_agreement
from .steplex import lexicon, shared_page_cue_steps, step_order


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Step(_Frozen):
    """One step found in the document."""

    id: str  # step id of spec/interfaces.md
    name: str  # its name for the project type
    pages: list[int]  # 1-based slides/pages (paragraph index for DOCX/TXT)
    blocks: list[int]  # indices into doc.blocks
    spans: list[tuple[int, int]]  # (start, end) character spans into doc.text, end exclusive
    heading: str | None = None  # the heading or slide title the step was found by
    via: str = "title"  # how it was found: title | heading | line | labelled | cue | group | shared | classifier
    confidence: float = Field(ge=0, le=1)
    missing: list[str] = Field(default_factory=list)  # must-contain items the step lacks


class Heading(_Frozen):
    block: int
    steps: list[str]  # step ids it names ("_other" / "_group" for non-step headings)
    text: str
    via: str = "title"  # title | heading | line | labelled | cue | group


class Structure(_Frozen):
    """The document's steps and which block belongs to which."""

    steps: list[Step]  # in the canonical step order
    block_steps: list[str | None]  # step id of every block of doc.blocks (None: no step)
    headings: list[Heading] = Field(default_factory=list)
    coverage: float = Field(default=0.0, ge=0, le=1)  # share of the body text assigned to steps
    # the same share counting only the steps recognised with confidence (≥ min_step_confidence), and how
    # many such steps: a step found only with low confidence does not make the structure "recognised"
    # (so never supports a missing-step veto)
    confident_coverage: float = Field(default=0.0, ge=0, le=1)
    steps_confident: int = 0
    confident: bool = False  # recognised with confidence: enough text in steps, enough steps named
    blind_share: float = Field(default=0.0, ge=0, le=1)  # share of the pages with no readable text
    # share of the pages read only by OCR (a scan): headings may be garbled there ("、选择课题"), so a
    # required step not found is 未能确认 rather than a veto (`absence_unsure`)
    ocr_share: float = Field(default=0.0, ge=0, le=1)
    max_ocr_share: float = 1.0
    min_coverage: float = 0.0  # the thresholds it was judged by (nlp/lexicon/steps.yaml `structure`)
    min_steps: int = 0
    min_step_confidence: float = 0.0
    # headings of the same form as the step headings ("D｜实施" among "C｜检查效果"; a banner picture of
    # their size) that named no step: (block index, text). A required step not found where one of them
    # stands may be that heading not read — 未能确认, not a veto (`unread_heading_for`)
    unread_headings: list[tuple[int, str]] = Field(default_factory=list)
    # the work of a step seen in the text (steps.yaml `absence_cues`): (block index, step id, the words).
    # A required step not found where its work is seen may be there under a heading not read: 未能确认
    content_cues: list[tuple[int, str, str]] = Field(default_factory=list, exclude=True)
    # the name of a step not found seen in the text (an alias of steps.yaml `veto_doubt.name_min_chars` or
    # more: a 目录 line, a banner, a neighbour's heading "原因分析及要因确认"): (block index, step id, the words)
    name_cues: list[tuple[int, str, str]] = Field(default_factory=list, exclude=True)
    # pages with no readable text or a picture not read (a banner naming the step): a 否决 on a missing step
    # is in doubt (`veto_doubt`)
    unread_pages: list[int] = Field(default_factory=list, exclude=True)
    # the page of each block a content cue was seen in (for the first page of the step after a missing one)
    block_pages: dict[int, int] = Field(default_factory=dict, exclude=True)

    def get(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def has(self, step_id: str) -> bool:
        return self.get(step_id) is not None

    @property
    def absence_confident(self) -> bool:
        """A step not found may be reported missing (M-*, a veto): the structure is recognised and the
        steps found with confidence alone hold enough of the text — a step found only with low confidence
        never supports a missing-step veto."""
        return self.confident and self.confident_coverage >= self.min_coverage

    @property
    def absence_unsure(self) -> bool:
        """A step not found here may be a heading OCR did not read: no veto rests on its absence."""
        return self.ocr_share > self.max_ocr_share

    def _window(self, step_id: str) -> tuple[int, int]:
        """The blocks where the missing step `step_id` would stand: after the start of the step found
        before it in the canonical order, before the start of the one found after it."""
        order = step_order()
        k = order.index(step_id) if step_id in order else -1
        before = [s for s in self.steps if s.id in order and order.index(s.id) < k]
        after = [s for s in self.steps if s.id in order and order.index(s.id) > k]
        lo = min(before[-1].blocks, default=-1) if before else -1
        hi = min(after[0].blocks, default=len(self.block_steps)) if after else len(self.block_steps)
        return lo, hi

    def unconfirmed_at(self, blocks: set[int]) -> str | None:
        """The step not found whose absence is in doubt (`absence_doubt`) and that would stand where one
        of `blocks` is: what the structure put there may be that step's, None when none."""
        for step_id in step_order():
            if self.has(step_id) or not self.absence_doubt(step_id):
                continue
            lo, hi = self._window(step_id)
            if any(lo < i < hi for i in blocks):
                return step_id
        return None

    def unread_heading_for(self, step_id: str) -> str | None:
        """The text of an unread heading where the missing step `step_id` would stand, None when none."""
        lo, hi = self._window(step_id)
        return next((text for i, text in self.unread_headings if lo < i < hi), None)

    def _next_first_page(self, step_id: str) -> set[int]:
        """The blocks on the first page of the step found after the missing `step_id`: a slide that holds two
        steps under a heading naming only the second ("目标可行性论证" over the target too) shows the first's work there."""
        order = step_order()
        k = order.index(step_id) if step_id in order else len(order)
        nxt = next((s for s in self.steps if s.id in order and order.index(s.id) > k and s.blocks), None)
        if nxt is None or not nxt.pages:
            return set()
        first = min(nxt.pages)
        return {i for i in nxt.blocks if self.block_pages.get(i) == first}

    def content_cue_for(self, step_id: str) -> str | None:
        """Words of the missing step's work seen where it would stand (or on the first page of the step after
        it, where the two share a slide), None when none."""
        lo, hi = self._window(step_id)
        shared = self._next_first_page(step_id) if step_id in shared_page_cue_steps() else set()
        cues = (text for i, sid, text in self.content_cues if sid == step_id and (lo < i < hi or i in shared))
        return next(cues, None)

    def absence_doubt(self, step_id: str) -> str | None:
        """Why the absence of `step_id` is not sure here (an unread heading, its work seen), or None."""
        if heading := self.unread_heading_for(step_id):
            return f"标题“{heading}”"
        if cue := self.content_cue_for(step_id):
            return f"内容“{cue}”"
        return None

    def veto_doubt(self, step_id: str) -> str | None:
        """Why the absence of `step_id` is too unsure for a 否决 (steps.yaml `veto_doubt`): `absence_doubt`, or
        the step's name seen anywhere in the document, its work (`absence_cues`) anywhere before the step after
        it, or a page not read (no text, a picture not read); None when none. Its work after that does not
        count: 末端原因, 症结, 目标值 are told again in the steps after their own."""
        if doubt := self.absence_doubt(step_id):
            return doubt
        _lo, hi = self._window(step_id)
        # its name anywhere; its work anywhere before the step after it starts (the 课题目标 told at the end of
        # 选择课题, two steps before where 设定目标 would stand)
        earlier = [(i, sid, t) for i, sid, t in self.content_cues if i < hi]
        seen = next(((i, t) for i, sid, t in [*self.name_cues, *earlier] if sid == step_id), None)
        if seen is not None:
            page = self.block_pages.get(seen[0])
            return f"第 {page} 页“{seen[1]}”" if page is not None else f"“{seen[1]}”"
        if self.unread_pages:
            return f"第 {'、'.join(str(p) for p in self.unread_pages[:5])} 页有未能读取的文字或图片"
        return None

    def ids(self) -> list[str]:
        return [s.id for s in self.steps]

    def blocks_of(self, *step_ids: str) -> list[int]:
        return sorted({i for s in self.steps if s.id in step_ids for i in s.blocks})

    def pages_of(self, *step_ids: str) -> list[int]:
        return sorted({p for s in self.steps if s.id in step_ids for p in s.pages})

    def heading_blocks(self) -> set[int]:
        return {h.block for h in self.headings}


def _spans(doc: Document, blocks: list[int]) -> list[tuple[int, int]]:
    """Character spans of the blocks in doc.text, adjacent blocks merged."""
    where = {i: (s, e) for i, s, e in doc.block_spans()}
    out: list[tuple[int, int]] = []
    for i in blocks:
        if i not in where:
            continue
        s, e = where[i]
        if out and s <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _coverage(doc: Document, block_steps: list[str | None], only: set[str] | None = None) -> float:
    """The share of the body text assigned to steps (`only`: to these steps)."""
    total = assigned = 0
    for b, step in zip(doc.blocks, block_steps, strict=False):
        if b.kind not in BODY_KINDS:
            continue
        n = len(b.text.strip())
        total += n
        assigned += n if step and (only is None or step in only) else 0
    return round(assigned / total, 3) if total else 0.0


def _first_line(b: Block) -> str:
    return b.text.strip().split("\n", 1)[0]


def _unread_headings(doc: Document, seg: Segmentation) -> list[tuple[int, str]]:
    """Title / heading blocks of the form of the step headings, and pictures of the size of the banners
    that opened steps, that named no step."""
    seen = {h.block for h in seg.headings}
    opening = [doc.blocks[h.block] for h in seg.headings if h.steps and h.steps[0] not in (OTHER, GROUP)]
    forms = {
        f for b in opening if b.kind in (BlockKind.title, BlockKind.heading) and (f := heading_form(_first_line(b)))
    }
    sizes = {(b.figure.width, b.figure.height) for b in opening if b.figure is not None and b.figure.width}
    levels = _bare_levels(opening)
    out = []
    for i, b in enumerate(doc.blocks):
        if i in seen or not b.text.strip():
            continue
        titled = b.kind in (BlockKind.title, BlockKind.heading) and heading_form(_first_line(b)) in forms
        banner = b.figure is not None and b.kind == BlockKind.image_text and (b.figure.width, b.figure.height) in sizes
        # a bare heading at the level of the bare headings that opened steps (a Word chapter "对策落地" among
        # "原因分析", "效果检查" in Heading 1): a sibling chapter, perhaps a step in words we do not know
        sibling = b.kind == BlockKind.heading and b.level in levels and heading_form(_first_line(b)) is None
        if titled or banner or sibling:
            out.append((i, " ".join(b.text.split())[:40]))
    return sorted(out + _repeated_parts(seg, forms))


def _bare_levels(opening: list[Block]) -> set[int]:
    """The heading levels at which two or more unnumbered headings opened steps: the chapter level."""
    bare = [
        b.level
        for b in opening
        if b.kind == BlockKind.heading and b.level is not None and heading_form(_first_line(b)) is None
    ]
    return {lv for lv in set(bare) if bare.count(lv) >= 2}


def _repeated_parts(seg: Segmentation, forms: set[str]) -> list[tuple[int, str]]:
    """Headings of the steps' form that open a new numbered part ("四、目标可实现性分析") yet were read as
    the step of the part before ("三、目标设定"): two parts for one step, one of them may be a step whose
    words the lexicon does not know (seen fresh5 j06). A continuation ("（续）", the same words) is none."""
    out: list[tuple[int, str]] = []
    last: dict[str, tuple[tuple[str, ...], str]] = {}
    for h in sorted(seg.headings, key=lambda h: h.block):
        form = heading_form(h.text)
        if form is None or form not in forms:
            continue
        rest = strip_prefix(h.text)[0]
        prev = last.get(form)
        if prev and prev[0] == h.steps and h.steps[0] not in (OTHER, GROUP) and rest != prev[1] and "续" not in h.text:
            out.append((h.block, " ".join(h.text.split())[:40]))
        last[form] = (h.steps, rest)
    return out


def _confidence(doc: Document, span: StepSpan, c: Classification, placed: dict[str, float]) -> float:
    """How sure the step is: the heading signal (how it was found) blended with the classifier's
    agreement; for a step only the classifier placed, its probability."""
    if span.via == "classifier":
        return round(placed.get(span.step_id, 0.0), 3)
    lexical = float(lexicon()["confidence"][span.via])
    return blend(lexical, step_agreement(c, span.step_id, set(span.block_indices), doc), c.source)


def structure_of(doc: Document, seg: Segmentation, c: Classification, placed: dict[str, float]) -> Structure:
    """The typed structure of a segmentation; `c` the content classifier's reading of the sections,
    `placed` the probability of each step only the classifier placed."""
    steps = [
        Step(
            id=span.step_id,
            name=span.name,
            pages=span.pages,
            blocks=span.block_indices,
            spans=_spans(doc, span.block_indices),
            heading=span.heading_text or None,
            via=span.via,
            confidence=_confidence(doc, span, c, placed),
            missing=missing_items(span.step_id, span.text),
        )
        for span in seg.steps
    ]
    headings = [Heading(block=h.block, steps=list(h.steps), text=h.text, via=h.via) for h in seg.headings]
    coverage = _coverage(doc, seg.block_steps)
    rule = lexicon()["structure"]
    named = {s.id for s in steps if s.confidence >= float(rule["min_step_confidence"])}
    sure = _coverage(doc, seg.block_steps, named)
    # pages not read at all: no text layer and no OCR tried (an OCR'd photo page is read, and empty)
    blind_pages = [c.page for c in doc.coverage.pages if c.chars == 0 and not c.has_text_layer and not c.ocr]
    blind = round(len(blind_pages) / doc.pages, 3) if doc.pages else 0.0
    ocr_pages = [c.page for c in doc.coverage.pages if c.ocr and not c.has_text_layer]
    ocr = round(len(ocr_pages) / doc.pages, 3) if doc.pages else 0.0
    confident = (
        coverage >= float(rule["min_coverage"])
        and len(named) >= int(rule["min_steps"])
        and blind <= float(rule["max_blind_share"])
    )
    return Structure(
        steps=steps,
        block_steps=seg.block_steps,
        headings=headings,
        coverage=coverage,
        confident_coverage=sure,
        steps_confident=len(named),
        confident=confident,
        blind_share=min(blind, 1.0),
        ocr_share=min(ocr, 1.0),
        max_ocr_share=float(rule["max_ocr_share"]),
        min_coverage=float(rule["min_coverage"]),
        min_steps=int(rule["min_steps"]),
        min_step_confidence=float(rule["min_step_confidence"]),
        unread_headings=_unread_headings(doc, seg),
        content_cues=(cues := _content_cues(doc, {s.id for s in steps})),
        name_cues=(names := _name_cues(doc, {s.id for s in steps})),
        unread_pages=sorted({*blind_pages, *(u.page for u in doc.coverage.unread_pictures)}),
        block_pages={i: doc.blocks[i].source.page for i, _, _ in [*cues, *names]},
    )


def _name_cues(doc: Document, found: set[str]) -> list[tuple[int, str, str]]:
    """Blocks that name a step not found by one of its aliases of `veto_doubt.name_min_chars` characters or
    more (a 目录 line, a banner, a neighbour's heading that names it too): a missing-step 否决 is in doubt. A
    line joining `veto_doubt.chain_min_steps` step names or more by a `chain_marks` arrow (the 活动程序 as a
    flow) names none."""
    lex = lexicon()
    least = int(lex["veto_doubt"]["name_min_chars"])
    long = {sid: [str(a) for a in als if len(str(a)) >= least] for sid, als in lex["aliases"].items()}
    every = {
        sid: re.compile("|".join(re.escape(a) for a in sorted(als, key=len, reverse=True)), re.IGNORECASE)
        for sid, als in long.items()
        if als
    }
    names = {sid: rx for sid, rx in every.items() if sid not in found}
    chain, marks = int(lex["veto_doubt"]["chain_min_steps"]), [str(m) for m in lex["veto_doubt"]["chain_marks"]]
    out = []
    for i, b in enumerate(doc.blocks):
        for line in normalize(b.text).splitlines():
            if any(m in line for m in marks) and sum(1 for rx in every.values() if rx.search(line)) >= chain:
                continue  # the 活动程序 as a flow of step names: the procedure, not this deck's step
            out += [(i, sid, m.group(0).strip()[:20]) for sid, rx in names.items() if (m := rx.search(line))]
    return out


def _content_cues(doc: Document, found: set[str]) -> list[tuple[int, str, str]]:
    """Blocks that show the work of a step not found (steps.yaml `absence_cues`)."""
    cues = {
        sid: re.compile("|".join(f"(?:{p})" for p in pats)) for sid, pats in lexicon()["absence_cues"].items() if pats
    }
    out = []
    for i, b in enumerate(doc.blocks):
        text = normalize(b.text)
        for sid, rx in cues.items():
            if sid not in found and (m := rx.search(text)):
                out.append((i, sid, m.group(0).strip()[:20]))
    return out
