"""What the command modules share: settings, read options, the stderr console, usage errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_read import console, load_encoder, read_options, settings
from .cli_zh import ChineseGroup

if TYPE_CHECKING:  # imported where used: `qcscreen --help` starts without pydantic-settings or ingest
    from .pipeline import BatchConfig

__all__ = ["DbOpt", "JsonOpt", "batch_config", "err", "fail", "load_encoder", "new_app", "read_options", "settings"]

err = console()

DbOpt = Annotated[
    Path | None,
    typer.Option("--db", metavar="语料库", help="语料库 SQLite 文件（默认 $QCSCREEN_DB 或 out/corpus.sqlite）"),
]
JsonOpt = Annotated[bool, typer.Option("--json", metavar="", help="输出 JSON（schema 1）")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """A usage or setup error: the Chinese message on stderr, exit code 2."""
    err.print(f"[red]错误：[/red]{message}")
    return typer.Exit(code)


def new_app(help: str, name: str | None = None) -> typer.Typer:
    """A typer app or sub-app whose help and usage errors are in Chinese."""
    return typer.Typer(
        name=name,
        help=help,
        cls=ChineseGroup,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


def batch_config(year: int, db: Path, roster: Path | None, *, workers: int = 1) -> BatchConfig:
    """What `screen` and `spark screen` run a batch with: the encoder (loaded here), template, read options."""
    from .pipeline import BatchConfig

    enc = load_encoder()
    return BatchConfig(
        year=year,
        db=db,
        encoder=enc.encoder,
        semantic_message=enc.message,
        template_file=settings().template_file,
        read_options=read_options(),
        roster=roster,
        workers=workers,
    )
