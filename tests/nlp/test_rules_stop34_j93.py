"""Stop 34 (judge93): a 否决 needs positive evidence. A missing step's name seen anywhere (a 目录 line, a neighbour's
heading that names it too, the 总结), its work before where it would stand, or a page not read, makes the step
未能确认 (需人工复核), not 不评; a scoring of the 要因 with the causes verified one by one before it, or on the
next step's first page, is a K1 review. The same decks without that sign still veto."""

from __future__ import annotations

from ingest.model import Document, UnreadPicture
from nlp.check import check
from tests.nlp.conftest import CAUSE_TABLE, deck, good_problem_solving, replace_slide

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


def test_the_target_told_at_the_end_of_the_topic_makes_it_unconfirmed_not_vetoed() -> None:
    """The step's work before where it would stand (the 课题目标 closing 选择课题, 现状调查 between): 未能确认;
    the same words only after it (in 效果检查) leave the veto."""
    base = replace_slide(good_problem_solving(), "三、设定目标", None)
    topic = next(items for title, items in base if title == "一、选择课题")
    told = replace_slide(base, "一、选择课题", ("一、选择课题", [*topic, "课题目标：尺寸超差率由2.6%降至0.8%。"]))
    verdict, fatal, unconfirmed = _fatal(deck(told))
    assert verdict == "需人工复核" and "M-set_target" not in fatal and "set_target" in unconfirmed
    verdict, fatal, unconfirmed = _fatal(deck(base))
    assert verdict == "不评" and "M-set_target" in fatal


_SCORED = [["末端原因", "小组成员打分", "得分", "结论"]] + [
    [r[1], "5人打分", str(20 - i), "要因" if i < 3 else "非要因"] for i, r in enumerate(CAUSE_TABLE[1:])
]
_SCORING = ("五、确定主要原因", ["采用打分法确定要因，得分15分以上为要因。", _SCORED])
_VERIFIED = [
    "主轴前轴承磨损：实测径向跳动0.016mm，超过标准0.005mm，对应批次超差率4.1%，确认为要因。",
    "刀补按经验周期调整：跟踪3批共600件，间隔400件时孔径偏差0.012mm，确认为要因。",
]


def _k1(slides: list) -> tuple[str, set[str], set[str]]:
    rep = check(deck(slides))
    return rep.verdict, {f.rule for f in rep.findings}, {r.rule for r in rep.reviews}


def _scored() -> tuple[list, int]:
    slides = replace_slide(good_problem_solving(), "五、确定主要原因", _SCORING)
    return slides, next(n for n, (t, _) in enumerate(slides) if t == "五、确定主要原因")


def test_causes_verified_before_the_scoring_make_k1_a_review() -> None:
    slides, k = _scored()
    verdict, found, _reviewed = _k1(slides)
    assert verdict == "不评" and "K1" in found
    first = [
        *slides[:k],
        ("五、确定主要原因", list(_VERIFIED)),
        ("五、确定主要原因（续）", _SCORING[1]),
        *slides[k + 1 :],
    ]
    verdict, found, reviewed = _k1(first)
    assert verdict == "需人工复核" and "K1" not in found and "K1" in reviewed


def test_causes_verified_under_a_heading_read_as_the_next_step_make_k1_a_review() -> None:
    slides, k = _scored()
    merged = [*slides[: k + 1], ("五、要因确认及对策拟定", list(_VERIFIED)), *slides[k + 1 :]]
    verdict, found, reviewed = _k1(merged)
    assert verdict == "需人工复核" and "K1" not in found and "K1" in reviewed
    one = [*slides[: k + 1], ("五、要因确认及对策拟定", _VERIFIED[:1]), *slides[k + 1 :]]
    assert _k1(one)[0] == "不评"  # one line is too little to doubt the scoring
