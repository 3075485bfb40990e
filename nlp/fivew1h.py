"""The 5W1H 对策表: find it, read it under the CAQ reading, check it (rules P1 and P2 of spec/domain.md b.3).

CAQ reading (domain.md a.5): What = 对策, Why = 目标 (the quantified 对策目标), How = 措施, Where = 地点,
When = 时间, Who = 负责人. The 品管圈 custom puts 真因/原因 under Why; under CAQ rules that leaves the
quantified 对策目标 missing, so such a table is read with `reading == "qcc"` and one P2 finding (major,
never fatal: the custom is not a reason to veto a 品管圈 deck). A column headed only "Why"/"为什么" is
read by its content: cells that name causes ("真因1 …", a confirmed 要因) make it the qcc reading.

Where the table can be, how its headers are read (drawn grids, screenshots, sideways tables, text
grids, labelled paragraphs, 5W2H): `nlp.fivew1h_tables`. A 对策表 that could not be read because
the 制定对策 pages hold pictures without text is "未能确认" (`unconfirmed`), not a missing table.

Entry points: `analyze(doc, block_steps) -> FiveW1HReport` and `confirmed_causes(doc, block_steps)`.
The rules P1 and P2 (nlp.rules_evidence) report its findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from pydantic import BaseModel, Field

from ingest.model import BlockKind, Document

from .findings import Finding, Severity
from .fivew1h_causes import (
    cause_matches,
    cause_verdicts,
    confirmed_causes,
    names_object,
    read_causes,
    ref_index,
    ref_indices,
)
from .fivew1h_tables import (
    PLAN_STEP,
    SIX,
    TEXT_LABEL_NAMES,
    Read,
    Row,
    candidates,
    choose,
    continuations,
    lexicon,
    map_header,
    read_rows,
    read_text_plan,
)
from .normalize import cn_int, fold, normalize

__all__ = [
    "SIX",
    "FiveW1HReport",
    "Row",
    "analyze",
    "cause_matches",
    "cause_verdicts",
    "confirmed_causes",
    "map_header",
]

COLUMN_NAMES = {
    "what": "对策（What）",
    "why": "目标（Why）",
    "how": "措施（How）",
    "where": "地点（Where）",
    "when": "时间（When）",
    "who": "负责人（Who）",
}
_BLANK = {"", "/", "／", "-", "--", "—", "——", "无", "暂无", "待定", "待补充", "tbd", "xx", "xxx", "…", "...", "空"}


def _blank(text: str) -> bool:
    return fold(text).text in _BLANK


# ----------------------------------------------------------------------------------------- report


class FiveW1HReport(BaseModel):
    found: bool = False
    reading: str | None = None  # "caq" | "qcc"
    source: str | None = None  # "table" | "drawn" | "picture" | "text_grid" | "text" (labelled paragraphs)
    variant: str | None = None  # "5W1H" | "5W2H" (a How much column)
    unconfirmed: str | None = None  # why the 对策表 could not be judged (未能确认), None when it could
    file: str | None = None  # the document holding the 对策表 when it is not the main one (实施记录)
    pages: list[int] = Field(default_factory=list)
    columns: dict[str, bool] = Field(default_factory=lambda: dict.fromkeys(SIX, False))
    headers: dict[str, str] = Field(default_factory=dict)  # key -> header text as written
    rows: int = 0
    incomplete_rows: list[int] = Field(
        default_factory=list
    )  # blank cell, unquantified 目标, collective 负责人 or unparseable 时间
    blank_rows: list[int] = Field(default_factory=list)  # rows with a blank 5W1H cell
    details: list[Row] = Field(default_factory=list)
    unquantified_targets: list[int] = Field(default_factory=list)
    restated_measures: list[int] = Field(default_factory=list)
    collective_owners: list[int] = Field(default_factory=list)
    bad_dates: list[int] = Field(default_factory=list)
    causes: list[str] = Field(default_factory=list)  # 要因 confirmed in main_causes
    rejected_causes: list[str] = Field(default_factory=list, exclude=True)  # judged 非要因
    uncovered_causes: list[str] = Field(default_factory=list)
    rows_for_rejected: list[int] = Field(default_factory=list, exclude=True)
    # the 非要因 only a scoring table left out (品管圈 要因评价, a pre-selection), and the rows of
    # rows_for_rejected tied to such a cause by its object's words alone ("…固定贴" for 无专用固定贴)
    scored_out: list[str] = Field(default_factory=list, exclude=True)
    rows_for_scored_out: list[int] = Field(default_factory=list, exclude=True)
    scored_out_answered: list[str] = Field(default_factory=list, exclude=True)
    # rows that address no 要因 read and no 非要因: a 要因 named in other words may be there
    free_rows: list[int] = Field(default_factory=list, exclude=True)
    findings: list[Finding] = Field(default_factory=list, exclude=True)  # reported by the rules (P1, P2)
    unread_rows: list[int] = Field(default_factory=list)  # rows of a screenshot 对策表 with a cell OCR could not read
    # why a missing column may only be one the reading did not recognise (a header cell read as no 5W1H
    # name): the "缺少…栏" and P1 findings of this table go to 人工复核 with this reason, never a defect
    doubt: str | None = Field(default=None, exclude=True)
    doubted: list[str] = Field(default_factory=list, exclude=True)  # messages of the findings it concerns
    # the 要因 are a scoring table's shortlist (品管圈 要因评价): a later 真因验证 may keep fewer
    causes_scored: bool = Field(default=False, exclude=True)


# ------------------------------------------------------------------------------------- cell checks

_NUMBER = re.compile(
    r"\d|[≥≤<>＜＞±≦≧]|百分之|[零〇]|[一二三四五六七八九十两百千万]+\s*(?:次|个|人|天|日|小时|分钟|秒|件|台|项|处|%|％|倍|级|遍|名|批|份|条|吨|米|元)"
)
_DATE = re.compile(
    r"(?:19|20)\d{2}\s*[年./\-]\s*\d{1,2}|(?:19|20)\d{2}\s*年|(?:19|20)\d{2}(?:0[1-9]|1[0-2])|"
    r"\d{1,2}\s*月|\d{1,2}\s*[./]\s*\d{1,2}|第\s*[\d一二三四五六七八九十]+\s*(?:周|季度|月|天)|"
    r"[一二三四五六七八九十]+\s*月|[上下]半年|[一二三四]季度|每\s*[日天周月年班季]|\d+\s*(?:天|日|周|个月)内"
)


_VAGUE_END = re.compile(
    r"(明显|显著|有所|大幅|进一步|得到|逐步|有效)?(改善|提高|提升|降低|减少|控制|好转|加强|满足(使用)?要求|符合要求)$"
)
_CODE_TOKEN = re.compile(r"[A-Za-z]+[\d.]+[A-Za-z\d]*")  # SO2, PM2.5, Q355B, IP67: names, not figures


_NONE_TARGET = re.compile(
    r"(?:^|[，,；;、])\s*(?:无|零|杜绝|不再|不发生|全部|全数)[\u4e00-\u9fff]{1,6}$|^无[\u4e00-\u9fff]{1,6}"
)


def quantified(text: str) -> bool:
    """A 对策目标 is checkable when it carries a number or a comparator (domain.md a.5), or states an
    absence or totality ("标识无重叠", "零流出", "全部覆盖": zero and 100 % are figures); digits
    inside a code name ("SO2浓度明显改善") do not count."""
    t = normalize(text).strip(" 。；;，,")
    if _NONE_TARGET.search(t) or re.search(r"[\u4e00-\u9fff]无[\u4e00-\u9fff]{1,4}$", t):
        return True
    if _VAGUE_END.search(t) and not re.search(r"[≥≤<>＜＞±%‰]", t):
        return False  # "中心温度降至-18℃时间明显改善": the figure names the metric, the target is vague
    if re.search(lexicon()["state_targets"], t):
        return True  # a state checked yes/no: "未筛查即弹窗提醒", "一次填写完成"
    return bool(_NUMBER.search(_CODE_TOKEN.sub("", t)))


def parseable_date(text: str) -> bool:
    return bool(_DATE.search(normalize(text)))


def restates(measure: str, countermeasure: str) -> bool:
    """True when the 措施 only repeats the 对策 (same words, nothing concrete added)."""
    m, c = fold(measure).text, fold(countermeasure).text
    if not m or not c:
        return False
    if m == c or (m in c):
        return True
    if c in m and len(m) - len(c) <= 3:
        return True
    if len(m) > len(c) and (re.search(r"\d", m) and not re.search(r"\d", c)):
        return False  # the measure adds figures: concrete
    ratio = SequenceMatcher(None, m, c, autojunk=False).ratio()
    return ratio >= 0.85 and len(m) <= len(c) + 3


def collective(owner: str) -> bool:
    f = fold(owner).text
    names = {fold(str(n)).text for n in lexicon()["collective_owners"]}
    return f in names or re.match(str(lexicon()["collective_pattern"]), owner.strip()) is not None


# ------------------------------------------------------------------------------------------ analyze

_CAUSE_LEAD = re.compile(r"^\s*(?:真因|要因|原因|末端(?:因素|原因)|主因|根因)\s*[\d一二三四五六七八九十]*")


def _rows_text(rows: list[int]) -> str:
    return "、".join(f"第{r}行" for r in rows)


@dataclass
class _Plan:
    """The 对策表 as read: rows, the column keys and the header text per key."""

    read: Read
    keys: set[str]
    headers: dict[str, str]
    source: str
    unmapped: list[str] = field(default_factory=list)  # header cells of columns no 5W1H name was read from
    twice: list[str] = field(default_factory=list)  # header cells of columns read as a name another holds


def _from_table(doc: Document, steps: list[str | None]) -> _Plan | None:
    chosen = choose(candidates(doc, steps))
    if chosen is None:
        return None
    parts = [chosen, *continuations(doc, chosen, steps)] if chosen.source != "text_grid" else [chosen]
    grid0 = chosen.table.filled_grid()
    headers = {
        key: " ".join(dict.fromkeys(grid0[r][j].strip() for r in range(chosen.header_end + 1) if grid0[r][j].strip()))
        for j, key in chosen.columns.items()
    }
    unmapped = [
        head
        for j in range(chosen.table.n_cols)
        if j not in chosen.columns
        and (head := " ".join(grid0[r][j].strip() for r in range(chosen.header_end + 1) if grid0[r][j].strip()))
        and map_header(head, fuzzy=chosen.source == "picture") is None
        and _text_column(grid0, j, chosen.header_end + 1)
    ]
    # a column read as a 5W1H name another column already holds ("对策 | 对策与目标 | 措施…": two Whats, seen
    # fresh5 j14 "最适方策 | 方策目标") was not told apart either: where its header holds a name of the
    # column "missing", the missing one may be that one (`_doubt_of`)
    first: dict[str, int] = {}
    twice: list[str] = []
    for j, key in sorted(chosen.columns.items()):
        if key in first:
            twice.append(" ".join(grid0[r][j].strip() for r in range(chosen.header_end + 1) if grid0[r][j].strip()))
        first.setdefault(key, j)
    return _Plan(read_rows(parts), chosen.keys, headers, chosen.source, unmapped, [h for h in twice if h])


def _text_column(grid: list[list[str]], j: int, start: int) -> bool:
    """A column whose cells hold words (it may be a 5W1H column under a header not recognised), not the
    scores or verdicts of a 对策评价 beside the plan (可行性 4.6 | 经济性 4.2 | 采纳)."""
    verdicts = {fold(str(w)).text for w in lexicon()["verdict_cells"]}
    cells = [normalize(r[j]).strip() for r in grid[start:] if j < len(r) and r[j].strip()]
    return any(len(re.findall(r"[\u4e00-\u9fff]", c)) >= 2 and fold(c).text not in verdicts for c in cells)


def _from_text(doc: Document, steps: list[str | None]) -> _Plan | None:
    found = read_text_plan(doc, steps)
    if found is None:
        return None
    read, keys = found
    return _Plan(read, keys, {k: TEXT_LABEL_NAMES[k] for k in keys if k in TEXT_LABEL_NAMES}, "text")


def _cause_like(text: str, causes: list[str]) -> bool:
    t = normalize(text).strip()
    if _CAUSE_LEAD.match(t):
        return True
    return any(cause_matches(c, t) for c in causes) and not quantified(t)


def _why_by_content(plan: _Plan, causes: list[str]) -> None:
    """A Why column whose cells name causes is the 品管圈 真因 column, whatever its header says."""
    if "why" not in plan.keys:
        return
    cells = [r.cells.get("why", "") for r in plan.read.rows if not _blank(r.cells.get("why", ""))]
    if not cells or sum(_cause_like(c, causes) for c in cells) * 2 < len(cells):
        return
    plan.keys = (plan.keys - {"why"}) | {"qcc_why"}
    plan.headers["qcc_why"] = plan.headers.pop("why", "Why")
    for r in plan.read.rows:
        r.cells["qcc_why"] = r.cells.pop("why", "")


def _not_found(doc: Document, steps: list[str | None], rep: FiveW1HReport) -> list[Finding]:
    """No 对策表: P2 where the 制定对策 step (or a document without steps) was read; "未能确认" where its
    pages are pictures without text."""
    plan_pages = sorted({doc.blocks[i].source.page for i, s in enumerate(steps) if s == PLAN_STEP})
    blind = set(doc.coverage.pages_without_text)
    if plan_pages and all(p in blind for p in plan_pages):
        rep.unconfirmed = f"制定对策所在页（{'、'.join(map(str, plan_pages[:6]))}）为图片且未能识别文字，无法确认对策表"
        return []
    if PLAN_STEP not in steps and any(steps):
        return []
    return [
        Finding(
            rule="P2",
            severity=Severity.major,
            pages=plan_pages[:3],
            step=PLAN_STEP,
            message="未找到按5W1H要求制定的对策表（应包含对策、目标、措施、地点、时间、负责人各栏）",
        )
    ]


def _picture_doubt(rep: FiveW1HReport, plan: _Plan, findings: list[Finding]) -> None:
    """A screenshot or scan 对策表 whose reading shows signs of loss: its column findings (and P1) are the
    reader's doubt (`rep.doubt`), and cells OCR could not read are named for 人工复核, not found defects."""
    # a cell OCR may have garbled (blank, a target with its figure lost, a measure read as its 对策, a date
    # unreadable) is a sign it lost more; a collective owner ("全体护理员") is a word read whole, no sign
    # that a header was lost (seen fresh8 n51: every header read, 地点 absent, row 3's 负责人 全体护理员)
    lossy = set(rep.blank_rows) | set(rep.unquantified_targets) | set(rep.restated_measures) | set(rep.bad_dates)
    _unread_cells(rep)
    if lossy and not rep.doubt and not all(rep.columns[k] for k in SIX):
        # OCR that could not read some cells may have lost a header too: a missing column of such a
        # screenshot is the reader's doubt, not the table's defect (seen fresh4 i19, a scanned 目标 column)
        rep.doubt = "对策表为图片，部分单元格未能识别，缺少的栏目可能是未能识别的表头，需人工复核"
        rep.doubted = [f.message for f in findings]
    elif not rep.doubt and not rep.columns["why"] and _targets_merged(plan.read.rows):
        # the 目标 header lost by OCR and its figures read into a neighbouring column (seen fresh5 j19:
        # "扳手标定全部扳手有效率送检:每100%班…" — the 目标 "有效率100%" inside the 措施 cell)
        rep.doubt = "对策表为图片，目标栏的数值混入相邻栏目，目标栏可能是未能识别的表头，需人工复核"
        rep.doubted = [f.message for f in findings]
    elif not rep.doubt and not rep.columns["who"] and _owners_merged(plan.read.rows):
        # the 负责人 header lost by OCR and each name read into the 时间 cell beside it (seen fresh9 o27:
        # "2024年郑立新5月")
        rep.doubt = "对策表为图片，时间栏中混有人名，负责人栏可能是未能识别的表头，需人工复核"
        rep.doubted = [f.message for f in findings]
    elif not rep.doubt and _rows_lost(rep, plan.read.rows):
        # fewer rows read than 要因 and none of them a 要因's row: the scan's table read as one line of cut
        # cells ("振鹅棒功" for 振捣棒功率不足, seen fresh21 e28), so a missing column or 要因 is the reader's loss
        rep.doubt = lexicon()["picture_doubt"]["rows_lost"].format(rows=len(plan.read.rows), causes=len(rep.causes))
        rep.doubted = [f.message for f in findings]


