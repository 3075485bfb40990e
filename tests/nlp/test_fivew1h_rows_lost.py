"""A picture 对策表 whose reading lost rows (seen fresh21 e28, stop 33): a scan read as one row of cut cells,
fewer rows than 要因 and none naming a 要因, is the reader's loss — P1 and P2 a review, not a finding; the
same screenshot read whole, or one row naming its 要因, still lacks the column."""

from __future__ import annotations

from nlp.check import check
from tests.nlp.conftest import PLAN_TABLE, as_screenshot, deck, good_problem_solving, reviewed_ids, set_slide

_NO_TARGET = (0, 1, 2, 4, 5, 6, 7)  # the 目标 column lost


def _screenshot(rows: list[list[str]], implement: list[str] | None = None) -> list[str]:
    s = set_slide(good_problem_solving(), "六、制定对策", [rows])
    if implement is not None:
        s = set_slide(s, "七、对策实施", implement)
    r = check(as_screenshot(deck(s), rows[0][1]))
    return [f.rule for f in r.findings if f.rule in ("P1", "P2")] + [f"review:{x}" for x in reviewed_ids(r)]


def test_a_screenshot_read_as_one_row_of_cut_cells_is_a_review() -> None:
    header = [PLAN_TABLE[0][i] for i in _NO_TARGET]
    cut = ["1", "主轴前轴", "修复镗削", "更换前轴", "OP20", "2023年8月15日", "张伟"]
    out = _screenshot([header, cut])
    assert "P1" not in out and "P2" not in out
    assert "review:P1" in out and "review:P2" in out


def test_a_screenshot_read_whole_without_the_target_column_keeps_the_finding() -> None:
    rows = [[r[i] for i in _NO_TARGET] for r in PLAN_TABLE]
    assert "P2" in _screenshot(rows)


def test_a_screenshot_whose_one_row_names_a_cause_is_no_lost_reading() -> None:
    # (stop 34: with 对策实施 going on to 对策三 the one row read is short of the table — a review,
    # tests/nlp/test_fivew1h_stop34_rows_short.py; here 对策实施 names the one 对策 the row holds)
    header = [PLAN_TABLE[0][i] for i in _NO_TARGET]
    one = ["对策一实施：8月10日更换前轴承，实测主轴径向跳动0.004mm，达到对策目标≤0.005mm。"]
    assert "P2" in _screenshot([header, [PLAN_TABLE[1][i] for i in _NO_TARGET]], one)
