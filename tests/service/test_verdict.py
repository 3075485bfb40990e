"""The 形式审查 verdict: the document check's verdict tightened by copying, 雷同 and eligibility."""

from __future__ import annotations

from service.verdict import COPY_REJECT, COPY_REVISE, combine


def _sim(ratio: float = 0.0, *, same: bool = False, eligibility: bool = False) -> dict:
    return {
        "total_copy_ratio": ratio,
        "near_duplicates": [{"same_project": same, "score": 0.97, "source": {"year": 2022}}],
        "eligibility": [{"rule": "E-REPEAT", "message": "本单位已于 2023 年申报过同名项目"}] if eligibility else [],
    }


def test_clean_similarity_keeps_the_check_verdict() -> None:
    v = combine({"verdict": "参评"}, _sim(0.03))
    assert (v.verdict, v.check_verdict, v.reasons) == ("参评", "参评", [])


def test_copy_ratio_bands() -> None:
    assert combine({"verdict": "参评"}, _sim(COPY_REVISE + 0.01)).verdict == "完善后参评"
    assert combine({"verdict": "参评"}, _sim(COPY_REJECT)).verdict == "不评"
    # a worse check verdict is never softened by a low ratio
    assert combine({"verdict": "不评"}, _sim(COPY_REVISE + 0.01)).verdict == "不评"


def test_same_project_and_eligibility_are_not_accepted() -> None:
    same = combine({"verdict": "参评"}, _sim(0.05, same=True))
    assert same.verdict == "不评" and "雷同" in same.reasons[0] and "2022 年" in same.reasons[0]
    repeat = combine({"verdict": "完善后参评", "verdict_reasons": ["缺少巩固措施"]}, _sim(eligibility=True))
    assert repeat.verdict == "不评"
    assert repeat.reasons[0].startswith("参评资格") and repeat.reasons[-1] == "缺少巩固措施"


def test_without_similarity_or_check() -> None:
    assert combine({"verdict": "完善后参评"}, None).verdict == "完善后参评"
    assert combine(None, _sim(0.5)).verdict == "不评"


def test_a_tightened_verdict_drops_the_check_saying_it_may_enter() -> None:
    v = combine({"verdict": "参评", "verdict_reasons": ["未发现致命或重大问题，可直接参评"]}, _sim(0.5))
    assert v.verdict == "不评" and not any("可直接参评" in r for r in v.reasons)
