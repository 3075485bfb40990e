"""P1 on a 对策表 with no 要因 column: a row that supplies or fixes the object of a cause the verification
judged 非要因/非根因 answers that rejected cause (spec/domain.md b.3 P1: 对策 must follow the 要因 confirmed,
not the causes set aside). Seen fresh10 p24 (FOCUS-PDCA: 无合适的留置针保护套 — 非根因, yet 配置卡通留置针保护套)."""

from __future__ import annotations

import pytest

from nlp import fivew1h
from nlp.fivew1h_causes import cause_object, names_object
from tests.nlp.test_fivew1h import doc_of, table

HEADER = ["对策", "目标", "措施", "地点", "时间", "负责人"]
KEPT = [
    ["建立换模作业指导书", "换模时间≤40分钟", "1.编写作业指导书\n2.培训换模工", "冲压车间", "2025.3.1—3.31", "梁永刚"],
    ["增设模具预热工位", "预热温度≥180℃", "1.改造预热炉\n2.每班点检", "冲压车间", "2025.4.1—4.30", "侯建新"],
]


def verification(rejected: str, verdict_head: str = "结论", no: str = "非要因", yes: str = "要因") -> object:
    return table(
        [
            ["末端原因", "验证方法", "验证结果", verdict_head],
            ["换模无标准作业程序", "现场观察", "5名换模工步骤各不相同，换模时间差达25分钟", yes],
            ["模具预热不充分", "测量", "入模温度126℃，低温批次废品率高出3.2个百分点", yes],
            [rejected, "对比试验", "两组废品率2.1%与2.3%，差别不大", no],
        ]
    )


def plan(rows: list[list[str]], rejected: str, **kw: str) -> fivew1h.FiveW1HReport:
    doc, steps = doc_of(
        [
            ("main_causes", 7, "真因验证"),
            ("main_causes", 7, verification(rejected, **kw)),
            ("plan_countermeasures", 9, "对策拟定"),
            ("plan_countermeasures", 9, table([HEADER, *rows])),
        ]
    )
    return fivew1h.analyze(doc, steps)


@pytest.mark.parametrize(
    ("rejected", "row"),
    [
        (
            "无合适的模具定位销",
            [
                "配置专用模具定位销",
                "定位销配置率100%",
                "1.采购定位销40套\n2.装模即安装",
                "冲压车间",
                "2025.4.10",
                "彭立",
            ],
        ),
        (
            "缺少模具定位销",
            ["更换模具定位销", "定位偏差≤0.2mm", "1.采购定位销\n2.换模时安装", "冲压车间", "2025.4.10", "彭立"],
        ),
        (
            "模具定位销不合适",
            ["改进模具定位销", "定位偏差≤0.2mm", "1.重新设计模具定位销", "冲压车间", "2025.4.10", "彭立"],
        ),
        ("没有防错工装", ["制作防错工装", "错装为0", "1.设计防错工装\n2.试用一周", "装配线", "2025.4.20", "彭立"]),
    ],
)
def test_a_row_supplying_a_rejected_cause_s_object_is_p1(rejected: str, row: list[str]) -> None:
    rep = plan([*KEPT, row], rejected)
    assert rep.rows_for_rejected == [3]
    assert any(f.rule == "P1" and "非要因" in f.message for f in rep.findings)


@pytest.mark.parametrize(
    ("head", "no", "yes"), [("结论", "非根因", "根因"), ("是否真因", "否", "是"), ("判定", "非真因", "真因")]
)
def test_the_verdict_may_be_worded_as_the_style_words_it(head: str, no: str, yes: str) -> None:
    row = ["配置专用模具定位销", "定位销配置率100%", "1.采购定位销40套", "冲压车间", "2025.4.10", "彭立"]
    rep = plan([*KEPT, row], "无合适的模具定位销", verdict_head=head, no=no, yes=yes)
    assert rep.rows_for_rejected == [3]


def test_a_row_for_a_kept_cause_that_shares_words_stays_covered() -> None:
    """A 对策 naming the object of a 要因 as well as of the rejected cause is the 要因's row: no P1."""
    row = ["模具预热时安装模具定位销", "预热温度≥180℃", "1.预热炉旁加装定位销工位", "冲压车间", "2025.4.10", "彭立"]
    rep = plan([KEPT[0], row], "无合适的模具定位销")
    assert rep.rows_for_rejected == []
    assert not any(f.rule == "P1" for f in rep.findings)


def test_a_row_that_only_shares_a_word_with_the_rejected_cause_is_not_bound() -> None:
    """ "定位" alone is no object: only the object written out whole binds the row (a third 对策 on something else)."""
    row = ["开展换模技能比武", "换模合格率≥95%", "1.每季度比武一次，定位准确者奖励", "冲压车间", "2025.5.10", "彭立"]
    rep = plan([*KEPT, row], "无合适的模具定位销")
    assert rep.rows_for_rejected == []
    assert not any(f.rule == "P1" for f in rep.findings)


def test_a_cause_object_is_the_cause_less_its_words_of_lack() -> None:
    assert cause_object("无合适的留置针保护套") == "留置针保护套"
    assert cause_object("缺少防错工装") == "防错工装"
    assert cause_object("无工装") == ""  # too little left to name anything
    assert names_object("照明不足", "车间加装LED照明灯") is False  # "照明" is two characters
    assert names_object("缺乏扭矩扳手", "新购扭矩扳手3把")
