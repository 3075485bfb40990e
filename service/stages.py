"""The stages every face calls: read, check, compare, similar. Thin adapters over ingest / nlp / index,
so the CLI, the batch pipeline and the API produce identical, typed results."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.copy.compare import compare as compare_documents
from index.copy.templates import BatchCounts
from index.embed import Encoder
from index.report import CompareReport, SimilarityReport
from index.similar import Screener
from index.store import ProjectMeta
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

__all__ = [
    "SEMANTIC_HINT",
    "EncoderState",
    "ReadResult",
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


@dataclass(frozen=True)
class SimilarityOutcome:
    report: SimilarityReport
    semantic_error: str | None = None  # the semantic stage failed; the report is the copy stage's


@dataclass
class Similarity:
    """One Screener for a batch or a service process (loading the corpus is the expensive part)."""

    db: Path
    encoder: Encoder | None = None
    template_file: Path | None = None
    # How the Screener is made (given the encoder or None): over a corpus view instead of `db` (a Spark
    # executor's slice of the corpus, service.spark.screen_rows).
    make: Callable[[Encoder | None], Screener] | None = field(default=None, repr=False)
    _screener: Screener | None = field(default=None, repr=False)
    _plain: Screener | None = field(default=None, repr=False)  # copy only, when the semantic stage fails

    def _make(self, encoder: Encoder | None) -> Screener:
        if self.make is not None:
            return self.make(encoder)
        return Screener(self.db, encoder=encoder, template_file=self.template_file)

    def screener(self) -> Screener:
        if self._screener is None:
            self._screener = self._make(self.encoder)
        return self._screener

    def similar(
        self,
        doc: Document,
        *,
        include_source_text: bool = True,
        batch_docs: dict[str, Document] | None = None,
        meta: ProjectMeta | None = None,
        batch_metas: dict[str, ProjectMeta] | None = None,
        batch_counts: BatchCounts | None = None,
    ) -> SimilarityOutcome:
        """batch_docs: the other submissions by id (横向); meta: what the submission says about itself
        (company, credit_code, title, year) for the eligibility rules; batch_metas: the same of the other
        submissions (another applicant's name in this one is a finding)."""

        def run(screener: Screener) -> SimilarityReport:
            return screener.similar(
                doc,
                include_source_text=include_source_text,
                batch_docs=batch_docs,
                meta=meta,
                batch_metas=batch_metas,
                batch_counts=batch_counts,
            )

        try:
            return SimilarityOutcome(run(self.screener()))
        except Exception as e:
            # The semantic stage failing must not lose the copy stage (strict mode: a bug is a bug).
            if self.encoder is None or strict():
                raise
            if self._plain is None:
                self._plain = self._make(None)
            note = f"语义比对阶段出错（{type(e).__name__}: {e}），本项目只做了文字复制检测。"
            return SimilarityOutcome(run(self._plain), note)
