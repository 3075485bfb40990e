"""Stability of the checker's answer under meaning-preserving rewrites of seen independent items.

    .venv/bin/python bench/perturb.py [--sample 60] [--seed 26] [--items m01 --items c07] [--jobs 2]
        [--only-perturb step_alias] [--save /tmp/perturb] [--out bench/results/perturb.md]

Each seen item's `source.yaml` (every split of build.SPLITS not named in `SEALED`) is rewritten by one small named function
(deterministic by seed; the vocabulary is bench/perturb.yaml, from spec/domain.md a.6 and
spec/house-styles.md), rendered with eval/independent/build.py's own code into a temp folder (never into
the split), and checked with `qcscreen check --json`; so is the unperturbed item. Per perturbation and per
rule: the share of pairs with the same verdict and the same set of (rule, severity) findings, and every
change with its item, rule and evidence. Each change is also judged against the item's truth.json (its
findings, traps, verdict): towards the truth is a gain, away from it a loss.

Format perturbations (`to_pdf`, `to_scan`: the main PPTX/DOCX exported to PDF by LibreOffice, or that PDF
scanned by render/pdf.py scan()) run only when named, e.g. `--only-perturb to_pdf --split fresh12 --sample 0`
(LibreOffice a few seconds a file, OCR for scans); their runs are scored on build.py's truth for the pages
as rendered, and a table counts the steps, 5W1H cells, tools and types they lose or gain.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
EVAL = BENCH.parent / "eval" / "independent"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(EVAL))

import build  # noqa: E402  (eval/independent/build.py: the renderer of every split)
from benchlib import machine, write_results  # noqa: E402
from independent import checker_options, load_aliases, run_checker  # noqa: E402
from independent_score import SEVERITIES, score_item  # noqa: E402

# a split still being written is sealed: name it here while it is, and it is never listed, read or run; every other
# split the renderer knows (eval/independent/build.py SPLITS) is seen
SEALED: set[str] = set()
SEEN = [split for split in build.SPLITS if split not in SEALED]
VOCAB = yaml.safe_load((BENCH / "perturb.yaml").read_text(encoding="utf-8"))
FAST_KINDS = {"pptx", "docx"}  # PDF kinds need LibreOffice (and OCR for scans): only with --pdf
FORMAT_PERTURBATIONS = {"to_pdf", "to_scan"}  # they make PDFs: run only when named (--only-perturb)

CN_NUM = "一二三四五六七八九十"
NUMBER_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+步[、.:：\s]*|step\s*\d+[.:：\s]*|[（(][一二三四五六七八九十\d]+[)）]\s*"
    r"|[一二三四五六七八九十]+[、.．]\s*|\d{1,2}(?:[、.．]|\s+)\s*)",
    re.IGNORECASE,
)

Item = dict[str, Any]


def _units(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec.get("slides") or spec.get("blocks") or [])


def _main(item: Item) -> dict[str, Any]:
    return next(s for s in item["files"] if s["role"] == "main")


def _cn(n: int) -> str:
    return CN_NUM[n - 1] if n <= 10 else "十" + CN_NUM[n - 11]


def _step_units(spec: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """The units that open a step (a slide with its step's title, a DOCX heading with `step`) and the step."""
    out = []
    for unit in _units(spec):
        steps = [s for s in build.tr.as_list(unit.get("step")) if s != "none"]
        heading = unit.get("title") if "slides" in spec else (unit.get("text") if "h" in unit else None)
        if len(steps) == 1 and heading and unit.get("layout") not in ("cover", "toc"):
            out.append((unit, steps[0]))
    return out


def _title_key(unit: dict[str, Any]) -> str:
    return "text" if "h" in unit else "title"


def _rename(title: str, step: str, new: str) -> str | None:
    """`title` with its step name (any alias of `step`) replaced by `new`; None when none is in it."""
    names = sorted(VOCAB["step_aliases"].get(step, []), key=len, reverse=True)
    hit = next((n for n in names if n in title), None)
    return title.replace(hit, new, 1) if hit else None


# ---- perturbations: each takes a deep copy of the item and a seeded RNG, returns it changed or None ----


def step_alias(item: Item, rng: random.Random) -> Item | None:
    """Each step title's name swapped for another alias of the same step (domain.md a.6)."""
    changed = 0
    for unit, step in _step_units(_main(item)):
        key = _title_key(unit)
        names = VOCAB["step_aliases"].get(step, [])
        current = next((n for n in sorted(names, key=len, reverse=True) if n in str(unit[key])), None)
        if current is None:
            continue
        new = rng.choice([n for n in names if n != current])
        unit[key] = str(unit[key]).replace(current, new, 1)
        if unit.get("layout") == "section" or (unit.get("banner") or {}).get("text"):
            continue
        changed += 1
    return item if changed else None


NUMBERINGS: dict[str, Callable[[int], str]] = {
    "cn": lambda n: f"{_cn(n)}、",
    "two_digit": lambda n: f"{n:02d} ",
    "di_bu": lambda n: f"第{_cn(n)}步 ",
    "step_en": lambda n: f"Step {n} ",
    "none": lambda n: "",
}


def numbering(item: Item, rng: random.Random) -> Item | None:
    """Step titles renumbered in another house style (一、/ 01 / 第一步 / Step 1 / none)."""
    style = rng.choice(sorted(NUMBERINGS))
    order: dict[str, int] = {}
    units = [(u, s) for u, s in _step_units(_main(item)) if u.get("layout") != "section"]
    for unit, step in units:
        order.setdefault(step, len(order) + 1)
        key = _title_key(unit)
        bare = NUMBER_RE.sub("", str(unit[key]), count=1)
        unit[key] = NUMBERINGS[style](order[step]) + bare
        if (unit.get("banner") or {}).get("text"):
            unit["banner"]["text"] = NUMBERINGS[style](order[step]) + NUMBER_RE.sub("", unit["banner"]["text"], count=1)
    item["_variant"] = style
    return item if units else None


def english(item: Item, rng: random.Random) -> Item | None:
    """English subtitles added under the step slides' titles, or removed where the deck has them."""
    spec = _main(item)
    if "slides" not in spec:
        return None
    had = [u for u in spec["slides"] if u.get("en")]
    if had:
        for unit in had:
            del unit["en"]
        item["_variant"] = "removed"
        return item
    for unit, step in _step_units(spec):
        unit["en"] = VOCAB["english"].get(step, "")
    item["_variant"] = "added"
    return item


def toc(item: Item, rng: random.Random) -> Item | None:
    """A 目录 slide (or 目录 block) after the cover that lists the step titles."""
    spec = _main(item)
    titles = list(dict.fromkeys(str(u[_title_key(u)]) for u, _ in _step_units(spec)))
    units = _units(spec)
    if not titles or any(u.get("layout") == "toc" or "toc" in u for u in units):
        return None
    at = 1 if units and (units[0].get("layout") == "cover" or "cover" in units[0]) else 0
    new = {"layout": "toc", "title": "目录", "body": titles} if "slides" in spec else {"toc": titles}
    units.insert(at, new)
    spec["slides" if "slides" in spec else "blocks"] = units
    return item


def _tables(spec: dict[str, Any]) -> list[tuple[list[dict[str, Any]], int]]:
    return [
        (u["visuals"], i)
        for u in spec.get("slides") or []
        for i, v in enumerate(u.get("visuals") or [])
        if isinstance(v, dict) and v.get("kind") == "realtable" and not v.get("merge")
    ]


def table_grid(item: Item, rng: random.Random) -> Item | None:
    """Every real table of a deck drawn as a grid of text boxes (house-styles.md §4)."""
    found = _tables(_main(item))
    for visuals, i in found:
        visuals[i] = {**visuals[i], "kind": "grid"}
    return item if found else None


def table_picture(item: Item, rng: random.Random) -> Item | None:
    """One real table of a deck (seeded choice) pasted as a screenshot picture."""
    found = _tables(_main(item))
    if not found:
        return None
    visuals, i = rng.choice(found)
    visuals[i] = {
        "kind": "table",
        "rows": visuals[i]["rows"],
        **{k: v for k, v in visuals[i].items() if k == "fivew1h"},
    }
    return item


def _slide_blocks(slide: dict[str, Any]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if slide.get("layout") == "cover":
        return [{"cover": {"title": slide.get("title", ""), "lines": slide.get("body") or []}}]
    if slide.get("layout") == "toc":
        return [{"toc": slide.get("body") or []}]
    title = slide.get("title") or (slide.get("banner") or {}).get("text")
    if title:
        blocks.append({"h": 1, "text": str(title)})
    blocks += [{"p": str(line).removeprefix("~ ")} for line in slide.get("body") or []]
    for vis in slide.get("visuals") or []:
        if vis.get("kind") in ("realtable", "grid"):
            blocks.append({"table": vis["rows"], **{k: vis[k] for k in ("fivew1h", "merge") if vis.get(k)}})
        else:
            blocks.append({"pic": vis, **({"caption": vis["caption"]} if vis.get("caption") else {})})
    return blocks


def to_docx(item: Item, rng: random.Random) -> Item | None:
    """The deck's content written as a Word 成果报告: titles as headings, lines as paragraphs, tables as tables."""
    spec = _main(item)
    if spec["kind"] != "pptx":
        return None
    blocks: list[dict[str, Any]] = []
    current: list[str] = []
    for slide in spec["slides"]:
        steps = [s for s in build.tr.as_list(slide.get("step"))] or ["none"]
        part = _slide_blocks(slide)
        if part and steps != current:
            part[0] = {**part[0], "step": steps if len(steps) > 1 else steps[0]}
            current = steps
        blocks += part
    spec.pop("slides")
    spec.update(kind="docx", blocks=blocks, name=Path(spec["name"]).stem + ".docx")
    return item


PDF_KINDS = {"pptx": "pdf_from_pptx", "docx": "pdf_from_docx"}


def _as_pdf(item: Item, scan: bool) -> Item | None:
    spec = _main(item)
    if spec["kind"] not in PDF_KINDS:
        return None
    spec.update(kind=PDF_KINDS[spec["kind"]], name=Path(spec["name"]).stem + ".pdf")
    if scan:
        spec["_scan"] = True
    return item


def to_pdf(item: Item, rng: random.Random) -> Item | None:
    """The main PPTX or DOCX exported to PDF by LibreOffice, as build.py makes pdf_from_pptx / pdf_from_docx
    (truth pages follow the PDF: a slide a page; a DOCX block's page located in the PDF's text)."""
    return _as_pdf(item, scan=False)


def to_scan(item: Item, rng: random.Random) -> Item | None:
    """The main PPTX or DOCX exported to PDF, then printed and scanned (render/pdf.py scan(): image pages,
    rotated, grey, noisy; no stamp); truth pages as for to_pdf."""
    return _as_pdf(item, scan=True)


def verdict_words(item: Item, rng: random.Random) -> Item | None:
    """Verdict cells (要因 / 非要因 …) swapped for an equivalent word of the same group."""
    groups = [list(g) for g in VOCAB["verdicts"]]
    changed = 0
    for unit in _units(_main(item)):
        rows = [v["rows"] for v in unit.get("visuals") or [] if isinstance(v, dict) and v.get("rows")]
        rows += [unit["table"]] if "table" in unit else []
        for table in rows:
            for row in table[1:]:
                for j, cell in enumerate(row):
                    group = next((g for g in groups if str(cell).strip() in g), None)
                    if group:
                        row[j] = rng.choice([w for w in group if w != str(cell).strip()])
                        changed += 1
    return item if changed else None


# a line tied to its neighbours: an enumerated item, a conclusion or a label that reads the line before it,
# a line that announces the next ("如下：") or a verdict (a cause and its verdict may be two lines)
_TIED = re.compile(
    r"^\s*[①②③④⑤⑥⑦⑧⑨⑩]|^\s*(?:结论|结果|判定|因此|所以|综上|由此|可见|故|则|即|其中|经|验证|确认|说明|备注|注)"
    r"|[：:]\s*$|如下|见下|要因|真因|主要原因|[√×✓✗]"
)


def bullet_order(item: Item, rng: random.Random) -> Item | None:
    """Within each bullet list of four lines or more whose lines stand alone (`_TIED`), the lines (with their
    sub-lines) shuffled."""
    changed = 0
    for unit in _units(_main(item)):
        body = unit.get("body")
        if not body or len(body) < 4 or unit.get("layout") in ("cover", "toc"):
            continue
        if any(NUMBER_RE.match(str(line)) or _TIED.search(str(line)) for line in body):
            continue
        groups: list[list[str]] = []
        for line in body:
            if str(line).startswith("~ ") and groups:
                groups[-1].append(line)
            else:
                groups.append([line])
        shuffled = groups[:]
        rng.shuffle(shuffled)
        if shuffled != groups:
            unit["body"] = [line for g in shuffled for line in g]
            changed += 1
    return item if changed else None


def _swap_words(text: str) -> str:
    keep = {f"\x00{i}\x00": p for i, p in enumerate(VOCAB["protected"])}
    for mark, word in keep.items():
        text = text.replace(word, mark)
    for a, b in VOCAB["synonyms"]:
        text = text.replace(a, "\x01").replace(b, a).replace("\x01", b)
    for mark, word in keep.items():
        text = text.replace(mark, word)
    return text


def synonyms(item: Item, rng: random.Random) -> Item | None:
    """Prose synonyms swapped (验证↔核实, 成效↔效果, 保持↔巩固) in body lines and paragraphs, never in titles."""
    changed = 0
    for unit in _units(_main(item)):
        if unit.get("body") and unit.get("layout") not in ("cover", "toc"):
            new = [_swap_words(str(line)) for line in unit["body"]]
            changed += new != unit["body"]
            unit["body"] = new
        if "p" in unit:
            new_p = _swap_words(str(unit["p"]))
            changed += new_p != unit["p"]
            unit["p"] = new_p
    return item if changed else None


# ---- stop 28: the rewordings the untouched runs' false findings showed (fresh10: "由表1可知", a table
# continued on the next slide, a confirmation table written out as lines, dates in another notation) ----


def _prose_lines(spec: dict[str, Any], steps: set[str] | None = None) -> list[tuple[dict[str, Any], str, int]]:
    """(unit, key, index) of every body line or paragraph outside cover and 目录 (index -1: a paragraph),
    only in `steps` when given (a unit's own step, or the step opened last for a DOCX paragraph)."""
    out: list[tuple[dict[str, Any], str, int]] = []
    current: list[str] = []
    for unit in _units(spec):
        own = [s for s in build.tr.as_list(unit.get("step")) if s != "none"]
        current = own or current
        if unit.get("layout") in ("cover", "toc") or (steps and not set(current) & steps):
            continue
        out += [(unit, "body", i) for i in range(len(unit.get("body") or []))]
        out += [(unit, "p", -1)] if "p" in unit else []
    return out


def _get(unit: dict[str, Any], key: str, i: int) -> str:
    return str(unit[key] if i < 0 else unit[key][i])


def _put(unit: dict[str, Any], key: str, i: int, text: str) -> None:
    if i < 0:
        unit[key] = text
    else:
        unit[key][i] = text


_FOCUS = re.compile(r"症结|主要问题|关键问题|改善重点|攻坚点|问题的关键|主要矛盾")
_LEAD_IN = re.compile(
    r"^(?:由|从|根据|如)(?:上|下|以上)?[表图][\d一二三四五六七八九、和表图]*(?:可知|可以看出|看出|所示|显示)[，,：:]?"
)


def lead_in(item: Item, rng: random.Random) -> Item | None:
    """A line of 现状 that names the 症结 opened (or re-opened) by a lead-in citing a table or chart by number
    ("由表1可知，…", "从图2可以看出…", with or without the comma) — how new hands point at their data (fresh10 p37)."""
    forms = VOCAB["lead_ins"]
    changed = 0
    for unit, key, i in _prose_lines(_main(item), {"current_state", "target_feasibility"}):
        text = _get(unit, key, i)
        if not _FOCUS.search(text) or text.startswith("~ "):
            continue
        bare = _LEAD_IN.sub("", text, count=1).lstrip("，, ")
        _put(unit, key, i, rng.choice(forms).format(n=rng.randint(1, 4)) + rng.choice(["，", ""]) + bare)
        changed += 1
    return item if changed else None


_DATE = re.compile(r"(?<!\d)(20\d\d)(?:年(\d{1,2})月(\d{1,2})日|[.\-/](\d{1,2})[.\-/](\d{1,2}))(?!\d)")
_DATE_STYLES: dict[str, Callable[[str, int, int], str]] = {
    "cn": lambda y, m, d: f"{y}年{m}月{d}日",
    "dot": lambda y, m, d: f"{y}.{m}.{d}",
    "dash": lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
    "slash": lambda y, m, d: f"{y}/{m}/{d}",
}


def _restyle_dates(text: str, style: str) -> str:
    def one(m: re.Match[str]) -> str:
        month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
        return _DATE_STYLES[style](m.group(1), int(month), int(day))

    return _DATE.sub(one, text)


def dates(item: Item, rng: random.Random) -> Item | None:
    """Every full date (body lines, paragraphs and table cells) written in another notation: 2024年5月20日 /
    2024.5.20 / 2024-05-20 / 2024/5/20 (one style for the whole item)."""
    style = rng.choice(sorted(_DATE_STYLES))
    changed = 0
    for unit in _units(_main(item)):
        for key in ("body",):
            if unit.get(key):
                new = [_restyle_dates(str(line), style) for line in unit[key]]
                changed += new != [str(x) for x in unit[key]]
                unit[key] = new
        if "p" in unit:
            new_p = _restyle_dates(str(unit["p"]), style)
            changed += new_p != str(unit["p"])
            unit["p"] = new_p
        tables = [v["rows"] for v in unit.get("visuals") or [] if isinstance(v, dict) and v.get("rows")]
        for rows in tables + ([unit["table"]] if "table" in unit else []):
            for row in rows:
                for j, cell in enumerate(row):
                    if isinstance(cell, str) and _DATE.search(cell):
                        row[j] = _restyle_dates(cell, style)
                        changed += 1
    item["_variant"] = style
    return item if changed else None


def table_split(item: Item, rng: random.Random) -> Item | None:
    """The longest real table of a deck (five data rows or more) continued on a slide of its own titled
    "…（续）": the header repeated over the rest, or (variant no_header) not — how a long 要因确认表 runs on."""
    spec = _main(item)
    if "slides" not in spec:
        return None
    best = None
    for k, unit in enumerate(spec["slides"]):
        for i, vis in enumerate(unit.get("visuals") or []):
            if (
                isinstance(vis, dict)
                and vis.get("kind") == "realtable"
                and not vis.get("merge")
                and len(vis["rows"]) >= 6
            ):
                if best is None or len(vis["rows"]) > len(best[2]["rows"]):
                    best = (k, i, vis)
    if best is None:
        return None
    k, i, vis = best
    unit = spec["slides"][k]
    cut = (len(vis["rows"]) + 1) // 2
    header = rng.random() < 0.5
    rest = ([vis["rows"][0]] if header else []) + vis["rows"][cut:]
    unit["visuals"][i] = {**vis, "rows": vis["rows"][:cut]}
    more = {kk: v for kk, v in unit.items() if kk in ("step", "en", "banner")}
    title = str(unit.get("title") or (unit.get("banner") or {}).get("text") or "")
    spec["slides"].insert(k + 1, {**more, "title": f"{title}（续）", "visuals": [{**vis, "rows": rest}]})
    item["_variant"] = "header" if header else "no_header"
    return item


def table_lines(item: Item, rng: random.Random) -> Item | None:
    """One real table that is no 对策表 (seeded choice) written out as lines, a row a line: "header：cell；…"."""
    found = [(v, i) for v, i in _tables(_main(item)) if "fivew1h" not in v[i]]
    if not found:
        return None
    visuals, i = rng.choice(found)
    rows = visuals[i]["rows"]
    head = [str(h).strip() for h in rows[0]]
    lines = []
    for row in rows[1:]:
        parts = [f"{h}：{c}" if h else str(c) for h, c in zip(head, row, strict=False) if str(c).strip()]
        lines.append("；".join(parts))
    unit = next(u for u in _units(_main(item)) if u.get("visuals") is visuals)
    del visuals[i]
    unit["body"] = list(unit.get("body") or []) + lines
    return item


PARETO_CUM = ("累计", "累积")
PARETO_SHARE = ("%", "％", "占比", "频率", "比例", "百分")
PARETO_TOTAL = ("合计", "总计", "共计", "小计")


def _count(cell: Any) -> float | None:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:次|件|例|个|点|份|台|处|项|只|块|起)?\s*", str(cell))
    return float(m.group(1)) if m else None


def _pareto_spec(rows: list[list[Any]], title: str) -> dict[str, Any] | None:
    """The renderer's `pareto` picture of a typed Pareto table (a header with a 累计 column, a count column of
    whole figures, three categories or more; a 合计 row gives the total), None for any other table."""
    if len(rows) < 4 or not rows[0]:
        return None
    head = [str(h) for h in rows[0]]
    if not any(w in h for h in head for w in PARETO_CUM):
        return None
    body = [r for r in rows[1:] if r and not any(str(r[0]).strip().startswith(w) for w in PARETO_TOTAL)]
    totals = [r for r in rows[1:] if r and any(str(r[0]).strip().startswith(w) for w in PARETO_TOTAL)]
    col = next(
        (
            j
            for j in range(1, len(head))
            if not any(w in head[j] for w in PARETO_CUM + PARETO_SHARE)
            and all(len(r) > j and _count(r[j]) is not None for r in body)
        ),
        None,
    )
    if col is None or len(body) < 3:
        return None
    counts = [_count(r[col]) or 0.0 for r in body]
    total = _count(totals[0][col]) if totals and len(totals[0]) > col else None
    spec: dict[str, Any] = {
        "kind": "pareto",
        "title": title or "排列图",
        "categories": [str(r[0]).strip() for r in body],
        "counts": counts,
        "total": total if total and total >= sum(counts) else sum(counts),
    }
    if len(body) > 5:
        spec["rotate"] = 20
    return spec


def pareto_picture(item: Item, rng: random.Random) -> Item | None:
    """Every typed Pareto table (a 累计 column beside a count column) drawn instead as the renderer's 排列图
    picture of the same counts (bars, labels, cumulative line in %): the same data in another form. A deck's
    table becomes a picture visual on its slide; a Word report's table block a picture block."""
    spec = _main(item)
    done = 0
    for unit in spec.get("slides") or []:
        title = str(unit.get("title") or (unit.get("banner") or {}).get("text") or "")
        for i, vis in enumerate(unit.get("visuals") or []):
            if isinstance(vis, dict) and vis.get("kind") in ("realtable", "grid") and not vis.get("merge"):
                pic = _pareto_spec(vis["rows"], f"{title}排列图" if title else "")
                if pic:
                    unit["visuals"][i] = pic
                    done += 1
    blocks = spec.get("blocks") or []
    for k, block in enumerate(blocks):
        if isinstance(block, dict) and isinstance(block.get("table"), list) and not block.get("merge"):
            pic = _pareto_spec(block["table"], "排列图")
            if pic:
                rest = {kk: v for kk, v in block.items() if kk not in ("table", "fivew1h", "merge", "size", "header")}
                blocks[k] = {"pic": pic, **rest}
                done += 1
    return item if done else None


PERTURBATIONS: dict[str, Callable[[Item, random.Random], Item | None]] = {
    f.__name__: f
    for f in (
        step_alias,
        numbering,
        english,
        toc,
        table_grid,
        table_picture,
        to_docx,
        to_pdf,
        to_scan,
        verdict_words,
        bullet_order,
        synonyms,
        lead_in,
        dates,
        table_split,
        table_lines,
        pareto_picture,
    )
}


# ---- running -----------------------------------------------------------------------------------------


@dataclass
class Run:
    item: str
    split: str
    perturbation: str  # "" for the unperturbed item
    variant: str = ""
    out: dict[str, Any] = field(default_factory=dict)
    truth: dict[str, Any] = field(default_factory=dict)  # build.py's truth for the files as rendered


def seen_items(only: list[str], pdf: bool, splits: list[str] | None = None) -> list[tuple[str, Path, Item]]:
    """(split, folder, source) of every seen item (a sealed split never), in a fixed order; only the named
    seen splits when `splits` names some."""
    out = []
    for split in [s for s in SEEN if not splits or s in splits]:
        for src in sorted((EVAL / split).glob("*/source.yaml")):
            item_id = src.parent.name.split("-")[0]
            if only and item_id not in only and f"{split}/{item_id}" not in only:
                continue
            item = yaml.safe_load(src.read_text(encoding="utf-8"))
            if not pdf and any(s["kind"] not in FAST_KINDS for s in item["files"]):
                continue
            out.append((split, src.parent, item))
    return out


def render(item: Item, folder: Path, seed: int) -> dict[str, Any]:
    """Write the item's files into `folder` with build.py's renderer; the item's truth as build.py computes it
    for these files (steps, tools and 5W1H on the pages of the rendered format), with the file list the checker
    reads. A spec marked `_scan` (to_scan) goes through render/pdf.py scan() after its PDF is made."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    acc: dict[str, Any] = {"steps": {}, "tools": {}, "fivew1h": None}
    for spec in item["files"]:
        scan = bool(spec.pop("_scan", False))
        data, locs = build.render_file(item, spec, seed)
        if scan:
            data = build.pdfmod.scan(data, seed)
        (folder / spec["name"]).write_bytes(data)
        build.collect(item, spec, locs, acc)
        files.append({"role": spec["role"], "name": spec["name"], "kind": spec["kind"]})
    return build.truth_of(item, acc, files)


def plan(items: list[tuple[str, Path, Item]], names: list[str], sample: int, seed: int) -> list[tuple[int, str]]:
    """(item index, perturbation) pairs: every applicable pair, then a seeded sample of `sample` spread over
    few items (four perturbations an item) so the unperturbed runs stay few."""
    pairs = []
    for k, (_, folder, item) in enumerate(items):
        for name in names:
            rng = random.Random(f"{seed}:{folder.name}:{name}")
            if PERTURBATIONS[name](copy.deepcopy(item), rng) is not None:
                pairs.append((k, name))
    if not sample or sample >= len(pairs):
        return pairs
    rng = random.Random(seed)
    by_item: dict[int, list[str]] = defaultdict(list)
    for k, name in pairs:
        by_item[k].append(name)
    chosen: list[tuple[int, str]] = []
    order = sorted(by_item)
    rng.shuffle(order)
    use = Counter[str]()
    for k in order:
        if len(chosen) >= sample:
            break
        # the least used perturbations first, so each gets its share of the sample
        names_k = sorted(by_item[k], key=lambda n: (use[n], rng.random()))[:4]
        for name in names_k[: sample - len(chosen)]:
            chosen.append((k, name))
            use[name] += 1
    return sorted(chosen)


def run_one(entry: tuple[str, Path, Item], name: str, seed: int, work: Path, options: set[str], timeout: int) -> Run:
    split, folder, source = entry
    item = copy.deepcopy(source)
    item["split"] = split
    run = Run(item=folder.name.split("-")[0], split=split, perturbation=name)
    if name:
        changed = PERTURBATIONS[name](item, random.Random(f"{seed}:{folder.name}:{name}"))
        assert changed is not None
        item = changed
        run.variant = str(item.pop("_variant", ""))
    where = work / split / folder.name / (name or "original")
    run.truth = render(item, where, zlib.crc32(folder.name.encode()) % 100000)
    run.out = run_checker(where, run.truth, options, timeout)
    return run


# ---- comparing ---------------------------------------------------------------------------------------


def findings_of(out: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(rule, severity) → the first such finding of a checker output (fatal/major/minor only)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for f in out.get("findings") or []:
        if f.get("severity") in SEVERITIES:
            found.setdefault((str(f.get("rule")), str(f["severity"])), f)
    return found


def errors(truth: dict[str, Any], out: dict[str, Any], aliases: dict[str, str]) -> int:
    """How far an output is from the truth: false findings + missed required findings + traps + a verdict
    outside the allowed set."""
    s = score_item(truth, out, aliases)
    return (s.findings_reported - s.findings_correct) + (s.must_total - s.must_found) + s.traps + (not s.verdict_ok)


def evidence(f: dict[str, Any]) -> str:
    text = str(f.get("message", ""))
    ev = f.get("evidence")
    if ev:
        text += " | " + json.dumps(ev, ensure_ascii=False)
    return text.replace("\n", " ").replace("|", "/")[:160]


@dataclass
class Change:
    item: str
    perturbation: str
    variant: str
    what: str  # "verdict" or "+RULE/sev" / "-RULE/sev"
    detail: str
    towards: int  # errors before − errors after (>0 a gain, <0 a loss)


def compare(base: Run, run: Run, truth: dict[str, Any], aliases: dict[str, str]) -> list[Change]:
    if "_error" in base.out or "_error" in run.out:
        return [
            Change(
                run.item, run.perturbation, run.variant, "error", str(run.out.get("_error", base.out.get("_error"))), 0
            )
        ]
    before, after = findings_of(base.out), findings_of(run.out)
    # a format change moves the pages the scorer places findings by: the run is scored on its own truth
    own = run.truth if run.perturbation in FORMAT_PERTURBATIONS and run.truth else truth
    delta = errors(truth, base.out, aliases) - errors(own, run.out, aliases)
    changes = []
    if base.out.get("verdict") != run.out.get("verdict"):
        changes.append(
            Change(
                run.item,
                run.perturbation,
                run.variant,
                "verdict",
                f"{base.out.get('verdict')} → {run.out.get('verdict')}",
                delta,
            )
        )
    for key in sorted(after.keys() - before.keys()):
        changes.append(
            Change(run.item, run.perturbation, run.variant, f"+{key[0]}/{key[1]}", evidence(after[key]), delta)
        )
    for key in sorted(before.keys() - after.keys()):
        changes.append(
            Change(run.item, run.perturbation, run.variant, f"-{key[0]}/{key[1]}", evidence(before[key]), delta)
        )
    return changes


def _share(a: int, b: int) -> str:
    return "—" if not b else f"{a / b:.2f} ({a}/{b})"


def structure_lines(
    runs: list[Run], bases: dict[str, Run], truths: dict[str, Any], aliases: dict[str, str]
) -> list[str]:
    """Per format perturbation: steps, 5W1H cells, tools and types the run finds less (or more) of than its
    unperturbed item, each scored on its own truth."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for run in runs:
        if run.perturbation not in FORMAT_PERTURBATIONS or "_error" in run.out:
            continue
        key = f"{run.split}/{run.item}"
        a = score_item(truths[key], bases[key].out, aliases)
        b = score_item(run.truth or truths[key], run.out, aliases)
        row = per[run.perturbation]
        for name, x, y in (
            ("steps", a.step_tp, b.step_tp),
            ("steps claimed absent", -a.step_fp, -b.step_fp),
            ("5W1H cells", a.fivew1h_right, b.fivew1h_right),
            ("tools", a.tool_tp, b.tool_tp),
            ("type", int(a.type_right), int(b.type_right)),
        ):
            row[f"{name} lost"] += max(0, x - y)
            row[f"{name} gained"] += max(0, y - x)
    if not per:
        return []
    cols = [
        f"{n} {d}" for n in ("steps", "steps claimed absent", "5W1H cells", "tools", "type") for d in ("lost", "gained")
    ]
    out = ["", "| format | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    out += [f"| {name} | " + " | ".join(str(per[name][c]) for c in cols) + " |" for name in sorted(per)]
    return out


def report_lines(runs: list[Run], bases: dict[str, Run], truths: dict[str, Any], aliases: dict[str, str]) -> list[str]:
    per: dict[str, list[int]] = defaultdict(
        lambda: [0, 0, 0, 0, 0]
    )  # pairs, same verdict, same findings, gains, losses
    per_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # pairs where the rule fired in either, changed
    changes: list[Change] = []
    for run in runs:
        key = f"{run.split}/{run.item}"
        base = bases[key]
        found = compare(base, run, truths[key], aliases)
        row = per[run.perturbation]
        row[0] += 1
        row[1] += base.out.get("verdict") == run.out.get("verdict")
        row[2] += not any(c.what[0] in "+-" or c.what == "error" for c in found)
        delta = found[0].towards if found else 0
        row[3] += delta > 0
        row[4] += delta < 0
        rules = {k[0] for k in findings_of(base.out)} | {k[0] for k in findings_of(run.out)}
        moved = {c.what[1:].split("/")[0] for c in found if c.what[0] in "+-"}
        for rule in rules:
            per_rule[rule][0] += 1
            per_rule[rule][1] += rule in moved
        changes += found
    total = [sum(r[i] for r in per.values()) for i in range(5)]
    lines = [
        "| perturbation | pairs | same verdict | same (rule, severity) set | towards truth | away from truth |",
        "|---|---|---|---|---|---|",
    ]
    for name in sorted(per):
        r = per[name]
        lines.append(f"| {name} | {r[0]} | {_share(r[1], r[0])} | {_share(r[2], r[0])} | {r[3]} | {r[4]} |")
    lines.append(
        f"| **all** | {total[0]} | {_share(total[1], total[0])} | {_share(total[2], total[0])} | {total[3]} | {total[4]} |"
    )
    lines += ["", "| rule | pairs where it fired (either side) | unchanged |", "|---|---|---|"]
    for rule in sorted(per_rule):
        n, moved_n = per_rule[rule]
        lines.append(f"| {rule} | {n} | {_share(n - moved_n, n)} |")
    lines += structure_lines(runs, bases, truths, aliases)
    lines += ["", "Changes (towards truth: + gain, − loss, 0 neutral):", ""]
    lines += [
        f"- {c.item} · {c.perturbation}{'(' + c.variant + ')' if c.variant else ''} · {c.what} · "
        f"{'+' if c.towards > 0 else '−' if c.towards < 0 else '0'} · {c.detail}"
        for c in changes
    ] or ["- none"]
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sample", type=int, help="(item, perturbation) pairs; 0 = every applicable pair (default 60, 0 with --items)"
    )
    ap.add_argument("--items", action="append", default=[], help="item id or split/id (repeatable)")
    ap.add_argument("--split", action="append", default=[], choices=SEEN, help="only this seen split (repeatable)")
    ap.add_argument("--only-perturb", action="append", default=[], choices=sorted(PERTURBATIONS))
    ap.add_argument("--seed", type=int, default=26)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--pdf", action="store_true", help="also items with PDF files (LibreOffice; slow)")
    ap.add_argument("--save", type=Path, help="keep the rendered files and the checker's JSON here")
    ap.add_argument("--out", type=Path, help="results file (default: none with --items, else bench/results/perturb.md)")
    args = ap.parse_args()
    names = args.only_perturb or sorted(set(PERTURBATIONS) - FORMAT_PERTURBATIONS)
    items = seen_items(args.items, args.pdf, args.split)
    sample = args.sample if args.sample is not None else (0 if args.items else 60)
    pairs = plan(items, names, sample, args.seed)
    options, aliases = checker_options(), load_aliases()
    work = args.save or Path(tempfile.mkdtemp(prefix="qc-perturb-"))
    todo = sorted({(k, "") for k, _ in pairs}) + pairs
    started = datetime.now(UTC)

    def one(job: tuple[int, str]) -> Run:
        return run_one(items[job[0]], job[1], args.seed, work, options, args.timeout)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        done = list(pool.map(one, todo))
    bases = {f"{r.split}/{r.item}": r for r in done if not r.perturbation}
    runs = [r for r in done if r.perturbation]
    for r in done:
        (work / r.split).mkdir(parents=True, exist_ok=True)
        (work / r.split / f"{r.item}.{r.perturbation or 'original'}.json").write_text(
            json.dumps(r.out, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    truths = {
        f"{split}/{folder.name.split('-')[0]}": json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        for split, folder, _ in items
    }
    body = report_lines(runs, bases, truths, aliases)
    print("\n".join(body))
    out = args.out or (None if args.items else BENCH / "results" / "perturb.md")
    if out:
        minutes = (datetime.now(UTC) - started).total_seconds() / 60
        loads = [r.out.get("_load", 0) for r in done]
        head = [
            "# Perturbation harness — the same project in other words, the same verdict",
            "",
            f"Command: `.venv/bin/python bench/perturb.py --sample {args.sample} --seed {args.seed} --jobs {args.jobs}`"
            f" at commit {done[0].out.get('_checker_commit', '?') if done else '?'}, {started:%Y-%m-%d %H:%M} UTC, "
            f"{minutes:.1f} min for {len(todo)} checker runs ({len(runs)} pairs, {len(bases)} unperturbed) on: "
            f"{machine()}; load average (1 min) {min(loads, default=0):.1f}–{max(loads, default=0):.1f}.",
            "",
            "Material: the seen splits' source.yaml (every seen split named in SEEN; never the sealed one), rendered by eval/independent/build.py's code "
            "into a temp folder. Perturbations: bench/perturb.py (vocabulary bench/perturb.yaml).",
            "",
        ]
        write_results(out, head + body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
