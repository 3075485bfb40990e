# ruff: noqa: F811  (pytest fixtures imported from semantic_fixtures are used as parameters)
"""A corpus that survives a kill (issue 15): grouped commits with the indexes saved less often, the
postings and the near-duplicate index completed from the database when they lag, the essence kept in
the project's own transaction, a project found by its files' bytes without reading them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.embed import USEEncoder
from index.same_project.neardup import NearDupDetector
from index.similar import Screener, attach_neardup
from index.store import CorpusStore, ProjectMeta, StoreError, index_dir_for
from ingest.paths import doc_id_of
from tests.index.semantic_fixtures import DIE, WELD, WELD_COST, WELD_RENAMED, use_encoder  # noqa: F401


def _committed_projects(db: Path) -> list[str]:
    """What another connection sees: only committed rows."""
    other = CorpusStore(db, readonly=True)
    try:
        return sorted(p.project_id for p in other.list_projects())
    finally:
        other.close()


def test_bulk_commits_every_n_and_flushes_every_m(use_encoder: USEEncoder, tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    store = CorpusStore(db)
    docs = [("A", WELD), ("B", DIE), ("C", WELD_COST), ("D", WELD_RENAMED)]
    with store.bulk(commit_every=2, flush_every=4):
        attach_neardup(store, use_encoder)
        for n, (pid, doc) in enumerate(docs, start=1):
            store.add_project(ProjectMeta(project_id=pid, year=2021), [doc])
            assert _committed_projects(db) == sorted(p for p, _ in docs[: n - n % 2])
            if n == 2:  # committed, not yet flushed: the indexes on disk lag
                assert not (store.index_dir / "neardup").exists()
        directory = store.index_dir / "neardup"
        assert sorted(NearDupDetector.load(directory, use_encoder).project_ids()) == ["A", "B", "C", "D"]


def test_lagging_indexes_are_completed_from_the_database(use_encoder: USEEncoder, tmp_path: Path) -> None:
    """What a kill between a commit and a flush leaves: the projects in SQLite, index files behind."""
    db = tmp_path / "corpus.db"
    store = CorpusStore(db)
    with store.bulk():
        attach_neardup(store, use_encoder)
        store.add_project(ProjectMeta(project_id="A", year=2021), [WELD])
    old = tmp_path / "index-with-A"
    shutil.copytree(store.index_dir, old)
    with store.bulk():
        attach_neardup(store, use_encoder)
        store.add_project(ProjectMeta(project_id="B", year=2022), [DIE])
        store.add_project(ProjectMeta(project_id="C", year=2022), [WELD_COST])
    store.close()
    shutil.rmtree(index_dir_for(db))
    shutil.copytree(old, index_dir_for(db))  # the index files as they were before B and C
    directory = index_dir_for(db) / "neardup"
    assert NearDupDetector.load(directory, use_encoder).project_ids() == ["A"]
    # a read-only Screener completes both indexes in memory ...
    reader = CorpusStore(db, readonly=True)
    assert reader.postings.doc_nums == {d.num for d in reader.iter_documents()}
    screener = Screener(db, store=reader, encoder=use_encoder)
    assert sorted(screener.neardup.project_ids()) == ["A", "B", "C"]
    assert screener.similar(WELD_RENAMED).near_duplicates[0].source.project_id == "A"
    reader.close()
    # ... and the next corpus add completes and saves them
    writer = CorpusStore(db)
    with writer.bulk():
        attach_neardup(writer, use_encoder)
    assert sorted(NearDupDetector.load(directory, use_encoder).project_ids()) == ["A", "B", "C"]


def test_essence_is_kept_with_the_project(use_encoder: USEEncoder, tmp_path: Path) -> None:
    store = CorpusStore(tmp_path / "corpus.db")
    attach_neardup(store, use_encoder)
    store.add_project(ProjectMeta(project_id="A", year=2021), [WELD])
    parts = store.essences(["A", "Z"])
    assert set(parts) == {"A"} and parts["A"]["title"]
    store.remove_project("A")
    assert store.essences(["A"]) == {}


def test_project_with_documents(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path / "corpus.db")
    store.add_project(ProjectMeta(project_id="A", year=2021), [WELD, DIE])
    assert store.project_with_documents([WELD.doc_id, DIE.doc_id]) == "A"
    assert store.project_with_documents([WELD_COST.doc_id]) is None
    with pytest.raises(StoreError):
        store.project_with_documents([WELD.doc_id])  # part of A only


def test_doc_id_of_a_file_is_the_readers_doc_id(tmp_path: Path) -> None:
    from ingest import read

    f = tmp_path / "a.txt"
    f.write_text(WELD.text, encoding="utf-8")
    assert doc_id_of(f) == read(f).doc_id
