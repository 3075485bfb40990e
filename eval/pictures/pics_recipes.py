"""The ten document recipes of the picture set. Each recipe is built twice — once with a tune theme,
once with a holdout theme — so both halves have the same mix of picture classes, placements and
formats (PPTX ×6, DOCX ×2, PDF ×2)."""

from __future__ import annotations

import random

import pics_charts as ch
import pics_draw as dr
from pics_content import (
    CF_HEADER,
    CM_HEADER,
    body,
    cf_rows,
    cm_rows,
    draw,
    drawn_confirmation,
    drawn_countermeasures,
    eval_rows,
)
from pics_docx import Report
from pics_pptx import Deck

STEP_NO = ["一", "二", "三", "四", "五", "六"]


def r1_construction(name: str, t: dict, seed: str) -> Deck:
    d = Deck(name)
    s = d.slide()
    d.textbox(s, [t["title"]], 60, 190, 700, 80, size=32)
    d.textbox(s, [t["org"]], 60, 290, 700, 40, size=18)
    d.picture(s, draw(dr.logo, f"{seed}:logo"), 800, 30, 120, 120, note="title slide logo")
    s = d.slide()
    d.picture(s, draw(dr.banner, f"{seed}:banner", "一、选择课题", t["banner_en"]), 0, 180, 960, 180)
    s = d.slide("现状调查", body("现状调查", t))
    d.picture(s, draw(ch.pareto, f"{seed}:pareto", t), 470, 100, 470, 400)
    s = d.slide("原因分析")
    d.picture(s, draw(dr.fishbone, f"{seed}:fish", t), 40, 90, 880, 440)
    s = d.slide("制定对策")
    cells, widths = drawn_countermeasures(t)
    d.drawn_table(s, cells, 30, 110, widths, 44, "rects", size=11)
    s = d.slide("对策实施")
    d.picture(s, draw(dr.photo, f"{seed}:ph1", t["photos"][0]), 40, 100, 430, 330)
    d.picture(s, draw(dr.photo, f"{seed}:ph2", None), 490, 100, 430, 330, note="caption in a text box beside it")
    d.textbox(s, [t["photos"][1]], 560, 440, 300, 30, size=14)
    s = d.slide("效果检查", body("效果检查", t))
    d.picture(s, draw(ch.bar, f"{seed}:bar", t), 470, 100, 460, 400)
    return d


def r2_power(name: str, t: dict, seed: str) -> Deck:
    d = Deck(name)
    s = d.slide()
    d.textbox(s, [t["title"], t["org"]], 60, 200, 820, 120, size=28)
    s = d.slide("活动计划")
    d.picture(s, draw(ch.gantt, f"{seed}:gantt", t), 60, 90, 840, 440)
    s = d.slide("现状调查", body("现状调查", t))
    d.picture(s, draw(ch.pie, f"{seed}:pie", t), 480, 100, 450, 400)
    s = d.slide()
    d.picture(s, draw(dr.banner, f"{seed}:banner", "二、原因分析", None), 80, 200, 800, 140)
    s = d.slide("要因确认")
    cells, widths = drawn_confirmation(t, "全体组员")
    g = d.group(s)
    d.drawn_table(g, cells, 30, 110, widths, 48, "textboxes", size=11)
    s = d.slide("效果检查", body("效果检查", t), body_box=(40, 430, 880, 80))
    d.picture(s, draw(ch.line, f"{seed}:line", t), 120, 90, 720, 340)
    s = d.slide("巩固措施")
    d.picture(s, draw(ch.control_chart, f"{seed}:cc", t), 50, 100, 860, 420)
    return d


def r3_manufacturing(name: str, t: dict, seed: str) -> Deck:
    d = Deck(name)
    s = d.slide("现状调查", body("现状调查", t))
    d.picture(s, draw(ch.histogram, f"{seed}:hist", t), 470, 100, 470, 400)
    s = d.slide("现状调查（续）", ["过程不稳定，存在异常波动。"], body_box=(40, 470, 880, 50))
    d.picture(s, draw(ch.control_chart, f"{seed}:cc", t), 80, 90, 800, 380)
    s = d.slide("原因分析", body("原因分析", t))
    d.picture(s, draw(ch.scatter, f"{seed}:scatter", t), 480, 100, 440, 400)
    s = d.slide("制定对策")
    pic = draw(lambda rng: dr.table_image("表4 对策表", CM_HEADER, cm_rows(t), rng, "grid"), f"{seed}:cmimg")
    d.picture(s, pic, 30, 100, 900, 400, note="对策表 screenshot")
    s = d.slide()
    d.picture(s, draw(dr.banner, f"{seed}:banner", "三、效果检查", t["banner_en"]), 0, 190, 960, 170)
    s = d.slide("对策实施")
    g = d.group(s)
    d.picture(g, draw(dr.photo, f"{seed}:ph", t["photos"][2]), 200, 100, 560, 360, placement="group")
    d.textbox(g, ["图 " + t["photos"][2]], 330, 470, 300, 30, size=14)
    s = d.slide("要因确认")
    cells, widths = drawn_confirmation(t, "质量员")
    g = d.group(s)
    d.drawn_table(g, cells, 30, 110, widths, 46, "rects", size=11)
    return d


