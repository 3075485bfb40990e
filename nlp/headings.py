"""Reading a heading: which step(s) a slide title, heading or short line names.

Headings come in every house style of `spec/house-styles.md`: numbered ("一、", "（二）", "3.", "第四步",
"01", "PART 02"), CAQ names, 品管圈 names ("现况把握", "解析", "真因验证"), hospital PDCA names with the
PDCA word attached ("对策拟定（Plan）", "效果评价（Study）"), FOCUS-PDCA letters ("F（Find）发现问题"),
P/D/C/A group headings ("P 阶段 计划"), English subtitles ("BACKGROUND", "ROOT CAUSE"), a title with a
subtitle ("现状把握｜查检表") or with the project name in front ("降低XX不良率——现状调查"), a step over
several slides ("原因分析（续）") and two steps in one heading ("现状调查及目标设定"). The vocabulary is
`nlp/lexicon/steps.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .normalize import is_cjk, normalize
from .steplex import lexicon

OTHER = "_other"  # a heading that is not a step (小组概况, 目录, 活动计划…)
GROUP = "_group"  # a PDCA group heading (计划阶段 P …)

_CN_NUM = "一二三四五六七八九十百零〇两壹贰叁肆伍陆柒捌玖拾佰"  # with the formal numerals (大写: 壹　圈组介绍, 拾壹　检讨与改进)
_PREFIXES = [
    re.compile(rf"^第[{_CN_NUM}\d]+\s*(?:步|章|节|部分|篇|阶段|项|部)\s*[、.:\s-]*"),
    # a 实施记录's entries: "第11次活动（2024年10月21日）巩固措施", "第5次小组活动：要因确认" (seen fresh3 h28)
    re.compile(rf"^第[{_CN_NUM}\d]+\s*次(?:小组)?活动\s*(?:\([^()]{{0,30}}\))?\s*[、.:\s-]*"),
    re.compile(rf"^(?:步骤|step|STEP|Step|Part|PART|N[Oo]\.?)\s*[{_CN_NUM}\d]+\s*[、.:\s/|-]*"),
    re.compile(rf"^\(\s*[{_CN_NUM}\d]+\s*\)\s*[、.:\s]*"),
    re.compile(rf"^[{_CN_NUM}]+\s*[、.:\s]\s*"),
    re.compile(r"^\d+(?:\.\d+)*\s*[、.:)\s]\s*"),
    re.compile(r"^\d{1,2}\s*/\s*(?!\d{1,2}\s*/)"),  # "03/ 目标设定" (not a date "5/10/2023")
    re.compile(r"^\d+(?=[\u4e00-\u9fff])(?!\s*[年月日个次件台%])"),
    re.compile(r"^[\u2460-\u2473\u2776-\u277f]\s*"),  # ① … ⑳, ❶ …
    re.compile(r"^[\u25a0-\u25ff\u2600-\u26ff\u2700-\u27bf【\[<《>→▶►■□◆◇●○★☆▲△\-—_~*#·•|/]+\s*"),
    re.compile(r"^、\s*"),  # a number OCR did not read ("、选择课题" for "二、选择课题")
]
# a letter, word or number in brackets in front of a heading: "【F】发现问题", "【C】明确现状——查检", "[P]计划",
# "〔二〕现状调查", "(F)发现问题" (a FOCUS-PDCA deck's banner letters, seen fresh11 q48): read as the letter or
# number written without brackets ("F 发现问题", "二 现状调查"), so the letter and numbering readings apply
# a section number glued to the step name, its separator lost: "七效果检查" (only a whole step name after it)
_CN_GLUED = re.compile(rf"^[{_CN_NUM}]{{1,3}}(?=[\u4e00-\u9fff])")
_BRACKET_LABEL = re.compile(
    rf"^(?:[【\[〔〖]\s*([A-Za-z]{{1,12}}|[{_CN_NUM}]{{1,3}}|\d{{1,2}})\s*[】\]〕〗]|\(\s*([A-Za-z]{{1,12}})\s*\))\s*(?=[\u4e00-\u9fff])"
)
# PDCA / DMAIC letter in front of a step name: "P 现状调查", "(P)选择课题", "D-对策实施", "M 测量", "D｜实施"
_LETTER = re.compile(r"^\(?([PDCAMIpdcami])\)?\s*(?:阶段)?\s*[-—:、.\s)|]+\s*(?=[\u4e00-\u9fff])")
# FOCUS-PDCA's S (Select) written as a bare letter: "S—选择方案", "【S】选择方案" (seen fresh11 q49) chooses the
# improvement plan of a problem-solving deck, not a 创新型 方案 step (PDSA's S is 研究/学习, no 方案 heading)
_SELECT_LETTER = re.compile(r"^S\s*[-—:、.\s)|]*\s*(?=[\u4e00-\u9fff])")
_LETTER_GLUED = re.compile(r"^([PDCA])(?=[\u4e00-\u9fff])")
# an English word (with an optional English gloss) in front of a Chinese heading: "F（Find）发现问题",
# "Plan 对策拟定", "Do：对策实施", and with a bar, slash or dot between them as a banner sets it apart:
# "Plan｜要因评价与真因验证", "Understand · 根因验证" (seen fresh13 s43 s16)
_WORD_PREFIX = re.compile(
    r"^([A-Za-z]{1,12})(?:\s*\(\s*([A-Za-z][A-Za-z &]{0,20})\))?\s*[-—:、.\s)|/·•]*\s*(?=[\u4e00-\u9fff])"
)
# a FOCUS-PDCA letter no other cycle uses (F Find, O Organize, U Understand), set apart by brackets or a
# separator in front of Chinese that names no step: "（F）找出改进机会", "U——了解原因" (seen fresh13 s42)
_FOCUS_LETTER = re.compile(
    r"^(?:[\[【〔(]\s*([FOU])\s*[\]】〕)]|([FOU])\s*(?:——|--|[|:\-—–·•、/]))\s*(?=[\u4e00-\u9fff])"
)
_EIGHT_D = re.compile(r"^D\s*([1-8])(?![\d.])")
# a PDCA letter numbering the steps: "P1 选择课题", "D7 对策实施", "A10 总结" (before 8D's "D7"), with a
# dash or dot between letter and number in a banner picture ("P-01 选择课题 PLAN", "C·08 效果检查")
_PDCA_NUMBER = re.compile(r"^([PDCApdca])\s*[-—_.·]?\s*(\d{1,2})(?![\d.])\s*[、.:\-—\s]*(?=[\u4e00-\u9fff])")
# what a group heading may carry besides its letter and word: 阶段 / 循环, brackets, separators, and
# an English gloss ("D——实施（Do）")
_GROUP_STRIP = re.compile(r"第[一二三四1-4]阶段|阶段|循环|[A-Za-z]{2,}|[()\[\]【】\s:、.\-—/]")
# an English word glossed in Chinese: "Find（发现问题）", "Organize（成立小组）" (FOCUS-PDCA)
_WORD_CN_GLOSS = re.compile(r"^([A-Za-z]{2,12})\s*\(\s*([\u4e00-\u9fff][^()]{0,15}?)\s*\)\s*")
# a letter and its own word joined by a separator, not a bracket: "F｜Find 发现问题", "D - Do 实施",
# "C·Check 检查" (seen fresh6 k16): read as the bracketed form "F（Find）发现问题"
_LETTER_SEP_WORD = re.compile(r"^([A-Za-z])\s*(?:——|--|[|:\-—–·•.、/])\s*([A-Za-z]{2,12})(?![A-Za-z])\s*")
# a FOCUS-PDCA letter word, alone or after its letter: "Find", "S（Select）", "Understand 分析原因"
_FOCUS_LEAD = re.compile(r"^(?:[A-Za-z]\s*\(\s*)?([A-Za-z]{4,10})(?![A-Za-z])")
# … or glossed after the Chinese: "三、C——明确现行流程和规范（Clarify）" (seen fresh4 i46)
_FOCUS_TAIL = re.compile(r"\(\s*([A-Za-z]{4,10})\s*\)\s*$")
_DMAIC = {
    "定义": "select_topic",
    "测量": "current_state",
    "分析": "cause_analysis",
    "改进": "implement",
    "控制": "consolidate",
}
_CONT = re.compile(
    r"(?:\(\s*续\s*[\d一二三四五六七八九十]*\s*\)|续表?[\d一二三四五]*|\(\s*[\d一二三四五六七八九十]+\s*\)|-\s*\d+|之[一二三四五六])\s*$"
)
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,})\s*\d+\s*$")
_JOIN = re.compile(r"^\s*(?:及|与|和|、|/|&|暨|以及|并|,|\+)\s*")
# an English subtitle in capitals, words of letters only: "KEY CAUSE VERIFICATION", "| SUMMARY"
# a dash after a letter read by OCR as the numeral 一: "F一发现问题（Find）", "D一实施（Do）" (a scanned
# FOCUS-PDCA, seen fresh8 n51): read as the dash it is
_OCR_DASH = re.compile(r"^([A-Za-z])\s*一\s*(?=[\u4e00-\u9fff])")
_EN_GLOSS = re.compile(r"\s*(?:[|/\-—·]\s*)?[A-Z]{2,}(?:[ &/'’.\-]+[A-Z]{2,})*\s*")
# an English gloss in brackets: "(Problem Statement)", "(Indicators & Goals)", "（Act）"
_EN_PAREN = r"\(\s*[A-Za-z][A-Za-z &/'’.\-]{0,30}\)"
# … closing a heading (fresh18 z27)
_EN_PAREN_TAIL = re.compile(rf"\s*{_EN_PAREN}\s*$")
# … inside a combined heading: "标准化巩固（Act）与持续改进" (fresh19 b48)
_EN_PAREN_INNER = re.compile(rf"^\s*{_EN_PAREN}(?=\s*(?:及|与|和|/|&|暨|以及|并|\+))")
# a slash between two step names joins them: "设定目标 / 目标可行性论证" names both (fresh19 b35), as
# "设定目标及目标可行性论证" does; not a subtitle that names the step more precisely ("解析｜真因验证")
_SLASH_JOIN = re.compile(r"^\s*/\s*")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_SEPARATOR = re.compile(r"^\s*(?:\||——|—|--|-|·|•|/)\s*")
_INNER_NUMBER = re.compile(r"^\s*\(\s*[一二三四五六七八九十\d]{1,3}\s*\)\s*(?=\S)")
# a continuation mark before the subtitle: "四、解析（续）——要因评价", "解析（续1）｜真因验证" (the part runs on
# over slides, each naming its own sub-step; seen fresh17 y13)
_INNER_CONT = re.compile(r"^\s*\(\s*续\s*[一二三四五六七八九十\d]{0,3}\s*\)\s*(?:\||——|—|--|-|·|•|/)?\s*(?=\S)")
_SPLIT = re.compile(r"\s*(?:——|—|--|\||:|-)\s*")
# short second halves of a combined heading: "对策制定与实施", "原因分析及确认", "效果检查与巩固"
_JOIN_TAIL = {"实施": "implement", "确认": "main_causes", "巩固": "consolidate", "总结": "summary"}


@dataclass(frozen=True)
class HeadingMatch:
    steps: tuple[str, ...]  # step ids named (first = the main one); (OTHER,) or (GROUP,) for non-steps
    text: str
    letter: str | None = None  # the PDCA phase a group heading (or a step heading) names: P, D, C, A
    labelled: bool = False  # "现状：…" — a labelled paragraph; it opens a step only moving forward


def strip_prefix(text: str) -> tuple[str, bool]:
    """Remove numbering / bullets in front of a heading. Returns (rest, was_numbered)."""
    s = normalize(text).strip()
    if lab := _BRACKET_LABEL.match(s):
        s = f"{lab.group(1) or lab.group(2)} {s[lab.end() :]}"
    numbered = False
    for _ in range(4):
        before = s
        for rx in _PREFIXES:
            m = rx.match(s)
            if m and m.end() > 0:
                s = s[m.end() :].lstrip()
                numbered = True
        if s == before:
            break
    return s, numbered


@lru_cache(maxsize=1)
def _alias_table() -> list[tuple[str, str]]:
    """(alias upper-cased, step id) longest first, the non-step headings included."""
    lex = lexicon()
    table = [(normalize(str(a)).upper(), step) for step, aliases in lex["aliases"].items() for a in aliases]
    table += [(normalize(str(a)).upper(), OTHER) for a in lex["other"]]
    table.sort(key=lambda t: -len(t[0]))
    return table


def _alias_match(up: str) -> tuple[int, str] | None:
    """(length, step id) of the longest alias the upper-cased `up` starts with."""
    for alias, step in _alias_table():
        nxt = up[len(alias) : len(alias) + 1]
        # an English alias does not match inside a longer English word, but may run on into Chinese
        # ("下一轮PDCA循环", seen fresh11 q24)
        if up.startswith(alias) and (not alias[-1:].isascii() or not (nxt.isascii() and nxt.isalpha())):
            return len(alias), step
    return None


def _loose_space(s: str, i: int) -> bool:
    """A space a PDF's text layer puts between Chinese and Latin or digits ("下一个 PDCA 循环", "5W1H 对策表")."""
    if s[i] != " " or not 0 < i < len(s) - 1:
        return False
    a, b = s[i - 1], s[i + 1]
    return (is_cjk(a) and b.isascii() and b.isalnum()) or (is_cjk(b) and a.isascii() and a.isalnum())


