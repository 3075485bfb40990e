"""X2 (stop 34): a 其他 over 10 % that outweighs only one named category and holds under 20 % is a review, not a
finding; one that outweighs two named categories stays a finding (domain.md b.2)."""

from __future__ import annotations

from ingest.model import Document, FigureKind
from nlp.check import check
from tests.nlp.conftest import (
    deck,
    finding_messages,
    good_problem_solving,
    rule_findings,
    rule_reviews,
    set_slide,
    with_picture,
)
from tests.nlp.test_tools import doc_of, table


def _pareto(counts: list[int]) -> list[list[str]]:
    total = sum(counts)
    cats = ["胃肠外科", "骨科", "神经外科", "心内科", "其他科室"]
    rows = [["科室", "份数", "百分比", "累计百分比"]]
    run = 0
    for c, n in zip(cats, counts, strict=True):
        run += n
        rows.append([c, str(n), f"{n / total * 100:.1f}%", f"{run / total * 100:.1f}%"])
    return rows


def test_a_lumped_tail_over_one_named_category_is_a_review() -> None:
    doc, steps = doc_of([("current_state", 4, table(_pareto([54, 41, 27, 18, 22])))])
    assert rule_findings("X2", doc, steps) == []
    reviews = rule_reviews("X2", doc, steps)
    assert len(reviews) == 1 and "人工复核" in reviews[0].reason and "其他" in reviews[0].reason


def test_other_over_two_named_categories_stays_a_finding() -> None:
    doc, steps = doc_of([("current_state", 4, table(_pareto([54, 41, 12, 10, 22])))])
    found = rule_findings("X2", doc, steps)
    assert len(found) == 1 and "其他" in found[0].message
    assert rule_reviews("X2", doc, steps) == []


def _picture_deck(counts: list[str]) -> Document:
    """A 排列图 picture not read as data, its counts in the table beside it (the picture-and-table path)."""
    rows = [["类别", "例数"], ["甲类缺陷", counts[0]], ["乙类缺陷", counts[1]], ["丙类缺陷", counts[2]]]
    rows += [["丁类缺陷", counts[3]], ["其他", counts[4]]]
    said = "2024年1—3月抽查1000件，缺陷162件，甲类缺陷占33.3%，为本课题的症结。"
    s = set_slide(good_problem_solving(), "二、现状调查", [said, rows])
    return with_picture(deck(s), "二、现状调查", "缺陷类别排列图\n100\n50\n甲类缺陷\n其他", FigureKind.pareto)


def test_a_lumped_tail_beside_a_pareto_picture_is_a_review() -> None:
    report = check(_picture_deck(["54", "41", "27", "18", "22"]))
    assert not finding_messages(report, "X2")
    assert any(r.rule == "X2" and "人工复核" in r.reason for r in report.reviews)
    assert finding_messages(check(_picture_deck(["54", "41", "12", "10", "22"])), "X2")
