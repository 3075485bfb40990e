"""Stop 34 (judge97): T1 on a 申报表 tick the 成果材料's own label contradicts; N1's parts beside several
总体方案 read."""

from __future__ import annotations

from pathlib import Path

import ingest
from nlp.check import check
from tests.nlp.conftest import deck, good_problem_solving
from tests.nlp.test_form import tianjin_form

INNOVATIVE_TICK = "□问题解决型（□自定目标 □指令性目标）      ☑创新型"


def _t1(rep) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    found = [f.message for f in rep.findings if f.rule == "T1"]
    reviewed = [r.reason for r in rep.reviews if r.rule == "T1"]
    return found, reviewed


def test_form_tick_against_the_reports_own_label_is_a_review(tmp_path: Path) -> None:
    """The 申报表 ticks 创新型, the 成果材料 labels itself 问题解决型 as its content reads: the package
    contradicts itself, the project is not mislabelled (seen fresh20 d44)."""
    slides = good_problem_solving()
    slides[0] = (slides[0][0], ["QC小组", "项目类型：问题解决型"])
    form = ingest.read(tianjin_form(tmp_path, type=INNOVATIVE_TICK))
    found, reviewed = _t1(check(deck(slides), form=form))
    assert not found
    assert reviewed and "申报表" in reviewed[0] and "问题解决型" in reviewed[0]


def test_form_tick_against_the_content_alone_stays_a_finding(tmp_path: Path) -> None:
    """Twin: the 成果材料 says nothing of its type (or repeats the tick): the 申报表's type is the declared one
    and the content contradicts it — T1."""
    form = ingest.read(tianjin_form(tmp_path, type=INNOVATIVE_TICK))
    slides = good_problem_solving()
    slides[0] = (slides[0][0], ["QC小组"])
    found, _ = _t1(check(deck(slides), form=form))
    assert found and "申报表" in found[0]
    slides[0] = (slides[0][0], ["QC小组", "项目类型：创新型"])
    found, _ = _t1(check(deck(slides), form=form))
    assert found
