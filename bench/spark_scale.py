"""Spark scale benchmark (issue 17): `spark corpus-build` and `spark screen` in local mode on synthetic
projects (the generator of bench/scale.py), per stage: wall seconds, throughput per core, shuffle
bytes (from Spark's event log) and peak memory (the JVM and every Python worker, sampled from /proc).

    nice -n 10 .venv/bin/python bench/spark_scale.py --sizes 10000 --batch 500
    .venv/bin/python bench/spark_scale.py --sizes 2000 --batch 100          # quick run

Synthetic projects are written as TXT files (one folder per project with a manifest), so corpus-build
reads them through the real readers, each file in its isolated worker. Copy detection only: the
semantic stage is switched off (QCSCREEN_SEMANTIC=0) because encoding 60,000 essence parts with e5 on
2 shared cores says nothing about Spark and takes hours; its rate is measured separately on the
example corpus (`--encode-sample`), and docs/scale.md adds it in the projection. Submissions are new
synthetic text with three planted passages (300, 200, 120 characters) from three corpus projects.
Writes bench/results/spark_scale.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchlib import git_head, launch_prefix, machine, write_results  # noqa: E402
from synth import SynthCorpus  # noqa: E402

SEED = 20240601


def write_archive(root: Path, synth: SynthCorpus, n: int) -> Path:
    """n synthetic projects as TXT files under root/archive/Pnnnnnn/ and a manifest; its path."""
    archive = root / "archive"
    rows = []
    for i in range(n):
        folder = archive / f"P{i:06d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n".join(t for _p, _k, t in synth.project_text_blocks(i))
        (folder / "report.txt").write_text(text, encoding="utf-8")
        rows.append(
            {
                "path": f"archive/P{i:06d}",
                "year": 2010 + i % 14,
                "company": f"合成公司{i % 20000}",
                "title": f"合成课题{i}",
            }
        )
    manifest = root / "projects.csv"
    with manifest.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["path", "year", "company", "title"])
        w.writeheader()
        w.writerows(rows)
    return manifest


def write_batch(root: Path, synth: SynthCorpus, n_projects: int, size: int) -> Path:
    """`size` submissions: new text with three passages copied from three corpus projects."""
    batch = root / "batch"
    for q in range(size):
        blocks = synth.project_text_blocks(10_000_000 + q, chars=8000)
        text = "\n".join(t for _p, _k, t in blocks)
        cuts = [len(text) * (n + 1) // 4 for n in range(3)]
        pieces, last = [], 0
        for n, length in enumerate((300, 200, 120)):
            src = (q * 7919 + n * 104729) % n_projects
            source = (root / "archive" / f"P{src:06d}" / "report.txt").read_text(encoding="utf-8")
            start = len(source) // 3
            pieces += [text[last : cuts[n]], source[start : start + length]]
            last = cuts[n]
        pieces.append(text[last:])
        folder = batch / f"S{q:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.txt").write_text("".join(pieces), encoding="utf-8")
    return batch


class StageMarks(dict[str, float]):
    """The `timings` dict given to the Spark code: also notes when each stage ended (a stage's seconds
    are set the moment it ends), so that CPU seconds per stage can be read off the sampler."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: dict[str, list[tuple[float, float]]] = {}

    def __setitem__(self, name: str, seconds: float) -> None:
        end = time.perf_counter()
        self.spans.setdefault(name, []).append((end - (seconds - self.get(name, 0.0)), end))
        super().__setitem__(name, seconds)


