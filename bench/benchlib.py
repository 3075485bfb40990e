"""What the bench scripts share: the machine line of a results file and writing the file."""

from __future__ import annotations

import os
import platform
from pathlib import Path


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
