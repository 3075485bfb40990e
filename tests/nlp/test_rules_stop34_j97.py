"""Stop 34 (judge97): T1 on a 申报表 tick the 成果材料's own label contradicts; N1's parts beside several
总体方案 read; G1's missing 依据 of a 指令性 / 创新型 target."""

from __future__ import annotations

from pathlib import Path

import ingest
from nlp.check import check
from tests.nlp.conftest import (
    deck,
    finding_messages,
    good_innovative,
    good_problem_solving,
    replace_slide,
    reviewed_ids,
    rule_ids,
    run_check,
    set_slide,
)
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


OPTIONS = [
    "总体方案A：零点定位快换底板加整体封堵模块。",
    "总体方案B：通用底板加气动伸缩封堵头。",
    "各做样件试验换型10次：方案A平均换型10.5min、误判率0.4%；方案B换型6.8min、误判率1.1%，选定方案A。",
]


def _n1(lines: list[str]) -> tuple[list[str], list[str]]:
    rep = check(deck(set_slide(good_innovative(), "三、提出方案", lines)))
    return finding_messages(rep, "N1"), [r.reason for r in rep.reviews if r.rule == "N1"]


def test_several_options_tested_without_levels_read_is_a_review() -> None:
    """Two 总体方案 compared by a trial, the 分级方案 not read (drawn, chosen part by part, refined under a
    new hand's name: seen fresh15 v22, fresh17 y08, fresh21 e08): a review, no finding."""
    found, reviewed = _n1(list(OPTIONS))
    assert not found
    assert any("多个总体方案" in r for r in reviewed)


def test_one_option_without_levels_stays_a_finding() -> None:
    """Twin: one 总体方案 only (every required N1 of the seen truths) — the finding keeps both parts."""
    found, _ = _n1(
        ["总体方案：零点定位快换底板加整体封堵模块，经小组讨论确定。", "样件试验换型10次，平均10.5min、误判率0.4%。"]
    )
    assert found and "只提出了一个总体方案" in found[0] and "分级方案" in found[0]


_TARGET = ["目标：2023年8月底前2号机组氨逃逸超标率由8.6%降至3%以下。"]


def _target_deck(kind: str) -> list:  # type: ignore[type-arg]
    s = set_slide(good_problem_solving(), "降低转向节", ["发电部QC小组", f"课题类型：问题解决型（{kind}）"])
    if kind == "指令性目标":
        s = replace_slide(s, "二、现状调查", None)
    s = set_slide(s, "一、选择课题", ["2号机组氨逃逸超标率8.6%，造成空预器堵塞，影响机组带负荷。"])
    return set_slide(s, "三、设定目标", _TARGET)


def test_a_directive_target_without_its_basis_read_is_a_review() -> None:
    """A 指令性 target's 依据 is the directive, written where the writer chooses (seen fresh18 z25): no 依据 read
    beside it is a review."""
    rep = run_check(_target_deck("指令性目标"))
    assert "G1" not in rule_ids(rep) and "G1" in reviewed_ids(rep)


def test_a_self_set_target_without_basis_stays_a_finding() -> None:
    """Twin: a 自定目标 with no 依据 or 测算 (every required no-basis G1 of the seen truths) — the finding."""
    rep = run_check(_target_deck("自定目标"))
    assert any("没有说明设定目标的依据" in m for m in finding_messages(rep, "G1"))


def _options_named(a: str, b: str) -> list[str]:
    return [
        f"{a}：气动夹紧工装。",
        f"{b}：液压夹紧工装。",
        f"样件试验：{a}夹紧时间3.2s、成本1.8万元；{b}夹紧时间2.9s、成本6.5万元，综合选定{a}。",
        "将选定方案逐层分解为分级方案：夹紧机构（气缸/电磁铁）、定位模块（一面两销/V形块），经试验选定。",
    ]


def test_two_options_named_as_other_hands_name_them_are_two() -> None:
    """ "A方案/B方案", "甲方案/乙方案", "方案甲/方案乙", "第一种方案/第二种方案", "方案（一）/方案（二）" name two 总体方案
    as "方案A/方案B" does: no "只提出了一个总体方案"."""
    for a, b in (
        ("A方案", "B方案"),
        ("甲方案", "乙方案"),
        ("方案甲", "方案乙"),
        ("第一种方案", "第二种方案"),
        ("方案（一）", "方案（二）"),
    ):
        found, _ = _n1(_options_named(a, b))
        assert not any("只提出了一个总体方案" in m for m in found), a


def test_one_option_named_so_is_still_one() -> None:
    """Twin: one "A方案" (or "第一种方案") alone is one option: the finding stands."""
    for a in ("A方案", "第一种方案"):
        lines = [f"{a}：气动夹紧工装，经小组讨论确定。", "样件试验：夹紧时间3.2s、成本1.8万元。"]
        found, _ = _n1(lines)
        assert any("只提出了一个总体方案" in m for m in found), a