def _implemented_count(doc: Document, steps: list[str | None]) -> int:
    """The highest 对策 number the 对策实施 step names ("对策三：…"), 0 where it names none."""
    rx = re.compile(str(lexicon()["implemented_ordinal"]))
    text = "\n".join(normalize(b.text) for i, b in enumerate(doc.blocks) if steps[i] == "implement")
    return max((cn_int(m.group(1)) for m in rx.finditer(text)), default=0)


def _rows_short(rep: FiveW1HReport, doc: Document, steps: list[str | None], findings: list[Finding]) -> None:
    """Fewer rows read than 要因, and 对策实施 numbering more 对策 than the rows read: the table was not read
    whole (a picture, drawn or text-box table), so its column findings and P1 are the reader's doubt."""
    if rep.doubt or not rep.causes or rep.rows >= len(rep.causes):
        return
    if rep.source not in lexicon()["rows_short_sources"]:
        return
    n = _implemented_count(doc, steps)
    if n > rep.rows:
        doubt = lexicon()["picture_doubt"]["rows_short"]
        rep.doubt = doubt.format(n=n, rows=rep.rows, causes=len(rep.causes))
        rep.doubted = [f.message for f in findings]


def _rows_lost(rep: FiveW1HReport, rows: list[Row]) -> bool:
    """Fewer rows read from a picture than the 要因, and no 要因 named by any row read."""
    if not rep.causes or len(rows) >= len(rep.causes):
        return False
    text = normalize("".join("".join(r.cells.values()) for r in rows))
    return not any(cause_matches(c, text) for c in rep.causes)


