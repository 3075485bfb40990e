"""Batch jobs for 预审 staff: screen a server-side folder or uploaded files, poll, download."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, Field

from ingest.fileio import atomic_write_bytes
from ingest.paths import list_folder
from ingest.sniff import sniff

from ...storage import display_name
from ..deps import ServicesDep, Staff, read_limited
from ..errors import ERROR_RESPONSES, ApiError
from ..jobs import Job, JobBrief
from ..services import Services
from ..uploads import accept

router = APIRouter(prefix="/api/jobs", tags=["jobs 批量预审"])
MAX_FILES = 200


class FolderJob(BaseModel):
    folder: str = Field(description="批次文件夹名称（取自 GET /api/jobs/folders）", max_length=200)
    year: int = Field(ge=1990, le=2100, description="申报年度")


class FolderList(BaseModel):
    folders: list[str]


class JobList(BaseModel):
    jobs: list[JobBrief]


def folders_of(services: Services) -> dict[str, Path]:
    """The batch folders staff may screen: direct sub-folders of batch_root, by name."""
    root = services.settings.batch_root
    if not root.is_dir():
        return {}
    # Real folders only: a link under the batch root is never offered, so a job never leaves the root.
    dirs, _ = list_folder(root)
    return {p.name: p for p in dirs if not p.name.startswith(".")}


def _job(services: Services, job_id: str) -> Job:
    job = services.jobs.get(job_id)
    if job is None:
        raise ApiError(404, "job.not_found", "未找到该批量预审任务。")
    return job


@router.get("/folders", summary="可预审的服务器端文件夹", response_model=FolderList, responses=ERROR_RESPONSES)
def list_folders(services: ServicesDep, principal: Staff) -> FolderList:
    """服务器上可用于批量预审的文件夹（只能从此列表中选择，不能提交路径）。"""
    return FolderList(folders=list(folders_of(services)))


@router.post("", status_code=202, summary="对服务器端文件夹开始批量预审", response_model=Job, responses=ERROR_RESPONSES)
def start_folder_job(body: FolderJob, services: ServicesDep, principal: Staff) -> Job:
    """对 batch_root 下的一个文件夹开始批量预审，返回任务状态（轮询 GET /api/jobs/{id}）。"""
    folder = folders_of(services).get(body.folder)
    if folder is None:
        raise ApiError(
            404, "job.folder_not_found", f"没有名为“{body.folder}”的批次文件夹，请从 /api/jobs/folders 中选择。"
        )
    return services.jobs.start(input_dir=folder, year=body.year, source=f"folder:{body.folder}", owner=principal.key_id)


@router.post(
    "/upload", status_code=202, summary="上传文件并开始批量预审", response_model=Job, responses=ERROR_RESPONSES
)
async def start_upload_job(
    services: ServicesDep,
    principal: Staff,
    files: Annotated[list[UploadFile], File(description="每个文件为一个申报项目")],
    year: Annotated[int, Form(ge=1990, le=2100, description="申报年度")],
    roster: Annotated[UploadFile | None, File(description="推荐单位的立项申报汇总表（可选，XLSX/DOCX）")] = None,
) -> Job:
    """上传若干文件（每个文件一个项目，可附立项申报汇总表）并开始批量预审。"""
    if not files or len(files) > MAX_FILES:
        raise ApiError(422, "job.files", f"请上传 1 至 {MAX_FILES} 个文件。")
    job_id, input_dir = services.jobs.new_upload_dir()
    names: dict[str, str] = {}
    for i, f in enumerate(files, start=1):
        data = await read_limited(f, services.settings.max_upload_bytes)
        shown = display_name(f.filename, f"文件{i}")
        fmt = accept(data, shown)
        sid = f"U{i:03d}"
        atomic_write_bytes(input_dir / f"{sid}.{fmt}", data)
        names[sid] = shown
    if roster is not None:
        data = await read_limited(roster, services.settings.max_upload_bytes)
        fmt = sniff(data, roster.filename or "")
        if fmt not in ("xlsx", "docx"):
            raise ApiError(415, "job.roster_type", "立项申报汇总表请上传 XLSX 或 DOCX 文件。")
        atomic_write_bytes(input_dir / f"立项申报汇总表.{fmt}", data)  # found by the batch among its loose files
    return services.jobs.start(
        input_dir=input_dir, year=year, source="upload", owner=principal.key_id, names=names, job_id=job_id
    )


@router.get("", summary="批量预审任务列表", response_model=JobList, responses=ERROR_RESPONSES)
def list_jobs(services: ServicesDep, principal: Staff) -> JobList:
    """全部批量预审任务（服务重启后仍保留；重启时未完成的任务会继续，已完成的项目不重做）。"""
    return JobList(jobs=services.jobs.list())


@router.get("/{job_id}", summary="任务状态", response_model=Job, responses=ERROR_RESPONSES)
def get_job(job_id: str, services: ServicesDep, principal: Staff) -> Job:
    """任务状态：queued / running / done / failed，进度、失败文件和汇总行。"""
    return _job(services, job_id)


def _output(services: Services, job_id: str, name: str) -> Path:
    job = _job(services, job_id)
    if job.status != "done":
        raise ApiError(409, "job.not_done", f"任务尚未完成（当前状态：{job.status}）。")
    path = services.jobs.out_dir(job_id) / name
    if not path.is_file():
        raise ApiError(404, "job.output_missing", "任务输出文件不存在。")
    return path


@router.get("/{job_id}/summary.xlsx", summary="下载汇总表", response_class=FileResponse, responses=ERROR_RESPONSES)
def get_summary_xlsx(job_id: str, services: ServicesDep, principal: Staff) -> FileResponse:
    """下载 summary.xlsx。"""
    return FileResponse(
        _output(services, job_id, "summary.xlsx"),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="summary.xlsx",
    )


@router.get("/{job_id}/summary.json", summary="下载汇总 JSON", response_class=FileResponse, responses=ERROR_RESPONSES)
def get_summary_json(job_id: str, services: ServicesDep, principal: Staff) -> FileResponse:
    """下载 summary.json。"""
    return FileResponse(
        _output(services, job_id, "summary.json"), media_type="application/json", filename="summary.json"
    )


@router.get(
    "/{job_id}/reports/{submission}",
    summary="单个项目的 HTML 报告",
    response_class=HTMLResponse,
    responses=ERROR_RESPONSES,
)
def get_job_report(job_id: str, submission: str, services: ServicesDep, principal: Staff) -> HTMLResponse:
    """某个项目的 HTML 报告（编号见任务状态中的 rows；也接受报告文件名，如 S01.html）。"""
    job = _job(services, job_id)
    rel = next((r.report for r in job.rows if submission in (r.submission, Path(r.report or "").name)), None)
    if not rel:
        raise ApiError(404, "job.report_missing", f"任务中没有项目 {submission} 的报告。")
    return HTMLResponse(_output(services, job_id, rel).read_text(encoding="utf-8"))


@router.get("/{job_id}/index.html", summary="批次总览页", response_class=HTMLResponse, responses=ERROR_RESPONSES)
def get_job_overview(job_id: str, services: ServicesDep, principal: Staff) -> HTMLResponse:
    """批次总览：按结论和类型计数、复制比分布、谁复制了谁（每个节点链接到对应报告）。"""
    return HTMLResponse(_output(services, job_id, "index.html").read_text(encoding="utf-8"))
