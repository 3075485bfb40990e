"""Pictures: every meaningful picture of a slide, page or Word body read (OCR), classified and, when
it is a table screenshot, turned into a Table.

Readers collect `PictureJob`s, call `read_pictures` once per document (cache, budget, parallel OCR:
runner.py) and turn each `PictureRead` into a block with `picture_block_content`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import BlockKind, Figure, Table
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
    found = table_from_lines(read.lines, read.features)
    table = found[0] if found else None
    guess = classify(read.lines, read.features, table)
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
    return PictureContent(BlockKind.image_text, read.text, figure)
