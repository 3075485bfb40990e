"""Reading failures that are data, not bugs.

Only these become a failed result with a reason; any other exception from a reader is a bug and must
propagate in tests. Every error names the file and says, in Chinese, what the user should do.
"""

from __future__ import annotations


class IngestError(Exception):
    code = "ingest.error"
    advice = "请检查文件后重新提交。"

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = reason
        super().__init__(f"{filename}: {reason}")

    @property
    def message(self) -> str:
        """Full Chinese message: file, reason, what to do."""
        return f"文件《{self.filename}》无法读取：{self.reason}。{self.advice}"

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "file": self.filename, "reason": self.reason, "message": self.message}


class EncryptedError(IngestError):
    code = "ingest.encrypted"
    advice = "请取消文件密码保护（另存为无密码版本）后重新提交。"


class CorruptError(IngestError):
    code = "ingest.corrupt"
    advice = "文件可能已损坏或不完整，请用 Office/WPS 打开确认后重新保存再提交。"


class UnsupportedError(IngestError):
    code = "ingest.unsupported"
    advice = "请提交 PPTX、DOCX、PDF、PPT、DOC 或 TXT 格式的文件。"


class TooLargeError(IngestError):
    code = "ingest.too_large"
    advice = "请压缩图片或拆分文件后重新提交。"


class EmptyError(IngestError):
    code = "ingest.empty"
    advice = "文件中没有可读取的文字，请确认提交的是成果材料本身。"


class TimeoutError_(IngestError):  # noqa: N801, N818 - the trailing underscore avoids shadowing the builtin TimeoutError
    code = "ingest.timeout"
    advice = "文件处理超时，请另存为标准格式（或转换为 PDF）后重新提交。"


class TooManySlidesError(TooLargeError):
    code = "ingest.too_many_slides"
    advice = "请删减幻灯片（或拆分为多个文件）后重新提交。"


class TooDeepError(IngestError):
    code = "ingest.too_deep"
    advice = "文件中的组合/嵌套层级过深，请在 Office/WPS 中取消多余的组合后重新保存再提交。"


class SymlinkError(IngestError):
    code = "ingest.symlink"
    advice = "出于安全原因不读取符号链接，请提交文件本身（复制实际文件，而不是链接）。"


class SpecialFileError(IngestError):
    code = "ingest.special_file"
    advice = "请提交普通文件（不是设备、管道或套接字）。"


class TypeMismatchError(IngestError):
    code = "ingest.type_mismatch"
    advice = "文件内容与扩展名不符，请提交用 Office/WPS 保存的原始文件（不要只改扩展名）。"


class ConverterMissingError(IngestError):
    code = "ingest.converter_missing"
    advice = "旧版 PPT/DOC 文件需要 LibreOffice 转换，请安装 LibreOffice（make run 会自动安装）或另存为 PPTX/DOCX。"


ERRORS_BY_CODE: dict[str, type[IngestError]] = {
    cls.code: cls
    for cls in (
        EncryptedError,
        CorruptError,
        UnsupportedError,
        TooLargeError,
        EmptyError,
        TimeoutError_,
        ConverterMissingError,
        TooManySlidesError,
        TooDeepError,
        SymlinkError,
        SpecialFileError,
        TypeMismatchError,
    )
}


def error_from_code(code: str, filename: str, reason: str) -> IngestError:
    """Rebuild an error that crossed a process boundary (the per-file time-limit worker)."""
    return ERRORS_BY_CODE.get(code, IngestError)(filename, reason)
