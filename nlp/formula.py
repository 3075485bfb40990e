"""Arithmetic written out in a report ("目标值＝6.24%－6.24%×83.3%×75%＝3.1%"), recomputed.

A line is split at its equals signs (=, ＝, ≈); the last part must be a number (the stated result) and
the part before it an expression of numbers, percentages, + − × ÷ and brackets (words such as
"现状值－现状值×改善重点" are the formula in words and are skipped). A percentage is read as a fraction
on both sides. The expression is evaluated on a parsed tree of numbers and operators only. A bare number
written among percentages ("89.6%＋7.2×30%≈91.76%": 7.2 is the 排烟热损失 in points) may be a figure in
percentage points: when the fraction reading does not recompute, that reading is tried too.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable

from pydantic import BaseModel

from . import lexfile
from .normalize import normalize

_LIMITS = lexfile.load("numbers.yaml")["formula"]  # thresholds as data (lexicon/numbers.yaml)
PERCENT_TOLERANCE = float(_LIMITS["percent_tolerance"])  # percentage points (spec/domain.md b.2)
RELATIVE_TOLERANCE = float(_LIMITS["relative_tolerance"])  # of the stated value, or half its last printed digit

_EQ = re.compile(r"\s*(?:=|＝|≈|≒)\s*")
_RESULT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(%|％)?")
_EXPR_CHARS = re.compile(r"^[\d.\s%％+\-－−—×*xX÷/（）()]+$")
_OPS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class Arithmetic(BaseModel):
    expression: str  # as written
    stated: float  # the stated result (percent figure when `percent`)
    written: str  # the stated result as printed ("3.10"), for its rounding
    computed: float  # on the same scale as `stated`
    percent: bool

    @property
    def agrees(self) -> bool:
        """Within 5 % of the stated figure or its last printed digit; a percentage also within 0.5 pt."""
        decimals = len(self.written.split(".")[1]) if "." in self.written else 0
        tol = max(RELATIVE_TOLERANCE * abs(self.stated), 0.5 * 10 ** (-decimals))
        limit = min(PERCENT_TOLERANCE, tol) if self.percent else tol
        return bool(abs(self.computed - self.stated) <= limit)


def _eval(node: ast.AST) -> float:
    if isinstance(node, ast.Expression):
        return _eval(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        v = _eval(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left), _eval(node.right))
    raise ValueError("not arithmetic")


_BARE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.]|\s*[%％])")


def _as_points(m: re.Match[str]) -> str:
    # 1 and 100 are the whole ("1－83.3%", "×100"), not a figure in points
    return m.group(1) if float(m.group(1)) in (1.0, 100.0) else f"{m.group(1)}%"


def evaluate(expression: str, points: bool = False) -> float | None:
    """The value of "6.24%－6.24%×83.3%×75%" (percentages as fractions); None when it is not plain
    arithmetic or divides by zero. `points`: bare numbers other than 1 and 100 read as percentage points."""
    t = normalize(expression).strip()
    if not _EXPR_CHARS.match(t) or not re.search(r"\d", t):
        return None
    if points:
        t = _BARE.sub(_as_points, t)
    t = re.sub(r"[－−—]", "-", t).replace("×", "*").replace("÷", "/").replace("（", "(").replace("）", ")")
    t = re.sub(r"(?<=[\d)])\s*[xX]\s*(?=[\d(])", "*", t)
    t = re.sub(r"(\d+(?:\.\d+)?)\s*[%％]", r"(\1/100)", t)
    try:
        return _eval(ast.parse(t, mode="eval"))
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError):
        return None


_OPEN_END = re.compile(r"[+\-－−—×*÷/=＝≈（(]\s*$")
_JOIN_MAX = 3  # lines one written formula may run over


def join_broken(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines (block index, text) with a formula that the page broke after an operator or an equals sign
    ("目标值＝86－" / "86×44.2%×80%＝55.6次") read as one line, under the index of its first part."""
    out: list[tuple[int, str]] = []
    parts = 0
    for i, line in lines:
        if out and parts < _JOIN_MAX and _OPEN_END.search(out[-1][1]):
            out[-1] = (out[-1][0], out[-1][1].rstrip() + line.lstrip())
            parts += 1
            continue
        out.append((i, line))
        parts = 1
    return out


