"""Content shared by the recipes: rendering with retries, the tables of a theme (对策表, 要因确认表,
要因评价表) as rows or as drawn-table cells with spans, and slide text."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import yaml
from pics_charts import LayoutError
from pics_text import Picture

HERE = Path(__file__).resolve().parent
CM_HEADER = ["序号", "要因", "对策", "目标", "措施", "地点", "完成时间", "负责人"]
CF_HEADER = ["序号", "末端因素", "确认内容", "确认方法", "标准", "确认结果", "结论"]


def themes() -> dict[str, dict]:
    return yaml.safe_load((HERE / "material" / "themes.yaml").read_text(encoding="utf-8"))


def draw(fn: Callable[..., Picture], seed: str, *args) -> Picture:
    """Render with a seeded generator; a layout with clipped or overlapping text is drawn again."""
    for attempt in range(30):
        try:
            return fn(*args, random.Random(f"{seed}:{attempt}"))
        except (LayoutError, ValueError):
            continue
    raise RuntimeError(f"{seed}: no clean layout in 30 tries")


def cm_rows(theme: dict) -> list[list[str]]:
    return [[str(i + 1), *map(str, r)] for i, r in enumerate(theme["countermeasures"])]


def cf_rows(theme: dict) -> list[list[str]]:
    return [[str(i + 1), *map(str, r)] for i, r in enumerate(theme["confirm"])]


def eval_rows(theme: dict, rng: random.Random) -> tuple[list[str], list[list[str]]]:
    """要因评价表 (scores 1/3/5 by four members, total, chosen), hospital style."""
    header = ["末端因素", "圈员甲", "圈员乙", "圈员丙", "圈员丁", "总分", "选定"]
    rows = []
    for r in theme["confirm"]:
        scores = [rng.choice((1, 3, 5)) for _ in range(4)]
        rows.append([r[0], *map(str, scores), str(sum(scores)), "是" if sum(scores) >= 12 else "否"])
    return header, rows


def _cell(row: int, col: int, text: str, rs: int = 1, cs: int = 1, header: bool = False) -> dict:
    return {"row": row, "col": col, "row_span": rs, "col_span": cs, "text": text, "header": header}


def drawn_countermeasures(theme: dict) -> tuple[list[dict], list[float]]:
    """对策表 with a two-level header: 实施计划 spans 地点 / 完成时间 / 负责人, the other header
    boxes span both header rows."""
    cells = [_cell(0, c, CM_HEADER[c], rs=2, header=True) for c in range(5)]
    cells.append(_cell(0, 5, "实施计划", cs=3, header=True))
    cells += [_cell(1, 5 + i, CM_HEADER[5 + i], header=True) for i in range(3)]
    for r, row in enumerate(cm_rows(theme)):
        cells += [_cell(2 + r, c, text) for c, text in enumerate(row)]
    return cells, _widths([CM_HEADER, *cm_rows(theme)])


def drawn_confirmation(theme: dict, who: str) -> tuple[list[dict], list[float]]:
    """要因确认表 whose last column (确认人) is one box spanning every body row."""
    header = [*CF_HEADER, "确认人"]
    cells = [_cell(0, c, text, header=True) for c, text in enumerate(header)]
    rows = cf_rows(theme)
    for r, row in enumerate(rows):
        cells += [_cell(1 + r, c, text) for c, text in enumerate(row)]
    cells.append(_cell(1, len(CF_HEADER), who, rs=len(rows)))
    return cells, _widths([header, *[[*r, who] for r in rows]])


def _widths(grid: list[list[str]], pt_per_char: float = 11.5, pad: float = 14, total: float = 900) -> list[float]:
    """Column widths (points) from the longest text of each column, scaled to fit `total`."""
    raw = [max(len(row[c]) for row in grid) * pt_per_char + pad for c in range(len(grid[0]))]
    scale = min(1.0, total / sum(raw))
    return [w * scale for w in raw]


BODY = {
    "现状调查": ["小组对活动前的数据进行了分层统计。", "按问题类型绘制排列图，找出症结所在。"],
    "设定目标": ["根据症结测算并参考历史最好水平设定目标。", "目标值经全体组员讨论确定。"],
    "原因分析": ["运用头脑风暴法，从人、机、料、法、环、测六个方面分析原因。"],
    "要因确认": ["对末端因素逐条制定确认计划，用数据和事实判定要因。"],
    "对策实施": ["各项对策按计划落实，现场照片记录实施过程。"],
    "效果检查": ["对策实施后连续跟踪统计，目标完成。", "经济效益和社会效益经财务部门确认。"],
    "选择课题": ["课题来源于上级要求和现场存在的问题。", "经小组讨论确定本期课题。"],
}


def body(step: str, theme: dict) -> list[str]:
    return [*BODY.get(step, []), f"课题：{theme['title']}"]
