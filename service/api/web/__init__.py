"""The Chinese web pages: draft self-check for recommenders (`drafts.py`), batch jobs for staff (`jobs.py`)."""

from __future__ import annotations

from fastapi import APIRouter

from . import drafts, jobs

router = APIRouter(include_in_schema=False)
router.include_router(drafts.router)
router.include_router(jobs.router)
