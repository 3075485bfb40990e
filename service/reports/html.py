"""The expert's report: one self-contained HTML page per submission (inline CSS and SVG, prints to A4).

`render(check, similarity)` is the seam other code calls; `render_submission(state)` renders what the
batch pipeline saved for one submission. `redacted=True` is the recommender's view: sources become
"2021 年某企业项目" and the source side of each passage is never included.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ingest.model import BlockKind, Document

from ..verdict import combine
from . import summary as S  # noqa: N812 - short alias, used everywhere in this module

_env = Environment(loader=PackageLoader("service.reports", "templates"), autoescape=select_autoescape(["html"]))
_env.filters["pct"] = S.pct
_env.globals["band"] = S.band

SEVERITY_ORDER = ["fatal", "major", "minor", "info"]
STATUS_COLOURS = {"ok": "#2e7d32", "partial": "#f9a825", "missing": "#c62828"}
CONTEXT = 60  # characters of the submission shown around a matched passage


def _step_rows(check: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for s in check.get("steps", []):
        status = "missing" if not s.get("present") else ("partial" if s.get("complete") is False else "ok")
        rows.append(
            {
                "id": s.get("id"),
                "name": s.get("name") or S.STEP_NAMES.get(s.get("id", ""), s.get("id")),
                "status": status,
                "pages": s.get("pages") or [],
                "missing": s.get("missing") or [],
            }
        )
    return rows


def timeline_svg(steps: list[dict[str, Any]], unit: str = "页") -> Markup:
    """The steps in order as a row of dots: green present, amber incomplete, red missing."""
    if not steps:
        return Markup("")
    gap, r, top = 64, 11, 26
    width = gap * len(steps) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} 118" '
        f'width="100%" role="img" aria-label="步骤时间线">',
        f'<line x1="{20 + gap // 2}" y1="{top}" x2="{gap * len(steps) - gap // 2 + 20}" y2="{top}" '
        'stroke="#9e9e9e" stroke-width="3"/>',
    ]
    for i, s in enumerate(steps):
        x = 20 + gap * i + gap // 2
        colour = STATUS_COLOURS[s["status"]]
        mark = {"ok": "✓", "partial": "!", "missing": "✗"}[s["status"]]
        parts.append(f'<circle cx="{x}" cy="{top}" r="{r}" fill="{colour}"/>')
        parts.append(f'<text x="{x}" y="{top + 4}" text-anchor="middle" font-size="12" fill="#fff">{mark}</text>')
        name = s["name"]
        lines = [name[:5], name[5:10], name[10:15]] if len(name) > 5 else [name]
        for j, line in enumerate(x for x in lines if x):
            parts.append(
                f'<text x="{x}" y="{top + 28 + 13 * j}" text-anchor="middle" font-size="11">{escape(line)}</text>'
            )
        if s["pages"]:
            # the span only (first–last): a list of paragraph numbers overlaps the next step's label
            first, last = s["pages"][0], s["pages"][-1]
            nums = str(first) if first == last else f"{first}–{last}"
            pg = f"第{nums}段" if unit == "段" else f"第{nums}页"
            parts.append(f'<text x="{x}" y="{top + 72}" text-anchor="middle" font-size="10" fill="#616161">{pg}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def ratio_bars_svg(sources: list[dict[str, Any]]) -> Markup:
    """One horizontal bar per source: copy share (red) and paraphrase share (orange)."""
    if not sources:
        return Markup("")
    label_w, bar_w, row_h = 260, 360, 24
    height = row_h * len(sources) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {label_w + bar_w + 70} {height}" '
        f'width="100%" role="img" aria-label="各来源复制比">'
    ]
    for i, s in enumerate(sources):
        y = 8 + i * row_h
        cw = bar_w * min(1.0, s["copy_ratio"] or 0.0)
        pw = bar_w * min(1.0 - min(1.0, s["copy_ratio"] or 0.0), s.get("paraphrase_ratio") or 0.0)
        label = s["label"] if len(s["label"]) <= 24 else s["label"][:23] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="11">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="16" fill="#eeeeee"/>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{cw:.1f}" height="16" fill="#d32f2f"/>')
        parts.append(f'<rect x="{label_w + cw:.1f}" y="{y}" width="{pw:.1f}" height="16" fill="#fb8c00"/>')
        total = (s["copy_ratio"] or 0) + (s.get("paraphrase_ratio") or 0)
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 13}" font-size="11">{S.pct(total)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _fivew1h_table(check: dict[str, Any], doc: Document | None) -> dict[str, Any] | None:
    """The 对策表 as found in the document, with empty cells marked."""
    f = check.get("fivew1h") or {}
    if not f.get("found") or doc is None:
        return None
    pages = set(f.get("pages") or [])
    best = None
    for b in doc.blocks:
        if b.kind != BlockKind.table or b.table is None:
            continue
        if pages and b.source.page not in pages:
            continue
        if best is None or b.table.n_rows * b.table.n_cols > best.n_rows * best.n_cols:
            best = b.table
    if best is None:
        return None
    grid = best.grid()
    incomplete = set(f.get("incomplete_rows") or [])
    rows = []
    for i, r in enumerate(grid):
        rows.append(
            {
                "header": i == 0,
                "incomplete": i in incomplete,
                "cells": [{"text": c, "empty": c is not None and not c.strip() and i > 0} for c in r if c is not None],
            }
        )
    return {"rows": rows}


def _passages(sm: dict[str, Any], doc_text: str | None, redacted: bool) -> list[dict[str, Any]]:
    out = []
    for p in sm.get("passages", []):
        a_text = p.get("a_text")
        before = after = ""
        if doc_text is not None:
            a_text = doc_text[p["a_start"] : p["a_end"]]
            before = doc_text[max(0, p["a_start"] - CONTEXT) : p["a_start"]]
            after = doc_text[p["a_end"] : p["a_end"] + CONTEXT]
        out.append(
            {
                "kind": p.get("kind"),
                "kind_name": S.KIND_NAMES.get(p.get("kind"), p.get("kind")),
                "score": p.get("score"),
                "a_text": a_text or "",
                "before": before,
                "after": after,
                "b_text": None if redacted else p.get("b_text"),
                "a_pages": p.get("a_pages") or [],
                "b_pages": [] if redacted else (p.get("b_pages") or []),
                "a_range": f"{p['a_start']}–{p['a_end']}",
                "b_range": None if redacted else f"{p['b_start']}–{p['b_end']}",
            }
        )
    return out


def _similarity_view(sim: dict[str, Any] | None, doc: Document | None, redacted: bool) -> dict[str, Any] | None:
    if not sim:
        return None
    doc_text = doc.text if doc is not None else None
    sources = []
    for sm in sim.get("sources", []):
        src = sm.get("source") or {}
        sources.append(
            {
                "label": S.source_label(src, redacted=redacted),
                "year": src.get("year"),
                "company": None if redacted else src.get("company"),
                "title": None if redacted else src.get("title"),
                "batch": bool(src.get("batch")),
                "copy_ratio": sm.get("copy_ratio") or 0.0,
                "paraphrase_ratio": sm.get("paraphrase_ratio") or 0.0,
                "passages": _passages(sm, doc_text, redacted),
            }
        )
    near = [
        {
            "label": S.source_label(n.get("source"), redacted=redacted),
            "score": n.get("score"),
            "same_project": n.get("same_project"),
            "reasons": [] if redacted else (n.get("reasons") or []),
            "parts": n.get("parts") or {},
        }
        for n in sim.get("near_duplicates", [])
    ]
    elig = [
        {
            "rule": e.get("rule"),
            "severity": e.get("severity"),
            "message": (
                f"与{S.source_label(e.get('source'), redacted=True)}可能为同一项目重复申报，请核实。"
                if redacted
                else e.get("message")
            ),
        }
        for e in sim.get("eligibility", [])
    ]
    tr = sim.get("total_copy_ratio") or 0.0
    mr = sim.get("max_single_source_ratio") or 0.0
    return {
        "total": tr,
        "total_band": S.band(tr),
        "max": mr,
        "max_band": S.band(mr),
        "max_label": S.source_label(sim.get("max_source"), redacted=redacted) if sim.get("max_source") else "—",
        "sources": sources,
        "bars": ratio_bars_svg(sources),
        "near": near,
        "eligibility": elig,
        "template": sim.get("template"),
        "semantic_checked": sim.get("semantic_checked"),
        "semantic_error": sim.get("semantic_error"),
        "chars": sim.get("chars"),
    }


def render(
    check: dict[str, Any] | None,
    similarity: dict[str, Any] | None,
    *,
    doc: Document | None = None,
    title: str | None = None,
    company: str | None = None,
    file: str | None = None,
    form_file: str | None = None,
    year: int | None = None,
    errors: list[dict[str, Any]] | None = None,
    semantic_message: str | None = None,
    redacted: bool = False,
    links: list[tuple[str, str]] | None = None,
) -> str:
    check = check or {}
    steps = _step_rows(check)
    findings = sorted(
        check.get("findings", []),
        key=lambda f: SEVERITY_ORDER.index(f.get("severity")) if f.get("severity") in SEVERITY_ORDER else 9,
    )
    groups = [
        (sev, S.SEVERITY_NAMES.get(sev, sev), [f for f in findings if f.get("severity") == sev])
        for sev in SEVERITY_ORDER
    ]
    order = list(S.STEP_NAMES)
    by_id: dict[str, list[dict[str, Any]]] = {}
    for t in check.get("tools", []):
        for st in t.get("steps") or ["(未定位)"]:
            by_id.setdefault(st, []).append(t)
    tools_by_step = {
        S.STEP_NAMES.get(k, k): v
        for k, v in sorted(by_id.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    }
    f5 = check.get("fivew1h") or {}
    name = (file or check.get("file") or "").lower()
    unit = "段" if name.endswith((".docx", ".doc", ".txt", ".wps")) else "页"
    return _env.get_template("report.html").render(
        unit=unit,
        timeline=timeline_svg(steps, unit),
        check=check,
        final=combine(check, similarity),
        title=title or check.get("title") or file or "未命名项目",
        company=company,
        file=file or check.get("file"),
        form_file=form_file,
        year=year,
        type_name=S.TYPE_NAMES.get(check.get("project_type", ""), "未识别") if check else None,
        target_name=S.TARGET_NAMES.get(check.get("target_kind") or ""),
        steps=steps,
        fivew1h=f5,
        fivew1h_cols=[(S.FIVEW1H_NAMES.get(k, k), v) for k, v in (f5.get("columns") or {}).items()],
        fivew1h_status=S.fivew1h_status(check) if check else None,
        fivew1h_table=_fivew1h_table(check, doc),
        tools_by_step=tools_by_step,
        finding_groups=[g for g in groups if g[2]],
        score=check.get("score"),
        sim=_similarity_view(similarity, doc, redacted),
        errors=errors or [],
        semantic_message=semantic_message,
        redacted=redacted,
        links=links or [],
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


def render_submission(
    state: dict[str, Any], *, year: int | None = None, semantic_message: str | None = None, doc: Document | None = None
) -> str:
    chk = state.get("check") or {}
    return render(
        chk,
        state.get("similarity"),
        doc=doc,
        title=S.title_of(state),
        company=S.company_of(chk),
        file=state.get("main_file") or state["id"],
        form_file=state.get("form_file"),
        year=year,
        errors=state.get("errors"),
        semantic_message=semantic_message,
    )


def to_pdf(html_path: Path, out_dir: Path | None = None, timeout_s: float = 120.0) -> Path:
    """Export a report to PDF with LibreOffice (`soffice --convert-to pdf`)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("未找到 LibreOffice（soffice），无法导出 PDF。请安装 libreoffice-writer。")
    out_dir = out_dir or html_path.parent
    with tempfile.TemporaryDirectory(prefix="qcscreen-lo-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf:writer_web_pdf_Export",
                "--outdir",
                str(out_dir),
                str(html_path),
            ],
            check=True,
            capture_output=True,
            timeout=timeout_s,
        )
    pdf = out_dir / (html_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice 未生成 PDF：{pdf.name}")
    return pdf