def _mark_rows(rep: FiveW1HReport, rows: list[Row]) -> None:
    for row in rows:
        c = row.cells
        if any(_blank(c.get(k, "")) for k in SIX if rep.columns[k]):
            rep.blank_rows.append(row.number)
        if rep.columns["why"] and not _blank(c.get("why", "")) and not quantified(c["why"]):
            rep.unquantified_targets.append(row.number)
        if rep.columns["how"] and rep.columns["what"] and restates(c.get("how", ""), c.get("what", "")):
            rep.restated_measures.append(row.number)
        if rep.columns["who"] and collective(c.get("who", "")):
            rep.collective_owners.append(row.number)
        if rep.columns["when"] and not _blank(c.get("when", "")) and not parseable_date(c["when"]):
            rep.bad_dates.append(row.number)
    rep.incomplete_rows = sorted(
        set(rep.blank_rows) | set(rep.unquantified_targets) | set(rep.collective_owners) | set(rep.bad_dates)
    )


_Add = Callable[..., None]


def _unread_cells(rep: FiveW1HReport) -> None:
    """A cell of a screenshot 对策表 that reads blank, unquantified or garbled is a cell OCR could not
    read, not a defect of the table: no cell finding, and the rows are named for 人工复核."""
    rep.unread_rows = rep.incomplete_rows + [r for r in rep.restated_measures if r not in rep.incomplete_rows]
    rep.blank_rows, rep.unquantified_targets, rep.restated_measures = [], [], []
    rep.collective_owners, rep.bad_dates, rep.incomplete_rows = [], [], []
    if rep.unread_rows:
        rep.unconfirmed = f"对策表为图片，{_rows_text(sorted(rep.unread_rows))}部分栏目未能识别，需人工复核"


