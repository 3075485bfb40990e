"""The web service: FastAPI app factory, routers per resource, OpenAPI docs at /docs."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request

from ..settings import Settings
from . import errors, web
from .audit import AccessLogMiddleware
from .guard import GuardLimits, UploadGuard
from .routes import access_log, corpus, drafts, jobs, system
from .services import Services

DESCRIPTION = """质量攻关 / QC 成果预审服务。

* **推荐单位 / 企业**（recommender）：上传草稿，查看缺少的步骤和疑似复制的内容（来源只显示“某年某企业项目”和比例）。
* **评审 / 预审人员**（reviewer）：查看完整的相似来源；对一个批次开始批量预审并下载汇总表。
* **管理员**（admin）：管理历年项目语料库。

认证：请求头 `X-API-Key`（管理员用 `qcscreen keys add --role ...` 创建）。错误以 JSON 返回：`{"error": {"status", "code", "message"}}`。
"""


MULTIPART_OVERHEAD = 1024 * 1024


def guard_limits(settings: Settings) -> GuardLimits:
    """A draft carries up to three files (deck, 申报表, 实施记录); a batch upload several (the per-file
    limit still applies to each)."""
    return GuardLimits(
        body_bytes=settings.max_upload_bytes * 3 + MULTIPART_OVERHEAD,
        batch_body_bytes=settings.max_upload_bytes * 4 + MULTIPART_OVERHEAD,
        slots=settings.max_concurrent_checks,
        retry_after_s=settings.busy_retry_after_s,
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    services = Services(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        services.drafts.purge()
        services.access_log.purge()
        services.jobs.resume()  # jobs queued or running when the server stopped go on
        # Load the embedding model and the corpus in the background so the first upload is not slow.
        threading.Thread(target=services.warm_up, name="qcscreen-warm-up", daemon=True).start()
        yield
        services.jobs.shutdown()

    app = FastAPI(
        title="qcscreen 质量攻关成果预审服务",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.services = services
    errors.install(app)
    # Every body is cut at its limit while it streams; the routes that check files share a few slots.
    app.add_middleware(UploadGuard, limits=guard_limits(settings))
    app.add_middleware(AccessLogMiddleware, log=services.access_log, identify=services.keys.verify)
    for r in (system.router, drafts.router, jobs.router, corpus.router, access_log.router):
        app.include_router(r)
    app.include_router(web.router)

    @app.middleware("http")
    async def no_store(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app
