"""The 要因 judged in the 确定主要原因 step, and matching them to 对策表 rows (rule P1).

Sources, all inside the main_causes step: 要因确认表 rows with a 结论/判定 column (要因/是 vs 非要因/否),
"要因一：…" items, "找出主要原因N条：①…；②…" lists, and "末端因素N：… 结论：要因/非要因" paragraphs.
A sentence that describes a scoring method ("打分法确定要因：每位成员…") is not a list. `nlp.fivew1h`
re-exports `cause_verdicts`, `confirmed_causes` and `cause_matches`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any, NamedTuple

from ingest.model import BlockKind, Document

from . import lexfile
from .continued import continued_tables
from .normalize import fold, normalize

CAUSE_STEP = "main_causes"


_NUM = r"[一二三四五六七八九十\d]+"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫"
_CAUSE_ITEM = re.compile(rf"^\s*(?:主要原因|要因|真因)\s*{_NUM}\s*[：:、.．)）]\s*(?P<c>.+)$")
_CAUSE_LIST = re.compile(
    r"(?:(?:确定|确认|找出|得出|找到|最终确定|共确定|归纳出)[^：:。\n]{0,20}?(?:要因|主要原因|真因)[^：:。\n]{0,10}"
    r"|(?:要因|主要原因|真因)(?:确认|确定|验证)?(?:结果|结论|如下|为|有)"
    r"|^\s*(?:真因|主要原因|要因)(?=\s*[：:][^。\n]+、))[：:](?P<l>.+)"  # "真因：A、B、C" (a list, after 真因验证)
)
# "末端原因1：…", "确认一：…", "确认1 主轴磨损" (a number, then a space), "真因验证2：…": the cause is the
# label's first clause ("确认一：主轴磨损。现场测量…结论：要因。" names 主轴磨损, its verdict on the same line)
_END_CAUSE = re.compile(
    rf"^\s*(?:末端(?:因素|原因)|(?:要因|真因)(?:确认|验证)|确认|原因|因素)(?:{_NUM}\s*[：:、.．\s]|[：:、.．])\s*(?P<c>.+)$"
)
_VERDICT_YES = re.compile(
    r"(?:结论|判定|确认结果|判断|确认|确定)[^。\n]{0,6}[：:]?\s*(?<!不)是(?!否)(?![^。\n]{0,2}非)"
)
_VERDICT_NO = re.compile(r"(?:结论|判定)[：:]\s*否")


def _verdict_words() -> dict[str, Any]:
    return lexfile.load("verdicts.yaml")


@lru_cache(maxsize=1)
def _verdict_rx() -> re.Pattern[str]:
    """A verdict phrase: an optional negation, an optional copula, the cause word (or a word that names
    the other causes), not run on into a word of its own ("真因验证", "要因确认表", "主要原因分析")."""
    w = _verdict_words()
    return re.compile(
        rf"(?P<neg>{w['negation']})?\s*(?P<cop>{w['copula']})?\s*(?:{w['cause_word']}|(?P<other>{w['other_no']}))"
        r"(?![确验分评图表的有如是])(?P<end>\s*(?:[。；;，,.!！)）]|$))?"
    )


def _verdict_match(text: str) -> re.Match[str] | None:
    """The text's last verdict phrase: one with a copula or a negation, or closing its clause ("结论：要因。")."""
    last = None
    t = normalize(text)
    for m in _verdict_rx().finditer(t):
        if re.search(r"是否$", t[: m.start()]):
            continue  # "是否要因", "是否为真因": the question a column or a plan asks, not its answer
        if m.group("neg") or m.group("cop") or m.group("end") is not None or m.group("other"):
            last = m
    return last


def verdict_of(text: str) -> bool | None:
    """The verdict the text's last verdict phrase gives a cause: True (要因/真因/主要原因…), False (非要因,
    不是真因, 不列为要因, 次要原因…), None where no phrase is a verdict ("进入真因验证", "要因确认计划")."""
    m = _verdict_match(text)
    return None if m is None else not (m.group("neg") or m.group("other"))