def _targets_merged(rows: list[Row]) -> bool:
    """Every row's 措施 (or 对策) cell of a screenshot carries a target's figure (a rate, a bound)."""
    cells = [r.cells.get("how") or r.cells.get("what") or "" for r in rows]
    return bool(cells) and all(re.search(r"\d\s*[%‰]|[≥≤<>＜＞]\s*\d", normalize(c)) for c in cells)


_DATE_WORDS = re.compile(
    r"[\d\s年月日号至到起止前后底初中末旬上下季度期间每周天~～\-—–.．/、,，:：()（）]|以前|之前|以后|完成"
)


def _owners_merged(rows: list[Row]) -> bool:
    """Every row's 时间 cell of a screenshot holds a date and, left over, a name of two to four Han
    characters: the owner's column read into the date."""
    cells = [normalize(r.cells.get("when") or "") for r in rows]
    return bool(cells) and all(
        re.search(r"\d", c) and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", _DATE_WORDS.sub("", c)) for c in cells
    )


def _less_own_name(header: str, key: str) -> str:
    """The header cell less the longest name of the column it was read as ("完成时间负责人" read as 时间 →
    "负责人"; "改进措施" read as 对策 → ""): what is left may name another column."""
    names = sorted((str(n) for n in lexicon()["columns"].get(key, []) if str(n) in header), key=len, reverse=True)
    return header.replace(names[0], "", 1) if names else header


