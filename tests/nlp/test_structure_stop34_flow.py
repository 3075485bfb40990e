"""Stop 34 (lead): the 活动程序 told as a flow of step names ("选择课题→现状调查→…") says what the procedure is,
not where the deck tells a step: a core step missing beside it still vetoes. A 目录 naming the step (numbered
sections) still makes it 未能确认 (judge93)."""

from __future__ import annotations

from nlp.check import check
from tests.nlp.conftest import deck, good_problem_solving, replace_slide

_FLOW = "活动程序：选择课题→现状调查→设定目标→原因分析→确定主要原因→制定对策→对策实施→效果检查→制定巩固措施→总结"
_TOC = "一、选择课题 二、现状调查 三、设定目标 四、原因分析 五、确定主要原因 六、制定对策 七、对策实施"


def _without_main_causes(line: str) -> tuple[str, set[str], list[str]]:
    slides = replace_slide(good_problem_solving(), "五、确定主要原因", (None, ["逐条验证末端原因。"]))
    rep = check(deck([slides[0], ("小组概况", [line]), *slides[1:]]))
    fatal = {f.rule for f in rep.findings if f.severity == "fatal"}
    return rep.verdict, fatal, rep.structure.unconfirmed if rep.structure is not None else []


def test_the_procedure_as_a_flow_of_step_names_does_not_unconfirm_a_missing_step() -> None:
    verdict, fatal, unconfirmed = _without_main_causes(_FLOW)
    assert verdict == "不评" and "M-main_causes" in fatal and "main_causes" not in unconfirmed


def test_the_same_names_as_numbered_contents_still_unconfirm_it() -> None:
    verdict, fatal, unconfirmed = _without_main_causes(_TOC)
    assert verdict == "需人工复核" and "M-main_causes" not in fatal and "main_causes" in unconfirmed


def test_a_flow_of_fewer_steps_than_the_chain_names_the_step() -> None:
    verdict, _fatal, unconfirmed = _without_main_causes("原因分析→确定主要原因→制定对策")
    assert verdict == "需人工复核" and "main_causes" in unconfirmed
