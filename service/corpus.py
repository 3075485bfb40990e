"""Adding past projects to the corpus: from paths (a folder of sub-folders = one project per leaf
folder) or from a CSV/Excel manifest. Shared by `qcscreen corpus add` and the admin API."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.options import ReadOptions

from . import stages

MANIFEST_COLUMNS = ("path", "year", "company", "credit_code", "title", "type", "target_kind", "industry", "award")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message is Chinese."""


@dataclass
class ProjectInput:
    files: list[Path]
    meta: dict[str, Any]
    label: str  # for messages: the folder or file name


@dataclass
class AddOutcome:
    added: list[tuple[str, ProjectInput]] = field(default_factory=list)  # (project id, input)
    errors: list[dict[str, str]] = field(default_factory=list)


def _visible(p: Path) -> bool:
    return not p.name.startswith((".", "~$"))


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and _visible(p))


def projects_from_paths(paths: Iterable[Path], meta: dict[str, Any]) -> list[ProjectInput]:
    """A file = one project; a folder holding only files = one project; a folder with sub-folders =
    one project per leaf folder (its loose files are projects of their own)."""
    out: list[ProjectInput] = []

    def walk(folder: Path) -> None:
        subdirs = sorted(p for p in folder.iterdir() if p.is_dir() and _visible(p))
        files = _files_under(folder)
        if not subdirs:
            if files:
                out.append(ProjectInput(files, dict(meta), folder.name))
            return
        for f in files:
            out.append(ProjectInput([f], dict(meta), f.name))
        for d in subdirs:
            walk(d)

    for p in paths:
        if p.is_dir():
            walk(p)
        elif p.is_file():
            out.append(ProjectInput([p], dict(meta), p.name))
        else:
            raise ManifestError(f"路径不存在：{p}")
    return out


def _manifest_rows(manifest: Path) -> list[dict[str, Any]]:
    if manifest.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(manifest, read_only=True, data_only=True)
        rows = list(wb.active.iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h or "").strip() for h in rows[0]]
        return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(v not in (None, "") for v in r)]
    with manifest.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def projects_from_manifest(
    manifest: Path, within: list[Path] | None = None, defaults: dict[str, Any] | None = None
) -> list[ProjectInput]:
    """Rows of path,year,company,credit_code,title,type,target_kind,industry,award (paths relative to
    the manifest). With `within`, only rows whose path lies under one of those paths."""
    rows = _manifest_rows(manifest)
    if rows and "path" not in rows[0]:
        raise ManifestError(f"清单《{manifest.name}》缺少 path 列（需要的列：{','.join(MANIFEST_COLUMNS)}）")
    roots = [p.resolve() for p in within or []]
    out = []
    for i, row in enumerate(rows, start=2):
        rel = str(row.get("path") or "").strip()
        if not rel:
            raise ManifestError(f"清单《{manifest.name}》第 {i} 行没有填写 path")
        target = (manifest.parent / rel).resolve()
        if roots and not any(target == r or r in target.parents for r in roots):
            continue
        meta: dict[str, Any] = dict(defaults or {})
        for col in MANIFEST_COLUMNS[1:]:
            v = row.get(col)
            if v not in (None, ""):
                meta[col] = str(v).strip()
        if "year" in meta:
            try:
                meta["year"] = int(float(meta["year"]))
            except ValueError as e:
                raise ManifestError(f"清单《{manifest.name}》第 {i} 行的 year 不是年份：{meta['year']}") from e
        if row.get("project_id"):
            meta["project_id"] = str(row["project_id"]).strip()
        if target.is_dir():
            # The folder name is the project's id in the organiser's archive (e.g. P2021-03).
            meta.setdefault("project_id", target.name)
            files = [p for p in sorted(target.rglob("*")) if p.is_file() and _visible(p)]
        elif target.is_file():
            files = [target]
        else:
            raise ManifestError(f"清单《{manifest.name}》第 {i} 行的路径不存在：{rel}")
        out.append(ProjectInput(files, meta, rel))
    return out


def add_projects(
    db: Path,
    projects: list[ProjectInput],
    *,
    options: ReadOptions | None = None,
    on_file: Callable[[str], None] | None = None,
    on_error: Callable[[dict[str, str]], None] | None = None,
    encoder: Any = None,
) -> AddOutcome:
    """Read each project's files (isolated) and add the project atomically; failures are data."""
    from index.store import CorpusStore, ProjectMeta, StoreError

    outcome = AddOutcome()
    with CorpusStore(db) as store, store.bulk():
        if encoder is not None:
            # Keep the near-duplicate (雷同) index next to the corpus in step with what is added.
            from index.similar import attach_neardup

            attach_neardup(store, encoder)
        for proj in projects:
            docs, paths = [], []
            for res in stages.read_files(proj.files, options):
                if on_file:
                    on_file(res.path.name)
                if res.document is not None:
                    docs.append(res.document)
                    paths.append(res.path)
                else:
                    err = dict(res.error or {}) | {"project": proj.label}
                    outcome.errors.append(err)
                    if on_error:
                        on_error(err)
            if not docs:
                continue
            meta = dict(proj.meta)
            meta.setdefault("title", docs[0].title or proj.label)
            try:
                pid = store.add_project(ProjectMeta(**meta), docs, paths)
            except StoreError as e:
                err = {
                    "code": "corpus.rejected",
                    "file": proj.label,
                    "reason": e.message,
                    "message": f"项目《{proj.label}》未加入语料库：{e.message}",
                }
                outcome.errors.append(err)
                if on_error:
                    on_error(err)
                continue
            outcome.added.append((pid, proj))
    return outcome