def _alias_read_past(s: str, skip: Callable[[str, int], bool]) -> tuple[str, str] | None:
    """`_alias_match` on `s` with the characters `skip` names left out of its first 16; the alias as written."""
    kept = [i for i in range(len(s[:16])) if not skip(s, i)]
    if len(kept) == len(s[:16]) or not kept or kept[0] != 0:
        return None
    compact = "".join(s[i] for i in kept) + s[16:]
    hit = _alias_match(compact.upper())
    if hit is None or hit[0] > len(kept):
        return None
    end = kept[hit[0] - 1] + 1
    return (s[:end], hit[1]) if any(skip(s, i) for i in range(end)) else None


def _alias_at_start(s: str) -> tuple[str, str] | None:
    """(the alias as written in `s`, step id) of the longest alias `s` starts with (English: any case).
    The particle 的 between the words of a name is read past: "课题的提出" is 课题提出, "要因的确认" 要因确认
    (a new hand's wording, seen fresh5 j08); so is a space between Chinese and Latin letters or digits,
    which a PDF's text layer inserts ("下一个 PDCA 循环" is 下一个PDCA循环, seen fresh12 r53)."""
    hit = _alias_match(s.upper())
    if hit is not None:
        return s[: hit[0]], hit[1]
    return _alias_read_past(s, lambda t, i: t[i] == "的") or _alias_read_past(s, _loose_space)


