"""Steps and type across the house styles of spec/house-styles.md: hospital PDCA/PDSA with English words,
品管圈 (问题解决型 and 课题达成型), FOCUS-PDCA, P/D/C/A grouped, 目录/CONTENTS slides, "01" section slides,
one step over several slides, two steps on one slide, titles with subtitles."""

from __future__ import annotations

import nlp
from ingest.model import Block, BlockKind, Document, Figure, FigureKind, SourceRef
from nlp.check import check
from tests.nlp.conftest import deck, txt

FILL = "本页数据：统计{n}例，占比{n}%，较上月变化{n}个百分点。"


def _slides(titles: list[str | tuple[str, list[str]]]) -> list[tuple[str | None, list[str]]]:
    out: list[tuple[str | None, list[str]]] = [("降低住院患者跌倒发生率", ["护理部品管圈"])]
    for k, t in enumerate(titles):
        title, extra = (t, []) if isinstance(t, str) else t
        out.append((title, [*extra, FILL.format(n=k + 3)]))
    return out


def _present(d) -> list[str]:
    return nlp.analyze(d).structure.ids()


def test_hospital_pdca_with_english_words() -> None:
    slides = _slides(
        [
            ("项目背景", ["BACKGROUND"]),
            ("问题陈述", ["PROBLEM STATEMENT"]),
            ("监测指标与改进目标", ["INDICATORS & GOALS"]),
            ("原因分析", ["鱼骨图"]),
            ("真因验证", ["柏拉图显示三项真因累计占82%"]),
            ("对策拟定（Plan）", ["PLAN"]),
            ("对策实施（Do）", ["DO"]),
            ("效果评价（Study）", ["STUDY"]),
            ("标准化巩固（Action）", ["ACTION"]),
            "项目成效",
            "持续改进",
        ]
    )
    a = nlp.analyze(deck(slides))
    assert a.structure.ids() == [
        "select_topic", "current_state", "set_target", "cause_analysis", "main_causes",
        "plan_countermeasures", "implement", "check_effect", "consolidate", "summary",
    ]  # fmt: skip
    assert a.project_type == "problem_solving"
    assert a.structure.get("plan_countermeasures").pages == [7]  # "PLAN" under the title is no phase
    assert a.structure.confident


