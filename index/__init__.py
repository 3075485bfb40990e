"""index: the corpus of past projects and similarity (copy detection and same-project detection)."""

from .align import AlignParams
from .compare import compare
from .fingerprint import FingerprintParams
from .postings import IndexParamsError, PostingsIndex
from .similar import Screener, ScreenParams
from .store import CorpusStore, ProjectMeta, ProjectRecord, StoredDocument, StoreError
from .templates import TemplateParams

__all__ = [
    "AlignParams",
    "CorpusStore",
    "FingerprintParams",
    "IndexParamsError",
    "PostingsIndex",
    "ProjectMeta",
    "ProjectRecord",
    "ScreenParams",
    "Screener",
    "StoreError",
    "StoredDocument",
    "TemplateParams",
    "compare",
]
