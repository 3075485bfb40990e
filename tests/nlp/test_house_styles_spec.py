"""Every heading, step name and tool name that spec/house-styles.md lists (§1 sequences and heading forms,
§2 industry habits, §3 tool names), read from the spec text itself and walked one by one: a heading must
name its step (the mapping of eval/independent/README.md "Mapping choices"), a tool name must be read as
the canonical tool of domain.md b.1 that eval/independent/aliases.yaml maps it to. A family or a name
added to the spec without the checker knowing it fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ingest.model import Block, BlockKind, SourceRef
from nlp import tools
from nlp.headings import GROUP, OTHER, is_toc_title, match_cue, match_heading

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO.parent / "shared" / "spec" / "house-styles.md"
ALIASES = REPO / "eval" / "independent" / "aliases.yaml"

P, D, C, A = (f"{GROUP}:{x}" for x in "PDCA")
# The step each element of a §1 sequence names, in the order written (alternatives "项目背景/选题背景"
# split; "(要因评价 →)" is an optional step of its own; "… as above" ends a row).
FAMILIES: dict[str, list[str]] = {
    "CAQ 问题解决型 · 自定目标": ["select_topic", "current_state", "set_target", "cause_analysis", "main_causes",
                            "plan_countermeasures", "implement", "check_effect", "consolidate", "summary"],
    "CAQ 问题解决型 · 指令性目标": ["select_topic", "set_target", "target_feasibility", "cause_analysis"],
    "CAQ 创新型": ["select_topic", "set_target+target_feasibility", "propose_solutions", "plan_countermeasures",
                "implement", "check_effect", "consolidate", "summary"],
    "品管圈 · 问题解决型": ["select_topic", OTHER, "current_state", "set_target", "cause_analysis", "main_causes",
                      "main_causes", "plan_countermeasures", "implement", "check_effect", "consolidate", "summary"],
    "品管圈 · 课题达成型": ["select_topic", OTHER, "select_topic", "set_target", "propose_solutions",
                      "propose_solutions", "implement", "check_effect", "consolidate", "summary"],
    "Hospital PDCA / PDSA quality project": [
        "select_topic", "select_topic", "current_state", "current_state", "set_target", "cause_analysis",
        "main_causes", "plan_countermeasures", "implement", "check_effect", "consolidate", "check_effect", "summary"],
    "FOCUS-PDCA": ["select_topic", OTHER, "current_state", "cause_analysis", "plan_countermeasures", P, D, C, A],
}  # fmt: skip
# §1 "Step headings appear as": the English subtitles under Chinese titles
ENGLISH = {"BACKGROUND": "select_topic", "PROBLEM STATEMENT": "current_state", "INDICATORS & GOALS": "set_target",
           "CAUSE ANALYSIS": "cause_analysis", "ROOT CAUSE": "main_causes", "PLAN": P, "DO": D, "CHECK": C,
           "STUDY": C, "ACTION": A, "ACHIEVEMENTS": "check_effect"}  # fmt: skip


def _spec() -> str:
    assert SPEC.is_file(), f"spec/house-styles.md not found at {SPEC}"
    return SPEC.read_text(encoding="utf-8")


def _section(n: int) -> str:
    return _spec().split(f"\n## {n}.")[1].split("\n## ")[0]


def _top_level_split(text: str, seps: str) -> list[str]:
    """Split on `seps` outside brackets."""
    parts, cur, depth = [], "", 0
    for ch in text:
        depth += ch in "(（"
        depth -= ch in ")）"
        if ch in seps and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [*parts, cur.strip()]


def _sequences() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in _section(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or "→" not in cells[2]:
            continue
        names: list[str] = []
        for part in _top_level_split(cells[2], "→"):
            if part.startswith("…"):
                break
            if opt := re.match(r"^\((.+?)\s*→\s*\)\s*(.+)$", part):  # "(要因评价 →) 真因验证"
                names += [opt.group(1), opt.group(2)]
            else:
                names += _top_level_split(part, "/")
        out[cells[0]] = names
    return out


def _read(heading: str) -> str | None:
    m = match_heading(heading, strict=False)
    if m is None:
        return None
    if m.steps == (GROUP,):
        return f"{GROUP}:{m.letter}"
    return "+".join(m.steps)


def test_every_family_of_section_1_is_walked() -> None:
    got = _sequences()
    assert set(got) >= set(FAMILIES), f"families in the spec: {sorted(got)}"
    missing = set(got) - set(FAMILIES) - {"质量攻关 (government programme)", "P/D/C/A grouped"}
    assert not missing, f"a family of the spec has no expected mapping here: {missing}"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_sequence_names_read_as_their_steps(family: str) -> None:
    names = _sequences()[family]
    assert len(names) == len(FAMILIES[family]), names
    wrong = [(n, _read(n), want) for n, want in zip(names, FAMILIES[family], strict=True) if _read(n) != want]
    assert not wrong


@pytest.mark.parametrize("prefix", ["", "一、", "（一）", "1.", "第一步 ", "01 ", "PART 01 "])
def test_caq_names_with_every_numbering(prefix: str) -> None:
    """§1 "Step headings appear as: … "一、" / "（一）" / "1." / "第一步" / "01" section slides", over the
    CAQ sequences that every industry family writes (电力, 施工, 石化, 铁路, 汽车, IT, 质量攻关)."""
    seq = _sequences()
    names = seq["CAQ 问题解决型 · 自定目标"]
    for name, want in zip(names, FAMILIES["CAQ 问题解决型 · 自定目标"], strict=True):
        bare = re.sub(r"\(.*\)$", "", name).strip()  # "确定主要原因(要因确认)" written alone too
        for text in {name, bare}:
            assert _read(prefix + text) == want, prefix + text


def test_government_programme_words() -> None:
    """质量攻关: "sometimes 课题 called 项目, 小组 called 攻关团队"; 项目选题 and 成效结果 (README mapping)."""
    row = next(line for line in _section(1).splitlines() if line.startswith("| 质量攻关"))
    assert "课题 called 项目" in row and "小组 called 攻关团队" in row
    assert _read("选择项目") == "select_topic" and _read("项目选择") == "select_topic"
    assert _read("项目选题") == "select_topic" and _read("成效结果") == "check_effect"
    for team in ("攻关团队", "攻关团队简介", "攻关团队概况"):
        assert _read(team) == OTHER, team


def test_grouped_pdca_headings() -> None:
    row = next(line for line in _section(1).splitlines() if line.startswith("| P/D/C/A grouped"))
    quoted = re.findall(r"\"([^\"]+)\"", row)
    assert len(quoted) == 4
    for q, want in zip(quoted, (P, D, C, A), strict=True):
        for text in (q, *(x.strip() for x in q.split("/"))):
            assert _read(text) == want, text


def test_english_subtitles_and_contents_slides() -> None:
    para = next(p for p in _section(1).split("\n\n") if p.startswith("Step headings appear as"))
    listed = re.search(r"English subtitles under Chinese titles \(([^)]*)\)", para)
    assert listed is not None
    words = [" ".join(w.split()) for w in listed.group(1).split(",")]
    assert words == list(ENGLISH)
    for w in words:
        assert _read(w) == ENGLISH[w], w
        assert _read(w.title()) == ENGLISH[w], w.title()
    toc_words = re.search(r"a (\S+ / \S+) slide", para)
    assert toc_words is not None
    for toc in toc_words.group(1).split(" / "):
        assert is_toc_title(toc), toc
    assert _read("原因分析（续）") == "cause_analysis" and "原因分析（续）" in para


def test_industry_habits_headings() -> None:
    """§2: 工程概况 / 小组概况 / 小组简介 open no step; a 要因确认计划表 is the 要因确认; the IT project
    phases are sub-headings of 对策 and 实施 and open no step of their own."""
    text = _section(2)
    for name in ("工程概况", "小组概况", "小组简介"):
        assert name in text and _read(name) == OTHER, name
    assert "要因确认计划表" in text and match_cue("要因确认计划表") == "main_causes"
    listed = re.search(r"project phases \(([^)]*)\)", text)
    assert listed is not None
    phases = listed.group(1).split(", ")
    assert phases == ["需求调研", "系统设计", "开发", "测试"]
    for ph in phases:
        assert match_heading(ph, strict=True) is None, ph


def _tool_names() -> list[str]:
    body = _section(3).split("\n", 1)[1].split("A tool may be named")[0]
    names: list[str] = []
    for part in re.split(r"[;；]", body):
        part = re.sub(r"\(法\)", "", part.strip().rstrip("."))  # "头脑风暴(法)"
        inner = re.findall(r"\(([^)]*)\)", part)
        outer = re.sub(r"\([^)]*\)", "", part)
        for chunk in (outer, *inner):
            names += [n.strip() for n in re.split(r"\s*/\s*|,\s*", chunk) if n.strip()]
    return names


def _canonical() -> dict[str, str]:
    table = yaml.safe_load(ALIASES.read_text(encoding="utf-8"))["canonical"]
    out = {re.sub(r"\s+", "", a).lower(): row for row, aliases in table.items() for a in aliases}
    # house-styles §3 "打分法 / 评分法 / 表决" and README: 打分 / 评分 / 表决 are the 打分法 row
    out.setdefault("表决", "打分法")
    return out


def _canon(name: str, table: dict[str, str]) -> str:
    key = re.sub(r"\s+", "", name).lower()
    hits = [a for a in table if a in key]
    return table[max(hits, key=len)] if hits else name


def _uses(text: str, kind: BlockKind, step: str) -> set[str]:
    b = Block(id="b", kind=kind, text=text, source=SourceRef(page=2, order=1))
    return {u.name for u in tools._text_uses(b, 0, step)}


def test_every_tool_name_of_section_3_is_its_canonical_tool() -> None:
    names = _tool_names()
    assert len(names) >= 50 and "特性要因图" in names and "GR&R" in names and "表决" in names
    table = _canonical()
    wrong = []
    for name in names:
        want = _canon(name, table)
        assert want != name or name in table.values(), f"{name}: no canonical row in aliases.yaml"
        for text, kind in (
            (name, BlockKind.title),
            (f"图3 {name}", BlockKind.paragraph),
            (f"小组运用{name}进行分析，共统计120例", BlockKind.paragraph),
        ):
            got = {_canon(t, table) for t in _uses(text, kind, "current_state")}
            if want not in got:
                wrong.append((text, sorted(got), want))
    assert not wrong