def _column_findings(rep: FiveW1HReport, add: _Add) -> None:
    missing = [k for k in SIX if not rep.columns[k]]
    if rep.reading == "qcc":
        head = rep.headers.get("qcc_why", "真因")
        example = next((r.cells["qcc_why"] for r in rep.details if r.cells.get("qcc_why")), head)
        add(
            f"对策表的Why栏（“{head}”）按品管圈习惯填写真因/原因（如“{example}”），缺少量化的对策目标"
            "（按T/CAQ 10201-2020，Why应为可测量、可检查的对策目标）",
            evidence=example,
        )
        missing = [k for k in missing if k != "why"]
    if missing:
        add(f"对策表未按5W1H要求制定，缺少{'、'.join(COLUMN_NAMES[k] for k in missing)}栏")


def _cell_findings(rep: FiveW1HReport, rows: list[Row], add: _Add) -> None:
    def cell(numbers: list[int], key: str) -> str | None:
        return rows[numbers[0] - 1].cells.get(key)

    if rep.blank_rows:
        add(f"对策表{_rows_text(rep.blank_rows)}有空白栏目，5W1H内容不完整", Severity.minor)
    if rep.unquantified_targets:
        add(
            f"对策表{_rows_text(rep.unquantified_targets)}的对策目标未量化（没有数值或比较要求，无法检查）",
            evidence=cell(rep.unquantified_targets, "why"),
        )
    if rep.restated_measures:
        add(
            f"对策表{_rows_text(rep.restated_measures)}的措施只是重复对策，没有具体可操作的步骤",
            Severity.minor,
            cell(rep.restated_measures, "how"),
        )
    if rep.collective_owners:
        ex = cell(rep.collective_owners, "who")
        add(f"对策表{_rows_text(rep.collective_owners)}的负责人为“{ex}”，应落实到具体人员", Severity.minor, ex)
    if rep.bad_dates:
        ex = cell(rep.bad_dates, "when")
        add(f"对策表{_rows_text(rep.bad_dates)}的完成时间“{ex}”不是明确的日期或期限", Severity.minor, ex)


