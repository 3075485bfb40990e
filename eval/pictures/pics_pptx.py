"""PPTX decks for the picture set: slides with a title and text, pictures placed alone, in groups
(nested too) and as a table cell's fill, and tables drawn from rectangles or text boxes. Every
picture and drawn table is recorded as truth while it is placed."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from pics_text import Picture
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

SLIDE_W, SLIDE_H = 960.0, 540.0  # points (16:9)


@dataclass
class Deck:
    name: str
    prs: Presentation = field(default_factory=Presentation)
    pictures: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.prs.slide_width, self.prs.slide_height = Pt(SLIDE_W), Pt(SLIDE_H)

    @property
    def page(self) -> int:
        return len(self.prs.slides)

    def slide(self, title: str | None = None, body: list[str] | None = None, body_box=(40, 95, 420, 380)):
        """A new slide: a title placeholder (Title Only layout) or none (Blank), and bullet text."""
        layout = self.prs.slide_layouts[5 if title else 6]
        s = self.prs.slides.add_slide(layout)
        if title:
            s.shapes.title.text = title
            s.shapes.title.left, s.shapes.title.top = Pt(30), Pt(18)
            s.shapes.title.width, s.shapes.title.height = Pt(900), Pt(60)
            for p in s.shapes.title.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(30)
        if body:
            self.textbox(s, body, *body_box, size=16)
        return s

    def textbox(self, shapes_owner, lines: list[str], x: float, y: float, w: float, h: float, size: int = 14):
        shapes = getattr(shapes_owner, "shapes", shapes_owner)
        tb = shapes.add_textbox(Pt(x), Pt(y), Pt(w), Pt(h))
        tf = tb.text_frame
        tf.word_wrap = True
        for i, line in enumerate(lines):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.text = line
            p.font.size = Pt(size)
        return tb

    def picture(
        self,
        shapes_owner,
        pic: Picture,
        x: float,
        y: float,
        w: float,
        h: float,
        placement: str = "slide",
        note: str = "",
    ) -> dict:
        """Place `pic` inside the box (x, y, w, h) in points, keeping its aspect ratio."""
        scale = min(w / pic.width, h / pic.height)
        pw, ph = pic.width * scale, pic.height * scale
        px, py = x + (w - pw) / 2, y + (h - ph) / 2
        shapes = getattr(shapes_owner, "shapes", shapes_owner)
        shapes.add_picture(pic.stream, Pt(px), Pt(py), Pt(pw), Pt(ph))
        return self._record(pic, placement, [px, py, px + pw, py + ph], note)

    def _record(self, pic: Picture, placement: str, bbox: list[float] | None, note: str) -> dict:
        row = {
            "id": f"{self.name}-s{self.page:02d}-{sum(1 for p in self.pictures if p['page'] == self.page) + 1}",
            "file": f"{self.name}.pptx",
            "page": self.page,
            "class": pic.cls,
            "text": pic.text,
            "placement": placement,
            "bbox_pt": [round(v, 1) for v in bbox] if bbox else None,
            "image_px": [pic.width, pic.height],
            "note": "; ".join(n for n in (pic.note, note) if n),
        }
        if pic.cells is not None:
            row["cells"] = pic.cells
        self.pictures.append(row)
        return row

    def group(self, shapes_owner):
        shapes = getattr(shapes_owner, "shapes", shapes_owner)
        return shapes.add_group_shape()

    def cell_picture(
        self,
        slide,
        pic: Picture,
        header: list[str],
        n_rows: int,
        cell: tuple[int, int],
        x: float,
        y: float,
        col_w: float,
        row_h: float,
    ) -> dict:
        """A real table whose cell `cell` is filled with `pic` (a:blipFill in the cell properties)."""
        rows, cols = n_rows, len(header)
        gf = slide.shapes.add_table(rows, cols, Pt(x), Pt(y), Pt(col_w * cols), Pt(row_h * rows))
        table = gf.table
        for c, text in enumerate(header):
            table.cell(0, c).text = text
        for r in range(rows):
            table.rows[r].height = Pt(row_h if r else 30)
        _, rid = slide.part.get_or_add_image_part(pic.stream)
        tc_pr = table.cell(*cell)._tc.get_or_add_tcPr()
        blip_fill = etree.SubElement(tc_pr, qn("a:blipFill"))
        blip = etree.SubElement(blip_fill, qn("a:blip"))
        blip.set(qn("r:embed"), rid)
        etree.SubElement(etree.SubElement(blip_fill, qn("a:stretch")), qn("a:fillRect"))
        top = y + 30 + row_h * (cell[0] - 1)
        bbox = [x + col_w * cell[1], top, x + col_w * (cell[1] + 1), top + row_h]
        return self._record(pic, "table_cell", bbox, "picture as the fill of a table cell")

    def drawn_table(
        self,
        shapes_owner,
        cells: list[dict],
        x: float,
        y: float,
        col_w: list[float],
        row_h: float,
        style: str,
        size: int = 11,
    ) -> dict:
        """A table drawn from shapes: `rects` (one rectangle with text per cell), `textboxes`
        (borderless text boxes, the rules drawn as separate lines). A cell with spans is one box
        covering its rows and columns."""
        shapes = getattr(shapes_owner, "shapes", shapes_owner)
        xs = [x]
        for w in col_w:
            xs.append(xs[-1] + w)
        n_rows = max(c["row"] + c["row_span"] for c in cells)
        for c in cells:
            left, right = xs[c["col"]], xs[c["col"] + c["col_span"]]
            top, bottom = y + c["row"] * row_h, y + (c["row"] + c["row_span"]) * row_h
            if style == "rects":
                sh = shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(left), Pt(top), Pt(right - left), Pt(bottom - top))
                sh.fill.solid()
                sh.fill.fore_color.rgb = RGBColor(0xBD, 0xD7, 0xEE) if c.get("header") else RGBColor(0xFF, 0xFF, 0xFF)
                sh.line.color.rgb = RGBColor(0x40, 0x40, 0x40)
            else:
                sh = shapes.add_textbox(Pt(left), Pt(top), Pt(right - left), Pt(bottom - top))
            tf = sh.text_frame
            tf.word_wrap = True
            tf.text = c["text"]
            for p in tf.paragraphs:
                p.alignment = PP_ALIGN.CENTER
                for r in p.runs:
                    r.font.size = Pt(size)
                    r.font.color.rgb = RGBColor(0x1E, 0x1E, 0x1E)
                    r.font.bold = bool(c.get("header"))
        if style == "textboxes":
            self._rules(shapes, xs, y, row_h, n_rows)
        row = {
            "id": f"{self.name}-s{self.page:02d}-t{sum(1 for t in self.tables if t['page'] == self.page) + 1}",
            "file": f"{self.name}.pptx",
            "page": self.page,
            "style": style,
            "n_rows": n_rows,
            "n_cols": len(col_w),
            "bbox_pt": [round(x, 1), round(y, 1), round(xs[-1], 1), round(y + n_rows * row_h, 1)],
            "cells": [{k: c[k] for k in ("row", "col", "row_span", "col_span", "text")} for c in cells],
        }
        self.tables.append(row)
        return row

    @staticmethod
    def _rules(shapes, xs: list[float], y: float, row_h: float, n_rows: int) -> None:
        """The horizontal rules of a text-box table (top, under the header, bottom)."""
        for r, width in ((0, 2.0), (1, 1.0), (n_rows, 2.0)):
            yy = Pt(y + r * row_h)
            ln = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Pt(xs[0]), yy, Pt(xs[-1]), yy)
            ln.line.width = Pt(width)
            ln.line.color.rgb = RGBColor(0, 0, 0)

    def save(self, path) -> None:
        self.prs.core_properties.author = "eval-pics"
        self.prs.save(path)


def emu_to_pt(v: int) -> float:
    return Emu(v).pt
