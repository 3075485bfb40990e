"""Batch jobs on the web page for staff: pick a server-side batch folder, start, watch the progress
(the page refreshes itself, no script needed), then the batch overview with every report linked."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..deps import ServicesDep
from ..routes.jobs import folders_of
from .pages import page, principal_of

router = APIRouter(tags=["web 网页"], include_in_schema=False)
STAGES = (("read", "读取文件"), ("check", "检查项目"), ("compare", "相似比对"))
STATUS_NAMES = {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}
STAFF = ("admin", "reviewer")


def _denied(request: Request, services: ServicesDep) -> HTMLResponse | None:
    p = principal_of(services, request)
    if p is None:
        return page("jobs.html", 401, error="请先在首页输入 API 密钥。")
    if p.role not in STAFF:
        return page("jobs.html", 403, error="批量预审仅供评审/预审人员和管理员使用。")
    return None


def _list(services: ServicesDep, status: int = 200, error: str | None = None) -> HTMLResponse:
    return page(
        "jobs.html",
        status,
        error=error,
        folders=list(folders_of(services)),
        jobs=services.jobs.list(),
        year=dt.date.today().year,
        status_names=STATUS_NAMES,
    )


@router.get("/web/jobs", response_class=HTMLResponse)
def jobs_page(request: Request, services: ServicesDep) -> HTMLResponse:
    return _denied(request, services) or _list(services)


@router.post("/web/jobs", response_class=HTMLResponse)
def start_job(
    request: Request,
    services: ServicesDep,
    folder: Annotated[str, Form()],
    year: Annotated[int, Form(ge=1990, le=2100)],
) -> Response:
    if (denied := _denied(request, services)) is not None:
        return denied
    principal = principal_of(services, request)
    path = folders_of(services).get(folder)
    if path is None or principal is None:
        return _list(services, 404, f"没有名为“{folder}”的批次文件夹。")
    job = services.jobs.start(input_dir=path, year=year, source=f"folder:{folder}", owner=principal.key_id)
    return RedirectResponse(f"/web/jobs/{job.id}", status_code=303)


@router.get("/web/jobs/{job_id}", response_class=HTMLResponse)
def job_page(job_id: str, request: Request, services: ServicesDep) -> Response:
    if (denied := _denied(request, services)) is not None:
        return denied
    job = services.jobs.get(job_id)
    if job is None:
        return _list(services, 404, "未找到该批量预审任务。")
    if job.status == "done":  # the batch overview, its links resolving beside it under /api/jobs/<id>/
        return RedirectResponse(f"/api/jobs/{job_id}/index.html", status_code=303)
    return page("jobs.html", job=job, stages=STAGES)
