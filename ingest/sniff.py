"""Decide a file's format from its bytes, never from the extension alone.

An encrypted OOXML file (PPTX/DOCX with a password) is an OLE/CFB container, not a zip: it must be
reported as "encrypted", not "corrupt".
"""

from __future__ import annotations

import io
import zipfile
import zlib

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"

# Formats the readers handle directly or through LibreOffice.
OOXML_BY_MAIN_PART = {
    "ppt/presentation.xml": "pptx",
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
}


def sniff(data: bytes, filename: str = "") -> str:
    """Return one of: pptx, docx, xlsx, pdf, ppt, doc, xls, wps, dps, et, cfb_encrypted, cfb,
    zip, txt, empty, unknown."""
    if not data:
        return "empty"
    head = data[:8]
    if head.startswith(PDF_MAGIC) or PDF_MAGIC in data[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if head == CFB_MAGIC:
        return _sniff_cfb(data, filename)
    if _looks_like_text(data[:65536]):
        return "txt"
    return "unknown"


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return "zip"  # a zip we cannot open: truncated, corrupt or an unsupported zip feature
    for part, fmt in OOXML_BY_MAIN_PART.items():
        if part in names:
            return fmt
    # Some producers name the main part differently; [Content_Types].xml tells.
    if "[Content_Types].xml" in names:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                ct = zf.read("[Content_Types].xml")[:200000]
        except (zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError, EOFError, NotImplementedError):
            return "zip"
        if b"presentationml" in ct:
            return "pptx"
        if b"wordprocessingml" in ct:
            return "docx"
    return "zip"


def _sniff_cfb(data: bytes, filename: str) -> str:
    """Tell legacy binary Office from an encrypted OOXML package by the CFB directory names."""
    try:
        import olefile

        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            streams = {"/".join(p).lower() for p in ole.listdir(streams=True, storages=True)}
        finally:
            ole.close()
    except Exception:  # noqa: BLE001 - olefile raises many types on garbage; the answer is "cfb"
        return "cfb"
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        return "cfb_encrypted"
    ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if "powerpoint document" in streams:
        return "dps" if ext == "dps" else "ppt"
    if "worddocument" in streams:
        return "wps" if ext == "wps" else "doc"
    if "workbook" in streams or "book" in streams:
        return "et" if ext == "et" else "xls"
    return "cfb"


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            sample.decode(enc)
            return True
        except UnicodeDecodeError:
            # a multi-byte char cut at the sample's end is fine
            try:
                sample[:-4].decode(enc)
                return True
            except UnicodeDecodeError:
                continue
    return False
