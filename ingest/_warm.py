"""Preloaded by the readers' forkserver (`ingest.isolation`): the readers and their libraries
(python-pptx, python-docx, pdfplumber, PDFium, lxml) are imported once in the server, so every worker
forked from it starts warm — measured 0.08 s for an isolated read of an example deck instead of 0.42 s
when each worker imported them itself. Any exception is swallowed here: a reader that cannot be
imported then fails only its own files, in the worker, with its own error (the server must not die)."""

from __future__ import annotations

import importlib

from ingest.isolation import WARM_MODULES

for _name in WARM_MODULES:
    try:
        importlib.import_module(_name)
    except Exception:  # noqa: BLE001 - reported by the worker when one of its files is read
        pass
