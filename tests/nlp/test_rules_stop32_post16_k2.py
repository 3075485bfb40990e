"""K2 after the fresh16 run (judge74): 确定主要原因 lines that open with the 末端原因's numbers.

"末端原因1 吊装工未经专项培训：…——非要因" and "末端原因2、7、8、9：…；…——非要因" (seen fresh16 w01) confirm
the causes of those numbers, each line with its verdict: where their numbers are every number from 1 to
the 末端原因 counted, every cause was confirmed. A number missing, or a line without its verdict, is not.
"""

from __future__ import annotations

from tests.nlp.conftest import good_problem_solving, rule_ids, run_check, set_slide

_SIX = "找出末端原因6条：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、夏季午后温度偏高、冷却液浓度偏低、量具校准超期。"


def _k2(lines: list[str]) -> bool:
    s = set_slide(good_problem_solving(), "四、原因分析", ["针对症结孔径超差绘制因果图。", _SIX])
    s = set_slide(s, "五、确定主要原因", lines)
    return "K2" in rule_ids(run_check(s))


_ONE = "末端原因1 主轴前轴承磨损：实测径向跳动0.012mm，超差件占71%——要因"
_TWO = "末端原因3 锻件孔余量波动大：抽测40件余量0.8～1.1mm，与超差无对应——非要因"
_REST = "末端原因2、4、5、6：刀补周期调整后无变化；温度影响0.2%；浓度在4.5%内；量具均在检定期内——非要因"


def test_k2_lines_opening_with_the_causes_numbers_confirm_them_all() -> None:
    assert not _k2([_ONE, _TWO, _REST])
    assert not _k2([_ONE, _TWO, _REST.replace("、", "，")])


def test_k2_a_number_left_out_or_a_line_without_its_verdict_is_still_the_defect() -> None:
    assert _k2([_ONE, _TWO, _REST.replace("、6", "")])
    assert _k2([_ONE, _TWO, _REST.replace("——非要因", "，待下阶段确认")])
