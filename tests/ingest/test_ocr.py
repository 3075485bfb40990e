"""OCR helper: bundled rapidocr models, reading order, rotation, pictures it must skip."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("rapidocr_onnxruntime")

from PIL import Image, ImageDraw, ImageFont

from ingest.readers import ocr

CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
]


def _font(size: int) -> ImageFont.FreeTypeFont:
    for path in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    pytest.skip("no CJK font installed")


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def text_image() -> Image.Image:
    img = Image.new("RGB", (900, 260), "white")
    draw = ImageDraw.Draw(img)
    font = _font(44)
    draw.text((40, 30), "现状调查", fill="black", font=font)
    draw.text((40, 140), "对策实施", fill="black", font=font)
    draw.text((480, 140), "效果检查", fill="black", font=font)
    return img


@pytest.mark.slow
def test_lines_in_reading_order(text_image: Image.Image) -> None:
    lines = ocr.ocr_image(_png(text_image))
    assert [t for t, _, _ in lines] == ["现状调查", "对策实施", "效果检查"]
    for _, (x0, y0, x1, y1), score in lines:
        assert 0 <= x0 < x1 <= 900 and 0 <= y0 < y1 <= 260 and 0.5 <= score <= 1.0


@pytest.mark.slow
def test_rotated_picture_read_upright(text_image: Image.Image) -> None:
    turned = text_image.rotate(90, expand=True)  # counter-clockwise: text runs bottom→top
    result = ocr.ocr_image_result(_png(turned))
    assert result.angle in (90, 270)
    assert [t for t, _, _ in result.lines][:1] == ["现状调查"]
    w, h = turned.size
    for _, (x0, y0, x1, y1), _ in result.lines:  # boxes in the picture as given
        assert 0 <= x0 < x1 <= w + 1 and 0 <= y0 < y1 <= h + 1


@pytest.mark.slow
def test_scanned_page_from_realdocs(realdoc: Callable[[str], Path]) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(realdoc("docling/ocr_test_rotated_90.pdf"))
    img = pdf[0].render(scale=1.5).to_pil()
    result = ocr.ocr_image_result(_png(img))
    assert result.angle in (90, 270)
    assert "Docling bundles PDF document conversion to" in result.text


def test_pictures_it_must_skip() -> None:
    tiny = ocr.ocr_image_result(_png(Image.new("RGB", (8, 8), "white")))
    assert tiny.skipped and "过小" in tiny.skipped and tiny.lines == []
    garbage = ocr.ocr_image_result(b"not an image at all")
    assert garbage.skipped and garbage.lines == []
    assert ocr.ocr_image(b"") == []
    # a placeable WMF header (vector picture): not decodable to pixels here
    wmf = bytes.fromhex("d7cdc69a0000000000001027102700000000") + b"\x00" * 64
    assert ocr.ocr_image_result(wmf).skipped


def test_decompression_bomb_skipped() -> None:
    big = Image.new("1", (9000, 9000), 1)  # 81 M pixels, tiny as a PNG
    result = ocr.ocr_image_result(_png(big))
    assert result.skipped and "过大" in result.skipped


def test_blank_picture_has_no_lines() -> None:
    assert ocr.ocr_image(_png(Image.new("RGB", (400, 300), "white"))) == []


def test_engine_is_a_singleton() -> None:
    assert ocr.engine() is ocr.engine()
    assert ocr.available()


@pytest.mark.slow
def test_detector_side_is_applied_and_boxes_mapped_back(text_image: Image.Image) -> None:
    """A large picture is searched on a reduced copy when det_side says so (rapidocr's own limit
    ignores the side it is given); the boxes still come back in the picture's own pixels."""
    big = np.ascontiguousarray(np.asarray(text_image.resize((2700, 780)))[:, :, ::-1])
    eng = ocr.engine()
    seen: list[tuple[int, ...]] = []
    det = eng.rapid.text_det

    def spy(img: np.ndarray) -> tuple[np.ndarray | None, float]:
        seen.append(img.shape[:2])
        return det(img)

    eng.rapid.text_det = spy
    try:
        lines, _ = eng.read(big, use_cls=False, det_side=900)
    finally:
        eng.rapid.text_det = det
    assert seen and max(seen[0]) <= 900
    assert [t for t, _, _ in lines] == ["现状调查", "对策实施", "效果检查"]
    x0, y0, x1, y1 = lines[2][1]
    assert 1400 < x0 < x1 < 2700 and 400 < y0 < y1 < 780  # 效果检查 at (480, 140) × 3 in the full picture
