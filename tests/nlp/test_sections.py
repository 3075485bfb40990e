"""Heading parsing and step segmentation across house styles."""

from __future__ import annotations

import pytest

from ingest.model import Document
from nlp.headings import GROUP, OTHER, match_heading, strip_prefix
from nlp.sections import missing_items, segment
from tests.nlp.conftest import deck, report, txt

CAQ_STEPS = [
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
]


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("一、现状调查", "现状调查"),
        ("（二）要因确认", "要因确认"),
        ("(3) 设定目标", "设定目标"),
        ("1. 选择课题", "选择课题"),
        ("4.2 原因分析", "原因分析"),
        ("第一步 选择课题", "选择课题"),
        ("第五部分：效果检查", "效果检查"),
        ("步骤三、设定目标", "设定目标"),
        ("① 对策实施", "对策实施"),
        ("■ 效果确认", "效果确认"),
        ("3原因分析", "原因分析"),
        ("伍　目标设定", "目标设定"),
        ("拾壹　检讨与改进", "检讨与改进"),
    ],
)
def test_number_prefixes_are_stripped(text: str, rest: str) -> None:
    assert strip_prefix(text)[0] == rest


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("选择课题", "select_topic"),
        ("主题选定", "select_topic"),
        ("现况把握", "current_state"),
        ("现状把握（续）", "current_state"),
        ("现状调查(续2)", "current_state"),
        ("目标设定", "set_target"),
        ("目标可行性分析", "target_feasibility"),
        ("解析", "cause_analysis"),
        ("要因分析", "cause_analysis"),
        ("真因验证", "main_causes"),
        ("要因确认", "main_causes"),
        ("确定主要原因", "main_causes"),
        ("对策拟定", "plan_countermeasures"),
        ("制订对策", "plan_countermeasures"),
        ("对策实施与检讨", "implement"),
        ("效果确认", "check_effect"),
        ("巩固措施", "consolidate"),
        ("标准化", "consolidate"),
        ("检讨与改进", "summary"),
        ("总结和今后打算", "summary"),
        ("提出各种方案", "propose_solutions"),
        ("确定最佳方案", "propose_solutions"),
        ("P 现状调查", "current_state"),
        ("D-对策实施", "implement"),
        ("M 测量", "current_state"),
        ("A 分析", "cause_analysis"),
        ("D4 根本原因分析", "cause_analysis"),
        ("D7 预防再发生", "consolidate"),
        ("五、末端因素逐一验证", "main_causes"),
    ],
)
def test_aliases(text: str, step: str) -> None:
    m = match_heading(text, strict=False)
    assert m is not None and m.steps[0] == step


@pytest.mark.parametrize(
    "text", ["计划阶段（P）", "P 计划", "实施阶段", "检查（C）", "处置阶段(A)", "D　实施计划（Do）"]
)
def test_pdca_group_headings(text: str) -> None:
    m = match_heading(text, strict=False)
    assert m is not None and m.steps == (GROUP,)


@pytest.mark.parametrize("text", ["小组概况", "目录", "活动计划", "活动计划与实施甘特图（虚框：计划 实色：实际）"])
def test_non_step_headings(text: str) -> None:
    m = match_heading(text, strict=False)
    assert m is not None and m.steps == (OTHER,)


@pytest.mark.parametrize(
    "text",
    [
        "通过现状调查发现虚焊占78%。",
        "现状调查表明不良主要集中在虚焊，需要进一步分析。",
        "选择课题时小组充分讨论了公司的要求和顾客的意见。",
        "一、选择课题......3",
    ],
)
def test_sentences_and_toc_lines_are_not_headings(text: str) -> None:
    assert match_heading(text, strict=True) is None


def test_two_steps_in_one_heading() -> None:
    m = match_heading("三、现状调查及目标设定", strict=False)
    assert m is not None and m.steps == ("current_state", "set_target")
    m = match_heading("六、对策制定与实施", strict=False)
    assert m is not None and m.steps == ("plan_countermeasures", "implement")


@pytest.mark.parametrize(
    ("text", "step"), [("降低焊接不良率——现状调查", "current_state"), ("XX小组 | 要因确认", "main_causes")]
)
def test_step_after_the_project_title_in_a_slide_title(text: str, step: str) -> None:
    m = match_heading(text, strict=False)
    assert m is not None and m.steps == (step,)
    assert match_heading(text, strict=True) is None


