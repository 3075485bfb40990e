# ruff: noqa: F811  (pytest fixtures imported from semantic_fixtures are used as parameters)
"""index.neardup: same project renamed (雷同) from essence parts (8-bit faiss) + MinHash verified on the
texts, explained; save/load (format 2), the store hook saving once per batch."""

from __future__ import annotations

import json
from pathlib import Path

import faiss
import numpy as np
import pytest

from index.embed import E5Encoder, USEEncoder
from index.same_project.minhash import MinHashParams, jaccard_containment, shingle_hashes
from index.same_project.neardup import PARTS, IndexMismatchError, NearDupDetector, NearDupParams, essence_of
from index.similar import Screener, attach_neardup
from index.store import CorpusStore, ProjectMeta, StoreError
from tests.index.semantic_fixtures import (  # noqa: F401
    DIE,
    WELD,
    WELD_COST,
    WELD_RENAMED,
    e5_encoder,
    e5_model_dir,
    paragraphs,
    use_encoder,
)


@pytest.fixture()
def detector(use_encoder: USEEncoder) -> NearDupDetector:
    det = NearDupDetector(use_encoder)
    det.add_many([("P2021-01", WELD), ("P2022-02", DIE), ("P2022-03", WELD_COST)])
    return det


def test_renamed_project_flagged_with_reasons(detector: NearDupDetector) -> None:
    hits = detector.query(WELD_RENAMED)
    assert hits and hits[0].source.project_id == "P2021-01"
    top = hits[0]
    assert top.same_project
    assert top.score >= detector.th.same_score
    assert {"title", "symptom", "target", "causes", "countermeasures", "minhash"} <= set(top.parts)
    assert top.source.year is None and top.source.company is None  # filled by the Screener
    assert "雷同" in top.reasons[0]
    assert any(r.startswith("症结") for r in top.reasons)
    assert any("Jaccard" in r for r in top.reasons)
    assert not any(h.same_project for h in hits[1:])


def test_other_projects_of_same_team_not_same(detector: NearDupDetector) -> None:
    for doc in (DIE, WELD_COST):
        hits = [h for h in detector.query(doc, exclude={"P2022-02", "P2022-03"})]
        assert not any(h.same_project for h in hits), [(h.source.project_id, h.score, h.parts) for h in hits]


def test_exclude_and_remove(detector: NearDupDetector) -> None:
    assert all(h.source.project_id != "P2021-01" for h in detector.query(WELD_RENAMED, exclude=["P2021-01"]))
    detector.remove("P2021-01")
    assert "P2021-01" not in detector and len(detector) == 2
    assert all(h.source.project_id != "P2021-01" for h in detector.query(WELD_RENAMED))
    detector.add("P2021-01", WELD)  # re-adding after removal works
    assert detector.query(WELD_RENAMED)[0].source.project_id == "P2021-01"


def test_save_load_same_results(detector: NearDupDetector, use_encoder: USEEncoder, tmp_path: Path) -> None:
    detector.remove("P2022-03")
    before = detector.query(WELD_RENAMED)
    detector.save(tmp_path)
    assert (tmp_path / "neardup.json").is_file()
    assert (tmp_path / "neardup.symptom.faiss").stat().st_size > 0
    back = NearDupDetector.load(tmp_path, use_encoder, text_of=TEXTS.get)
    assert back.params == detector.params
    assert back.query(WELD_RENAMED) == before
    assert len(back) == 2
    back.add("P2022-03", WELD_COST)  # ids keep counting after a load
    assert len(back) == 3


def test_other_params_refused(detector: NearDupDetector, use_encoder: USEEncoder, tmp_path: Path) -> None:
    detector.save(tmp_path)
    with pytest.raises(IndexMismatchError, match="参数"):
        NearDupDetector.load(tmp_path, use_encoder, NearDupParams(k_dense=5))
    NearDupDetector.load(tmp_path, use_encoder, NearDupParams())  # same parameters: accepted


def test_missing_index_message(use_encoder: USEEncoder, tmp_path: Path) -> None:
    with pytest.raises(IndexMismatchError, match="不存在或已损坏"):
        NearDupDetector.load(tmp_path, use_encoder)


def test_score_pair(use_encoder: USEEncoder) -> None:
    det = NearDupDetector(use_encoder)
    assert det.score_pair(WELD_RENAMED, WELD).same_project
    assert not det.score_pair(DIE, WELD).same_project


@pytest.mark.slow
def test_other_model_refused(detector: NearDupDetector, e5_encoder: E5Encoder, tmp_path: Path) -> None:
    detector.save(tmp_path)
    with pytest.raises(IndexMismatchError) as e:
        NearDupDetector.load(tmp_path, e5_encoder)
    assert "语义模型" in str(e.value) and "重建" in str(e.value)


