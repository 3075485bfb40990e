"""Counting the 末端原因 of 原因分析 and the confirmations of 确定主要原因 (rules K2, K3): the table and
enumeration grammar these rules read."""

from __future__ import annotations

import re

from .normalize import normalize
from .registry import CheckContext, RuleSpec
from .sections import count_numbers

_CN_DIGITS = "零一二三四五六七八九"
_CONFIRM_PART = re.compile(
    r"(?:确认|末端(?:因素|原因)|要因确认)\s*[（(]?\s*([\d一二三四五六七八九十]+)\s*[)）]?\s*[:：、.]"
)


def cn_int(s: str) -> int:
    """ "3" → 3, "十二" → 12, "二十" → 20; 0 when unreadable."""
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS.index(s[1])
    if len(s) == 2 and s.endswith("十"):
        return _CN_DIGITS.index(s[0]) * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_DIGITS.index(s[0]) * 10 + _CN_DIGITS.index(s[2])
    return _CN_DIGITS.index(s) if s in _CN_DIGITS else 0


def _end_column_values(ctx: CheckContext) -> tuple[set[str], set[int]]:
    """The values of a 末端 column across the 原因分析 tables, and their pages."""
    names: set[str] = set()
    pages: set[int] = set()
    for _i, b in ctx.blocks("cause_analysis"):
        if b.table is None:
            continue
        grid = b.table.filled_grid()
        for c in range(b.table.n_cols):
            head = normalize(grid[0][c]) if grid else ""
            if "末端" in head:
                vals = {normalize(grid[r][c]).strip() for r in range(1, len(grid)) if grid[r][c].strip()}
                vals.discard(head.strip())
                if vals:
                    names |= vals
                    pages.add(b.source.page)
    return names, pages


def count_end_causes(ctx: CheckContext, rule: RuleSpec) -> tuple[int, list[int]]:
    """Number of 末端原因 listed in 原因分析: the values of a 末端 column across the step's tables
    (a table split over slides counts once), else an enumerated list or "共找出末端原因N条"."""
    names, table_pages = _end_column_values(ctx)
    best = 0
    pages: list[int] = []
    for i, b in ctx.blocks("cause_analysis"):
        if b.table is not None:
            continue
        t = ctx.normalized[i]
        m = rule.rx("end_list").search(t)
        if m:
            items = [x for x in re.split(r"[、；;，,]|\s+\d+[.、)）]", m.group(1)) if len(x.strip()) >= 2]
            if len(items) > best:
                best, pages = len(items), [b.source.page]
        m2 = rule.rx("end_count").search(t)
        if m2 and "末端" in t:
            n = cn_int(m2.group(1))
            if n > best:
                best, pages = n, [b.source.page]
    if len(names) >= best:
        return len(names), sorted(table_pages)
    return best, pages


def count_confirmed(ctx: CheckContext) -> int:
    """Number of 末端原因 confirmed in 确定主要原因: distinct causes in the rows of the 确认 table(s)
    (a plan table and a result table listing the same causes count once), else numbered 确认 parts."""
    names: set[str] = set()
    col: int | None = None
    width = 0
    for _i, b in ctx.blocks("main_causes"):
        if b.table is None:
            continue
        grid = b.table.filled_grid()
        head = [normalize(x) for x in grid[0]]
        found = next((k for k, h in enumerate(head) if re.search(r"末端|原因|因素", h) and "确认" not in h), None)
        if found is None and "确认" in " ".join(head):
            found = 1 if len(head) > 1 else 0
        if found is not None:
            col, width, rows = found, b.table.n_cols, grid[1:]
        elif col is not None and b.table.n_cols == width:
            rows = grid  # the table continued on the next page without its header
        else:
            continue
        for r in rows:
            if col < len(r) and len(normalize(r[col]).strip()) > 1 and any(x.strip() for x in r):
                names.add(normalize(r[col]).strip())
    parts = _CONFIRM_PART.findall(ctx.text("main_causes"))
    # a table split over pages loses its header on the continuation: the numbered 确认 parts count too
    return max(len(names), len(set(parts)))


def _confirmation_parts(ctx: CheckContext, rule: RuleSpec) -> list[tuple[str, str]]:
    """(label, body) of each confirmation: the numbered parts "确认三：…", else the rows of a result
    table (their 确认结果/结论 cells)."""
    text = ctx.text("main_causes")
    labels = list(rule.rx("part_label").finditer(text))
    parts = [
        (m.group(1), text[m.end() : labels[k + 1].start() if k + 1 < len(labels) else len(text)])
        for k, m in enumerate(labels)
    ]
    if len(parts) >= 2:
        return parts
    parts = []
    for _i, b in ctx.blocks("main_causes"):
        if b.table is None or b.table.n_rows < 3:
            continue
        grid = b.table.filled_grid()
        head = [normalize(h) for h in grid[0]]
        cols = [c for c, h in enumerate(head) if rule.rx("result_head").search(h)]
        if not cols:
            continue
        verdict = next((c for c, h in enumerate(head) if rule.rx("conclusion_head").search(h)), None)
        for r, row in enumerate(grid[1:], start=1):
            # a row concluded 非要因 needs a reason, not a measured impact (it decides nothing)
            if verdict is not None and verdict < len(row) and rule.rx("rejected").search(normalize(row[verdict])):
                continue
            parts.append((f"第{r}行", " ".join(normalize(row[c]) for c in cols if c < len(row))))
    return parts


def weak_confirmations(ctx: CheckContext, rule: RuleSpec) -> list[str]:
    """The confirmations that give neither a number nor an impact on the 问题/症结 — when they are at
    least half of them."""
    parts = _confirmation_parts(ctx, rule)
    if len(parts) < 2:
        return []
    impact, need = rule.rx("impact"), rule.int("weak_min_numbers")
    weak = [name for name, body in parts if not (impact.search(body) or count_numbers(body) >= need)]
    return weak if len(weak) * 2 >= len(parts) else []
