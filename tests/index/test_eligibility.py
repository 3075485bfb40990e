"""Eligibility rules: E-REPEAT's company match (index.same_project.eligibility)."""

from __future__ import annotations

import itertools

from index.same_project.eligibility import repeat_findings, same_company
from index.store import ProjectMeta

TITLE = "降低设备故障率"
COMPANIES = [None, "", "测试公司", "测试 公司", "ＴＥＳＴ公司", "test公司", "别的公司"]
CODES = [None, "", "91120116MA000003X", "91120116-ma000003x", "91110000100000000A"]


def _metas() -> dict[str, ProjectMeta]:
    out = {}
    for n, (company, code) in enumerate(itertools.product(COMPANIES, CODES)):
        out[f"P{n:03d}"] = ProjectMeta(year=2020, company=company, credit_code=code, title=TITLE)
    return out


def test_repeat_findings_match_same_company_pair_by_pair() -> None:
    """The submission's code and name normalised once, the corpus's from a cache: every pair of
    company names and credit codes (full width, spaces, dashes, case, missing) decides as
    `same_company` does, twice over (the cache warm)."""
    metas = _metas()
    for sub in metas.values():
        if not sub.company and not sub.credit_code:
            assert repeat_findings(sub.model_copy(update={"year": 2024}), metas, set()) == []
            continue
        want = sorted(pid for pid, m in metas.items() if same_company(sub, m))
        for _ in range(2):
            found = repeat_findings(sub.model_copy(update={"year": 2024}), metas, set())
            assert sorted(f.source.project_id for f in found if f.source) == want
    sub = ProjectMeta(year=2024, company="测试公司", credit_code=None, title=TITLE)
    assert same_company(sub, metas["P010"]) and not same_company(sub, metas["P030"])  # 测试公司 / 别的公司
    excluded = {"P010"}
    assert "P010" not in {f.source.project_id for f in repeat_findings(sub, metas, excluded) if f.source}