def analyze(doc: Document, block_steps: list[str | None]) -> FiveW1HReport:
    """Find the 对策表 (a table first, then labelled paragraphs), settle its reading, mark its rows,
    then the P2 findings (columns, cells) and the P1 findings (要因 ↔ rows)."""
    steps = list(block_steps[: len(doc.blocks)]) + [None] * max(0, len(doc.blocks) - len(block_steps))
    rep = FiveW1HReport()
    rep.causes, rep.rejected_causes, rep.causes_scored, rep.scored_out = read_causes(doc, steps)
    plan = _from_table(doc, steps) or _from_text(doc, steps)
    if plan is None:
        rep.findings = _not_found(doc, steps, rep)
        return rep
    _why_by_content(plan, rep.causes + rep.rejected_causes)
    rep.found, rep.source, rep.headers = True, plan.source, plan.headers
    rep.variant = "5W2H" if "how_much" in plan.keys else "5W1H"
    rep.pages, rep.rows, rep.details = plan.read.pages, len(plan.read.rows), plan.read.rows
    rep.reading = "qcc" if ("qcc_why" in plan.keys and "why" not in plan.keys) else "caq"
    rep.columns = {k: k in plan.keys for k in SIX}
    findings: list[Finding] = []

    def add(msg: str, sev: Severity = Severity.major, evidence: str | None = None, rule: str = "P2") -> None:
        findings.append(
            Finding(rule=rule, severity=sev, message=msg, pages=rep.pages, step=PLAN_STEP, evidence=evidence)
        )

    _mark_rows(rep, plan.read.rows)
    _column_findings(rep, add)
    missing_names = [
        str(n) for k in SIX if not rep.columns[k] for n in lexicon()["columns"].get(k, []) if len(str(n)) >= 2
    ]
    # a header read as one column that also names the one missing ("完成时间负责人": OCR set two header boxes in
    # one column band; a typed "完成时间/负责人" holding both) is no proof the column is absent (seen under
    # bench/perturb.py to_scan, fresh13 s04; stop 31)
    named_in = [h for k, h in plan.headers.items() if any(n in _less_own_name(h, k) for n in missing_names)]
    unread = plan.unmapped + [h for h in plan.twice if any(n in h for n in missing_names)] + named_in
    if unread and not all(rep.columns[k] for k in SIX):
        heads = "、".join(f"“{h[:12]}”" for h in unread[:3])
        rep.doubt = f"对策表的栏目{heads}未能识别为5W1H栏目，缺少的栏目可能就在其中，需人工复核"
        rep.doubted = [f.message for f in findings]  # the columns' findings, and P1 below
    if rep.source == "picture":
        _picture_doubt(rep, plan, findings)
    _rows_short(rep, doc, steps, findings)
    _cell_findings(rep, plan.read.rows, add)
    _check_causes(rep, plan.read.rows, add, _shared(doc, steps, rep.causes))
    if rep.doubt:
        rep.doubted += [f.message for f in findings if f.rule == "P1"]
    rep.findings = findings
    return rep