def _pdca_words() -> dict[str, str]:
    return {str(k).upper(): str(v) for k, v in lexicon()["pdca_words"].items()}


def _is_group(s: str) -> bool:
    """A PDCA group heading: "P（计划）阶段", "第二阶段 实施（D）", "C 检查", "计划阶段", "A", "PLAN"."""
    if s.strip().upper() in _pdca_words():
        return True
    gloss = re.match(r"^(.+?)\s*[（(]\s*([A-Za-z]+)\s*[)）]\s*$", s.strip())
    if gloss and gloss.group(2).upper() in _pdca_words():
        # hospital PDSA "八、实施（DO）"; the letter with its word "P（Plan）"
        return gloss.group(1) in set(lexicon()["pdca_groups"]) or gloss.group(1).upper() in {"P", "D", "C", "A"}
    core = _GROUP_STRIP.sub("", s)
    letters = re.findall(r"[PDCA]", core)
    word = re.sub(r"[PDCA]", "", core)
    if word == "":
        # "P", "D 阶段", or the letter with its English word: "P（Plan）", "C（Check / Study）"
        english = re.findall(r"[A-Za-z]{2,}", s)
        glossed = bool(english) and all(e.upper() in _pdca_words() for e in english)
        return len(letters) == 1 and (len(s) <= 6 or glossed)
    return word in set(lexicon()["pdca_groups"]) and (len(letters) == 1 or "阶段" in s)