def verdict_cell(cell: str) -> bool | None:
    """The verdict of a verdict column's cell: a tick or cross, 是/否, or a verdict phrase."""
    raw = normalize(cell).strip().strip("。.;；")
    w = _verdict_words()
    if raw.lower() in {str(c) for c in w["no_cells"]}:
        return False
    if raw.lower() in {str(c) for c in w["yes_cells"]}:
        return True
    v = verdict_of(raw + "。")
    if v is not None:
        return v
    f = fold(cell).text
    if any(x in f for x in ("否", "非")):
        return False
    if re.search(_verdict_words()["cause_word"], f) and not f.startswith("是否"):
        return True  # "主要原因之一", "要因√": the cause word in a verdict column
    return None


# A cause named before its evidence, its verdict the line's last clause: "3．起升减速段参数设置过短：…实测…，
# 要因。" (seen fresh6 k38), "● 主轴磨损：…——真因", "1.模具温度低：…影响显著，列为要因。"; with no number or
# bullet before it, only after a dash or arrow: "操作工质量意识不强：A、B班…无差异——非要因" (seen fresh5 j30).
# The evidence holds no verdict of its own (a PDF line may join two causes: "…——要因 车间昼夜温差大：…——非要因",
# seen fresh3 h54); the verdict is any phrase of `lexicon/verdicts.yaml` (`verdict_of`)
_NAMED = re.compile(
    r"^\s*(?P<lead>[（(]?\d{1,2}[)）.、]\s*|[●•·▪■◆◇○▶►➢➤✓√※\-]\s*)?(?P<c>[^：:。；;,，\n]{2,20})[：:](?P<rest>.+)$"
)
_NAMED_SPLIT = re.compile(r"[,，;；。]|[—–－]{1,2}|→")
# a field label or a label with only its number is no cause's name: "确认方法：", "内容：", "末端4：", "原因1："
_NOT_CAUSE = re.compile(
    rf"^(?:结论|判定|结果|确认|验证|说明|备注|标准|方法|数据|依据|方式|情况|分析|内容|目的|时间|地点|过程|其余|其他|另外"
    rf"|对比试验|现场|调查|统计|测量|试验|实验|管理方法)"
    rf"|^(?:末端(?:原因|因素)?|原因|因素|要因|真因|项目|序号|第)?\s*{_NUM}\s*(?:项|条)?$"
)
# the cause a label names is its first clause up to a full stop or a colon, short and with no comma:
# "确认一：主轴前轴承磨损。现场测量…" names it; "确认5：切粒水流量实测平均312m³/h，比设计值低18%" is evidence
_LABEL_CAUSE = re.compile(r"[。；;：:]")


def _named_verdict(line: str) -> tuple[str, bool] | None:
    """(cause, verdict) of a line "cause：evidence，verdict" (`_NAMED`), None where the line is not one."""
    m = _NAMED.match(line)
    if not m or _NOT_CAUSE.match(m.group("c").strip()) or _SCORING.search(line):
        return None  # a field, or a line on how the scoring decides ("采用评分法：…得分≥27分的定为要因")
    rest = m.group("rest")
    pieces = [p for p in _NAMED_SPLIT.split(rest) if p.strip(" 。.")]
    if len(pieces) < 2 or len(pieces[-1].strip()) > 16:
        return None
    if not m.group("lead") and not re.search(r"[—–－→]", rest):
        # no number, bullet or dash: the verdict must be worded as one ("判定为真因", "属主要原因", "非要因")
        last = _verdict_match(pieces[-1])
        if last is None or not (last.group("cop") or last.group("neg") or last.group("other")):
            return None
    v = verdict_of(pieces[-1])
    if v is None or re.search(_verdict_words()["cause_word"], "".join(pieces[:-1])):
        return None  # the evidence names a verdict of its own: two causes on one line
    return m.group("c"), v


_LEAD = re.compile(
    rf"^\s*(?:[{_CIRCLED}]\s*|[（(]?{_NUM}[)）、.．:：]\s*|(?:要因|主要原因|真因|末端(?:因素|原因)?|原因|因素|(?:要因|真因)?确认){_NUM}\s*[：:、.．]?\s*"
    r"|(?:末端(?:因素|原因)|原因)(?=\s*[“\"「]))"
)
_TRAIL = re.compile(r"[（(](?:要因|非要因|是|否)[)）]\s*$|[。；;，,]+$")

