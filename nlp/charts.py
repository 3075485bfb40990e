"""Chart correctness rules of spec/domain.md b.2 where the data is readable.

* 排列图 (from a Chart object with a cumulative series, or from a table with 频数 and 累计 columns/rows):
  ≥ 3 categories, counts descending, "其他" last and not too large (≤ 10 %), cumulative ending at 100 %
  and matching the counts, counts summing to the stated total (合计 row / "合计N" in the chart's block).
* 直方图: n ≥ 50; 散布图: ≥ 30 pairs; 控制图: ≥ 20 subgroups — n from the chart data or from "n=…",
  "样本量…", "子组数…" on the same page.

Used by `nlp.tools` (findings Q1 outside 现状调查, X2 inside it) and by `nlp.numbers` (Pareto sums).
"""

from __future__ import annotations

import re
from itertools import pairwise

from pydantic import BaseModel, Field

from ingest.model import BlockKind, Cell, Chart, Document, Table

from . import lexfile
from .normalize import fold, normalize

OTHER_NAMES = ("其他", "其它", "其他类", "其余", "其他项")
_OTHER_FOLDED = ("其他", "其它", "其余")
_LIMITS = lexfile.load("numbers.yaml")["charts"]  # thresholds as data (lexicon/numbers.yaml)
OTHER_MAX_SHARE = float(_LIMITS["other_max_share"])  # percent
OTHER_NEAR_SHARE = float(_LIMITS["other_near_share"])  # percent
OTHER_OVER_NAMED = int(_LIMITS["other_over_named"])
OTHER_LARGE_SHARE = float(_LIMITS["other_large_share"])  # percent
CUM_TOLERANCE = float(_LIMITS["cum_tolerance"])  # percentage points between a stated and a recomputed cumulative share
MIN_CATEGORIES = int(_LIMITS["min_categories"])
MIN_HISTOGRAM_N = int(_LIMITS["min_histogram_n"])
MIN_SCATTER_PAIRS = int(_LIMITS["min_scatter_pairs"])
MIN_CONTROL_SUBGROUPS = int(_LIMITS["min_control_subgroups"])

_COUNT_WORDS = (
    "频数",
    "频次",
    "数量",
    "次数",
    "件数",
    "个数",
    "台数",
    "不合格数",
    "缺陷数",
    "不良数",
    "故障数",
    "点数",
    "问题数",
    "数据",
    "起数",
    "例数",
    "批次",
    "时间",
    "工时",
    "损失",
    "得分",
    "分值",
    "票数",
    "评分",
)
_PCT_WORDS = ("百分比", "占比", "频率", "比例", "比率", "%")
_CUM_WORDS = ("累计", "累积")
_TOTAL_WORDS = ("合计", "总计", "总数", "小计", "共计", "总和")
_NUM = re.compile(r"-?\d+(?:\.\d+)?")
_STATED_TOTAL = re.compile(
    r"(?:(?:不良|缺陷|不合格|故障|问题)(?:品|项|点)?(?:总数|总计|合计)|合计|共计|总计)\s*[为是：:=]?\s*(\d+(?:\.\d+)?)"
)


def parse_number(text: str) -> float | None:
    """The first number in a cell ("12", "35.5%", "1,234 件"), None when there is none."""
    t = normalize(text).replace(",", "").replace("，", "")
    m = _NUM.search(t)
    return float(m.group()) if m else None


def is_total(cell: str) -> bool:
    """A 合计/总计 label (a whole cell), not a category that merely contains 总数 ("菌落总数超标")."""
    f = fold(cell).text
    return f in _TOTAL_WORDS or any(f.startswith(w) and len(f) <= len(w) + 3 for w in ("合计", "总计", "共计"))


def is_other(category: str) -> bool:
    f = fold(category).text
    return f.startswith(_OTHER_FOLDED)


class ParetoData(BaseModel):
    source: str  # "chart" | "table"
    block_index: int = -1
    page: int = 0
    categories: list[str]
    counts: list[float]
    cumulative: list[float] | None = None  # percent, 0–100
    stated_total: float | None = None

    @property
    def total(self) -> float:
        return sum(self.counts)


