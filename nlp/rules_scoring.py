"""What follows a scoring in 确定主要原因 (rule K1): whether the 要因 it picked were then verified.

A veto (K1, 不评) rests on two readings: the scoring seen deciding the 要因, and nothing after it that
verifies a cause. The second is read from the layout, not from a list of verification headings: a
new hand words a verification in ways no list holds (seen fresh6 k11, k13: "逐例追查58例…41例（70.7%）
——真因" under "真因验证"), so anything after the scoring that takes the causes one by one with figures
— per-cause lines carrying counts or shares and a verdict of any kind, a table with a result or 判定
column whose rows carry figures, a chart read as data, a picture not read — leaves the veto to a
reviewer (需人工复核). Only what the scoring itself shows (its table, its totals, its vote shares) is
left out of that reading.
"""

from __future__ import annotations

import re
from typing import Literal

from ingest.model import Block, BlockKind, FigureKind

from .continued import continued_tables
from .registry import CheckContext, RuleSpec
from .sections import count_numbers
from .steplex import step_order

Verification = Literal["data", "some"] | None

# blocks that are no part of the body a reviewer reads after the scoring
_NOT_BODY = frozenset({BlockKind.title, BlockKind.heading, BlockKind.note, BlockKind.furniture})
# pictures that show data (a table screenshot is read as a table, a 因果图 or a 甘特图 shows none)
_CHARTS = frozenset(
    {
        FigureKind.pareto,
        FigureKind.histogram,
        FigureKind.control_chart,
        FigureKind.scatter,
        FigureKind.bar,
        FigureKind.line,
        FigureKind.pie,
    }
)


def _score_table(rule: RuleSpec, b: Block) -> bool:
    """A table headed by scores or votes ("末端原因 | 张三 | 李四 | 总分 | 结论"): the scoring itself, and so
    are all its rows (a second slide of it too: its rows hold the members' marks and a verdict)."""
    if b.table is None:
        return False
    grid = b.table.filled_grid()
    return bool(grid) and _score_table_head(rule, grid[0])


def zone_blocks(ctx: CheckContext, rule: RuleSpec, first_scored: int) -> list[int]:
    """The body blocks after the scoring, up to the first step after 确定主要原因: those of 确定主要原因
    and those the structure put in no step (a verification under a heading it did not read); no
    heading, no scoring table."""
    order = step_order()
    k = order.index("main_causes")
    later = [
        min(s.blocks)
        for s in ctx.structure.steps
        if s.id in order and order.index(s.id) > k and s.blocks and min(s.blocks) > first_scored
    ]
    end = min(later, default=len(ctx.doc.blocks))
    heads = ctx.structure.heading_blocks()
    owner = ctx.structure.block_steps
    scoring = scoring_tables(ctx, rule)
    return [
        i
        for i in range(first_scored + 1, end)
        if owner[i] in ("main_causes", None)
        and i not in heads
        and ctx.doc.blocks[i].kind not in _NOT_BODY
        and i not in scoring
        and not _score_table(rule, ctx.doc.blocks[i])
    ]


# a running share, named as one ("累计80.6%", "两项合计占83%")
_SHARE = re.compile(r"((?:累计|合计|共计|累积|共)占?\s*)(\d{1,3}(?:\.(\d{1,2}))?)\s*[%％]")
_WHOLE = re.compile(r"\d{1,4}(?:\.\d)?")


def _score_column(grid: list[list[str]]) -> tuple[int, list[float]]:
    """The scores of a scoring table and their column: its last column whose cells, below the header, are
    one figure each in all rows but one (a row of its own totals aside); (-1, []) when none is."""
    rows = grid[1:]
    for c in range(max((len(r) for r in rows), default=0) - 1, 0, -1):
        vals = [r[c].strip() for r in rows if c < len(r)]
        nums = [float(v) for v in vals if _WHOLE.fullmatch(v)]
        if len(nums) >= 3 and len(nums) + 1 >= len(rows):
            return c, nums
    return -1, []


