"""分段检测: a copy ratio per PDCA step from the steps' character spans."""

from __future__ import annotations

from index.copy.fingerprint import fold_text
from index.report import Passage
from index.steps import step_ratios


def test_each_step_gets_the_share_of_its_characters_inside_copies() -> None:
    text = "选择课题" + "甲" * 96 + "现状调查" + "乙" * 96 + "设定目标" + "丙" * 46
    folded = fold_text(text)
    steps = [
        ("select_topic", "选择课题", [(0, 100)]),
        ("current_state", "现状调查", [(100, 200)]),
        ("set_target", "设定目标", [(200, 250)]),
        ("cause_analysis", "原因分析", []),  # not in the document: no row
    ]
    passages = [
        Passage(a_start=150, a_end=200, b_start=0, b_end=50, kind="copy", score=1.0),
        Passage(a_start=200, a_end=225, b_start=60, b_end=85, kind="paraphrase", score=0.97),
    ]
    rows = step_ratios(folded, steps, passages)
    assert [(r.step, r.chars, r.copied_chars) for r in rows] == [
        ("select_topic", 100, 0),
        ("current_state", 100, 50),
        ("set_target", 50, 0),
    ]
    assert rows[1].copy_ratio == 0.5 and rows[2].paraphrase_ratio == 0.5
