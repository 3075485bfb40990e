"""Ingestion benchmark: qcscreen's readers against markitdown and docling, side by side, same files.

For each file set (the real documents of ../shared/realdocs, and the example corpus under examples/
when it exists) and each format (pptx, docx, pdf), every tool reads every file once per repeat:

- qcscreen: `ingest.read_bytes` in this process (OCR off by default, so the comparison is about text
  extraction; `--ocr` turns it on);
- markitdown (`MarkItDown().convert`) and docling (`DocumentConverter`, office formats only: its PDF
  pipeline needs layout models that are not installed — no downloads on these machines — so docling
  is not run on PDFs) run in a separate virtual environment `bench/.venv-bench`, created on demand
  (`python3 -m venv`, `pip install -c constraints.txt markitdown[pptx,docx,pdf] docling`), in one
  subprocess per tool that reads all files and reports per-file seconds and characters as JSON.

Reported per tool and set: files read, failures, pages (slides / PDF pages / DOCX paragraphs as
qcscreen counts them, so the same denominator for every tool), seconds (best of --repeat), pages per
second, characters extracted, and what qcscreen keeps that the others drop (table spans, charts with
their data, SmartArt, OCR'd pages). Model loading and interpreter start are excluded for all tools:
each tool warms up on one file first.

Writes bench/results/ingest.md. Run: .venv/bin/python bench/ingest.py [--repeat 3] [--ocr] [--no-others]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from benchlib import machine  # noqa: E402

from ingest import BlockKind, ReadOptions, read_bytes  # noqa: E402
from ingest.errors import IngestError  # noqa: E402

REALDOCS = REPO.parent / "shared" / "realdocs"
EXAMPLES = REPO / "examples"
RESULTS = BENCH / "results" / "ingest.md"
BENCH_VENV = BENCH / ".venv-bench"
FORMATS = ("pptx", "docx", "pdf")

# Runs inside bench/.venv-bench: reads the files given as JSON on stdin with one tool, prints JSON.
WORKER = r"""
import json, sys, time, logging, warnings
warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)
tool, files, repeat = sys.argv[1], json.loads(sys.stdin.read()), int(sys.argv[2])
if tool == "markitdown":
    from markitdown import MarkItDown
    md = MarkItDown(enable_plugins=False)
    def run(path):
        return md.convert(path).text_content or ""
else:
    from docling.document_converter import DocumentConverter
    conv = DocumentConverter()
    def run(path):
        return conv.convert(path).document.export_to_markdown()
if files:
    try:
        run(files[0])  # warm-up: imports, converter set-up
    except Exception:
        pass
