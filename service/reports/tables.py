"""The 对策表 as found in the document, for the report: the table the 5W1H check read, empty cells
marked, incomplete rows underlined."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.model import BlockKind, Document, Table
from nlp.report import CheckReport


@dataclass(frozen=True)
class PlanCell:
    text: str
    empty: bool


@dataclass(frozen=True)
class PlanRow:
    header: bool
    incomplete: bool
    cells: list[PlanCell]


def fivew1h_table(check: CheckReport, doc: Document | None) -> list[PlanRow] | None:
    f = check.fivew1h
    if not f.found or doc is None:
        return None
    pages = set(f.pages)
    best: Table | None = None
    for b in doc.blocks:
        if b.kind != BlockKind.table or b.table is None or (pages and b.source.page not in pages):
            continue
        if best is None or b.table.n_rows * b.table.n_cols > best.n_rows * best.n_cols:
            best = b.table
    if best is None:
        return None
    incomplete = set(f.incomplete_rows)
    return [
        PlanRow(
            header=i == 0,
            incomplete=i in incomplete,
            cells=[PlanCell(c, not c.strip() and i > 0) for c in row if c is not None],
        )
        for i, row in enumerate(best.grid())
    ]
