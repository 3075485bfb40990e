"""summary.xlsx for 形式审查 staff: one row per submission, a second sheet of every match."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from ingest.fileio import atomic_open

from ..labels import BANDS
from ..results import MatchRow, SummaryRow

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")

# (key, header, width, kind)
SUMMARY_COLUMNS: list[Column] = [
    ("submission", "编号", 10, "text"),
    ("company", "申报单位", 24, "text"),
    ("title", "项目名称", 34, "text"),
    ("type", "课题类型", 12, "text"),
    ("target_kind", "目标类型", 11, "text"),
    ("steps_missing", "缺少的步骤", 26, "list"),
    ("steps_incomplete", "不完整的步骤", 26, "list"),
    ("fivew1h", "5W1H 对策表", 24, "text"),
    ("tool_score", "工具运用", 14, "text"),
    ("score", "初评得分", 10, "number"),
    ("grade", "等级", 7, "text"),
    ("verdict", "形式审查结论", 13, "text"),
    ("total_copy_ratio", "总文字复制比", 12, "ratio"),
    ("max_single_source_ratio", "单篇最大文字复制比", 14, "ratio"),
    ("max_source", "单篇最大复制来源", 36, "text"),
    ("same_project", "雷同（疑似同一项目）", 12, "flag"),
    ("same_project_sources", "雷同来源", 30, "list"),
    ("eligibility", "参评资格提示", 36, "list"),
    ("fatal_findings", "否决项", 30, "list"),
    ("read_errors", "读取失败的文件", 36, "list"),
    ("main_file", "主文件", 20, "text"),
    ("form_file", "申报表", 16, "text"),
    ("report", "HTML 报告", 22, "text"),
]

MATCH_COLUMNS: list[Column] = [
    ("submission", "编号", 10, "text"),
    ("source_year", "来源年份", 9, "number"),
    ("source_company", "来源单位", 24, "text"),
    ("source_title", "来源项目", 34, "text"),
    ("source_id", "来源编号", 12, "text"),
    ("batch", "本批次（横向）", 10, "flag"),
    ("kind", "类型", 8, "text"),
    ("source_copy_ratio", "该来源复制比", 12, "ratio"),
    ("share", "本段占比", 10, "ratio"),
    ("score", "相似度", 9, "number"),
    ("a_start", "本文起", 9, "number"),
    ("a_end", "本文止", 9, "number"),
    ("b_start", "来源起", 9, "number"),
    ("b_end", "来源止", 9, "number"),
    ("a_pages", "本文页码", 12, "list"),
    ("b_pages", "来源页码", 12, "list"),
    ("a_text", "本文片段", 60, "text"),
]


Column = tuple[str, str, int, str]
Cell = str | int | float | bool | None


def _value(v: object, kind: str) -> Cell:
    if isinstance(v, list):
        return "；".join(str(x) for x in v)
    if kind == "flag":
        return "是" if v else "否"
    return v if isinstance(v, str | int | float | bool) or v is None else str(v)


def _sheet(ws: Worksheet, columns: list[Column], rows: Sequence[BaseModel]) -> None:
    ws.append([c[1] for c in columns])
    for cell in ws[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r in rows:
        data = r.model_dump()
        ws.append([_value(data[key], kind) for key, _, _, kind in columns])
    for i, (_, _, width, kind) in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = width
        for cell in ws[letter][1:]:
            if kind == "ratio":
                cell.number_format = "0.0%"
            cell.alignment = Alignment(wrap_text=kind in ("list", "text"), vertical="top")
    ws.freeze_panes = "A2"
    last = max(len(rows) + 1, 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    for i, (_, _, _, kind) in enumerate(columns, start=1):
        rng = f"{get_column_letter(i)}2:{get_column_letter(i)}{last}"
        if kind == "ratio":
            low = 0.0
            for b in BANDS:
                ws.conditional_formatting.add(
                    rng,
                    CellIsRule(
                        operator="between",
                        formula=[str(low), str(b.upper - 1e-9)],
                        fill=PatternFill("solid", fgColor=b.fill),
                    ),
                )
                low = b.upper
        elif kind == "flag":
            ws.conditional_formatting.add(
                rng, CellIsRule(operator="equal", formula=['"是"'], fill=PatternFill("solid", fgColor="FF9999"))
            )


def write(rows: list[SummaryRow], matches: list[MatchRow], path: Path) -> Path:
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "项目汇总"
    _sheet(ws, SUMMARY_COLUMNS, rows)
    # Verdict colours: 不评 red, 完善后参评 yellow, 参评 green.
    vcol = get_column_letter([c[0] for c in SUMMARY_COLUMNS].index("verdict") + 1)
    rng = f"{vcol}2:{vcol}{max(len(rows) + 1, 2)}"
    for text, fill in (("不评", "FF9999"), ("完善后参评", "FFEB9C"), ("参评", "C6EFCE")):
        ws.conditional_formatting.add(
            rng, FormulaRule(formula=[f'{vcol}2="{text}"'], fill=PatternFill("solid", fgColor=fill))
        )
    _sheet(wb.create_sheet("全部相似片段"), MATCH_COLUMNS, matches)
    with atomic_open(path) as fh:
        wb.save(fh)
    return path
