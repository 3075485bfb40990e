"""Byte-stable OOXML output: fixed core properties and fixed zip member timestamps."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def set_core(props, *, title: str, author: str, when: dt.datetime) -> None:
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""


_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _stable_workbook(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _CORE_TIME.sub(rb"\g<1>2024-01-01T00:00:00Z\g<3>", blob)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, blob)
    return out.getvalue()


def save_stable(obj, path: Path) -> None:
    """Save a python-docx/python-pptx object, then rewrite the zip with fixed member times."""
    buf = io.BytesIO()
    obj.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.endswith(".xlsx"):
                blob = _stable_workbook(blob)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, blob)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
