"""What a layout says and what it leaves open (issue 10, seen fresh2–fresh5; docs/rules.md "Stop 24: what a layout says"): a rule
reports where the document shows the defect, and sends the case to 人工复核 where the layout does not say."""

from __future__ import annotations

from ingest.model import FigureKind
from nlp.check import check
from nlp.report import CheckReport
from tests.nlp.conftest import (
    CAUSE_TABLE,
    PLAN_TABLE,
    deck,
    finding_messages,
    good_problem_solving,
    judged_messages,
    reviewed_ids,
    run_check,
    set_slide,
    with_picture,
)

# ------------------------------------------------------------------------------ K2


def _scored_then_verified(scoring_sentence: str, rest_row: list[str] | None = None) -> CheckReport:
    """A 品管圈 layout: a 鱼骨图 picture of 8 causes, a 要因评价 of 6 of them (and maybe a row lumping the rest),
    the 真因 verified with data."""
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
    table += [rest_row] if rest_row else []
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
        assert not finding_messages(r, "K2") and "K2" in reviewed_ids(r), said


def test_k2_a_scoring_table_of_fewer_causes_with_no_such_sentence_is_the_defect() -> None:
    """seen fresh2 g33 (required K2): "圈员9人按5/3/1分评分，依80/20法则选出…" and a table of 7 of 9 causes."""
    r = _scored_then_verified("圈员9人按5/3/1分评分，依80/20法则选出得分≥34分的4项为要因。")
    assert any("量具校准周期过长" in m and "夹具定位面有铁屑" in m for m in finding_messages(r, "K2"))


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
    assert not finding_messages(_model_named_target("111.5%"), "E1")
    # the 130 % that does not recompute is a review since stop 34 (`recomputed`): the rule spoke on it
    assert any("130" in r.message for r in _model_named_target("130%").reviews if r.rule == "E1")


# ------------------------------------------------------------------------------ K3


def _judged_by_standard(rows: list[tuple[str, str, str]]) -> CheckReport:
    """A 要因确认表 with a 确认标准 column: each cause judged 符合/不符合 its standard."""
    table = [["序号", "末端原因", "确认方法", "确认标准", "确认情况", "结论"]]
    table += [[str(k), c, "现场测量", std, seen, "要因"] for k, (c, std, seen) in enumerate(rows, start=1)]
    s = set_slide(good_problem_solving(), "五、确定主要原因", ["小组对末端原因逐条确认，结果见下表。", table])
    return check(deck(s))


_ONLY_THE_STANDARD = [
    ("主轴前轴承磨损", "径向跳动≤0.005mm", "用千分表测量6台镗孔机床，2台跳动0.016mm，超出标准"),
    ("镗孔刀补按经验调整", "作业指导书应规定刀补周期", "现行作业指导书未规定镗孔刀补周期，不符合要求"),
    ("换刀后未做首件检测", "换刀后做首件检测", "抽查换刀记录42次，缺首件记录5次，不符合规定"),
]


def test_k3_one_bigram_shared_with_the_topic_is_no_impact() -> None:
    """seen fresh5 j26: every 要因 judged only against its standard; "测量6台压接机" names the machine and
    "只规定一个压接高度范围" repeats its own cause — one bigram of the topic, no impact on the 症结."""
    assert "K3" in {f.rule for f in _judged_by_standard(_ONLY_THE_STANDARD).findings}
    # the same rows naming the 症结 with a figure show the impact
    with_symptom = [(c, std, seen + "，对应批次孔径超差4.1%") for c, std, seen in _ONLY_THE_STANDARD]
    assert "K3" not in {f.rule for f in _judged_by_standard(with_symptom).findings}


# ------------------------------------------------------------------------------ C1


def _headed(head: str) -> CheckReport:
    lines = [f"针对{head}的问题，从人、机、料、法、环五个方面分析，绘制因果图，共得到4条末端原因。"]
    lines.append("末端原因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、夏季午后温度偏高。")
    lines.append(f"{head}因果图")
    s = set_slide(good_problem_solving(), "四、原因分析", lines)
    state = "由排列图可见，“尺寸大”占75.0%，是尺寸超差的症结。"
    return check(deck(set_slide(s, "二、现状调查", ["调查时间：2023年7月，抽查4000件，超差104件。", state])))


def test_c1_a_head_without_what_sets_the_symptom_apart_is_the_whole_topic() -> None:
    """seen fresh5 j38: 症结 "液位低", the 因果图 headed "灌装液位不合格率高" — the topic's noun shared (half
    the 症结's bigrams), its kind (低) absent: the whole topic is analysed."""
    assert any("整个课题" in m for m in judged_messages(_headed("转向节镗孔尺寸超差率高"), "C1"))
    assert not judged_messages(_headed("镗孔尺寸偏大"), "C1")


# ------------------------------------------------------------------------------ P2


def test_p2_a_column_read_as_a_name_another_column_holds_leaves_the_missing_one_open() -> None:
    """seen fresh5 j14: "最适方策 | 方策目标 | 实施内容" — 方策目标 read as a second What, "缺少目标栏" reported. A
    missing column where another column's name was read twice is the reader's doubt: review, no finding."""
    table = [r[:] for r in PLAN_TABLE]
    table[0][3] = "对策与目标"  # holds the targets; read as a second 对策 (What)
    r = run_check(set_slide(good_problem_solving(), "六、制定对策", [table]))
    assert not any("缺少" in f.message for f in r.findings if f.rule == "P2") and "P2" in reviewed_ids(r)
    # with the 目标 column gone, the table lacks it: the defect
    bare = [row[:3] + row[4:] for row in PLAN_TABLE]
    assert any(
        "目标" in f.message for f in run_check(set_slide(good_problem_solving(), "六、制定对策", [bare])).findings
    )
