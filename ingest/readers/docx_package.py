"""The parts of a DOCX package the reader needs, read straight from the zip with lxml (safe parser):
the main document, relationships, styles (heading levels, outline levels, bold, list numbering),
numbering definitions, settings and core properties.

We do not go through python-docx: its paragraph/table API hides content in wrappers (w:sdt, w:ins,
text boxes, mc:AlternateContent) and repeats merged cells (spec/ingestion-pitfalls.md), and parsing
the XML once ourselves is several times faster.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..errors import CorruptError
from ..safety import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
W = f"{{{W_NS}}}"
R = f"{{{R_NS}}}"

# ISO/IEC 29500 Strict uses other namespace URIs for the same vocabulary; translate them so one
# walker serves both.
_STRICT_NS = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": R_NS.encode(),
    b"http://purl.oclc.org/ooxml/drawingml/main": b"http://schemas.openxmlformats.org/drawingml/2006/main",
    b"http://purl.oclc.org/ooxml/drawingml/chart": b"http://schemas.openxmlformats.org/drawingml/2006/chart",
    b"http://purl.oclc.org/ooxml/drawingml/diagram": b"http://schemas.openxmlformats.org/drawingml/2006/diagram",
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": (
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/picture": b"http://schemas.openxmlformats.org/drawingml/2006/picture",
}

_HEADING_NAME = re.compile(r"^(?:heading|标题|titre|überschrift|encabezado|заголовок)\s*(\d)$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*\d", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题", "titre", "titel", "título"}


def wval(el: etree._Element | None, default: str | None = None) -> str | None:
    """The w:val attribute of an element (None when the element is absent)."""
    if el is None:
        return default
    return el.get(W + "val", default)


def on_off(el: etree._Element | None) -> bool | None:
    """ST_OnOff property (w:b, w:i...): present without val means on."""
    if el is None:
        return None
    v = el.get(W + "val")
    return v is None or v.lower() not in ("0", "false", "off", "none")


@dataclass
class Rel:
    type: str  # last path segment of the relationship type, e.g. "image", "chart", "header"
    target: str  # part name inside the zip (resolved), or the external URL
    external: bool = False


@dataclass
class Style:
    style_id: str
    name: str
    based_on: str | None
    outline_level: int | None  # 0-based as in w:outlineLvl; 9 means body text
    bold: bool | None
    num_id: str | None
    num_level: int | None


@dataclass
class Styles:
    by_id: dict[str, Style] = field(default_factory=dict)
    default_paragraph: str | None = None

    def chain(self, style_id: str | None) -> list[Style]:
        out: list[Style] = []
        seen: set[str] = set()
        sid = style_id or self.default_paragraph
        while sid and sid in self.by_id and sid not in seen and len(out) < 20:
            seen.add(sid)
            st = self.by_id[sid]
            out.append(st)
            sid = st.based_on
        return out

    def heading_level(self, style_id: str | None) -> tuple[int | None, bool]:
        """(heading level, is_title) from the style name or its outline level, following basedOn."""
        for st in self.chain(style_id):
            name = st.name.strip()
            if name.lower() in _TITLE_NAMES:
                return None, True
            m = _HEADING_NAME.match(name) or _HEADING_NAME.match(st.style_id)
            if m:
                return max(1, int(m.group(1))), False
            if st.outline_level is not None:
                return (st.outline_level + 1 if st.outline_level < 9 else None), False
        return None, False

    def is_toc(self, style_id: str | None) -> bool:
        """A table-of-contents entry style (TOC 1, 目录 1): its lines repeat the headings."""
        return any(_TOC_NAME.match(st.name.strip()) for st in self.chain(style_id)[:3]) if style_id else False

    def bold(self, style_id: str | None) -> bool:
        for st in self.chain(style_id):
            if st.bold is not None:
                return st.bold
        return False

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        for st in self.chain(style_id):
            if st.num_id is not None:
                return st.num_id, st.num_level
        return None, None


class Package:
    """A DOCX zip opened for reading; parts parsed on demand and cached."""

    def __init__(self, zf: zipfile.ZipFile, filename: str) -> None:
        self.zf = zf
        self.filename = filename
        self.names = set(zf.namelist())
        self._xml: dict[str, etree._Element | None] = {}
        self._rels: dict[str, dict[str, Rel]] = {}
        self.main = self._main_part()

    def _main_part(self) -> str:
        rels = self.rels_of("")
        for rel in rels.values():
            if rel.type == "officeDocument" and rel.target in self.names:
                return rel.target
        if "word/document.xml" in self.names:
            return "word/document.xml"
        raise CorruptError(self.filename, "压缩包中找不到 Word 正文部件（word/document.xml）")

    def read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        try:
            return self.zf.read(name)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as e:
            raise CorruptError(self.filename, f"部件 {name} 无法解压（{type(e).__name__}）") from e

    def xml(self, name: str) -> etree._Element | None:
        if name not in self._xml:
            data = self.read(name)
            if data is None:
                self._xml[name] = None
            else:
                for strict, transitional in _STRICT_NS.items():
                    if strict in data:
                        data = data.replace(strict, transitional)
                self._xml[name] = parse_xml(data, self.filename, name)
        return self._xml[name]

    def rels_of(self, part: str) -> dict[str, Rel]:
        if part in self._rels:
            return self._rels[part]
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        out: dict[str, Rel] = {}
        root = self.xml(rels_name)
        if root is not None:
            for el in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
                rid, target, rtype = el.get("Id"), el.get("Target", ""), el.get("Type", "")
                if not rid:
                    continue
                external = el.get("TargetMode") == "External"
                if not external:
                    if target.startswith("/"):
                        target = target[1:]
                    else:
                        target = posixpath.normpath(posixpath.join(folder, target))
                out[rid] = Rel(type=rtype.rsplit("/", 1)[-1], target=target, external=external)
        self._rels[part] = out
        return out

    def styles(self) -> Styles:
        out = Styles()
        part = self._related_part(self.main, "styles") or "word/styles.xml"
        root = self.xml(part)
        if root is None:
            return out
        for st in root.iter(W + "style"):
            if st.get(W + "type", "paragraph") not in ("paragraph", "character"):
                continue
            sid = st.get(W + "styleId") or ""
            ppr = st.find(W + "pPr")
            rpr = st.find(W + "rPr")
            lvl = wval(ppr.find(W + "outlineLvl")) if ppr is not None else None
            num_pr = ppr.find(W + "numPr") if ppr is not None else None
            num_id = wval(num_pr.find(W + "numId")) if num_pr is not None else None
            ilvl = wval(num_pr.find(W + "ilvl")) if num_pr is not None else None
            out.by_id[sid] = Style(
                style_id=sid,
                name=wval(st.find(W + "name"), "") or "",
                based_on=wval(st.find(W + "basedOn")),
                outline_level=_int(lvl),
                bold=on_off(rpr.find(W + "b")) if rpr is not None else None,
                num_id=num_id,
                num_level=_int(ilvl),
            )
            if st.get(W + "default") in ("1", "true") and st.get(W + "type", "paragraph") == "paragraph":
                out.default_paragraph = sid
        return out

    def _related_part(self, part: str, rel_type: str) -> str | None:
        for rel in self.rels_of(part).values():
            if rel.type == rel_type and not rel.external:
                return rel.target
        return None

    def related(self, rel_type: str) -> str | None:
        return self._related_part(self.main, rel_type)

    def core_title(self) -> str | None:
        root = self.xml("docProps/core.xml")
        if root is None:
            return None
        el = root.find("{http://purl.org/dc/elements/1.1/}title")
        text = (el.text or "").strip() if el is not None else ""
        return text or None

    def even_and_odd_headers(self) -> bool:
        part = self.related("settings")
        root = self.xml(part) if part else None
        return bool(root is not None and on_off(root.find(W + "evenAndOddHeaders")))


def _int(v: str | None) -> int | None:
    if v is None:
        return None
    try:
        return int(v)
    except ValueError:
        return None
