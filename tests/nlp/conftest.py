"""Builders for small synthetic Documents: a slide deck (title per slide), a flowing report (TXT
lines or DOCX-like headings), and tables."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ingest.model import Block, BlockKind, Cell, Document, SourceRef, Table
from ingest.options import ReadOptions
from ingest.readers import text as text_reader

SlideItem = str | list[list[str]]  # a paragraph, or a table as rows of cells


def table(rows: Sequence[Sequence[str]]) -> Table:
    cells = [[Cell(text=t, row=r, col=c) for c, t in enumerate(row)] for r, row in enumerate(rows)]
    return Table(rows=cells, n_rows=len(rows), n_cols=max(len(r) for r in rows))


def deck(slides: Sequence[tuple[str | None, Sequence[SlideItem]]], filename: str = "deck.pptx") -> Document:
    """A PPTX-like Document: one title block (when not None) and body blocks per slide."""
    blocks: list[Block] = []
    for page, (title, items) in enumerate(slides, start=1):
        order = 0
        if title is not None:
            blocks.append(
                Block(id=f"p{page}-b{order}", kind=BlockKind.title, text=title, source=SourceRef(page=page, order=order))
            )
            order += 1
        for it in items:
            if isinstance(it, str):
                blocks.append(
                    Block(id=f"p{page}-b{order}", kind=BlockKind.paragraph, text=it, source=SourceRef(page=page, order=order))
                )
            else:
                t = table(it)
                blocks.append(
                    Block(
                        id=f"p{page}-b{order}",
                        kind=BlockKind.table,
                        text=t.to_text(),
                        table=t,
                        source=SourceRef(page=page, order=order),
                    )
                )
            order += 1
    title0 = slides[0][0] if slides and slides[0][0] else None
    return Document(doc_id="0" * 16, filename=filename, format="pptx", title=title0, pages=len(slides), blocks=blocks)


def report(lines: Sequence[str | tuple[str, int] | list[list[str]]], filename: str = "report.docx") -> Document:
    """A DOCX-like Document: ("text", level) is a heading, a list is a table, a str a paragraph."""
    blocks: list[Block] = []
    for n, it in enumerate(lines, start=1):
        src = SourceRef(page=n, order=0)
        if isinstance(it, tuple):
            blocks.append(Block(id=f"p{n}", kind=BlockKind.heading, text=it[0], level=it[1], source=src))
        elif isinstance(it, list):
            t = table(it)
            blocks.append(Block(id=f"p{n}", kind=BlockKind.table, text=t.to_text(), table=t, source=src))
        else:
            blocks.append(Block(id=f"p{n}", kind=BlockKind.paragraph, text=it, source=src))
    title = next((b.text for b in blocks if b.kind != BlockKind.table), None)
    return Document(doc_id="1" * 16, filename=filename, format="docx", title=title, pages=len(blocks), blocks=blocks)


def txt(text: str, filename: str = "report.txt") -> Document:
    return text_reader.read(text.encode("utf-8"), filename, ReadOptions())


@pytest.fixture
def make_deck():
    return deck


@pytest.fixture
def make_report():
    return report


@pytest.fixture
def make_txt():
    return txt
