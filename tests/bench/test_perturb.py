"""The rewrites of bench/perturb.py keep what a reviewer reads: the steps, the verdicts, the numbers — on a
small hand-written item in source.yaml form, not an eval item."""

from __future__ import annotations

import copy
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import perturb


def _item() -> dict[str, Any]:
    slides = [
        {"layout": "cover", "title": "降低焊接不良率", "body": ["某公司QC小组"]},
        {"title": "一、选择课题", "step": "select_topic", "body": ["不良率8%，公司要求≤3%"]},
        {
            "title": "二、现状调查",
            "step": "current_state",
            "body": ["检查400件", "不良32件", "虚焊占78%", "其余为气孔"],
            "visuals": [{"kind": "realtable", "rows": [["缺陷", "频数"], ["虚焊", "25"], ["气孔", "7"]]}],
        },
        {
            "title": "三、要因确认",
            "step": "main_causes",
            "visuals": [
                {"kind": "realtable", "rows": [["末端原因", "结论"], ["电流不稳", "要因"], ["培训不足", "非要因"]]}
            ],
        },
        {"title": "四、效果检查", "step": "check_effect", "body": ["经验证，不良率降至2.5%", "效果明显"]},
    ]
    return {"id": "x01", "files": [{"role": "main", "name": "x.pptx", "kind": "pptx", "slides": slides}]}


def _apply(name: str, seed: str = "s") -> dict[str, Any] | None:
    return perturb.PERTURBATIONS[name](copy.deepcopy(_item()), random.Random(seed))


def _titles(item: dict[str, Any]) -> list[str]:
    return [str(u.get("title")) for u in item["files"][0]["slides"]]


def test_same_seed_same_rewrite() -> None:
    for name in perturb.PERTURBATIONS:
        assert _apply(name) == _apply(name)


def test_step_alias_names_the_same_step_otherwise() -> None:
    out = _apply("step_alias")
    assert out is not None
    for unit, step in perturb._step_units(out["files"][0]):
        names = perturb.VOCAB["step_aliases"][step]
        assert any(n in unit["title"] for n in names)
    assert _titles(out)[1:] != _titles(_item())[1:]


def test_numbering_changes_only_the_number() -> None:
    out = _apply("numbering")
    assert out is not None
    bare = [perturb.NUMBER_RE.sub("", t, count=1) for t in _titles(out)[1:]]
    assert bare == ["选择课题", "现状调查", "要因确认", "效果检查"]


def test_verdict_words_stay_in_their_group() -> None:
    out = _apply("verdict_words")
    assert out is not None
    rows = out["files"][0]["slides"][3]["visuals"][0]["rows"]
    yes, no = perturb.VOCAB["verdicts"]
    assert rows[1][1] in yes and rows[1][1] != "要因" and rows[2][1] in no and rows[2][1] != "非要因"


def test_synonyms_leave_titles_and_numbers() -> None:
    out = _apply("synonyms")
    assert out is not None
    assert _titles(out) == _titles(_item())
    assert out["files"][0]["slides"][4]["body"] == ["经核实，不良率降至2.5%", "成效明显"]


def test_bullet_order_keeps_the_lines() -> None:
    before = _item()["files"][0]["slides"][2]["body"]
    outs = [_apply("bullet_order", seed) for seed in "abcdef"]
    bodies = [o["files"][0]["slides"][2]["body"] for o in outs if o is not None]
    assert bodies and all(sorted(b) == sorted(before) for b in bodies)
    assert any(b != before for b in bodies)


def test_bullet_order_leaves_a_cause_and_its_verdict_together() -> None:
    item = _item()
    item["files"][0]["slides"][2]["body"] = ["末端原因1：电流不稳", "实测波动±12%", "结论：要因", "其余正常"]
    assert perturb.bullet_order(item, random.Random("a")) is None


