"""DOCX → PDF with LibreOffice headless (private profile), then pin the PDF's dates and /ID so reruns
give the same bytes whenever LibreOffice lays the page out the same way."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:[^)]*\)")
_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</xmp:\1>")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_UUID = re.compile(rb"uuid:[0-9a-fA-F-]{36}")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def _same_len(m: re.Match[bytes], new: bytes) -> bytes:
    old = m.group(0)
    return new[: len(old)].ljust(len(old), b" ")


def pin_pdf(data: bytes) -> bytes:
    data = _DATE.sub(lambda m: _same_len(m, b"/" + m.group(1) + b"(D:20240101000000Z)"), data)
    data = _XMP_DATE.sub(lambda m: _same_len(m, b"<xmp:" + m.group(1) + b">2024-01-01T00:00:00Z</xmp:" + m.group(1) + b">"), data)
    data = _ID.sub(lambda m: b"/ID [ <" + b"0" * len(m.group(1)) + b"> <" + b"0" * len(m.group(2)) + b"> ]"
                   if len(m.group(0)) == len(b"/ID [ <" + m.group(1) + b"> <" + m.group(2) + b"> ]") else m.group(0), data)
    data = _CHECKSUM.sub(lambda m: b"/DocChecksum /" + b"0" * len(m.group(1)) if m.group(0).startswith(b"/DocChecksum /") else m.group(0), data)
    data = _UUID.sub(lambda m: b"uuid:" + b"0" * 8 + b"-0000-0000-0000-" + b"0" * 12, data)
    return data


def convert_many(pairs: list[tuple[Path, Path]]) -> None:
    """pairs: (docx source, pdf target). One soffice run for all of them."""
    if not pairs:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) is needed to build the PDF examples")
    with tempfile.TemporaryDirectory(prefix="qcgen-") as tmp:
        tmpd = Path(tmp)
        srcs = []
        for i, (src, _dst) in enumerate(pairs):
            staged = tmpd / f"doc{i:03d}.docx"
            shutil.copyfile(src, staged)
            srcs.append(str(staged))
        profile = tmpd / "lo-profile"
        out = tmpd / "out"
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *srcs]
        subprocess.run(cmd, check=True, capture_output=True, timeout=900)
        for i, (_src, dst) in enumerate(pairs):
            pdf = out / f"doc{i:03d}.pdf"
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(pin_pdf(pdf.read_bytes()))
