"""How well the content classifier (nlp.step_classifier) tells a section's step, on the tune half of the
independent evaluation set (eval/independent/tune; never the holdout).

Each slide (or heading run) of every tune item is a section; its true step is the truth manifest's
step whose pages hold it (`_none` otherwise: cover, 目录, 小组概况, photos). Measured: top-1 accuracy of
the e5 reading (step descriptions of nlp/lexicon/steps.yaml), of the cue-word reading, and the precision
of the placements the segmentation would make (e5 sure, above `assign_min` with `assign_margin`, and
the cue words agreeing) — the sections it may assign a step no heading gave. Scanned items are skipped
(their reading is OCR's, not the classifier's). Counts, not timings: the figures do not depend on load.

    .venv/bin/python bench/step_classifier.py [--out bench/results/step_classifier.md]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.append(str(BENCH))  # after the repository: bench/ingest.py must not shadow the ingest package

from benchlib import machine, write_results  # noqa: E402

from index.embed import load_encoder  # noqa: E402
from ingest import read  # noqa: E402
from nlp.analysis import labels_for  # noqa: E402
from nlp.step_classifier import NONE, Classification, classify, confident_label  # noqa: E402
from nlp.steplex import lexicon  # noqa: E402

TUNE = REPO / "eval" / "independent" / "tune"


def _gold(truth: dict[str, Any]) -> dict[int, str]:
    out: dict[int, str] = {}
    for s in truth["steps"]:
        sid = "standardize" if s["id"] == "consolidate" and truth["project_type"] == "innovative" else s["id"]
        for p in s["files"].get("main", []):
            out.setdefault(p, sid)
    return out


def _rows(c: Classification, gold: dict[int, str]) -> list[tuple[str, str, str, bool]]:
    """(truth, e5 top label, cue top label, placed) per section."""
    out = []
    for r, sec in enumerate(c.sections):
        assert c.cue_probs is not None
        placed = confident_label(c, r) is not None
        out.append(
            (
                gold.get(sec.page, NONE),
                c.labels[int(np.argmax(c.probs[r]))],
                c.labels[int(np.argmax(c.cue_probs[r]))],
                placed,
            )
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=BENCH / "results" / "step_classifier.md")
    args = ap.parse_args()
    encoder = load_encoder()
    rows: list[tuple[str, str, str, bool]] = []
    items = 0
    for folder in sorted(TUNE.glob("t*")):
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        main_file = next(f for f in truth["files"] if f["role"] == "main")
        if main_file["kind"] == "pdf_scanned":
            continue
        doc = read(folder / main_file["name"])
        c = classify(doc, labels_for(truth["project_type"]), set(), encoder.encode)
        rows += _rows(c, _gold(truth))
        items += 1
    n = len(rows)
    e5 = sum(t == e for t, e, _c, _p in rows) / n
    cue = sum(t == c for t, _e, c, _p in rows) / n
    placed = [r for r in rows if r[3]]
    right = sum(t == e for t, e, _c, _p in placed)
    p = lexicon()["classifier"]
    lines = [
        "# Step classifier on the independent tune half",
        "",
        f"Command: `.venv/bin/python bench/step_classifier.py`. Machine: {machine()}.",
        "",
        f"Material: eval/independent/tune ({items} items, the scanned one skipped; {n} sections), written by a "
        "hand that has not read nlp/. Counts only (independent of load).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| sections | {n} |",
        f"| e5 reading, top-1 right (incl. `_none`) | {e5:.2f} |",
        f"| cue-word reading, top-1 right | {cue:.2f} |",
        f"| placements (e5 ≥ {p['assign_min']}, margin ≥ {p['assign_margin']}, cue words agree) | {len(placed)} |",
        f"| placements right | {right}/{len(placed)} ({right / len(placed):.2f}) |"
        if placed
        else "| placements right | — |",
        "",
        "A placement only happens for a section no heading placed and only where the order of its "
        "neighbours allows it; the numbers above count every section, placed or not.",
    ]
    write_results(args.out, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
