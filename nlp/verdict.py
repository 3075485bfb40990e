"""The 形式审查 verdict: 参评 / 完善后参评 / 不评, with its reasons."""

from __future__ import annotations

from .findings import Finding, Severity


def verdict(findings: list[Finding]) -> tuple[str, list[str]]:
    """不评 on a fatal finding, 完善后参评 on a major one, 参评 otherwise."""
    fatal = [f for f in findings if f.severity == Severity.fatal]
    major = [f for f in findings if f.severity == Severity.major]
    if fatal:
        return "不评", [f"[{f.rule}] {f.message}" for f in fatal]
    if major:
        return "完善后参评", [f"[{f.rule}] {f.message}" for f in major]
    return "参评", ["未发现致命或重大问题，可直接参评"]
