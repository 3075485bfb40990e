"""A year's batch end to end: `qcscreen screen` of M submissions against an archive of N projects.

The archive is bench/scale.py's: the 40 example projects (read and encoded with e5) plus synthetic
40-slide projects (random unit vectors for their essence parts, MinHash from their text), built once
into `--keep` and reused. The batch is M submissions written as real .pptx files (40 slides, 6–10k
characters of synthetic text, bench/synth.py) — each with three passages (300, 200, 120 characters)
copied from archive projects, every tenth also with a 200-character passage of the previous
submission (横向) — plus the 14 example submissions, so M − 14 are synthetic.

Each size runs the real command in a fresh process tree (`qcscreen screen DIR --year 2024 --db DB
--out OUT`, semantic stage on, organiser template file set, no resume), measured from outside: wall
seconds, CPU seconds of every process it started (user + system), CPU use (CPU s / wall s: 2.0 is
both cores busy the whole run) and the peak resident memory of the whole process tree (sampled
every 0.5 s). `--workers 1` measures the single-process pipeline for comparison.

    nice -n 10 .venv/bin/python bench/batch.py --archive 10000 --sizes 50,100,200 --keep /tmp/qcbatch

`--archive-from DIR` takes an archive built already instead of building one (100k projects take ≈ 1.5 h
on a loaded machine): DIR is a folder kept by bench/scale.py (`corpus.db` and its `corpus.db.index`) or
by this script (`corpus.sqlite` and its index), built from the same synthetic corpus (SEED, project ids
P000000…). DIR is only read: opening SQLite, even read-only, writes its `-wal`/`-shm` files beside the
database and a first screen caches the template table in the index folder, so the archive is copied
into `--keep` once and every run uses the copy. The year's batch against the kept 100k archive:

    nice -n 10 .venv/bin/python bench/batch.py --archive-from /work/scale100k --sizes 250,1000 \
        --project '' --keep /tmp/qcbatch100k

Writes bench/results/batch.md. Needs the e5 model (`make model`).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from benchlib import git_head, launch_prefix, load_average, machine, qcscreen_bin, write_results  # noqa: E402

if TYPE_CHECKING:
    from index.store import CorpusStore

EXAMPLES = REPO / "examples"
TEMPLATE_FILE = EXAMPLES / "templates" / "organiser_template.txt"
OUT = HERE / "results" / "batch.md"
SEED = 20240601


def build_archive(folder: Path, n: int) -> Path:
    """The archive of `n` synthetic projects + the 40 examples at folder/corpus.sqlite (kept when built)."""
    from scale import _encoder, build  # type: ignore[attr-defined]
    from synth import SynthCorpus

    from index.same_project.neardup import NearDupDetector
    from index.store import CorpusStore

    db = folder / "corpus.sqlite"
    done = folder / f"built-{n}"
    if done.exists():
        return db
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    store = CorpusStore(db)
    detector = NearDupDetector(_encoder(), text_of=store.project_text)
    seconds = build(store, detector, SynthCorpus(SEED), 0, n)
    store.close()
    from index.similar import Screener

    Screener(db, template_file=TEMPLATE_FILE)  # the first load builds and caches the template table
    done.write_text(f"{seconds:.0f}\n")
    print(f"archive of {n} + 40 projects built in {seconds:.0f} s", flush=True)
    return db


def copy_archive(source: Path, folder: Path) -> tuple[Path, int]:
    """A copy of the archive kept in `source` at folder/<its database name>, made once (source is
    never opened); with the number of synthetic projects it holds (its projects less the examples)."""
    from index.store import CorpusStore

    names = [n for n in ("corpus.db", "corpus.sqlite") if (source / n).is_file()]
    if not names or not (source / f"{names[0]}.index").is_dir():
        raise SystemExit(f"{source}: no archive (corpus.db or corpus.sqlite with its .index folder)")
    db = folder / names[0]
    done = folder / "copied-from"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        shutil.copy2(source / names[0], db)
        shutil.copytree(source / f"{names[0]}.index", folder / f"{names[0]}.index")
        done.write_text(f"{source.resolve()}\n")
    store = CorpusStore(db, readonly=True)
    with open(EXAMPLES / "corpus" / "projects.csv", encoding="utf-8", newline="") as fh:
        n = store.count_projects() - sum(1 for _ in csv.DictReader(fh))
    ids = store.project_metas()
    store.close()
    if n <= 0 or f"P{0:06d}" not in ids or f"P{n - 1:06d}" not in ids:
        raise SystemExit(f"{source}: not an archive of bench/scale.py's synthetic projects P000000…")
    return db, n


def _write_pptx(path: Path, blocks: list[tuple[int, str, str]]) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    layout = prs.slide_layouts[1]  # title and content
    slides: dict[int, list[tuple[str, str]]] = {}
    for page, kind, text in blocks:
        slides.setdefault(page, []).append((kind, text))
    for page in sorted(slides):
        slide = prs.slides.add_slide(layout)
        titles = [t for k, t in slides[page] if k == "title"]
        slide.shapes.title.text = titles[0] if titles else f"第{page}页"
        body = slide.placeholders[1].text_frame
        paras = [t for k, t in slides[page] if k != "title"]
        body.text = paras[0] if paras else ""
        for t in paras[1:]:
            body.add_paragraph().text = t
        slide.shapes.add_textbox(Inches(0.2), Inches(7.0), Inches(3), Inches(0.4)).text_frame.text = str(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))


def submissions(store: CorpusStore, n_archive: int, count: int) -> Iterator[list[tuple[int, str, str]]]:
    """The (page, kind, text) blocks of `count` synthetic submissions: 40 slides of new text with three
    passages copied from archive projects, every tenth also with one of the previous submission."""
    from synth import SynthCorpus

    synth = SynthCorpus(SEED)
    previous = ""
    for q in range(count):
        blocks = synth.project_text_blocks(20_000_000 + q, chars=8000)
        for n, length in enumerate((300, 200, 120)):
            pid = f"P{(q * 7919 + n * 104729) % n_archive:06d}"
            text = next(store.iter_documents(pid)).text
            blocks.insert(5 + n * 30, (3 + n * 12, "paragraph", text[len(text) // 3 : len(text) // 3 + length]))
        if q % 10 == 9 and previous:
            blocks.insert(20, (20, "paragraph", previous[len(previous) // 2 : len(previous) // 2 + 200]))
        blocks.sort(key=lambda b: b[0])
        previous = "".join(t for _, k, t in blocks if k == "paragraph")
        yield blocks


def write_batch(folder: Path, db: Path, n_archive: int, synthetic: int) -> Path:
    """`synthetic` generated submissions + the 14 examples under folder/batch-M (kept when written)."""
    from index.store import CorpusStore

    target = folder / f"batch-{synthetic + 14}-of-{n_archive}"  # its passages come from this archive
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    store = CorpusStore(db)
    for q, blocks in enumerate(submissions(store, n_archive, synthetic)):
        _write_pptx(target / f"B{q:04d}" / "成果报告.pptx", blocks)
    store.close()
    for sub in sorted((EXAMPLES / "submissions" / "2024").iterdir()):
        if sub.is_dir():
            shutil.copytree(sub, target / sub.name)
    (target / ".complete").write_text("")
    return target


def _tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and every descendant (this process is their subreaper), in MiB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p not in tree]
        tree.update(kids)
        frontier.extend(kids)
    return sum(rss.get(p, 0) for p in tree) / 1048576


def run_screen(batch: Path, db: Path, out: Path, workers: int) -> dict[str, float]:
    """`qcscreen screen` to its end: wall, CPU of the whole tree, peak tree RSS, exit code."""
    import resource

    from benchlib import _become_subreaper

    _become_subreaper()
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, HF_HUB_OFFLINE="1", QCSCREEN_TEMPLATE_FILE=str(TEMPLATE_FILE))
    env["QCSCREEN_BATCH_WORKERS"] = str(workers)
    cmd = [qcscreen_bin(REPO), "screen", str(batch), "--year", "2024", "--db", str(db), "--out", str(out), "--restart"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = load_average()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rc = proc.wait()
    stop.set()
    sampler.join()
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": peak[0], "rc": float(rc), "load0": load0, "load1": load_average()}


def per_submission(db: Path, n_archive: int, sizes: list[int], queries: int) -> dict[str, object]:
    """CPU seconds of one submission's compare stage (`Screener.similar` with the batch's other
    submissions, 横向, and the corpus, 纵向; paraphrase cache emptied: the cold case) in batches of
    `sizes`, in this process with one encoder thread — as one batch worker runs it."""
    from synth import to_document

    from index.copy import paraphrase
    from index.embed import load_encoder
    from index.similar import Screener
    from index.store import CorpusStore

    store = CorpusStore(db)
    docs = [
        to_document(blocks, f"{30_000_000 + q:016x}", f"B{q:04d}.pptx")
        for q, blocks in enumerate(submissions(store, n_archive, max(sizes)))
    ]
    store.close()
    t0 = time.process_time()
    screener = Screener(db, encoder=load_encoder("e5-small", threads=1), template_file=TEMPLATE_FILE)
    screener.similar(docs[-1], include_source_text=True)  # warm-up: the encoder loads
    load_cpu = time.process_time() - t0
    out: dict[str, object] = {"load_cpu": load_cpu}
    for size in sizes:
        batch = {f"B{j:04d}": d for j, d in enumerate(docs[:size])}
        t0 = time.process_time()
        for d in batch.values():
            screener._prepared(d)  # the batch's fingerprints: once per worker
        out[f"prepare_{size}"] = time.process_time() - t0
        cpu = []
        for i in range(queries):
            paraphrase._CACHE.clear()
            key = f"B{i:04d}"
            others = {k: d for k, d in batch.items() if k != key}
            t0 = time.process_time()
            screener.similar(batch[key], include_source_text=True, batch_docs=others)
            cpu.append(time.process_time() - t0)
        out[f"cpu_{size}"] = cpu
        print(f"  batch of {size}: {[round(c, 2) for c in cpu]} CPU s per submission", flush=True)
    out["hwm_mb"] = _hwm_mb()
    return out


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", type=int, default=10_000, help="synthetic projects in the archive (+ 40 examples)")
    ap.add_argument(
        "--archive-from",
        type=Path,
        default=None,
        help="an archive kept already (bench/scale.py --keep): copied, not built",
    )
    ap.add_argument("--sizes", default="50,100,200", help="submissions per batch (each includes the 14 examples)")
    ap.add_argument("--workers", default="0", help="QCSCREEN_BATCH_WORKERS values to run (comma list; 0 = per core)")
    ap.add_argument("--project", default="250,500,1000", help="batch sizes of the per-submission measurement")
    ap.add_argument("--queries", type=int, default=4, help="submissions timed per batch size of --project")
    ap.add_argument("--keep", type=Path, default=Path("/tmp/qcscreen-batch"), help="folder for archive and batches")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if args.archive_from is not None:
        db, args.archive = copy_archive(args.archive_from, args.keep / f"archive-from-{args.archive_from.name}")
        print(f"archive: a copy of {args.archive_from} ({args.archive} synthetic + 40 example projects)", flush=True)
    else:
        db = build_archive(args.keep / f"archive-{args.archive}", args.archive)
    rows: list[tuple[int, int, dict[str, float]]] = []
    proj: dict[str, object] = {}
    if args.project:
        print("per-submission CPU by batch size …", flush=True)
        proj = per_submission(db, args.archive, [int(x) for x in args.project.split(",")], args.queries)
        write_report(args, rows, proj)
    for size in [int(x) for x in args.sizes.split(",") if x]:
        batch = write_batch(args.keep, db, args.archive, size - 14)
        for workers in (int(w) for w in args.workers.split(",")):
            print(f"screen {size} submissions, workers={workers} …", flush=True)
            r = run_screen(batch, db, args.keep / f"out-{size}-{workers}", workers)
            print(f"  {r}", flush=True)
            rows.append((size, workers, r))
            write_report(args, rows, proj)


def write_report(
    args: argparse.Namespace, rows: list[tuple[int, int, dict[str, float]]], proj: dict[str, object]
) -> None:
    lines = [
        "## A year's batch end to end: `qcscreen screen` against the archive",
        "",
        f"Command: `{launch_prefix()}.venv/bin/python bench/batch.py {archive_option(args)} --sizes {args.sizes} "
        f"--workers {args.workers} --project {args.project} --queries {args.queries}` at commit {git_head(REPO)}  ",
        f"Machine: {machine()}; shared with the team's other jobs (load average per run below: wall "
        f"seconds are upper bounds, CPU seconds are the comparable figure).  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Material: our own generated submissions "
        "(bench/synth.py text, not independent) plus the 14 example submissions; archive of "
        f"{args.archive:,} synthetic + 40 example projects.",
        "",
    ]
    if rows:
        lines += [
            "| submissions | workers | wall (s) | CPU (s) | CPU s / wall s | wall s per submission | CPU s per submission "
            "| peak RSS of the process tree (MB) | load average start → end | exit |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
        ]
    for size, workers, r in rows:
        label = "per core" if workers == 0 else str(workers)
        lines.append(
            f"| {size} | {label} | {r['wall']:.0f} | {r['cpu']:.0f} | {r['cpu'] / r['wall']:.2f} | "
            f"{r['wall'] / size:.2f} | {r['cpu'] / size:.2f} | {r['peak_mb']:.0f} | "
            f"{r['load0']:.1f} → {r['load1']:.1f} | {int(r['rc'])} |"
        )
    if proj:
        lines += projection_lines(args, proj)
    write_results(args.out, lines)


def archive_option(args: argparse.Namespace) -> str:
    return f"--archive-from {args.archive_from}" if args.archive_from is not None else f"--archive {args.archive}"


def projection_lines(args: argparse.Namespace, proj: dict[str, object]) -> list[str]:
    """The compare stage's CPU per submission by batch size, and the batch it projects to on 2 cores."""
    sizes = [int(x) for x in args.project.split(",")]
    lines = [
        "",
        f"### Compare stage per submission by batch size (in-process, one encoder thread, {args.queries} "
        "submissions timed per size, paraphrase cache emptied before each)",
        "",
        "| batch size | CPU s per submission, median (min–max) | batch fingerprints, once per worker (CPU s) "
        "| projected compare CPU of the whole batch (s) | projected wall on 2 free cores (min) |",
        "|---:|---|---:|---:|---:|",
    ]
    for size in sizes:
        cpu = proj.get(f"cpu_{size}")
        if not isinstance(cpu, list):
            continue
        med = statistics.median(cpu)
        prep = float(proj[f"prepare_{size}"])  # type: ignore[arg-type]
        total = size * med + 2 * prep
        lines.append(
            f"| {size} | {med:.2f} ({min(cpu):.2f}–{max(cpu):.2f}) | {prep:.1f} | {total:.0f} | {total / 2 / 60:.1f} |"
        )
    lines += [
        "",
        f"Encoder + corpus load and first query: {float(proj['load_cpu']):.1f} CPU s; peak RSS of this one "  # type: ignore[arg-type]
        f"process {float(proj['hwm_mb']):.0f} MB (a batch runs one such process per worker, plus the parent).",  # type: ignore[arg-type]
        "The projection is batch size × median CPU per submission + the batch's fingerprints once per "
        "worker, divided by 2 cores (ideal parallelism; the read + check stage and the reports are "
        "not included: see the end-to-end table for their share).",
    ]
    return lines


if __name__ == "__main__":
    main()
