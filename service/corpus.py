"""Adding past projects to the corpus: from paths (a folder of sub-folders = one project per leaf
folder) or from a CSV/Excel manifest. Shared by `qcscreen corpus add` and the admin API."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from index.embed import Encoder
from index.similar import attach_neardup
from index.store import CorpusStore, ProjectMeta, StoreError
from ingest.errors import IngestError
from ingest.model import Document
from ingest.options import ReadOptions
from ingest.paths import doc_id_of, entry_kind, list_folder, walk_files

from . import stages
from .discover import visible
from .results import FileError

Meta = dict[str, str | int]

MANIFEST_COLUMNS = ("path", "year", "company", "credit_code", "title", "type", "target_kind", "industry", "award")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message is Chinese."""


@dataclass
class ProjectInput:
    files: list[Path]
    meta: Meta
    label: str  # for messages: the folder or file name


# `corpus add` commits every COMMIT_EVERY projects (a kill loses at most those in flight) and saves the
# postings and the near-duplicate index every FLUSH_EVERY (what lags is completed from the database on
# the next open, without reading any file again).
COMMIT_EVERY = 10
FLUSH_EVERY = 200


@dataclass
class AddOutcome:
    added: list[tuple[str, ProjectInput]] = field(default_factory=list)  # (project id, input)
    errors: list[FileError] = field(default_factory=list)
    kept: list[tuple[str, ProjectInput]] = field(default_factory=list)  # already in the corpus: not read again


def projects_from_paths(paths: Iterable[Path], meta: Meta) -> list[ProjectInput]:
    """A file = one project; a folder holding only files = one project; a folder with sub-folders =
    one project per leaf folder (its loose files are projects of their own). Linked folders are never
    entered; links and special files are listed as files and refused by name when read (ingest.paths)."""
    out: list[ProjectInput] = []

    def walk(folder: Path) -> None:
        dirs, others = list_folder(folder)
        subdirs = [p for p in dirs if visible(p)]
        files = [p for p in others if visible(p)]
        if not subdirs:
            if files:
                out.append(ProjectInput(files, dict(meta), folder.name))
            return
        for f in files:
            out.append(ProjectInput([f], dict(meta), f.name))
        for d in subdirs:
            walk(d)

    for p in paths:
        kind = entry_kind(p)
        if kind == "dir":
            walk(p)
        elif kind == "missing":
            raise ManifestError(f"路径不存在：{p}")
        else:
            out.append(ProjectInput([p], dict(meta), p.name))
    return out


def _manifest_rows(manifest: Path) -> list[dict[str, str]]:
    """The manifest's rows as text cells by column name (CSV or the first sheet of an Excel file)."""
    if manifest.suffix.lower() in (".xlsx", ".xlsm"):
        wb = load_workbook(manifest, read_only=True, data_only=True)
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h or "").strip() for h in rows[0]]
        return [
            {h: "" if v is None else str(v) for h, v in zip(header, r, strict=False)}
            for r in rows[1:]
            if any(v not in (None, "") for v in r)
        ]
    with manifest.open(encoding="utf-8-sig", newline="") as f:
        return [{k: v or "" for k, v in row.items()} for row in csv.DictReader(f)]


def projects_from_manifest(
    manifest: Path, within: list[Path] | None = None, defaults: Meta | None = None
) -> list[ProjectInput]:
    """Rows of path,year,company,credit_code,title,type,target_kind,industry,award (paths relative to
    the manifest). With `within`, only rows whose path lies under one of those paths."""
    rows = _manifest_rows(manifest)
    if rows and "path" not in rows[0]:
        raise ManifestError(f"清单《{manifest.name}》缺少 path 列（需要的列：{','.join(MANIFEST_COLUMNS)}）")
    roots = [p.resolve() for p in within or []]
    out = []
    for i, row in enumerate(rows, start=2):
        rel = row.get("path", "").strip()
        if not rel:
            raise ManifestError(f"清单《{manifest.name}》第 {i} 行没有填写 path")
        named = manifest.parent / rel
        target = named.resolve()
        if roots and not any(target == r or r in target.parents for r in roots):
            continue
        meta = _row_meta(row, dict(defaults or {}), f"清单《{manifest.name}》第 {i} 行")
        kind = entry_kind(named)
        if kind == "dir":
            # The folder name is the project's id in the organiser's archive (e.g. P2021-03).
            meta.setdefault("project_id", named.name)
            files = [p for p in walk_files(named) if visible(p)]
        elif kind == "missing":
            raise ManifestError(f"清单《{manifest.name}》第 {i} 行的路径不存在：{rel}")
        else:  # a file; a link or special file is refused by name when read
            files = [named]
        out.append(ProjectInput(files, meta, rel))
    return out


