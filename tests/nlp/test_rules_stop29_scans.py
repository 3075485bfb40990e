"""Stop 29 (judge44): rules read a scanned page's text the way it comes back from OCR — a "；" read as
"：", a sentence cut by the line break — and still name what the hand wrote."""

from __future__ import annotations

import pytest

from nlp.rules import _symptom_in


@pytest.mark.parametrize(
    "sent",
    [
        # the "；" before the next item OCR'd as "：" (seen fresh8 n34)
        "按差错类型分层：设备双重名称错误11张，占78.6%，是症结：操作顺序错误2张，其他1张",
        "分层统计：设备双重名称错误11张，占78.6%，为症结：操作顺序错误2张",
        "设备双重名称错误累计占78.6%，是本次活动的症结：其余3项合计21.4%",
    ],
)
def test_what_follows_is_the_next_item_when_the_sentence_says_x_is_the_symptom(sent: str) -> None:
    assert _symptom_in(sent) == "设备双重名称错误"


@pytest.mark.parametrize(
    "sent",
    [
        "症结：设备双重名称错误",
        "本课题的症结是设备双重名称错误",
        "确定症结为设备双重名称错误",
        "小组认为症结是设备双重名称错误",
    ],
)
def test_a_symptom_named_after_its_label_is_still_read(sent: str) -> None:
    assert _symptom_in(sent) == "设备双重名称错误"