# a line's last number, with its % or a short unit ("86次", "12.5 %")
_TAIL_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*([%％]|[^\d\s，。；;：:、,.%％()（）]{1,2})?\s*$")
_LOST_OPS = ("-", "+")  # the operator a line break may lose between a 现状值 and its reduction or gain


def lost_head(prev: str, line: str, a: Arithmetic) -> Arithmetic | None:
    """The formula of `line` read with the number ending `prev` as its head, joined by an operator the line
    break lost ("…可降至9.01%" / "9.01%×53.9%×70%＝5.6%" is 9.01%－9.01%×53.9%×70%): the first reading
    that recomputes, or None. Only a formula that opens its line can continue the line before it."""
    tail = _TAIL_NUMBER.search(normalize(prev))
    if tail is None or not normalize(line).lstrip().startswith(a.expression):
        return None
    for op in _LOST_OPS:
        head = tail.group(1) + ("%" if tail.group(2) in ("%", "％") else "")
        joined = arithmetic_in(f"{head}{op}{normalize(line).lstrip()}")
        if joined is not None and joined.agrees:
            return joined
    return None


# a product of three terms, the first a 现况值 and the others shares ("9.01%×53.9%×70%"), with or without
# the "1" of the target formula left among them ("9.01%×1-53.9%×70%")
_TERM = re.compile(r"(\d+(?:\.\d+)?)\s*([%％])?")


def standard_reading(a: Arithmetic) -> Arithmetic | None:
    """The target formula over the same terms, where a written 测算 does not recompute but the stated target
    does follow from 现况值×(1−改善重点×圈能力) or 现况值＋(100%−现况值)×改善重点×圈能力 over its three
    figures: the "1−" (or the brackets) lost by the reader or the writer, not a target without 测算 (seen
    fresh12 r47 "86×44.2%×80%", fresh14 u62 "9.01%×53.9%×70%"). The first reading that recomputes, or None."""
    if re.search(r"[+÷/]", normalize(a.expression)):
        return None
    terms = [(float(m.group(1)), bool(m.group(2))) for m in _TERM.finditer(normalize(a.expression))]
    terms = [t for t in terms if t != (1.0, False) and t != (100.0, True)]
    if len(terms) != 3 or not (terms[1][1] and terms[2][1]):
        return None
    (base, base_pct), (p, _), (q, _) = terms
    b = f"{base:g}" + ("%" if base_pct else "")
    readings = [f"{b}×(1-{p:g}%×{q:g}%)"]
    if base_pct:
        readings.append(f"{b}+(100%-{b})×{p:g}%×{q:g}%")
    for expr in readings:
        r = arithmetic_in(f"{expr}={a.written}" + ("%" if a.percent else ""))
        if r is not None and r.agrees:
            return r
    return None


def arithmetic_in(line: str) -> Arithmetic | None:
    """The last "expression = result" of a line, recomputed; None when the line has none."""
    parts = _EQ.split(normalize(line))
    if len(parts) < 3 and not (len(parts) == 2 and re.search(r"[+\-－−×*÷/]", parts[0])):
        return None
    res = _RESULT.match(parts[-1])
    if res is None:
        return None
    expr = re.split(r"[：:，,；;]", parts[-2])[-1].strip()
    value = evaluate(expr)
    if value is None or not re.search(r"[+\-－−×*÷/]", expr):
        return None
    percent = bool(res.group(2))
    stated = float(res.group(1))

    def reading(v: float) -> Arithmetic:
        # "×100" written for "×100%", or a % dropped on one side: the reading closest to the stated figure
        computed = min((v * 100, v), key=lambda c: abs(c - stated))
        return Arithmetic(
            expression=expr, stated=stated, written=res.group(1), computed=round(computed, 4), percent=percent
        )

    first = reading(value)
    mixed = percent and re.search(r"[%％]", expr) and _BARE.search(normalize(expr))
    if first.agrees or not mixed or (pts := evaluate(expr, points=True)) is None:
        return first
    second = reading(pts)
    return second if second.agrees else first