_SCORING = re.compile(r"打分|评分|得分|总分|合计分|表决|投票|每位|每人|分值")
# "认知不足、宣教流于形式、未配备防滑鞋累计80%，确定为真因": the list stands before the verdict
_LIST_THEN_VERDICT = re.compile(
    r"(?P<l>[^。；;\n]+?)[，,]\s*(?:最终|故|因此|从而)?(?:确定|确认|判定|验证)(?:其)?为(?:真因|主要原因)"
)
_HOW = re.compile(r"^经|通过|验证|分析|调查|统计|数据|结果|以上|上述|法则")
# the count a verification gives a cause ("未及时颠倒混匀19份", "无术前预保温流程17例")
_COUNT_TAIL = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:份|例|次|件|个|起|人次|人|条|项|处|%|％)?\s*$")
_SHARE_TAIL = re.compile(r"(?:等)?(?:\d+项)?(?:累计|合计|共占|占)[^、，,]*$")
_CONFIRM_COL = ("末端因素", "末端原因", "要因", "原因", "因素", "确认项目", "确认内容项目", "项目", "真因")
_VERDICT_COL = ("结论", "判定", "是否要因", "确认结果", "结果", "判断", "是否为要因", "是否主要原因", "判定结果")
# "是否真因", "是否为主要原因", "是否根因": a yes/no column on the cause word of `lexicon/verdicts.yaml`
_VERDICT_HEAD = re.compile(r"^是否(?:为|属于?)?(?:要因|真因|主要原因|主因|根因|根本原因)$")
# a cause column named by what it lists: "验证项目", "末端原因名称", "潜在原因"
_CAUSE_HEAD_END = re.compile(r"(?:原因|因素|项目)(?:名称)?$")


def _clean_cause(text: str) -> str:
    t = normalize(text).strip()
    t = _LEAD.sub("", t, count=1)
    # "第三项 X", "X——实测…" (a name, then its evidence after a dash), "A、B 2项" (the list's count)
    t = re.sub(r"^第[一二三四五六七八九十\d]{1,3}[项条个]\s*[：:、.．]?\s*", "", t)
    t = re.split(r"[—–－]{2}|→", t, maxsplit=1)[0]
    t = re.sub(r"\s*(?:\d+|[两二三四五六七八九十])\s*[项条个]$", "", t)
    t = _TRAIL.sub("", t).strip()
    # "末端原因“套丝机挡铁定位松动”", "末端原因2(对比试验)": the name without its quotes or its method
    t = re.sub(r"\s*[(（][^()（）]{1,8}[)）]$", "", t).strip().strip('“”"「」')
    return t


def _verdict(cell: str) -> bool | None:
    return verdict_cell(cell)


def _is_scoring(head: list[str]) -> bool:
    """A 要因评价表: the 要因 column is decided by a score (得分/评分 column), not by a verification."""
    return any(_SCORING.search(h) for h in head)


def _table_verdicts(doc: Document, idxs: list[int]) -> tuple[list[str], list[str], list[str], list[str]]:
    """(要因, 非要因, 要因 of scoring tables only: candidates for a later 真因验证, the causes a scoring table
    left out: its 判定 否, among 非要因). A table continued on the next page without its header row is read
    under the header before it (`nlp.continued`: a long 要因确认表 run on onto a "（续）" slide, whose 要因 were
    not read, so P1 asked for their rows)."""
    yes: list[str] = []
    no: list[str] = []
    scored: list[str] = []
    scored_out: list[str] = []
    tables = [(i, doc.blocks[i].source.page, t.filled_grid()) for i in idxs if (t := doc.blocks[i].table) is not None]
    for read in continued_tables(tables, lambda head: _confirm_columns([fold(c).text for c in head]) is not None):
        cols = _confirm_columns([fold(c).text for c in read.header]) if read.headed or read.continued else None
        if cols is None or (not read.continued and not read.rows):
            continue
        cause_col, verdict_col, by_score = cols
        for row in read.rows:
            cause = _clean_cause(row[cause_col])
            v = _verdict(row[verdict_col])
            if not cause or v is None:
                continue
            (scored if v and by_score else yes if v else no).append(cause)
            if by_score and not v:
                scored_out.append(cause)
    return yes, no, scored, scored_out


