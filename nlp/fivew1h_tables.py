"""Finding and reading the 5W1H 对策表 in a Document (used by `nlp.fivew1h`).

Where a 对策表 can be: a real table; a grid of text boxes rebuilt by the reader (a block of kind `table`
with `source.part == "drawn"`); a table screenshot read by OCR (kind `table`, `figure.kind == "table"`,
whose header cells may carry one wrong character); a table laid out sideways (the 5W1H names down the
first column, one 对策 per column); a table in plain text ("| What | Why | … |" or tab-separated lines);
and 对策 written as labelled paragraphs ("对策一：… 目标：… 措施：…").

Header cells are mapped to column keys by the aliases of `lexicon/fivew1h.yaml` (exact, then the longest
alias contained, then one substituted character for OCR'd headers, then the English 5W2H words);
a 5W2H table's How much column is read as `how_much` and is not one of the six.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from ingest.model import Block, BlockKind, Cell, Document, Table

from . import lexfile
from .fivew1h_fragments import fragment_tables, line_tables
from .headings import GROUP, OTHER, match_heading
from .normalize import fold, normalize

SIX = ("what", "why", "how", "where", "when", "who")
CORE = {*SIX, "qcc_why"}
PLAN_STEP = "plan_countermeasures"


def lexicon() -> dict[str, Any]:
    return lexfile.load("fivew1h.yaml")


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    for key, names in lexicon()["columns"].items():
        for n in names:
            exact.setdefault(fold(str(n)).text, key)
    by_len = sorted(exact.items(), key=lambda kv: -len(kv[0]))
    return exact, by_len


SIX_KEYS = ("what", "why", "who", "where", "when", "how")
_ENGLISH_LEAD = re.compile(r"^(howmuch|what|why|where|when|who|how)(?=[^a-z]|$)")
# … or behind, "对策（What）" beside "对策内容（How）" (folded: brackets gone; seen fresh7 m54)
_ENGLISH_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])(howmuch|what|why|where|when|who|how)$")


def _english_key(word: str) -> str | None:
    return next((str(k) for k, w in lexicon()["english"].items() if w == word), None)


def _one_off(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def map_header(text: str, *, fuzzy: bool = False) -> str | None:
    """The column key ("what", "why", …, "cause", "qcc_why", "how_much", "no") a header cell names, or
    None. `fuzzy`: also accept an alias of three or more characters with one character substituted
    (an OCR'd header such as "负贵人")."""
    f = fold(text).text
    if not f or len(f) > 14:
        return None
    exact, by_len = _aliases()
    if f in exact:
        return exact[f]
    if (lead := _ENGLISH_LEAD.match(f)) and f[lead.end() :]:
        # an English 5W1H word in front names which of the six the column is: "What 措施" is the 对策
        # column, "How 做法" its 措施 (seen fresh3 h16; 措施 alone reads How). A Chinese name of another
        # kind of column ("Why 真因": the 品管圈 真因 column) keeps its own reading.
        rest = map_header(f[lead.end() :], fuzzy=fuzzy)
        return rest if rest is not None and rest not in SIX_KEYS else _english_key(lead.group(1))
    if tail := _ENGLISH_TAIL.search(f):
        rest = map_header(f[: tail.start()], fuzzy=fuzzy)
        return rest if rest is not None and rest not in SIX_KEYS else _english_key(tail.group(1))
    if f.endswith("表") or f.endswith("计划") or f in ("5w1h", "5w2h"):
        return None  # a title row ("对策表", "对策计划") spanning the columns
    for alias, key in by_len:
        if len(alias) >= 2 and alias in f:
            return key
    if fuzzy:
        for alias, key in by_len:
            if len(alias) >= 3 and _one_off(alias, f):
                return key
    for key, word in lexicon()["english"].items():
        if word in f:
            return str(key)
    return None


# --------------------------------------------------------------------------------------------- tables


@dataclass
class Candidate:
    block_index: int
    table: Table
    header_end: int  # last header row (0-based)
    columns: dict[int, str]  # grid column -> key
    page: int
    step: str | None
    source: str = "table"  # table | drawn | picture | text_grid

    @property
    def keys(self) -> set[str]:
        return set(self.columns.values())

    @property
    def score(self) -> int:
        return len(self.keys & CORE) + (1 if "cause" in self.keys else 0)


def _row_keys(grid: list[list[str]], h: int, n_cols: int, fuzzy: bool) -> dict[int, str]:
    cols: dict[int, str] = {}
    for j in range(n_cols):
        for r in range(h, -1, -1):  # the lowest header row that names the column wins
            key = map_header(grid[r][j], fuzzy=fuzzy)
            if key:
                cols[j] = key
                break
    return cols


def header_mapping(table: Table, *, fuzzy: bool = False) -> tuple[int, dict[int, str]] | None:
    grid = table.filled_grid()
    best: tuple[int, dict[int, str]] | None = None
    best_score = 0
    for h in range(min(3, table.n_rows)):
        cols = _row_keys(grid, h, table.n_cols, fuzzy)
        keys = set(cols.values())
        score = len(keys & CORE)
        if score > best_score and ("what" in keys or "how" in keys):
            best, best_score = (h, cols), score
    if best is None or best_score < 3:
        return None
    h, cols = best
    _unit_as_where(grid[h], cols)
    _plan_as_what(grid[h], cols)
    # a second header row under the first ("对策 | 目标 | …" over "What | Why | …") is not data
    while h + 1 < table.n_rows and len({map_header(x) for x in grid[h + 1]} & CORE) >= 3:
        h += 1
    return h, _second_what_is_how(grid, h, cols)


def _second_what_is_how(grid: list[list[str]], h: int, cols: dict[int, str]) -> dict[int, str]:
    """Two differently headed What columns and no How ("对策 | 真因 | 对策内容 | …"): the one to the right
    spells the 对策 out, it is the 措施 (seen fresh8 n27). One header merged over two columns repeats its
    text: not two columns."""
    whats = [j for j, k in sorted(cols.items()) if k == "what"]
    if "how" in cols.values() or len(whats) < 2 or grid[h][whats[0]] == grid[h][whats[-1]]:
        return cols
    return {**cols, whats[-1]: "how"}


def _plan_as_what(header: list[str], cols: dict[int, str]) -> None:
    """No What column, and a 方案 column to the right of the cause the row answers ("根因 | 改进方案 | 目标 |
    具体措施", a FOCUS-PDCA 计划表; seen fresh11 q64): the 方案 chosen for that cause is the 对策 (What), not a
    second cause. (A 创新型 "方案 | 对策 | 目标 …" table has its What and keeps 方案 as the part addressed.)"""
    if "what" in cols.values():
        return
    causes = sorted(j for j, k in cols.items() if k in ("cause", "qcc_why"))
    plans = [j for j in causes[1:] if cols[j] == "cause" and j < len(header) and "方案" in header[j]]
    if plans:
        cols[plans[0]] = "what"


def _unit_as_where(header: list[str], cols: dict[int, str]) -> None:
    """Two Who columns, one naming a unit and one not ("执行科室 | 责任人"), and no Where: the unit column says
    where the 对策 is carried out."""
    whos = [j for j, k in cols.items() if k == "who"]
    if len(whos) < 2 or "where" in cols.values():
        return
    units = [j for j in whos if j < len(header) and re.search(str(lexicon()["unit_header"]), header[j])]
    if units and len(units) < len(whos):
        cols[units[0]] = "where"


def transpose(table: Table) -> Table:
    rows: list[list[Cell]] = [[] for _ in range(table.n_cols)]
    for row in table.rows:
        for c in row:
            rows[c.col].append(Cell(text=c.text, row=c.col, col=c.row, row_span=c.col_span, col_span=c.row_span))
    return Table(rows=[sorted(r, key=lambda c: c.col) for r in rows], n_rows=table.n_cols, n_cols=table.n_rows)


def is_confirmation_table(table: Table, header_end: int) -> bool:
    """A 要因确认(计划)表 (确认内容/确认方法/判定…) looks like a plan but is not the 对策表."""
    grid = table.filled_grid()
    heads = [fold(grid[r][j]).text for r in range(header_end + 1) for j in range(table.n_cols)]
    return any((h.startswith("确认") and h != "确认人") or h in ("是否要因", "判定", "结论") for h in heads)


_MAX_STEP_HEADS = 2


def names_steps(table: Table, header_end: int) -> bool:
    """A header that lists the PDCA steps ("活动项目 | 主题选定 | 现况把握 | 解析 | 对策实施 | 效果确认"): an
    活动计划 or 检讨与改进 table read sideways, not a 对策表 (seen fresh2 g43). A cell counts when it names
    a step and is not itself a 5W1H column name ("目标", "改进措施")."""
    grid = table.filled_grid()
    named = set()
    for r in range(header_end + 1):
        for cell in grid[r]:
            m = match_heading(cell, strict=False) if cell.strip() else None
            if m is not None and m.steps[0] not in (OTHER, GROUP) and fold(cell).text not in _aliases()[0]:
                named.add(m.steps[0])
    return len(named) > _MAX_STEP_HEADS


def _source_of(b: Block) -> str:
    if b.source.part == "drawn":
        return "drawn"
    if b.source.part == "ocr" or b.kind == BlockKind.image_text or (b.figure is not None and b.figure.kind == "table"):
        return "picture"
    return "table"


def _candidate(i: int, b: Block, table: Table, step: str | None, source: str) -> Candidate | None:
    picture = source == "picture"
    tables = [table, transpose(table)]
    if picture and (split := split_merged_header(table)) is not None:
        tables.insert(0, split)
    if picture and step == PLAN_STEP and (restored := restore_lost_header(table)) is not None:
        tables.append(restored)  # only where no header is read (header_mapping tried the others first)
    for t in tables:
        hm = header_mapping(t, fuzzy=picture)
        if hm is not None and not is_confirmation_table(t, hm[0]) and not names_steps(t, hm[0]):
            # a column whose header no list knows (lost by OCR, or worded as no hand before: "完成节点",
            # "落实人") is read by what every cell holds — dates, names, places (stop 26)
            cols = {**_columns_by_content(t, hm[0], set(hm[1].values())), **hm[1]}
            return Candidate(i, t, hm[0], cols, b.source.page, step, source)
    return None


def _prefix_key(cell: str) -> tuple[str, str] | None:
    """(alias, rest) when an OCR'd cell runs a header into its first value ("目标7d绝热温升≤42℃")."""
    f = normalize(cell).strip()
    for alias, key in _aliases()[1]:
        if len(alias) >= 2 and key in CORE | {"cause", "no"} and fold(f[: len(alias) + 2]).text.startswith(alias):
            k = (
                next(n for n in range(len(alias), len(f) + 1) if fold(f[:n]).text == alias)
                if fold(f).text != alias
                else len(f)
            )
            return f[:k], f[k:].strip()
    return None


def split_merged_header(table: Table) -> Table | None:
    """A screenshot whose header row was read into the first data row: the header words split off."""
    g = table.filled_grid()
    split = [_prefix_key(c) for c in g[0]]
    if sum(1 for s in split if s is not None and re.search(r"\d|[\u4e00-\u9fff]{2}", s[1])) < 3:
        return None  # a real header ("对策（What）") has no value after the header word
    head = [s[0] if s else "" for s in split]
    first = [s[1] if s else c for s, c in zip(split, g[0], strict=True)]
    grid = [head, first, *g[1:]]
    cells = [[Cell(text=t, row=r, col=c) for c, t in enumerate(row)] for r, row in enumerate(grid)]
    return Table(rows=cells, n_rows=len(grid), n_cols=table.n_cols)


_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:[、，,/][\u4e00-\u9fff]{2,3})*$")
_PLACE = re.compile(r"车间|现场|试验室|实验室|工地|站|科室|病区|病房|门诊|仓库|线|工位|班组|机房|部|处|厂|楼")
_WHEN = re.compile(r"(?:19|20)\d{2}\s*[年./\-]\s*\d{1,2}|\d{1,2}\s*月")
# a short cell stating a checkable level: a comparator or "降至 / 控制在 / 不超过 … / …以内" (the 对策目标)
_TARGET = re.compile(
    r"^(?=.{1,30}$).*(?:[≥≤<>＜＞≦≧]|达到|降至|降到|降低到|提高到|提升至|提升到|控制在|不超过|不低于|不高于|以内|以下|以上)"
)