def test_to_docx_keeps_steps_tables_and_lines() -> None:
    out = _apply("to_docx")
    assert out is not None
    spec = out["files"][0]
    assert spec["kind"] == "docx" and spec["name"] == "x.docx" and "slides" not in spec
    heads = [b["text"] for b in spec["blocks"] if "h" in b]
    assert heads == ["一、选择课题", "二、现状调查", "三、要因确认", "四、效果检查"]
    assert [b["step"] for b in spec["blocks"] if "step" in b][1:] == [
        "select_topic",
        "current_state",
        "main_causes",
        "check_effect",
    ]
    assert sum("table" in b for b in spec["blocks"]) == 2


def test_table_grid_and_toc() -> None:
    grid = _apply("table_grid")
    assert grid is not None
    kinds = [v["kind"] for u in grid["files"][0]["slides"] for v in u.get("visuals") or []]
    assert kinds == ["grid", "grid"]
    toc = _apply("toc")
    assert toc is not None
    second = toc["files"][0]["slides"][1]
    assert second["layout"] == "toc" and second["body"] == _titles(_item())[1:]


def _with(item: dict[str, Any], **changes: Any) -> dict[str, Any]:
    slides = item["files"][0]["slides"]
    for title, (key, value) in changes.items():
        unit = next(u for u in slides if u.get("title") == title)
        unit[key] = value
    return item


def test_lead_in_opens_the_line_naming_the_focus_with_a_citation_and_keeps_its_words() -> None:
    item = _with(_item(), **{"二、现状调查": ("body", ["检查400件", "由上表可知，虚焊占78%，是症结"])})
    out = perturb.lead_in(copy.deepcopy(item), random.Random("a"))
    assert out is not None
    line = out["files"][0]["slides"][2]["body"][1]
    assert line.endswith("虚焊占78%，是症结") and "由上表可知" not in line and line != "虚焊占78%，是症结"
    assert perturb.lead_in(copy.deepcopy(_item()), random.Random("a")) is None  # no line names a 症结


def test_dates_rewrite_every_full_date_in_one_notation() -> None:
    item = _with(_item(), **{"四、效果检查": ("body", ["2024年5月20日至2024.6.30检查", "效果明显"])})
    out = perturb.dates(copy.deepcopy(item), random.Random("d"))
    assert out is not None
    text = out["files"][0]["slides"][4]["body"][0]
    style = out["_variant"]
    assert text == perturb._restyle_dates("2024年5月20日至2024年6月30日检查", style)
    assert "5" in text and "20" in text and "6" in text and "30" in text


def test_table_split_continues_the_longest_table_on_a_slide_of_its_own() -> None:
    item = _item()
    rows = [["缺陷", "频数"], *[[f"缺陷{k}", str(10 - k)] for k in range(6)]]
    item["files"][0]["slides"][2]["visuals"][0]["rows"] = rows
    out = perturb.table_split(copy.deepcopy(item), random.Random("t"))
    assert out is not None
    slides = out["files"][0]["slides"]
    first, more = slides[2]["visuals"][0]["rows"], slides[3]["visuals"][0]["rows"]
    assert slides[3]["title"] == "二、现状调查（续）" and slides[3]["step"] == "current_state"
    body = first[1:] + (more[1:] if out["_variant"] == "header" else more)
    assert body == rows[1:] and (more[0] == rows[0]) == (out["_variant"] == "header")


def test_table_lines_writes_a_table_that_is_no_plan_as_one_line_a_row() -> None:
    out = perturb.table_lines(copy.deepcopy(_item()), random.Random("x"))
    assert out is not None
    slides = out["files"][0]["slides"]
    lines = [ln for u in slides for ln in u.get("body") or [] if "：" in ln and "；" in ln]
    assert lines and all(ln.count("：") == 2 for ln in lines)


