"""How well the text of a step was read: what a finding that says "X 未见 / 未说明 / 缺少" may rest on.

A rule that fires on an absence ("现状调查没有找出症结", "没有写明标准编号") is only as good as the reading of
the text where X would be. That text is read with confidence when the file's own text carries it, or
pictures on its pages that were read (OCR'd and classified: a 因果图's labels, a screenshot table);
it is not when most of it was recovered by OCR from a scanned page (a lost digit, a garbled standard
number, a heading read as fragments), when it is almost all picture text, or when a picture on its
pages was left unread.
Then the rule is not applied: the reviewer is told which check could not be confirmed and why
(`nlp.rubric.Review`, the verdict's 需人工复核 reasons), never given a defect on a guess.

The thresholds are data: `reading` in `nlp/rubrics/rules/*.yaml` (one file defines them).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import BODY_KINDS, Block, BlockKind, Document

from .structure import Structure

_HEAD_KINDS = frozenset({BlockKind.title, BlockKind.heading})


# why a finding that rests on the structure's division of the text is a review where it was not recognised
STRUCTURE_UNSURE = "文档结构未能可靠识别，这一判断依赖于各步骤内容的划分，请人工复核"


class ReadingRule(BaseModel):
    """When a step's text counts as read with confidence (`reading` of the rule files)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_scan_share: float = Field(ge=0, le=1)  # share of the step's characters OCR'd from scanned pages
    max_ocr_share: float = Field(ge=0, le=1)  # share recovered by OCR at all (scanned pages and pictures)
    max_unread_pictures: int = Field(ge=0)  # pictures on the step's pages left unread
    # characters read at all on pages that hold pictures: fewer is no reading to conclude from (a
    # picture read as nothing); a step of typed text only is read whole however short it is
    min_chars: int = Field(ge=0)


class Reading(BaseModel):
    """The reading of some steps' content (their headings left out)."""

    model_config = ConfigDict(frozen=True)

    typed: int = 0  # characters of the file's own text
    ocr: int = 0  # characters recovered by OCR (pictures, screenshot tables, scanned pages)
    scanned: int = 0  # of those, characters OCR'd from pages with no text layer (a scan)
    pictures: int = 0  # meaningful pictures on the steps' pages
    unread_pictures: int = 0  # of those, pictures that were not read
    pages: list[int] = Field(default_factory=list)

    @property
    def ocr_share(self) -> float:
        total = self.typed + self.ocr
        return self.ocr / total if total else 0.0

    @property
    def scan_share(self) -> float:
        total = self.typed + self.ocr
        return self.scanned / total if total else 0.0

    def _too_short(self, rule: ReadingRule) -> bool:
        return self.pictures > 0 and self.typed + self.ocr < rule.min_chars

    def confident(self, rule: ReadingRule) -> bool:
        return (
            not self._too_short(rule)
            and self.scan_share <= rule.max_scan_share
            and self.ocr_share <= rule.max_ocr_share
            and self.unread_pictures <= rule.max_unread_pictures
        )

    def why(self, rule: ReadingRule) -> str:
        """Why the reading is not confident, in Chinese ("" when it is)."""
        out = []
        if self._too_short(rule):
            out.append(f"有图片的页面只读到 {self.typed + self.ocr} 个字")
        if self.scan_share > rule.max_scan_share:
            out.append(f"{self.scan_share:.0%} 的文字来自扫描页的文字识别（OCR）")
        elif self.ocr_share > rule.max_ocr_share:
            out.append(f"{self.ocr_share:.0%} 的文字来自图片的文字识别（OCR）")
        if self.unread_pictures > rule.max_unread_pictures:
            out.append(f"{self.unread_pictures} 张图片未能读取")
        return "，".join(out)


def _ocr_pages(doc: Document) -> set[int]:
    return {c.page for c in doc.coverage.pages if c.ocr and not c.has_text_layer}


def _from_ocr(b: Block, ocr_pages: set[int]) -> bool:
    return b.kind == BlockKind.image_text or b.figure is not None or b.source.page in ocr_pages


def _pictures(doc: Document, pages: set[int]) -> int:
    return sum(c.pictures for c in doc.coverage.pages if c.page in pages)


def _unread(doc: Document, pages: set[int]) -> int:
    """Pictures on these pages not read: counted by the reader per page, or listed as unread."""
    per_page = {c.page: max(0, c.pictures - c.pictures_read) for c in doc.coverage.pages if c.page in pages}
    listed: dict[int, int] = {}
    for u in doc.coverage.unread_pictures:
        if u.page in pages:
            listed[u.page] = listed.get(u.page, 0) + 1
    return sum(max(per_page.get(p, 0), listed.get(p, 0)) for p in pages)


def reading_of(doc: Document, structure: Structure, *steps: str) -> Reading:
    """The reading of the steps' content: characters typed vs recovered by OCR, pictures left unread."""
    heads = structure.heading_blocks()
    ocr_pages = _ocr_pages(doc)
    typed = ocr = scanned = 0
    pages: set[int] = set()
    for i in structure.blocks_of(*steps):
        b = doc.blocks[i]
        if b.kind not in BODY_KINDS:
            continue
        pages.add(b.source.page)
        if i in heads or b.kind in _HEAD_KINDS:
            continue
        n = len("".join(b.text.split()))
        if _from_ocr(b, ocr_pages):
            ocr += n
            scanned += n if b.source.page in ocr_pages else 0
        else:
            typed += n
    return Reading(
        typed=typed,
        ocr=ocr,
        scanned=scanned,
        pictures=_pictures(doc, pages),
        unread_pictures=_unread(doc, pages),
        pages=sorted(pages),
    )
