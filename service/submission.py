"""One submission: its files read (isolated), each document given its role — the main document (the
deck, else the report), the 申报表 (recognised by content) and the 实施记录 — and checked together.
The batch and the web upload both go through here, so a submission is judged the same way wherever
it comes from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from index.embed import Encoder
from ingest.errors import error_from_code
from ingest.model import Document
from ingest.options import ReadOptions
from nlp.form import is_form
from nlp.report import CheckReport

from . import stages
from .results import FileEntry, FileError, FileRole, StoredDocuments, SubmissionResult

# When a submission holds several documents besides the 申报表, the deck is the main one.
MAIN_PRIORITY = {"pptx": 0, "ppt": 1, "dps": 1, "pdf": 2, "docx": 3, "doc": 4, "wps": 4, "txt": 5}
DECK_FORMATS = {"pptx", "ppt", "dps"}
RECORD_HINTS = ("实施记录", "活动记录", "记录")


class Progress(Protocol):
    def start(self, stage: str, total: int) -> None: ...

    def advance(self, stage: str, label: str) -> None: ...

    def failed(self, error: FileError) -> None: ...


class Silent:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, label: str) -> None:
        pass

    def failed(self, error: FileError) -> None:
        pass


@dataclass(frozen=True)
class Part:
    path: Path
    doc: Document


@dataclass(frozen=True)
class Roles:
    main: Part | None = None
    form: Part | None = None
    record: Part | None = None

    def role_of(self, name: str) -> FileRole:
        for role, part in (("main", self.main), ("form", self.form), ("record", self.record)):
            if part is not None and part.path.name == name:
                return role  # type: ignore[return-value]
        return "extra"


def _record_like(part: Part) -> bool:
    where = f"{part.path.name} {part.doc.title or ''}"
    return any(h in where for h in RECORD_HINTS)


def assign_roles(parts: Sequence[Part]) -> Roles:
    """The 申报表 by content; the main document is the deck (else the longest report); the 实施记录 is
    the next document that is not a deck (one named or titled 记录 first)."""
    form = None
    rest: list[Part] = []
    for part in parts:
        if form is None and len(parts) > 1 and is_form(part.doc):
            form = part
        else:
            rest.append(part)
    if not rest:  # only a form was submitted: check it as the main document
        return Roles(main=form)
    rest.sort(key=lambda p: (MAIN_PRIORITY.get(p.doc.format, 9), -len(p.doc.text)))
    main, others = rest[0], [p for p in rest[1:] if p.doc.format not in DECK_FORMATS]
    others.sort(key=lambda p: not _record_like(p))
    return Roles(main=main, form=form, record=others[0] if others else None)


def read_parts(
    sid: str, files: Sequence[Path], hashes: dict[str, str], options: ReadOptions, progress: Progress
) -> tuple[list[Part], list[FileEntry], list[FileError]]:
    """Read every file of a submission; a file that fails is an entry with its error, never an exception."""
    parts: list[Part] = []
    entries: list[FileEntry] = []
    errors: list[FileError] = []
    for res in stages.read_files(list(files), options):
        entry = FileEntry(name=res.path.name, sha256=hashes.get(str(res.path), ""))
        if res.document is not None:
            parts.append(Part(res.path, res.document))
            entry = entry.model_copy(update={"format": res.document.format, "chars": len(res.document.text)})
        elif res.error is not None:
            err = res.error.model_copy(update={"submission": sid})
            entry = entry.model_copy(update={"error": err})
            errors.append(err)
            progress.failed(err)
        entries.append(entry)
        progress.advance("read", res.path.name)
    return parts, entries, errors


def check_roles(
    sid: str,
    roles: Roles,
    entries: list[FileEntry],
    errors: list[FileError],
    rubric: str | None,
    progress: Progress,
    encoder: Encoder | None = None,
) -> SubmissionResult:
    """The check of the main document with the 申报表 and 实施记录; a bug in it is a failed file."""
    result = SubmissionResult(
        id=sid,
        files=[e.model_copy(update={"role": roles.role_of(e.name)}) if e.error is None else e for e in entries],
        errors=list(errors),
    )
    main = roles.main
    if main is None:
        return result
    update: dict[str, object] = {
        "main_file": main.path.name,
        "title": main.doc.title,
        "chars": len(main.doc.text),
        "form_file": roles.form.path.name if roles.form else None,
        "record_file": roles.record.path.name if roles.record else None,
    }
    try:
        update["check"] = stages.check(
            main.doc,
            rubric=rubric,
            form=roles.form.doc if roles.form else None,
            record=roles.record.doc if roles.record else None,
            encoder=encoder,
        )
    except Exception as e:  # noqa: BLE001 - outcome as data; strict mode re-raises
        err = stages.internal_error("检查", main.path.name, e, sid)
        update["errors"] = [*result.errors, err]
        progress.failed(err)
    return result.model_copy(update=update)


@dataclass(frozen=True)
class Upload:
    """One uploaded file: where it is stored and the name the client gave it (display only)."""

    path: Path
    name: str


def read_upload(upload: Upload, options: ReadOptions) -> Part:
    """Read one uploaded file; raises the IngestError (named after the client's file name) when it cannot."""
    res = stages.read_one(upload.path, options)
    if res.document is None:
        err = res.error or FileError(code="ingest.corrupt", file=upload.name, reason="无法读取")
        raise error_from_code(err.code, upload.name, err.reason)
    return Part(upload.path.with_name(upload.name), res.document)


@dataclass(frozen=True)
class CheckedUpload:
    """A draft as uploaded, read and checked: the roles are the fields the client put each file in."""

    main: Document
    form: Document | None
    record: Document | None
    check: CheckReport

    def stored(self) -> StoredDocuments:
        return StoredDocuments(main=self.main, form=self.form, record=self.record)


def check_upload(main: Upload, *, form: Upload | None, record: Upload | None, options: ReadOptions) -> CheckedUpload:
    main_doc = read_upload(main, options).doc
    form_doc = read_upload(form, options).doc if form else None
    record_doc = read_upload(record, options).doc if record else None
    check = stages.check(main_doc, form=form_doc, record=record_doc)
    return CheckedUpload(main_doc, form_doc, record_doc, check.model_copy(update={"file": main.name}))
