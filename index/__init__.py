"""index: the corpus of past projects and similarity (copy detection and same-project detection)."""

from index.copy.align import AlignParams
from index.copy.compare import compare
from index.copy.fingerprint import FingerprintParams
from index.copy.postings import IndexParamsError, PostingsIndex
from index.copy.templates import TemplateParams
from index.similar import Screener, ScreenParams
from index.store import CorpusStore, ProjectMeta, ProjectRecord, StoredDocument, StoreError

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
