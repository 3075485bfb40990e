"""One reader of a table continued over a page or slide break without its header row (a long 要因确认表 run
on onto a "（续）" slide), shared by the readers of 要因确认 tables (`fivew1h_causes` for the 要因 and 非要因,
`rules_causes` for the K rules). Each reader says what a header is for it; the layout rules are one:

* a table whose first row is a header opens a run, whatever its rows (a header alone at the foot of a page
  continues on the next);
* a table with no header, as many columns as the run's header, on the page after the run's last table,
  continues it: its rows are read under that header, and its leading rows that hold one short cell only are
  the tail of a cell wrapped over the break ("…属正常波" | "动", seen fresh8 n06), no rows of their own;
* any other table ends the run: nothing continues across a table between (seen fresh9, judge45); it is
  read as it stands, its first row as its header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

Grid = list[list[str]]


class TableRead(NamedTuple):
    block: int  # the block of the table
    header: list[str]  # its own first row, or the header of the run it continues
    rows: Grid  # its rows under that header
    continued: bool  # read under the header of a table before it
    headed: bool  # its own first row is a header (the reader's test)


def continued_tables(
    tables: Iterable[tuple[int, int, Grid]], headed: Callable[[list[str]], bool], max_tail: int = 6
) -> Iterator[TableRead]:
    """(block index, page, filled grid) of the tables of a step, in document order → each table read with its
    header (a table that neither has a header nor continues a run comes as it stands, `headed` false).
    `max_tail`: the longest cell a wrapped tail holds."""
    run: tuple[int, int, list[str]] | None = None  # columns, page of the last table, header
    for i, page, grid in tables:
        if not grid:
            continue
        if headed(grid[0]):
            run = (len(grid[0]), page, grid[0])
            yield TableRead(i, grid[0], grid[1:], False, True)
        elif run is not None and len(grid[0]) == run[0] and page == run[1] + 1:
            run = (run[0], page, run[2])
            yield TableRead(i, run[2], _unwrapped(grid, max_tail), True, False)
        else:
            run = None
            yield TableRead(i, grid[0], grid[1:], False, False)


def _unwrapped(grid: Grid, max_tail: int) -> Grid:
    """A continued table less its leading rows that hold one short cell and nothing else (kept where it is
    all the table has)."""
    k = 0
    while k < len(grid) - 1:
        filled = [c.strip() for c in grid[k] if c.strip()]
        if len(filled) != 1 or len(filled[0]) > max_tail or len(grid[k]) < 3:
            break
        k += 1
    return grid[k:]
