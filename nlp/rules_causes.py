"""Counting the 末端原因 of 原因分析 and the confirmations of 确定主要原因 (rules K2, K3): the table and
enumeration grammar these rules read."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import NamedTuple

from ingest.model import Block, FigureKind

from .continued import continued_tables as shared_continued
from .fivew1h_causes import scoring_shortlist
from .normalize import cn_int, normalize
from .registry import CheckContext, RuleSpec
from .rulebook import shared
from .sections import count_numbers

# a cause confirmed in prose, named in quotes after its label: "末端原因“矫直温度落入脆性区”：…"
_PROSE_CAUSE = re.compile(
    r"(?:末端(?:原因|因素)|要因|确认[一二三四五六七八九十\d]*)\s*[:：]?\s*[“\"]([^”\"]{3,24})[”\"]\s*[:：]"
)
_NUMBERED_CAUSE = re.compile(r"(?m)^\s*\d{1,2}\s*[．.、]\s*([^：:\n\d]{3,24})[：:]")
_OWN_VERDICT = re.compile(r"(?:结论|判定)\s*[:：]\s*(?:非|不是)?(?:要因|真因)|[—－-]{1,2}\s*(?:非|不是)?(?:要因|真因)")
# an unnumbered cause given its own verdict on its line, the table's rows continued as text on the next
# slide ("卡箍钳气压不稳：实测气压0.42～0.61MPa…7.2%…——要因", seen fresh7 m43)
_VERDICT_LINE = re.compile(
    r"(?m)^\s*([^：:\n\d，,。；;]{3,24})[：:][^\n]*?"
    r"(?:[—－-]{1,2}|(?:结论|判定)\s*[:：])\s*(?:非|不是)?(?:要因|真因|根因|主因)[。.]?\s*$"
)
# a verdict that closes one cause with the next cause's "name：" run on after it on the same line: a PDF's
# text layer joined two bullets ("…其余0.41%——要因通信区长度不足：实测…——要因", seen fresh12 r26)
_VERDICT_RUN_ON = re.compile(
    r"((?:[—－-]{1,2}|(?:结论|判定)\s*[:：])\s*(?:非|不是)?(?:要因|真因|根因|主因)[。.]?)"
    r"[ \t]*(?=[^：:\n\d，,。；;]{3,24}[：:])"
)
# a clause of 确定主要原因 closed by its own verdict after the data it measured ("导丝器：抽查64只，磨损沟槽超标
# 19只…，为要因", "侧吹风温度记录20±0.4℃，非要因", seen fresh15 v42): one cause confirmed in prose — not a
# count or a lump ("其中2条为要因", "以上均为非要因"), not a clause with no figure ("综上，A为要因")
_CLAUSE_VERDICT = re.compile(
    r"[，,]\s*(?:[^，,]{0,12}?(?:为|是|属于?|确认为|判定为|判为))?\s*(?:非|不是|不属于?)?(?:要因|真因|主因|根因)[。.！!]?\s*$"
)
_CLAUSE_LUMP = re.compile(r"\d+\s*[条项个]|[一二三四五六七八九十两]\s*[条项个]|均|都|以上|上述|其余|其他|全部|综上")
_CONFIRM_PART = re.compile(
    r"(?:确认|末端(?:因素|原因)|要因确认)\s*[（(]?\s*([\d一二三四五六七八九十]+)\s*[)）]?\s*[:：、.]"
)


def bigram_overlap(a: str, b: str) -> float:
    """Share of the character bigrams of `a` (word characters only) found in `b`."""
    ga = _bigrams(a)
    return len(ga & _bigrams(b)) / len(ga) if ga else 0.0


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"\W", "", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def step_tables(ctx: CheckContext, step: str, min_rows: int) -> Iterator[tuple[Block, list[list[str]], list[str]]]:
    """The tables of `step` with at least `min_rows` rows: (block, filled grid, normalised header row); an
    OCR'd table whose header band was read into its first row comes with the header split off."""
    for _i, b in ctx.blocks(step):
        if b.table is None or b.table.n_rows < min_rows:
            continue
        grid = b.table.filled_grid()
        picture = b.source.part == "ocr" or (b.figure is not None and b.figure.kind == FigureKind.table)
        if picture and (split := fused_header(grid)) is not None:
            grid = split
        yield b, grid, [normalize(h) for h in grid[0]]


def fused_header(grid: list[list[str]]) -> list[list[str]] | None:
    """A picture table whose header band OCR read into the first row, each column word run into its first
    value ("末端原因新司机操作经验不足 | 确认方法数据对比 | … | 结论非要因", seen fresh10 p25): the grid with the
    column words (`table_head`) as a row of their own above the values. Only where most cells of the first
    row, and at least three, begin with a column word and go on with a value, and none is a column word
    alone (a header row read right), and where one such value recurs in its column below ("非要因", "数据对比"),
    so a header worded at length ("确认方法说明") is not split."""
    rx = shared("table_head")
    head: list[str] = []
    first: list[str] = []
    for cell in grid[0]:
        t = normalize(cell).strip()
        m = rx.match(t)
        if m and not t[m.end() :].strip("：:（）() "):
            return None
        head.append(m.group(0) if m else "")
        first.append(t[m.end() :].lstrip("：: ") if m else cell)
    fused = sum(1 for h in head if h)
    filled = sum(1 for c in grid[0] if c.strip())
    if fused < 3 or 2 * fused < filled:
        return None
    below = [{normalize(r[j]).strip() for r in grid[1:] if j < len(r)} for j in range(len(first))]
    if not any(h and first[j].strip() in below[j] for j, h in enumerate(head)):
        return None
    return [head, first, *grid[1:]]


