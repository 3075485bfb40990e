"""What the bench scripts share: the machine line of a results file, writing the file, the
`qcscreen` command, the commit a run measured and the generator's planted truth (`planted_rules`)."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Any


def machine() -> str:
    """CPU architecture, cores, RAM and Python version of this machine, for a results file."""
    try:
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        mem_gib = int(mem.split()[1]) / 1048576
    except (OSError, StopIteration):
        mem_gib = 0.0
    return f"{platform.machine()}, {os.cpu_count()} CPU cores, {mem_gib:.0f} GiB RAM, CPU only, Python {platform.python_version()}"


def write_results(path: Path, lines: list[str]) -> None:
    """Write a results file (markdown lines) and say where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def qcscreen_bin(repo: Path) -> str:
    """The `qcscreen` command a bench runs as a user would: the checkout's .venv, else PATH."""
    local = repo / ".venv" / "bin" / "qcscreen"
    found = str(local) if local.exists() else shutil.which("qcscreen")
    if not found:
        raise SystemExit("qcscreen not found: run `make setup` first")
    return found


def git_head(repo: Path) -> str:
    """The short commit of the checkout, for a results file."""
    out = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip() or "?"


def launch_prefix() -> str:
    """How the run was launched, as the command line a reader would type: its nice value, if any."""
    level = os.nice(0)
    return f"nice -n {level} " if level else ""


def load_average() -> float:
    """The 1-minute load average now (every timing on this shared machine is recorded with it)."""
    return os.getloadavg()[0]


def _become_subreaper() -> None:
    """Orphaned descendants (a forkserver left behind by its parent) are re-parented to this process,
    so their CPU time is counted in RUSAGE_CHILDREN once they are waited for (Linux prctl)."""
    import ctypes

    pr_set_child_subreaper = 36
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0)


def run_measured(
    cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, float, int]:
    """Run `cmd` to its end, with every process it starts; (wall s, CPU s user+system of all of them, exit code).

    CPU seconds depend far less on the load of the shared machine than wall seconds do."""
    import resource
    import subprocess
    import time

    _become_subreaper()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    while True:  # reap descendants orphaned by the command (e.g. multiprocessing's forkserver)
        try:
            os.wait()
        except ChildProcessError:
            break
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, rc


def installed_env(repo: Path, **extra: str) -> dict[str, str]:
    """The environment of a command measured as a user's installed `qcscreen` runs: the package's
    bytecode compiled once beforehand (`pip install` does it; this editable checkout otherwise compiles
    every module at every start when PYTHONDONTWRITEBYTECODE is set, as in the sessions' shells), and
    that variable removed."""
    import sys

    packages = [str(repo / p) for p in ("ingest", "nlp", "index", "service")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def planted_rules(sub: dict[str, Any], found: set[str]) -> tuple[set[str], set[str]]:
    """(required, allowed) planted rule ids of one submission. A finding the generator marks as the
    consequence of another (`consequence_of`: K3 after K1 — the scoring that replaces a measured confirmation)
    is allowed but not required once the finding it follows from is reported: one finding per defect (issue 10),
    as the independent truths have it (K3 is never required beside a required K1 there)."""
    planted = sub.get("planted_findings") or []
    allowed = {p["rule"] for p in planted}
    required = {p["rule"] for p in planted if p.get("consequence_of") not in found}
    return required, allowed
