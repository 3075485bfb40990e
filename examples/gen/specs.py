"""The fixed list of corpus projects (2019–2023) and 2024 submissions."""

from __future__ import annotations

import random

from .plan import Spec
from .styles import Style

# (topic, format, extra) per year; extra keys: directive, defects, form, style, deck, heading_mode
CORPUS_PLAN: dict[int, list[tuple[str, str, dict]]] = {
    2019: [("ps01", "pptx", {"form": True}), ("ps13", "docx", {"style": Style("qcc", "cn")}), ("in01", "pptx", {}),
           ("ps20", "pdf", {}), ("ps05", "docx", {"directive": True, "defects": {"w_all_members"}}), ("in09", "pptx", {}),
           ("ps29", "docx", {}), ("ps24", "pptx", {})],
    2020: [("ps03", "docx", {}), ("in03", "pptx", {"form": True}), ("ps09", "pptx", {"form": True}), ("ps17", "pdf", {}),
           ("ps31", "pptx", {"directive": True}), ("in12", "docx", {}), ("ps21", "docx", {"defects": {"k1_scoring"}}),
           ("in18", "pptx", {})],
    2021: [("ps04", "pptx", {}), ("ps15", "docx", {"directive": True, "form": True}), ("in05", "pdf", {}), ("ps23", "pptx", {}),
           ("in07", "pptx", {}), ("ps10", "docx", {}), ("ps34", "pptx", {"defects": {"no_summary"}}), ("in15", "docx", {})],
    2022: [("ps16", "docx", {}), ("ps06", "pptx", {"form": True}), ("in08", "pptx", {}), ("ps12", "pdf", {}),
           ("ps25", "docx", {}), ("in13", "pptx", {}), ("ps28", "pptx", {"directive": True, "form": True}), ("in19", "pdf", {})],
    2023: [("ps27", "pptx", {"form": True}), ("ps08", "docx", {"directive": True}), ("in10", "docx", {"form": True}),
           ("ps18", "pptx", {}), ("ps19", "pdf", {}), ("in16", "pptx", {}), ("in04", "docx", {}), ("in20", "pdf", {})],
}

AWARDS = ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖", "优秀奖", None]


def _style(rng: random.Random, innovative: bool) -> Style:
    names = "caq_in" if innovative else rng.choice(["caq", "caq", "alias"])
    numbering = rng.choice(["cn", "cn", "paren", "arabic", "step", "none"])
    pdca = rng.random() < 0.2
    return Style(names, numbering, pdca, rng.randrange(3))


def _deck(rng: random.Random) -> dict:
    return {
        "title_mode": rng.choice(["placeholder", "placeholder", "textbox", "mixed"]),
        "continuation": rng.choice(["（续）", "", "（续）"]),
        "nested_groups": rng.random() < 0.4,
        "merge_summary": rng.random() < 0.4,
        "font_size": rng.choice([14, 16, 16, 18]),
    }


def corpus_specs() -> list[Spec]:
    rng = random.Random("corpus-styles")
    out = []
    for year, rows in CORPUS_PLAN.items():
        for i, (topic, fmt, extra) in enumerate(rows):
            innovative = topic.startswith("in")
            style = extra.get("style") or _style(rng, innovative)
            spec = Spec(
                pid=f"P{year}-{i + 1:02d}", year=year, topic_key=topic, fmt=fmt, style=style, deck=_deck(rng),
                heading_mode=rng.choice(["styles", "bold"]), directive=extra.get("directive", False),
                defects=set(extra.get("defects", set())), form=extra.get("form", False), award=rng.choice(AWARDS),
            )
            out.append(spec)
    return out


def submission_specs(corpus: list[Spec]) -> list[Spec]:
    by_topic = {s.topic_key: s for s in corpus}
    d = {"title_mode": "placeholder", "continuation": "（续）", "nested_groups": False, "merge_summary": False, "font_size": 16}
    return [
        Spec("S01", 2024, "ps22", "pptx", Style("caq", "cn"), deck=d, form=True, note="clean"),
        Spec("S02", 2024, "in06", "docx", Style("caq_in", "arabic"), heading_mode="styles", form=True, note="clean"),
        Spec("S03", 2024, "ps30", "pdf", Style("caq", "step"), heading_mode="bold", directive=True, form=True, note="clean"),
        Spec("S04", 2024, "ps14", "pptx", Style("qcc", "paren"), deck=dict(d, title_mode="mixed", merge_summary=True), form=True,
             company_key=None, note="clean; same hospital as a corpus project, different topic"),
        Spec("S05", 2024, "in11", "docx", Style("caq_in", "cn", pdca=True, pdca_variant=1), heading_mode="bold", note="clean; no form"),
        Spec("S06", 2024, "ps02", "pptx", Style("caq", "cn"), deck=dict(d, title_mode="textbox"), defects={"no_main_causes"},
             form=True, note="missing 要因确认; verbatim passages"),
        Spec("S07", 2024, "ps07", "docx", Style("alias", "paren"), heading_mode="styles",
             defects={"w_no_where", "w_all_members", "w_target_no_number"}, form=True, note="incomplete 5W1H; light edits; paraphrase"),
        Spec("S08", 2024, "ps11", "pptx", Style("caq", "arabic"), deck=dict(d, title_mode="mixed", nested_groups=True),
             defects={"k1_scoring", "x2_two_categories"}, form=True, note="K1, X2; reordered passages"),
        Spec("S09", 2024, "ps26", "pdf", Style("caq", "cn"), heading_mode="styles", directive=True,
             defects={"q1_fishbone_in_survey", "e3_target_missed", "a1_vague_consolidate"}, form=True, note="Q1, E3, A1"),
        Spec("S10", 2024, "in17", "pptx", Style("caq_in", "cn"), deck=dict(d, continuation=""), defects={"t1_ps_title", "s2_no_numbers"},
             form=True, form_defects={"credit_code_invalid", "project_type_double_ticked"}, title="缩短转炉出钢口更换时间",
             note="T1, S2; bad form"),
        Spec("S11", 2024, "ps16", "docx", Style("alias", "cn"), heading_mode="bold", form=True,
             title="提升住宅楼现浇楼板厚度控制合格率", seed_from=by_topic["ps16"].pid, note="renamed past project"),
        Spec("S12", 2024, "ps33", "pptx", Style("caq", "cn"), deck=dict(d, nested_groups=True), form=True, note="mutual copy with S13"),
        Spec("S13", 2024, "ps32", "docx", Style("caq", "paren"), heading_mode="styles", defects={"no_consolidate", "w_blank_cells"}, form=True,
             note="mutual copy with S12; missing 巩固措施; blank 5W1H cell"),
        Spec("S14", 2024, "ps27", "pptx", Style("caq", "cn"), deck=dict(d, title_mode="textbox"), form=True,
             title="进一步降低电商仓库订单拣货差错率", seed_from=by_topic["ps27"].pid, note="same-company resubmission of last year's project"),
    ]
