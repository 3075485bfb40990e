"""Quality tools: which tool of spec/domain.md b.1 is used in which step, whether the placement fits
(● primary, ○ usable, ✗ misuse), the chart rules of b.2, and the tool-use score.

Evidence of use, strongest first: a chart object (Pareto = bar + cumulative series, histogram, scatter,
control chart with UCL, other bar/line/pie = 简易图表, radar = 雷达图), a picture the readers classified
(Block.figure: pareto → 排列图, cause_effect → 因果图, … checked against the picture's own text, see
`picture_tool`), a table shape (项目/频数/累计百分比 = Pareto table; a 5W1H header; a scoring table =
矩阵图 or 打分法; counts in a data step = 调查表), a heading/slide title or a caption ("图3 现状排列图", a short line naming the tool), a use
verb before the name ("绘制排列图", "运用鱼骨图"), and a bare mention. A misuse (✗, rule Q1) is only
claimed on display evidence (chart, table, heading or caption), because later steps often *refer* to an
earlier chart ("针对排列图找出的症结进行原因分析"). Lines naming three or more tools (a list of tools
learnt) and the 总结 step (except 雷达图) are not counted as uses.

Tool-use score (the 统计方法 part of 特点, max 10):
    appropriateness = 6 × good / (good + misused)     over distinct (tool, step) uses judged ●/○ vs ✗
    coverage        = 4 × mean over the key steps of  1 if a ● tool is used there, 0.5 if only ○, else 0
                      key steps: 问题解决型 现状调查, 原因分析, 确定主要原因, 效果检查;
                                 创新型 设定目标, 提出方案, 对策实施, 效果检查   (tools.yaml key_steps)
    penalty         = 0.5 per chart breaking a b.2 rule, at most 2
    score           = clamp(appropriateness + coverage − penalty, 0, 10), one decimal; 0 with no tool.

The rules Q1 (misplaced tools; b.2 chart rules outside 现状调查) and X2 (the 现状 Pareto: 现状调查, or
目标可行性论证 of a 指令性 project) report its findings (nlp.rules_evidence).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field

from ingest.model import Block, BlockKind, Document, Table

from . import charts, lexfile
from .findings import Finding, Severity
from .fivew1h_tables import header_mapping
from .headings import match_heading
from .normalize import fold, normalize
from .steplex import step_names

MAX_SCORE = 10.0
MIN_FIGURE_CONFIDENCE = 0.5  # a picture classified with less confidence is no evidence of a tool
STEP_NAMES = step_names()
_RANK = {"●": 3, "○": 2, "": 1, "✗": 0}
_DISPLAY = ("chart", "figure", "table", "heading", "caption")
# the negation governs the name only within its clause: a cause titled with a negation before a colon
# ("先砌后支模顺序未执行：对比试验，…") still names the method used on it (seen fresh8 n01)
_NEGATION = re.compile(r"(未|没有|无需|不需要?|不宜|不应|无法|不能|不用|不必|不采用|不使用)[^，。；,;:：]{0,3}$")
# a line naming 3+ tools is a list of tools learnt or planned, not uses, when it talks about methods
_TOOL_LIST = re.compile(r"(?:统计)?(?:工具|方法|技术)|学会|学习|掌握|熟练|培训|等\s*$")


def _listed(line: str, hits: dict[str, str], step: str | None) -> bool:
    """A line naming three or more tools is a list (of tools learnt, or of the project's tools) unless
    it is about this step's work: every tool fits the step and the line does not talk about methods."""
    if _TOOL_LIST.search(line) or step is None or re.match(r"\s*(?:本课题|本次活动|本次|小组在活动中|活动中)", line):
        return True
    return any(placement(t, step) not in ("●", "○") for t in hits)


# the value a tool gave, right after its name: "Cpk＝1.41", "相关系数r=0.87" (a target "Cpk≥1.33" is none)
_MEASURED = re.compile(r"\s*[a-z²]{0,3}\s*(?:=|＝|为|达到?)\s*-?\d")
# … or, after an index written in Latin letters (Cpk, GR&R), a bare decimal value ("孔径Cpk 1.58", seen
# fresh8 n03); a target keeps its ≥/≤ and is no value
_MEASURED_BARE = re.compile(r"\s+\d+\.\d+(?!\s*[~～-])")

_TEXT_KINDS = (BlockKind.title, BlockKind.heading, BlockKind.paragraph, BlockKind.list_item, BlockKind.image_text)


def _lexicon() -> dict[str, Any]:
    return lexfile.load("tools.yaml")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text).lower())


@lru_cache(maxsize=1)
def _aliases() -> list[tuple[str, str, bool]]:
    """(alias lower-cased without spaces, tool name, strong_only), longest alias first."""
    out = []
    for t in _lexicon()["tools"]:
        for a in t.get("aliases", []):
            out.append((_key(str(a)), t["name"], False))
        for a in t.get("strong_only", []):
            out.append((_key(str(a)), t["name"], True))
    return sorted(out, key=lambda x: -len(x[0]))


def figure_tool(kind: str) -> str | None:
    """The tool a classified picture shows (`figure_kinds` of tools.yaml): "pareto" → 排列图."""
    kinds: dict[str, str] = _lexicon()["figure_kinds"]
    return kinds.get(kind)


