"""K4 after the fresh21 run (judge92): a confirmation within the span its 对策表 row plans, while the numbered
part of 对策实施 dates that 对策's start after the confirmation, is no confirmation by the 对策 (seen fresh20 d05:
确认 2月27日, 对策表 2023.2.20—6.30, "对策三：…3—6月特巡"); a record starting the 对策 on or before the
confirmation (fresh3 h41), or a confirmation after the span's end, keeps K4.
"""

from __future__ import annotations

from nlp.check import check
from tests.nlp.conftest import CAUSE_TABLE, PLAN_TABLE, deck, finding_messages, good_problem_solving, set_slide

_IMPLEMENT = [
    "对策一实施：{started}更换前轴承，实测主轴径向跳动0.004mm，达到对策目标≤0.005mm。",
    "对策二实施：程序中增加刀具寿命计数，刀补间隔150件，孔径偏差0.004mm，达到对策目标。",
    "对策三实施：修订毛坯图，孔余量极差0.5mm，达到对策目标≤0.6mm。",
    "对策实施后对安全、质量、成本进行了验证，未产生负面影响。",
]


def _k4(confirmed: str, started: str, span: str = "2023年8月1日—9月30日") -> list[str]:
    causes = [
        [*r[:6], "确认时间" if k == 0 else ("2023年7月20日" if k > 1 else confirmed), r[6]]
        for k, r in enumerate(CAUSE_TABLE)
    ]
    plans = [r[:] for r in PLAN_TABLE]
    plans[1][6] = span
    slides = set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐条确认。", causes])
    slides = set_slide(slides, "六、制定对策", [plans])
    slides = set_slide(slides, "七、对策实施", [line.format(started=started) for line in _IMPLEMENT])
    return finding_messages(check(deck(slides)), "K4")


def test_k4_a_record_starting_the_countermeasure_after_the_confirmation_yields() -> None:
    assert not _k4("2023年8月5日", "8月10日")
    assert not _k4("2023年8月5日", "9月")
    assert not _k4("2023年8月5日", "8月10日", span="2023.8.1—9.30")  # the end without its year or 月


def test_k4_a_record_starting_on_or_before_the_confirmation_keeps_it() -> None:
    assert _k4("2023年8月5日", "8月5日")
    assert _k4("2023年8月5日", "8月3日")


def test_k4_a_confirmation_after_the_span_keeps_it() -> None:
    assert _k4("2023年10月5日", "10月20日")
    assert _k4("2023年10月5日", "10月20日", span="2023.8.1—9.30")
