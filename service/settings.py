"""Service settings from the environment (prefix QCSCREEN_). Only `service` reads them; everything
below receives plain arguments. The one exception is QCSCREEN_STRICT (tests: a bug propagates instead
of becoming a failed file), read by `ingest.isolation.strict()` in the lowest layer because reader
worker processes need it too.

The variables are read as pydantic-settings' BaseSettings reads them — names without regard to case,
`QCSCREEN_<FIELD>` or a field's own `validation_alias`, values validated by pydantic (lax: "0", "false",
"1.5", paths), keyword arguments over the environment — but with pydantic alone: pydantic-settings'
import was ≈ 0.06 CPU s of every command's start-up (`qcscreen extract`, issue 16).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

ENV_PREFIX = "QCSCREEN_"


def environment(model: type[BaseModel], prefix: str = ENV_PREFIX) -> dict[str, str]:
    """The values of `model`'s fields found in the environment, keyed as the model validates them (the
    field's validation alias, else its name); variable names match without regard to case."""
    env = {k.lower(): v for k, v in os.environ.items()}
    found: dict[str, str] = {}
    for name, field in model.model_fields.items():
        key = field.validation_alias if isinstance(field.validation_alias, str) else None
        value = env.get((key or prefix + name).lower())
        if value is not None:
            found[key or name] = value
    return found


class Settings(BaseModel):
    """`Settings()` reads the environment; keyword arguments override it (tests, the API's factory)."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="ignore", validate_default=True)

    # Where the corpus lives (SQLite file, index.store.CorpusStore).
    db: Path = Path("out/corpus.sqlite")
    # Service data: uploaded drafts, job outputs, API keys.
    data_dir: Path = Path("out/service")
    # API keys (hashed) live here; defaults to data_dir/keys.sqlite.
    keys_db: Path | None = None
    # Server-side folders staff may start batch jobs on: only direct sub-folders of this root, picked by
    # name from a listing (a client never sends a path).
    batch_root: Path = Path("examples/submissions")
    # Organiser template text excluded from copy ratios.
    template_file: Path | None = None
    # Cache root for the embedding model (models/e5-small-st and its ONNX export models/e5-small-onnx inside
    # it, built by `qcscreen model build`).
    cache_dir: Path = Field(
        default_factory=lambda: Path.home() / ".cache" / "qcscreen", validation_alias="QCSCREEN_CACHE"
    )
    semantic: bool = True  # try to load the embedding encoder; copy detection runs without it
    encoder: str = "e5-small"  # index.embed.NAMES: e5-small (ONNX, default), e5-small-st (torch reference) or use
    max_upload_bytes: int = 50 * 1024 * 1024
    # Uploads read and checked at once (drafts, web page, batch and corpus uploads); beyond: 503.
    max_concurrent_checks: int = 2
    busy_retry_after_s: int = 30
    draft_retention_hours: float = 72.0
    # The access log (who read which submission and report): whole months older than this are removed.
    access_log_retention_days: float = 400.0
    # Worker processes of a batch (`qcscreen screen`, batch jobs) for read + check and compare:
    # 0 = one per core; 1 = all in the calling process.
    batch_workers: int = 0
    read_timeout_s: float = 600.0  # per file; scanned pages need OCR (~5–14 s a page on 2 cores)
    host: str = "127.0.0.1"
    port: int = 8000

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**environment(type(self)), **values})

    @property
    def ocr_cache_dir(self) -> Path:
        """OCR results by picture hash (ingest.pictures), beside the embedding model in the cache."""
        return self.cache_dir / "ocr"

    @property
    def ocr_model_dir(self) -> Path:
        """PP-OCR's graphs rewritten for the CPU (ingest.readers.ocr_graphs; `qcscreen model build`)."""
        return self.cache_dir / "models" / "ppocr-cpu"

    @property
    def keys_path(self) -> Path:
        return self.keys_db or (self.data_dir / "keys.sqlite")

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "jobs"

    @property
    def access_log_dir(self) -> Path:
        return self.data_dir / "access-log"
