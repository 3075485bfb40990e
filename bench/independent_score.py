"""How one `check --json` output is scored against one truth manifest of eval/independent/ (the
matching rules are stated in eval/independent/README.md, "How the scorer matches")."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = {"fatal", "major", "minor"}
NOT_A_TOOL = "5W1H"  # the 对策表 is scored as 5W1H, not as a tool, on both sides
B3_RULES = {
    "T1",
    "S1",
    "S2",
    "X1",
    "X2",
    "G1",
    "G2",
    "C1",
    "C2",
    "K1",
    "K2",
    "K3",
    "K4",
    "P1",
    "P2",
    "P3",
    "I1",
    "I2",
    "E1",
    "E2",
    "E3",
    "A1",
    "A2",
    "Z1",
    "Q1",
    "Q2",
    "N1",
}
FIVEW1H = ("what", "why", "who", "where", "when", "how")
STEP_NAMES = {
    "select_topic": ["选择课题", "选题", "主题选定"],
    "current_state": ["现状调查", "现况把握", "现状把握"],
    "set_target": ["设定目标", "目标设定"],
    "target_feasibility": ["目标可行性论证", "可行性论证", "可行性分析"],
    "cause_analysis": ["原因分析", "解析"],
    "main_causes": ["确定主要原因", "要因确认", "真因验证"],
    "propose_solutions": ["提出方案", "最佳方案", "方案"],
    "plan_countermeasures": ["制定对策", "对策拟定", "对策表"],
    "implement": ["对策实施"],
    "check_effect": ["效果检查", "效果确认"],
    "consolidate": ["巩固措施", "巩固"],
    "standardize": ["标准化"],
    "summary": ["总结", "下一步打算", "检讨与改进"],
}
ORDER_CUES = ("顺序", "之前", "之后", "先于", "前置", "颠倒")
FIELD_TERMS = {
    "课题名称": ["课题名称", "项目名称", "课题名"],
    "单位": ["单位名称", "企业名称", "公司名称", "申报单位", "单位"],
    "成立日期": ["成立日期", "成立时间"],
    "活动时间": ["活动时间", "活动期间", "活动日期", "活动起止"],
    "活动次数": ["活动次数"],
    "项目周期": ["项目周期", "实施周期", "攻关周期"],
    "团队名称": ["团队名称", "小组名称", "团队名"],
    "团队人数": ["团队人数", "团队成员", "小组人数", "成员人数"],
}
MISMATCH_CUES = ("不一致", "矛盾", "不符", "不同", "差异", "冲突", "出入")
YEAR_CUES = ("超过一年", "超过一个年度", "一个年度", "超过1年", "超过12个月", "跨年度")
PART_TERMS = {"实施记录": ["实施记录", "活动记录"], "申报表": ["申报表"], "成果报告": ["成果报告"]}
MISSING_CUES = ("缺少", "缺", "未提交", "未附", "未提供", "没有", "不完整", "未找到")


@dataclass
class ItemScore:
    item: str
    style: str
    formats: str
    type_right: bool = False
    type_seen: str = ""
    step_tp: int = 0
    step_fp: int = 0
    step_fn: int = 0
    fivew1h_right: int = 0
    fivew1h_total: int = 0
    tool_tp: int = 0
    tool_truth: int = 0
    tool_pred: int = 0
    findings_reported: int = 0
    findings_correct: int = 0
    duplicates: int = 0
    must_total: int = 0
    must_found: int = 0
    traps: int = 0
    verdict: str = ""
    verdict_ok: bool = False
    false_veto: bool = False
    contra_total: int = 0
    contra_found: int = 0
    missing_total: int = 0
    missing_found: int = 0
    error: bool = False
    misses: list[str] = field(default_factory=list)

    @property
    def step_f1(self) -> float | None:
        denom = 2 * self.step_tp + self.step_fp + self.step_fn
        return None if denom == 0 else 2 * self.step_tp / denom

    @property
    def fivew1h_rate(self) -> float | None:
        return None if not self.fivew1h_total else self.fivew1h_right / self.fivew1h_total

    @property
    def tool_recall(self) -> float | None:
        return None if not self.tool_truth else self.tool_tp / self.tool_truth


def canon(name: str, aliases: dict[str, str]) -> str:
    """The canonical b.1 row of a tool name: the longest alias it contains, else the name itself."""
    text = str(name).strip()
    best = max((a for a in aliases if a in text), key=len, default=None)
    return aliases[best] if best else text


def _text_of(finding: dict[str, Any]) -> str:
    parts = [str(finding.get("message", "")), json.dumps(finding.get("evidence", ""), ensure_ascii=False)]
    return " ".join(parts)


def finding_steps(finding: dict[str, Any], truth: dict[str, Any]) -> set[str]:
    """The step(s) a finding is about: its `step` field, else the truth steps holding its first page."""
    if finding.get("step"):
        return {str(finding["step"])}
    pages = finding.get("pages") or []
    if not pages:
        return set()
    named = str(finding.get("file") or "").rsplit("/", 1)[-1]
    role = next((f["role"] for f in truth["files"] if named and f["name"] == named), "main")
    return {s["id"] for s in truth["steps"] if pages[0] in s["files"].get(role, [])}


def matches(finding: dict[str, Any], entry: dict[str, Any], truth: dict[str, Any]) -> bool:
    rule = entry["rule"]
    steps = finding_steps(finding, truth)
    wanted = set(entry.get("steps") or ([entry["step"]] if entry.get("step") else []))
    step_ok = not wanted or not steps or bool(steps & wanted)
    if rule in B3_RULES:
        return finding.get("rule") == rule and step_ok
    if rule == "STEP_MISSING":
        if steps:
            return bool(steps & wanted)
        return any(name in str(finding.get("message", "")) for s in wanted for name in STEP_NAMES[s])
    if rule == "STEP_ORDER":
        text = _text_of(finding)
        return step_ok and (finding.get("rule") not in B3_RULES or any(c in text for c in ORDER_CUES))
    return False


_QUOTED = re.compile(r"“[^”]*”|《[^》]*》|\"[^\"]*\"")


def package_claims(text: str) -> set[str]:
    """What a statement claims about the package: 'contra:<field>', 'year', 'missing:<part>'. A cue is
    read outside the quoted values and file names a statement cites (a title "…缩松缺陷率" holds 缺, a
    file "…申报表.docx" the part: neither says a part is missing)."""
    claims = set()
    said = _QUOTED.sub(" ", text)
    if any(c in said for c in MISMATCH_CUES):
        claims |= {f"contra:{f}" for f, terms in FIELD_TERMS.items() if any(t in text for t in terms)}
    if any(c in said for c in YEAR_CUES) and any(t in text for t in FIELD_TERMS["活动时间"] + FIELD_TERMS["项目周期"]):
        claims.add("year")
    if any(c in said for c in MISSING_CUES):
        claims |= {f"missing:{p}" for p, terms in PART_TERMS.items() if any(t in text for t in terms)}
    return claims


def field_of(name: str) -> str:
    """The field a truth manifest names, as FIELD_TERMS keys it ("项目名称" is the 课题名称 field)."""
    return next((f for f, terms in FIELD_TERMS.items() if name == f or name in terms), name)


def truth_claims(truth: dict[str, Any]) -> set[str]:
    pkg = truth.get("package") or {}
    claims = {f"contra:{field_of(c['field'])}" for c in pkg.get("contradictions", [])}
    if pkg.get("over_one_year"):
        claims.add("year")
    claims |= {f"missing:{p}" for p in pkg.get("missing", [])}
    return claims


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _package_statements(out: dict[str, Any]) -> list[str]:
    """Statements about the package: each element of a package-like top-level field (a contradiction
    list says 'inconsistent' by its name), each finding, each verdict reason."""
    texts = []
    for key, value in out.items():
        if not any(w in key for w in ("package", "submission", "contradiction", "consistency", "parts")):
            continue
        cue = " 不一致" if any(w in key for w in ("contradiction", "consistency")) else ""
        for element in value if isinstance(value, list) else [value]:
            texts.append(" ".join(_strings(element)) + cue)
    texts += [_text_of(f) for f in out.get("findings") or []]
    texts += _strings(out.get("verdict_reasons") or [])
    return texts


def score_type_and_steps(score: ItemScore, truth: dict[str, Any], out: dict[str, Any]) -> None:
    score.type_seen = str(out.get("project_type"))
    score.type_right = out.get("project_type") == truth["project_type"]
    if not score.type_right:
        score.misses.append(f"type {score.type_seen} (truth {truth['project_type']})")
    seen = {s.get("id") for s in out.get("steps") or [] if s.get("present")}
    real = {s["id"] for s in truth["steps"]}
    score.step_tp, score.step_fp, score.step_fn = len(seen & real), len(seen - real), len(real - seen)
    if real - seen:
        score.misses.append("steps not found: " + ", ".join(sorted(real - seen)))
    if seen - real:
        score.misses.append("steps claimed but absent: " + ", ".join(sorted(seen - real)))


def score_fivew1h(score: ItemScore, truth: dict[str, Any], out: dict[str, Any]) -> None:
    real, seen = truth["fivew1h"], out.get("fivew1h") or {}
    checks = [("found", bool(seen.get("found")) == bool(real["found"]))]
    if real["found"]:
        cols = seen.get("columns") or {}
        checks += [(k, bool(cols.get(k)) == real["columns"][k]) for k in FIVEW1H]
        checks.append(("rows", seen.get("rows") == real["rows"]))
    score.fivew1h_total = len(checks)
    score.fivew1h_right = sum(ok for _, ok in checks)
    wrong = [name for name, ok in checks if not ok]
    if wrong:
        score.misses.append("5W1H wrong: " + ", ".join(wrong) + f" (rows {seen.get('rows')} vs {real.get('rows')})")


def score_tools(score: ItemScore, truth: dict[str, Any], out: dict[str, Any], aliases: dict[str, str]) -> None:
    real = {(canon(t["name"], aliases), t["step"]) for t in truth["tools"]}
    seen = {(canon(t.get("name", ""), aliases), s) for t in out.get("tools") or [] for s in (t.get("steps") or [None])}
    real = {p for p in real if p[0] != NOT_A_TOOL}
    seen = {p for p in seen if p[0] != NOT_A_TOOL}
    score.tool_truth, score.tool_pred, score.tool_tp = len(real), len(seen), len(real & seen)
    if real - seen:
        score.misses.append("tools missed: " + ", ".join(f"{n}@{s}" for n, s in sorted(real - seen)))


def _judge_finding(
    finding: dict[str, Any], truth: dict[str, Any], counts: dict[int, int], entries: list[dict[str, Any]]
) -> bool:
    claims = package_claims(_text_of(finding))
    if claims:
        return claims <= truth_claims(truth)
    hits = [i for i, e in enumerate(entries) if matches(finding, e, truth)]
    for i in hits:
        counts[i] = counts.get(i, 0) + 1
    return bool(hits)


def score_findings(score: ItemScore, truth: dict[str, Any], out: dict[str, Any]) -> None:
    reported = [f for f in out.get("findings") or [] if f.get("severity") in SEVERITIES]
    entries = truth["must_report"] + truth["may_report"]
    counts: dict[int, int] = {}
    wrong = []
    for finding in reported:
        if _judge_finding(finding, truth, counts, entries):
            score.findings_correct += 1
        else:
            wrong.append(finding)
        for trap in truth["must_not_report"]:
            if matches(finding, {**trap, "rule": trap["rule"]}, truth) and trap["rule"] in B3_RULES:
                score.traps += 1
                score.misses.append(f"trap sprung: {trap['rule']}@{trap.get('step')} ({trap['why'][:50]})")
    score.findings_reported = len(reported)
    score.duplicates = sum(c - 1 for c in counts.values() if c > 1)
    seen_steps = {s.get("id") for s in out.get("steps") or [] if s.get("present")}
    for i, entry in enumerate(truth["must_report"]):
        found = counts.get(i, 0) > 0
        if entry["rule"] == "STEP_MISSING":
            found = found and entry["step"] not in seen_steps
        score.must_total += 1
        score.must_found += found
        if not found:
            score.misses.append(f"not reported: {entry['rule']}@{entry.get('step')}")
    for f in wrong:
        steps = ",".join(sorted(finding_steps(f, truth))) or "?"
        score.misses.append(f"false finding: {f.get('rule')}@{steps} {str(f.get('message', ''))[:40]!r}")


def score_package(score: ItemScore, truth: dict[str, Any], out: dict[str, Any]) -> None:
    real = truth_claims(truth)
    said = set().union(*(package_claims(t) for t in _package_statements(out))) if out else set()
    contra = {c for c in real if c.startswith("contra:") or c == "year"}
    missing = {c for c in real if c.startswith("missing:")}
    score.contra_total, score.contra_found = len(contra), len(contra & said)
    score.missing_total, score.missing_found = len(missing), len(missing & said)
    if real - said:
        score.misses.append("package not reported: " + ", ".join(sorted(real - said)))


def score_item(truth: dict[str, Any], out: dict[str, Any], aliases: dict[str, str]) -> ItemScore:
    formats = "+".join(sorted({f["kind"] for f in truth["files"]}))
    score = ItemScore(item=truth["id"], style=truth["style"], formats=formats)
    if "_error" in out:
        score.error = True
        score.misses.append(f"checker error: {out['_error']}")
        out = {}
    score_type_and_steps(score, truth, out)
    score_fivew1h(score, truth, out)
    score_tools(score, truth, out, aliases)
    score_findings(score, truth, out)
    score_package(score, truth, out)
    score.verdict = str(out.get("verdict", "—"))
    score.verdict_ok = score.verdict in truth["verdicts_allowed"]
    score.false_veto = score.verdict == "不评" and "不评" not in truth["verdicts_allowed"]
    if not score.verdict_ok:
        score.misses.append(f"verdict {score.verdict} (allowed: {'/'.join(truth['verdicts_allowed'])})")
    for part in out.get("_ignored_parts") or []:
        score.misses.append(f"{part} not passed (checker has no --{part})")
    return score


def _ratio(a: int, b: int) -> float | None:
    return None if b == 0 else a / b


def summarize(scores: list[ItemScore]) -> dict[str, Any]:
    tp = sum(s.step_tp for s in scores)
    fp = sum(s.step_fp for s in scores)
    fn = sum(s.step_fn for s in scores)
    total = {
        "n": len(scores),
        "type_right": sum(s.type_right for s in scores),
        "step_f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "fivew1h": _ratio(sum(s.fivew1h_right for s in scores), sum(s.fivew1h_total for s in scores)),
        "tool_recall": _ratio(sum(s.tool_tp for s in scores), sum(s.tool_truth for s in scores)),
        "tool_precision": _ratio(sum(s.tool_tp for s in scores), sum(s.tool_pred for s in scores)),
        "findings_reported": sum(s.findings_reported for s in scores),
        "findings_correct": sum(s.findings_correct for s in scores),
        "must_total": sum(s.must_total for s in scores),
        "must_found": sum(s.must_found for s in scores),
        "duplicates": sum(s.duplicates for s in scores),
        "traps": sum(s.traps for s in scores),
        "verdict_ok": sum(s.verdict_ok for s in scores),
        "false_veto": sum(s.false_veto for s in scores),
        "contra_total": sum(s.contra_total for s in scores),
        "contra_found": sum(s.contra_found for s in scores),
        "missing_total": sum(s.missing_total for s in scores),
        "missing_found": sum(s.missing_found for s in scores),
        "errors": sum(s.error for s in scores),
    }
    total["findings_precision"] = _ratio(total["findings_correct"], total["findings_reported"])
    total["findings_recall"] = _ratio(total["must_found"], total["must_total"])
    return total
