"""PPTX table cells with python-pptx's merge semantics, read straight from the XML."""

from __future__ import annotations

from lxml import etree

from ..model import Cell, Table
from .pptx_text import A, paragraphs


def read_table(tbl: object) -> Table:
    """Origin cells with their spans; cells covered by a merge are not repeated.

    The merge semantics are python-pptx's (`_Cell.is_spanned` = hMerge or vMerge; `is_merge_origin` =
    not spanned and gridSpan or rowSpan > 1; `span_width` = gridSpan, `span_height` = rowSpan), read
    straight from each `a:tc` while walking the rows once: python-pptx's own properties cost ~10 ms
    per small table through its lazy descriptors."""
    n_cols = len(tbl.columns)  # type: ignore[attr-defined]
    tr_list = tbl._tbl.findall(f"{A}tr")  # type: ignore[attr-defined]
    n_rows = len(tr_list)
    rows: list[list[Cell]] = []
    for r, tr in enumerate(tr_list):
        row: list[Cell] = []
        for c, tc in enumerate(tr.findall(f"{A}tc")[:n_cols]):
            if _flag(tc, "hMerge") or _flag(tc, "vMerge"):
                continue
            text = "\n".join(p.text for p in paragraphs(tc.find(f"{A}txBody")))
            row.append(
                Cell(
                    text=text,
                    row=r,
                    col=c,
                    row_span=max(1, min(_span(tc, "rowSpan"), n_rows - r)),
                    col_span=max(1, min(_span(tc, "gridSpan"), n_cols - c)),
                )
            )
        rows.append(row)
    return Table(rows=rows, n_rows=n_rows, n_cols=n_cols)


def _flag(tc: etree._Element, name: str) -> bool:
    return tc.get(name, "0").strip().lower() in ("1", "true", "on")


def _span(tc: etree._Element, name: str) -> int:
    try:
        return int(tc.get(name, "1"))
    except ValueError:
        return 1
