"""Step segmentation: which blocks of a Document belong to which PDCA step (spec/interfaces.md ids).

Headings come first: slide titles, heading blocks and short heading-like paragraphs (TXT/DOCX/PDF
lines such as "一、现状调查", "（二）要因确认", "第三步 设定目标", "4.原因分析：") are matched against
the aliases of `lexicon/steps.yaml` (CAQ, 品管圈, DMAIC, 8D). Content cues come second: a slide
whose title names no step but carries a cue ("鱼骨图", "要因确认表", "对策表") moves the
segmentation forward. Untitled slides and "（续）" slides continue the current step; a title that
names two steps ("现状调查及目标设定") marks both present on that page; PDCA group headings
("计划阶段（P）") and non-step headings ("小组概况", "目录") end the current step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ingest.model import BlockKind, Document

from .normalize import normalize

LEXICON = Path(__file__).parent / "lexicon"

OTHER = "_other"  # a heading that is not a step (小组概况, 目录, 活动计划…)
GROUP = "_group"  # a PDCA group heading (计划阶段 P …)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    with (LEXICON / "steps.yaml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def step_order() -> list[str]:
    return list(lexicon()["order"])


def sequence(project_type: str, target_kind: str | None) -> list[str]:
    seqs = lexicon()["sequences"]
    if project_type == "innovative":
        return list(seqs["innovative"])
    if target_kind == "directive":
        return list(seqs["problem_solving/directive"])
    return list(seqs["problem_solving/self_set"])


def step_name(step_id: str, project_type: str = "problem_solving") -> str:
    names = lexicon()["names"][step_id]
    return str(names.get(project_type, names["default"]))


def step_names(project_type: str = "problem_solving") -> dict[str, str]:
    """Every step id (in the lexicon's order) with its name for the project type."""
    return {sid: step_name(sid, project_type) for sid in lexicon()["names"]}


# ---------------------------------------------------------------- heading parsing

_CN_NUM = "一二三四五六七八九十百零〇两"
_PREFIXES = [
    re.compile(rf"^第[{_CN_NUM}\d]+\s*(?:步|章|节|部分|篇|阶段|项|部)\s*[、.:\s-]*"),
    re.compile(rf"^(?:步骤|step|STEP|Step|Part|PART)\s*[{_CN_NUM}\d]+\s*[、.:\s-]*"),
    re.compile(rf"^\(\s*[{_CN_NUM}\d]+\s*\)\s*[、.:\s]*"),
    re.compile(rf"^[{_CN_NUM}]+\s*[、.:\s]\s*"),
    re.compile(r"^\d+(?:\.\d+)*\s*[、.:)\s]\s*"),
    re.compile(r"^\d+(?=[\u4e00-\u9fff])(?!\s*[年月日个次件台%])"),
    re.compile(r"^[\u2460-\u2473\u2776-\u277f]\s*"),  # ① … ⑳, ❶ …
    re.compile(r"^[\u25a0-\u25ff\u2600-\u26ff\u2700-\u27bf【\[<《>→▶►■□◆◇●○★☆▲△\-—_~*#·•|]+\s*"),
]
# PDCA / DMAIC letter in front of a step name: "P 现状调查", "(P)选择课题", "D-对策实施", "M 测量"
_LETTER = re.compile(r"^\(?([PDCAMIpdcami])\)?\s*(?:阶段)?\s*[-—:、.\s)]\s*(?=[\u4e00-\u9fff])")
_LETTER_GLUED = re.compile(r"^([PDCA])(?=[\u4e00-\u9fff])")
_EIGHT_D = re.compile(r"^D\s*([1-8])(?![\d.])")
_GROUP_STRIP = re.compile(r"第[一二三四1-4]阶段|阶段|循环|[()\[\]【】\s:、.\-—]")


def _is_group(s: str) -> bool:
    """A PDCA group heading: "P（计划）阶段", "第二阶段 实施（D）", "C 检查", "计划阶段", "A"."""
    core = _GROUP_STRIP.sub("", s)
    letters = re.findall(r"[PDCA]", core)
    word = re.sub(r"[PDCA]", "", core)
    if word == "":
        return len(letters) == 1 and len(s) <= 6
    return word in set(lexicon()["pdca_groups"]) and (len(letters) == 1 or "阶段" in s)


_DMAIC = {"定义": "select_topic", "测量": "current_state", "分析": "cause_analysis", "改进": "implement", "控制": "consolidate"}
_CONT = re.compile(r"(?:\(\s*续\s*[\d一二三四五六七八九十]*\s*\)|续表?[\d一二三四五]*|\(\s*[\d一二三四五六七八九十]+\s*\)|-\s*\d+|之[一二三四五六])\s*$")
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,})\s*\d+\s*$")
_JOIN = re.compile(r"^\s*(?:及|与|和|、|/|&|暨|以及|并|,|\+)\s*")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
# short second halves of a combined heading: "对策制定与实施", "原因分析及确认", "效果检查与巩固"
_JOIN_TAIL = {"实施": "implement", "确认": "main_causes", "巩固": "consolidate", "总结": "summary"}


