"""Entry points: bytes or a path in, one Document out (or a named IngestError)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import (
    CorruptError,
    EmptyError,
    EncryptedError,
    IngestError,
    TooLargeError,
    UnsupportedError,
)
from .model import Document
from .options import ReadOptions
from .sniff import sniff

Reader = Callable[[bytes, str, ReadOptions], Document]

# format -> module under ingest.readers exposing read(data, filename, options). Imported lazily so a
# missing optional dependency (OCR) does not break the other formats.
READERS: dict[str, str] = {
    "pptx": "pptx",
    "docx": "docx",
    "pdf": "pdf",
    "txt": "text",
    "ppt": "legacy",
    "doc": "legacy",
    "wps": "legacy",
    "dps": "legacy",
}

SUPPORTED_SUFFIXES = (
    ".pptx",
    ".docx",
    ".pdf",
    ".ppt",
    ".doc",
    ".txt",
    ".wps",
    ".dps",
    # PowerPoint slideshows, templates and macro-enabled decks: same package, other content type
    ".pptm",
    ".ppsx",
    ".ppsm",
    ".potx",
)


def reader_for(fmt: str) -> Reader:
    module = importlib.import_module(f"ingest.readers.{READERS[fmt]}")
    return module.read  # type: ignore[no-any-return]


def read_bytes(data: bytes, filename: str, options: ReadOptions | None = None) -> Document:
    """Read one file's bytes. Raises IngestError (with a stable code) for files that cannot be read."""
    options = options or ReadOptions()
    if len(data) > options.max_bytes:
        raise TooLargeError(filename, f"文件大小 {len(data) / 1048576:.1f} MB 超过上限 {options.max_bytes / 1048576:.0f} MB")
    fmt = sniff(data, filename)
    if fmt == "empty":
        raise EmptyError(filename, "文件为空（0 字节）")
    if fmt == "cfb_encrypted":
        raise EncryptedError(filename, "文件设置了打开密码（加密的 Office 文件）")
    if fmt == "zip":
        raise CorruptError(filename, "文件是损坏或不完整的压缩包，不是有效的 Office 文档")
    if fmt == "cfb":
        raise CorruptError(filename, "无法识别的 OLE 复合文档（可能已损坏）")
    if fmt not in READERS:
        raise UnsupportedError(filename, f"不支持的文件格式（识别为 {fmt}）")
    return reader_for(fmt)(data, filename, options)


def read(path: str | Path, options: ReadOptions | None = None) -> Document:
    """Read one file in this process (no time limit; see read_isolated for batches)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as e:
        raise UnsupportedError(p.name, "文件不存在") from e
    except IsADirectoryError as e:
        raise UnsupportedError(p.name, "这是一个文件夹，不是文件") from e
    return read_bytes(data, p.name, options)


@dataclass(frozen=True)
class ReadOutcome:
    """Outcome as data: a Document, or the error that says why not."""

    path: Path
    document: Document | None = None
    error: IngestError | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None