class ChartProblem(BaseModel):
    code: str  # few_categories | not_descending | other_not_last | other_too_large | cumulative_end | ...
    message: str  # Simplified Chinese


# --------------------------------------------------------------------------------- reading Paretos


def _as_percent(vals: list[float]) -> list[float]:
    if vals and max(vals) <= 1.0001:
        return [v * 100 for v in vals]
    return vals


def _cumulative_like(name: str, vals: list[float | None]) -> bool:
    if any(w in name for w in _CUM_WORDS):
        return True
    v = [x for x in vals if x is not None]
    if len(v) < 2 or any(b < a - 1e-9 for a, b in pairwise(v)):
        return False
    last = v[-1]
    return abs(last - 100) <= 2 or abs(last - 1) <= 0.02


def read_pareto_chart(chart: Chart) -> ParetoData | None:
    """A Pareto from a chart object: kind "pareto", or a bar/combo chart with a cumulative series, or a
    chart titled 排列图/柏拉图."""
    if len(chart.series) < 1 or not chart.categories:
        return None
    titled = bool(chart.title and any(w in chart.title for w in ("排列图", "柏拉图", "帕累托")))
    cum_idx = next(
        (k for k, s in enumerate(chart.series) if len(chart.series) > 1 and _cumulative_like(s.name, s.values)), None
    )
    if chart.kind != "pareto" and cum_idx is None and not (titled and chart.kind in ("bar", "combo")):
        return None
    if chart.kind not in ("pareto", "bar", "combo"):
        return None
    count_series = next((s for k, s in enumerate(chart.series) if k != cum_idx), None)
    if count_series is None:
        return None
    pairs = [(c, v) for c, v in zip(chart.categories, count_series.values, strict=False) if v is not None]
    pairs = [(c, v) for c, v in pairs if not is_total(c)]
    cum = None
    if cum_idx is not None:
        cv = [v for v in chart.series[cum_idx].values[: len(chart.categories)] if v is not None]
        cum = _as_percent([float(x) for x in cv]) if len(cv) == len(pairs) else None
    return ParetoData(
        source="chart",
        categories=[c for c, _ in pairs],
        counts=[float(v) for _, v in pairs],
        cumulative=cum,
    )


def label_kind(text: str) -> str | None:
    f = fold(text).text
    if not f:
        return None
    if any(w in f for w in _CUM_WORDS):
        return "cum"
    if any(w in f for w in _PCT_WORDS) or "频率" in f:
        return "pct"
    if any(w in f for w in _COUNT_WORDS):
        return "count"
    bare = fold(re.sub(r"[（(][^）)]*[）)]", "", normalize(text))).text
    if bare.endswith(("数", "次", "量", "件", "个")) and not bare.endswith(("序数", "编号")):
        return "count"
    return None


def _is_serial(label: str, cells: list[str]) -> bool:
    f = fold(label).text
    if f in ("序号", "编号", "序", "no", "排序", "顺序"):
        return True
    vals = [c.strip() for c in cells if c.strip()]
    return bool(vals) and all(v.isdigit() for v in vals)


def _pareto_from_lines(labels: list[str], lines: list[list[str]]) -> ParetoData | None:
    """labels: the header of each line (column header or row label); lines[k]: the cells along it."""
    kinds = [label_kind(x) for x in labels]
    if "count" not in kinds or "cum" not in kinds:
        return None
    ci = kinds.index("count")
    ui = kinds.index("cum")
    cat_i = next((k for k, kd in enumerate(kinds) if kd is None and not _is_serial(labels[k], lines[k])), None)
    if cat_i is None:
        return None
    cats: list[str] = []
    counts: list[float] = []
    cums: list[float | None] = []
    stated: float | None = None
    for pos in range(len(lines[cat_i])):
        cat = lines[cat_i][pos].strip()
        cnt = parse_number(lines[ci][pos]) if pos < len(lines[ci]) else None
        if any(is_total(line[pos]) for line in lines if pos < len(line)):
            stated = cnt
            continue
        if not cat or cnt is None:
            continue
        cats.append(cat)
        counts.append(cnt)
        cums.append(parse_number(lines[ui][pos]) if pos < len(lines[ui]) else None)
    if len(cats) < 1:
        return None
    cum_vals = [c for c in cums if c is not None]
    cum = _as_percent(cum_vals) if len(cum_vals) == len(cats) else None
    return ParetoData(source="table", categories=cats, counts=counts, cumulative=cum, stated_total=stated)


