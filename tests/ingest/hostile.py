"""Hostile files as real bytes, built from real documents of ../shared/realdocs (issue 15): a DTD behind
a padded prolog, a 1,001-page PDF, circular page trees, a 5,000-slide deck, 500-deep groups. Shared
by the ingest and service tests; each builder returns the file's bytes."""

from __future__ import annotations

import io
import random
import re
import string
import zipfile
from collections.abc import Callable
from pathlib import Path

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"
SMALL_PPTX = REALDOCS / "python-pptx" / "tbl-cell.pptx"  # 3 slides
SMALL_DOCX = REALDOCS / "python-docx" / "tbl-cell-access.docx"

EXTERNAL_DTD = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def rezip(data: bytes, changes: dict[str, Callable[[bytes], bytes]], add: dict[str, bytes] | None = None) -> bytes:
    """Copy an OOXML package with some members changed and some added."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            out.writestr(info.filename, changes[info.filename](body) if info.filename in changes else body)
        for name, body in (add or {}).items():
            out.writestr(name, body)
    return buf.getvalue()


def _after_declaration(xml: bytes) -> int:
    return xml.index(b"?>") + 2 if xml.startswith((b"<?xml", b"\xef\xbb\xbf<?xml")) else 0


def _comment(size: int) -> bytes:
    """An XML comment of `size` letters that do not compress (so the zip ratio limit stays quiet)."""
    return b"<!--" + "".join(random.Random(size).choices(string.ascii_letters, k=size)).encode() + b"-->"


def padded_dtd(xml: bytes, padding: int, *, where: str = "prolog") -> bytes:
    """The part with an external-entity DOCTYPE placed after `padding` bytes of comment (prolog), or
    after the root element's start tag (body)."""
    if where == "prolog":
        at = _after_declaration(xml)
        return xml[:at] + _comment(padding) + EXTERNAL_DTD + xml[at:]
    root = re.search(rb"<[A-Za-z_]", xml)
    assert root is not None
    root_end = xml.index(b">", root.start()) + 1
    return xml[:root_end] + _comment(padding) + EXTERNAL_DTD + xml[root_end:]


def padded_dtd_docx(padding: int = 8000, *, where: str = "prolog", utf16: bool = False) -> bytes:
    def change(xml: bytes) -> bytes:
        out = padded_dtd(xml, padding, where=where)
        if utf16:
            text = out.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
            return text.encode("utf-16")  # with a byte-order mark
        return out

    return rezip(SMALL_DOCX.read_bytes(), {"word/document.xml": change})


def many_slides_pptx(slides: int = 5000) -> bytes:
    """A real deck with its first slide repeated as parts slide4 … slideN (a slide and its rels: two
    members a slide, so 5,000 slides are over the 10,000-member zip limit)."""
    data = SMALL_PPTX.read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    slide, rels = src.read("ppt/slides/slide1.xml"), src.read("ppt/slides/_rels/slide1.xml.rels")
    add: dict[str, bytes] = {}
    for k in range(4, slides + 1):
        add[f"ppt/slides/slide{k}.xml"] = slide
        add[f"ppt/slides/_rels/slide{k}.xml.rels"] = rels
    return rezip(data, {}, add)


def deep_groups_pptx(depth: int = 500) -> bytes:
    """A real deck whose first slide holds `depth` nested group shapes."""
    group = b'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="%d" name="g"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
    nested = b"".join(group % (1000 + i) for i in range(depth)) + b"</p:grpSp>" * depth
    return rezip(
        SMALL_PPTX.read_bytes(), {"ppt/slides/slide1.xml": lambda x: x.replace(b"</p:spTree>", nested + b"</p:spTree>")}
    )


def _pdf(objects: dict[int, bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets.get(num, 0)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(parent: int, content: int) -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents %d 0 R >>" % (parent, content)
    )


def _stream(text: bytes) -> bytes:
    body = b"BT /F1 12 Tf 20 100 Td (" + text + b") Tj ET"
    return b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def long_pdf(pages: int = 1001) -> bytes:
    """A PDF with a line of text on each of `pages` pages ("Page N of the long report")."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: _FONT}
    kids = []
    for i in range(pages):
        page, content = 4 + 2 * i, 5 + 2 * i
        objects[page] = _page(2, content)
        objects[content] = _stream(b"Page %d of the long report" % (i + 1))
        kids.append(b"%d 0 R" % page)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return _pdf(objects)


def circular_pdf(kind: str = "mutual") -> bytes:
    """A page tree that loops: two /Pages nodes each other's kid ("mutual"), or a node its own kid
    ("self")."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: _FONT, 6: _stream(b"Hello")}
    if kind == "mutual":
        objects[2] = b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>"
        objects[4] = b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"
    else:
        objects[2] = b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"
    return _pdf(objects)


QC_TEXT = "".join(
    f"{h}\n本小组围绕包装线停机问题开展活动，{h}阶段的工作已按计划完成。\n"
    for h in (
        "一、选择课题",
        "二、现状调查",
        "三、设定目标",
        "四、原因分析",
        "五、确定主要原因",
        "六、制定对策",
        "七、对策实施",
        "八、效果检查",
        "九、制定巩固措施",
        "十、总结和下一步打算",
    )
)


def slow_pdf(pages: int = 1000, lines: int = 120) -> bytes:
    """A PDF that takes a reader many seconds (1,000 pages of 120 text lines each, all laid out): a file
    that is slow but legal, for the per-file time limit. (A named pipe used to play this part; pipes are
    now refused before they are opened.)"""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: _FONT}
    body = (
        b"BT /F1 6 Tf 8 TL 10 990 Td "
        + b"".join(b"(line %d of a slow page, with words) '" % i for i in range(lines))
        + b" ET"
    )
    content = b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"
    kids = []
    for i in range(pages):
        page = 4 + 2 * i
        objects[page] = _page(2, page + 1).replace(b"[0 0 300 200]", b"[0 0 400 1000]")
        objects[page + 1] = content
        kids.append(b"%d 0 R" % page)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return _pdf(objects)