def _columns_by_content(table: Table, header_end: int, have: set[str]) -> dict[int, str]:
    """Keys for columns whose header names no 5W1H key (lost by OCR, or in words no list knows), by what
    every cell holds (`_content_key`): names (负责人), dates (时间), places (地点), a short checkable level
    (目标). A row number or numbered steps under an unknown header are left to the header reading."""
    grid = table.filled_grid()
    g = grid[header_end + 1 :]
    out: dict[int, str] = {}
    for j in range(table.n_cols):
        vals = [normalize(r[j]).strip() for r in g if r[j].strip()]
        if vals and not map_header(grid[0][j]) and (key := _content_key(vals, have | set(out.values()), _UNHEADED)):
            out[j] = key
    return out


_STEPS_CELL = re.compile(r"^\s*[1１①][.．、)）]?\S.*[2２②][.．、)）]?\S", re.S)
_NUMBER_CELL = re.compile(r"^\s*\d{1,2}\s*$")
# the header words a lost header row is restored with, read back by `header_mapping`
_RESTORED = {
    "no": "序号",
    "cause": "要因",
    "what": "对策",
    "why": "目标",
    "how": "措施",
    "where": "地点",
    "when": "完成时间",
    "who": "负责人",
}


# what every cell of a column holds, tried in this order, with the longest cell each form allows: the one
# reading of a column by its content, for a header no list knows and for a header row OCR lost
_CONTENT_FORMS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("no", _NUMBER_CELL, 4),
    ("who", _NAME, 40),
    ("when", _WHEN, 24),
    ("why", _TARGET, 30),
    ("how", _STEPS_CELL, 400),
    ("where", _PLACE, 14),
)
# the keys a column under an unknown header may take by content
_UNHEADED = frozenset({"who", "when", "why", "where"})


