"""Project type from the 申报表 tick, the 课题类型 label, structure and title; T1 on a mislabel."""

from __future__ import annotations

from ingest.model import Block, BlockKind, Document, SourceRef
from nlp.check import check
from nlp.form import FormReport
from nlp.project_type import decide, doc_title
from nlp.sections import segment
from tests.nlp.conftest import deck, good_innovative, good_problem_solving, replace_slide


def _decide(slides, form=None):
    d = deck(slides)
    return decide(d, segment(d), form)


def test_problem_solving_from_structure_and_title() -> None:
    dec = _decide(good_problem_solving())
    assert dec.project_type == "problem_solving" and dec.target_kind == "self_set"
    assert dec.inferred == "problem_solving"


def test_innovative_from_structure_and_title() -> None:
    dec = _decide(good_innovative())
    assert dec.project_type == "innovative" and dec.target_kind is None


def test_title_alone_decides_when_structure_is_silent() -> None:
    assert _decide([("研制一种新型电缆剥线装置", ["QC小组"])]).project_type == "innovative"
    assert _decide([("降低电缆剥线不良率", ["QC小组"])]).project_type == "problem_solving"


def test_directive_target_kind() -> None:
    s = replace_slide(
        good_problem_solving(), "二、现状调查", ("二、目标可行性论证", ["历史最好水平0.7%，测算可达0.8%。"])
    )
    dec = _decide(s)
    assert dec.project_type == "problem_solving" and dec.target_kind == "directive"


def test_form_tick_is_the_declared_type_and_wins_a_tie() -> None:
    slides = [("关于转向节装夹的课题", ["QC小组"])]  # content says nothing
    dec = _decide(slides, FormReport(project_type="innovative"))
    assert dec.project_type == "innovative" and dec.declared_source == "form"
    dec = _decide(slides, FormReport(project_type="problem_solving", target_kind="directive"))
    assert dec.project_type == "problem_solving" and dec.target_kind == "directive"


def test_mislabel_is_flagged_and_content_wins() -> None:
    s = good_problem_solving()
    s[0] = (s[0][0], ["QC小组", "课题类型：创新型"])
    rep = check(deck(s))
    assert rep.project_type == "problem_solving"
    assert rep.declared_type == "innovative"
    t1 = [f for f in rep.findings if f.rule == "T1"]
    assert t1 and t1[0].pages == [1] and "创新型" in t1[0].message


def test_innovative_with_cause_steps_is_flagged() -> None:
    s = good_innovative()
    s.insert(3, ("要因确认", ["对末端因素逐条确认，现场测量12件"]))
    rep = check(deck(s), rubric="caq-2020-innovative")
    if rep.project_type == "innovative":
        assert any(f.rule == "T1" for f in rep.findings)
    else:  # the structure tipped it to 问题解决型: the declared label then disagrees
        assert any(f.rule == "T1" for f in rep.findings)


def test_the_authoring_programs_default_title_is_not_the_project_title() -> None:
    """A PDF exported from PowerPoint often carries "PowerPoint 演示文稿" as its title property: the 课题名称
    is then read from the cover, and S1 never judges the program's placeholder."""
    slides = good_problem_solving()
    for default in ("PowerPoint 演示文稿", "Microsoft Word - 成果报告.docx", "演示文稿1", "Slide 1"):
        d = deck(slides).model_copy(update={"title": default})
        assert doc_title(d) == doc_title(deck(slides)) != ""
        assert doc_title(d) != default
    named = deck(slides).model_copy(update={"title": "提高PowerPoint演示文稿制作一次合格率"})
    assert doc_title(named) == "提高PowerPoint演示文稿制作一次合格率"  # a real title that names the program stays


def _cover(lines: list[str]) -> Document:
    blocks = [
        Block(id=f"c{k}", kind=BlockKind.paragraph, text=t, source=SourceRef(page=1, order=k, part="ocr"))
        for k, t in enumerate(lines)
    ]
    return Document(doc_id="c", filename="scan.pdf", format="pdf", pages=1, title=lines[0], blocks=blocks)


def test_an_organisation_on_top_of_a_cover_is_not_the_title() -> None:
    """A scanned cover's first line is the company or the team (seen fresh7 m23, fresh8 n34, and each split's
    scanned report): the 课题名称 is the cover line naming what is lowered, raised or created — also when it
    wraps onto a second line."""
    cover = ["滨江电力工程有限公司", "降低10kV电缆终端头制作不合格率", "输变电工程处QC小组", "2024年5月"]
    assert doc_title(_cover(cover)) == "降低10kV电缆终端头制作不合格率"
    wrapped = ["滨江市第一人民医院", "运用PDCA降低住院患者跌倒", "伤害发生率", "护理部", "2024年5月"]
    assert doc_title(_cover(wrapped)) == "运用PDCA降低住院患者跌倒伤害发生率"
    assert doc_title(_cover(["滨江电力工程有限公司", "成果报告", "2024年5月"])) == "滨江电力工程有限公司"
    kept = ["降低污水处理厂出水总氮浓度", "滨江水务有限公司", "提高污泥脱水效率"]
    assert doc_title(_cover(kept)) == "降低污水处理厂出水总氮浓度"
