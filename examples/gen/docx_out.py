"""Write a Report as a Word 实施记录 (.docx): heading styles or bold 一、二、三 numbering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .doc import Chart, Para, Report, Table, Tree, fmt
from .ooxml import save_stable, set_core
from .styles import PHASE, PHASE_TITLES, Style

FONT = "宋体"


def _font(run, size: float | None = None, bold: bool | None = None, name: str = FONT) -> None:
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


class DocxWriter:
    def __init__(self, style: Style, heading_mode: str, table_style: str = "Table Grid"):
        self.style = style
        self.mode = heading_mode  # "styles" | "bold"
        self.doc = Document()
        self.table_style = table_style
        self.fig = 0
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(12)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    def heading(self, text: str, level: int) -> None:
        if self.mode == "styles":
            h = self.doc.add_heading(level=level)
            run = h.add_run(text)
            _font(run, name="黑体")
        else:
            p = self.doc.add_paragraph()
            run = p.add_run(text)
            _font(run, size=16 if level == 1 else 14, bold=True, name="黑体" if level == 1 else FONT)

    def para(self, it: Para) -> None:
        if it.style == "label":
            if self.mode == "styles" and len(it.text) < 24:
                h = self.doc.add_heading(level=3)
                _font(h.add_run(it.text), name="黑体")
            else:
                p = self.doc.add_paragraph()
                _font(p.add_run(it.text), bold=True)
            return
        p = self.doc.add_paragraph(style="List Bullet" if it.style == "bullet" else None)
        p.paragraph_format.first_line_indent = Pt(24) if it.style == "p" else None
        _font(p.add_run(it.text))

    def caption(self, text: str) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), size=10.5, bold=True)

    def table(self, header: list[str], rows: list[list[str]], caption: str = "") -> None:
        if caption:
            self.caption(caption)
        t = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        t.style = self.doc.styles[self.table_style]
        for j, h in enumerate(header):
            cell = t.rows[0].cells[j]
            cell.text = ""
            _font(cell.paragraphs[0].add_run(h), size=10.5, bold=True)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                cell = t.rows[i + 1].cells[j]
                cell.text = ""
                _font(cell.paragraphs[0].add_run(v), size=10.5)

    def chart(self, ch: Chart, after_table: bool) -> None:
        self.fig += 1
        if after_table:
            self.caption(f"图{self.fig}  {ch.title}（见上表数据）")
            return
        if ch.kind == "pareto":
            rows = [[c, fmt(v, 2), fmt(cum, 1)] for c, v, cum in zip(ch.categories, ch.series[0][1], ch.series[1][1], strict=True)]
            self.table(["项目", "频数", "累计百分比（%）"], rows, caption=f"图{self.fig}  {ch.title}")
            return
        header = ["系列", *ch.categories]
        rows = [[name, *[fmt(v, 3) for v in vals]] for name, vals in ch.series]
        self.table(header, rows, caption=f"图{self.fig}  {ch.title}")

    def tree(self, tr: Tree) -> None:
        rows = []
        for cat, mids in tr.branches:
            for mid, leaves in mids:
                for leaf in leaves:
                    rows.append([cat, mid, leaf])
        if tr.kind == "system":
            self.table(["分解项目", "选定方案", "依据"], rows, caption=tr.caption or "系统图")
        else:
            self.caption(f"{tr.caption}（问题：{tr.effect}）")
            self.table(["类别", "中间原因", "末端原因"], rows)

    def write(self, rep: Report, path: Path, *, when: dt.datetime, author: str) -> None:
        doc = self.doc
        cover = rep.sections[0]
        tp = doc.add_paragraph(style="Title" if self.mode == "styles" else None)
        tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(tp.add_run(rep.title), size=20, bold=True, name="黑体")
        for it in cover.items:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if it.tag != "template" else WD_ALIGN_PARAGRAPH.LEFT
            _font(p.add_run(it.text), size=12)
        idx = 0
        phase = ""
        for sec in rep.sections[1:]:
            if sec.step == "team":
                self.heading("小组概况", 1)
            elif sec.step == "declaration":
                pass
            else:
                idx += 1
                if self.style.pdca and PHASE[sec.step] != phase:
                    phase = PHASE[sec.step]
                    self.heading(PHASE_TITLES[phase][self.style.pdca_variant], 1)
                self.heading(self.style.heading(sec.step, idx), 2 if self.style.pdca else 1)
            prev = None
            for it in sec.items:
                if isinstance(it, Para):
                    if sec.step == "team" and it.style == "label":
                        continue
                    self.para(it)
                elif isinstance(it, Table):
                    self.table(it.header, it.rows, it.caption)
                elif isinstance(it, Chart):
                    self.chart(it, after_table=isinstance(prev, Table) and it.kind == "pareto")
                elif isinstance(it, Tree):
                    self.tree(it)
                prev = it
        set_core(doc.core_properties, title=rep.title, author=author, when=when)
        save_stable(doc, path)


def write_docx(rep: Report, path: Path, style: Style, heading_mode: str, *, when: dt.datetime, author: str) -> None:
    DocxWriter(style, heading_mode).write(rep, path, when=when, author=author)
