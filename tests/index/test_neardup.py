# ruff: noqa: F811  (pytest fixtures imported from semantic_fixtures are used as parameters)
"""index.neardup: same project renamed (雷同) from essence parts (faiss) + MinHash, explained; save/load."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.embed import E5Encoder, USEEncoder
from index.neardup import IndexMismatchError, NearDupDetector, NearDupParams
from tests.index.semantic_fixtures import (  # noqa: F401
    DIE,
    WELD,
    WELD_COST,
    WELD_RENAMED,
    e5_encoder,
    e5_model_dir,
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
    back = NearDupDetector.load(tmp_path, use_encoder)
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
def test_other_model_refused(
    detector: NearDupDetector, e5_encoder: E5Encoder, tmp_path: Path
) -> None:
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
