"""No veto on a reading a different wording can fake (issue 10, stop 25): K1's 不评 needs the scoring seen
deciding the 要因 *and* nothing after it that takes the causes one by one with figures — read from the
layout (per-cause lines with a figure and a verdict of any kind, a table with a result column, a chart),
not from our verification words. Each case has its twin where the veto must stand."""

from __future__ import annotations

from ingest.model import FigureKind
from nlp.check import check
from nlp.findings import Finding, Review, Severity
from nlp.structure import Structure
from nlp.verdict import verdict
from tests.nlp.conftest import (
    deck,
    finding_messages,
    good_innovative,
    good_problem_solving,
    report,
    reviewed_ids,
    rule_ids,
    run_check,
    set_slide,
    with_picture,
)
from tests.nlp.test_rules_calibration import _plan_with_target

_SCORED = [
    ["末端原因", "圈员甲", "圈员乙", "圈员丙", "总分", "结论"],
    ["主轴前轴承磨损", "5", "5", "3", "13", "要因"],
    ["刀补按经验周期调整", "5", "3", "3", "11", "要因"],
    ["夏季午后温度偏高", "1", "1", "3", "5", "非要因"],
]
_INTRO = "圈员3人按5/3/1分对末端原因评分，总分≥10分的2项作为要因候选。"


def _main_causes(items: list) -> object:
    return set_slide(good_problem_solving(), "五、确定主要原因", items)


def test_k1_per_cause_lines_with_counts_and_a_verdict_of_any_kind_are_no_veto() -> None:
    """A new hand's verification in words no list holds: counts with their units and "影响大，确认为主要
    原因" / "无明显影响，排除" — no 验证/测量 word, no share. The scoring may only have picked candidates:
    人工复核, never 不评."""
    lines = [
        _INTRO,
        _SCORED,
        "主轴前轴承磨损：跟踪120件，磨损状态下超差14件，更换后超差2件，影响大，确认为主要原因。",
        "刀补按经验周期调整：间隔400件时超差9件，间隔150件时超差8件，无明显影响，排除。",
    ]
    r = run_check(_main_causes(lines))
    assert "K1" not in rule_ids(r) and "K1" in reviewed_ids(r) and r.verdict == "需人工复核"
    # the twin: after the scores only the 要因 they decided are listed — the veto stands
    r = run_check(_main_causes([_INTRO, _SCORED, "确定主轴前轴承磨损、刀补按经验周期调整为要因。"]))
    assert "K1" in rule_ids(r) and r.verdict == "不评"


def test_k1_a_table_with_a_result_column_after_the_scores_is_no_veto() -> None:
    """A table after the scoring that takes each candidate with figures and a 是否主因 column: the causes
    were taken one by one, whatever the columns are called."""
    checked = [
        ["末端原因", "调查内容", "调查数据", "是否主因"],
        ["主轴前轴承磨损", "跟踪磨损前后各60件", "磨损时超差14件，更换后2件", "是"],
        ["刀补按经验周期调整", "比较两种间隔各80件", "超差9件与8件", "否"],
    ]
    r = run_check(_main_causes([_INTRO, _SCORED, checked]))
    assert "K1" not in rule_ids(r) and "K1" in reviewed_ids(r) and r.verdict != "不评"
    # the twin: a second table of the scoring (its header holds the scores) is the scoring, not a check
    totals = [["末端原因", "总分", "结论"], ["主轴前轴承磨损", "13", "要因"], ["刀补按经验周期调整", "11", "要因"]]
    r = run_check(_main_causes([_INTRO, _SCORED, totals]))
    assert "K1" in rule_ids(r) and r.verdict == "不评"


def test_k1_a_chart_after_the_scores_is_no_veto() -> None:
    """A chart after the scoring (a 柱状图 of the defects with and without the cause) may be the
    verification read as a picture: 人工复核."""
    slides = _main_causes([_INTRO, _SCORED, "主轴前轴承磨损验证"])
    doc = with_picture(deck(slides), "主轴前轴承磨损验证", "磨损 14\n更换后 2", FigureKind.bar)
    r = check(doc)
    assert "K1" not in rule_ids(r) and "K1" in reviewed_ids(r) and r.verdict != "不评"


def test_a_veto_not_confirmed_outranks_a_major_finding() -> None:
    """A fatal check sent to 人工复核 (K1: the scoring seen, what follows it may verify) leaves the veto to a
    reviewer: 需人工复核, not 完善后参评 (which would say the veto does not stand). A fatal finding still vetoes."""
    s = Structure(steps=[], block_steps=[], coverage=0.9, confident=True, min_coverage=0.6, min_steps=4)
    p2 = Finding(rule="P2", severity=Severity.major, message="对策表缺少地点栏", pages=[9])
    k1 = Review(rule="K1", severity=Severity.fatal, message="确定主要原因采用了打分", reason="之后有逐条验证的内容")
    v, reasons = verdict([p2], s, [], [k1])
    assert v == "需人工复核" and "K1" in reasons[0] and any("P2" in r for r in reasons)
    minor = Review(rule="K3", severity=Severity.major, message="要因确认没有数据", reason="扫描件")
    assert verdict([p2], s, [], [minor])[0] == "完善后参评"
    k1_found = Finding(rule="K1", severity=Severity.fatal, message="确定主要原因采用了打分", pages=[8])
    assert verdict([k1_found, p2], s, [], [k1])[0] == "不评"


