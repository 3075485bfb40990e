"""PDF the ways submissions arrive: exported by LibreOffice from the DOCX/PPTX, or printed and scanned
(pages rendered to images, slightly rotated, grey, noisy, a red stamp on the first page)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from render.pictures import SANS_BOLD


def convert(data: bytes, suffix: str) -> bytes:
    """PDF bytes of an OOXML file through LibreOffice headless, with a private profile."""
    with tempfile.TemporaryDirectory(prefix="qc-eval-lo-") as tmp:
        src = Path(tmp) / f"doc{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return (Path(tmp) / "doc.pdf").read_bytes()


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page (pdftotext), for locating headings when computing truth pages."""
    with tempfile.TemporaryDirectory(prefix="qc-eval-pt-") as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-layout", str(src), "-"], check=True, capture_output=True).stdout
    return out.decode("utf-8").split("\f")[:-1] or [""]


def _stamp(img: Image.Image, text: str) -> None:
    draw = ImageDraw.Draw(img, "RGBA")
    w, h = img.size
    cx, cy, r = int(w * 0.72), int(h * 0.2), int(w * 0.09)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(210, 30, 30, 170), width=max(4, r // 18))
    font = ImageFont.truetype(SANS_BOLD, max(18, r // 5), index=2)
    draw.text((cx, cy - r // 3), text, font=font, fill=(210, 30, 30, 170), anchor="mm")
    draw.regular_polygon((cx, cy + r // 6, r // 5), 5, fill=(210, 30, 30, 170))


def scan(pdf: bytes, seed: int, stamp: str | None = None, dpi: int = 110) -> bytes:
    """An image-only PDF that looks like a scan of the printed pages."""
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory(prefix="qc-eval-scan-") as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(src), str(Path(tmp) / "p")], check=True)
        pages = sorted(Path(tmp).glob("p-*.png"))
        images = []
        for i, page in enumerate(pages):
            img = Image.open(page).convert("L")
            if stamp and i == 0:
                rgb = img.convert("RGB")
                _stamp(rgb, stamp)
                img = rgb.convert("L")
            img = img.rotate(float(rng.uniform(-1.2, 1.2)), resample=Image.Resampling.BICUBIC, fillcolor=235)
            arr = np.asarray(img, dtype=float) * 0.93 + 12 + rng.normal(0, 7, (img.height, img.width))
            img = Image.fromarray(np.clip(arr, 0, 255).astype("uint8")).filter(ImageFilter.GaussianBlur(0.5))
            images.append(img)
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=60)
    return buf.getvalue()
