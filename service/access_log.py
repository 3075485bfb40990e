"""The access log: who (key id, role) read, downloaded, uploaded or deleted which submission and report —
the question a reviewer asks when confidential material leaks.

Append-only: one JSON line per request, appended with O_APPEND in a single write to the month's file
`access-YYYY-MM.jsonl` under the log folder; nothing ever rewrites a line. Retention removes whole
month files once every day in them is older than `retention_days` (default 400: a year and its
review). Reading (`entries`) filters by key, resource id and time, for `GET /api/access-log` (admin).
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict

_FILE_RE = re.compile(r"access-(\d{4})-(\d{2})\.jsonl")


class AccessEntry(BaseModel):
    """One request by an authenticated caller to a route that touches submissions or reports."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    ts: str  # ISO 8601, UTC, seconds
    key_id: str
    role: str
    method: str
    route: str  # the route's template, e.g. /api/drafts/{draft_id}/report
    resource: dict[str, str] = {}  # the path parameters: draft_id, job_id, submission, project_id
    status: int
    client: str | None = None  # the peer address as the server saw it


class AccessLog:
    def __init__(self, directory: Path, retention_days: float = 400.0) -> None:
        self.directory = directory
        self.retention = timedelta(days=retention_days)
        self._lock = threading.Lock()
        self._purged_on: str | None = None

    def _path_for(self, when: datetime) -> Path:
        return self.directory / f"access-{when:%Y-%m}.jsonl"

    def record(self, entry: AccessEntry) -> None:
        """Append one line (a single write on an O_APPEND descriptor: lines never interleave)."""
        line = (entry.model_dump_json() + "\n").encode("utf-8")
        now = datetime.now(UTC)
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(self._path_for(now), os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":  # a line cut by a crash: start a new one
                    line = b"\n" + line
                os.write(fd, line)
            finally:
                os.close(fd)
            if self._purged_on != f"{now:%Y-%m-%d}":
                self._purged_on = f"{now:%Y-%m-%d}"
                self.purge(now)

    def purge(self, now: datetime | None = None) -> list[Path]:
        """Remove the month files whose last day is older than the retention; returns them."""
        now = now or datetime.now(UTC)
        removed = []
        for path in sorted(self.directory.glob("access-*.jsonl")):
            m = _FILE_RE.fullmatch(path.name)
            if m is None:
                continue
            year, month = int(m.group(1)), int(m.group(2))
            month_end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
            if now - month_end > self.retention:
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed

    def entries(
        self, *, key_id: str | None = None, resource: str | None = None, since: datetime | None = None
    ) -> Iterator[AccessEntry]:
        """Entries oldest first, filtered by key id, by a resource id (any path parameter) and time (a time
        without a zone is UTC)."""
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        for path in sorted(self.directory.glob("access-*.jsonl")):
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        entry = AccessEntry.model_validate(json.loads(line))
                    except ValueError:
                        continue  # a line cut by a crash mid-write: skipped, the rest is intact
                    if key_id is not None and entry.key_id != key_id:
                        continue
                    if resource is not None and resource not in entry.resource.values():
                        continue
                    if since is not None and datetime.fromisoformat(entry.ts) < since:
                        continue
                    yield entry
