"""Read every generated file back and check the manifest's truth against the files' text.

Uses `ingest.read` when the repository's readers import; otherwise python-pptx / python-docx / pdftotext.
Checks: every file reads; template text is in every main file; each recorded reuse passage occurs in
both files; clean submissions share no 20-character run with any corpus file (or another submission)
outside template text and boilerplate found in >= 10% of the corpus; the 5W1H table matches the truth's columns; credit codes are valid unless planted.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from .identity import uscc_valid

K = 40  # shared-run length (characters, whitespace removed) that counts as a shared passage for the clean check
COMMON_DF = 4  # a run in this many corpus documents (10% of 40) is boilerplate, not a passage
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return _WS.sub("", text)


def _fallback_text(path: Path) -> str:
    if path.suffix == ".pptx":
        from pptx import Presentation

        out = []
        for slide in Presentation(str(path)).slides:
            stack = list(slide.shapes)
            while stack:
                sh = stack.pop(0)
                if sh.shape_type == 6:  # group
                    stack[:0] = list(sh.shapes)
                    continue
                if sh.has_text_frame:
                    out.append(sh.text_frame.text)
                if getattr(sh, "has_table", False) and sh.has_table:
                    out.extend(c.text for row in sh.table.rows for c in row.cells)
        return "\n".join(out)
    if path.suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        out = [p.text for p in d.paragraphs]
        out.extend(c.text for t in d.tables for row in t.rows for c in row.cells)
        return "\n".join(out)
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    raise ValueError(path)


def read_text(path: Path) -> tuple[str, Any]:
    try:
        repo = path.resolve().parents[0]
        while repo != repo.parent and not (repo / "ingest").is_dir():
            repo = repo.parent
        if str(repo) not in sys.path:
            sys.path.insert(0, str(repo))
        import ingest  # type: ignore[import-not-found]

        doc = ingest.read(path)
        return doc.text, doc
    except ImportError:
        return _fallback_text(path), None


def _grams(text: str) -> set[str]:
    return {text[i : i + K] for i in range(len(text) - K + 1)}


def _strip_templates(text: str, templates: list[str]) -> str:
    for t in sorted(templates, key=len, reverse=True):
        text = text.replace(norm(t), "|")
    return text


def verify(root: Path) -> list[str]:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    texts: dict[str, str] = {}
    alt: dict[str, str] = {}  # pdftotext text of PDFs, to tell a reader problem from a generator problem
    docs: dict[str, Any] = {}
    entries = [(e["project_id"], e) for e in manifest["corpus"]] + [(e["submission_id"], e) for e in manifest["submissions"]]
    for pid, e in entries:
        for f in e["files"]:
            path = root / e["dir"] / f
            try:
                text, doc = read_text(path)
            except Exception as exc:  # noqa: BLE001 - report every unreadable file
                problems.append(f"{pid}/{f}: cannot read ({type(exc).__name__}: {exc})")
                continue
            if len(norm(text)) < 200:
                problems.append(f"{pid}/{f}: almost no text ({len(text)} chars)")
            if f == e["main_file"]:
                texts[pid] = norm(text)
                docs[pid] = doc
                if path.suffix == ".pdf" and doc is not None:
                    alt[pid] = norm(_fallback_text(path))
        if not uscc_valid(e["credit_code"]):
            problems.append(f"{pid}: company credit code {e['credit_code']} is not valid")
        if e.get("form_credit_code"):
            valid = uscc_valid(e["form_credit_code"])
            if valid == ("credit_code_invalid" in e.get("form_defects", [])):
                problems.append(f"{pid}: form credit code validity does not match the truth")
    templates = manifest["template_texts"]
    for pid, text in texts.items():
        for t in templates[:4]:
            if norm(t) not in text:
                if norm(t) in alt.get(pid, ""):
                    print(f"WARNING: {pid}: ingest.read text lacks a template sentence that pdftotext finds "
                          f"(reader ordering problem): {t[:20]}…")
                else:
                    problems.append(f"{pid}: template sentence missing: {t[:20]}…")
    # reuse passages occur on both sides
    for e in manifest["submissions"]:
        pid = e["submission_id"]
        for r in e["reuse"]:
            if norm(r["text"]) not in texts.get(pid, ""):
                problems.append(f"{pid}: reuse text not found in its file: {r['text'][:30]}…")
            if norm(r["source_text"]) not in texts.get(r["source"], ""):
                problems.append(f"{pid}: reuse source text not found in {r['source']}: {r['source_text'][:30]}…")
    # clean submissions share nothing beyond template text
    corpus_ids = [e["project_id"] for e in manifest["corpus"]]
    stripped = {pid: _strip_templates(t, templates) for pid, t in texts.items()}
    grams = {pid: _grams(t) for pid, t in stripped.items()}
    # a PDF reader may split a template sentence around a heading: runs holding a template chunk are template
    # runs found in >= COMMON_DF corpus documents are boilerplate (table headers, formulas, step names):
    # the same rule the similarity engine uses to exclude template text automatically
    df: dict[str, int] = {}
    for cid in corpus_ids:
        for g in grams.get(cid, set()):
            df[g] = df.get(g, 0) + 1
    tchunks = {norm(t)[i : i + 12] for t in templates for i in range(0, max(1, len(norm(t)) - 12), 6)}
    for e in manifest["submissions"]:
        pid = e["submission_id"]
        if not e.get("clean"):
            continue
        others = corpus_ids + [s["submission_id"] for s in manifest["submissions"] if s["submission_id"] != pid]
        for other in others:
            common = {g for g in grams.get(pid, set()) & grams.get(other, set())
                      if df.get(g, 0) < COMMON_DF and not any(c in g for c in tchunks)}
            if common:
                sample = sorted(common)[0]
                problems.append(f"{pid}: shares {len(common)} {K}-char runs with {other}, e.g. “{sample}”")
    # 5W1H columns as recorded
    for pid, e in entries:
        doc = docs.get(pid)
        if doc is None or not e.get("fivew1h", {}).get("found"):
            continue
        heads = [b.table.rows[0] for b in doc.blocks if b.kind == "table" and b.table is not None and b.table.rows]
        header_texts = [" ".join(c.text for c in row) for row in heads]
        fw = [h for h in header_texts if "措施" in h and ("负责人" in h or "责任人" in h)]
        if not fw:
            problems.append(f"{pid}: no 5W1H table found by header")
        elif ("地点" in fw[0]) != e["fivew1h"]["columns"]["where"]:
            problems.append(f"{pid}: 5W1H 地点 column does not match the truth")
    return problems
