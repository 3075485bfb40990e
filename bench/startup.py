"""Cold start of the command line (issue 16): what a user's shell pays for each command.

Every case is a fresh process tree (`benchlib.run_measured`: wall and CPU seconds of the command and
every process it starts), repeated `--repeat` times; the table gives medians and the CPU seconds
above a bare `python -c pass` (the interpreter itself). Cases:

- `qcscreen --help`; `qcscreen extract` of a one-slide deck (../shared/realdocs/unstructured/
  fake-power-point-table.pptx) — the goal: ≤ 0.3 s above `python -c pass`;
- `qcscreen similar` of one example deck (S06, copies from P2019-01) against the example corpus
  (40 projects, built once with `qcscreen corpus add`), semantic stage on — goal ≤ 3 s cold;
- `qcscreen compare` of two decks (S06 and P2019-01's report) — goal ≤ 3 s cold.

The slowest imports of `--help` and `extract` (`python -X importtime`, cumulative) are listed so a
regression says where it comes from. Commands run as an installed `qcscreen` does: with the package's
bytecode compiled beforehand and without PYTHONDONTWRITEBYTECODE (`benchlib.installed_env`).

    nice -n 10 .venv/bin/python bench/startup.py [--repeat 5]

Writes bench/results/startup.md.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from benchlib import (  # noqa: E402
    git_head,
    installed_env,
    load_average,
    machine,
    qcscreen_bin,
    run_measured,
    write_results,
)

EXAMPLES = REPO / "examples"
ONE_SLIDE = REPO.parent / "shared" / "realdocs" / "unstructured" / "fake-power-point-table.pptx"
DECK = EXAMPLES / "submissions" / "2024" / "S06" / "成果报告.pptx"
SOURCE = EXAMPLES / "corpus" / "2019" / "P2019-01" / "成果报告.pptx"
OUT = HERE / "results" / "startup.md"


def _env() -> dict[str, str]:
    template = str(EXAMPLES / "templates" / "organiser_template.txt")
    return installed_env(REPO, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", QCSCREEN_TEMPLATE_FILE=template)


def measure(cmd: list[str], repeat: int) -> dict[str, float]:
    env = _env()
    runs = [run_measured(cmd, env=env) for _ in range(repeat)]
    bad = [r[2] for r in runs if r[2] != 0]
    if bad:
        raise SystemExit(f"{cmd} exited {bad[0]}")
    return {
        "wall": statistics.median(r[0] for r in runs),
        "wall_best": min(r[0] for r in runs),
        "cpu": statistics.median(r[1] for r in runs),
        "cpu_best": min(r[1] for r in runs),
    }


def slowest_imports(args: list[str], n: int = 6) -> list[tuple[str, float]]:
    """The `n` imports with the largest cumulative time under `-X importtime` (one run)."""
    code = f"import sys; sys.argv = ['qcscreen', *{args!r}]; from service.cli_main import main; main()"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], env=_env(), capture_output=True, text=True, cwd=REPO
    )
    rows = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(2)) <= 3:  # top-level imports (and their direct children)
            rows.append((m.group(3), int(m.group(1)) / 1e6))
    return sorted(rows, key=lambda r: -r[1])[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    qc = qcscreen_bin(REPO)
    load0 = load_average()
    with tempfile.TemporaryDirectory(prefix="qcscreen-startup-") as tmp:
        db = Path(tmp) / "corpus.sqlite"
        manifest = EXAMPLES / "corpus" / "projects.csv"
        add = [qc, "corpus", "add", str(EXAMPLES / "corpus"), "--manifest", str(manifest), "--db", str(db)]
        subprocess.run(add, env=_env(), check=True, capture_output=True)
        subprocess.run([qc, "similar", str(DECK), "--db", str(db)], env=_env(), check=True, capture_output=True)
        cases = {
            "`python -c pass`": [sys.executable, "-c", "pass"],
            "`qcscreen --help`": [qc, "--help"],
            "`qcscreen extract` one-slide deck": [qc, "extract", str(ONE_SLIDE)],
            "`qcscreen similar` S06 vs example corpus (semantic on)": [qc, "similar", str(DECK), "--db", str(db)],
            "`qcscreen compare` S06 vs P2019-01 (semantic on)": [qc, "compare", str(DECK), str(SOURCE)],
        }
        results = {name: measure(cmd, args.repeat) for name, cmd in cases.items()}
    imports = {
        "--help": slowest_imports(["--help"]),
        "extract": slowest_imports(["extract", str(ONE_SLIDE)]),
    }
    write_report(args, results, imports, load0)


def write_report(
    args: argparse.Namespace,
    results: dict[str, dict[str, float]],
    imports: dict[str, list[tuple[str, float]]],
    load0: float,
) -> None:
    bare = results["`python -c pass`"]["cpu"]
    lines = [
        "## Start-up: cold commands, one fresh process tree each",
        "",
        f"Command: `nice -n 10 .venv/bin/python bench/startup.py --repeat {args.repeat}` at commit {git_head(REPO)}  ",
        f"Machine: {machine()}; load average {load0:.1f} at the start, {load_average():.1f} at the end — a "
        "shared machine: wall seconds are upper bounds, CPU seconds (user + system of every process of the "
        "command) the comparable figure.  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Material: the example corpus and decks (our own "
        "generated examples) and one real deck of ../shared/realdocs.",
        "",
        "| command | wall median (s) | wall best (s) | CPU median (s) | CPU best (s) | CPU above `python -c pass` (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['wall']:.2f} | {r['wall_best']:.2f} | {r['cpu']:.2f} | {r['cpu_best']:.2f} | "
            f"{r['cpu'] - bare:.2f} |"
        )
    lines += ["", "Slowest imports (`-X importtime`, cumulative seconds, one run):", ""]
    for cmd, rows in imports.items():
        lines.append(f"- `qcscreen {cmd}`: " + ", ".join(f"{name} {s:.3f}" for name, s in rows))
    write_results(OUT, lines)


if __name__ == "__main__":
    main()