def read_pareto_table(table: Table) -> ParetoData | None:
    """A Pareto table: a header row (项目 | 频数 | 累计百分比 …) or, transposed, a header column."""
    g = table.filled_grid()
    if table.n_rows < 2 or table.n_cols < 2:
        return None
    # header row: columns are the lines
    cols = [[g[r][j] for r in range(1, table.n_rows)] for j in range(table.n_cols)]
    p = _pareto_from_lines([g[0][j] for j in range(table.n_cols)], cols)
    if p is not None:
        return p
    # header column: rows are the lines
    rows = [[g[r][j] for j in range(1, table.n_cols)] for r in range(table.n_rows)]
    return _pareto_from_lines([g[r][0] for r in range(table.n_rows)], rows)


def _has_header(table: Table) -> bool:
    g = table.filled_grid()
    first_row = [label_kind(x) for x in g[0]] if g else []
    first_col = [label_kind(r[0]) for r in g] if g else []
    return "count" in first_row or "cum" in first_row or "count" in first_col


def count_rows(grid: list[list[str]]) -> list[tuple[str, float]]:
    """(category, count) of a stratification table: its header names a count column (例数, 频数, 件数)
    and a category column; totals left out (by their label, or a last row that sums the rows above)."""
    kinds = [label_kind(h) for h in grid[0]]
    if "count" not in kinds:
        return []
    ci = kinds.index("count")
    cat = next((k for k, kd in enumerate(kinds) if kd is None and k != ci), None)
    if cat is None:
        return []
    rows = []
    for r in grid[1:]:
        if max(cat, ci) >= len(r) or is_total(r[cat]) or not r[cat].strip():
            continue
        if (n := parse_number(r[ci])) is not None:
            rows.append((normalize(r[cat]).strip(), n))
    # a last row that is the sum of the rows above it is their total, whatever its label reads ("计": OCR lost
    # the 合 of a scanned 合计, seen fresh13 s28)
    if len(rows) >= 4 and rows[-1][1] > 0 and abs(rows[-1][1] - sum(n for _c, n in rows[:-1])) < 1e-6:
        rows.pop()
    return rows


def append_rows(a: Table, b: Table) -> Table:
    """`b`'s rows below `a`'s (a table continued on the next page or slide without its header)."""
    shifted = [
        [Cell(text=c.text, row=c.row + a.n_rows, col=c.col, row_span=c.row_span, col_span=c.col_span) for c in row]
        for row in b.rows
    ]
    return Table(rows=[*a.rows, *shifted], n_rows=a.n_rows + b.n_rows, n_cols=a.n_cols)


def _header_row(table: Table) -> list[str]:
    return [normalize(x).strip() for x in table.filled_grid()[0]] if table.n_rows else []


def _repeats_header(first: Table, nxt: Table) -> bool:
    """`nxt` opens with `first`'s header row again: the table continued with its header repeated."""
    return nxt.n_cols == first.n_cols and nxt.n_rows >= 2 and _header_row(nxt) == _header_row(first)


def _without_header(t: Table) -> Table:
    rows = [[c.model_copy(update={"row": c.row - 1}) for c in r] for r in t.rows[1:]]
    return Table(rows=rows, n_rows=t.n_rows - 1, n_cols=t.n_cols)


def _header_repeated_ahead(doc: Document, j: int, first: Table, page: int) -> bool:
    """From block j on, past a title or a line or two, a table on the same or the next page continues `first`:
    it repeats `first`'s header, or its rows go on from `first`'s (`_rows_go_on`) — the slide or page that
    opens there continues the table ("…（续）")."""
    for nb in doc.blocks[j : j + 5]:
        if nb.source.page > page + 1:
            return False
        if nb.table is not None:
            return _repeats_header(first, nb.table) or _rows_go_on(first, nb.table)
    return False


def _numeric_mask(row: list[str]) -> list[bool]:
    return [parse_number(c) is not None for c in row]