def continued_tables(
    ctx: CheckContext, step: str, min_rows: int, is_head: re.Pattern[str]
) -> Iterator[tuple[Block, list[list[str]], list[str]]]:
    """`step_tables` of at least `min_rows` rows with a header (a header word of `is_head` or a cause column),
    and a table continued on the next page without its header row (as many columns) read under the header of
    the table before it ("6 | 液硫池废气… | 要因" on the page after "序号 | 末端原因 | … | 确认情况 | 结论", seen
    fresh10 p06), less the tails of cells wrapped over the break (`nlp.continued`)."""
    found = list(step_tables(ctx, step, 1))
    by_index = {id(b): (b, grid, head) for b, grid, head in found}

    def headed(first: list[str]) -> bool:
        head = [normalize(h) for h in first]
        return any(is_head.search(h) for h in head) or cause_column(head) is not None

    for read in shared_continued([(id(b), b.source.page, grid) for b, grid, _h in found], headed):
        b, grid, head = by_index[read.block]
        if read.continued:
            yield b, [[normalize(h) for h in read.header], *read.rows], [normalize(h) for h in read.header]
        elif len(grid) >= min_rows:
            yield b, grid, head


def cause_column(head: list[str]) -> int | None:
    """The column of a 要因确认 table that names the cause (末端原因/原因/因素, not a 确认… column)."""
    return next((k for k, h in enumerate(head) if re.search(r"末端|原因|因素", h) and "确认" not in h), None)


def _end_column_values(ctx: CheckContext) -> tuple[set[str], set[int]]:
    """The values of a 末端 column across the 原因分析 tables, and their pages."""
    names: set[str] = set()
    pages: set[int] = set()
    for _i, b in ctx.blocks("cause_analysis"):
        if b.table is None:
            continue
        grid = b.table.filled_grid()
        for c in range(b.table.n_cols):
            head = normalize(grid[0][c]) if grid else ""
            if "末端" in head:
                vals = {normalize(grid[r][c]).strip() for r in range(1, len(grid)) if grid[r][c].strip()}
                vals.discard(head.strip())
                if vals:
                    names |= vals
                    pages.add(b.source.page)
    return names, pages


def count_end_causes(ctx: CheckContext, rule: RuleSpec) -> tuple[int, list[int]]:
    """Number of 末端原因 listed in 原因分析: the values of a 末端 column across the step's tables
    (a table split over slides counts once), else an enumerated list or "共找出末端原因N条"."""
    names, table_pages = _end_column_values(ctx)
    best = 0
    pages: list[int] = []
    for i, b in ctx.blocks("cause_analysis"):
        if b.table is not None:
            continue
        t = ctx.normalized[i]
        m = rule.rx("end_list").search(t)
        if m:
            items = [x for x in re.split(r"[、；;，,]|\s+\d+[.、)）]", m.group(1)) if len(x.strip()) >= 2]
            if len(items) > best:
                best, pages = len(items), [b.source.page]
        m2 = rule.rx("end_count").search(t)
        if m2 and "末端" in t:
            n = cn_int(m2.group(1))
            if n > best:
                best, pages = n, [b.source.page]
    if len(names) >= best:
        return len(names), sorted(table_pages)
    return best, pages


_DIAGRAM_NAME = re.compile(r"(?:的)?(?:原因分析)?(?:因果图|鱼骨图|鱼刺图|要因图)?$")


def diagram_causes(ctx: CheckContext, rule: RuleSpec) -> tuple[list[str], list[int]]:
    """The cause lines of the 因果图 pictures of 原因分析 (OCR'd): no bone (人/机/料…), no caption
    ("…原因分析", "…鱼骨图"), not the head (the effect a caption names), at least `cause_min_chars`
    Chinese characters."""
    lines: list[str] = []
    pages: list[int] = []
    for causes, _head_seen, page in diagram_pictures(ctx, rule):
        lines += causes
        pages += [page] * len(causes)
    return list(dict.fromkeys(lines)), sorted(set(pages))


def diagram_pictures(ctx: CheckContext, rule: RuleSpec) -> list[tuple[list[str], bool, int]]:
    """Each 因果图 picture of 原因分析: its cause lines, whether a line was read as its head (the effect its
    caption names) and its page."""
    found: list[tuple[list[str], bool, int]] = []
    for i, b in ctx.blocks("cause_analysis"):
        if b.figure is None or b.figure.kind != FigureKind.cause_effect:
            continue
        text = [ln.strip() for ln in ctx.normalized[i].split("\n") if ln.strip()]
        captions = [normalize(b.figure.title or "")] + [
            ln for ln in text if re.search(r"(?:原因分析|因果图|鱼骨图|鱼刺图|要因图)$", ln)
        ]
        heads = [h for c in captions if len(h := _DIAGRAM_NAME.sub("", c)) >= 2]
        lines: list[str] = []
        head_seen = False
        for ln in text:
            han = re.sub(r"[^\u4e00-\u9fff]", "", ln)
            if len(han) < rule.int("cause_min_chars") or rule.rx("bone").search(ln) or ln in captions:
                continue
            if any(h in ln or bigram_overlap(ln, h) >= 0.6 or bigram_overlap(h, ln) >= 0.6 for h in heads):
                head_seen = True
                continue  # the effect at the diagram's head
            lines.append(ln)
        found.append((lines, head_seen, b.source.page))
    return found


def headless_only(ctx: CheckContext, rule: RuleSpec, dropped: list[str]) -> bool:
    """Every cause `dropped` is the one line left of a 因果图 picture whose head no line was read as (its
    caption names the problem otherwise: "候诊时间长原因鱼骨图" around the head "医生晚开诊及患者集中到达", seen
    fresh15 v40): a diagram has one head, and the line left may be it rather than a cause."""
    pictures = diagram_pictures(ctx, rule)
    for cause in dropped:
        own = [(lines, seen) for lines, seen, _p in pictures if cause in lines]
        if not own or any(seen or sum(1 for c in dropped if c in lines) > 1 for lines, seen in own):
            return False
    return True


def char_share(a: str, b: str) -> float:
    """Share of the Chinese characters of `a` found in `b` (a cause shortened on a chart label:
    "药师术后未及时审核" → "药师未审核")."""
    ca = re.findall(r"[\u4e00-\u9fff]", a)
    return sum(1 for c in ca if c in b) / len(ca) if ca else 0.0