def _content_key(vals: list[str], taken: set[str], keys: frozenset[str] | None = None) -> str | None:
    """The 5W1H key every cell of a column fits (`_CONTENT_FORMS`: a row number, names, dates, a short
    checkable level, 措施 spelled out as numbered steps ("1.…2.…"), a short place), among `keys` (all
    when None) and not yet `taken`."""
    for key, rx, longest in _CONTENT_FORMS:
        if (keys is None or key in keys) and key not in taken and all(rx.search(v) and len(v) <= longest for v in vals):
            return key
    return None


def restore_lost_header(table: Table) -> Table | None:
    """A 对策表 screenshot whose header row OCR lost (white words on a coloured band): the columns read
    by what every cell holds — 负责人 names, 时间 dates, 措施 as numbered steps, a short 目标 level, a
    short 地点 — and the plain text columns left of 目标 the 要因 then the 对策 (seen fresh10 p01). Only
    with 负责人, 时间 and 措施 all found, so a table of other content is not taken for a plan."""
    grid = table.filled_grid()
    if table.n_rows < 2 or table.n_cols < 5:
        return None
    keys: dict[int, str] = {}
    for j in range(table.n_cols):
        vals = [normalize(r[j]).strip() for r in grid if r[j].strip()]
        if len(vals) == table.n_rows and (key := _content_key(vals, set(keys.values()))):
            keys[j] = key
    if not {"who", "when", "how"} <= set(keys.values()):
        return None
    anchor = next((j for j, k in keys.items() if k in ("why", "how")), None)
    free = [j for j in range(anchor or 0) if j not in keys]
    # a 目标 worded with no comparator ("考核合格率100%") is the third text column before the 措施
    order = ("what", "cause") if "why" in keys.values() or len(free) < 3 else ("why", "what", "cause")
    for j, key in zip(reversed(free), order, strict=False):
        keys[j] = key
    if "what" not in keys.values():
        return None
    head = [Cell(text=_RESTORED.get(keys.get(j, ""), ""), row=0, col=j) for j in range(table.n_cols)]
    rows = [[c.model_copy(update={"row": c.row + 1}) for c in row] for row in table.rows]
    return Table(rows=[head, *rows], n_rows=table.n_rows + 1, n_cols=table.n_cols)