def test_a_part_resting_on_our_words_alone_is_a_review_the_rest_stands() -> None:
    """`review_parts` (S1 "no characteristic", A2 "no 推广价值"): an absence of our words even in a step read
    with confidence, false on new hands in several untouched runs and never required — that part goes to
    人工复核; a part resting on what was seen (a means in the title, no standard at all) stays a finding."""
    s = good_problem_solving()
    s[0] = ("改进离子膜电解槽", s[0][1])
    r = check(deck(s))
    assert "S1" not in rule_ids(r) and "S1" in reviewed_ids(r)
    s[0] = ("运用在线监测降低离子膜电解槽", s[0][1])
    r = check(deck(s))
    [found] = [f.message for f in r.findings if f.rule == "S1"]
    assert "手段" in found and "特性值" not in found
    assert any("特性值" in x.message for x in r.reviews if x.rule == "S1")
    # A2: neither a standard nor a value — the standard's absence stands, the value's is the reviewer's
    r = check(deck(set_slide(good_innovative(), "七、标准化", ["工装已在班组使用，效果良好，今后加强维护保养。"])))
    [found] = [f.message for f in r.findings if f.rule == "A2"]
    assert "标准" in found and "推广应用价值" not in found
    assert any("推广应用价值" in x.message for x in r.reviews if x.rule == "A2")


def test_p2_a_target_with_no_figure_is_a_finding_only_as_a_vague_aim() -> None:
    """A 对策目标 with no figure speaks for itself only where it reads as a vague aim (a direction or a
    degree: "明显提高", "满足使用要求"); a state or a deliverable worded as no list of ours holds ("《…规程》
    发布并归档", an interlock) is checkable yes/no as far as we can tell — 人工复核, not 目标未量化."""
    for said in ("《镗削作业规程》修订发布并归档", "刀补参数由系统锁定后方可加工"):
        r = run_check(_plan_with_target(said))
        assert "P2" not in rule_ids(r) and "P2" in reviewed_ids(r), said
    for vague in ("孔径合格率明显提高", "满足使用要求", "刀补问题得到控制"):
        assert any("未量化" in m for m in finding_messages(run_check(_plan_with_target(vague)), "P2")), vague


def test_a2_the_steps_own_name_in_its_body_names_no_standard() -> None:
    """Seen fresh f35: a banner "07 标准化 STANDARD" read into the step's body passed for a standard named,
    so only the value's absence spoke — now a review — and the required A2 was lost. The step's name is
    no standard; "标准化作业指导书" still is."""
    said = ["07 标准化 STANDARD", "该工具已在我班组投入使用，使用效果良好。"]
    r = run_check(set_slide(good_innovative(), "七、标准化", said))
    assert any("没有形成技术标准" in m for m in finding_messages(r, "A2"))
    named = ["07 标准化 STANDARD", "编写《绝缘操作杆标准化作业指导书》，资料已存档。"]
    assert not finding_messages(run_check(set_slide(good_innovative(), "七、标准化", named)), "A2")


def _bare_report(slides: list, rename: dict[str, str | None]) -> object:
    """The good deck as a Word report whose chapters are unnumbered Heading 1 ("选择课题", "原因分析" …);
    `rename`: a chapter's new heading (None drops the chapter with its content)."""
    lines: list = [slides[0][0]]
    for title, items in slides[1:]:
        bare = title.split("、", 1)[-1]
        if bare in rename and rename[bare] is None:
            continue
        lines.append((rename.get(bare) or bare, 1))
        lines += [it if isinstance(it, str) else [row[:] for row in it] for it in items]
    return report(lines)


def test_a_bare_chapter_heading_at_the_step_level_leaves_a_missing_step_unconfirmed() -> None:
    """A Word report whose steps are unnumbered Heading 1 chapters: a chapter at that level in words the
    lexicon does not know ("抓住关键") stands where 确定主要原因 would — the step may be there unread, so
    未能确认 (需人工复核), never 不评. The twin with no such chapter keeps the veto."""
    measured = [
        ["末端原因", "测量内容", "测量结果", "影响"],
        ["主轴前轴承磨损", "主轴径向跳动", "0.012mm，超差件集中", "大"],
        ["刀补按经验周期调整", "间隔400件孔径偏差", "0.015mm", "大"],
        ["夏季午后温度偏高", "车间温度与超差件", "两者无关", "小"],
    ]
    slides = set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐条到现场测量。", measured])
    r = check(_bare_report(slides, {"确定主要原因": "抓住关键"}))
    assert "M-main_causes" not in rule_ids(r) and r.verdict == "需人工复核"
    r = check(_bare_report(slides, {"确定主要原因": None}))
    assert "M-main_causes" in rule_ids(r) and r.verdict == "不评"