@lru_cache(maxsize=1)
def _use_forms() -> list[tuple[str, re.Pattern[str], frozenset[str] | None]]:
    """(tool, pattern, the steps it counts in or None for all) of tools.yaml `use_forms`."""
    out = []
    for tool, specs in _lexicon().get("use_forms", {}).items():
        for spec in specs if isinstance(specs, list) else [specs]:  # one form, or several with their steps
            steps = frozenset(spec["steps"]) if "steps" in spec else None
            out += [(str(tool), re.compile(p), steps) for p in spec["patterns"]]
    return out


@lru_cache(maxsize=1)
def _other_senses() -> dict[str, re.Pattern[str]]:
    return {str(t): re.compile(str(p)) for t, p in _lexicon().get("other_senses", {}).items()}


def _titled_use(prefix: str, step: str | None, tool: str = "") -> bool:
    """A form's title the data were gathered on, in a data step: "按《内瘘穿刺查检表》记录穿刺2160次",
    "依据《滑板检查记录调查表》…分层统计" (tools.yaml `titled_use`; seen fresh6 k11, k16, k27, k30, k31, k34);
    or a diagram the team drew, in any step: "绘制《种植术后随访流程图》" (`drawn_verbs`, seen fresh7 m48)."""
    spec: dict[str, Any] = _lexicon()["titled_use"]
    before = prefix[: prefix.rfind("《")]
    if tool in _lexicon()["drawn_tools"] and re.search(f"(?:{spec['drawn_verbs']})\\s*$", before):
        return True
    if step not in spec["steps"]:
        return False
    return re.search(f"(?:{spec['verbs']})\\s*$", before) is not None


def _no_use_at(tool: str, line: str, start: int, end: int, step: str | None = None) -> bool:
    """A tool name at line[start:end] that is no use of the tool: negated before ("未采用排列图"), inside a
    document's title (《铝模验收检查表》 revised in 巩固: a form, not the tool used) unless the data were
    gathered on it, or a word of another sense (分层级培训, 分层喂养指导: `other_senses` of tools.yaml)."""
    prefix = line[:start]
    if _NEGATION.search(prefix):
        return True
    if prefix.rfind("《") > prefix.rfind("》") and not _titled_use(prefix, step, tool):
        return True
    sense = _other_senses().get(tool)
    return sense is not None and sense.match(line[end:]) is not None


@lru_cache(maxsize=1)
def _value_chart_words() -> re.Pattern[str]:
    return re.compile(str(_lexicon()["value_chart_words"]))


@lru_cache(maxsize=1)
def _use_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in _lexicon()["use_patterns"]]


def tool_names() -> list[str]:
    return [t["name"] for t in _lexicon()["tools"]]


def placement(tool: str, step: str, project_type: str = "problem_solving") -> str:
    """The b.1 mark of a tool in a step: "●", "○", "✗" or "" (not typical)."""
    spec = next((t for t in _lexicon()["tools"] if t["name"] == tool), None)
    if spec is None:
        return ""
    marks: dict[str, str] = dict(spec.get("placement", {}))
    if project_type == "innovative":
        marks.update(spec.get("innovative", {}))
    cols = [step]
    if step == "standardize":
        cols = ["consolidate"]
    elif step == "set_target" and project_type == "innovative":
        cols = ["set_target", "target_feasibility"]
    found = [str(marks.get(c, "")) for c in cols]
    return max(found, key=lambda m: _RANK.get(m, 1))


def _mention_anywhere(tool: str) -> bool:
    spec: dict[str, Any] = next((t for t in _lexicon()["tools"] if t["name"] == tool), {})
    return bool(spec.get("mention_anywhere"))


def misuse_note(tool: str, step: str) -> str | None:
    spec = next((t for t in _lexicon()["tools"] if t["name"] == tool), None)
    note = (spec or {}).get("misuse_note", {}).get(step)
    return str(note) if note else None


class ToolUse(BaseModel):
    name: str
    step: str | None
    page: int
    block_index: int
    via: str  # chart | figure | table | heading | caption | verb | mention
    evidence: str
    written: str = ""  # the name as the document writes it ("柏拉图", "鱼骨图"), "" for a chart or picture


class ToolEntry(BaseModel):
    name: str
    steps: list[str]
    appropriate: bool
    placements: dict[str, str] = Field(default_factory=dict)  # step -> mark
    pages: list[int] = Field(default_factory=list)
    via: list[str] = Field(default_factory=list)
    written: list[str] = Field(default_factory=list)  # the names as written, in order of appearance
    file: str | None = None  # the document the pages refer to when it is not the main one (实施记录)


class ToolsReport(BaseModel):
    tools: list[ToolEntry] = Field(default_factory=list)
    uses: list[ToolUse] = Field(default_factory=list)
    chart_checks: list[charts.ChartCheck] = Field(default_factory=list)
    score: float = 0.0
    max_score: float = MAX_SCORE
    score_detail: dict[str, float] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)  # placement_findings + chart_findings
    placement_findings: list[Finding] = Field(default_factory=list)
    chart_findings: list[Finding] = Field(default_factory=list)
    # the messages of placement findings judged by what a chart shows (`misuse_when`) where b.1 marks the tool
    # ●/○: a reading of the chart's words, not of its placement (rule Q1 sends them to a reviewer)
    shown_misuses: list[str] = Field(default_factory=list, exclude=True)