def _confirm_columns(head: list[str]) -> tuple[int, int, bool] | None:
    """The (cause, verdict, scoring table) columns a 要因确认 table's header names; None where it names none."""
    verdict_col = next(
        (
            j
            for j in range(len(head) - 1, -1, -1)
            if any(fold(k).text in head[j] for k in _VERDICT_COL) or _VERDICT_HEAD.match(head[j])
        ),
        None,
    )
    cause_col = next((j for j, h in enumerate(head) if any(h.startswith(fold(k).text) for k in _CONFIRM_COL)), None)
    if cause_col is None:
        cause_col = next((j for j, h in enumerate(head) if j != verdict_col and _CAUSE_HEAD_END.search(h)), None)
    if cause_col is None or verdict_col is None or cause_col == verdict_col:
        return None
    return cause_col, verdict_col, _is_scoring(head)


def _split_and(item: str) -> list[str]:
    """ "A和B" / "A及B" as two causes, but not "未及时…" (a 及 inside a word: a half under 3 characters)."""
    halves = re.split(r"[和及]", item, maxsplit=1)
    if len(halves) == 2 and all(len(h.strip()) >= 3 for h in halves):
        return [halves[0], *_split_and(halves[1])]
    return [item]


def _listed_before_verdict(line: str) -> list[str]:
    """The causes of "A、B、C累计80%，确定为真因" (the list before its verdict)."""
    m = _LIST_THEN_VERDICT.search(line)
    if not m:
        return []
    # the list is the last clause that lists: "A19份、B16份、C13份，累计80.0%，判定为真因" (seen fresh3 h13, h43)
    clauses = [c for c in re.split(r"[，,]", m.group("l")) if c.strip()]
    clause = next((c for c in reversed(clauses) if "、" in c), clauses[-1] if clauses else "")
    clause = re.sub(r"[”\"」』]\s*[“\"「『]", "、", clause).strip('“”"「」『』')  # “A”“B”“C”累计占91.4%
    parts = [
        _COUNT_TAIL.sub("", _clean_cause(p).strip('“”"「」『』'))
        for item in re.split(r"[、/]", _SHARE_TAIL.sub("", clause))
        for p in _split_and(item)
    ]
    parts = [p for p in parts if 1 < len(p) <= 25]
    # a list of two or more causes, not a clause on how it was verified ("经现场验证，确定为真因")
    return parts if len(parts) >= 2 and not any(_HOW.search(p) for p in parts) else []


_VERB_LIST = re.compile(
    r"(?:确定|确认|判定|认定|找出|得出)(?:了)?\s*(?P<l>[^。；;：:，,\n]{4,160}?)\s*(?:为|是|属于?)(?:本课题的?|本次活动的?)?"
    r"(?:要因|真因|主要原因|根因|主因)"
)


def _listed_after_verb(line: str) -> list[str]:
    """The causes of "综上，确定A、B、C为主要原因" (the verb, the list, then the verdict): two or more named."""
    m = _VERB_LIST.search(line)
    if not m or _SCORING.search(line):
        return []
    parts = [
        _clean_cause(p).strip('“”"「」『』') for item in re.split(r"[、/]", m.group("l")) for p in _split_and(item)
    ]
    parts = [p for p in parts if 1 < len(p) <= 25]
    return parts if len(parts) >= 2 and not any(_HOW.search(p) for p in parts) else []


_LIST_COUNT = re.compile(r"(\d{1,2}|[一二三四五六七八九十])\s*(?:项|条|个)")


