"""Limits and switches for reading. Checked before and during parsing, so a hostile file cannot take
a batch down."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = 200 * 1024 * 1024  # file size
    max_zip_members: int = 10_000
    max_uncompressed_bytes: int = 1024 * 1024 * 1024  # sum of zip members
    max_compression_ratio: float = 200.0  # per member, for members above 1 MB uncompressed
    max_pages: int = 1000  # slides or PDF pages
    timeout_s: float = 600.0  # per file (read_isolated): OCR of a scanned page takes ~5–14 s on 2 cores
    ocr: bool = True  # OCR pictures / scanned pages when they carry the only text
    ocr_min_chars: int = 20  # a page/slide with fewer body characters than this gets its pictures OCR'd
    libreoffice_timeout_s: float = 120.0
