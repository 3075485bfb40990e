"""Fuzz the readers and the upload route for a bounded time (issue 15); not part of CI.

    .venv/bin/python bench/fuzz.py [--budget-s 90] [--readers pptx,docx,pdf,txt,legacy] [--upload-budget-s 120]

Readers: hypothesis draws mutations of real files (bench/fuzz_mutate.py) and each case is read by
`ingest.read_bytes` in a sandbox process with an address-space limit (`--mem-gib`, RLIMIT_AS) and a
time limit (`--case-timeout-s`; the worker is killed past it). Each case ends as a Document, a named
`IngestError` (both fine), or a finding: an uncaught exception (a reader bug), a MemoryError or a
crash (the memory limit), or a timeout. A finding is shrunk by hypothesis and the smallest failing
case is written to tests/ingest/fuzz_cases/<reader>/, which tests/ingest/test_fuzz_cases.py reads
back (strict mode) as a regression test. The upload route: bench/fuzz_upload.py.

Results: bench/results/fuzz.md (cases per reader, outcomes, findings, slowest case, peak memory).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import os
import resource
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Flaky

# the repository before bench/ (bench/ingest.py would shadow the ingest package, also in the sandbox)
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchlib import machine, write_results
from fuzz_mutate import READER_SUFFIXES, Case, cases, seeds

REPO = Path(__file__).resolve().parents[1]
CASES_DIR = REPO / "tests" / "ingest" / "fuzz_cases"
RESULTS = REPO / "bench" / "results" / "fuzz.md"
FINDING_KINDS = ("bug", "memory", "crash", "timeout")


# ---------------------------------------------------------------- the sandbox process


def _sandbox_main(conn: Connection, mem_bytes: int) -> None:
    """Read cases until told to stop; one reply per case: ("ok", chars) | ("err", code) |
    ("bug", type, traceback) | ("memory", traceback), each followed by the process's peak RSS in KiB."""
    resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
    from ingest import read_bytes
    from ingest.errors import IngestError
    from ingest.options import ReadOptions

    conn.send(("ready",))
    while True:
        job = conn.recv()
        if job is None:
            return
        filename, data, ocr, timeout_s = job
        try:
            doc = read_bytes(data, filename, ReadOptions(ocr=ocr, timeout_s=timeout_s))
            reply: tuple[Any, ...] = ("ok", len(doc.text))
        except IngestError as e:
            reply = ("err", e.code)
        except MemoryError:
            reply = ("memory", traceback.format_exc(limit=8))
        except Exception as e:  # noqa: BLE001 - a reader bug is the finding
            reply = ("bug", type(e).__name__, traceback.format_exc(limit=12))
        conn.send((*reply, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


@dataclass
class Outcome:
    kind: str  # ok | err | bug | memory | crash | timeout
    detail: str = ""
    seconds: float = 0.0
    peak_rss_kib: int = 0

    @property
    def finding(self) -> bool:
        return self.kind in FINDING_KINDS

    @property
    def signature(self) -> str:
        """What makes two findings the same: the kind, the exception and the innermost frame."""
        frames = [ln.strip() for ln in self.detail.splitlines() if ln.strip().startswith("File ")]
        last = self.detail.strip().splitlines()[-1] if self.detail.strip() else ""
        return f"{self.kind} {last.split(':')[0]} {frames[-1] if frames else ''}"

    @property
    def summary(self) -> str:
        lines = self.detail.strip().splitlines()
        return f"{self.kind}: {lines[-1][:160] if lines else ''}"


class Sandbox:
    """One worker process at a time; replaced after a timeout or a crash."""

    def __init__(self, mem_gib: float, timeout_s: float) -> None:
        self.mem_bytes = int(mem_gib * 1024**3)
        self.timeout_s = timeout_s
        self.ctx = mp.get_context("spawn")
        self.proc: Any = None
        self.conn: Connection | None = None

    def _start(self) -> Connection:
        parent, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_sandbox_main, args=(child, self.mem_bytes), daemon=True)
        self.proc.start()
        child.close()
        if not parent.poll(120):
            raise RuntimeError("fuzz sandbox did not start")
        parent.recv()
        self.conn = parent
        return parent

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.join(10)
        self.proc, self.conn = None, None

    def run(self, case: Case, ocr: bool) -> Outcome:
        conn = self.conn or self._start()
        t0 = time.monotonic()
        conn.send((case.filename, case.data, ocr, self.timeout_s))
        if not conn.poll(self.timeout_s):
            self.stop()
            return Outcome("timeout", f"over {self.timeout_s:g} s", time.monotonic() - t0)
        try:
            reply = conn.recv()
        except (EOFError, OSError):
            code = self.proc.exitcode if self.proc is not None else None
            self.stop()
            return Outcome("crash", f"worker exit code {code}", time.monotonic() - t0)
        seconds = time.monotonic() - t0
        kind, *rest, rss = reply
        return Outcome(kind, " ".join(str(x) for x in rest), seconds, int(rss))


# ---------------------------------------------------------------- the hypothesis loop per reader


@dataclass
class ReaderStats:
    reader: str
    seeds: int = 0
    cases: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    findings: list[tuple[Case, Outcome]] = field(default_factory=list)
    slowest: float = 0.0
    peak_rss_kib: int = 0


class _Found(Exception):  # noqa: N818 - a signal to hypothesis, not an error of ours
    pass


def fuzz_reader(reader: str, budget_s: float, sandbox: Sandbox, examples_per_round: int) -> ReaderStats:
    pool = seeds(reader)
    stats = ReaderStats(reader, seeds=len(pool))
    deadline = time.monotonic() + budget_s
    round_no = 0
    failing: list[tuple[Case, Outcome]] = []
    while time.monotonic() < deadline:
        failing.clear()

        @settings(
            max_examples=examples_per_round,
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases(reader, pool))
        @seed(round_no)
        def one(case: Case) -> None:
            if time.monotonic() > deadline + 60:  # shrinking past the budget: stop failing, stop shrinking
                return
            outcome = sandbox.run(case, ocr=len(case.data) % 4 == 0)  # OCR on a quarter of the cases
            stats.cases += 1
            stats.outcomes[outcome.kind] += 1
            if outcome.kind == "err":
                stats.codes[outcome.detail] += 1
            stats.slowest = max(stats.slowest, outcome.seconds)
            stats.peak_rss_kib = max(stats.peak_rss_kib, outcome.peak_rss_kib)
            if outcome.finding:
                failing.append((case, outcome))
                raise _Found(outcome.kind)

        try:
            one()
        except (_Found, Flaky):
            case, outcome = failing[-1]  # the last failing run is the shrunk case
            if all(outcome.signature != known.signature for _, known in stats.findings):
                stats.findings.append((case, outcome))
        round_no += 1
    return stats


def save_case(case: Case, outcome: Outcome) -> Path:
    """Keep a found case as a regression test input (tests/ingest/test_fuzz_cases.py)."""
    digest = hashlib.sha256(case.data).hexdigest()[:12]
    path = CASES_DIR / case.reader / f"{digest}{Path(case.seed).suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.data)
    path.with_name(path.name + ".note").write_text(
        f"seed: {case.seed}\nops: {'; '.join(case.ops)}\nfound: {outcome.kind} {outcome.detail[:2000]}\n",
        encoding="utf-8",
    )
    return path


# ---------------------------------------------------------------- results


def _reader_lines(all_stats: list[ReaderStats], budget_s: float) -> list[str]:
    lines = [
        "| reader | seeds | cases | document | named error | findings | slowest case | peak RSS | top error codes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in all_stats:
        top = ", ".join(f"`{c}` {n}" for c, n in s.codes.most_common(4))
        lines.append(
            f"| {s.reader} | {s.seeds} | {s.cases} | {s.outcomes['ok']} | {s.outcomes['err']} | {len(s.findings)} "
            f"| {s.slowest:.1f} s | {s.peak_rss_kib / 1024:.0f} MiB | {top} |"
        )
    return lines


def _found_line(case: Path) -> str:
    note = case.with_name(case.name + ".note")
    lines = note.read_text(encoding="utf-8").splitlines() if note.is_file() else []
    return next((ln.removeprefix("found: ") for ln in lines if ln.startswith("found: ")), "")[:200]


def write_report(args: argparse.Namespace, all_stats: list[ReaderStats], saved: list[str], upload: list[str]) -> None:
    load = os.getloadavg()
    kept = sorted(p for p in CASES_DIR.rglob("*") if p.is_file() and p.suffix != ".note")
    lines = [
        "# Fuzzing (bench/fuzz.py)",
        "",
        f"Command: `.venv/bin/python bench/fuzz.py --budget-s {args.budget_s:g} --readers {','.join(args.readers)} "
        f"--upload-budget-s {args.upload_budget_s:g}`",
        f"Machine: {machine()}; load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared machine: "
        "counts, not timings, are the result). "
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Readers: hypothesis mutations of real files (realdocs under 100 KB, three examples/ decks), each case read "
        f"by `ingest.read_bytes` in a sandbox process limited to {args.mem_gib:g} GiB of address space and "
        f"{args.case_timeout_s:g} s; {args.budget_s:g} s of generation per reader. A finding is an uncaught "
        "exception, a MemoryError/crash or a timeout; findings are shrunk and kept under `tests/ingest/fuzz_cases/` "
        "(read back by `tests/ingest/test_fuzz_cases.py`).",
        "",
        *_reader_lines(all_stats, args.budget_s),
        "",
        f"Findings this run: {sum(len(s.findings) for s in all_stats)}" + (" — " + "; ".join(saved) if saved else "."),
        f"Regression cases kept in `tests/ingest/fuzz_cases/` (all runs): {len(kept)}"
        + ("".join(f"\n- `{k.relative_to(REPO)}`: {_found_line(k)}" for k in kept) if kept else "."),
        "",
        *upload,
    ]
    write_results(RESULTS, lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--budget-s", type=float, default=90.0, help="seconds of case generation per reader")
    ap.add_argument("--readers", type=lambda s: s.split(","), default=list(READER_SUFFIXES))
    ap.add_argument("--case-timeout-s", type=float, default=60.0)
    ap.add_argument("--mem-gib", type=float, default=3.0)
    ap.add_argument("--examples-per-round", type=int, default=25)
    ap.add_argument("--upload-budget-s", type=float, default=120.0, help="0 skips the upload route")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sandbox = Sandbox(args.mem_gib, args.case_timeout_s)
    all_stats, saved = [], []
    try:
        for reader in args.readers:
            print(f"== {reader}: {args.budget_s:g} s", flush=True)
            stats = fuzz_reader(reader, args.budget_s, sandbox, args.examples_per_round)
            sandbox.stop()  # a fresh sandbox per reader: its peak RSS is this reader's
            all_stats.append(stats)
            for case, outcome in stats.findings:
                path = save_case(case, outcome)
                saved.append(f"{reader}: {outcome.summary} → `{path.relative_to(REPO)}`")
            print(f"   {stats.cases} cases, {dict(stats.outcomes)}, {len(stats.findings)} findings", flush=True)
    finally:
        sandbox.stop()
    upload: list[str] = []
    if args.upload_budget_s > 0:
        from fuzz_upload import fuzz_upload

        upload = fuzz_upload(args.upload_budget_s)
    write_report(args, all_stats, saved, upload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
