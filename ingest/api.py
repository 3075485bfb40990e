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
    TypeMismatchError,
    UnsupportedError,
)
from .model import Document, Issue
from .options import ReadOptions
from .paths import read_regular
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


# What a file name promises and what its bytes are, by family. Text under an Office/PDF name is refused
# (a text file named .pptx is not a deck and must never be scored as one); one binary format under
# another's name (a .doc that is really a DOCX, common after renaming) is read, with a visible note.
SUFFIX_FAMILY = {
    **dict.fromkeys((".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".ppt", ".dps"), "slides"),
    **dict.fromkeys((".docx", ".doc", ".wps"), "word"),
    ".pdf": "pdf",
    ".txt": "text",
}
FORMAT_FAMILY = {
    **dict.fromkeys(("pptx", "ppt", "dps"), "slides"),
    **dict.fromkeys(("docx", "doc", "wps"), "word"),
    "pdf": "pdf",
    "txt": "text",
}
FAMILY_NAMES = {"slides": "演示文稿", "word": "Word 文档", "pdf": "PDF", "text": "纯文本"}


def _suffix(filename: str) -> str:
    return "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def type_mismatch(fmt: str, filename: str) -> Issue | None:
    """A note when the bytes (`fmt`) are not what the file name's extension promises; raises
    TypeMismatchError when text poses as an Office/PDF file. None when they agree or the extension
    promises nothing we know."""
    promised = SUFFIX_FAMILY.get(_suffix(filename))
    actual = FORMAT_FAMILY.get(fmt)
    if promised is None or actual is None or promised == actual:
        return None
    said = f"扩展名为 {_suffix(filename)}（{FAMILY_NAMES[promised]}），但文件内容是{FAMILY_NAMES[actual]}"
    if actual == "text":
        raise TypeMismatchError(filename, said)
    return Issue(code=TypeMismatchError.code, severity="minor", message=f"{said}，已按内容（{fmt}）读取")


def reader_for(fmt: str) -> Reader:
    module = importlib.import_module(f"ingest.readers.{READERS[fmt]}")
    return module.read  # type: ignore[no-any-return]


def read_bytes(data: bytes, filename: str, options: ReadOptions | None = None) -> Document:
    """Read one file's bytes. Raises IngestError (with a stable code) for files that cannot be read."""
    options = options or ReadOptions()
    if len(data) > options.max_bytes:
        raise TooLargeError(
            filename, f"文件大小 {len(data) / 1048576:.1f} MB 超过上限 {options.max_bytes / 1048576:.0f} MB"
        )
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
    note = type_mismatch(fmt, filename)
    doc = reader_for(fmt)(data, filename, options)
    if note is not None:
        doc = doc.model_copy(update={"issues": [note, *doc.issues]})
    return doc


def read(path: str | Path, options: ReadOptions | None = None) -> Document:
    """Read one file in this process (no time limit; see read_isolated for batches). Symbolic links
    and special files are refused (`ingest.paths`); the size limit is checked before reading."""
    options = options or ReadOptions()
    p = Path(path)
    return read_bytes(read_regular(p, options.max_bytes), p.name, options)


@dataclass(frozen=True)
class ReadOutcome:
    """Outcome as data: a Document, or the error that says why not."""

    path: Path
    document: Document | None = None
    error: IngestError | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None