def r4_hospital(name: str, t: dict, seed: str) -> Deck:
    d = Deck(name)
    s = d.slide("活动计划拟定")
    d.picture(s, draw(ch.gantt, f"{seed}:gantt", t), 60, 90, 840, 440)
    s = d.slide("现况把握", body("现状调查", t))
    d.picture(s, draw(ch.pareto, f"{seed}:pareto", t), 470, 100, 470, 400)
    s = d.slide("解析")
    d.picture(s, draw(dr.fishbone, f"{seed}:fish", t), 40, 90, 880, 440)
    s = d.slide("要因评价")
    header, rows = eval_rows(t, random.Random(f"{seed}:eval"))
    pic = draw(lambda rng: dr.table_image("要因评价表", header, rows, rng, "none"), f"{seed}:evalimg")
    d.picture(s, pic, 80, 100, 800, 380, note="要因评价表 screenshot")
    s = d.slide("真因验证")
    d.picture(s, draw(lambda rng: dr.photo(t["photos"][0], rng, "top"), f"{seed}:ph1"), 40, 100, 430, 330)
    d.picture(s, draw(lambda rng: dr.photo(t["photos"][1], rng, "top"), f"{seed}:ph2"), 490, 100, 430, 330)
    s = d.slide("效果确认")
    d.picture(s, draw(ch.radar, f"{seed}:radar", t), 30, 100, 440, 400, note="无形成果")
    d.picture(s, draw(ch.bar, f"{seed}:bar", t), 490, 100, 440, 400)
    s = d.slide()
    d.picture(s, draw(dr.banner, f"{seed}:banner", "五、标准化", "STANDARDIZATION"), 0, 190, 960, 170)
    return d


def r5_edge_cases(name: str, t: dict, seed: str) -> Deck:
    d = Deck(name)
    s = d.slide()
    d.textbox(s, [t["title"]], 60, 300, 840, 80, size=30)
    for i in range(3):
        d.picture(s, draw(dr.logo, f"{seed}:icon{i}"), 240 + 180 * i, 110, 110, 110, note="small icon")
    s = d.slide("小组活动照片")
    d.cell_picture(
        s, draw(dr.photo, f"{seed}:cellph", t["photos"][1]), ["现场照片", "说明"], 2, (1, 0), 120, 100, 360, 300
    )
    s = d.slide("原因分析")
    outer = d.group(s)
    inner = d.group(outer)
    d.picture(
        inner,
        draw(dr.flowchart, f"{seed}:flow", ["成立小组", "现状调查", "原因分析", "要因确认", "制定对策", "效果检查"]),
        60,
        110,
        840,
        300,
        placement="nested_group",
    )
    d.textbox(outer, ["图 活动流程"], 400, 430, 200, 30, size=14)
    s = d.slide("效果检查", ["对策实施后指标持续改善。"], body_box=(40, 460, 880, 50))
    d.picture(s, draw(ch.bar, f"{seed}:bar", t), 30, 100, 440, 350)
    d.picture(s, draw(ch.line, f"{seed}:line", t), 490, 100, 440, 350)
    s = d.slide("制定对策")
    cells, widths = drawn_countermeasures(t)
    d.drawn_table(s, cells, 30, 110, widths, 44, "textboxes", size=11)
    return d


def r6_text_heavy(name: str, t: dict, seed: str) -> Deck:
    d = Deck(name)
    long_body = lambda step: [*body(step, t), "数据来源：小组现场统计及系统台账。", "详细数据见附表。"]  # noqa: E731
    s = d.slide("选择课题", long_body("选择课题"), body_box=(40, 95, 560, 400))
    d.picture(s, draw(ch.pie, f"{seed}:pie", t), 640, 250, 290, 260, note="small picture beside text")
    s = d.slide("设定目标", long_body("设定目标"), body_box=(40, 95, 560, 400))
    d.picture(s, draw(ch.bar, f"{seed}:bar", t), 640, 250, 290, 260, note="small picture beside text")
    s = d.slide("原因分析", long_body("原因分析"), body_box=(40, 95, 560, 400))
    d.picture(s, draw(ch.scatter, f"{seed}:scatter", t), 640, 250, 290, 260, note="small picture beside text")
    s = d.slide("效果检查", long_body("效果检查"), body_box=(40, 95, 560, 400))
    d.picture(s, draw(ch.line, f"{seed}:line", t), 640, 250, 290, 260, note="small picture beside text")
    s = d.slide(None, ["以下为对策实施阶段的主要工作。"], body_box=(40, 200, 880, 200))
    d.picture(s, draw(dr.banner, f"{seed}:banner", f"{STEP_NO[3]}、对策实施", None), 0, 20, 960, 150)
    return d


