"""统一社会信用代码 (unified social credit code) validation per GB 32100-2015.

Layout of the 18 characters:
    1      登记管理部门代码 (1 机构编制, 5 民政, 9 工商/市场监管, Y 其他; also 2–8, A–G in the standard's table)
    2      机构类别代码
    3–8    登记管理机关行政区划码 (6 digits, GB/T 2260)
    9–17   主体标识码 (组织机构代码, GB 11714, whose own check character is position 17)
    18     校验码

Charset: the 31 characters 0-9 A-Z without I, O, Z, S, V. Each character has a value equal to its index
in that charset. The weight of position i (1-based, i = 1..17) is 3^(i-1) mod 31. The check character is
the charset character of value 31 - (sum mod 31), where 31 maps to 0.

The 组织机构代码 check (GB 11714-1997: weights 3 7 9 10 5 8 4 2 over positions 9–16, check = 11 - sum mod 11,
10 → X, 11 → 0) is reported separately (`org_code_ok`) and never decides validity: some registrars issue
codes whose body is not an old-style organisation code.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28

_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_REGISTRAR = set("123456789ABCDEFGY")


class CodeCheck(BaseModel):
    """The outcome of checking one code. `reason` is Simplified Chinese, empty when valid."""

    code: str  # as cleaned (upper case, spaces and dashes removed)
    valid: bool
    reason: str = ""
    expected_check: str | None = None  # the check character the first 17 characters call for
    org_code_ok: bool | None = None  # the GB 11714 check of positions 9–17 (informative only)


def clean(code: str) -> str:
    """Upper case, full width → half width, whitespace and dashes removed."""
    out = []
    for ch in code:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:  # full-width ASCII
            ch = chr(o - 0xFEE0)
        if ch.isspace() or ch in "-_—":
            continue
        out.append(ch.upper())
    return "".join(out)


def check_char(first17: str) -> str:
    """The GB 32100-2015 check character for 17 code characters (raises ValueError on a bad char)."""
    if len(first17) != 17:
        raise ValueError("need 17 characters")
    total = 0
    for ch, w in zip(first17, WEIGHTS, strict=True):
        if ch not in VALUES:
            raise ValueError(f"character {ch!r} not allowed")
        total += VALUES[ch] * w
    return CHARSET[(31 - total % 31) % 31]


def org_check_char(first8: str) -> str | None:
    """GB 11714 check character of an 8-character organisation code body, None if not computable."""
    total = 0
    for ch, w in zip(first8, _ORG_WEIGHTS, strict=True):
        v = _ORG_CHARSET.find(ch)
        if v < 0:
            return None
        total += v * w
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def validate(code: str) -> CodeCheck:
    c = clean(code)
    if not c:
        return CodeCheck(code=c, valid=False, reason="统一社会信用代码为空")
    if len(c) != 18:
        return CodeCheck(code=c, valid=False, reason=f"统一社会信用代码应为18位，实际为{len(c)}位")
    bad = [ch for ch in c if ch not in VALUES]
    if bad:
        shown = "、".join(dict.fromkeys(bad))
        return CodeCheck(
            code=c, valid=False, reason=f"统一社会信用代码含有不允许的字符“{shown}”（不使用I、O、Z、S、V）"
        )
    expected = check_char(c[:17])
    org = org_check_char(c[8:16])
    org_ok = org == c[16] if org is not None else None
    if c[0] not in _REGISTRAR:
        return CodeCheck(
            code=c,
            valid=False,
            reason=f"第1位登记管理部门代码“{c[0]}”无效",
            expected_check=expected,
            org_code_ok=org_ok,
        )
    if not re.fullmatch(r"\d{6}", c[2:8]):
        return CodeCheck(
            code=c, valid=False, reason="第3–8位行政区划码应为6位数字", expected_check=expected, org_code_ok=org_ok
        )
    if c[17] != expected:
        return CodeCheck(
            code=c,
            valid=False,
            reason=f"校验码错误：第18位为“{c[17]}”，按GB 32100-2015计算应为“{expected}”",
            expected_check=expected,
            org_code_ok=org_ok,
        )
    return CodeCheck(code=c, valid=True, expected_check=expected, org_code_ok=org_ok)


def is_valid(code: str) -> bool:
    return validate(code).valid


def complete(first17: str) -> str:
    """The full 18-character code for 17 given characters (used to build test fixtures and examples)."""
    c = clean(first17)
    return c + check_char(c)


CODE_PATTERN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")
