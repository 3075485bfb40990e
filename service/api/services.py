"""What the routes share: settings, key store, drafts, the corpus screener, the encoder, batch jobs."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from ingest.model import Document
from ingest.options import ReadOptions

from .. import stages
from ..access_log import AccessLog
from ..auth import KeyStore
from ..pipeline import BatchConfig, BatchResult, screen_batch
from ..settings import Settings
from ..storage import DraftStore
from ..submission import Progress
from .jobs import JobManager

log = logging.getLogger(__name__)


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.keys = KeyStore(settings.keys_path)
        self.drafts = DraftStore(settings.drafts_dir, settings.draft_retention_hours)
        self.jobs = JobManager(settings.jobs_dir, self.run_batch)
        self.access_log = AccessLog(settings.access_log_dir, settings.access_log_retention_days)
        self._lock = threading.Lock()  # the screener is shared by request threads
        self._similarity: stages.Similarity | None = None
        self._corpus_sig: str | None = None
        self._encoder: stages.EncoderState | None = None

    def read_options(self) -> ReadOptions:
        s = self.settings
        return ReadOptions(
            timeout_s=s.read_timeout_s,
            max_bytes=s.max_upload_bytes,
            ocr_cache_dir=s.ocr_cache_dir,
            ocr_model_dir=s.ocr_model_dir,
        )

    def encoder(self) -> stages.EncoderState:
        with self._lock:
            if self._encoder is None:
                self._encoder = stages.load_semantic_encoder(self.settings)
            return self._encoder

    def _signature(self) -> str:
        db = self.settings.db
        parts = []
        for p in (db, Path(str(db) + "-wal")):
            if p.exists():
                st = p.stat()
                parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        return "|".join(parts)

    def similarity(self) -> stages.Similarity:
        enc = self.encoder()
        with self._lock:
            sig = self._signature()
            if self._similarity is None or sig != self._corpus_sig:
                self._similarity = stages.Similarity(
                    self.settings.db, encoder=enc.encoder, template_file=self.settings.template_file
                )
                self._corpus_sig = sig
            return self._similarity

    def similar(self, doc: Document) -> stages.SimilarityOutcome:
        """One draft against the corpus, with the source side kept (the role decides what is shown)."""
        sim = self.similarity()
        with self._lock:
            return sim.similar(doc, include_source_text=True)

    def run_batch(self, input_dir: Path, year: int, out_dir: Path, progress: Progress) -> BatchResult:
        """What a batch job runs: the same `screen_batch` as `qcscreen screen`."""
        enc = self.encoder()
        config = BatchConfig(
            year=year,
            db=self.settings.db,
            encoder=enc.encoder,
            semantic_message=enc.message,
            template_file=self.settings.template_file,
            read_options=self.read_options(),
            workers=self.settings.batch_workers,
        )
        return screen_batch(input_dir, config, out_dir, progress=progress)

    def warm_up(self) -> None:
        """Load the encoder and the corpus screener ahead of the first request."""
        try:
            if self.settings.db.exists():
                self.similarity().screener()
            else:
                self.encoder()
        except Exception:
            log.warning("warm-up failed", exc_info=True)

    def corpus_changed(self) -> None:
        with self._lock:
            self._similarity = None
