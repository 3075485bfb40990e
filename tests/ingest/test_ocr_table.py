"""Tables in pictures rebuilt from their rulings and OCR'd boxes (ingest.pictures.features → ocr_table).

The pictures are drawn here (PIL text on a grid) in the layouts writers paste: a shaded header row
(light or dark, one or two lines, bold), a shaded first column, a cell that wraps. The OCR'd lines are
the boxes PIL drew the text in, so the test is about the table geometry, not the recogniser.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ingest.pictures.features import measure
from ingest.pictures.ocr_table import table_from_lines
from ingest.readers import ocr

from . import picture_fixtures as pf

HEADER = ["末端原因", "确认方法", "确认情况", "结论"]
BODY = [
    ["设备老化", "现场测量", "振动值0.8mm/s，在标准内", "非要因"],
    ["参数不当", "对比试验", "调整后波动减少7.4秒", "要因"],
    ["培训不足", "调查分析", "考核合格率96%", "非要因"],
    ["照明不足", "现场测量", "照度62~85lx（标准≥50lx）", "非要因"],
    ["阵风影响", "数据对比", "风速≤10m/s时无明显关系", "非要因"],
    ["停车偏差", "现场测量", "偏差>30cm时对位31秒", "要因"],
]
WIDTHS = [220, 160, 420, 120]


def _draw(
    header: list[list[str]],
    body: list[list[list[str]]],
    *,
    fill: str | None = "#dde0f0",
    ink: str = "black",
    bold: bool = False,
    first_col_fill: str | None = None,
) -> tuple[np.ndarray, list[ocr.Line]]:
    """A ruled table: each cell a list of lines; the header row shaded with `fill` (its text in `ink`),
    the first column of the body shaded with `first_col_fill`. Returns the BGR pixels and the text boxes."""
    f = pf.font(22)
    line_h, pad = 30, 10
    rows = [header, *body]
    heights = [max(len(c) for c in row) * line_h + 2 * pad for row in rows]
    x_edges = [20 + sum(WIDTHS[:k]) for k in range(len(WIDTHS) + 1)]
    y_edges = [20 + sum(heights[:k]) for k in range(len(heights) + 1)]
    img = Image.new("RGB", (x_edges[-1] + 20, y_edges[-1] + 20), "white")
    d = ImageDraw.Draw(img)
    if fill:
        d.rectangle([x_edges[0], y_edges[0], x_edges[-1], y_edges[1]], fill=fill)
    if first_col_fill:
        d.rectangle([x_edges[0], y_edges[1], x_edges[1], y_edges[-1]], fill=first_col_fill)
    for y in y_edges:
        d.line([(x_edges[0], y), (x_edges[-1], y)], fill="#333333", width=2)
    for x in x_edges:
        d.line([(x, y_edges[0]), (x, y_edges[-1])], fill="#333333", width=2)
    lines: list[ocr.Line] = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            for k, text in enumerate(cell):
                xy = (x_edges[c] + 8, y_edges[r] + pad + k * line_h)
                colour = ink if r == 0 else "black"
                d.text(xy, text, fill=colour, font=f, stroke_width=1 if bold and r == 0 else 0, stroke_fill=colour)
                x0, y0, x1, y1 = d.textbbox(xy, text, font=f)
                lines.append((text, (float(x0), float(y0), float(x1), float(y1)), 0.99))
    return np.asarray(img)[:, :, ::-1].copy(), lines


def _texts(arr: np.ndarray, lines: list[ocr.Line]) -> list[list[str]]:
    """The table read, after checking that every drawn ruling was found once (the table is then read
    from its rulings, not from the boxes' positions alone)."""
    features = measure(arr)
    n_rows = len({round(box[1] / 20) for text, box, _ in lines if text in {r[0] for r in BODY}}) + 1
    assert len(features.v_rules) == len(WIDTHS) + 1
    assert len(features.h_rules) == n_rows + 1
    found = table_from_lines(lines, features)
    assert found is not None
    return [[c.text for c in row] for row in found[0].rows]


@pytest.mark.parametrize(
    ("fill", "ink", "bold"),
    [("#dde0f0", "black", False), ("#dde0f0", "black", True), ("#1f4e79", "white", True), ("#f2f2f2", "black", False)],
)
def test_a_shaded_header_row_stays_its_own_row(fill: str, ink: str, bold: bool) -> None:
    """A header row drawn as a filled band with its borders is one long thick stroke in the pixels: its
    two edges are rulings. Read as one rule through its middle, the header and the first data row were
    one row (fresh10 p25: a 要因确认表 then counted one 末端原因 less)."""
    arr, lines = _draw([[h] for h in HEADER], [[[t] for t in row] for row in BODY], fill=fill, ink=ink, bold=bold)
    rows = _texts(arr, lines)
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == [row[0] for row in BODY]


def test_a_two_line_header_in_a_band_and_a_wrapped_cell() -> None:
    header = [["末端", "原因"], ["确认", "方法"], ["确认情况"], ["结论"]]
    body = [[[t] for t in row] for row in BODY]
    body[1][2] = ["调整防摇参数后对比试验", "调整时间减少7.4秒"]
    arr, lines = _draw(header, body)
    rows = _texts(arr, lines)
    assert rows[0] == ["末端原因", "确认方法", "确认情况", "结论"]
    assert len(rows) == 1 + len(BODY)
    assert rows[2][2] == "调整防摇参数后对比试验调整时间减少7.4秒"


def test_a_shaded_first_column_keeps_its_column() -> None:
    arr, lines = _draw([[h] for h in HEADER], [[[t] for t in row] for row in BODY], fill=None, first_col_fill="#e2efda")
    rows = _texts(arr, lines)
    assert rows[0] == HEADER
    assert [len(r) for r in rows] == [4] * len(rows)
    assert rows[3] == BODY[2]
    assert rows[-1] == BODY[-1]


def test_a_filled_bar_is_not_a_ruling() -> None:
    """A short thick block (a chart's bar, a banner) gives no rule; a long thin stroke gives one."""
    img = Image.new("RGB", (800, 400), "white")
    d = ImageDraw.Draw(img)
    d.rectangle([100, 100, 180, 300], fill="#4472c4")
    d.line([(50, 350), (750, 350)], fill="black", width=2)
    f = measure(np.asarray(img)[:, :, ::-1].copy())
    assert [round(y / 10) for y, _, _ in f.h_rules] == [35]
    assert f.v_rules == []


def test_a_cached_read_of_older_features_is_measured_again_not_ocrd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changing how rulings are measured must reach pictures OCR'd before: the cache keeps the OCR'd
    lines, and an entry whose features an older measure() took is measured again from its pixels and
    stored beside the old one (which older code goes on reading)."""
    from ingest import ReadOptions
    from ingest.pictures.cache import CachedRead, OcrCache
    from ingest.pictures.features import FEATURES_VERSION, ImageFeatures
    from ingest.pictures.runner import PictureJob, read_pictures

    arr, lines = _draw([[h] for h in HEADER], [[[t] for t in row] for row in BODY])
    cache = OcrCache(tmp_path)
    stale = ImageFeatures(width=arr.shape[1], height=arr.shape[0])
    cache.put("k1", CachedRead(lines, stale, features_version=FEATURES_VERSION - 1))

    def no_ocr(*args: object, **kwargs: object) -> ocr.OcrResult:
        raise AssertionError("a cached picture was OCR'd again")

    monkeypatch.setattr(ocr, "ocr_array", no_ocr)
    job = PictureJob(key="k1", page=1, load=lambda: (arr, None))
    (read,) = read_pictures([job], ReadOptions(ocr_cache_dir=tmp_path))
    assert read.cached and read.lines == lines
    assert read.features is not None and read.features.h_rules == measure(arr).h_rules
    again = cache.get("k1")
    assert again is not None and again.features_version == FEATURES_VERSION and again.features.v_rules
    assert len(list(tmp_path.rglob("*.json"))) == 2  # the older entry stays, for the code that reads it