def strip_prefix(text: str) -> tuple[str, bool]:
    """Remove numbering / bullets / PDCA letters in front of a heading. Returns (rest, was_numbered)."""
    s = normalize(text).strip()
    numbered = False
    for _ in range(4):
        before = s
        for rx in _PREFIXES:
            m = rx.match(s)
            if m and m.end() > 0:
                s = s[m.end() :].lstrip()
                numbered = True
        if s == before:
            break
    return s, numbered


@lru_cache(maxsize=1)
def _alias_table() -> list[tuple[str, str]]:
    """(alias, step id) sorted longest first, including the non-step headings."""
    lex = lexicon()
    table: list[tuple[str, str]] = []
    for step, aliases in lex["aliases"].items():
        for a in aliases:
            table.append((normalize(str(a)), step))
    for a in lex["other"]:
        table.append((normalize(str(a)), OTHER))
    table.sort(key=lambda t: -len(t[0]))
    return table


def _alias_at_start(s: str) -> tuple[str, str] | None:
    for alias, step in _alias_table():
        if s.startswith(alias):
            return alias, step
    return None


@dataclass(frozen=True)
class HeadingMatch:
    steps: tuple[str, ...]  # step ids named (first = the main one); (OTHER,) or (GROUP,) for non-steps
    text: str


def match_heading(text: str, *, strict: bool) -> HeadingMatch | None:
    """Read a heading. `strict` (body paragraphs): the line must look like a heading, not a sentence
    that mentions a step ("通过现状调查发现…")."""
    raw = normalize(text).strip()
    if not raw or len(raw) > (60 if not strict else 80):
        return None
    if _TOC_ENTRY.search(raw):
        return None
    s, numbered = strip_prefix(raw)
    m8 = _EIGHT_D.match(s)
    if m8:
        step = lexicon()["eight_d"].get(f"D{m8.group(1)}")
        return HeadingMatch((step or OTHER,), raw)
    letter = None
    ml = _LETTER.match(s) or _LETTER_GLUED.match(s)
    if ml:
        letter = ml.group(1).upper()
        s = s[ml.end() :].lstrip()
        s, n2 = strip_prefix(s)
        numbered = numbered or n2 or True
    s = _CONT.sub("", s).strip()
    if not s:
        return None
    if _is_group(raw) or _is_group(s) or (letter in {"P", "D", "C", "A"} and _is_group(letter + s)):
        return HeadingMatch((GROUP,), raw)
    if letter in {"D", "M", "A", "I", "C"}:
        for word, step in _DMAIC.items():
            if s.startswith(word) and len(s) <= len(word) + 4:
                return HeadingMatch((step,), raw)
    hit = _alias_at_start(s)
    if hit is None and not strict:
        # a slide title "降低XX不良率——现状调查" / "XX QC小组 | 要因确认": the step after a separator
        parts = re.split(r"\s*(?:——|—|--|\||｜|:|：|-)\s*", s)
        if len(parts) >= 2:
            last = strip_prefix(parts[-1])[0]
            last = _CONT.sub("", last).strip()
            h = _alias_at_start(last)
            if h is not None and len(last) - len(h[0]) <= 4:
                s, hit = last, h
    if hit is None:
        return None
    alias, step = hit
    rest = s[len(alias) :]
    if strict:
        # a body line is a heading when it is short and not a sentence, or "alias：content"
        if rest[:1] == ":" and not numbered and len(rest) > 1 and step != OTHER:
            return None  # "选题理由：…", "效果验证：…" — a labelled paragraph, not a step heading
        if rest[:1] != ":":
            if len(s) > 24 or _SENTENCE_END.search(s) or "，" in s or "," in s:
                return None
            if not numbered and len(rest) > 2 and rest[0] not in "(（及与和—- ":
                return None
    steps = [step]
    # a second step named in the same heading: "现状调查及目标设定", "设定目标及目标可行性论证"
    r = rest
    for _ in range(2):
        j = _JOIN.match(r)
        if not j:
            break
        r2 = r[j.end() :]
        h2 = _alias_at_start(r2)
        tail = r2.strip()[:2]
        if h2 is None and tail in _JOIN_TAIL:
            h2 = (tail, _JOIN_TAIL[tail])
        if h2 is None:
            break
        if h2[1] != OTHER and h2[1] not in steps:
            steps.append(h2[1])
        r = r2[len(h2[0]) :]
    return HeadingMatch(tuple(steps), raw)


