"""One summary row per submission and one row per match: what summary.xlsx and summary.json show."""

from __future__ import annotations

from typing import Any

from nlp.sections import step_names

from ..verdict import combine

STEP_NAMES = step_names()
TYPE_NAMES = {"problem_solving": "问题解决型", "innovative": "创新型", "unknown": "未识别"}
TARGET_NAMES = {"self_set": "自定目标", "directive": "指令性目标"}
FIVEW1H_NAMES = {"what": "对策", "why": "目标", "who": "负责人", "where": "地点", "when": "时间", "how": "措施"}
SEVERITY_NAMES = {"fatal": "否决", "major": "严重", "minor": "一般", "info": "提示"}
KIND_NAMES = {"copy": "复制", "paraphrase": "改写"}

# CNKI-like bands for copy ratios (share in [0, 1]): (upper bound, css class, Chinese label, Excel fill).
BANDS = [
    (0.10, "band-low", "低（<10%）", "C6EFCE"),
    (0.30, "band-mid", "中（10%–30%）", "FFEB9C"),
    (0.50, "band-high", "高（30%–50%）", "F8CBAD"),
    (1.01, "band-severe", "很高（≥50%）", "FF9999"),
]


def band(ratio: float | None) -> tuple[str, str, str]:
    r = ratio or 0.0
    for upper, css, label, fill in BANDS:
        if r < upper:
            return css, label, fill
    return BANDS[-1][1], BANDS[-1][2], BANDS[-1][3]


def pct(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.1f}%"


def _form_fields(check: dict[str, Any]) -> dict[str, Any]:
    form = check.get("form") or {}
    fields = form.get("fields") if isinstance(form, dict) else None
    return fields if isinstance(fields, dict) else {}


def _first(d: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = d.get(k)
        if isinstance(v, dict):
            v = v.get("value")
        if v:
            return str(v)
    return None


def company_of(check: dict[str, Any]) -> str | None:
    return _first(check, ("company",)) or _first(_form_fields(check), ("company", "申报单位", "单位名称", "企业名称"))


def credit_code_of(check: dict[str, Any]) -> str | None:
    return _first(_form_fields(check), ("credit_code", "统一社会信用代码"))


def title_of(state: dict[str, Any]) -> str | None:
    chk = state.get("check") or {}
    return (
        _first(chk, ("title",))
        or _first(_form_fields(chk), ("title", "项目名称", "课题名称", "成果名称"))
        or state.get("title")
    )


def source_label(src: dict[str, Any] | None, *, redacted: bool = False) -> str:
    """'2021 年 某公司《标题》'; for redacted views only '2021 年某企业项目'."""
    if not src:
        return "—"
    year = src.get("year")
    y = f"{year} 年" if year else ("本批次" if src.get("batch") else "")
    if redacted:
        return f"{y}{'其他申报项目' if src.get('batch') else '某企业项目'}"
    who = src.get("company") or ""
    title = src.get("title") or src.get("submission") or src.get("project_id") or ""
    tag = f"（本批次 {src.get('submission')}）" if src.get("batch") and src.get("submission") else ""
    return f"{y} {who}《{title}》{tag}".strip()


def missing_steps(check: dict[str, Any]) -> list[str]:
    return [
        s.get("name") or STEP_NAMES.get(s.get("id", ""), s.get("id", ""))
        for s in check.get("steps", [])
        if not s.get("present")
    ]


def incomplete_steps(check: dict[str, Any]) -> list[str]:
    out = []
    for s in check.get("steps", []):
        if s.get("present") and s.get("complete") is False:
            name = s.get("name") or STEP_NAMES.get(s.get("id", ""), s.get("id", ""))
            miss = "、".join(s.get("missing") or [])
            out.append(f"{name}（缺{miss}）" if miss else name)
    return out


def fivew1h_status(check: dict[str, Any]) -> str:
    f = check.get("fivew1h") or {}
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


def tool_score(check: dict[str, Any]) -> str:
    for item in (check.get("score") or {}).get("items", []):
        if "工具" in str(item.get("name", "")):
            return f"{item.get('score')}/{item.get('max')}"
    tools = check.get("tools") or []
    if not tools:
        return "未识别到工具"
    good = sum(1 for t in tools if t.get("appropriate"))
    return f"{good}/{len(tools)} 使用恰当"


def row(state: dict[str, Any], *, year: int) -> dict[str, Any]:
    chk = state.get("check") or {}
    sim = state.get("similarity") or {}
    score = chk.get("score") or {}
    near = [n for n in sim.get("near_duplicates", []) if n.get("same_project")]
    final = combine(chk, sim)
    return {
        "submission": state["id"],
        "year": year,
        "company": company_of(chk),
        "title": title_of(state),
        "main_file": state.get("main_file"),
        "form_file": state.get("form_file"),
        "type": TYPE_NAMES.get(chk.get("project_type", ""), chk.get("project_type")) if chk else None,
        "target_kind": TARGET_NAMES.get(chk.get("target_kind") or "", None) if chk else None,
        "steps_missing": missing_steps(chk) if chk else [],
        "steps_incomplete": incomplete_steps(chk) if chk else [],
        "fivew1h": fivew1h_status(chk) if chk else None,
        "tool_score": tool_score(chk) if chk else None,
        "score": score.get("total"),
        "score_max": score.get("max"),
        "grade": score.get("grade"),
        "verdict": final.verdict,
        "verdict_reasons": final.reasons,
        "fatal_findings": [
            f"{f.get('rule')} {f.get('message')}" for f in chk.get("findings", []) if f.get("severity") == "fatal"
        ],
        "total_copy_ratio": sim.get("total_copy_ratio"),
        "max_single_source_ratio": sim.get("max_single_source_ratio"),
        "max_source": source_label(sim.get("max_source")) if sim.get("max_source") else None,
        "same_project": bool(near),
        "same_project_sources": [source_label(n.get("source")) for n in near],
        "eligibility": [e.get("message") for e in sim.get("eligibility", [])],
        "semantic_checked": sim.get("semantic_checked"),
        "read_errors": [f"{e.get('file')}：{e.get('code')} {e.get('reason')}" for e in state.get("errors", [])],
        "report": state.get("report"),
    }


def matches(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every passage of every submission with its source: the second sheet of summary.xlsx."""
    out = []
    for st in results:
        sim = st.get("similarity") or {}
        for sm in sim.get("sources", []):
            src = sm.get("source") or {}
            for p in sm.get("passages", []):
                out.append(
                    {
                        "submission": st["id"],
                        "source_year": src.get("year"),
                        "source_company": src.get("company"),
                        "source_title": src.get("title"),
                        "source_id": src.get("submission") or src.get("project_id"),
                        "batch": bool(src.get("batch")),
                        "kind": KIND_NAMES.get(p.get("kind"), p.get("kind")),
                        "source_copy_ratio": sm.get("copy_ratio"),
                        "share": (p["a_end"] - p["a_start"]) / sim["chars"] if sim.get("chars") else None,
                        "score": p.get("score"),
                        "a_start": p.get("a_start"),
                        "a_end": p.get("a_end"),
                        "b_start": p.get("b_start"),
                        "b_end": p.get("b_end"),
                        "a_pages": p.get("a_pages") or [],
                        "b_pages": p.get("b_pages") or [],
                        "a_text": (p.get("a_text") or "")[:300],
                    }
                )
    return out