def _caq_deck(titles: list[str | None]) -> list:
    return [("降低焊接不良率", ["QC小组"])] + [(t, [f"内容{i}：数据{i}件"]) for i, t in enumerate(titles)]


def test_deck_with_caq_titles() -> None:
    names = [
        "一、选择课题",
        "二、现状调查",
        "三、设定目标",
        "四、原因分析",
        "五、确定主要原因",
        "六、制定对策",
        "七、对策实施",
        "八、效果检查",
        "九、制定巩固措施",
        "十、总结和下一步打算",
    ]
    seg = segment(deck(_caq_deck(names)))
    assert seg.ids() == CAQ_STEPS
    assert seg.get("current_state").pages == [3]
    assert seg.block_steps[:2] == [None, None]


def test_deck_numbered_with_formal_numerals() -> None:
    # 品管圈 decks number their sections 壹 … 拾壹 (seen fresh2 g43: six steps ran into 对策拟定)
    names = [
        "壹　圈组介绍",
        "贰　主题选定",
        "肆　现况把握——查检",
        "伍　目标设定",
        "陆　解析——鱼骨图",
        "陆　解析——真因验证",
        "柒　对策拟定",
        "捌　对策实施与检讨——对策一",
        "玖　效果确认",
        "拾　标准化",
        "拾壹　检讨与改进",
    ]
    seg = segment(deck(_caq_deck(names)))
    assert seg.ids() == CAQ_STEPS
    assert seg.get("set_target").pages == [5]
    assert seg.get("summary").pages == [12]


def test_deck_with_qcc_titles() -> None:
    names = [
        "主题选定",
        "活动计划拟定",
        "现况把握",
        "目标设定",
        "解析",
        "真因验证",
        "对策拟定",
        "对策实施与检讨",
        "效果确认",
        "标准化",
        "检讨与改进",
    ]
    seg = segment(deck(_caq_deck(names)))
    assert seg.ids() == CAQ_STEPS
    # 活动计划拟定 is not a step: its slide belongs to none
    assert 3 not in seg.get("select_topic").pages


def test_step_spanning_slides_with_continuation_and_untitled_slides() -> None:
    slides = [
        ("降低焊接不良率", ["QC小组"]),
        ("一、选择课题", ["选题理由"]),
        ("二、现状调查", ["调查1"]),
        ("现状调查（续）", ["调查2"]),
        (None, ["排列图 症结"]),
        ("分层分析", ["按班组"]),
        ("三、设定目标", ["目标"]),
    ]
    seg = segment(deck(slides))
    assert seg.get("current_state").pages == [3, 4, 5, 6]
    assert seg.get("set_target").pages == [7]


def test_a_non_step_label_with_its_content_inside_a_step_slide_stays_in_the_step() -> None:
    """ "工程概况：…" written as a line of the 选择课题 slide is a labelled line of that step; a slide titled
    小组简介 still holds no step, and a bare "工程概况" line still closes the step."""
    slides = [
        ("降低卫生间渗漏率", ["QC小组"]),
        ("小组简介", ["小组成立于2023年3月"]),
        ("一、选择课题", ["工程概况：某小区三期，高层住宅11栋", "首次闭水试验渗漏率7.5%，高于要求的4%"]),
        ("二、现状调查", ["调查"]),
    ]
    doc = deck(slides)
    seg = segment(doc)
    data = next(k for k, b in enumerate(doc.blocks) if b.text.startswith("首次闭水"))
    assert seg.block_steps[data] == "select_topic"
    team = next(k for k, b in enumerate(doc.blocks) if b.text.startswith("小组成立"))
    assert seg.block_steps[team] is None
    bare = [*slides[:2], ("一、选择课题", ["选题理由", "工程概况", "本工程为高层住宅"]), slides[3]]
    doc = deck(bare)
    tail = next(k for k, b in enumerate(doc.blocks) if b.text.startswith("本工程"))
    assert segment(doc).block_steps[tail] is None


def test_slide_holding_two_steps() -> None:
    slides = [
        ("降低焊接不良率", ["QC小组"]),
        ("现状调查及目标设定", ["症结是虚焊", "目标2%"]),
        ("原因分析", ["因果图"]),
    ]
    seg = segment(deck(slides))
    assert seg.get("current_state").pages == [2]
    assert seg.get("set_target").pages == [2]
    assert seg.get("set_target").via == "shared"


