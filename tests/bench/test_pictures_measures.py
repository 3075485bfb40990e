"""How bench/pictures.py scores a Document against the picture truth, on hand-made blocks."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from pictures_measures import lcs_len, match_cells, norm, score_pictures, score_tables

PARETO = {
    "id": "d-s1-1",
    "page": 1,
    "class": "pareto",
    "text": "不合格项目排列图\n未熔合 夹渣 气孔\nN=58",
    "bbox_pt": [100, 100, 500, 400],
}
LOGO = {"id": "d-s1-2", "page": 1, "class": "other", "text": "", "bbox_pt": [800, 20, 900, 120]}


def _block(text: str, page: int = 1, part: str | None = "ocr", figure: str | None = None, bbox=None) -> dict:
    return {
        "kind": "image_text",
        "text": text,
        "source": {"page": page, "part": part, "bbox": bbox},
        "figure": {"kind": figure} if figure else None,
    }


def test_lcs_and_normalisation() -> None:
    assert lcs_len("abcde", "axbyd") == 3
    assert lcs_len("", "abc") == 0
    assert norm("Ｎ＝５８， 夹渣。") == "n=58夹渣"


def test_text_split_over_blocks_is_recalled_in_order() -> None:
    blocks = [_block("不合格项目排列图", figure="pareto"), _block("未熔合 夹渣 气孔"), _block("N=58")]
    (res, _) = score_pictures(blocks, [PARETO, LOGO])
    assert res.recall == 1.0
    assert res.predicted == "pareto" and res.class_right


def test_text_on_another_page_or_outside_pictures_is_not_counted() -> None:
    blocks = [
        _block("不合格项目排列图", page=2, figure="pareto"),
        _block("未熔合 夹渣 气孔", part=None),
    ]  # body text, not from a picture
    (res, _) = score_pictures(blocks, [PARETO, LOGO])
    assert res.found_chars == 0 and res.predicted == "none"


def test_missing_characters_lower_recall() -> None:
    blocks = [_block("不合格项目排列图 未熔合 气孔", figure="bar")]
    (res, _) = score_pictures(blocks, [PARETO, LOGO])
    truth = len(norm(PARETO["text"]))
    assert res.found_chars == truth - len("夹渣n=58")
    assert not res.class_right


def test_textless_picture_matched_by_box() -> None:
    blocks = [_block("", figure="other", bbox=[810, 30, 890, 110])]
    (_, logo) = score_pictures(blocks, [PARETO, LOGO])
    assert logo.predicted == "other" and logo.recall is None


def test_stray_ocr_character_on_a_logo_still_matches_by_box() -> None:
    blocks = [_block("√", figure="other", bbox=[800, 20, 900, 120])]
    (pareto, logo) = score_pictures(blocks, [PARETO, LOGO])
    assert logo.predicted == "other" and pareto.blocks == []


def _table_block(cells: list[tuple[int, int, str]], part: str | None = "drawn", page: int = 3) -> dict:
    rows: dict[int, list[dict]] = {}
    for r, c, text in cells:
        rows.setdefault(r, []).append({"row": r, "col": c, "row_span": 1, "col_span": 1, "text": text})
    return {
        "kind": "table",
        "text": "",
        "source": {"page": page, "part": part},
        "table": {"rows": [rows[r] for r in sorted(rows)]},
        "figure": None,
    }


TRUTH_TABLE = {
    "id": "d-s3-t1",
    "page": 3,
    "cells": [
        {"row": 0, "col": 0, "row_span": 1, "col_span": 1, "text": "要因"},
        {"row": 0, "col": 1, "row_span": 1, "col_span": 1, "text": "对策"},
        {"row": 1, "col": 0, "row_span": 1, "col_span": 1, "text": "焊丝受潮"},
        {"row": 1, "col": 1, "row_span": 1, "col_span": 1, "text": "烘干 后使用"},
    ],
}


def test_drawn_table_cells_match_by_position_and_text() -> None:
    block = _table_block([(0, 0, "要因"), (0, 1, "对策"), (1, 0, "焊丝受潮"), (1, 1, "烘干后\n使用")])
    (res,) = score_tables([block], [TRUTH_TABLE])
    assert (res.cells_found, res.total, res.part) == (4, 4, "drawn")


def test_drawn_table_shifted_by_a_caption_row_still_matches() -> None:
    block = _table_block(
        [(0, 0, "表1 对策表"), (1, 0, "要因"), (1, 1, "对策"), (2, 0, "焊丝受潮"), (2, 1, "烘干后使用")]
    )
    assert match_cells(TRUTH_TABLE["cells"], block) == (4, 4)


def test_table_on_another_page_or_from_a_picture_is_not_a_drawn_table() -> None:
    other_page = _table_block([(0, 0, "要因")], page=4)
    picture = _table_block([(0, 0, "要因")]) | {"figure": {"kind": "table"}}
    (res,) = score_tables([other_page, picture], [TRUTH_TABLE])
    assert res.cells_found == 0 and res.block is None