def r7_report(name: str, t: dict, seed: str) -> Report:
    r = Report(name)
    r.heading(t["title"], 0)
    r.para(f"{t['org']}成果报告。本报告按照PDCA循环的顺序介绍活动过程。")
    r.heading("一、现状调查")
    r.para("小组对活动前的数据进行了分层统计，结果见下图。")
    r.picture(draw(ch.pareto, f"{seed}:pareto", t), 15, "图1 排列图")
    r.heading("二、原因分析")
    r.picture(draw(dr.fishbone, f"{seed}:fish", t), 16, "图2 因果图")
    r.para("测量数据的分布情况如下。")
    r.picture(draw(ch.histogram, f"{seed}:hist", t), 14, "图3 直方图")
    r.heading("三、制定对策")
    pic = draw(lambda rng: dr.table_image("表1 对策表", CM_HEADER, cm_rows(t), rng, "three"), f"{seed}:cmimg")
    r.picture(pic, 16, note="对策表 screenshot")
    r.heading("四、对策实施")
    photos = [(draw(dr.photo, f"{seed}:ph{i}", cap), f"图{4 + i}") for i, cap in enumerate(t["photos"][:2])]
    photos += [
        (draw(lambda rng: dr.photo(t["photos"][2], rng, "top"), f"{seed}:ph2"), "图6"),
        (draw(dr.photo, f"{seed}:ph3", "改进后现场"), "图7"),
    ]
    r.pictures_in_table(photos, 2, 7.5)
    return r


def r8_record(name: str, t: dict, seed: str) -> Report:
    r = Report(name)
    r.heading(f"{t['title']}活动实施记录", 0)
    r.para("活动计划与实际进度对照如下。")
    r.picture(draw(ch.gantt, f"{seed}:gantt", t), 16)
    r.heading("现状记录")
    r.picture(draw(ch.pie, f"{seed}:pie", t), 12)
    r.heading("要因确认记录")
    pic = draw(lambda rng: dr.table_image("要因确认表", CF_HEADER, cf_rows(t), rng, "grid"), f"{seed}:cfimg")
    r.picture(pic, 16, note="要因确认表 screenshot")
    r.heading("效果检查记录")
    r.picture(draw(ch.control_chart, f"{seed}:cc", t), 15)
    r.picture(draw(ch.bar, f"{seed}:bar", t), 12)
    r.picture(draw(ch.line, f"{seed}:line", t), 14)
    return r


def r9_pdf_report(name: str, t: dict, seed: str) -> Report:
    r = Report(name, "pdf")
    r.picture(draw(dr.banner, f"{seed}:banner", "一、选择课题", None), 16, note="section banner")
    r.heading(t["title"], 1)
    r.para(f"{t['org']}。本成果经小组全体成员讨论定稿。")
    r.picture(draw(ch.pareto, f"{seed}:pareto", t), 14, "图1 排列图")
    r.picture(draw(dr.fishbone, f"{seed}:fish", t), 15, "图2 因果图")
    r.page_break()
    r.heading("对策表", 2)
    r.plain_table(CM_HEADER, cm_rows(t))
    r.para("各项对策均已按期完成。")
    r.picture(draw(ch.scatter, f"{seed}:scatter", t), 12, "图3 散布图")
    r.picture(draw(dr.photo, f"{seed}:ph", t["photos"][0]), 11, "图4 现场照片")
    return r


def r10_pdf_record(name: str, t: dict, seed: str) -> Report:
    r = Report(name, "pdf")
    r.heading(f"{t['title']}（实施记录）", 1)
    r.picture(
        draw(dr.flowchart, f"{seed}:flow", ["选择课题", "现状调查", "原因分析", "制定对策", "效果检查", "巩固措施"]), 15
    )
    r.picture(draw(ch.gantt, f"{seed}:gantt", t), 15)
    r.page_break()
    r.heading("要因确认", 2)
    r.plain_table(CF_HEADER, cf_rows(t))
    r.picture(draw(ch.histogram, f"{seed}:hist", t), 13)
    r.page_break()
    r.picture(draw(ch.control_chart, f"{seed}:cc", t), 15)
    header, rows = eval_rows(t, random.Random(f"{seed}:eval"))
    r.picture(
        draw(lambda rng: dr.table_image(None, header, rows, rng, "none"), f"{seed}:evalimg"),
        14,
        note="要因评价表 screenshot",
    )
    return r


RECIPES = [
    r1_construction,
    r2_power,
    r3_manufacturing,
    r4_hospital,
    r5_edge_cases,
    r6_text_heavy,
    r7_report,
    r8_record,
    r9_pdf_report,
    r10_pdf_record,
]
THEMES = {
    "tune": ["T1", "T2", "T3", "T4", "T5", "T6", "T5", "T2", "T6", "T3"],
    "holdout": ["H1", "H2", "H3", "H4", "H5", "H6", "H5", "H2", "H6", "H3"],
}
