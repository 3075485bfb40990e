"""A report as PDF: LibreOffice's HTML → PDF export (`soffice --convert-to pdf`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def to_pdf(html_path: Path, out_dir: Path | None = None, timeout_s: float = 120.0) -> Path:
    """Export a report to PDF beside it (or into `out_dir`); raises RuntimeError with a Chinese message."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("未找到 LibreOffice（soffice），无法导出 PDF。请安装 libreoffice-writer。")
    out_dir = out_dir or html_path.parent
    with tempfile.TemporaryDirectory(prefix="qcscreen-lo-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf:writer_web_pdf_Export",
                "--outdir",
                str(out_dir),
                str(html_path),
            ],
            check=True,
            capture_output=True,
            timeout=timeout_s,
        )
    pdf = out_dir / (html_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice 未生成 PDF：{pdf.name}")
    return pdf
