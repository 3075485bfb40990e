"""How well the text of a step was read: what a finding that says "X 未见 / 未说明 / 缺少" may rest on.

A rule that fires on an absence ("现状调查没有找出症结", "没有写明标准编号") is only as good as the reading of
the text where X would be. That text is read with confidence when the file's own text carries it, or
pictures on its pages that were read (OCR'd and classified: a 因果图's labels, a screenshot table);
it is not when most of it was recovered by OCR from a scanned page and the recogniser was unsure of
too much of it (a lost digit, a garbled standard number, a heading read as fragments: `Block.ocr_score`
of its lines), when it is almost all picture text, or when a picture on its pages was left unread.
A scanned step the recogniser read with confidence is read: a 110 dpi scan's body text comes back at
≈ 98 % of its characters (stop 29, measured on the seen splits' scans), so its absences are findings.
A 否决 (fatal finding) that rests on a scanned step is confirmed by a person, unless the check names the lines
its positive reading rests on (K1: the sentence deciding the 要因 by a score, `Problem.rests_on`) and the
recogniser was sure of each (`read_sure`; stop 30, judge57: fresh13 s44 s62, fresh12 r47).
Then the rule is not applied: the reviewer is told which check could not be confirmed and why
(`nlp.rubric.Review`, the verdict's 需人工复核 reasons), never given a defect on a guess.

The thresholds are data: `reading` in `nlp/rubrics/rules/*.yaml` (one file defines them).
"""

from __future__ import annotations

from itertools import pairwise
from statistics import median

from pydantic import BaseModel, ConfigDict, Field

from ingest.model import BODY_KINDS, Block, BlockKind, Document

from .structure import Structure

_HEAD_KINDS = frozenset({BlockKind.title, BlockKind.heading})


# why a 否决 (fatal finding) that rests on text OCR'd from a scanned page is a review though it was read
SCAN_VETO = "这一否决性问题依据的文字大部分来自扫描页的文字识别（OCR），需人工确认"

# why a finding that rests on the structure's division of the text is a review where it was not recognised
STRUCTURE_UNSURE = "文档结构未能可靠识别，这一判断依赖于各步骤内容的划分，请人工复核"


