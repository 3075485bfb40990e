"""The stages every face calls: read, check, compare, similar. Thin adapters over ingest / nlp / index,
so the CLI, the batch pipeline and the API produce identical results."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ingest
from ingest.errors import IngestError
from ingest.model import Document
from ingest.options import ReadOptions

SEMANTIC_HINT = "启用方法：运行 `python -m index.models build`（或 `make model`）构建语义模型后重试。"


def strict() -> bool:
    """Tests set QCSCREEN_STRICT=1 so that bugs propagate instead of becoming per-file failures."""
    return os.environ.get("QCSCREEN_STRICT") == "1"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class ReadResult:
    path: Path
    document: Document | None = None
    error: dict[str, str] | None = None  # {"code", "file", "reason", "message"}

    @property
    def ok(self) -> bool:
        return self.document is not None


def _error_dict(e: IngestError) -> dict[str, str]:
    return e.to_dict()


def read_one(path: Path, options: ReadOptions | None = None) -> ReadResult:
    """Read one file with the per-file time limit when the isolation worker is available."""
    try:
        return ReadResult(path, document=ingest.read_isolated(path, options))
    except IngestError as e:
        return ReadResult(path, error=_error_dict(e))


def read_files(paths: Sequence[Path], options: ReadOptions | None = None) -> Iterator[ReadResult]:
    """Read many files, isolating each one; never raises for one bad file."""
    for outcome in ingest.read_many(list(paths), options):
        if outcome.document is not None:
            yield ReadResult(Path(outcome.path), document=outcome.document)
        else:
            err = outcome.error
            yield ReadResult(
                Path(outcome.path),
                error=_error_dict(err)
                if err is not None
                else {"code": "ingest.corrupt", "file": Path(outcome.path).name, "reason": "未知错误", "message": ""},
            )


def document_to_json(doc: Document) -> str:
    return doc.model_dump_json(exclude={"text"})


def document_from_json(data: str) -> Document:
    return Document.model_validate_json(data)


# ---------------------------------------------------------------- checking


def is_form(doc: Document) -> bool:
    """Whether a document of a submission folder is its 申报表 (detected by content)."""
    try:
        from nlp.form import is_form as _is_form
    except ImportError:  # form analysis not installed: fall back to the conventional file name
        return "申报表" in doc.filename
    return bool(_is_form(doc))


def check(doc: Document, *, rubric: str | None = None, form: Document | None = None) -> dict[str, Any]:
    """check --json schema 1 dict for one submission."""
    from nlp.check import check as _check

    report = _check(doc, rubric=rubric, form=form)
    return dict(report.to_json())


# ---------------------------------------------------------------- similarity


@dataclass
class EncoderState:
    encoder: Any = None
    message: str | None = None  # Chinese: why the semantic stage is skipped


def load_encoder(enabled: bool = True, cache_dir: Path | None = None) -> EncoderState:
    """The embedding encoder is optional: without it the copy stage still runs."""
    if not enabled:
        return EncoderState(None, "已按设置（QCSCREEN_SEMANTIC=0）跳过语义比对阶段（仅做文字复制检测）。")
    try:
        from index.embed import load_default_encoder, model_available
    except ImportError as e:
        return EncoderState(
            None, f"缺少语义比对组件（{e.name or e}），已跳过语义比对阶段（仅做文字复制检测）。{SEMANTIC_HINT}"
        )
    if os.environ.get("QCSCREEN_ENCODER", "e5-small") == "e5-small" and not model_available(cache_dir):
        return EncoderState(None, f"语义模型尚未构建，已跳过语义比对阶段（仅做文字复制检测）。{SEMANTIC_HINT}")
    try:
        return EncoderState(load_default_encoder(cache_dir))
    except Exception as e:
        if strict():
            raise
        return EncoderState(
            None,
            f"语义模型加载失败（{type(e).__name__}: {e}），已跳过语义比对阶段（仅做文字复制检测）。{SEMANTIC_HINT}",
        )


def compare(a: Document, b: Document, encoder: Any = None) -> dict[str, Any]:
    from index.compare import compare as _compare

    return _dump(_compare(a, b, encoder=encoder))


def _dump(model: Any) -> dict[str, Any]:
    if hasattr(model, "model_dump"):
        return dict(model.model_dump(mode="json", by_alias=True))
    return dict(model)


@dataclass
class Similarity:
    """One Screener for a batch or a service process (loading the corpus is the expensive part)."""

    db: Path
    encoder: Any = None
    template_file: Path | None = None
    _screener: Any = field(default=None, repr=False)
    _plain: Any = field(default=None, repr=False)  # copy-only screener, used when the semantic stage fails

    def _make(self, encoder: Any) -> Any:
        from index.similar import Screener

        kwargs: dict[str, Any] = {"encoder": encoder}
        if self.template_file is not None:
            kwargs["template_file"] = self.template_file
        return Screener(self.db, **kwargs)

    def screener(self) -> Any:
        if self._screener is None:
            self._screener = self._make(self.encoder)
        return self._screener

    def similar(
        self,
        doc: Document,
        *,
        include_source_text: bool = True,
        batch_docs: dict[str, Document] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """SimilarityReport as a dict. batch_docs: the other submissions by id (横向); meta: what the
        submission says about itself (company, credit_code, title, year) for the eligibility rules."""
        kwargs: dict[str, Any] = {"include_source_text": include_source_text, "batch_docs": batch_docs}
        if meta:
            from index.store import ProjectMeta

            kwargs["meta"] = ProjectMeta(**meta)
        try:
            return _dump(self.screener().similar(doc, **kwargs))
        except Exception as e:
            # The semantic stage failing must not lose the copy stage (strict mode: a bug is a bug).
            if self.encoder is None or strict():
                raise
            if self._plain is None:
                self._plain = self._make(None)
            report = _dump(self._plain.similar(doc, **kwargs))
            report["semantic_error"] = f"语义比对阶段出错（{type(e).__name__}: {e}），本项目只做了文字复制检测。"
            return report
