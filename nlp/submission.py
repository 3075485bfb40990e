"""The submission as a whole (issue 10 item 8): the documents of one 成果 package read together.

The rules ask for 成果 = PPT 和 实施记录 (seed 000 第七条 (二)) plus the 申报表 (seed 002 附件2, seed 004
附件1). This module
* names each document's part (成果报告 deck, 实施记录, 申报表) from its file name and format;
* lists the parts a submission lacks;
* reads the facts every part states about the project — 课题名称, 单位, 成立日期, 活动时间, 活动次数,
  项目周期 — from label/value tables ("活动时间 | 2023年3月—12月"), "label：value" lines, the title and
  the cover, each with its file and page;
* reports contradictions between the documents (both places), and an 活动时间/项目周期 longer than one
  year (seed 000 第二条: 一般不超过一个年度为周期).

Findings: SUB-PART (a part missing; only for a submission, not for a single file checked alone),
SUB-CONFLICT (two documents disagree), SUB-DURATION (a period over 12 months). Evidence names the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from pydantic import BaseModel, Field

from ingest.model import Block, BlockKind, Document

from . import lexfile
from .findings import Finding, Severity
from .form import title_similarity
from .normalize import fold, normalize
from .numbers import doc_title

DECK, RECORD, FORM = "deck", "record", "form"
PART_NAMES = {DECK: "成果报告（PPT）", RECORD: "实施记录", FORM: "申报表"}
MAX_MONTHS = 12  # seed 000 第二条: 一般不超过一个年度为周期
# a period stated with its 巩固期 ("2023年4月—2024年8月（含巩固期）", a seasonal fault checked over the next
# season: seen fresh5 j51) holds the activity and up to half a year of 巩固 after it
CONSOLIDATION_MONTHS = 6
_WITH_CONSOLIDATION = re.compile(r"(?:含|包括|包含|连同)\s*巩固")
TITLE_MIN_SIMILARITY = 0.8

_LEX = lexfile.load("package.yaml")
# fact key -> (name in messages, label aliases as written in 小组概况 tables, covers and 申报表)
FACT_LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    key: (str(v["name"]), tuple(str(a) for a in v["labels"])) for key, v in _LEX["facts"].items()
}
_TEAM_SUFFIX = re.compile(_LEX["team_suffix"], re.IGNORECASE)
_TEAM_SIZE = re.compile(_LEX["team_size"])
_PERIOD_KEYS = ("activity", "cycle")
_TEAM_KEYS = ("team", "team_size")  # read only where the value reads as a team's name / a bare count
_COMPANY_TAIL = re.compile(
    r"(?:有限责任公司|股份有限公司|有限公司|公司|集团|厂|医院|研究院|研究所|设计院|局|分局|中心|学校|大学)$"
)
# the levels of an organisation's name: the group or company, then its unit ("津滨水务集团 供水运营分公司")
_ORG_LEVEL = re.compile(r"\s+|(?<=集团)(?=\S)|(?<=总公司)(?=\S)|(?<=有限公司)(?=\S)")
_LEGAL_FORM = re.compile(r"(?:股份)?有限(?:责任)?公司|股份公司|公司")
_DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:年|[./\-])\s*(\d{1,2})(?!\d)(?:\s*(?:月|[./\-])\s*(\d{1,2})(?!\d)\s*日?)?\s*月?"
)
_DATE_SHORT = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:月|[./\-])(?:\s*(\d{1,2})\s*日)?")
_RANGE_SEP = re.compile(r"\s*(?:—+|–|-|~|～|至|到|－)\s*")
_COUNT = re.compile(r"(\d+)\s*次")


class Fact(BaseModel):
    key: str  # title | company | founded | activity | meetings | cycle | team | team_size
    name: str  # 课题名称 | 单位 | 成立日期 | 活动时间 | 活动次数 | 项目周期
    label: str  # the label as written
    value: str  # the value as written
    file: str
    page: int
    # read from a page's OCR: a character may be misread, so a title differing in one character is no
    # evidence there (kept out of the JSON)
    ocr: bool = Field(default=False, exclude=True)


class Conflict(BaseModel):
    name: str
    first: Fact
    second: Fact


class PackageReport(BaseModel):
    parts: dict[str, str] = Field(default_factory=dict)  # part -> file name
    missing: list[str] = Field(default_factory=list)  # Chinese part names
    facts: list[Fact] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    longest_months: int | None = None  # the longest 活动时间/项目周期 stated, in calendar months
    findings: list[Finding] = Field(default_factory=list)


# ------------------------------------------------------------------------------------------- parts


def part_of(doc: Document) -> str:
    """The part a document is: 申报表 / 实施记录 by its file name, else a deck for slides and PDFs and
    a 实施记录 for word-processor files."""
    name = doc.filename
    if re.search(r"申报表|登记表|推荐表|申请表", name):
        return FORM
    if re.search(r"实施记录|活动记录|记录", name):
        return RECORD
    if re.search(r"成果|发布|汇报|ppt", name, re.IGNORECASE) or doc.format in ("pptx", "ppt", "dps", "pdf"):
        return DECK
    return RECORD


# ------------------------------------------------------------------------------------------- facts


def _label_index() -> list[tuple[str, str]]:
    """(folded alias, fact key), longest first."""
    out = [(fold(a).text, key) for key, (_n, aliases) in FACT_LABELS.items() for a in aliases]
    return sorted(out, key=lambda x: -len(x[0]))


_LABELS = _label_index()


def fact_key(label: str) -> str | None:
    """The fact a label cell names ("活动时间", "小组成立时间：" → "activity", "founded")."""
    f = fold(re.sub(r"[（(][^）)]*[）)]", "", normalize(label))).text
    if not f or len(f) > 10:
        return None
    return next((key for alias, key in _LABELS if f == alias), None)


@dataclass
class _Facts:
    doc: Document
    out: dict[str, Fact]

    def put(self, key: str, label: str, value: str, page: int) -> None:
        v = normalize(value).strip(" ：:；;。")
        if key in self.out or not v or fact_key(v) or (key in _TEAM_KEYS and not plausible(key, v)):
            return
        ocr = any(b.source.page == page and b.kind == BlockKind.image_text for b in self.doc.blocks)
        self.out[key] = Fact(
            key=key,
            name=FACT_LABELS[key][0],
            label=label.strip(),
            value=v,
            file=self.doc.filename,
            page=page,
            ocr=ocr,
        )


def plausible(key: str, value: str) -> bool:
    """The value could be what the label announces (a date for 成立日期, a count for 活动次数…): a label
    cell next to another label ("课题名称 | 课题类型") is a header, not a fact."""
    v = normalize(value).strip()
    if not v or fact_key(v):
        return False
    if key == "founded":
        return parse_month(v) is not None
    if key in _PERIOD_KEYS:
        return bool(_DATE.search(v))
    if key == "meetings":
        return _count(v) is not None
    if key == "team_size":
        return _team_size(v) is not None
    if key == "team":
        return len(fold(v).text) >= 4 and bool(_TEAM_SUFFIX.search(v)) and not re.search(r"[、，,；;：:]", v)
    return len(fold(v).text) >= 4


def _table_facts(acc: _Facts) -> None:
    """Label cells with their value to the right ("活动时间 | 2023年3月—12月 | 活动次数 | 18次") or, in a
    header row of labels, below."""
    for b in acc.doc.blocks:
        if b.kind != BlockKind.table or b.table is None:
            continue
        g = b.table.filled_grid()
        for r, row in enumerate(g):
            keys = [fact_key(c) for c in row]
            below = g[r + 1] if r + 1 < len(g) else None
            header = (
                below is not None
                and sum(1 for j, k in enumerate(keys) if k is not None and plausible(k, below[j])) >= 2
            )
            for j, key in enumerate(keys):
                if key is None:
                    continue
                value = below[j] if header and below is not None else (row[j + 1] if j + 1 < len(row) else "")
                if value != row[j] and plausible(key, value):
                    acc.put(key, row[j], value, b.source.page)


# "label：value" in a line, or inside a value cell or its brackets ("管网运营质量攻关团队（成立日期：2021年6月）",
# seen fresh7 m41): the label starts after a bracket, and a value closed by the label's bracket ends there
_LABELLED = re.compile(r"([^：:；;，,。\s（(]{2,10})\s*[：:]\s*([^；;。\n]+)")
_BRACKET_CLOSE = re.compile(r"\s*[）)][^（(]*$")


def _line_facts(acc: _Facts) -> None:
    """ "label：value" lines of the text, then of the table cells (labelled cells are `_table_facts`')."""
    for b in acc.doc.blocks:
        if b.kind in (BlockKind.chart, BlockKind.note, BlockKind.furniture):
            continue
        for line in normalize(b.text).split("\n"):
            for cell in line.split("\t") if b.kind == BlockKind.table else [line]:
                for m in _LABELLED.finditer(cell):
                    key = fact_key(m.group(1))
                    if not key:
                        continue
                    bracketed = m.start(1) > 0 and cell[m.start(1) - 1] in "（("
                    value = _BRACKET_CLOSE.sub("", m.group(2)) if bracketed else m.group(2)
                    acc.put(key, m.group(1), value, b.source.page)


_PERIOD_IN_PROSE = re.compile(
    r"(项目周期|攻关周期|实施周期|活动时间|活动周期)\s*(?:为|是|[:：])?\s*"
    r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*(?:—+|–|-|~|～|至|到|－)\s*(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月)"
)


def _prose_periods(acc: _Facts) -> None:
    """A period stated in a sentence, in the text or inside a cell ("…8人，项目周期2023年3月—2023年10月，…")."""
    for b in acc.doc.blocks:
        if b.kind in (BlockKind.chart, BlockKind.note, BlockKind.furniture):
            continue
        for m in _PERIOD_IN_PROSE.finditer(normalize(b.text)):
            key = fact_key(m.group(1))
            if key:
                acc.put(key, m.group(1), m.group(2), b.source.page)


COVER_BLOCKS = 8  # a Word or text report: its cover is the paragraphs before the first table


def _cover_blocks(doc: Document) -> list[Block]:
    """The first slide or page; for DOCX/TXT (a page per paragraph) the leading paragraphs."""
    body = [b for b in doc.blocks if b.kind not in (BlockKind.note, BlockKind.furniture)]
    if not body:
        return []
    if doc.format in ("pptx", "ppt", "dps", "pdf"):
        return [b for b in body if b.source.page == body[0].source.page and b.kind != BlockKind.table]
    lead = next((k for k, b in enumerate(body) if b.kind == BlockKind.table), len(body))
    return body[: min(lead, COVER_BLOCKS)]


def _cover_facts(acc: _Facts) -> None:
    """The title, and a company line of the first page ("天津某某电力有限公司")."""
    cover = _cover_blocks(acc.doc)
    first = cover[0].source.page if cover else 1
    heads = [b for b in cover if b.kind in (BlockKind.title, BlockKind.heading)]
    title = doc_title(acc.doc)
    # the picked title counts only when the first page shows it as a title or heading
    if title and not re.search(r"[：:]", title) and any(title in normalize(b.text) for b in heads):
        acc.put("title", "标题", title, first)
    for b in cover:
        for line in normalize(b.text).split("\n"):
            t = line.strip()
            if 4 <= len(t) <= 30 and _COMPANY_TAIL.search(t) and "小组" not in t:
                acc.put("company", "封面", t, b.source.page)


def facts_of(doc: Document) -> list[Fact]:
    """The facts a document states, labelled ones first (a 小组概况 table, "课题名称：…" lines), then the
    title and the cover."""
    acc = _Facts(doc, {})
    _table_facts(acc)
    _line_facts(acc)
    _cover_facts(acc)
    _prose_periods(acc)
    return list(acc.out.values())


# ---------------------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Span:
    """A period in calendar months (year * 12 + month - 1), with days when both ends give them."""

    start: int
    end: int

    @property
    def months(self) -> int:
        return self.end - self.start + 1


def _month(y: str, m: str) -> int | None:
    mi = int(m)
    return int(y) * 12 + mi - 1 if 1 <= mi <= 12 else None


def parse_month(text: str) -> int | None:
    m = _DATE.search(normalize(text))
    return _month(m.group(1), m.group(2)) if m else None


def parse_span(text: str) -> Span | None:
    """ "2023年3月—2023年12月", "2023.03-2024.02", "2023年3月至12月", "2023年3月1日～11月30日"."""
    t = normalize(text)
    first = _DATE.search(t)
    if first is None:
        return None
    start = _month(first.group(1), first.group(2))
    sep = _RANGE_SEP.match(t, first.end())
    if start is None or sep is None:
        return None
    rest = t[sep.end() :]
    second = _DATE.match(rest)
    if second is not None:
        end = _month(second.group(1), second.group(2))
    elif (short := _DATE_SHORT.match(rest)) is not None:
        end = _month(first.group(1), short.group(1))
    else:
        return None
    return Span(start, end) if end is not None and end >= start else None


def _count(text: str) -> int | None:
    m = _COUNT.search(normalize(text)) or re.match(r"\s*(\d+)\s*$", normalize(text))
    return int(m.group(1)) if m else None


def _team_size(text: str) -> int | None:
    m = _TEAM_SIZE.match(normalize(text))
    return int(m.group(1)) if m else None


def _team_differ(a: Fact, b: Fact) -> bool:
    """Two names of the team, neither within the other ("质量攻关团队" is a short form of "端子压接质量攻关
    团队"), and not one written shorter ("焊装QC小组" / "焊装车间QC小组"): a word stands for another ("端子压接…"
    / "线束压接…", seen fresh16 w21) or the names are far apart; a name read from OCR only when far apart."""
    ka, kb = _company_key(a.value), _company_key(b.value)
    if not ka or not kb or ka in kb or kb in ka:
        return False
    if title_similarity(a.value, b.value) < TITLE_MIN_SIMILARITY:
        return True
    return not a.ocr and not b.ocr and _word_replaced(a.value, b.value)


def _company_key(text: str) -> str:
    return fold(re.sub(r"[（(][^）)]*[）)]", "", normalize(text))).text


def _unit_of(a: str, b: str) -> bool:
    """`a` names a unit within `b`'s organisation: its first level, the group or company ("津滨水务集团
    供水运营分公司"), is within `b` ("天津津滨水务集团有限公司", seen fresh6 k41) — a short name and a full
    name of one organisation, not two units."""
    levels = [p for p in _ORG_LEVEL.split(normalize(a).strip()) if p and not _LEGAL_FORM.fullmatch(p)]
    parent = _company_key(levels[0]) if len(levels) >= 2 else ""
    return len(parent) >= 4 and parent in _company_key(b)


def _differ(a: Fact, b: Fact) -> bool:
    """True when two statements of the same fact cannot both be right; False when either is unreadable."""
    if a.key == "title":
        if title_similarity(a.value, b.value) < TITLE_MIN_SIMILARITY:
            return True
        return not a.ocr and not b.ocr and _word_replaced(a.value, b.value)
    if a.key == "company":
        ka, kb = _company_key(a.value), _company_key(b.value)
        if _unit_of(a.value, b.value) or _unit_of(b.value, a.value):
            return False
        return bool(ka and kb) and ka not in kb and kb not in ka
    if a.key == "founded":
        ma, mb = parse_month(a.value), parse_month(b.value)
        return ma is not None and mb is not None and ma != mb
    if a.key == "meetings":
        ca, cb = _count(a.value), _count(b.value)
        return ca is not None and cb is not None and ca != cb
    if a.key == "team":
        return _team_differ(a, b)
    if a.key == "team_size":
        na, nb = _team_size(a.value), _team_size(b.value)
        return na is not None and nb is not None and na != nb
    sa, sb = parse_span(a.value), parse_span(b.value)
    return sa is not None and sb is not None and sa != sb


_TITLE_NOISE = re.compile(r"[《》“”\"'（）()\s]|^关于|的?(项目|课题)$")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _word_replaced(a: str, b: str) -> bool:
    """Two born-digital titles where a Chinese character stands for another ("…漏损率" / "…漏失率", seen
    fresh7 m41): another wording of the 课题, not a 的 or a 关于 added or left out."""
    fa, fb = (fold(_TITLE_NOISE.sub("", normalize(x))).text for x in (a, b))
    ops = SequenceMatcher(None, fa, fb, autojunk=False).get_opcodes()
    return any(
        op == "replace" and _CJK.fullmatch(fa[i1:i2]) and _CJK.fullmatch(fb[j1:j2]) for op, i1, i2, j1, j2 in ops
    )


def _comparable(a: Fact, b: Fact) -> bool:
    return a.key == b.key or (a.key in _PERIOD_KEYS and b.key in _PERIOD_KEYS)


def _restates(c: Conflict, a: Fact, b: Fact) -> bool:
    """The pair (a, b) says what conflict c says already: one side is the same statement, the other
    agrees with c's other side (deck and 实施记录 agree, the 申报表 differs: one defect, not two)."""
    for x, y in ((a, b), (b, a)):
        for one, other in ((c.first, c.second), (c.second, c.first)):
            if x == one and y.file != one.file and not _differ(y, other):
                return True
    return False


def conflicts(facts: list[Fact]) -> list[Conflict]:
    """Pairs of facts from different files that disagree; one conflict per fact name and file pair,
    and one per defect: a third document agreeing with one side of a conflict adds none."""
    out: list[Conflict] = []
    seen: set[tuple[str, str, str]] = set()
    for a, b in combinations(facts, 2):
        if a.file == b.file or not _comparable(a, b) or not _differ(a, b):
            continue
        key = (a.key if a.key not in _PERIOD_KEYS else "period", a.file, b.file)
        if key in seen or any(_restates(c, a, b) for c in out if _comparable(c.first, a)):
            continue
        seen.add(key)
        # 活动时间 against 项目周期: the period of the project (each side's own label is quoted)
        name = a.name if a.key == b.key else FACT_LABELS["cycle"][0]
        out.append(Conflict(name=name, first=a, second=b))
    return out


# ----------------------------------------------------------------------------------------- findings


def _where(f: Fact, labelled: bool = True) -> str:
    label = f"“{f.label}”" if labelled else ""
    return f"《{f.file}》第{f.page}页{label}为“{f.value}”"


def _conflict_finding(c: Conflict) -> Finding:
    # two labels of one fact (活动时间 against 项目周期): the message names the fact once, as c.name
    labelled = c.first.key == c.second.key
    return Finding(
        rule="SUB-CONFLICT",
        severity=Severity.major,
        pages=sorted({c.first.page, c.second.page}),
        message=f"{c.name}在各份材料中不一致：{_where(c.first, labelled)}，{_where(c.second, labelled)}",
        evidence=f"{c.first.file}: {c.first.value} | {c.second.file}: {c.second.value}",
        advice=f"核对并统一各份材料中的{c.name}",
    )


def _duration_finding(facts: list[Fact]) -> tuple[int | None, list[Finding]]:
    spans = [(f, s) for f in facts if f.key in _PERIOD_KEYS and (s := parse_span(f.value)) is not None]
    if not spans:
        return None, []
    f, s = max(spans, key=lambda x: x[1].months)
    allowed = MAX_MONTHS + (CONSOLIDATION_MONTHS if _WITH_CONSOLIDATION.search(f.value) else 0)
    if s.months <= allowed:
        return s.months, []
    return s.months, [
        Finding(
            rule="SUB-DURATION",
            severity=Severity.minor,
            pages=[f.page],
            message=f"{_where(f)}，共{s.months}个月，超过一个年度（质量攻关活动一般不超过一个年度为周期）",
            evidence=f"{f.file}: {f.value}",
            advice="活动周期一般不超过一个年度；跨年度的课题应说明原因或拆分为阶段课题",
        )
    ]


def analyze(
    main: Document, *, form: Document | None = None, record: Document | None = None, submission: bool | None = None
) -> PackageReport:
    """The package of a submission. `submission`: report missing parts (SUB-PART); None means "when
    a 申报表 or 实施记录 was given with the main document" (a single file checked alone is not judged
    as a package)."""
    docs = [d for d in (main, record, form) if d is not None]
    rep = PackageReport()
    for d, part in ((main, part_of(main)), (record, RECORD), (form, FORM)):
        if d is not None:
            rep.parts.setdefault(part, d.filename)
    as_package = submission if submission is not None else (form is not None or record is not None)
    if as_package:
        rep.missing = [PART_NAMES[p] for p in (DECK, RECORD, FORM) if p not in rep.parts]
    for d in docs:
        rep.facts.extend(facts_of(d))
    rep.conflicts = conflicts(rep.facts)
    rep.longest_months, duration = _duration_finding(rep.facts)
    findings = [_conflict_finding(c) for c in rep.conflicts] + duration
    if rep.missing:
        findings.insert(
            0,
            Finding(
                rule="SUB-PART",
                severity=Severity.major,
                pages=[],
                message=f"成果材料不完整：缺少{'、'.join(rep.missing)}",
                advice="成果申报应提交成果报告（PPT）和实施记录，并附申报表（质量攻关活动管理办法第七条）",
            ),
        )
    rep.findings = findings
    return rep