class MemorySampler:
    """Peak resident memory of the JVM and of the Python workers (sum over the process tree of this
    process, sampled every 0.5 s; the driver's own Python process counted apart), and the CPU seconds
    of the whole tree (this process included; user + system, with reaped children's) over time."""

    def __init__(self) -> None:
        self.peak_workers = 0.0
        self.peak_jvm = 0.0
        self.peak_worker = 0.0
        self.cpu: list[tuple[float, float]] = []  # (perf_counter, CPU seconds of the tree so far)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def cpu_between(self, start: float, end: float) -> float:
        """CPU seconds of the tree between two perf_counter times (nearest samples)."""

        def at(t: float) -> float:
            before = [c for s, c in self.cpu if s <= t]
            return before[-1] if before else 0.0

        return max(0.0, at(end) - at(start))

    def _run(self) -> None:
        me = os.getpid()
        tick = os.sysconf("SC_CLK_TCK")
        seen: dict[int, int] = {}  # pid -> its own CPU ticks when last seen
        while not self._stop.wait(0.5):
            workers, jvm, largest = 0.0, 0.0, 0.0
            procs = _processes()
            # Each process's own CPU (not its reaped children's), kept after it ends: a sum over the
            # live tree with the children's counted in their parents lost the CPU of every process
            # whose parent never reaps it (stages then read 0 until the sum caught up again).
            for pid in {me, *(p for p, _c, _r in procs)}:
                seen[pid] = max(seen.get(pid, 0), _cpu_ticks(pid))
            self.cpu.append((time.perf_counter(), sum(seen.values()) / tick))
            for pid, cmd, rss in procs:
                if pid == me:
                    continue
                if "java" in cmd and "pyspark" in cmd:
                    jvm += rss
                elif "pyspark.daemon" in cmd or "forkserver" in cmd or "pyspark.worker" in cmd:
                    workers += rss
                    largest = max(largest, rss)
            self.peak_workers = max(self.peak_workers, workers)
            self.peak_jvm = max(self.peak_jvm, jvm)
            self.peak_worker = max(self.peak_worker, largest)


def _processes() -> list[tuple[int, str, float]]:
    """(pid, command line, RSS MiB) of this user's processes started under this benchmark."""
    out = []
    me = os.getpid()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
            if f"\nPPid:\t{me}\n" not in status and not _descends(int(d.name), me):
                continue
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
        except (OSError, StopIteration, ValueError):
            continue
        out.append((int(d.name), cmd, rss))
    return out


def _cpu_ticks(pid: int) -> int:
    """utime + stime of a process itself, in clock ticks (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return sum(int(x) for x in fields[11:13])


def _descends(pid: int, ancestor: int) -> bool:
    for _ in range(8):
        try:
            ppid = int(
                next(
                    line.split()[1]
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                    if line.startswith("PPid:")
                )
            )
        except (OSError, StopIteration, ValueError):
            return False
        if ppid == ancestor:
            return True
        if ppid <= 1:
            return False
        pid = ppid
    return False


def event_logs(event_dir: Path) -> set[Path]:
    """The application event logs in `event_dir` (one per Spark session: the JVM outlives a stopped
    session and keeps the event-log directory it was started with, so both phases log there)."""
    return {p for p in event_dir.glob("*") if p.is_file() and not p.name.startswith(".")}


def shuffle_bytes(logs: set[Path]) -> dict[str, int]:
    """Shuffle bytes written and read, and the peak execution memory of a task, over every task of
    the given application event logs."""
    written = read = 0
    peak_exec = 0
    for log in sorted(logs):
        with log.open(encoding="utf-8") as f:
            for line in f:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                try:
                    m = json.loads(line).get("Task Metrics") or {}
                except json.JSONDecodeError:  # the last line of a log still being written
                    continue
                written += int((m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0))
                r = m.get("Shuffle Read Metrics") or {}
                read += int(r.get("Remote Bytes Read", 0)) + int(r.get("Local Bytes Read", 0))
                peak_exec = max(peak_exec, int(m.get("Peak Execution Memory", 0)))
    return {"written": written, "read": read, "peak_execution": peak_exec}


def stage_rows(log: Path) -> list[tuple[int, str, int, float, int]]:
    """(stage id, call site, tasks, wall s, shuffle bytes written) of every completed stage of an event
    log, for a run stopped before its end (`--summarize`)."""
    written: dict[int, int] = {}
    out = []
    with log.open(encoding="utf-8") as f:
        for line in f:
            try:
                e = json.loads(line)
            except json.JSONDecodeError:
                continue
            if e["Event"] == "SparkListenerTaskEnd":
                m = (e.get("Task Metrics") or {}).get("Shuffle Write Metrics") or {}
                written[e["Stage ID"]] = written.get(e["Stage ID"], 0) + int(m.get("Shuffle Bytes Written", 0))
            elif e["Event"] == "SparkListenerStageCompleted":
                si = e["Stage Info"]
                site = si["Stage Name"].replace(str(HERE.parent) + "/", "")
                wall = (si["Completion Time"] - si["Submission Time"]) / 1000
                out.append((si["Stage ID"], site, si["Number of Tasks"], wall, 0))
    return [(i, site, n, wall, written.get(i, 0)) for i, site, n, wall, _ in out]


def summarize(root: Path) -> list[str]:
    """The stages of a kept run's event logs (`--keep`), one table per Spark application."""
    lines = [
        "# Spark scale (issue 17): stages of a run read from its Spark event logs",
        "",
        f"Command: `.venv/bin/python bench/spark_scale.py --summarize {root}` over the event logs of a kept run",
        "(`--keep`); the run itself may have been stopped before its end, so this lists only the stages that",
        f"completed. Machine: {machine()}; load average now {' / '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "Wall seconds per stage (Spark runs independent stages at the same time, so they overlap);",
        "synthetic projects of bench/synth.py — **not independent material**.",
    ]
    for folder in sorted(root.glob("events*")):
        for log in sorted(event_logs(folder)):
            rows = stage_rows(log)
            sh = shuffle_bytes({log})
            lines += [
                "",
                f"## {log.name}",
                "",
                "| stage | call site | tasks | wall s | shuffle written MiB |",
                "|---:|---|---:|---:|---:|",
            ]
            lines += [f"| {i} | `{site}` | {n} | {wall:,.1f} | {w / 2**20:,.2f} |" for i, site, n, wall, w in rows]
            lines += ["", f"In all: shuffle written {sh['written'] / 2**20:,.2f} MiB, read {sh['read'] / 2**20:,.2f} MiB; "
                      f"peak execution memory of a task {sh['peak_execution'] / 2**20:,.1f} MiB."]  # fmt: skip
    return lines


