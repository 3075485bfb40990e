"""Build the independent evaluation set: every item's files and its truth manifest, from the
hand-written sources `<split>/<id>/source.yaml`.

    .venv/bin/python eval/independent/build.py --split tune      # or holdout, or all
    .venv/bin/python eval/independent/build.py --split tune --only t03

Deterministic: same sources, same bytes (OOXML members carry a fixed timestamp; pictures are seeded).
PDFs made by LibreOffice embed its creation date, so only their text is stable across builds.
See eval/independent/README.md for the truth format.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SPLITS = [
    "tune",
    "holdout",
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh17",
    "fresh18",
    "fresh19",
    "fresh20",
    "fresh21",
    "fresh22",
    "fresh23",
]
sys.path.insert(0, str(HERE))

from render import pdf as pdfmod  # noqa: E402
from render import truth as tr  # noqa: E402
from render.deck import build_deck  # noqa: E402
from render.report import build_report  # noqa: E402

FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with fixed member timestamps so builds are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def _units(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("slides") or spec.get("blocks") or []


def _locate_pdf(pages: list[str], units: list[dict[str, Any]]) -> list[int]:
    """Page of each DOCX block in the PDF made from it: block texts are found in order in the page texts;
    a table or picture takes the page of the text before it."""
    flat = ["".join(p.split()) for p in pages]
    page, out = 0, []
    for unit in units:
        text = unit.get("text") or unit.get("p") or unit.get("caption") or ""
        key = "".join(str(text).split())[:14]
        if key:
            page = next((k for k in range(page, len(flat)) if key in flat[k]), page)
        out.append(page + 1)
    return out


def render_file(item: dict[str, Any], spec: dict[str, Any], seed: int) -> tuple[bytes, list[int]]:
    """The file's bytes and the location (slide, page or evidence index) of each of its units."""
    kind = spec["kind"]
    units = _units(spec)
    if kind in ("pptx", "pdf_from_pptx"):
        data = normalize_zip(build_deck({**item, **spec}, units, seed))
        locs = list(range(1, len(units) + 1))
        return (data if kind == "pptx" else pdfmod.convert(data, ".pptx")), locs
    data, starts = build_report({**item, **spec}, units, seed)
    data = normalize_zip(data)
    if kind == "docx":
        return data, starts
    pdf = pdfmod.convert(data, ".docx")
    locs = _locate_pdf(pdfmod.page_texts(pdf), units)
    if kind == "pdf_scanned":
        pdf = pdfmod.scan(pdf, seed, stamp=spec.get("stamp"))
    return pdf, locs


def _unit_steps(spec: dict[str, Any], units: list[dict[str, Any]]) -> list[list[str]]:
    """Steps each unit belongs to: explicit per slide; a DOCX block's marker runs until the next one."""
    if spec["kind"] in ("pptx", "pdf_from_pptx"):
        return [[s for s in tr.as_list(u.get("step")) if s != "none"] for u in units]
    current: list[str] = []
    out = []
    for unit in units:
        if "step" in unit:
            current = [s for s in tr.as_list(unit["step"]) if s != "none"]
        out.append(current)
    return out


def _heading_of(unit: dict[str, Any]) -> str:
    return str(unit.get("title") or unit.get("text") or (unit.get("banner") or {}).get("text") or unit.get("p") or "")


def collect(item: dict[str, Any], spec: dict[str, Any], locs: list[int], acc: dict[str, Any]) -> None:
    """Add one file's steps, tools, 5W1H tables and pareto checks to the item's truth accumulator."""
    role, units = spec["role"], _units(spec)
    for unit, loc, steps in zip(units, locs, _unit_steps(spec, units), strict=True):
        for step in steps:
            if step not in tr.STEP_IDS:
                raise ValueError(f"{item['id']}: unknown step {step!r}")
            entry = acc["steps"].setdefault(step, {"id": step, "files": {}, "name_as_written": _heading_of(unit)})
            pages = entry["files"].setdefault(role, [])
            if loc not in pages:
                pages.append(loc)
        for tool in tr.tool_entries(unit, steps):
            key = (tool["name"], tool["step"])
            found = acc["tools"].setdefault(
                key, {"name": tool["name"], "step": tool["step"], "files": {}, "form": tool.get("form", "text")}
            )
            found["files"].setdefault(role, []).append(loc)
        for vis in tr.as_list(unit.get("visuals")) + ([unit] if "table" in unit else []):
            if vis.get("kind") == "pareto":
                tr.check_pareto(item, vis)
            if vis.get("fivew1h"):
                table = {**vis, "rows": vis.get("rows") or vis.get("table")}
                part = tr.fivew1h_of(table)
                found5 = acc["fivew1h"]
                if found5 is None or found5.get("file") != role:
                    acc["fivew1h"] = found5 = {
                        "found": True,
                        "file": role,
                        "pages": [],
                        "rows": 0,
                        "incomplete_rows": [],
                        "columns": part["columns"],
                    }
                found5["incomplete_rows"] += [r + found5["rows"] for r in part["incomplete_rows"]]
                found5["rows"] += part["rows"]
                found5["pages"].append(loc)


