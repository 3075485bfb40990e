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

from ...auth import ROLE_NAMES, Principal
from ..deps import KEY_COOKIE, ServicesDep
from ..errors import ApiError
from ..routes.drafts import DraftUpload, load_for, process_upload, read_optional, read_upload, report_html
from ..services import Services
from .pages import chosen, page, principal_of

router = APIRouter(tags=["web 网页"], include_in_schema=False)


def form_page(services: Services, p: Principal | None, status: int = 200, error: str | None = None) -> HTMLResponse:
    """The upload page, for the caller `p` (None: asks for the key), with an error when there is one."""
    return page(
        "index.html",
        status,
        principal=p,
        role_name=ROLE_NAMES.get(p.role) if p else None,
        error=error,
        max_mb=services.settings.max_upload_bytes // 1048576,
        retention=services.settings.draft_retention_hours,
    )


@router.get("/", response_class=HTMLResponse)
def index(request: Request, services: ServicesDep) -> HTMLResponse:
    return form_page(services, principal_of(services, request))


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
    if p is None:
        return form_page(services, None, 401, "API 密钥无效或未填写，请输入管理员发放的密钥。")
    try:
        upload = DraftUpload(
            await read_upload(services, file),
            await read_optional(services, chosen(form)),
            await read_optional(services, chosen(record)),
        )
        result = await run_in_threadpool(process_upload, services, p, upload)
    except ApiError as e:
        return form_page(services, p, e.status, e.message)
    resp = RedirectResponse(f"/web/drafts/{result.id}", status_code=303)
    if key:
        resp.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict", max_age=7 * 24 * 3600)
    return resp


@router.get("/web/drafts/{draft_id}", response_class=HTMLResponse)
def web_draft(draft_id: str, request: Request, services: ServicesDep) -> HTMLResponse:
    p = principal_of(services, request)
    if p is None:
        return form_page(services, None, 401, "请先输入 API 密钥。")
    try:
        result = load_for(services, p, draft_id)
    except ApiError as e:
        return form_page(services, p, e.status, e.message)
    html = report_html(services, p, result, links=[("← 再检查一份", "/"), ("JSON 结果", f"/api/drafts/{draft_id}")])
    return HTMLResponse(html)


@router.get("/web/logout")
def logout() -> Response:
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(KEY_COOKIE)
    return resp