def session(events: Path) -> Any:
    from service.spark.session import spark_session

    events.mkdir(parents=True, exist_ok=True)
    os.environ["PYSPARK_SUBMIT_ARGS"] = (
        f"--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://{events} --conf spark.eventLog.compress=false "
        "--conf spark.eventLog.rolling.enabled=false --driver-memory 2g pyspark-shell"
    )
    return spark_session("local[2]", "qcscreen-bench")


def run_size(n: int, batch_size: int, root: Path, mode: str = "both") -> dict[str, Any]:
    """One size: `mode` "both", "build" (`--build-only`) or "screen" (`--screen-only`: the archive,
    batch and corpus build a kept run left in `root`)."""
    row: dict[str, Any] = {"projects": n, "batch": batch_size}
    events = root / "events"
    if mode == "screen":
        build_logs = event_logs(events)
        row["parquet_bytes"] = sum(p.stat().st_size for p in (root / "corpus").rglob("*.parquet"))
    else:
        build_logs = _build(n, batch_size, root, row)
    if mode == "build":
        return row
    from service.pipeline import BatchConfig
    from service.spark.corpus_build import read_params
    from service.spark.screen import screen_config, spark_screen

    shutil.rmtree(root / "out", ignore_errors=True)
    screen_t = StageMarks()
    spark = session(events)
    try:
        with MemorySampler() as mem:
            config = BatchConfig(year=2024, db=root / "corpus")
            sc = screen_config(read_params(root / "corpus"), config, None, None)
            summary = spark_screen(spark, root / "batch", root / "corpus", root / "out", sc, config, timings=screen_t)
    finally:
        spark.stop()
    found = sum(1 for r in summary.results if r.similarity and len(r.similarity.sources) >= 3)
    row["screen"] = {"timings": dict(screen_t), "cpu": _stage_cpu(screen_t, mem), "shuffle": shuffle_bytes(event_logs(events) - build_logs), "jvm_mb": mem.peak_jvm,
                     "workers_mb": mem.peak_workers, "worker_mb": mem.peak_worker, "three_sources": found}  # fmt: skip
    return row