@lru_cache(maxsize=1)
def _cue_table() -> list[tuple[str, str]]:
    table = [(normalize(str(c)), step) for step, cues in lexicon()["cues"].items() for c in cues]
    table.sort(key=lambda t: -len(t[0]))
    return table


def match_cue(text: str) -> str | None:
    s = normalize(text)
    for cue, step in _cue_table():
        if cue in s:
            return step
    return None


# ---------------------------------------------------------------- segmentation


@dataclass
class StepSpan:
    step_id: str
    name: str
    pages: list[int]
    block_indices: list[int]
    heading_text: str
    text: str
    via: str = "heading"  # "heading" | "cue" | "shared" (named together with another step)


@dataclass
class Segmentation:
    steps: list[StepSpan]
    block_steps: list[str | None]
    headings: list[tuple[int, tuple[str, ...], str]] = field(default_factory=list)  # (block, steps, text)
    project_type: str = "unknown"
    assign: list[list[str]] = field(default_factory=list, repr=False)  # type-neutral step ids per block

    def get(self, step_id: str) -> StepSpan | None:
        for s in self.steps:
            if s.step_id == step_id:
                return s
        return None

    def ids(self) -> list[str]:
        return [s.step_id for s in self.steps]


_HEADING_KINDS = {BlockKind.title, BlockKind.heading}
_BODY_LINE_KINDS = {BlockKind.paragraph, BlockKind.list_item, BlockKind.image_text}
_SKIP_KINDS = {BlockKind.note, BlockKind.furniture}


def _toc_pages(doc: Document, matches: dict[int, HeadingMatch]) -> set[int]:
    """Pages that list the steps (a 目录 slide/page): ≥4 distinct steps named by short lines."""
    per_page: dict[int, set[str]] = {}
    chars: dict[int, int] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind in _SKIP_KINDS:
            continue
        chars[b.source.page] = chars.get(b.source.page, 0) + len(b.text)
        m = matches.get(i)
        if m and b.kind != BlockKind.title:
            per_page.setdefault(b.source.page, set()).update(s for s in m.steps if s not in (OTHER, GROUP))
    toc = set()
    for page, steps in per_page.items():
        if len(steps) >= 4 and chars.get(page, 0) < 40 * len(steps) + 60:
            toc.add(page)
    return toc


def _toc_runs(doc: Document, matches: dict[int, HeadingMatch]) -> set[int]:
    """Blocks of a table of contents in a flowing document: ≥4 consecutive body lines naming
    distinct steps, most of which are named again by headings further on."""
    out: set[int] = set()
    body = [i for i, b in enumerate(doc.blocks) if b.kind not in _SKIP_KINDS and b.text.strip()]
    runs: list[list[int]] = []
    run: list[int] = []
    for i in body:
        m = matches.get(i)
        ok = m is not None and m.steps[0] not in (OTHER, GROUP) and doc.blocks[i].kind != BlockKind.title
        if ok and m is not None and all(matches[j].steps[0] != m.steps[0] for j in run):
            run.append(i)
            continue
        if run:
            runs.append(run)
        run = [i] if ok else []
    if run:
        runs.append(run)
    for r in runs:
        steps = {matches[j].steps[0] for j in r}
        if len(steps) < 4:
            continue
        later = {matches[j].steps[0] for j in matches if j > r[-1]}
        if len(steps & later) >= 3:
            out.update(r)
    return out


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
        body = [bx for i, bx in zip(members, boxes, strict=True) if bx is not None and doc.blocks[i].kind not in _SKIP_KINDS]
        if any(bx is None for bx in boxes) or len(body) > 200 or not _single_column(body):
            out.extend(members)
            continue
        out.extend(sorted(members, key=lambda i: (doc.blocks[i].source.bbox[1], doc.blocks[i].source.bbox[0])))  # type: ignore[index]
    return out


