"""The content classifier: the second signal on the steps (e5 similarity to step descriptions, cue words
without an encoder), the confidence it gives each step, and the sections it places."""

from __future__ import annotations

import pytest

import nlp
from index.embed import E5Encoder
from nlp.step_classifier import NONE, classify, sections_of
from tests.nlp.conftest import deck, good_problem_solving, report

LABELS = ["select_topic", "current_state", "set_target", "cause_analysis", "main_causes", "plan_countermeasures"]


def _picture_titled_deck():
    """The step titles of slides 3–4 are pictures (no title text); their content says what they are."""
    return deck(
        [
            ("降低转向节镗孔尺寸超差率", ["机加工二车间QC小组"]),
            ("小组概况", ["小组名称：精工QC小组，成立日期2019年3月，注册编号QC-2023-017，组员8人，组长张伟。"]),
            (
                None,
                [
                    "主机厂年度质量协议要求尺寸超差率不高于0.8%，2023年上半年实际超差率2.6%，返工损失12.5万元，选定本课题。"
                ],
            ),
            (
                None,
                [
                    "2023年7月抽查转向节4000件，超差104件；按缺陷类型分层统计频数和累计百分比，绘制排列图，孔径超差占75%，是症结。"
                ],
            ),
            ("三、设定目标", ["目标：超差率由2.6%降至0.8%。依据测算。"]),
            ("四、原因分析", ["针对症结绘制因果图，从人机料法环测分析到末端原因。"]),
        ]
    )


def test_sections_are_slides_or_heading_runs() -> None:
    d = deck(good_problem_solving())
    secs = sections_of(d, set())
    assert len(secs) == d.pages and secs[2].title == "二、现状调查"
    r = report([("一、选择课题", 1), "理由一", "理由二", ("二、现状调查", 1), "数据"])
    assert [len(s.blocks) for s in sections_of(r, set())] == [3, 2]


def test_lexical_fallback_reads_cue_words() -> None:
    c = classify(_picture_titled_deck(), LABELS, set(), None)
    assert c.source == "lexical"
    row = c.probs[3]  # the 排列图 / 症结 slide
    assert c.labels[int(row.argmax())] == "current_state"
    assert abs(float(c.probs.sum(axis=1).max()) - 1) < 1e-9


def test_without_an_encoder_no_section_is_guessed_into_a_step() -> None:
    s = nlp.analyze(_picture_titled_deck()).structure
    assert s.ids() == ["set_target", "cause_analysis"]


@pytest.mark.slow
def test_e5_places_slides_whose_titles_are_pictures(e5_encoder: E5Encoder) -> None:
    s = nlp.analyze(_picture_titled_deck(), encode=e5_encoder.encode).structure
    assert "current_state" in s.ids() and set(s.ids()) <= {
        "select_topic",
        "current_state",
        "set_target",
        "cause_analysis",
    }
    placed = s.get("current_state")
    assert placed is not None and placed.via == "classifier" and placed.pages == [4] and 0 < placed.confidence < 1
    assert 2 not in s.pages_of(*s.ids())  # 小组概况 is no step, whatever its words


@pytest.mark.slow
def test_e5_agreement_sets_the_confidence(e5_encoder: E5Encoder) -> None:
    d = deck(good_problem_solving())
    with_e5 = nlp.analyze(d, encode=e5_encoder.encode).structure
    c = classify(d, LABELS, set(), e5_encoder.encode)
    assert c.source == "embedding" and NONE in c.labels
    for step in with_e5.steps:
        assert 0 < step.confidence <= 1
    assert with_e5.confident