_GROUP_GLOSS = re.compile(r"^(\S{2,3}?)\s*\(\s*([^()]{2,16})\s*\)\s*$")


def _group_glossed(s: str) -> str | None:
    """The step a PDCA group word glossed by a step's name in brackets names: "处理（标准化）", "实施（对策实施）"
    (a FOCUS-PDCA deck's "A——处理（标准化）", seen fresh14 u68), not the whole phase; None otherwise."""
    m = _GROUP_GLOSS.match(s)
    if m is None or m.group(1) not in set(lexicon()["pdca_groups"]):
        return None
    hit = _alias_at_start(m.group(2))
    if hit is None or hit[1] == OTHER or len(m.group(2)) - len(hit[0]) > 4:
        return None
    return hit[1]


def _group_letter(raw: str, letter: str | None) -> str | None:
    """The phase a group heading names: its letter, its English word or its Chinese word."""
    if letter in {"P", "D", "C", "A"}:
        return letter
    up = raw.strip().upper()
    if up in _pdca_words():
        return _pdca_words()[up]
    m = re.search(r"(?<![A-Za-z])([PDCA])(?![A-Za-z])", raw)
    if m:
        return m.group(1)
    words: dict[str, str] = lexicon()["pdca_group_letters"]
    return next((v for k, v in words.items() if k in raw), None)


