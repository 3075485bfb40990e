"""Automatic list numbering (numbering.xml): the label Word draws before a numbered paragraph.

Chinese reports number their sections with Word's automatic numbering ("一、", "（一）", "1.1"), and the
label is not in the text runs. Without it a heading "选择课题" loses the "一、" that tells its rank, and
a 对策表 loses its row numbers. Counters are kept per w:num instance (numId), as Word does for lists
without overrides; deeper levels restart when a shallower level advances.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .docx_package import W, wval

_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level advances
    is_legal: bool = False


@dataclass
class Numbering:
    """numId → levels, and running counters while the body is walked in order."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)
    start_override: dict[tuple[str, int], int] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None) -> Numbering:
        out = cls()
        if root is None:
            return out
        abstract: dict[str, dict[int, Level]] = {}
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId") or ""
            abstract[aid] = {_ilvl(lvl): _level(lvl) for lvl in an.findall(W + "lvl")}
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId") or ""
            aid = wval(num.find(W + "abstractNumId")) or ""
            levels = dict(abstract.get(aid, {}))
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _ilvl(ov)
                lvl_el = ov.find(W + "lvl")
                if lvl_el is not None:
                    levels[ilvl] = _level(lvl_el)
                so = wval(ov.find(W + "startOverride"))
                if so is not None and so.lstrip("-").isdigit():
                    out.start_override[(nid, ilvl)] = int(so)
            out.levels[nid] = levels
        return out

    def next_label(self, num_id: str | None, ilvl: int | None) -> str:
        """Advance the counter of (numId, level) and return the label ("" for bullets/none)."""
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        ilvl = ilvl or 0
        levels = self.levels[num_id]
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counts = self.counters.setdefault(num_id, {})
        start = self.start_override.get((num_id, ilvl), lvl.start)
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            deeper_lvl = levels.get(deeper)
            if deeper_lvl is None or deeper_lvl.restart != 0:
                del counts[deeper]
        if lvl.fmt in ("bullet", "none"):
            return ""
        label = lvl.text
        for k in range(9):
            token = f"%{k + 1}"
            if token not in label:
                continue
            k_lvl = levels.get(k, Level())
            value = counts.get(k, self.start_override.get((num_id, k), k_lvl.start))
            fmt = "decimal" if lvl.is_legal and k != ilvl else k_lvl.fmt
            label = label.replace(token, format_number(value, fmt))
        return label.strip()


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting"):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = roman(n)
        return s if fmt == "upperRoman" else s.lower()
    return str(n)


def chinese_number(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _ilvl(el: etree._Element) -> int:
    v = el.get(W + "ilvl") or "0"
    return int(v) if v.isdigit() else 0


def _level(lvl: etree._Element) -> Level:
    start = wval(lvl.find(W + "start"))
    restart = wval(lvl.find(W + "lvlRestart"))
    return Level(
        fmt=wval(lvl.find(W + "numFmt"), "decimal") or "decimal",
        text=wval(lvl.find(W + "lvlText"), "") or "",
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        restart=int(restart) if restart and restart.isdigit() else None,
        is_legal=lvl.find(W + "isLgl") is not None,
    )
