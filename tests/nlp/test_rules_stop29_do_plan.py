"""Stop 29 (judge45): readings of the 对策实施 and of a screenshot 对策表 that new hands lay out in their own way.

I1 (spec/domain.md b.3, 对策实施 without each measure's result checked against its 对策目标): the check of other
characteristics after the 对策 (I2's side effects: "各项指标均在工艺标准内，未对其他质量指标产生不良影响") is no
对策's result against its target, however it words "within limits" — seen fresh11 q34, where it was the one
"verified" 对策 of three and the required I1 became a review.

P2 (对策表 not in 5W1H form): in a screenshot 对策表, a cell read whole as words (a collective owner, "全体护理员")
is no sign that OCR lost a header: a column absent from a header read whole is missing — seen fresh8 n51."""

from __future__ import annotations

import pytest

from nlp import fivew1h
from tests.nlp.conftest import good_problem_solving, reviewed_ids, rule_ids, run_check, set_slide
from tests.nlp.test_fivew1h import _plan_block, table

# ------------------------------------------------------------------------------ I1

DONE = [
    "对策一：5月12日完成3台包装机输送带张紧装置改造，已投入使用。",
    "对策二：修订《换型作业指导书》并发布，组织操作工培训2次。",
    "对策三：配置专用定位工装6套，6月1日前全部安装到位。",
]


def _i1(lines: list[str]) -> tuple[bool, bool]:
    r = run_check(set_slide(good_problem_solving(), "七、对策实施", lines))
    return "I1" in rule_ids(r), "I1" in reviewed_ids(r)


@pytest.mark.parametrize(
    "side_effect",
    [
        "实施后跟踪产品重量、外观和尺寸，6月各项指标均在工艺标准内，未对其他质量指标产生不良影响。",
        "影响确认：对策实施后连续抽检30批，其他特性全部符合要求，无负面影响。",
        "副作用验证：改造后设备能耗、噪声均在规定范围以内。",
        "对其他工序的影响：下道工序合格率均满足≥98%，未见异常。",
    ],
)
def test_i1_a_side_effect_check_verifies_no_countermeasure_target(side_effect: str) -> None:
    """Each 对策 only reported done, then the check of other characteristics: none of the 对策目标 verified —
    the finding, not a partial count's review."""
    assert _i1([*DONE, side_effect]) == (True, False)


@pytest.mark.parametrize(
    "verified",
    [
        "对策三：配置专用定位工装6套，实测定位偏差由0.8mm降至0.2mm，达到对策目标≤0.3mm。",
        "对策三：配置专用定位工装6套，换型后首件合格率100%——达标。",
    ],
)
def test_i1_the_twin_with_one_target_verified_stays_a_review(verified: str) -> None:
    """The twin: one 对策 verified against its target, the side-effect check beside it: a partial count, a
    review while another 对策 states a figure in its row's target unit ("跳动0.004mm" against ≤0.005mm); with
    both others silent on their targets it is the finding (stop 30)."""
    side = "实施后跟踪产品外观和尺寸，均在工艺标准内，未对其他质量指标产生不良影响。"
    first = "对策一：5月12日完成3台主轴前轴承更换，跳动0.004mm，已投入使用。"
    assert _i1([first, DONE[1], verified, side]) == (False, True)
    assert _i1([*DONE[:2], verified, side]) == (True, False)


def test_i1_a_sentence_naming_the_target_and_the_side_effect_counts() -> None:
    """A sentence that says the 对策目标 were all met and nothing else suffered verifies every 对策."""
    said = "三项对策目标均已达到，且未对其他质量指标产生不良影响。"
    assert _i1([*DONE, said]) == (False, False)


# ------------------------------------------------------------------------------ P2

HEAD = ["序号", "根因", "改进措施", "目的", "具体做法", "负责人", "完成时间"]


