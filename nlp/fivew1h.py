"""The 5W1H 对策表: find it, read it under the CAQ reading, check it (rules P1 and P2 of spec/domain.md b.3).

CAQ reading (domain.md a.5): What = 对策, Why = 目标 (the quantified 对策目标), How = 措施, Where = 地点,
When = 时间, Who = 负责人. The 品管圈 variant puts 真因/原因 under Why; under CAQ rules that leaves the
quantified 对策目标 missing, so such a table is read with `reading == "qcc"` and a P2 finding.

Entry points: `analyze(doc, block_steps) -> FiveW1HReport` and `confirmed_causes(doc, block_steps)`.
Registered rubric check types: `fivew1h_complete` (P2 findings) and `fivew1h_causes` (P1 findings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, Field

from ingest.model import BlockKind, Document, Table

from .findings import Finding, Severity
from .normalize import fold, normalize
from .registry import CheckContext, register

SIX = ("what", "why", "how", "where", "when", "who")
COLUMN_NAMES = {
    "what": "对策（What）",
    "why": "目标（Why）",
    "how": "措施（How）",
    "where": "地点（Where）",
    "when": "时间（When）",
    "who": "负责人（Who）",
}
_CORE = {*SIX, "qcc_why"}
_BLANK = {"", "/", "／", "-", "--", "—", "——", "无", "暂无", "待定", "待补充", "tbd", "xx", "xxx", "…", "...", "空"}
PLAN_STEP = "plan_countermeasures"
CAUSE_STEP = "main_causes"


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    text = resources.files("nlp").joinpath("lexicon/fivew1h.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    for key, names in _lexicon()["columns"].items():
        for n in names:
            exact.setdefault(fold(str(n)).text, key)
    by_len = sorted(exact.items(), key=lambda kv: -len(kv[0]))
    return exact, by_len


def map_header(text: str) -> str | None:
    """The column key ("what", "why", …, "cause", "qcc_why", "no") a header cell names, or None."""
    f = fold(text).text
    if not f or len(f) > 14:
        return None
    exact, by_len = _aliases()
    if f in exact:
        return exact[f]
    if f.endswith("表") or f.endswith("计划") or f == "5w1h":
        return None  # a title row ("对策表", "对策计划") spanning the columns
    for alias, key in by_len:
        if len(alias) >= 2 and alias in f:
            return key
    for key, word in _lexicon()["english"].items():
        if word in f:
            return str(key)
    return None


def _blank(text: str) -> bool:
    return fold(text).text in _BLANK


# --------------------------------------------------------------------------------------------- tables


@dataclass
class _Candidate:
    block_index: int
    table: Table
    header_end: int  # last header row (0-based)
    columns: dict[int, str]  # grid column -> key
    page: int
    step: str | None

    @property
    def keys(self) -> set[str]:
        return set(self.columns.values())

    @property
    def score(self) -> int:
        return len(self.keys & _CORE) + (1 if "cause" in self.keys else 0)


def _header_mapping(table: Table) -> tuple[int, dict[int, str]] | None:
    grid = table.filled_grid()
    best: tuple[int, dict[int, str]] | None = None
    best_score = 0
    for h in range(min(3, table.n_rows)):
        cols: dict[int, str] = {}
        for j in range(table.n_cols):
            key = None
            for r in range(h, -1, -1):  # the lowest header row that names the column wins
                key = map_header(grid[r][j])
                if key:
                    break
            if key:
                cols[j] = key
        keys = set(cols.values())
        score = len(keys & _CORE)
        if score > best_score and ("what" in keys or "how" in keys):
            best, best_score = (h, cols), score
    if best is None or best_score < 3:
        return None
    return best


def _is_confirmation_table(table: Table, header_end: int) -> bool:
    """A 要因确认(计划)表 (确认内容/确认方法/判定…) looks like a plan but is not the 对策表."""
    grid = table.filled_grid()
    heads = [fold(grid[r][j]).text for r in range(header_end + 1) for j in range(table.n_cols)]
    return any(h.startswith("确认") or h in ("是否要因", "判定", "结论") for h in heads)


def _candidates(doc: Document, block_steps: list[str | None]) -> list[_Candidate]:
    out = []
    for i, b in enumerate(doc.blocks):
        if b.kind != BlockKind.table or b.table is None or b.table.n_rows < 2:
            continue
        hm = _header_mapping(b.table)
        if hm is None or _is_confirmation_table(b.table, hm[0]):
            continue
        step = block_steps[i] if i < len(block_steps) else None
        out.append(_Candidate(i, b.table, hm[0], hm[1], b.source.page, step))
    return out


def _continuations(doc: Document, first: _Candidate, block_steps: list[str | None]) -> list[_Candidate]:
    """Tables right after the chosen one that continue it on the next slide/page: same column count,
    either with the same header again or with no header at all."""
    out: list[_Candidate] = []
    last = first.block_index
    for i in range(first.block_index + 1, len(doc.blocks)):
        b = doc.blocks[i]
        if b.kind in (BlockKind.note, BlockKind.furniture):
            continue
        if b.kind != BlockKind.table or b.table is None:
            if b.kind in (BlockKind.heading, BlockKind.title) and i - last > 3:
                break
            if i - last > 4:
                break
            continue
        t = b.table
        if t.n_cols != first.table.n_cols:
            break
        hm = _header_mapping(t)
        step = block_steps[i] if i < len(block_steps) else None
        if hm is not None:
            if set(hm[1].values()) != first.keys:
                break
            out.append(_Candidate(i, t, hm[0], hm[1], b.source.page, step))
        else:
            out.append(_Candidate(i, t, -1, first.columns, b.source.page, step))
        last = i
    return out


# ----------------------------------------------------------------------------------------- report


class Row(BaseModel):
    number: int  # 1-based data row number
    page: int
    cells: dict[str, str]  # key -> text: cause, what, why, how, where, when, who, qcc_why, no


class FiveW1HReport(BaseModel):
    found: bool = False
    reading: str | None = None  # "caq" | "qcc"
    pages: list[int] = Field(default_factory=list)
    columns: dict[str, bool] = Field(default_factory=lambda: dict.fromkeys(SIX, False))
    headers: dict[str, str] = Field(default_factory=dict)  # key -> header text as written
    rows: int = 0
    incomplete_rows: list[int] = Field(default_factory=list)  # blank cell, unquantified 目标, collective 负责人 or unparseable 时间
    blank_rows: list[int] = Field(default_factory=list)  # rows with a blank 5W1H cell
    details: list[Row] = Field(default_factory=list)
    unquantified_targets: list[int] = Field(default_factory=list)
    restated_measures: list[int] = Field(default_factory=list)
    collective_owners: list[int] = Field(default_factory=list)
    bad_dates: list[int] = Field(default_factory=list)
    causes: list[str] = Field(default_factory=list)  # 要因 confirmed in main_causes
    rejected_causes: list[str] = Field(default_factory=list)  # judged 非要因
    uncovered_causes: list[str] = Field(default_factory=list)
    rows_for_rejected: list[int] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "pages": self.pages,
            "columns": self.columns,
            "rows": self.rows,
            "incomplete_rows": self.incomplete_rows,
            "blank_rows": self.blank_rows,
            "reading": self.reading,
            "headers": self.headers,
            "unquantified_targets": self.unquantified_targets,
            "restated_measures": self.restated_measures,
            "collective_owners": self.collective_owners,
            "bad_dates": self.bad_dates,
            "causes": self.causes,
            "uncovered_causes": self.uncovered_causes,
            "details": [r.model_dump() for r in self.details],
        }


# ------------------------------------------------------------------------------------- cell checks

_NUMBER = re.compile(r"\d|[≥≤<>＜＞±≦≧]|百分之|[零〇]|[一二三四五六七八九十两百千万]+\s*(?:次|个|人|天|日|小时|分钟|秒|件|台|项|处|%|％|倍|级|遍|名|批|份|条|吨|米|元)")
_DATE = re.compile(
    r"(?:19|20)\d{2}\s*[年./\-]\s*\d{1,2}|(?:19|20)\d{2}\s*年|(?:19|20)\d{2}(?:0[1-9]|1[0-2])|"
    r"\d{1,2}\s*月|\d{1,2}\s*[./]\s*\d{1,2}|第\s*[\d一二三四五六七八九十]+\s*(?:周|季度|月|天)|"
    r"[一二三四五六七八九十]+\s*月|[上下]半年|[一二三四]季度|每\s*[日天周月年班季]|\d+\s*(?:天|日|周|个月)内"
)


def quantified(text: str) -> bool:
    """A 对策目标 is checkable when it carries a number or a comparator (domain.md a.5)."""
    return bool(_NUMBER.search(normalize(text)))


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
    names = {fold(str(n)).text for n in _lexicon()["collective_owners"]}
    return f in names


# ------------------------------------------------------------------------------------ the 要因 list

_NUM = r"[一二三四五六七八九十\d]+"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫"
_CAUSE_ITEM = re.compile(rf"^\s*(?:主要原因|要因|真因)\s*{_NUM}\s*[：:、.．)）]\s*(?P<c>.+)$")
_CAUSE_LIST = re.compile(
    r"(?:(?:确定|确认|找出|得出|找到|最终确定|共确定|归纳出)[^：:。\n]{0,20}?(?:要因|主要原因|真因)[^：:。\n]{0,10}"
    r"|(?:要因|主要原因|真因)(?:确认|确定|验证)?(?:结果|结论|如下|为|有))[：:](?P<l>.+)"
)
_END_CAUSE = re.compile(rf"^\s*(?:末端(?:因素|原因)|确认|原因|因素){_NUM}?\s*[：:、.．]\s*(?P<c>.+)$")
_VERDICT_YES = re.compile(r"(?:结论|判定|确认结果|判断|确认|确定)[^。\n]{0,6}[：:]?\s*(?:是要因|为要因|要因|是主要原因|主要原因|是(?!否))(?![^。\n]{0,2}非)")
_VERDICT_NO = re.compile(r"非要因|不是要因|非主要原因|不是主要原因|(?:结论|判定)[：:]\s*否")
_LEAD = re.compile(rf"^\s*(?:[{_CIRCLED}]\s*|[（(]?{_NUM}[)）、.．:：]\s*|(?:要因|主要原因|真因|末端因素|末端原因|原因|因素){_NUM}\s*[：:、.．]?\s*)")
_TRAIL = re.compile(r"[（(](?:要因|非要因|是|否)[)）]\s*$|[。；;，,]+$")

_SCORING = re.compile(r"打分|评分|得分|表决|投票|每位|每人|分值")
_CONFIRM_COL = ("末端因素", "末端原因", "要因", "原因", "因素", "确认项目", "确认内容项目", "项目", "真因")
_VERDICT_COL = ("结论", "判定", "是否要因", "确认结果", "结果", "判断", "是否为要因", "是否主要原因", "判定结果")


def _clean_cause(text: str) -> str:
    t = normalize(text).strip()
    t = _LEAD.sub("", t, count=1)
    t = _TRAIL.sub("", t).strip()
    return t


def _verdict(cell: str) -> bool | None:
    f = fold(cell).text
    if not f:
        return None
    if any(w in f for w in ("非要因", "不是要因", "非主要原因", "否", "非")) or f in {"×", "x"}:
        return False
    if "要因" in f or "主要原因" in f or f in {"是", "√", "✓", "✔", "y", "yes", "确认"}:
        return True
    return None


def _causes_from_tables(doc: Document, idxs: list[int]) -> tuple[list[str], list[str]]:
    yes: list[str] = []
    no: list[str] = []
    for i in idxs:
        t = doc.blocks[i].table
        if t is None or t.n_rows < 2:
            continue
        grid = t.filled_grid()
        head = [fold(c).text for c in grid[0]]
        cause_col = next((j for j, h in enumerate(head) if any(h.startswith(fold(k).text) for k in _CONFIRM_COL)), None)
        verdict_col = next(
            (j for j in range(len(head) - 1, -1, -1) if any(fold(k).text in head[j] for k in _VERDICT_COL)), None
        )
        if cause_col is None or verdict_col is None or cause_col == verdict_col:
            continue
        for row in grid[1:]:
            cause = _clean_cause(row[cause_col])
            v = _verdict(row[verdict_col])
            if not cause or v is None:
                continue
            (yes if v else no).append(cause)
    return yes, no


def _causes_from_text(doc: Document, idxs: list[int]) -> tuple[list[str], list[str]]:
    yes: list[str] = []
    no: list[str] = []
    current: str | None = None
    for i in idxs:
        b = doc.blocks[i]
        if b.kind == BlockKind.table:
            continue
        # ①②③ would become digits under NFKC: turn them into list separators first
        text = b.text.translate({ord(c): "；" for c in _CIRCLED})
        for line in normalize(text).split("\n"):
            m = _CAUSE_ITEM.match(line)
            if m:
                yes.append(_clean_cause(m.group("c")))
                continue
            m2 = _CAUSE_LIST.search(line)
            if m2 and _SCORING.search(m2.group("l")):
                continue  # "打分法确定要因：每位成员…打1、3、5分" describes a method, not a list
            if m2:
                for part in re.split(r"[、，,；;]|\s{2,}|\d[.、]", m2.group("l")):
                    c = _clean_cause(part)
                    if 1 < len(c) <= 25 and not re.fullmatch(r"[\d.、分]+", c):
                        yes.append(c)
                continue
            m3 = _END_CAUSE.match(line)
            if m3 and len(m3.group("c")) <= 30:
                current = _clean_cause(m3.group("c"))
            if current:
                if _VERDICT_NO.search(line):
                    no.append(current)
                    current = None
                elif _VERDICT_YES.search(line):
                    yes.append(current)
                    current = None
    return yes, no


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for c in items:
        k = fold(c).text
        if k and k not in seen:
            seen[k] = c
    return list(seen.values())


def cause_verdicts(doc: Document, block_steps: list[str | None]) -> tuple[list[str], list[str]]:
    """(要因, 非要因) as judged in the main_causes step: 要因确认表 rows with a 结论/判定 column, the
    "要因一：…" lists and "末端因素N：… 结论：要因/非要因" paragraphs."""
    idxs = [i for i, s in enumerate(block_steps[: len(doc.blocks)]) if s == CAUSE_STEP]
    ty, tn = _causes_from_tables(doc, idxs)
    xy, xn = _causes_from_text(doc, idxs)
    yes = _dedupe(ty + xy)
    yes_keys = {fold(c).text for c in yes}
    no = [c for c in _dedupe(tn + xn) if fold(c).text not in yes_keys]
    return yes, no


def confirmed_causes(doc: Document, block_steps: list[str | None]) -> list[str]:
    return cause_verdicts(doc, block_steps)[0]


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


def cause_matches(cause: str, text: str) -> bool:
    """True when a 对策表 row's 要因/对策 text refers to the cause."""
    c, t = fold(cause).text, fold(text).text
    if not c or not t:
        return False
    if c in t or (len(t) >= 3 and t in c):
        return True
    cb = _bigrams(c)
    return len(cb & _bigrams(t)) / len(cb) >= 0.6