def _lead(s: str) -> tuple[str, str | None, bool]:
    """Strip a PDCA/DMAIC letter or an English word in front: (rest, letter, stripped)."""
    ml = _LETTER.match(s) or _LETTER_GLUED.match(s)
    if ml:
        rest, _n = strip_prefix(s[ml.end() :].lstrip())
        return rest, ml.group(1).upper(), True
    mw = _WORD_PREFIX.match(s)
    if mw:
        rest, _n = strip_prefix(s[mw.end() :].lstrip())
        words = _pdca_words()
        gloss = (mw.group(2) or "").strip().upper()
        return rest, words.get(mw.group(1).upper()) or words.get(gloss), True
    return s, None, False


def _glossed_phase(raw: str, letter: str | None) -> bool:
    """A phase letter glossed by its English word over Chinese that names no step ("D　实施计划（Do）"): the
    phase's group heading, where the phase holds one step by default (`group_default`: D, C, A)."""
    if letter not in lexicon()["group_default"]:
        return False
    words = _pdca_words()
    return any(words.get(e.upper()) == letter for e in re.findall(r"[A-Za-z]{2,}", raw))


def _focus_words() -> dict[str, str]:
    return {str(k).upper(): str(v) for k, v in lexicon()["focus_words"].items()}


def _focus_step(s: str) -> str | None:
    """The step a FOCUS-PDCA word in front names ("Find", "C（Clarify）", "Select 选择方案"), when the
    heading is short enough to be one (the word and a few characters)."""
    if len(s) > 24:
        return None
    words = _focus_words()
    m = _FOCUS_LEAD.match(s)
    if m is not None and (step := words.get(m.group(1).upper())) is not None:
        return step
    tail = _FOCUS_TAIL.search(s)
    return words.get(tail.group(1).upper()) if tail is not None else None


def _focus_letter(raw: str) -> str | None:
    """The step a FOCUS-PDCA letter set apart in front names ("（U）了解原因" → cause_analysis); the
    Chinese after it decides when it names a step ("（U）根因验证" is 确定主要原因)."""
    fl = _FOCUS_LETTER.match(raw)
    if fl is None:
        return None
    letter = fl.group(1) or fl.group(2)
    return next((v for k, v in _focus_words().items() if k.startswith(letter)), None)


def _after_separator(s: str) -> tuple[str, tuple[str, str]] | None:
    """A title "降低XX不良率——现状调查" / "XX QC小组 | 要因确认": the step after a separator."""
    parts = _SPLIT.split(s)
    if len(parts) < 2:
        return None
    last = _CONT.sub("", strip_prefix(parts[-1])[0]).strip()
    h = _alias_at_start(last)
    if h is not None and len(last) - len(h[0]) <= 4:
        return last, h
    return None


