"""Errors as JSON with Chinese messages: {"error": {"status", "code", "message"}}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

STATUS_MESSAGES = {
    400: "请求不正确。",
    401: "缺少或无效的 API 密钥。请在请求头 X-API-Key 中提供有效密钥。",
    403: "当前角色无权进行此操作。",
    404: "未找到请求的资源（可能已过保留期被删除）。",
    405: "不支持该请求方法。",
    409: "请求与当前状态冲突。",
    413: "文件太大，超过上传上限。",
    415: "不支持的文件类型。",
    422: "请求参数不正确或文件无法读取。",
    500: "服务器内部错误，请稍后重试或联系管理员。",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra or {}


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, **extra}}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    s: {"description": m, "content": {"application/json": {"example": error_body(s, "example", m)}}}
    for s, m in STATUS_MESSAGES.items()
    if s in (401, 403, 404, 413, 415, 422)
}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.status, exc.code, exc.message, **exc.extra), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        msg = (
            exc.detail
            if isinstance(exc.detail, str) and not exc.detail.isascii()
            else STATUS_MESSAGES.get(exc.status_code, "请求失败。")
        )
        return JSONResponse(
            error_body(exc.status_code, f"http.{exc.status_code}", msg),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "header"))
            fields.append({"field": loc, "type": e.get("type")})
        names = "、".join(f["field"] for f in fields if f["field"]) or "请求"
        return JSONResponse(
            error_body(422, "request.invalid", f"请求参数不正确：{names}（缺少或格式不对）。", fields=fields),
            status_code=422,
        )

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(error_body(500, "internal", STATUS_MESSAGES[500]), status_code=500)
