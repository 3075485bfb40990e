"""Stop 32, after the fresh17 run (judge76): C2 and C1 on others' decks, reviews where the reading cannot decide.

* C2: a training shortfall that names whose training ("拼装工人培训不到位") and that the 要因确认 measures and rules
  out with data is a cause a reviewer may accept (seen fresh17 y01 y25, fresh9 o31): 需人工复核, not a finding.
  Bare ("培训不到位"), beside another vague word, kept as a 要因 or ruled out without data, it stays a finding.
* C1: a 改善重点 of two categories analysed as the whole topic reads the same in decks whose reviewers differ
  (fresh6 k46 required, fresh16 w45 and fresh17 y15 not): a review, as three categories were since stop 26."""

from __future__ import annotations

from tests.nlp.conftest import (
    CAUSE_TABLE,
    good_problem_solving,
    judged_messages,
    replace_slide,
    run_check,
    unsure_reviews,
)


def _c2(cause: str, row: list[str], also: str = "") -> tuple[list[str], list[str]]:
    s = good_problem_solving()
    ends = f"末端原因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、{also}{cause}。"
    s = replace_slide(s, "四、原因分析", ("四、原因分析", ["针对症结孔径超差绘制因果图，逐层分析到末端原因。", ends]))
    table = [r[:] for r in CAUSE_TABLE[:4]] + [["4", cause, *row]]
    s = replace_slide(s, "五、确定主要原因", ("五、确定主要原因", ["对4个末端原因逐条确认。", table]))
    report = run_check(s)
    return [f.message for f in report.findings if f.rule == "C2"], [r.rule for r in report.reviews if r.rule == "C2"]


_MEASURED_OUT = ["培训对超差的影响", "调查", "合格", "抽查12名镗工考核合格率100%，新老员工超差率2.5%与2.6%", "非要因"]


def test_c2_a_named_training_measured_and_ruled_out_is_a_review() -> None:
    found, reviewed = _c2("镗工培训不到位", _MEASURED_OUT)
    assert found == [] and reviewed == ["C2"]


def test_c2_a_bare_training_shortfall_stays_a_finding() -> None:
    found, reviewed = _c2("培训不到位", _MEASURED_OUT)
    assert found and reviewed == []


def test_c2_a_named_training_kept_as_a_cause_stays_a_finding() -> None:
    kept = [*_MEASURED_OUT[:3], "抽查12名镗工考核合格率58%，不合格者超差率4.1%", "要因"]
    found, _reviewed = _c2("镗工培训不到位", kept)
    assert found


def test_c2_a_named_training_ruled_out_without_data_stays_a_finding() -> None:
    unmeasured = [*_MEASURED_OUT[:3], "镗工均已参加年度培训", "非要因"]
    found, _reviewed = _c2("镗工培训不到位", unmeasured)
    assert found


def test_c2_a_named_training_beside_another_vague_cause_stays_a_finding() -> None:
    found, reviewed = _c2("镗工培训不到位", _MEASURED_OUT, also="操作人员责任心不强、")
    assert found and "责任心不强" in found[0] and reviewed == []


def _c1(state: list[str], analysis: list[str]) -> tuple[list[str], list[str]]:
    s = replace_slide(
        good_problem_solving(), "降低", ("降低择期手术患者围术期红细胞不合理输注率", ["QC小组", "课题类型：问题解决型"])
    )
    s = replace_slide(s, "二、现状调查", ("二、现状调查", state))
    s = replace_slide(s, "四、原因分析", ("四、原因分析", analysis))
    report = run_check(s)
    return judged_messages(report, "C1"), unsure_reviews(report, "C1")


_ON_OTHER_CAUSES = [
    "团队头脑风暴，得到5条末端原因。",
    "红细胞不合理输注鱼骨图",
    "末端原因：夜间一人值班、手术排程前置时间短、血库库存不足、运送电梯等候长。",
]
_SURVEY = "2024年1—3月择期手术红细胞输注病例420例，不合理输注63例，不合理输注率15.0%。"


def test_c1_a_two_item_focus_analysed_as_the_whole_topic_is_a_review() -> None:
    state = [_SURVEY, "“输注指征把握不严”“未纠正术前贫血”两项累计68.3%，为改善重点。"]
    found, reviewed = _c1(state, _ON_OTHER_CAUSES)
    assert not any("整个课题" in m for m in found) and reviewed == ["C1"]


def test_c1_a_one_item_focus_analysed_as_the_whole_topic_stays_a_finding() -> None:
    state = [_SURVEY, "“输注指征把握不严”占52.4%，为改善重点。"]
    found, reviewed = _c1(state, _ON_OTHER_CAUSES)
    assert any("整个课题" in m for m in found) and reviewed == []
