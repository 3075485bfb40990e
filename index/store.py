"""The corpus of past projects: one SQLite file (WAL, versioned schema) plus its fingerprint index.

Tables: `meta` (schema version, fingerprint parameters), `projects`, `documents` (text compressed,
page map), `essences` (a project's essence parts, written by the near-duplicate hook in the project's
own transaction, so the near-duplicate index can be completed from the database). The fingerprints live
compactly in the postings files of the folder `<db>.index/` (see `index.postings`); they are derived
from the stored text, so the SQLite file is the truth: on open, documents missing from the postings
are fingerprinted again and postings of documents no longer in SQLite are dropped.

Adding a project is one transaction (all its documents or nothing, hooks included) and idempotent on
the same file bytes: the same set of document ids returns the existing project id. In `bulk()` the
commits are grouped (`commit_every` projects) and the postings and hooks saved every `flush_every`:
a killed `corpus add` loses at most the projects of the commit in flight, and the indexes, derived
from the database, are completed on the next open.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict

from index.copy.fingerprint import FingerprintParams, fingerprint_text
from index.copy.postings import IndexParamsError, PostingsIndex, PostingsView
from ingest.model import Document

SCHEMA_VERSION = 1
LOCK_WAIT_S = 30.0  # how long a connection waits for another's write lock (batch workers open one corpus at once)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS projects (
    project_id TEXT PRIMARY KEY,
    year INTEGER,
    company TEXT,
    credit_code TEXT,
    title TEXT,
    type TEXT,
    target_kind TEXT,
    industry TEXT,
    award TEXT,
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS projects_company ON projects(company);
CREATE INDEX IF NOT EXISTS projects_credit ON projects(credit_code);
CREATE TABLE IF NOT EXISTS documents (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL UNIQUE,
    project_id TEXT NOT NULL REFERENCES projects(project_id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    path TEXT,
    format TEXT,
    title TEXT,
    chars INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    text BLOB NOT NULL,
    page_map BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_project ON documents(project_id);
CREATE TABLE IF NOT EXISTS essences (
    project_id TEXT PRIMARY KEY REFERENCES projects(project_id) ON DELETE CASCADE,
    parts TEXT NOT NULL
);
DROP TABLE IF EXISTS vector_ids;
"""


