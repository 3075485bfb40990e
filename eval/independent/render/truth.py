"""The truth manifest of one evaluation item, computed from its source (what was built), never from the
checker: steps with pages, tools with steps, the 5W1H table, the findings a reviewer must / may / must
not report, the acceptable verdicts and, for packages, the contradictions and missing parts."""

from __future__ import annotations

import ast
import operator
import re
from typing import Any

STEP_IDS = [
    "select_topic",
    "current_state",
    "set_target",
    "target_feasibility",
    "cause_analysis",
    "main_causes",
    "propose_solutions",
    "plan_countermeasures",
    "implement",
    "check_effect",
    "consolidate",
    "standardize",
    "summary",
]
EXPECTED_STEPS = {
    ("problem_solving", "self_set"): [
        "select_topic",
        "current_state",
        "set_target",
        "cause_analysis",
        "main_causes",
        "plan_countermeasures",
        "implement",
        "check_effect",
        "consolidate",
        "summary",
    ],
    ("problem_solving", "directive"): [
        "select_topic",
        "set_target",
        "target_feasibility",
        "cause_analysis",
        "main_causes",
        "plan_countermeasures",
        "implement",
        "check_effect",
        "consolidate",
        "summary",
    ],
    ("innovative", None): [
        "select_topic",
        "set_target",
        "propose_solutions",
        "plan_countermeasures",
        "implement",
        "check_effect",
        "standardize",
        "summary",
    ],
}
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
PSEUDO_RULES = {"STEP_MISSING", "STEP_ORDER", "PKG_CONTRADICTION", "PKG_MISSING_PART", "PKG_OVER_ONE_YEAR"}
FIVEW1H = ("what", "why", "who", "where", "when", "how")
EMPTY_CELL = re.compile(r"^\s*(|/|—|-|（请填写）|待定|待补充)\s*$")
CLEAN_VERDICTS = ["参评", "完善后参评", "需人工复核"]


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def tool_entries(unit: dict[str, Any], current: list[str]) -> list[dict[str, Any]]:
    out = []
    for tool in as_list(unit.get("tools")):
        entry = {"name": tool} if isinstance(tool, str) else dict(tool)
        if "step" not in entry:
            if len(current) != 1:
                raise ValueError(f"tool {entry['name']!r} on a unit with steps {current}: give its step")
            entry["step"] = current[0]
        out.append(entry)
    return out


def fivew1h_of(visual: dict[str, Any]) -> dict[str, Any]:
    """Columns present, data rows and incomplete rows of a 对策表 declared by `fivew1h: {what: col, ...}`."""
    cols: dict[str, int | None] = visual["fivew1h"]
    rows = visual["rows"][visual.get("header_rows", 1) :]
    present = {k: cols.get(k) is not None for k in FIVEW1H}
    incomplete = [
        i + 1
        for i, row in enumerate(rows)
        if any(EMPTY_CELL.match(str(row[c])) for k, c in cols.items() if c is not None and k in FIVEW1H)
    ]
    return {"columns": present, "rows": len(rows), "incomplete_rows": incomplete}


def verdicts_for(item: dict[str, Any]) -> list[str]:
    if item.get("verdicts"):
        return list(item["verdicts"])
    severities = {e.get("severity", "major") for e in item.get("must_report", [])}
    if "fatal" in severities:
        return ["不评", "需人工复核"]
    if "major" in severities:
        return ["完善后参评", "需人工复核"]
    return list(CLEAN_VERDICTS)


def check_findings(item: dict[str, Any]) -> None:
    for key in ("must_report", "may_report", "must_not_report"):
        for entry in item.get(key) or []:
            rule = entry["rule"]
            if rule not in B3_RULES | PSEUDO_RULES:
                raise ValueError(f"{item['id']}: {key} rule {rule!r} is neither a b.3 rule nor a pseudo rule")
            if entry.get("step") and entry["step"] not in STEP_IDS:
                raise ValueError(f"{item['id']}: {key} step {entry['step']!r} unknown")
            if not entry.get("why"):
                raise ValueError(f"{item['id']}: {key} {rule} needs a why")
    allowed = {(e["rule"], e.get("step")) for e in item.get("must_report", []) + item.get("may_report", [])}
    for trap in item.get("must_not_report", []):
        if (trap["rule"], trap.get("step")) in allowed:
            raise ValueError(f"{item['id']}: {trap['rule']}@{trap.get('step')} is both allowed and a trap")


_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.USub: operator.neg,
    ast.Pow: operator.pow,
}


def arithmetic(expr: str) -> float:
    """Value of a literal arithmetic expression (numbers, + - * / ** and brackets only)."""

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.operand))
        raise ValueError(f"not plain arithmetic: {expr}")

    return walk(ast.parse(expr, mode="eval"))


def check_arith(item: dict[str, Any]) -> None:
    """The numbers a clean document states must recompute; planted ones must not."""
    for entry in item.get("arith", []):
        value = arithmetic(entry["expr"])
        ok = abs(value - entry["equals"]) <= entry.get("tol", 0.01)
        if ok == bool(entry.get("planted")):
            state = "does not recompute" if not ok else "recomputes although planted"
            raise ValueError(f"{item['id']}: {entry['expr']} = {value:.4f} vs {entry['equals']}: {state}")


def check_pareto(item: dict[str, Any], visual: dict[str, Any]) -> None:
    counts = visual["counts"]
    if visual.get("planted"):
        return
    if "total" in visual and abs(sum(counts) - visual["total"]) > 1e-9:
        raise ValueError(f"{item['id']}: pareto {visual.get('title')} counts sum {sum(counts)} != {visual['total']}")
    named = counts[:-1] if visual["categories"][-1].startswith("其他") else counts
    if named != sorted(named, reverse=True):
        raise ValueError(f"{item['id']}: pareto {visual.get('title')} not descending")


CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CREDIT_CODE = re.compile(r"\b9[0-9A-HJ-NPQRTUWXY]{17}\b")


def credit_code_ok(code: str) -> bool:
    """GB 32100-2015 check character of a 统一社会信用代码."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(code[:17], CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31] == code[17]


def check_credit_codes(item: dict[str, Any]) -> None:
    """Every 统一社会信用代码 written in a 申报表 is valid unless the item plants a bad one."""
    for spec in item["files"]:
        text = repr(spec.get("blocks") or spec.get("slides"))
        for code in CREDIT_CODE.findall(text):
            if not credit_code_ok(code) and not item.get("bad_credit_code"):
                raise ValueError(f"{item['id']}: invalid 统一社会信用代码 {code}")
