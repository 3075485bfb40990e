"""The 形式审查 verdict of a submission: the document check's verdict, tightened by what the
similarity stage found. `nlp.check` judges the document alone; copying and resubmission can only be
judged against the corpus, so the two meet here, where both results are at hand."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from index.report import SimilarityReport
from nlp.report import CheckReport

from .redact import RedactedSimilarity

# 总文字复制比 thresholds. Chinese practice (spec/similarity.md): journals return manuscripts above
# 20 % and reject them above 40 %; the same bands are used here for 不得抄袭.
COPY_REVISE = 0.20
COPY_REJECT = 0.40

_RANK = {"参评": 0, "需人工复核": 1, "完善后参评": 2, "不评": 3}


class Verdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    verdict: str | None  # 参评 | 完善后参评 | 不评 | 需人工复核 (None when the document could not be checked)
    reasons: list[str] = Field(default_factory=list)  # Chinese, the similarity reasons first
    check_verdict: str | None = None  # what the document check alone said


def _worse(a: str | None, b: str) -> str:
    return b if a is None or _RANK[b] > _RANK.get(a, 0) else a


class SimilarityFinding(BaseModel):
    """What the similarity stage found, as a finding of the report and a reason of the verdict."""

    model_config = ConfigDict(frozen=True)

    rule: str  # E-REPEAT / E-AWARDED (index), C-SAME (雷同), C-COPY (总文字复制比), C-NAME (another applicant's name)
    severity: str  # fatal | major | info
    verdict: str  # what it calls for: 不评 | 完善后参评 | 需人工复核
    message: str  # Chinese; from a redacted report it names no other company


def similarity_findings(
    sim: SimilarityReport | RedactedSimilarity, *, revise: float = COPY_REVISE, reject: float = COPY_REJECT
) -> list[SimilarityFinding]:
    out = [
        SimilarityFinding(rule=e.rule, severity="fatal", verdict="不评", message=f"参评资格：{e.message}")
        for e in sim.eligibility
    ]
    for n in sim.near_duplicates:
        if n.same_project:
            who = f"{n.source.year} 年项目" if n.source.year else "本批次其他项目"
            msg = f"与{who}判定为同一项目（雷同，综合相似度 {n.score:.0%}），不得与历年项目雷同"
            out.append(SimilarityFinding(rule="C-SAME", severity="fatal", verdict="不评", message=msg))
    for m in sim.mentions:  # a name can be a customer or a supplier: a person decides, never a veto
        out.append(SimilarityFinding(rule="C-NAME", severity="info", verdict="需人工复核", message=m.message))
    ratio = sim.total_copy_ratio
    if ratio >= reject:
        msg = f"总文字复制比 {ratio:.1%}，达到 {reject:.0%}，不得抄袭"
        out.append(SimilarityFinding(rule="C-COPY", severity="fatal", verdict="不评", message=msg))
    elif ratio >= revise:
        msg = f"总文字复制比 {ratio:.1%}，超过 {revise:.0%}，须改写复制内容后参评"
        out.append(SimilarityFinding(rule="C-COPY", severity="major", verdict="完善后参评", message=msg))
    return out


def combine(
    check: CheckReport | None,
    similarity: SimilarityReport | RedactedSimilarity | None,
    *,
    revise: float = COPY_REVISE,
    reject: float = COPY_REJECT,
) -> Verdict:
    base = check.verdict if check is not None else None
    verdict = base
    reasons: list[str] = []
    if similarity is not None:
        for f in similarity_findings(similarity, revise=revise, reject=reject):
            verdict = _worse(verdict, f.verdict)
            reasons.append(f.message)
    if check is not None and not (base == "参评" and verdict != base):  # "可直接参评" would contradict it
        reasons.extend(check.verdict_reasons)
    return Verdict(verdict=verdict, reasons=reasons, check_verdict=base)
