"""Document properties shared by the PPTX and DOCX builders (python-pptx and python-docx expose the
same core-properties object): author, title, revision and dates the way a team's file carries them."""

from __future__ import annotations

import datetime as dt
from typing import Any


def stamp_properties(props: Any, meta: dict[str, Any], *, title: str, revision: int) -> None:
    author = meta.get("author", "Administrator")
    props.author = author
    props.last_modified_by = author
    props.title = meta.get("title", title)
    props.revision = meta.get("revision", revision)
    props.created = props.modified = dt.datetime.fromisoformat(meta.get("date", "2024-03-01T09:00:00"))
