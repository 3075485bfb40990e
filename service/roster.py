"""A recommender's 立项申报汇总表 (seed 004 附件2: 序号, 申报单位名称, 统一社会信用代码, 所属行业, 所在区,
企业规模, 企业性质, 项目名称, 课题类型, 项目负责人及联系方式, 电子邮箱, 备注), as XLSX or DOCX, read and
cross-checked against the submissions of a batch: a row without files, files without a row, and
名称 / 统一社会信用代码 / 课题类型 that disagree with the submission's 申报表."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

import ingest
from ingest.model import BlockKind
from nlp.normalize import fold

# field -> label aliases (matched on the label with spaces, line breaks and bracketed notes removed)
COLUMNS: dict[str, tuple[str, ...]] = {
    "serial": ("序号",),
    "company": ("申报单位名称", "申报单位", "企业名称", "单位名称", "申报企业"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码"),
    "industry": ("所属行业", "行业"),
    "district": ("所在区", "所在地区"),
    "size": ("企业规模",),
    "nature": ("企业性质",),
    "title": ("项目名称", "课题名称", "成果名称"),
    "type": ("课题类型", "项目类型"),
    "leader": ("项目负责人及联系方式", "项目负责人", "负责人"),
    "email": ("电子邮箱", "邮箱"),
    "note": ("备注",),
}
REQUIRED = ("company", "title")  # a table is a 汇总表 when it has these and at least 4 known columns
MIN_COLUMNS = 4
TYPE_WORDS = {"问题解决型": "problem_solving", "创新型": "innovative"}
TITLE_SAME = 0.85  # titles this similar (folded, SequenceMatcher) name the same project
ROSTER_SUFFIXES = {".xlsx", ".xlsm", ".docx"}


class RosterError(ValueError):
    """A file that is not a readable 汇总表; the message is Chinese and names the file."""


class RosterRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    row: int  # the row's position in the table (1 = first data row)
    serial: str | None = None
    company: str | None = None
    credit_code: str | None = None
    industry: str | None = None
    district: str | None = None
    size: str | None = None
    nature: str | None = None
    title: str | None = None
    type: str | None = None
    leader: str | None = None
    email: str | None = None
    note: str | None = None


class Roster(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    recommender: str | None = None  # 推荐单位(公章)：…
    rows: list[RosterRow] = Field(default_factory=list)


IssueKind = Literal["row_without_files", "files_without_row", "mismatch"]


class RosterIssue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: IssueKind
    submission: str | None = None
    row: int | None = None
    field: str | None = None  # Chinese field name: 申报单位名称 / 项目名称 / 统一社会信用代码 / 课题类型
    roster_value: str | None = None
    form_value: str | None = None
    message: str  # Chinese


class RosterCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    roster: Roster
    matched: dict[str, int] = Field(default_factory=dict)  # submission id -> roster row
    issues: list[RosterIssue] = Field(default_factory=list)

    def for_submission(self, sid: str) -> list[RosterIssue]:
        return [i for i in self.issues if i.submission == sid]


# ---------------------------------------------------------------- reading


def _label(text: str) -> str:
    t = re.sub(r"[（(][^）)]*[）)]", "", text)
    return re.sub(r"\s+", "", t)


def column_of(text: str) -> str | None:
    label = _label(text)
    if not label:
        return None
    for key, aliases in COLUMNS.items():
        if any(label == a or (label.startswith(a) and len(label) - len(a) <= 4) for a in aliases):
            return key
    return None


def _header(cells: list[str]) -> dict[int, str] | None:
    cols = {i: k for i, c in enumerate(cells) if (k := column_of(c)) is not None}
    known = set(cols.values())
    return cols if all(r in known for r in REQUIRED) and len(known) >= MIN_COLUMNS else None


def _recommender(lines: list[str]) -> str | None:
    for line in lines:
        m = re.search(r"推荐单位\s*[（(]?\s*公章\s*[）)]?\s*[：:]\s*(\S.*)", line)
        if m:
            return m.group(1).strip() or None
    return None


def _rows(grid: list[list[str]], name: str) -> tuple[list[RosterRow], list[str]]:
    """The data rows under the first header row found in the grid; the lines above it."""
    for h, cells in enumerate(grid):
        cols = _header(cells)
        if cols is None:
            continue
        rows: list[RosterRow] = []
        for cells_ in grid[h + 1 :]:
            values = {k: cells_[i].strip() for i, k in cols.items() if i < len(cells_) and cells_[i].strip()}
            if not values.keys() - {"serial"}:
                continue  # an empty row (the form's blank lines), perhaps with its 序号
            rows.append(RosterRow(row=len(rows) + 1, **values))
        return rows, [" ".join(c) for c in grid[:h]]
    raise RosterError(f"文件《{name}》中没有找到立项申报汇总表（需要“申报单位名称”“项目名称”等列）。")


def _xlsx_grid(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook  # only here: similar/compare/check import this module (issue 16)

    wb = load_workbook(path, read_only=True, data_only=True)
    grid = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            grid.append(["" if v is None else str(v) for v in row])
    return grid


def _docx_grid(path: Path) -> tuple[list[list[str]], list[str]]:
    doc = ingest.read_isolated(path)
    lines = [b.text for b in doc.blocks if b.kind != BlockKind.table]
    for b in doc.blocks:
        if b.table is not None:
            grid = [[c or "" for c in row] for row in b.table.filled_grid()]
            if any(_header(r) for r in grid[:3]):
                return grid, lines
    return [], lines


def read_roster(path: Path) -> Roster:
    """Raises RosterError (Chinese, names the file) when the file holds no 汇总表."""
    suffix = path.suffix.lower()
    if suffix not in ROSTER_SUFFIXES:
        raise RosterError(f"文件《{path.name}》不是 XLSX 或 DOCX 格式的立项申报汇总表。")
    try:
        if suffix == ".docx":
            grid, above = _docx_grid(path)
        else:
            grid, above = _xlsx_grid(path), []
    except (OSError, ValueError, KeyError, ingest.IngestError) as e:
        raise RosterError(f"文件《{path.name}》无法读取：{e}") from e
    rows, lines = _rows(grid, path.name)
    return Roster(file=path.name, recommender=_recommender(above + lines), rows=rows)


def looks_like_roster(path: Path) -> bool:
    """A loose file of a batch folder that is the 汇总表, not a submission (by name, then content)."""
    suffix = path.suffix.lower()
    if suffix not in ROSTER_SUFFIXES or (suffix == ".docx" and "汇总" not in path.stem):
        return False
    try:
        read_roster(path)
    except RosterError:
        return False
    return True


# ---------------------------------------------------------------- cross-check


class Submission(Protocol):
    """What the cross-check reads of a submission (service.results.SubmissionResult)."""

    @property
    def id(self) -> str: ...

    @property
    def main_file(self) -> str | None: ...

    @property
    def display_title(self) -> str | None: ...

    @property
    def company(self) -> str | None: ...

    @property
    def credit_code(self) -> str | None: ...

    @property
    def form_type(self) -> str | None: ...

    def form_field(self, key: str) -> str | None: ...


def _same_text(a: str | None, b: str | None) -> bool:
    fa, fb = fold(a or "").text, fold(b or "").text
    return bool(fa and fb) and (fa == fb or SequenceMatcher(None, fa, fb).ratio() >= TITLE_SAME)


def _code(value: str | None) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def _match_score(row: RosterRow, sub: Submission) -> int:
    score = 0
    if row.credit_code and _code(row.credit_code) == _code(sub.credit_code):
        score += 2
    if _same_text(row.title, sub.display_title):
        score += 3
    if _same_text(row.company, sub.company):
        score += 1
    if row.serial and row.serial.strip() == sub.id:
        score += 3
    return score


def _pairs(roster: Roster, subs: Sequence[Submission]) -> dict[str, RosterRow]:
    """Each submission to at most one row, best first (a title or credit code must agree)."""
    scored = sorted(
        ((s, r, sub) for r in roster.rows for sub in subs if (s := _match_score(r, sub)) >= 2),
        key=lambda t: (-t[0], t[1].row, t[2].id),
    )
    used_rows: set[int] = set()
    out: dict[str, RosterRow] = {}
    for _s, row, sub in scored:
        if sub.id in out or row.row in used_rows:
            continue
        out[sub.id] = row
        used_rows.add(row.row)
    return out


def _mismatches(sub: Submission, row: RosterRow) -> list[RosterIssue]:
    out = []

    def issue(field: str, roster_value: str | None, form_value: str | None) -> None:
        out.append(
            RosterIssue(
                kind="mismatch",
                submission=sub.id,
                row=row.row,
                field=field,
                roster_value=roster_value,
                form_value=form_value,
                message=f"汇总表第 {row.row} 行的{field}（{roster_value}）与项目 {sub.id} 申报表中的（{form_value}）不一致",
            )
        )

    if row.company and sub.company and not _same_text(row.company, sub.company):
        issue("申报单位名称", row.company, sub.company)
    title = sub.form_field("project_name")
    if row.title and title and not _same_text(row.title, title):
        issue("项目名称", row.title, title)
    if row.credit_code and sub.credit_code and _code(row.credit_code) != _code(sub.credit_code):
        issue("统一社会信用代码", row.credit_code, sub.credit_code)
    declared = next((v for w, v in TYPE_WORDS.items() if w in (row.type or "")), None)
    form_type = sub.form_type
    if declared and form_type and declared != form_type:
        names = {v: w for w, v in TYPE_WORDS.items()}
        issue("课题类型", row.type, names.get(form_type, form_type))
    return out


def cross_check(roster: Roster, subs: Sequence[Submission]) -> RosterCheck:
    pairs = _pairs(roster, subs)
    issues: list[RosterIssue] = []
    for sub in subs:
        row = pairs.get(sub.id)
        if row is None:
            msg = f"项目 {sub.id}（{sub.display_title or sub.main_file or '未能读取'}）提交了材料，但汇总表《{roster.file}》中没有对应的行"
            issues.append(RosterIssue(kind="files_without_row", submission=sub.id, message=msg))
        else:
            issues.extend(_mismatches(sub, row))
    matched_rows = {r.row for r in pairs.values()}
    for row in roster.rows:
        if row.row not in matched_rows:
            msg = f"汇总表第 {row.row} 行（{row.company or ''}《{row.title or ''}》）没有找到对应的申报材料"
            issues.append(RosterIssue(kind="row_without_files", row=row.row, message=msg))
    return RosterCheck(roster=roster, matched={sid: r.row for sid, r in pairs.items()}, issues=issues)
