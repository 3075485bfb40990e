"""The committed picture set (eval/pictures): tune and speed truth are well formed and match the
documents (pages exist, pictures are really embedded). The holdout half is never opened here."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

REPO = Path(__file__).resolve().parents[2]
PICS = REPO / "eval" / "pictures"
CLASSES = {
    "pareto",
    "cause_effect",
    "histogram",
    "control_chart",
    "scatter",
    "bar",
    "line",
    "pie",
    "gantt",
    "table",
    "photo",
    "banner",
    "other",
}


def _truth(split: str) -> dict:
    return json.loads((PICS / split / "truth.json").read_text(encoding="utf-8"))


def test_tune_covers_every_class_and_format() -> None:
    truth = _truth("tune")
    assert {p["class"] for p in truth["pictures"]} == CLASSES
    formats = Counter(d["format"] for d in truth["documents"])
    assert formats["pptx"] > formats["docx"] >= 1 and formats["pdf"] >= 1
    assert len(truth["drawn_tables"]) >= 4
    assert {p["placement"] for p in truth["pictures"]} >= {"slide", "group", "nested_group", "table_cell", "inline"}


@pytest.mark.parametrize("split", ["tune", "speed"])
def test_pictures_are_embedded_where_the_truth_says(split: str) -> None:
    truth = _truth(split)
    for d in truth["documents"]:
        path = PICS / split / d["file"]
        mine = [p for p in truth["pictures"] if p["file"] == d["file"]]
        assert len(mine) == d["pictures"]
        if d["format"] == "pdf":
            with pdfplumber.open(path) as pdf:
                per_page = Counter(p.page_number for p in pdf.pages for _ in p.images)
            assert per_page == Counter(p["page"] for p in mine)
        else:
            with zipfile.ZipFile(path) as z:
                media = [n for n in z.namelist() if "/media/" in n]
            assert len(media) >= len(mine)
            if d["format"] == "pptx":
                slides = sum(1 for n in z.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml"))
                assert all(1 <= p["page"] <= slides for p in mine)


def test_truth_text_and_cells() -> None:
    truth = _truth("tune")
    for p in truth["pictures"]:
        assert p["class"] in CLASSES
        textless = "no text" in p["note"] or "without text" in p["note"]
        assert (p["text"] == "") == textless, p["id"]
        if p["class"] == "table":
            assert {c["text"] for c in p["cells"]} <= set(p["text"].replace("\n", " ").split(" ")) | {""}
    for t in truth["drawn_tables"]:
        covered = Counter()
        for c in t["cells"]:
            for r in range(c["row"], c["row"] + c["row_span"]):
                for k in range(c["col"], c["col"] + c["col_span"]):
                    covered[(r, k)] += 1
        assert len(covered) == t["n_rows"] * t["n_cols"] and set(covered.values()) == {1}, t["id"]