def _rows_go_on(first: Table, nxt: Table) -> bool:
    """`nxt` has no header of its own, as many columns as `first`, and its first row holds figures where
    `first`'s first data row does (a category and its counts): the rest of `first`'s rows, not a table of
    its own whose header the Pareto labels do not name ("指标 | 活动前 | 目标值 | 设定依据")."""
    if nxt.n_cols != first.n_cols or first.n_rows < 2 or nxt.n_rows < 1 or _has_header(nxt):
        return False
    mask = _numeric_mask(first.filled_grid()[1])
    return any(mask) and _numeric_mask(nxt.filled_grid()[0]) == mask


def pareto_table_at(doc: Document, i: int) -> tuple[ParetoData | None, list[int]]:
    """The Pareto table starting at block i, with its continuations on the next page(s) merged in — rows
    without a header, or under the same header repeated (then past the next slide's title); returns the
    data and the indices of the continuation blocks it used."""
    b = doc.blocks[i]
    if b.table is None:
        return None, []
    table = first = b.table
    used: list[int] = []
    if read_pareto_table(table) is None:
        return None, []
    j, gap, page = i + 1, 0, b.source.page
    while j < len(doc.blocks) and gap <= 3:
        nb = doc.blocks[j]
        if nb.kind == BlockKind.table and nb.table is not None:
            repeated = _repeats_header(first, nb.table)
            if nb.table.n_cols != table.n_cols or (_has_header(nb.table) and not repeated):
                break
            table = append_rows(table, _without_header(nb.table) if repeated else nb.table)
            used.append(j)
            gap, page = 0, nb.source.page
        elif nb.kind in (BlockKind.heading, BlockKind.title, BlockKind.chart):
            if nb.kind == BlockKind.chart or not _header_repeated_ahead(doc, j + 1, first, page):
                break
        elif nb.kind not in (BlockKind.furniture, BlockKind.note):
            gap += 1
        j += 1
    p = read_pareto_table(table)
    if p is None:
        return None, []
    return p.model_copy(update={"block_index": i, "page": b.source.page}), used


