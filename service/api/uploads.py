"""Accepting an uploaded file: type sniffed from the bytes, stored under a random name."""

from __future__ import annotations

from ingest.sniff import sniff

from .errors import ApiError

ALLOWED = {"pptx", "docx", "pdf", "ppt", "doc", "dps", "wps"}
UNREADABLE = {
    "empty": "文件为空（0 字节）。",
    "cfb_encrypted": "文件设置了打开密码，请取消密码保护后再上传。",
    "zip": "文件是损坏或不完整的压缩包，不是有效的 Office 文档，请重新保存后上传。",
    "cfb": "无法识别的 Office 旧格式文件（可能已损坏），请另存为 PPTX/DOCX 后上传。",
}


def accept(data: bytes, display: str) -> str:
    """The file's format from its bytes; 415 for types we do not take, 422 for files we cannot open."""
    fmt = sniff(data, display)
    if fmt in UNREADABLE:
        raise ApiError(422, "upload.unreadable", f"《{display}》无法读取：{UNREADABLE[fmt]}")
    if fmt not in ALLOWED:
        raise ApiError(
            415,
            "upload.unsupported_type",
            f"《{display}》的文件类型不受支持（识别为 {fmt}）。请上传 PPTX、DOCX、PDF、PPT 或 DOC 文件。",
        )
    return fmt