def header_above(doc: Document, i: int, table: Table) -> Table | None:
    """A table with no header row whose header a PDF reader left as one short paragraph a cell right above it
    (the header row alone at the foot of a page, the rows on the next: seen fresh16 w65, "要因 | 对策 | 表3
    对策表目标 | 措施 | …"): the last `n_cols` of the short paragraphs standing right before it, in order, put
    back as its first row, less a table caption run into one of them. `header_mapping` still asks that row to
    name at least three of the six columns."""
    longest = int(lexicon()["header_above"]["max_chars"])
    words: list[str] = []
    for b in reversed(doc.blocks[:i]):
        if b.kind in (BlockKind.note, BlockKind.furniture):
            continue
        text = b.text.strip()
        if b.kind != BlockKind.paragraph or not text or "\n" in text or len(text) > longest:
            break
        words.insert(0, text)
    caption = re.compile(lexicon()["header_above"]["caption"])
    words = [caption.sub("", w).strip() or w for w in words]
    if len(words) < table.n_cols or table.n_cols < 5:
        return None
    head = [Cell(text=t, row=0, col=j) for j, t in enumerate(words[-table.n_cols :])]
    rows = [[c.model_copy(update={"row": c.row + 1}) for c in row] for row in table.rows]
    return Table(rows=[head, *rows], n_rows=table.n_rows + 1, n_cols=table.n_cols)


