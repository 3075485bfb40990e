from __future__ import annotations

import random

import numpy as np
import pytest

from index.copy.fingerprint import (
    FingerprintParams,
    fingerprint,
    fingerprint_text,
    fold_text,
    kgram_hashes,
    winnow,
)
from nlp.normalize import fold

from .conftest import zh_text


@pytest.mark.parametrize(
    "text",
    [
        "質量攻關小組：降低　ＡＢＣ設備故障率！",
        "面积 12㎡，温度 ３５℃ 以下。",
        "表情😀与文字 mixed Text\t\n第二行",
        "",
        "。，、；",
    ],
)
def test_fold_text_matches_reference_fold(text: str) -> None:
    ref = fold(text)
    got = fold_text(text)
    assert got.text == ref.text
    assert got.origin.tolist() == ref.origin
    assert got.source_len == len(text)


def test_fold_table_filled_by_the_characters_met_matches_the_reference_on_the_whole_bmp() -> None:
    """The table folds a character the first time a text brings it; every BMP character (in one text,
    in pieces, twice) folds as `nlp.normalize.fold` does."""
    bmp = [chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF]
    chars = [ch for ch in bmp if len(fold(ch).text) <= 1]  # a text with a 1→n character takes the reference path
    assert len(chars) > 60000
    random.Random(7).shuffle(chars)
    for piece in ("".join(chars[:3000]), "".join(chars[1500:]), "".join(chars)):
        ref = fold(piece)
        got = fold_text(piece)
        assert got.text == ref.text and got.origin.tolist() == ref.origin


def test_span_to_source_maps_back_to_original_characters() -> None:
    text = "一、 降低，故障率"
    f = fold_text(text)
    assert f.text == "一降低故障率"
    s, e = f.span_to_source(1, 3)
    assert text[s:e] == "降低"
    s, e = f.span_to_source(1, 6)
    assert text[s:e] == "降低，故障率"


def test_kgram_hashes_equal_iff_kgrams_equal() -> None:
    codes = fold_text("甲乙丙丁甲乙丙丁戊").codes
    h = kgram_hashes(codes, 4)
    assert h.dtype == np.uint64 and h.shape == (6,)
    assert h[0] == h[4]  # 甲乙丙丁 twice
    assert len(set(h[:4].tolist())) == 4
    assert kgram_hashes(codes[:3], 4).size == 0


def test_winnow_picks_rightmost_minimum_per_window() -> None:
    hashes = np.array([5, 3, 7, 3, 9, 8, 1, 6], dtype=np.uint64)
    # windows of 3: [5,3,7]->1  [3,7,3]->3  [7,3,9]->3  [3,9,8]->3  [9,8,1]->6  [8,1,6]->6
    assert winnow(hashes, 3).tolist() == [1, 3, 6]
    assert winnow(hashes[:2], 3).tolist() == [1]
    assert winnow(np.zeros(0, dtype=np.uint64), 3).size == 0


def test_guarantee_any_shared_run_of_t_chars_shares_a_fingerprint() -> None:
    params = FingerprintParams(k=8, w=12)
    rng = random.Random(7)
    for trial in range(20):
        a = zh_text(1000 + trial, sentences=12)
        b = zh_text(2000 + trial, sentences=12)
        fa = fold_text(a).text
        start = rng.randrange(0, len(fa) - params.guarantee)
        shared = fa[start : start + params.guarantee]
        b2 = b[:200] + shared + b[200:]
        ha = set(fingerprint_text(a, params).hashes.tolist())
        hb = set(fingerprint_text(b2, params).hashes.tolist())
        assert ha & hb, f"trial {trial}: no shared fingerprint for a {params.guarantee}-char run"


def test_unrelated_texts_share_no_fingerprints_and_density_is_about_2_over_w_plus_1() -> None:
    params = FingerprintParams(k=8, w=12)
    fa, fb = fold_text(zh_text(1, 60)), fold_text(zh_text(2, 60))
    a, b = fingerprint(fa, params), fingerprint(fb, params)
    assert not set(a.hashes.tolist()) & set(b.hashes.tolist())
    density = len(a.hashes) / len(fa)
    assert 0.10 < density < 0.22
    assert (np.diff(a.positions) <= params.w).all()  # at least one fingerprint per window


def test_index_keys_are_upper_32_bits() -> None:
    fp = fingerprint_text(zh_text(3, 6))
    assert fp.index_keys().dtype == np.uint32
    assert (fp.index_keys().astype(np.uint64) == fp.hashes >> np.uint64(32)).all()