# ---------------------------------------------------------------------------------------- detection


def _chart_tool(block: Block) -> str | None:
    ch = block.chart
    if ch is None:
        return None
    if charts.read_pareto_chart(ch) is not None:
        return "排列图"
    if charts.is_histogram(ch):
        return "直方图"
    if charts.is_control_chart(ch):
        return "控制图"
    if ch.kind in ("scatter", "bubble"):
        return "散布图"
    if ch.kind == "radar":
        return "雷达图"
    if ch.kind in ("bar", "line", "pie", "area", "combo", "pareto"):
        return "简易图表"
    return None


@lru_cache(maxsize=1)
def _alias_regex() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]]]:
    """One pattern for every alias (matched on `_squeeze`d lines)."""
    table = {alias: (tool, strong_only) for alias, tool, strong_only in _aliases()}
    return re.compile("|".join(re.escape(a) for a, _, _ in _aliases())), table


_CJK_GAP = re.compile(r"(?<=\S)\s+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s+(?=\S)")


def _squeeze(line: str) -> str:
    """Spaces next to a Chinese character dropped, so a spaced title ("柏 拉 图", "KJ 法") matches."""
    return _CJK_GAP.sub("", line)


def _text_uses(block: Block, index: int, step: str | None) -> list[ToolUse]:
    out: list[ToolUse] = []
    heading = block.kind in (BlockKind.title, BlockKind.heading)
    pattern, table = _alias_regex()
    normed = [_squeeze(x) for x in normalize(block.text).lower().split("\n")]
    raws = block.text.split("\n")
    for raw, line in zip(raws, normed, strict=False):
        if not line.strip():
            continue
        hits: dict[str, str] = {}
        written: dict[str, str] = {}
        for m in pattern.finditer(line):
            tool, strong_only = table[_key(m.group())]
            prefix = line[: m.start()]
            if _no_use_at(tool, line, m.start(), m.end(), step) or hits.get(tool, "mention") != "mention":
                continue  # a later name of a tool only mentioned may be its use ("测量系统分析，GR&R为8.6%")
            size = len(fold(raw).text)
            rest = re.sub(r"[（(][^（）()]*[）)]|（续）|[\s:：。.]", "", line[m.end() :])
            # a caption is a short line naming the tool; a word that is common in prose (strong_only:
            # 借鉴, 打分, 分层) must stand almost alone ("查新与借鉴", "分层")
            short = size <= len(_key(m.group())) + 4 if strong_only else size <= 12 or (not rest and size <= 40)
            if heading:
                via = "heading"
            elif short or re.search(r"(图|表)\s*[\d一二三四五六七八九十]+", prefix[-12:]):
                via = "caption"
            elif (
                any(p.search(prefix) for p in _use_patterns())
                or _MEASURED.match(line[m.end() :])
                or (m.group().isascii() and _MEASURED_BARE.match(line[m.end() :]))
            ):
                via = "verb"  # a use verb before the name, or the value it gave after it ("Cpk＝1.41")
            else:
                via = "mention"
            if not (strong_only and via == "mention"):
                hits[tool] = via
                written[tool] = m.group().strip()
        for tool, form, where in _use_forms():
            if where is not None and step not in where:
                continue
            if tool not in hits and (f := form.search(line)) and not _no_use_at(tool, line, f.start(), f.end(), step):
                hits[tool], written[tool] = "verb", f.group()
        if len(hits) >= 3 and not heading and _listed(line, hits, step):
            continue  # a list of tools ("本课题运用了排列图、因果图、系统图等"), not uses in this step
        for tool, via in hits.items():
            out.append(
                ToolUse(
                    name=tool,
                    step=step,
                    page=block.source.page,
                    block_index=index,
                    via=via,
                    evidence=raw.strip()[:60],
                    written=written[tool],
                )
            )
    return out


def _chart_uses(doc: Document, i: int, step: str | None) -> tuple[list[ToolUse], list[charts.ChartCheck]]:
    b = doc.blocks[i]
    assert b.chart is not None
    uses: list[ToolUse] = []
    checks: list[charts.ChartCheck] = []
    tool = _chart_tool(b)
    if tool:
        uses.append(
            ToolUse(
                name=tool,
                step=step,
                page=b.source.page,
                block_index=i,
                via="chart",
                evidence=(b.chart.title or b.chart.kind)[:60],
            )
        )
        checks.append(_check_chart(doc, i, tool, step))
    if b.chart.title:
        uses.extend(u for u in _text_uses(b.model_copy(update={"text": b.chart.title}), i, step) if u.name != tool)
    return uses, checks


def _scored_columns(table: Table) -> int:
    """Columns whose data cells are mostly small numbers (scores such as 1/3/5 or 0–100)."""
    grid = table.filled_grid()[1:]
    n = 0
    for j in range(table.n_cols):
        vals = [charts.parse_number(r[j]) for r in grid if r[j].strip()]
        if vals and sum(v is not None and 0 <= v <= 100 for v in vals) * 2 > len(grid):
            n += 1
    return n