def test_pinguanquan_problem_solving() -> None:
    titles = [
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
    a = nlp.analyze(deck(_slides(titles)))
    assert a.structure.ids() == [
        "select_topic", "current_state", "set_target", "cause_analysis", "main_causes",
        "plan_countermeasures", "implement", "check_effect", "consolidate", "summary",
    ]  # fmt: skip
    assert a.structure.get("select_topic").pages == [2]  # 活动计划拟定 (page 3) is no step


def test_pinguanquan_task_achieving_is_innovative() -> None:
    titles = [
        "主题选定",
        "活动计划拟定",
        "课题明确化",
        "目标设定",
        "方策拟定",
        "最适方策探究",
        "最适方策实施计划",
        "最适方策实施与检讨",
        "效果确认",
        "标准化",
        "检讨与改进",
    ]
    slides = _slides(titles)
    slides[0] = ("构建静脉用药集中调配新模式", ["药学部品管圈", "课题类型：课题达成型"])
    a = nlp.analyze(deck(slides))
    assert a.project_type == "innovative"
    assert a.structure.ids() == [
        "select_topic", "set_target", "propose_solutions", "plan_countermeasures", "implement",
        "check_effect", "standardize", "summary",
    ]  # fmt: skip


def test_focus_pdca_letters_and_phase_content() -> None:
    titles = [
        "F（Find）发现问题", "O（Organize）成立团队", "C（Clarify）明确现状", "U（Understand）分析原因",
        "S（Select）选择改进方案", "P（Plan）制定改进计划", "D（Do）实施", "C（Check）检查", "A（Act）标准化",
    ]  # fmt: skip
    a = nlp.analyze(deck(_slides(titles)))
    got = a.structure
    assert got.ids() == [
        "select_topic",
        "current_state",
        "cause_analysis",
        "plan_countermeasures",
        "implement",
        "check_effect",
        "consolidate",
    ]
    assert got.get("implement").pages == [8] and got.get("implement").via == "group"
    assert got.get("select_topic").pages == [2] and 3 not in got.pages_of(*got.ids())  # the team is no step


def test_grouped_pdca_with_caq_sub_steps() -> None:
    doc = txt(
        "降低焊接不良率\nP 阶段（计划）\n一、选择课题\n要求不良率低于2%，实际5.2%。\n二、现状调查\n抽查400件，分层统计。\n"
        "三、设定目标\n目标2%。\nD 阶段（实施）\n四、对策实施\n更换焊枪。\nC 阶段（检查）\n五、效果检查\n不良率1.8%。\n"
        "A 阶段（处理）\n六、巩固措施\n纳入作业指导书。\n"
    )
    ids = _present(doc)
    assert ids == ["select_topic", "current_state", "set_target", "implement", "check_effect", "consolidate"]


def test_contents_slide_names_no_step() -> None:
    slides = [
        ("降低转向节镗孔尺寸超差率", ["QC小组"]),
        ("CONTENTS", ["选择课题", "现状调查", "原因分析"]),
        ("小组概况", ["组长张伟"]),
        ("一、选择课题", ["顾客要求超差率≤0.8%，实际2.6%。"]),
    ]
    s = nlp.analyze(deck(slides)).structure
    assert s.ids() == ["select_topic"] and s.get("select_topic").pages == [4]


def test_section_number_slides_and_continuations() -> None:
    slides = [
        ("降低转向节镗孔尺寸超差率", ["QC小组"]),
        ("01", ["选题背景", "顾客要求超差率≤0.8%，实际2.6%。"]),
        ("02", ["现状调查", "抽查4000件，孔径超差占75%，是症结。"]),
        ("03", ["原因分析", "绘制因果图，分析到末端原因。"]),
        ("原因分析（续）", ["末端原因：主轴磨损、刀补周期长。"]),
        (None, ["续：末端原因共4条。"]),
    ]
    s = nlp.analyze(deck(slides)).structure
    assert s.ids() == ["select_topic", "current_state", "cause_analysis"]
    assert s.get("cause_analysis").pages == [4, 5, 6]


def test_two_steps_on_one_slide_and_subtitles() -> None:
    slides = [
        ("降低处理异常率", ["QC小组"]),
        ("主题选定｜主题评价", ["候选主题评价，选定本主题，异常率42%。"]),
        ("现状把握｜查检表", ["样本量300例，校验异常126例。", "目标设定", "目标值13.3%，按圈能力测算。"]),
        ("解析｜真因验证", ["对3个要因现场验证。"]),
    ]
    s = nlp.analyze(deck(slides)).structure
    assert s.ids() == ["select_topic", "current_state", "set_target", "main_causes"]
    assert s.get("current_state").pages == [3] and s.get("set_target").pages == [3]


def test_labelled_paragraph_report() -> None:
    """A short report written as labelled paragraphs: the labels are its structure."""
    doc = txt(
        "关于PVA粘度波动的攻关报告\n背景：客户反馈粘度偏高，6月批次粘度26.8mPa·s。\n现状：12批次均值25.8，极差3.5。\n"
        "目标：极差≤2.0mPa·s。\n原因分析（要因确认）：聚合温度相关系数0.87，为要因。\n"
    )
    ids = _present(doc)
    assert ids[:3] == ["select_topic", "current_state", "set_target"] and "main_causes" in ids


def test_labels_inside_a_headed_report_open_no_step() -> None:
    """ "效果确认：…" after each 对策 inside 对策实施 is a label, not the 效果检查 step."""
    doc = txt(
        "降低焊接不良率\n一、选择课题\n要求2%，实际5.2%。\n二、现状调查\n抽查400件。\n三、设定目标\n目标2%。\n"
        "四、对策实施\n对策一：更换焊枪。\n效果确认：不良率降至3%，达到对策目标。\n五、效果检查\n活动后1.8%。\n"
    )
    s = nlp.analyze(doc).structure
    assert s.get("check_effect").pages == [11, 12] and s.get("implement").pages == [8, 9, 10]


def test_unknown_type_of_a_report_still_uses_its_labels_for_the_verdict() -> None:
    rep = check(txt("关于粘度的报告\n背景：粘度偏高26.8。\n现状：均值25.8。\n"))
    assert rep.verdict == "需人工复核"


def test_step_names_only_in_banner_pictures_numbered_by_pdca_letter() -> None:
    """Slides without a text title whose step name is in a banner picture ("P1 / 选择课题 / PLAN", "D7 对策
    实施 DO", OCR's lower-case "c8"): the banner is the slide's heading, and "D7" before a PDCA step name
    is the step's number, not 8D's D7."""
    from ingest.model import Figure

    banners = [
        "P1\n选择课题\nPLAN",
        "P2\n现状调查\nPLAN",
        "P3\n设定目标\nPLAN",
        "P4\n原因分析\nPLAN",
        "P5\n要因确认\nPLAN",
        "P6\n制定对策\nPLAN",
        "D7\n对策实施\nDO",
        "c8\n效果检查\nCHECK",
        "A9\n巩固措施\nACT",
        "A10\n总结和下一步打算\nACT",
    ]
    figures = [Figure(kind=FigureKind.banner, confidence=0.9, image_hash=f"{k:016d}") for k in range(2, 12)]
    d = _banner_deck("降低侧围总成焊点漏焊率", list(zip(banners, figures, strict=True)), "b" * 16)
    s = nlp.analyze(d).structure
    assert s.ids() == [
        "select_topic", "current_state", "set_target", "cause_analysis", "main_causes",
        "plan_countermeasures", "implement", "check_effect", "consolidate", "summary",
    ]  # fmt: skip
    assert s.get("implement").pages == [8] and s.confident


def test_a_summary_title_that_opens_the_next_numbered_step_names_both() -> None:
    """ "现况把握小结  三、目标设定": the slide closes 现况把握 and holds the 目标设定 with its formula."""
    slides = _slides(
        [
            "一、主题选定",
            "二、现况把握",
            ("现况把握小结  三、目标设定", ["目标值＝72.5%＋27.5%×65.9%×80%＝87.0%"]),
            "四、解析",
            "五、真因验证",
            "六、对策拟定",
            "七、对策实施",
            "八、效果确认",
            "九、标准化",
            "十、检讨与改进",
        ]
    )
    s = nlp.analyze(deck(slides)).structure
    assert s.get("set_target").pages == [4] and 4 in s.get("current_state").pages


def test_an_english_subtitle_does_not_narrow_a_two_step_heading() -> None:
    """ "项目成效与持续改进" opens 效果 and 总结; its subtitle "ACHIEVEMENTS & NEXT" names only the first and
    must not take the slide's body away from 总结."""
    titles = [
        "项目背景",
        "问题陈述",
        "监测指标与改进目标",
        "原因分析",
        "真因验证",
        "对策拟定（Plan）",
        "对策实施（Do）",
        "效果评价（Study）",
        "标准化巩固（Act）",
        ("项目成效与持续改进", ["ACHIEVEMENTS & NEXT", "持续改进：下一轮聚焦Ⅱ类切口手术用药品种选择"]),
    ]
    a = nlp.analyze(deck(_slides(titles)))
    summary = a.structure.get("summary")
    assert summary is not None and len(summary.blocks) > 1
    assert "Z1" not in {f.rule for f in check(deck(_slides(titles))).findings if "下一步" in f.message}


def test_next_pdca_cycle_is_the_summary() -> None:
    titles = [
        "F 发现问题",
        "O 组织团队",
        "C 明确现状",
        "U 分析原因",
        "S 选择改进方案",
        "P 制定计划",
        "D 实施",
        "C 检查",
        "A 处理",
        ("进入下一个PDCA循环", ["NEXT CYCLE", "收获：团队学会用数据找根因", "下一循环：建立随访任务自动分配机制"]),
    ]
    rep = check(deck(_slides(titles)))
    assert {s.id: s.present for s in rep.steps}["summary"]
    assert not [f for f in rep.findings if f.rule in ("M-summary", "Z1")]


def test_task_achieving_plan_table_written_with_fang_ce() -> None:
    """品管圈 课题达成型: the 5W1H table is the 最适方策实施计划, its 对策 column headed 方策, its 措施 实施要点."""
    plan = [
        ["方策", "目标", "实施要点", "地点", "时间", "负责人"],
        ["HIS自动推送筛查", "24h筛查完成率≥98%", "入院评估时自动弹出筛查表", "全院住院病区", "2023.6.1—6.30", "秦磊"],
        ["营养师24h会诊", "24h评估率≥95%", "筛查≥3分自动生成会诊单", "全院住院病区", "2023.6.1—7.31", "谭丽"],
    ]
    titles = [
        "主题选定",
        "课题明确化",
        "目标设定",
        "方策拟定",
        "最适方策探究",
        "最适方策实施",
        ("最适方策实施计划", [plan]),
        "最适方策实施与检讨",
        "效果确认",
        "标准化",
        "检讨与改进",
    ]
    slides = _slides(titles)
    slides[-5] = ("最适方策实施计划", [plan])
    slides[0] = ("构建营养风险闭环管理模式", ["营养科品管圈", "课题类型：课题达成型"])
    rep = check(deck(slides))
    assert rep.fivew1h.found and rep.fivew1h.rows == 2 and all(rep.fivew1h.columns.values())
    assert rep.fivew1h.pages == [8] and "P2" not in {f.rule for f in rep.findings}
    assert 8 in {s.id: s for s in rep.steps}["plan_countermeasures"].pages


def test_a_label_starts_the_second_step_its_heading_named() -> None:
    """ "设定目标及目标可行性论证" opens both; "可行性论证（一）：…" below it starts the 论证."""
    titles = [
        "选择课题",
        (
            "设定目标及目标可行性论证",
            [
                "目标：复电时长由93分钟缩短至60分钟以内（上级指令性指标）",
                "可行性论证（一）：调取2022年4386张工单的时间戳，按环节分层",
            ],
        ),
        "原因分析",
        "要因确认",
        "制定对策",
        "对策实施",
        "效果检查",
        "巩固措施",
        "总结和下一步打算",
    ]
    d = deck(_slides(titles))
    a = nlp.analyze(d)
    label = next(i for i, b in enumerate(d.blocks) if b.text.startswith("可行性论证（一）"))
    assert a.structure.block_steps[label] == "target_feasibility"
    assert a.structure.block_steps[label - 1] == "set_target"


def test_hospital_pdsa_phase_headings_with_english_gloss() -> None:
    """Seen fresh f42: "八、实施（DO）" is the D phase (its content the 对策实施), "九、研究与评价（STUDY）"
    the 效果检查; "七、改进计划（PLAN）" stays the plan step."""
    from nlp.headings import match_heading

    do = match_heading("八、实施（DO）", strict=False)
    assert do is not None and do.steps == ("_group",) and do.letter == "D"
    study = match_heading("九、研究与评价（STUDY）", strict=False)
    assert study is not None and study.steps == ("check_effect",)
    plan = match_heading("七、改进计划（PLAN）", strict=False)
    assert plan is not None and plan.steps == ("plan_countermeasures",)


def test_banner_numbers_with_a_dash_and_focus_words() -> None:
    """Seen holdout h18: banner pictures read "P-01 / 选择课题 / PLAN", "C-08 效果检查 CHECK" (a dash between
    the PDCA letter and the number). FOCUS-PDCA words alone or glossed in Chinese, and "S（Select）选择方案"
    (the improvement plan chosen, not a 创新型 方案 step)."""
    from nlp.headings import match_heading

    for text, step in [
        ("P-01 选择课题 PLAN", "select_topic"),
        ("P-05 要因确认 PLAN", "main_causes"),
        ("C-08 效果检查 CHECK", "check_effect"),
        ("A·10 总结和下一步打算 ACT", "summary"),
        ("Find（发现问题）", "select_topic"),
        ("Clarify", "current_state"),
        ("U（Understand）真因验证", "main_causes"),
        ("S（Select）选择方案", "plan_countermeasures"),
    ]:
        m = match_heading(text, strict=False)
        assert m is not None and m.steps[0] == step, text
    m = match_heading("P（Plan）", strict=False)
    assert m is not None and m.letter == "P"
    # a FOCUS word in an English line under a title is a gloss, not a heading (fresh f30 "CLARIFY · GOAL"
    # under "C 明确现状—改进目标" must leave the 目标 on that slide to 设定目标)
    assert match_heading("CLARIFY · GOAL", strict=True) is None


def test_focus_letter_with_a_bar_before_a_phase_word_opens_that_phase() -> None:
    """Seen fresh3 h16: FOCUS-PDCA titles "F｜发现问题" … "S｜选择改进方案", "P｜制定计划", "D｜实施",
    "C｜检查效果": "D｜实施" is the D group heading, its content the 对策实施 (not 制定对策 continued, not a
    missing step and a veto)."""
    slides = _slides(
        [
            "F｜发现问题",
            "C｜明确现状",
            "C｜设定目标",
            "U｜分析原因",
            "U｜根因验证",
            "S｜选择改进方案",
            "P｜制定计划",
            ("D｜实施", ["6月起12个采血台全部配计时器，7月抽查结扎≤1min占97.1%"]),
            "C｜检查效果",
            "A｜标准化",
            "下一个PDCA循环",
        ]
    )
    s = nlp.analyze(deck(slides)).structure
    assert s.get("implement") is not None and s.get("implement").pages == [9]
    assert s.get("plan_countermeasures").pages == [7, 8]


def test_focus_letter_with_a_bar_before_its_english_word_reads_as_the_glossed_form() -> None:
    """Seen fresh6 k16: FOCUS-PDCA titles "F｜Find 发现问题" … "S｜Select 选择改进方案", "D｜Do 实施",
    "C｜Check 检查", "A｜Act 处理" (letter, bar, its own English word, Chinese) read nothing, so seven steps
    went missing. They read as "F（Find）发现问题"; a letter before another word is not rewritten."""
    from nlp.headings import match_heading

    for text, step in [
        ("F｜Find 发现问题", "select_topic"),
        ("C｜Clarify 明确现状（柏拉图）", "current_state"),
        ("C｜Clarify 目标设定", "set_target"),
        ("U｜Understand 分析原因", "cause_analysis"),
        ("U｜Understand 根因验证", "main_causes"),
        ("S｜Select 选择改进方案", "plan_countermeasures"),
        ("F - Find", "select_topic"),
    ]:
        m = match_heading(text, strict=False)
        assert m is not None and m.steps[0] == step, text
    for text, letter in [("D｜Do 实施", "D"), ("C｜Check 检查", "C"), ("A｜Act 处理", "A")]:
        m = match_heading(text, strict=False)
        assert m is not None and m.letter == letter, text
    slides = _slides(
        [
            "F｜Find 发现问题",
            "C｜Clarify 明确现状",
            "C｜Clarify 目标设定",
            "U｜Understand 分析原因",
            "U｜Understand 根因验证",
            "S｜Select 选择改进方案",
            ("D｜Do 实施", ["5月20日双推送上线，6月护士接收至医生知晓平均2.2分钟"]),
            ("C｜Check 检查", ["7月及时率93.1%，达到目标值92.5%"]),
            ("A｜Act 处理", ["修订《危急值报告与处置管理制度》，写入制度"]),
        ]
    )
    s = nlp.analyze(deck(slides)).structure
    for step, page in [("select_topic", 2), ("main_causes", 6), ("implement", 8), ("check_effect", 9)]:
        assert s.get(step) is not None and page in s.get(step).pages, step
    assert s.get("consolidate") is not None


def test_a_picture_of_a_banner_size_is_a_banner_though_ocr_read_an_extra_line() -> None:
    """Seen fresh3 h18: step names only in banner pictures; two banners OCR'd with their number on a line
    of its own ("P / 4 / 原因分析 / 计划 PLAN") were not classed banners by ingest, so their steps went
    missing (2 × M-* → 不评). A picture of the same size as the deck's banners is one of them."""
    from ingest.model import Figure

    banners = [
        ("P\n1\n选择课题\n计划 PLAN", True),
        ("P\n现状调查\n计划 PLAN", True),
        ("P\n设定目标\n计划 PLAN", True),
        ("P\n4\n原因分析\n计划 PLAN", False),
        ("P\n要因确认\n计划 PLAN", True),
        ("D\n6\n制定对策\n计划 PLAN", False),
        ("D\n对策实施\n实施DO", True),
        ("C\n效果检查\n检查 CHECK", True),
        ("A\n巩固措施\n处置ACT", True),
        ("A\n总结与打算\n处置ACT", True),
    ]
    figures = [
        Figure(
            kind=FigureKind.banner if seen else FigureKind.other,
            confidence=0.8,
            image_hash=f"{k:016d}",
            width=1600,
            height=150,
        )
        for k, (_, seen) in enumerate(banners, start=2)
    ]
    d = _banner_deck(
        "降低压缩机曲轴磨削外圆尺寸超差率", [(t, f) for (t, _), f in zip(banners, figures, strict=True)], "c" * 16
    )
    blocks = list(d.blocks)
    s = nlp.analyze(d).structure
    assert s.get("cause_analysis").pages == [5] and s.get("plan_countermeasures").pages == [7]
    # a picture of another size with the same text is not a heading (a chart, a photo)
    blocks[7] = blocks[7].model_copy(
        update={"figure": blocks[7].figure.model_copy(update={"width": 800, "height": 600})}
    )
    d2 = d.model_copy(update={"blocks": blocks})
    assert nlp.analyze(d2).structure.get("cause_analysis") is None


def _banner_deck(title: str, banners: list[tuple[str, Figure]], doc_id: str) -> Document:
    """A deck whose slides 2… carry only a banner picture (OCR text, the given Figure) and a paragraph."""
    blocks = [Block(id="t", kind=BlockKind.title, text=title, source=SourceRef(page=1, order=0))]
    for k, (text, fig) in enumerate(banners, start=2):
        src = SourceRef(page=k, order=0, part="ocr")
        blocks.append(Block(id=f"b{k}", kind=BlockKind.image_text, text=text, figure=fig, source=src))
        blocks.append(
            Block(id=f"p{k}", kind=BlockKind.paragraph, text=FILL.format(n=k), source=SourceRef(page=k, order=1))
        )
    return Document(doc_id=doc_id, filename="banners.pptx", format="pptx", pages=len(banners) + 1, blocks=blocks)


def _numbered_deck(implement_title: str | None) -> list[tuple[str | None, list[str]]]:
    titles: list[str | tuple[str, list[str]]] = [
        "一、选择课题",
        "二、现状调查",
        "三、设定目标",
        "四、原因分析",
        "五、要因确认",
        "六、制定对策",
    ]
    if implement_title is not None:
        titles.append((implement_title, ["对策一：更换焊枪，抽查120件全部合格，达到对策目标。"]))
    titles += ["八、效果检查", "九、巩固措施", "十、总结和下一步打算"]
    return _slides(titles)


def test_a_heading_of_the_steps_form_naming_no_step_makes_the_missing_step_a_review() -> None:
    """A missing-step veto needs positive evidence of absence (issue 10): where a title numbered like the
    step titles ("七、落实改进" between 六、制定对策 and 八、效果检查) names no step, 对策实施 may be that
    heading not read — 未能确认 and 需人工复核, never 不评 (seen fresh3 h16's "D｜实施")."""
    rep = check(deck(_numbered_deck("七、落实改进")))
    assert not any(f.rule == "M-implement" for f in rep.findings)
    assert rep.verdict == "需人工复核" and any("七、落实改进" in r for r in rep.verdict_reasons)
    assert next(s for s in rep.steps if s.id == "implement").status == "unconfirmed"
    # no such heading where the step would stand: its absence is evidence, the veto stands
    bare = check(deck(_numbered_deck(None)))
    assert any(f.rule == "M-implement" for f in bare.findings) and bare.verdict == "不评"


def test_focus_pdca_letters_in_square_brackets() -> None:
    """FOCUS-PDCA banner letters written in 【】 (seen fresh11 q48): each letter is read as if written bare,
    so the slides name their steps."""
    titles = [
        "【F】发现问题", "【O】成立改进小组", "【C】明确现状——查检", "【C】目标设定", "【U】分析原因",
        "【U】要因评价与根因验证", "【S】选择改进方案", "【D】实施", "【C】效果确认", "【A】标准化", "持续改进",
    ]  # fmt: skip
    got = nlp.analyze(deck(_slides(titles))).structure
    assert got.ids() == [
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
    assert got.get("cause_analysis").pages == [6]


def test_focus_pdca_bare_select_letter_and_other_translations() -> None:
    """FOCUS-PDCA in its other Chinese words (seen fresh11 q49): C 澄清现状 is 现状调查, a bare S in front of
    选择方案 is choosing the improvement plan (制定对策, not a 创新型 方案 step), a closing slide titled
    下一步 is the 总结."""
    titles = [
        "Step 1  F—发现问题", "Step 3  C—澄清现状", "Step 4  U—原因分析", "Step 5  S—选择方案",
        "Step 7  D—实施", "Step 8  C—检查", "Step 9  A—标准化", "下一步",
    ]  # fmt: skip
    got = nlp.analyze(deck(_slides(titles))).structure
    assert got.ids() == [
        "select_topic",
        "current_state",
        "cause_analysis",
        "plan_countermeasures",
        "implement",
        "check_effect",
        "consolidate",
        "summary",
    ]
    assert "propose_solutions" not in got.ids()


def test_bracketed_numbers_and_english_aliases_running_into_chinese() -> None:
    from nlp.headings import match_heading

    def steps(s: str, *, strict: bool = False) -> tuple[str, ...] | None:
        m = match_heading(s, strict=strict)
        return m.steps if m else None

    assert steps("【二】现状调查") == ("current_state",)
    assert steps("[3]设定目标") == ("set_target",)
    assert steps("(F)发现问题") == ("select_topic",)
    assert steps("下一轮PDCA循环") == ("summary",)  # 下一轮PDCA, the Chinese after it is no longer word
    assert steps("ACHIEVEMENTS & NEXT STEP") == ("check_effect", "summary")
    # "下一步" alone is a closing title; a body line labelled 下一步 names no step
    assert steps("下一步") == ("summary",)
    assert steps("下一步：开展“降低返修率”课题", strict=True) is None
    assert steps("S 研究") is None  # PDSA's S (Study) names no 方案


def test_phase_word_glossed_by_a_step_name_is_that_step() -> None:
    """A FOCUS-PDCA / PDCA deck that glosses its phase word with the step it holds ("A——处理（标准化）", seen
    fresh14 u68 as a PDF): the heading names the step, so 巩固 is found and not folded into 效果检查; a phase
    word glossed by its English word or by no step name stays a group heading."""
    from nlp.headings import GROUP, match_heading

    named = {
        "A——处理（标准化）": "consolidate",
        "A 处置（巩固与标准化）": "consolidate",
        "八、实施（对策实施）": "implement",
        "C—检查（效果确认）": "check_effect",
    }
    for text, step in named.items():
        m = match_heading(text, strict=False)
        assert m is not None and m.steps[0] == step, text
    for text in ("C——检查（Check）", "实施（DO）", "P（计划）阶段"):
        m = match_heading(text, strict=False)
        assert m is not None and m.steps == (GROUP,), text
    assert match_heading("处理（人员）", strict=False) is None

    titles = [
        "F——发现问题",
        "O——组织团队",
        "C——明确现状",
        "U——分析原因",
        "S——选择改进方案",
        "P——制定计划",
        ("D——实施", ["计划一：信息化推送上线，通知滞后平均0.6分钟"]),
        ("C——检查", ["活动后平均时间25.3分钟，达到目标"]),
        ("A——处置（标准化）", ["制定《接台管理规定》（GL-012），9月1日起执行", "9月跟踪平均25.8分钟，效果保持"]),
        ("下一循环", ["下一个循环：缩短急诊插台等待时间"]),
    ]
    rep = check(deck(_slides(titles)))
    assert {s.id: s.present for s in rep.steps}["consolidate"]
    assert not [f for f in rep.findings if f.rule == "M-consolidate"]