def _spoken_of(cause: str, lines: list[str], quoted: list[str], share: float) -> bool:
    """A line of 确定主要原因 speaks of the cause: most of its bigrams, most of its characters in one
    line, or a short quote of it ("“两栋楼”为建筑条件，不作为对策对象")."""
    if any(len(q) >= 3 and q in cause for q in quoted):
        return True
    return bigram_overlap(cause, "\n".join(lines)) >= share or any(char_share(cause, ln) >= share for ln in lines)


def _worded_otherwise(dropped: list[str], causes: list[str], names: set[str], share: float) -> list[str]:
    """The dropped causes left once a confirmation row that speaks of no other cause of the diagram is
    paired with the one holding most of its name: the table words the cause otherwise, or shorter
    ("非原厂门锁" for the diagram's "更换的门锁为非原厂件", seen fresh8 n46)."""
    kept = [c for c in causes if c not in dropped]
    spare = [n for n in names if not any(max(bigram_overlap(n, c), bigram_overlap(c, n)) >= share for c in kept)]
    left = list(dropped)
    for n in spare:
        best = max(left, key=lambda c: bigram_overlap(n, c), default=None)
        if best is not None and bigram_overlap(n, best) >= share:
            left.remove(best)
    return left


def unconfirmed_in_diagram(ctx: CheckContext, rule: RuleSpec) -> tuple[list[str], list[int]]:
    """The causes a 因果图 picture names that no line of 确定主要原因 speaks of, where the picture is a
    one-level list of the confirmed causes (most of its causes confirmed, at least `named_min_confirmed`):
    the causes dropped silently."""
    names = _confirmed_names(ctx)
    if not names:
        return [], []  # confirmations in prose may name a cause in a word of their own ("换刀：…")
    text = ctx.text("main_causes")
    if any(2 <= cn_int(m.group(1)) <= len(names) for m in rule.rx("confirm_count").finditer(text)):
        return [], []  # "对7项末端原因逐项调查" and 7 rows: the document's own count is confirmed
    causes, pages = diagram_causes(ctx, rule)
    counted = [cn_int(m.group(1)) for m in rule.rx("confirm_count").finditer(text)]
    if rule.rx("selected").search(text) and any(n >= len(causes) for n in counted):
        # "对8个末端原因打分排序，取前4项验证": every cause was ranked and the verified ones chosen openly
        return [], []
    lines = [ln for t in text.split("\n") for ln in re.split(r"[、，,；;]", t) if ln.strip()]
    quoted = [q.strip() for q in re.findall(r"[“\"‘']([^”\"’']{2,16})[”\"’']", text)]
    share = float(rule.params["confirmed_overlap"])
    dropped = _worded_otherwise([c for c in causes if not _spoken_of(c, lines, quoted, share)], causes, names, share)
    kept = len(causes) - len(dropped)
    # every cause checked came out a 要因, none rejected, none chosen by a scoring: the causes verified were
    # picked before the verification without a word, whatever share of the diagram they are (seen fresh5
    # j46: "对以下3项进行现场测量验证", three 根因 of a nine-cause 鱼骨图); otherwise a diagram with more causes
    # dropped than kept may be read at its intermediate levels too
    picked = not rule.rx("rejected_any").search(text) and not rule.rx("selected").search(text)
    if not dropped or kept < rule.int("named_min_confirmed"):
        return [], []
    if kept < rule.int("named_ratio") * len(dropped) and not picked:
        return [], []
    return dropped, sorted(set(pages) | set(ctx.pages("main_causes")))


def dropped_from_shortlist(ctx: CheckContext, rule: RuleSpec) -> tuple[list[str], list[int]]:
    """The 要因 a scoring table (要因评价) kept that nothing after it speaks of, where what follows is a 真因验证
    that verifies some of that shortlist by name: the causes kept by the scoring and then dropped silently
    (seen fresh14 u56: four 要因 scored, two verified, two gone). Not on a scan (a misread name reads as
    dropped), nor beside a chart or picture of the verification, nor where causes are set aside or merged."""
    blocks = ctx.blocks("main_causes")
    if any(b.ocr_score is not None for _i, b in blocks):
        return [], []
    shortlist, tables = scoring_shortlist(ctx.doc, [i for i, _b in blocks])
    if any(b.chart is not None or b.figure is not None for i, b in blocks if i not in tables):
        # a verification drawn as a chart or picture (a 柏拉图 of attributed cases, seen fresh13 s13): its bars
        # may shorten the names or merge the small ones into 其他 — what it left out is not read
        return [], []
    rest = [ctx.normalized[i] for i, _b in blocks if i not in tables]
    text = "\n".join(rest)
    if len(shortlist) < 2 or not rule.rx("verified").search(text) or rule.rx("set_aside").search(text):
        return [], []
    if rule.rx("merged_other").search(text):
        return [], []  # "其他" in the verification: the causes it did not name may be counted there
    if rule.rx("lumped").search(text) or rule.rx("lump_range").search(text):
        return [], []  # causes verified together, by count or range: which ones is not read
    lines = [ln for t in rest for ln in re.split(r"[\n、，,；;]", t) if ln.strip()]
    quoted = [q.strip() for q in re.findall(r"[“\"‘']([^”\"’']{2,16})[”\"’']", text)]
    share = float(rule.params["confirmed_overlap"])
    dropped = [c for c in shortlist if not _spoken_of(c, lines, quoted, share)]
    if not dropped or len(dropped) == len(shortlist):
        return [], []  # none verified by name: the verification may word them otherwise
    return dropped, ctx.pages("main_causes")