def candidates(doc: Document, block_steps: list[str | None]) -> list[Candidate]:
    out = []
    for i, b in enumerate(doc.blocks):
        if b.kind != BlockKind.table or b.table is None or b.table.n_rows < 2:
            continue
        c = _candidate(i, b, b.table, block_steps[i], _source_of(b))
        if c is None and (headed := header_above(doc, i, b.table)) is not None:
            c = _candidate(i, b, headed, block_steps[i], _source_of(b))
        if c is not None:
            out.append(c)
    if not any(c.step == PLAN_STEP for c in out):
        # no table in 制定对策: its 对策表 may be a screenshot read by OCR, whatever tables stand elsewhere
        for i, t in [*fragment_tables(doc, map_header), *line_tables(doc, map_header)]:
            if (c := _candidate(i, doc.blocks[i], t, block_steps[i], "picture")) is not None:
                out.append(c)
    return out + text_grid_candidates(doc, block_steps)


def continuations(doc: Document, first: Candidate, block_steps: list[str | None]) -> list[Candidate]:
    """Tables right after the chosen one that continue it on the next slide/page: same column count,
    either with the same header again or with no header at all."""
    out: list[Candidate] = []
    last = first.block_index
    for i in range(first.block_index + 1, len(doc.blocks)):
        b = doc.blocks[i]
        if b.kind in (BlockKind.note, BlockKind.furniture):
            continue
        if b.kind != BlockKind.table or b.table is None:
            if (b.kind in (BlockKind.heading, BlockKind.title) and i - last > 3) or i - last > 4:
                break
            continue
        t = b.table
        if t.n_cols != first.table.n_cols:
            break
        hm = header_mapping(t)
        if hm is not None and set(hm[1].values()) != first.keys:
            break
        head, cols = hm if hm is not None else (-1, first.columns)
        out.append(Candidate(i, t, head, cols, b.source.page, block_steps[i], _source_of(b)))
        last = i
    return out + _box_continuation(doc, out[-1] if out else first, block_steps)