_STAMP_ONLY = re.compile(r"^[\s\d:.\-/年月日时分]*$")
_NOT_CHARTS = ("photo", "table", "banner")  # picture classes that are no chart, however sure
_CUMULATIVE = re.compile(r"累计|累積|100(?:\.0)?\s*%")


def picture_tool(kind: str, confidence: float, text: str) -> str | None:
    """The tool a classified picture shows (common.md contract 4), checked against the picture's own
    text: a photo's date stamp is no chart; a "pareto" without a cumulative line but with 现状/目标/
    活动后 bars, or an unclassified picture with them, is a 简易图表 (a before/after or target chart); a
    "gantt" with values on an axis and no plan words is a trend chart (简易图表). A chart class given with
    little confidence is no evidence of that class: such a picture counts only as a 简易图表, and only
    when its text shows a value chart (before/after words or a value axis). A chart that states the
    correlation of its pairs (r=0.68) is a 散布图 whatever class it was given (seen fresh8 n36: read as a line)."""
    t = normalize(text)
    if _STAMP_ONLY.match(t):
        return None
    bars = len(_value_chart_words().findall(t)) >= 2 and len(re.findall(r"\d", t)) >= 2
    if kind not in _NOT_CHARTS and _radar(t):
        return "雷达图"  # the team's abilities before and after, whatever class the reader gave it
    if kind not in _NOT_CHARTS and re.search(str(_lexicon()["correlation"]), t):
        return "散布图"  # pairs of values with their correlation stated ("(n=40,r=0.68)"), whatever its class
    if kind not in (*_NOT_CHARTS, "pareto") and _pie(t):
        return "简易图表"  # shares of a whole that add up to 100 %: a pie chart, whatever its class
    if kind == "other" or (confidence < MIN_FIGURE_CONFIDENCE and kind not in _NOT_CHARTS):
        value_chart = bars or _value_axis(t) or _trend_axis(t) or _period_axis(t)
        return "简易图表" if value_chart and not re.search("累计|累積", t) else None
    if confidence < MIN_FIGURE_CONFIDENCE:
        return None
    if kind == "pareto" and not _CUMULATIVE.search(t) and (bars or len(re.findall(r"\d+(?:\.\d+)?", t)) >= 2):
        return "简易图表"  # bars without a cumulative line are no Pareto chart ("各轮测试发现缺陷数")
    if kind == "gantt" and (_value_axis(t) or _trend_axis(t) or (bars and not _plan_words(t))):
        # values on an axis (2.6, 2.4 … or percentages) or before/after bars ("应用前 | 目标 | 应用后"), no
        # plan words: a value chart
        return "简易图表"
    return figure_tool(kind)