class ReadingRule(BaseModel):
    """When a step's text counts as read with confidence (`reading` of the rule files)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_scan_share: float = Field(ge=0, le=1)  # share of the step's characters OCR'd from scanned pages …
    # … beyond which the scanned text is read only where the recogniser was sure of it: a line whose
    # confidence (`Block.ocr_score`) is under min_line_score is unsure, and at most max_unsure_share of
    # the scanned characters may be unsure
    min_line_score: float = Field(ge=0, le=1)
    max_unsure_share: float = Field(ge=0, le=1)
    # a scanned page's line the detector missed: a line of body text that runs on (as wide as the page's
    # text, no sentence end) and the next line at its left edge a line's gap below it, not touching it.
    # Distances in the page's median line height; any such gap in the step is no reading to conclude from.
    lost_min_width: float = Field(ge=0)
    lost_right_slack: float = Field(ge=0)
    lost_gap_min: float
    lost_gap_max: float
    max_ocr_share: float = Field(ge=0, le=1)  # share recovered by OCR from pictures (not scanned pages)
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
    unsure: int = 0  # of those, characters of lines the recogniser was unsure of (no score: unsure)
    lost_lines: int = 0  # scanned lines the detector missed, seen as a gap in a running paragraph
    pictures: int = 0  # meaningful pictures on the steps' pages
    unread_pictures: int = 0  # of those, pictures that were not read
    pages: list[int] = Field(default_factory=list)

    @property
    def ocr_share(self) -> float:
        """Share of picture text (OCR'd from pictures, not from scanned pages)."""
        total = self.typed + self.ocr
        return (self.ocr - self.scanned) / total if total else 0.0

    @property
    def scan_share(self) -> float:
        total = self.typed + self.ocr
        return self.scanned / total if total else 0.0

    @property
    def unsure_share(self) -> float:
        """Share of the scanned characters the recogniser was unsure of."""
        return self.unsure / self.scanned if self.scanned else 0.0

    def _too_short(self, rule: ReadingRule) -> bool:
        return self.pictures > 0 and self.typed + self.ocr < rule.min_chars

    def scan_unsure(self, rule: ReadingRule) -> bool:
        """Most of the text is from a scan and too much of that was read unsure."""
        return self.scan_share > rule.max_scan_share and self.unsure_share > rule.max_unsure_share

    def mostly_scanned(self, rule: ReadingRule) -> bool:
        """Most of the text is from a scan (a 否决 resting on it is confirmed by a person)."""
        return self.scan_share > rule.max_scan_share

    def confident(self, rule: ReadingRule) -> bool:
        return (
            not self._too_short(rule)
            and not self.scan_unsure(rule)
            and self.lost_lines == 0
            and self.ocr_share <= rule.max_ocr_share
            and self.unread_pictures <= rule.max_unread_pictures
        )

    def why(self, rule: ReadingRule) -> str:
        """Why the reading is not confident, in Chinese ("" when it is)."""
        out = []
        if self._too_short(rule):
            out.append(f"有图片的页面只读到 {self.typed + self.ocr} 个字")
        if self.scan_unsure(rule):
            out.append(
                f"{self.scan_share:.0%} 的文字来自扫描页的文字识别（OCR），其中 {self.unsure_share:.0%} 识别把握不足"
            )
        if self.lost_lines:
            out.append(f"扫描页上约 {self.lost_lines} 行文字未能识别出")
        if self.ocr_share > rule.max_ocr_share:
            out.append(f"{self.ocr_share:.0%} 的文字来自图片的文字识别（OCR）")
        if self.unread_pictures > rule.max_unread_pictures:
            out.append(f"{self.unread_pictures} 张图片未能读取")
        return "，".join(out)


def _ocr_pages(doc: Document) -> set[int]:
    return {c.page for c in doc.coverage.pages if c.ocr and not c.has_text_layer}


def _unsure(b: Block, rule: ReadingRule) -> bool:
    return b.ocr_score is None or b.ocr_score < rule.min_line_score


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


_SENTENCE_END = "。！？!?；;：:"


def _scan_lines(doc: Document, blocks: list[int], ocr_pages: set[int]) -> dict[int, list[Block]]:
    """The one-line OCR'd blocks of scanned pages among `blocks`, by page, in reading order."""
    out: dict[int, list[Block]] = {}
    for i in blocks:
        b = doc.blocks[i]
        if b.source.page in ocr_pages and b.source.bbox is not None and "\n" not in b.text.strip():
            out.setdefault(b.source.page, []).append(b)
    return out


def _lost_on_page(lines: list[Block], rule: ReadingRule) -> int:
    boxes = [b.source.bbox for b in lines if b.source.bbox is not None]
    h = median(y1 - y0 for _x0, y0, _x1, y1 in boxes)
    right = max(x1 for _x0, _y0, x1, _y1 in boxes)
    lost = 0
    for prev, cur in pairwise(lines):
        px0, _py0, px1, py1 = prev.source.bbox  # type: ignore[misc]
        cx0, cy0, _cx1, _cy1 = cur.source.bbox  # type: ignore[misc]
        t = prev.text.strip()
        lost += (
            bool(t)
            and t[-1] not in _SENTENCE_END
            and px1 - px0 >= rule.lost_min_width * h
            and px1 >= right - rule.lost_right_slack * h
            and abs(cx0 - px0) <= h
            and rule.lost_gap_min * h <= cy0 - py1 <= rule.lost_gap_max * h
        )
    return lost


def _lost_lines(doc: Document, blocks: list[int], ocr_pages: set[int], rule: ReadingRule) -> int:
    """Lines of scanned pages the OCR's detector missed among `blocks`: a gap of a line in a paragraph
    that runs on (a lost line takes a standard's name and number with it, seen fresh f19, fresh2 g19)."""
    pages = _scan_lines(doc, blocks, ocr_pages)
    return sum(_lost_on_page(lines, rule) for lines in pages.values() if len(lines) > 1)


def read_sure(doc: Document, blocks: list[int], rule: ReadingRule) -> bool:
    """The blocks a 否决's positive reading rests on (`Problem.rests_on`) were each read sure: the file's own
    text, or OCR'd lines the recogniser scored at least `min_line_score`. On a scanned step whose reading is
    confident this lets the veto stand (the scoring stated in sure lines, nothing after it); [] is not sure."""
    ocr_pages = _ocr_pages(doc)
    return bool(blocks) and not any(
        _from_ocr(doc.blocks[i], ocr_pages) and _unsure(doc.blocks[i], rule) for i in blocks
    )


def reading_of(doc: Document, structure: Structure, *steps: str, rule: ReadingRule) -> Reading:
    """The reading of the steps' content: characters typed vs recovered by OCR (and of those, read
    unsure under `rule`), pictures left unread."""
    heads = structure.heading_blocks()
    ocr_pages = _ocr_pages(doc)
    typed = ocr = scanned = unsure = 0
    pages: set[int] = set()
    blocks = structure.blocks_of(*steps)
    for i in blocks:
        b = doc.blocks[i]
        if b.kind not in BODY_KINDS:
            continue
        pages.add(b.source.page)
        if i in heads or b.kind in _HEAD_KINDS:
            continue
        n = len("".join(b.text.split()))
        if _from_ocr(b, ocr_pages):
            ocr += n
            if b.source.page in ocr_pages:
                scanned += n
                unsure += n if _unsure(b, rule) else 0
        else:
            typed += n
    return Reading(
        lost_lines=_lost_lines(doc, blocks, ocr_pages, rule),
        typed=typed,
        ocr=ocr,
        scanned=scanned,
        unsure=unsure,
        pictures=_pictures(doc, pages),
        unread_pictures=_unread(doc, pages),
        pages=sorted(pages),
    )
