"""House styles (spec/domain.md a.6): step names, heading numbering, P/D/C/A grouping."""

from __future__ import annotations

from dataclasses import dataclass

CAQ = {
    "select_topic": "选择课题",
    "current_state": "现状调查",
    "set_target": "设定目标",
    "target_feasibility": "目标可行性论证",
    "cause_analysis": "原因分析",
    "main_causes": "确定主要原因",
    "plan_countermeasures": "制定对策",
    "implement": "对策实施",
    "check_effect": "效果检查",
    "consolidate": "制定巩固措施",
    "summary": "总结和下一步打算",
    "propose_solutions": "提出方案并确定最佳方案",
    "standardize": "标准化",
}
CAQ_INNOVATIVE = dict(CAQ, set_target="设定目标及目标可行性论证")

ALIASES = dict(
    CAQ,
    select_topic="课题选定",
    current_state="现状分析",
    set_target="目标设定",
    target_feasibility="目标可行性分析",
    cause_analysis="要因分析",
    main_causes="要因确认",
    plan_countermeasures="对策制定",
    implement="按对策实施",
    check_effect="效果确认",
    consolidate="巩固措施",
    summary="总结和今后打算",
)

QCC = dict(
    CAQ,
    select_topic="主题选定",
    current_state="现况把握",
    set_target="目标设定",
    cause_analysis="解析",
    main_causes="真因验证",
    plan_countermeasures="对策拟定",
    implement="对策实施与检讨",
    check_effect="效果确认",
    consolidate="标准化",
    summary="检讨与改进",
)

NAME_SETS = {"caq": CAQ, "caq_in": CAQ_INNOVATIVE, "alias": ALIASES, "qcc": QCC}

PHASE = {
    "select_topic": "P",
    "current_state": "P",
    "set_target": "P",
    "target_feasibility": "P",
    "cause_analysis": "P",
    "main_causes": "P",
    "propose_solutions": "P",
    "plan_countermeasures": "P",
    "implement": "D",
    "check_effect": "C",
    "consolidate": "A",
    "standardize": "A",
    "summary": "A",
}
PHASE_TITLES = {
    "P": ["P（计划）阶段", "第一阶段  计划（P）", "P  策划"],
    "D": ["D（实施）阶段", "第二阶段  实施（D）", "D  实施"],
    "C": ["C（检查）阶段", "第三阶段  检查（C）", "C  检查"],
    "A": ["A（处置）阶段", "第四阶段  处置（A）", "A  处置"],
}

CN_NUM = "一二三四五六七八九十"


def cn(i: int) -> str:
    if i <= 10:
        return CN_NUM[i - 1]
    return "十" + CN_NUM[i - 11]


@dataclass
class Style:
    names: str = "caq"  # caq | caq_in | alias | qcc
    numbering: str = "cn"  # cn (一、) | paren (（一）) | arabic (1.) | step (第一步) | none
    pdca: bool = False  # group steps under P/D/C/A headings
    pdca_variant: int = 0

    def step_name(self, step: str) -> str:
        return NAME_SETS[self.names][step]

    def heading(self, step: str, index: int) -> str:
        name = self.step_name(step)
        if self.numbering == "cn":
            return f"{cn(index)}、{name}"
        if self.numbering == "paren":
            return f"（{cn(index)}）{name}"
        if self.numbering == "arabic":
            return f"{index}. {name}"
        if self.numbering == "step":
            return f"第{cn(index)}步  {name}"
        return name
