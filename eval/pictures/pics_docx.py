"""Word reports for the picture set (inline pictures, pictures inside table cells, tables without
borders) and their PDF export through LibreOffice, the way a 成果报告 usually becomes a PDF. The PDF
pages of pictures and tables are read back from the exported file (pdfplumber) for the truth."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from pics_text import Picture


@dataclass
class Report:
    name: str
    ext: str = "docx"  # docx, or pdf (written as docx, then exported)
    doc: Document = field(default_factory=Document)
    pictures: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level)

    def para(self, text: str) -> None:
        p = self.doc.add_paragraph(text)
        p.paragraph_format.first_line_indent = Pt(24)

    def picture(self, pic: Picture, width_cm: float, caption: str | None = None, note: str = "") -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(pic.stream, width=Cm(width_cm))
        self._record(pic, "inline", note)
        if caption:
            c = self.doc.add_paragraph(caption)
            c.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def pictures_in_table(self, pics: list[tuple[Picture, str]], cols: int, width_cm: float) -> None:
        """A borderless grid of pictures, each with its caption under it in the same cell."""
        rows = (len(pics) + cols - 1) // cols
        table = self.doc.add_table(rows=rows, cols=cols)
        for i, (pic, caption) in enumerate(pics):
            cell = table.cell(*divmod(i, cols))
            run = cell.paragraphs[0].add_run()
            run.add_picture(pic.stream, width=Cm(width_cm))
            cell.add_paragraph(caption).alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._record(pic, "table_cell", "picture inside a table cell")

    def _record(self, pic: Picture, placement: str, note: str) -> None:
        n = len(self.pictures) + 1
        row = {
            "id": f"{self.name}-i{n:02d}",
            "file": f"{self.name}.{self.ext}",
            "page": None,
            "class": pic.cls,
            "text": pic.text,
            "placement": placement,
            "bbox_pt": None,
            "image_px": [pic.width, pic.height],
            "note": "; ".join(x for x in (pic.note, note) if x),
        }
        if pic.cells is not None:
            row["cells"] = pic.cells
        self.pictures.append(row)

    def plain_table(self, header: list[str], rows: list[list[str]], size: int = 9) -> None:
        """A table with no borders (the default table style of a new Word document): in the PDF it
        is a table without ruling lines. Truth: its cells."""
        grid = [header, *rows]
        table = self.doc.add_table(rows=len(grid), cols=len(header))
        for r, row in enumerate(grid):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.text = text
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(size)
                        run.font.bold = r == 0
        self.tables.append(
            {
                "id": f"{self.name}-t{len(self.tables) + 1}",
                "file": f"{self.name}.{self.ext}",
                "page": None,
                "style": "borderless",
                "n_rows": len(grid),
                "n_cols": len(header),
                "bbox_pt": None,
                "cells": [
                    {"row": r, "col": c, "row_span": 1, "col_span": 1, "text": t}
                    for r, row in enumerate(grid)
                    for c, t in enumerate(row)
                ],
            }
        )

    def page_break(self) -> None:
        self.doc.add_page_break()

    def save(self, path: Path) -> None:
        self.doc.core_properties.author = "eval-pics"
        if self.ext == "docx":
            self.doc.save(path)
            return
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / f"{self.name}.docx"
            self.doc.save(src)
            subprocess.run(
                [
                    "soffice",
                    "--headless",
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            shutil.copyfile(Path(tmp) / f"{self.name}.pdf", path)
        self._locate_in_pdf(path)

    def _locate_in_pdf(self, path: Path) -> None:
        """Pages and boxes of the pictures (in document order) and tables of the exported PDF."""
        with pdfplumber.open(path) as pdf:
            images = []
            for page in pdf.pages:
                for im in sorted(page.images, key=lambda i: (round(i["top"]), i["x0"])):
                    images.append((page.page_number, [im["x0"], im["top"], im["x1"], im["bottom"]]))
            if len(images) != len(self.pictures):
                raise RuntimeError(f"{path.name}: {len(images)} images in the PDF, {len(self.pictures)} placed")
            for row, (page_no, box) in zip(self.pictures, images, strict=True):
                row["page"], row["bbox_pt"] = page_no, [round(v, 1) for v in box]
            texts = [(p.page_number, "".join((p.extract_text() or "").split())) for p in pdf.pages]
        for table in self.tables:
            table["page"] = _table_page(path.name, table, texts)


def _table_page(name: str, table: dict, texts: list[tuple[int, str]]) -> int:
    """The page whose text holds most of the table's cells (a single short cell such as "2" is
    also found in a caption like 图2 on another page, so one probe cell is not enough)."""
    probes = ["".join(c["text"].split()) for c in table["cells"]]
    held = [(sum(p in t for p in probes if p), -n, n) for n, t in texts]
    count, _, page = max(held)
    if count < len(probes) // 2:
        raise RuntimeError(f"{name}: table {table['id']} not found in the PDF text")
    return page
