"""Stop 34 (judge95): one 对策 short of many verified is a finding only when its part states no outcome of a run.

I1 (spec/domain.md b.3): every untouched false partial I1 that passed the silent reading was one 对策 short of two
or three verified (fresh19 b57 4/3, fresh21 e08 3/2, e10 3/2), the part left holding the outcome of a run in words
the reading did not take for a check ("试运行期间无安全事故", "6月生产68批超标2批"). The one required one-short
(fresh13 s47) reports its 对策 as installed only. So the count is a finding when the part left states no outcome
(成功, 合格, 超标, 事故, 异常 …); a part with one makes the partial count a review.

The 对策表 of `good_problem_solving` sets "孔余量极差≤0.6mm" for its third 对策."""

from __future__ import annotations

from tests.nlp.conftest import good_problem_solving, reviewed_ids, rule_ids, run_check, set_slide

VERIFIED = [
    "对策一：8月10日更换前轴承，实测主轴径向跳动0.004mm，达到对策目标≤0.005mm。",
    "对策二：程序中增加刀具寿命计数，刀补间隔150件，孔径偏差0.004mm，达到对策目标。",
]


def _i1(third: str) -> tuple[bool, bool]:
    r = run_check(set_slide(good_problem_solving(), "七、对策实施", [*VERIFIED, third]))
    return "I1" in rule_ids(r), "I1" in reviewed_ids(r)


def test_i1_one_short_whose_part_states_an_outcome_is_a_review() -> None:
    """ "首批加工无异常" is the outcome of a run a reader may take for the check of its 对策目标."""
    assert _i1("对策三：9月5日起新毛坯投产，首批200件加工无异常。") == (False, True)


def test_i1_one_short_whose_part_reports_a_run_without_incident_is_a_review() -> None:
    """ "试运行期间无安全事故" (fresh21 e08's kind): an outcome, not a bare report of work."""
    assert _i1("对策三：9月5日起新毛坯在2条线试用，试用期间无质量事故。") == (False, True)


def test_i1_one_short_whose_part_reports_it_done_only_stays_a_finding() -> None:
    """The twins (fresh13 s47's kind): "已执行", or the work only, and nothing measured — silent on its 对策目标."""
    assert _i1("对策三：9月5日修订毛坯图，发给锻造供方3家，已执行。") == (True, False)
    assert _i1("对策三：9月5日修订毛坯图，发给锻造供方3家，按新图供货。") == (True, False)


def test_i1_one_short_with_a_count_of_work_done_stays_a_finding() -> None:
    """A count of work done ("培训32人次") is no outcome of a check: the part reports the 对策 done."""
    assert _i1("对策三：9月5日修订毛坯图并完成培训32人次。") == (True, False)