def test_two_steps_on_one_slide_by_body_heading() -> None:
    slides = [
        ("降低焊接不良率", ["QC小组"]),
        ("设定目标", ["目标：2%", "目标可行性论证", "历史最好水平1.8%"]),
        ("原因分析", ["因果图"]),
    ]
    seg = segment(deck(slides))
    assert seg.get("set_target").pages == [2]
    assert seg.get("target_feasibility").pages == [2]


def test_content_cue_titles_move_forward_only() -> None:
    slides = [
        ("降低焊接不良率", ["QC小组"]),
        ("选择课题", ["x"]),
        ("现状调查", ["y"]),
        ("设定目标", ["z"]),
        ("鱼骨图", ["人 机 料 法 环"]),
        ("要因确认表", ["测量"]),
        ("调查表", ["要因确认的现场调查"]),
    ]
    seg = segment(deck(slides))
    assert seg.get("cause_analysis").pages == [5]
    assert seg.get("main_causes").pages == [6, 7]  # 调查表 (a 现状调查 cue) does not go back


def test_table_of_contents_slide_is_ignored() -> None:
    slides = [
        ("降低焊接不良率", ["QC小组"]),
        ("目录", ["一、选择课题", "二、现状调查", "三、设定目标", "四、原因分析", "五、要因确认"]),
    ]
    slides += [
        (t, ["内容 12 件"]) for t in ["一、选择课题", "二、现状调查", "三、设定目标", "四、原因分析", "五、要因确认"]
    ]
    seg = segment(deck(slides))
    assert seg.get("select_topic").pages == [3]
    assert all(2 not in s.pages for s in seg.steps)


def test_txt_report_with_numbered_lines() -> None:
    doc = txt(
        "降低焊接不良率\n目录\n1. 选择课题\n2. 现状调查\n3. 设定目标\n4. 原因分析\n"
        "1. 选择课题\n选题理由：公司要求不良率低于2%。\n2. 现状调查\n通过现状调查发现，虚焊占78%。\n"
        "第三步 设定目标\n目标：2%\n（四）原因分析\n因果图\n五、要因确认\n要因确认：采用现场测量\n"
    )
    seg = segment(doc)
    assert seg.ids() == ["select_topic", "current_state", "set_target", "cause_analysis", "main_causes"]
    assert seg.get("select_topic").pages == [7, 8]
    assert seg.get("current_state").pages == [9, 10]  # the sentence starting 通过现状调查 stays inside


def test_docx_grouped_by_pdca() -> None:
    doc = report(
        [
            ("降低焊接不良率", 0),
            ("一、计划阶段（P）", 1),
            ("（一）选择课题", 2),
            "选题理由",
            ("（二）现状调查", 2),
            "调查数据",
            ("（三）设定目标", 2),
            ("（四）原因分析", 2),
            ("（五）确定主要原因", 2),
            ("（六）制定对策", 2),
            ("二、实施阶段（D）", 1),
            ("对策实施", 2),
            "实施内容",
            ("三、检查阶段（C）", 1),
            ("效果检查", 2),
            ("四、处置阶段（A）", 1),
            ("巩固措施", 2),
            ("总结和下一步打算", 2),
        ]
    )
    seg = segment(doc)
    assert seg.ids() == CAQ_STEPS
    assert seg.block_steps[1] is None  # the group heading itself belongs to no step
    assert seg.get("implement").pages == [12, 13]


def test_innovative_renames_standardisation_and_feasibility() -> None:
    slides = [
        ("研制快速装夹工装", ["QC小组"]),
        ("选择课题", ["x"]),
        ("设定目标及目标可行性论证", ["y"]),
        ("提出方案并确定最佳方案", ["z"]),
        ("制定对策", ["a"]),
        ("对策实施", ["b"]),
        ("效果检查", ["c"]),
        ("标准化", ["d"]),
        ("总结和下一步打算", ["e"]),
    ]
    seg = segment(deck(slides), "innovative")
    assert seg.ids() == [
        "select_topic",
        "set_target",
        "propose_solutions",
        "plan_countermeasures",
        "implement",
        "check_effect",
        "standardize",
        "summary",
    ]
    assert seg.get("set_target").name == "设定目标及目标可行性论证"


