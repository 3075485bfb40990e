"""Human labels for what the faces show: Chinese names of types, steps, severities and passage kinds,
copy-ratio bands, percentages and source labels. Shared by the Excel sheet, the HTML report and the
console so a word means the same thing everywhere."""

from __future__ import annotations

from typing import NamedTuple

from index.report import SourceInfo
from nlp.sections import step_names

STEP_NAMES = step_names()
TYPE_NAMES = {"problem_solving": "问题解决型", "innovative": "创新型", "unknown": "未识别"}
TARGET_NAMES = {"self_set": "自定目标", "directive": "指令性目标"}
FIVEW1H_NAMES = {"what": "对策", "why": "目标", "who": "负责人", "where": "地点", "when": "时间", "how": "措施"}
SEVERITY_NAMES = {"fatal": "否决", "major": "严重", "minor": "一般", "info": "提示"}
SEVERITY_ORDER = ("fatal", "major", "minor", "info")
KIND_NAMES = {"copy": "复制", "paraphrase": "改写"}
VERDICT_COLOURS = {"参评": "green", "完善后参评": "yellow", "不评": "red", "需人工复核": "magenta"}


class Band(NamedTuple):
    upper: float  # exclusive upper bound of the share in [0, 1]
    css: str
    label: str
    fill: str  # Excel fill colour


# CNKI-like bands for copy ratios.
BANDS = (
    Band(0.10, "band-low", "低（<10%）", "C6EFCE"),
    Band(0.30, "band-mid", "中（10%–30%）", "FFEB9C"),
    Band(0.50, "band-high", "高（30%–50%）", "F8CBAD"),
    Band(1.01, "band-severe", "很高（≥50%）", "FF9999"),
)


def band(ratio: float | None) -> Band:
    r = ratio or 0.0
    return next((b for b in BANDS if r < b.upper), BANDS[-1])


def pct(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.1f}%"


def type_name(project_type: str | None) -> str:
    return TYPE_NAMES.get(project_type or "", "未识别")


def step_name(step_id: str) -> str:
    return STEP_NAMES.get(step_id, step_id)


def source_label(src: SourceInfo | None, *, redacted: bool = False) -> str:
    """'2021 年 某公司《标题》'; for redacted views only '2021 年某企业项目'."""
    if src is None:
        return "—"
    year = f"{src.year} 年" if src.year else ("本批次" if src.batch else "")
    if redacted:
        return f"{year}{'其他申报项目' if src.batch else '某企业项目'}"
    title = src.title or src.project_id
    tag = f"（本批次 {src.project_id}）" if src.batch else ""
    return f"{year} {src.company or ''}《{title}》{tag}".strip()
