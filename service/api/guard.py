"""The upload guard: one ASGI middleware in front of every request body.

- Size, while streaming (every request; the routes that take files have the upload limits, the others
  `other_body_bytes`): a declared `Content-Length` over the limit is answered 413 before anything is
  read; a body that grows past the limit while it arrives (chunked, or a length that lies) is cut
  there — the application sees the end of the body, whatever it already answered is replaced by the 413,
  and the connection is closed, so no more than the limit is ever read, spooled or written to disk.
- Concurrency: the routes that read and check files (drafts, the web page, batch uploads, corpus adds)
  share `slots` places; a request beyond them gets 503 with `Retry-After` at once, before its body is
  read, so a burst costs neither memory nor disk, and resident memory returns to its plateau.

Errors use the API's JSON body (`{"error": {...}}`), or a short Chinese page for the web page's paths.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body

# (method, path) of the routes that take files and check them; "batch" ones may carry many files.
UPLOAD_ROUTES: dict[tuple[str, str], str] = {
    ("POST", "/api/drafts"): "single",
    ("POST", "/web/check"): "single",
    ("POST", "/api/corpus"): "single",
    ("POST", "/api/jobs/upload"): "batch",
}


class BodyTooLarge(Exception):  # noqa: N818 - a signal between receive and the middleware
    pass


@dataclass(frozen=True)
class GuardLimits:
    body_bytes: int  # the most one submission's upload may carry (its files plus multipart overhead)
    batch_body_bytes: int  # the same for a batch upload (many files)
    slots: int  # upload requests served at once
    retry_after_s: int  # what a 503 tells the client to wait
    other_body_bytes: int = 1024 * 1024  # any other request (JSON bodies)

    def body_limit(self, kind: str | None) -> int:
        return {"single": self.body_bytes, "batch": self.batch_body_bytes}.get(kind or "", self.other_body_bytes)


def _reply(
    scope: Scope, status: int, code: str, message: str, headers: Iterable[tuple[str, str]] = ()
) -> list[Message]:
    """The ASGI messages of an error answer: JSON for the API, a small page for the web page."""
    if str(scope.get("path", "")).startswith("/web/"):
        body = (
            f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{status}</title>'
            f'<p>{message}</p><p><a href="/">返回</a></p></html>'
        ).encode()
        ctype = b"text/html; charset=utf-8"
    else:
        body = json.dumps(error_body(status, code, message), ensure_ascii=False).encode()
        ctype = b"application/json"
    raw = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    raw += [(k.encode(), v.encode()) for k, v in headers]
    return [
        {"type": "http.response.start", "status": status, "headers": raw},
        {"type": "http.response.body", "body": body},
    ]


class UploadGuard:
    def __init__(self, app: ASGIApp, limits: GuardLimits) -> None:
        self.app = app
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.slots)
        self.rejected_busy = 0  # counters for the soak benchmark and the tests
        self.cut_bodies = 0

    @staticmethod
    def _route_kind(scope: Scope) -> str | None:
        """ "single"/"batch" for an upload route, None for any other request."""
        return UPLOAD_ROUTES.get((scope.get("method", ""), str(scope.get("path", "")).rstrip("/")))

    @staticmethod
    def _too_large_message(limit: int) -> str:
        return f"上传内容超过上限 {limit / 1048576:.0f} MB，请压缩图片或拆分后再上传。"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kind = self._route_kind(scope)
        limit = self.limits.body_limit(kind)
        if self._declared_length(scope) > limit:
            for msg in _reply(scope, 413, "upload.too_large", self._too_large_message(limit)):
                await send(msg)
            return
        if kind is None:
            await self._limited_call(scope, receive, send, limit)
            return
        if not self._slots.acquire(blocking=False):
            self.rejected_busy += 1
            wait = self.limits.retry_after_s
            message = f"服务器正忙（正在检查的文件已达上限 {self.limits.slots} 个），请 {wait} 秒后重试。"
            for msg in _reply(scope, 503, "server.busy", message, [("retry-after", str(wait))]):
                await send(msg)
            return
        try:
            await self._limited_call(scope, receive, send, limit)
        finally:
            self._slots.release()

    @staticmethod
    def _declared_length(scope: Scope) -> int:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0
        return 0

    async def _limited_call(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0
        cut = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, cut
            if cut:  # the application asks again after the cut: the body is over
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    cut = True
                    self.cut_bodies += 1
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if cut:  # whatever the application answers to a cut body, the client gets the 413
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            pass
        if cut and not started:
            for msg in _reply(scope, 413, "upload.too_large", self._too_large_message(limit)):
                await send(msg)

    def stats(self) -> dict[str, Any]:
        return {"slots": self.limits.slots, "rejected_busy": self.rejected_busy, "cut_bodies": self.cut_bodies}
