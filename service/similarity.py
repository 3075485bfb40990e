"""The similarity stage of every face (`Similarity`: one Screener per batch or service process, the copy
stage kept when the semantic stage fails), apart from `service.stages` so that `qcscreen similar` imports
it without the checker and the batch's result models (start-up, issue 16); `service.stages` re-exports
it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.copy.templates import BatchCounts
from index.embed import Encoder
from index.report import SimilarityReport
from index.similar import Screener
from index.store import ProjectMeta
from ingest.isolation import strict
from ingest.model import Document


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
    # The near-duplicate stage beside the paraphrase stage, in a thread (`Screener` overlap): for a
    # one-shot `qcscreen similar`, whose answer waits for both.
    overlap: bool = False
    _screener: Screener | None = field(default=None, repr=False)
    _plain: Screener | None = field(default=None, repr=False)  # copy only, when the semantic stage fails

    def _make(self, encoder: Encoder | None) -> Screener:
        if self.make is not None:
            return self.make(encoder)
        return Screener(self.db, encoder=encoder, template_file=self.template_file, overlap=self.overlap)

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
