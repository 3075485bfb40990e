"""Recall on new hands, stop 28 (judge38): a 要因确认 table with no 确认标准 column whose rows state the
standard themselves ("低于设计值200%", "超过规程要求≤0.5mg/L", "不符合《…规程》…的规定") judge each cause against
it, as a standard column does: the comparison with the standard is no impact on the 症结 (spec/domain.md a.1
step 5: 要因 by their impact on the problem). Seen fresh10 p26 (a sewage plant's 总氮, every row so judged)."""

from __future__ import annotations

import pytest

from nlp.check import check
from tests.nlp.conftest import deck, finding_messages, good_problem_solving, set_slide

HEAD = ["序号", "末端原因", "确认方法", "确认情况", "结论"]


def _k3(rows: list[list[str]]) -> list[str]:
    s = set_slide(good_problem_solving(), "五、确定主要原因", ["对4个末端原因逐条确认。", [HEAD, *rows]])
    return finding_messages(check(deck(s)), "K3")


@pytest.mark.parametrize(
    ("first", "third"),
    [
        ("实测主轴跳动0.009mm，超过设计值0.005mm", "抽测50件余量极差1.1mm，高于工艺要求0.6mm"),
        ("主轴跳动实测0.009mm，不符合设计要求≤0.005mm", "余量极差1.1mm，超出规定值0.6mm"),
        ("主轴跳动0.009mm，大于设计标准0.005mm", "余量极差1.1mm，不满足规范要求≤0.6mm"),
    ],
)
def test_k3_rows_judged_against_the_standard_they_state_show_no_impact(first: str, third: str) -> None:
    rows = [
        ["1", "主轴前轴承磨损", "现场测量", first, "要因"],
        ["2", "刀补按经验周期调整", "查阅记录", "作业指导书无刀补周期", "要因"],
        ["3", "锻件孔余量波动大", "抽样测量", third, "要因"],
        ["4", "夏季午后温度偏高", "现场测量", "午后车间30℃，温度与超差无相关", "非要因"],
    ]
    assert any("只对照标准判断" in m for m in _k3(rows))


def test_k3_the_same_rows_with_their_effect_on_the_symptom_are_clean() -> None:
    """The twin: each row still names its standard, and shows what the cause does to 孔径超差."""
    rows = [
        [
            "1",
            "主轴前轴承磨损",
            "现场测量",
            "跳动0.009mm，超过设计值0.005mm；这4台加工批次孔径超差率4.1%，其余0.9%",
            "要因",
        ],
        ["2", "刀补按经验周期调整", "查阅记录", "刀补超周期的班次孔径超差率3.2%，按时调整的班次0.8%", "要因"],
        ["3", "锻件孔余量波动大", "抽样测量", "余量极差1.1mm，高于工艺要求0.6mm，余量超标件孔径超差率5.6%", "要因"],
        ["4", "夏季午后温度偏高", "现场测量", "午后车间30℃，温度与超差无相关", "非要因"],
    ]
    assert not _k3(rows)


# ------------------------------------------------------------------------------ I1: a value set is no result


def _i1(parts: list[str]) -> tuple[bool, bool]:
    from nlp.check import check as run
    from tests.nlp.conftest import deck as mk

    r = run(mk(set_slide(good_problem_solving(), "七、对策实施", parts)))
    return "I1" in {f.rule for f in r.findings}, "I1" in {x.rule for x in r.reviews}


@pytest.mark.parametrize(
    "setting",
    [
        "对策三：6月2日夹具定位销直径改为12mm，已锁定程序。",
        "对策三：6月2日起切削液浓度设定为5%，每班点检。",
        "对策三：经多次调试，确定刀补提前量0.5mm，程序已锁定。",
        "对策三：6月2日主轴转速调至1200r/min，进给压力调整为0.6MPa。",
    ],
)
def test_i1_a_parameter_the_countermeasure_sets_is_no_measured_result(setting: str) -> None:
    """seen fresh8 n39: no 对策 checked against its 目标, one part giving only the value it set ("确定提前量
    0.5mm"): nothing a reader could count as verified — the finding, not a review."""
    done = ["对策一：5月8日更换3台车床主轴前轴承，装配完毕。", "对策二：5月18日修订刀补作业指导书，培训操作工12人。"]
    assert _i1([*done, setting]) == (True, False)


def test_i1_a_measured_value_left_uncompared_stays_a_review() -> None:
    """The twin: a part that measures ("实测定位偏差0.03mm") may be read as verified — a review."""
    done = ["对策一：5月8日更换3台车床主轴前轴承，装配完毕。", "对策二：5月18日修订刀补作业指导书，培训操作工12人。"]
    assert _i1([*done, "对策三：6月2日更换夹具定位销后，实测定位偏差0.03mm。"]) == (False, True)


# ------------------------------------------------------------------------------ X2: a 排列图 picture read as data


def _x2(picture: str) -> list[str]:
    from ingest.model import FigureKind
    from tests.nlp.conftest import with_picture

    said = "抽查转向节4000件，超差110件，按缺陷类别分层，孔径超差占56.4%，是本课题的症结。"
    s = set_slide(good_problem_solving(), "二、现状调查", [said])
    return finding_messages(check(with_picture(deck(s), "二、现状调查", picture, FigureKind.pareto)), "X2")


# bars 62 / 18 / 9 / 6 and 其他 15 of 110: cumulative 56.4 / 72.7 / 80.9 / 86.4 / 100
_BIG_OTHER = "转向节超差类别排列图\n100.0%\n120\n86.4%\n80.9%\n100\n72.7%\n80\n62\n56.4%\n60\n40\n18\n15\n20\n9\n6\n0\n孔径超差位置度超差端面跳动超差螺纹损伤\n其他"


def test_x2_other_larger_than_a_bar_read_from_the_cumulative_line_of_a_picture() -> None:
    """seen fresh10 p44: the labels under the bars merged into one OCR line, 其他 last; the cumulative
    percentages and the bars' counts give every share — 其他 13.6% over 螺纹损伤 5.5%."""
    assert any("其他" in m and "13.6" in m for m in _x2(_BIG_OTHER))
    # the same picture with the axis written as a 累计百分比 scale in words and per-line order reversed
    lines = _BIG_OTHER.split("\n")
    assert any("其他" in m for m in _x2("\n".join([lines[0], *reversed(lines[1:-2]), *lines[-2:]])))


def test_x2_a_small_other_or_a_line_the_bars_do_not_bear_out_gives_nothing() -> None:
    # 其他 4 of 99: cumulative 62.6 / 80.8 / 89.9 / 96.0 / 100
    small = "排列图\n100.0%\n96.0%\n89.9%\n80.8%\n62\n62.6%\n18\n9\n6\n4\n孔径超差位置度超差端面跳动超差螺纹损伤\n其他"
    assert not _x2(small)
    # a percentage lost by OCR (80.9% missing): the shares no longer match the bars — not read as data
    assert not _x2(_BIG_OTHER.replace("80.9%\n", ""))
    # axis ticks among the percentages (20% … 80%): no cumulative line to read
    assert not _x2(_BIG_OTHER.replace("120\n", "20%\n40%\n60%\n80%\n"))
