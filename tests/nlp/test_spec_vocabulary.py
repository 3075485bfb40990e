"""The vocabulary new hands write from, copied from spec/domain.md (a.6 heading aliases, a.5 对策表 columns)
and spec/house-styles.md (§1 heading forms), plus the variants new hands wrote in the seen splits of
eval/independent/: every string is read as its step or its 5W1H column. The strings are copied here, not
parsed from the spec at test time (tests/nlp/test_house_styles_spec.py walks the spec text itself)."""

from __future__ import annotations

import pytest

from nlp.fivew1h_tables import map_header
from nlp.headings import match_cue, match_heading

# domain.md a.6 "Heading aliases the parser must recognise": canonical name and every alias, by step
A6: dict[str, list[str]] = {
    "select_topic": ["选择课题", "选题", "选题理由", "课题选定", "主题选定", "课题选取"],
    "current_state": ["现状调查", "现状把握", "现况把握", "现状分析"],
    "set_target": ["设定目标", "目标设定", "目标值设定"],
    "target_feasibility": ["目标可行性论证", "可行性论证", "可行性分析", "目标可行性分析"],
    "cause_analysis": ["原因分析", "解析", "要因分析", "根因分析"],
    "main_causes": ["确定主要原因", "要因确认", "要因确定", "主要原因确认", "真因验证", "根因确认"],
    "plan_countermeasures": ["制定对策", "对策拟定", "对策制定", "制订对策"],
    "implement": ["对策实施", "按对策实施", "实施对策", "对策实施与检讨"],
    "check_effect": ["效果检查", "效果确认", "检查效果", "确认效果"],
    "consolidate": ["制定巩固措施", "巩固措施", "标准化", "巩固与标准化"],
    "summary": ["总结和下一步打算", "总结和今后打算", "检讨与改进", "下一步打算"],
    "propose_solutions": ["提出方案并确定最佳方案", "提出各种方案", "确定最佳方案", "方案选择", "方案评价"],
}
# Variants new hands wrote for the same steps in the seen splits (each where first seen): the particle
# 的 inside a name, 主因 for 主要原因, 品管圈 short forms, the 下期 theme and 收获 of the summary.
NEW_HANDS: dict[str, list[str]] = {
    "select_topic": ["课题的提出", "课题的选定", "查新与借鉴", "查新与广泛借鉴"],  # fresh5 j08, j37; fresh2 g37
    "main_causes": ["主因确认", "主因确认（一）", "主因验证", "确定主因", "真因确定", "要因的确认",  # fresh5 j03, t12
                    "Main Cause Verification", "MAIN CAUSES", "KEY CAUSES"],
    "propose_solutions": ["方案的提出与选定", "方策评价", "方策展开", "方案细化"],  # fresh5 j08, j09; f14
    "implement": ["实施与检讨", "实施与检讨——方策三"],  # fresh3 h24
    "check_effect": ["效果验证", "效果验证（经济效益）"],  # fresh3 h03
    "summary": ["下期活动主题", "收获与打算", "收获与下一步", "下一轮PDSA"],  # t11, g37, j33, i29
}  # fmt: skip
# house-styles §1 "Step headings appear as": the numbering and section forms around a name
FORMS = ["{}", "一、{}", "（一）{}", "1. {}", "第一步 {}", "01 {}", "PART 02 {}", "{}（续）", "十二、{}"]


def _cases(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(name, step) for step, names in table.items() for name in names]


def _steps(text: str, *, strict: bool = False) -> tuple[str, ...]:
    m = match_heading(text, strict=strict)
    return m.steps if m is not None else ()


@pytest.mark.parametrize(("name", "step"), _cases(A6) + _cases(NEW_HANDS))
def test_heading_names_its_step_in_every_form(name: str, step: str) -> None:
    wrong = [f.format(name) for f in FORMS if step not in _steps(f.format(name))[:1]]
    assert not wrong


@pytest.mark.parametrize(("name", "step"), _cases(A6) + _cases(NEW_HANDS))
def test_heading_as_a_numbered_body_line(name: str, step: str) -> None:
    """A numbered line of a Word 成果报告 ("三、主因确认") is a heading there too."""
    assert _steps(f"三、{name}", strict=True)[:1] == (step,)


@pytest.mark.parametrize(
    "sentence",
    [
        "课题的提出背景是车间要求降低成本，小组做了调查",  # a sentence, not a heading
        "通过主因确认，小组发现夹紧力过大是主要原因。",
        "方案的提出过程中，小组成员开展了头脑风暴，共提出12条意见",
    ],
)
def test_sentences_naming_a_step_are_no_headings(sentence: str) -> None:
    assert match_heading(sentence, strict=True) is None


def test_unknown_words_after_de_are_not_read() -> None:
    """Reading past 的 must not make a heading of words that name no step."""
    for text in ("的确认", "小组的活动", "我们的目标值"):
        assert _steps(text)[:1] != ("main_causes",), text


def test_intangible_results_open_no_step() -> None:
    """A CAQ 总结 holds the 无形成果 too: "无形成果雷达图" under 总结 must not turn back to 效果检查."""
    for text in ("无形成果雷达图", "无形成果", "有形成果"):
        assert match_heading(text, strict=False) is None, text


@pytest.mark.parametrize(
    ("text", "step"),
    [("主因确认计划表", "main_causes"), ("毛坯硬度不均——非主因", "main_causes"), ("确认为非要因", "main_causes")],
)
def test_content_cues_of_the_main_causes(text: str, step: str) -> None:
    """A slide whose title names no step is moved on by the work it shows (主因/非主因 verdicts)."""
    assert match_cue(text) == step


# domain.md a.5: the CAQ columns, the older 对策表 variant, the 品管圈 Why, the 5W2H words
COLUMNS: dict[str, list[str]] = {
    "no": ["序号"],
    "cause": ["要因"],
    "what": ["对策", "What", "何事"],
    "why": ["目标", "对策目标", "Why", "何因"],
    "how": ["措施", "How", "如何"],
    "where": ["地点", "Where", "何地"],
    "when": ["时间", "完成时间", "期限", "When", "何时"],
    "who": ["负责人", "执行人", "Who", "何人"],
    "checker": ["检查人"],
    "note": ["备注"],
    "qcc_why": ["真因", "原因"],
    "how_much": ["多少"],
}


@pytest.mark.parametrize(("header", "key"), [(h, k) for k, hs in COLUMNS.items() for h in hs])
def test_column_headers_of_section_a5(header: str, key: str) -> None:
    assert map_header(header) == key


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("下一个 PDCA 循环", "summary"),
        ("下一轮 PDSA", "summary"),
        ("进入下一个 PDCA 循环", "summary"),
        ("五、下一轮 PDCA", "summary"),
        ("运用 QC 工具进行原因分析", None),  # a sentence: the space read past makes no heading of it
    ],
)
def test_a_pdf_space_between_chinese_and_latin_is_read_past(text: str, step: str | None) -> None:
    """A PDF's text layer writes "下一个 PDCA 循环" for 下一个PDCA循环 (seen fresh12 r53, a FOCUS deck whose
    closing slide was then read as part of 处理(Act)): the alias is the same heading with or without it."""
    got = match_heading(text, strict=True)
    assert (got.steps[:1] if got else (None,)) == (step,)


def test_a_space_between_two_chinese_words_is_not_read_past() -> None:
    """Only a space next to Latin letters or digits is the text layer's: "下一 步打算" (two Chinese words
    apart) is not read as 下一步打算."""
    assert match_heading("下一 步打算", strict=True) is None
    assert _steps("下一轮 PDCA")[:1] == ("summary",)
