"""Run every benchmark and assemble BENCHMARKS.md from bench/results/*.md.

Each bench script writes its own results file (command, machine, numbers). This script runs them in
turn (`--only NAME` to pick some, `--collect` to only assemble) and rebuilds BENCHMARKS.md, so the
file always says which command produced each number.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

from benchlib import machine  # noqa: E402

# name -> script arguments (defaults sized for the 2-core CI-class machine)
SCRIPTS: dict[str, list[str]] = {
    "ingest": ["ingest.py"],
    "ingest_pptx": ["ingest_pptx.py"],
    "ingest_ocr": ["ingest_ocr.py"],
    "check": ["check.py"],
    "check_variants": ["check_variants.py", "--n", "100", "--seed", "7"],
    "independent_tune": ["independent.py", "--split", "tune"],
    "independent_holdout": ["independent.py", "--split", "holdout"],
    "independent_fresh": ["independent.py", "--split", "fresh"],
    "independent_fresh2": ["independent.py", "--split", "fresh2"],
    "independent_fresh3": ["independent.py", "--split", "fresh3"],
    "independent_fresh4": ["independent.py", "--split", "fresh4"],
    "independent_fresh5": ["independent.py", "--split", "fresh5"],
    "independent_fresh6": ["independent.py", "--split", "fresh6"],
    "independent_fresh7": ["independent.py", "--split", "fresh7"],
    "independent_fresh8": ["independent.py", "--split", "fresh8"],
    "independent_fresh9": ["independent.py", "--split", "fresh9"],
    "independent_fresh10": ["independent.py", "--split", "fresh10"],
    "independent_fresh11": ["independent.py", "--split", "fresh11"],
    "independent_fresh12": ["independent.py", "--split", "fresh12"],
    "independent_fresh13": ["independent.py", "--split", "fresh13"],
    "independent_fresh14": ["independent.py", "--split", "fresh14"],
    "independent_fresh15": ["independent.py", "--split", "fresh15"],
    "independent_fresh16": ["independent.py", "--split", "fresh16"],
    "independent_fresh17": ["independent.py", "--split", "fresh17"],
    "independent_fresh18": ["independent.py", "--split", "fresh18"],
    "independent_fresh19": ["independent.py", "--split", "fresh19"],
    "independent_fresh20": ["independent.py", "--split", "fresh20"],
    "independent_fresh21": ["independent.py", "--split", "fresh21"],
    "independent_fresh22": ["independent.py", "--split", "fresh22"],
    "independent_fresh23": ["independent.py", "--split", "fresh23"],
    "independent_pool_fresh22_fresh23": ["independent_pool.py", "--split", "fresh22", "--split", "fresh23"],
    "perturb": ["perturb.py", "--sample", "60"],
    "pdf_paragraphs": [
        "pdf_paragraphs.py",
        "--split",
        "fresh10",
        "--split",
        "fresh12",
        "--out",
        "bench/results/pdf_paragraphs.md",
    ],
    "similarity": ["similarity.py"],
    "paraphrase_prefilter": ["paraphrase_prefilter.py"],
    "sts": ["sts.py"],
    "sts_onnx": [
        "sts.py",
        "--encoders",
        "e5-small,e5-small-st",
        "--sample",
        "500",
        "--out",
        "bench/results/sts_onnx.md",
    ],
    "embed_onnx": ["embed_onnx.py", "--screen"],
    "startup": ["startup.py"],
    "realdocs_judge": ["realdocs_judge.py"],
    "batch": ["batch.py"],
    "scale": ["scale.py"],
    "scale_dense": ["scale_dense.py"],
    "spark_scale": ["spark_scale.py", "--sizes", "10000", "--batch", "500"],
    "service": ["service.py"],
    "pan_tune": ["pan.py", "--split", "tune"],
    "pan_seeds": ["pan.py", "--split", "seeds"],
    "pictures_tune": ["pictures.py", "--split", "tune"],
    "fuzz": ["fuzz.py"],  # bounded: 90 s a reader, 120 s of uploads
    "soak": ["soak.py"],  # 30 minutes of load: only with --only soak
    "pan_holdout": ["pan.py", "--split", "holdout"],
    "pictures_holdout": ["pictures.py", "--split", "holdout"],
}

# run only with --only: the independent holdout halves are read once, at the end of a session; the soak
# test takes 30 minutes; perturb reruns the checker ≈ 75 times on rewritten seen items
NOT_BY_DEFAULT = {
    "independent_holdout",
    "independent_fresh",
    "independent_fresh2",
    "independent_fresh3",
    "independent_fresh4",
    "independent_fresh5",
    "independent_fresh6",
    "independent_fresh7",
    "independent_fresh8",
    "independent_fresh9",
    "independent_fresh10",
    "independent_fresh11",
    "independent_fresh12",
    "independent_fresh13",
    "independent_fresh14",
    "independent_fresh15",
    "independent_fresh16",
    "independent_fresh17",
    "independent_fresh18",
    "independent_fresh19",
    "independent_fresh20",
    "independent_fresh21",
    "independent_fresh22",
    "independent_fresh23",
    "independent_pool_fresh22_fresh23",
    "perturb",
    "pdf_paragraphs",
    "pan_holdout",
    "pictures_holdout",
    "soak",
}

ORDER = [
    "ingest",
    "ingest_pptx",
    "ingest_ocr",
    "check",
    "check_variants",
    "independent_tune",
    "independent_holdout",
    "independent_fresh",
    "independent_fresh2",
    "independent_fresh3",
    "independent_fresh4",
    "independent_fresh5",
    "independent_fresh6",
    "independent_fresh7",
    "independent_fresh8",
    "independent_fresh9",
    "independent_fresh10",
    "independent_fresh11",
    "independent_fresh12",
    "independent_fresh13",
    "independent_fresh14",
    "independent_fresh15",
    "independent_fresh16",
    "independent_fresh17",
    "independent_fresh18",
    "independent_fresh19",
    "independent_fresh20",
    "independent_fresh21",
    "independent_fresh22",
    "independent_fresh23",
    "independent_pool_fresh22_fresh23",
    "perturb",
    "pdf_paragraphs",
    "similarity",
    "paraphrase_prefilter",
    "sts",
    "sts_onnx",
    "embed_onnx",
    "startup",
    "realdocs_judge",
    "scale",
    "batch",
    "scale_dense",
    "spark_scale",
    "service",
    "pan_tune",
    "pan_seeds",
    "pan_holdout",
    "pictures_tune",
    "pictures_holdout",
    "fuzz",
    "soak",
]


def collect() -> None:
    parts = [
        "# Benchmarks\n",
        "Every number below was produced by the command shown with it, on the machine named. "
        "Re-run all with `make bench` (or `.venv/bin/python bench/run_all.py`), one with "
        "`.venv/bin/python bench/run_all.py --only NAME`.\n",
        f"Assembled {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on: {machine()}.\n",
    ]
    names = [n for n in ORDER if (RESULTS / f"{n}.md").exists()]
    names += sorted(p.stem for p in RESULTS.glob("*.md") if p.stem not in ORDER)
    for name in names:
        text = (RESULTS / f"{name}.md").read_text(encoding="utf-8").strip()
        if text.startswith("# "):  # a section of this file: its headings go one level down
            text = "\n".join("#" + line if line.startswith("#") else line for line in text.splitlines())
        parts.append(text + "\n")
    (REPO / "BENCHMARKS.md").write_text("\n".join(parts), encoding="utf-8")
    print(f"BENCHMARKS.md: {len(names)} sections ({', '.join(names)})")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--collect", action="store_true", help="only assemble BENCHMARKS.md")
    args = ap.parse_args()
    failed = []
    if not args.collect:
        for name in args.only or [n for n in ORDER if n not in NOT_BY_DEFAULT]:
            script, *rest = SCRIPTS[name]
            if not (BENCH / script).exists():
                print(f"skip {name}: bench/{script} not present")
                continue
            print(f"== {name}: bench/{script} {' '.join(rest)}", flush=True)
            rc = subprocess.call([sys.executable, str(BENCH / script), *rest], cwd=REPO)
            if rc:
                failed.append(name)
    collect()
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
