"""Score `qcscreen check --json` against the independent evaluation set (eval/independent/).

    .venv/bin/python bench/independent.py --split tune
    .venv/bin/python bench/independent.py --split tune --from /tmp/qc-independent-tune   # rescore saved JSON

Written only against the public contract: `qcscreen check FILE [--form F] [--record R] --json`,
schema 1 of spec/interfaces.md, and the extension fields the README lists (findings' `step` and
`evidence`, `verdict_reasons`). Figures per item and overall: project type, step F1 (present steps by
id), 5W1H fields (found, six columns, rows), tool (name, step) recall and precision after mapping both
sides to the canonical rows of domain.md b.1 (eval/independent/aliases.yaml), findings precision (over
every fatal/major/minor finding) and recall (over must_report), false 否决 (不评 where the truth does
not allow it), package contradictions and missing parts found. Writes
bench/results/independent_<split>.md. The holdout half is run once, at the end of the session.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
EVAL = REPO / "eval" / "independent"
sys.path.insert(0, str(BENCH))

from benchlib import machine, write_results  # noqa: E402
from independent_score import ItemScore, score_item, summarize  # noqa: E402

QCSCREEN = REPO / ".venv" / "bin" / "qcscreen"
# the checker is this checkout's code: a git worktree sharing another checkout's venv would otherwise import the
# packages its editable install points at (the other checkout), and measure the wrong commit
CHECKER_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


def load_aliases() -> dict[str, str]:
    table = yaml.safe_load((EVAL / "aliases.yaml").read_text(encoding="utf-8"))["canonical"]
    return {alias: row for row, aliases in table.items() for alias in aliases}


def checker_options() -> set[str]:
    """Which package options this checker's `check` accepts (--form/--record), from its help text."""
    out = subprocess.run(
        [str(QCSCREEN), "check", "--help"], capture_output=True, text=True, env={**CHECKER_ENV, "COLUMNS": "200"}
    )
    return {opt for opt in ("--form", "--record") if opt in out.stdout}


def run_checker(folder: Path, truth: dict[str, Any], options: set[str], timeout: int) -> dict[str, Any]:
    files = {f["role"]: folder / f["name"] for f in truth["files"]}
    cmd = [str(QCSCREEN), "check", str(files["main"]), "--json"]
    for role, opt in (("form", "--form"), ("record", "--record")):
        if role in files and opt in options:
            cmd += [opt, str(files[role])]
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO, env=CHECKER_ENV)
    except subprocess.TimeoutExpired:
        return {"_error": f"timeout after {timeout} s", "_cmd": cmd}
    wall = time.monotonic() - started
    try:
        out = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {"_error": f"rc {proc.returncode}, no JSON: {proc.stderr.strip()[-300:]}", "_cmd": cmd}
    out["_cmd"] = cmd
    out["_wall_s"] = round(wall, 1)
    out["_run_at"] = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    out["_load"] = round(os.getloadavg()[0], 2)
    out["_checker_commit"] = _git_head()
    out["_ignored_parts"] = sorted(r for r in files if r != "main" and f"--{r}" not in options)
    return out


def _cmd_line(args: argparse.Namespace) -> str:
    line = f".venv/bin/python bench/independent.py --split {args.split}"
    line += f" --jobs {args.jobs}" if args.jobs > 1 else ""
    return line + (f" --from {args.from_dir}" if args.from_dir else "")


def _git_head() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    return out.stdout.strip() or "unknown"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def overall_lines(total: dict[str, Any]) -> list[str]:
    return [
        "| measure | value | goal (issue 10, untouched half) |",
        "|---|---|---|",
        f"| items (submissions) | {total['n']} | |",
        f"| project type right | {total['type_right']}/{total['n']} | all |",
        f"| step F1 (micro) | {_pct(total['step_f1'])} | ≥ 0.95 |",
        f"| 5W1H fields right | {_pct(total['fivew1h'])} | ≥ 0.95 |",
        f"| tool (name, step) recall | {_pct(total['tool_recall'])} | ≥ 0.9 |",
        f"| tool (name, step) precision | {_pct(total['tool_precision'])} | (reported) |",
        f"| findings precision | {_pct(total['findings_precision'])} ({total['findings_correct']}/{total['findings_reported']}) | ≥ 0.9 |",
        f"| findings recall | {_pct(total['findings_recall'])} ({total['must_found']}/{total['must_total']}) | ≥ 0.9 |",
        f"| must-not-report traps sprung | {total['traps']} | 0 |",
        f"| verdict within the allowed set | {total['verdict_ok']}/{total['n']} | |",
        f"| false 否决 (不评 not allowed) | {total['false_veto']} | 0 |",
        f"| package contradictions found | {total['contra_found']}/{total['contra_total']} | |",
        f"| package missing parts reported | {total['missing_found']}/{total['missing_total']} | |",
        f"| checker errors (no JSON) | {total['errors']} | 0 |",
    ]


