"""Pictures: every meaningful picture of a slide, page or Word body read (OCR), classified and, when
it is a table screenshot, turned into a Table.

Readers collect `PictureJob`s, call `read_pictures` once per document (cache, budget, parallel OCR:
runner.py) and turn each `PictureRead` into a block with `picture_block_content`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import BlockKind, Figure, Table
from ..readers.ocr import Line
from .classify import classify
from .ocr_table import table_from_lines
from .runner import PictureJob, PictureRead, meaningful, read_pictures

__all__ = ["PictureContent", "PictureJob", "PictureRead", "meaningful", "picture_content", "read_pictures"]


@dataclass
class PictureContent:
    """What a read picture adds to the document: a block of `kind` with `text` (and `table`)."""

    kind: BlockKind
    text: str
    figure: Figure
    table: Table | None = None


def picture_content(read: PictureRead) -> PictureContent | None:
    """The block content of a picture read (None for blank, tiny or unread pictures)."""
    if read.status != "read" or read.features is None:
        return None
    lines = _without_specks(read.lines)
    found = table_from_lines(lines, read.features)
    table = found[0] if found else None
    guess = classify(lines, read.features, table)
    figure = Figure(
        kind=guess.kind,
        confidence=guess.confidence,
        evidence=guess.evidence,
        title=guess.title,
        image_hash=read.job.key,
        width=read.features.width,
        height=read.features.height,
    )
    if table is not None and guess.kind.value == "table":
        return PictureContent(BlockKind.table, table.to_text(), figure, table)
    return PictureContent(BlockKind.image_text, "\n".join(t for t, _, _ in lines), figure)


def _without_specks(lines: list[Line]) -> list[Line]:
    """A picture whose only "text" is a lone Latin letter or mark (the tick of an icon read as "V",
    a bulb read as "!") has no text."""
    if len(lines) > 2 or any(len(t.strip()) > 1 or _is_cjk_or_digit(t.strip()) for t, _, _ in lines):
        return lines
    return []


def _is_cjk_or_digit(ch: str) -> bool:
    return bool(ch) and (ch.isdigit() or "\u4e00" <= ch <= "\u9fff")