def _body_line_ok(s: str, rest: str, numbered: bool, step: str, short: bool) -> bool | None:
    """Whether a body line naming a step is a heading (True), a labelled paragraph (None), or a
    sentence that mentions the step (False)."""
    if tail := _EN_PAREN_TAIL.search(rest):  # "监测指标与改进目标（Indicators & Goals）": the gloss adds no length
        s, rest = s[: len(s) - len(tail.group())], rest[: tail.start()]
    gloss = re.match(r"^\s*\([^()]{1,12}\)\s*(?=:)", rest)  # "原因分析（要因确认）：…"
    if gloss:
        rest = rest[gloss.end() :]
    if rest[:1] == ":":
        if short and len(rest) > 1:
            return None  # "（2）现状：…" inside 选题理由 is a label even when numbered
        return True if numbered or len(rest) <= 1 or step == OTHER else None
    if _EN_GLOSS.fullmatch(rest):
        return True  # "要因确认 KEY CAUSE VERIFICATION", "总结 SUMMARY": a heading with its English subtitle
    sep = _SEPARATOR.match(rest)
    if sep and rest[sep.end() :] and len(rest) <= 24 and not _SENTENCE_END.search(rest) and "," not in rest:
        return True  # "现状把握｜查检表": a title with its subtitle
    if len(s) > 24 or _SENTENCE_END.search(s) or "，" in s or "," in s:
        return False
    if short and rest.strip() and not numbered:
        return False  # "目标2%", "现状良好": a two-character name followed by words is a sentence
    return numbered or len(rest) <= 2 or rest[0] in "(（及与和—- "


@lru_cache(maxsize=1)
def _keeps_subtitle() -> frozenset[str]:
    return frozenset(normalize(str(w)) for w in lexicon()["keeps_subtitle"])


def _subtitle_step(rest: str, strict: bool) -> tuple[str, str] | None:
    """The step a subtitle after a separator names: "｜真因验证", or after the part's own number:
    "解析（三）要因评价" (seen fresh4 i13) or its continuation mark: "解析（续）——真因验证". In a title (not `strict`), a colon sets the subtitle apart
    too when it is a step's name and no more: "明确现状：目标设定" is the target's slide (seen fresh13 s57),
    "现状调查：查检表统计" stays 现状调查."""
    sep = _SEPARATOR.match(rest) or _INNER_NUMBER.match(rest) or _INNER_CONT.match(rest)
    if sep:
        return _alias_at_start(rest[sep.end() :])
    if strict or rest[:1] != ":":
        return None
    sub = rest[1:].strip()
    hit = _alias_at_start(sub)
    return hit if hit is not None and len(sub) - len(hit[0]) <= 1 else None


def _second_heading(rest: str, numbered: bool) -> bool:
    """A numbered heading followed, after a space, by a number in brackets starts a second heading:
    "（九）巩固措施　（十）总结和下一步打算" names two steps (seen fresh9 o36), while "解析（三）要因评价"
    (no space) is a part's sub-step."""
    return numbered and re.match(r"^\s+\(\s*[一二三四五六七八九十\d]{1,3}\s*\)", rest) is not None


_GLUED_NUMBER = re.compile(rf"^[{_CN_NUM}]{{1,3}}、(?=\S)")


def _more_steps(step: str, rest: str) -> list[str]:
    """The step a heading names and the ones it names after it: "现状调查及目标设定",
    "设定目标及目标可行性论证", "原因分析（要因确认）"."""
    steps = [step]
    r = rest
    for _ in range(2):
        r = r[g.end() :] if (g := _EN_PAREN_INNER.match(r)) else r
        j = _JOIN.match(r)
        paren = re.match(r"^\s*\((.+?)\)", r)
        # … after a space, or glued on where a PDF's text lost the space ("六、效果检查七、标准化", seen fresh16 w32)
        numbered = strip_prefix(r) if re.match(r"^\s+\S", r) or _GLUED_NUMBER.match(r) else (r, False)
        if j:
            r2 = r[j.end() :]
        elif paren:
            r2 = paren.group(1)
        elif numbered[1]:
            r2 = numbered[0]  # "十、巩固措施  十一、总结和下一步打算"
        else:
            break
        h2 = _alias_at_start(r2)
        tail = r2.strip()[:2]
        if h2 is None and tail in _JOIN_TAIL and j and step != OTHER:
            # "对策制定与实施" names 对策实施; "活动计划与实施甘特图" is the plan of the activity, no step
            h2 = (tail, _JOIN_TAIL[tail])
        if h2 is None:
            break
        if h2[1] != OTHER and h2[1] not in steps:
            steps.append(h2[1])
        r = r2[len(h2[0]) :]
    # "现况把握小结  三、目标设定": a second numbered step heading further on names its step too
    later = re.search(rf"\s+(?:(?:[{_CN_NUM}]+|\d+)\s*[、.．]|\(\s*(?:[{_CN_NUM}]+|\d+)\s*\))\s*(?=\S)", rest)
    if later and (h3 := _alias_at_start(rest[later.end() :])) is not None and h3[1] not in (OTHER, *steps):
        steps.append(h3[1])
    return steps


