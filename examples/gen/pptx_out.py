"""Write a Report as a PPTX 成果报告 deck: title placeholders or text-box titles, tables, a Pareto combo chart
(clustered columns + cumulative % line on a secondary axis), the 因果图 as (nested) group shapes."""

from __future__ import annotations

import copy
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from .doc import Chart, Para, Report, Table, Tree
from .ooxml import save_stable, set_core
from .styles import PHASE, PHASE_TITLES, Style

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
TOP = 1.35
BOTTOM = 7.1
BLUE = RGBColor(0x1F, 0x4E, 0x79)


@dataclass
class DeckStyle:
    title_mode: str = "placeholder"  # placeholder | textbox | mixed
    continuation: str = "（续）"  # suffix on a step's later slides ("" = same title)
    nested_groups: bool = False
    merge_summary: bool = False  # a short step shares its slide with the next one (选题+现状, 巩固+总结)
    font_size: int = 16


class DeckWriter:
    def __init__(self, style: Style, deck: DeckStyle):
        self.style = style
        self.deck = deck
        self.prs = Presentation()
        self.prs.slide_width = SLIDE_W
        self.prs.slide_height = SLIDE_H
        self.slide = None
        self.y = TOP
        self.title = ""
        self.n_slides = 0
        self.shape_id = 0
        self.merged: list[dict] = []  # slides holding two steps: {"slide": n, "steps": [a, b]}

    # ---- slides --------------------------------------------------------------------------
    def new_slide(self, title: str) -> None:
        self.n_slides += 1
        mode = self.deck.title_mode
        use_box = mode == "textbox" or (mode == "mixed" and self.n_slides % 3 == 0)
        if use_box:
            slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
            tb = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9))
            p = tb.text_frame.paragraphs[0]
            run = p.add_run()
            run.text = title
            run.font.size = Pt(28)
            run.font.bold = True
            run.font.color.rgb = BLUE
            line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(0.5), Inches(1.15), Inches(12.8), Inches(1.15))
            line.line.color.rgb = BLUE
        else:
            slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])
            slide.shapes.title.text = title
            slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(30)
        self.slide = slide
        self.title = title
        self.y = TOP

    def ensure(self, height: float, cont_title: str) -> None:
        if self.slide is None or self.y + height > BOTTOM:
            self.new_slide(cont_title)

    # ---- items ---------------------------------------------------------------------------
    def paras(self, paras: list[Para], cont_title: str) -> None:
        chars_per_line = 52 * 16 / self.deck.font_size
        lines = sum(max(1, math.ceil(len(p.text) / chars_per_line)) for p in paras)
        h = 0.42 * lines + 0.2
        if h > BOTTOM - TOP:  # split long runs
            half = len(paras) // 2 or 1
            self.paras(paras[:half], cont_title)
            if paras[half:]:
                self.paras(paras[half:], cont_title)
            return
        self.ensure(h, cont_title)
        tb = self.slide.shapes.add_textbox(Inches(0.6), Inches(self.y), Inches(12.1), Inches(h))
        tf = tb.text_frame
        tf.word_wrap = True
        for i, it in enumerate(paras):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            run = p.add_run()
            run.text = it.text
            run.font.size = Pt(self.deck.font_size)
            if it.style == "label":
                run.font.bold = True
                run.font.color.rgb = BLUE
        self.y += h + 0.1

    def table(self, tb: Table, cont_title: str) -> None:
        nrows = len(tb.rows) + 1
        ncols = len(tb.header)
        longest = max(len(" ".join(r)) for r in [tb.header, *tb.rows])
        row_h = 0.36 if longest < 70 else 0.36 * math.ceil(longest / 70)
        h = nrows * row_h + (0.35 if tb.caption else 0)
        if h > BOTTOM - TOP and len(tb.rows) > 2:
            half = len(tb.rows) // 2
            self.table(Table(tb.header, tb.rows[:half], tb.caption, tb.tag), cont_title)
            self.table(Table(tb.header, tb.rows[half:], tb.caption + "（续）" if tb.caption else "", tb.tag), cont_title)
            return
        self.ensure(h, cont_title)
        if tb.caption:
            cap = self.slide.shapes.add_textbox(Inches(0.6), Inches(self.y), Inches(12.1), Inches(0.35))
            r = cap.text_frame.paragraphs[0].add_run()
            r.text = tb.caption
            r.font.size = Pt(14)
            r.font.bold = True
            cap.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
            self.y += 0.35
        shape = self.slide.shapes.add_table(nrows, ncols, Inches(0.6), Inches(self.y), Inches(12.1), Inches(nrows * row_h))
        t = shape.table
        size = 12 if ncols <= 6 else 11
        for j, h_ in enumerate(tb.header):
            self._cell(t.cell(0, j), h_, size, True)
        for i, row in enumerate(tb.rows):
            for j, v in enumerate(row):
                self._cell(t.cell(i + 1, j), v, size, False)
        self.y += nrows * row_h + 0.15

    @staticmethod
    def _cell(cell, text: str, size: int, bold: bool) -> None:
        cell.text = ""
        p = cell.text_frame.paragraphs[0]
        run = p.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold

    def chart(self, ch: Chart, cont_title: str) -> None:
        h = 4.6
        self.ensure(h, cont_title)
        data = CategoryChartData()
        data.categories = ch.categories
        kind = {
            "pareto": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "line": XL_CHART_TYPE.LINE_MARKERS,
            "radar": XL_CHART_TYPE.RADAR_MARKERS,
        }[ch.kind]
        for name, vals in ch.series:
            data.add_series(name, vals)
        x = Inches(2.2)
        gf = self.slide.shapes.add_chart(kind, x, Inches(self.y), Inches(8.8), Inches(h), data)
        chart = gf.chart
        chart.has_title = True
        chart.chart_title.text_frame.text = ch.title
        chart.has_legend = len(ch.series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        if ch.kind == "pareto":
            chart.plots[0].gap_width = 10
            _pareto_combo(chart)
        elif ch.kind == "bar":
            chart.plots[0].has_data_labels = True
        self.y += h + 0.1

    def tree(self, tr: Tree, cont_title: str) -> None:
        h = 5.2
        self.ensure(h, cont_title)
        shapes = self.slide.shapes
        outer = shapes.add_group_shape()
        top = Inches(self.y)
        # head (effect) on the right, spine to the left
        head = outer.shapes.add_shape(MSO_SHAPE.PENTAGON, Inches(10.4), top + Inches(2.1), Inches(2.3), Inches(0.9))
        head.text_frame.text = tr.effect
        head.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
        outer.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(0.8), top + Inches(2.55), Inches(10.4), top + Inches(2.55))
        n = len(tr.branches)
        per_side = math.ceil(n / 2)
        for k, (cat, mids) in enumerate(tr.branches):
            upper = k < per_side
            col = k if upper else k - per_side
            x0 = 0.9 + col * (9.2 / max(1, per_side))
            container = outer.shapes.add_group_shape() if self.deck.nested_groups else outer
            cy = top + (Inches(0.05) if upper else Inches(4.35))
            label = container.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x0), cy, Inches(1.3), Inches(0.45))
            label.text_frame.text = cat
            label.text_frame.paragraphs[0].runs[0].font.size = Pt(13)
            bone_y = cy + (Inches(0.45) if upper else 0)
            container.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(x0 + 0.65), bone_y, Inches(x0 + 1.6), top + Inches(2.55))
            for j, (mid, leaves) in enumerate(mids):
                sub = container.shapes.add_group_shape() if self.deck.nested_groups else container
                ty = cy + Inches(0.55 + 0.75 * j) if upper else cy - Inches(0.8 + 0.75 * j)
                tb = sub.shapes.add_textbox(Inches(x0 + 0.2), ty, Inches(2.6), Inches(0.7))
                tf = tb.text_frame
                tf.word_wrap = True
                p = tf.paragraphs[0]
                r = p.add_run()
                r.text = mid
                r.font.size = Pt(11)
                for leaf in leaves:
                    p2 = tf.add_paragraph()
                    r2 = p2.add_run()
                    r2.text = "└ " + leaf
                    r2.font.size = Pt(11)
        if tr.caption:
            cap = shapes.add_textbox(Inches(0.6), top + Inches(4.9), Inches(12), Inches(0.3))
            r = cap.text_frame.paragraphs[0].add_run()
            r.text = tr.caption
            r.font.size = Pt(12)
            cap.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        self.y += h + 0.1

    # ---- whole deck ----------------------------------------------------------------------
    def cover(self, rep: Report) -> None:
        s = self.prs.slides.add_slide(self.prs.slide_layouts[0])
        self.n_slides += 1
        s.shapes.title.text = rep.title
        sub = s.placeholders[1]
        items = rep.sections[0].items
        sub.text = "\n".join(it.text for it in items if it.tag != "template")
        tb = s.shapes.add_textbox(Inches(0.8), Inches(6.3), Inches(11.7), Inches(0.9))
        tb.text_frame.word_wrap = True
        for i, it in enumerate([x for x in items if x.tag == "template"]):
            p = tb.text_frame.paragraphs[0] if i == 0 else tb.text_frame.add_paragraph()
            r = p.add_run()
            r.text = it.text
            r.font.size = Pt(12)

    def flow(self, items, title: str) -> None:
        buf: list[Para] = []

        def flush() -> None:
            if buf:
                self.paras(list(buf), title)
                buf.clear()

        for it in items:
            if isinstance(it, Para):
                buf.append(it)
            else:
                flush()
                if isinstance(it, Table):
                    self.table(it, title)
                elif isinstance(it, Chart):
                    self.chart(it, title)
                elif isinstance(it, Tree):
                    self.tree(it, title)
        flush()

    def write(self, rep: Report, path: Path, *, when: dt.datetime, author: str) -> None:
        self.cover(rep)
        idx = 0
        phase = ""
        sections = rep.sections[1:]
        for k, sec in enumerate(sections):
            if sec.step == "team":
                self.new_slide("小组概况")
                self.flow([it for it in sec.items if not (isinstance(it, Para) and it.style == "label")], "小组概况")
                continue
            if sec.step == "declaration":
                self.new_slide("声明")
                self.flow(sec.items, "声明")
                continue
            idx += 1
            heading = self.style.heading(sec.step, idx)
            if self.style.pdca and PHASE[sec.step] != phase:
                phase = PHASE[sec.step]
                self.new_slide(PHASE_TITLES[phase][self.style.pdca_variant])
                self.slide = None  # a divider slide holds only its title
            cont = heading + self.deck.continuation
            prev = sections[k - 1].step if k > 0 else ""
            merged = self.deck.merge_summary and (prev, sec.step) in MERGE_PAIRS
            if merged and self.slide is not None and self.y < BOTTOM - 1.5:
                self.merged.append({"slide": self.n_slides, "steps": [prev, sec.step]})
                self.paras([Para(heading, style="label")], cont)
            else:
                self.new_slide(heading)
            self.flow(sec.items, cont)
        set_core(self.prs.core_properties, title=rep.title, author=author, when=when)
        save_stable(self.prs, path)


