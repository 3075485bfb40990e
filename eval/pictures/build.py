"""Build the picture set (eval/pictures/tune, eval/pictures/holdout, eval/pictures/speed).

Deterministic content: the same inputs give the same slides, pictures and truth (PPTX/DOCX zip
timestamps and the PDF's creation date differ from run to run; `--check` compares content).

    .venv/bin/python eval/pictures/build.py           # (re)write the three folders
    .venv/bin/python eval/pictures/build.py --check   # rebuild in a temporary folder, compare tune + speed

See eval/pictures/README.md for the documents, the truth format and how to run the benchmark.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pdfplumber  # noqa: E402
import pics_charts as ch  # noqa: E402
import pics_draw as dr  # noqa: E402
from pics_content import body, draw, themes  # noqa: E402
from pics_pptx import Deck  # noqa: E402
from pics_recipes import RECIPES, THEMES  # noqa: E402

SEED = "qcscreen-pictures-1"
SPLITS = ("tune", "holdout")


def build_split(out: Path, split: str) -> dict:
    """Ten documents, one per recipe, numbered in a seeded order so names say nothing."""
    folder = out / split
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    all_themes = themes()
    order = list(range(len(RECIPES)))
    random.Random(f"{SEED}:{split}:names").shuffle(order)
    pictures, tables, documents = [], [], []
    for number, k in enumerate(order, 1):
        recipe = RECIPES[k]
        name = f"{split}-{number:02d}"
        doc = recipe(name, all_themes[THEMES[split][k]], f"{SEED}:{split}:{recipe.__name__}")
        ext = "pptx" if isinstance(doc, Deck) else doc.ext
        doc.save(folder / f"{name}.{ext}")
        pictures += doc.pictures
        tables += doc.tables
        documents.append(
            {
                "file": f"{name}.{ext}",
                "format": ext,
                "recipe": recipe.__name__,
                "theme": THEMES[split][k],
                "pictures": len(doc.pictures),
                "drawn_tables": len(doc.tables),
            }
        )
        print(f"  {name}.{ext}: {recipe.__name__}, {len(doc.pictures)} pictures, {len(doc.tables)} drawn tables")
    truth = {
        "schema": 1,
        "split": split,
        "built_by": "eval/pictures/build.py",
        "seed": SEED,
        "pages": "PPTX: slide number; PDF: page number; DOCX: null (the whole document)",
        "bbox": "points, top-left origin: [x0, y0, x1, y1] on the slide or page; null for DOCX",
        "documents": documents,
        "pictures": pictures,
        "drawn_tables": tables,
    }
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = Counter(p["class"] for p in pictures)
    print(
        f"{split}: {len(documents)} documents, {len(pictures)} pictures {dict(sorted(counts.items()))}, "
        f"{len(tables)} drawn tables"
    )
    return truth


SPEED_CLASSES = [
    (ch.pareto, "现状调查"),
    (dr.fishbone, "原因分析"),
    (ch.histogram, "现状调查"),
    (ch.control_chart, "效果检查"),
    (ch.scatter, "原因分析"),
    (ch.bar, "效果检查"),
    (ch.line, "效果检查"),
    (ch.pie, "现状调查"),
    (ch.gantt, "活动计划"),
    (None, "对策实施"),
]


def build_speed(out: Path) -> None:
    """A 40-slide deck with 30 pictures (three rounds of ten kinds over the six tune themes; ten
    slides of text only), for the reading-speed benchmark."""
    folder = out / "speed"
    folder.mkdir(parents=True, exist_ok=True)
    all_themes = themes()
    names = ["T1", "T2", "T3", "T4", "T5", "T6"]
    d = Deck("speed-40")
    n_pic = 0
    for slide_no in range(40):
        t = all_themes[names[slide_no % 6]]
        if slide_no % 4 == 3:
            d.slide("活动小结", [*body("效果检查", t), "本页无图片。"])
            continue
        fn, step = SPEED_CLASSES[n_pic % len(SPEED_CLASSES)]
        seed = f"{SEED}:speed:{n_pic}"
        s = d.slide(step, body(step, t))
        pic = draw(dr.photo, seed, t["photos"][n_pic % 3]) if fn is None else draw(fn, seed, t)
        d.picture(s, pic, 470, 100, 470, 400)
        n_pic += 1
    d.save(folder / "speed-40.pptx")
    truth = {
        "schema": 1,
        "split": "speed",
        "built_by": "eval/pictures/build.py",
        "slides": 40,
        "documents": [{"file": "speed-40.pptx", "format": "pptx", "pictures": n_pic}],
        "pictures": d.pictures,
        "drawn_tables": [],
    }
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"speed: 40 slides, {n_pic} pictures")


def _content_digest(path: Path) -> str:
    """A digest of what a document holds, blind to zip timestamps and PDF creation dates."""
    h = hashlib.sha256()
    if path.suffix in (".pptx", ".docx"):
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                if name != "docProps/core.xml":
                    h.update(name.encode() + z.read(name))
    elif path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                h.update((page.extract_text() or "").encode())
                h.update(repr([(round(i["x0"]), round(i["top"]), i["srcsize"]) for i in page.images]).encode())
    else:
        h.update(path.read_bytes())
    return h.hexdigest()


def _same(a: Path, b: Path) -> bool:
    names_a = sorted(p.name for p in a.iterdir())
    names_b = sorted(p.name for p in b.iterdir() if p.name != "README.md")
    if names_a != names_b:
        print(f"differs: files {names_a} vs {names_b}")
        return False
    bad = [n for n in names_a if _content_digest(a / n) != _content_digest(b / n)]
    if bad:
        print(f"differs: {bad}")
    return not bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare content")
    ap.add_argument("--check-holdout", action="store_true", help="with --check: compare holdout too (set writer only)")
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp()) if args.check else HERE
    try:
        for split in SPLITS:
            build_split(out, split)
        build_speed(out)
        if not args.check:
            return 0
        names = ["tune", "speed"] + (["holdout"] if args.check_holdout else [])
        ok = all(_same(out / n, HERE / n) for n in names)
        print("identical" if ok else "DIFFERENT")
        return 0 if ok else 1
    finally:
        if args.check:
            shutil.rmtree(out)


if __name__ == "__main__":
    raise SystemExit(main())
