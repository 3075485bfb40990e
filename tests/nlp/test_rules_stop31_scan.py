"""Stop 31 (judge61): a 排列图 cut from a scanned page read against the count table beside it.

A chart drawn on a scan is read by the picture readers from a region cut out of the page
(`ingest.readers.scan_figures`); its bar labels come back with the misreadings of a 110 dpi print (seen
fresh13 s28: "热例外板" for 舷侧外板) and the table beside it with its 合计 read "计"."""

from __future__ import annotations

from ingest.model import Document, FigureKind
from nlp import charts
from nlp.check import check
from tests.nlp.conftest import deck, finding_messages, good_problem_solving, scanned_tables, set_slide, with_picture

TABLE = [
    ["结构区域", "超差处数", "百分比"],
    ["甲板", "27", "19.7%"],
    ["舷侧外板", "61", "44.5%"],
    ["内底板", "24", "17.5%"],
    ["纵舱壁", "16", "11.7%"],
    ["其他", "9", "6.6%"],
    ["合计", "137", "100%"],
]
SAID = "对137处超差测点按结构区域分层统计，舷侧外板占44.5%，是本课题的症结。"


def _doc(labels: list[str], table: list[list[str]] = TABLE, score: float | None = None) -> Document:
    s = set_slide(good_problem_solving(), "二、现状调查", [SAID, [r[:] for r in table]])
    text = "\n".join(["合拢口错边超差排列图", "120", "61", "27", "24", "16", "9", "0", *labels])
    doc = with_picture(deck(s), "二、现状调查", text, FigureKind.pareto)
    if score is None:
        return doc
    blocks = [b.model_copy(update={"ocr_score": score}) if b.figure is not None else b for b in doc.blocks]
    return doc.model_copy(update={"blocks": blocks})


def _x2(doc: Document) -> list[str]:
    return [m for m in finding_messages(check(doc), "X2") if "从大到小" in m]


def test_one_misread_bar_label_is_the_category_no_other_label_names() -> None:
    for misread in ("热例外板", "舷则外扳", "外侧板"):
        msgs = _x2(_doc(["甲板", misread, "内底板", "联舱壁", "其他"]))
        assert any("甲板 27、舷侧外板 61" in m for m in msgs), misread
    # in order, the same misreading gives no finding
    assert not _x2(_doc(["热例外板", "甲板", "内底板", "联舱壁", "其他"]))


def test_two_misread_labels_or_a_lost_one_leave_the_order_unread() -> None:
    assert not _x2(_doc(["甲板", "热例外板", "闪成极", "联舱壁", "其他"]))
    assert not _x2(_doc(["甲板", "热例外板", "纵舱壁", "其他"]))  # 内底板's label lost: which bar is which?


def test_a_chart_cut_from_a_scan_read_unsure_is_a_review() -> None:
    labels = ["甲板", "舷侧外板", "内底板", "纵舱壁", "其他"]
    assert _x2(_doc(labels, score=0.93))
    r = check(_doc(labels, score=0.62))
    assert not _x2(_doc(labels, score=0.62))
    assert any(v.rule == "X2" and "识别把握不足" in v.reason for v in r.reviews)


def test_a_last_row_that_sums_the_rows_above_is_their_total_whatever_its_label_reads() -> None:
    grid = [r[:] for r in TABLE]
    for label in ("计", "合 计", "总数"):
        grid[-1][0] = label
        assert [c for c, _n in charts.count_rows(grid)] == ["甲板", "舷侧外板", "内底板", "纵舱壁", "其他"], label
    grid[-1][0], grid[-1][1] = "计", "130"  # not their sum: a category
    assert charts.count_rows(grid)[-1] == (grid[-1][0], 130.0)
    # three rows where the last equals the two above are categories still
    assert len(charts.count_rows([["类别", "件数"], ["甲", "2"], ["乙", "3"], ["丙", "5"]])) == 3


def test_a_scanned_count_table_is_data_beside_a_chart_only_where_its_figures_agree() -> None:
    """seen fresh13 s52: the scanned table's 其他 "3" read "13" (its share 3.6 % left as printed): beside the
    排列图 cut from the page it made 其他 larger than a category. A scanned table is data where each row's
    percentage is its count's share (or the running cumulative); a typed one as before."""
    table = [r[:] for r in TABLE]
    table[4][1], table[5][1] = "30", "3"  # read "30" and "3": the printed 11.7 % and 6.6 % no longer agree
    labels = ["甲板", "舷侧外板", "内底板", "纵舱壁", "其他"]
    typed = _doc(labels, table)
    assert _x2(typed)  # typed: its counts are taken as written
    assert not _x2(scanned_tables(typed))
    assert _x2(scanned_tables(_doc(labels)))  # the figures agree: the order is read