def test_eight_d_report() -> None:
    doc = report(
        [
            ("D1 成立团队", 1),
            "成员",
            ("D2 问题描述", 1),
            "不良 5%",
            ("D4 根本原因分析", 1),
            ("D5 永久纠正措施", 1),
            ("D6 实施", 1),
            ("D7 预防再发生", 1),
            ("D8 团队祝贺", 1),
        ]
    )
    seg = segment(doc)
    assert seg.ids() == [
        "current_state",
        "cause_analysis",
        "plan_countermeasures",
        "implement",
        "consolidate",
        "summary",
    ]


def test_missing_items_of_current_state() -> None:
    assert missing_items("current_state", "2023年抽查1200件，按缺陷类型分层，虚焊占72%") == ["症结"]
    assert missing_items("current_state", "共调查1200件，按缺陷分层，虚焊占72%，是症结") == []
    assert "依据" in missing_items("set_target", "目标：2%")


def test_retype_equals_segmenting_for_the_type() -> None:
    from nlp.sections import retype

    slides = [
        ("研制装置", ["x"]),
        ("设定目标及目标可行性论证", ["y"]),
        ("提出方案", ["z"]),
        ("标准化", ["d"]),
        ("总结", ["e"]),
    ]
    d = deck(slides)
    a = segment(d, "innovative")
    b = retype(d, segment(d), "innovative")
    assert a.ids() == b.ids() == ["set_target", "propose_solutions", "standardize", "summary"]
    assert a.block_steps == b.block_steps


def test_a_chart_label_read_off_a_scan_opens_no_step() -> None:
    """Seen fresh f19 (a scan): the axis labels of the 活动前后 chart ("活动前", "目标", "活动后") are OCR
    lines of their own; "目标" alone is a label, not the 设定目标 heading."""
    from ingest.model import Block, BlockKind, Document, SourceRef

    lines = [
        "九、效果检查",
        "2024年6-7月抽检2640个，不合格率3.48%，低于目标值4.0%",
        "活动前后接头不合格率",
        "活动前",
        "目标",
        "活动后",
    ]
    blocks = [
        Block(id=f"b{k}", kind=BlockKind.image_text, text=t, source=SourceRef(page=7, order=k, part="ocr"))
        for k, t in enumerate(lines)
    ]
    doc = Document(doc_id="s" * 16, filename="scan.pdf", format="pdf", pages=7, blocks=blocks)
    seg = segment(doc)
    assert set(seg.block_steps) == {"check_effect"}


def test_a_grid_header_cell_naming_an_earlier_step_opens_no_step() -> None:
    """Seen fresh2 g50: "目标" is a header cell of the 对策表 drawn from text boxes under "对策拟定（续）"; it
    does not take the slide back to 设定目标."""
    slides = [
        ("降低失禁性皮炎发生率", ["品管圈"]),
        ("三、目标设定", ["目标值 5%"]),
        ("六、对策拟定", ["对策表"]),
        ("六、对策拟定（续）", ["真因", "对策", "目标", "措施", "负责人", "2023.6.15"]),
        ("七、对策实施", ["对策一 实施"]),
    ]
    seg = segment(deck(slides))
    assert seg.get("set_target").pages == [2]
    assert seg.get("plan_countermeasures").pages == [3, 4]


def test_intangible_results_after_tangible_ones_stay_in_the_effect_check() -> None:
    """Seen fresh2 g44: "有形成果" then "无形成果" are the two halves of 效果确认, not 总结."""
    slides = [
        ("缩短检查预约耗时", ["品管圈"]),
        ("效果确认", ["活动后平均耗时11.6分钟"]),
        ("有形成果", ["目标达成率109.2%"]),
        ("无形成果", ["雷达图：活动前 活动后"]),
        ("标准化", ["《检查集中预约管理制度》"]),
        ("检讨与改进", ["下一步打算"]),
    ]
    seg = segment(deck(slides))
    assert seg.get("check_effect").pages == [2, 3, 4]
    assert seg.get("summary").pages == [6]


