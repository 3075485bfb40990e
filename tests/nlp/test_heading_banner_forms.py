"""Slide titles whose phase word or letter is set apart from the Chinese step name by a bar, a slash or a
middle dot, FOCUS-PDCA letters in brackets before free wording, and a step named after a colon in a title
(seen fresh13 s16 s42 s43 s57: nine steps not found, one a false C1)."""

from __future__ import annotations

import nlp
from nlp.headings import match_heading
from tests.nlp.conftest import deck

FILL = "本页数据：统计{n}例，占比{n}%，较上月变化{n}个百分点。"


def _steps(text: str) -> tuple[str, ...] | None:
    m = match_heading(text, strict=False)
    return m.steps if m is not None else None


def test_english_word_then_a_dot_bar_or_slash_reads_the_chinese_step() -> None:
    for text, step in [
        ("Understand · 根因验证", "main_causes"),
        ("Understand • 要因确认", "main_causes"),
        ("Clarify · 目标设定", "set_target"),
        ("Clarify / 设定目标", "set_target"),
        ("Check · 检查效果", "check_effect"),
        ("Check｜效果确认", "check_effect"),
        ("Act · 标准化", "consolidate"),
        ("Plan｜要因评价与真因验证", "main_causes"),
        ("PLAN / 要因评价及真因验证", "main_causes"),
        ("Find · 发现问题", "select_topic"),
    ]:
        steps = _steps(text)
        assert steps is not None and steps[0] == step, text


def test_phase_word_then_a_dot_before_a_bare_phase_is_its_group() -> None:
    for text, letter in [("Do · 实施", "D"), ("Do｜实施", "D"), ("Do / 执行", "D")]:
        m = match_heading(text, strict=False)
        assert m is not None and m.steps == ("_group",) and m.letter == letter, text


def test_focus_letter_in_brackets_or_before_a_dash_names_its_step_when_the_chinese_does_not() -> None:
    for text, step in [
        ("（F）找出改进机会", "select_topic"),
        ("【F】寻找待改进的流程", "select_topic"),
        ("F——发掘改善机会", "select_topic"),
        ("（U）了解原因", "cause_analysis"),
        ("U｜探究问题根源", "cause_analysis"),
        ("（O）组织改进团队", "_other"),
        # the Chinese decides where it names a step
        ("（U）根因验证", "main_causes"),
        ("U——真因验证", "main_causes"),
    ]:
        steps = _steps(text)
        assert steps is not None and steps[0] == step, text


def test_a_letter_glued_to_a_word_or_set_apart_by_a_space_names_no_focus_step() -> None:
    for text in ["U型管泄漏", "O 型圈老化", "F型支架"]:
        steps = _steps(text)
        assert steps is None or steps[0] not in ("select_topic", "cause_analysis"), text


def test_a_step_named_after_a_colon_in_a_title_is_that_slide_s_step() -> None:
    assert _steps("C——明确现状：目标设定") == ("set_target",)
    assert _steps("现况把握：设定目标") == ("set_target",)
    # a subtitle that names a part of the step, or more than a step's name, keeps the step
    assert _steps("现状调查：查检表统计")[0] == "current_state"  # type: ignore[index]
    assert _steps("原因分析：鱼骨图")[0] == "cause_analysis"  # type: ignore[index]
    assert _steps("效果检查：巩固措施执行情况")[0] == "check_effect"  # type: ignore[index]
    # in a body line the colon is a label, not a subtitle
    m = match_heading("现状：目标设定依据见下表", strict=True)
    assert m is None or m.steps[0] != "set_target"


def _slides(titles: list[str | tuple[str, list[str]]]) -> list[tuple[str | None, list[str]]]:
    out: list[tuple[str | None, list[str]]] = [("降低结肠镜检查患者肠道准备不合格率", ["消化内镜中心"])]
    for k, t in enumerate(titles):
        title, extra = (t, []) if isinstance(t, str) else t
        out.append((title, [*extra, FILL.format(n=k + 3)]))
    return out


def test_a_focus_deck_with_dotted_english_titles_finds_every_step() -> None:
    slides = _slides(
        [
            "Find · 发现问题",
            "Organize · 组建团队",
            "Clarify · 明确现状",
            "Clarify · 目标设定",
            "Understand · 分析原因",
            "Understand · 根因验证",
            "Select · 选择改进方案",
            "Plan · 制定计划",
            ("Do · 实施", ["6月起预约患者扫码观看视频，观看率91%"]),
            ("Check · 检查效果", ["6—8月不合格率5.6%，达到目标"]),
            ("Act · 标准化", ["修订《肠道准备护理规范》，写入预约流程"]),
        ]
    )
    s = nlp.analyze(deck(slides)).structure
    for step, page in [
        ("set_target", 5),
        ("main_causes", 7),
        ("implement", 10),
        ("check_effect", 11),
        ("consolidate", 12),
    ]:
        assert s.get(step) is not None and page in s.get(step).pages, step
    assert s.get("plan_countermeasures").pages == [8, 9]


def test_a_focus_deck_with_bracketed_letters_and_free_wording_finds_every_step() -> None:
    slides = _slides(
        [
            "（F）找出改进机会",
            "（O）组织改进团队",
            "（C）澄清现况",
            "（C）设定目标",
            "（U）了解原因",
            "（U）根因验证",
            "（S）选择改进方案",
            "（P）计划",
            ("（D）实施", ["鼻塞选择：6月测量记录58例，型号选择正确56例"]),
            ("（C）检查", ["7—9月发生率8.6%，低于目标"]),
            ("（A）处置", ["制定《鼻部皮肤保护护理常规》，护理部发布"]),
        ]
    )
    s = nlp.analyze(deck(slides)).structure
    assert s.get("select_topic") is not None and s.get("select_topic").pages[0] == 2
    assert s.get("cause_analysis") is not None and s.get("cause_analysis").pages == [6]
    assert s.get("main_causes") is not None and s.get("main_causes").pages == [7]


def test_a_title_naming_no_step_glossed_by_a_steps_own_table_is_that_step() -> None:
    assert _steps("STEP7 实施计划（5W1H）") == ("plan_countermeasures",)
    assert _steps("6. 措施计划（对策表）") == ("plan_countermeasures",)
    assert _steps("原因剖析（鱼骨图）") == ("cause_analysis",)
    # the words decide where they name a step; a gloss that is no step's table decides nothing
    assert _steps("对策实施（5W1H）") == ("implement",)
    assert _steps("实施计划（第二阶段）") is None
    m = match_heading("实施计划（5W1H）", strict=True)
    assert m is None or m.steps[0] != "plan_countermeasures"
