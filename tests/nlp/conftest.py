"""Builders for small synthetic Documents: a slide deck (title per slide), a flowing report (TXT
lines or DOCX-like headings), and tables."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ingest.model import Block, BlockKind, Cell, Chart, Document, Figure, FigureKind, SourceRef, Table
from ingest.options import ReadOptions
from ingest.readers import text as text_reader
from nlp.analysis import analyze_with_steps
from nlp.check import check
from nlp.findings import Finding, Review
from nlp.registry import CheckContext
from nlp.report import CheckReport
from nlp.rubric import Rule, default_for, load
from nlp.rulebook import rulebook
from tests.index.semantic_fixtures import e5_encoder, e5_model_dir  # noqa: F401  (the e5 fixtures, for the classifier tests)

SlideItem = str | list[list[str]]  # a paragraph, or a table as rows of cells


def table(rows: Sequence[Sequence[str]]) -> Table:
    cells = [[Cell(text=t, row=r, col=c) for c, t in enumerate(row)] for r, row in enumerate(rows)]
    return Table(rows=cells, n_rows=len(rows), n_cols=max(len(r) for r in rows))


def stepped_doc(
    items: Sequence[tuple[str | None, int, str | Chart | list[list[str]]]], title: str
) -> tuple[Document, list[str | None]]:
    """A document of (step, page, paragraph text | chart | table rows) items after a title, and the step of
    each block — what the number readings take (tests/nlp/test_numbers*.py)."""
    blocks = [Block(id="t", kind=BlockKind.title, text=title, source=SourceRef(page=1))]
    steps: list[str | None] = [None]
    for k, (step, page, content) in enumerate(items):
        src = SourceRef(page=page, order=k)
        if isinstance(content, Chart):
            blocks.append(Block(id=f"b{k}", kind=BlockKind.chart, text=content.to_text(), chart=content, source=src))
        elif isinstance(content, list):
            t = table(content)
            blocks.append(Block(id=f"b{k}", kind=BlockKind.table, text=t.to_text(), table=t, source=src))
        else:
            blocks.append(Block(id=f"b{k}", kind=BlockKind.paragraph, text=content, source=src))
        steps.append(step)
    return Document(doc_id="t", filename="t.pptx", format="pptx", title=title, pages=20, blocks=blocks), steps


def deck(slides: Sequence[tuple[str | None, Sequence[SlideItem]]], filename: str = "deck.pptx") -> Document:
    """A PPTX-like Document: one title block (when not None) and body blocks per slide."""
    blocks: list[Block] = []
    for page, (title, items) in enumerate(slides, start=1):
        order = 0
        if title is not None:
            blocks.append(
                Block(
                    id=f"p{page}-b{order}", kind=BlockKind.title, text=title, source=SourceRef(page=page, order=order)
                )
            )
            order += 1
        for it in items:
            if isinstance(it, str):
                blocks.append(
                    Block(
                        id=f"p{page}-b{order}",
                        kind=BlockKind.paragraph,
                        text=it,
                        source=SourceRef(page=page, order=order),
                    )
                )
            else:
                t = table(it)
                blocks.append(
                    Block(
                        id=f"p{page}-b{order}",
                        kind=BlockKind.table,
                        text=t.to_text(),
                        table=t,
                        source=SourceRef(page=page, order=order),
                    )
                )
            order += 1
    title0 = slides[0][0] if slides and slides[0][0] else None
    return Document(doc_id="0" * 16, filename=filename, format="pptx", title=title0, pages=len(slides), blocks=blocks)


def report(lines: Sequence[str | tuple[str, int] | list[list[str]]], filename: str = "report.docx") -> Document:
    """A DOCX-like Document: ("text", level) is a heading, a list is a table, a str a paragraph."""
    blocks: list[Block] = []
    for n, it in enumerate(lines, start=1):
        src = SourceRef(page=n, order=0)
        if isinstance(it, tuple):
            blocks.append(Block(id=f"p{n}", kind=BlockKind.heading, text=it[0], level=it[1], source=src))
        elif isinstance(it, list):
            t = table(it)
            blocks.append(Block(id=f"p{n}", kind=BlockKind.table, text=t.to_text(), table=t, source=src))
        else:
            blocks.append(Block(id=f"p{n}", kind=BlockKind.paragraph, text=it, source=src))
    title = next((b.text for b in blocks if b.kind != BlockKind.table), None)
    return Document(doc_id="1" * 16, filename=filename, format="docx", title=title, pages=len(blocks), blocks=blocks)


def rule_findings(
    rule_id: str,
    doc: Document,
    steps: Sequence[str | None],
    *,
    params: dict | None = None,
    project_type: str = "problem_solving",
    target_kind: str | None = None,
    form: Document | None = None,
    recognised: bool = False,
) -> list[Finding]:
    """The findings of one rule of the catalogue on a document whose step of every block is given.
    `recognised`: take the structure as recognised with confidence (a fragment of a few steps is not,
    and the rules that rest on the structure's division send their findings to review there)."""
    a = analyze_with_steps(doc, list(steps), project_type=project_type, target_kind=target_kind, form=form)
    if recognised:
        a = a.model_copy(update={"structure": a.structure.model_copy(update={"confident": True})})
    rb = load(default_for(project_type))
    return rb.findings_of(CheckContext(doc=doc, analysis=a, form=form), Rule(id=rule_id, params=params or {}))


def finding_messages(report: CheckReport, rule_id: str) -> list[str]:
    """The messages of a report's findings of one rule."""
    return [f.message for f in report.findings if f.rule == rule_id]


def part_reasons(rule_id: str) -> set[str]:
    """The review reasons of a rule's message parts (`review_parts` in the YAML)."""
    return set(rulebook().rules[rule_id].review_parts.values())


def judged_messages(report: CheckReport, rule_id: str) -> list[str]:
    """The messages of a rule's findings and of its reviews of a message part (`review_parts` in the YAML:
    the check spoke, a person decides): what the check judged, whichever way it reports it."""
    parts = part_reasons(rule_id)
    reviews = [r.message for r in report.reviews if r.rule == rule_id and r.reason in parts]
    return finding_messages(report, rule_id) + reviews


def part_reviewed(report: CheckReport, rule_id: str) -> bool:
    """A rule's check spoke and a part of its message went to 人工复核 (`review_parts`), no finding."""
    parts = part_reasons(rule_id)
    return any(r.rule == rule_id and r.reason in parts for r in report.reviews) and not finding_messages(
        report, rule_id
    )


def unsure_reviews(report: CheckReport, rule_id: str) -> list[str]:
    """The rule ids of a rule's reviews where its check was unsure (not a `review_parts` review)."""
    parts = part_reasons(rule_id)
    return [r.rule for r in report.reviews if r.rule == rule_id and r.reason not in parts]


def judged(report: CheckReport) -> dict[str, str]:
    """Rule id → message of what a check judged: its findings, and the reviews of the rules that only
    ever review (`review_only` in the YAML: I2, Z1) or review a part (`review_parts`: S1, A2), whose
    checks still decide whether they speak."""
    book = rulebook().rules
    only = {rid for rid, r in book.items() if r.review_only}
    out = {
        r.rule: r.message
        for r in report.reviews
        if r.rule in only or (r.rule in book and r.reason in part_reasons(r.rule))
    }
    out.update({f.rule: f.message for f in report.findings})
    return out


def rule_reviews(rule_id: str, doc: Document, steps: Sequence[str | None], *, recognised: bool = False) -> list[Review]:
    """The checks of one rule sent to 人工复核 (not findings) on a document whose steps are given."""
    a = analyze_with_steps(doc, list(steps), project_type="problem_solving")
    if recognised:
        a = a.model_copy(update={"structure": a.structure.model_copy(update={"confident": True})})
    rb = load(default_for("problem_solving"))
    return rb.judge_rule(CheckContext(doc=doc, analysis=a), Rule(id=rule_id, params={}))[1]


def txt(text: str, filename: str = "report.txt") -> Document:
    return text_reader.read(text.encode("utf-8"), filename, ReadOptions())


@pytest.fixture
def make_deck():
    return deck


@pytest.fixture
def make_report():
    return report


@pytest.fixture
def make_txt():
    return txt


# ------------------------------------------------------------------ complete, rule-abiding submissions
# Each test copies one of these and breaks exactly one thing.

Slides = list[tuple[str | None, list[SlideItem]]]

CAUSE_TABLE = [
    ["序号", "末端原因", "确认内容", "确认方法", "标准", "确认结果", "结论"],
    [
        "1",
        "主轴前轴承磨损",
        "主轴径向跳动对孔径超差的影响",
        "现场测量",
        "≤0.005mm",
        "实测0.016mm，跳动大的批次超差率达4.1%",
        "要因",
    ],
    [
        "2",
        "刀补按经验周期调整",
        "刀补间隔与孔径偏差的相关性",
        "试验",
        "≤150件",
        "间隔400件，孔径偏差随间隔增大，相关系数0.86",
        "要因",
    ],
    [
        "3",
        "锻件孔余量波动大",
        "余量极差对超差率的影响",
        "调查分析",
        "≤0.6mm",
        "余量极差1.3mm，余量大的批次超差率3.5%",
        "要因",
    ],
    [
        "4",
        "夏季午后温度偏高",
        "温度与孔径偏差的关系",
        "现场测量",
        "≤28℃",
        "31℃时超差率2.5%，与26℃时2.6%无明显差异，影响小",
        "非要因",
    ],
]

PLAN_TABLE = [
    ["序号", "要因", "对策", "目标", "措施", "地点", "完成时间", "负责人"],
    [
        "1",
        "主轴前轴承磨损",
        "修复镗削主轴并改为按周点检",
        "主轴径向跳动≤0.005mm",
        "更换前轴承并重新调整预紧力；每周一用千分表检测径向跳动",
        "OP20镗孔工位",
        "2023年8月15日",
        "张伟",
    ],
    [
        "2",
        "刀补按经验周期调整",
        "按磨损曲线设定刀补间隔",
        "刀补调整间隔≤150件",
        "按刀具磨损试验曲线每加工150件自动补偿0.003mm",
        "OP20镗孔工位",
        "2023年8月31日",
        "李强",
    ],
    [
        "3",
        "锻件孔余量波动大",
        "与锻造供方联合控制毛坯余量",
        "孔余量极差≤0.6mm",
        "修订毛坯图余量公差；来料首批全检、之后每批抽检20件",
        "来料检验区",
        "2023年9月15日",
        "王芳",
    ],
]


def good_problem_solving() -> Slides:
    return [
        ("降低转向节镗孔尺寸超差率", ["机加工二车间QC小组", "课题类型：问题解决型（自定目标）"]),
        (
            "一、选择课题",
            [
                "主机厂年度质量协议要求尺寸超差率不高于0.8%，2023年1-6月实际超差率为2.6%，造成返工损失12.5万元。",
                "选题理由：满足顾客要求，降低质量损失。",
            ],
        ),
        (
            "二、现状调查",
            [
                "调查时间：2023年7月1日至7月31日，抽查转向节4000件，超差104件，超差率2.6%。",
                [
                    ["缺陷类型", "频数", "占比", "累计占比"],
                    ["孔径超差", "78", "75.0%", "75.0%"],
                    ["位置度超差", "14", "13.5%", "88.5%"],
                    ["端面跳动超差", "8", "7.7%", "96.2%"],
                    ["其他", "4", "3.8%", "100%"],
                ],
                "按缺陷类型分层统计，孔径超差占75.0%，孔径超差是本课题的症结。",
            ],
        ),
        (
            "三、设定目标",
            ["目标：尺寸超差率由2.6%降至0.8%。", "目标依据：测算 2.6%-2.6%×75%×90%=0.85%，并满足顾客要求0.8%。"],
        ),
        (
            "四、原因分析",
            [
                "针对症结孔径超差绘制因果图，逐层分析到末端原因。",
                "末端原因：主轴前轴承磨损、刀补按经验周期调整、锻件孔余量波动大、夏季午后温度偏高。",
            ],
        ),
        ("五、确定主要原因", ["对4个末端原因逐条制定要因确认计划并确认。", [row[:] for row in CAUSE_TABLE]]),
        ("六、制定对策", [[row[:] for row in PLAN_TABLE]]),
        (
            "七、对策实施",
            [
                "对策一实施：8月10日更换前轴承，实测主轴径向跳动0.004mm，达到对策目标≤0.005mm。",
                "对策二实施：程序中增加刀具寿命计数，刀补间隔150件，孔径偏差0.004mm，达到对策目标。",
                "对策三实施：修订毛坯图，孔余量极差0.5mm，达到对策目标≤0.6mm。",
                "对策实施后对安全、质量、成本进行了验证，未产生负面影响。",
            ],
        ),
        (
            "八、效果检查",
            [
                "2023年10月抽查4000件，超差率由活动前的2.6%降至0.7%，达到课题目标0.8%。",
                "症结孔径超差由78件降至12件。",
                "经济效益：年节约返工损失12.5万元，扣除投入3.2万元，净效益9.3万元。",
            ],
        ),
        (
            "九、制定巩固措施",
            [
                "将有效措施纳入《镗削主轴点检规程》(编号JX-QW-012)和《刀具补偿作业指导书》(JX-ZY-033)。",
                "巩固期2023年11月至12月跟踪，超差率分别为0.6%和0.7%，保持稳定。",
            ],
        ),
        (
            "十、总结和下一步打算",
            [
                "通过本次活动，小组成员的专业技术、管理方法和综合素质得到提升。",
                "下一步打算：以“降低转向节螺纹不良率”作为下一个课题。",
            ],
        ),
    ]


INNOV_PLAN_TABLE = [
    ["序号", "对策", "目标", "措施", "地点", "完成时间", "负责人"],
    ["1", "设计气动夹紧机构", "夹紧时间≤3s", "选用SC50气缸，设计杠杆增力夹爪", "装配车间", "2023年6月30日", "赵磊"],
    ["2", "制作定位模块", "定位误差≤0.05mm", "采用一面两销定位，销孔配合H7/g6", "装配车间", "2023年7月15日", "钱敏"],
]


def good_innovative() -> Slides:
    return [
        ("研制转向节快速装夹工装", ["装配车间QC小组", "课题类型：创新型"]),
        (
            "一、选择课题",
            [
                "顾客要求装夹时间由45s缩短到15s以内，现有螺旋压板工装无法满足需求。",
                "借鉴汽车焊装线气动夹具的快速夹紧原理，查新未见同类工装。",
            ],
        ),
        (
            "二、设定目标及目标可行性论证",
            [
                "目标：单件装夹时间≤15s。",
                "可行性论证：借鉴的焊装气动夹具实测夹紧时间3s，定位时间8s，合计11s，小于15s，目标可行。",
            ],
        ),
        (
            "三、提出方案并确定最佳方案",
            [
                "小组提出两个总体方案：方案一气动夹紧工装，方案二液压夹紧工装。",
                "对总体方案进行对比试验：方案一夹紧时间3.2s、成本1.8万元；方案二夹紧时间2.9s、成本6.5万元，选定方案一。",
                "将方案一逐层分解为分级方案：夹紧机构（气缸/电磁铁）、定位模块（一面两销/V形块），经测试选定最佳方案。",
                "分级方案试验：气缸夹紧力实测2100N，电磁铁实测900N，选用气缸。",
            ],
        ),
        ("四、制定对策", [[row[:] for row in INNOV_PLAN_TABLE]]),
        (
            "五、对策实施",
            [
                "对策一实施：气缸夹紧时间实测2.8s，达到对策目标≤3s。",
                "对策二实施：定位误差实测0.03mm，达到对策目标≤0.05mm。",
                "实施后对安全、质量进行验证，未产生负面影响。",
            ],
        ),
        (
            "六、效果检查",
            [
                "活动后单件装夹时间由45s降至12s，达到课题目标≤15s。",
                "经济效益：年节约工时费8.6万元，扣除投入1.8万元，净效益6.8万元。",
            ],
        ),
        (
            "七、标准化",
            ["工装图纸和《快速装夹工装操作规程》(ZP-GZ-021)已纳入公司标准，成果具有推广应用价值，已在二号线推广。"],
        ),
        ("八、总结和下一步打算", ["小组成员的专业技术和创新能力得到提升。", "下一步打算：研制转向节自动上下料装置。"]),
    ]


def replace_slide(slides: Slides, title_prefix: str, new: tuple[str | None, list[SlideItem]] | None) -> Slides:
    """Copy of `slides` with the slide whose title starts with `title_prefix` replaced (None: removed)."""
    out: Slides = []
    hit = False
    for t, items in slides:
        if not hit and t is not None and t.startswith(title_prefix):
            hit = True
            if new is not None:
                out.append(new)
            continue
        out.append((t, items))
    assert hit, title_prefix
    return out


def set_slide(slides: Slides, prefix: str, items: list) -> Slides:
    """Copy of `slides` with the items of the slide whose title starts with `prefix` replaced (title kept)."""
    title = next(t for t, _ in slides if t and t.startswith(prefix))
    return replace_slide(slides, prefix, (title, items))


def run_check(slides: Slides) -> CheckReport:
    return check(deck(slides))


def rule_ids(report: CheckReport) -> set[str]:
    return {f.rule for f in report.findings}


def reviewed_ids(report: CheckReport) -> set[str]:
    return {x.rule for x in report.reviews}


def spoke_ids(report: CheckReport) -> set[str]:
    """The rules whose check spoke: a finding or a review (a reading it may not conclude on alone)."""
    return rule_ids(report) | reviewed_ids(report)


def spoke_messages(report: CheckReport, rule_id: str) -> list[str]:
    """A rule's finding and review messages: what its check said, however sure."""
    return [f.message for f in report.findings if f.rule == rule_id] + [
        r.message for r in report.reviews if r.rule == rule_id
    ]


def with_picture(doc: Document, title: str, text: str, kind: FigureKind, caption: str | None = None) -> Document:
    """An OCR'd picture block (a banner, a 因果图, a 排列图) under the slide titled `title`."""
    k = next(i for i, b in enumerate(doc.blocks) if b.text == title)
    src = doc.blocks[k].source
    pic = Block(
        id=f"p{src.page}-pic",
        kind=BlockKind.image_text,
        text=text,
        source=SourceRef(page=src.page, order=50),
        figure=Figure(kind=kind, confidence=0.9, image_hash="0" * 16, title=caption),
    )
    return doc.model_copy(update={"blocks": [*doc.blocks[: k + 1], pic, *doc.blocks[k + 1 :]]})


def as_screenshot(doc: Document, page_text: str) -> Document:
    """The table block whose text holds `page_text` as a table screenshot read by OCR."""
    fig = Figure(kind=FigureKind.table, confidence=0.9, image_hash="0" * 16)
    blocks = [b.model_copy(update={"figure": fig}) if b.table and page_text in b.text else b for b in doc.blocks]
    return doc.model_copy(update={"blocks": blocks})


def scanned_tables(doc: Document) -> Document:
    """The same document with its tables rebuilt from a scanned page (`ingest.readers.scan_tables`: a table
    block read by OCR carries its lines' recogniser confidence)."""
    blocks = [
        b.model_copy(update={"ocr_score": 0.96, "source": b.source.model_copy(update={"part": "ocr"})})
        if b.kind == BlockKind.table
        else b
        for b in doc.blocks
    ]
    return doc.model_copy(update={"blocks": blocks})