def test_report_contents_listing_a_part_that_is_no_step() -> None:
    """A Word report's 目录 as plain paragraphs, listing 品管圈's 活动计划拟定 between two steps: the
    whole list is a 目录, so its first line names no step and the 主题选定 heading further on opens the
    step with its content (a deck's 目录 slide written into a report, house-styles.md §1 and §4)."""
    listed = ["一、主题选定", "二、活动计划拟定", "三、现况把握", "四、目标设定", "五、解析", "六、对策拟定"]
    lines: list[str | tuple[str, int] | list[list[str]]] = [("降低术中低体温发生率", 0), "目  录", *listed]
    lines += [("一、主题选定", 1), "本院术中低体温发生率约25%", ["主题", "总分"], ("二、活动计划拟定", 1)]
    lines += [("三、现况把握", 1), "查检320例，发生84例", ("四、目标设定", 1), "目标值9.39%"]
    lines += [("五、解析", 1), "鱼骨图", ("六、对策拟定", 1), "对策表"]
    seg = segment(report(lines))
    first = seg.get("select_topic")
    assert first is not None and first.pages == [9, 10, 11]
    assert all(p not in s.pages for s in seg.steps for p in range(2, 9))


def test_a_scanned_focus_pdca_reads_its_letters_and_phases() -> None:
    """A scanned FOCUS-PDCA: OCR reads the dash after each letter as the numeral 一 ("F一发现问题（Find）"),
    and the D / C phases ("D一实施（Do）", "C一检查（Check）") are lines on pages that already hold a step
    heading. Each letter still opens its step, and a phase written in Chinese opens the one step it holds
    (seen fresh8 n51); an English subtitle under a step heading ("PLAN") still opens nothing."""
    from ingest.model import Block, BlockKind, Document, SourceRef

    pages = [
        ["F一发现问题（Find）", "2024年1—3月新发压力性损伤14例，发生率1.22‰。"],
        ["C一明确现状（Clarify）", "骶尾部9例，占64.3%。", "U一分析原因（Understand）", "鱼骨图分析骶尾部损伤原因。"],
        ["P一制定改进计划（Plan）", "改进计划表。", "D一实施（Do）", "5月起三项措施全面实施。"],
        ["C一检查（Check）", "6—8月发生率0.50‰，低于目标。", "A一处理（Act）", "写入护理规范。"],
    ]
    blocks = [
        Block(id=f"b{p}-{k}", kind=BlockKind.image_text, text=t, source=SourceRef(page=p, order=k, part="ocr"))
        for p, lines in enumerate(pages, start=1)
        for k, t in enumerate(lines)
    ]
    doc = Document(doc_id="f" * 16, filename="scan.pdf", format="pdf", pages=4, blocks=blocks)
    seg = segment(doc)
    for step, page in [
        ("select_topic", 1),
        ("current_state", 2),
        ("cause_analysis", 2),
        ("implement", 3),
        ("check_effect", 4),
        ("consolidate", 4),
    ]:
        assert seg.get(step) is not None and page in seg.get(step).pages, step
    plan = deck([("降低跌倒发生率", ["品管圈"]), ("六、对策拟定", ["PLAN", "对策表"]), ("七、对策实施", ["对策一"])])
    assert deck_steps(plan) == ["plan_countermeasures", "implement"]


def deck_steps(doc: Document) -> list[str]:
    return segment(doc).ids()


def _scan(pages: list[list[tuple[str, tuple[float, float, float, float]]]]) -> Document:
    from ingest.model import Block, BlockKind, SourceRef

    blocks = [
        Block(
            id=f"s{p}-{k}", kind=BlockKind.image_text, text=t, source=SourceRef(page=p, order=k, part="ocr", bbox=box)
        )
        for p, lines in enumerate(pages, start=1)
        for k, (t, box) in enumerate(lines)
    ]
    return Document(doc_id="e" * 16, filename="scan.pdf", format="pdf", pages=len(pages), blocks=blocks)


_BODY = "选题理由：2025年5月断纸86次，每次断纸平均损失纸量0.42吨、停机约11分钟，月损失约36吨成纸。" * 8


def _column(names: list[str], x1: float, y: float, step: float = 21.0) -> list[tuple[str, tuple[float, ...]]]:
    """A right-aligned column of labels (a 甘特图's task names) starting at `y`."""
    return [(n, (x1 - 14.0 * len(n), y + k * step, x1, y + k * step + 14)) for k, n in enumerate(names)]


