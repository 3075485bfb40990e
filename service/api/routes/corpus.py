"""The corpus of past projects: reviewers list it, admins add and remove projects."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel

from index.store import CorpusStore, ProjectRecord
from ingest.fileio import atomic_write_bytes

from ...corpus import Meta, ProjectInput, add_projects
from ...results import FileError
from ...storage import display_name, new_id
from ..deps import Admin, ServicesDep, Staff, read_limited
from ..errors import ERROR_RESPONSES, ApiError
from ..uploads import accept

router = APIRouter(prefix="/api/corpus", tags=["corpus 语料库"])


class CorpusListing(BaseModel):
    projects: list[ProjectRecord]
    count: int


class AddedProject(BaseModel):
    project_id: str
    errors: list[FileError]


@router.get("", summary="语料库项目列表", response_model=CorpusListing, responses=ERROR_RESPONSES)
def list_corpus(
    services: ServicesDep,
    principal: Staff,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="年度")] = None,
) -> CorpusListing:
    """语料库中的历年项目（评审人员和管理员）。"""
    if not services.settings.db.exists():
        return CorpusListing(projects=[], count=0)
    with CorpusStore(services.settings.db) as store:
        projects = store.list_projects(year=year)
    return CorpusListing(projects=projects, count=len(projects))


@router.post("", status_code=201, summary="加入一个历年项目", response_model=AddedProject, responses=ERROR_RESPONSES)
async def add_corpus_project(
    services: ServicesDep,
    principal: Admin,
    files: Annotated[list[UploadFile], File(description="该项目的文件（成果报告、实施记录等）")],
    year: Annotated[int, Form(ge=1990, le=2100)],
    company: Annotated[str | None, Form(max_length=200)] = None,
    title: Annotated[str | None, Form(max_length=300)] = None,
    award: Annotated[str | None, Form(max_length=50)] = None,
) -> AddedProject:
    """把一个历年项目（一个或多个文件）加入语料库（管理员）。"""
    if not files or len(files) > 20:
        raise ApiError(422, "corpus.files", "请上传 1 至 20 个文件。")
    folder = services.settings.data_dir / "corpus_files" / new_id()
    paths = []
    for i, f in enumerate(files, start=1):
        data = await read_limited(f, services.settings.max_upload_bytes)
        fmt = accept(data, display_name(f.filename, f"文件{i}"))
        p = folder / f"{i:02d}.{fmt}"
        atomic_write_bytes(p, data)
        paths.append(p)
    meta: Meta = {"year": year} | {k: v for k, v in (("company", company), ("title", title), ("award", award)) if v}
    outcome = await run_in_threadpool(
        add_projects,
        services.settings.db,
        [ProjectInput(paths, meta, title or "上传项目")],
        options=services.read_options(),
    )
    services.corpus_changed()
    if not outcome.added:
        msg = "；".join(e.message or e.reason for e in outcome.errors) or "项目未能加入语料库。"
        raise ApiError(422, "corpus.rejected", msg)
    return AddedProject(project_id=outcome.added[0][0], errors=outcome.errors)


@router.delete("/{project_id}", status_code=204, summary="移除项目", responses=ERROR_RESPONSES)
def remove_corpus_project(project_id: str, services: ServicesDep, principal: Admin) -> Response:
    """从语料库移除一个项目（管理员）。"""
    if not services.settings.db.exists():
        raise ApiError(404, "corpus.not_found", f"语料库中没有项目 {project_id}。")
    with CorpusStore(services.settings.db) as store:
        removed = store.remove_project(project_id)
    if not removed:
        raise ApiError(404, "corpus.not_found", f"语料库中没有项目 {project_id}。")
    services.corpus_changed()
    return Response(status_code=204)