def match_heading(text: str, *, strict: bool) -> HeadingMatch | None:
    """Read a heading. `strict` (body paragraphs): the line must look like a heading, not a sentence
    that mentions a step ("通过现状调查发现…")."""
    raw = normalize(text).strip()
    if not raw or len(raw) > (60 if not strict else 80) or _TOC_ENTRY.search(raw):
        return None
    s, numbered = strip_prefix(_OCR_DASH.sub(r"\1—", raw))
    if (lw := _LETTER_SEP_WORD.match(s)) and lw.group(2).upper().startswith(lw.group(1).upper()):
        s = f"{lw.group(1)}({lw.group(2)})" + s[lw.end() :]
    # an English line under a title ("CLARIFY · GOAL") is a gloss
    focus = (_focus_step(s) or _focus_letter(raw)) if not strict else None
    if focus is None and _SELECT_LETTER.match(s):
        focus = "_select"  # names no step by itself: only a 方案 heading after it is read as FOCUS's S
    if gl := _WORD_CN_GLOSS.match(s):
        s = s[gl.end() :] or gl.group(2)  # "Find（发现问题）" reads as 发现问题
    pn = _PDCA_NUMBER.match(s)
    if pn and (a := _alias_at_start(s[pn.end() :])) is not None and a[1] != OTHER:
        s, letter, led = s[pn.end() :], pn.group(1).upper(), True
    elif m8 := _EIGHT_D.match(s):
        step = lexicon()["eight_d"].get(f"D{m8.group(1)}")
        return HeadingMatch((step or OTHER,), raw)
    else:
        s, letter, led = _lead(s)
    numbered = numbered or led
    s = _CONT.sub("", s).strip()
    if not s:
        return HeadingMatch((GROUP,), raw, letter=letter) if letter in {"P", "D", "C", "A"} else None
    if (glossed := _group_glossed(s)) is not None:
        return HeadingMatch((glossed,), raw, letter=_group_letter(raw, letter))
    bare_group = not strict and s in set(lexicon()["pdca_groups"])  # a heading "计划" / "实施" alone
    if bare_group or _is_group(raw) or _is_group(s) or (letter in {"P", "D", "C", "A"} and _is_group(letter + s)):
        return HeadingMatch((GROUP,), raw, letter=_group_letter(raw, letter))
    if letter in {"D", "M", "A", "I", "C"}:
        for word, step in _DMAIC.items():
            if s.startswith(word) and len(s) <= len(word) + 4:
                return HeadingMatch((step,), raw)
    hit = _alias_at_start(s)
    if hit is None and not numbered and (g := _CN_GLUED.match(s)) and (h := _alias_at_start(s[g.end() :])):
        # "七效果检查": a PDF slide title whose "、" the text layer put on a line of its own (seen fresh12 r43)
        if h[1] != OTHER:
            s, hit, numbered = s[g.end() :], h, True
    if hit is None and not strict and (after := _after_separator(s)) is not None:
        s, hit = after
    if hit is None and _glossed_phase(raw, letter):
        return HeadingMatch((GROUP,), raw, letter=letter)
    if hit is None and not strict and (whole := lexicon()["whole_titles"].get(s)) is not None:
        return HeadingMatch((str(whole),), raw)
    if hit is None and not strict and (tool := _GLOSS_TAIL.search(s)) and (cued := _cue_of(tool.group(1))):
        # a title naming no step, glossed by the step's own table or diagram: "实施计划（5W1H）" (the
        # 对策表's slide, while "D 实施计划" alone is the 实施; seen fresh13 s36), "原因剖析（鱼骨图）"
        return HeadingMatch((cued,), raw)
    if hit is None:
        return HeadingMatch((focus,), raw) if focus not in (None, "_select") else None
    alias, step = hit
    if focus in ("plan_countermeasures", "_select") and step == "propose_solutions":
        # FOCUS "S（Select）选择方案": choosing the improvement plan, not a 创新型 方案 step
        step = "plan_countermeasures"
    rest = s[len(alias) :]
    ok = _body_line_ok(s, rest, numbered, step, len(alias) <= 2) if strict else True
    sub = _subtitle_step(rest, strict) if not (_second_heading(rest, numbered) or _SLASH_JOIN.match(rest)) else None
    if sub is not None and sub[1] not in (step, OTHER) and alias not in _keeps_subtitle():
        alias, step = sub  # "解析｜真因验证": the subtitle names the step more precisely
        rest = rest[rest.index(alias) + len(alias) :]
    if ok is False:
        return None
    return HeadingMatch(tuple(_more_steps(step, rest)), raw, letter=letter, labelled=ok is None)


