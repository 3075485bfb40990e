"""Values of the 课题 metric read from tables and charts: 活动前/现状, 目标, 活动后 labels in a header row
or column. Each value carries its row and column headers; in a table of several metrics the row that
names the 课题 metric is read, not the first one. Used by `nlp.numbers`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel

from ingest.model import Document

from . import charts
from .normalize import fold, normalize

LABELS: dict[str, tuple[str, ...]] = {
    "baseline": ("活动前", "现状", "改善前", "实施前", "改进前", "现状值", "攻关前"),
    "target": ("目标", "目标值"),
    "after": (
        "活动后",
        "改善后",
        "实施后",
        "改进后",
        "对策后",
        "攻关后",
        "效果",
        "实际",
        "实际值",
        "完成值",
        "达成值",
        "实测值",
        "检查结果",
    ),
}


class Value(BaseModel):
    value: float
    unit: str = ""
    page: int = 0
    step: str | None = None
    evidence: str = ""
    source: str = "text"  # "text" | "table" | "chart"
    row: str | None = None  # a table/chart value: its row header (the metric or category)
    column: str | None = None  # its column header (活动前 / 目标 / 活动后 …)
    # bound to the 课题 metric: a role label (现状值 / 目标值 / 活动后 …), the metric's name beside it, a table row
    # or chart series that names it (or the only one). False where the reader fell back on position (a table's
    # first numeric row among several, a change on the effect slide that names no metric): arithmetic on it
    # is a review, never a finding (docs/rules.md "Stop 27")
    bound: bool = True


def _bigrams(s: str) -> set[str]:
    f = fold(s).text
    return {f[k : k + 2] for k in range(len(f) - 1)}


def _metric_overlap(label: str, metric: str | None) -> float:
    """Share of the metric's character bigrams found in a row header (0 when there is no metric)."""
    if not metric:
        return 0.0
    mg = _bigrams(metric[-8:])
    return len(mg & _bigrams(label)) / len(mg) if mg else 0.0


def names_metric(label: str, metric: str | None) -> bool:
    """A label (a row header, a series name, the words between a role label and its figure) names the 课题
    metric: half of the metric's bigrams in it, or half of its bigrams in the metric ("不良率" of 焊接不良率)."""
    if not metric:
        return True
    lg = _bigrams(label)
    return _metric_overlap(label, metric) >= 0.5 or (bool(lg) and len(lg & _bigrams(metric)) / len(lg) >= 0.5)


def _unit_in(label: str) -> str:
    m = re.search(r"[（(]\s*([%％‰]|[\u4e00-\u9fffA-Za-z/]{1,6})\s*[)）]", normalize(label))
    return m.group(1).replace("％", "%") if m else ""


def _label_key(label: str) -> str | None:
    f = fold(label).text
    for key, names in LABELS.items():
        if any(f.startswith(fold(n).text) for n in names):
            return key
    return None


@dataclass
class _Labelled:
    """Values found under 活动前/目标/活动后 labels in tables and charts, first found wins."""

    metric: str | None
    out: dict[str, Value] = field(default_factory=dict)

    def put(self, key: str, val: float | None, v: Value) -> None:
        if val is not None and key not in self.out:
            self.out[key] = v.model_copy(update={"value": val})


def _pick_row(grid: list[list[str]], metric: str | None) -> int:
    """The data row of a 项目 × (活动前/目标/活动后) table to read: the one whose header names the 课题
    metric, else the first row carrying a number."""
    rows = range(1, len(grid))
    scored = [(r, _metric_overlap(grid[r][0], metric)) for r in rows]
    best = max(scored, key=lambda x: x[1], default=(1, 0.0))
    if best[1] >= 0.5:
        return best[0]
    return next(iter(_numeric_rows(grid)), 1)


def _numeric_rows(grid: list[list[str]]) -> list[int]:
    return [r for r in range(1, len(grid)) if any(charts.parse_number(c) is not None for c in grid[r][1:])]


def _row_bound(grid: list[list[str]], r: int, metric: str | None) -> bool:
    """The row read names the metric, or it is the table's only row of figures."""
    return _metric_overlap(grid[r][0], metric) >= 0.5 or len(_numeric_rows(grid)) <= 1


def _table_values(acc: _Labelled, grid: list[list[str]], base: Value) -> None:
    if len(grid) < 2 or len(grid[0]) < 2:
        return
    r = _pick_row(grid, acc.metric)
    bound = _row_bound(grid, r, acc.metric)
    for j, head in enumerate(grid[0]):
        key = _label_key(head)
        if key:
            unit = _unit_in(grid[r][0]) or _unit_in(head)
            acc.put(
                key,
                charts.parse_number(grid[r][j]),
                base.model_copy(
                    update={
                        "row": grid[r][0].strip() or None,
                        "column": head.strip(),
                        "unit": unit,
                        "evidence": f"{grid[r][0].strip()} {head.strip()} {grid[r][j].strip()}".strip(),
                        "bound": bound,
                    }
                ),
            )
    # rows labelled 现状 / 目标 / 活动后: column 1 is the metric's when its header names it or it is the only
    # column of figures
    numeric_cols = [
        j for j in range(1, len(grid[0])) if any(charts.parse_number(row[j]) is not None for row in grid[1:])
    ]
    col_bound = len(numeric_cols) <= 1 or _metric_overlap(grid[0][1], acc.metric) >= 0.5
    for row in grid:
        key = _label_key(row[0])
        if key:
            acc.put(
                key,
                charts.parse_number(row[1]),
                base.model_copy(
                    update={
                        "row": row[0].strip(),
                        "column": grid[0][1].strip() or None,
                        "unit": _unit_in(row[0]),
                        "evidence": f"{row[0].strip()} {row[1].strip()}",
                        "bound": col_bound,
                    }
                ),
            )


def chart_or_table_values(
    doc: Document, idxs: list[int], steps: list[str | None], metric: str | None = None
) -> dict[str, Value]:
    """现状/目标/活动后 from a chart's categories or a small table (row or column labels)."""
    acc = _Labelled(metric)
    for i in idxs:
        b = doc.blocks[i]
        base = Value(value=0.0, page=b.source.page, step=steps[i])
        if b.chart is not None and b.chart.series:
            s = b.chart.series[0]
            # the first of several series is the metric's only when its name says so
            bound = len(b.chart.series) == 1 or _metric_overlap(s.name or "", metric) >= 0.5
            for cat, v in zip(b.chart.categories, s.values, strict=False):
                key = _label_key(cat)
                if key:
                    acc.put(
                        key,
                        v,
                        base.model_copy(
                            update={
                                "source": "chart",
                                "row": s.name or None,
                                "column": cat,
                                "evidence": f"{cat} {v:g}" if v is not None else cat,
                                "bound": bound,
                            }
                        ),
                    )
        elif b.table is not None and b.table.n_rows >= 2 and b.table.n_cols >= 2:
            _table_values(acc, b.table.filled_grid(), base.model_copy(update={"source": "table"}))
    return acc.out
