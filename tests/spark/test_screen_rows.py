"""A corpus document rebuilt from its Parquet row (service/spark/screen_rows.stored_document) answers as the
store's own `StoredDocument` does."""

from __future__ import annotations

from index.store import pack_page_map, unpack_page_map
from service.spark.screen_rows import stored_document

ROW = {
    "num": 3,
    "doc_id": "d1",
    "project_id": "P2024-01",
    "filename": "a.pptx",
    "format": "pptx",
    "title": "课题",
    "pages": 3,
    "text": "第一页第二页第三页",
    "page_starts": [0, 3, 6],
    "page_numbers": [1, 2, 3],
}


def test_pages_of_offsets_as_the_store_gives_them() -> None:
    doc = stored_document(ROW)
    starts, pages = unpack_page_map(pack_page_map(doc.page_starts, doc.page_numbers))  # the SQLite round trip
    assert (doc.page_starts.tolist(), doc.page_numbers.tolist()) == (starts.tolist(), pages.tolist())
    assert doc.page_starts.dtype == starts.dtype and doc.page_numbers.dtype == pages.dtype
    assert [doc.page_at(i) for i in (0, 2, 3, 8)] == [1, 1, 2, 3]
    assert (doc.num, doc.project_id, doc.text) == (3, "P2024-01", "第一页第二页第三页")
