from __future__ import annotations

import random

import numpy as np

from index.copy.align import AlignParams, align_folded, interior_kept, sentence_breaks
from index.copy.fingerprint import fold_text

from .conftest import zh_sentence, zh_text


def _align(a: str, b: str, params: AlignParams | None = None) -> list[tuple[str, str, float]]:
    fa, fb = fold_text(a), fold_text(b)
    out = []
    for p in align_folded(fa, fb, params):
        a0, a1 = fa.span_to_source(p.a_start, p.a_end)
        b0, b1 = fb.span_to_source(p.b_start, p.b_end)
        out.append((a[a0:a1], b[b0:b1], p.score))
    return out


def test_verbatim_copy_found_with_offsets_in_both_texts() -> None:
    source = zh_text(1, 30)
    copied = source[300:520]
    sub = zh_text(2, 20) + copied + zh_text(3, 10)
    fa, fb = fold_text(sub), fold_text(source)
    passages = align_folded(fa, fb)
    assert len(passages) == 1
    p = passages[0]
    a0, a1 = fa.span_to_source(p.a_start, p.a_end)
    b0, b1 = fb.span_to_source(p.b_start, p.b_end)
    start = sub.index(copied)
    # offsets point at the copied characters (punctuation at the edges is not counted)
    assert abs(a0 - start) <= 1 and abs(a1 - (start + len(copied))) <= 1
    assert abs(b0 - 300) <= 1 and abs(b1 - 520) <= 1
    assert p.score == 1.0


def test_light_edits_stay_one_passage() -> None:
    source = zh_text(11, 30)
    chunk = list(source[100:500])
    for pos in range(10, len(chunk) - 10, 25):  # substitute one character every 25
        chunk[pos] = "变"
    chunk.insert(200, "插入了几个字")  # insertion
    del chunk[300:303]  # deletion
    edited = "".join(chunk)
    sub = zh_text(12, 10) + edited + zh_text(13, 10)
    found = _align(sub, source)
    assert len(found) == 1, found
    a_text, _b_text, score = found[0]
    assert 0.8 <= score < 1.0
    assert len(fold_text(a_text).text) >= 0.9 * len(fold_text(edited).text)


def test_reordered_sentences_each_found_as_own_passage() -> None:
    rng = random.Random(9)
    sents = [zh_sentence(rng, 25, 35) for _ in range(8)]
    source = zh_text(21, 6) + "".join(sents) + zh_text(22, 6)
    order = [5, 1, 7, 3]
    sub = zh_text(23, 6) + zh_sentence(rng).join(sents[i] for i in order) + zh_text(24, 6)
    found = _align(sub, source)
    got = {fold_text(a).text for a, _, _ in found}
    for i in order:
        assert fold_text(sents[i]).text in got or any(fold_text(sents[i]).text in g for g in got)
    for a, b, _ in found:
        assert fold_text(a).text == fold_text(b).text


def test_punctuation_width_and_script_changes_still_match() -> None:
    source = "本小组通过现场调查发现，设备故障停机时间占总停机时间的百分之七十五点三，是主要症结所在。"
    sub = "其他内容在这里。本小組通過現場調查發現設備故障停機時間占總停機時間的百分之七十五點三；是主要症結所在！"
    found = _align(sub, source)
    assert len(found) == 1
    a, b, score = found[0]
    assert a.startswith("本小組") and b.startswith("本小组")
    assert score == 1.0


def test_short_matches_below_min_len_are_dropped_and_min_len_is_configurable() -> None:
    shared = "降低加工中心故障停机率的方法"  # 14 folded characters
    a = zh_text(31, 6) + shared[:12] + zh_text(32, 6)
    b = zh_text(33, 6) + shared[:12] + zh_text(34, 6)
    assert _align(a, b) == []  # 12 < 13
    assert len(_align(a, b, AlignParams(min_len=10))) == 1
    a2 = zh_text(31, 6) + shared + zh_text(32, 6)
    b2 = zh_text(33, 6) + shared + zh_text(34, 6)
    assert len(_align(a2, b2)) == 1


def test_unrelated_texts_give_no_passages() -> None:
    assert _align(zh_text(41, 60), zh_text(42, 60)) == []


def test_sentence_breaks_mark_full_stops_and_line_breaks_only() -> None:
    text = "甲乙，丙。丁\n戊！己"
    fa = fold_text(text)
    assert fa.text == "甲乙丙丁戊己"
    assert sentence_breaks(fa, text).tolist() == [False, False, False, True, True, True]


def test_edge_frame_kept_only_inside_the_copied_sentence() -> None:
    local = np.array([True] * 4 + [False] * 6 + [True] * 5)  # frame | copied words | frame
    # without sentence information edge runs are cut, interior ones kept
    assert interior_kept(local, 30).tolist() == local.tolist()
    same_sentence = np.zeros(local.shape[0], dtype=bool)
    assert not interior_kept(local, 30, same_sentence).any()
    # a full stop between the copied words and the trailing frame: that frame belongs to the next sentence
    stop = same_sentence.copy()
    stop[10] = True
    assert interior_kept(local, 30, stop).tolist() == [False] * 10 + [True] * 5
    # edge runs of max_interior or more stay cut
    assert interior_kept(local, 5, same_sentence).tolist() == [False] * 10 + [True] * 5
