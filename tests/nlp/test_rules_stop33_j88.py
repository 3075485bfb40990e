"""Stop 33 (judge88): A2 on a 标准化 written as a label with its content on a shared slide, and I1 on a
对策 verified as a count of trials that all passed."""

from __future__ import annotations

from tests.nlp.conftest import INNOV_PLAN_TABLE, Slides, good_innovative, replace_slide, rule_ids, run_check, set_slide

_EFFECT = "效果：活动后单件装夹时间由45s降至12s，达到课题目标≤15s；经济效益：年节约工时费8.6万元，扣除投入1.8万元，净效益6.8万元。"


def _shared_slide(standard: str) -> Slides:
    """效果检查 and 标准化 on one slide, each a labelled paragraph ("标准化：…")."""
    slides = replace_slide(good_innovative(), "七、标准化", None)
    return replace_slide(slides, "六、效果检查", ("六、效果检查与标准化", [_EFFECT, standard]))


def test_a_standard_written_after_the_step_label_is_the_step_body() -> None:
    """Seen fresh19 b32: "标准化：发布《…作业规范》（ZLTX-JL-DL-2024-11），装置已推广到3个兄弟分公司" was read as
    the step's heading, so its standard was not seen; a label with nothing of a standard after it still is A2."""
    issued = "标准化：发布《转向节快速装夹作业规范》（ZP-GZ-2024-11），工装已推广到3个兄弟车间。"
    assert "A2" not in rule_ids(run_check(_shared_slide(issued)))
    hollow = "标准化：小组将继续加强使用管理，做好工装的日常维护保养。"
    assert "A2" in rule_ids(run_check(_shared_slide(hollow)))


def _implemented(second: str) -> Slides:
    table = [row[:] for row in INNOV_PLAN_TABLE]
    table[2][2] = "定位一次成功率100%"
    slides = set_slide(good_innovative(), "四、制定对策", [table])
    first = "对策一：气缸夹紧时间实测2.8s，达到对策目标≤3s。"
    return set_slide(slides, "五、对策实施", [first, second, "实施后对安全、质量进行验证，未产生负面影响。"])


def test_a_count_of_trials_that_all_passed_verifies_the_countermeasure() -> None:
    """Seen fresh19 b57: "试运行推送312次全部成功" against "推送成功率100%" is the 对策目标 checked; a part that
    only says the work was done still verifies nothing."""
    assert "I1" not in rule_ids(run_check(_implemented("对策二：定位模块装配完成，试装夹50次全部成功。")))
    assert "I1" in rule_ids(run_check(_implemented("对策二：定位模块装配完成并投入使用。")))
