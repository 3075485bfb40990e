from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

import index.store as store_mod
from index.copy.fingerprint import FingerprintParams, fingerprint_text
from index.copy.postings import IndexParamsError, PostingsIndex
from index.store import CorpusStore, ProjectMeta, StoreError

from .conftest import make_doc, zh_text


def test_add_get_list_and_iter(corpus: tuple[CorpusStore, dict[str, str]]) -> None:
    store, texts = corpus
    assert store.count_projects() == 6
    rec = store.get_project("P2020-01")
    assert rec is not None and rec.award == "一等奖" and rec.company == "测试公司1" and len(rec.documents) == 1
    assert [p.project_id for p in store.list_projects(year=2019)] == ["P2019-00", "P2019-03"]
    docs = list(store.iter_documents("P2020-01"))
    assert len(docs) == 1 and docs[0].text == make_doc(texts["P2020-01"]).text
    assert docs[0].page_at(0) == 1


def test_same_bytes_again_returns_existing_id_without_duplicates(db_path: Path) -> None:
    store = CorpusStore(db_path)
    doc = make_doc(zh_text(1, 10), "a.txt")
    pid = store.add_project(ProjectMeta(year=2020, title="甲"), [doc])
    assert store.add_project(ProjectMeta(year=2021, title="乙"), [make_doc(zh_text(1, 10), "a.txt")]) == pid
    assert store.count_projects() == 1 and store.count_documents() == 1
    assert len(store.postings.doc_nums) == 1


def test_documents_owned_by_another_project_are_refused(db_path: Path) -> None:
    store = CorpusStore(db_path)
    a, b = make_doc(zh_text(1, 10), "a.txt"), make_doc(zh_text(2, 10), "b.txt")
    pid = store.add_project(ProjectMeta(year=2020), [a])
    with pytest.raises(StoreError) as e:
        store.add_project(ProjectMeta(year=2021), [a, b])
    assert pid in e.value.message
    with pytest.raises(StoreError):
        store.add_project(ProjectMeta(project_id=pid, year=2021), [b])


def test_add_is_atomic(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = CorpusStore(db_path)
    calls = {"n": 0}
    real = store_mod.compress_text

    def failing(text: str) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(text)

    monkeypatch.setattr(store_mod, "compress_text", failing)
    docs = [make_doc(zh_text(1, 10), "a.txt"), make_doc(zh_text(2, 10), "b.txt")]
    with pytest.raises(RuntimeError):
        store.add_project(ProjectMeta(year=2020), docs)
    assert store.count_projects() == 0 and store.count_documents() == 0
    assert store.postings.doc_count == 0


def test_remove_project_drops_documents_and_fingerprints(corpus: tuple[CorpusStore, dict[str, str]]) -> None:
    store, texts = corpus
    keys = fingerprint_text(make_doc(texts["P2019-03"]).text, store.params).index_keys()
    nums, _ = store.postings.query(keys)
    assert nums.size >= 1
    removed: list[str] = []

    class Hook:
        def on_add(self, project_id: str, meta: ProjectMeta, docs: list) -> None:
            pass

        def on_remove(self, project_id: str) -> None:
            removed.append(project_id)

        def flush(self) -> None:
            pass

    store.add_hook(Hook())
    assert store.remove_project("P2019-03")
    assert not store.remove_project("P2019-03")
    assert removed == ["P2019-03"]
    assert store.get_project("P2019-03") is None
    assert store.postings.query(keys)[0].size == 0
    reopened = CorpusStore(store.path)
    assert reopened.postings.query(keys)[0].size == 0
    assert reopened.count_documents() == 5


def test_schema_version_and_wal(db_path: Path) -> None:
    CorpusStore(db_path).close()
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="版本"):
        CorpusStore(db_path)


def test_postings_rebuilt_from_sqlite_when_missing(corpus: tuple[CorpusStore, dict[str, str]]) -> None:
    store, texts = corpus
    keys = fingerprint_text(make_doc(texts["P2021-02"]).text, store.params).index_keys()
    before = store.postings.query(keys)
    for f in store.index_dir.iterdir():
        f.unlink()
    store.close()
    again = CorpusStore(store.path)
    after = again.postings.query(keys)
    assert before[0].tolist() == after[0].tolist() and before[1].tolist() == after[1].tolist()
    assert PostingsIndex.exists(again.index_dir)