def _gantt_scan(tasks: list[str]) -> Document:
    """Two scanned pages: a 活动计划 甘特图 whose task column lists `tasks`, then the steps' headings."""
    state = "肆、现况把握" if "主题选定" in tasks else "二、现状调查"
    target = "伍、目标设定" if "主题选定" in tasks else "三、设定目标"
    page1 = [(_BODY, (87.0, 80, 508, 300)), ("叁、活动计划拟定", (87.0, 308, 210, 330))]
    page1 += _column(tasks, 166.0, 371.0)
    page1 += [("图1 活动计划甘特图", (259.0, 612, 360, 629)), (state, (93.0, 640, 186, 659))]
    page1 += [("查检期间：2025年5月1日—5月31日，按部位分类统计，共86次。", (94.0, 664, 505, 686))]
    page2 = [(target, (84.0, 70, 180, 90)), ("目标：由86次降至56次。", (84.0, 100, 400, 120))]
    page2 += [("陆、对策实施", (84.0, 200, 180, 220)), ("对策一：7月完成喷嘴改型并验收。", (84.0, 230, 400, 250))]
    page2 += [("柒、效果确认", (84.0, 300, 180, 320)), ("活动后断纸49次，低于目标。", (84.0, 330, 400, 350))]
    page2 += [("捌、标准化", (84.0, 400, 180, 420)), ("修订《网部清洗作业标准》并执行。", (84.0, 430, 400, 450))]
    page2 += [(_BODY, (84.0, 460, 500, 700))]
    return _scan([page1, page2])


@pytest.mark.parametrize(
    "tasks",
    [
        # OCR misread two task names: the list runs on through them
        ["主题选定", "活动计划", "现况把探", "目标设定", "解析", "对系拟定", "对策实施", "效果确认", "标准化"],
        ["选择课题", "现状凋查", "设定目标", "原因分忻", "要因确认", "制定对策", "对策实施", "效果检查"],
    ],
)
def test_a_scanned_gantt_task_column_is_a_list_of_the_steps(tasks: list[str]) -> None:
    """A scanned 活动计划 甘特图: its task column names the steps in order, some misread by OCR. The column
    is a list of the steps, not their headings, so the real "现况把握"/"现状调查" heading below it opens its
    step (seen fresh12 r47, where 目标设定 on the chart came first and 现况把握 was never found)."""
    seg = segment(_gantt_scan(tasks))
    cur = seg.get("current_state")
    assert cur is not None and cur.pages == [1]
    assert [s.step_id for s in seg.steps] == ["current_state", "set_target", "implement", "check_effect", "consolidate"]


def test_the_step_list_thresholds_are_lexicon_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """`step_list` of lexicon/steps.yaml drives the run-on: with no misread line allowed, the 甘特图's
    column ends at "现况把探" and its later names are taken for headings again."""
    from nlp.steplex import lexicon

    tasks = ["主题选定", "活动计划", "现况把探", "目标设定", "解析", "对系拟定", "对策实施", "效果确认", "标准化"]
    steps = [s.step_id for s in segment(_gantt_scan(tasks)).steps]
    assert steps[0] == "current_state"
    monkeypatch.setitem(lexicon()["step_list"], "max_gaps", 0)
    assert [s.step_id for s in segment(_gantt_scan(tasks)).steps] != steps


def test_short_lines_out_of_the_column_end_the_list() -> None:
    """Headings of a scanned page each followed by a short chart label elsewhere on the page are no list."""
    lines = [
        (_BODY, (84.0, 10, 500, 60)),
        ("二、现状调查", (84.0, 70, 180, 90)),
        ("不良数", (300.0, 95, 340, 109)),
        ("三、设定目标", (84.0, 200, 180, 220)),
        ("活动前", (300.0, 225, 340, 239)),
        ("四、原因分析", (84.0, 330, 180, 350)),
        ("末端原因", (300.0, 355, 356, 369)),
        ("五、要因确认", (84.0, 460, 180, 480)),
    ]
    seg = segment(_scan([lines]))
    assert [s.step_id for s in seg.steps][:4] == ["current_state", "set_target", "cause_analysis", "main_causes"]


@pytest.mark.parametrize(
    ("text", "step"),
    [("七效果检查", "check_effect"), ("四提出方案 总体方案比较", "propose_solutions"), ("叁现况把握", "current_state")],
)
def test_a_section_number_glued_to_the_step_name(text: str, step: str) -> None:
    """A PDF slide title whose "、" the text layer set on a line of its own reads "七效果检查" (seen fresh12
    r43): the numeral before a whole step name is its number."""
    m = match_heading(text, strict=False)
    assert m is not None and m.steps[0] == step


@pytest.mark.parametrize("text", ["五金件装配不良", "一次合格率", "十字路口", "三现场检查"])
def test_a_word_that_starts_with_a_numeral_is_no_numbered_heading(text: str) -> None:
    assert match_heading(text, strict=False) is None