def _box_continuation(doc: Document, last: Candidate, block_steps: list[str | None]) -> list[Candidate]:
    """The 对策表 continued on the next slide as a grid of text boxes the reader did not rebuild into a
    table (its header repeated): the same columns, on the page right after the last part."""
    for i, t in fragment_tables(doc, map_header, boxes=True):
        b = doc.blocks[i]
        if b.source.page != last.page + 1:
            continue
        c = _candidate(i, b, t, block_steps[i], "drawn")
        if c is not None and c.keys == last.keys:
            return [c]
    return []


# ------------------------------------------------------------------------------------ text grids

_PIPE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_RULE_ROW = re.compile(r"^[\s|:\-—]+$")


def _cells_of(line: str) -> list[str] | None:
    """The cells of one text line of a grid: tab-separated (read on the raw line, since `normalize`
    folds a tab into a space) or drawn with pipes."""
    if line.count("\t") >= 2:
        return [normalize(c).strip() for c in line.split("\t")]
    line = normalize(line)
    m = _PIPE_ROW.match(line)
    if m:
        return None if _RULE_ROW.match(line) else [c.strip() for c in m.group(1).split("|")]
    return None


def _grid_table(rows: list[list[str]]) -> Table:
    n = max(len(r) for r in rows)
    cells = [[Cell(text=t, row=r, col=c) for c, t in enumerate(row)] for r, row in enumerate(rows)]
    return Table(rows=cells, n_rows=len(rows), n_cols=n)


def text_grid_candidates(doc: Document, block_steps: list[str | None]) -> list[Candidate]:
    """对策表 written as text lines ("| 对策 | 目标 | … |" or tab-separated) in consecutive blocks."""
    out: list[Candidate] = []
    run: list[list[str]] = []
    start = -1
    for i, b in enumerate([*doc.blocks, None]):
        lines = [] if b is None or b.kind not in (BlockKind.paragraph, BlockKind.list_item) else b.text.split("\n")
        rows = [c for c in (_cells_of(x) for x in lines) if c is not None]
        if rows and len(rows) == len([x for x in lines if x.strip() and not _RULE_ROW.match(normalize(x))]):
            if not run:
                start = i
            run.extend(rows)
            continue
        if len(run) >= 2 and len({len(r) for r in run}) == 1 and len(run[0]) >= 3:
            sb = doc.blocks[start]
            c = _candidate(start, sb, _grid_table(run), block_steps[start], "text_grid")
            if c is not None:
                out.append(c)
        run = []
    return out


# ----------------------------------------------------------------------------------------- rows


class Row(BaseModel):
    number: int  # 1-based data row number
    page: int
    cells: dict[str, str]  # key -> text: cause, what, why, how, where, when, who, qcc_why, how_much, no


@dataclass
class Read:
    rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


def _own_owner(line: list[str], part: Candidate, prev: Row) -> bool:
    """An OCR'd part's first row that names its own 负责人 beside the row before's: a row of its own whose 序号
    the recogniser lost (a lone digit), not the tail of a row broken by the page (seen fresh3 h19, a scan)."""
    if part.source != "picture" or not prev.cells.get("who", "").strip():
        return False
    return any(key == "who" and line[j].strip() for j, key in part.columns.items())


def _merge_broken_row(out: Read, line: list[str], part: Candidate) -> None:
    """A row broken by the page: its tail opens the next part with the leading cells empty."""
    prev = out.rows[-1]
    merged = dict(prev.cells)
    for j, key in part.columns.items():
        if line[j].strip():
            merged[key] = merged.get(key, "") + line[j].strip()
    out.rows[-1] = prev.model_copy(update={"cells": merged})


# the wrapped tail of a date ("2024年5月31" / "日", "2023.5.10—" / "5.31"): no year, no month word, short;
# or the end of a range cut from its start ("2024.6.1" / "~6.15", a scanned table cut by the page between
# the two: seen fresh13 s19)
_DATE_TAIL = re.compile(r"^(?!.*(?:\d{4}|月))(?:\S{1,4}|[~～—–\-至]\s*\d{1,2}(?:[.．/]\d{1,2})?)$")


