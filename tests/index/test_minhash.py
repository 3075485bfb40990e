"""index.minhash: character-shingle MinHash/LSH candidates, verified with exact Jaccard/containment
computed from the candidates' texts (only signatures are stored)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from index.same_project.minhash import (
    SCHEME,
    MinHashHit,
    MinHashIndex,
    MinHashParams,
    _permutations,
    jaccard_containment,
    shingle_hashes,
    signature,
)
from nlp.normalize import fold

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


def _crc32_shingles(text: str, k: int) -> np.ndarray:
    """The format-1 hashing (per-shingle CRC-32 of the folded UTF-32 text), as the old stored sets held."""
    data = fold(text).text.encode("utf-32-le")
    w = 4 * k
    return np.unique(np.array([zlib.crc32(data[i : i + w]) for i in range(0, len(data) - w + 1, 4)], dtype=np.uint32))


def _texts(n: int) -> dict[str, str]:
    return {f"P{i}": _text(i) for i in range(n)}


def _saved_index(texts: dict[str, str], folder: Path) -> MinHashIndex:
    """An index of every text, saved in folder."""
    idx = MinHashIndex()
    for key, text in texts.items():
        idx.add(key, text)
    idx.save(folder)
    return idx


def test_shingles_fold_width_traditional_and_punctuation() -> None:
    p = MinHashParams()
    a = shingle_hashes("現狀調查：虛焊佔比６５％，是主要症結。", p)
    b = shingle_hashes("现状调查 虚焊占比65%是主要症结", p)
    assert len(a) > 0
    np.testing.assert_array_equal(a, b)
    assert list(a) == sorted(set(a.tolist()))


def test_shingle_hashes_are_stable() -> None:
    """The hashes are part of the saved format (signatures): a change needs a format bump."""
    got = shingle_hashes("降低車身焊接不良率！", MinHashParams()).tolist()
    assert got == [241210236, 1023335872, 1514037750, 1955101493, 2076899339, 2958087975]
    assert shingle_hashes("短", MinHashParams()).size == 0


def test_exact_jaccard_and_containment_match_python_sets() -> None:
    p = MinHashParams(shingle=4)
    a_text, b_text = _text(1, 300), _text(1, 300)[100:] + _text(2, 100)
    j, c = jaccard_containment(shingle_hashes(a_text, p), shingle_hashes(b_text, p))
    sa, sb = _py_shingles(a_text, 4), _py_shingles(b_text, 4)
    assert j == len(sa & sb) / len(sa | sb)
    assert c == len(sa & sb) / len(sa)


@pytest.mark.parametrize("k", [3, 4, 6])
def test_vectorised_hashing_gives_the_old_exact_values(k: int) -> None:
    """Jaccard and containment from the new hashes equal those of the format-1 CRC-32 sets."""
    p = MinHashParams(shingle=k)
    base = _text(11, 3000) + "，現狀：虛焊６５％。"
    for seed, other in enumerate((_edit(base, 200, 1), base[:1800] + _text(12, 1500), _text(13, 3000))):
        new = jaccard_containment(shingle_hashes(base, p), shingle_hashes(other, p))
        old = jaccard_containment(_crc32_shingles(base, k), _crc32_shingles(other, k))
        assert new == old, seed
        assert len(shingle_hashes(other, p)) == len(_crc32_shingles(other, k))


def test_signature_equals_datasketch() -> None:
    p = MinHashParams()
    h = shingle_hashes(_text(3, 5000), p)
    ref = MinHash(num_perm=p.num_perm, seed=p.seed, hashfunc=int, scheme=SCHEME)
    ref.update_batch(h.tolist())
    np.testing.assert_array_equal(signature(h, p), ref.hashvalues)
    empty = MinHash(num_perm=p.num_perm, seed=p.seed, hashfunc=int, scheme=SCHEME)
    np.testing.assert_array_equal(signature(h[:0], p), empty.hashvalues)


def test_query_finds_edited_copy_and_verifies() -> None:
    idx = MinHashIndex()
    base = _text(1)
    assert idx.add("P1", base)
    for i in range(2, 12):
        idx.add(f"X{i}", _text(i))
    q = _edit(base, 60, seed=9)
    hits = idx.query(q)
    assert hits[0].key == "P1" and hits[0].exact
    assert 0.5 < hits[0].jaccard < 1.0 and hits[0].containment > hits[0].jaccard
    p = idx.params
    assert (hits[0].jaccard, hits[0].containment) == jaccard_containment(shingle_hashes(q, p), shingle_hashes(base, p))
    assert all(h.key == "P1" or h.jaccard < 0.1 for h in hits)  # whatever LSH returned is verified
    assert idx.query(q, exclude={"P1"}) == [h for h in hits if h.key != "P1"]


def test_containment_of_part_in_larger_project() -> None:
    idx = MinHashIndex()
    big = _text(1, 1000) + _text(2, 1000)
    idx.add("BIG", big)
    [hit] = [h for h in idx.query(_text(1, 1000)) if h.key == "BIG"] or [MinHashHit("", 0.0, 0.0)]
    assert hit.key == "BIG"
    assert hit.containment > 0.95 and hit.jaccard < 0.6


def test_short_text_not_indexed_and_remove() -> None:
    idx = MinHashIndex()
    assert not idx.add("S", "太短")
    assert "S" not in idx
    idx.add("P", _text(3))
    idx.remove("P")
    assert len(idx) == 0 and idx.query(_text(3)) == []


def test_verification_reads_candidate_texts_from_the_source() -> None:
    texts = _texts(12)
    texts["COPY"] = _edit(texts["P4"], 80, seed=3)
    asked: list[str] = []

    def text_of(key: str) -> str | None:
        asked.append(key)
        return texts.get(key)

    idx = MinHashIndex(text_of=text_of, cache_size=2)
    for key, text in texts.items():
        idx.add(key, text)
    assert idx._texts == {}  # an external source: the index keeps no texts
    q = _edit(texts["P4"], 50, seed=4)
    hits = idx.query(q)
    assert [h.key for h in hits[:2]] == ["P4", "COPY"] and all(h.exact for h in hits)
    p = idx.params
    for h in hits:
        assert (h.jaccard, h.containment) == jaccard_containment(shingle_hashes(q, p), shingle_hashes(texts[h.key], p))
    # The two last added are still cached; P4 is read from the source, once per query at most.
    assert asked.count("P4") == 1 and "COPY" not in asked
    idx.query(q)
    assert asked.count("P4") == 1  # now cached


def test_save_load_with_text_source_same_results(tmp_path: Path) -> None:
    texts = _texts(20)
    idx = MinHashIndex(MinHashParams(shingle=5, num_perm=64))
    for key, text in texts.items():
        idx.add(key, text)
    q = _edit(texts["P4"], 100, seed=1)
    idx.save(tmp_path)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["minhash.json", "minhash.sig.npy"]
    back = MinHashIndex.load(tmp_path, text_of=texts.get)
    assert back.params == idx.params
    assert back.query(q) == idx.query(q) and back.query(q)[0].key == "P4"
    with pytest.raises(ValueError, match="参数"):
        MinHashIndex.load(tmp_path, MinHashParams(shingle=4))


def test_loaded_without_texts_gives_marked_estimates(tmp_path: Path) -> None:
    texts = _texts(10)
    idx = _saved_index(texts, tmp_path)
    q = texts["P2"][:1000] + _text(99, 500)
    exact = {h.key: h for h in idx.query(q)}
    blind = MinHashIndex.load(tmp_path)  # no text source
    est = {h.key: h for h in blind.query(q)}
    assert exact["P2"].exact and not est["P2"].exact
    assert abs(est["P2"].jaccard - exact["P2"].jaccard) < 0.12
    assert abs(est["P2"].containment - exact["P2"].containment) < 0.15
    assert blind.verify("P2", shingle_hashes(q, blind.params)) == est["P2"]
    assert blind.verify("nope", shingle_hashes(q, blind.params)) is None


def test_text_not_the_indexed_one_falls_back_to_estimate() -> None:
    texts = _texts(5)
    changed = dict(texts, P1=texts["P1"][:1200])
    idx = MinHashIndex(text_of=changed.get, cache_size=0)
    for key, text in texts.items():
        idx.add(key, text)
    [hit] = [h for h in idx.query(texts["P1"]) if h.key == "P1"]
    assert not hit.exact and hit.jaccard > 0.6


def test_old_format_refused(tmp_path: Path) -> None:
    idx = MinHashIndex()
    idx.add("P", _text(1))
    idx.save(tmp_path)
    meta = json.loads((tmp_path / "minhash.json").read_text(encoding="utf-8"))
    del meta["format"], meta["sizes"]
    meta["offsets"] = [0, 10]  # what format 1 wrote, next to minhash.sets.bin
    (tmp_path / "minhash.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match=r"格式版本为 1.*需要 2"):
        MinHashIndex.load(tmp_path)


def test_mod_sample_is_smaller_and_close() -> None:
    base = _text(5, 4000)
    edited = _edit(base, 300, seed=2)
    full, sampled = shingle_hashes(base, MinHashParams()), shingle_hashes(base, MinHashParams(keep_mod=4))
    assert len(sampled) < len(full) / 2 and not (sampled % 4).any()
    assert np.isin(sampled, full).all()
    exact, mod4 = MinHashIndex(MinHashParams()), MinHashIndex(MinHashParams(keep_mod=4))
    exact.add("P", base)
    mod4.add("P", base)
    je, js = exact.query(edited)[0].jaccard, mod4.query(edited)[0].jaccard
    assert abs(je - js) < 0.08


def test_verification_bounded_to_best_estimates() -> None:
    texts = {f"E{i}": _edit(_text(7), 40 + 40 * i, seed=i) for i in range(10)}  # decreasing similarity
    asked: list[str] = []
    idx = MinHashIndex(MinHashParams(verify_max=3), text_of=lambda k: asked.append(k) or texts.get(k), cache_size=0)
    for key, text in texts.items():
        idx.add(key, text)
    hits = idx.query(_text(7))
    assert len(hits) == 3 and len(asked) == 3  # only the verified candidates' texts are read
    assert hits[0].key == "E0"
    assert {h.key for h in hits} <= {"E0", "E1", "E2", "E3", "E4"}


def test_resave_into_loaded_folder(tmp_path: Path) -> None:
    texts = _texts(10)
    idx = MinHashIndex()
    for i in range(5):
        idx.add(f"P{i}", texts[f"P{i}"])
    idx.save(tmp_path)
    (tmp_path / "minhash.sets.bin").write_bytes(b"format 1 leftovers")
    back = MinHashIndex.load(tmp_path, text_of=texts.get)
    back.add("P9", texts["P9"])
    back.remove("P0")
    back.save(tmp_path)
    assert not (tmp_path / "minhash.sets.bin").exists()
    again = MinHashIndex.load(tmp_path, text_of=texts.get)
    assert sorted(again.keys()) == ["P1", "P2", "P3", "P4", "P9"]
    for key in again.keys():
        np.testing.assert_array_equal(again._sigs[key], back._sigs[key])
    assert again.query(texts["P3"])[0][:3] == ("P3", 1.0, 1.0)
    assert again.stored_bytes() == 5 * (4 * 128 + 4)


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7), (256, 3)])
def test_permutations_equal_datasketch(num_perm: int, seed: int) -> None:
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
    mine = _permutations(num_perm, seed)
    np.testing.assert_array_equal(mine[0], a.astype(np.uint32))
    np.testing.assert_array_equal(mine[1], b.astype(np.uint32))


def test_saved_index_records_its_banding_and_queries_without_datasketch(tmp_path: Path) -> None:
    texts = _texts(12)
    idx = _saved_index(texts, tmp_path)
    meta = json.loads((tmp_path / "minhash.json").read_text(encoding="utf-8"))
    lsh = MinHashLSH(threshold=idx.params.lsh_threshold, num_perm=idx.params.num_perm)
    assert meta["bands"] == [lsh.b, lsh.r] == list(idx.bands)
    q = _edit(texts["P3"], 80, seed=2)
    (tmp_path / "q.txt").write_text(q, encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from index.same_project.minhash import MinHashIndex; "
        f"idx = MinHashIndex.load({str(tmp_path)!r}); "
        f"print([h.key for h in idx.query(Path({str(tmp_path / 'q.txt')!r}).read_text(encoding='utf-8'))]); "
        "print('datasketch' in sys.modules, 'scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == str([h.key for h in idx.query(q)]) and "P3" in out[0]
    assert out[1] == "False False"


def test_index_saved_without_banding_still_loads(tmp_path: Path) -> None:
    texts = _texts(12)
    idx = _saved_index(texts, tmp_path)
    meta_file = tmp_path / "minhash.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta.pop("bands")
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    q = _edit(texts["P5"], 80, seed=4)
    back = MinHashIndex.load(tmp_path, text_of=texts.get)
    assert back.bands == idx.bands and back.query(q) == idx.query(q)
