"""Step segmentation: which blocks of a Document belong to which PDCA step (spec/interfaces.md ids).

Headings come first (`nlp.headings`: slide titles, heading blocks and short heading-like lines in every
house style). Content cues come second: a slide whose title names no step but carries a cue ("鱼骨图",
"要因确认表", "对策表") moves the segmentation forward. Untitled slides and "（续）" slides continue the
current step; a title that names two steps marks both present on that page; non-step headings
("小组概况", "目录") end the current step; a PDCA group heading ("D 阶段 实施") ends it too, and content
right under a D / C / A group heading with no step heading of its own belongs to that phase's step. A
labelled paragraph ("现状：…") opens a step only moving forward. 目录 / CONTENTS pages name no step.
Every step remembers how it was found (`via`), which `nlp.structure` turns into a confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ingest.model import Block, BlockKind, Document, FigureKind

from .headings import GROUP, OTHER, HeadingMatch, is_toc_title, match_cue, match_heading
from .normalize import normalize
from .steplex import lexicon, step_name, step_order


@dataclass
class StepSpan:
    step_id: str
    name: str
    pages: list[int]
    block_indices: list[int]
    heading_text: str
    text: str
    via: str = "title"  # how the step was found: title | heading | line | labelled | cue | group | shared


@dataclass(frozen=True)
class HeadingRef:
    block: int
    steps: tuple[str, ...]
    text: str
    via: str  # title | heading | line | labelled | cue | group


@dataclass
class Segmentation:
    steps: list[StepSpan]
    block_steps: list[str | None]
    headings: list[HeadingRef] = field(default_factory=list)
    project_type: str = "unknown"
    assign: list[list[str]] = field(default_factory=list, repr=False)  # type-neutral step ids per block
    toc_pages: set[int] = field(default_factory=set)  # 目录 pages: they name steps but hold none

    def get(self, step_id: str) -> StepSpan | None:
        for s in self.steps:
            if s.step_id == step_id:
                return s
        return None

    def ids(self) -> list[str]:
        return [s.step_id for s in self.steps]


_HEADING_KINDS = {BlockKind.title, BlockKind.heading}
# a non-step name as a label with its content after the colon ("工程概况：柯桥区鉴湖花苑三期，11栋…"): written as a
# body line on a page whose step is open, it is part of that step, not the start of a non-step section
_INLINE_LABEL = re.compile(r"^[^:：]{2,12}[:：]\s*\S{4,}")
_BODY_LINE_KINDS = {BlockKind.paragraph, BlockKind.list_item, BlockKind.image_text}
_CHART_LABEL = re.compile(r"^\s*[\u4e00-\u9fff]{1,2}\s*$")
_SKIP_KINDS = {BlockKind.note, BlockKind.furniture}


def _toc_pages(doc: Document, matches: dict[int, HeadingMatch]) -> set[int]:
    """Pages that list the steps (a 目录 slide/page): titled 目录 / CONTENTS, or ≥4 distinct steps named
    by short lines on a page with little else."""
    per_page: dict[int, set[str]] = {}
    chars: dict[int, int] = {}
    titled: set[int] = set()
    for i, b in enumerate(doc.blocks):
        if b.kind in _SKIP_KINDS:
            continue
        if b.kind in _HEADING_KINDS and is_toc_title(b.text):
            titled.add(b.source.page)
        chars[b.source.page] = chars.get(b.source.page, 0) + len(b.text)
        m = matches.get(i)
        if m and b.kind != BlockKind.title:
            per_page.setdefault(b.source.page, set()).update(s for s in m.steps if s not in (OTHER, GROUP))
    toc = set(titled) if _is_slide_deck(doc) or doc.format == "pdf" else set()
    for page, steps in per_page.items():
        if len(steps) >= 4 and chars.get(page, 0) < 40 * len(steps) + 60:
            toc.add(page)
    return toc


def _toc_runs(doc: Document, matches: dict[int, HeadingMatch]) -> set[int]:
    """Blocks of a table of contents in a flowing document: ≥4 consecutive body lines naming
    distinct steps, most of which are named again by headings further on. A listed part that is no
    step (品管圈 "二、活动计划拟定", "小组概况") does not end the list: a 目录 that lists it between two
    steps is still one 目录, its first step line included (seen in the perturbation harness: a deck's
    目录 slide written into a Word report left "一、主题选定" as the step's heading, its content unread).
    Nor does a short line the reader misread, standing in the list's column just below its line (a
    scanned 活动计划 甘特图 whose task column OCR read as "现况把探", "对系拟定": its step names were
    taken for headings before the real "肆、现况把握", seen fresh12 r47)."""
    out: set[int] = set()
    body = [i for i, b in enumerate(doc.blocks) if b.kind not in _SKIP_KINDS and b.text.strip()]
    runs: list[tuple[list[int], int]] = []  # each run with the misread lines it ran on through
    run: list[int] = []
    gaps, misread, prev = 0, 0, -1
    for i in body:
        last, prev = prev, i
        m = matches.get(i)
        named = m is not None and doc.blocks[i].kind != BlockKind.title
        ok = named and m is not None and m.steps[0] not in (OTHER, GROUP)
        if ok and m is not None and all(matches[j].steps[0] != m.steps[0] for j in run):
            run.append(i)
            gaps = 0
            continue
        if run and named and not ok:
            run.append(i)  # a listed part that is no step ("二、活动计划拟定", "小组概况") inside the list
            continue
        if run and m is None and gaps < _list()["max_gaps"] and _listed_beside(doc.blocks[i], doc.blocks[last]):
            gaps += 1  # a step name OCR misread ("现况把探") in the column of the list does not end it
            misread += 1
            continue
        if run:
            runs.append((run, misread))
        run, gaps, misread = ([i] if ok else []), 0, 0
    if run:
        runs.append((run, misread))
    for r, n_misread in runs:
        while matches[r[-1]].steps[0] in (OTHER, GROUP):
            r.pop()  # a part named after the last step is not the list's
        steps = {matches[j].steps[0] for j in r} - {OTHER, GROUP}
        # … a column where OCR misread most names still lists the steps: three named and as many lines
        # as a list of steps (seen fresh13 s44: "目标设定", "解析", "对革就定", "对插实施导检讨", "效果确认",
        # "标准化" — three read, the Gantt's labels taken for headings before "四、现况把握")
        column = len(steps) >= _list()["min_named"] and len(steps) + n_misread >= _list()["min_lines"]
        if len(steps) < 4 and not column:
            continue
        later = {matches[j].steps[0] for j in matches if j > r[-1]}
        if len(steps & later) >= 3:
            out.update(r)
    return out


def _list() -> dict[str, float]:
    """How a list of the steps (a 目录, a 活动计划 task column) runs on (`step_list` of lexicon/steps.yaml)."""
    spec: dict[str, float] = lexicon()["step_list"]
    return spec


_LIST_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def _listed_beside(b: Block, last: Block) -> bool:
    """A short label line (2–8 characters, nothing but Chinese) standing in the same column as the
    list's last line, just below it: a line of a 目录 or of a 活动计划 甘特图's task column that the
    reader misread. Only a line with a box (an OCR'd or laid-out page) is judged; a flowing text's
    list has no misread names."""
    if b.source.bbox is None or last.source.bbox is None or b.source.page != last.source.page:
        return False
    if not _LIST_LABEL.match(normalize(b.text).strip()):
        return False
    x0, y0, x1, y1 = b.source.bbox
    u0, v0, u1, v1 = last.source.bbox
    spec = _list()
    aligned = abs(x0 - u0) <= spec["align"] or abs(x1 - u1) <= spec["align"]
    return aligned and 0 <= y0 - v1 <= spec["max_drop"] * max(y1 - y0, v1 - v0)


def _single_column(boxes: list[tuple[float, float, float, float]]) -> bool:
    """No two blocks side by side (vertically overlapping, horizontally disjoint)."""
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            x0, y0, x1, y1 = boxes[a]
            u0, v0, u1, v1 = boxes[b]
            if min(y1, v1) - max(y0, v0) > 2 and (x1 <= u0 or u1 <= x0):
                return False
    return True


def reading_order(doc: Document) -> list[int]:
    """Block indices in reading order. For PDF pages laid out in one column the blocks are taken top
    to bottom by their boxes: a reader may emit a heading before the caption and conclusion lines that
    sit above it on the page (figure regions read late), which would move them into the next step."""
    idx = list(range(len(doc.blocks)))
    if doc.format != "pdf":
        return idx
    out: list[int] = []
    page_blocks: dict[int, list[int]] = {}
    order_pages: list[int] = []
    for i, b in enumerate(doc.blocks):
        p = b.source.page
        if p not in page_blocks:
            page_blocks[p] = []
            order_pages.append(p)
        page_blocks[p].append(i)
    for p in order_pages:
        members = page_blocks[p]
        boxes = [doc.blocks[i].source.bbox for i in members]
        body = [
            bx for i, bx in zip(members, boxes, strict=True) if bx is not None and doc.blocks[i].kind not in _SKIP_KINDS
        ]
        if any(bx is None for bx in boxes) or len(body) > 200 or not _single_column(body):
            out.extend(members)
            continue
        out.extend(sorted(members, key=lambda i: (doc.blocks[i].source.bbox[1], doc.blocks[i].source.bbox[0])))  # type: ignore[index]
    return out


def _is_slide_deck(doc: Document) -> bool:
    return doc.format in {"pptx", "ppt", "dps"}


def _banner_sizes(doc: Document) -> set[tuple[int, int]]:
    """The sizes of the pictures ingest read as banners: a picture of the same size is one of the
    deck's banners too, even where its OCR (an extra line, "P / 4 / 原因分析 / 计划 PLAN") made ingest
    doubt it (seen fresh3 h18)."""
    return {
        (b.figure.width, b.figure.height)
        for b in doc.blocks
        if b.figure is not None and b.figure.kind == FigureKind.banner and b.figure.width and b.figure.height
    }


def _is_banner(b: Block, sizes: set[tuple[int, int]]) -> bool:
    return b.figure is not None and (b.figure.kind == FigureKind.banner or (b.figure.width, b.figure.height) in sizes)


def _matches(doc: Document) -> dict[int, HeadingMatch]:
    """The heading read from every block that may be one (its first line)."""
    matches: dict[int, HeadingMatch] = {}
    sizes = _banner_sizes(doc)
    for i, b in enumerate(doc.blocks):
        if b.kind in _SKIP_KINDS or b.kind in (BlockKind.table, BlockKind.chart) or not b.text.strip():
            continue
        first_line = b.text.strip().split("\n", 1)[0]
        if _is_banner(b, sizes):
            # a banner picture: its lines are one heading ("P1 / 选择课题 / PLAN")
            m = match_heading(" ".join(b.text.split()), strict=False)
        elif b.kind in _HEADING_KINDS:
            m = match_heading(first_line, strict=b.kind == BlockKind.heading and len(first_line) > 30)
        elif b.kind == BlockKind.image_text and _CHART_LABEL.match(b.text):
            m = None  # "目标" / "现状" read off a chart's axis (a scan, a picture) is a label, not a heading
        elif b.kind in _BODY_LINE_KINDS:
            m = match_heading(first_line, strict=True)
        else:
            m = None
        if m:
            matches[i] = m
    return matches


@dataclass
class _Walk:
    """The state of the walk through the blocks in reading order."""

    current: list[str] = field(default_factory=list)
    via: str = "title"
    phase: str | None = None  # the PDCA phase of the last group heading, while no step has started
    headings: list[HeadingRef] = field(default_factory=list)
    titled_pages: set[int] = field(default_factory=set)  # pages whose title has been read
    step_pages: set[int] = field(default_factory=set)  # pages with a step heading
    labels: bool = False  # labelled paragraphs may open steps (a document with hardly any headings)

    def furthest(self) -> int:
        order = {s: k for k, s in enumerate(step_order())}
        return max((order[s] for s in self.current), default=-1)

    def open(self, i: int, steps: tuple[str, ...], text: str, via: str, page: int) -> None:
        self.current, self.via, self.phase = list(steps), via, None
        self.headings.append(HeadingRef(i, steps, text, via))
        self.step_pages.add(page)

    def close(self, i: int, m: HeadingMatch) -> None:
        self.current, self.phase = [], m.letter if m.steps[0] == GROUP else None
        self.headings.append(HeadingRef(i, m.steps, m.text, "title"))


def _via(kind: BlockKind) -> str:
    return "title" if kind == BlockKind.title else "heading" if kind == BlockKind.heading else "line"


def _phase_line(m: HeadingMatch) -> bool:
    """A phase heading in Chinese whose phase holds one step ("D—实施（Do）", "C—检查（Check）"): on a page
    of a report that runs on (a scan or a Word page read line by line, seen fresh8 n51) it opens that
    step, unlike an English subtitle ("PLAN") under a step heading."""
    return m.letter in lexicon()["group_default"] and re.search(r"[\u4e00-\u9fff]", m.text) is not None


def _step_heading(w: _Walk, i: int, kind: BlockKind, m: HeadingMatch, page: int) -> None:
    """A heading naming a step, a group or a non-step section."""
    if m.steps[0] == GROUP and kind not in _HEADING_KINDS and page in w.step_pages and not _phase_line(m):
        return  # "PLAN" under "对策拟定" on the same slide: an English subtitle, not a phase
    if m.steps[0] == OTHER and kind not in _HEADING_KINDS and w.current and page in w.step_pages:
        if _INLINE_LABEL.search(m.text):
            return  # "工程概况：柯桥区…" on the 选择课题 slide: a labelled line of the step (seen fresh14 u02)
    if m.steps[0] in (OTHER, GROUP):
        w.close(i, m)
        return
    if (
        kind not in _HEADING_KINDS
        and page in w.step_pages
        and w.current[:1] == list(m.steps[:1])
        and set(m.steps) <= set(w.current)
    ):
        # "ACHIEVEMENTS & NEXT" under "项目成效与持续改进": a subtitle restating the step already open (a line
        # naming the second of two open steps moves on to it)
        return
    order = {s: k for k, s in enumerate(step_order())}
    if kind not in _HEADING_KINDS and page in w.step_pages and order[m.steps[0]] < w.furthest():
        # "目标" / "措施" as the header cells of a 对策表 drawn from text boxes, under "对策拟定（续）": a
        # line naming an earlier step than the one this slide opened is a label, not a way back
        return
    if m.labelled:
        if m.steps[0] in w.current[1:]:
            # "可行性论证（一）：…" under "设定目标及目标可行性论证": the label starts the second step the heading named
            w.open(i, (m.steps[0],), m.text, "labelled", page)
        elif w.labels and order[m.steps[0]] > w.furthest():
            w.open(i, m.steps, m.text, "labelled", page)
        return
    w.open(i, m.steps, m.text, _via(kind), page)


def _walk_block(w: _Walk, doc: Document, i: int, m: HeadingMatch | None, deck: bool) -> None:
    b = doc.blocks[i]
    page = b.source.page
    if m is None and deck and b.kind == BlockKind.title and page not in w.titled_pages:
        # a slide title naming no step: a content cue may move forward, else continue
        cue = match_cue(b.text)
        order = {s: k for k, s in enumerate(step_order())}
        if cue and order[cue] > w.furthest():
            w.open(i, (cue,), b.text.strip(), "cue", page)
    if b.kind == BlockKind.title:
        w.titled_pages.add(page)
    if m is not None:
        _step_heading(w, i, b.kind, m, page)
    elif not w.current and w.phase is not None and (default := lexicon()["group_default"].get(w.phase)):
        w.open(i, (str(default),), doc.blocks[i].text.strip()[:40], "group", page)


def segment(doc: Document, project_type: str = "unknown") -> Segmentation:
    """Split the document into steps. `project_type` renames type-dependent steps: for 创新型,
    巩固/标准化 is `standardize` and 目标可行性论证 belongs to `set_target`."""
    matches = _matches(doc)
    toc = _toc_pages(doc, matches)
    for j in _toc_runs(doc, matches):
        matches.pop(j, None)
    deck = _is_slide_deck(doc)
    assign: list[list[str]] = [[] for _ in doc.blocks]
    # "现状：…" inside a step is a label ("效果确认：…" after each 对策); only a document written as
    # labelled paragraphs, with hardly any step heading, is segmented by its labels
    headed = {m.steps[0] for m in matches.values() if not m.labelled and m.steps[0] not in (OTHER, GROUP)}
    w = _Walk(labels=len(headed) < lexicon()["labels_below_headings"])
    for i in reading_order(doc):
        b = doc.blocks[i]
        if b.kind in _SKIP_KINDS:
            continue
        m = matches.get(i)
        if b.source.page in toc:
            if b.kind == BlockKind.title:
                w.current, w.phase = [], None
            m = None
        _walk_block(w, doc, i, m, deck)
        if w.current:
            assign[i] = list(w.current)
    return _build(doc, assign, w.headings, project_type, toc)


def _rename(step: str, project_type: str) -> str:
    if project_type == "innovative":
        if step == "consolidate":
            return "standardize"
        if step == "target_feasibility":
            return "set_target"
    return step


def _build(
    doc: Document,
    assign: list[list[str]],
    headings: list[HeadingRef],
    project_type: str,
    toc_pages: set[int] | None = None,
) -> Segmentation:
    spans: dict[str, StepSpan] = {}
    block_steps: list[str | None] = [None] * len(doc.blocks)
    heading_text: dict[str, str] = {}
    heading_via: dict[str, str] = {}
    for h in headings:
        for k, s in enumerate(h.steps):
            if s in (OTHER, GROUP):
                continue
            r = _rename(s, project_type)
            heading_text.setdefault(r, h.text)
            if k == 0 and heading_via.get(r, "shared") == "shared":
                heading_via[r] = h.via  # named on its own somewhere: not only as the second of two
            heading_via.setdefault(r, "shared")
    texts: dict[str, list[str]] = {}
    for i, block_ids in enumerate(assign):
        if not block_ids:
            continue
        b = doc.blocks[i]
        renamed: list[str] = []
        for s in block_ids:
            r = _rename(s, project_type)
            if r not in renamed:
                renamed.append(r)
        block_steps[i] = renamed[0]
        for k, s in enumerate(renamed):
            span = spans.get(s)
            if span is None:
                span = StepSpan(
                    step_id=s,
                    name=step_name(s, project_type if project_type != "unknown" else "problem_solving"),
                    pages=[],
                    block_indices=[],
                    heading_text=heading_text.get(s, ""),
                    text="",
                    via=heading_via.get(s, "shared" if k else "title"),
                )
                spans[s] = span
            span.block_indices.append(i)
            if b.source.page not in span.pages:
                span.pages.append(b.source.page)
            if b.text:
                texts.setdefault(s, []).append(b.text)
    for s, span in spans.items():
        span.text = "\n".join(texts.get(s, []))
        span.pages.sort()
    order = {s: k for k, s in enumerate(step_order())}
    ordered = sorted(spans.values(), key=lambda sp: order.get(sp.step_id, 99))
    return Segmentation(
        steps=ordered,
        block_steps=block_steps,
        headings=headings,
        project_type=project_type,
        assign=assign,
        toc_pages=toc_pages or set(),
    )


def from_assignment(doc: Document, block_steps: list[str | None], project_type: str) -> Segmentation:
    """The segmentation that assigns each block the given step id (None: no step)."""
    steps = list(block_steps) + [None] * (len(doc.blocks) - len(block_steps))
    return _build(doc, [[s] if s else [] for s in steps], [], project_type)


def retype(doc: Document, seg: Segmentation, project_type: str) -> Segmentation:
    """The segmentation of `segment(doc)` for a project type decided afterwards, without reading the
    headings again (same result as `segment(doc, project_type)`)."""
    return _build(doc, seg.assign, seg.headings, project_type, seg.toc_pages)


_NEUTRAL = {"standardize": "consolidate"}  # the type-neutral id of a typed step


def with_placed(doc: Document, seg: Segmentation, placed: list[tuple[tuple[int, ...], str, str]]) -> Segmentation:
    """The segmentation with sections no heading placed assigned a step: (blocks, step id, label
    text) each, found by the content classifier (via "classifier")."""
    if not placed:
        return seg
    assign = [list(a) for a in seg.assign]
    headings = list(seg.headings)
    for blocks, step, text in placed:
        neutral = _NEUTRAL.get(step, step)
        for i in blocks:
            assign[i] = [neutral]
        headings.append(HeadingRef(blocks[0], (neutral,), text, "classifier"))
    position = {i: k for k, i in enumerate(reading_order(doc))}
    headings.sort(key=lambda h: position[h.block])
    return _build(doc, assign, headings, seg.project_type, seg.toc_pages)


# ---------------------------------------------------------------- completeness

_NUM = re.compile(r"(?<![A-Za-z])\d+(?:\.\d+)?")
_NUMBERING = re.compile(r"(?m)^\s*(?:\d+(?:\.\d+)*[、.．)）]|[（(]\d+[）)])")
_DATE_NUM = re.compile(r"\d+(?=\s*[年月日号])")


def count_numbers(text: str) -> int:
    """Numbers that carry data: list numbering ("1.", "（2）") and dates are not counted."""
    t = normalize(text)
    t = _NUMBERING.sub(" ", t)
    t = _DATE_NUM.sub(" ", t)
    return len(_NUM.findall(t))


@lru_cache(maxsize=256)
def _item_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(words))


def missing_items(step_id: str, text: str) -> list[str]:
    """Must-contain items (lexicon `items`) that the step's text lacks."""
    specs: Iterable[dict[str, Any]] = lexicon().get("items", {}).get(step_id, [])
    t = normalize(text)
    out = []
    for spec in specs:
        ok = True
        if "any" in spec:
            ok = bool(_item_regex(tuple(str(w) for w in spec["any"])).search(t))
        if ok and "numbers" in spec:
            ok = count_numbers(t) >= int(spec["numbers"])
        if not ok:
            out.append(str(spec["name"]))
    return out