def style_lines(scores: list[ItemScore]) -> list[str]:
    lines = [
        "| style | items | type | step F1 | 5W1H | tool R | findings P | findings R | false 否决 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for style in sorted({s.style for s in scores}):
        t = summarize([s for s in scores if s.style == style])
        lines.append(
            f"| {style} | {t['n']} | {t['type_right']}/{t['n']} | {_pct(t['step_f1'])} | {_pct(t['fivew1h'])} "
            f"| {_pct(t['tool_recall'])} | {_pct(t['findings_precision'])} | {_pct(t['findings_recall'])} "
            f"| {t['false_veto']} |"
        )
    return lines


def item_lines(scores: list[ItemScore]) -> list[str]:
    lines = [
        "| item | style | formats | type | step F1 | 5W1H | tool R | findings ✓/reported | must found | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        lines.append(
            f"| {s.item} | {s.style} | {s.formats} | {'✓' if s.type_right else '✗ ' + s.type_seen} "
            f"| {_pct(s.step_f1)} | {_pct(s.fivew1h_rate)} | {_pct(s.tool_recall)} "
            f"| {s.findings_correct}/{s.findings_reported} | {s.must_found}/{s.must_total} "
            f"| {s.verdict}{' ✗' if not s.verdict_ok else ''} |"
        )
    return lines


def miss_lines(scores: list[ItemScore]) -> list[str]:
    lines: list[str] = []
    for s in scores:
        if s.misses:
            lines.append(f"- **{s.item}** ({s.style}): " + "; ".join(s.misses))
    return lines or ["- none"]


def run_line(outputs: list[dict[str, Any]]) -> str:
    """When, on which checker commit and under what load the checker ran (from the saved outputs)."""
    first = outputs[0] if outputs else {}
    loads = [o["_load"] for o in outputs if "_load" in o]
    wall = sum(o.get("_wall_s", 0) for o in outputs)
    return (
        f"Checker run {first.get('_run_at', 'unknown')} at commit {first.get('_checker_commit', 'unknown')}; "
        f"load average (1 min) during the run {min(loads, default=0):.1f}–{max(loads, default=0):.1f} on a "
        f"shared machine; checker wall time {wall:.0f} s in all (load-dependent, not a speed figure)."
    )


def write_report(args: argparse.Namespace, scores: list[ItemScore], outputs: list[dict[str, Any]]) -> Path:
    total = summarize(scores)
    ignored = sorted({p for o in outputs for p in o.get("_ignored_parts") or []})
    lines = [
        f"# Independent evaluation set — {args.split} half",
        "",
        f"Command: `{_cmd_line(args)}`. Scored {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on: {machine()}. "
        + run_line(outputs),
        "",
        "Material: `eval/independent/` — written from spec/domain.md and spec/house-styles.md by a hand that "
        "has not read `nlp/`, `index/` or `examples/` (eval/independent/README.md). Figures on this set say how "
        "the checker generalises; they are not figures of the example generator.",
        "",
    ]
    if ignored:
        lines += [
            f"Note: the checker's `check` had no {' / '.join('--' + p for p in ignored)}; those parts of the "
            "packages were not passed (each item lists them), so package figures measure the main file only.",
            "",
        ]
    lines += [
        "## Overall",
        "",
        *overall_lines(total),
        "",
        "## Per style",
        "",
        *style_lines(scores),
        "",
        "## Per item",
        "",
        *item_lines(scores),
        "",
        "## Misses",
        "",
        *miss_lines(scores),
    ]
    path = BENCH / "results" / f"independent_{args.split}.md"
    write_results(path, lines)
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--split",
        choices=sorted(p.parent.name for p in EVAL.glob("*/index.json")),  # every split folder
        required=True,
    )
    ap.add_argument("--from", dest="from_dir", type=Path, help="score saved JSON outputs from this folder")
    ap.add_argument(
        "--save", type=Path, help="folder for the checker's JSON outputs (default /tmp/qc-independent-SPLIT)"
    )
    ap.add_argument("--only", action="append", default=[], help="item id (repeatable); no results file")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--jobs", type=int, default=1, help="checker processes at once (items are scored in order)")
    args = ap.parse_args()
    root = EVAL / args.split
    aliases = load_aliases()
    options = checker_options() if not args.from_dir else {"--form", "--record"}
    save = args.save or Path(f"/tmp/qc-independent-{args.split}")
    save.mkdir(parents=True, exist_ok=True)
    items = []
    for entry in json.loads((root / "index.json").read_text(encoding="utf-8")):
        if args.only and entry["id"] not in args.only:
            continue
        folder = next(root.glob(f"{entry['id']}-*"))
        items.append((folder, json.loads((folder / "truth.json").read_text(encoding="utf-8"))))

    def output_of(item: tuple[Path, dict[str, Any]]) -> dict[str, Any]:
        folder, truth = item
        if args.from_dir:
            return dict(json.loads((args.from_dir / f"{truth['id']}.json").read_text(encoding="utf-8")))
        out = run_checker(folder, truth, options, args.timeout)
        (save / f"{truth['id']}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
        return out

    scores, outputs = [], []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for (_, truth), out in zip(items, pool.map(output_of, items), strict=True):
            outputs.append(out)
            score = score_item(truth, out, aliases)
            scores.append(score)
            print(
                f"{score.item}: type {'ok' if score.type_right else 'WRONG'}, step F1 {_pct(score.step_f1)}, "
                f"findings {score.findings_correct}/{score.findings_reported}, must {score.must_found}/"
                f"{score.must_total}, verdict {score.verdict}",
                flush=True,
            )
    total = summarize(scores)
    print(json.dumps({k: v for k, v in total.items() if not isinstance(v, list)}, ensure_ascii=False))
    if not args.only:
        write_report(args, scores, outputs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
