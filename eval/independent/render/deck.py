"""PPTX decks from slide specs, with the habits of real QC decks: titles in placeholders or plain text
boxes or only in banner pictures, English subtitles, 目录 and "01" section slides, charts and tables as
pictures, 对策表 as real tables or as grids of text boxes, photos with captions, template leftovers.

Slide spec keys (all optional except where said): layout (content | cover | toc | section), title,
title_mode (placeholder | box | banner | none), en, banner, body (list of lines; a leading "~ " marks a
second-level line), visuals (list of picture specs, or {kind: realtable|grid, rows}), arrange (side |
stack), notes, extra_boxes (free text boxes: leftovers, stamps, page furniture).
"""

from __future__ import annotations

import io
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt
from render import pictures
from render.ooxml import stamp_properties

EMU_IN = 914400


class DeckBuilder:
    def __init__(self, doc: dict[str, Any], seed: int) -> None:
        self.doc = doc
        self.seed = seed
        self.prs = Presentation()
        wide = doc.get("aspect", "16:9") == "16:9"
        self.w_in = 13.333 if wide else 10.0
        self.h_in = 7.5
        self.prs.slide_width = Emu(int(self.w_in * EMU_IN))
        self.prs.slide_height = Emu(int(self.h_in * EMU_IN))
        self.accent = RGBColor.from_string(doc.get("accent", "1F4E79"))
        self.pic_count = 0

    # ---- text helpers -------------------------------------------------------------------------
    def _textbox(
        self,
        slide: Any,
        box: tuple[float, float, float, float],
        lines: list[str],
        size: int = 18,
        bold: bool = False,
        color: RGBColor | None = None,
        align: Any = None,
    ) -> Any:
        shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
        tf = shape.text_frame
        tf.word_wrap = True
        for i, line in enumerate(lines):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            level = 1 if line.startswith("~ ") else 0
            para.text = line[2:] if level else line
            para.level = level
            if align is not None:
                para.alignment = align
            for run in para.runs:
                run.font.size = Pt(size - 2 * level)
                run.font.bold = bold
                if color is not None:
                    run.font.color.rgb = color
        return shape

    def _title(self, slide: Any, spec: dict[str, Any]) -> float:
        """Put the title where the spec says; return the y (inches) where content may start."""
        mode = spec.get("title_mode", self.doc.get("title_mode", "placeholder"))
        title = spec.get("title")
        top = 1.3
        if mode == "banner" or spec.get("banner"):
            data, _ = pictures.render({"kind": "banner", **spec["banner"]}, self.seed)
            slide.shapes.add_picture(io.BytesIO(data), Inches(0), Inches(0.2), width=Inches(self.w_in * 0.9))
            top = 0.2 + self.w_in * 0.9 * 150 / 1600 + 0.15
        if title and mode == "placeholder":
            ph = slide.shapes.title
            ph.left, ph.top, ph.width, ph.height = Inches(0.4), Inches(0.25), Inches(self.w_in - 0.8), Inches(0.9)
            ph.text = title
            para = ph.text_frame.paragraphs[0]
            para.alignment = PP_ALIGN.LEFT
            for run in para.runs:
                run.font.size = Pt(spec.get("title_size", 30))
                run.font.bold = True
                run.font.color.rgb = self.accent
        elif title and mode in ("box", "banner"):
            y = top - 0.1 if mode == "banner" else 0.3
            self._textbox(slide, (0.4, y, self.w_in - 0.8, 0.7), [title], size=26, bold=True, color=self.accent)
            top = y + 0.8 if mode == "banner" else 1.2
        if spec.get("en"):
            self._textbox(
                slide, (0.45, top - 0.2, self.w_in - 0.9, 0.4), [spec["en"]], size=12, color=RGBColor(0x7F, 0x7F, 0x7F)
            )
            top += 0.3
        line = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, Inches(0.4), Inches(top - 0.12), Inches(self.w_in - 0.8), Inches(0.03)
        )
        line.fill.solid()
        line.fill.fore_color.rgb = self.accent
        line.line.fill.background()
        return top

    # ---- visuals --------------------------------------------------------------------------------
    def _picture(self, slide: Any, vis: dict[str, Any], box: tuple[float, float, float, float]) -> None:
        self.pic_count += 1
        data, _ = pictures.render(vis, self.seed * 100 + self.pic_count)
        from PIL import Image

        im = Image.open(io.BytesIO(data))
        x, y, w, h = box
        cap_h = 0.4 if vis.get("caption") else 0.0
        ratio = im.width / im.height
        pw, ph = (w, w / ratio) if w / ratio <= h - cap_h else ((h - cap_h) * ratio, h - cap_h)
        px = x + (w - pw) / 2
        slide.shapes.add_picture(io.BytesIO(data), Inches(px), Inches(y), Inches(pw), Inches(ph))
        if vis.get("caption"):
            self._textbox(slide, (x, y + ph + 0.02, w, 0.4), [vis["caption"]], size=11, align=PP_ALIGN.CENTER)

    def _realtable(self, slide: Any, vis: dict[str, Any], box: tuple[float, float, float, float]) -> None:
        rows: list[list[str]] = vis["rows"]
        x, y, w, h = box
        n_rows, n_cols = len(rows), len(rows[0])
        row_h = min(0.5, h / n_rows)
        shape = slide.shapes.add_table(n_rows, n_cols, Inches(x), Inches(y), Inches(w), Inches(row_h * n_rows))
        table = shape.table
        widths = vis.get("widths") or [1] * n_cols
        for j, wt in enumerate(widths):
            table.columns[j].width = Inches(w * wt / sum(widths))
        size = vis.get("size", 12 if n_rows <= 6 else 10 if n_rows <= 10 else 8)
        for i, row in enumerate(rows):
            for j, val in enumerate(row):
                cell = table.cell(i, j)
                cell.text = str(val)
                for para in cell.text_frame.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(size)
                        run.font.bold = i == 0
        for r0, c0, r1, c1 in vis.get("merge", []):
            table.cell(r0, c0).merge(table.cell(r1, c1))

    def _grid(self, slide: Any, vis: dict[str, Any], box: tuple[float, float, float, float]) -> None:
        """A table drawn as rectangles with text, the way some teams 'draw' their 对策表."""
        rows: list[list[str]] = vis["rows"]
        x, y, w, h = box
        widths = vis.get("widths") or [1] * len(rows[0])
        row_h = min(0.62, h / len(rows))
        size = vis.get("size", 11 if len(rows) <= 7 else 9)
        cy = y
        for i, row in enumerate(rows):
            cx = x
            for val, wt in zip(row, widths, strict=True):
                cw = w * wt / sum(widths)
                rect = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(cx), Inches(cy), Inches(cw), Inches(row_h))
                rect.fill.solid()
                rect.fill.fore_color.rgb = RGBColor(0xBD, 0xD7, 0xEE) if i == 0 else RGBColor(0xFF, 0xFF, 0xFF)
                rect.line.color.rgb = RGBColor(0x40, 0x40, 0x40)
                tf = rect.text_frame
                tf.word_wrap = True
                tf.text = str(val)
                for para in tf.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(size)
                        run.font.bold = i == 0
                        run.font.color.rgb = RGBColor(0, 0, 0)
                cx += cw
            cy += row_h

    def _visual(self, slide: Any, vis: dict[str, Any], box: tuple[float, float, float, float]) -> None:
        kind = vis["kind"]
        if kind == "realtable":
            self._realtable(slide, vis, box)
        elif kind == "grid":
            self._grid(slide, vis, box)
        else:
            self._picture(slide, vis, box)

    # ---- slides ---------------------------------------------------------------------------------
    def _content(self, slide: Any, spec: dict[str, Any], top: float) -> None:
        body: list[str] = spec.get("body") or []
        visuals: list[dict[str, Any]] = spec.get("visuals") or []
        x0, w, bottom = 0.45, self.w_in - 0.9, self.h_in - 0.35
        if body and visuals and spec.get("arrange", "stack" if len(body) <= 3 else "side") == "side":
            split = spec.get("split", 0.42)
            self._textbox(slide, (x0, top, w * split - 0.1, bottom - top), body, size=spec.get("size", 16))
            x0, w = x0 + w * split, w * (1 - split)
        elif body:
            lines_h = 0.42 * len(body) * spec.get("size", 16) / 16 + 0.2
            height = lines_h if visuals else bottom - top
            self._textbox(slide, (x0, top, w, height), body, size=spec.get("size", 16))
            top += lines_h
        if visuals:
            each = (w - 0.2 * (len(visuals) - 1)) / len(visuals)
            for i, vis in enumerate(visuals):
                self._visual(slide, vis, (x0 + i * (each + 0.2), top, each, bottom - top))

    def _cover(self, slide: Any, spec: dict[str, Any]) -> None:
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.2), self.prs.slide_width, Inches(1.9))
        band.fill.solid()
        band.fill.fore_color.rgb = self.accent
        band.line.fill.background()
        tree = slide.shapes._spTree
        tree.remove(band._element)
        tree.insert(2, band._element)  # behind the title placeholder
        # the same reading as add(), which chose the slide layout from it (a document-level box mode left
        # a cover without a title placeholder: writer mb, stop 25)
        if spec.get("title_mode", self.doc.get("title_mode", "placeholder")) == "placeholder":
            ph = slide.shapes.title
            ph.left, ph.top, ph.width, ph.height = Inches(0.5), Inches(2.3), Inches(self.w_in - 1), Inches(1.7)
            ph.text = spec["title"]
            for run in ph.text_frame.paragraphs[0].runs:
                run.font.size, run.font.bold = Pt(38), True
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        else:
            self._textbox(
                slide,
                (0.5, 2.5, self.w_in - 1, 1.4),
                [spec["title"]],
                size=38,
                bold=True,
                color=RGBColor(0xFF, 0xFF, 0xFF),
                align=PP_ALIGN.CENTER,
            )
        self._textbox(slide, (1.0, 4.4, self.w_in - 2, 2.6), spec.get("body", []), size=20, align=PP_ALIGN.CENTER)

    def _toc(self, slide: Any, spec: dict[str, Any]) -> None:
        self._textbox(slide, (0.6, 0.4, 4, 1.0), [spec.get("title", "目录")], size=34, bold=True, color=self.accent)
        if spec.get("en"):
            self._textbox(slide, (0.6, 1.2, 4, 0.5), [spec["en"]], size=16, color=RGBColor(0x7F, 0x7F, 0x7F))
        items: list[str] = spec["body"]
        cols = 2 if len(items) > 6 else 1
        per = (len(items) + cols - 1) // cols
        for c in range(cols):
            chunk = items[c * per : (c + 1) * per]
            self._textbox(slide, (1.0 + c * (self.w_in - 1.6) / cols, 1.9, (self.w_in - 2) / cols, 5.2), chunk, size=20)

    def _section(self, slide: Any, spec: dict[str, Any]) -> None:
        self._textbox(slide, (0.8, 2.0, 3.0, 2.0), [spec["number"]], size=80, bold=True, color=self.accent)
        self._textbox(slide, (3.6, 2.5, self.w_in - 4.2, 1.0), [spec["title"]], size=36, bold=True)
        if spec.get("en"):
            self._textbox(
                slide, (3.6, 3.5, self.w_in - 4.2, 0.6), [spec["en"]], size=18, color=RGBColor(0x7F, 0x7F, 0x7F)
            )

    def add(self, spec: dict[str, Any]) -> None:
        layout = spec.get("layout", "content")
        placeholder = spec.get("title_mode", self.doc.get("title_mode", "placeholder")) == "placeholder"
        use_title = layout in ("content", "cover") and placeholder and spec.get("title")
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5 if use_title else 6])
        if layout == "cover":
            self._cover(slide, spec)
        elif layout == "toc":
            self._toc(slide, spec)
        elif layout == "section":
            self._section(slide, spec)
        else:
            self._content(slide, spec, self._title(slide, spec))
        for box in spec.get("extra_boxes", []):
            self._textbox(slide, tuple(box["box"]), box["lines"], size=box.get("size", 14))
        if self.doc.get("footer") and layout != "cover":
            self._textbox(
                slide,
                (0.3, self.h_in - 0.4, self.w_in - 0.6, 0.3),
                [self.doc["footer"]],
                size=9,
                color=RGBColor(0x99, 0x99, 0x99),
            )
        if spec.get("notes"):
            slide.notes_slide.notes_text_frame.text = spec["notes"]

    def save(self) -> bytes:
        stamp_properties(self.prs.core_properties, self.doc.get("meta", {}), title="PowerPoint 演示文稿", revision=12)
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()


def build_deck(doc: dict[str, Any], slides: list[dict[str, Any]], seed: int) -> bytes:
    builder = DeckBuilder(doc, seed)
    for spec in slides:
        builder.add(spec)
    return builder.save()
