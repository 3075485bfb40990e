"""DrawingML text for the PPTX reader: paragraph text (runs, fields, line breaks, OMML equations),
bullets and indent levels, and the `mc:AlternateContent` branch choice shared by the shape walker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
A = f"{{{NS['a']}}}"
P = f"{{{NS['p']}}}"
MC = f"{{{NS['mc']}}}"
M = f"{{{NS['m']}}}"

# Namespaces whose content inside an mc:Choice the walker understands (it reads a:t / m:t text and the
# p:sp / p:grpSp / p:graphicFrame / p:pic elements it finds there). Anything else -> mc:Fallback.
SUPPORTED_CHOICE_NS = frozenset(
    {
        "http://schemas.microsoft.com/office/powerpoint/2010/main",  # p14
        "http://schemas.microsoft.com/office/drawing/2010/main",  # a14 (incl. a14:m math)
        "http://schemas.microsoft.com/office/powerpoint/2012/main",  # p15
        "http://schemas.microsoft.com/office/drawing/2012/main",  # a15
        "http://schemas.openxmlformats.org/officeDocument/2006/math",
        "http://schemas.microsoft.com/office/drawing/2014/main",  # a16
        "http://schemas.microsoft.com/office/drawing/2014/chartex",  # cx (chartex: read by pptx_chart)
        "http://schemas.microsoft.com/office/drawing/2015/9/8/chartex",  # cx1
        "http://schemas.microsoft.com/office/drawing/2015/10/21/chartex",  # cx2
        "http://schemas.microsoft.com/office/drawing/2016/5/9/chartex",  # cx3
        "http://schemas.microsoft.com/office/drawing/2016/5/10/chartex",  # cx4
    }
)

# Layout/master prompt text that PowerPoint shows only while editing.
PROMPT_RE = re.compile(
    r"^\s*(单击此处|单击以|点击此处|点击以|click to|click here to|edit master|编辑母版)", re.IGNORECASE
)

# Placeholder types. Absent type = "obj" (a content placeholder).
TITLE_TYPES = frozenset({"title", "ctrTitle"})
SUBTITLE_TYPES = frozenset({"subTitle"})
FURNITURE_TYPES = frozenset({"ftr", "dt", "sldNum", "hdr"})
BULLETED_TYPES = frozenset({"obj", "body"})


def choose_branch(alt: etree._Element) -> etree._Element | None:
    """The mc:Choice whose Requires prefixes all map to namespaces we read, else mc:Fallback."""
    for choice in alt.findall(f"{MC}Choice"):
        requires = (choice.get("Requires") or "").split()
        nsmap = choice.nsmap
        if requires and all(nsmap.get(prefix) in SUPPORTED_CHOICE_NS for prefix in requires):
            return choice
    return alt.find(f"{MC}Fallback")


def _collect(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        if tag == f"{A}t" or tag == f"{M}t":
            out.append(child.text or "")
        elif tag == f"{A}br":
            out.append("\n")
        elif tag == f"{MC}AlternateContent":
            branch = choose_branch(child)
            if branch is not None:
                _collect(branch, out)
        elif tag in (f"{A}rPr", f"{A}pPr", f"{A}endParaRPr"):
            continue
        else:
            _collect(child, out)


def paragraph_text(p: etree._Element) -> str:
    """Visible text of one a:p: runs, fields, OMML math, a:br as a newline."""
    out: list[str] = []
    _collect(p, out)
    return "".join(out).replace("\v", "\n").replace("\x0b", "\n").strip("\n")


@dataclass(frozen=True)
class Para:
    text: str
    level: int  # 0-based indent level (a:pPr/@lvl)
    bullet: bool | None  # True/False when the paragraph says so, None when inherited
    size: float | None = None  # largest explicit run font size in points (a:rPr/@sz), None if inherited


def paragraphs(tx_body: etree._Element | None) -> list[Para]:
    """The non-empty paragraphs of a p:txBody / a:txBody / dgm:t."""
    if tx_body is None:
        return []
    out: list[Para] = []
    for p in _direct_paragraphs(tx_body):
        text = paragraph_text(p).strip()
        if not text:
            continue
        ppr = p.find(f"{A}pPr")
        level = 0
        bullet: bool | None = None
        if ppr is not None:
            try:
                level = max(0, min(int(ppr.get("lvl", "0")), 8))
            except ValueError:
                level = 0
            if ppr.find(f"{A}buNone") is not None:
                bullet = False
            elif ppr.find(f"{A}buChar") is not None or ppr.find(f"{A}buAutoNum") is not None:
                bullet = True
        out.append(Para(text=text, level=level, bullet=bullet, size=_max_size(p)))
    return out


def _max_size(p: etree._Element) -> float | None:
    sizes = []
    for rpr in p.iter(f"{A}rPr"):
        try:
            sz = int(rpr.get("sz", "0"))
        except ValueError:
            continue
        if 100 <= sz <= 400000:
            sizes.append(sz / 100.0)
    return max(sizes) if sizes else None


def _direct_paragraphs(body: etree._Element) -> list[etree._Element]:
    """The a:p children of a text body in order; an mc:AlternateContent among them contributes the
    paragraphs of the branch we take."""
    out: list[etree._Element] = []
    for child in body:
        if child.tag == f"{A}p":
            out.append(child)
        elif child.tag == f"{MC}AlternateContent":
            branch = choose_branch(child)
            if branch is not None:
                out.extend(_direct_paragraphs(branch))
    return out


def join_lines(text: str) -> str:
    """Join a multi-line title into one line: no space between CJK characters, a space otherwise."""
    parts = [s.strip() for s in text.split("\n") if s.strip()]
    if not parts:
        return ""
    out = parts[0]
    for s in parts[1:]:
        if _is_cjk(out[-1]) or _is_cjk(s[0]):
            out += s
        else:
            out += " " + s
    return out


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F