def check_finding_pages(item: dict[str, Any], acc: dict[str, Any]) -> None:
    """A must_report entry's pages lie in the (main file) pages of its step(s)."""
    for entry in item.get("must_report") or []:
        steps = entry.get("steps") or ([entry["step"]] if entry.get("step") else [])
        if not entry.get("pages") or not steps or not all(s in acc["steps"] for s in steps):
            continue
        held = {p for s in steps for p in acc["steps"][s]["files"].get("main", [])}
        if not set(entry["pages"]) <= held:
            raise ValueError(f"{item['id']}: {entry['rule']} pages {entry['pages']} not in {sorted(held)} of {steps}")


def _package_defects(package: dict[str, Any] | None) -> bool:
    return bool(package and (package.get("missing") or package.get("contradictions") or package.get("over_one_year")))


def truth_of(item: dict[str, Any], acc: dict[str, Any], files: list[dict[str, Any]]) -> dict[str, Any]:
    key = (item["project_type"], item.get("target_kind") if item["project_type"] == "problem_solving" else None)
    expected = tr.EXPECTED_STEPS[key]
    present = [acc["steps"][s] for s in tr.STEP_IDS if s in acc["steps"]]
    fivew1h = acc["fivew1h"] or {"found": False}
    tools = list(acc["tools"].values())
    return {
        "id": item["id"],
        "split": item["split"],
        "pair": item["pair"],
        "style": item["style"],
        "industry": item["industry"],
        "title": item["title"],
        "company": item.get("company"),
        "habits": item.get("habits", []),
        "files": files,
        "project_type": item["project_type"],
        "target_kind": item.get("target_kind"),
        "declared_type": item.get("declared_type"),
        "steps": present,
        "steps_absent": [s for s in expected if s not in acc["steps"]],
        "fivew1h": fivew1h,
        "tools": tools,
        "must_report": item.get("must_report", []),
        "may_report": item.get("may_report", []),
        "must_not_report": item.get("must_not_report", []),
        "verdicts_allowed": tr.verdicts_for(item),
        "clean": not item.get("must_report") and not _package_defects(item.get("package")),
        "package": item.get("package"),
        "notes": item.get("notes", ""),
    }


def build_item(folder: Path, split: str, seed: int) -> dict[str, Any]:
    item = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
    item["split"] = split
    tr.check_findings(item)
    tr.check_arith(item)
    tr.check_credit_codes(item)
    acc: dict[str, Any] = {"steps": {}, "tools": {}, "fivew1h": None}
    files = []
    for spec in item["files"]:
        data, locs = render_file(item, spec, seed)
        (folder / spec["name"]).write_bytes(data)
        collect(item, spec, locs, acc)
        files.append(
            {
                "role": spec["role"],
                "name": spec["name"],
                "kind": spec["kind"],
                "pages_are": "slides"
                if "pptx" in spec["kind"]
                else ("evidence index" if spec["kind"] == "docx" else "pdf pages"),
            }
        )
    check_finding_pages(item, acc)
    truth = truth_of(item, acc, files)
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def index_entry(truth: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": truth["id"],
        "pair": truth["pair"],
        "style": truth["style"],
        "industry": truth["industry"],
        "title": truth["title"],
        "files": [f["name"] for f in truth["files"]],
        "formats": sorted({f["kind"] for f in truth["files"]}),
        "habits": truth["habits"],
        "project_type": truth["project_type"],
        "clean": truth["clean"],
        "must_report": sorted({e["rule"] for e in truth["must_report"]}),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--split",
        choices=[*SPLITS, "all"],
        required=True,
    )
    ap.add_argument("--only", action="append", default=[], help="item id (repeatable)")
    args = ap.parse_args()
    for split in SPLITS if args.split == "all" else [args.split]:
        root = HERE / split
        folders = sorted(p.parent for p in root.glob("*/source.yaml"))
        entries = []
        for folder in folders:
            if args.only and folder.name.split("-")[0] not in args.only:
                if (folder / "truth.json").exists():
                    entries.append(index_entry(json.loads((folder / "truth.json").read_text(encoding="utf-8"))))
                continue
            seed = zlib.crc32(folder.name.encode()) % 100000
            truth = build_item(folder, split, seed)
            entries.append(index_entry(truth))
            print(f"{split}/{folder.name}: {', '.join(f['name'] for f in truth['files'])}", flush=True)
        (root / "index.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
