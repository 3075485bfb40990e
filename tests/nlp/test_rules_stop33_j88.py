"""Stop 33 (judge88): A2 on a 标准化 written as a label with its content on a shared slide, I1 on a 对策 verified
as a count of trials that all passed, G2 on a directive 论证 of words only beside the target's chart."""

from __future__ import annotations

from ingest.model import Document, FigureKind
from nlp.check import check
from tests.nlp.conftest import (
    INNOV_PLAN_TABLE,
    Slides,
    deck,
    good_innovative,
    good_problem_solving,
    replace_slide,
    rule_ids,
    run_check,
    set_slide,
    with_picture,
)

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


def _directive(argument: list[str]) -> Document:
    s = set_slide(good_problem_solving(), "降低转向节", ["发电部QC小组", "课题类型：问题解决型（指令性目标）"])
    s = replace_slide(s, "二、现状调查", None)
    title = "三、设定目标及目标可行性论证"
    target = "目标：2023年10月底前，站台门故障率由0.42次/万次降至0.15次/万次。"
    s = replace_slide(s, "三、设定目标", (title, [target, *argument]))
    chart = "目标设定\n0.42\n0.40\n0.35\n0.30\n0.25\n0.20\n0.15\n0.15\n现状\n目标"
    return with_picture(deck(s), title, chart, FigureKind.bar)


def test_a_directive_argument_of_words_only_is_qualitative_beside_a_target_chart() -> None:
    """Seen fresh19 b42: "可行性论证：（1）公司领导高度重视…（2）…技术力量强…（4）小组活动经费有保障" beside the target line and
    its 柱状图 (whose axis values were counted as the 论证's data): the labelled 论证 read on its own is words only. A
    论证 that goes on with the 症结's figures is data."""
    words = "可行性论证：（1）公司领导高度重视；（2）小组成员均为专业骨干，技术力量强；（3）厂家承诺提供技术支持。"
    assert "G2" in rule_ids(check(_directive([words])))
    data = "症结“门机故障”占故障总数的72.2%，解决80%后故障率可降至0.42×(1-72.2%×80%)=0.18次/万次，再加上厂家备件支持，目标可以实现。"
    assert "G2" not in rule_ids(check(_directive([words, data])))
