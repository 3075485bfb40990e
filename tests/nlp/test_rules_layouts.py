"""What a layout says and what it leaves open (issue 10, seen fresh2–fresh5; docs/rules.md "Stop 25"): a rule
reports where the document shows the defect, and sends the case to 人工复核 where the layout does not say."""

from __future__ import annotations

from ingest.model import FigureKind
from nlp.check import check
from nlp.report import CheckReport
from tests.nlp.conftest import CAUSE_TABLE, deck, good_problem_solving, reviewed_ids, set_slide, with_picture


def _findings(r: CheckReport, rule: str) -> list[str]:
    return [f.message for f in r.findings if f.rule == rule]


# ------------------------------------------------------------------------------ K2


def _scored_then_verified(scoring_sentence: str) -> CheckReport:
    """A 品管圈 layout: a 鱼骨图 picture of 8 causes, a 要因评价 of 6 of them, the 真因 verified with data."""
    s = set_slide(good_problem_solving(), "四、原因分析", ["针对症结孔径超差绘制因果图。"])
    scored = [
        "主轴前轴承磨损",
        "刀补按经验周期调整",
        "锻件孔余量波动大",
        "夏季午后温度偏高",
        "冷却液浓度不稳定",
        "操作者未按时点检",
    ]
    table = [["末端原因", "得分", "是否要因"]] + [
        [c, str(40 - 3 * k), "是" if k < 4 else "否"] for k, c in enumerate(scored)
    ]
    s = set_slide(s, "五、确定主要原因", [scoring_sentence, table, "真因验证见下表。", [r[:] for r in CAUSE_TABLE]])
    lines = [
        "孔径超差因果图",
        "人",
        "机",
        *scored[:4],
        "孔径超差",
        *scored[4:],
        "量具校准周期过长",
        "夹具定位面有铁屑",
        "法",
        "环",
    ]
    return check(with_picture(deck(s), "四、原因分析", "\n".join(lines), FigureKind.cause_effect, "孔径超差因果图"))


def test_k2_a_scoring_said_to_cover_the_end_causes_but_listing_fewer_is_a_review() -> None:
    """seen fresh5 j11, j13 (clean): "圈员8人对末端原因按5、3、1分评价" / "按5、3、1分评价各末端原因", a 要因评价表
    of fewer rows than the 鱼骨图 has causes — the table may list only what was kept: review, no finding."""
    for said in (
        "圈员8人对末端原因按5、3、1分评价，选出得分较高的4项再做真因验证。",
        "圈员按5、3、1分评价各末端原因，得分前4项列为要因。",
    ):
        r = _scored_then_verified(said)
        assert not _findings(r, "K2") and "K2" in reviewed_ids(r), said


def test_k2_a_scoring_table_of_fewer_causes_with_no_such_sentence_is_the_defect() -> None:
    """seen fresh2 g33 (required K2): "圈员9人按5/3/1分评分，依80/20法则选出…" and a table of 7 of 9 causes."""
    r = _scored_then_verified("圈员9人按5/3/1分评分，依80/20法则选出得分≥34分的4项为要因。")
    assert any("量具校准周期过长" in m and "夹具定位面有铁屑" in m for m in _findings(r, "K2"))


# ------------------------------------------------------------------------------ E1


def _model_named_target(stated_rate: str) -> CheckReport:
    """A target sentence opened by a model name ("25T型客车") and a unit per hundred per month."""
    s = set_slide(
        good_problem_solving(),
        "三、设定目标",
        ["目标：25T型客车集便器故障率由9.33次/百台·月降至5.07次/百台·月。"],
    )
    effect = [
        f"2024年7—9月活动后故障率4.58次/百台·月，低于目标5.07次/百台·月，目标完成率约{stated_rate}。",
        "便器堵塞由198次降至63次。",
    ]
    return check(deck(set_slide(s, "八、效果检查", effect)))


def test_e1_a_number_naming_a_model_is_no_target_value() -> None:
    """seen fresh2 g17: "目标：25T型客车…" gave the target 25 and a 达成率 recomputed from 198次 → 63次 (78.0 %)
    against the stated 111.5 %; the target is 5.07 次/百台·月 and 111.5 % recomputes."""
    assert not _findings(_model_named_target("111.5%"), "E1")
    assert any("130" in m for m in _findings(_model_named_target("130%"), "E1"))