MERGE_PAIRS = {("select_topic", "current_state"), ("select_topic", "set_target"), ("consolidate", "summary"),
               ("standardize", "summary"), ("check_effect", "consolidate")}


def _pareto_combo(chart) -> None:
    """Move the second series of a clustered column chart into a line chart on a secondary axis."""
    plot_area = chart._chartSpace.chart.plotArea
    bar = plot_area.find(qn("c:barChart"))
    sers = bar.findall(qn("c:ser"))
    if len(sers) < 2:
        return
    ser = sers[1]
    bar.remove(ser)
    inv = ser.find(qn("c:invertIfNegative"))
    if inv is not None:
        ser.remove(inv)
    marker = etree.SubElement(ser, qn("c:marker"))
    etree.SubElement(marker, qn("c:symbol")).set("val", "circle")
    # c:marker must follow c:spPr / c:tx: move it right after c:tx (or c:order)
    ser.remove(marker)
    anchor = ser.find(qn("c:spPr"))
    if anchor is None:
        anchor = ser.find(qn("c:tx"))
    anchor.addnext(marker)
    smooth = etree.SubElement(ser, qn("c:smooth"))
    smooth.set("val", "0")
    line = etree.Element(qn("c:lineChart"))
    etree.SubElement(line, qn("c:grouping")).set("val", "standard")
    etree.SubElement(line, qn("c:varyColors")).set("val", "0")
    line.append(ser)
    etree.SubElement(line, qn("c:marker")).set("val", "1")
    etree.SubElement(line, qn("c:axId")).set("val", "50050")
    etree.SubElement(line, qn("c:axId")).set("val", "50051")
    bar.addnext(line)
    axes = [el for el in plot_area if el.tag in (qn("c:catAx"), qn("c:valAx"))]
    cat_ax = copy.deepcopy(plot_area.find(qn("c:catAx")))
    val_ax = copy.deepcopy(plot_area.find(qn("c:valAx")))
    cat_ax.find(qn("c:axId")).set("val", "50050")
    cat_ax.find(qn("c:crossAx")).set("val", "50051")
    delete = cat_ax.find(qn("c:delete"))
    if delete is None:
        delete = etree.SubElement(cat_ax, qn("c:delete"))
        cat_ax.find(qn("c:scaling")).addnext(delete)
    delete.set("val", "1")
    val_ax.find(qn("c:axId")).set("val", "50051")
    val_ax.find(qn("c:crossAx")).set("val", "50050")
    scaling = val_ax.find(qn("c:scaling"))
    for tag in ("c:max", "c:min"):
        old = scaling.find(qn(tag))
        if old is not None:
            scaling.remove(old)
    etree.SubElement(scaling, qn("c:max")).set("val", "100")
    etree.SubElement(scaling, qn("c:min")).set("val", "0")
    crosses = val_ax.find(qn("c:crosses"))
    if crosses is not None:
        crosses.set("val", "max")
    axes[-1].addnext(cat_ax)
    cat_ax.addnext(val_ax)


def write_pptx(rep: Report, path: Path, style: Style, deck: DeckStyle, *, when: dt.datetime, author: str) -> list[dict]:
    """Write the deck; returns the slides that hold two steps."""
    w = DeckWriter(style, deck)
    w.write(rep, path, when=when, author=author)
    return w.merged


__all__ = ["DeckStyle", "Emu", "write_pptx"]