def _build(n: int, batch_size: int, root: Path, row: dict[str, Any]) -> set[Path]:
    """Generate the archive and the batch, build the corpus; the build's figures into `row`; its event logs."""
    from service.corpus import projects_from_manifest
    from service.spark.corpus_build import corpus_build
    from service.spark.corpus_rows import BuildConfig

    manifest = root / "projects.csv"
    if not (manifest.is_file() and (root / "batch").is_dir()):  # else `--reuse`: a kept run's material
        synth = SynthCorpus(seed=SEED)
        t0 = time.perf_counter()
        manifest = write_archive(root, synth, n)
        write_batch(root, synth, n, batch_size)
        row["generate_s"] = time.perf_counter() - t0
    build_t = StageMarks()
    events = root / "events"
    spark = session(events)
    try:
        with MemorySampler() as mem:
            projects = projects_from_manifest(manifest)
            corpus_build(spark, projects, root / "corpus", BuildConfig(encoder=None), timings=build_t)
    finally:
        spark.stop()
    row["build"] = {"timings": dict(build_t), "cpu": _stage_cpu(build_t, mem), "shuffle": shuffle_bytes(build_logs := event_logs(events)), "jvm_mb": mem.peak_jvm,
                    "workers_mb": mem.peak_workers, "worker_mb": mem.peak_worker}  # fmt: skip
    row["parquet_bytes"] = sum(p.stat().st_size for p in (root / "corpus").rglob("*.parquet"))
    return build_logs


def _phases(r: dict[str, Any]) -> list[tuple[str, int]]:
    return [(phase, r["projects"] if phase == "build" else r["batch"]) for phase in ("build", "screen") if phase in r]


def _stage_cpu(marks: StageMarks, mem: MemorySampler) -> dict[str, float]:
    return {name: sum(mem.cpu_between(a, b) for a, b in spans) for name, spans in marks.spans.items()}


def _rate(items: int, cpu_seconds: float) -> str:
    return f"{items / cpu_seconds:,.1f}" if cpu_seconds > 0 else "—"


