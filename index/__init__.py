"""index: the corpus of past projects and similarity (copy detection and same-project detection).

The names below are loaded on first use (PEP 562), so importing one light module of the package —
`index.models` for the cache path, say — does not import faiss, datasketch or the whole pipeline
(start-up, issue 16; tests/service/test_startup.py)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.copy.align import AlignParams
    from index.copy.compare import compare
    from index.copy.fingerprint import FingerprintParams
    from index.copy.postings import IndexParamsError, PostingsIndex
    from index.copy.templates import TemplateParams
    from index.similar import Screener, ScreenParams
    from index.store import CorpusStore, ProjectMeta, ProjectRecord, StoredDocument, StoreError

_WHERE = {
    "AlignParams": "index.copy.align",
    "compare": "index.copy.compare",
    "FingerprintParams": "index.copy.fingerprint",
    "IndexParamsError": "index.copy.postings",
    "PostingsIndex": "index.copy.postings",
    "TemplateParams": "index.copy.templates",
    "Screener": "index.similar",
    "ScreenParams": "index.similar",
    "CorpusStore": "index.store",
    "ProjectMeta": "index.store",
    "ProjectRecord": "index.store",
    "StoredDocument": "index.store",
    "StoreError": "index.store",
}

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


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
