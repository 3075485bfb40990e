"""The one document model every stage shares.

Readers build it, `nlp` and `index` only read it. Every element carries provenance (`SourceRef`) so a
report can point a reviewer at the slide or page where the evidence is. Field names are part of the
JSON contract of `qcscreen extract --json`: extend, never rename.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, computed_field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BlockKind(StrEnum):
    # The member shadows str.title(); the value is the JSON contract, so the name stays.
    title = "title"  # type: ignore[assignment]  # slide title / document title
    heading = "heading"  # section heading (level in Block.level)
    paragraph = "paragraph"
    list_item = "list_item"
    table = "table"
    chart = "chart"
    note = "note"  # speaker notes: kept apart from the body, not in Document.text
    image_text = "image_text"  # text recovered by OCR from a picture or a scanned page
    furniture = "furniture"  # headers, footers, page numbers: kept apart, not in Document.text


# Kinds whose text is part of Document.text (what a reviewer sees as the body of the submission).
BODY_KINDS = frozenset(
    {
        BlockKind.title,
        BlockKind.heading,
        BlockKind.paragraph,
        BlockKind.list_item,
        BlockKind.table,
        BlockKind.chart,
        BlockKind.image_text,
    }
)


class SourceRef(_Frozen):
    """Where an element comes from.

    page: 1-based slide number (PPTX/PPT) or page number (PDF); for DOCX/TXT the 1-based paragraph
    index of the block (tables count as one paragraph). order: reading order within the page.
    bbox: (x0, y0, x1, y1) in points on the slide/page when known. part: which part of the file the
    text came from when it is not the main body ("smartart", "layout", "master", "notes", "header",
    "footer", "textbox", "ocr", "chart", "drawn": a table laid out from separate text boxes and
    rectangles, or from a PDF page's unruled boxes; "borderless": a PDF table found from aligned text).
    """

    page: int = Field(ge=0)
    order: int = 0
    bbox: tuple[float, float, float, float] | None = None
    part: str | None = None


class Cell(_Frozen):
    """A table cell at its merge origin. Cells covered by a span are not repeated."""

    text: str
    row: int = Field(ge=0)
    col: int = Field(ge=0)
    row_span: int = Field(default=1, ge=1)
    col_span: int = Field(default=1, ge=1)
    nested: list[Table] = Field(default_factory=list)  # tables inside this cell (DOCX)


class Table(_Frozen):
    """A table as a grid of origin cells. `rows[i]` holds the origin cells whose top row is i."""

    rows: list[list[Cell]]
    n_rows: int = Field(ge=0)
    n_cols: int = Field(ge=0)

    def grid(self) -> list[list[str | None]]:
        """Dense n_rows x n_cols grid: the origin cell's text at its origin, "" for empty grid
        positions, None at positions covered by another cell's span."""
        g: list[list[str | None]] = [[""] * self.n_cols for _ in range(self.n_rows)]
        for row in self.rows:
            for c in row:
                for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                    for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                        g[r][k] = None
                if c.row < self.n_rows and c.col < self.n_cols:
                    g[c.row][c.col] = c.text
        return g

    def filled_grid(self) -> list[list[str]]:
        """Dense grid where every position covered by a span carries the origin cell's text.
        Use for reading a column (e.g. the 5W1H 负责人 column) without caring about merges."""
        g: list[list[str]] = [[""] * self.n_cols for _ in range(self.n_rows)]
        for row in self.rows:
            for c in row:
                for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                    for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                        g[r][k] = c.text
        return g

    def to_text(self) -> str:
        """Plain text: one line per row, origin cells separated by a tab (spans not repeated)."""
        lines = []
        for row in self.rows:
            cells = [c.text.replace("\n", " ").strip() for c in sorted(row, key=lambda c: c.col)]
            line = "\t".join(cells).strip()
            if line:
                lines.append(line)
        return "\n".join(lines)


class Series(_Frozen):
    name: str
    values: list[float | None]


class Chart(_Frozen):
    """A chart object's data, so a Pareto chart or histogram can be checked."""

    kind: str  # "bar", "line", "pie", "scatter", "combo", "pareto" (bar+cumulative line), ...
    title: str | None = None
    categories: list[str] = Field(default_factory=list)
    series: list[Series] = Field(default_factory=list)

    def to_text(self) -> str:
        head = self.title or ""
        parts = []
        for s in self.series:
            vals = ", ".join(
                f"{cat} {_fmt(v)}" for cat, v in zip(self.categories, s.values, strict=False) if v is not None
            )
            parts.append(f"{s.name}: {vals}" if s.name else vals)
        return "\n".join(p for p in [head, *parts] if p)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


class FigureKind(StrEnum):
    """What a picture shows (common.md contract 4). The values are the JSON contract."""

    pareto = "pareto"  # 排列图: descending bars with a cumulative-percentage line
    cause_effect = "cause_effect"  # 因果图 / 鱼骨图 / 特性要因图
    histogram = "histogram"  # 直方图
    control_chart = "control_chart"  # 控制图 (UCL / CL / LCL)
    scatter = "scatter"  # 散布图
    bar = "bar"  # 柱状图 / 条形图
    line = "line"  # 折线图
    pie = "pie"  # 饼图
    gantt = "gantt"  # 甘特图 / 活动计划
    table = "table"  # a screenshot of a table (its cells are in Block.table)
    photo = "photo"  # 现场照片 and other photographs
    banner = "banner"  # a wide strip with a step name or slogan set as a picture
    other = "other"


class Figure(_Frozen):
    """A picture of the document, classified from its OCR'd text layout and simple image features.

    The block carrying it holds the picture's text (kind `image_text`, `source.part == "ocr"`), or the
    table read from a table screenshot (kind `table`, `figure.kind == "table"`).
    """

    kind: FigureKind
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)  # why this kind, in Chinese ("文字含“排列图”" …)
    title: str | None = None  # the picture's own caption or title line when it has one
    image_hash: str  # sha256 of the picture (file bytes or rendered pixels), first 16 hex digits
    width: int = Field(default=0, ge=0)  # pixels
    height: int = Field(default=0, ge=0)


