"""I1 per 对策 when the first 对策's label is not in the step's text: a deck that names 对策一 only in the
slide title over it ("D 实施——对策一") and labels the next ones in the body ("对策二：…") still has three
parts to verify (stop 27, seen on fresh10 p35)."""

from __future__ import annotations

from nlp.check import check
from tests.nlp.conftest import deck, good_problem_solving, judged, set_slide

_ACTIVITIES = [
    "8月10日更换主轴前轴承2套，培训点检人员12人。",
    "对策二：程序中增加刀具寿命计数，3台机床9月1日上线。",
    "对策三：修订毛坯图3张，发到锻造车间执行。",
    "以上措施均已按计划完成。",
]


def _i1(lines: list[str]) -> bool:
    return "I1" in judged(check(deck(set_slide(good_problem_solving(), "七、对策实施", lines))))


def test_the_text_before_a_first_label_of_the_second_countermeasure_is_the_first_part() -> None:
    assert _i1(_ACTIVITIES)


def test_each_part_verified_from_the_second_label_on_is_no_finding() -> None:
    verified = [
        "8月10日更换主轴前轴承，实测径向跳动0.004mm，达到对策目标≤0.005mm。",
        "对策二：刀补间隔150件，孔径偏差0.004mm，达到对策目标。",
        "对策三：孔余量极差0.5mm，达到对策目标≤0.6mm。",
        "对策实施后对安全、质量、成本进行了验证，未产生负面影响。",
    ]
    assert not _i1(verified)
