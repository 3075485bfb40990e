"""Legacy .doc/.ppt through LibreOffice: conversion, original format kept, time limit, missing
converter, encrypted legacy files."""

from __future__ import annotations

import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest import ReadOptions, read, read_bytes
from ingest.errors import ConverterMissingError, CorruptError, TimeoutError_
from ingest.readers import legacy

needs_soffice = pytest.mark.skipif(legacy.soffice_path() is None, reason="LibreOffice (soffice) is not installed")


@pytest.mark.slow
@needs_soffice
def test_doc_converted_and_read(realdoc: Callable[[str], Path]) -> None:
    doc = read(realdoc("tika/testWORD_various.doc"))
    assert doc.format == "doc"
    assert doc.meta["converted_from"] == "doc" and doc.meta["converted_to"] == "docx"
    assert "Here is a text box" in doc.text and "Bullet 1" in doc.text
    assert any(i.code == "ingest.converted" for i in doc.issues)
    # doc_id is the original file's, not the converted one's
    from ingest.model import doc_id_for

    assert doc.doc_id == doc_id_for(realdoc("tika/testWORD_various.doc").read_bytes())


@pytest.mark.slow
@needs_soffice
def test_ppt_converted_and_read(realdoc: Callable[[str], Path]) -> None:
    doc = read(realdoc("docling/legacy_sample.ppt"))
    assert doc.format == "ppt" and doc.meta["converted_from"] == "ppt"
    assert doc.pages >= 1 and "Test Table Slide" in doc.text


@pytest.mark.slow
@needs_soffice
def test_convert_helper_to_pdf(realdoc: Callable[[str], Path], tmp_path: Path) -> None:
    src = tmp_path / "sample.docx"
    shutil.copy(realdoc("docling/word_tables.docx"), src)
    out = legacy.convert_with_libreoffice(src, "pdf", tmp_path / "out", timeout_s=180)
    assert out.suffix == ".pdf" and out.read_bytes().startswith(b"%PDF-")
    assert "Merged Cell" in read(out).text


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    exe = tmp_path / "bin" / "soffice"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\n" + body + "\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return exe


def test_timeout_kills_the_process_group(
    realdoc: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pidfile = tmp_path / "child.pid"
    # the fake converter forks a helper that would outlive it, like soffice.bin does
    exe = _fake_soffice(tmp_path, f"sleep 300 & echo $! > {pidfile}\nwait")
    monkeypatch.setattr(legacy, "soffice_path", lambda: str(exe))
    data = realdoc("tika/testWORD_various.doc").read_bytes()
    with pytest.raises(TimeoutError_) as err:
        read_bytes(data, "老文件.doc", ReadOptions(libreoffice_timeout_s=1.0))
    assert err.value.filename == "老文件.doc" and "LibreOffice" in err.value.reason
    child = int(pidfile.read_text().strip())
    stat_file = Path(f"/proc/{child}/stat")
    for _ in range(50):  # SIGKILL is asynchronous
        if not stat_file.exists() or stat_file.read_text().split(")")[-1].split()[0] in ("Z", "X"):
            break
        time.sleep(0.1)
    # gone, or a zombie waiting for a parent that does not reap (PID 1 in containers): not running
    assert not stat_file.exists() or stat_file.read_text().split(")")[-1].split()[0] in ("Z", "X")


def test_converter_missing(realdoc: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    with pytest.raises(ConverterMissingError) as err:
        read(realdoc("docling/legacy_sample.ppt"))
    assert "LibreOffice" in err.value.message


def test_converter_failure_is_corrupt(
    realdoc: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    monkeypatch.setattr(legacy, "soffice_path", lambda: str(exe))
    with pytest.raises(CorruptError) as err:
        read(realdoc("tika/testWORD_various.doc"))
    assert "could not be loaded" in err.value.reason


def test_encrypted_doc_detected_before_conversion(
    realdoc: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ingest.errors import EncryptedError

    data = bytearray(realdoc("tika/testWORD_various.doc").read_bytes())
    import io

    import olefile

    ole = olefile.OleFileIO(io.BytesIO(bytes(data)))
    fib = ole.openstream("WordDocument").read(12)
    ole.close()
    start = bytes(data).find(fib)  # the FIB starts the WordDocument stream
    assert start > 0
    data[start + 11] |= 0x01  # FibBase.fEncrypted
    monkeypatch.setattr(legacy, "soffice_path", lambda: pytest.fail("must not convert an encrypted file"))
    with pytest.raises(EncryptedError):
        read_bytes(bytes(data), "secret.doc")