def test_other_fingerprint_parameters_are_refused(corpus: tuple[CorpusStore, dict[str, str]]) -> None:
    store, _ = corpus
    store.close()
    with pytest.raises(IndexParamsError) as e:
        CorpusStore(store.path, params=FingerprintParams(k=6, w=10))
    assert "其他参数" in e.value.message and "k=8" in e.value.message
    with pytest.raises(IndexParamsError, match="其他参数"):
        PostingsIndex.load(store.index_dir, FingerprintParams(k=5, w=4))
    assert CorpusStore(store.path, params=FingerprintParams()).count_projects() == 6


def test_postings_save_load_roundtrip_and_compaction(tmp_path: Path) -> None:
    idx = PostingsIndex(FingerprintParams())
    rng = np.random.default_rng(0)
    sets = {n: rng.integers(0, 2**32, 300, dtype=np.uint64).astype(np.uint32) for n in range(1, 30)}
    for n, keys in sets.items():
        idx.add(n, keys)
    idx.remove([3, 4])
    q = sets[5][:50]
    before = idx.query(q)
    idx.save(tmp_path / "ix")
    loaded = PostingsIndex.load(tmp_path / "ix")
    after = loaded.query(q)
    assert before[0].tolist() == after[0].tolist() == [5]
    assert loaded.doc_count == 27 and loaded.df(sets[7][:1]).tolist() == [1]
    assert loaded.query(sets[3][:50])[0].size == 0
    with pytest.raises(ValueError):
        loaded.add(5, sets[5])


def test_postings_ranges_are_searchsorted_inside_each_bucket(tmp_path: Path) -> None:
    """The vectorised binary search gives, for every key, the [left, right) that `np.searchsorted` gives on
    its bucket's slice of the lower 16 bits: present, absent, first and last keys of a bucket, empty buckets."""
    idx = PostingsIndex(FingerprintParams())
    rng = np.random.default_rng(3)
    # few upper-16-bit values, so that buckets hold many keys and repeated ones (a key in several documents)
    pool = (rng.integers(0, 40, 2000, dtype=np.uint64) << np.uint64(16)) | rng.integers(0, 2**16, 2000, dtype=np.uint64)
    for n in range(60):
        idx.add(n, rng.choice(pool, 200).astype(np.uint32))
    idx.compact()  # into the bucketed main arrays
    idx.save(tmp_path / "ix")
    main = PostingsIndex.load(tmp_path / "ix")._main
    present = pool.astype(np.uint32)
    keys = np.concatenate(
        [present, present + 1, present - 1, rng.integers(0, 2**32, 500, dtype=np.uint64).astype(np.uint32)]
    ).astype(np.uint32)
    keys = np.concatenate([keys, np.array([0, 2**32 - 1, 2**16 - 1, 2**16, 40 << 16], dtype=np.uint32)])
    left, right = main.ranges(keys)
    for n, key in enumerate(keys.tolist()):
        s, e = int(main.bucket[key >> 16]), int(main.bucket[(key >> 16) + 1])
        sub = np.asarray(main.lo[s:e])
        if s == e:
            assert (left[n], right[n]) == (0, 0)
            continue
        assert left[n] == s + int(np.searchsorted(sub, key & 0xFFFF, side="left"))
        assert right[n] == s + int(np.searchsorted(sub, key & 0xFFFF, side="right"))
    assert (right - left).sum() > len(present)  # keys found, some in several documents
    assert main.ranges(np.zeros(0, np.uint32))[0].size == 0


def test_bulk_keeps_other_projects_when_one_fails(db_path: Path) -> None:
    store = CorpusStore(db_path)
    shared = make_doc(zh_text(1, 10), "a.txt")
    with store.bulk():
        store.add_project(ProjectMeta(project_id="A", year=2020), [shared])
        with pytest.raises(StoreError):
            store.add_project(ProjectMeta(project_id="B", year=2020), [shared, make_doc(zh_text(2, 10), "b.txt")])
        store.add_project(ProjectMeta(project_id="C", year=2020), [make_doc(zh_text(3, 10), "c.txt")])
    reopened = CorpusStore(db_path)
    assert [p.project_id for p in reopened.list_projects()] == ["A", "C"]
    assert reopened.postings.doc_count == 2