def counted_summary(doc: Document, idxs: list[int]) -> list[str] | None:
    """The step's own counted list of its 要因 ("确定要因 4 项：A、B、C、D"), when the count and the names
    agree: the document's summary, the causes' verdict lines before it the same causes in longer words
    ("经营范围预审在受理后才进行 → 要因" summarised as 预审后置, seen fresh7 m52)."""
    for i in idxs:
        b = doc.blocks[i]
        if b.kind == BlockKind.table:
            continue
        for line in normalize(b.text).split("\n"):
            m = _CAUSE_LIST.search(line)
            n = _LIST_COUNT.search(line, m.start(), m.start("l")) if m else None
            if not m or not n or _SCORING.search(m.group("l")):
                continue
            g = n.group(1)
            count = int(g) if g.isdigit() else _CN_DIGITS.get(g, 0)
            body = re.sub(r"[（(][^（）()]*[)）]", "", m.group("l"))
            names = [c for c in (_clean_cause(p) for p in re.split(r"[、，,；;]", body)) if 1 < len(c) <= 25]
            if count >= 2 and len(names) == count:
                return names
    return None


_FIRST_N = re.compile(rf"前\s*({_NUM})\s*(?:项|个|条|位|种)")
# the label a counted list opens with ("结果：", "验证结果：", "统计："), not a cause's "A：15例"
_COUNT_LABEL = re.compile(r"^\s*[^：:，,、；;\d]{1,6}[：:](?=\s*\D)")


def _counted_list(line: str) -> list[str]:
    """The causes of a line that only counts them: "A14例、B8例、C5例、D2例" (each item with its count)."""
    body = _COUNT_LABEL.sub("", line, count=1)  # "结果：A15例、B12例" (seen fresh18 z11)
    items = [p.strip() for p in re.split(r"[、，,；;]", body.rstrip("。. ")) if p.strip()]
    if len(items) < 2 or not all(re.search(r"\d", p) and _COUNT_TAIL.search(p) for p in items):
        return []
    names = [_clean_cause(_COUNT_TAIL.sub("", p)) for p in items]
    return names if all(1 < len(n) <= 25 for n in names) else []


def _first_n_kept(line: str, counted: list[str]) -> int:
    """How many of the counted list above the line keeps, from the first: "依80/20法则，前三项累计93.1%，
    为真因" after "A14例、B8例、C5例、D2例" (seen fresh9 o25) keeps 3; 0 where the line keeps none (no "前N项",
    or a verdict that rejects: "前两项为非要因")."""
    m = _FIRST_N.search(line)
    if not counted or not m or verdict_of(line) is not True:
        return 0
    g = m.group(1)
    n = int(g) if g.isdigit() else _CN_DIGITS.get(g, 0)
    return n if 1 <= n < len(counted) else 0


def _circled_lines(text: str) -> list[str]:
    """The block's lines normalised, ①②③ (digits under NFKC) turned into list separators, except one
    that leads its line: that is the item's number ("⑤春季巡视周期偏长：…——非要因", seen fresh9 o29,
    read as "5、春季巡视周期偏长：…")."""
    lines = []
    for raw in text.split("\n"):
        lead = raw.lstrip()
        num = f"{normalize(lead[0])}、" if lead[:1] and lead[0] in _CIRCLED else ""
        body = lead[1:] if num else raw
        lines.append(num + normalize(body.translate({ord(c): "；" for c in _CIRCLED})))
    return lines


