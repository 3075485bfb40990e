"""Reading files for every face: one file or many, each in an isolated worker with the per-file time
limit, as typed `ReadResult`s (the document, or the error as data).

Apart from `service.stages` (which re-exports these) so that `qcscreen extract` reads a file without
importing the checker, the corpus or the report models (start-up, issue 16): `FileError` is imported
only when a file fails."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import ingest
from ingest.errors import IngestError

if TYPE_CHECKING:
    from ingest.model import Document
    from ingest.options import ReadOptions

    from .results import FileError


@dataclass(frozen=True)
class ReadResult:
    path: Path
    document: Document | None = None
    error: FileError | None = None


def file_error(e: IngestError) -> FileError:
    from .results import FileError

    return FileError(code=e.code, file=e.filename, reason=e.reason, message=e.message)


def read_one(path: Path, options: ReadOptions | None = None) -> ReadResult:
    """Read one file in a worker process with the per-file time limit."""
    try:
        return ReadResult(path, document=ingest.read_isolated(path, options))
    except IngestError as e:
        return ReadResult(path, error=file_error(e))


def read_files(paths: Sequence[Path], options: ReadOptions | None = None) -> Iterator[ReadResult]:
    """Read many files, isolating each one; never raises for one bad file."""
    from .results import FileError

    for outcome in ingest.read_many(list(paths), options):
        path = Path(outcome.path)
        if outcome.document is not None:
            yield ReadResult(path, document=outcome.document)
        elif outcome.error is not None:
            yield ReadResult(path, error=file_error(outcome.error))
        else:
            yield ReadResult(path, error=FileError(code="ingest.corrupt", file=path.name, reason="未知错误"))
