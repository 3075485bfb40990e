"""Drafts: a recommender or enterprise uploads a draft — the deck, and optionally the 申报表 and the
实施记录 — and reads what is missing and what looks copied."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from ingest.errors import IngestError

from ...auth import Principal
from ...redact import redact_similarity
from ...reports import html as html_report
from ...results import DraftResult, DraftView
from ...storage import display_name, new_id
from ...submission import Upload, check_upload
from ..deps import AnyRole, ServicesDep, read_limited
from ..errors import ERROR_RESPONSES, ApiError
from ..services import Services
from ..uploads import accept

router = APIRouter(prefix="/api/drafts", tags=["drafts 草稿自查"])


@dataclass(frozen=True)
class UploadedFile:
    """An upload's bytes and the name the client gave it."""

    data: bytes
    filename: str | None


@dataclass(frozen=True)
class DraftUpload:
    main: UploadedFile
    form: UploadedFile | None = None
    record: UploadedFile | None = None


def _store(services: Services, draft_id: str, role: str, upload: UploadedFile, fallback: str) -> Upload:
    shown = display_name(upload.filename, fallback)
    fmt = accept(upload.data, shown)
    return Upload(services.drafts.save_upload(draft_id, role, upload.data, fmt), shown)


def _store_optional(
    services: Services, draft_id: str, role: str, upload: UploadedFile | None, fallback: str
) -> Upload | None:
    return _store(services, draft_id, role, upload, fallback) if upload is not None else None


def process_upload(services: Services, principal: Principal, upload: DraftUpload) -> DraftResult:
    """Store, read, check and compare one uploaded draft; returns the stored (unredacted) result."""
    services.drafts.purge()
    draft_id = new_id()
    try:
        main = _store(services, draft_id, "main", upload.main, "未命名文件")
        form = _store_optional(services, draft_id, "form", upload.form, "申报表")
        record = _store_optional(services, draft_id, "record", upload.record, "实施记录")
        checked = check_upload(main, form=form, record=record, options=services.read_options())
        outcome = services.similar(checked.main)
    except IngestError as e:
        services.drafts.delete(draft_id)
        raise ApiError(422, e.code, e.message) from e
    except BaseException:
        services.drafts.delete(draft_id)
        raise
    result = DraftResult(
        id=draft_id,
        owner=principal.key_id,
        created_at=time.time(),
        expires_in_hours=services.settings.draft_retention_hours,
        file=main.name,
        form_file=form.name if form else None,
        record_file=record.name if record else None,
        chars=len(checked.main.text),
        title=checked.main.title,
        check=checked.check,
        similarity=outcome.report.model_copy(update={"file": main.name}),
        semantic_error=outcome.semantic_error,
        semantic_message=services.encoder().message,
        report_url=f"/api/drafts/{draft_id}/report",
        page_url=f"/web/drafts/{draft_id}",
    )
    services.drafts.save_result(result, checked.stored())
    return result


def view(result: DraftResult, principal: Principal) -> DraftView:
    """What this caller may see: recommenders get the redacted similarity, never the owner key id."""
    data = result.model_dump(exclude={"owner", "similarity", "check"})
    sim = result.similarity
    shown = redact_similarity(sim) if sim is not None and principal.redacted else sim
    return DraftView(**data, check=result.check, similarity=shown)


def load_for(services: Services, principal: Principal, draft_id: str) -> DraftResult:
    result = services.drafts.load_result(draft_id)
    if result is None or (principal.role == "recommender" and result.owner != principal.key_id):
        raise ApiError(404, "draft.not_found", "未找到该草稿的检查结果（编号错误，或已超过保留期被删除）。")
    return result


def report_html(
    services: Services,
    principal: Principal,
    result: DraftResult,
    links: list[tuple[str, str]] | None = None,
) -> str:
    return html_report.render(
        result.check,
        result.similarity,
        doc=services.drafts.load_main_document(result.id),
        header=html_report.ReportHeader(
            title=result.check.title or result.title or result.file,
            file=result.file,
            form_file=result.form_file,
            record_file=result.record_file,
        ),
        semantic_message=result.semantic_message,
        semantic_error=result.semantic_error,
        redacted=principal.redacted,
        links=links,
    )


async def read_upload(services: Services, upload: UploadFile) -> UploadedFile:
    return UploadedFile(await read_limited(upload, services.settings.max_upload_bytes), upload.filename)


async def read_optional(services: Services, upload: UploadFile | None) -> UploadedFile | None:
    return await read_upload(services, upload) if upload is not None else None


@router.post("", status_code=201, summary="上传草稿并检查", response_model=DraftView, responses=ERROR_RESPONSES)
async def upload_draft(
    services: ServicesDep,
    principal: AnyRole,
    file: Annotated[UploadFile, File(description="成果报告（PPTX/DOCX/PDF/PPT/DOC）")],
    form: Annotated[UploadFile | None, File(description="申报表（可选，DOCX/PDF/DOC）")] = None,
    record: Annotated[UploadFile | None, File(description="实施记录（可选，DOCX/PDF/DOC）")] = None,
) -> DraftView:
    """上传一份草稿：成果报告，可同时上传申报表和实施记录；返回检查结果和相似性报告（推荐单位看到的是脱敏结果）。"""
    upload = DraftUpload(
        await read_upload(services, file), await read_optional(services, form), await read_optional(services, record)
    )
    result = await run_in_threadpool(process_upload, services, principal, upload)
    return view(result, principal)


@router.get("/{draft_id}", summary="读取草稿检查结果", response_model=DraftView, responses=ERROR_RESPONSES)
def get_draft(draft_id: str, services: ServicesDep, principal: AnyRole) -> DraftView:
    """读取已上传草稿的检查结果（JSON）。"""
    return view(load_for(services, principal, draft_id), principal)


@router.get("/{draft_id}/report", summary="草稿的 HTML 报告", response_class=HTMLResponse, responses=ERROR_RESPONSES)
def get_draft_report(draft_id: str, services: ServicesDep, principal: AnyRole) -> HTMLResponse:
    """草稿的 HTML 报告（自包含，可打印为 A4）。"""
    return HTMLResponse(report_html(services, principal, load_for(services, principal, draft_id)))


@router.delete("/{draft_id}", status_code=204, summary="删除草稿", responses=ERROR_RESPONSES)
def delete_draft(draft_id: str, services: ServicesDep, principal: AnyRole) -> Response:
    """删除草稿及其检查结果（上传者本人或管理员）。"""
    result = load_for(services, principal, draft_id)
    if principal.role != "admin" and result.owner != principal.key_id:
        raise ApiError(403, "auth.forbidden", "只能删除自己上传的草稿。")
    services.drafts.delete(draft_id)
    return Response(status_code=204)
