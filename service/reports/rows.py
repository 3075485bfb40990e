"""One summary row per submission and one row per match: what summary.xlsx, summary.json and a job's
status show. Built from the typed results; the Chinese wording of each cell is decided here."""

from __future__ import annotations

from nlp.report import CheckReport

from ..labels import (
    FIVEW1H_NAMES,
    KIND_NAMES,
    TARGET_NAMES,
    file_format,
    sentence_list,
    source_label,
    type_name,
    where,
)
from ..results import FileError, MatchRow, SubmissionResult, SummaryRow
from ..roster import RosterCheck
from ..verdict import combine
from .similarity_view import EVIDENCE_NAMES


def missing_steps(check: CheckReport) -> list[str]:
    return [s.name for s in check.steps if not s.present]


def incomplete_steps(check: CheckReport) -> list[str]:
    out = []
    for s in check.steps:
        if s.present and not s.complete:
            out.append(f"{s.name}（缺{'、'.join(s.missing)}）" if s.missing else s.name)
    return out


def fivew1h_status(check: CheckReport) -> str:
    f = check.fivew1h
    if not f.found:
        return "未找到对策表"
    cols = [FIVEW1H_NAMES.get(k, k) for k, v in f.columns.items() if not v]
    rows = f.incomplete_rows
    parts = []
    if cols:
        parts.append("缺" + "、".join(cols) + "栏")
    if rows:
        parts.append("第" + "、".join(str(r) for r in rows) + "行不完整")
    return "；".join(parts) if parts else f"完整（{f.rows} 行）"


def tool_score(check: CheckReport) -> str:
    for item in check.score.items:
        if "工具" in item.name:
            return f"{item.score}/{item.max}"
    if not check.tools:
        return "未识别到工具"
    good = sum(1 for t in check.tools if t.appropriate)
    return f"{good}/{len(check.tools)} 使用恰当"


def _check_cells(check: CheckReport) -> dict[str, object]:
    return {
        "type": type_name(check.project_type),
        "target_kind": TARGET_NAMES.get(check.target_kind or ""),
        "steps_missing": missing_steps(check),
        "steps_incomplete": incomplete_steps(check),
        "fivew1h": fivew1h_status(check),
        "tool_score": tool_score(check),
        "score": check.score.total,
        "score_max": check.score.max,
        "grade": check.score.grade,
        "fatal_findings": [f"{f.rule} {f.message}" for f in check.findings if f.severity == "fatal"],
    }


def basis(verdict_reasons: list[str], errors: list[FileError], checked: bool) -> str:
    """结论依据: why the verdict is what it is, in one cell; for a submission that could not be checked,
    why not."""
    if not checked:
        return sentence_list(
            ["未能检查：" + (e.message or f"{e.file}：{e.reason}") for e in errors] or ["未能检查：没有可读取的文件"]
        )
    return sentence_list(verdict_reasons)


def main_format(result: SubmissionResult) -> str:
    main = next((f for f in result.files if f.role == "main"), None)
    return main.format if main is not None and main.format else file_format(result.main_file)


def summary_row(result: SubmissionResult, *, year: int, roster: RosterCheck | None = None) -> SummaryRow:
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
            "basis": basis(final.reasons, result.errors, result.check is not None),
            "roster": [i.message for i in roster.for_submission(result.id)] if roster is not None else [],
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
    """Every passage of every submission with its source, in human labels."""
    out = []
    for res in results:
        sim = res.similarity
        if sim is None:
            continue
        fmt = main_format(res)
        for sm in sim.sources:
            src = sm.source
            for p in sm.passages:
                chars = p.a_end - p.a_start
                out.append(
                    MatchRow(
                        submission=res.id,
                        source=source_label(src),
                        source_year="本批次" if src.batch else str(src.year or ""),
                        source_company=src.company,
                        source_id=src.project_id,
                        batch=src.batch,
                        kind=KIND_NAMES.get(p.kind, p.kind),
                        chars=chars,
                        share=chars / sim.chars if sim.chars else None,
                        source_copy_ratio=sm.copy_ratio,
                        score=p.score,
                        a_where=p.a_label or where(p.a_pages, fmt),
                        b_where=p.b_label or where(p.b_pages, file_format(src.file)),
                        evidence=EVIDENCE_NAMES.get(p.evidence, p.evidence),
                        a_text=(p.a_text or "")[:300],
                    )
                )
    return out
