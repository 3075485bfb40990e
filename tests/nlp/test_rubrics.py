"""Rubric files: validation at load, scoring, grades (DB1407/T 45 表1) and the 形式审查 verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nlp import rubric as rubric_mod
from nlp.findings import Finding, Severity
from nlp.rubric import RubricError, load, load_file, verdict

GOOD = {
    "id": "t",
    "name": "测试评分表",
    "items": [{"name": "选题", "max": 15}, {"name": "特点", "max": 10, "tool_points": 5}, {"name": "答辩", "max": 20, "scorable": False}],
    "grades": [{"min": 80, "grade": "A"}, {"min": 70, "grade": "B"}, {"min": 60, "grade": "C"}, {"min": 0, "grade": "D"}],
    "rules": [{"id": "S2", "type": "reason_data", "severity": "major", "item": "选题", "deduction": 3, "message": "选题理由无数据"}],
}


def _write(tmp_path: Path, data: dict) -> Path:
    p = tmp_path / "r.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


@pytest.mark.parametrize("rid", ["caq-2020-problem-solving", "caq-2020-innovative", "db1407-t45-a1"])
def test_bundled_rubrics_load(rid: str) -> None:
    rb = load(rid)
    assert rb.rules and rb.items


def test_item_maxima_follow_the_score_sheets() -> None:
    ps = {i.name: i.max for i in load("caq-2020-problem-solving").items}
    assert ps == {"选题": 15, "原因分析": 30, "对策与实施": 20, "效果": 20, "成果报告": 5, "特点": 10}
    inn = [i.max for i in load("caq-2020-innovative").items]
    assert inn == [20, 30, 20, 15, 5, 10]
    db = load("db1407-t45-a1")
    assert [i.max for i in db.items] == [20, 30, 10, 20, 20]
    assert [i.name for i in db.items if not i.scorable] == ["陈述答辩情况"]
    assert db.max_total == 80


def test_good_file_loads(tmp_path: Path) -> None:
    assert load_file(_write(tmp_path, GOOD)).id == "t"


@pytest.mark.parametrize(
    ("patch", "words"),
    [
        ({"type": "no_such_check"}, "未注册"),
        ({"item": "不存在的项目"}, "不在本评分表"),
        ({"severity": "catastrophic"}, "severity"),
        ({"message": "  "}, "中文说明"),
        ({"item": None}, "没有指定评分项目"),
    ],
)
def test_bad_rules_fail_at_load(tmp_path: Path, patch: dict, words: str) -> None:
    data = {**GOOD, "rules": [{**GOOD["rules"][0], **patch}]}
    with pytest.raises(RubricError, match=words):
        load_file(_write(tmp_path, data))


def test_duplicate_rule_fails(tmp_path: Path) -> None:
    data = {**GOOD, "rules": GOOD["rules"] * 2}
    with pytest.raises(RubricError, match="重复"):
        load_file(_write(tmp_path, data))


def test_unknown_rubric_id() -> None:
    with pytest.raises(RubricError, match="未知的评分表"):
        load("no-such-rubric")


def _f(rule: str, sev: Severity) -> Finding:
    return Finding(rule=rule, severity=sev, message="问题", pages=[1])


def test_score_deducts_once_per_rule_and_uses_tool_ratio(tmp_path: Path) -> None:
    rb = load_file(_write(tmp_path, GOOD))
    rule = rb.rules[0]
    sc = rb.score([(rule, _f("S2", Severity.major)), (rule, _f("S2", Severity.major))], tool_ratio=0.4)
    items = {i["name"]: i for i in sc["items"]}
    assert items["选题"]["score"] == 12
    assert items["特点"]["score"] == 7  # 5 + 5 × 0.4
    assert items["答辩"]["score"] is None
    assert sc["max"] == 25 and sc["total"] == 19
    assert sc["grade"] == "B"  # 76 %


def test_score_floors_at_zero(tmp_path: Path) -> None:
    data = {**GOOD, "rules": [{**GOOD["rules"][0], "deduction": 40}]}
    rb = load_file(_write(tmp_path, data))
    sc = rb.score([(rb.rules[0], _f("S2", Severity.major))], tool_ratio=1.0)
    assert {i["name"]: i["score"] for i in sc["items"]}["选题"] == 0


@pytest.mark.parametrize(("pct", "grade"), [(100, "A"), (80, "A"), (79.9, "B"), (70, "B"), (69, "C"), (60, "C"), (59.9, "D"), (0, "D")])
def test_grades_follow_table_1(pct: float, grade: str) -> None:
    assert load("db1407-t45-a1").grade(pct) == grade


def test_verdicts() -> None:
    v, reasons = verdict([_f("K1", Severity.fatal), _f("P2", Severity.major)])
    assert v == "不评" and reasons and "K1" in reasons[0]
    assert verdict([_f("P2", Severity.major), _f("Z1", Severity.minor)])[0] == "完善后参评"
    assert verdict([_f("Z1", Severity.minor)])[0] == "参评"
    assert verdict([])[0] == "参评"


def test_default_rubric_follows_type() -> None:
    assert rubric_mod.default_for("innovative") == "caq-2020-innovative"
    assert rubric_mod.default_for("problem_solving") == "caq-2020-problem-solving"
    assert rubric_mod.default_for("unknown") == "caq-2020-problem-solving"
