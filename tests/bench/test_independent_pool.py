"""bench/independent_pool.py pools the saved runs of several independent splits: the pooled figures are
the sums over the splits' items, each split keeps its own row, and an item with no saved output is an
error — on two tiny hand-made splits, not eval items."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import independent_pool as pool
from independent_score import FIVEW1H, summarize


def _truth(item: str) -> dict[str, Any]:
    return {
        "id": item,
        "style": "caq_self",
        "project_type": "problem_solving",
        "files": [{"role": "main", "name": "a.pptx", "kind": "pptx"}],
        "steps": [{"id": "main_causes", "files": {"main": [5]}}],
        "fivew1h": {"found": False},
        "tools": [],
        "must_report": [{"rule": "K1", "step": "main_causes", "why": "要因由打分确定"}],
        "may_report": [],
        "must_not_report": [],
        "verdicts_allowed": ["不评"],
        "package": None,
    }


def _out(*rules: str) -> dict[str, Any]:
    return {
        "project_type": "problem_solving",
        "steps": [{"id": "main_causes", "present": True}],
        "fivew1h": {"found": False, "rows": 0, "columns": dict.fromkeys(FIVEW1H, False)},
        "tools": [],
        "findings": [{"rule": r, "severity": "major", "message": "m", "step": "main_causes"} for r in rules],
        "verdict": "不评",
    }


def _split(root: Path, saved: Path, name: str, outputs: dict[str, dict[str, Any] | None]) -> None:
    (root / name).mkdir(parents=True)
    saved.mkdir(parents=True)
    (root / name / "index.json").write_text(json.dumps([{"id": i} for i in outputs]), encoding="utf-8")
    for item, out in outputs.items():
        (root / name / f"{item}-x").mkdir()
        (root / name / f"{item}-x" / "truth.json").write_text(json.dumps(_truth(item)), encoding="utf-8")
        if out is not None:
            (saved / f"{item}.json").write_text(json.dumps(out), encoding="utf-8")


def test_the_pool_sums_the_splits_items_and_keeps_each_splits_row(tmp_path: Path) -> None:
    root = tmp_path / "eval"
    _split(root, tmp_path / "a", "s1", {"x1": _out("K1"), "x2": _out("K1", "P2")})
    _split(root, tmp_path / "b", "s2", {"y1": _out(), "y2": None})
    one, _ = pool.score_split("s1", tmp_path / "a", {}, root)
    two, _ = pool.score_split("s2", tmp_path / "b", {}, root)
    total = summarize(one + two)
    assert (total["n"], total["findings_correct"], total["findings_reported"]) == (4, 2, 3)
    assert (total["must_found"], total["must_total"], total["errors"]) == (2, 4, 1)
    assert pool.split_line("s1", summarize(one)).startswith("| s1 | 2 | 2/2 |")
    assert "0.67 (2/3)" in pool.split_line("s1", summarize(one))
    assert "— (0/0) | 0.00 (0/2)" in pool.split_line("s2", summarize(two))