def _row_cause_text(row: Row) -> str:
    c = row.cells
    return c.get("cause") or c.get("qcc_why") or ""


def _covers(rep: FiveW1HReport, row: Row, covered: set[int]) -> bool:
    """Marks the 要因 the row addresses in `covered`; False when it addresses none of them."""
    ct = _row_cause_text(row)
    ref = ref_index(ct) if ct else None
    if ref is not None and 1 <= ref <= len(rep.causes):
        covered.add(ref - 1)
        return True
    refs = ref_indices(ct) if ct else []
    if refs and all(1 <= k <= len(rep.causes) for k in refs):
        # one 对策 for several 要因 cited by number ("要因3、4", "要因③④"): the numbers are the 要因's order
        covered.update(k - 1 for k in refs)
        return True
    full = " ".join(v for k, v in row.cells.items() if k in ("cause", "qcc_why", "what", "how"))
    hit = False
    for k, cause in enumerate(rep.causes):
        if cause_matches(cause, ct or full) or (ct and cause_matches(cause, full)):
            covered.add(k)
            hit = True
    return hit


def _answers_rejected(rep: FiveW1HReport, row: Row) -> list[str]:
    """The 非要因 a row of a table with no 要因 column, matched to no 要因, answers: those whose object it
    writes out, where it writes out no 要因's ("配置卡通留置针保护套" after "无合适的留置针保护套——非根因",
    seen fresh10 p24): positive evidence that the 对策 answers the rejected cause."""
    text = " ".join(v for k, v in row.cells.items() if k in ("what", "how", "why"))
    if any(names_object(c, text) for c in rep.causes):
        return []
    return [r for r in rep.rejected_causes if names_object(r, text)]


