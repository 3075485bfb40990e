"""The 形式审查 verdict: 参评 / 完善后参评 / 不评 / 需人工复核, always with its reasons.

A veto (不评) needs positive evidence: a fatal finding resting on what the document shows (要因 chosen by
打分, a required step missing from a document whose structure was recognised with confidence). Where
the structure was not recognised with confidence, a step not found is "未能确认" and the verdict is
需人工复核, never 不评 on that guess.
"""

from __future__ import annotations

from .findings import Finding, Review, Severity
from .structure import Structure


def _structure_reason(structure: Structure, unconfirmed: list[str]) -> str:
    if structure.absence_confident and not structure.absence_unsure:
        unread = "；".join(f"“{t}”" for _i, t in structure.unread_headings[:3])
        if unread:
            return (
                f"标题 {unread} 与步骤标题格式相同，但未能识别为步骤，"
                f"以下步骤未能确认：{'、'.join(unconfirmed)}；请人工复核"
            )
        cues = "；".join(dict.fromkeys(f"“{t}”" for _i, _s, t in [*structure.content_cues, *structure.name_cues]))
        if cues:
            return (
                f"文中写有该步骤的内容或名称（{cues}），但未找到其标题，"
                f"以下步骤未能确认：{'、'.join(unconfirmed)}；请人工复核"
            )
        unread = "、".join(str(p) for p in structure.unread_pages[:5])
        return (
            f"第 {unread} 页有未能读取的文字或图片，步骤可能在其中，"
            f"以下步骤未能确认：{'、'.join(unconfirmed)}；请人工复核"
        )
    if structure.absence_confident:  # a scan read by OCR: a heading may be lost, not the step
        return (
            f"{structure.ocr_share:.0%} 的页面是扫描件（文字经 OCR 识别），标题可能未能识别，"
            f"以下步骤未能确认：{'、'.join(unconfirmed)}；请人工复核"
        )
    why = (
        f"归入步骤的文字占 {structure.confident_coverage:.0%}（需 ≥ {structure.min_coverage:.0%}），"
        f"识别出 {structure.steps_confident} 个步骤（需 ≥ {structure.min_steps} 个）"
    )
    if structure.steps_confident < len(structure.steps):  # steps found only with low confidence count for none
        low = len(structure.steps) - structure.steps_confident
        why += f"，另有 {low} 个步骤识别置信度低于 {structure.min_step_confidence:.2f}，未计入"
    if structure.blind_share > 0:
        why += f"，{structure.blind_share:.0%} 的页面没有可读文字"
    return f"文档结构未能可靠识别（{why}），以下步骤未能确认：{'、'.join(unconfirmed)}；请人工复核"


def review_reason(r: Review) -> str:
    """One check left to 人工复核: what it would have said, and why the evidence does not bear it (the
    reading was not confident, or the evidence is indirect: an absence, arithmetic on an uncertain base)."""
    return f"未能确认 [{r.rule}] {r.message}——依据不足（{r.reason}），未作为问题报告，请人工复核"


def verdict(
    findings: list[Finding], structure: Structure, unconfirmed: list[str], reviews: list[Review] | None = None
) -> tuple[str, list[str]]:
    """不评 on a fatal finding; 需人工复核 when steps or a fatal check could not be confirmed; 完善后参评
    on a major finding; 需人工复核 when a major check could not be confirmed (`reviews`: an absence looked
    for in text not read with confidence); 参评 otherwise. `unconfirmed`: names of the required steps not
    found in a document whose structure was not recognised with confidence."""
    fatal = [f for f in findings if f.severity == Severity.fatal]
    major = [f for f in findings if f.severity == Severity.major]
    notes = [review_reason(r) for r in reviews or []]
    if fatal:
        return "不评", [f"[{f.rule}] {f.message}" for f in fatal] + notes
    if unconfirmed:
        return "需人工复核", [_structure_reason(structure, unconfirmed)] + [
            f"[{f.rule}] {f.message}" for f in major
        ] + notes
    if any(r.severity == Severity.fatal for r in reviews or []):
        # a veto that could not be confirmed (K1: the scoring seen, what follows it may verify): a reviewer
        # decides whether it stands — 完善后参评 would say it does not
        return "需人工复核", notes + [f"[{f.rule}] {f.message}" for f in major]
    if major:
        return "完善后参评", [f"[{f.rule}] {f.message}" for f in major] + notes
    if any(r.severity in (Severity.fatal, Severity.major) for r in reviews or []):
        return "需人工复核", notes
    return "参评", ["未发现致命或重大问题，可直接参评", *notes]
