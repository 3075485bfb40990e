"""The `qcscreen` entry point: `qcscreen extract FILE [--json]` runs straight away (`service.cli_read`),
everything else through the typer application (`service.cli`).

A user's script calls `extract` once per file, so that command starts without typer, rich and
pydantic-settings (issue 16: start-up); its output, messages and exit status are the typer command's,
which calls the same `run_extract`."""

from __future__ import annotations

import sys

from .cli_read import plain_extract, prepare_process, run_extract


def main() -> None:
    prepare_process()
    plain = plain_extract(sys.argv[1:])
    if plain is not None:
        sys.exit(run_extract(*plain))
    from .cli import app

    app()


if __name__ == "__main__":
    main()
