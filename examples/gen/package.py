"""Full submission packages (issue 10 item 8): every 2024 submission carries its 成果报告 deck, its
实施记录 and its 申报表 (seed 000 第七条, 002, 004).

The files a submission already had stay byte-identical: the missing part is rendered afterwards from a
copy of the same Report (a deck for a 实施记录 submission, a Word 实施记录 for a deck submission), and
a 申报表 is added where there was none. Every choice here comes from its own random stream
("package-<id>"), so nothing drawn before shifts. The 实施记录 carries a 小组活动记录 table (one row per
meeting). Planted contradictions between the documents live only in the new part and are returned for
the manifest (`package_conflicts`).
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
from pathlib import Path
from typing import Any

from .doc import Para, Report, Table
from .docx_out import write_docx
from .plan import Built
from .pptx_out import DeckStyle, write_pptx

DECK_NAME, RECORD_NAME, FORM_NAME = "成果报告.pptx", "实施记录.docx", "申报表.docx"

# fact -> the labels the 小组概况 layouts of gen/frame.py use for it
LABELS: dict[str, tuple[str, ...]] = {
    "meetings": ("活动次数", "活动频次", "活动次数/出勤率"),
    "activity": ("活动时间", "活动周期"),
    "founded": ("成立时间", "成立日期"),
}
NAMES = {"meetings": "活动次数", "activity": "活动时间", "founded": "成立日期", "company": "单位"}

# Contradictions planted in the new part, by submission (the clean submissions S01–S05 stay clean). A
# planted 活动时间 starting a year earlier also runs over one year (seed 000 第二条).
PLANTS: dict[str, str] = {"S06": "meetings", "S08": "activity", "S11": "founded", "S09": "company"}


def _team_info(rep: Report) -> Table:
    team = next(s for s in rep.sections if s.step == "team")
    return next(it for it in team.items if isinstance(it, Table))


def _cell(info: Table, key: str) -> tuple[list[str], int] | None:
    """The row list and index of the value cell for a fact in a 小组概况 table (label to the left, or a
    header row above), None when the layout has no such field."""
    labels = LABELS[key]
    for j, head in enumerate(info.header):
        if head in labels and info.rows:
            return info.rows[0], j
    for row in info.rows:
        for j, cell in enumerate(row[:-1]):
            if cell in labels:
                return row, j + 1
    return None


def _bump_first_number(text: str, by: int) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group()) + by), text, count=1)


def _plant(rep: Report, key: str, rng: random.Random) -> dict[str, str] | None:
    """Change one fact in the report copy; returns {"field", "name", "was", "now"} or None when the
    team table has no such field."""
    if key == "company":
        para = next(p for s in rep.sections if s.step == "cover" for p in s.items if isinstance(p, Para) and p.tag == "company")
        was = para.text
        para.text = was.replace("有限公司", "集团有限公司") if "有限公司" in was else f"{was}分公司"
        return {"field": key, "name": NAMES[key], "was": was, "now": para.text}
    found = _cell(_team_info(rep), key)
    if found is None:
        return None
    row, j = found
    was = row[j]
    by = {"meetings": rng.randrange(3, 7), "activity": -1, "founded": -rng.randrange(1, 3)}[key]
    row[j] = _bump_first_number(was, by)
    return {"field": key, "name": NAMES[key], "was": was, "now": row[j]}


def _meetings(info: Table) -> int:
    found = _cell(info, "meetings")
    m = re.search(r"\d+", found[0][found[1]]) if found else None
    return int(m.group()) if m else 12


def _activity_log(b: Built, rep: Report, rng: random.Random) -> Table:
    """小组活动记录: one row per meeting the 小组概况 table states, dated through the activity year."""
    n = _meetings(_team_info(rep))
    start = dt.date(b.spec.year, 2, 20)
    days = sorted(rng.sample(range(0, 270), n))
    topics = ["课题选定讨论", "现状调查数据汇总", "目标测算", "原因分析（头脑风暴）", "要因确认现场测量", "对策制定",
              "对策实施跟踪", "效果检查", "巩固措施与标准化", "成果总结"]
    rows = []
    for k, d in enumerate(days):
        day = start + dt.timedelta(days=d)
        rows.append([str(k + 1), f"{day.year}.{day.month:02d}.{day.day:02d}", b.ctx.company.short,
                     topics[min(len(topics) - 1, k * len(topics) // n)], f"{rng.randrange(len(b.ctx.members) - 2, len(b.ctx.members) + 1)}人"])
    return Table(["序号", "日期", "地点", "活动内容", "出勤人数"], rows, caption="小组活动记录")


def _deck_style(rng: random.Random) -> DeckStyle:
    return DeckStyle(title_mode=rng.choice(["placeholder", "textbox", "mixed"]), continuation=rng.choice(["（续）", ""]),
                     nested_groups=rng.random() < 0.3, merge_summary=False, font_size=rng.choice([14, 16, 18]))


def write_missing_parts(b: Built, folder: Path, *, when: dt.datetime, author: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Write the parts the submission lacks; returns ({part: file}, planted conflicts)."""
    rng = random.Random(f"package-{b.spec.pid}")
    rep = copy.deepcopy(b.report)
    conflicts: list[dict[str, Any]] = []
    key = PLANTS.get(b.spec.pid)
    planted = _plant(rep, key, rng) if key else None
    deck_main = b.spec.fmt in ("pptx", "pdf")
    new_file = RECORD_NAME if deck_main else DECK_NAME
    if planted:
        main_name = {"pptx": DECK_NAME, "pdf": "成果报告.pdf", "docx": RECORD_NAME}[b.spec.fmt]
        conflicts.append({**planted, "files": [main_name, new_file]})
    if deck_main:
        team = next(s for s in rep.sections if s.step == "team")
        team.items.insert(team.items.index(_team_info(rep)) + 1, _activity_log(b, rep, rng))
        write_docx(rep, folder / RECORD_NAME, b.spec.style, rng.choice(["styles", "bold"]), when=when, author=author)
    else:
        write_pptx(rep, folder / DECK_NAME, b.spec.style, _deck_style(rng), when=when, author=author)
    return {"record" if deck_main else "deck": new_file}, conflicts


def months_over_year(conflicts: list[dict[str, Any]]) -> bool:
    return any(c["field"] == "activity" for c in conflicts)


__all__ = ["FORM_NAME", "PLANTS", "months_over_year", "write_missing_parts"]
