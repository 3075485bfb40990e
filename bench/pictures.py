"""Picture reading benchmark: `qcscreen extract FILE --json` on every document of a split of
eval/pictures, scored against the set's truth (bench/pictures_measures.py says how).

    .venv/bin/python bench/pictures.py --split tune      # the half to tune and debug on
    .venv/bin/python bench/pictures.py --split holdout   # only for the final run of a session

Reads only the Document JSON contract (blocks, `source.page/part/bbox`, `figure.kind`, table cells).
Writes bench/results/pictures_<split>.md (tune also keeps a per-picture table).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from benchlib import git_head, machine, qcscreen_bin, write_results  # noqa: E402
from pictures_measures import PictureResult, TableResult, score_pictures, score_tables  # noqa: E402

EVAL = REPO / "eval" / "pictures"
CLASSES = [
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
]


def extract(exe: str, path: Path, timeout: int) -> dict:
    """One `extract --json` call: the Document (or the error) and its wall time."""
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [exe, "extract", str(path), "--json"],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )
    except subprocess.TimeoutExpired:
        return {"doc": None, "error": f"timeout after {timeout} s", "wall_s": time.perf_counter() - t0}
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"doc": None, "error": f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}", "wall_s": wall}
    return {"doc": json.loads(proc.stdout), "error": None, "wall_s": wall}


def evaluate(truth: dict, docs: dict[str, dict]) -> tuple[list[PictureResult], list[TableResult], list[TableResult]]:
    pics, drawn, shots = [], [], []
    for d in truth["documents"]:
        doc = docs[d["file"]]["doc"] or {"blocks": []}
        blocks = doc.get("blocks", [])
        mine = [p for p in truth["pictures"] if p["file"] == d["file"]]
        pics += score_pictures(blocks, mine)
        drawn += score_tables(blocks, [t for t in truth["drawn_tables"] if t["file"] == d["file"]])
        shots += score_tables(blocks, [p for p in mine if "cells" in p], pictures_too=True)
    return pics, drawn, shots


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "–"


def recall_lines(pics: list[PictureResult], key) -> list[str]:
    groups: dict[str, list[PictureResult]] = defaultdict(list)
    for r in pics:
        groups[key(r)].append(r)
    lines = [
        "| group | pictures | with text | text recall (micro) | text recall (macro) | class right |",
        "|---|---|---|---|---|---|",
    ]
    for name in sorted(groups, key=lambda g: CLASSES.index(g) if g in CLASSES else 99):
        lines.append(_recall_row(name, groups[name]))
    lines.append(_recall_row("**all**", pics))
    return lines


def _recall_row(name: str, rs: list[PictureResult]) -> str:
    texted = [r for r in rs if r.total_chars]
    micro = _ratio(sum(r.found_chars for r in texted), sum(r.total_chars for r in texted))
    macro = _ratio(sum(r.recall or 0 for r in texted), len(texted))
    right = sum(r.class_right for r in rs)
    return f"| {name} | {len(rs)} | {len(texted)} | {micro} | {macro} | {right}/{len(rs)} ({_ratio(right, len(rs))}) |"


def table_lines(drawn: list[TableResult], shots: list[TableResult]) -> list[str]:
    lines = [
        "| tables | count | found (≥ half the cells) | all cells right | cells found | spans right | parts seen |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, rs in (("drawn tables", drawn), ("table screenshots", shots)):
        if not rs:
            continue
        cells = sum(r.cells_found for r in rs)
        total = sum(r.total for r in rs)
        found = sum(r.cells_found * 2 >= r.total for r in rs)
        full = sum(r.cells_found == r.total for r in rs)
        parts = sorted({str(r.part) for r in rs if r.block is not None})
        lines.append(
            f"| {name} | {len(rs)} | {found} | {full} | {cells}/{total} (**{_ratio(cells, total)}**) | "
            f"{sum(r.spans_right for r in rs)}/{total} | {', '.join(parts) or '–'} |"
        )
    return lines


def detail_lines(pics: list[PictureResult]) -> list[str]:
    lines = ["| picture | class | placement | recall | predicted class | blocks |", "|---|---|---|---|---|---|"]
    for r in pics:
        rec = f"{r.recall:.2f}" if r.recall is not None else "(no text)"
        lines.append(
            f"| {r.truth['id']} | {r.truth['class']} | {r.truth['placement']} | {rec} | {r.predicted} | "
            f"{len(r.blocks)} |"
        )
    return lines


def run(split: str, jobs: int, timeout: int) -> tuple[dict, dict[str, dict], float, float]:
    folder = EVAL / split
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    exe = qcscreen_bin(REPO)
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()

    def one(d: dict) -> tuple[str, dict]:
        res = extract(exe, folder / d["file"], timeout)
        n = len(res["doc"]["blocks"]) if res["doc"] else 0
        print(
            f"  {d['file']}: {n} blocks, {res['wall_s']:.1f} s" + (f", {res['error']}" if res["error"] else ""),
            flush=True,
        )
        return d["file"], res

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        docs = dict(pool.map(one, truth["documents"]))
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    return truth, docs, time.perf_counter() - t0, cpu


def report(split: str, truth: dict, docs: dict[str, dict], wall: float, cpu: float, load: tuple) -> list[str]:
    pics, drawn, shots = evaluate(truth, docs)
    errors = [f"- {f}: {r['error']}" for f, r in docs.items() if r["error"]]
    unread = sum(len(((r["doc"] or {}).get("coverage") or {}).get("unread_pictures") or []) for r in docs.values())
    formats = {d["file"]: d["format"] for d in truth["documents"]}
    lines = [
        f"# Pictures read — {split}",
        "",
        f"Command: `.venv/bin/python bench/pictures.py --split {split}` — each document through "
        "`qcscreen extract FILE --json`.",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; code at commit {git_head(REPO)}. Machine: {machine()}; load "
        f"average before the run {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}.",
        f"Material: eval/pictures/{split} (independent set built by eval/pictures/build.py, see "
        "eval/pictures/README.md) — not the example corpus. "
        f"{len(truth['documents'])} documents, {len(pics)} pictures, {len(drawn)} drawn tables.",
        "",
        "Goals (issue 11): picture text recall ≥ 0.9 by characters, figure class right ≥ 90 %, "
        "drawn tables found with their cells ≥ 95 %.",
        "",
        "By picture class:",
        "",
        *recall_lines(pics, lambda r: r.truth["class"]),
        "",
        "By format:",
        "",
        *recall_lines(pics, lambda r: formats[r.truth["file"]]),
        "",
        "Tables (cells at the right row and column with the right text):",
        "",
        *table_lines(drawn, shots),
        "",
        f"Time: {wall:.0f} s wall for {len(docs)} documents (load-dependent; not the speed benchmark), "
        f"{cpu:.0f} CPU s counted by getrusage for the finished extract commands. "
        f"Pictures listed as unread in the coverage: {unread}.",
        *(["", "Failed documents:", *errors] if errors else []),
        "",
    ]
    if split == "tune":
        lines += ["Per picture (tune only):", "", *detail_lines(pics), ""]
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("tune", "holdout"), required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=900, help="seconds per extract call")
    args = ap.parse_args()
    load = os.getloadavg()
    truth, docs, wall, cpu = run(args.split, args.jobs, args.timeout)
    write_results(BENCH / "results" / f"pictures_{args.split}.md", report(args.split, truth, docs, wall, cpu, load))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
