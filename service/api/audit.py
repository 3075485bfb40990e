"""Writing the access log (service.access_log) for every authenticated request that touches submissions
or reports, whatever its answer — a refused attempt on another company's draft is logged too.

One ASGI middleware: after the response started, it reads the caller the auth dependency left in the
request state (`remember(request, principal)`), the matched route's template and its path parameters,
and appends one entry. A request the upload guard refused before any route ran (413 body too large,
503 busy) has no remembered caller: its key (X-API-Key header or the page's cookie) is verified here, so
an oversized or refused upload is attributed too. Requests without a valid key are not attributed to
anyone and are not logged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..access_log import AccessEntry, AccessLog
from ..auth import Principal

AUDITED_PREFIXES = (
    "/api/drafts",
    "/api/jobs",
    "/api/corpus",
    "/api/access-log",
    "/web/check",
    "/web/drafts",
    "/web/jobs",
)
STATE_KEY = "principal"
REFUSED_BEFORE_ROUTING = (413, 503)  # the upload guard's answers: no route, so no auth dependency, ran
KEY_HEADER = "X-API-Key"
KEY_COOKIE = "qcscreen_key"


def remember(request: Request, principal: Principal) -> None:
    """Called by whoever authenticates a request, so the access log knows who it was."""
    setattr(request.state, STATE_KEY, principal)


def presented_key(scope: Scope) -> str | None:
    """The API key a request carries, read as the auth dependency reads it: the X-API-Key header, else the
    web page's cookie."""
    headers = Headers(scope=scope)
    return headers.get(KEY_HEADER) or cookie_parser(headers.get("cookie", "")).get(KEY_COOKIE)


class AccessLogMiddleware:
    def __init__(
        self, app: ASGIApp, log: AccessLog, identify: Callable[[str | None], Principal | None] | None = None
    ) -> None:
        self.app, self.log = app, log
        self.identify = identify  # verifies a key; used only for requests refused before routing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(AUDITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})  # the dict `remember` writes into, shared with the routes' requests
        status = 0

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            principal = (scope.get("state") or {}).get(STATE_KEY)
            if principal is None and status in REFUSED_BEFORE_ROUTING and self.identify is not None:
                principal = self.identify(presented_key(scope))
            if isinstance(principal, Principal):
                self.log.record(_entry(scope, principal, status or 500))  # no answer started: an error


def _entry(scope: Scope, principal: Principal, status: int) -> AccessEntry:
    route: Any = scope.get("route")
    client = scope.get("client")
    return AccessEntry(
        ts=datetime.now(UTC).isoformat(timespec="seconds"),
        key_id=principal.key_id,
        role=principal.role,
        method=str(scope.get("method", "")),
        route=str(getattr(route, "path", None) or scope.get("path", "")),
        resource={str(k): str(v) for k, v in (scope.get("path_params") or {}).items()},
        status=status,
        client=f"{client[0]}" if client else None,
    )
