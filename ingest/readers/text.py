"""Plain text: UTF-8 (with or without BOM) or GB18030. One paragraph per non-empty line."""

from __future__ import annotations

from ..errors import EmptyError, UnsupportedError
from ..model import Block, BlockKind, Coverage, Document, PageCoverage, SourceRef, doc_id_for
from ..options import ReadOptions


def decode(data: bytes, filename: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as e:  # found by bench/fuzz.py: a BOM does not make the rest UTF-8
            raise UnsupportedError(filename, "文本文件以 UTF-8 标记开头，但内容不是有效的 UTF-8 编码") from e
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnsupportedError(filename, "文本文件既不是 UTF-8 也不是 GB18030 编码")


def read(data: bytes, filename: str, options: ReadOptions) -> Document:
    text = decode(data, filename)
    blocks: list[Block] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        n = len(blocks) + 1
        blocks.append(
            Block(id=f"p{n}", kind=BlockKind.paragraph, text=line.rstrip(), source=SourceRef(page=n, order=0))
        )
    if not blocks:
        raise EmptyError(filename, "文件中没有文字")
    return Document(
        doc_id=doc_id_for(data),
        filename=filename,
        format="txt",
        title=blocks[0].text.strip()[:200],
        pages=len(blocks),
        blocks=blocks,
        verbatim_text=text,
        coverage=Coverage(pages=[PageCoverage(page=b.source.page, chars=len(b.text)) for b in blocks]),
    )