class StoreError(ValueError):
    """A corpus operation that cannot be done; `message` is Chinese, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProjectMeta(BaseModel):
    """What the organiser knows about a past project (one row of `corpus/projects.csv`)."""

    model_config = ConfigDict(extra="ignore")

    project_id: str | None = None  # generated from the year and the files when absent
    year: int | None = None
    company: str | None = None
    credit_code: str | None = None  # 统一社会信用代码
    title: str | None = None
    type: str | None = None  # problem_solving | innovative
    target_kind: str | None = None
    industry: str | None = None
    award: str | None = None  # 一等奖 … ; None when not awarded


class ProjectRecord(ProjectMeta):
    project_id: str
    added_at: str
    documents: list[str] = []  # doc ids


@dataclass(frozen=True)
class StoredDocument:
    """A corpus document as stored: its plain text (offsets as in `Document.text`) and page map."""

    num: int
    doc_id: str
    project_id: str
    filename: str
    format: str | None
    title: str | None
    pages: int
    text: str
    page_starts: np.ndarray  # offsets where a new page starts (sorted)
    page_numbers: np.ndarray  # the page at each of those offsets

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts.size:
            return None
        i = int(np.searchsorted(self.page_starts, offset, side="right")) - 1
        return int(self.page_numbers[max(i, 0)])


class CorpusView(Protocol):
    """What screening (`index.similar.Screener`) reads of a corpus: the `CorpusStore`, or the slice of
    it a Spark executor holds for one submission (`service.spark`)."""

    params: FingerprintParams
    index_dir: Path

    @property
    def postings(self) -> PostingsView: ...

    def project_metas(self) -> dict[str, ProjectMeta]: ...

    def count_projects(self) -> int: ...

    def project_of(self, nums: list[int]) -> dict[int, str]: ...

    def get_documents(self, nums: list[int]) -> list[StoredDocument]: ...

    def project_text(self, project_id: str) -> str | None: ...

    def sample_project_texts(self, n: int) -> list[list[str]]: ...

    def essences(self, project_ids: list[str]) -> dict[str, dict[str, str]]: ...


class StoreHook(Protocol):
    """Other indexes kept in step with the corpus (e.g. the near-duplicate detector).

    The store calls `flush` once at the end of the outer `bulk()` block and after each `add_project` /
    `remove_project` made outside a bulk block, so a hook writes its files once per batch instead of
    once per project."""

    def on_add(self, project_id: str, meta: ProjectMeta, docs: list[Document]) -> None: ...

    def on_remove(self, project_id: str) -> None: ...

    def flush(self) -> None: ...


_CODEC_U16_ZLIB = b"\x01"  # UTF-16-LE then zlib: ~7 % smaller than UTF-8 for Chinese prose


def compress_text(text: str) -> bytes:
    return _CODEC_U16_ZLIB + zlib.compress(text.encode("utf-16-le", "surrogatepass"), 9)


def decompress_text(blob: bytes) -> str:
    if blob[:1] != _CODEC_U16_ZLIB:
        raise StoreError("语料库中的文本编码无法识别，语料库可能已损坏。")
    return zlib.decompress(blob[1:]).decode("utf-16-le", "surrogatepass")


def page_runs(doc: Document) -> tuple[np.ndarray, np.ndarray]:
    """(start offsets, pages) wherever the page changes along `doc.text`."""
    starts: list[int] = []
    pages: list[int] = []
    for bi, start, _end in doc.block_spans():
        page = doc.blocks[bi].source.page
        if not pages or pages[-1] != page:
            starts.append(start)
            pages.append(page)
    return np.asarray(starts, dtype=np.int64), np.asarray(pages, dtype=np.int64)


def page_map(doc: Document) -> bytes:
    """(start offset, page) wherever the page changes along `doc.text`, as compressed int32 pairs."""
    return pack_page_map(*page_runs(doc))


def pack_page_map(starts: np.ndarray, pages: np.ndarray) -> bytes:
    """The stored form of a page map: (start offset, page) int32 pairs, compressed."""
    return zlib.compress(np.stack((np.asarray(starts), np.asarray(pages)), axis=1).astype("<i4").tobytes(), 9)


def unpack_page_map(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    arr = np.frombuffer(zlib.decompress(blob), dtype="<i4").reshape(-1, 2)
    return arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64)


def main_document(docs: list[Document]) -> Document:
    """A project's main document: its longest (the deck or 实施记录, not the 申报表), the first among
    equals — the one `CorpusStore.project_text` returns once the project is stored."""
    return max(docs, key=lambda d: len(d.text))


def new_project_id(meta: ProjectMeta, doc_ids: list[str]) -> str:
    """The id of a project added without one: its year and a digest of its documents' ids."""
    digest = hashlib.sha256("|".join(sorted(doc_ids)).encode()).hexdigest()[:8]
    return f"P{meta.year or 0}-{digest}"


@dataclass(frozen=True)
class DocumentRow:
    """A document as the store keeps it: plain text, page map, winnowing index keys (uint32)."""

    doc_id: str
    filename: str
    path: str | None
    format: str | None
    title: str | None
    pages: int
    text: str
    page_map: bytes  # `page_map(doc)`: compressed (start offset, page) pairs
    keys: np.ndarray  # `fingerprint_text(text, params).index_keys()`


def document_row(doc: Document, path: Path | str | None, params: FingerprintParams) -> DocumentRow:
    text = doc.text
    return DocumentRow(
        doc_id=doc.doc_id,
        filename=doc.filename,
        path=None if path is None else str(path),
        format=doc.format,
        title=doc.title,
        pages=doc.pages,
        text=text,
        page_map=page_map(doc),
        keys=fingerprint_text(text, params).index_keys(),
    )