def scoring_tables(ctx: CheckContext, rule: RuleSpec) -> dict[int, list[list[str]]]:
    """The tables of the scoring in 确定主要原因, by block, each run read whole under its header: a scoring
    table (`_score_table`) and the tables that continue it on the next page or slide without its header
    (`nlp.continued`) — a table whose first row already holds a figure where the header's scores stand, so
    a data row and no header of its own — or under the same header repeated ("（续）" slides: the other half
    of the causes' marks). The run's grid is kept under its first table's block; a continuation maps to []
    (its rows are there)."""
    tables = [(i, b.source.page, b.table.filled_grid()) for i, b in ctx.blocks("main_causes") if b.table is not None]
    grids = {i: grid for i, _p, grid in tables}
    pages = {i: page for i, page, _g in tables}
    out: dict[int, list[list[str]]] = {}
    first, last = -1, -1
    for read in continued_tables(tables, lambda row: _score_table_head(rule, row)):
        if read.headed and first in out and read.header == out[first][0] and pages[read.block] == pages[last] + 1:
            out[first] = [*out[first], *read.rows]  # the header repeated over the rest: the same table
            out[read.block], last = [], read.block
            continue
        if read.headed:
            first = last = read.block
            out[first] = grids[read.block]
            continue
        col, _scores = _score_column(out.get(first, []))
        row = grids[read.block][0]
        if read.continued and first in out and 0 <= col < len(row) and _WHOLE.fullmatch(row[col].strip()):
            out[first] = [*out[first], *read.rows]
            out[read.block], last = [], read.block
    return out


def _score_table_head(rule: RuleSpec, head: list[str]) -> bool:
    text = " ".join(head)
    return bool(rule.rx("score_head").search(text) or rule.rx("scoring").search(text))


def score_shares(ctx: CheckContext, rule: RuleSpec) -> set[float]:
    """The shares the scoring's own figures give, the running sum of the highest ones short of the whole
    ("39、37、36 … of 139": 28.1 %, 54.7 %, 80.6 %): the 排列图 of the scores that picks the 真因 by 80/20 — a
    "(累计80.6%)" after the 真因 is the scoring told again, not a measurement (seen fresh11 q65). A scoring
    continued on the next slide without its header is one table (`scoring_tables`)."""
    out: set[float] = set()
    for grid in scoring_tables(ctx, rule).values():
        _col, scores = _score_column(grid)
        total = sum(scores)
        if not total:
            continue
        run = 0.0
        for v in sorted(scores, reverse=True)[:-1]:  # the whole (100 %) is no cut: it is every share's end
            run += v
            out.add(100 * run / total)
    return out


def _own_share(m: re.Match[str], shares: set[float]) -> bool:
    """A running share written (`_SHARE`) that is one of `shares`, rounded as written."""
    digits = len(m.group(3) or "")
    return any(round(s, digits) == float(m.group(2)) for s in shares)


def _told_again(line: str, shares: set[float]) -> str:
    """The line less the running shares ("累计…%") that are one of the scoring's own, rounded as written."""
    return _SHARE.sub(lambda m: m.group(1) if _own_share(m, shares) else m.group(0), line) if shares else line


def zone_lines(ctx: CheckContext, rule: RuleSpec, blocks: list[int]) -> list[str]:
    """The lines of those blocks, less the lines of the scoring itself (a score, a vote, 80/20), the
    shares its scores give (`score_shares`) and the count of the causes it kept ("确认结果，要因共3条：",
    "确定4项要因"): a count of the verdicts is the outcome told again, not a figure measured on a cause
    (seen fresh12 r02: a show of votes, then the three 要因 listed by name under such a count)."""
    shares = score_shares(ctx, rule)
    counted = rule.rx("cause_count")
    return [
        counted.sub("", _told_again(ln, shares))
        for i in blocks
        for ln in ctx.normalized[i].splitlines()
        if ln.strip() and not rule.rx("scoring").search(ln)
    ]


