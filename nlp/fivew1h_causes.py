"""The 要因 judged in the 确定主要原因 step, and matching them to 对策表 rows (rule P1).

Sources, all inside the main_causes step: 要因确认表 rows with a 结论/判定 column (要因/是 vs 非要因/否),
"要因一：…" items, "找出主要原因N条：①…；②…" lists, and "末端因素N：… 结论：要因/非要因" paragraphs.
A sentence that describes a scoring method ("打分法确定要因：每位成员…") is not a list. `nlp.fivew1h`
re-exports `cause_verdicts`, `confirmed_causes` and `cause_matches`.
"""

from __future__ import annotations

import re

from ingest.model import BlockKind, Document

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
_END_CAUSE = re.compile(rf"^\s*(?:末端(?:因素|原因)|确认|原因|因素){_NUM}?\s*[：:、.．]\s*(?P<c>.+)$")
_VERDICT_YES = re.compile(
    r"(?:结论|判定|确认结果|判断|确认|确定)[^。\n]{0,6}[：:]?\s*(?:是要因|为要因|要因|是主要原因|主要原因|是(?!否))(?![^。\n]{0,2}非)"
)
_VERDICT_NO = re.compile(r"非要因|不是要因|非主要原因|不是主要原因|(?:结论|判定)[：:]\s*否")
# "操作工质量意识不强：A、B班…无差异——非要因": the cause named before its evidence, the verdict after a
# dash or arrow at the line's end, with no "末端原因N" before it (seen fresh5 j30); the evidence holds no
# other verdict (a PDF line may join two causes: "…——要因 车间昼夜温差大：…——非要因", seen fresh3 h54)
_NAMED_NO = re.compile(
    r"^\s*(?P<c>[^：:。；;\n]{2,20})[：:](?:(?!要因|真因|主要原因).)*"
    r"(?:[—–－]{1,2}|→)\s*(?:非要因|不是要因|非主要原因|非真因|不是真因)\s*[。.]?\s*$"
)
# "3．起升减速段参数设置过短：…实测…，要因。" / "1．新司机操作不熟练：…无明显差异，非要因。": a numbered
# cause named before its evidence, its verdict the line's last clause (seen fresh6 k38); the evidence holds
# no verdict word of its own
_NAMED_VERDICT = re.compile(
    r"^\s*(?:[（(]?\d{1,2}[)）.、]\s*)(?P<c>[^：:。；;,，\n]{2,20})[：:](?:(?!要因|真因|主要原因).)*"
    r"(?:[,，;；。]|[—–－]{1,2}|→)\s*(?:(?:结论|判定)[：:]?\s*)?(?:确定|判定)?(?:为|是)?\s*"
    r"(?P<v>非要因|不是要因|非主要原因|非真因|不是真因|要因|主要原因|真因)\s*[。.]?\s*$"
)
_LEAD = re.compile(
    rf"^\s*(?:[{_CIRCLED}]\s*|[（(]?{_NUM}[)）、.．:：]\s*|(?:要因|主要原因|真因|末端因素|末端原因|原因|因素){_NUM}\s*[：:、.．]?\s*)"
)
_TRAIL = re.compile(r"[（(](?:要因|非要因|是|否)[)）]\s*$|[。；;，,]+$")

_SCORING = re.compile(r"打分|评分|得分|表决|投票|每位|每人|分值")
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


def _clean_cause(text: str) -> str:
    t = normalize(text).strip()
    t = _LEAD.sub("", t, count=1)
    t = _TRAIL.sub("", t).strip()
    return t


def _verdict(cell: str) -> bool | None:
    f = fold(cell).text
    if not f:
        return None
    if any(w in f for w in ("非要因", "不是要因", "非主要原因", "否", "非")) or f in {"×", "x"}:
        return False
    if "要因" in f or "主要原因" in f or f in {"是", "√", "✓", "✔", "y", "yes", "确认"}:
        return True
    return None


def _is_scoring(head: list[str]) -> bool:
    """A 要因评价表: the 要因 column is decided by a score (得分/评分 column), not by a verification."""
    return any(_SCORING.search(h) for h in head)