def test_to_pdf_and_to_scan_change_only_the_format_of_the_main_file() -> None:
    pdf, scan = _apply("to_pdf"), _apply("to_scan")
    assert pdf is not None and scan is not None
    for out in (pdf, scan):
        spec = out["files"][0]
        assert spec["kind"] == "pdf_from_pptx" and spec["name"] == "x.pdf"
        assert spec["slides"] == _item()["files"][0]["slides"]
    assert "_scan" not in pdf["files"][0] and scan["files"][0]["_scan"] is True
    report = _item()
    report["files"][0].update(kind="docx", name="x.docx", blocks=[{"h": 1, "text": "一、选择课题"}])
    out = perturb.PERTURBATIONS["to_pdf"](report, random.Random("s"))
    assert out is not None and out["files"][0]["kind"] == "pdf_from_docx"
    assert perturb.PERTURBATIONS["to_pdf"](copy.deepcopy(out), random.Random("s")) is None


def test_format_perturbations_are_scored_on_the_truth_of_their_own_pages() -> None:
    """A DOCX block's truth page is its evidence index; in the PDF it is the page it is printed on: the run
    of a format perturbation carries build.py's truth for its own rendering."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    item = _item()
    item.update(project_type="problem_solving", target_kind="self_set", split="x", pair="p", style="s")
    item.update(industry="制造", title="降低焊接不良率")
    out = perturb.PERTURBATIONS["to_pdf"](copy.deepcopy(item), random.Random("s"))
    assert out is not None
    with tempfile.TemporaryDirectory() as tmp:
        truth = perturb.render(out, Path(tmp), 1)
        assert (Path(tmp) / "x.pdf").read_bytes()[:4] == b"%PDF"
    pages = {s["id"]: s["files"]["main"] for s in truth["steps"]}
    assert pages["current_state"] == [3] and pages["check_effect"] == [5]
    assert truth["files"][0]["kind"] == "pdf_from_pptx"


def _pareto_item(rows: list[list[str]], docx: bool = False) -> dict[str, Any]:
    item = _item()
    if docx:
        blocks = [
            {"h": 1, "text": "二、现状调查", "step": "current_state"},
            {"table": rows, "tools": ["排列图"], "size": 10},
        ]
        item["files"][0] = {"role": "main", "name": "x.docx", "kind": "docx", "blocks": blocks}
    else:
        item["files"][0]["slides"][2]["visuals"] = [{"kind": "realtable", "rows": rows}]
    return item


PARETO_ROWS = [
    ["缺陷类型", "频数（件）", "频率(%)", "累计频率(%)"],
    ["虚焊", "25", "62.5", "62.5"],
    ["气孔", "8", "20.0", "82.5"],
    ["夹渣", "4", "10.0", "92.5"],
    ["其他", "3", "7.5", "100"],
    ["合计", "40", "100", "—"],
]


def test_pareto_picture_draws_a_typed_pareto_table_as_the_renderers_chart() -> None:
    for docx in (False, True):
        out = perturb.pareto_picture(_pareto_item(PARETO_ROWS, docx), random.Random("p"))
        assert out is not None
        spec = out["files"][0]
        pics = [u["pic"] for u in spec.get("blocks") or [] if "pic" in u] or spec["slides"][2]["visuals"]
        assert pics[0]["kind"] == "pareto"
        assert pics[0]["categories"] == ["虚焊", "气孔", "夹渣", "其他"]  # 合计 is no bar
        assert pics[0]["counts"] == [25, 8, 4, 3] and pics[0]["total"] == 40
        if docx:  # the block keeps what the truth reads (its step's tools), not the table's own keys
            assert spec["blocks"][1]["tools"] == ["排列图"] and "size" not in spec["blocks"][1]


def test_pareto_picture_leaves_tables_that_are_no_pareto_data() -> None:
    assert perturb.pareto_picture(copy.deepcopy(_item()), random.Random("p")) is None  # no 累计 column
    shares_only = [["原因", "占比", "累计占比"], ["甲", "50%", "50%"], ["乙", "30%", "80%"], ["丙", "20%", "100%"]]
    assert perturb.pareto_picture(_pareto_item(shares_only), random.Random("p")) is None  # no count column
    two = [row for row in PARETO_ROWS if row[0] not in ("夹渣", "其他")]
    assert perturb.pareto_picture(_pareto_item(two), random.Random("p")) is None  # two bars: no chart of data
