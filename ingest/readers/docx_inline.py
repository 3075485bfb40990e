"""One Word paragraph's inline content: its visible text, the text boxes and drawings it anchors, and
what kind of paragraph it is (title, heading with level, list item, body).

Visible text = w:t inside runs, looking through hyperlink/smartTag/customXml/fldSimple/sdt/ins/moveTo/
dir/bdo wrappers; w:del/w:moveFrom (with any w:del nested in a w:ins), field instructions
(w:instrText and everything between a field's begin and separate marks) and ruby guides are left out;
w:tab, w:br and w:cr keep their spacing; math (m:t) is kept. Of an mc:AlternateContent exactly one
branch is read: the first mc:Choice that has content, else mc:Fallback (both usually hold the same
text box, once as DrawingML and once as VML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .docx_numbering import Numbering
from .docx_package import Styles, W, on_off, wval

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MC = f"{{{MC_NS}}}"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R = f"{{{R_NS}}}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
V = "{urn:schemas-microsoft-com:vml}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
CX_URI_PART = "chartex"

_INLINE_WRAPPERS = {
    W + "hyperlink",
    W + "smartTag",
    W + "customXml",
    W + "fldSimple",
    W + "sdt",
    W + "sdtContent",
    W + "ins",
    W + "moveTo",
    W + "dir",
    W + "bdo",
}
_INLINE_SKIP = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "sdtPr", W + "sdtEndPr", W + "proofErr"}

# Section numbers that make a short bold paragraph a heading, with the level they usually mean in
# Chinese reports (一、 > （一） > 1. > 1.1 > （1）).
_NUMBERED_HEADING = [
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章部篇]"), 1),
    (re.compile(r"^[一二三四五六七八九十]+\s*[、．.]"), 1),
    (re.compile(r"^第[一二三四五六七八九十零〇\d]+[步节阶段]"), 2),
    (re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[）)]"), 2),
    (re.compile(r"^\d{1,2}(?:[.．]\d{1,2}){2}(?![\d%])"), 5),
    (re.compile(r"^\d{1,2}[.．]\d{1,2}(?![\d%.．])"), 4),
    (re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))"), 3),
    (re.compile(r"^[（(]\s*\d{1,2}\s*[）)]"), 5),
]
MAX_HEADING_CHARS = 50


@dataclass
class DrawingRef:
    kind: str  # "image", "chart", "chartex", "diagram"
    rid: str
    extent: tuple[int, int] | None = None  # EMU


@dataclass
class Paragraph:
    text: str = ""
    is_title: bool = False
    heading_level: int | None = None
    is_list: bool = False
    list_level: int | None = None
    textboxes: list[etree._Element] = field(default_factory=list)
    drawings: list[DrawingRef] = field(default_factory=list)


class _State:
    __slots__ = ("bold_chars", "chars", "drawings", "in_field_code", "parts", "textboxes")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.textboxes: list[etree._Element] = []
        self.drawings: list[DrawingRef] = []
        self.in_field_code = False
        self.bold_chars = 0
        self.chars = 0


class InlineReader:
    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering

    def branch(self, alt: etree._Element) -> etree._Element | None:
        """The one branch of an mc:AlternateContent to read."""
        for choice in alt.findall(MC + "Choice"):
            if len(choice):
                return choice
        return alt.find(MC + "Fallback")

    def read(self, p: etree._Element) -> Paragraph:
        ppr = p.find(W + "pPr")
        style_id = wval(ppr.find(W + "pStyle")) if ppr is not None else None
        style_bold = self.styles.bold(style_id)
        st = _State()
        self._walk(p, st, style_bold)
        text = "".join(st.parts)
        text = text.replace("\u00a0", " ").replace("\u200b", "")

        out = Paragraph(textboxes=st.textboxes, drawings=st.drawings)
        level, is_title = self.styles.heading_level(style_id)
        direct_lvl = wval(ppr.find(W + "outlineLvl")) if ppr is not None else None
        if direct_lvl is not None and direct_lvl.isdigit():
            level = int(direct_lvl) + 1 if int(direct_lvl) < 9 else None
        num_id, ilvl = None, None
        if ppr is not None:
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                num_id = wval(num_pr.find(W + "numId"))
                lv = wval(num_pr.find(W + "ilvl"))
                ilvl = int(lv) if lv and lv.isdigit() else None
        if num_id is None:
            num_id, style_ilvl = self.styles.numbering(style_id)
            ilvl = ilvl if ilvl is not None else style_ilvl
        label = self.numbering.next_label(num_id, ilvl) if num_id and num_id != "0" else ""
        if label and text.strip():
            sep = "" if label[-1] in "、．.)）:：" and not label[-1].isascii() else " "
            text = f"{label}{sep}{text.lstrip()}"
        out.text = text
        stripped = text.strip()
        if self.styles.is_toc(style_id):
            return out  # a table-of-contents line is body text, never a heading
        if is_title and stripped:
            out.is_title = True
        elif level is not None and stripped and len(stripped) <= 200:
            out.heading_level = level
        elif stripped and st.chars and st.bold_chars >= 0.8 * st.chars:
            out.heading_level = numbered_heading_level(stripped)
        if out.heading_level is None and not out.is_title and num_id and num_id != "0":
            out.is_list = True
            out.list_level = (ilvl or 0) + 1
        return out

    def _walk(self, el: etree._Element, st: _State, style_bold: bool) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "r":
                self._run(child, st, style_bold)
            elif tag in _INLINE_WRAPPERS:
                self._walk(child, st, style_bold)
            elif tag in _INLINE_SKIP:
                continue
            elif tag == MC + "AlternateContent":
                br = self.branch(child)
                if br is not None:
                    self._walk(br, st, style_bold)
            elif tag.startswith(f"{{{M_NS}}}"):
                st.parts.extend(t.text or "" for t in child.iter(f"{{{M_NS}}}t"))
            elif tag == W + "ruby":
                base = child.find(W + "rubyBase")
                if base is not None:
                    self._walk(base, st, style_bold)

    def _run(self, r: etree._Element, st: _State, style_bold: bool) -> None:
        rpr = r.find(W + "rPr")
        bold = style_bold
        if rpr is not None:
            b = on_off(rpr.find(W + "b"))
            if b is None:
                rstyle = wval(rpr.find(W + "rStyle"))
                if rstyle:
                    bold = self.styles.bold(rstyle) or style_bold
            else:
                bold = b
            if on_off(rpr.find(W + "vanish")):
                return  # hidden text: not what a reviewer sees
        for child in r:
            tag = child.tag
            if tag == W + "t":
                if st.in_field_code:
                    continue
                t = child.text or ""
                st.parts.append(t)
                n = len(t.strip())
                st.chars += n
                if bold:
                    st.bold_chars += n
            elif tag == W + "tab" or tag == W + "ptab":
                st.parts.append("\t")
            elif tag == W + "br":
                if child.get(W + "type") in (None, "textWrapping"):
                    st.parts.append("\n")
            elif tag == W + "cr":
                st.parts.append("\n")
            elif tag == W + "noBreakHyphen":
                st.parts.append("-")
            elif tag == W + "fldChar":
                ftype = child.get(W + "fldCharType")
                if ftype == "begin":
                    st.in_field_code = True
                elif ftype in ("separate", "end"):
                    st.in_field_code = False
            elif tag == W + "drawing":
                self._drawing(child, st)
            elif tag == W + "pict" or tag == W + "object":
                self._vml(child, st)
            elif tag == MC + "AlternateContent":
                br = self.branch(child)
                if br is not None:
                    self._run(br, st, style_bold)  # a branch holds run content (w:drawing / w:pict)
            elif tag == W + "sym":
                ch = child.get(W + "char", "")
                font = child.get(W + "font", "")
                if ch and "ding" not in font.lower() and "symbol" not in font.lower():
                    try:
                        code = int(ch, 16)
                        st.parts.append(chr(code - 0xF000 if code >= 0xF000 else code))
                    except ValueError:
                        pass

    def _drawing(self, drawing: etree._Element, st: _State) -> None:
        extent = None
        ext_el = drawing.find(f".//{WP}extent")
        if ext_el is not None:
            try:
                extent = (int(ext_el.get("cx", "0")), int(ext_el.get("cy", "0")))
            except ValueError:
                extent = None
        boxes = list(drawing.iter(W + "txbxContent"))
        st.textboxes.extend(_outermost(boxes))
        for gd in drawing.iter(A + "graphicData"):
            uri = gd.get("uri", "")
            if uri.endswith("/chart"):
                c = gd.find(C + "chart")
                if c is not None and c.get(R + "id"):
                    st.drawings.append(DrawingRef("chart", c.get(R + "id", ""), extent))
            elif CX_URI_PART in uri:
                for el in gd.iter():
                    rid = el.get(R + "id")
                    if rid:
                        st.drawings.append(DrawingRef("chartex", rid, extent))
                        break
            elif uri.endswith("/diagram"):
                rel_ids = gd.find(DGM + "relIds")
                if rel_ids is not None and rel_ids.get(R + "dm"):
                    st.drawings.append(DrawingRef("diagram", rel_ids.get(R + "dm", ""), extent))
        for blip in drawing.iter(A + "blip"):
            rid = blip.get(R + "embed")
            if rid:
                st.drawings.append(DrawingRef("image", rid, _blip_extent(blip) or extent))

    def _vml(self, pict: etree._Element, st: _State) -> None:
        st.textboxes.extend(_outermost(list(pict.iter(W + "txbxContent"))))
        for img in pict.iter(V + "imagedata"):
            rid = img.get(R + "id")
            if rid:
                st.drawings.append(DrawingRef("image", rid, _vml_extent(img)))


def numbered_heading_level(text: str) -> int | None:
    """Level of a short paragraph that starts with a section number (None if it is not one)."""
    if len(text) > MAX_HEADING_CHARS or text.endswith(("。", "；", ";", "，", ",")):
        return None
    for pattern, level in _NUMBERED_HEADING:
        if pattern.match(text):
            return level
    return None


def _outermost(boxes: list[etree._Element]) -> list[etree._Element]:
    ids = {id(b) for b in boxes}
    out = []
    for b in boxes:
        anc = b.getparent()
        nested = False
        while anc is not None:
            if id(anc) in ids:
                nested = True
                break
            anc = anc.getparent()
        if not nested:
            out.append(b)
    return out


def _blip_extent(blip: etree._Element) -> tuple[int, int] | None:
    """The size of the picture a blip fills (pic:spPr/a:xfrm/a:ext), for pictures inside groups."""
    pic = blip.getparent()
    while pic is not None and not (isinstance(pic.tag, str) and pic.tag.endswith("}pic")):
        pic = pic.getparent()
    if pic is None:
        return None
    ext = pic.find(f".//{A}xfrm/{A}ext")
    if ext is None:
        return None
    try:
        return int(ext.get("cx", "0")), int(ext.get("cy", "0"))
    except ValueError:
        return None


_VML_LEN = re.compile(r"(width|height)\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)?", re.IGNORECASE)
_EMU_PER = {"pt": 12700, "in": 914400, "cm": 360000, "mm": 36000, "px": 9525, None: 12700}


def _vml_extent(img: etree._Element) -> tuple[int, int] | None:
    shape = img.getparent()
    style = shape.get("style", "") if shape is not None else ""
    dims: dict[str, int] = {}
    for name, value, unit in _VML_LEN.findall(style):
        try:
            dims[name.lower()] = int(float(value) * _EMU_PER.get(unit.lower() if unit else None, 12700))
        except ValueError:
            continue
    if "width" in dims and "height" in dims:
        return dims["width"], dims["height"]
    return None
