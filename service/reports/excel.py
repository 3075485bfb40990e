"""summary.xlsx for 形式审查 staff: an overview sheet, one row per submission (its verdict with the
结论依据 beside it and a link to its report), every match in human labels, and the 汇总表 check.

Every sheet prints: landscape A4, fit to the page width, the header row repeated on each page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from ingest.fileio import atomic_open

from ..labels import BANDS, VERDICTS, band
from ..results import BatchSummary, MatchRow
from ..roster import RosterCheck
from .cells import neutralise_workbook

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LINK_FONT = Font(color="0563C1", underline="single")
VERDICT_FILLS = (("不评", "FF9999"), ("完善后参评", "FFEB9C"), ("需人工复核", "E1BEE7"), ("参评", "C6EFCE"))

Cell = str | int | float | bool | None


class Column(NamedTuple):
    key: str
    header: str
    width: int
    kind: str  # text | list | number | ratio | flag | link


SUMMARY_COLUMNS = [
    Column("submission", "编号", 9, "link"),
    Column("company", "申报单位", 22, "text"),
    Column("title", "项目名称", 30, "text"),
    Column("type", "课题类型", 10, "text"),
    Column("verdict", "形式审查结论", 11, "text"),
    Column("basis", "结论依据", 48, "text"),
    Column("score", "初评得分", 9, "number"),
    Column("grade", "等级", 6, "text"),
    Column("total_copy_ratio", "总文字复制比", 10, "ratio"),
    Column("max_single_source_ratio", "单篇最大文字复制比", 11, "ratio"),
    Column("max_source", "单篇最大复制来源", 32, "text"),
    Column("same_project", "雷同（疑似同一项目）", 10, "flag"),
    Column("same_project_sources", "雷同来源", 26, "list"),
    Column("eligibility", "参评资格提示", 32, "list"),
    Column("steps_missing", "缺少的步骤", 22, "list"),
    Column("steps_incomplete", "不完整的步骤", 22, "list"),
    Column("fivew1h", "5W1H 对策表", 20, "text"),
    Column("tool_score", "工具运用", 12, "text"),
    Column("target_kind", "目标类型", 10, "text"),
    Column("roster", "汇总表核对", 32, "list"),
    Column("read_errors", "读取失败的文件", 32, "list"),
    Column("main_file", "主文件", 18, "text"),
    Column("form_file", "申报表", 14, "text"),
    Column("record_file", "实施记录", 14, "text"),
    Column("report", "HTML 报告", 18, "link"),
]

MATCH_COLUMNS = [
    Column("submission", "编号", 9, "text"),
    Column("source", "来源", 40, "text"),
    Column("source_year", "来源年份", 9, "text"),
    Column("source_company", "来源单位", 22, "text"),
    Column("kind", "类型", 7, "text"),
    Column("evidence", "依据", 9, "text"),
    Column("chars", "本段字数", 9, "number"),
    Column("share", "本段占比", 9, "ratio"),
    Column("source_copy_ratio", "该来源复制比", 11, "ratio"),
    Column("score", "相似度", 8, "ratio"),
    Column("a_where", "本文位置", 18, "text"),
    Column("b_where", "来源位置", 18, "text"),
    Column("a_text", "本文片段", 60, "text"),
]

ROSTER_COLUMNS = [
    Column("kind", "问题", 16, "text"),
    Column("submission", "编号", 9, "text"),
    Column("row", "汇总表行", 9, "number"),
    Column("field", "项目", 14, "text"),
    Column("roster_value", "汇总表中", 30, "text"),
    Column("form_value", "申报表中", 30, "text"),
    Column("message", "说明", 60, "text"),
]
ROSTER_KINDS = {"row_without_files": "有行无材料", "files_without_row": "有材料无行", "mismatch": "与申报表不一致"}


def cell_value(v: object, kind: str) -> Cell:
    """The one way a value becomes a cell (lists joined, flags in Chinese)."""
    if isinstance(v, list):
        return "；".join(str(x) for x in v)
    if kind == "flag":
        return "是" if v else "否"
    if isinstance(v, str | int | float | bool) or v is None:
        return v
    return str(v)


def _print_setup(ws: Worksheet, columns: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddHeader.left.text = "&A"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(ws.max_row, 2)}"


def _ratio_bands(ws: Worksheet, rng: str) -> None:
    low = 0.0
    for b in BANDS:
        fill = PatternFill("solid", fgColor=b.fill)
        ws.conditional_formatting.add(
            rng, CellIsRule(operator="between", formula=[str(low), str(b.upper - 1e-9)], fill=fill)
        )
        low = b.upper


def _sheet(ws: Worksheet, columns: list[Column], rows: Sequence[BaseModel], links: Sequence[str | None] = ()) -> None:
    """A header row, one row per model, column formats; `links[i]` is row i's report (relative path)."""
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, r in enumerate(rows):
        data = r.model_dump()
        ws.append([cell_value(data.get(c.key), c.kind) for c in columns])
        link = links[i] if i < len(links) else None
        for j, c in enumerate(columns, start=1):
            cell = ws.cell(row=i + 2, column=j)
            if c.kind == "link" and link and cell.value:
                cell.hyperlink = link
                cell.font = LINK_FONT
    last = max(len(rows) + 1, 2)
    for j, c in enumerate(columns, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = c.width
        for cell in ws[letter][1:]:
            cell.number_format = {"ratio": "0.0%", "number": "0.0#"}.get(c.kind, "General")
            cell.alignment = Alignment(wrap_text=c.kind in ("list", "text"), vertical="top")
        rng = f"{letter}2:{letter}{last}"
        if c.kind == "ratio":
            _ratio_bands(ws, rng)
        elif c.kind == "flag":
            fill = PatternFill("solid", fgColor="FF9999")
            ws.conditional_formatting.add(rng, CellIsRule(operator="equal", formula=['"是"'], fill=fill))
    _print_setup(ws, len(columns))


def _verdict_colours(ws: Worksheet, rows: int) -> None:
    col = get_column_letter([c.key for c in SUMMARY_COLUMNS].index("verdict") + 1)
    rng = f"{col}2:{col}{max(rows + 1, 2)}"
    for text, fill in VERDICT_FILLS:
        rule = FormulaRule(formula=[f'{col}2="{text}"'], fill=PatternFill("solid", fgColor=fill))
        ws.conditional_formatting.add(rng, rule)


def _overview(ws: Worksheet, summary: BatchSummary, roster: RosterCheck | None) -> None:
    """Counts by verdict, by type, by copy-ratio band, and the read failures."""
    rows = summary.rows
    ws.append([f"{summary.year} 年度批量预审汇总", None])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["项目数", len(rows)])
    ws.append(["批次总览页", "index.html"])
    ws["B3"].hyperlink, ws["B3"].font = "index.html", LINK_FONT
    verdicts = Counter(r.verdict or "未能检查" for r in rows)
    types = Counter(r.type or "未识别" for r in rows)
    bands = Counter(band(r.total_copy_ratio).label for r in rows if r.total_copy_ratio is not None)
    sections: list[tuple[str, list[tuple[str, int]]]] = [
        ("按形式审查结论", [(v, verdicts[v]) for v in (*VERDICTS, "未能检查")]),
        ("按课题类型", sorted(types.items(), key=lambda kv: -kv[1])),
        ("按总文字复制比", [(b.label, bands[b.label]) for b in BANDS]),
        ("读取失败", [("读取或处理失败的文件数", summary.failed_files)]),
    ]
    if roster is not None:
        kinds = Counter[str](i.kind for i in roster.issues)
        sections.append((f"汇总表核对（{roster.roster.file}）", [(v, kinds[k]) for k, v in ROSTER_KINDS.items()]))
    for title, counts in sections:
        ws.append([])
        ws.append([title, "项目数"])
        for cell in ws[ws.max_row]:
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        for label, n in counts:
            ws.append([label, n])
    for e in summary.errors:
        ws.append([f"{e.submission or ''} {e.file}".strip(), e.message or e.reason])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


class RosterLine(BaseModel):
    kind: str
    submission: str | None
    row: int | None
    field: str | None
    roster_value: str | None
    form_value: str | None
    message: str


def write(summary: BatchSummary, matches: list[MatchRow], path: Path, roster: RosterCheck | None = None) -> Path:
    wb = Workbook()
    _overview(wb.worksheets[0], summary, roster)
    wb.worksheets[0].title = "总览"
    ws = wb.create_sheet("项目汇总")
    _sheet(ws, SUMMARY_COLUMNS, summary.rows, [r.report for r in summary.rows])
    _verdict_colours(ws, len(summary.rows))
    _sheet(wb.create_sheet("全部相似片段"), MATCH_COLUMNS, matches)
    if roster is not None:
        lines = [RosterLine(**i.model_dump() | {"kind": ROSTER_KINDS[i.kind]}) for i in roster.issues]
        _sheet(wb.create_sheet("汇总表核对"), ROSTER_COLUMNS, lines)
    neutralise_workbook(wb)  # text from submissions never becomes a formula (reports.cells)
    with atomic_open(path) as fh:
        wb.save(fh)
    return path
