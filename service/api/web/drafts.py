"""The Chinese web page for drafts (server-rendered Jinja2, no build step; works without JavaScript,
which only adds the "正在检查…" state and disables the button while a draft is checked).

The page sends the API key from its form field (remembered in an HttpOnly cookie) and shows the same
report the API returns, redacted for recommenders on the server.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...auth import ROLE_NAMES
from ..deps import KEY_COOKIE, ServicesDep
from ..errors import ApiError
from ..routes.drafts import DraftUpload, load_for, process_upload, read_optional, read_upload, report_html
from .pages import chosen, page, principal_of

router = APIRouter(tags=["web 网页"], include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, services: ServicesDep) -> HTMLResponse:
    p = principal_of(services, request)
    return page(
        "index.html",
        principal=p,
        role_name=ROLE_NAMES.get(p.role) if p else None,
        max_mb=services.settings.max_upload_bytes // 1048576,
        retention=services.settings.draft_retention_hours,
    )


@router.post("/web/check", response_class=HTMLResponse)
async def web_check(
    request: Request,
    services: ServicesDep,
    file: Annotated[UploadFile, File()],
    form: Annotated[UploadFile | None, File()] = None,
    record: Annotated[UploadFile | None, File()] = None,
    api_key: Annotated[str | None, Form()] = None,
) -> Response:
    key = (api_key or "").strip() or None
    p = principal_of(services, request, key)
    ctx = {
        "max_mb": services.settings.max_upload_bytes // 1048576,
        "retention": services.settings.draft_retention_hours,
    }
    if p is None:
        return page("index.html", 401, principal=None, error="API 密钥无效或未填写，请输入管理员发放的密钥。", **ctx)
    try:
        upload = DraftUpload(
            await read_upload(services, file),
            await read_optional(services, chosen(form)),
            await read_optional(services, chosen(record)),
        )
        result = await run_in_threadpool(process_upload, services, p, upload)
    except ApiError as e:
        return page("index.html", e.status, principal=p, role_name=ROLE_NAMES.get(p.role), error=e.message, **ctx)
    resp = RedirectResponse(f"/web/drafts/{result.id}", status_code=303)
    if key:
        resp.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict", max_age=7 * 24 * 3600)
    return resp


@router.get("/web/drafts/{draft_id}", response_class=HTMLResponse)
def web_draft(draft_id: str, request: Request, services: ServicesDep) -> HTMLResponse:
    p = principal_of(services, request)
    ctx = {
        "max_mb": services.settings.max_upload_bytes // 1048576,
        "retention": services.settings.draft_retention_hours,
    }
    if p is None:
        return page("index.html", 401, principal=None, error="请先输入 API 密钥。", **ctx)
    try:
        result = load_for(services, p, draft_id)
    except ApiError as e:
        return page("index.html", e.status, principal=p, role_name=ROLE_NAMES.get(p.role), error=e.message, **ctx)
    html = report_html(services, p, result, links=[("← 再检查一份", "/"), ("JSON 结果", f"/api/drafts/{draft_id}")])
    return HTMLResponse(html)


@router.get("/web/logout")
def logout() -> Response:
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(KEY_COOKIE)
    return resp
