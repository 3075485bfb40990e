"""What every picture renderer shares: the fonts, the rendered-picture record, and how the text a
human reads in a picture becomes the truth (lines in reading order: top to bottom, then left to
right within a line)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import ImageFont

NOTO_SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_SANS_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
NOTO_SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


@dataclass
class Placed:
    """One run of text as drawn: its box in image pixels (x0, y0 top-left; x1, y1)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Picture:
    """A rendered picture and its truth."""

    cls: str  # pareto, cause_effect, histogram, control_chart, scatter, bar, line, pie, gantt, table, photo, banner, other
    data: bytes
    ext: str  # png / jpeg
    width: int
    height: int
    lines: list[str] = field(default_factory=list)
    cells: list[dict] | None = None  # table screenshots: row, col, row_span, col_span, text
    note: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def stream(self) -> io.BytesIO:
        return io.BytesIO(self.data)


@cache
def _face_index(path: Path, family: str) -> int:
    for i in range(12):
        try:
            name = ImageFont.truetype(str(path), 12, index=i).getname()[0]
        except OSError:
            break
        if name == family:
            return i
    raise ValueError(f"{family} not in {path}")


@cache
def font(size: int, kind: str = "sans") -> ImageFont.FreeTypeFont:
    """A CJK font installed on the machine: Noto Sans / Sans Bold / Serif CJK SC or WenQuanYi Zen Hei."""
    if kind == "wqy":
        return ImageFont.truetype(str(WQY), size, index=0)
    path, family = {
        "sans": (NOTO_SANS, "Noto Sans CJK SC"),
        "bold": (NOTO_SANS_BOLD, "Noto Sans CJK SC"),
        "serif": (NOTO_SERIF, "Noto Serif CJK SC"),
    }[kind]
    return ImageFont.truetype(str(path), size, index=_face_index(path, family))


def reading_lines(placed: list[Placed]) -> list[str]:
    """Group text runs into lines (runs whose vertical centres fall inside a line's band) and read
    each line left to right; lines top to bottom."""
    runs = sorted((p for p in placed if p.text.strip()), key=lambda p: (p.y0 + p.y1) / 2)
    lines: list[list[Placed]] = []
    for run in runs:
        centre = (run.y0 + run.y1) / 2
        if lines:
            band = lines[-1]
            top = min(p.y0 for p in band)
            bottom = max(p.y1 for p in band)
            if top <= centre <= bottom:
                band.append(run)
                continue
        lines.append([run])
    return [" ".join(p.text.strip() for p in sorted(line, key=lambda p: p.x0)) for line in lines]
