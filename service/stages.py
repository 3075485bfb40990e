"""The stages every face calls: read, check, compare, similar. Thin adapters over ingest / nlp / index,
so the CLI, the batch pipeline and the API produce identical, typed results."""

from __future__ import annotations

import traceback
from pathlib import Path

from index.copy.compare import compare as compare_documents
from index.embed import Encoder
from index.report import CompareReport
from ingest.errors import IngestError
from ingest.isolation import strict
from ingest.model import Document
from ingest.paths import sha256_regular
from nlp.check import check as check_document
from nlp.form import is_form
from nlp.report import CheckReport

from .reading import ReadResult, file_error, read_files, read_one
from .results import FileError
from .semantic import SEMANTIC_HINT, EncoderState, load_semantic_encoder
from .similarity import Similarity, SimilarityOutcome

__all__ = [
    "SEMANTIC_HINT",
    "EncoderState",
    "ReadResult",
    "Similarity",
    "SimilarityOutcome",
    "file_error",
    "is_form",
    "load_semantic_encoder",
    "read_files",
    "read_one",
    "strict",
]


def file_sha256(path: Path) -> str:
    """The file's sha256; for a link or special file (never opened), its error code instead — the read
    stage refuses it by name."""
    try:
        return sha256_regular(path)
    except IngestError as e:
        return e.code


def internal_error(stage: str, file: str, exc: BaseException, submission: str | None = None) -> FileError:
    """A bug in a stage as data (production), naming the file; strict mode (tests) re-raises it."""
    if strict():
        raise exc
    reason = f"{stage}阶段内部错误（{type(exc).__name__}: {exc}）"
    return FileError(
        code="service.internal",
        file=file,
        reason=reason,
        message=f"文件《{file}》{reason}。请将该文件提交给维护人员排查，其余项目不受影响。",
        submission=submission,
        trace="".join(traceback.format_exception_only(type(exc), exc)).strip(),
    )


# ---------------------------------------------------------------- reading


# ---------------------------------------------------------------- checking


def check(
    doc: Document,
    *,
    rubric: str | None = None,
    form: Document | None = None,
    record: Document | None = None,
    encoder: Encoder | None = None,
) -> CheckReport:
    """The check of one submission: its main document, with the 申报表 and the 实施记录 when submitted.

    `record` is judged together with the deck (nlp.check, contract 2). `encoder` (optional) gives the
    step classifier its second signal (e5 similarity of each section to the step descriptions)."""
    encode = encoder.encode if encoder is not None else None
    return check_document(doc, rubric=rubric, form=form, record=record, encode=encode)


# ---------------------------------------------------------------- similarity


def compare(a: Document, b: Document, encoder: Encoder | None = None) -> CompareReport:
    return compare_documents(a, b, encoder=encoder)