def _cells_to_table(cells: list[str], k: int) -> Table:
    rows = [
        [Cell(text=c, row=r, col=j) for j, c in enumerate(cells[r * k : (r + 1) * k])] for r in range(len(cells) // k)
    ]
    return Table(rows=rows, n_rows=len(rows), n_cols=k)


def _row_of_cells(cells: list[str]) -> bool:
    """A label then figures: one row of a Pareto table read cell by cell."""
    return parse_number(cells[0]) is None and all(parse_number(c) is not None for c in cells[1:])


def pareto_in_lines(lines: list[str], min_rows: int = 3) -> ParetoData | None:
    """A Pareto table read one cell a line, as OCR reads a scanned table ("缺陷部位", "缺陷数（起）", "百分比",
    "累计百分比", then "主变端子箱", "41", "42.7%", "42.7%" …; seen fresh12 r57): a header of 3–6 labels naming
    a count and a cumulative column, then rows of as many cells, a label and figures each. Taken as data only
    when its cumulative column recomputes from its counts row by row: the cells were read whole and in order."""
    for start in range(len(lines)):
        for k in range(3, 7):
            head = lines[start : start + k]
            kinds = [label_kind(h) for h in head]
            if len(head) < k or "count" not in kinds or "cum" not in kinds or kinds[0] is not None:
                continue
            cells = list(head)
            pos = start + k
            while pos + k <= len(lines) and _row_of_cells(lines[pos : pos + k]):
                cells += lines[pos : pos + k]
                pos += k
            if len(cells) // k - 1 < min_rows:
                continue
            p = read_pareto_table(_cells_to_table(cells, k))
            if p is not None and p.cumulative is not None and not _cumulative_off(p):
                return p
    return None


def recomputes(p: ParetoData) -> bool:
    """The Pareto's cumulative column recomputes from its counts row by row, and its stated total (合计), if
    any, is their sum: its cells were read as printed."""
    total_ok = p.stated_total is None or abs(p.stated_total - p.total) <= 0.5
    return p.cumulative is not None and not _cumulative_off(p) and total_ok


def _cumulative_off(p: ParetoData) -> bool:
    return p.total <= 0 or _cumulative_mismatch(p) is not None


def _cumulative_mismatch(p: ParetoData) -> tuple[str, float, float] | None:
    """The first category whose stated cumulative share is off the one its counts give by more than
    `CUM_TOLERANCE`: (category, stated, recomputed); None where every share recomputes (a positive total)."""
    if p.cumulative is None:
        return None
    run = 0.0
    for c, v, stated in zip(p.categories, p.counts, p.cumulative, strict=True):
        run += v
        expect = run / p.total * 100
        if abs(stated - expect) > CUM_TOLERANCE:
            return c, stated, expect
    return None


def stated_total_in(text: str) -> float | None:
    m = _STATED_TOTAL.search(normalize(text))
    return float(m.group(1)) if m else None


# ------------------------------------------------------------------------------------ Pareto rules


def pareto_problems(p: ParetoData) -> list[ChartProblem]:
    out: list[ChartProblem] = []
    n = len(p.categories)
    if n < MIN_CATEGORIES:
        out.append(
            ChartProblem(
                code="few_categories", message=f"排列图只有{n}个类别，少于3项不需要用排列图（可用简单表格或饼图）"
            )
        )
    named = [(c, v) for c, v in zip(p.categories, p.counts, strict=True) if not is_other(c)]
    vals = [v for _, v in named]
    for k in range(1, len(vals)):
        if vals[k] > vals[k - 1] + 1e-9:
            out.append(
                ChartProblem(
                    code="not_descending",
                    message=f"排列图未按频数从大到小排列（“{named[k][0]}”{vals[k]:g}排在“{named[k - 1][0]}”{vals[k - 1]:g}之后）",
                )
            )
            break
    others = [k for k, c in enumerate(p.categories) if is_other(c)]
    total = p.total
    if others:
        k = others[0]
        if k != n - 1:
            out.append(ChartProblem(code="other_not_last", message="排列图中“其他”项未排在最后"))
        share = p.counts[k] / total * 100 if total else 0.0
        # "not larger than the smallest named category, ≈≤10%" (domain.md b.2): just over 10 % and no larger
        # than any named category is within "≈" (3 of 28 = 10.7 % beside a named 4, seen fresh16 w65)
        near = share <= OTHER_NEAR_SHARE and bool(vals) and p.counts[k] <= min(vals) + 1e-9
        if share > OTHER_MAX_SHARE and not near:
            code = "other_too_large" if other_clearly_large(p.counts[k], vals, share) else "other_large_unsure"
            out.append(ChartProblem(code=code, message=f"排列图中“其他”项占{share:.1f}%，超过10%，应进一步细分"))
    if p.cumulative is not None and total > 0:
        last = p.cumulative[-1]
        if abs(last - 100.0) > 0.6:
            out.append(ChartProblem(code="cumulative_end", message=f"排列图累计百分比最终为{last:g}%，未达到100%"))
        elif (off := _cumulative_mismatch(p)) is not None:
            c, stated, expect = off
            out.append(
                ChartProblem(
                    code="cumulative_mismatch",
                    message=f"排列图“{c}”的累计百分比为{stated:g}%，按频数计算应为{expect:.1f}%",
                )
            )
        if any(b < a - 1e-9 for a, b in pairwise(p.cumulative)):
            out.append(ChartProblem(code="cumulative_not_monotonic", message="排列图累计百分比不是逐项递增"))
    if p.stated_total is not None and abs(p.stated_total - total) > 0.5:
        out.append(
            ChartProblem(
                code="sum_mismatch", message=f"排列图各项频数之和为{total:g}，与合计数{p.stated_total:g}不一致"
            )
        )
    return out


def other_clearly_large(other: float, named: list[float], share: float) -> bool:
    """A 其他 over 10 % that is strong evidence of a 排列图 not stratified far enough (domain.md b.2): it holds
    `OTHER_LARGE_SHARE` % or more, or outweighs `OTHER_OVER_NAMED` named categories (every named one but the
    largest where fewer are named); else a reader's call (lexicon/numbers.yaml `charts`)."""
    over = sum(other > v + 1e-9 for v in named)
    return share >= OTHER_LARGE_SHARE or (bool(named) and over >= min(OTHER_OVER_NAMED, len(named) - 1))


# the problems a Pareto's figures show against each other: its cumulative column against its counts, its counts
# against its 合计 — where one figure was misread, these are what the misreading makes
ARITHMETIC_CODES = ("cumulative_end", "cumulative_mismatch", "cumulative_not_monotonic", "sum_mismatch")


def screenshot_problems(p: ParetoData) -> list[ChartProblem]:
    """The b.2 problems of a Pareto table read by OCR from a picture of it (a table screenshot): where its
    cumulative column recomputes from its counts, all of them; where it does not, a digit may have been misread
    ("6" read as "９": 18 | ９ | 3 | 2 beside a printed 62.1 % / 82.8 %, seen fresh17 y37; "9" as "６" beside
    8.1 %, fresh14 u69), so the sums are not the document's — the order and 其他 problems stand."""
    found = pareto_problems(p)
    if recomputes(p):
        return found
    return [x for x in found if x.code not in ARITHMETIC_CODES]


# ------------------------------------------------------------------------- histogram / scatter / SPC

_N_PATTERNS = [
    re.compile(r"(?<![a-zA-Z])[nN]\s*[=＝:：]\s*(\d+)"),
    re.compile(r"(?:样本量|样本数|样本容量|数据量|数据个数|测量数据|采集数据|抽取)\s*[为是：:=]?\s*(\d+)"),
    re.compile(r"(?:共|收集|采集|测量|抽取|抽样)了?\s*(\d+)\s*(?:个|组|次|件)?(?:数据|样本|测量值|数值|点)"),
]
_SUBGROUP_PATTERNS = [
    re.compile(r"(?:子组数|子组|组数)\s*[为是：:=]?\s*(?:k\s*[=＝]\s*)?(\d+)"),
    re.compile(r"(?<![a-zA-Z])[kK]\s*[=＝]\s*(\d+)"),
    re.compile(r"(?:共|收集|采集|抽取)了?\s*(\d+)\s*(?:组|个子组)"),
]


def sample_size_in(text: str) -> int | None:
    t = normalize(text)
    for pat in _N_PATTERNS:
        m = pat.search(t)
        if m:
            return int(m.group(1))
    return None


def subgroups_in(text: str) -> int | None:
    t = normalize(text)
    for pat in _SUBGROUP_PATTERNS:
        m = pat.search(t)
        if m:
            return int(m.group(1))
    return None


def is_control_chart(chart: Chart) -> bool:
    names = " ".join(s.name for s in chart.series).upper()
    titled = bool(chart.title and "控制图" in chart.title)
    return titled or ("UCL" in names and chart.kind in ("line", "combo", "scatter")) or "上控制限" in names


def is_histogram(chart: Chart) -> bool:
    return chart.kind == "histogram" or bool(chart.title and "直方图" in chart.title)


def chart_n(chart: Chart) -> int:
    """Observations behind a chart: for a histogram the sum of bin counts, for a scatter the pairs, for a
    control chart the subgroups (points of the first series)."""
    if not chart.series:
        return 0
    vals = [v for v in chart.series[0].values if v is not None]
    if is_histogram(chart):
        return int(sum(vals))
    return len(vals)


class SampleProblem(BaseModel):
    tool: str
    n: int
    minimum: int
    message: str


def sample_problem(tool: str, n: int | None) -> SampleProblem | None:
    rules = {
        "直方图": (MIN_HISTOGRAM_N, "数据"),
        "散布图": (MIN_SCATTER_PAIRS, "对数据"),
        "控制图": (MIN_CONTROL_SUBGROUPS, "个子组"),
    }
    if tool not in rules or n is None or n <= 0:
        return None
    minimum, unit = rules[tool]
    if n >= minimum:
        return None
    need = {"直方图": "直方图样本量应不少于50", "散布图": "散布图应不少于30对数据", "控制图": "控制图应不少于20个子组"}[
        tool
    ]
    return SampleProblem(tool=tool, n=n, minimum=minimum, message=f"{tool}只有{n}{unit}，{need}")


class ChartCheck(BaseModel):
    """One readable chart or table checked against b.2."""

    tool: str
    block_index: int
    page: int
    step: str | None
    n: int | None = None
    pareto: ParetoData | None = None
    problems: list[ChartProblem] = Field(default_factory=list)