def _row_meta(row: dict[str, str], meta: Meta, where: str) -> Meta:
    for col in (*MANIFEST_COLUMNS[1:], "project_id"):
        v = row.get(col, "").strip()
        if v:
            meta[col] = v
    if "year" in meta:
        try:
            meta["year"] = int(float(meta["year"]))
        except ValueError as e:
            raise ManifestError(f"{where}的 year 不是年份：{meta['year']}") from e
    return meta


def _read_project(
    proj: ProjectInput, options: ReadOptions | None, outcome: AddOutcome, report: Reporter
) -> list[stages.ReadResult]:
    ok = []
    for res in stages.read_files(proj.files, options):
        report.file(res.path.name)
        if res.document is not None:
            ok.append(res)
        elif res.error is not None:
            report.error(outcome, res.error.model_copy(update={"project": proj.label}))
    return ok


def project_meta(proj: ProjectInput, docs: list[Document]) -> ProjectMeta:
    """The metadata a project is stored with: the manifest's, the first readable file's title when none."""
    return ProjectMeta.model_validate({"title": docs[0].title or proj.label, **proj.meta})


@dataclass(frozen=True)
class Reporter:
    on_file: Callable[[str], None] | None = None
    on_error: Callable[[FileError], None] | None = None

    def file(self, name: str) -> None:
        if self.on_file:
            self.on_file(name)

    def error(self, outcome: AddOutcome, err: FileError) -> None:
        outcome.errors.append(err)
        if self.on_error:
            self.on_error(err)


def _stored_as(store: CorpusStore, proj: ProjectInput) -> str | None:
    """The corpus project made of exactly these files (by content), found without reading them as
    documents; None when they are not all stored (or one cannot be hashed: reading will say why)."""
    try:
        ids = [doc_id_of(p) for p in proj.files]
        return store.project_with_documents(ids) if ids else None
    except (IngestError, StoreError):
        return None


def add_projects(
    db: Path,
    projects: list[ProjectInput],
    *,
    options: ReadOptions | None = None,
    on_file: Callable[[str], None] | None = None,
    on_error: Callable[[FileError], None] | None = None,
    encoder: Encoder | None = None,
    commit_every: int = COMMIT_EVERY,
) -> AddOutcome:
    """Read each project's files (isolated) and add the project atomically; failures are data.
    Resumable: projects already stored (same file bytes) are not read again, commits are grouped
    by `commit_every` projects."""
    outcome = AddOutcome()
    report = Reporter(on_file, on_error)
    with CorpusStore(db) as store, store.bulk(commit_every=commit_every, flush_every=FLUSH_EVERY):
        if encoder is not None:
            # Keep the near-duplicate (雷同) index next to the corpus in step with what is added.
            attach_neardup(store, encoder)
        for proj in projects:
            stored = _stored_as(store, proj)
            if stored is not None:
                for p in proj.files:
                    report.file(p.name)
                outcome.kept.append((stored, proj))
                continue
            read = _read_project(proj, options, outcome, report)
            if not read:
                continue
            docs = [r.document for r in read if r.document is not None]
            meta = project_meta(proj, docs)
            try:
                pid = store.add_project(meta, docs, [r.path for r in read])
            except StoreError as e:
                reason = e.message
                message = f"项目《{proj.label}》未加入语料库：{reason}"
                report.error(
                    outcome, FileError(code="corpus.rejected", file=proj.label, reason=reason, message=message)
                )
                continue
            outcome.added.append((pid, proj))
    return outcome
