"""A scanned 对策表 whose row is cut by a page or a wrapped line between the start of its 时间 range and its
end ("2024.6.1" / "~6.15"): the line with the range's end and no 负责人 is the row's tail, not a row of its
own (seen fresh13 s19: 4 rows read for 3)."""

from __future__ import annotations

import pytest

from nlp import fivew1h
from tests.nlp.test_fivew1h import HEADER, _plan_block, table

ROW1 = [
    "1",
    "剥切刀刃口崩缺",
    "建立刀具定期检查制度",
    "刃口完好率100%",
    "每日开工前检查刀口",
    "施工现场",
    "2024.6.1~6.30",
    "罗晓峰",
]
ROW2 = ["2", "打磨砂纸目", "更换打磨砂", "打磨后主绝", "统一采购240目和400目砂纸", "物资库房", "2024.6.1", "田志勇"]
ROW3 = [
    "3",
    "剥切后等待时间长",
    "剥切后立即包覆",
    "裸露时间≤10min",
    "剥切与安装连续作业",
    "施工现场",
    "2024.6.10~6.30",
    "周敏",
]


@pytest.mark.parametrize("tail", ["~6.15", "～6.15", "—6.30", "-7.10", "至6.20"])
def test_the_end_of_a_cut_date_range_with_no_owner_is_the_rows_tail(tail: str) -> None:
    cut = ["", "数偏粗", "纸规格", "缘表面粗糙度Ra≤1.0μm", "先粗后细两道打磨", "施工现场", tail, ""]
    rep = fivew1h.analyze(*_plan_block(table([HEADER, ROW1, ROW2, cut, ROW3]), part="ocr"))
    assert rep.rows == 3
    assert rep.details[1].cells["when"] == "2024.6.1" + tail


def test_a_line_with_a_date_range_of_its_own_is_a_row() -> None:
    own = ["", "接头受潮", "加装防潮罩", "受潮0起", "施工时加装防潮罩", "施工现场", "2024.7.1~7.15", ""]
    rep = fivew1h.analyze(*_plan_block(table([HEADER, ROW1, ROW2, own, ROW3]), part="ocr"))
    assert rep.rows == 4
