"""Stop 31, after the fresh15 run (judge67): C1's off-symptom part when the match is unsure.

A 现状调查 stratified by place names its 症结 as a list of locations ("毛细管与截止阀焊点、四通阀焊点合计…，是症结");
the 原因分析 then names the defect at those places ("针对症结“钎焊焊点泄漏”"), or names one of the listed places with
the group's defect ("工艺区及进出站管段欠保护"). The words differ, the analysis may well be on the 症结: a review,
not a finding (seen fresh15 v37, v38). An analysis that names neither the 症结 nor a 症结 of its own sharing its
words keeps the finding."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import good_problem_solving, judged_messages, replace_slide, run_check, unsure_reviews

TOPIC = "降低分体空调室外机冷媒泄漏返修率"


def _c1(state: list[str], analysis: list[str]) -> tuple[list[str], list[str]]:
    s = replace_slide(good_problem_solving(), "降低", (TOPIC, ["总装车间QC小组", "课题类型：问题解决型（自定目标）"]))
    s = replace_slide(s, "二、现状调查", ("二、现状调查", ["3—4月下线室外机48600台，检漏返修437台。", *state]))
    s = replace_slide(s, "四、原因分析", ("四、原因分析", analysis))
    report = run_check(s)
    return judged_messages(report, "C1"), unsure_reviews(report, "C1")


_STATE = [
    ["按泄漏部位分层统计：毛细管与截止阀焊点、四通阀焊点合计310台，占70.9%，是症结。"],
    ["泄漏部位分层：毛细管与截止阀焊点212台、四通阀焊点98台，两项占70.9%，为本课题症结。"],
    ["由排列图可知，毛细管与截止阀焊点、四通阀焊点累计占70.9%，确定为症结。"],
]


@pytest.mark.parametrize("state", _STATE)
@pytest.mark.parametrize(
    "lead",
    [
        "针对症结“钎焊焊点泄漏”，小组从人机料法环测分析，得到7条末端原因。",
        '小组针对症结"焊点钎焊泄漏"绘制因果图，找出末端原因7条。',
        "本课题症结为“阀件焊点漏”，小组召开分析会，绘制因果图，得到末端原因7条。",
    ],
)
def test_c1_a_symptom_renamed_by_the_analysis_is_a_review(state: list[str], lead: str) -> None:
    analysis = [lead, "末端原因：钎料银含量批次波动、火焰枪嘴积碳、管口扩口尺寸超差、氮气保护流量不足。"]
    found, reviewed = _c1(state, analysis)
    assert found == [] and reviewed == ["C1"]


@pytest.mark.parametrize(
    ("state", "head"),
    [
        ("按部位分层：工艺区埋地管道26个、进出站管段7个，合计80.5%，是症结", "进出站管段欠保护因果图"),
        ("按测试点部位分层:工艺区埋地管道26个、进出站管段7个,占80.5%,是症结", "针对进出站管段电位偏低进行分析"),
        ("按泄漏位置分层：毛细管与截止阀焊点212台、四通阀焊点98台共310台，是症结", "四通阀及截止阀漏氟鱼骨图"),
    ],
)
def test_c1_a_group_symptom_one_of_whose_places_the_analysis_names_is_a_review(state: str, head: str) -> None:
    found, reviewed = _c1([state], [head, "末端原因：火焰枪嘴积碳、管口扩口尺寸超差、氮气保护流量不足。"])
    assert found == [] and reviewed == ["C1"]


@pytest.mark.parametrize("state", _STATE)
def test_c1_an_analysis_on_something_else_keeps_the_finding(state: list[str]) -> None:
    """The twin: the analysis names a 症结 of its own that shares no word with the 现状's, and none of its places."""
    analysis = ["针对症结“压缩机异响”绘制因果图，得到末端原因6条。", "末端原因：底脚螺栓松动、减振垫老化、管路共振。"]
    found, reviewed = _c1(state, analysis)
    assert any("没有针对现状调查找出的症结" in m for m in found) and reviewed == []
