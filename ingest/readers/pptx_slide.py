"""Per-slide pieces of the PPTX reader: the units a shape tree yields, tables drawn from shapes, their
blocks in reading order, and speaker notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from pptx.exc import PythonPptxError

from ..model import Block, BlockKind, Chart, Figure, Issue, SourceRef, Table
from .drawn_tables import Box, find_tables
from .grid import centre_in
from .pptx_geometry import BBox, reading_order
from .pptx_text import paragraphs


@dataclass
class Item:
    kind: BlockKind
    text: str
    level: int | None = None
    table: Table | None = None
    chart: Chart | None = None
    size: float | None = None  # font size in points when the file states it
    figure: Figure | None = None


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
    cell: bool = False  # a plain text shape that may be a cell of a table drawn from shapes
    framed: bool = True  # drawn with an outline or a fill; False for a bare text box (drawn_tables)


@dataclass
class Picture:
    bbox: BBox | None
    seq: int
    blob: bytes


@dataclass
class SlideScan:
    units: list[Unit] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    empty_boxes: list[BBox] = field(default_factory=list)  # rectangles without text (empty drawn cells)
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
                    figure=it.figure,
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


def add_drawn_tables(scan: SlideScan) -> None:
    """Replace text shapes and rectangles laid out as a grid by one table unit (part "drawn").

    A text box lying on an empty rectangle is that rectangle's text (the usual way a cell is drawn
    with a separate text box)."""
    texts = [u for u in scan.units if u.cell and not u.first and u.part is None and u.bbox is not None]
    if len(texts) + len(scan.empty_boxes) < 4:
        return
    boxes: list[Box] = []
    owners: list[list[Unit]] = []
    for rect in scan.empty_boxes:
        boxes.append(Box(rect, ""))
        owners.append([])
    inside = [[u for u in texts if u.bbox is not None and centre_in(b.bbox, u.bbox)] for b in boxes]
    for u in texts:
        assert u.bbox is not None
        # a rectangle hosts the one text box lying on it (not a frame around several)
        host = next((i for i, b in enumerate(boxes[: len(inside)]) if inside[i] == [u]), None)
        text = "\n".join(it.text for it in u.items)
        if host is not None:
            boxes[host] = Box(boxes[host].bbox, text)
            owners[host].append(u)
        else:
            boxes.append(Box(u.bbox, text, u.framed))
            owners.append([u])
    for found in find_tables(boxes):
        members = [u for i in found.members for u in owners[i]]
        seq = min((u.seq for u in members), default=scan.next_seq())
        for u in members:
            scan.units.remove(u)
        unit = Unit(bbox=found.bbox, seq=seq, part="drawn")
        unit.items.append(Item(BlockKind.table, found.table.to_text(), table=found.table))
        scan.units.append(unit)