_CAUSE_REF = re.compile(rf"^(?:要因|主要原因|真因|原因)({_NUM})$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _ref_index(text: str) -> int | None:
    m = _CAUSE_REF.match(fold(text).text)
    if not m:
        return None
    g = m.group(1)
    return int(g) if g.isdigit() else _CN_DIGITS.get(g)


# ------------------------------------------------------------------------------------------ analyze


@dataclass
class _Read:
    rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


def _read_rows(parts: list[_Candidate]) -> _Read:
    out = _Read()
    n = 0
    for part in parts:
        grid = part.table.filled_grid()
        out.pages.append(part.page)
        for r in range(part.header_end + 1, part.table.n_rows):
            line = grid[r]
            texts = [x.strip() for x in line if x.strip()]
            if not texts:
                continue
            if len(set(texts)) == 1 and part.table.n_cols > 2:
                continue  # a group label spanning the row ("要因一：…")
            cells: dict[str, str] = {}
            for j, key in part.columns.items():
                val = line[j].strip()
                if key in cells:
                    if val and val != cells[key]:
                        cells[key] = f"{cells[key]} {val}".strip()
                else:
                    cells[key] = val
            n += 1
            out.rows.append(Row(number=n, page=part.page, cells=cells))
    out.pages = sorted(set(out.pages))
    return out


def _choose(cands: list[_Candidate]) -> _Candidate | None:
    if not cands:
        return None
    in_plan = [c for c in cands if c.step == PLAN_STEP]
    pool = in_plan or [c for c in cands if c.step in ("implement", "propose_solutions")] or cands
    return max(pool, key=lambda c: (c.score, -c.block_index))


def _rows_text(rows: list[int]) -> str:
    return "、".join(f"第{r}行" for r in rows)


def analyze(doc: Document, block_steps: list[str | None]) -> FiveW1HReport:
    steps = list(block_steps) + [None] * (len(doc.blocks) - len(block_steps))
    rep = FiveW1HReport()
    causes, rejected = cause_verdicts(doc, steps)
    rep.causes, rep.rejected_causes = causes, rejected
    chosen = _choose(_candidates(doc, steps))
    has_plan_step = PLAN_STEP in steps
    findings: list[Finding] = []
    if chosen is None:
        if has_plan_step or not any(steps):
            pages = sorted({doc.blocks[i].source.page for i, s in enumerate(steps) if s == PLAN_STEP})
            findings.append(
                Finding(
                    rule="P2",
                    severity=Severity.major,
                    message="未找到按5W1H要求制定的对策表（应包含对策、目标、措施、地点、时间、负责人各栏）",
                    pages=pages[:3],
                    step=PLAN_STEP,
                )
            )
        rep.findings = findings
        return rep

    parts = [chosen, *_continuations(doc, chosen, steps)]
    read = _read_rows(parts)
    keys = chosen.keys
    grid0 = chosen.table.filled_grid()
    rep.headers = {
        key: " ".join(dict.fromkeys(grid0[r][j].strip() for r in range(chosen.header_end + 1) if grid0[r][j].strip()))
        for j, key in chosen.columns.items()
    }
    rep.found = True
    rep.pages = read.pages
    rep.reading = "qcc" if ("qcc_why" in keys and "why" not in keys) else "caq"
    rep.columns = {k: k in keys for k in SIX}
    rep.rows = len(read.rows)
    rep.details = read.rows
    pages = read.pages

    def add(msg: str, sev: Severity = Severity.major, evidence: str | None = None, rule: str = "P2") -> None:
        findings.append(Finding(rule=rule, severity=sev, message=msg, pages=pages, step=PLAN_STEP, evidence=evidence))

    missing = [k for k in SIX if not rep.columns[k]]
    if rep.reading == "qcc":
        add(
            f"对策表按品管圈方式以“{rep.headers.get('qcc_why', '真因')}”作为Why栏，缺少量化的对策目标"
            "（按T/CAQ 10201-2020，Why应为可测量、可检查的对策目标）",
            evidence=rep.headers.get("qcc_why"),
        )
        missing = [k for k in missing if k != "why"]
    if missing:
        names = "、".join(COLUMN_NAMES[k] for k in missing)
        add(f"对策表未按5W1H要求制定，缺少{names}栏")

    for row in read.rows:
        c = row.cells
        if any(_blank(c.get(k, "x")) for k in SIX if rep.columns[k]):
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
    if rep.blank_rows:
        add(f"对策表{_rows_text(rep.blank_rows)}有空白栏目，5W1H内容不完整", Severity.minor)
    if rep.unquantified_targets:
        ex = read.rows[rep.unquantified_targets[0] - 1].cells.get("why")
        add(
            f"对策表{_rows_text(rep.unquantified_targets)}的对策目标未量化（没有数值或比较要求，无法检查）",
            evidence=ex,
        )
    if rep.restated_measures:
        ex = read.rows[rep.restated_measures[0] - 1].cells.get("how")
        add(f"对策表{_rows_text(rep.restated_measures)}的措施只是重复对策，没有具体可操作的步骤", Severity.minor, ex)
    if rep.collective_owners:
        ex = read.rows[rep.collective_owners[0] - 1].cells.get("who")
        add(f"对策表{_rows_text(rep.collective_owners)}的负责人为“{ex}”，应落实到具体人员", Severity.minor, ex)
    if rep.bad_dates:
        ex = read.rows[rep.bad_dates[0] - 1].cells.get("when")
        add(f"对策表{_rows_text(rep.bad_dates)}的完成时间“{ex}”不是明确的日期或期限", Severity.minor, ex)

    _check_causes(rep, read.rows, add)
    rep.findings = findings
    return rep


def _row_cause_text(row: Row) -> str:
    c = row.cells
    return c.get("cause") or c.get("qcc_why") or ""


def _check_causes(rep: FiveW1HReport, rows: list[Row], add: Any) -> None:
    if not rep.causes and not rep.rejected_causes:
        return
    covered: set[int] = set()
    for row in rows:
        ct = _row_cause_text(row)
        ref = _ref_index(ct) if ct else None
        if ref is not None and 1 <= ref <= len(rep.causes):
            covered.add(ref - 1)
            continue
        full = " ".join(v for k, v in row.cells.items() if k in ("cause", "qcc_why", "what", "how"))
        hit = False
        for k, cause in enumerate(rep.causes):
            if cause_matches(cause, ct or full) or (ct and cause_matches(cause, full)):
                covered.add(k)
                hit = True
        if not hit and ct and any(cause_matches(r, ct) for r in rep.rejected_causes):
            rep.rows_for_rejected.append(row.number)
    rep.uncovered_causes = [c for k, c in enumerate(rep.causes) if k not in covered]
    if rep.uncovered_causes:
        names = "、".join(f"“{c}”" for c in rep.uncovered_causes)
        add(f"要因{names}在对策表中没有对应的对策（应针对每条要因逐条制定对策）", rule="P1")
    if rep.rows_for_rejected:
        add(f"对策表{_rows_text(rep.rows_for_rejected)}针对的是已判定为非要因的原因", Severity.minor, rule="P1")


# ------------------------------------------------------------------------------------ rubric checks


def report_for(ctx: CheckContext) -> FiveW1HReport:
    rep = ctx.analyses.get("fivew1h")
    if not isinstance(rep, FiveW1HReport):
        rep = analyze(ctx.doc, ctx.block_steps)
        ctx.analyses["fivew1h"] = rep
    return rep


@register("fivew1h_complete")
def check_fivew1h_complete(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """P2: the 对策表 is missing, lacks a 5W1H column, or has unquantified targets, restated measures,
    collective owners, unparseable dates or blank cells."""
    return [f for f in report_for(ctx).findings if f.rule == "P2"]


@register("fivew1h_causes")
def check_fivew1h_causes(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """P1: a confirmed 要因 has no row in the 对策表, or a row targets a 非要因."""
    return [f for f in report_for(ctx).findings if f.rule == "P1"]
