"""The 形式审查 verdict: the document check's verdict tightened by copying, 雷同 and eligibility."""

from __future__ import annotations

from index.report import SimilarityReport
from nlp.report import CheckReport
from nlp.rubric import Score
from service.verdict import COPY_REJECT, COPY_REVISE, combine


def _check(verdict: str, reasons: list[str] | None = None) -> CheckReport:
    score = Score(rubric="caq-2020-problem-solving", total=None, max=100, grade=None)
    return CheckReport(
        file="a.pptx", project_type="problem_solving", verdict=verdict, verdict_reasons=reasons or [], score=score
    )


def _sim(ratio: float = 0.0, *, same: bool = False, eligibility: bool = False) -> SimilarityReport:
    source = {"project_id": "P2022-01", "year": 2022}
    return SimilarityReport.model_validate(
        {
            "file": "a.pptx",
            "chars": 1000,
            "total_copy_ratio": ratio,
            "max_single_source_ratio": ratio,
            "near_duplicates": [{"same_project": same, "score": 0.97, "source": source}],
            "eligibility": [
                {
                    "rule": "E-REPEAT",
                    "severity": "fatal",
                    "message": "本单位已于 2023 年申报过同名项目",
                    "source": source,
                }
            ]
            if eligibility
            else [],
        }
    )


def test_clean_similarity_keeps_the_check_verdict() -> None:
    v = combine(_check("参评"), _sim(0.03))
    assert (v.verdict, v.check_verdict, v.reasons) == ("参评", "参评", [])


def test_copy_ratio_bands() -> None:
    assert combine(_check("参评"), _sim(COPY_REVISE + 0.01)).verdict == "完善后参评"
    assert combine(_check("参评"), _sim(COPY_REJECT)).verdict == "不评"
    # a worse check verdict is never softened by a low ratio
    assert combine(_check("不评"), _sim(COPY_REVISE + 0.01)).verdict == "不评"


def test_same_project_and_eligibility_are_not_accepted() -> None:
    same = combine(_check("参评"), _sim(0.05, same=True))
    assert same.verdict == "不评" and "雷同" in same.reasons[0] and "2022 年" in same.reasons[0]
    repeat = combine(_check("完善后参评", ["缺少巩固措施"]), _sim(eligibility=True))
    assert repeat.verdict == "不评"
    assert repeat.reasons[0].startswith("参评资格") and repeat.reasons[-1] == "缺少巩固措施"


def test_without_similarity_or_check() -> None:
    assert combine(_check("完善后参评"), None).verdict == "完善后参评"
    assert combine(None, _sim(0.5)).verdict == "不评"


def test_a_tightened_verdict_drops_the_check_saying_it_may_enter() -> None:
    v = combine(_check("参评", ["未发现致命或重大问题，可直接参评"]), _sim(0.5))
    assert v.verdict == "不评" and not any("可直接参评" in r for r in v.reasons)


def test_manual_review_is_kept_unless_copying_calls_for_more() -> None:
    unsure = _check("需人工复核", ["结构识别覆盖率低，需人工复核"])
    assert combine(unsure, _sim(0.05)).verdict == "需人工复核"
    assert combine(unsure, _sim(COPY_REJECT)).verdict == "不评"
