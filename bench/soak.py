"""Soak test of the web service (issue 15): bounded mixed load on loopback for a long time.

    .venv/bin/python bench/soak.py [--minutes 30] [--warmup-minutes 5] [--uploaders 2] [--readers 2]

Starts the real server (`uvicorn --factory service.api:create_app`, semantic stage on) over a corpus of
the bundled example projects, then for `--minutes` runs a bounded mix: `--uploaders` clients each
upload a draft (deck + 申报表 + 实施记录 of an example submission, round robin) and wait for its answer;
`--readers` clients read what was uploaded (a draft's JSON, its HTML report), list the corpus and look
up a corpus project, list the batch folders and read the health route. Every answer is recorded by
route; resident memory of the server and its reader workers (the process tree, /proc) is sampled every
10 s. Bounded: the uploaders never exceed the server's check slots (`QCSCREEN_MAX_CONCURRENT_CHECKS` is
set to `--uploaders` + 1), so a 503 would be a defect like any other 5xx.

Results: bench/results/soak.md — requests and p50/p95 per route, 5xx count, memory after warm-up (first
and last thirds, slope per hour), the load average at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from benchlib import git_head, machine, qcscreen_bin, write_results  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "soak.md"


@dataclass
class Record:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    errors: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    busy_at: list[float] = field(default_factory=list)  # when a 503 (server busy, by design) came

    def add(self, route: str, status: int, seconds: float, note: str = "") -> None:
        with self.lock:
            self.latencies[route].append(seconds)
            self.statuses[route][status] += 1
            if status == 503:
                self.busy_at.append(time.monotonic())
            elif status >= 500 or status == 0:
                self.errors.append(f"{route} {status} {note[:200]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of `pid` and all its descendants (the server and its reader workers)."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parts = stat.read_text().rsplit(")", 1)[1].split()
            children[int(parts[1])].append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _submissions() -> list[list[tuple[str, str, bytes]]]:
    """(form field, file name, bytes) of each example submission: the deck, its 申报表 and 实施记录."""
    manifest = json.loads((ROOT / "examples" / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for sub in manifest["submissions"]:
        if sub.get("corrupt"):
            continue
        folder = ROOT / "examples" / sub["dir"]
        parts = [("file", sub["main_file"], (folder / sub["main_file"]).read_bytes())]
        if sub.get("form_file"):
            parts.append(("form", sub["form_file"], (folder / sub["form_file"]).read_bytes()))
        record = next((f for f in sub["files"] if "实施记录" in f), None)
        if record:
            parts.append(("record", record, (folder / record).read_bytes()))
        out.append(parts)
    return out


def _timed(client: httpx.Client, rec: Record, route: str, method: str, url: str, **kw: object) -> httpx.Response | None:
    t0 = time.perf_counter()
    try:
        r = client.request(method, url, **kw)  # type: ignore[arg-type]
    except httpx.HTTPError as e:
        rec.add(route, 0, time.perf_counter() - t0, f"{type(e).__name__}: {e}")
        return None
    rec.add(route, r.status_code, time.perf_counter() - t0, r.text if r.status_code >= 500 else "")
    return r


def _uploader(
    base: str, key: str, subs: list[list[tuple[str, str, bytes]]], rec: Record, stop: float, seed: int
) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=600) as client:
        while time.monotonic() < stop:
            parts = rng.choice(subs)
            files = [(f, (name, data)) for f, name, data in parts]
            r = _timed(client, rec, "POST /api/drafts", "POST", "/api/drafts", files=files)
            if r is not None and r.status_code == 503:  # slots taken by the burst: wait as told
                time.sleep(float(r.headers.get("retry-after", "5")))
            if r is not None and r.status_code == 201:
                with rec.lock:
                    rec.drafts.append(r.json()["id"])


def _reader(base: str, key: str, rec: Record, stop: float, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=120) as client:
        while time.monotonic() < stop:
            with rec.lock:
                draft = rng.choice(rec.drafts) if rec.drafts else None
            action = rng.choice(["draft", "report", "corpus", "project", "folders", "health"])
            if action in ("draft", "report") and draft:
                suffix = "/report" if action == "report" else ""
                _timed(client, rec, f"GET /api/drafts/{{id}}{suffix}", "GET", f"/api/drafts/{draft}{suffix}")
            elif action in ("corpus", "project"):
                r = _timed(client, rec, "GET /api/corpus", "GET", "/api/corpus")
                if action == "project" and r is not None and r.status_code == 200:
                    projects = r.json().get("projects") or []
                    if projects:
                        pid = rng.choice(projects)["project_id"]
                        _timed(client, rec, "GET /api/corpus?year=", "GET", "/api/corpus", params={"year": pid[1:5]})
            elif action == "folders":
                _timed(client, rec, "GET /api/jobs/folders", "GET", "/api/jobs/folders")
            else:
                _timed(client, rec, "GET /api/health", "GET", "/api/health")
            time.sleep(rng.uniform(0.2, 1.0))


def _burst(base: str, key: str, subs: list[list[tuple[str, str, bytes]]], size: int) -> dict[int, int]:
    """`size` uploads at the same moment (each its own connection): beyond the check slots the server
    must answer 503 + Retry-After at once, and its memory must come back to the plateau after."""
    statuses: dict[int, int] = defaultdict(int)
    lock = threading.Lock()
    gate = threading.Barrier(size)

    def one(i: int) -> None:
        parts = subs[i % len(subs)]
        files = [(f, (name, data)) for f, name, data in parts]
        with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=600) as client:
            gate.wait()
            try:
                code = client.post("/api/drafts", files=files).status_code
            except httpx.HTTPError:
                code = 0
        with lock:
            statuses[code] += 1

    threads = [threading.Thread(target=one, args=(i,)) for i in range(size)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return dict(statuses)


def _sampler(pid: int, samples: list[tuple[float, int]], t0: float, stop: float, every: float) -> None:
    while time.monotonic() < stop:
        samples.append((time.monotonic() - t0, _tree_rss_kib(pid)))
        time.sleep(every)


def _slope_mib_per_h(points: list[tuple[float, int]]) -> float:
    if len(points) < 3:
        return float("nan")
    xs = [t / 3600 for t, _ in points]
    ys = [kib / 1024 for _, kib in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else float("nan")


def _start_server(work: Path, slots: int) -> tuple[subprocess.Popen[bytes], str, str, int]:
    """The corpus built as `make run` builds it (the CLI, with the embedding model), then the server."""
    from service.auth import KeyStore

    db = work / "corpus.sqlite"
    corpus = ROOT / "examples" / "corpus"
    add = [
        qcscreen_bin(ROOT),
        "corpus",
        "add",
        str(corpus),
        "--manifest",
        str(corpus / "projects.csv"),
        "--db",
        str(db),
    ]
    subprocess.run(add, check=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"}, stdout=subprocess.DEVNULL)
    listed = subprocess.run(
        [qcscreen_bin(ROOT), "corpus", "list", "--db", str(db), "--json"], check=True, capture_output=True, cwd=ROOT
    )
    n_projects = len(json.loads(listed.stdout))
    key = KeyStore(work / "data" / "keys.sqlite").create("admin", "soak")
    port = _free_port()
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "QCSCREEN_DB": str(db),
        "QCSCREEN_DATA_DIR": str(work / "data"),
        "QCSCREEN_BATCH_ROOT": str(ROOT / "examples" / "submissions"),
        "QCSCREEN_MAX_CONCURRENT_CHECKS": str(slots),
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "service.api:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(cmd, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return server, base, key, n_projects
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("server did not start")


def _route_lines(rec: Record) -> list[str]:
    lines = ["| route | requests | p50 | p95 | max | status codes |", "|---|---:|---:|---:|---:|---|"]
    for route in sorted(rec.latencies):
        lat = rec.latencies[route]
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(rec.statuses[route].items()))
        lines.append(
            f"| `{route}` | {len(lat)} | {_pct(lat, 0.5):.2f} s | {_pct(lat, 0.95):.2f} s | {max(lat):.2f} s | {codes} |"
        )
    return lines


def _memory_lines(samples: list[tuple[float, int]], warmup_s: float) -> list[str]:
    after = [(t, k) for t, k in samples if t >= warmup_s]
    third = max(len(after) // 3, 1)
    first, last = after[:third], after[-third:]
    mib = [k / 1024 for _, k in after]

    def mean(points: list[tuple[float, int]]) -> float:
        return statistics.fmean(k / 1024 for _, k in points) if points else float("nan")

    return [
        f"Resident memory of the server process tree, {len(samples)} samples every 10 s; after the warm-up "
        f"({warmup_s / 60:.0f} min): min {min(mib):.0f} MiB, max {max(mib):.0f} MiB, mean of the first third "
        f"{mean(first):.0f} MiB, of the last third {mean(last):.0f} MiB ({mean(last) - mean(first):+.0f} MiB), "
        f"least-squares slope {_slope_mib_per_h(after):+.0f} MiB per hour.",
        "",
        "Samples (minute: MiB): "
        + ", ".join(f"{t / 60:.0f}: {k / 1024:.0f}" for t, k in samples[:: max(len(samples) // 30, 1)]),
    ]


def _burst_line(samples: list[tuple[float, int]], burst: dict[int, int], at: float, args: argparse.Namespace) -> str:
    def mib(lo: float, hi: float) -> list[float]:
        return [k / 1024 for t, k in samples if lo <= t < hi]

    before = mib(at - 120, at)
    during = mib(at, at + 120)
    after = mib(at + 300, at + 600)
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(burst.items()))
    return (
        f"Burst at minute {at / 60:.0f}: {args.burst} uploads at once on top of the load → {codes} (503 with "
        f"Retry-After beyond the {args.uploaders + 1} check slots is the designed answer, counted here and not in the "
        f"5xx above). Memory: {statistics.fmean(before) if before else float('nan'):.0f} MiB in the 2 min before, "
        f"peak {max(during) if during else float('nan'):.0f} MiB in the 2 min after, "
        f"{statistics.fmean(after) if after else float('nan'):.0f} MiB 5–10 min after."
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--warmup-minutes", type=float, default=5.0)
    ap.add_argument("--uploaders", type=int, default=2)
    ap.add_argument("--readers", type=int, default=2)
    ap.add_argument("--sample-s", type=float, default=10.0)
    ap.add_argument("--burst", type=int, default=20, help="concurrent uploads fired at once, 0 for none")
    ap.add_argument("--burst-at-minutes", type=float, default=10.0)
    args = ap.parse_args()
    load0 = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="qcscreen-soak-"))
    rec, samples = Record(), []
    server = None
    burst: dict[int, int] = {}
    burst_t = 0.0
    t0 = time.monotonic()
    n_projects = 0
    try:
        server, base, key, n_projects = _start_server(work, args.uploaders + 1)
        t0 = time.monotonic()
        stop = t0 + args.minutes * 60
        subs = _submissions()
        threads = [threading.Thread(target=_sampler, args=(server.pid, samples, t0, stop, args.sample_s), daemon=True)]
        threads += [
            threading.Thread(target=_uploader, args=(base, key, subs, rec, stop, i), daemon=True)
            for i in range(args.uploaders)
        ]
        threads += [
            threading.Thread(target=_reader, args=(base, key, rec, stop, 100 + i), daemon=True)
            for i in range(args.readers)
        ]
        for t in threads:
            t.start()
        if args.burst:
            time.sleep(max(0.0, t0 + args.burst_at_minutes * 60 - time.monotonic()))
            burst_t = time.monotonic() - t0
            burst = _burst(base, key, subs, args.burst)
        for t in threads:
            t.join()
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)
    load1 = os.getloadavg()
    n5xx = sum(v for codes in rec.statuses.values() for c, v in codes.items() if (c >= 500 and c != 503) or c == 0)
    busy = [t - t0 for t in rec.busy_at]
    lines = [
        "# Soak (bench/soak.py)",
        "",
        f"Command: `.venv/bin/python bench/soak.py --minutes {args.minutes:g} --warmup-minutes {args.warmup_minutes:g} "
        f"--uploaders {args.uploaders} --readers {args.readers} --burst {args.burst} "
        f"--burst-at-minutes {args.burst_at_minutes:g}` (niceness {os.nice(0)})",
        f"Machine: {machine()}; load average at the start {load0[0]:.1f} / {load0[1]:.1f} / {load0[2]:.1f}, at the end "
        f"{load1[0]:.1f} / {load1[1]:.1f} / {load1[2]:.1f} (a machine shared by several engineers: latencies depend on "
        f"their load; counts and memory do not). Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; code at {git_head(ROOT)}.",
        "",
        f"The real server on loopback (semantic stage on, corpus of the {n_projects} example projects), {args.minutes:g} minutes: "
        f"{args.uploaders} uploaders (deck + 申报表 + 实施记录 of the example submissions, one request in flight each), "
        f"{args.readers} readers (draft JSON, HTML report, corpus list and year query, batch folders, health; 0.2–1 s apart). "
        f"Check slots {args.uploaders + 1}.",
        "",
        f'**5xx answers (and connection errors): {n5xx}** (503 "busy" answers to the bounded clients, by design '
        f"only while the burst holds the slots: {len(busy)}"
        + (f", between minute {min(busy) / 60:.1f} and {max(busy) / 60:.1f}" if busy else "")
        + f"). Drafts uploaded: {len(rec.drafts)}.",
        "",
        *_route_lines(rec),
        "",
        *_memory_lines(samples, args.warmup_minutes * 60),
    ]
    if args.burst:
        lines += ["", _burst_line(samples, burst, burst_t, args)]
    if rec.errors:
        lines += ["", "First errors:", *(f"- {e}" for e in rec.errors[:10])]
    write_results(RESULTS, lines)
    return 1 if n5xx else 0


if __name__ == "__main__":
    raise SystemExit(main())
