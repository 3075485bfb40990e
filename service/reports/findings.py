"""What the report says about problems and points: every finding (the document's, and copying, 雷同
and eligibility from the similarity stage) with its quoted evidence, 修改建议 and place; every point
deducted explained; a legend of the rule ids used; the rubric's Chinese name."""

from __future__ import annotations

from dataclasses import dataclass

from index.report import SimilarityReport
from nlp import rubric as rubrics
from nlp.report import CheckReport
from nlp.rubric import ScoreItem
from nlp.rulebook import rulebook

from ..labels import RULE_MEANINGS, SEVERITY_NAMES, SEVERITY_ORDER, where
from ..redact import RedactedSimilarity
from ..verdict import similarity_findings


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str
    severity_name: str
    message: str
    where: str
    evidence: str | None = None
    advice: str | None = None


@dataclass(frozen=True)
class ScoreRow:
    name: str
    score: float | None
    max: float
    explanation: str


def _rubric(check: CheckReport) -> rubrics.Rubric | None:
    rid = check.score.rubric
    if not rid:
        return None
    try:
        return rubrics.load(str(rid))
    except rubrics.RubricError:
        return None  # a report saved under a rubric id that no longer exists still renders


def rubric_name(check: CheckReport) -> str:
    rb = _rubric(check)
    return rb.name if rb is not None else check.score.rubric


def finding_views(
    check: CheckReport | None, similarity: SimilarityReport | RedactedSimilarity | None, fmt: str
) -> list[FindingView]:
    """Similarity findings first (they decide most verdicts), then the document's, by severity."""
    out = []
    if similarity is not None:
        for f in similarity_findings(similarity):
            out.append(FindingView(f.rule, f.severity, SEVERITY_NAMES[f.severity], f.message, "全文"))
    for d in check.findings if check is not None else []:
        place = where(d.pages, fmt)
        out.append(
            FindingView(
                rule=d.rule,
                severity=d.severity,
                severity_name=SEVERITY_NAMES.get(d.severity, d.severity),
                message=d.message,
                where=place,
                evidence=d.evidence,
                advice=d.advice,
            )
        )
    order = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    return sorted(out, key=lambda f: order.get(f.severity, 9))


def legend(check: CheckReport | None, findings: list[FindingView]) -> list[tuple[str, str]]:
    """(rule id, what it means) for every rule the report names."""
    meanings = dict(RULE_MEANINGS)
    rb = _rubric(check) if check is not None else None
    book = rulebook()
    for r in rb.rules if rb is not None else []:
        meanings.setdefault(r.id, book.rules[r.id].title)
    seen: list[str] = []
    for f in findings:
        if f.rule not in seen:
            seen.append(f.rule)
    return [(rid, meanings.get(rid, "")) for rid in seen]


def _explain(check: CheckReport, item: ScoreItem, tool_points: float) -> str:
    name = item.name
    deducted = item.deducted or 0.0
    parts = []
    rules = sorted({f.rule for f in check.findings if f.item == name})
    if deducted:
        parts.append(f"问题扣 {deducted:g} 分（{'、'.join(rules) or '见问题清单'}）")
    score, mx = item.score, item.max
    if score is not None:
        rest = round(mx - score - deducted, 1)
        if rest > 0 and tool_points:
            parts.append(
                f"统计方法部分按工具运用得分计：{tool_points - rest:g}/{tool_points:g}（扣 {rest:g} 分，见“质量工具运用”）"
            )
        elif rest > 0:
            parts.append(f"另扣 {rest:g} 分")
    if not item.scorable:
        return "在陈述答辩中评定，材料审查不评分"
    return "；".join(parts) if parts else "未扣分"


def score_rows(check: CheckReport) -> list[ScoreRow]:
    rb = _rubric(check)
    tool_points = {it.name: it.tool_points for it in rb.items} if rb is not None else {}
    rows = []
    for item in check.score.items:
        name = item.name
        rows.append(
            ScoreRow(
                name=name,
                score=item.score,
                max=item.max,
                explanation=_explain(check, item, tool_points.get(name, 0.0)),
            )
        )
    return rows
