"""Pool the saved runs of several independent splits into one figure (an acceptance decided on their pool).

    .venv/bin/python bench/independent.py --split fresh22 --jobs 2     # saves /tmp/qc-independent-fresh22
    .venv/bin/python bench/independent.py --split fresh23 --jobs 2
    .venv/bin/python bench/independent_pool.py --split fresh22 --split fresh23

Rescores each split's saved checker JSON (`--from` folders, default /tmp/qc-independent-<split>, the default
`--save` of bench/independent.py) with the same scorer and writes
bench/results/independent_pool_<split>_<split>.md: the pooled overall table, each split's own row beside it,
and the pooled per-style table. It runs no checker: the figures are those of the runs it reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from benchlib import machine, write_results  # noqa: E402
from independent import EVAL, _pct, load_aliases, overall_lines, run_line, style_lines  # noqa: E402
from independent_score import ItemScore, score_item, summarize  # noqa: E402


def score_split(
    split: str, saved: Path, aliases: dict[str, str], root: Path = EVAL
) -> tuple[list[ItemScore], list[dict[str, Any]]]:
    """Every item of `split` (under `root`) scored from its saved JSON in `saved`; an item without one scores
    as a checker error."""
    scores, outputs = [], []
    for entry in json.loads((root / split / "index.json").read_text(encoding="utf-8")):
        folder = next((root / split).glob(f"{entry['id']}-*"))
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        path = saved / f"{truth['id']}.json"
        out = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"_error": f"no saved output: {path}"}
        outputs.append(out)
        scores.append(score_item(truth, out, aliases))
    return scores, outputs


def split_line(split: str, total: dict[str, Any]) -> str:
    return (
        f"| {split} | {total['n']} | {total['type_right']}/{total['n']} | {_pct(total['step_f1'])} "
        f"| {_pct(total['fivew1h'])} | {_pct(total['tool_recall'])} "
        f"| {_pct(total['findings_precision'])} ({total['findings_correct']}/{total['findings_reported']}) "
        f"| {_pct(total['findings_recall'])} ({total['must_found']}/{total['must_total']}) "
        f"| {total['traps']} | {total['false_veto']} |"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", action="append", required=True, help="split name (repeat: two or more)")
    ap.add_argument("--from", dest="from_dirs", action="append", type=Path, default=[], help="saved JSON, per split")
    args = ap.parse_args()
    if len(args.split) < 2 or (args.from_dirs and len(args.from_dirs) != len(args.split)):
        ap.error("two or more --split; with --from, one --from per --split")
    dirs = args.from_dirs or [Path(f"/tmp/qc-independent-{s}") for s in args.split]
    aliases = load_aliases()
    per_split = [score_split(s, d, aliases) for s, d in zip(args.split, dirs, strict=True)]
    pooled = [s for scores, _ in per_split for s in scores]
    total = summarize(pooled)
    froms = " ".join(f"--from {d}" for d in dirs)
    lines = [
        f"# Independent evaluation set — {' + '.join(args.split)} pooled",
        "",
        f"Command: `.venv/bin/python bench/independent_pool.py {' '.join('--split ' + s for s in args.split)} "
        f"{froms}`. Scored {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on: {machine()}. Runs read: "
        + " ".join(f"{s}: {run_line(outs)}" for s, (_, outs) in zip(args.split, per_split, strict=True)),
        "",
        "## Pooled",
        "",
        *overall_lines(total),
        "",
        "## Each split",
        "",
        "| split | items | type | step F1 | 5W1H | tool R | findings P | findings R | traps | false 否决 |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *(split_line(s, summarize(sc)) for s, (sc, _) in zip(args.split, per_split, strict=True)),
        split_line("pooled", total),
        "",
        "## Per style (pooled)",
        "",
        *style_lines(pooled),
    ]
    path = BENCH / "results" / f"independent_pool_{'_'.join(args.split)}.md"
    write_results(path, lines)
    print(json.dumps({k: v for k, v in total.items() if not isinstance(v, list)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
