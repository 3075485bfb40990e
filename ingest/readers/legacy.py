"""Legacy binary Office files (.ppt, .doc, WPS .wps/.dps): converted with LibreOffice headless, then
read as PPTX/DOCX.

Each conversion runs in its own throw-away LibreOffice profile (`-env:UserInstallation`), so parallel
conversions do not fight over one profile lock and a crashed run leaves nothing behind. The process
runs in its own process group and the whole group is killed when `options.libreoffice_timeout_s`
expires (soffice forks helpers that would otherwise survive). The Document keeps the original
format ("ppt", "doc", ...) and records meta["converted_from"].
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConverterMissingError, CorruptError, EncryptedError, IngestError, TimeoutError_
from ..model import Document, Issue
from ..options import ReadOptions

# original format → (LibreOffice filter target, reader format)
TARGETS = {
    "ppt": ("pptx", "pptx"),
    "pps": ("pptx", "pptx"),
    "dps": ("pptx", "pptx"),
    "doc": ("docx", "docx"),
    "wps": ("docx", "docx"),
}
_FILTERS = {
    "pptx": "pptx:Impress MS PowerPoint 2007 XML",
    "docx": "docx:MS Word 2007 XML",
    "pdf": "pdf",
}


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):  # fmt: skip
        if os.path.exists(candidate):
            return candidate
    return None


def convert_with_libreoffice(src: Path, target_ext: str, outdir: Path, timeout_s: float) -> Path:
    """Convert `src` to `target_ext` ("pptx", "docx", "pdf", ...) into `outdir`; returns the new file.

    Raises ConverterMissingError (no LibreOffice), TimeoutError_ (process group killed after
    timeout_s) or CorruptError (LibreOffice failed or produced nothing).
    """
    exe = soffice_path()
    if exe is None:
        raise ConverterMissingError(src.name, "未找到 LibreOffice（soffice），无法转换旧版 Office 文件")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qcscreen-lo-profile-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            _FILTERS.get(target_ext, target_ext),
            "--outdir",
            str(outdir),
            str(src),
        ]
        env = {**os.environ, "HOME": profile, "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env)
        try:
            out, err = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired as e:
            _kill_group(proc)
            raise TimeoutError_(src.name, f"LibreOffice 转换超过 {timeout_s:.0f} 秒未完成") from e
        finally:
            if proc.poll() is None:
                _kill_group(proc)
    result = outdir / f"{src.stem}.{target_ext}"
    if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        detail = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
        tail = detail[-1][:200] if detail else f"退出码 {proc.returncode}"
        raise CorruptError(src.name, f"LibreOffice 无法转换该文件（{tail}）")
    return result


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def read(data: bytes, filename: str, options: ReadOptions) -> Document:
    from ..sniff import sniff

    fmt = sniff(data, filename)
    if fmt not in TARGETS:
        ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
        fmt = ext if ext in TARGETS else fmt
    if fmt not in TARGETS:
        raise CorruptError(filename, f"无法识别的旧版 Office 文件（{fmt}）")
    target, reader_fmt = TARGETS[fmt]
    if _is_encrypted_legacy(data):
        raise EncryptedError(filename, "旧版 Office 文件设置了打开密码")
    with tempfile.TemporaryDirectory(prefix="qcscreen-legacy-") as tmp:
        # a plain ASCII name: LibreOffice derives the output name from it
        src = Path(tmp) / f"input.{fmt}"
        src.write_bytes(data)
        try:
            out = convert_with_libreoffice(src, target, Path(tmp) / "out", options.libreoffice_timeout_s)
        except IngestError as e:
            raise type(e)(filename, e.reason) from e
        converted = out.read_bytes()
    from ..api import reader_for

    doc = reader_for(reader_fmt)(converted, filename, options)
    issues = [
        *doc.issues,
        Issue(
            code="ingest.converted",
            severity="info",
            message=f"旧版 {fmt.upper()} 文件经 LibreOffice 转换为 {target.upper()} 后读取，版式可能略有差异",
        ),
    ]
    from ..model import doc_id_for

    return doc.model_copy(
        update={
            "doc_id": doc_id_for(data),
            "format": fmt,
            "issues": issues,
            "meta": {**doc.meta, "converted_from": fmt, "converted_to": target},
        }
    )


def _is_encrypted_legacy(data: bytes) -> bool:
    """A .doc with the fEncrypted bit, or a .ppt with an encryption stream: LibreOffice would stop
    at a password prompt (headless: fail), so say "encrypted" up front."""
    try:
        import io

        import olefile

        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            if ole.exists("WordDocument"):
                fib = ole.openstream("WordDocument").read(12)
                return len(fib) >= 12 and bool(fib[11] & 0x01)  # FibBase.fEncrypted (bit 8 of flags)
            if ole.exists("EncryptedSummary"):
                return True
        finally:
            ole.close()
    except Exception:  # noqa: BLE001 - olefile raises many types on garbage; the converter will say more
        return False
    return False
