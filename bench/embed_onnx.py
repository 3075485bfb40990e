"""The e5 encoder through ONNX Runtime (production) against the sentence-transformers reference.

Measures, on this machine, side by side:

1. cold load: a fresh process that imports the encoder, loads it and encodes one sentence — wall and
   CPU seconds (CPU depends far less on the shared machine's load), best and median of `--repeat`;
2. agreement: cosine between the two encoders' vectors of every sentence of the example corpus and
   submissions (the texts the paraphrase stage embeds: `index.copy.paraphrase.sentences`) and of the
   essence parts the near-duplicate stage embeds;
3. throughput on those sentences (sentences per CPU second and per wall second, batch 32).

The Spearman figures on ../shared/data are bench/sts.py's (`--encoders e5-small,e5-small-st`); the
verdicts of the example batch screened with each encoder are compared by `--screen` (qcscreen corpus add +
screen twice, summary.json compared field by field).

    .venv/bin/python bench/embed_onnx.py [--repeat 5] [--screen]

Writes bench/results/embed_onnx.md. Needs `qcscreen model build` (both folders).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from benchlib import load_average, machine, run_measured, write_results  # noqa: E402

EXAMPLES = REPO / "examples"
OUT = HERE / "results" / "embed_onnx.md"
LOAD = "from index.embed import load_encoder; load_encoder({name!r}).encode(['预热'])"


def cold_load(name: str, repeat: int) -> dict[str, float]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    runs = [run_measured([sys.executable, "-c", LOAD.format(name=name)], env=env) for _ in range(repeat)]
    bare = [run_measured([sys.executable, "-c", "import numpy"], env=env) for _ in range(repeat)]
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    return {
        "wall_best": min(walls),
        "wall_median": statistics.median(walls),
        "cpu_best": min(cpus),
        "cpu_median": statistics.median(cpus),
        "bare_cpu": statistics.median(b[1] for b in bare),
    }


def example_texts() -> tuple[list[str], list[str]]:
    """Sentences of every example document (as the paraphrase stage cuts them) and the essence parts."""
    from index.copy.paraphrase import sentences
    from index.same_project.neardup import essence_of
    from ingest import read

    sents: dict[str, None] = {}
    parts: dict[str, None] = {}
    for path in sorted(EXAMPLES.glob("corpus/*/*/*")) + sorted(EXAMPLES.glob("submissions/*/*/*")):
        if path.suffix.lower() not in (".pptx", ".docx", ".pdf"):
            continue
        doc = read(path)
        sents.update(dict.fromkeys(s.text for s in sentences(doc.text)))
        parts.update(dict.fromkeys(t for t in essence_of(doc).values() if t))
    return list(sents), list(parts)


def agreement(texts: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    from index.embed import load_encoder

    found: dict[str, np.ndarray] = {}
    speed: dict[str, float] = {}
    for name in ("e5-small", "e5-small-st"):
        enc = load_encoder(name)
        enc.encode(["预热"])
        c0, t0 = time.process_time(), time.perf_counter()
        found[name] = enc.encode(texts)
        speed[f"{name}_sent_per_cpu_s"] = len(texts) / max(time.process_time() - c0, 1e-9)
        speed[f"{name}_sent_per_s"] = len(texts) / max(time.perf_counter() - t0, 1e-9)
    cos = (found["e5-small"] * found["e5-small-st"]).sum(axis=1)
    stats = {
        "n": float(len(texts)),
        "cos_min": float(cos.min()),
        "cos_median": float(np.median(cos)),
        "max_abs_diff": float(np.abs(found["e5-small"] - found["e5-small-st"]).max()),
    }
    return stats, speed


def _screen(name: str, work: Path) -> dict[str, object]:
    env = dict(
        os.environ,
        HF_HUB_OFFLINE="1",
        QCSCREEN_ENCODER=name,
        QCSCREEN_CACHE=os.environ.get("QCSCREEN_CACHE", str(Path.home() / ".cache" / "qcscreen")),
    )
    env["QCSCREEN_TEMPLATE_FILE"] = str(EXAMPLES / "templates" / "organiser_template.txt")
    db = work / name / "corpus.sqlite"
    qc = str(Path(sys.executable).with_name("qcscreen"))
    manifest = EXAMPLES / "corpus" / "projects.csv"
    subprocess.run(
        [qc, "corpus", "add", str(EXAMPLES / "corpus"), "--manifest", str(manifest), "--db", str(db)],
        env=env,
        check=True,
        capture_output=True,
    )
    out = work / name / "screen"
    subprocess.run(
        [qc, "screen", str(EXAMPLES / "submissions"), "--year", "2024", "--db", str(db), "--out", str(out)],
        env=env,
        capture_output=True,
    )
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def screen_both() -> list[str]:
    """Screen the example batch with each encoder; the differences in what a reader of the results sees."""
    with tempfile.TemporaryDirectory(prefix="qcscreen-embed-") as tmp:
        a, b = _screen("e5-small", Path(tmp)), _screen("e5-small-st", Path(tmp))
    lines = []
    rows_a = {r["id"]: r for r in a["rows"]}  # type: ignore[attr-defined]
    rows_b = {r["id"]: r for r in b["rows"]}  # type: ignore[attr-defined]
    same = 0
    for sid in sorted(rows_a):
        ra, rb = rows_a[sid], rows_b.get(sid, {})
        diff = [k for k in ra if ra.get(k) != rb.get(k)]
        if diff:
            lines.append(f"- {sid}: differs in {', '.join(diff)}")
        else:
            same += 1
    lines.insert(
        0,
        f"Example batch screened with each encoder: {same}/{len(rows_a)} summary rows identical in every field (verdict, score, copy ratios, 雷同, sources…).",
    )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--screen", action="store_true", help="also screen the example batch with each encoder")
    args = ap.parse_args()
    load_start = load_average()
    loads = {name: cold_load(name, args.repeat) for name in ("e5-small", "e5-small-st")}
    sents, parts = example_texts()
    agree_s, speed = agreement(sents)
    agree_p, _ = agreement(parts)
    screen_lines = screen_both() if args.screen else ["(example batch not screened in this run: `--screen`)"]
    lines = [
        "## e5 encoder: ONNX Runtime (production) vs sentence-transformers (reference)",
        "",
        f"Command: `.venv/bin/python bench/embed_onnx.py --repeat {args.repeat}{' --screen' if args.screen else ''}`  ",
        f"Machine: {machine()}  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average {load_start:.1f} at the start, {load_average():.1f} at the end "
        "(a shared machine: wall seconds are upper bounds, CPU seconds are the comparable figure).",
        "",
        "### Cold load (fresh process: import, load, encode one sentence)",
        "",
        "| encoder | wall best (s) | wall median (s) | CPU best (s) | CPU median (s) | CPU above `python -c 'import numpy'` (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in loads.items():
        label = (
            "e5-small (ONNX Runtime + tokenizers)"
            if name == "e5-small"
            else "e5-small-st (torch + sentence-transformers)"
        )
        lines.append(
            f"| {label} | {r['wall_best']:.2f} | {r['wall_median']:.2f} | {r['cpu_best']:.2f} | {r['cpu_median']:.2f} | "
            f"{r['cpu_median'] - r['bare_cpu']:.2f} |"
        )
    lines += [
        "",
        "### Agreement with the reference (example corpus and submissions — figures of the example generator's text)",
        "",
        "| texts | n | cosine min | cosine median | max abs difference |",
        "|---|---:|---:|---:|---:|",
        f"| sentences (paraphrase stage) | {int(agree_s['n'])} | {agree_s['cos_min']:.6f} | {agree_s['cos_median']:.6f} | {agree_s['max_abs_diff']:.2e} |",
        f"| essence parts (near-duplicate stage) | {int(agree_p['n'])} | {agree_p['cos_min']:.6f} | {agree_p['cos_median']:.6f} | {agree_p['max_abs_diff']:.2e} |",
        "",
        f"Throughput on the sentences (batch 32, 2 threads): ONNX {speed['e5-small_sent_per_cpu_s']:.0f} sentences per CPU s "
        f"({speed['e5-small_sent_per_s']:.0f}/s wall), reference {speed['e5-small-st_sent_per_cpu_s']:.0f} per CPU s "
        f"({speed['e5-small-st_sent_per_s']:.0f}/s wall).",
        "",
        *screen_lines,
        "",
        "Both encoders carry the same `model_id` (same weights, same computation): the paraphrase thresholds, the "
        "near-duplicate index and the calibration stay valid. Spearman on the Chinese sentence sets: bench/results/sts.md.",
    ]
    write_results(OUT, lines)


if __name__ == "__main__":
    main()