def index_dir_for(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".index")


class CorpusStore:
    """SQLite corpus + fingerprint postings. Verbs: add_project / list_projects / get_project /
    remove_project / iter_documents."""

    def __init__(self, path: str | Path, *, params: FingerprintParams | None = None, readonly: bool = False) -> None:
        self.path = Path(path)
        self.index_dir = index_dir_for(self.path)
        self._hooks: list[StoreHook] = []
        self._bulk = 0
        self._bulk_commit_every = 500
        self._bulk_flush_every = 500
        self._bulk_pending = 0
        self._bulk_unflushed = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=LOCK_WAIT_S, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._init_schema(params, readonly)
        self.params = FingerprintParams.model_validate_json(self._meta("fingerprint_params") or "{}")
        self.postings = self._open_postings(readonly)

    # -- setup ----------------------------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _init_schema(self, params: FingerprintParams | None, readonly: bool = False) -> None:
        if readonly and self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            # A reader (a service, `similar`) must not take the write lock: a `corpus add` running in
            # bulk holds it between its commits. Check the version and parameters only.
            version = self._meta("schema_version")
            if version is not None and int(version) != SCHEMA_VERSION:
                raise StoreError(f"语料库版本为 {version}，本程序支持版本 {SCHEMA_VERSION}；请升级程序或重建语料库。")
            saved = self._meta("fingerprint_params")
            if version is not None and saved is not None:
                self._check_params(saved, params)
                return
        with self.transaction():
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    self._db.execute(stmt)
            version = self._meta("schema_version")
            if version is None:
                self._db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(version) != SCHEMA_VERSION:
                raise StoreError(f"语料库版本为 {version}，本程序支持版本 {SCHEMA_VERSION}；请升级程序或重建语料库。")
            saved = self._meta("fingerprint_params")
            if saved is None:
                p = params or FingerprintParams()
                self._db.execute("INSERT INTO meta VALUES ('fingerprint_params', ?)", (p.model_dump_json(),))
            else:
                self._check_params(saved, params)

    @staticmethod
    def _check_params(saved: str, params: FingerprintParams | None) -> None:
        if params is not None and FingerprintParams.model_validate_json(saved) != params:
            s = FingerprintParams.model_validate_json(saved)
            raise IndexParamsError(
                f"语料库的指纹索引是用其他参数建立的（已保存：k={s.k}, w={s.w}；请求：k={params.k}, w={params.w}），"
                "不能混用。请使用相同参数打开，或新建语料库。"
            )

    def _open_postings(self, readonly: bool) -> PostingsIndex:
        if PostingsIndex.exists(self.index_dir):
            idx = PostingsIndex.load(self.index_dir, self.params)
        else:
            idx = PostingsIndex(self.params)
        sql_nums = {int(r[0]) for r in self._db.execute("SELECT num FROM documents")}
        have = idx.doc_nums
        missing, extra = sql_nums - have, have - sql_nums
        if extra:
            idx.remove(extra)
        for num in sorted(missing):
            doc = self.get_document(num)
            idx.add(num, fingerprint_text(doc.text, self.params).index_keys())
        if (missing or extra or not PostingsIndex.exists(self.index_dir)) and not readonly:
            idx.save(self.index_dir)
        return idx

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit: a transaction, or a savepoint inside the open bulk transaction."""
        if self._db.in_transaction:
            self._db.execute("SAVEPOINT unit")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK TO unit")
                self._db.execute("RELEASE unit")
                raise
            self._db.execute("RELEASE unit")
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextlib.contextmanager
    def bulk(self, commit_every: int = 500, flush_every: int | None = None) -> Iterator[CorpusStore]:
        """Add many projects: each one stays atomic (a savepoint), commits are grouped by
        `commit_every`, and the postings and hooks are written every `flush_every` projects (default:
        only at the end) instead of after each one."""
        self._bulk += 1
        outer = self._bulk == 1
        if outer:
            self._bulk_commit_every = commit_every
            self._bulk_flush_every = flush_every or 0
            self._bulk_pending = self._bulk_unflushed = 0
            self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        finally:
            self._bulk -= 1
            if outer:
                if self._db.in_transaction:
                    self._db.execute("COMMIT")
                self.postings.save(self.index_dir)
                self._flush_hooks()

    def _bulk_tick(self) -> None:
        if not self._bulk:
            return
        self._bulk_pending += 1
        self._bulk_unflushed += 1
        if self._bulk_pending >= self._bulk_commit_every:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN IMMEDIATE")
            self._bulk_pending = 0
            if self._bulk_flush_every and self._bulk_unflushed >= self._bulk_flush_every:
                self.postings.save(self.index_dir)
                self._flush_hooks()
                self._bulk_unflushed = 0

    def add_hook(self, hook: StoreHook) -> None:
        self._hooks.append(hook)

    def _flush_hooks(self) -> None:
        for hook in self._hooks:
            hook.flush()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- projects -------------------------------------------------------------------------------

    def add_project(self, meta: ProjectMeta, docs: list[Document], files: list[Path] | None = None) -> str:
        """Add one project with its documents, atomically. Same file bytes again → the existing id."""
        if not docs:
            raise StoreError("项目没有可读取的文件，未加入语料库。")
        if len({d.doc_id for d in docs}) != len(docs):
            docs = list({d.doc_id: d for d in docs}.values())
        paths = list(files or [])
        rows = [document_row(doc, paths[i] if i < len(paths) else None, self.params) for i, doc in enumerate(docs)]

        def hooks(project_id: str) -> None:
            for hook in self._hooks:
                hook.on_add(project_id, meta.model_copy(update={"project_id": project_id}), docs)

        return self.add_rows(meta, rows, on_add=hooks)[0]

    def add_rows(
        self, meta: ProjectMeta, rows: list[DocumentRow], on_add: Callable[[str], None] | None = None
    ) -> tuple[str, bool]:
        """`add_project` for documents already reduced to what the store keeps (text, page map,
        fingerprint keys: `corpus import` of a Spark build): (project id, whether it was added now).
        `on_add(project_id)` runs inside the project's transaction (what it writes to the database
        commits with the project or not at all)."""
        if not rows:
            raise StoreError("项目没有可读取的文件，未加入语料库。")
        if len({r.doc_id for r in rows}) != len(rows):
            rows = list({r.doc_id: r for r in rows}.values())
        ids = [r.doc_id for r in rows]
        owner = self.project_with_documents(ids)
        if owner is not None:
            return owner, False
        project_id = meta.project_id or new_project_id(meta, ids)
        if self._db.execute("SELECT 1 FROM projects WHERE project_id = ?", (project_id,)).fetchone():
            raise StoreError(f"项目编号 {project_id} 已存在于语料库中，且文件不同。")
        nums: list[tuple[int, DocumentRow]] = []
        with self.transaction() as db:
            db.execute(
                "INSERT INTO projects VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    project_id,
                    meta.year,
                    meta.company,
                    meta.credit_code,
                    meta.title,
                    meta.type,
                    meta.target_kind,
                    meta.industry,
                    meta.award,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            for row in rows:
                cur = db.execute(
                    "INSERT INTO documents (doc_id, project_id, filename, path, format, title, chars, pages, text, page_map)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        row.doc_id,
                        project_id,
                        row.filename,
                        row.path,
                        row.format,
                        row.title,
                        len(row.text),
                        row.pages,
                        compress_text(row.text),
                        row.page_map,
                    ),
                )
                nums.append((int(cur.lastrowid or 0), row))
            if on_add is not None:
                on_add(project_id)
        for num, row in nums:
            self.postings.add(num, row.keys)
        self._bulk_tick()
        if not self._bulk:
            self.postings.save(self.index_dir)
            self._flush_hooks()
        return project_id, True

    def project_with_documents(self, doc_ids: list[str]) -> str | None:
        """The project made of exactly these documents (by id), None when none of them is stored;
        StoreError when some belong to a project with other documents, or to several projects."""
        ids = sorted(set(doc_ids))
        qmarks = ",".join("?" * len(ids))
        rows = self._db.execute(f"SELECT doc_id, project_id FROM documents WHERE doc_id IN ({qmarks})", ids).fetchall()
        if not rows:
            return None
        owners = {str(r[1]) for r in rows}
        if len(owners) > 1:
            raise StoreError("部分文件已属于语料库中的其他项目：" + "、".join(sorted(owners)))
        owner = owners.pop()
        owned = {str(r[0]) for r in self._db.execute("SELECT doc_id FROM documents WHERE project_id = ?", (owner,))}
        if owned != set(ids):
            raise StoreError(f"部分文件已属于语料库中的项目 {owner}（文件内容相同），请勿重复添加或先移除该项目。")
        return owner

    def put_essence(self, project_id: str, parts: dict[str, str]) -> None:
        """Keep a project's essence parts (called by a hook inside the project's transaction)."""
        self._db.execute(
            "INSERT OR REPLACE INTO essences VALUES (?, ?)", (project_id, json.dumps(parts, ensure_ascii=False))
        )

    def essences(self, project_ids: list[str]) -> dict[str, dict[str, str]]:
        """Stored essence parts by project id (projects added without the hook have none)."""
        out: dict[str, dict[str, str]] = {}
        for i in range(0, len(project_ids), 500):
            chunk = project_ids[i : i + 500]
            qmarks = ",".join("?" * len(chunk))
            for pid, parts in self._db.execute(
                f"SELECT project_id, parts FROM essences WHERE project_id IN ({qmarks})", chunk
            ):
                out[str(pid)] = json.loads(parts)
        return out

    def remove_project(self, project_id: str) -> bool:
        """Remove a project, its documents, their fingerprints and (via hooks) its dense vectors."""
        nums = [int(r[0]) for r in self._db.execute("SELECT num FROM documents WHERE project_id = ?", (project_id,))]
        with self.transaction() as db:
            cur = db.execute("DELETE FROM projects WHERE project_id = ?", (project_id,))
            found = cur.rowcount > 0
        if not found:
            return False
        self.postings.remove(nums)
        if not self._bulk:
            self.postings.save(self.index_dir)
        for hook in self._hooks:
            hook.on_remove(project_id)
        if not self._bulk:
            self._flush_hooks()
        return True

    def _record(self, row: tuple[Any, ...]) -> ProjectRecord:
        cols = (
            "project_id",
            "year",
            "company",
            "credit_code",
            "title",
            "type",
            "target_kind",
            "industry",
            "award",
            "added_at",
        )
        data = dict(zip(cols, row, strict=True))
        docs = [
            str(r[0])
            for r in self._db.execute(
                "SELECT doc_id FROM documents WHERE project_id = ? ORDER BY num", (data["project_id"],)
            )
        ]
        return ProjectRecord(**data, documents=docs)

    def get_project(self, project_id: str) -> ProjectRecord | None:
        row = self._db.execute("SELECT * FROM projects WHERE project_id = ?", (project_id,)).fetchone()
        return None if row is None else self._record(row)

    def list_projects(self, *, year: int | None = None) -> list[ProjectRecord]:
        if year is None:
            rows = self._db.execute("SELECT * FROM projects ORDER BY year, project_id").fetchall()
        else:
            rows = self._db.execute("SELECT * FROM projects WHERE year = ? ORDER BY project_id", (year,)).fetchall()
        return [self._record(r) for r in rows]

    def project_metas(self) -> dict[str, ProjectMeta]:
        """All projects' metadata in one query (for the Screener's per-source list)."""
        cols = ("project_id", "year", "company", "credit_code", "title", "type", "target_kind", "industry", "award")
        rows = self._db.execute(f"SELECT {', '.join(cols)} FROM projects").fetchall()
        return {str(r[0]): ProjectMeta(**dict(zip(cols, r, strict=True))) for r in rows}

    def count_projects(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM projects").fetchone()[0])

    def count_documents(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    # -- documents ------------------------------------------------------------------------------

    _DOC_COLS = "num, doc_id, project_id, filename, format, title, pages, text, page_map"

    @staticmethod
    def _doc(row: tuple[Any, ...]) -> StoredDocument:
        starts, pages = unpack_page_map(row[8])
        return StoredDocument(
            num=int(row[0]),
            doc_id=str(row[1]),
            project_id=str(row[2]),
            filename=str(row[3]),
            format=row[4],
            title=row[5],
            pages=int(row[6]),
            text=decompress_text(row[7]),
            page_starts=starts,
            page_numbers=pages,
        )

    def get_document(self, num: int) -> StoredDocument:
        row = self._db.execute(f"SELECT {self._DOC_COLS} FROM documents WHERE num = ?", (num,)).fetchone()
        if row is None:
            raise StoreError(f"语料库中没有编号为 {num} 的文档。")
        return self._doc(row)

    def get_documents(self, nums: list[int]) -> list[StoredDocument]:
        if not nums:
            return []
        qmarks = ",".join("?" * len(nums))
        rows = self._db.execute(f"SELECT {self._DOC_COLS} FROM documents WHERE num IN ({qmarks})", nums).fetchall()
        by_num = {int(r[0]): r for r in rows}
        return [self._doc(by_num[n]) for n in nums if n in by_num]

    def iter_documents(self, project_id: str | None = None) -> Iterator[StoredDocument]:
        if project_id is None:
            cur = self._db.execute(f"SELECT {self._DOC_COLS} FROM documents ORDER BY num")
        else:
            cur = self._db.execute(
                f"SELECT {self._DOC_COLS} FROM documents WHERE project_id = ? ORDER BY num", (project_id,)
            )
        for row in cur:
            yield self._doc(row)

    def project_text(self, project_id: str) -> str | None:
        """The text of the project's main document — its longest, the first added among equals: the
        document `index.similar.NearDupHook` indexes (the deck or 实施记录, not the 申报表) — or None
        when the project is not in the corpus. The near-duplicate index verifies its MinHash
        candidates on these texts instead of storing shingle sets."""
        row = self._db.execute(
            "SELECT text FROM documents WHERE project_id = ? ORDER BY chars DESC, num LIMIT 1", (project_id,)
        ).fetchone()
        return None if row is None else decompress_text(row[0])

    def sample_project_texts(self, n: int) -> list[list[str]]:
        """The document texts of up to `n` projects spread evenly over the corpus (all when fewer)."""
        pids = [str(r[0]) for r in self._db.execute("SELECT project_id FROM projects ORDER BY rowid")]
        if len(pids) > n:
            step = len(pids) / n
            pids = [pids[int(i * step)] for i in range(n)]
        groups: dict[str, list[str]] = {}
        for i in range(0, len(pids), 500):
            chunk = pids[i : i + 500]
            qmarks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT project_id, text FROM documents WHERE project_id IN ({qmarks}) ORDER BY num", chunk
            )
            for row in rows:
                groups.setdefault(str(row[0]), []).append(decompress_text(row[1]))
        return [groups[p] for p in pids if p in groups]

    def project_of(self, nums: list[int]) -> dict[int, str]:
        if not nums:
            return {}
        qmarks = ",".join("?" * len(nums))
        rows = self._db.execute(f"SELECT num, project_id FROM documents WHERE num IN ({qmarks})", nums)
        return {int(r[0]): str(r[1]) for r in rows}
