"""Organiser template text: the same sentences in every project of every year (not copying)."""

from __future__ import annotations

COVER = "本成果材料按照质量攻关活动组织单位统一模板编写，遵循策划、实施、检查、处置的PDCA循环开展活动，数据来源真实可追溯。"
POLICY = "质量攻关遵循策划（P）、实施（D）、检查（C）、处置（A）程序（简称PDCA循环）开展活动。"
POLICY2 = "上报质量攻关项目不得抄袭，不得与历年项目雷同，不得违反保密规定。"
DECLARATION = (
    "声明：本单位承诺所报送的质量攻关成果材料真实、准确，成果由本单位小组自主完成，不存在抄袭、剽窃他人成果的情况，"
    "不与历年项目雷同，不违反保密规定；如有不实，本单位愿意承担相应责任。"
)
FLOW_PS = "活动程序：选择课题→现状调查→设定目标→原因分析→确定主要原因→制定对策→对策实施→效果检查→制定巩固措施→总结和下一步打算"
FLOW_PS_DIRECTIVE = "活动程序：选择课题→设定目标→目标可行性论证→原因分析→确定主要原因→制定对策→对策实施→效果检查→制定巩固措施→总结和下一步打算"
FLOW_IN = "活动程序：选择课题→设定目标及目标可行性论证→提出方案并确定最佳方案→制定对策→对策实施→效果检查→标准化→总结和下一步打算"

ALL = [COVER, POLICY, POLICY2, DECLARATION, FLOW_PS, FLOW_PS_DIRECTIVE, FLOW_IN]


def flow_for(ptype: str, target_kind: str | None) -> str:
    if ptype == "innovative":
        return FLOW_IN
    return FLOW_PS_DIRECTIVE if target_kind == "directive" else FLOW_PS


def template_file_text() -> str:
    head = "# 组织单位成果模板文本（所有项目共用，查重时应排除）\n"
    return head + "\n".join(ALL) + "\n"