def count_confirmed(ctx: CheckContext) -> int:
    """Number of 末端原因 confirmed in 确定主要原因: distinct causes in the rows of the 确认 table(s)
    (a plan table and a result table listing the same causes count once) and those confirmed in prose
    beside them ("末端原因“矫直温度落入脆性区”：红外测温100块…——要因": seen fresh4 i54), else numbered
    确认 parts."""
    names = _confirmed_names(ctx)
    blocks = ctx.blocks("main_causes")
    prose = [
        q
        for k, (i, b) in enumerate(blocks)
        if b.table is None
        for q in [
            *_PROSE_CAUSE.findall(ctx.normalized[i]),
            *_numbered_confirmation(ctx, blocks, k),
            *_VERDICT_LINE.findall(_VERDICT_RUN_ON.sub("\\1\n", ctx.normalized[i])),
        ]
        if not any(bigram_overlap(q, n) >= 0.5 for n in names)
    ]
    prose += [
        head
        for i, b in blocks
        if b.table is None
        for head, clause in verdict_clauses(ctx.normalized[i], names)
        if not any(bigram_overlap(q, clause) >= 0.5 for q in prose)
    ]
    parts = _CONFIRM_PART.findall(ctx.text("main_causes"))
    # a table split over pages loses its header on the continuation: the numbered 确认 parts count too
    # prose alone is no count: "其余5条…均为非要因" confirms five in one line (seen holdout h01)
    return max(len(names) + len(set(prose)) if names else 0, len(set(parts)))


def verdict_clauses(text: str, names: set[str]) -> list[tuple[str, str]]:
    """The clauses of a 确定主要原因 text beside its 确认 table that confirm one cause each with their own
    verdict after measured data, the table's rows continued in prose on the next slide (seen fresh15 v42: four
    rows in a table, four causes in lines "张力传感器：校验24只，误差均≤0.6%，非要因；侧吹风温度记录20±0.4℃，非要因"),
    each with its head (the words before the first "：" or "，") — none that repeats a table row's cause."""
    heads: list[tuple[str, str]] = []
    for clause in re.split(r"[\n；;。]", text):
        m = _CLAUSE_VERDICT.search(clause)
        if not m or _CLAUSE_LUMP.search(m.group(0)) or not re.search(r"\d", clause[: m.start()]):
            continue
        head = re.split(r"[：:，,]", clause.strip(), maxsplit=1)[0].strip()
        if len(head) < 2 or any(bigram_overlap(n, clause) >= 0.5 for n in names):
            continue
        heads.append((head, clause))
    return heads


def _numbered_confirmation(ctx: CheckContext, blocks: list[tuple[int, Block]], k: int) -> list[str]:
    """A numbered cause confirmed in prose with its own verdict, the table's rows continued on the next
    slide ("6．夹套冷却水温波动大：实测水温波动±4.2℃…结论：要因", seen fresh6 k55)."""
    near = "\n".join(ctx.normalized[i] for i, _b in blocks[k : k + 2])
    if not _OWN_VERDICT.search(near):
        return []
    return _NUMBERED_CAUSE.findall(ctx.normalized[blocks[k][0]])


def numbered_confirmations(ctx: CheckContext, rule: RuleSpec) -> set[int]:
    """The 末端原因 numbers that lines of 确定主要原因 open with and close with a verdict ("末端原因1 吊装工未经
    专项培训：…——非要因", "末端原因2、7、8、9：…——非要因", seen fresh16 w01): the causes so confirmed."""
    found: set[int] = set()
    head, verdict = rule.rx("numbered_line"), rule.rx("numbered_verdict")
    for i, b in ctx.blocks("main_causes"):
        if b.table is not None:
            continue
        for line in ctx.normalized[i].splitlines():
            m = head.search(line)
            if m and verdict.search(line[m.end() :]):
                found |= {int(n) for n in re.findall(r"\d+", m.group(1))}
    return found


def set_aside_count(ctx: CheckContext, rule: RuleSpec) -> int:
    """末端原因 set aside openly with a reason, in 原因分析 or 确定主要原因 ("其中“原油品种切换频次高”由公司
    生产计划决定，非小组所能控制，不作为确认对象": seen fresh4 i35) — one per line that says so."""
    lines = re.split(r"[\n。；;]", ctx.text("cause_analysis", "main_causes"))
    return sum(1 for ln in lines if rule.rx("set_aside").search(ln) and rule.rx("set_aside_reason").search(ln))


def lumped_causes(ctx: CheckContext, rule: RuleSpec) -> list[tuple[str, int, int]]:
    """The 末端原因 确定主要原因 confirms as a lump, by count or by a range of numbers, not one by one: a
    table row ("其余4项 | — | ≤15", seen fresh9 o34; "5～8 | 其余末端原因 | … | 非要因") or a line giving them
    one verdict ("其余5条经调查和测量：…——均为非要因", seen holdout h01; "原因⑤—⑧经现场核实均符合标准，为
    非要因"; a bare range "3-5" in a line is a measure, not a lump). Each as (its words, causes lumped, confirmations `count_confirmed` already
    gives it: a table row is one name, a line none)."""
    rest, span = rule.rx("scored_rest"), rule.rx("lump_range")
    found: list[tuple[str, int, int]] = []
    for _b, rows, _head in step_tables(ctx, "main_causes", 2):
        for row in rows[1:]:
            for cell in row[:2]:
                n = _lump_size(normalize(cell).strip(), rest, span, whole=True)
                if n:
                    found.append((normalize(cell).strip(), n, 1))
                    break
    verdict, named = rule.rx("lump_verdict"), _confirmed_names(ctx)
    for i, b in ctx.blocks("main_causes"):
        if b.table is not None:
            continue
        for line in re.split(r"[\n。；;]", ctx.normalized[i]):
            n = _lump_size(line, rule.rx("lumped"), span, whole=False) or _listed_lump(line, rule, named)
            if n and verdict.search(line):
                found.append((line.strip()[:40], n, 0))
    return found


def _listed_lump(line: str, rule: RuleSpec, named: set[str]) -> int:
    """Causes named in a line and then counted back ("冷却液浓度偏低、量具校准超期，以上2条…均为非要因"): the
    count, where the line names at least as many causes before it and none the table already confirms."""
    m = rule.rx("lump_back").search(line)
    if not m:
        return 0
    n = cn_int(m.group(1))
    names = [x for x in re.split(r"[、，,：:]", line[: m.start()]) if len(x.strip()) >= 3]
    if len(names) < n or any(bigram_overlap(x, c) >= 0.5 for x in names for c in named):
        return 0
    return n