def report(args: argparse.Namespace, rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "# Spark scale (issue 17): corpus build and batch screening in local mode",
        "",
        f"Command: `{launch_prefix()}.venv/bin/python bench/spark_scale.py --sizes {' '.join(map(str, args.sizes))} --batch {args.batch}"
        f"{' --build-only' if args.build_only else ''}{' --screen-only --keep …' if args.screen_only else ''}{' --reuse --keep …' if args.reuse else ''}`",
        f"(commit {git_head(HERE.parent)}). Machine: {machine()}; load average at the end "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (the machine is shared: other sessions' jobs ran at the same time, "
        "so rates are lower bounds). Spark 4.0.1 `local[2]`, 8 shuffle partitions, driver 2 GiB.",
        "",
        "Material: our own synthetic projects (bench/synth.py: 6–10k characters, Zipf words over 3,500",
        "CJK characters, shared template sentences) written as TXT files — **not independent material**.",
        "Copy detection only (semantic stage off, see the module docstring).",
        "",
        "Per stage: wall seconds; CPU seconds of the whole process tree (driver, JVM, Python workers, reader",
        "workers; sampled from /proc every 0.5 s) — the comparable figure on a shared machine; items (projects",
        "for the build, submissions for the screen) per CPU second = throughput per core.",
        "",
        "| projects | batch | stage | wall s | CPU s | items per CPU s | shuffle written | shuffle read | peak JVM MiB | peak Python workers MiB |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        for phase, items in _phases(r):
            p = r[phase]
            sh = p["shuffle"]
            for i, (stage, secs) in enumerate(p["timings"].items()):
                extra = (
                    f"{sh['written'] / 2**20:,.1f} MiB | {sh['read'] / 2**20:,.1f} MiB | {p['jvm_mb']:,.0f} | {p['workers_mb']:,.0f}"
                    if i == 0
                    else " | | |"
                )
                cpu = p.get("cpu", {}).get(stage, 0.0)
                lines.append(
                    f"| {r['projects']:,} | {r['batch']:,} | {phase}: {stage} | {secs:,.1f} | {cpu:,.1f} | {_rate(items, cpu)} | {extra} |"
                )
    lines += ["", "Shuffle and memory figures are per phase (build, screen), on the first line of each.", ""]
    for r in rows:
        for phase, items in _phases(r):
            sh = r[phase]["shuffle"]
            lines.append(
                f"- {r['projects']:,} projects, {phase}: shuffle written {sh['written'] / items / 1024:,.1f} KiB per "
                f"{'project' if phase == 'build' else 'submission'}; peak execution memory of a task "
                f"{sh['peak_execution'] / 2**20:,.1f} MiB; largest Python worker {r[phase]['worker_mb']:,.0f} MiB."
            )
    for r in rows:
        found = (
            f"{r['screen']['three_sources']} of {r['batch']} submissions have all three planted sources"
            if "screen" in r
            else "no screen (--build-only)"
        )
        lines.append(
            f"- {r['projects']:,} projects: Parquet {r['parquet_bytes'] / 2**20:,.1f} MiB "
            f"({r['parquet_bytes'] / r['projects'] / 1024:,.1f} KiB a project); {found}."
        )
    return lines


def profile_build(n: int, root: Path) -> list[str]:
    """In-process CPU seconds of what an executor does per corpus project (`build_partition`, copy
    detection only as in the run), on `n` synthetic projects: each part timed on its own
    (`time.process_time`), then the whole partition function under cProfile."""
    import cProfile
    import io
    import pickle
    import pstats

    import ingest
    from index.store import document_row
    from service.corpus import projects_from_manifest
    from service.spark.corpus_rows import BuildConfig, _document_columns, build_partition, minhash_columns

    manifest = write_archive(root, SynthCorpus(seed=SEED), n)
    projects, config = projects_from_manifest(manifest), BuildConfig(encoder=None)
    paths = [p.files[0] for p in projects]
    list(build_partition(list(enumerate(projects[:3])), config))  # imports, reader worker, band hasher
    parts: dict[str, float] = {}

    def timed(name: str, call: Any) -> Any:
        started = time.process_time()
        out = call()
        parts[name] = (time.process_time() - started) / n * 1000
        return out

    docs = timed("reader (in the worker: the same reader, no isolation)", lambda: [ingest.read(p) for p in paths])
    blobs = timed("Document pickled in the worker", lambda: [pickle.dumps(d) for d in docs])
    timed("Document unpickled in the executor", lambda: [pickle.loads(b) for b in blobs])
    stored = timed("document_row (text, page map, winnowing keys)", lambda: [document_row(d, p, config.fingerprint) for d, p in zip(docs, paths, strict=True)])  # fmt: skip
    timed("document columns", lambda: [_document_columns(0, r, r.doc_id) for r in stored])
    timed("MinHash signature + LSH bands", lambda: [minhash_columns(d.text, config.neardup) for d in docs])
    profiler = cProfile.Profile(time.process_time)
    started = time.process_time()
    profiler.runcall(lambda: list(build_partition(list(enumerate(projects)), config)))
    total = (time.process_time() - started) / n * 1000
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    lines = [
        "# Spark corpus build: CPU per project in the executor (issue 17)",
        "",
        f"Command: `{launch_prefix()}.venv/bin/python bench/spark_scale.py --profile {n}` (commit {git_head(HERE.parent)}).",
        f"Machine: {machine()}; load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (shared: CPU seconds,",
        "not wall, are the comparable figure). Synthetic TXT projects of bench/synth.py — **not independent material**.",
        "",
        "| part (per project) | CPU ms |",
        "|---|---:|",
        *[f"| {name} | {ms:.2f} |" for name, ms in parts.items()],
        f"| **`build_partition` in the executor process, all parts (under cProfile; the reader worker's own CPU not included)** | **{total:.2f}** |",
        "",
        "Top functions of `build_partition` by own CPU time:",
        "",
        "```",
        *[line.replace(str(HERE.parent) + "/", "") for line in out.getvalue().strip().splitlines()[2:]],
        "```",
    ]  # fmt: skip
    return lines


def encode_sample(n: int) -> list[str]:
    """CPU per project of the near-duplicate columns a real corpus build adds (the scale run leaves them
    out): the essence parts of the main document (`essence_of`: the nlp analysis) and their e5 vectors
    (`NearDupDetector.encode_parts`, ONNX Runtime), on the first `n` projects of the example corpus."""
    from index.same_project.neardup import NearDupDetector, essence_of
    from index.store import main_document
    from service import stages
    from service.corpus import projects_from_manifest
    from service.spark.corpus_rows import BuildConfig, executor_encoder

    config = BuildConfig()
    projects = projects_from_manifest(HERE.parent / "examples" / "corpus" / "projects.csv")[:n]
    mains = [main_document([r.document for r in stages.read_files(p.files) if r.document]) for p in projects]
    detector = NearDupDetector(executor_encoder(config), config.neardup)  # type: ignore[arg-type]
    detector.encode_parts(essence_of(mains[0]))  # the model loaded and warm
    started = time.process_time()
    essences = [essence_of(d) for d in mains]
    analysed = time.process_time()
    parts = sum(len(detector.encode_parts(e)) for e in essences)
    encoded = time.process_time()
    return [
        "# Spark corpus build: CPU per project of the essence vectors (issue 17)",
        "",
        f"Command: `{launch_prefix()}.venv/bin/python bench/spark_scale.py --encode-sample {n}` (commit {git_head(HERE.parent)}).",
        f"Machine: {machine()}; load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}. The first {n} projects",
        "of our own `examples/corpus` (generated decks and records, **not independent material**), read once",
        "(not timed); ONNX Runtime threads as an executor's encoder has them (one per core).",
        "",
        "| part (per project) | CPU ms |",
        "|---|---:|",
        f"| essence parts of the main document (`essence_of`: nlp analysis) | {(analysed - started) / n * 1000:,.0f} |",
        f"| e5 vectors of the parts (`encode_parts`, {parts / n:.1f} parts a project) | {(encoded - analysed) / n * 1000:,.0f} |",
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--keep", type=Path, default=None)
    ap.add_argument("--build-only", action="store_true", help="the corpus build only (no batch screening)")
    ap.add_argument("--screen-only", action="store_true", help="the screen only, of a kept run (--keep DIR)")
    ap.add_argument("--reuse", action="store_true", help="build again from a kept run's archive and batch (--keep DIR)")
    ap.add_argument("--summarize", type=Path, default=None, help="a kept run's folder: its stages from the event logs")
    ap.add_argument("--profile", type=int, default=None, help="N projects: CPU per project of the executor's work")
    ap.add_argument("--encode-sample", type=int, default=None, help="N example projects: CPU of the essence vectors")
    args = ap.parse_args()
    if args.encode_sample:
        write_results(HERE / "results" / "spark_encode.md", encode_sample(args.encode_sample))
        return
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="spark-profile-") as tmp:
            write_results(HERE / "results" / "spark_build_profile.md", profile_build(args.profile, Path(tmp)))
        return
    if args.summarize:
        write_results(HERE / "results" / "spark_scale_stages.md", summarize(args.summarize))
        return
    os.environ["QCSCREEN_SEMANTIC"] = "0"
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    rows = []
    for n in args.sizes:
        root = args.keep / str(n) if args.keep else Path(tempfile.mkdtemp(prefix=f"spark-scale-{n}-"))
        mode = "screen" if args.screen_only else "build" if args.build_only else "both"
        if mode == "screen" and not (root / "corpus").is_dir():
            raise SystemExit(f"--screen-only: no kept run in {root} (run with --keep first)")
        if mode != "screen" and root.exists():
            if args.reuse and (root / "projects.csv").is_file():
                for made in ("corpus", "events", "out"):  # the generated archive and batch are kept
                    shutil.rmtree(root / made, ignore_errors=True)
            else:
                shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
        print(f"{n} projects in {root}", flush=True)
        rows.append(run_size(n, args.batch, root, mode))
        print(json.dumps(rows[-1], ensure_ascii=False, indent=1), flush=True)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    write_results(HERE / "results" / "spark_scale.md", report(args, rows))


if __name__ == "__main__":
    main()