def _rows(owner3: str, target3: str = "翻身执行率100%") -> list[list[str]]:
    return [
        ["1", "翻身计划未落实", "制定翻身卡", "翻身及时率≥95%", "床头悬挂翻身卡，每2小时记录", "王丽", "2024.3.31"],
        ["2", "减压器具不足", "配置减压床垫", "配置率100%", "申购气垫床12张", "刘洋", "2024.4.15"],
        ["3", "护理员技能欠缺", "开展专项培训", target3, "每周培训1次并考核", owner3, "2024.4.30"],
    ]


@pytest.mark.parametrize("owner", ["全体护理员", "各班组长", "护理部全体人员"])
def test_p2_a_collective_owner_in_a_screenshot_is_no_lost_header(owner: str) -> None:
    """Every header of the picture read, no 地点 among them; a row's owner a group: the column is missing."""
    rep = fivew1h.analyze(*_plan_block(table([HEAD, *_rows(owner)]), part="ocr"))
    assert rep.source == "picture" and not rep.columns["where"]
    assert rep.doubt is None and any("缺少地点（Where）栏" in f.message for f in rep.findings)


@pytest.mark.parametrize("cell", ["", "—", "提高执行率"])
def test_p2_a_cell_ocr_may_have_lost_keeps_the_missing_column_a_doubt(cell: str) -> None:
    """The twin: a blank cell, or a target whose figure is gone, may be what OCR lost — a header may be too."""
    rep = fivew1h.analyze(*_plan_block(table([HEAD, *_rows("张敏", cell)]), part="ocr"))
    assert rep.source == "picture" and not rep.columns["where"] and rep.doubt is not None


# ------------------------------------------------------------------------------ P1: a 要因确认表 run on


CONFIRM_HEAD = ["序号", "末端原因", "确认方法", "确认情况", "判定"]
FIRST = [["1", "模具预热不足", "测量", "预热温度比规定低40℃的班次不良率高3倍", "要因"]]
RUN_ON = [
    ["2", "脱模剂喷涂不均", "试验", "喷涂不均的批次粘模率12%，均匀的2%", "要因"],
    ["3", "车间照明偏暗", "调查", "照度与不良率无关", "非要因"],
]
PLAN_HEAD = ["要因", "对策", "目标", "措施", "地点", "时间", "负责人"]
PLAN_ROWS = [
    ["模具预热不足", "增加预热工序", "预热温度≥180℃", "加装预热炉并每班点检", "压铸车间", "2025.5.10", "周斌"],
    ["脱模剂喷涂不均", "改用自动喷涂", "粘模率≤3%", "安装自动喷涂机械手", "压铸车间", "2025.5.31", "钱进"],
]


def _confirm_run_on(second: list[list[str]], gap: int = 1) -> list[str]:
    from tests.nlp.test_fivew1h import doc_of

    doc, steps = doc_of(
        [
            ("main_causes", 8, "要因确认"),
            ("main_causes", 8, table([CONFIRM_HEAD, *FIRST])),
            ("main_causes", 8 + gap, "要因确认（续）"),
            ("main_causes", 8 + gap, table(second)),
            ("plan_countermeasures", 11, "制定对策"),
            ("plan_countermeasures", 11, table([PLAN_HEAD, *PLAN_ROWS])),
        ]
    )
    return fivew1h.analyze(doc, steps).causes


@pytest.mark.parametrize("second", [RUN_ON, [CONFIRM_HEAD, *RUN_ON]], ids=["no_header", "header"])
def test_p1_a_confirmation_table_continued_on_the_next_page_is_read_whole(second: list[list[str]]) -> None:
    """A long 要因确认表 run on to a "（续）" page with or without its header: the 要因 of both parts are read
    (seen under bench/perturb.py table_split on fresh10 p47: the second part's 要因 lost, P1 a review)."""
    assert _confirm_run_on(second) == ["模具预热不足", "脱模剂喷涂不均"]


def test_p1_a_headerless_table_pages_away_is_not_a_continuation() -> None:
    """The twin: the same headerless rows three pages on are no continuation of the table."""
    assert _confirm_run_on(RUN_ON, gap=3) == ["模具预热不足"]