def _causes_from_text(doc: Document, idxs: list[int]) -> tuple[list[str], list[str]]:
    yes: list[str] = []
    no: list[str] = []
    current: str | None = None
    counted: list[str] = []
    for i in idxs:
        b = doc.blocks[i]
        if b.kind == BlockKind.table:
            continue
        for line in _circled_lines(b.text):
            if kept := _first_n_kept(line, counted):
                dropped = {fold(c).text for c in counted[kept:]}
                # a candidate listed earlier ("要因：A、B、C、D、E / 以上要因须经真因验证确认") that the
                # verification counts and does not keep is no 要因: the later verdict wins (seen fresh18 z11)
                yes[:] = [c for c in yes if fold(c).text not in dropped]
                yes.extend(counted[:kept])
                no.extend(counted[kept:])  # counted in the verification and not kept
                continue
            counted = _counted_list(line) or counted
            m = _CAUSE_ITEM.match(line)
            if m:
                yes.append(_clean_cause(m.group("c")))
                continue
            if listed := _listed_before_verdict(line) or _listed_after_verb(line):
                yes.extend(listed)
                continue
            m2 = _CAUSE_LIST.search(line)
            if m2 and _SCORING.search(m2.group("l")):
                continue  # "打分法确定要因：每位成员…打1、3、5分" describes a method, not a list
            if m2:
                body = re.sub(r"[（(][^（）()]*[)）]", "", m2.group("l"))  # "（累计83.3%）"
                for part in re.split(r"[、，,；;]|\s{2,}|\d[.、]", body):
                    c = _clean_cause(part)
                    if 1 < len(c) <= 25 and not re.fullmatch(r"[\d.、分]+", c):
                        yes.append(c)
                continue
            m3 = _END_CAUSE.match(line)
            if not m3 and current is None and (named := _named_verdict(line)):
                (yes if named[1] else no).append(_clean_cause(named[0]))
                continue
            said = line
            if m3:
                cause = _LABEL_CAUSE.split(m3.group("c"), maxsplit=1)[0]
                if len(cause) <= 20 and not re.search(r"[，,]", cause) and not _NOT_CAUSE.match(cause):
                    current = _clean_cause(cause)
                    said = m3.group("c")[len(cause) :]
                elif len(m3.group("c")) <= 30 and not _NOT_CAUSE.match(m3.group("c")):
                    current = _clean_cause(m3.group("c"))
            if current:
                v = verdict_of(said)
                if v is None:  # "结论：是 / 否" with no cause word
                    v = False if _VERDICT_NO.search(said) else True if _VERDICT_YES.search(said) else None
                if v is not None:
                    (yes if v else no).append(current)
                    current = None
    return yes, no


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for c in items:
        k = fold(c).text
        if k and k not in seen:
            seen[k] = c
    return list(seen.values())


class CauseReading(NamedTuple):
    """What the main_causes step judges, read once: (要因, 非要因) as `cause_verdicts` gives them; whether
    the 要因 are only a scoring table's shortlist (`scored_only`: no verification line or table named its
    真因 in words the reader knows); and the 非要因 only a scoring table left out (`scored_out`: no
    verification table or line judged them, so "非要因" is the vote of a pre-selection, not a finding of fact)."""

    yes: list[str]
    no: list[str]
    scored_only: bool
    scored_out: list[str]


def read_causes(doc: Document, block_steps: list[str | None]) -> CauseReading:
    """The main_causes step's verdicts (`CauseReading`): its tables and its text each read once."""
    idxs = [i for i, s in enumerate(block_steps[: len(doc.blocks)]) if s == CAUSE_STEP]
    ty, tn, scored, out = _table_verdicts(doc, idxs)
    xy, xn = _causes_from_text(doc, idxs)
    yes = _dedupe(ty + xy + ([] if ty or xy else scored))
    if (summary := counted_summary(doc, idxs)) is not None and len(yes) > len(summary):
        yes = summary  # the same 要因 read twice, in the verdict lines' words and in the summary's
    yes_keys = {fold(c).text for c in yes}
    no = [c for c in _dedupe(tn + xn) if fold(c).text not in yes_keys]
    verified = Counter(fold(c).text for c in tn + xn) - Counter(fold(c).text for c in out)
    scored_out = [c for c in _dedupe(out) if not verified[fold(c).text]]
    return CauseReading(yes, no, bool(scored) and not ty and not xy, scored_out)


def cause_verdicts(doc: Document, block_steps: list[str | None]) -> tuple[list[str], list[str]]:
    """(要因, 非要因) as judged in the main_causes step: 要因确认表 rows with a 结论/判定 column, the
    "要因一：…" lists and "末端因素N：… 结论：要因/非要因" paragraphs. The 要因 of a scoring table
    (品管圈 要因评价) are candidates: where the step goes on to a verification that names its 真因, those
    are the 要因; otherwise the scored ones are."""
    reading = read_causes(doc, block_steps)
    return reading.yes, reading.no