def _wrapped_line(line: list[str], part: Candidate, prev: Row) -> bool:
    """In a screenshot OCR reads each printed line of a tall row as a row of its own: a line with no
    负责人 and no 时间 (or only the wrapped tail of one, "日": seen fresh6 k51, k55) under a row that has
    both is the wrapped tail of that row."""
    cols = {key: j for j, key in part.columns.items()}
    if "who" not in cols or "when" not in cols:
        return False
    when = line[cols["when"]].strip()
    if line[cols["who"]].strip() or (when and not _DATE_TAIL.match(when)):
        return False
    return bool(prev.cells.get("who", "").strip() and prev.cells.get("when", "").strip())


def _cells(line: list[str], columns: dict[int, str]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for j, key in columns.items():
        val = line[j].strip()
        if key in cells:
            if val and val != cells[key]:
                cells[key] = f"{cells[key]} {val}".strip()
        else:
            cells[key] = val
    return cells


def read_rows(parts: list[Candidate]) -> Read:
    out = Read()
    for k_part, part in enumerate(parts):
        grid = part.table.filled_grid()
        out.pages.append(part.page)
        first_col = min(part.columns) if part.columns else 0
        for r in range(part.header_end + 1, part.table.n_rows):
            line = grid[r]
            texts = [x.strip() for x in line if x.strip()]
            if not texts:
                continue
            if (
                k_part > 0
                and r == part.header_end + 1
                and out.rows
                and not line[first_col].strip()
                and not _own_owner(line, part, out.rows[-1])
            ):
                _merge_broken_row(out, line, part)
                continue
            if len(set(texts)) == 1 and part.table.n_cols > 2:
                continue  # a group label spanning the row ("要因一：…")
            if part.source == "picture" and out.rows and _wrapped_line(line, part, out.rows[-1]):
                _merge_broken_row(out, line, part)
                continue
            out.rows.append(Row(number=len(out.rows) + 1, page=part.page, cells=_cells(line, part.columns)))
    out.pages = sorted(set(out.pages))
    return out


def choose(cands: list[Candidate]) -> Candidate | None:
    if not cands:
        return None
    in_plan = [c for c in cands if c.step == PLAN_STEP]
    pool = in_plan or [c for c in cands if c.step in ("implement", "propose_solutions")] or cands
    return max(pool, key=lambda c: (c.score, -c.block_index))


# ------------------------------------------------------------------------------------ text plans

_TEXT_ITEM = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?(?:对策|要因|真因)\s*[一二三四五六七八九十\d]+\s*[：:、.．]?\s*(?P<rest>.*)$"
)
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
TEXT_LABEL_NAMES = {
    "what": "对策",
    "why": "目标",
    "how": "措施",
    "where": "地点",
    "when": "时间",
    "who": "负责人",
    "cause": "要因",
    "qcc_why": "真因",
}
_TEXT_LABEL_RE = re.compile("(" + "|".join(f"(?P<{k}>{pat})" for k, pat in _TEXT_LABELS) + r")\s*[：:]")


def _text_groups(doc: Document, steps: list[str | None]) -> list[tuple[int, dict[str, str]]]:
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
    return groups


def read_text_plan(doc: Document, steps: list[str | None]) -> tuple[Read, set[str]] | None:
    """A 对策表 written as paragraphs: "对策一：… 目标：… 措施：… 地点：… 时间：… 负责人：…".
    Found when at least two items carry three or more of the six fields."""
    rich = [g for g in _text_groups(doc, steps) if len(set(g[1]) & set(SIX)) >= 3]
    if len(rich) < 2:
        return None
    out = Read()
    keys: set[str] = set()
    for n, (page, cells) in enumerate(rich, start=1):
        out.rows.append(Row(number=n, page=page, cells=cells))
        keys.update(cells)
        out.pages.append(page)
    out.pages = sorted(set(out.pages))
    return out, keys
