"""Eligibility rules on the corpus: a project may not be submitted again (Binhai: "往年已申报的项目
不予受理"; "不得与历年项目雷同"), and an awarded project may not be awarded twice.

* E-REPEAT — the same company (统一社会信用代码, or the company name when a code is missing) submitted
  a project with the same or a near-same title (normalised character similarity ≥ `TITLE_SIMILARITY`)
  in an earlier year.
* E-AWARDED — the submission is judged the same project as an awarded corpus project: an E-REPEAT
  match, a near-duplicate judged the same project, or a single source covering at least
  `SAME_PROJECT_COPY` of the submission's text.

Messages are Chinese. They name the earlier project by year and id; company and title are in
`source` (which the service may redact by role).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from index.copy.fingerprint import fold_text
from index.report import EligibilityFinding, NearDuplicate, SourceInfo, SourceMatch
from index.store import ProjectMeta
from ingest.model import Document

TITLE_SIMILARITY = 0.8
SAME_PROJECT_COPY = 0.5


# Both are asked of every corpus project for every submission (`repeat_findings`): 100k projects, ≈ 2
# CPU s a submission uncached; an archive holds far fewer distinct companies and codes than projects.
@lru_cache(maxsize=1 << 16)
def _norm_company(s: str | None) -> str:
    return fold_text(s).text if s else ""


@lru_cache(maxsize=1 << 16)
def _norm_code(s: str | None) -> str:
    return "".join(ch for ch in (s or "").upper() if ch.isalnum())


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _bigrams(s: str) -> list[str]:
    return [s[i : i + 2] for i in range(len(s) - 1)] or [s]


def title_similarity(a: str | None, b: str | None) -> float:
    """Normalised character similarity of two titles (folded: punctuation, width, script ignored):
    the larger of 1 − edit distance / longer length and the Dice coefficient of character bigrams.
    Dice keeps a renamed resubmission close when words are added ("进一步降低…" vs "降低…")."""
    fa, fb = fold_text(a or "").text, fold_text(b or "").text
    if not fa or not fb:
        return 0.0
    edit = 1.0 - levenshtein(fa, fb) / max(len(fa), len(fb))
    ga, gb = _bigrams(fa), _bigrams(fb)
    pool = list(gb)
    shared = 0
    for g in ga:
        if g in pool:
            pool.remove(g)
            shared += 1
    dice = 2 * shared / (len(ga) + len(gb))
    return max(edit, dice)


def same_company(a: ProjectMeta, b: ProjectMeta) -> bool:
    return _same_company(_norm_code(a.credit_code), _norm_company(a.company), b)


def _same_company(code: str, company: str, b: ProjectMeta) -> bool:
    """`same_company(a, b)` given a's normalised credit code and company name."""
    other = _norm_code(b.credit_code)
    if code and other:
        return code == other
    return bool(company) and company == _norm_company(b.company)


def _info(pid: str, m: ProjectMeta) -> SourceInfo:
    return SourceInfo(project_id=pid, year=m.year, company=m.company, title=m.title, award=m.award)


def repeat_findings(sub: ProjectMeta, metas: Mapping[str, ProjectMeta], excluded: set[str]) -> list[EligibilityFinding]:
    out: list[EligibilityFinding] = []
    if not (sub.title and (sub.company or sub.credit_code)):
        return out
    code, company = _norm_code(sub.credit_code), _norm_company(sub.company)
    for pid, m in metas.items():
        if pid in excluded or not _same_company(code, company, m):
            continue
        if sub.year is not None and m.year is not None and m.year >= sub.year:
            continue
        sim = title_similarity(sub.title, m.title)
        if sim < TITLE_SIMILARITY:
            continue
        same = "相同" if sim >= 0.999 else f"相近（相似度 {sim:.0%}）"
        out.append(
            EligibilityFinding(
                rule="E-REPEAT",
                severity="fatal",
                message=f"本单位已于 {m.year or '往'} 年申报过课题名称{same}的项目（{pid}），往年已申报的项目不得重复申报。",
                source=_info(pid, m),
            )
        )
    return out


def eligibility_findings(
    metas: Mapping[str, ProjectMeta],
    doc: Document,
    meta: ProjectMeta | None,
    sources: list[SourceMatch],
    near: list[NearDuplicate],
    excluded: set[str],
) -> list[EligibilityFinding]:
    sub = meta or ProjectMeta()
    if not sub.title:
        sub = sub.model_copy(update={"title": doc.title})
    findings = repeat_findings(sub, metas, excluded)
    same: dict[str, str] = {f.source.project_id: "课题名称相同或相近且为同一单位" for f in findings}
    for nd in near:
        if nd.same_project and nd.source.project_id not in same:
            same[nd.source.project_id] = f"项目内容判定为同一项目（综合相似度 {nd.score:.0%}）"
    for sm in sources:
        if sm.source.batch or sm.copy_ratio < SAME_PROJECT_COPY or sm.source.project_id in same:
            continue
        same[sm.source.project_id] = f"{sm.copy_ratio:.0%} 的文字复制自该项目"
    for pid, why in same.items():
        m = metas.get(pid)
        if m is None or not m.award or pid in excluded:
            continue
        findings.append(
            EligibilityFinding(
                rule="E-AWARDED",
                severity="fatal",
                message=f"与 {m.year or '往'} 年已获奖项目（{pid}，{m.award}）为同一项目（{why}），已获奖项目不得再次申报评奖。",
                source=_info(pid, m),
            )
        )
    return findings
