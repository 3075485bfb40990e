"""Where a span of a document's text lies: its pages, and a label a reviewer reads.

A live `Document` knows its pages through its blocks; a corpus `StoredDocument` through the page map
stored with it (the same (start offset, page) pairs, `page_runs`). Pages are slide numbers (PPTX/PPT),
page numbers (PDF) or 1-based paragraph indices (DOCX/TXT), as everywhere in the reports
(spec/interfaces.md), so the label names the unit the file type has.
"""

from __future__ import annotations

import numpy as np

from index.store import StoredDocument, page_runs
from ingest.model import Document

PagedDoc = Document | StoredDocument

# The unit a "page" is, by file format (spec/interfaces.md: slides, pages, paragraphs).
_UNIT = {"pptx": "张幻灯片", "ppt": "张幻灯片", "dps": "张幻灯片", "pdf": "页"}
_PARAGRAPH = "段"


def _runs(doc: PagedDoc) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(doc, Document):
        return page_runs(doc)
    return doc.page_starts, doc.page_numbers


def pages_between(doc: PagedDoc, start: int, end: int) -> list[int]:
    """Pages (slides, paragraphs) the span [start, end) of `doc.text` lies on, in order."""
    starts, numbers = _runs(doc)
    if not starts.size:
        return []
    lo = max(int(np.searchsorted(starts, start, side="right")) - 1, 0)
    hi = max(int(np.searchsorted(starts, max(end - 1, start), side="right")) - 1, 0)
    return sorted({int(x) for x in numbers[lo : hi + 1]})


def page_label(doc_format: str | None, pages: list[int]) -> str:
    """ "第 4–12 张幻灯片", "第 2 页", "第 3 段": the pages of a passage as a reviewer reads them."""
    if not pages:
        return ""
    unit = _UNIT.get((doc_format or "").lower(), _PARAGRAPH)
    lo, hi = min(pages), max(pages)
    return f"第 {lo} {unit}" if lo == hi else f"第 {lo}–{hi} {unit}"
