"""Human labels for what the faces show: Chinese names of types, steps, severities and passage kinds,
copy-ratio bands, percentages and source labels. Shared by the Excel sheet, the HTML report and the
console so a word means the same thing everywhere."""

from __future__ import annotations

import re
from typing import NamedTuple

from index.report import SourceInfo
from nlp.steplex import step_names

STEP_NAMES = step_names()
TYPE_NAMES = {"problem_solving": "问题解决型", "innovative": "创新型", "unknown": "未识别"}
TARGET_NAMES = {"self_set": "自定目标", "directive": "指令性目标"}
FIVEW1H_NAMES = {"what": "对策", "why": "目标", "who": "负责人", "where": "地点", "when": "时间", "how": "措施"}
SEVERITY_NAMES = {"fatal": "否决", "major": "严重", "minor": "一般", "info": "提示"}
SEVERITY_ORDER = ("fatal", "major", "minor", "info")
KIND_NAMES = {"copy": "复制", "paraphrase": "改写"}
VERDICTS = ("参评", "完善后参评", "需人工复核", "不评")
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


SLIDE_FORMATS = {"pptx", "ppt", "dps"}
PARAGRAPH_FORMATS = {"docx", "doc", "wps", "txt"}


def file_format(name: str | None) -> str:
    """The format a file name says (the readers sniff the bytes; this is only for labels)."""
    return (name or "").rsplit(".", 1)[-1].lower() if name and "." in name else ""


def ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> "1–3、5、7–8"."""
    nums = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return "、".join(parts)


def unit_of(fmt: str) -> str:
    """What a page number counts in a file of this format: 张幻灯片, 段 or 页."""
    return "张幻灯片" if fmt in SLIDE_FORMATS else "段" if fmt in PARAGRAPH_FORMATS else "页"


def where(pages: list[int], fmt: str) -> str:
    """ "第 4–12 张幻灯片", "第 3、5 段", "第 2 页" — or "—" without pages."""
    return f"第 {ranges(pages)} {unit_of(fmt)}" if pages else "—"


_PLACES = re.compile(r"第\s*(\d+(?:\s*[、,，]\s*\d+)+)\s*(张幻灯片|页|段)")


def compress_places(text: str) -> str:
    """ "第 7、8、9、10、11 段" inside a message → "第 7–11 段" (the numbers listed one by one)."""

    def compress(m: re.Match[str]) -> str:
        numbers = [int(n) for n in re.split(r"\s*[、,，]\s*", m.group(1))]
        return f"第 {ranges(numbers)} {m.group(2)}"

    return _PLACES.sub(compress, text)


def sentence_list(reasons: list[str]) -> str:
    """Reasons as one Chinese sentence list: "a；b；c。" (no "。；" where a reason ends with a full stop)."""
    parts = [compress_places(r.strip().rstrip("。；;.")) for r in reasons if r.strip()]
    return "；".join(parts) + "。" if parts else ""


# What the rule ids that do not come from a rubric mean (the rubric's rules carry their own message).
RULE_MEANINGS = {
    "C-COPY": "总文字复制比（模板文字除外）达到 20% 须改写复制内容后参评，达到 40% 不得参评（不得抄袭）",
    "C-SAME": "与历年项目或本批次其他项目判定为同一项目（不得与历年项目雷同）",
    "E-REPEAT": "同一单位往年已申报过课题名称相同或相近的项目，不得重复申报",
    "E-AWARDED": "与已获奖项目为同一项目，已获奖项目不得再次申报评奖",
    "C-NAME": "材料中出现了其他申报单位（历年或本批次）的名称：可能来自该单位的材料，需人工复核",
    "F-REQUIRED": "申报表必填栏目为空",
    "F-CODE": "统一社会信用代码不符合 GB 32100-2015（位数、字符或校验码错误）",
    "F-TICK": "申报表的勾选项（企业规模、项目类型、所属产业）应恰好勾选一项",
    "F-PHONE": "联系电话格式不正确",
    "F-EMAIL": "电子邮箱格式不正确",
    "F-TITLE": "申报表中的项目名称与成果材料的课题名称不一致",
}
