"""Per-slide pieces of the PPTX reader: the units a shape tree yields, their blocks in reading order,
speaker notes, and the OCR of pictures on slides with little text."""

from __future__ import annotations

from dataclasses import dataclass, field

from pptx.exc import PythonPptxError

from ..model import Block, BlockKind, Chart, Issue, SourceRef, Table
from .pptx_geometry import BBox, reading_order
from .pptx_text import paragraphs

MAX_OCR_PICTURES_PER_SLIDE = 8
MIN_OCR_PICTURE_AREA_PT2 = 60.0 * 40.0  # icons and bullets are not worth an OCR pass


@dataclass
class Item:
    kind: BlockKind
    text: str
    level: int | None = None
    table: Table | None = None
    chart: Chart | None = None
    size: float | None = None  # font size in points when the file states it


# A text box acts as the slide title when the slide has no title placeholder and the box is a short
# single line, set clearly larger than the rest of the slide, near the top (anywhere on slide 1: cover).
VISUAL_TITLE_MAX_CHARS = 40
VISUAL_TITLE_MIN_PT = 20.0
VISUAL_TITLE_RATIO = 1.15
VISUAL_TITLE_TOP_FRACTION = 0.22
DEFAULT_BODY_PT = 18.0


def promote_visual_title(scan: SlideScan, slide_height_pt: float | None, cover: bool) -> None:
    """Turn the text box that visually is the slide title into a title block (level 1)."""
    if any(u.first for u in scan.units):
        return
    candidates: list[Unit] = []
    for u in scan.units:
        if u.part is not None or len(u.items) != 1 or u.bbox is None:
            continue
        it = u.items[0]
        if it.kind != BlockKind.paragraph or it.size is None or "\n" in it.text:
            continue
        if len(it.text) > VISUAL_TITLE_MAX_CHARS or it.size < VISUAL_TITLE_MIN_PT:
            continue
        if not cover and slide_height_pt and u.bbox[1] > VISUAL_TITLE_TOP_FRACTION * slide_height_pt:
            continue
        candidates.append(u)
    if not candidates:
        return
    best = max(candidates, key=lambda u: (u.items[0].size or 0.0, -(u.bbox or (0, 0, 0, 0))[1]))
    others = [
        it.size if it.size is not None else DEFAULT_BODY_PT
        for u in scan.units
        if u is not best and u.part is None
        for it in u.items
        if it.kind in (BlockKind.paragraph, BlockKind.list_item)
    ]
    biggest_other = max(others, default=0.0)
    size = best.items[0].size or 0.0
    if others and size < VISUAL_TITLE_RATIO * biggest_other:
        return
    best.items[0].kind = BlockKind.title
    best.items[0].level = 1
    best.first = True


@dataclass
class Unit:
    """One shape's contribution: items that share its position and stay together in reading order."""

    bbox: BBox | None
    seq: int
    part: str | None
    items: list[Item] = field(default_factory=list)
    first: bool = False  # slide title: read first


@dataclass
class Picture:
    bbox: BBox | None
    seq: int
    blob: bytes


@dataclass
class SlideScan:
    units: list[Unit] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    seq: int = 0

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq


def blocks_for_slide(scan: SlideScan, no: int) -> list[Block]:
    blocks: list[Block] = []
    for ui in reading_order(scan.units):
        unit = scan.units[ui]
        for it in unit.items:
            blocks.append(
                Block(
                    id=f"s{no}-b{len(blocks) + 1}",
                    kind=it.kind,
                    text=it.text,
                    level=it.level,
                    table=it.table,
                    chart=it.chart,
                    source=SourceRef(page=no, order=len(blocks), bbox=unit.bbox, part=unit.part),
                )
            )
    return blocks


def notes_blocks(slide: object, no: int, start: int, unreadable: list[str]) -> list[Block]:
    """Speaker notes of a slide (only when it has a notes slide: asking python-pptx for `notes_slide`
    would create one)."""
    try:
        if not slide.has_notes_slide:  # type: ignore[attr-defined]
            return []
        tf = slide.notes_slide.notes_text_frame  # type: ignore[attr-defined]
    except (KeyError, AttributeError, ValueError, TypeError, PythonPptxError) as e:
        unreadable.append(f"第 {no} 页：备注页损坏，未读取（{type(e).__name__}）")
        return []
    if tf is None:
        return []
    out: list[Block] = []
    for p in paragraphs(tf._txBody):
        out.append(
            Block(
                id=f"s{no}-n{len(out) + 1}",
                kind=BlockKind.note,
                text=p.text,
                source=SourceRef(page=no, order=start + len(out), part="notes"),
            )
        )
    return out


def ocr_pictures(scan: SlideScan, no: int, unreadable: list[str], issues: list[Issue]) -> bool:
    """OCR the slide's pictures (largest first) into image_text units. True when any text came back."""
    try:
        from .ocr import OcrUnavailableError, ocr_image_result
    except ImportError:
        unreadable.append(f"第 {no} 页：文字可能只在图片中（OCR 组件不可用）")
        return False
    pics = [p for p in scan.pictures if p.bbox is None or _area(p.bbox) >= MIN_OCR_PICTURE_AREA_PT2]
    pics.sort(key=lambda p: -_area(p.bbox) if p.bbox else 0.0)
    got = False
    for pic in pics[:MAX_OCR_PICTURES_PER_SLIDE]:
        try:
            result = ocr_image_result(pic.blob)
        except OcrUnavailableError:
            unreadable.append(f"第 {no} 页：文字可能只在图片中（OCR 组件不可用）")
            return got
        if result.skipped:
            unreadable.append(f"第 {no} 页：图片未识别（{result.skipped}）")
            continue
        texts = [str(t).strip() for t, _bbox, _score in result.lines if str(t).strip()]
        if not texts:
            continue
        got = True
        unit = Unit(bbox=pic.bbox, seq=pic.seq, part="ocr")
        unit.items.extend(Item(BlockKind.image_text, t) for t in texts)
        scan.units.append(unit)
    if len(pics) > MAX_OCR_PICTURES_PER_SLIDE:
        unreadable.append(f"第 {no} 页：图片过多，只识别了最大的 {MAX_OCR_PICTURES_PER_SLIDE} 张")
    return got


def _area(b: BBox | None) -> float:
    if b is None:
        return 0.0
    return max(b[2] - b[0], 0.0) * max(b[3] - b[1], 0.0)
