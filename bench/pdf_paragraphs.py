"""The same deck read as PPTX and as its LibreOffice PDF: which text blocks the PDF reading joins or cuts.

    PYTHONPATH=$PWD .venv/bin/python bench/pdf_paragraphs.py --split fresh12 [--split fresh10 …] [--cache DIR]
        [--no-convert] [--out bench/results/pdf_paragraphs.md]

Each seen PPTX item's main deck (a sealed split never: perturb.SEALED) is rendered by eval/independent/build.py's
code, exported to PDF as `pdf_from_pptx` items are (render/pdf.py convert(), cached by item in --cache), and both
files are read by `ingest` without OCR. Per page, a PDF text block that holds two of the PPTX's blocks (or one and
more) is a join, a PPTX block found in no single PDF block but in pieces a cut. Running footers read once as body
are left out. This is the reading under the checker: a join feeds two bullets to a rule as one sentence, a cut
parts a number from its metric.
"""

from __future__ import annotations

import argparse
import re
import sys
import zlib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "eval" / "independent"))
sys.path.insert(0, str(BENCH.parent))  # the ingest package first, not bench/ingest.py (the ingest benchmark)

from ingest import Document, ReadOptions, read_bytes  # noqa: E402

# isort: split
import build  # noqa: E402
from benchlib import machine, write_results  # noqa: E402
from perturb import SEEN  # noqa: E402  (puts bench/ first on the path)

TEXT_KINDS = {"title", "heading", "paragraph", "list_item"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _blocks(doc: Document, spaced: bool = False) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for b in doc.blocks:
        if b.kind.value in TEXT_KINDS and _norm(b.text):
            text = " ".join(b.text.split()) if spaced else _norm(b.text)
            out.setdefault(b.source.page, []).append(text)
    return out


def glyph_diff(pptx: dict[int, list[str]], pdf: dict[int, list[str]]) -> list[tuple[str, int, str]]:
    """(SPACED|LOST, page, text) of every PPTX block (spaces kept) found in a PDF block of its page only once
    spaces are ignored (a space the PDF reading put in or left out), or not even then and not in pieces either
    (a glyph read otherwise: "——" as "—")."""
    out = []
    for page in sorted(pptx):
        got = pdf.get(page, [])
        flat = [_norm(t) for t in got]
        for s in pptx[page]:
            n = _norm(s)
            if len(n) < 4 or any(s in t for t in got):
                continue
            if any(n in t for t in flat):
                out.append(("SPACED", page, s))
            elif not any(len(t) >= 2 and t in n for t in flat):
                out.append(("LOST", page, s))
    return out


def diff(pptx: dict[int, list[str]], pdf: dict[int, list[str]]) -> list[tuple[str, int, str]]:
    """(JOIN|CUT, page, text) of every PDF block holding more than one PPTX block, every PPTX block cut."""
    out = []
    for page in sorted(set(pptx) | set(pdf)):
        src, got = pptx.get(page, []), pdf.get(page, [])
        for text in got:
            inside = [s for s in src if len(s) >= 4 and s in text and s != text]
            if len(inside) >= 2 or (inside and len(text) > len(inside[0]) + 3 and not any(text in s for s in src)):
                out.append(("JOIN", page, text))
        for s in src:
            if not any(s in t for t in got) and any(len(t) >= 2 and t in s for t in got):
                out.append(("CUT", page, s))
    return out


def one(split: str, folder: Path, cache: Path, convert: bool) -> list[tuple[str, int, str]] | None:
    item: dict[str, Any] = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
    item["split"] = split
    spec = next(s for s in item["files"] if s["role"] == "main")
    if spec["kind"] != "pptx":
        return None
    pdf_path = cache / f"{split}-{folder.name}.pdf"
    if not convert and not pdf_path.exists():
        return None
    pptx, _ = build.render_file(item, spec, zlib.crc32(folder.name.encode()) % 100000)
    if not pdf_path.exists():
        pdf_path.write_bytes(build.pdfmod.convert(pptx, ".pptx"))
    options = ReadOptions(ocr=False)
    src, got = read_bytes(pptx, "x.pptx", options), read_bytes(pdf_path.read_bytes(), "x.pdf", options)
    return diff(_blocks(src), _blocks(got)) + glyph_diff(_blocks(src, spaced=True), _blocks(got, spaced=True))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", action="append", required=True, choices=SEEN)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/qc-pdf-paragraphs"))
    ap.add_argument("--no-convert", action="store_true", help="only items whose PDF is in the cache")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    per: Counter[str] = Counter()
    lines = []
    for split in args.split:
        for src in sorted((BENCH.parent / "eval" / "independent" / split).glob("*/source.yaml")):
            found = one(split, src.parent, args.cache, not args.no_convert)
            if found is None:
                continue
            per["items"] += 1
            per["items with a join"] += any(k == "JOIN" for k, _, _ in found)
            for kind, page, text in found:
                per[kind] += 1
                lines.append(f"- {split}/{src.parent.name.split('-')[0]} p{page} {kind}: {text[:90]}")
            print(split, src.parent.name, len(found), flush=True)
    body = [f"| {k} | {per[k]} |" for k in ("items", "items with a join", "JOIN", "CUT", "SPACED", "LOST")]
    print("\n".join(body))
    if args.out:
        head = [
            "# PDF paragraphs — the same deck as PPTX and as PDF",
            "",
            f"Command: `.venv/bin/python bench/pdf_paragraphs.py {' '.join('--split ' + s for s in args.split)}`, "
            f"{started:%Y-%m-%d %H:%M} UTC on {machine()}.",
            "",
            "| count | n |",
            "|---|---|",
        ]
        write_results(args.out, head + body + ["", *lines])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