@pytest.mark.slow
def test_e5_renamed_project(e5_encoder: E5Encoder) -> None:
    det = NearDupDetector(e5_encoder)
    det.add_many([("A", WELD), ("B", DIE), ("C", WELD_COST)])
    hits = det.query(WELD_RENAMED)
    assert hits[0].source.project_id == "A" and hits[0].same_project
    assert [h.source.project_id for h in hits if h.same_project] == ["A"]
    assert not det.score_pair(WELD_COST, WELD).same_project


# ---------------------------------------------------------------------------------------------
# Format 2: 8-bit vectors, signatures only (texts from a text source), saved once per batch
# ---------------------------------------------------------------------------------------------

TEXTS = {"P2021-01": WELD.text, "P2022-02": DIE.text, "P2022-03": WELD_COST.text}


def _cos_errors(det: NearDupDetector, docs: list) -> np.ndarray:
    """|q·v8 − q·v| over every (query part, stored part) pair of the same part: the 8-bit error."""
    enc = [(f"D{i}", det.encode_parts(essence_of(d)), d.text) for i, d in enumerate(docs)]
    det.add_encoded(enc)
    errs = []
    for pid, vecs, _ in enc:
        stored = det.stored_vectors(pid)
        assert set(stored) == set(vecs)
        for _q, qvecs, _ in enc:
            for p, q in qvecs.items():
                if p in vecs:
                    errs.append(abs(float(q @ stored[p]) - float(q @ vecs[p])))
    return np.array(errs)


def test_8bit_cosine_error_bound(use_encoder: USEEncoder) -> None:
    det = NearDupDetector(use_encoder)
    errs = _cos_errors(det, [WELD, WELD_RENAMED, DIE, WELD_COST])
    assert len(errs) > 50
    assert errs.max() < 0.004 and errs.mean() < 0.001, (errs.max(), errs.mean())
    assert errs.max() > 0  # the stored side really is quantised


@pytest.mark.slow
def test_8bit_cosine_error_bound_e5(e5_encoder: E5Encoder) -> None:
    det = NearDupDetector(e5_encoder)
    errs = _cos_errors(det, [WELD, WELD_RENAMED, DIE, WELD_COST])
    assert errs.max() < 0.004 and errs.mean() < 0.001, (errs.max(), errs.mean())


def test_8bit_codes_do_not_depend_on_the_rest_of_the_index(use_encoder: USEEncoder) -> None:
    """A fixed range: an index grown from one project stores it exactly like a large one."""
    rng = np.random.default_rng(0)
    alone, crowded = NearDupDetector(use_encoder), NearDupDetector(use_encoder)
    x_vecs = alone.encode_parts(essence_of(WELD))
    alone.add_encoded([("X", x_vecs, WELD.text)])
    others = []
    for i in range(200):
        v = rng.standard_normal((len(PARTS), use_encoder.dim)).astype(np.float32) * (0.3 + i / 100)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        others.append((f"R{i}", dict(zip(PARTS, v, strict=True)), ""))
    crowded.add_encoded(others)
    crowded.add_encoded([("X", x_vecs, WELD.text)])
    for p, vec in alone.stored_vectors("X").items():
        np.testing.assert_array_equal(vec, crowded.stored_vectors("X")[p])


