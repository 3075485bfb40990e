"""Charts drawn on a scanned page, cut out of its pixels and read as pictures (ingest.readers.scan_figures).

Each test renders its page as the eval splits' scans are made (110 dpi, turned, noise, blur) and reads it
through the PDF reader: one OCR of the page and one of each region cut (a few seconds)."""

from __future__ import annotations

import pytest

from ingest import read_bytes
from ingest.model import BlockKind, FigureKind
from ingest.pictures.features import ImageFeatures
from ingest.readers.scan_figures import figure_regions

from .picture_fixtures import cjk_font_path, draw_bar_chart, scanned_pdf

LABELS = ["焊缝错边", "坡口不良", "间隙超差", "其他"]
COUNTS = [42, 25, 11, 5]
BODY = [(90, 80, "三、现状调查"), (90, 100, "小组对83处缺陷按类型分层统计，绘制排列图如下。")]


def _read(drawing_title: str, *, grid: bool = False, seed: int = 5) -> list:
    pytest.importorskip("rapidocr_onnxruntime")
    if cjk_font_path() is None:
        pytest.skip("no CJK font installed")
    chart = draw_bar_chart((150, 160, 450, 330), LABELS, COUNTS, drawing_title, grid=grid)
    below = [(90, 380, "由排列图可见，焊缝错边是主要问题。")]
    return read_bytes(scanned_pdf([*BODY, *below], seed=seed, drawing=chart), "scan.pdf").blocks


@pytest.mark.parametrize("seed", [11])
def test_a_chart_printed_on_a_scan_is_read_as_a_picture(seed: int) -> None:
    """The 排列图 drawn on a scanned page is one figure block, read by the picture readers with its bar
    counts and labels (the page's whole OCR loses the small labels), at its place between the lines."""
    blocks = _read("缺陷类型排列图", seed=seed)
    figures = [b for b in blocks if b.figure is not None]
    assert len(figures) == 1 and figures[0].figure.kind == FigureKind.pareto
    fig = figures[0]
    assert fig.source.part == "ocr" and fig.ocr_score is not None and fig.ocr_score > 0.8
    assert all(lab in fig.text for lab in LABELS[:3]) and "42" in fig.text
    texts = [b.text for b in blocks]
    at = texts.index(fig.text)
    assert any("绘制排列图" in t for t in texts[:at]) and any("主要问题" in t for t in texts[at + 1 :])
    # the chart's words are the figure's, not loose lines as well
    assert not any(b.kind == BlockKind.image_text and b.figure is None and "焊缝错边" == b.text for b in blocks)


def test_a_drawing_whose_title_names_no_chart_keeps_its_lines() -> None:
    """Bars and axes alone, on a scan's noise, are no sure reading of what a drawing is: with a title that
    names no chart kind the page's lines stay as they were."""
    blocks = _read("各类缺陷数量")
    assert not any(b.figure is not None for b in blocks)


def test_a_table_grid_is_no_chart_region() -> None:
    """Axes are a vertical and a horizontal rule meeting at the lower left with no column rule between them:
    a ruled grid (rules inside) is not cut out."""
    k = 1.5
    plot = [(int(150 * k), int(160 * k), int(330 * k))]
    columns = [(int(x * k), int(160 * k), int(330 * k)) for x in (250, 350, 450)]
    rows = [(int(y * k), int(150 * k), int(450 * k)) for y in (200, 250, 330)]
    f = ImageFeatures(width=900, height=1260, h_rules=rows, v_rules=plot + columns)
    assert figure_regions(f, [], k) == []
    # the first column of a table (序号: no words) and its bottom rule make an L; the columns beside it are
    # as tall as it
    first = [(int(x * k), int(160 * k), int(330 * k)) for x in (190, 250, 350, 450)]
    assert (
        figure_regions(
            ImageFeatures(
                width=900, height=1260, h_rules=[(int(330 * k), int(150 * k), int(185 * k))], v_rules=plot + first
            ),
            [],
            k,
        )
        == []
    )
    chart = ImageFeatures(width=900, height=1260, h_rules=rows[-1:], v_rules=plot)
    (region,) = figure_regions(chart, [("频数", (120.0, 230.0, 140.0, 245.0), 0.9)], k)
    assert region[0] < 120 and region[2] >= 450 and region[3] >= 330