out = {}
for path in files:
    best, chars, err = None, 0, None
    for _ in range(repeat):
        t = time.perf_counter()
        try:
            text = run(path)
            chars = len(text)
        except Exception as e:  # noqa: BLE001 - a tool's failure on one file is data
            err = f"{type(e).__name__}: {str(e)[:120]}"
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    out[path] = {"seconds": best, "chars": chars, "error": err}
print("@@RESULT@@" + json.dumps(out))
"""


@dataclass
class Row:
    tool: str
    fileset: str
    fmt: str
    files: int = 0
    failed: int = 0
    pages: int = 0
    seconds: float = 0.0
    chars: int = 0
    extras: dict[str, int] = field(default_factory=dict)
    note: str = ""


def file_sets() -> dict[str, dict[str, list[Path]]]:
    sets: dict[str, dict[str, list[Path]]] = {}
    for name, root in (("realdocs", REALDOCS), ("examples", EXAMPLES)):
        if not root.is_dir():
            continue
        by_fmt = {
            fmt: sorted(
                p
                for p in root.rglob(f"*.{fmt}")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
            for fmt in FORMATS
        }  # hidden folders (the generator's .staging) are work in progress, not the corpus
        if any(by_fmt.values()):
            sets[name] = by_fmt
    return sets


def ensure_bench_venv(log: list[str]) -> Path | None:
    """bench/.venv-bench with markitdown and docling; None when it cannot be built."""
    py = BENCH_VENV / "bin" / "python"
    probe = [str(py), "-c", "import markitdown, docling.document_converter"]
    if py.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return py
    log.append("creating bench/.venv-bench (markitdown, docling)")
    try:
        subprocess.run(["python3", "-m", "venv", str(BENCH_VENV)], check=True)
        pip = [str(py), "-m", "pip", "install", "-q", "-c", str(REPO / "constraints.txt")]
        subprocess.run([*pip, "markitdown[pptx,docx,pdf]", "docling"], check=True, timeout=3600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
        log.append(f"bench venv could not be built: {e}")
        return None
    if subprocess.run(probe, capture_output=True).returncode != 0:
        log.append("bench venv built but markitdown/docling do not import")
        return None
    return py


def run_qcscreen(files: list[Path], fileset: str, fmt: str, repeat: int, ocr: bool) -> tuple[Row, dict[str, int]]:
    row = Row("qcscreen", fileset, fmt)
    opts = ReadOptions(ocr=ocr)
    pages_by_file: dict[str, int] = {}
    if files:  # warm-up (imports, OCR engine)
        try:
            read_bytes(files[0].read_bytes(), files[0].name, opts)
        except IngestError:
            pass
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue  # the example corpus is being regenerated: skip files that vanished
        best = None
        doc = None
        for _ in range(repeat):
            t = time.perf_counter()
            try:
                doc = read_bytes(data, path.name, opts)
            except IngestError:
                doc = None
            dt = time.perf_counter() - t
            best = dt if best is None else min(best, dt)
        row.files += 1
        row.seconds += best or 0.0
        if doc is None:
            row.failed += 1
            continue
        pages_by_file[str(path)] = doc.pages
        row.pages += doc.pages
        row.chars += len(doc.text)
        ex = row.extras
        for b in doc.blocks:
            if b.table is not None:
                ex["spanned cells kept as spans"] = ex.get("spanned cells kept as spans", 0) + sum(
                    1 for r in b.table.rows for c in r if c.row_span > 1 or c.col_span > 1
                )
            if b.kind == BlockKind.chart:
                ex["charts with data"] = ex.get("charts with data", 0) + 1
            if b.source.part == "smartart":
                ex["SmartArt blocks"] = ex.get("SmartArt blocks", 0) + 1
            if b.kind == BlockKind.note:
                ex["notes blocks (kept apart)"] = ex.get("notes blocks (kept apart)", 0) + 1
        if doc.coverage.pages_ocr:
            ex["OCR'd pages"] = ex.get("OCR'd pages", 0) + len(doc.coverage.pages_ocr)
    return row, pages_by_file


def run_other(
    py: Path, tool: str, files: list[Path], fileset: str, fmt: str, repeat: int, pages_by_file: dict[str, int]
) -> Row:
    row = Row(tool, fileset, fmt)
    if tool == "docling" and fmt == "pdf":
        row.note = "not run: docling's PDF pipeline needs layout models (no downloads here)"
        return row
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "OMP_NUM_THREADS": str(os.cpu_count() or 1),
    }
    try:
        proc = subprocess.run(
            [str(py), "-c", WORKER, tool, str(repeat)],
            input=json.dumps([str(p) for p in files]),
            capture_output=True,
            text=True,
            timeout=3600,
            env=env,
        )
    except subprocess.TimeoutExpired:
        row.note = "timed out after 3600 s"
        return row
    marker = proc.stdout.rfind("@@RESULT@@")
    if marker < 0:
        row.note = f"worker failed: {(proc.stderr or proc.stdout)[-300:]!r}"
        return row
    results = json.loads(proc.stdout[marker + len("@@RESULT@@") :])
    for path, r in results.items():
        row.files += 1
        row.seconds += r["seconds"] or 0.0
        if r["error"]:
            row.failed += 1
            continue
        row.chars += r["chars"]
        row.pages += pages_by_file.get(path, 0)
    return row


def render(rows: list[Row], args: argparse.Namespace, log: list[str], sets: dict[str, dict[str, list[Path]]]) -> str:
    lines = [
        "# Ingestion: qcscreen vs markitdown vs docling",
        "",
        f"Command: `.venv/bin/python bench/ingest.py --repeat {args.repeat}{' --ocr' if args.ocr else ''}`  ",
        f"Machine: {machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; best of {args.repeat} per file; "
        f"qcscreen OCR {'on' if args.ocr else 'off'}; the machine was shared while this ran (load average "
        f"{os.getloadavg()[0]:.1f}), so absolute numbers are noisy — ratios between tools taken in the same run "
        "are the useful part.",
        "",
        "Pages: slides (PPTX), PDF pages, DOCX paragraphs as qcscreen counts them (tables count as one); the "
        "same denominator is used for every tool, on the files that tool read without error. Characters: "
        "length of the text each tool returns (markdown for markitdown/docling, so table pipes and heading "
        "marks are included in theirs).",
        "",
    ]
    for fileset in sets:
        lines += [f"## {fileset}", "", "| format | tool | files | failed | pages | seconds | pages/s | characters | note |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---|"]  # fmt: skip
        for fmt in FORMATS:
            for r in [r for r in rows if r.fileset == fileset and r.fmt == fmt]:
                rate = f"{r.pages / r.seconds:.1f}" if r.seconds > 0 and r.pages else "–"
                lines.append(
                    f"| {fmt} | {r.tool} | {r.files} | {r.failed} | {r.pages} | {r.seconds:.2f} | {rate} | {r.chars} | {r.note} |"
                )
        lines.append("")
        lines.append("Speed ratios (qcscreen pages/s ÷ other tool's pages/s, same files):")
        lines.append("")
        for fmt in FORMATS:
            q = next((r for r in rows if r.fileset == fileset and r.fmt == fmt and r.tool == "qcscreen"), None)
            if q is None or not q.seconds:
                continue
            for other in ("markitdown", "docling"):
                o = next((r for r in rows if r.fileset == fileset and r.fmt == fmt and r.tool == other), None)
                if o is None or not o.seconds or not o.pages:
                    continue
                ratio = (q.pages / q.seconds) / (o.pages / o.seconds)
                lines.append(f"- {fmt}: {ratio:.1f}× {other}")
        lines.append("")
        extras: dict[str, int] = {}
        for r in rows:
            if r.fileset == fileset and r.tool == "qcscreen":
                for k, v in r.extras.items():
                    extras[k] = extras.get(k, 0) + v
        if extras:
            lines.append("Kept by qcscreen as structure (markitdown/docling flatten or drop these): "
                         + "; ".join(f"{k}: {v}" for k, v in sorted(extras.items())) + ".")  # fmt: skip
            lines.append("")
    if log:
        lines += ["## Notes", ""] + [f"- {m}" for m in log] + [""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ocr", action="store_true", help="let qcscreen OCR scanned pages and pictures")
    ap.add_argument("--no-others", action="store_true", help="only qcscreen (no bench venv)")
    ap.add_argument("--setup-only", action="store_true", help="build bench/.venv-bench and exit")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    log: list[str] = []
    py = None if args.no_others else ensure_bench_venv(log)
    if args.setup_only:
        print("\n".join(log) or "bench venv ready")
        return
    if py is None and not args.no_others:
        log.append("markitdown/docling not run: bench venv unavailable")
    sets = file_sets()
    rows: list[Row] = []
    for fileset, by_fmt in sets.items():
        for fmt in FORMATS:
            files = by_fmt[fmt]
            if not files:
                continue
            row, pages_by_file = run_qcscreen(files, fileset, fmt, args.repeat, args.ocr)
            rows.append(row)
            print(f"{fileset} {fmt} qcscreen: {row.seconds:.2f}s {row.pages} pages", flush=True)
            if py is not None:
                for tool in ("markitdown", "docling"):
                    r = run_other(py, tool, files, fileset, fmt, args.repeat, pages_by_file)
                    rows.append(r)
                    print(f"{fileset} {fmt} {tool}: {r.seconds:.2f}s {r.note}", flush=True)
    text = render(rows, args, log, sets)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