def _lump_size(text: str, count: re.Pattern[str], span: re.Pattern[str], whole: bool) -> int:
    """How many causes `text` lumps: a count ("其余4项") or a range of cause numbers ("5～8"); 0 if none.
    `whole`: the cell is the lump itself, not a line that holds one."""
    m = count.fullmatch(text) if whole else count.search(text)
    if m:
        return cn_int(m.group(1))
    m = span.fullmatch(text) if whole else span.search(text)
    if not m or not (whole or m.group("label")):
        return 0
    low, high = (int(g) for g in m.groups()[-2:])
    return high - low + 1 if 2 <= high - low + 1 <= 20 else 0


def _confirmed_names(ctx: CheckContext) -> set[str]:
    """The causes named in the cause column of the 确认 table(s) of 确定主要原因."""
    names: set[str] = set()
    col: int | None = None
    width = 0
    for _b, grid, head in step_tables(ctx, "main_causes", 1):
        found = cause_column(head)
        if found is None and "确认" in " ".join(head):
            found = 1 if len(head) > 1 else 0
        if found is not None:
            col, width, rows = found, len(head), grid[1:]  # every grid row is n_cols wide
        elif col is not None and len(head) == width:
            rows = grid  # the table continued on the next page without its header
        else:
            continue
        for r in rows:
            if col < len(r) and len(normalize(r[col]).strip()) > 1 and any(x.strip() for x in r):
                names.add(normalize(r[col]).strip())
    return names


class Confirmation(NamedTuple):
    """One confirmation of 确定主要原因: its label ("确认三", "第2行"), what it found (the numbered part's
    text, or a result table row's 确认结果/结论 cells), the row's own cause cell and how it was confirmed (the
    row's 确认方法 cells; a numbered part's own text)."""

    label: str
    body: str
    cause: str
    method: str


def confirmation_parts(ctx: CheckContext, rule: RuleSpec) -> list[Confirmation]:
    """Each confirmation: the numbered parts "确认三：…", else the rows of a result table (their 确认结果/结论
    cells, the row's cause cell and its 确认方法 cells) — not of a table rebuilt from a scanned page."""
    text = ctx.text("main_causes")
    labels = list(rule.rx("part_label").finditer(text))
    parts = []
    for k, m in enumerate(labels):
        body = text[m.end() : labels[k + 1].start() if k + 1 < len(labels) else len(text)]
        parts.append(Confirmation(m.group(1), body, "", body))
    if len(parts) >= 2:
        return parts
    parts = []
    for b, grid, head in continued_tables(ctx, "main_causes", 3, rule.rx("result_head")):
        cols = [c for c, h in enumerate(head) if rule.rx("result_head").search(h)]
        if not cols or b.ocr_score is not None:
            # a table rebuilt from a scanned page's lines (it carries their confidence): a row judged by what
            # it lacks needs the row read whole, and a cell's tail may lie over a page break or beside it —
            # its confirmations are judged as the step's text (seen fresh8 n34, n51)
            continue
        verdict = next((c for c, h in enumerate(head) if rule.rx("conclusion_head").search(h)), None)
        cause = cause_column(head)
        ways = [c for c, h in enumerate(head) if rule.rx("method_head").search(h) and c not in cols]
        for r, row in enumerate(grid[1:], start=1):
            # a row concluded 非要因 needs a reason, not a measured impact (it decides nothing)
            if verdict is not None and verdict < len(row) and rule.rx("rejected").search(normalize(row[verdict])):
                continue
            own = normalize(row[cause]) if cause is not None and cause < len(row) else ""
            body = " ".join(normalize(row[c]) for c in cols if c < len(row))
            way = " ".join(normalize(row[c]) for c in ways if c < len(row))
            parts.append(Confirmation(f"第{r}行", body, own, f"{way} {body}"))
    return parts


def rejected_for_no_effect(ctx: CheckContext, rule: RuleSpec) -> str | None:
    """The cause of a 确认 table's row concluded 非要因/否 because it does not move the problem although it is
    there ("塔压降实测4.1kPa，但出口H2S无明显变化 | 否", seen fresh8 n06): the table decides by the effect on the
    problem, not by the standard alone — where its 要因 rows give only the measured value, whether their impact is shown is
    for a reviewer. Its comparison with a standard (`inline_standard`) is no effect."""
    for _b, grid, head in continued_tables(ctx, "main_causes", 3, rule.rx("result_head")):
        cols = [c for c, h in enumerate(head) if rule.rx("result_head").search(h)]
        verdict = next((c for c, h in enumerate(head) if rule.rx("conclusion_head").search(h)), None)
        cause = cause_column(head)
        if not cols or verdict is None:
            continue
        for row in grid[1:]:
            if verdict >= len(row) or not rule.rx("rejected").search(normalize(row[verdict])):
                continue
            raw = " ".join(normalize(row[c]) for c in cols if c < len(row))
            body = rule.rx("inline_standard").sub("，", raw)
            if rule.rx("no_effect").search(body) and rule.rx("cause_present").search(raw):
                return normalize(row[cause]) if cause is not None and cause < len(row) else body[:20]
    return None


def _by_standard(ctx: CheckContext, rule: RuleSpec) -> bool:
    """A 要因确认 table that judges each cause against a standard (a 确认标准 / 要求 column)."""
    return any(
        any(rule.rx("standard_head").search(h) for h in head) for _b, _g, head in step_tables(ctx, "main_causes", 2)
    )


