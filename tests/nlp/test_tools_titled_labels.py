"""A check sheet's title followed at once by the labels of its own 5W1H ("《X查检表》查检时间：…") is the
form the data were gathered on, as the labels alone are (seen fresh13 s16); a title alone in a data step,
with no labels and no use verb, stays a document's name."""

from __future__ import annotations

import nlp
from tests.nlp.conftest import deck


def _sheets(line: str) -> list[str]:
    slides = [
        ("降低住院患者跌倒发生率", ["护理部品管圈"]),
        ("一、选择课题", ["本院跌倒发生率高于省内标杆医院。"]),
        ("二、现状调查", [line, "跌倒12例按时段分层，夜间8例占66.7%。"]),
        ("三、设定目标", ["目标值降至0.5‰。"]),
    ]
    tools = nlp.analyze(deck(slides)).tools.tools
    return [s for t in tools if t.name == "调查表" for s in t.steps]


def test_labels_right_after_the_sheets_title_name_the_sheet_used() -> None:
    for line in [
        "《跌倒风险查检表》查检时间：2024年3月1日—3月31日；由责任护士每班记录",
        "《夜间巡视查检表》 查检人：责任护士；查检对象：全部住院患者",
        "《病区环境安全查检表》查检方法：每日现场核对",
    ]:
        assert _sheets(line) == ["current_state"], line


def test_a_sheets_title_with_no_labels_and_no_use_verb_is_no_use() -> None:
    assert _sheets("《跌倒风险查检表》修订后下发各病区") == []


def test_a_data_source_label_naming_the_sheet_names_the_sheet_used() -> None:
    for line in [
        "数据来源：信息系统复核记录＋《调配差错查检表》",
        "数据出处：《夜间巡视查检表》，统计期间2024年3月",
        "数据来源:护理记录、《跌倒风险查检表》",
    ]:
        assert _sheets(line) == ["current_state"], line