def judged_lines(rule: RuleSpec, zone: list[str]) -> list[str]:
    """Lines giving one cause its verdict with measured data (a share or a count over a base); a line
    deciding by a score or the 80/20 rule ("依80/20法则，总分≥32分的末端原因选为要因") is the scoring's."""
    return [
        ln
        for ln in zone
        if rule.rx("own_verdict").search(ln) and rule.rx("measured").search(ln) and not rule.rx("score_line").search(ln)
    ]


def _per_cause_lines(rule: RuleSpec, zone: list[str]) -> list[str]:
    """Lines carrying a figure with its unit (a count, a share, a time, a measured value) and a verdict of
    any kind (要因/主因/根因, 成立, 影响大, 排除, √ …): a cause taken one by one, however it is worded."""
    return [
        ln
        for ln in zone
        if rule.rx("any_verdict").search(ln) and rule.rx("figure").search(ln) and not rule.rx("score_line").search(ln)
    ]


def _tallied(rule: RuleSpec, zone: list[str]) -> str:
    """A line counting the problem's own cases by cause ("结果：无专人协助分工17例、未宣教12例、镇痛不足9例、…3例")
    whose counts add up to a count written in another line of what follows the scoring ("对45例未执行者逐例核实原因")
    or give a running share written there ("前三项累计84.4%"): the causes were weighed by cases traced one by
    one — a 查检 however it is worded (seen fresh19 b13: "逐例核实", no verification word) — and the 80/20
    that picks the 真因 is read on those counts, not on the scores. The line, or "" when none is."""
    count = rule.rx("tally")
    for k, ln in enumerate(zone):
        counts = [int(m.group(1)) for m in count.finditer(ln)]
        if len(counts) < rule.int("tally_counts") or not (total := sum(counts)):
            continue
        others = [int(m.group(1)) for j, o in enumerate(zone) if j != k for m in count.finditer(o)]
        run = 0
        shares = set()
        for c in sorted(counts, reverse=True)[:-1]:
            run += c
            shares.add(100 * run / total)
        if total in others or any(_own_share(m, shares) for m in _SHARE.finditer("\n".join(zone))):
            return ln
    return ""


def _result_table(ctx: CheckContext, rule: RuleSpec, i: int) -> bool:
    """A table (not the scoring's) with a result / 判定 / 结论 column, or whose rows carry figures with
    their units: causes taken one by one with figures."""
    t = ctx.doc.blocks[i].table
    if t is None:
        return False
    grid = t.filled_grid()
    if len(grid) < 2:
        return False
    rows = [" ".join(r) for r in grid[1:]]
    with_figures = sum(1 for r in rows if rule.rx("figure").search(r))
    has_result = bool(rule.rx("result_head").search(" ".join(grid[0])))
    return with_figures >= rule.int("verdict_lines") or (has_result and with_figures >= 1)


def _chart_or_picture(ctx: CheckContext, rule: RuleSpec, i: int) -> bool:
    """A chart read as data, or a picture of a chart (a 柱状图 of one cause's survey, a 散布图, a 控制图):
    what it shows may verify. A screenshot of a table is read by its cells and lines, as a table."""
    b = ctx.doc.blocks[i]
    chart = b.chart is not None or b.kind == BlockKind.chart
    if b.figure is not None and b.figure.kind in _CHARTS:
        chart = True
    return chart and not rule.rx("scoring").search(b.text)


_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")


def _sentences(ctx: CheckContext, blocks: list[int]) -> list[tuple[str, list[int]]]:
    """The sentences of running body blocks, each with the blocks it spans: a scan's OCR gives one block a
    line, and a sentence wraps across them ("…总分≥25" / "分的确定为要因。"); a table or a heading ends one."""
    out: list[tuple[str, list[int]]] = []
    buf = ""
    span: list[int] = []
    for i in blocks:
        b = ctx.doc.blocks[i]
        if b.table is not None or b.kind in _NOT_BODY:
            if buf:
                out.append((buf, span))
            buf, span = "", []
            continue
        for piece in _SENTENCE_END.split("".join(ctx.normalized[i].split())):
            if not piece:
                continue
            buf, span = buf + piece, span if i in span else [*span, i]
            if piece[-1] in "。；;！？!?":
                out.append((buf, span))
                buf, span = "", []
    if buf:
        out.append((buf, span))
    return out


