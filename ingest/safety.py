"""Limits checked before an OOXML package (PPTX/DOCX) is parsed, so a hostile file cannot take a batch
down: member count, total uncompressed size, per-member compression ratio (zip bombs), and XML that
declares a DTD or entities (billion laughs, external entities).

Readers call `check_zip(data, filename, options)` before handing the bytes to python-pptx/python-docx,
and parse any part they read themselves with `parse_xml` (no entity resolution, no network).

The DTD check reads every XML part to its end (streamed, in chunks), not only its head: a DOCTYPE may
follow a prolog padded with megabytes of comments, and one placed after the root element is refused
too (no parser accepts it there anyway). The markers are searched in UTF-8 and in UTF-16/32 of either
byte order, so an encoding switch does not hide them. The parsers never resolve entities in any case;
this check is the second wall.

The sizes in the zip directory are trustworthy upper bounds for what a reader will get: Python's
`zipfile` stops decompressing a member at its declared `file_size`, and python-pptx/python-docx read
through `zipfile`.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from .errors import CorruptError, IngestError, TooDeepError, TooLargeError, TooManySlidesError
from .options import ReadOptions

# Members above this uncompressed size must not exceed options.max_compression_ratio: small members
# (XML that compresses well) legitimately reach ratios of several hundred.
RATIO_FLOOR_BYTES = 1024 * 1024

# XML parts are scanned for a DTD in chunks of this size; consecutive chunks overlap by the longest
# marker so a marker cut by a chunk boundary is still found.
DTD_SCAN_CHUNK = 1 << 20
_DTD_MARKERS = [
    m.encode(enc)
    for m in ("<!DOCTYPE", "<!ENTITY")
    for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
]
_DTD_RE = re.compile(b"|".join(re.escape(m) for m in _DTD_MARKERS), re.IGNORECASE)
_DTD_OVERLAP = max(len(m) for m in _DTD_MARKERS) - 1
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SLIDE_PART_RE = re.compile(r"ppt/slides/slide\d+\.xml", re.IGNORECASE)

# Shared parser for parts the readers parse themselves: entities are never resolved, nothing is
# fetched, DTDs are not loaded, and huge_tree stays off (lxml's own depth/size guards stay on).
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_blank_text=False,
)


@dataclass(frozen=True)
class ZipStats:
    """What the check saw, for coverage/benchmarks."""

    members: int
    compressed_bytes: int
    uncompressed_bytes: int
    max_ratio: float


def check_zip(data: bytes, filename: str, options: ReadOptions | None = None) -> ZipStats:
    """Refuse zip bombs and XML entity declarations in an OOXML package.

    Raises TooLargeError (ingest.too_large) for too many members / too much uncompressed data / a
    suspicious compression ratio, CorruptError (ingest.corrupt) for an unreadable zip or a part that
    declares a DTD or entities. Returns the statistics otherwise.
    """
    with open_zip(data, filename) as zf:
        return check_zipfile(zf, filename, options)


def open_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    """Open a zip package; CorruptError when the directory cannot be read."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as e:
        raise CorruptError(filename, f"压缩包结构损坏（{type(e).__name__}）") from e


def check_zipfile(zf: zipfile.ZipFile, filename: str, options: ReadOptions | None = None) -> ZipStats:
    """`check_zip` on an already opened package (readers that read other members share the handle)."""
    options = options or ReadOptions()
    infos = zf.infolist()
    # A deck over the slide limit says so, before the member count (two parts a slide) calls it a bomb.
    slides = sum(1 for info in infos if _SLIDE_PART_RE.fullmatch(info.filename))
    if slides > options.max_pages:
        raise TooManySlidesError(filename, f"共 {slides} 张幻灯片，超过上限 {options.max_pages} 张")
    if len(infos) > options.max_zip_members:
        raise TooLargeError(
            filename, f"压缩包内含 {len(infos)} 个部件，超过上限 {options.max_zip_members} 个（疑似压缩炸弹）"
        )
    total = 0
    compressed = 0
    max_ratio = 0.0
    for info in infos:
        if info.file_size < 0 or info.compress_size < 0:
            raise CorruptError(filename, f"压缩包部件 {info.filename} 的大小字段无效")
        total += info.file_size
        compressed += info.compress_size
        if total > options.max_uncompressed_bytes:
            raise TooLargeError(
                filename,
                f"解压后总大小超过上限 {options.max_uncompressed_bytes / 1048576:.0f} MB（疑似压缩炸弹）",
            )
        if info.file_size > RATIO_FLOOR_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            max_ratio = max(max_ratio, ratio)
            if ratio > options.max_compression_ratio:
                raise TooLargeError(
                    filename,
                    f"部件 {info.filename} 的压缩比 {ratio:.0f}:1 超过上限 "
                    f"{options.max_compression_ratio:.0f}:1（疑似压缩炸弹）",
                )
    for info in infos:
        if info.is_dir() or not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        if _part_declares_dtd(zf, info, filename):
            raise CorruptError(filename, f"部件 {info.filename} 含有 XML 文档类型/实体声明，出于安全原因拒绝解析")
    return ZipStats(members=len(infos), compressed_bytes=compressed, uncompressed_bytes=total, max_ratio=max_ratio)


def _part_declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str) -> bool:
    """Whether a DOCTYPE/ENTITY marker occurs anywhere in the part (streamed, bounded memory)."""
    tail = b""
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(DTD_SCAN_CHUNK):
                window = tail + chunk
                if _DTD_RE.search(window):
                    return True
                tail = window[-_DTD_OVERLAP:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as e:
        # RuntimeError: an encrypted member (zip-level password); NotImplementedError: unknown method
        raise CorruptError(filename, f"压缩包部件 {info.filename} 无法解压（{type(e).__name__}）") from e
    return False


def parse_xml(xml: bytes, filename: str, part: str = "") -> etree._Element:
    """Parse one XML part safely (no entities, no network, no DTD). Raises CorruptError when the XML
    is malformed or declares a DTD (anywhere in the part), TooDeepError when it nests deeper than
    the parser's limit."""
    if _DTD_RE.search(xml):
        raise CorruptError(filename, f"部件 {part or 'XML'} 含有 XML 文档类型/实体声明，出于安全原因拒绝解析")
    try:
        return etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as e:
        raise limit_error(e, filename) or CorruptError(filename, f"部件 {part or 'XML'} 的 XML 结构损坏") from e


def limit_error(e: BaseException, filename: str) -> IngestError | None:
    """The named error when an XML parser stopped at one of its resource limits (libxml2's
    ERR_RESOURCE_LIMIT): nesting deeper than 256 levels (500-deep groups) is `ingest.too_deep`, any
    other limit (a text node over 10 MB…) `ingest.too_large`. None for plain corruption."""
    if not isinstance(e, etree.XMLSyntaxError) or e.code != etree.ErrorTypes.ERR_RESOURCE_LIMIT:
        return None
    if "depth" in (e.msg or "").lower():
        return TooDeepError(filename, "XML 嵌套层级超过 256 层（如多层嵌套的组合图形），超出解析上限")
    return TooLargeError(filename, f"XML 内容超出解析器的资源上限（{e.msg}）")
