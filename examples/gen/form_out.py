"""The 申报表 (seed 004 附件1: 天津市质量攻关项目立项申报表) as a Word table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .docx_out import _font
from .identity import Company
from .ooxml import save_stable, set_core

SIZES = ["大型", "中型", "小型", "微型"]
INDUSTRIES = ["信创", "高端装备", "集成电路", "车联网", "新能源", "航空航天", "新材料", "汽车及新能源汽车", "生物医药", "中医药", "绿色石化", "轻纺", "其他"]
ON, OFF = "☑", "□"


@dataclass
class FormData:
    year: int
    company: Company
    credit_code: str  # as written on the form (may be wrong on purpose)
    contact: str
    contact_post: str
    mobile: str
    landline: str
    email: str
    title: str
    ptype: str  # problem_solving | innovative
    double_tick: bool
    industry_tick: str
    other_industry: str
    background: str
    overview: str
    goal: str
    benefit: str


def _ticks(options: list[str], on: set[str]) -> str:
    return "  ".join(f"{ON if o in on else OFF}{o}" for o in options)


def write_form(fd: FormData, path: Path, *, when: dt.datetime) -> None:
    doc = Document()
    p = doc.add_paragraph()
    _font(p.add_run("附件1"), size=12, bold=True, name="黑体")
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(t.add_run(f"{fd.year}年天津市质量攻关项目立项申报表"), size=18, bold=True, name="方正小标宋简体")
    types = {"problem_solving", "innovative"} if fd.double_tick else {fd.ptype}
    type_text = f"{ON if 'problem_solving' in types else OFF}问题解决型      {ON if 'innovative' in types else OFF}创新型"
    ind = _ticks(INDUSTRIES, {fd.industry_tick})
    if fd.industry_tick == "其他" and fd.other_industry:
        ind += f"（{fd.other_industry}）"
    rows: list[tuple[str, str] | tuple[str, str, str, str]] = [
        ("企业名称", fd.company.name),
        ("统一社会信用代码", fd.credit_code, "推荐单位", fd.company.recommender),
        ("企业规模", _ticks(SIZES, {fd.company.size})),
        ("单位申报联系人及职务", f"{fd.contact}  {fd.contact_post}", "联系人手机", fd.mobile),
        ("固定电话", fd.landline, "电子邮箱", fd.email),
        ("项目名称", fd.title),
        ("项目类型", type_text),
        ("企业所属产业（划√）", ind),
        ("项目背景意义", fd.background),
        ("项目基本情况介绍", fd.overview),
        ("质量攻关目标", fd.goal),
        ("预期成效", fd.benefit),
        ("申报单位意见", f"同意申报。\n\n（公章）\n{fd.year}年{when.month}月{when.day}日"),
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = doc.styles["Table Grid"]
    for i, row in enumerate(rows):
        cells = table.rows[i].cells
        if len(row) == 2:
            merged = cells[1].merge(cells[3])
            vals = [(cells[0], row[0], True), (merged, row[1], False)]
        else:
            vals = [(cells[0], row[0], True), (cells[1], row[1], False), (cells[2], row[2], True), (cells[3], row[3], False)]
        for cell, text, bold in vals:
            cell.text = ""
            lines = text.split("\n")
            for k, line in enumerate(lines):
                par = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                _font(par.add_run(line), size=11, bold=bold)
    note = doc.add_paragraph()
    _font(note.add_run("注：企业规模请参照《统计上大中小微型企业划分办法(2017)》（国统字〔2017〕213号）的文件填写。"), size=10.5)
    for par in doc.paragraphs:
        par.paragraph_format.space_after = Pt(4)
    set_core(doc.core_properties, title=f"{fd.year}年天津市质量攻关项目立项申报表", author=fd.contact, when=when)
    save_stable(doc, path)
