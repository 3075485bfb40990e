"""PPTX reader and per-file isolation benchmark.

Measures, on this machine:
- the PPTX reader in-process on the real decks of ../shared/realdocs, on the example corpus decks and on
  a generated 200-slide deck (groups, tables, charts, notes on every slide): slides per second and
  characters extracted;
- the cost of isolation: `ingest.read_many` (one worker process per batch, reused; forkserver) against
  an in-process loop, with 1 and 2 workers.

Writes bench/results/ingest_pptx.md (command, machine, numbers).
Run: .venv/bin/python bench/ingest_pptx.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from benchlib import machine  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.chart.data import CategoryChartData  # noqa: E402
from pptx.enum.chart import XL_CHART_TYPE  # noqa: E402
from pptx.enum.shapes import MSO_SHAPE  # noqa: E402
from pptx.util import Emu, Pt  # noqa: E402

from ingest import ReadOptions, read_bytes, read_many  # noqa: E402
from ingest.errors import IngestError  # noqa: E402

REALDOCS = REPO.parent / "shared" / "realdocs"
EXAMPLES = REPO / "examples"
RESULTS = BENCH / "results" / "ingest_pptx.md"


def big_deck(n_slides: int = 200) -> bytes:
    """A deck shaped like a long QC report: title, bullets, a grouped text diagram, a 6x5 table with a
    merge, a chart every 10th slide, speaker notes."""
    prs = Presentation()
    for i in range(n_slides):
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = f"第{i + 1}页 现状调查与原因分析"
        body = s.placeholders[1].text_frame
        body.text = "调查时间：2024年3月1日至3月31日；调查地点：机加工车间；样本量：1200件。"
        for k in range(3):
            p = body.add_paragraph()
            p.text = f"要点{k + 1}：焊接温度波动导致虚焊，占不良总数的{30 - k * 5}%。"
            p.level = k % 2
        grp = s.shapes.add_group_shape()
        for k in range(4):
            box = grp.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, Emu(600000 + k * 1500000), Emu(4200000), Emu(1300000), Emu(500000)
            )
            box.text_frame.text = ["人", "机", "料", "法"][k]
        if i % 10 == 0:
            data = CategoryChartData()
            data.categories = ["虚焊", "尺寸超差", "划伤", "其他"]
            data.add_series("频数", (45, 25, 18, 12))
            s.shapes.add_chart(
                XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(5000000), Emu(1500000), Emu(3500000), Emu(2500000), data
            )
        else:
            tbl = s.shapes.add_table(6, 5, Emu(5000000), Emu(1500000), Emu(3500000), Emu(2500000)).table
            for r in range(6):
                for c in range(5):
                    tbl.cell(r, c).text = f"R{r}C{c}"
            tbl.cell(1, 0).merge(tbl.cell(2, 0))
            for cell in (tbl.cell(0, 0), tbl.cell(0, 1)):
                cell.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
        s.notes_slide.notes_text_frame.text = "讲解：此页说明现状调查的方法与结论。"
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def time_reads(items: list[tuple[str, bytes]], repeat: int) -> tuple[float, int, int, int]:
    """Best-of-`repeat` seconds for reading all items in-process; slides, characters, failures."""
    best = float("inf")
    slides = chars = failed = 0
    opts = ReadOptions(ocr=False)
    for _ in range(repeat):
        slides = chars = failed = 0
        t0 = time.perf_counter()
        for name, data in items:
            try:
                doc = read_bytes(data, name, opts)
            except IngestError:
                failed += 1
                continue
            slides += doc.pages
            chars += len(doc.text)
        best = min(best, time.perf_counter() - t0)
    return best, slides, chars, failed


def time_isolated(paths: list[Path], workers: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        outcomes = list(read_many(paths, ReadOptions(ocr=False), workers=workers))
        times.append(time.perf_counter() - t0)
        assert len(outcomes) == len(paths)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--slides", type=int, default=200, help="size of the generated deck")
    args = ap.parse_args()

    real = sorted(p for p in REALDOCS.rglob("*.pptx"))
    examples = sorted(EXAMPLES.rglob("*.pptx")) if EXAMPLES.is_dir() else []
    t_gen = time.perf_counter()
    big = big_deck(args.slides)
    t_gen = time.perf_counter() - t_gen

    rows = []
    for label, items in (
        (f"realdocs .pptx ({len(real)} files)", [(p.name, p.read_bytes()) for p in real]),
        (f"example corpus decks ({len(examples)} files)", [(p.name, p.read_bytes()) for p in examples]),
        (f"generated deck ({args.slides} slides, {len(big) / 1024:.0f} KiB)", [("big.pptx", big)]),
    ):
        if not items:
            continue
        secs, slides, chars, failed = time_reads(items, args.repeat)
        rows.append((label, secs, slides, chars, failed))

    iso_rows = []
    if examples:
        in_proc, _, _, _ = time_reads([(p.name, p.read_bytes()) for p in examples], args.repeat)
        w1 = time_isolated(examples, 1, args.repeat)
        w2 = time_isolated(examples, 2, args.repeat)
        iso_rows = [("in-process loop", in_proc), ("read_many, 1 worker", w1), ("read_many, 2 workers", w2)]
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "big.pptx"
        p.write_bytes(big)
        t0 = time.perf_counter()
        from ingest import read_isolated

        read_isolated(p, ReadOptions(ocr=False))
        single_isolated = time.perf_counter() - t0

    cmd = f".venv/bin/python bench/ingest_pptx.py --repeat {args.repeat} --slides {args.slides}"
    lines = [
        "# PPTX reader and per-file isolation",
        "",
        f"Command: `{cmd}`  ",
        f"Machine: {machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; best of {args.repeat} runs; OCR off; "
        f"load average at the end {os.getloadavg()[0]:.1f} (numbers on a busy machine are upper bounds).",
        "",
        "## Reading in-process (`ingest.read_bytes`)",
        "",
        "| input | seconds | slides | slides/s | characters | named errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, secs, slides, chars, failed in rows:
        lines.append(f"| {label} | {secs:.2f} | {slides} | {slides / secs:.0f} | {chars} | {failed} |")
    lines += [
        "",
        f"(generating the {args.slides}-slide deck with python-pptx took {t_gen:.1f} s; not counted)",
        "",
        "## Isolation cost (example corpus decks)",
        "",
        "| mode | seconds |",
        "|---|---:|",
    ]
    for label, secs in iso_rows:
        lines.append(f"| {label} | {secs:.2f} |")
    lines += [
        f"| `read_isolated` of the generated deck (cold worker start included) | {single_isolated:.2f} |",
        "",
        "Workers start from a forkserver (never fork: the parent may hold torch); a worker is reused for the",
        "next file and replaced only after a timeout or a crash.",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
