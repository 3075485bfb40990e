"""Stop 34 (judge93): a 否决 on a missing step needs the step's absence sure in the whole document. Its name seen
anywhere (a 目录 line, a neighbour's heading that names it too, the 总结), or a page not read, makes the step
未能确认 (需人工复核), not 不评; the same deck without that sign still vetoes."""

from __future__ import annotations

from ingest.model import Document, UnreadPicture
from nlp.check import check
from tests.nlp.conftest import deck, good_problem_solving, replace_slide

_BARE = (None, ["逐条验证末端原因。"])  # the verification's slide with no title and nothing read as its work


def _bare() -> list:
    return replace_slide(good_problem_solving(), "五、确定主要原因", _BARE)


def _fatal(doc: Document) -> tuple[str, set[str], list[str]]:
    rep = check(doc)
    fatal = {f.rule for f in rep.findings if f.severity == "fatal"}
    return rep.verdict, fatal, rep.structure.unconfirmed if rep.structure is not None else []


def _vetoed_bare() -> bool:
    """The deck without the sign: the missing step vetoes."""
    verdict, fatal, unconfirmed = _fatal(deck(_bare()))
    return verdict == "不评" and "M-main_causes" in fatal and "main_causes" not in unconfirmed


def test_a_contents_slide_naming_the_step_makes_it_unconfirmed_not_vetoed() -> None:
    slides = _bare()
    toc = ("目录", ["一、选择课题 二、现状调查 三、设定目标 四、原因分析 五、要因确认 六、制定对策 七、对策实施"])
    verdict, fatal, unconfirmed = _fatal(deck([slides[0], toc, *slides[1:]]))
    assert verdict == "需人工复核" and "M-main_causes" not in fatal and "main_causes" in unconfirmed
    assert _vetoed_bare()


def test_a_neighbours_heading_naming_the_step_too_makes_it_unconfirmed_not_vetoed() -> None:
    base = good_problem_solving()
    causes = next(items for title, items in base if title == "四、原因分析")
    slides = replace_slide(base, "五、确定主要原因", None)
    slides = replace_slide(slides, "四、原因分析", ("四、原因分析（含要因确认）", [*causes, "逐条验证末端原因。"]))
    verdict, fatal, unconfirmed = _fatal(deck(slides))
    assert verdict == "需人工复核" and "M-main_causes" not in fatal and "main_causes" in unconfirmed
    assert _vetoed_bare()


def test_the_step_named_in_the_summary_makes_it_unconfirmed_not_vetoed() -> None:
    summary = (
        "十、总结和下一步打算",
        ["小组成员掌握了末端原因逐条验证和要因确认的方法。", "下一步打算：降低端面跳动超差。"],
    )
    slides = replace_slide(_bare(), "十、总结", summary)
    verdict, fatal, unconfirmed = _fatal(deck(slides))
    assert verdict == "需人工复核" and "M-main_causes" not in fatal and "main_causes" in unconfirmed
    assert _vetoed_bare()


def test_a_picture_not_read_makes_the_missing_step_unconfirmed_not_vetoed() -> None:
    """A banner picture that may name the step, left unread: the absence is not sure."""
    doc = deck(_bare())
    lost = UnreadPicture(page=6, code="budget", reason="超出识别预算")
    doc = doc.model_copy(update={"coverage": doc.coverage.model_copy(update={"unread_pictures": [lost]})})
    verdict, fatal, unconfirmed = _fatal(doc)
    assert verdict == "需人工复核" and "M-main_causes" not in fatal and "main_causes" in unconfirmed
    assert _vetoed_bare()
