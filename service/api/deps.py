"""Dependencies: the shared services, the caller's role from the API key (header or cookie)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request, Security, UploadFile
from fastapi.security import APIKeyHeader

from ..auth import Principal
from .audit import KEY_COOKIE, KEY_HEADER, remember
from .errors import ApiError
from .services import Services

__all__ = ["KEY_COOKIE"]  # re-exported: the pages set and read the cookie by this name
api_key_header = APIKeyHeader(name=KEY_HEADER, auto_error=False, description="API 密钥（qcscreen keys add 创建）")


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_principal(
    request: Request, services: ServicesDep, key: Annotated[str | None, Security(api_key_header)] = None
) -> Principal:
    principal = services.keys.verify(key or request.cookies.get(KEY_COOKIE))
    if principal is None:
        raise ApiError(
            401,
            "auth.invalid_key",
            "缺少或无效的 API 密钥。请在请求头 X-API-Key 中提供有效密钥（由管理员用 qcscreen keys add 创建）。",
        )
    remember(request, principal)  # the access log knows who it was
    return principal


def require(*roles: str) -> Callable[..., Principal]:
    def dependency(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if principal.role not in roles:
            raise ApiError(
                403, "auth.forbidden", f"当前角色（{principal.role}）无权进行此操作，需要：{'、'.join(roles)}。"
            )
        return principal

    return dependency


AnyRole = Annotated[Principal, Depends(require("admin", "reviewer", "recommender"))]
Staff = Annotated[Principal, Depends(require("admin", "reviewer"))]
Admin = Annotated[Principal, Depends(require("admin"))]


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes, or 413 as soon as it is larger than the limit."""
    chunks, size = [], 0
    while True:
        chunk = await upload.read(1 << 20)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise ApiError(
                413, "upload.too_large", f"文件超过上传上限 {limit / 1048576:.0f} MB，请压缩图片或拆分后再上传。"
            )
        chunks.append(chunk)
    return b"".join(chunks)