def test_8bit_on_disk(use_encoder: USEEncoder, tmp_path: Path) -> None:
    det = NearDupDetector(use_encoder)
    rng = np.random.default_rng(1)
    v = rng.standard_normal((100, use_encoder.dim)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    det.add_encoded([(f"R{i}", {"symptom": v[i]}, "") for i in range(100)])
    det.save(tmp_path)
    size = (tmp_path / "neardup.symptom.faiss").stat().st_size
    assert 100 * (use_encoder.dim + 8) <= size < 100 * (use_encoder.dim + 8) + 1024  # 1 byte per dimension + id
    assert not list(tmp_path.glob("*.sets.bin"))  # no shingle sets on disk
    meta = json.loads((tmp_path / "neardup.json").read_text(encoding="utf-8"))
    assert meta["format"] == 2 and meta["projects"]["R0"][1] == 1 << PARTS.index("symptom")


def test_add_encoded_checks_vectors(use_encoder: USEEncoder) -> None:
    det = NearDupDetector(use_encoder)
    with pytest.raises(ValueError, match="512"):
        det.add_encoded([("A", {"title": np.zeros(10, np.float32)}, "")])
    with pytest.raises(ValueError, match="part"):
        det.add_encoded([("A", {"name": np.zeros(use_encoder.dim, np.float32)}, "")])


def test_exact_verification_from_texts(detector: NearDupDetector) -> None:
    """The Jaccard/containment reported are the exact ones of the two shingle sets (as when the sets
    were stored), computed from the texts given to `add` (no text source)."""
    top = detector.query(WELD_RENAMED)[0]
    p = detector.params.minhash
    j, c = jaccard_containment(shingle_hashes(WELD_RENAMED.text, p), shingle_hashes(WELD.text, p))
    assert top.parts["minhash"] == round(j, 4) and top.parts["containment"] == round(c, 4)
    assert j > 0.2 and not any("估计" in r for r in top.reasons)


def test_load_with_text_source_same_results(detector: NearDupDetector, use_encoder: USEEncoder, tmp_path: Path) -> None:
    before = detector.query(WELD_RENAMED)
    detector.save(tmp_path)
    asked: list[str] = []
    back = NearDupDetector.load(tmp_path, use_encoder, text_of=lambda pid: asked.append(pid) or TEXTS.get(pid))
    assert back.query(WELD_RENAMED) == before
    assert "P2021-01" in asked
    for doc in (DIE, WELD_COST, WELD):
        assert back.query(doc) == detector.query(doc)


def test_load_without_texts_marks_estimates(detector: NearDupDetector, use_encoder: USEEncoder, tmp_path: Path) -> None:
    exact = detector.query(WELD_RENAMED)[0]
    detector.save(tmp_path)
    blind = NearDupDetector.load(tmp_path, use_encoder)  # no text source: MinHash estimates only
    top = blind.query(WELD_RENAMED)[0]
    assert top.source.project_id == "P2021-01" and top.same_project
    assert "minhash" not in top.parts and "containment" not in top.parts  # no fake exact value
    assert abs(top.parts["minhash_estimate"] - exact.parts["minhash"]) < 0.15
    assert any("估计" in r and "Jaccard" in r for r in top.reasons)
    assert {k: v for k, v in top.parts.items() if k in PARTS} == {k: v for k, v in exact.parts.items() if k in PARTS}


def test_old_format_refused(detector: NearDupDetector, use_encoder: USEEncoder, tmp_path: Path) -> None:
    detector.save(tmp_path)
    meta_file = tmp_path / "neardup.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta_file.write_text(json.dumps(dict(meta, format=1)), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match=r"格式版本为 1，当前程序需要 2.*重建"):
        NearDupDetector.load(tmp_path, use_encoder)
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    NearDupDetector.load(tmp_path, use_encoder)  # the untouched index loads
    # format-1 MinHash files (no format, packed sets) next to a format-2 meta
    mh_file = tmp_path / "neardup.minhash.json"
    mh = json.loads(mh_file.read_text(encoding="utf-8"))
    mh_file.write_text(json.dumps({"params": mh["params"], "keys": mh["keys"], "offsets": [0]}), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match=r"MinHash.*格式版本为 1"):
        NearDupDetector.load(tmp_path, use_encoder)
    mh_file.write_text(json.dumps(mh), encoding="utf-8")
    # fp16 vectors (format 1's layout) under a format-2 meta
    sq = faiss.IndexScalarQuantizer(use_encoder.dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
    faiss.write_index(faiss.IndexIDMap2(sq), str(tmp_path / "neardup.title.faiss"))
    with pytest.raises(IndexMismatchError, match="向量格式"):
        NearDupDetector.load(tmp_path, use_encoder)


def test_other_minhash_params_refused(detector: NearDupDetector, use_encoder: USEEncoder, tmp_path: Path) -> None:
    detector.save(tmp_path)
    with pytest.raises(IndexMismatchError, match="minhash"):
        NearDupDetector.load(tmp_path, use_encoder, NearDupParams(minhash=MinHashParams(shingle=5)))


def _counting_saves(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    saves: list[Path] = []
    real = NearDupDetector.save

    def save(self: NearDupDetector, folder: Path) -> None:
        saves.append(Path(folder))
        real(self, folder)

    monkeypatch.setattr(NearDupDetector, "save", save)
    return saves


def test_store_hook_saves_once_per_bulk(
    use_encoder: USEEncoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves = _counting_saves(monkeypatch)
    store = CorpusStore(tmp_path / "corpus.db")
    form = paragraphs("form-b", ["申报表：缩短换模时间"])  # shorter: not the indexed document
    with store.bulk():
        det = attach_neardup(store, use_encoder)
        store.add_project(ProjectMeta(project_id="A", year=2021), [WELD])
        store.add_project(ProjectMeta(project_id="B", year=2022), [form, DIE])
        with pytest.raises(StoreError):  # one project of the batch fails: WELD already belongs to A
            store.add_project(ProjectMeta(project_id="X", year=2022), [WELD, WELD_RENAMED])
        store.add_project(ProjectMeta(project_id="C", year=2022), [WELD_COST])
        assert saves == []
    assert saves == [store.index_dir / "neardup"]
    assert det._minhash._texts == {}  # texts come from the store, none kept in memory
    assert store.project_text("B") == DIE.text
    back = NearDupDetector.load(saves[0], use_encoder, text_of=store.project_text)
    assert sorted(back.project_ids()) == ["A", "B", "C"]
    assert back.query(WELD_RENAMED) == det.query(WELD_RENAMED)
    top = back.query(WELD_RENAMED)[0]
    assert top.source.project_id == "A" and top.same_project and "minhash" in top.parts
    store.remove_project("C")  # outside a bulk block: one save per change
    assert len(saves) == 2 and "C" not in NearDupDetector.load(saves[0], use_encoder)
    store.add_project(ProjectMeta(project_id="C", year=2022), [WELD_COST])
    assert len(saves) == 3 and "C" in NearDupDetector.load(saves[0], use_encoder)


def test_corpus_add_with_a_failing_project(
    use_encoder: USEEncoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`qcscreen corpus add` (service.corpus.add_projects): one save, an index matching the corpus."""
    from service.corpus import ProjectInput, add_projects

    saves = _counting_saves(monkeypatch)
    root = tmp_path / "in"
    root.mkdir()
    files = {}
    for name, doc in (("a", WELD), ("b", DIE), ("c", WELD_COST)):
        files[name] = root / f"{name}.txt"
        files[name].write_text(doc.text, encoding="utf-8")
    (root / "bad.pdf").write_bytes(b"%PDF-1.4 not really")
    projects = [
        ProjectInput([files["a"]], {"project_id": "A", "year": 2021}, "A"),
        ProjectInput([root / "bad.pdf"], {"project_id": "BAD", "year": 2021}, "BAD"),  # unreadable
        ProjectInput([files["a"], files["b"]], {"project_id": "DUP", "year": 2022}, "DUP"),  # refused
        ProjectInput([files["c"]], {"project_id": "C", "year": 2022}, "C"),
    ]
    db = tmp_path / "corpus.db"
    outcome = add_projects(db, projects, encoder=use_encoder)
    assert [pid for pid, _ in outcome.added] == ["A", "C"] and len(outcome.errors) == 2
    assert len(saves) == 1
    store = CorpusStore(db)
    back = NearDupDetector.load(saves[0], use_encoder, text_of=store.project_text)
    assert sorted(back.project_ids()) == sorted(p.project_id for p in store.list_projects()) == ["A", "C"]


def test_screener_verifies_on_corpus_texts(use_encoder: USEEncoder, tmp_path: Path) -> None:
    store = CorpusStore(tmp_path / "corpus.db")
    with store.bulk():
        attach_neardup(store, use_encoder)
        for pid, doc in (("A", WELD), ("B", DIE), ("C", WELD_COST)):
            store.add_project(ProjectMeta(project_id=pid, year=2021), [doc])
    store.close()
    plain = CorpusStore(tmp_path / "corpus.db")
    plain.remove_project("B")  # removed without the near-duplicate hook
    screener = Screener(plain.path, store=plain, encoder=use_encoder)
    assert sorted(screener.neardup.project_ids()) == ["A", "C"]
    near = screener.similar(WELD_RENAMED).near_duplicates
    assert near[0].source.project_id == "A" and near[0].same_project
    assert "minhash" in near[0].parts and not any("估计" in r for r in near[0].reasons)


def test_projects_removed_without_the_hook_leave_the_index_at_the_next_attach(
    use_encoder: USEEncoder, tmp_path: Path
) -> None:
    store = CorpusStore(tmp_path / "corpus.db")
    with store.bulk():
        attach_neardup(store, use_encoder)
        store.add_project(ProjectMeta(project_id="A", year=2021), [WELD])
        store.add_project(ProjectMeta(project_id="B", year=2022), [DIE])
    plain = CorpusStore(tmp_path / "corpus.db")  # as `qcscreen corpus remove`: no encoder, no hook
    assert plain.remove_project("B")
    directory = plain.index_dir / "neardup"
    assert sorted(NearDupDetector.load(directory, use_encoder).project_ids()) == ["A", "B"]
    with plain.bulk():  # the next `corpus add` (with the encoder) prunes it and saves
        det = attach_neardup(plain, use_encoder)
        assert det.project_ids() == ["A"]
    assert NearDupDetector.load(directory, use_encoder).project_ids() == ["A"]
