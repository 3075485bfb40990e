"""index.minhash: character-shingle MinHash/LSH candidates, verified with exact Jaccard/containment."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from index.minhash import MinHashIndex, MinHashParams, jaccard_containment, shingle_hashes

CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"


def _text(seed: int, n: int = 1500) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice(CHARS) for _ in range(n))


def _edit(text: str, n: int, seed: int) -> str:
    rnd = random.Random(seed)
    chars = list(text)
    for _ in range(n):
        chars[rnd.randrange(len(chars))] = rnd.choice(CHARS)
    return "".join(chars)


def _py_shingles(text: str, k: int) -> set[str]:
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def test_shingles_fold_width_traditional_and_punctuation() -> None:
    p = MinHashParams()
    a = shingle_hashes("現狀調查：虛焊佔比６５％，是主要症結。", p)
    b = shingle_hashes("现状调查 虚焊占比65%是主要症结", p)
    assert len(a) > 0
    np.testing.assert_array_equal(a, b)
    assert list(a) == sorted(set(a.tolist()))


def test_exact_jaccard_and_containment_match_python_sets() -> None:
    p = MinHashParams(shingle=4)
    a_text, b_text = _text(1, 300), _text(1, 300)[100:] + _text(2, 100)
    j, c = jaccard_containment(shingle_hashes(a_text, p), shingle_hashes(b_text, p))
    sa, sb = _py_shingles(a_text, 4), _py_shingles(b_text, 4)
    assert j == pytest.approx(len(sa & sb) / len(sa | sb), abs=1e-3)
    assert c == pytest.approx(len(sa & sb) / len(sa), abs=1e-3)


def test_query_finds_edited_copy_and_verifies() -> None:
    idx = MinHashIndex()
    base = _text(1)
    assert idx.add("P1", base)
    for i in range(2, 12):
        idx.add(f"X{i}", _text(i))
    hits = idx.query(_edit(base, 60, seed=9))
    assert hits[0][0] == "P1"
    j, c = hits[0][1], hits[0][2]
    assert 0.5 < j < 1.0 and c > j
    assert all(key == "P1" or jac < 0.1 for key, jac, _ in hits)  # whatever LSH returned is verified
    assert idx.query(_edit(base, 60, seed=9), exclude={"P1"}) == [h for h in hits if h[0] != "P1"]


def test_containment_of_part_in_larger_project() -> None:
    idx = MinHashIndex()
    big = _text(1, 1000) + _text(2, 1000)
    idx.add("BIG", big)
    [(key, j, c)] = [h for h in idx.query(_text(1, 1000)) if h[0] == "BIG"] or [("", 0.0, 0.0)]
    assert key == "BIG"
    assert c > 0.95 and j < 0.6


def test_short_text_not_indexed_and_remove() -> None:
    idx = MinHashIndex()
    assert not idx.add("S", "太短")
    assert "S" not in idx
    idx.add("P", _text(3))
    idx.remove("P")
    assert len(idx) == 0 and idx.query(_text(3)) == []


def test_save_load_same_results(tmp_path: Path) -> None:
    idx = MinHashIndex(MinHashParams(shingle=5, num_perm=64))
    for i in range(20):
        idx.add(f"P{i}", _text(i))
    q = _edit(_text(4), 100, seed=1)
    idx.save(tmp_path)
    back = MinHashIndex.load(tmp_path)
    assert back.params == idx.params
    assert back.query(q) == idx.query(q)
    with pytest.raises(ValueError, match="参数"):
        MinHashIndex.load(tmp_path, MinHashParams(shingle=4))


def test_mod_sample_is_smaller_and_close() -> None:
    base = _text(5, 4000)
    edited = _edit(base, 300, seed=2)
    exact, sampled = MinHashIndex(MinHashParams()), MinHashIndex(MinHashParams(keep_mod=4))
    exact.add("P", base)
    sampled.add("P", base)
    assert sampled.stored_bytes() < exact.stored_bytes() / 2
    je, js = exact.query(edited)[0][1], sampled.query(edited)[0][1]
    assert abs(je - js) < 0.08


def test_verification_bounded_to_best_estimates() -> None:
    idx = MinHashIndex(MinHashParams(verify_max=3))
    base = _text(7)
    for i in range(10):  # ten candidates of decreasing similarity
        idx.add(f"E{i}", _edit(base, 40 + 40 * i, seed=i))
    hits = idx.query(base)
    assert len(hits) == 3
    assert hits[0][0] == "E0"
    assert {h[0] for h in hits} <= {"E0", "E1", "E2", "E3", "E4"}


def test_resave_into_loaded_folder(tmp_path: Path) -> None:
    idx = MinHashIndex()
    for i in range(5):
        idx.add(f"P{i}", _text(i))
    idx.save(tmp_path)
    back = MinHashIndex.load(tmp_path)  # sets are views into the mmapped file
    back.add("P9", _text(9))
    back.remove("P0")
    back.save(tmp_path)  # rewrites the file it maps
    again = MinHashIndex.load(tmp_path)
    assert sorted(again._sets) == ["P1", "P2", "P3", "P4", "P9"]
    for key in again._sets:
        np.testing.assert_array_equal(again.hashes(key), back.hashes(key))
    assert again.query(_text(3))[0][:2] == ("P3", 1.0)