def scoring_shortlist(doc: Document, idxs: list[int]) -> tuple[list[str], set[int]]:
    """The 要因 a scoring table (品管圈 要因评价: a 得分/总分 column and a 判定 column) keeps among the blocks
    `idxs`, and the indices of those scoring tables: the shortlist a later 真因验证 keeps, rejects or sets aside."""
    kept: list[str] = []
    tables: set[int] = set()
    for i in idxs:
        if (t := doc.blocks[i].table) is None or t.n_rows < 2:
            continue
        grid = t.filled_grid()
        cols = _confirm_columns([fold(c).text for c in grid[0]])
        if cols is None or not cols[2]:
            continue
        tables.add(i)
        cause_col, verdict_col, _ = cols
        kept += [c for r in grid[1:] if _verdict(r[verdict_col]) and (c := _clean_cause(r[cause_col]))]
    return _dedupe(kept), tables


def confirmed_causes(doc: Document, block_steps: list[str | None]) -> list[str]:
    return cause_verdicts(doc, block_steps)[0]


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


def cause_matches(cause: str, text: str) -> bool:
    """True when a 对策表 row's 要因/对策 text refers to the cause."""
    c, t = fold(cause).text, fold(text).text
    if not c or not t:
        return False
    if c in t or (len(t) >= 3 and t in c):
        return True
    cb = _bigrams(c)
    return len(cb & _bigrams(t)) / len(cb) >= 0.6


def cause_object(cause: str) -> str:
    """The object a cause speaks of, its words of lack taken off (`verdicts.yaml` lack_words): "无合适的留置针
    保护套" → "留置针保护套", "扭矩扳手未定期校验" → "扭矩扳手定期校验"; "" where too little is left to name it."""
    rest = re.sub(_verdict_words()["lack_words"], "", fold(cause).text)
    return rest if len(rest) >= int(_verdict_words()["object_min_chars"]) else ""


def names_object(cause: str, text: str) -> bool:
    """True when the text writes out the cause's object whole ("配置卡通留置针保护套" names 无合适的留置针保护套's
    留置针保护套): the way a 对策 row with no 要因 column says which cause it answers."""
    obj = cause_object(cause)
    return bool(obj) and obj in fold(text).text


_CAUSE_REF = re.compile(rf"^(?:要因|主要原因|真因|原因)({_NUM})$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


_REF_LIST = re.compile(
    rf"^(?:要因|主要原因|真因|原因)?\s*({_NUM}(?:\s*(?:、|,|和|及|与|/|~|-|—|–|至|到)\s*(?:要因|真因|原因)?{_NUM})+)$"
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def ref_indices(text: str) -> list[int]:
    """The 要因 a 对策表 cause cell cites by number, two or more ("要因3、4", "要因③④", "真因1~3", "原因(2)(3)":
    one 对策 for several 要因); [] where the cell is not such a list. A range gives every number in it."""
    spaced = "".join(f"、{_CIRCLED.index(ch) + 1}" if ch in _CIRCLED else ch for ch in text)
    t = re.sub(r"[()（）\s]+", "、", normalize(spaced)).strip("、")
    t = re.sub(r"^((?:要因|主要原因|真因|原因))、", r"\1", t)
    m = _REF_LIST.match(t)
    if not m:
        return []
    out: list[int] = []
    for a, sep, b in re.findall(rf"({_NUM})(?=(\s*(?:~|-|—|–|至|到)\s*(?:要因|真因|原因)?({_NUM}))?)", m.group(1)):
        lo = int(a) if a.isdigit() else _CN_DIGITS.get(a, 0)
        hi = (int(b) if b.isdigit() else _CN_DIGITS.get(b, 0)) if sep else lo
        out += [k for k in range(lo, min(hi, lo + 20) + 1) if k not in out]
    return out if len(out) >= 2 else []


def ref_index(text: str) -> int | None:
    m = _CAUSE_REF.match(fold(text).text)
    if not m:
        return None
    g = m.group(1)
    return int(g) if g.isdigit() else _CN_DIGITS.get(g)