def _shared(doc: Document, steps: list[str | None], causes: list[str]) -> int:
    """How many 对策 fewer than 要因 the plan step's own lines account for: a line of 制定对策 outside the
    table naming two or more 要因, not all of them, gives them one 对策 ("根因“A”“B”：共用一项方案——…",
    seen fresh2 g46, where three 根因 read as such since stop 25 met two rows)."""
    saved = 0
    for i, b in enumerate(doc.blocks):
        if steps[i] != PLAN_STEP or b.kind == BlockKind.table:
            continue
        for line in b.text.split("\n"):
            named = sum(1 for c in causes if cause_matches(c, line))
            if named < len(causes):  # a line naming every 要因 introduces the table ("针对A、B、C制定对策")
                saved += max(0, named - 1)
    return saved


def _check_causes(rep: FiveW1HReport, rows: list[Row], add: _Add, shared: int = 0) -> None:
    if not rep.causes and not rep.rejected_causes:
        return
    covered: set[int] = set()
    for row in rows:
        ct = _row_cause_text(row)
        if _covers(rep, row, covered):
            continue
        if ct and any(cause_matches(r, ct) for r in rep.rejected_causes):
            rep.rows_for_rejected.append(row.number)
        elif not ct and (answered := _answers_rejected(rep, row)):
            rep.rows_for_rejected.append(row.number)
            if all(c in rep.scored_out for c in answered):
                rep.rows_for_scored_out.append(row.number)
                rep.scored_out_answered += [c for c in answered if c not in rep.scored_out_answered]
        else:
            rep.free_rows.append(row.number)
    rep.uncovered_causes = [c for k, c in enumerate(rep.causes) if k not in covered]
    named = any(_row_cause_text(r) for r in rows)
    if rep.uncovered_causes and not named and len(rows) - len(rep.rows_for_rejected) >= len(rep.causes) - shared:
        # no 要因 column and as many rows as 要因 (less those the text gives one 对策 together): the 对策
        # wording need not repeat the cause's words, so an unmatched name is no evidence of a missing 对策
        rep.uncovered_causes = []
    if rep.uncovered_causes and not named:
        add(
            f"确定主要原因确认了{len(rep.causes)}条要因，对策表只有{len(rows) - len(rep.rows_for_rejected)}行"
            f"{'针对要因的' if rep.rows_for_rejected else ''}对策（应针对每条要因逐条制定对策）",
            rule="P1",
            evidence="、".join(rep.causes),
        )
    elif rep.uncovered_causes:
        names = "、".join(f"“{c}”" for c in rep.uncovered_causes)
        add(f"要因{names}在对策表中没有对应的对策（应针对每条要因逐条制定对策）", rule="P1")
    if rep.rows_for_rejected:
        add(f"对策表{_rows_text(rep.rows_for_rejected)}针对的是已判定为非要因的原因", Severity.minor, rule="P1")