def deciding_sentence(ctx: CheckContext, rule: RuleSpec) -> list[int]:
    """The blocks of the sentence that decides the 要因 by a score or a vote ("依80/20法则，总分≥32分者定为真因",
    "总分≥25分的确定为要因", "得票≥6票为真因"), read across a scan's wrapped lines; [] when none. It is
    what a 否决 rests on: the scoring stated as the way the 要因 were decided."""
    blocks = [i for i, _b in ctx.blocks("main_causes")]
    for text, span in _sentences(ctx, blocks):
        if rule.rx("decides").search(text) and rule.rx("score_line").search(text):
            return span
    return []


def _next_first_page(ctx: CheckContext) -> list[int]:
    """The body blocks on the first page of the step found after 确定主要原因 (no heading)."""
    order = step_order()
    k = order.index("main_causes")
    nxt = next((s for s in ctx.structure.steps if s.id in order and order.index(s.id) > k and s.blocks), None)
    if nxt is None:
        return []
    first = ctx.doc.blocks[min(nxt.blocks)].source.page
    heads = ctx.structure.heading_blocks()
    return [
        i
        for i in nxt.blocks
        if ctx.doc.blocks[i].source.page == first and i not in heads and ctx.doc.blocks[i].kind not in _NOT_BODY
    ]


def verified_near(ctx: CheckContext, rule: RuleSpec, first_scored: int) -> str:
    """Causes given their verdict in so many words with a figure (`verdict_said`), in `verdict_lines` lines or
    more, where `verification_after` does not read: before the scoring in 确定主要原因 (the verification told
    first, the scores summing it up), or on the first page of the step after it (a slide "要因确认及对策拟定"
    read as that step). The first such line, or "" when too few."""
    heads = ctx.structure.heading_blocks()
    scoring = scoring_tables(ctx, rule)
    before = [
        i
        for i, b in ctx.blocks("main_causes")
        if i < first_scored
        and i not in heads
        and b.kind not in _NOT_BODY
        and i not in scoring
        and not _score_table(rule, b)
    ]
    lines = zone_lines(ctx, rule, before + _next_first_page(ctx))
    said = [
        ln
        for ln in lines
        if rule.rx("verdict_said").search(ln) and rule.rx("figure").search(ln) and not rule.rx("score_line").search(ln)
    ]
    return said[0][:40] if len(said) >= rule.int("verdict_lines") else ""


def verification_after(ctx: CheckContext, rule: RuleSpec, first_scored: int) -> tuple[Verification, str]:
    """What follows the scoring: "data" when the 要因 are verified with data (品管圈: 要因评价 by 评分, then
    真因验证 by 现场查检 with numbers) — the scoring only ranked the candidates, it did not decide them;
    "some" when anything follows that may verify a cause, too little or too unlike our words to say the
    data decided; None when nothing does. The second value quotes what was seen."""
    blocks = zone_blocks(ctx, rule, first_scored)
    zone = zone_lines(ctx, rule, blocks)
    text = "\n".join(zone)
    worded = rule.rx("verified").search(text)
    # each picked cause given its verdict with a measured share or count ("37例未轮换中34例（91.9%）…——真因",
    # seen fresh6 k11, k13): the data decided, whatever the verification is headed or worded
    judged = judged_lines(rule, zone)
    if (worded and count_numbers(text) >= rule.int("verified_numbers")) or len(judged) >= rule.int("verdict_lines"):
        return "data", ""
    if _tallied(rule, zone):
        return "data", ""
    if judged:
        return "some", judged[0][:40]
    if worded:
        return "some", worded.group(0)
    if lines := _per_cause_lines(rule, zone):
        return "some", lines[0][:40]
    for i in blocks:
        if _result_table(ctx, rule, i) or _chart_or_picture(ctx, rule, i):
            return "some", ctx.normalized[i].splitlines()[0][:40] if ctx.normalized[i] else "图表"
    return None, ""
