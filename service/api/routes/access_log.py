"""The access log for administrators: who read or downloaded which submission and report."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from ...access_log import AccessEntry
from ..deps import Admin, ServicesDep
from ..errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/access-log", tags=["access-log 访问日志"])
MAX_ENTRIES = 5000


class AccessLogPage(BaseModel):
    entries: list[AccessEntry]
    truncated: bool  # more entries matched than MAX_ENTRIES (the newest are returned)


@router.get("", summary="访问日志（谁读取或下载了哪份材料和报告）", responses=ERROR_RESPONSES)
def read_access_log(
    services: ServicesDep,
    principal: Admin,
    resource: Annotated[str | None, Query(description="草稿、任务、项目或报告编号", max_length=200)] = None,
    key_id: Annotated[str | None, Query(description="密钥编号", max_length=100)] = None,
    since: Annotated[datetime | None, Query(description="起始时间（ISO 8601）")] = None,
) -> AccessLogPage:
    """按编号、密钥或时间查询访问日志（仅管理员）。日志只追加不修改，超过保留期的月份整体删除。"""
    found = list(services.access_log.entries(key_id=key_id, resource=resource, since=since))
    return AccessLogPage(entries=found[-MAX_ENTRIES:], truncated=len(found) > MAX_ENTRIES)
