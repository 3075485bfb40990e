"""A1 on a scanned 巩固措施 whose first line OCR lost: the body opens mid-sentence ("月20日经…批准发布"), so the
standard's name and number may stand on the lost line — a review, not a finding. A scan whose body opens
with a whole sentence and names no standard keeps the finding."""

from __future__ import annotations

from ingest.model import Block, BlockKind, Document, SourceRef
from tests.nlp.conftest import rule_findings, rule_reviews


def _doc(lines: list[str]) -> tuple[Document, list[str | None]]:
    blocks = [Block(id="b0", kind=BlockKind.heading, text="九、巩固措施", source=SourceRef(page=12, order=0))]
    for k, t in enumerate(lines, 1):
        blocks.append(Block(id=f"b{k}", kind=BlockKind.image_text, text=t, source=SourceRef(page=12, order=k)))
    return Document(doc_id="t", filename="t.pdf", format="pdf", pages=12, blocks=blocks), ["consolidate"] * len(blocks)


LOST = "首行未能识别"


def test_a_scanned_body_opening_mid_sentence_makes_an_unnamed_standard_a_review() -> None:
    doc, steps = _doc(["月20日经集团技术中心批准发布；巩固期9月下旬—10月上旬检查12道变形缝", "96点，合格率95.8%。"])
    assert not rule_findings("A1", doc, steps)
    assert [LOST in r.reason for r in rule_reviews("A1", doc, steps)] == [True]


def test_a_scanned_body_opening_with_a_whole_sentence_is_not_read_as_a_lost_line() -> None:
    doc, steps = _doc(["9月20日经集团技术中心批准发布；巩固期9月下旬—10月上旬检查12道变形缝", "96点，合格率95.8%。"])
    assert [LOST in r.reason for r in rule_reviews("A1", doc, steps)] == [False]
