"""Health and who-am-I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...auth import ROLE_NAMES
from ..deps import AnyRole, ServicesDep
from ..errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["system 系统"])


@router.get("/health", summary="健康检查")
def health(services: ServicesDep) -> dict[str, Any]:
    """服务是否在运行、语料库是否存在。"""
    return {"status": "ok", "corpus": services.settings.db.exists()}


@router.get("/me", summary="当前密钥的角色", responses=ERROR_RESPONSES)
def me(principal: AnyRole) -> dict[str, str]:
    """当前 API 密钥对应的角色。"""
    return {
        "key_id": principal.key_id,
        "role": principal.role,
        "role_name": ROLE_NAMES[principal.role],
        "name": principal.name,
    }
