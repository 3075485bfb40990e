"""Rubric files: validation at load, scoring, grades (DB1407/T 45 表1); the rule catalogue: validation
of every rule against its check type; the 形式审查 verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nlp import rubric as rubric_mod
from nlp.findings import Finding, Severity
from nlp.rubric import RubricError, load, load_file
from nlp.rulebook import RULES_DIR, RulebookError, load_dir, rulebook
from nlp.structure import Structure
from nlp.verdict import verdict

# every word list K1 uses, each a valid pattern (the cases below add one list or break one)
K1_WORDS = {
    "scoring": "打分",
    "verified": "验证",
    "measured_score": "测试得分",
    "cause_named": "凭经验确定",
    "own_check": "调查",
    "own_verdict": "要因",
    "decides": "为要因",
    "score_head": "总分",
    "score_line": "总分",
    "measured": "%",
    "verify_head": "验证方法",
    "any_verdict": "排除",
    "figure": "件",
    "result_head": "结论",
    "cause_count": "要因共3条",
    "tally": "(\\d+)例",
    "verdict_said": "确认为要因",
}


GOOD = {
    "id": "t",
    "name": "测试评分表",
    "items": [
        {"name": "选题", "max": 15},
        {"name": "特点", "max": 10, "tool_points": 5},
        {"name": "答辩", "max": 20, "scorable": False},
    ],
    "grades": [
        {"min": 80, "grade": "A"},
        {"min": 70, "grade": "B"},
        {"min": 60, "grade": "C"},
        {"min": 0, "grade": "D"},
    ],
    "rules": [{"id": "S2", "item": "选题", "deduction": 3}],
}


def _write(tmp_path: Path, data: dict, name: str = "r.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


@pytest.mark.parametrize("rid", ["caq-2020-problem-solving", "caq-2020-innovative", "db1407-t45-a1"])
def test_bundled_rubrics_load(rid: str) -> None:
    rb = load(rid)
    assert rb.rules and rb.items


def test_one_id_one_meaning() -> None:
    """Every rule id of every rubric is one rule of the catalogue, listed once per rubric."""
    book = rulebook()
    for rid in rubric_mod.available():
        ids = [r.id for r in load(rid).rules]
        assert len(ids) == len(set(ids)) and set(ids) <= set(book.rules)
    assert {"G1", "E1", "Q1"} <= set(book.rules)


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
        ({"id": "S9"}, "规则库中没有"),
        ({"item": "不存在的项目"}, "不在本评分表"),
        ({"severity": "catastrophic"}, "severity"),
        ({"item": None}, "没有指定评分项目"),
        ({"params": {"min_numbrs": 2}}, "未知的阈值 min_numbrs"),
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
    items = {i.name: i for i in sc.items}
    assert items["选题"].score == 12
    assert items["特点"].score == 7  # 5 + 5 × 0.4
    assert items["答辩"].score is None
    assert sc.max == 25 and sc.total == 19
    assert sc.grade == "B"  # 76 %


def test_score_floors_at_zero(tmp_path: Path) -> None:
    data = {**GOOD, "rules": [{**GOOD["rules"][0], "deduction": 40}]}
    rb = load_file(_write(tmp_path, data))
    sc = rb.score([(rb.rules[0], _f("S2", Severity.major))], tool_ratio=1.0)
    assert {i.name: i.score for i in sc.items}["选题"] == 0


@pytest.mark.parametrize(
    ("pct", "grade"), [(100, "A"), (80, "A"), (79.9, "B"), (70, "B"), (69, "C"), (60, "C"), (59.9, "D"), (0, "D")]
)
def test_grades_follow_table_1(pct: float, grade: str) -> None:
    assert load("db1407-t45-a1").grade(pct) == grade


def test_verdicts() -> None:
    s = Structure(steps=[], block_steps=[], coverage=0.9, confident=True, min_coverage=0.6, min_steps=4)
    v, reasons = verdict([_f("K1", Severity.fatal), _f("P2", Severity.major)], s, [])
    assert v == "不评" and reasons and "K1" in reasons[0]
    assert verdict([_f("P2", Severity.major), _f("Z1", Severity.minor)], s, [])[0] == "完善后参评"
    assert verdict([_f("Z1", Severity.minor)], s, [])[0] == "参评"
    assert verdict([], s, [])[0] == "参评"


def test_unconfirmed_steps_ask_for_a_human_never_a_veto() -> None:
    s = Structure(
        steps=[], block_steps=[], coverage=0.3, confident_coverage=0.3, confident=False, min_coverage=0.6, min_steps=4
    )
    v, reasons = verdict([_f("P2", Severity.major)], s, ["原因分析", "对策实施"])
    assert v == "需人工复核"
    assert "原因分析、对策实施" in reasons[0] and "30%" in reasons[0] and "60%" in reasons[0]
    assert any("P2" in r for r in reasons[1:])
    assert verdict([_f("K1", Severity.fatal)], s, ["原因分析"])[0] == "不评"  # positive evidence still vetoes


def test_default_rubric_follows_type() -> None:
    assert rubric_mod.default_for("innovative") == "caq-2020-innovative"
    assert rubric_mod.default_for("problem_solving") == "caq-2020-problem-solving"
    assert rubric_mod.default_for("unknown") == "caq-2020-problem-solving"


# ---------------------------------------------------------------------------- the rule catalogue


def test_every_rule_has_title_advice_and_known_step() -> None:
    for rid, rule in rulebook().rules.items():
        assert rule.title.strip() and rule.advice.strip(), rid


def _catalogue(tmp_path: Path, rid: str, patch: dict) -> Path:
    """A copy of the bundled rule files with one rule patched (a key set to None is removed)."""
    for src in RULES_DIR.glob("*.yaml"):
        data = yaml.safe_load(src.read_text(encoding="utf-8"))
        if rid in data.get("rules", {}):
            rule = {**data["rules"][rid], **patch}
            data["rules"][rid] = {k: v for k, v in rule.items() if v is not None}
        _write(tmp_path, data, src.name)
    return tmp_path


def test_bundled_catalogue_copy_loads(tmp_path: Path) -> None:
    assert set(load_dir(_catalogue(tmp_path, "K1", {})).rules) == set(rulebook().rules)


@pytest.mark.parametrize(
    ("rid", "patch", "words"),
    [
        ("K1", {"check": "cause_by_scorin"}, "未注册的检查类型"),
        (
            "K1",
            {"words": {}},
            "缺少词表 any_verdict、cause_count、cause_named、decides、figure、measured、measured_score、own_check、own_verdict、result_head、score_head、score_line、scoring、tally、verdict_said、verified、verify_head",
        ),
        (
            "K1",
            {"words": {**K1_WORDS, "vote": "表决"}},
            "不使用词表 vote",
        ),
        (
            "K1",
            {"words": {**K1_WORDS, "scoring": "打分|(评分"}},
            "不是有效的正则表达式",
        ),
        ("K1", {"message": "采用了{word}"}, "word 没有取值"),
        ("K1", {"advice": " "}, "缺少中文标题或修改建议"),
        ("K1", {"step": "main_cause"}, "未知的步骤"),
        ("S2", {"params": {}}, "缺少阈值 min_numbers"),
        ("S2", {"params": {"min_numbers": 1, "max_numbers": 3}}, "未知的阈值 max_numbers"),
        ("X1", {"parts": {"no_data": "缺少调查数据"}}, "消息部分应为"),
        ("A2", {"messages": None}, "备选消息应为 absent"),
        ("S1", {"review_parts": {"nowhere": "依据不足"}}, "review_parts 中的 nowhere 不是消息部分"),
        ("K1", {"reviews": {"one_word": "仅见一处“{word}”"}}, "复核理由应为 one_word、verified_near、verified_some"),
        ("K1", {"reviews": {"one_word": "仅见{word", "verified_some": "x", "verified_near": "x"}}, "消息模板无效"),
    ],
)
def test_bad_rule_definitions_fail_at_load(tmp_path: Path, rid: str, patch: dict, words: str) -> None:
    with pytest.raises(RulebookError, match=words):
        load_dir(_catalogue(tmp_path, rid, patch))


def test_one_id_is_defined_once_across_rule_files(tmp_path: Path) -> None:
    _catalogue(tmp_path, "K1", {})
    extra = {"rules": {"K1": yaml.safe_load((RULES_DIR / "plan.yaml").read_text(encoding="utf-8"))["rules"]["K1"]}}
    _write(tmp_path, extra, "zz-extra.yaml")
    with pytest.raises(RulebookError, match="K1 重复定义"):
        load_dir(tmp_path)


def test_shared_words_are_required(tmp_path: Path) -> None:
    _catalogue(tmp_path, "K1", {})
    data = yaml.safe_load((tmp_path / "plan.yaml").read_text(encoding="utf-8"))
    del data["words"]["negation"]
    _write(tmp_path, data, "plan.yaml")
    with pytest.raises(RulebookError, match="缺少共享词表 negation"):
        load_dir(tmp_path)


def test_review_reasons_are_the_rules_data() -> None:
    """A check's 需人工复核 reasons are templates in its rule's YAML (`reviews`), filled by `RuleSpec.review`."""
    spec = rulebook().spec("K2")
    assert spec.review("gap_named", names="夜班照明不足").startswith("因果图中只有“夜班照明不足”一项")
    with pytest.raises(KeyError):
        spec.review("no_such_reason")