def _is_slide_deck(doc: Document) -> bool:
    return doc.format in {"pptx", "ppt", "dps"}


def segment(doc: Document, project_type: str = "unknown") -> Segmentation:
    """Split the document into steps. `project_type` renames type-dependent steps: for 创新型,
    巩固/标准化 is `standardize` and 目标可行性论证 belongs to `set_target`."""
    blocks = doc.blocks
    matches: dict[int, HeadingMatch] = {}
    for i, b in enumerate(blocks):
        if b.kind in _SKIP_KINDS or b.kind in (BlockKind.table, BlockKind.chart) or not b.text.strip():
            continue
        first_line = b.text.strip().split("\n", 1)[0]
        if b.kind in _HEADING_KINDS:
            m = match_heading(first_line, strict=b.kind == BlockKind.heading and len(first_line) > 30)
        elif b.kind in _BODY_LINE_KINDS:
            m = match_heading(first_line, strict=True)
        else:
            m = None
        if m:
            matches[i] = m
    toc = _toc_pages(doc, matches)
    for j in _toc_runs(doc, matches):
        matches.pop(j, None)
    deck = _is_slide_deck(doc)

    assign: list[list[str]] = [[] for _ in blocks]
    headings: list[tuple[int, tuple[str, ...], str]] = []
    order = {s: k for k, s in enumerate(step_order())}
    current: list[str] = []
    page_title_seen: dict[int, bool] = {}
    for i in reading_order(doc):
        b = blocks[i]
        if b.kind in _SKIP_KINDS:
            continue
        page = b.source.page
        m = matches.get(i)
        if m and page in toc:
            m = None
            if b.kind == BlockKind.title:
                current = []
        if m is None and deck and b.kind == BlockKind.title and not page_title_seen.get(page):
            # a slide title naming no step: a content cue may move forward, else continue
            cue = match_cue(b.text)
            last = max((order[s] for s in current), default=-1)
            if cue and order[cue] > last:
                current = [cue]
                headings.append((i, (cue,), b.text.strip()))
        if b.kind == BlockKind.title:
            page_title_seen[page] = True
        if m is not None:
            if m.steps[0] in (OTHER, GROUP):
                current = []
            else:
                current = list(m.steps)
            headings.append((i, m.steps, m.text))
        if current:
            assign[i] = list(current)
    # untitled content before any heading on a slide continues the previous slide's step (already so)
    return _build(doc, assign, headings, project_type)


def _rename(step: str, project_type: str) -> str:
    if project_type == "innovative":
        if step == "consolidate":
            return "standardize"
        if step == "target_feasibility":
            return "set_target"
    return step


def _build(
    doc: Document, assign: list[list[str]], headings: list[tuple[int, tuple[str, ...], str]], project_type: str
) -> Segmentation:
    spans: dict[str, StepSpan] = {}
    first_seen: list[str] = []
    block_steps: list[str | None] = [None] * len(doc.blocks)
    heading_text: dict[str, str] = {}
    for _i, named, text in headings:
        for s in named:
            if s in (OTHER, GROUP):
                continue
            heading_text.setdefault(_rename(s, project_type), text)
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
                    via="heading" if k == 0 else "shared",
                )
                spans[s] = span
                first_seen.append(s)
            elif k == 0:
                span.via = "heading"
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
    return Segmentation(steps=ordered, block_steps=block_steps, headings=headings, project_type=project_type, assign=assign)


def from_assignment(doc: Document, block_steps: list[str | None], project_type: str) -> Segmentation:
    """The segmentation that assigns each block the given step id (None: no step)."""
    steps = list(block_steps) + [None] * (len(doc.blocks) - len(block_steps))
    return _build(doc, [[s] if s else [] for s in steps], [], project_type)


def retype(doc: Document, seg: Segmentation, project_type: str) -> Segmentation:
    """The segmentation of `segment(doc)` for a project type decided afterwards, without reading the
    headings again (same result as `segment(doc, project_type)`)."""
    return _build(doc, seg.assign, seg.headings, project_type)


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
