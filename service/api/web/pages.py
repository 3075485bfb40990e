"""What the web pages share: the templates, the caller from the key cookie, empty file inputs."""

from __future__ import annotations

from fastapi import Request, UploadFile
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from ...auth import Principal
from ..audit import remember
from ..deps import KEY_COOKIE
from ..services import Services

_env = Environment(loader=PackageLoader("service.api.web", "templates"), autoescape=select_autoescape(["html"]))


def page(name: str, status: int = 200, **ctx: object) -> HTMLResponse:
    return HTMLResponse(_env.get_template(name).render(**ctx), status_code=status)


def chosen(upload: UploadFile | None) -> UploadFile | None:
    """A browser sends an empty part for an optional file input left empty."""
    return upload if upload is not None and upload.filename else None


def principal_of(services: Services, request: Request, key: str | None = None) -> Principal | None:
    principal = services.keys.verify(key or request.cookies.get(KEY_COOKIE))
    if principal is not None:
        remember(request, principal)  # the access log knows who it was
    return principal
