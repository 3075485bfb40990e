from __future__ import annotations

from pathlib import Path

import numpy as np

from index.batch import BatchIndex
from index.copy.fingerprint import FingerprintParams, fingerprint, fold_text, kgram_hashes
from index.similar import Screener
from index.store import CorpusStore

from .conftest import make_doc, zh_text
from .test_templates import TEMPLATE


def _members(n: int) -> list[tuple[str, object, object]]:
    """n texts: their own words, some sharing a phrase with the previous one, a few the template."""
    texts = []
    for i in range(n):
        parts = [zh_text(800 + i, 6)]
        if i % 3 == 0:
            parts.append(TEMPLATE)
        if i:
            parts.append(zh_text(800 + i - 1, 6)[40:120])
        texts.append("\n".join(parts))
    out = []
    for t in texts:
        fa = fold_text(t)
        out.append((t, fa, fingerprint(fa, FingerprintParams())))
    return out


def test_counts_and_shared_keys_are_those_counted_one_by_one() -> None:
    members = _members(9)
    index = BatchIndex.build([(fa, fps) for _, fa, fps in members], k=6)
    for me, (_, fa, fps) in enumerate(members):
        others = [m for n, m in enumerate(members) if n != me]
        keys, grams = fps.index_keys(), kgram_hashes(fa.codes, 6)
        counts = index.counts(keys, grams)
        assert counts.size == len(others)
        by_one_keys = sum(np.isin(keys, o[2].index_keys()).astype(np.int64) for o in others)
        by_one_grams = sum(np.isin(grams, np.unique(kgram_hashes(o[1].codes, 6))).astype(np.int64) for o in others)
        assert np.array_equal(counts.key_counts(keys), by_one_keys)
        assert np.array_equal(counts.kgram_counts(grams), by_one_grams)
        assert by_one_grams.max() >= 1  # the texts do share phrases
        held = index.shared(np.unique(keys[: keys.size // 2]))
        for n, (_, _, ofps) in enumerate(members):
            assert held[n] == np.intersect1d(np.unique(keys[: keys.size // 2]), ofps.index_keys()).size


def test_a_batch_is_indexed_once_and_again_when_it_changes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = CorpusStore(tmp_path / "empty.db")
    batch = {f"S{i}": make_doc(TEMPLATE + "\n" + zh_text(700 + i, 20), f"s{i}.txt") for i in range(6)}
    builds = []
    real = BatchIndex.build
    monkeypatch.setattr(BatchIndex, "build", classmethod(lambda cls, *a, **kw: builds.append(1) or real(*a, **kw)))
    screener = Screener(store.path, store=store)
    for sid, doc in batch.items():
        report = screener.similar(doc, batch_docs={k: d for k, d in batch.items() if k != sid})
        assert report.sources == []  # the template, shared by all six, is not copying
    assert len(builds) == 1
    # the same submission with one other only: the template is now copied from it (a new index)
    pair = screener.similar(batch["S0"], batch_docs={"S1": batch["S1"]})
    assert len(builds) == 2
    assert [s.source.project_id for s in pair.sources] == ["S1"]