def test_project_text_is_the_longest_document(db_path: Path) -> None:
    store = CorpusStore(db_path)
    form, deck = make_doc(zh_text(1, 5), "form.txt"), make_doc(zh_text(2, 30), "deck.txt")
    store.add_project(ProjectMeta(project_id="A", year=2020), [form, deck])
    assert store.project_text("A") == deck.text
    assert store.project_text("nope") is None
    # equal lengths: the first document, as max() over the documents picks it
    first, second = make_doc("甲" * 50 + zh_text(3, 3), "1.txt"), make_doc("乙" * 50 + zh_text(3, 3), "2.txt")
    assert len(first.text) == len(second.text)
    store.add_project(ProjectMeta(project_id="B", year=2020), [first, second])
    assert store.project_text("B") == max([first, second], key=lambda d: len(d.text)).text == first.text
    store.remove_project("A")
    assert store.project_text("A") is None


class _Flushing:
    def __init__(self) -> None:
        self.events: list[str] = []

    def on_add(self, project_id: str, meta: ProjectMeta, docs: list) -> None:
        self.events.append(f"add {project_id}")

    def on_remove(self, project_id: str) -> None:
        self.events.append(f"remove {project_id}")

    def flush(self) -> None:
        self.events.append("flush")


def test_hooks_flushed_once_per_bulk_and_per_single_change(db_path: Path) -> None:
    store = CorpusStore(db_path)
    hook = _Flushing()
    store.add_hook(hook)
    with store.bulk():
        store.add_project(ProjectMeta(project_id="A", year=2020), [make_doc(zh_text(1, 10), "a.txt")])
        with store.bulk():  # nested: still one flush, at the end of the outer block
            store.add_project(ProjectMeta(project_id="B", year=2020), [make_doc(zh_text(2, 10), "b.txt")])
        with pytest.raises(StoreError):
            store.add_project(ProjectMeta(project_id="A", year=2021), [make_doc(zh_text(3, 10), "c.txt")])
        store.remove_project("B")
        assert "flush" not in hook.events
    assert hook.events == ["add A", "add B", "remove B", "flush"]
    hook.events.clear()
    store.add_project(ProjectMeta(project_id="C", year=2020), [make_doc(zh_text(4, 10), "c.txt")])
    store.remove_project("A")
    assert not store.remove_project("A")  # nothing removed: nothing to flush
    with pytest.raises(StoreError):
        store.add_project(ProjectMeta(project_id="D", year=2020), [])
    assert hook.events == ["add C", "flush", "remove A", "flush"]


def test_hooks_flushed_when_a_bulk_block_fails(db_path: Path) -> None:
    store = CorpusStore(db_path)
    hook = _Flushing()
    store.add_hook(hook)
    with pytest.raises(RuntimeError), store.bulk():
        store.add_project(ProjectMeta(project_id="A", year=2020), [make_doc(zh_text(1, 10), "a.txt")])
        raise RuntimeError("interrupted")
    assert hook.events == ["add A", "flush"]  # the bulk block commits what was added: the hook saves it too
    assert CorpusStore(db_path).count_projects() == 1


def test_reader_opens_while_a_bulk_add_holds_the_write_lock(db_path: Path) -> None:
    writer = CorpusStore(db_path)
    writer.add_project(ProjectMeta(project_id="A", year=2021), [make_doc(zh_text(1, 40), "a.txt")])
    with writer.bulk():
        writer.add_project(ProjectMeta(project_id="B", year=2022), [make_doc(zh_text(2, 40), "b.txt")])
        # the bulk transaction is open (write lock held): a service must still be able to load the corpus
        reader = CorpusStore(db_path, readonly=True)
        assert [p.project_id for p in reader.list_projects()] == ["A"]  # B is not committed yet
        with pytest.raises(IndexParamsError):
            CorpusStore(db_path, readonly=True, params=FingerprintParams(k=5, w=4))
        reader.close()
    again = CorpusStore(db_path, readonly=True)
    assert sorted(p.project_id for p in again.list_projects()) == ["A", "B"]


def test_opening_waits_for_another_connections_write_lock(tmp_path: Path) -> None:
    """A batch worker opening the corpus while another process still holds its write lock (creating the
    schema, or committing a bulk add) waits for it instead of failing with "database is locked" — SQLite's
    default wait is 5 s, which a loaded machine outlasts (seen once in `make test`, stop 26)."""
    import threading

    path = tmp_path / "c.sqlite"
    holder = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode = WAL")  # as the store's own connections set it
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE held (x)")
    release = threading.Timer(6.0, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        store = CorpusStore(path)
        assert store.list_projects() == []
    finally:
        release.join()
        holder.close()