class Block(_Frozen):
    id: str  # stable within a document, e.g. "p3-b7"
    kind: BlockKind
    text: str
    level: int | None = None  # heading level (1 = top) when known
    table: Table | None = None
    chart: Chart | None = None
    figure: Figure | None = None  # the picture this block was read from (image_text / table blocks)
    # The recogniser's confidence (0–1) in a line OCR'd from a scanned page (PP-OCR's mean character
    # probability, as rapidocr returns it); for a table rebuilt from a scanned page's lines, the mean of its
    # lines' weighted by characters; None for text of the file's own and for picture text.
    ocr_score: float | None = Field(default=None, ge=0.0, le=1.0)
    source: SourceRef


class Issue(_Frozen):
    """A reading problem or a rule finding. code: "ingest.ocr_used", "ingest.cid_glyphs", "K1"..."""

    code: str
    severity: str  # "fatal" | "major" | "minor" | "info"
    message: str  # Simplified Chinese
    source: SourceRef | None = None


class PageCoverage(_Frozen):
    page: int
    chars: int  # characters extracted for this page (all kinds)
    has_text_layer: bool = True
    ocr: bool = False
    pictures: int = 0  # meaningful pictures on the page (icons, logos and blank pictures not counted)
    pictures_read: int = 0  # of those, pictures OCR'd and classified


class UnreadPicture(_Frozen):
    """A meaningful picture whose text was not read: never skipped silently."""

    page: int
    bbox: tuple[float, float, float, float] | None = None
    image_hash: str | None = None
    code: str  # "budget" | "ocr_off" | "ocr_failed" | "undecodable" | "too_large"
    reason: str  # Simplified Chinese


class PageLimit(_Frozen):
    """The file had more pages than the reader's limit (ReadOptions.max_pages): only pages 1..read of
    `total` were read. Never silent: the Document also carries an `ingest.page_limit` issue."""

    total: int
    read: int


class Coverage(_Frozen):
    """How much of the file we could read, so a reviewer knows when extraction is not to be trusted."""

    pages: list[PageCoverage] = Field(default_factory=list)
    unreadable: list[str] = Field(default_factory=list)  # Chinese descriptions of what was lost
    unread_pictures: list[UnreadPicture] = Field(default_factory=list)  # also summarised in `unreadable`
    page_limit: PageLimit | None = None  # set when the file was cut at the page limit

    @property
    def pages_without_text(self) -> list[int]:
        return [p.page for p in self.pages if not p.has_text_layer]

    @property
    def pages_ocr(self) -> list[int]:
        return [p.page for p in self.pages if p.ocr]


class Document(_Frozen):
    doc_id: str  # sha256 of the file bytes, first 16 hex digits
    filename: str
    format: str  # pptx | docx | pdf | ppt | doc | txt | wps | dps
    title: str | None = None
    pages: int = 0  # slides or pages; DOCX/TXT: number of paragraphs
    blocks: list[Block] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    meta: dict[str, str] = Field(default_factory=dict)  # e.g. converted_from, producer
    # Verbatim text of a plain-text file: `text` is then exactly the file's text (spec/interfaces.md),
    # and block offsets are located inside it. None for every other format.
    verbatim_text: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def text(self) -> str:
        """The plain text that offsets in reports refer to: body blocks joined by newlines."""
        return "".join(self._layout[0])

    @cached_property
    def _layout(self) -> tuple[list[str], list[tuple[int, int, int]]]:
        pieces: list[str] = []
        spans: list[tuple[int, int, int]] = []  # (block index, start, end)
        pos = 0
        if self.verbatim_text is not None:
            for i, b in enumerate(self.blocks):
                if b.kind not in BODY_KINDS or not b.text:
                    continue
                start = self.verbatim_text.find(b.text, pos)
                if start < 0:
                    continue
                spans.append((i, start, start + len(b.text)))
                pos = start + len(b.text)
            return [self.verbatim_text], spans
        for i, b in enumerate(self.blocks):
            if b.kind not in BODY_KINDS or not b.text:
                continue
            if pieces:
                pieces.append("\n")
                pos += 1
            pieces.append(b.text)
            spans.append((i, pos, pos + len(b.text)))
            pos += len(b.text)
        return pieces, spans

    def block_spans(self) -> list[tuple[int, int, int]]:
        """(block index, start, end) of every body block inside `text`."""
        return self._layout[1]

    def block_at(self, offset: int) -> Block | None:
        """The body block whose text contains character `offset` of `text` (or the one before a gap)."""
        spans = self.block_spans()
        if not spans:
            return None
        starts = [s for _, s, _ in spans]
        i = max(0, bisect_right(starts, offset) - 1)
        return self.blocks[spans[i][0]]

    def page_at(self, offset: int) -> int | None:
        b = self.block_at(offset)
        return b.source.page if b else None

    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.kind in BODY_KINDS]

    def notes(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == BlockKind.note]


Cell.model_rebuild()


def doc_id_for(data: bytes) -> str:
    return doc_id_for_digest(hashlib.sha256(data).hexdigest())


def doc_id_for_digest(sha256_hex: str) -> str:
    """A document's id from the sha256 of its file's bytes: the first 16 hex digits."""
    return sha256_hex[:16]
