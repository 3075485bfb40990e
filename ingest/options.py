"""Limits and switches for reading. Checked before and during parsing, so a hostile file cannot take
a batch down."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = 200 * 1024 * 1024  # file size
    max_zip_members: int = 10_000
    max_uncompressed_bytes: int = 1024 * 1024 * 1024  # sum of zip members
    max_compression_ratio: float = 200.0  # per member, for members above 1 MB uncompressed
    max_pages: int = 1000  # slides or PDF pages
    timeout_s: float = 600.0  # per file (read_isolated): OCR of a scanned page takes ~3–8 s on 2 cores
    ocr: bool = True  # OCR every meaningful picture and every scanned page (ingest.pictures)
    # A PDF page with fewer characters of its own than this and pictures covering most of it is a scan:
    # the whole page is rendered and OCR'd (pictures on other pages are OCR'd one by one).
    ocr_min_chars: int = 20
    # Wall-clock seconds of OCR per document; pictures not started by then are listed in
    # coverage.unread_pictures (code "budget"), never silently skipped.
    ocr_budget_s: float = 300.0  # half the per-file timeout: the rest of the file is still read in time
    # Where OCR results are kept by image hash across runs and documents (None: only within one read).
    ocr_cache_dir: Path | None = None
    # Where PP-OCR's graphs rewritten for the CPU are kept (readers.ocr_graphs: same text, ≈ 1/3 less CPU);
    # None: rapidocr's graphs as shipped.
    ocr_model_dir: Path | None = None
    ocr_workers: int = 0  # pictures/pages OCR'd at once; 0 = one per CPU core, at most 2
    libreoffice_timeout_s: float = 120.0