def _common_ending(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def compared_columns(ctx: CheckContext, rule: RuleSpec) -> bool:
    """A 确认 table that gives one measure under two conditions side by side: two columns named for the same
    measure ("存在该原因者合格率 | 不存在者合格率", "有该因素组发生率 | 无该因素组发生率": a common ending of two
    characters or more, units in brackets aside) that both hold figures in at least half its rows — a paired
    comparison, the impact of the cause shown by its table (seen fresh11 q13). Not a column of the standard,
    target or plan against the measured one, nor two dates (`compared_not`)."""
    for _b, grid, head in step_tables(ctx, "main_causes", 3):
        names = [re.sub(r"[（(][^）)]*[）)]|\s", "", h) for h in head]
        rows = grid[1:]
        for a, b in itertools.combinations(range(len(names)), 2):
            if names[a] == names[b] or _common_ending(names[a], names[b]) < 2:
                continue
            if rule.rx("compared_not").search(names[a] + names[b]):
                continue
            both = sum(1 for r in rows if count_numbers(r[a]) and count_numbers(r[b]))
            if both * 2 >= len(rows):
                return True
    return False


# a whole number standing alone (a count, a bar's value), not part of a decimal or a longer figure
_WHOLE_NUMBER = re.compile(r"(?<![\d.])\d{1,5}(?![\d.])")


def _pareto_bars(ctx: CheckContext) -> set[str]:
    """The counts read on a 排列图 picture of 确定主要原因 (the causes' own tally of the problem): a row whose
    figure is one of its bars shows that cause's share of the whole (seen fresh11 q42: "46件" of 123, the
    chart beside the table). Axis ends 0 and 100 aside."""
    out: set[str] = set()
    for i, b in ctx.blocks("main_causes"):
        if b.figure is not None and b.figure.kind == FigureKind.pareto:
            out |= set(_WHOLE_NUMBER.findall(ctx.normalized[i]))
    return out - {"0", "100"}


class WeakRows(NamedTuple):
    """The confirmations that show no impact, when they are at least half of them: `judged` ones judge the
    cause against a standard (or give no measured value), `measured` ones give a value measured by a
    measurement or trial with no verdict against a standard — whether that value bears on the 症结 is for a
    reviewer."""

    judged: list[str]
    measured: list[str]
    total: int


def measured_only(part: Confirmation, rule: RuleSpec) -> bool:
    """A confirmation that measures its cause and states no verdict against a standard: a measurement or trial
    (`measure_way`, in its 确认方法 or its own words) gives a value with its unit of measure (`measured_value`:
    "强度28.6—34.2MPa", "偏差最大14mm", "水解率仅71%～76%"; a count of items "40台有21台" is none), and the row
    says nothing of 符合/不符合/超标… (`standard_only`, `inline_standard`, `standard_gap`, `verdict_more`) —
    the figures are data on the cause, not a judgement against the standard only (fresh13 s06 s45 s63,
    fresh12 r42: writers who confirm so write no K3)."""
    body = part.body
    if any(rule.rx(w).search(body) for w in ("standard_only", "inline_standard", "standard_gap", "verdict_more")):
        return False
    return bool(rule.rx("measure_way").search(part.method) and rule.rx("measured_value").search(body))


def weak_confirmations(ctx: CheckContext, rule: RuleSpec, topic: list[str]) -> WeakRows:
    """The confirmations that give neither a number nor an impact on the 问题/症结 — when they are at
    least half of them. Where the table judges each cause against a standard, a number alone is that
    judgement ("抽查40台有21台龟裂"): the row must speak of the problem or the 症结 (`topic`: the
    课题名称 and the 症结 — the phrase whole, or `topic_bigrams` of its bigrams outside the words of the
    row's own cause) or show an impact (seen fresh3 h32). A row that states its standard itself ("实际内回流比150%，
    低于设计值200%", "超过规程要求≤0.5mg/L", seen fresh10 p26) is such a judgement too, and its comparison with the
    standard (`inline_standard`) is no impact. One bigram is no such sign: "用千分表测量6台压接机"
    names the machine, "只规定一个压接高度范围" repeats its cause "压接高度参数未按线径分档" (seen fresh5 j26,
    every row judged 符合/不符合 its standard). A weak row that measures its cause with no verdict
    (`measured_only`) is set apart: it may be read for the 症结 by a reviewer."""
    parts = confirmation_parts(ctx, rule)
    if len(parts) < 2:
        return WeakRows([], [], len(parts))
    impact, need = rule.rx("impact"), rule.int("weak_min_numbers")
    phrases = [p for t in topic if len(p := re.sub(r"\W", "", rule.rx("topic_verb").sub("", t))) >= 2]
    grams = set().union(*(_bigrams(p) for p in phrases)) if phrases else set()
    by_standard, bars = _by_standard(ctx, rule), _pareto_bars(ctx)

    def weak(body: str, own: str) -> bool:
        standard = rule.rx("inline_standard")
        inline = standard.search(body)
        body = standard.sub("，", body)
        if impact.search(body) or set(_WHOLE_NUMBER.findall(body)) & bars:
            return False
        if (by_standard or inline) and grams:
            if any(p in re.sub(r"\W", "", body) for p in phrases):
                return False
            return len((_bigrams(body) - _bigrams(own)) & grams) < rule.int("topic_bigrams")
        return count_numbers(body) < need

    out = [p for p in parts if weak(p.body, p.cause)]
    if len(out) * 2 < len(parts):
        return WeakRows([], [], len(parts))
    by_measure = [measured_only(p, rule) for p in out]
    return WeakRows(
        [p.label for p, m in zip(out, by_measure, strict=True) if not m],
        [p.label for p, m in zip(out, by_measure, strict=True) if m],
        len(parts),
    )


# ------------------------------------------------------------------------------ K4: dates of a confirmation


Day = tuple[int, int, int]


def _dates(text: str, rule: RuleSpec, year: int | None = None) -> list[tuple[Day, bool]]:
    """The dates of a cell, in order, as ((year, month, day), day_known): "2024.5.20", "2024年5月20日",
    "6月12日", "2024.6.10—6.30" (the second date takes the first one's year)."""
    out: list[tuple[Day, bool]] = []
    for m in rule.rx("date").finditer(text):
        y = int(m.group("y")) if m.group("y") else year
        mo, d = int(m.group("m") or m.group("m2")), m.group("d") or m.group("d2")
        if y is None or not 1 <= mo <= 12:
            continue
        out.append(((y, mo, int(d) if d else 0), bool(d)))
        year = y
    return out


def _plan_dates(ctx: CheckContext, rule: RuleSpec) -> list[tuple[int, str, str, Day, bool]]:
    """(row number, 要因, 时间 cell, its first date, whether that date starts a range) of each 对策表 row."""
    out = []
    for k, row in enumerate(ctx.analysis.fivew1h.details, start=1):
        cause, when = row.cells.get("cause", ""), row.cells.get("when", "")
        found = _dates(normalize(when), rule)
        if cause and found:
            out.append((k, normalize(cause), when, found[0][0], bool(rule.rx("range").search(normalize(when)))))
    return out


def _implement_starts(ctx: CheckContext, rule: RuleSpec, year: int) -> dict[int, tuple[Day, str]]:
    """The first date of each numbered part of 对策实施 ("对策一：10月起分批更换…"), by its number."""
    out: dict[int, tuple[Day, str]] = {}
    for line in ctx.text("implement").split("\n"):
        m = rule.rx("implement_label").match(line)
        if not m or (k := cn_int(m.group(1))) in out:
            continue
        if found := _dates(line[m.end() :], rule, year):
            shown = d.group(0).strip() if (d := rule.rx("date").search(line[m.end() :])) else ""
            out[k] = (found[0][0], f"{m.group(0).strip(' :：')}{shown}")
    return out


def _confirmation_rows(ctx: CheckContext, rule: RuleSpec) -> list[tuple[str, str, int, bool]]:
    """(cause, the row's date text, page, sure) of each row of a 要因确认 table: the date of a 确认时间/日期
    column, else the first date the row states. `sure`: the date is the confirmation's own (its column), or the
    row goes on to a measured change (`effect`: "更换后漏气率由1.3%降至0.5%", seen fresh3 h41, fresh4 i48) — a
    date in a row's findings with no change after it may date its data ("5—9月…", "2月巡视发现…"), not the
    confirmation (seen fresh10 p37)."""
    rows = []
    for b, grid, head in step_tables(ctx, "main_causes", 2):
        col = cause_column(head)
        when = next((k for k, h in enumerate(head) if rule.rx("date_head").search(h)), None)
        if col is None:
            continue
        for r in grid[1:]:
            if when is not None and when < len(r) and r[when].strip():
                dated = normalize(r[when])
            else:
                # the first cell that dates the row, a span of months its data covers left out
                cells = (rule.rx("data_span").sub(" ", normalize(c)) for k, c in enumerate(r) if k != col)
                dated = next((c for c in cells if rule.rx("date").search(c)), "")
            if col < len(r) and dated:
                column = when is not None and when < len(r) and bool(r[when].strip())
                sure = column or bool(rule.rx("effect").search(normalize(" ".join(r))))
                rows.append((normalize(r[col]).strip(), dated, b.source.page, sure))
    return rows


def _record_starts_later(c: Day, when: str, started: tuple[Day, str] | None, rule: RuleSpec) -> bool:
    """A confirmation dated within (not after) the span its 对策表 row plans ("2023.2.20—6.30"), while the
    numbered part of 对策实施 dates that 对策's start after the confirmation ("对策三：…3—6月特巡"): the
    table's span is the plan's, the record shows the 对策 began after its cause was confirmed (seen fresh20
    d05; fresh3 h41's record starts its 对策 on the confirmation's own day and keeps the finding)."""
    found = _dates(normalize(when), rule)
    if started is None or not found:
        return False
    if len(found) > 1:
        (ey, em, ed), _known = found[-1]
    elif m := rule.rx("span_end").search(normalize(when)):
        ey, em, ed = found[0][0][0], int(m.group("m")), int(m.group("d"))  # "2023.2.20—6.30": the start's year
    else:
        return False
    (iy, im, idd), _said = started
    # within the span (an unknown end day: the end of its month); the record's start surely later (an unknown
    # day: the first of its month)
    return c <= (ey, em, ed or 31) and (iy, im, idd or 1) > c


def confirmed_after_countermeasure(ctx: CheckContext, rule: RuleSpec) -> tuple[str, str, str, int, bool] | None:
    """A 要因 whose confirmation is dated on or after the start of its own 对策 in the 对策表 (within a
    range "2024.4.10—5.15"), after the completion date of its 对策 (a single date), or after the date
    its numbered part of 对策实施 starts ("对策一：10月起…"): the confirmation used the 对策 (seen fresh2
    g36, fresh3 h41, fresh f49). (cause, confirmation date, the 对策's date and where it stands, page, sure): a
    row dated surely (`_confirmation_rows`) first, else the first row dated from its findings."""
    rows = sorted(_confirmation_rows(ctx, rule), key=lambda r: not r[3])  # stable: sure rows first, in order
    plans = _plan_dates(ctx, rule)
    if not plans or not rows:
        return None
    started = _implement_starts(ctx, rule, plans[0][3][0])
    overlap = float(rule.params["cause_overlap"])
    for cause, dated, page, sure in rows:
        plan = next(
            (p for p in plans if bigram_overlap(cause, p[1]) >= overlap and bigram_overlap(p[1], cause) >= overlap),
            None,
        )
        if plan is None:
            continue
        k, _pc, when, start, is_range = plan
        conf = _dates(dated, rule, start[0])
        if not conf:
            continue
        (day, known), (y, mo, d) = conf[0], start
        # an unknown day: the confirmation at the start of its month, the 对策 at the end of its own
        c = day if known else (day[0], day[1], 1)
        shown = m.group(0).strip() if (m := rule.rx("date").search(dated)) else dated
        if c > (y, mo, d or 31) or (is_range and c == (y, mo, d)):
            if not _record_starts_later(c, when, started.get(k), rule):
                return cause, shown, f"对策表：{when}", page, sure
        if k in started:
            (iy, im, idd), said = started[k]
            if c > (iy, im, idd or 31):
                return cause, shown, f"对策实施：{said}", page, sure
    return None


def confirmed_period_after_start(ctx: CheckContext, rule: RuleSpec) -> tuple[str, str, int] | None:
    """The 要因确认 step's own stated period ("验证时间：2024年7月15日—8月10日") begins after the first
    对策 of the 对策表 began ("2024.7.1—7.31"): the confirmation measured the 对策's result, whatever
    its causes are called (seen fresh5 j34). (the confirmation date, the earliest 对策 time, page)."""
    plans = [
        (found[0][0], when)
        for r in ctx.analysis.fivew1h.details
        if (found := _dates(normalize(when := r.cells.get("when", "")), rule))
    ]
    if not plans:
        return None
    (y, mo, d), when = min(plans)
    for _i, b in ctx.blocks("main_causes"):
        for line in normalize(b.text).split("\n"):
            m = rule.rx("period_head").search(line)
            if not m or not (conf := _dates(said := line[m.end() :], rule, y)):
                continue
            (cy, cm, cd), known = conf[0]
            # an unknown day: the confirmation at the start of its month, the 对策 at the end of its own
            if (cy, cm, cd if known else 1) > (y, mo, d or 31):
                shown = g.group(0).strip() if (g := rule.rx("date").search(said)) else said
                return shown, f"对策表：{when}", b.source.page
    return None


def _unit_values(text: str, rule: RuleSpec) -> set[tuple[float, str]]:
    """The (value, unit) pairs a text states: "1.60kW", "≤900h", "5℃"."""
    return {(float(m.group("v")), m.group("u").lower()) for m in rule.rx("unit_value").finditer(text)}


def confirmed_by_applying(ctx: CheckContext, rule: RuleSpec) -> tuple[str, str, str, int] | None:
    """A 要因 confirmed by setting what its own 对策 sets: the confirmation row changes a parameter to a
    value ("将功率由1.45kW调高至1.60kW，渗漏下降62%") that its 对策表 row prescribes ("固化功率1.60kW"):
    the confirmation is the countermeasure's result (seen fresh4 i39) where it goes on to what the change did
    to the problem (`effect`); a value set to expose the cause ("延长保压至30分钟，检出…微漏4车", fresh12 r65) is
    a test of the cause, and so is a 对比试验 that runs both values side by side ("干燥时间由18h延长至26h各试验15台",
    `both_arms`). (cause, the change, the 对策, page)."""
    overlap = float(rule.params["cause_overlap"])
    plans = [
        (normalize(r.cells.get("cause", "")), " ".join(normalize(r.cells.get(k, "")) for k in ("what", "how")))
        for r in ctx.analysis.fivew1h.details
        if r.cells.get("cause")
    ]
    for b, grid, head in step_tables(ctx, "main_causes", 2):
        col = cause_column(head)
        if col is None:
            continue
        for r in grid[1:]:
            if col >= len(r):
                continue
            cause, body = normalize(r[col]).strip(), normalize(" ".join(c for k, c in enumerate(r) if k != col))
            plan = next(
                (p for p in plans if bigram_overlap(cause, p[0]) >= overlap and bigram_overlap(p[0], cause) >= overlap),
                None,
            )
            if plan is None or rule.rx("both_arms").search(body):
                continue  # (both values trialled side by side: a 对比试验 of the cause, seen fresh16 w04)
            for m in rule.rx("applied").finditer(body):
                if not rule.rx("effect").search(body, m.end()):
                    continue  # a value set to expose the cause, not the countermeasure's effect on the problem
                if _unit_values(m.group(0), rule) & _unit_values(plan[1], rule):
                    return cause, m.group(0).strip(), plan[1].strip()[:40], b.source.page
    return None


def _confirmation_lines(ctx: CheckContext) -> Iterator[tuple[str, int]]:
    """Each confirmation of 确定主要原因 as one line with its page: a table's rows read whole, a prose line."""
    for _i, b in ctx.blocks("main_causes"):
        if b.table is not None:
            lines = [" ".join(r) for r in b.table.filled_grid()[1:]]
        else:
            lines = b.text.split("\n")
        for line in lines:
            yield normalize(line), b.source.page


def _shared_means(line: str, means: str, least: int) -> str:
    """The longest run of characters a confirmation shares with a 对策's means, if at least `least` long."""
    m = SequenceMatcher(None, line, means, autojunk=False).find_longest_match(0, len(line), 0, len(means))
    return line[m.a : m.a + m.size] if m.size >= least else ""


def confirmed_by_trying(ctx: CheckContext, rule: RuleSpec) -> tuple[str, str, str, int] | None:
    """A 要因 confirmed by trying its own 对策: the confirmation puts to use the means the 对策表 prescribes
    ("7月8日起试用伸缩式接地线操作杆" beside the 对策 "配置伸缩式接地线操作杆 | 2024.7.31"), reports the change it
    made ("由14分钟降至5分钟"), and is dated in or after the month of that 对策's time: the confirmation is the
    countermeasure at work (seen fresh12 r55). All three needed: an undated trial beside the cause's own
    comparison ("改用无收缩灌缝料试做40条，裂缝率由12.5%降至3.1%", fresh10 p01 clean) is a test of the
    cause. (the means, the confirmation, the 对策, page)."""
    least = rule.int("means_chars")
    plans = [
        (normalize(what), what, found[0][0])
        for r in ctx.analysis.fivew1h.details
        if len(normalize(what := r.cells.get("what", ""))) >= least
        and (found := _dates(normalize(r.cells.get("when", "")), rule))
    ]
    for line, page in _confirmation_lines(ctx):
        if not rule.rx("changed").search(line):
            continue
        for tried in rule.rx("tried").finditer(line):
            rest = line[tried.end() : tried.end() + rule.int("means_reach")]
            for means, what, (y, mo, _d) in plans:
                dated = _dates(line, rule, y)
                if (shared := _shared_means(rest, means, least)) and any(
                    (cy, cm) >= (y, mo) for (cy, cm, _), _k in dated
                ):
                    return shared, line.strip()[:40], what.strip()[:30], page
    return None
