"""Bounded load test of the web service on loopback.

Starts `uvicorn` (the real `service.api:create_app` factory) on 127.0.0.1 with a random port, builds a
corpus from the bundled example projects, creates a recommender key, then sends `--requests` draft
uploads of the example submissions (PPTX/DOCX/PDF) with `--concurrency` in flight through httpx. It
stops by itself after the fixed count or `--time-limit` seconds, whichever comes first, stops the
server, and writes throughput and p50/p95 latency to bench/results/service.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchlib import machine, write_results  # noqa: E402


def _tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) of a process and all its descendants (the reader workers), from /proc:
    a measure that does not depend on how busy the machine is."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        ticks[pid] = int(fields[11]) + int(fields[12])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(ticks.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _uploads(examples: Path) -> list[Path]:
    manifest = json.loads((examples / "manifest.json").read_text(encoding="utf-8"))
    files = [examples / s["dir"] / s["main_file"] for s in manifest["submissions"] if not s.get("corrupt")]
    return [f for f in files if f.suffix.lower() in (".pptx", ".docx", ".pdf", ".ppt", ".doc")]


async def _load(base: str, key: str, files: list[Path], n: int, concurrency: int, time_limit: float) -> dict[str, Any]:
    payloads = [(f.name, f.read_bytes()) for f in files]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    sem = asyncio.Semaphore(concurrency)
    deadline = time.monotonic() + time_limit
    timeout = httpx.Timeout(time_limit, connect=10)

    async with httpx.AsyncClient(base_url=base, headers={"X-API-Key": key}, timeout=timeout) as client:

        async def one(i: int) -> None:
            async with sem:
                if time.monotonic() > deadline:
                    return
                name, data = payloads[i % len(payloads)]
                t0 = time.perf_counter()
                try:
                    r = await client.post("/api/drafts", files={"file": (name, data)})
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                    if r.status_code == 201:
                        latencies.append(time.perf_counter() - t0)
                    else:
                        errors.append(f"{r.status_code} {r.text[:120]}")
                except httpx.HTTPError as e:
                    errors.append(f"{type(e).__name__}: {e}")

        t_start = time.perf_counter()
        tasks = [asyncio.create_task(one(i)) for i in range(n)]
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=time_limit + 30)
        except TimeoutError:
            for t in tasks:
                t.cancel()
            errors.append("time limit reached")
        wall = time.perf_counter() - t_start
    return {
        "latencies": latencies,
        "statuses": statuses,
        "errors": errors,
        "wall": wall,
        "sent": sum(statuses.values()),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--examples", type=Path, default=ROOT / "examples")
    ap.add_argument("--requests", type=int, default=40, help="uploads in total (fixed count)")
    ap.add_argument("--concurrency", type=int, default=20, help="uploads in flight")
    ap.add_argument("--time-limit", type=float, default=600.0, help="stop after this many seconds")
    ap.add_argument("--semantic", action="store_true", help="load the embedding model in the server")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "service.md")
    args = ap.parse_args()

    from service.corpus import add_projects, projects_from_manifest

    work = Path(tempfile.mkdtemp(prefix="qcscreen-bench-service-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        db = work / "corpus.sqlite"
        t0 = time.perf_counter()
        added = add_projects(db, projects_from_manifest(args.examples / "corpus" / "projects.csv"))
        corpus_s = time.perf_counter() - t0
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "QCSCREEN_DB": str(db),
            "QCSCREEN_DATA_DIR": str(work / "data"),
            "QCSCREEN_SEMANTIC": "1" if args.semantic else "0",
            # every upload in flight is checked (the default of 2 slots would answer the rest 503 at once;
            # that bound is measured by bench/soak.py)
            "QCSCREEN_MAX_CONCURRENT_CHECKS": str(args.concurrency),
        }
        from service.auth import KeyStore

        key = KeyStore(work / "data" / "keys.sqlite").create("recommender", "bench")
        port = _free_port()
        server = subprocess.Popen(
            [
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
            ],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        ready = time.monotonic() + 120
        while time.monotonic() < ready:
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise RuntimeError("server did not start")
        files = _uploads(args.examples)
        # one warm-up request (first reader worker, screener load) kept out of the numbers
        t0 = time.perf_counter()
        warm = httpx.post(
            base + "/api/drafts",
            headers={"X-API-Key": key},
            files={"file": (files[0].name, files[0].read_bytes())},
            timeout=300,
        )
        warm_s = time.perf_counter() - t0
        assert warm.status_code == 201, warm.text
        load_before = os.getloadavg()
        cpu_before = _tree_cpu_seconds(server.pid)
        res = asyncio.run(_load(base, key, files, args.requests, args.concurrency, args.time_limit))
        cpu_used = _tree_cpu_seconds(server.pid) - cpu_before
        load_after = os.getloadavg()
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)

    lat = res["latencies"]
    ok = len(lat)
    cmd = "python bench/service.py " + " ".join(sys.argv[1:])
    lines = [
        "# service benchmark (draft uploads over loopback)",
        "",
        f"Command: `{cmd.strip()}`  ",
        f"Machine: {machine()}  ",
        f"Load average (1/5/15 min) before: {' / '.join(f'{x:.1f}' for x in load_before)}; after: "
        f"{' / '.join(f'{x:.1f}' for x in load_after)} (other work on the machine slows wall times, not CPU seconds)  ",
        f"Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        f"Server: one uvicorn process (`service.api:create_app`), 127.0.0.1; corpus {len(added.added)} example projects "
        f"(built in {corpus_s:.0f} s); semantic stage {'on' if args.semantic else 'off (copy detection only)'}. "
        f"Each request: upload → sniff → isolated read → check → similarity vs the corpus → JSON (redacted for the recommender key).",
        f"Files: the {len(files)} example submissions' main files (PPTX/DOCX/PDF), round robin. Warm-up request (not counted): {warm_s:.1f} s.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| requests sent / succeeded (201) | {res['sent']} / {ok} |",
        f"| concurrency | {args.concurrency} |",
        f"| wall time | {res['wall']:.1f} s |",
        f"| throughput | {ok / res['wall']:.2f} uploads/s |" if res["wall"] else "| throughput | — |",
        f"| latency p50 | {_pct(lat, 0.50):.2f} s |",
        f"| latency p95 | {_pct(lat, 0.95):.2f} s |",
        f"| latency mean / max | {statistics.fmean(lat) if lat else float('nan'):.2f} s / {max(lat) if lat else float('nan'):.2f} s |",
        f"| server CPU seconds per upload (process tree, load-independent) | {cpu_used / ok:.2f} s |"
        if ok
        else "| server CPU seconds per upload | — |",
        f"| status codes | {', '.join(f'{k}: {v}' for k, v in sorted(res['statuses'].items()))} |",
        f"| errors | {len(res['errors'])} |",
        "",
        "Latency includes queueing: with 20 uploads in flight on a 2-core machine, requests wait for the reader",
        "worker and the shared screener; p50/p95 therefore grow with concurrency while throughput stays CPU-bound.",
    ]
    if res["errors"]:
        lines += ["", "First errors:", *(f"- {e}" for e in res["errors"][:5])]
    write_results(args.out, lines)
    print("\n".join(lines))
    return 0 if ok and not res["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
