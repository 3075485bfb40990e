"""K1: a scoring table run on onto the next slide without its header is one table (issue 10, stop 31, judge60).

Seen where a perturbation split the 要因评价表 of fresh11 q65 over a "（续）" slide (bench/perturb.py
`table_split`, variant no_header): the running share "(累计80.6%)" after the 真因 is the scores' own only over the
whole table, and the headless half read as a table of figures — the veto became a review."""

from __future__ import annotations

import pytest

from nlp.check import check
from tests.nlp.conftest import deck, good_problem_solving, reviewed_ids, rule_ids

_HEAD = ["末端原因", "圈员甲", "圈员乙", "圈员丙", "总分", "结论"]
_FIRST = [
    ["主轴前轴承磨损", "5", "5", "3", "13", "要因"],
    ["刀补按经验周期调整", "5", "3", "3", "11", "要因"],
    ["锻件孔余量波动大", "3", "3", "3", "9", "要因"],
]
_SECOND = [
    ["镗刀片材质不稳定", "1", "3", "1", "5", "要因"],
    ["夏季午后温度偏高", "1", "1", "2", "4", "非要因"],
    ["量具校准周期偏长", "1", "1", "1", "3", "非要因"],
]


def _split_scoring(second: list[list[str]], after: list[str]) -> object:
    """The 确定主要原因 slide with the first half of the scoring table, the next slide with ``second`` (the rest
    of the scoring, or another table), then ``after``."""
    slides = good_problem_solving()
    k = next(n for n, (t, _items) in enumerate(slides) if t and t.startswith("五、确定主要原因"))
    title = slides[k][0]
    intro = "圈员3人按5/3/1分对6条末端原因打分。"
    slides[k] = (title, [intro, [_HEAD, *_FIRST]])
    slides.insert(k + 1, (f"{title}（续）", [second, *after]))
    return check(deck(slides))


@pytest.mark.parametrize(
    "told",
    [
        "真因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、镗刀片材质不稳定（累计84.4%）",
        "前四项累计占84.4%，确定为要因。",
        "按得分从高到低，前4项合计84%，判定为真因。",
    ],
)
def test_k1_the_running_share_of_a_scoring_continued_headless_is_the_scoring_told_again(told: str) -> None:
    """13+11+9+5 of 45 points is 84.4 %: only the whole table gives that share (the first half's give 39.4 % and
    72.7 %) — the 真因 are the scores' own pick, and the veto stands."""
    r = _split_scoring(_SECOND, ["将得分从高到低排列。", told])
    assert "K1" in rule_ids(r) and r.verdict == "不评"


def test_k1_the_scoring_continued_with_its_header_repeated_is_one_table_too() -> None:
    r = _split_scoring([_HEAD, *_SECOND], ["真因：前四项（累计84.4%）"])
    assert "K1" in rule_ids(r) and r.verdict == "不评"


def test_k1_a_measured_share_after_a_split_scoring_still_leaves_the_veto_to_a_reviewer() -> None:
    """The twin: a share measured of the problem is none of the scores' shares — what follows may verify."""
    r = _split_scoring(_SECOND, ["真因：主轴前轴承磨损（跟踪120件，超差14件，占11.7%）"])
    assert "K1" not in rule_ids(r) and "K1" in reviewed_ids(r)


def test_k1_a_verification_table_on_the_next_slide_is_no_continuation_of_the_scoring() -> None:
    """The twin: a table of as many columns on the next slide, headed by its own header (方法/标准/结果), is a
    verification of the causes with figures, not the scoring's other half — no veto."""
    check_table = [
        ["末端原因", "确认方法", "确认标准", "确认结果", "结论", "负责人"],
        ["主轴前轴承磨损", "现场测量", "≤0.005mm", "实测跳动0.016mm，超差率4.1%", "要因", "张工"],
        ["刀补按经验周期调整", "试验", "≤150件", "间隔400件时超差率3.8%", "要因", "李工"],
        ["锻件孔余量波动大", "现场测量", "≤0.6mm", "余量极差1.3mm", "要因", "王工"],
    ]
    r = _split_scoring(check_table, [])
    assert "K1" not in rule_ids(r)


def test_k1_a_headless_table_whose_first_row_has_no_score_is_no_continuation() -> None:
    """The twin: a headless table of as many columns whose first row holds words where the scores stand (a
    verification's rows) is not read as the scoring's marks: the share after it stays unexplained."""
    rows = [
        ["主轴前轴承磨损", "现场测量", "≤0.005mm", "实测0.016mm", "超差", "要因"],
        ["刀补按经验周期调整", "试验", "≤150件", "间隔400件", "超差", "要因"],
        ["锻件孔余量波动大", "现场测量", "≤0.6mm", "极差1.3mm", "超差", "要因"],
    ]
    r = _split_scoring(rows, ["真因：前四项（累计84.4%）"])
    assert "K1" not in rule_ids(r)
