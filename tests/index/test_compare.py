from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.copy.align import AlignParams
from index.copy.compare import compare

from .conftest import make_doc, zh_text


class BagEncoder:
    """A deterministic stand-in encoder: L2-normalised character-count vectors."""

    model_id = "test-bag"
    dim = 512

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for ch in t:
                out[i, ord(ch) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def test_compare_reports_passages_with_offsets_into_both_texts() -> None:
    b = make_doc(zh_text(1, 30), "old.txt")
    copied = b.text[200:450]
    a = make_doc(zh_text(2, 15) + "\n" + copied + "\n" + zh_text(3, 15), "new.txt")
    r = compare(a, b)
    assert r.a.file == "new.txt" and r.b.chars == len(b.text)
    (p,) = r.passages
    assert p.kind == "copy" and p.score == 1.0
    assert a.text[p.a_start : p.a_end] == p.a_text and b.text[p.b_start : p.b_end] == p.b_text
    assert p.b_text is not None and p.b_text.strip("，。") in copied
    assert 0.2 < r.copy_ratio_a < 0.4 and r.copy_ratio_b > 0.1
    assert p.a_pages and p.b_pages
    assert r.semantic_similarity is None
    assert r.model_dump(by_alias=True)["schema"] == 1


def test_compare_hides_source_text_on_request_and_uses_template(tmp_path: Path) -> None:
    b = make_doc(zh_text(4, 20), "old.txt")
    a = make_doc(b.text[:300] + "\n" + zh_text(5, 20), "new.txt")
    r = compare(a, b, include_source_text=False)
    assert r.passages and all(p.b_text is None for p in r.passages)
    tfile = tmp_path / "t.txt"
    tfile.write_text(b.text[:300], encoding="utf-8")
    r2 = compare(a, b, template=tfile)
    assert r2.passages == [] and r2.copy_ratio_a == 0.0 and r2.excluded_template_chars_a > 200


def test_compare_uses_the_encoder_only_when_the_pair_shares_something(monkeypatch: pytest.MonkeyPatch) -> None:
    import index.copy.paraphrase

    monkeypatch.setitem(index.copy.paraphrase.THRESHOLDS, "test-bag", 0.99)
    a = make_doc(zh_text(6, 20), "a.txt")
    used = BagEncoder()
    same = compare(a, make_doc(a.text, "b.txt"), encoder=used)
    assert same.semantic_similarity is not None and same.semantic_similarity > 0.99
    assert same.copy_ratio_a > 0.95 and used.calls > 0
    # an unrelated pair needs no model: an E5Encoder would never load
    unused = BagEncoder()
    other = compare(a, make_doc(zh_text(7, 20), "c.txt"), encoder=unused)
    assert other.passages == [] and other.semantic_similarity is None and unused.calls == 0


def test_unrelated_documents_have_no_passages() -> None:
    r = compare(make_doc(zh_text(8, 40)), make_doc(zh_text(9, 40)))
    assert r.passages == [] and r.copy_ratio_a == 0.0


def test_copied_sentence_keeps_its_template_frame_edges() -> None:
    head, tail = "通过本次活动，小组成员熟练地掌握了", "的形成机理有了更加深入的认识和理解"
    template = head + "……" + tail + "。"
    sentence = head + "主轴径向跳动的控制方法，对孔径超差" + tail + "。"
    a = make_doc(zh_text(40, 9) + "\n" + sentence + "\n" + zh_text(41, 9), "new.txt")
    b = make_doc(zh_text(42, 9) + "\n" + sentence + "\n" + zh_text(43, 9), "old.txt")
    start = a.text.index(sentence)
    (p,) = compare(a, b, template=template).passages
    # the whole sentence (its frame is organiser template, yet it is part of the copied sentence)
    assert p.a_start == start and p.a_end >= start + len(sentence) - 1
    # without sentence edges only the 16 slot characters are left: shorter than a passage may be
    assert compare(a, b, template=template, params=AlignParams(sentence_edges=False)).passages == []
