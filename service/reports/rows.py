"""One summary row per submission and one row per match: what summary.xlsx, summary.json and a job's
status show. Built from the typed results; the Chinese wording of each cell is decided here."""

from __future__ import annotations

from nlp.report import CheckReport

from ..labels import FIVEW1H_NAMES, KIND_NAMES, TARGET_NAMES, source_label, type_name
from ..results import MatchRow, SubmissionResult, SummaryRow
from ..verdict import combine


def missing_steps(check: CheckReport) -> list[str]:
    return [s.name for s in check.steps if not s.present]


def incomplete_steps(check: CheckReport) -> list[str]:
    out = []
    for s in check.steps:
        if s.present and not s.complete:
            out.append(f"{s.name}（缺{'、'.join(s.missing)}）" if s.missing else s.name)
    return out


def fivew1h_status(check: CheckReport) -> str:
    f = check.fivew1h or {}
    if not f.get("found"):
        return "未找到对策表"
    cols = [FIVEW1H_NAMES.get(k, k) for k, v in (f.get("columns") or {}).items() if not v]
    rows = f.get("incomplete_rows") or []
    parts = []
    if cols:
        parts.append("缺" + "、".join(cols) + "栏")
    if rows:
        parts.append("第" + "、".join(str(r) for r in rows) + "行不完整")
    return "；".join(parts) if parts else f"完整（{f.get('rows', 0)} 行）"


def tool_score(check: CheckReport) -> str:
    for item in check.score.get("items", []):
        if "工具" in str(item.get("name", "")):
            return f"{item.get('score')}/{item.get('max')}"
    if not check.tools:
        return "未识别到工具"
    good = sum(1 for t in check.tools if t.get("appropriate"))
    return f"{good}/{len(check.tools)} 使用恰当"


def _check_cells(check: CheckReport) -> dict[str, object]:
    return {
        "type": type_name(check.project_type),
        "target_kind": TARGET_NAMES.get(check.target_kind or ""),
        "steps_missing": missing_steps(check),
        "steps_incomplete": incomplete_steps(check),
        "fivew1h": fivew1h_status(check),
        "tool_score": tool_score(check),
        "score": check.score.get("total"),
        "score_max": check.score.get("max"),
        "grade": check.score.get("grade"),
        "fatal_findings": [f"{f.rule} {f.message}" for f in check.findings if f.severity == "fatal"],
    }


def summary_row(result: SubmissionResult, *, year: int) -> SummaryRow:
    sim = result.similarity
    final = combine(result.check, sim)
    near = [n for n in sim.near_duplicates if n.same_project] if sim is not None else []
    return SummaryRow.model_validate(
        {
            "submission": result.id,
            "year": year,
            "company": result.company,
            "title": result.display_title,
            "main_file": result.main_file,
            "form_file": result.form_file,
            "record_file": result.record_file,
            **(_check_cells(result.check) if result.check is not None else {}),
            "verdict": final.verdict,
            "verdict_reasons": final.reasons,
            "total_copy_ratio": sim.total_copy_ratio if sim is not None else None,
            "max_single_source_ratio": sim.max_single_source_ratio if sim is not None else None,
            "max_source": source_label(sim.max_source) if sim is not None and sim.max_source else None,
            "same_project": bool(near),
            "same_project_sources": [source_label(n.source) for n in near],
            "eligibility": [e.message for e in sim.eligibility] if sim is not None else [],
            "semantic_checked": sim.semantic_checked if sim is not None else None,
            "read_errors": [f"{e.file}：{e.code} {e.reason}" for e in result.errors],
            "report": result.report,
        }
    )


def match_rows(results: list[SubmissionResult]) -> list[MatchRow]:
    """Every passage of every submission with its source: the second sheet of summary.xlsx."""
    out = []
    for res in results:
        sim = res.similarity
        if sim is None:
            continue
        for sm in sim.sources:
            src = sm.source
            for p in sm.passages:
                out.append(
                    MatchRow(
                        submission=res.id,
                        source_year=src.year,
                        source_company=src.company,
                        source_title=src.title,
                        source_id=src.project_id,
                        batch=src.batch,
                        kind=KIND_NAMES.get(p.kind, p.kind),
                        source_copy_ratio=sm.copy_ratio,
                        share=(p.a_end - p.a_start) / sim.chars if sim.chars else None,
                        score=p.score,
                        a_start=p.a_start,
                        a_end=p.a_end,
                        b_start=p.b_start,
                        b_end=p.b_end,
                        a_pages=p.a_pages,
                        b_pages=p.b_pages,
                        a_text=(p.a_text or "")[:300],
                    )
                )
    return out
