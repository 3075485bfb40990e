"""Drafts: a recommender or enterprise uploads a draft and reads what is missing and what looks copied."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from ingest.errors import IngestError

from ... import stages
from ...auth import Principal
from ...pipeline import check_draft
from ...redact import redact_result
from ...reports import html as html_report
from ...storage import display_name
from ..deps import AnyRole, ServicesDep, read_limited
from ..errors import ERROR_RESPONSES, ApiError
from ..services import Services
from ..uploads import accept

router = APIRouter(prefix="/api/drafts", tags=["drafts 草稿自查"])


def process_upload(services: Services, principal: Principal, data: bytes, filename: str | None) -> dict[str, Any]:
    """Store, read, check and compare one uploaded draft; returns the stored (unredacted) result."""
    services.drafts.purge()
    display = display_name(filename, "未命名文件")
    fmt = accept(data, display)
    draft_id, path = services.drafts.save_upload(data, fmt)
    try:
        result, doc = check_draft(path, display_name=display, similar=services.similar, options=services.read_options())
    except IngestError as e:
        services.drafts.delete(draft_id)
        raise ApiError(422, e.code, e.message) from e
    except BaseException:
        services.drafts.delete(draft_id)
        raise
    enc = services.encoder()
    result.update(
        id=draft_id,
        owner=principal.key_id,
        created_at=time.time(),
        expires_in_hours=services.settings.draft_retention_hours,
        semantic_message=enc.message,
        report_url=f"/api/drafts/{draft_id}/report",
        page_url=f"/web/drafts/{draft_id}",
    )
    services.drafts.save_result(draft_id, result)
    (services.drafts.root / f"{draft_id}.doc.json").write_text(stages.document_to_json(doc), encoding="utf-8")
    return result


def view(result: dict[str, Any], principal: Principal) -> dict[str, Any]:
    """What this caller may see: recommenders get the redacted similarity, never the owner key id."""
    out = redact_result(result) if principal.redacted else dict(result)
    out.pop("owner", None)
    return out


def load_for(services: Services, principal: Principal, draft_id: str) -> dict[str, Any]:
    result = services.drafts.load_result(draft_id)
    if result is None:
        raise ApiError(404, "draft.not_found", "未找到该草稿的检查结果（编号错误，或已超过保留期被删除）。")
    if principal.role == "recommender" and result.get("owner") != principal.key_id:
        raise ApiError(404, "draft.not_found", "未找到该草稿的检查结果（编号错误，或已超过保留期被删除）。")
    return result


def report_html(
    services: Services,
    principal: Principal,
    result: dict[str, Any],
    draft_id: str,
    links: list[tuple[str, str]] | None = None,
) -> str:
    doc = None
    p = services.drafts.root / f"{draft_id}.doc.json"
    if p.is_file():
        doc = stages.document_from_json(p.read_text(encoding="utf-8"))
    shown = view(result, principal)
    chk = shown.get("check") or {}
    return html_report.render(
        chk,
        shown.get("similarity"),
        doc=doc,
        title=chk.get("title") or shown.get("title") or shown.get("file"),
        file=shown.get("file"),
        semantic_message=shown.get("semantic_message"),
        redacted=principal.redacted,
        links=links,
    )


@router.post("", status_code=201, summary="上传草稿并检查", responses=ERROR_RESPONSES)
async def upload_draft(
    services: ServicesDep,
    principal: AnyRole,
    file: Annotated[UploadFile, File(description="PPTX/DOCX/PDF/PPT/DOC 文件")],
) -> dict[str, Any]:
    """上传一份草稿（PPTX/DOCX/PDF/PPT/DOC），返回检查结果和相似性报告（推荐单位看到的是脱敏结果）。"""
    data = await read_limited(file, services.settings.max_upload_bytes)
    result = await run_in_threadpool(process_upload, services, principal, data, file.filename)
    return view(result, principal)


@router.get("/{draft_id}", summary="读取草稿检查结果", responses=ERROR_RESPONSES)
def get_draft(draft_id: str, services: ServicesDep, principal: AnyRole) -> dict[str, Any]:
    """读取已上传草稿的检查结果（JSON）。"""
    return view(load_for(services, principal, draft_id), principal)


@router.get("/{draft_id}/report", summary="草稿的 HTML 报告", response_class=HTMLResponse, responses=ERROR_RESPONSES)
def get_draft_report(draft_id: str, services: ServicesDep, principal: AnyRole) -> HTMLResponse:
    """草稿的 HTML 报告（自包含，可打印为 A4）。"""
    result = load_for(services, principal, draft_id)
    return HTMLResponse(report_html(services, principal, result, draft_id))


@router.delete("/{draft_id}", status_code=204, summary="删除草稿", responses=ERROR_RESPONSES)
def delete_draft(draft_id: str, services: ServicesDep, principal: AnyRole) -> Response:
    """删除草稿及其检查结果（上传者本人或管理员）。"""
    result = load_for(services, principal, draft_id)
    if principal.role != "admin" and result.get("owner") != principal.key_id:
        raise ApiError(403, "auth.forbidden", "只能删除自己上传的草稿。")
    services.drafts.delete(draft_id)
    return Response(status_code=204)