@lru_cache(maxsize=1)
def _cue_table() -> list[tuple[str, str]]:
    table = [(normalize(str(c)), step) for step, cues in lexicon()["cues"].items() for c in cues]
    table.sort(key=lambda t: -len(t[0]))
    return table


_GLOSS_TAIL = re.compile(r"\(\s*([^()]{2,10}?)\s*\)\s*$")


def _cue_of(gloss: str) -> str | None:
    """The step whose cue a bracketed gloss is, whole ("5W1H", "鱼骨图")."""
    g = normalize(gloss).strip().upper()
    return next((step for cue, step in _cue_table() if cue.upper() == g), None)


def match_cue(text: str) -> str | None:
    s = normalize(text)
    for cue, step in _cue_table():
        if cue in s:
            return step
    return None


def is_toc_title(text: str) -> bool:
    """A 目录 / CONTENTS slide title."""
    t = re.sub(r"\s+", "", normalize(text)).upper()
    titles = {re.sub(r"\s+", "", str(w)).upper() for w in lexicon()["toc_titles"]}
    # "目录 CONTENTS", "CONTENTS｜目录": a title and its gloss, each a 目录 title
    parts = [
        p for p in re.split(r"[^\u4e00-\u9fffA-Z]+|(?<=[\u4e00-\u9fff])(?=[A-Z])|(?<=[A-Z])(?=[\u4e00-\u9fff])", t) if p
    ]
    return t in titles or (len(parts) == 2 and all(p in titles for p in parts))


# The numbering forms a step heading may be written in (`heading_form`): a heading of the same form
# as the document's step headings that names no step may be a step heading not read ("D｜实施").
_FORMS = [
    ("chapter", re.compile(rf"^第[{_CN_NUM}\d]+\s*(?:步|章|节|部分|篇|阶段)")),
    ("cn", re.compile(rf"^[{_CN_NUM}]+\s*[、.:]")),
    ("paren", re.compile(rf"^\(\s*[{_CN_NUM}\d]+\s*\)")),
    ("num3", re.compile(r"^\d+\.\d+\.\d+(?!\d)")),
    ("num2", re.compile(r"^\d+\.\d+(?![\d.])")),
    ("num", re.compile(r"^\d{1,2}(?:\s*[、.:)]|\s+)(?=\s*[\u4e00-\u9fff])")),
    ("letter_number", re.compile(r"^[PDCApdca]\s*[-—_.·]?\s*\d{1,2}(?![\d.])")),
    ("letter_bar", re.compile(r"^[A-Za-z]\s*[|:\-—·]\s*(?=[\u4e00-\u9fff])")),
    ("circled", re.compile(r"^[\u2460-\u2473\u2776-\u277f]")),
]


def heading_form(text: str) -> str | None:
    """The numbering form of a heading ("四、" cn, "4.2" num2, "D｜" letter_bar…), None for a bare one."""
    s = normalize(text).strip()
    return next((name for name, rx in _FORMS if rx.match(s)), None)
