"""What the command modules share: settings, read options, the stderr console, usage errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ingest.options import ReadOptions

from .settings import Settings

err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOpt = Annotated[
    Path | None, typer.Option("--db", help="语料库 SQLite 文件（默认 $QCSCREEN_DB 或 out/corpus.sqlite）")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（schema 1）")]


def settings() -> Settings:
    return Settings()


def read_options() -> ReadOptions:
    return ReadOptions(timeout_s=settings().read_timeout_s)


def fail(message: str, code: int = 2) -> typer.Exit:
    """A usage or setup error: the Chinese message on stderr, exit code 2."""
    err.print(f"[red]错误：[/red]{message}")
    return typer.Exit(code)
