"""Health and who-am-I."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from ...auth import ROLE_NAMES
from ..deps import AnyRole, ServicesDep
from ..errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["system 系统"])


class Health(BaseModel):
    status: str
    corpus: bool  # whether the corpus file exists


class Me(BaseModel):
    key_id: str
    role: str
    role_name: str
    name: str


@router.get("/health", summary="健康检查", response_model=Health)
def health(services: ServicesDep) -> Health:
    """服务是否在运行、语料库是否存在。"""
    return Health(status="ok", corpus=services.settings.db.exists())


@router.get("/me", summary="当前密钥的角色", response_model=Me, responses=ERROR_RESPONSES)
def me(principal: AnyRole) -> Me:
    """当前 API 密钥对应的角色。"""
    return Me(key_id=principal.key_id, role=principal.role, role_name=ROLE_NAMES[principal.role], name=principal.name)