def _pie(text: str) -> bool:
    """Shares of a whole: several percentages adding up to 100 and no cumulative line (a pie chart)."""
    if _CUMULATIVE.search(text):
        return False
    spec = _lexicon()["pie"]
    shares = [float(x) for x in re.findall(r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*[%％]", text)]
    return len(shares) >= int(spec["min_shares"]) and abs(sum(shares) - 100) <= float(spec["tolerance"])


def _radar(text: str) -> bool:
    """The team's abilities scored before and after (a radar chart, whatever class it was given)."""
    spec = _lexicon()["radar"]
    return all(re.search(str(spec[k]), text) for k in ("words", "before_after", "after"))


def _node_diagram(text: str) -> bool:
    """A picture of labelled boxes: most lines are short Chinese labels, hardly any figure (a scatter or a
    chart has values on its axes), no plan or flow words (a Gantt chart, a flow chart)."""
    spec = _lexicon()["node_diagram"]
    lines = [x.strip() for x in normalize(text).split("\n") if x.strip()]
    labels = [x for x in lines if len(re.findall(r"[\u4e00-\u9fff]", x)) >= 2 and not re.search(r"\d", x)]
    numbers = len(re.findall(r"\d+(?:\.\d+)?", text))
    return (
        len(labels) >= int(spec["min_labels"])
        and len(labels) >= float(spec["min_label_share"]) * len(lines)
        and numbers <= int(spec["max_numbers"])
        and not re.search(str(spec["not_words"]), text)
    )


def _trend_axis(text: str) -> bool:
    """A rate or a unit on the axis and numbers, and no plan words: a trend chart read as a gantt."""
    lex = _lexicon()
    numbers = re.findall(r"\d+(?:\.\d+)?", text)
    return (
        len(numbers) >= 5
        and bool(re.search(str(lex["trend_axis"]), text))
        and not re.search(str(lex["gantt_words"]), text)
    )


def _period_axis(text: str) -> bool:
    """Periods along an axis ("1月 2月 3月…", "第1周…", "一季度…") under a title that names a quantity
    ("…超标次数", "…合格率"), no plan words: a value over time (柱状图/折线图), not a Gantt chart."""
    spec = _lexicon()["period_axis"]
    periods = set(re.findall(str(spec["period"]), text))
    return (
        len(periods) >= int(spec["min_periods"])
        and bool(re.search(str(spec["quantity"]), text))
        and not _plan_words(text)
    )


def _plan_words(text: str) -> bool:
    return bool(re.search(str(_lexicon()["gantt_words"]), text))


def _value_axis(text: str) -> bool:
    values = re.findall(r"\d+\.\d+|\d+(?:\.\d+)?\s*%", text)
    return len(values) >= 3 and not re.search(str(_lexicon()["gantt_words"]), text)


def _figure_uses(b: Block, i: int, step: str | None, *, named: bool) -> list[ToolUse]:
    """A picture the readers classified is the tool it shows, used in its step (issue 10 item 9), unless
    its own title already names a tool (the name wins over the class)."""
    fig = b.figure
    if fig is None or step is None or named:
        return []
    tool = picture_tool(fig.kind.value, fig.confidence, b.text)
    if fig.kind.value not in _NOT_CHARTS and tool in (None, "散布图") and _node_diagram(b.text):
        # labelled boxes and no values: a tree (方案分解, 功能结构), where the step uses one
        tool = "系统图" if placement("系统图", step) in ("●", "○") else None
    if tool is None:
        return []
    return [
        ToolUse(
            name=tool,
            step=step,
            page=b.source.page,
            block_index=i,
            via="figure",
            evidence=(fig.title or fig.kind.value)[:60],
        )
    ]


def _table_tools(table: Table, step: str | None) -> list[str]:
    """Tools a table is by its header (`table_tools` of tools.yaml): a scoring table, a count table."""
    if not table.rows or table.n_rows < 2:
        return []
    heads = [c.text for c in table.rows[0]] + [r[0].text for r in table.rows[1:] if r and r[0].col == 0]
    out = []
    taken: set[str] = set()
    for tool, spec in _lexicon()["table_tools"].items():
        if spec.get("exclusive") in taken:
            continue
        if "header" in spec and any(re.search(spec["header"], normalize(h)) for h in heads[: table.n_cols]):
            if _scored_columns(table) < int(spec.get("min_scored_columns", 0)) or step not in spec.get("steps", [step]):
                continue
            out.append(str(spec.get("tool", tool)))
            taken.add(str(spec.get("exclusive", tool)))
        elif (
            spec.get("header_kind") == "count"
            and step in spec["steps"]
            and any(charts.label_kind(h) == "count" for h in heads)
        ):
            out.append(str(tool))
    return out


def _table_uses(doc: Document, i: int, step: str | None) -> tuple[list[ToolUse], list[charts.ChartCheck], list[int]]:
    """A Pareto table (with its continuations), a 5W1H 对策表 header, and tool names in the cells."""
    b = doc.blocks[i]
    assert b.table is not None
    page = b.source.page
    uses: list[ToolUse] = []
    checks: list[charts.ChartCheck] = []
    p, used = charts.pareto_table_at(doc, i)
    if p is not None:
        uses.append(
            ToolUse(
                name="排列图",
                step=step,
                page=page,
                block_index=i,
                via="table",
                evidence=" ".join(p.categories[:3])[:60],
            )
        )
        # a table rebuilt from a scanned page's OCR'd lines (it carries their confidence) is data only where its
        # cumulative column recomputes from its counts, as `charts.pareto_in_lines` takes the same table read as
        # loose lines: a digit misread ("2" as "12") is no 排列图 defect
        if b.ocr_score is None or charts.recomputes(p):
            # a table screenshot is OCR'd too: where its figures do not add up, a digit was misread ("6" as "９"),
            # and only the problems that do not rest on the sums stand (`charts.screenshot_problems`)
            problems = charts.screenshot_problems(p) if b.figure is not None else charts.pareto_problems(p)
            checks.append(
                charts.ChartCheck(tool="排列图", block_index=i, page=page, step=step, pareto=p, problems=problems)
            )
    head = " ".join(c.text for c in b.table.rows[0]) if b.table.rows else ""
    if header_mapping(b.table) is not None:
        uses.append(ToolUse(name="5W1H", step=step, page=page, block_index=i, via="table", evidence=head[:60]))
    for tool in _table_tools(b.table, step):
        uses.append(ToolUse(name=tool, step=step, page=page, block_index=i, via="table", evidence=head[:60]))
    # cell by cell: a cell is its own clause ("未削薄 | 对比试验" is no negation of the method)
    cells = b.model_copy(update={"text": "\n".join(c.text.replace("\n", " ") for row in b.table.rows for c in row)})
    for u in _text_uses(cells, i, step):
        uses.append(u.model_copy(update={"via": "mention" if u.via != "verb" else "verb"}))
    return uses, checks, used


def detect(doc: Document, block_steps: list[str | None]) -> tuple[list[ToolUse], list[charts.ChartCheck]]:
    uses: list[ToolUse] = []
    checks: list[charts.ChartCheck] = []
    continued: set[int] = set()
    last: str | None = None
    for i, b in enumerate(doc.blocks):
        own = block_steps[i] if i < len(block_steps) else None
        # a section that is no step (品管圈 活动计划拟定 after 主题选定) belongs to the step it follows
        step = last = own or last
        if i in continued:
            continue
        if b.kind == BlockKind.chart and b.chart is not None:
            u, c = _chart_uses(doc, i, step)
        elif b.kind == BlockKind.table and b.table is not None:
            u, c, used = _table_uses(doc, i, step)
            continued.update(used)
        elif b.kind in _TEXT_KINDS:
            u, c = _text_uses(b, i, step), []
            drawn = set(_lexicon()["drawn_tools"])
            u += _figure_uses(b, i, step, named=any(x.via in ("heading", "caption") and x.name in drawn for x in u))
        else:
            continue
        uses += u
        checks += c
    uses = [u for u in uses if u.step != "summary" or u.name == "雷达图" or u.via in ("chart", "figure")]
    uses = _absorbed(uses)
    checks.extend(_sample_checks(doc, block_steps, uses, checks))
    return uses, checks


def _absorbed(uses: list[ToolUse]) -> list[ToolUse]:
    """Uses that belong to another tool named in the same step (`absorbed_by` of tools.yaml): the
    评分 of a 要因评价表/对策评价表 is that evaluation matrix, not 打分法 apart; a scoring table there
    is that matrix too. A use written as the method itself (打分法, 表决) stays."""
    out = []
    for u in uses:
        spec = next((t.get("absorbed_by") for t in _lexicon()["tools"] if t["name"] == u.name), None)
        if (
            spec
            and u.step
            and not re.search(str(spec["keep"]), u.written or "-")
            and any(
                v.name == spec["tool"]
                and v.step == u.step
                and re.search(str(spec["written"]), v.written or v.evidence)
                and v.via != "table"
                for v in uses
            )
        ):
            continue
        out.append(u)
    return out


def _page_text(doc: Document, page: int) -> str:
    return "\n".join(b.text for b in doc.blocks if b.source.page == page and b.kind != BlockKind.chart)


def _check_chart(doc: Document, i: int, tool: str, step: str | None) -> charts.ChartCheck:
    b = doc.blocks[i]
    ch = b.chart
    assert ch is not None
    cc = charts.ChartCheck(tool=tool, block_index=i, page=b.source.page, step=step)
    if tool == "排列图":
        p = charts.read_pareto_chart(ch)
        if p is not None:
            total = charts.stated_total_in(_page_text(doc, b.source.page))
            if total is not None and total in p.counts and abs(total - p.total) > 0.5:
                total = None  # "接触不良误判共203颗" names one category, not the total
            p = p.model_copy(update={"block_index": i, "page": b.source.page, "stated_total": total})
            cc.pareto = p
            cc.problems = charts.pareto_problems(p)
    elif tool in ("直方图", "散布图", "控制图"):
        cc.n = charts.chart_n(ch)
        sp = charts.sample_problem(tool, cc.n)
        if sp:
            cc.problems = [charts.ChartProblem(code="sample_size", message=sp.message)]
    return cc


def _sample_checks(
    doc: Document, block_steps: list[str | None], uses: list[ToolUse], done: list[charts.ChartCheck]
) -> list[charts.ChartCheck]:
    """Histogram / scatter / control chart shown as a picture: n from the page text."""
    out = []
    seen_pages = {(c.tool, c.page) for c in done}
    for u in uses:
        if u.name not in ("直方图", "散布图", "控制图") or u.via not in _DISPLAY or (u.name, u.page) in seen_pages:
            continue
        seen_pages.add((u.name, u.page))
        text = _page_text(doc, u.page)
        n = charts.subgroups_in(text) if u.name == "控制图" else charts.sample_size_in(text)
        cc = charts.ChartCheck(tool=u.name, block_index=u.block_index, page=u.page, step=u.step, n=n)
        sp = charts.sample_problem(u.name, n)
        if sp:
            cc.problems = [charts.ChartProblem(code="sample_size", message=sp.message)]
        out.append(cc)
    return out


# ------------------------------------------------------------------------------------------ analyze


def _key_steps(project_type: str) -> list[str]:
    ks: dict[str, list[str]] = _lexicon()["key_steps"]
    return list(ks.get(project_type) or ks["problem_solving"])


_Pairs = dict[tuple[str, str], list[ToolUse]]


def misuse_when(tool: str, step: str) -> re.Pattern[str] | None:
    spec = next((t for t in _lexicon()["tools"] if t["name"] == tool), None)
    pat = (spec or {}).get("misuse_when", {}).get(step)
    return re.compile(str(pat)) if pat else None


def _judge_pairs(
    doc: Document, uses: list[ToolUse], ptype: str, named: str = ""
) -> tuple[_Pairs, set[tuple[str, str]], _Pairs]:
    """(tool, step) → uses; the pairs judged ●/○; the pairs judged ✗ on display evidence (a chart,
    picture, table, heading or caption: a bare mention of a misplaced tool is a reference), or ●/○
    but showing what makes it a misuse there (`misuse_when`: a Pareto of scores in 要因确认). `named`: the
    text of 原因分析, where the causes are named (`_shows_misuse`)."""
    pairs: _Pairs = {}
    for u in uses:
        if u.step:
            pairs.setdefault((u.name, u.step), []).append(u)
    good: set[tuple[str, str]] = set()
    bad: _Pairs = {}
    for (tool, step), us in pairs.items():
        mark = placement(tool, step, ptype)
        display = [u for u in us if u.via in _DISPLAY]
        rx = misuse_when(tool, step)
        shown = [
            u for u in display if rx is not None and _shows_misuse(rx, normalize(doc.blocks[u.block_index].text), named)
        ]
        if shown:
            bad[(tool, step)] = shown
        elif mark in ("●", "○"):
            good.add((tool, step))
        elif mark == "✗" and display:
            bad[(tool, step)] = display
    return pairs, good, bad


def _shows_misuse(rx: re.Pattern[str], text: str, named: str) -> bool:
    """The block shows what makes the tool a misuse (`rx`: "得分|票数…"), each hit judged with the few
    characters before it: a hit that stands so inside a cause 原因分析 named ("不熟悉Caprini评分" as a bar's
    label, seen fresh15 v15: a Pareto of the causes traced in 147 records) is the name of what is counted,
    not the measure counted."""
    before = int(_lexicon()["misuse_name_context"])
    for m in rx.finditer(text):
        window = text[max(0, m.start() - before) : m.end()]
        if len(window) <= len(m.group(0)) or window not in named:
            return True
    return False


def _entries(uses: list[ToolUse], pairs: _Pairs, bad: _Pairs, ptype: str) -> list[ToolEntry]:
    entries: dict[str, ToolEntry] = {}
    for u in uses:
        e = entries.setdefault(u.name, ToolEntry(name=u.name, steps=[], appropriate=True))
        if u.step and (u.name, u.step) in pairs:
            mark = "✗" if (u.name, u.step) in bad else placement(u.name, u.step, ptype)
            if mark == "✗" and (u.name, u.step) not in bad:
                continue  # a reference to the tool, not a use in this step
            if (
                mark == ""
                and not _mention_anywhere(u.name)
                and all(v.via == "mention" for v in pairs[(u.name, u.step)])
            ):
                continue  # named in passing where b.1 does not place it (a 确认方法 planned, a Cpk target)
            if u.step not in e.steps:
                e.steps.append(u.step)
                e.placements[u.step] = mark
        if u.page not in e.pages:
            e.pages.append(u.page)
        if u.via not in e.via:
            e.via.append(u.via)
        if u.written and u.written not in e.written:
            e.written.append(u.written)
    for tool, _step in bad:
        entries[tool].appropriate = False
    # a tool whose every use was skipped above (references only) is no entry: it has no step, page or via
    out = [e for e in entries.values() if e.steps or (e.via and e.via != ["mention"])]
    for e in out:
        e.pages.sort()
    return out


def _measure_named(doc: Document, tool: str, step: str, us: list[ToolUse]) -> bool:
    """A chart or table showing the tool that names the misuse as its measure: a table's header ("末端原因 | 得分 |
    累计百分比", seen fresh19 b12) or a chart's series — not a word among a picture's or a table's labels."""
    rx = misuse_when(tool, step)
    if rx is None:
        return False
    for u in us:
        b = doc.blocks[u.block_index]
        heads = [" ".join(b.table.filled_grid()[0])] if b.table is not None and b.table.n_rows else []
        heads += [normalize(sr.name) for sr in b.chart.series] if b.chart is not None else []
        if any(rx.search(normalize(h)) for h in heads):
            return True
    return False


def _placement_findings(doc: Document, bad: _Pairs, ptype: str) -> tuple[list[Finding], list[str]]:
    """The Q1 findings of the misused (tool, step) pairs, in the order of their first display in the document;
    and the messages of those judged by what a chart shows where b.1 marks the tool ●/○ (`shown_misuses`)."""
    out: list[Finding] = []
    shown: list[str] = []
    for (tool, step), us in sorted(bad.items(), key=lambda kv: kv[1][0].block_index):
        note = misuse_note(tool, step) or f"{tool}不适用于{STEP_NAMES.get(step, step)}"
        out.append(
            Finding(
                rule="Q1",
                severity=Severity.minor,
                message=f"{STEP_NAMES.get(step, step)}中使用{tool}不当：{note}",
                pages=sorted({u.page for u in us}),
                step=step,
                evidence=us[0].evidence,
            )
        )
        if placement(tool, step, ptype) in ("●", "○") and not _measure_named(doc, tool, step, us):
            shown.append(out[-1].message)
    return out, shown


def _chart_findings(checks: list[charts.ChartCheck]) -> list[Finding]:
    grouped: dict[tuple[str, str | None], list[charts.ChartCheck]] = {}
    for cc in checks:
        if cc.step == "check_effect" and cc.pareto is not None:
            # the after-Pareto keeps the before order and scale on purpose (b.2)
            cc.problems = [
                p for p in cc.problems if p.code not in ("not_descending", "other_too_large", "other_large_unsure")
            ]
        if cc.problems:
            # the 现状 Pareto: 现状调查, or 目标可行性论证 where a 指令性 project puts its 现状 data
            rule = "X2" if cc.step in ("current_state", "target_feasibility") and cc.tool == "排列图" else "Q1"
            grouped.setdefault((rule, cc.step), []).append(cc)
    out: list[Finding] = []
    for (rule_id, cstep), ccs in grouped.items():
        where = STEP_NAMES.get(cstep or "", "")
        parts = list(dict.fromkeys(f"{cc.tool}：{p.message}" for cc in ccs for p in cc.problems))
        out.append(
            Finding(
                rule=rule_id,
                severity=Severity.minor,
                message=f"{where}图表不符合作图规则：" + "；".join(parts),
                pages=sorted({cc.page for cc in ccs}),
                step=cstep,
                evidence=",".join(dict.fromkeys(p.code for cc in ccs for p in cc.problems)),
            )
        )
    return out


def _score(rep: ToolsReport, good: set[tuple[str, str]], n_bad: int, ptype: str) -> None:
    """The tool-use score of the module doc (0 with no tool)."""
    if not good and not n_bad:
        return
    approp = 6.0 * len(good) / (len(good) + n_bad)
    cover = 0.0
    keys = _key_steps(ptype)
    for ks in keys:
        marks = [placement(t, s, ptype) for (t, s) in good if s == ks]
        cover += 1.0 if "●" in marks else 0.5 if "○" in marks else 0.0
    coverage = 4.0 * cover / len(keys)
    penalty = min(2.0, 0.5 * sum(1 for c in rep.chart_checks if c.problems))
    rep.score = round(max(0.0, min(MAX_SCORE, approp + coverage - penalty)), 1)
    rep.score_detail = {
        "appropriateness": round(approp, 2),
        "coverage": round(coverage, 2),
        "chart_penalty": penalty,
        "good_uses": len(good),
        "misuses": n_bad,
    }


def _shared_page_steps(doc: Document, steps: list[str | None], uses: list[ToolUse], ptype: str) -> list[ToolUse]:
    """A use on a page that two steps share goes to the step where b.1 places the tool: a 鱼骨图 on the
    slide "P｜原因分析 / ROOT CAUSE ANALYSIS", whose English line opened 确定主要原因, is used in 原因分析
    (seen fresh3 h15). The page shows no misplacement; a page of the ✗ step alone still does."""
    out = []
    for u in uses:
        if u.step and placement(u.name, u.step, ptype) == "✗":
            # a step of the same page opened before the use (a step after it on the page may be the next
            # one: a 因果图 at the end of 现状调查 stays there)
            before = [
                s
                for i, (b, s) in enumerate(zip(doc.blocks, steps, strict=False))
                if i < u.block_index and b.source.page == u.page and s
            ]
            fit = next((s for s in before if placement(u.name, s, ptype) in ("●", "○")), None)
            if fit is not None:
                u = u.model_copy(update={"step": fit})
        out.append(u)
    return out


def _heading_steps(doc: Document, page: int) -> tuple[str, ...]:
    """The steps the title or a heading of a page names together ("二、选择课题 / 三、设定目标")."""
    for b in doc.blocks:
        if b.source.page == page and b.kind in (BlockKind.title, BlockKind.heading):
            m = match_heading(b.text, strict=False)
            if m is not None and len(m.steps) > 1:
                return m.steps
    return ()


def _shared_slide_steps(doc: Document, uses: list[ToolUse]) -> list[ToolUse]:
    """A chart on a slide whose title names two steps goes to the one its own title speaks of
    (`shared_slide_cues` of tools.yaml): "现状与目标" under "二、选择课题 / 三、设定目标" is the target's chart
    (seen fresh7 m05); a title that speaks of both, or of neither, keeps the step it was read in."""
    cues = {str(s): re.compile(str(p)) for s, p in _lexicon()["shared_slide_cues"].items()}
    out = []
    for u in uses:
        named = _heading_steps(doc, u.page) if u.via in ("chart", "figure", "caption") else ()
        if named:
            b = doc.blocks[u.block_index]
            own = (b.chart.title if b.chart is not None else None) or (b.figure.title if b.figure is not None else None)
            title = (own or b.text).strip().split("\n")[0]
            fit = [s for s in named if s in cues and cues[s].search(title)]
            if len(fit) == 1:
                u = u.model_copy(update={"step": fit[0]})
        out.append(u)
    return out


def analyze(doc: Document, block_steps: list[str | None], project_type: str = "problem_solving") -> ToolsReport:
    """Detect the uses, judge each (tool, step) against b.1, list the tools, report misplacements (Q1)
    and chart-rule breaches (X2/Q1), and score the tool use."""
    steps = list(block_steps) + [None] * (len(doc.blocks) - len(block_steps))
    ptype = project_type if project_type in ("problem_solving", "innovative") else "problem_solving"
    uses, checks = detect(doc, steps)
    uses = _shared_page_steps(doc, steps, _shared_slide_steps(doc, uses), ptype)
    rep = ToolsReport(uses=uses, chart_checks=checks)
    named = "\n".join(normalize(b.text) for b, st in zip(doc.blocks, steps, strict=False) if st == "cause_analysis")
    pairs, good, bad = _judge_pairs(doc, uses, ptype, named)
    rep.tools = _entries(uses, pairs, bad, ptype)
    rep.placement_findings, rep.shown_misuses = _placement_findings(doc, bad, ptype)
    rep.chart_findings = _chart_findings(checks)
    rep.findings = rep.placement_findings + rep.chart_findings
    _score(rep, good, len(bad), ptype)
    return rep
