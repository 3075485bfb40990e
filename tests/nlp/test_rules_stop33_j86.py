"""Stop 33 (judge86): a core step not read is not a veto — headings that name two steps with a slash or an
English gloss between them, 根本原因 for 要因, and the 根因 / 非根因 verdicts of the verification as the step's work."""

from __future__ import annotations

import pytest

from nlp.check import check
from nlp.headings import match_heading
from nlp.sections import segment
from tests.nlp.conftest import deck, good_problem_solving, replace_slide


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("设定目标 / 目标可行性论证", ("set_target", "target_feasibility")),
        ("现状调查/目标设定", ("current_state", "set_target")),
        ("标准化巩固（Act）与持续改进", ("consolidate", "summary")),
        ("U——根本原因验证", ("main_causes",)),
        ("根因确定", ("main_causes",)),
        # a body line "确定根因：…" is the conclusion, not a heading
        ("确定根因：置管后未加压包扎、敷料固定不牢", None),
        # a subtitle after a bar or a dash still names the step more precisely
        ("解析｜真因验证", ("main_causes",)),
        ("原因分析——立管螺纹接口泄漏", ("cause_analysis",)),
    ],
)
def test_heading_reads_the_steps_it_names(text: str, steps: tuple[str, ...] | None) -> None:
    m = match_heading(text, strict=True)
    assert (m.steps if m is not None else None) == steps


def test_a_slide_titled_with_two_steps_and_a_slash_holds_both() -> None:
    slides = [
        ("降低管网泄漏报修次数", ["QC小组"]),
        ("设定目标 / 目标可行性论证", ["课题目标：月均报修由46次降至30次以下", "测算：症结解决70%可降至23.9次"]),
        ("原因分析", ["因果图"]),
    ]
    seg = segment(deck(slides))
    assert seg.get("set_target") is not None and seg.get("set_target").pages == [2]
    assert seg.get("target_feasibility") is not None and seg.get("target_feasibility").pages == [2]


_ROOT_CAUSE_ROWS = [
    "主轴轴承磨损：实测主轴径向跳动0.012mm，超过0.005mm要求——根因",
    "刀具补偿间隔过长：跟踪300件，孔径偏差与补偿间隔相关——根因",
    "夹具定位销磨损：抽测5套夹具，定位销尺寸全部合格——非根因",
]


def test_root_cause_verdicts_under_an_untitled_slide_make_the_step_unconfirmed_not_vetoed() -> None:
    """The verification's 根因 / 非根因 rows where 确定主要原因 would stand are its work: a heading not read may
    hide the step, so it is 未能确认 (需人工复核), not a veto; without them the missing step still vetoes."""
    base = good_problem_solving()
    bare = check(deck(replace_slide(base, "五、确定主要原因", (None, ["逐条验证末端原因。"]))))
    assert bare.verdict == "不评" and "M-main_causes" in {f.rule for f in bare.findings}
    rep = check(deck(replace_slide(base, "五、确定主要原因", (None, list(_ROOT_CAUSE_ROWS)))))
    assert "M-main_causes" not in {f.rule for f in rep.findings} and rep.verdict != "不评"
    assert rep.structure is not None and "main_causes" in rep.structure.unconfirmed


_TARGET = "目标：尺寸超差率由2.6%降至0.8%。"
_CAUSES = "针对症结孔径超差绘制因果图，逐层分析到末端原因。"


def test_the_target_on_the_first_page_of_the_next_step_makes_it_unconfirmed_not_vetoed() -> None:
    """A slide holding two steps under a heading that names only the second shows the first one's work on the
    next step's first page: 设定目标 is 未能确认 (需人工复核), not a veto; on a later page of that step it vetoes."""
    base = replace_slide(good_problem_solving(), "三、设定目标", None)
    shared = replace_slide(base, "四、原因分析", ("四、原因分析", [_TARGET, _CAUSES]))
    rep = check(deck(shared))
    assert "M-set_target" not in {f.rule for f in rep.findings} and rep.verdict != "不评"
    assert rep.structure is not None and "set_target" in rep.structure.unconfirmed
    later = replace_slide(base, "四、原因分析", ("四、原因分析", [_CAUSES]))
    k = next(n for n, (t, _) in enumerate(later) if t == "四、原因分析")
    later.insert(k + 1, ("四、原因分析（续）", ["末端原因：主轴前轴承磨损。", _TARGET]))
    away = check(deck(later))
    assert away.verdict == "不评" and "M-set_target" in {f.rule for f in away.findings}
