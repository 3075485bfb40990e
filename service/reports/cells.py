"""Text from a submission written into a spreadsheet or a CSV file is data, never a formula.

A submitter controls the title, the company name and every quoted passage; a value such as
`=HYPERLINK("http://…","点击")` written as-is lands in `summary.xlsx` as a live formula that runs in the
staff member's Excel (CSV/formula injection). Following OWASP's advice, a text value starting with
`=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single quote, so it stays text in Excel,
LibreOffice and in any CSV the sheet is exported to. A workbook goes through `neutralise_workbook` just
before it is saved (every sheet, every cell, whichever code wrote it); a CSV row through `cell_value`.
"""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """The text, with a leading single quote when it would start a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


CellValue = str | int | float | bool | None


def cell_value(value: CellValue) -> CellValue:
    """What a writer puts in a cell: text neutralised, numbers, booleans and None unchanged."""
    return neutralise(value) if isinstance(value, str) else value


def neutralise_workbook(wb: Workbook) -> int:
    """Make every text cell of every sheet safe (openpyxl turns a string starting with "=" into a formula
    cell); returns how many cells were changed. Our writers put no formula in cells (conditional
    formats and hyperlinks are not cell values), so every formula cell here came from text."""
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                    cell.value = neutralise(cell.value)
                    changed += 1
    return changed
