"""OCR results kept on disk by picture hash, across runs and documents.

One small JSON file per picture under `<dir>/<k[:2]>/<k>.json`, written with `ingest.fileio` (a
reader never sees half a file; two processes writing the same picture write the same bytes). The key
includes PIPELINE_VERSION: change it whenever the OCR pipeline or the features change what they
return, and old entries are simply never read again. The features carry their own version
(features.FEATURES_VERSION) in the folder name (`ocr-6` for the first, `ocr-6-f2` after): an entry
of older features is still read — its OCR'd lines are what costs — and the runner measures the
picture again and writes it under the current folder, leaving the old entry for the code that reads
it. What is cached is what is expensive (the OCR'd lines and the image features); the figure class is computed afresh on every read, so improving the
classifier needs no cache flush. A cache directory that cannot be written (read-only disk) only
costs speed: the error is logged once and reading goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from ..fileio import atomic_write_text
from ..readers.ocr import Line
from .features import FEATURES_VERSION, ImageFeatures

PIPELINE_VERSION = "ocr-6"
log = logging.getLogger(__name__)


def picture_key(*parts: bytes | str) -> str:
    """sha256 over the parts (picture bytes, or a document hash plus page and region), 16 hex digits."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


@dataclass
class CachedRead:
    """What reading one picture produced, as stored."""

    lines: list[Line]
    features: ImageFeatures
    angle: int = 0
    status: str = "read"  # "read" | "blank"
    features_version: int = FEATURES_VERSION  # of the stored features (told by the folder it is in)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": PIPELINE_VERSION,
                "status": self.status,
                "angle": self.angle,
                "lines": [[t, [round(v, 1) for v in b], round(s, 4)] for t, b, s in self.lines],
                "features": self.features.to_json(),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> CachedRead | None:
        try:
            d = json.loads(text)
            if d.get("version") != PIPELINE_VERSION:
                return None
            lines: list[Line] = [
                (str(t), (float(b[0]), float(b[1]), float(b[2]), float(b[3])), float(s)) for t, b, s in d["lines"]
            ]
            return cls(
                lines=lines,
                features=ImageFeatures.from_json(d["features"]),
                angle=int(d["angle"]),
                status=str(d["status"]),
            )
        except (ValueError, KeyError, TypeError, IndexError):
            return None  # a damaged entry is read again and rewritten


class OcrCache:
    """Disk cache of picture reads; `OcrCache(None)` keeps nothing."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._broken = False

    def _path(self, key: str, features_version: int = FEATURES_VERSION) -> Path | None:
        if self.directory is None:
            return None
        folder = PIPELINE_VERSION if features_version <= 1 else f"{PIPELINE_VERSION}-f{features_version}"
        return self.directory / folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedRead | None:
        """The entry of the current features, else one of the first features (its version then 1)."""
        for version in dict.fromkeys((FEATURES_VERSION, 1)):
            path = self._path(key, version)
            if path is None:
                return None
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            read = CachedRead.from_json(text)
            if read is not None:
                read.features_version = version
                return read
        return None

    def put(self, key: str, read: CachedRead) -> None:
        path = self._path(key, read.features_version)
        if path is None or self._broken:
            return
        try:
            atomic_write_text(path, read.to_json())
        except OSError as e:
            self._broken = True
            log.warning("OCR cache %s cannot be written (%s); reading goes on without it", self.directory, e)
