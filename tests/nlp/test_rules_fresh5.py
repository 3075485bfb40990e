"""False findings on new hands' documents (issue 10, precision; seen fresh5, stop 24): each case worded or
laid out as those writers did, and the finding the same rule must still give where the evidence is positive."""

from __future__ import annotations

from tests.nlp.conftest import Slides, good_problem_solving, replace_slide, reviewed_ids, rule_ids, run_check

_DIRECTIVE_ARGUMENT = [
    "公司下达指标：非计划停车不超过4次；2023年共停车11次，其中切粒系统7次、颗粒水系统3次、其他1次。",
    "测算：解决切粒系统和颗粒水系统的问题可减少8次，11-8=3次，低于4次，目标可以实现。",
]


def _directive(feasibility_heading: str) -> Slides:
    """A 指令性目标 deck: no 现状调查; the target, then its feasibility under `feasibility_heading`."""
    slides = good_problem_solving()
    slides[0] = (slides[0][0], ["机加工二车间QC小组", "课题类型：问题解决型（指令性目标）"])
    slides = replace_slide(slides, "二、现状调查", None)
    slides = replace_slide(
        slides, "三、设定目标", ("二、设定目标", ["目标：尺寸超差率由2.6%降至0.8%（公司下达指标）。"])
    )
    idx = next(i for i, (t, _) in enumerate(slides) if t and t.startswith("二、设定目标"))
    slides.insert(idx + 1, (feasibility_heading, list(_DIRECTIVE_ARGUMENT)))
    return slides


def test_m_target_feasibility_under_a_new_hands_heading_is_the_step() -> None:
    """Seen fresh5 j06: "四、目标可实现性分析" was read as a second part of 设定目标 (its prefix "目标"), the
    step missing, a 否决 and T1."""
    for heading in ("三、目标可实现性分析", "三、目标可达成性分析", "三、可实现性论证"):
        r = run_check(_directive(heading))
        assert any(s.id == "target_feasibility" and s.present for s in r.steps), heading
        assert not {"M-target_feasibility", "T1"} & rule_ids(r), heading
    assert "M-target_feasibility" in rule_ids(
        run_check(replace_slide(_directive("三、目标可实现性分析"), "三、", None))
    )


def test_m_step_a_second_numbered_part_read_as_the_step_before_is_a_doubt() -> None:
    """A numbered part whose words name no step but start like the part before ("三、目标保障措施" after
    "二、设定目标"): two parts for one step, the second may be the step not read — no 否决 on it; a
    continuation of the part ("二、设定目标（续）") is no such doubt."""
    r = run_check(_directive("三、目标保障措施"))
    assert not {"M-target_feasibility", "T1"} & rule_ids(r) and "T1" in reviewed_ids(r)
    assert any(s.id == "target_feasibility" and s.status == "unconfirmed" for s in r.steps)
    assert r.verdict == "需人工复核"
    cont = replace_slide(
        _directive("三、目标可实现性分析"), "三、", ("二、设定目标（续）", ["目标值柱状图：现状2.6%，目标0.8%。"])
    )
    assert "M-target_feasibility" in rule_ids(run_check(cont))


def test_s1_a_title_wrapped_onto_a_line_of_its_own_is_read_whole() -> None:
    """Seen fresh5 j06: a Word cover exported to PDF, "减少聚丙烯装置挤压造粒机组非计划停车次" then "数" —
    S1 read the cut title as naming no characteristic."""
    slides = good_problem_solving()
    slides[0] = (
        "减少聚丙烯装置挤压造粒机组非计划停车次",
        ["数", "聚丙烯一车间QC小组", "课题类型：问题解决型（自定目标）"],
    )
    r = run_check(slides)
    assert r.title == "减少聚丙烯装置挤压造粒机组非计划停车次数" and "S1" not in rule_ids(r)
    slides[0] = ("降低转向节镗孔尺寸超差率", ["机加工二车间", "课题类型：问题解决型（自定目标）"])
    assert run_check(slides).title == "降低转向节镗孔尺寸超差率"
