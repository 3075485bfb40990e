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
from .fivew1h_causes import cause_matches, cause_verdicts, confirmed_causes, ref_index
from .normalize import fold, normalize
from .registry import CheckContext, filter_by_params, register

__all__ = ["FiveW1HReport", "Row", "analyze", "cause_matches", "cause_verdicts", "confirmed_causes", "map_header"]

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
    h, cols = best
    # a second header row under the first ("对策 | 目标 | …" over "What | Why | …") is not data
    while h + 1 < table.n_rows and len({map_header(x) for x in grid[h + 1]} & _CORE) >= 3:
        h += 1
    return h, cols


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
    source: str | None = None  # "table" | "text" (对策 written as labelled paragraphs)
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
            "source": self.source,
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


_VAGUE_END = re.compile(r"(明显|显著|有所|大幅|进一步|得到|逐步|有效)?(改善|提高|提升|降低|减少|控制|好转|加强|满足(使用)?要求|符合要求)$")
_CODE_TOKEN = re.compile(r"[A-Za-z]+[\d.]+[A-Za-z\d]*")  # SO2, PM2.5, Q355B, IP67: names, not figures


def quantified(text: str) -> bool:
    """A 对策目标 is checkable when it carries a number or a comparator (domain.md a.5); digits inside a
    code name ("SO2浓度明显改善") do not count."""
    t = normalize(text).strip(" 。；;，,")
    if _VAGUE_END.search(t) and not re.search(r"[≥≤<>＜＞±%‰]", t):
        return False  # "中心温度降至-18℃时间明显改善": the figure names the metric, the target is vague
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
    names = {fold(str(n)).text for n in _lexicon()["collective_owners"]}
    return f in names


# ------------------------------------------------------------------------------------------ analyze


@dataclass
class _Read:
    rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


def _read_rows(parts: list[_Candidate]) -> _Read:
    out = _Read()
    n = 0
    for k_part, part in enumerate(parts):
        grid = part.table.filled_grid()
        out.pages.append(part.page)
        first_col = min(part.columns) if part.columns else 0
        for r in range(part.header_end + 1, part.table.n_rows):
            line = grid[r]
            texts = [x.strip() for x in line if x.strip()]
            if not texts:
                continue
            if k_part > 0 and r == part.header_end + 1 and out.rows and not line[first_col].strip():
                # a row broken by the page: its tail opens the next part with the leading cells empty
                prev = out.rows[-1]
                merged = dict(prev.cells)
                for j, key in part.columns.items():
                    if line[j].strip():
                        merged[key] = merged.get(key, "") + line[j].strip()
                out.rows[-1] = prev.model_copy(update={"cells": merged})
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


_TEXT_ITEM = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?(?:对策|要因|真因)\s*[一二三四五六七八九十\d]+\s*[：:、.．]?\s*(?P<rest>.*)$")
_TEXT_LABELS = [
    ("why", r"对策目标|预期目标|目标"),
    ("how", r"具体措施|实施措施|措施"),
    ("where", r"实施地点|地点"),
    ("when", r"完成时间|完成期限|实施时间|时间|期限|日期"),
    ("who", r"负责人|责任人|执行人"),
    ("cause", r"要因|主要原因"),
    ("qcc_why", r"真因|原因"),
    ("what", r"对策内容|对策"),
]
_TEXT_LABEL_NAMES = {"what": "对策", "why": "目标", "how": "措施", "where": "地点", "when": "时间", "who": "负责人",
                     "cause": "要因", "qcc_why": "真因"}
_TEXT_LABEL_RE = re.compile("(" + "|".join(f"(?P<{k}>{pat})" for k, pat in _TEXT_LABELS) + r")\s*[：:]")


def read_text_plan(doc: Document, steps: list[str | None]) -> tuple[_Read, set[str]] | None:
    """A 对策表 written as paragraphs: "对策一：… 目标：… 措施：… 地点：… 时间：… 负责人：…".
    Found when at least two items carry three or more of the six fields."""
    groups: list[tuple[int, dict[str, str]]] = []
    for i, s in enumerate(steps):
        b = doc.blocks[i]
        if s != PLAN_STEP or b.kind in (BlockKind.table, BlockKind.chart, BlockKind.note, BlockKind.furniture):
            continue
        for line in normalize(b.text).split("\n"):
            m = _TEXT_ITEM.match(line)
            if m:
                groups.append((b.source.page, {}))
                line = m.group("rest")
                head = _TEXT_LABEL_RE.search(line)
                lead = (line[: head.start()] if head else line).strip(" ；;，,。")
                if lead:
                    groups[-1][1]["what"] = lead
            if not groups:
                continue
            found = list(_TEXT_LABEL_RE.finditer(line))
            for k, lm in enumerate(found):
                key = next(name for name, _ in _TEXT_LABELS if lm.group(name))
                end = found[k + 1].start() if k + 1 < len(found) else len(line)
                groups[-1][1].setdefault(key, line[lm.end() : end].strip(" ；;，,。"))
    rich = [g for g in groups if len(set(g[1]) & set(SIX)) >= 3]
    if len(rich) < 2:
        return None
    out = _Read()
    keys: set[str] = set()
    for n, (page, cells) in enumerate(rich, start=1):
        out.rows.append(Row(number=n, page=page, cells=cells))
        keys.update(cells)
        out.pages.append(page)
    out.pages = sorted(set(out.pages))
    return out, keys


def analyze(doc: Document, block_steps: list[str | None]) -> FiveW1HReport:
    steps = list(block_steps) + [None] * (len(doc.blocks) - len(block_steps))
    rep = FiveW1HReport()
    causes, rejected = cause_verdicts(doc, steps)
    rep.causes, rep.rejected_causes = causes, rejected
    chosen = _choose(_candidates(doc, steps))
    has_plan_step = PLAN_STEP in steps
    findings: list[Finding] = []
    if chosen is not None:
        parts = [chosen, *_continuations(doc, chosen, steps)]
        read = _read_rows(parts)
        keys = chosen.keys
        grid0 = chosen.table.filled_grid()
        rep.headers = {
            key: " ".join(dict.fromkeys(grid0[r][j].strip() for r in range(chosen.header_end + 1) if grid0[r][j].strip()))
            for j, key in chosen.columns.items()
        }
        rep.source = "table"
    else:
        text_read = read_text_plan(doc, steps)
        if text_read is None:
            if has_plan_step or not any(steps):
                pages0 = sorted({doc.blocks[i].source.page for i, s in enumerate(steps) if s == PLAN_STEP})
                findings.append(Finding(
                    rule="P2", severity=Severity.major, pages=pages0[:3], step=PLAN_STEP,
                    message="未找到按5W1H要求制定的对策表（应包含对策、目标、措施、地点、时间、负责人各栏）",
                ))
            rep.findings = findings
            return rep
        read, keys = text_read
        rep.headers = {k: _TEXT_LABEL_NAMES[k] for k in keys if k in _TEXT_LABEL_NAMES}
        rep.source = "text"
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
        ref = ref_index(ct) if ct else None
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
    return filter_by_params([f for f in report_for(ctx).findings if f.rule == "P2"], params)


@register("fivew1h_causes")
def check_fivew1h_causes(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """P1: a confirmed 要因 has no row in the 对策表, or a row targets a 非要因."""
    return filter_by_params([f for f in report_for(ctx).findings if f.rule == "P1"], params)
