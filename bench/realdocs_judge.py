"""The realdocs judge: qcscreen `extract` vs markitdown, side by side in one run, one process per file.

Every file of ../shared/realdocs (63) is converted by each tool as a user's script would call it — a
fresh process per file, start-up included: `qcscreen extract FILE` (plain text; OCR on, with an
empty OCR cache: a temporary QCSCREEN_CACHE whose `models` is the installed cache's, where `make setup`
built the e5 model and PP-OCR's CPU graphs, built here first if missing) and `markitdown FILE` (its command line, in the
virtual environment `--markitdown-venv`, default bench/.venv-md: `python3 -m venv bench/.venv-md &&
bench/.venv-md/bin/pip install 'markitdown[pptx,docx,pdf]'`). The tools alternate file by file, so
the machine's load falls on both alike. qcscreen runs as an installed package does: bytecode compiled
beforehand, PYTHONDONTWRITEBYTECODE removed (`benchlib.installed_env`; markitdown's venv has its own).

A file is *as expected* when the tool's outcome meets the file's golden (tests/ingest/golden, the
expectations the readers are tested against), judged on the text alone and the same way for both
tools: a file whose golden says `status: error` (encrypted, corrupt) must fail (non-zero exit or no
text); any other file must succeed with text that holds every `contains`, `contains_compact`,
`in_order` and table `contains` string and no `not_contains` string (speaker notes excepted: a tool
may print them, marked as notes; all compared with whitespace
and markdown table pipes removed, so markdown is not penalised for its markup), and at least
`min_chars` characters. Keys about structure (tables' shapes, charts, kinds, notes, pages) are not
judged: markitdown has no document model to judge them on. A file without a golden is as expected
when the tool gives any text.

    nice -n 10 .venv/bin/python bench/realdocs_judge.py

Writes bench/results/realdocs_judge.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from benchlib import git_head, installed_env, load_average, machine, qcscreen_bin, write_results  # noqa: E402

REALDOCS = REPO.parent / "shared" / "realdocs"
GOLDEN = REPO / "tests" / "ingest" / "golden"
NOT_DOCUMENTS = {"SOURCES.md", "SHA256SUMS"}
OUT = HERE / "results" / "realdocs_judge.md"
TIMEOUT_S = 600


@dataclass
class Outcome:
    ok: bool  # exit 0 with text
    text: str
    seconds: float


def _compact(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch != "|")


def judge(golden: dict[str, Any] | None, out: Outcome) -> str | None:
    """None when the outcome is as expected, else why not (short)."""
    if golden is None:
        return None if out.ok else "no text"
    if golden.get("status") == "error":
        return None if not out.ok else "should have failed"
    if not out.ok:
        return "failed"
    text = _compact(out.text)
    wanted = [*golden.get("contains", []), *golden.get("contains_compact", [])]
    wanted += [s for t in golden.get("tables", []) for s in t.get("contains", [])]
    missing = [s for s in wanted if _compact(s) not in text]
    if missing:
        return f"missing {missing[0]!r}" + (f" (+{len(missing) - 1})" if len(missing) > 1 else "")
    notes = {_compact(s) for s in golden.get("notes_contains", [])}  # a tool may print the notes, marked
    present = [s for s in golden.get("not_contains", []) if _compact(s) in text and _compact(s) not in notes]
    if present:
        return f"has {present[0]!r}"
    pos = -1
    for s in golden.get("in_order", []):
        pos = text.find(_compact(s), pos + 1)
        if pos < 0:
            return f"order broken at {s!r}"
    if len(out.text) < int(golden.get("min_chars", 0)):
        return f"{len(out.text)} < {golden['min_chars']} chars"
    return None


def run(cmd: list[str], env: dict[str, str]) -> Outcome:
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return Outcome(False, "", time.perf_counter() - t0)
    text = done.stdout.decode("utf-8", errors="replace")
    return Outcome(done.returncode == 0 and bool(text.strip()), text, time.perf_counter() - t0)


def files() -> list[Path]:
    return sorted(p for p in REALDOCS.rglob("*") if p.is_file() and p.name not in NOT_DOCUMENTS)


def golden_of(path: Path) -> dict[str, Any] | None:
    g = GOLDEN / ("__".join(path.relative_to(REALDOCS).parts) + ".json")
    return json.loads(g.read_text(encoding="utf-8")) if g.exists() else None  # type: ignore[no-any-return]


SET_UP_MODELS = (
    "from ingest.readers import ocr_graphs; from service.settings import Settings; "
    "folder = Settings().ocr_model_dir; ocr_graphs.ensure(folder); print(folder.parent)"
)


def set_up_models() -> Path:
    """The installed cache's model folder, with PP-OCR's CPU graphs in it (as `make setup` leaves it);
    in a child process run from the repository (bench/ingest.py would shadow the package here)."""
    done = subprocess.run([sys.executable, "-c", SET_UP_MODELS], capture_output=True, text=True, check=True, cwd=REPO)
    return Path(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--markitdown-venv", type=Path, default=HERE / ".venv-md")
    args = ap.parse_args()
    md = args.markitdown_venv / "bin" / "markitdown"
    if not md.exists():
        raise SystemExit(f"markitdown not found at {md} (see the docstring for how to install it)")
    tools = {"qcscreen extract": [qcscreen_bin(REPO), "extract"], "markitdown": [str(md)]}
    load0 = load_average()
    results: dict[str, dict[str, tuple[Outcome, str | None]]] = {t: {} for t in tools}
    with tempfile.TemporaryDirectory(prefix="qcscreen-judge-") as cache:
        (Path(cache) / "models").symlink_to(set_up_models(), target_is_directory=True)
        env = installed_env(REPO, HF_HUB_OFFLINE="1", QCSCREEN_CACHE=cache)  # an empty OCR cache
        for path in files():
            golden = golden_of(path)
            for tool, cmd in tools.items():
                out = run([*cmd, str(path)], env)
                verdict = judge(golden, out)
                results[tool][path.relative_to(REALDOCS).as_posix()] = (out, verdict)
                print(
                    f"{tool:17s} {out.seconds:6.2f} s {'ok ' if verdict is None else 'NO '} {path.name} {verdict or ''}",
                    flush=True,
                )
            write_report(results, load0, len(files()))  # after every file: a cut run leaves its numbers


def write_report(results: dict[str, dict[str, tuple[Outcome, str | None]]], load0: float, total: int) -> None:
    n = len(next(iter(results.values())))
    done = (
        f"the {n} real files" if n == total else f"the first {n} of {total} real files (the run was still going or cut)"
    )
    lines = [
        "## Realdocs judge: qcscreen `extract` vs markitdown, one process per file",
        "",
        f"Command: `nice -n 10 .venv/bin/python bench/realdocs_judge.py` at commit {git_head(REPO)}  ",
        f"Machine: {machine()}; load average {load0:.1f} at the start, {load_average():.1f} at the end (shared "
        "machine; the tools alternate file by file, so both see the same load).  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Material: {done} of ../shared/realdocs "
        "(independent: other projects' test suites), judged on the text against tests/ingest/golden.",
        "",
        "| tool | files as expected | total wall (s) | median per file (s) | slowest file (s) |",
        "|---|---|---:|---:|---|",
    ]
    for tool, per_file in results.items():
        good = sum(1 for _, v in per_file.values() if v is None)
        secs = {name: o.seconds for name, (o, _) in per_file.items()}
        slow = max(secs, key=lambda k: secs[k])
        lines.append(
            f"| {tool} | {good}/{n} | {sum(secs.values()):.1f} | {statistics.median(secs.values()):.2f} | "
            f"{secs[slow]:.1f} ({slow}) |"
        )
    lines += ["", "Files not as expected:", ""]
    for tool, per_file in results.items():
        bad = [f"`{name}` ({v})" for name, (_, v) in per_file.items() if v is not None]
        lines.append(f"- {tool}: " + ("; ".join(bad) if bad else "none"))
    write_results(OUT, lines)


if __name__ == "__main__":
    main()
