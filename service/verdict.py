"""The 形式审查 verdict of a submission: the document check's verdict, tightened by what the
similarity stage found. `nlp.check` judges the document alone; copying and resubmission can only be
judged against the corpus, so the two meet here, where both results are at hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# 总文字复制比 thresholds. Chinese practice (spec/similarity.md): journals return manuscripts above
# 20 % and reject them above 40 %; the same bands are used here for 不得抄袭.
COPY_REVISE = 0.20
COPY_REJECT = 0.40

_RANK = {"参评": 0, "完善后参评": 1, "不评": 2}


@dataclass(frozen=True)
class Verdict:
    verdict: str | None  # 参评 | 完善后参评 | 不评 (None when the document could not be checked)
    reasons: list[str] = field(default_factory=list)  # Chinese, the similarity reasons first
    check_verdict: str | None = None  # what the document check alone said


def _worse(a: str | None, b: str) -> str:
    return b if a is None or _RANK[b] > _RANK.get(a, 0) else a


def combine(
    check: dict[str, Any] | None,
    similarity: dict[str, Any] | None,
    *,
    revise: float = COPY_REVISE,
    reject: float = COPY_REJECT,
) -> Verdict:
    check = check or {}
    base = check.get("verdict")
    verdict = base
    reasons: list[str] = []
    sim = similarity or {}
    for e in sim.get("eligibility") or []:
        verdict = _worse(verdict, "不评")
        reasons.append(f"参评资格：{e.get('message')}")
    for n in sim.get("near_duplicates") or []:
        if n.get("same_project"):
            verdict = _worse(verdict, "不评")
            src = n.get("source") or {}
            who = f"{src.get('year')} 年项目" if src.get("year") else "本批次其他项目"
            reasons.append(f"与{who}判定为同一项目（雷同，综合相似度 {float(n.get('score') or 0):.0%}），不得与历年项目雷同")
    ratio = sim.get("total_copy_ratio")
    if ratio is not None:
        if ratio >= reject:
            verdict = _worse(verdict, "不评")
            reasons.append(f"总文字复制比 {ratio:.1%}，达到 {reject:.0%}，不得抄袭")
        elif ratio >= revise:
            verdict = _worse(verdict, "完善后参评")
            reasons.append(f"总文字复制比 {ratio:.1%}，超过 {revise:.0%}，须改写复制内容后参评")
    if not (base == "参评" and verdict != base):  # "可直接参评" would contradict a tightened verdict
        reasons.extend(check.get("verdict_reasons") or [])
    return Verdict(verdict=verdict, reasons=reasons, check_verdict=base)
