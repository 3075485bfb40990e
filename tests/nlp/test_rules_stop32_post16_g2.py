"""G2 after the fresh16 run (judge74): a 创新型 论证 that sets its figures against the target.

"论证：内窥镜成像3个点位约4.5min，激光扫描一圈约4min，单台约8.5min＜10min" (seen fresh16 w08) names no 借鉴,
but argues in data: figures measured or estimated, summed and compared with the target. A 论证 of reasons
in words, or figures with nothing compared, is still no 借鉴 data.
"""

from __future__ import annotations

from tests.nlp.conftest import good_innovative, rule_ids, run_check, set_slide


def _g2(argument: str) -> bool:
    topic = ["顾客要求装夹时间由45s缩短到15s以内，现有螺旋压板工装无法满足需求。"]  # no 借鉴 named
    s = set_slide(good_innovative(), "一、选择课题", topic)
    s = set_slide(s, "二、设定目标及目标可行性论证", ["目标：单件装夹时间≤15s。", argument])
    return "G2" in rule_ids(run_check(s))


def test_g2_an_argument_setting_its_figures_against_the_target_is_data() -> None:
    for argument in (
        "论证：气缸夹紧实测约3s，定位约8s，单件约11s＜15s。",
        "可行性论证：夹紧3.2s、定位7.5s，合计10.7s，小于15s。",
    ):
        assert not _g2(argument), argument


def test_g2_reasons_in_words_or_figures_compared_with_nothing_are_still_the_defect() -> None:
    for argument in (
        "论证：领导重视，技术力量强，资金有保障。",
        "论证：气缸夹紧实测约3s，定位约8s，单件约11s。",
        "论证：小组有5名技术骨干，已完成3项工装研制，目标＜15s可以实现。",
    ):
        assert _g2(argument), argument