def _causes_from_tables(doc: Document, idxs: list[int]) -> tuple[list[str], list[str], list[str]]:
    """(要因, 非要因, 要因 of scoring tables only: candidates for a later 真因验证)."""
    yes: list[str] = []
    no: list[str] = []
    scored: list[str] = []
    for i in idxs:
        t = doc.blocks[i].table
        if t is None or t.n_rows < 2:
            continue
        grid = t.filled_grid()
        head = [fold(c).text for c in grid[0]]
        cause_col = next((j for j, h in enumerate(head) if any(h.startswith(fold(k).text) for k in _CONFIRM_COL)), None)
        verdict_col = next(
            (j for j in range(len(head) - 1, -1, -1) if any(fold(k).text in head[j] for k in _VERDICT_COL)), None
        )
        if cause_col is None or verdict_col is None or cause_col == verdict_col:
            continue
        by_score = _is_scoring(head)
        for row in grid[1:]:
            cause = _clean_cause(row[cause_col])
            v = _verdict(row[verdict_col])
            if not cause or v is None:
                continue
            (scored if v and by_score else yes if v else no).append(cause)
    return yes, no, scored


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


def _causes_from_text(doc: Document, idxs: list[int]) -> tuple[list[str], list[str]]:
    yes: list[str] = []
    no: list[str] = []
    current: str | None = None
    for i in idxs:
        b = doc.blocks[i]
        if b.kind == BlockKind.table:
            continue
        # ①②③ would become digits under NFKC: turn them into list separators first
        text = b.text.translate({ord(c): "；" for c in _CIRCLED})
        for line in normalize(text).split("\n"):
            m = _CAUSE_ITEM.match(line)
            if m:
                yes.append(_clean_cause(m.group("c")))
                continue
            if listed := _listed_before_verdict(line):
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
            if not m3 and current is None and (m4 := _NAMED_NO.match(line)):
                no.append(_clean_cause(m4.group("c")))
                continue
            if not m3 and current is None and (m5 := _NAMED_VERDICT.match(line)):
                rejected = m5.group("v").startswith(("非", "不是"))
                (no if rejected else yes).append(_clean_cause(m5.group("c")))
                continue
            if m3 and len(m3.group("c")) <= 30:
                current = _clean_cause(m3.group("c"))
            if current:
                if _VERDICT_NO.search(line):
                    no.append(current)
                    current = None
                elif _VERDICT_YES.search(line):
                    yes.append(current)
                    current = None
    return yes, no


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for c in items:
        k = fold(c).text
        if k and k not in seen:
            seen[k] = c
    return list(seen.values())


def cause_verdicts(doc: Document, block_steps: list[str | None]) -> tuple[list[str], list[str]]:
    """(要因, 非要因) as judged in the main_causes step: 要因确认表 rows with a 结论/判定 column, the
    "要因一：…" lists and "末端因素N：… 结论：要因/非要因" paragraphs. The 要因 of a scoring table
    (品管圈 要因评价) are candidates: where the step goes on to a verification that names its 真因, those
    are the 要因; otherwise the scored ones are."""
    idxs = [i for i, s in enumerate(block_steps[: len(doc.blocks)]) if s == CAUSE_STEP]
    ty, tn, scored = _causes_from_tables(doc, idxs)
    xy, xn = _causes_from_text(doc, idxs)
    yes = _dedupe(ty + xy + ([] if ty or xy else scored))
    yes_keys = {fold(c).text for c in yes}
    no = [c for c in _dedupe(tn + xn) if fold(c).text not in yes_keys]
    return yes, no


def scored_only(doc: Document, block_steps: list[str | None]) -> bool:
    """The 要因 read are only the shortlist of a scoring table (品管圈 要因评价): no verification line or
    table named its 真因 in words the reader knows."""
    idxs = [i for i, s in enumerate(block_steps[: len(doc.blocks)]) if s == CAUSE_STEP]
    ty, _tn, scored = _causes_from_tables(doc, idxs)
    xy, _xn = _causes_from_text(doc, idxs)
    return bool(scored) and not ty and not xy


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


_CAUSE_REF = re.compile(rf"^(?:要因|主要原因|真因|原因)({_NUM})$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def ref_index(text: str) -> int | None:
    m = _CAUSE_REF.match(fold(text).text)
    if not m:
        return None
    g = m.group(1)
    return int(g) if g.isdigit() else _CN_DIGITS.get(g)
