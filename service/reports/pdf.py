"""A report as PDF, printed by headless Chromium: the report's print CSS (A4, running header with the
编号 and 单位, page numbers, repeated table headers) is what a browser applies — LibreOffice's HTML
import ignores most of it, so it is not used here."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",  # the page is our own report (no scripts); root in containers cannot use the sandbox
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",  # the report's own @page header and footer are printed instead
)


def browser() -> str | None:
    return next((p for name in BROWSERS if (p := shutil.which(name))), None)


def to_pdf(html_path: Path, out_dir: Path | None = None, timeout_s: float = 120.0) -> Path:
    """Print a report to PDF beside it (or into `out_dir`); raises RuntimeError with a Chinese message."""
    exe = browser()
    if exe is None:
        raise RuntimeError("未找到 Chromium，无法导出 PDF。请安装 chromium（make setup 会自动安装）。")
    out_dir = out_dir or html_path.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / (html_path.stem + ".pdf")
    fd, tmp_name = tempfile.mkstemp(dir=out_dir, prefix=f".{pdf.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory(prefix="qcscreen-chromium-") as profile:
            cmd = [
                exe,
                *CHROMIUM_ARGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={tmp}",
                html_path.resolve().as_uri(),
            ]
            try:
                done = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False)
            except subprocess.TimeoutExpired as e:
                raise RuntimeError(f"Chromium 导出 PDF 超时（{timeout_s:.0f} 秒）：{pdf.name}") from e
        if done.returncode != 0 or tmp.stat().st_size == 0:
            raise RuntimeError(f"Chromium 未能生成 PDF：{pdf.name}（退出码 {done.returncode}）")
        os.replace(tmp, pdf)
    finally:
        tmp.unlink(missing_ok=True)
    return pdf
