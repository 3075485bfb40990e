"""DOCX reports (成果报告, 实施记录, 申报表) from block specs, and the evidence index of every block.

Block spec keys: h (1|2|3, a heading; `style: bold` writes it as a bold Normal paragraph the way many
Word reports do), p (a paragraph), table (rows; `merge`), pic (a picture spec, `caption`), toc (list of
lines under a 目录 heading), cover (title + lines), page_break. A block may carry `step` (the step that
starts at it; `step: none` ends the current step) and `tools`.

The evidence index of a block is its 1-based position among the document's non-empty body
elements (a paragraph with text or a picture, a table), which is how the truth manifests give DOCX
pages; see eval/independent/README.md.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from render import pictures
from render.ooxml import stamp_properties


class ReportBuilder:
    def __init__(self, doc: dict[str, Any], seed: int) -> None:
        self.doc = doc
        self.seed = seed
        self.d = Document()
        self.index = 0  # evidence index of the last non-empty body element
        self.pic_count = 0
        normal = self.d.styles["Normal"]
        normal.font.name = "宋体"
        normal.font.size = Pt(doc.get("font_size", 12))
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
        for name in ("Heading 1", "Heading 2", "Heading 3"):
            style = self.d.styles[name]
            style.font.name = "黑体"
            style.element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")
            style.font.color.rgb = RGBColor(0, 0, 0)

    def _para(
        self,
        text: str,
        *,
        bold: bool = False,
        size: float | None = None,
        center: bool = False,
        style: str | None = None,
    ) -> None:
        para = self.d.add_paragraph(style=style)
        run = para.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text.strip():
            self.index += 1

    def _heading(self, level: int, text: str, style: str | None) -> None:
        if style == "bold":
            self._para(text, bold=True, size={1: 15, 2: 13.5, 3: 12}[level])
        else:
            self.d.add_heading(text, level=level)
            self.index += 1

    def _table(self, block: dict[str, Any]) -> None:
        rows: list[list[str]] = block["table"]
        table = self.d.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = self.d.styles["Table Grid"]
        for i, row in enumerate(rows):
            for j, val in enumerate(row):
                cell = table.cell(i, j)
                cell.text = str(val)
                for para in cell.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(block.get("size", 10.5))
                        run.bold = (i == 0 and block.get("header", True)) or None
        for r0, c0, r1, c1 in block.get("merge", []):
            table.cell(r0, c0).merge(table.cell(r1, c1))
        self.index += 1

    def _picture(self, block: dict[str, Any]) -> None:
        self.pic_count += 1
        data, _ = pictures.render(block["pic"], self.seed * 100 + self.pic_count)
        para = self.d.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run().add_picture(io.BytesIO(data), width=Cm(block.get("width_cm", 14)))
        self.index += 1
        if block.get("caption"):
            self._para(block["caption"], center=True, size=10.5)

    def add(self, block: dict[str, Any]) -> int:
        """Write one block; return the evidence index where it starts."""
        start = self.index + 1
        if "cover" in block:
            cover = block["cover"]
            for _ in range(3):
                self.d.add_paragraph()
            self._para(cover["title"], bold=True, size=22, center=True)
            for line in cover.get("lines", []):
                self._para(line, size=14, center=True)
        elif "toc" in block:
            self._para(block.get("toc_title", "目  录"), bold=True, size=16, center=True)
            for line in block["toc"]:
                self._para(line)
        elif "h" in block:
            self._heading(block["h"], block["text"], block.get("style", self.doc.get("heading_style")))
        elif "p" in block:
            self._para(block["p"], bold=block.get("bold", False))
        elif "table" in block:
            if block.get("caption"):
                self._para(block["caption"], center=True, size=10.5)
                start = self.index + 1  # the table itself is the evidence
            self._table(block)
        elif "pic" in block:
            self._picture(block)
        if block.get("page_break"):
            self.d.add_page_break()
        return start

    def save(self) -> bytes:
        stamp_properties(self.d.core_properties, self.doc.get("meta", {}), title="", revision=3)
        buf = io.BytesIO()
        self.d.save(buf)
        return buf.getvalue()


def build_report(doc: dict[str, Any], blocks: list[dict[str, Any]], seed: int) -> tuple[bytes, list[int]]:
    """The DOCX bytes and, per block, the evidence index where the block starts."""
    builder = ReportBuilder(doc, seed)
    starts = [builder.add(b) for b in blocks]
    return builder.save(), starts
