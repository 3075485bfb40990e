"""The `qcscreen` entry point: `qcscreen extract FILE [--json]` runs straight away (`service.cli_read`),
so does a plain `qcscreen similar FILE [--db DB] [--all] [--json]` (`service.cli_similar`), everything
else through the typer application (`service.cli`).

A user's script calls `extract` once per file, so that command starts without typer, rich and
pydantic-settings (issue 16: start-up); a cold `similar` is measured against 3 s. Their output, messages
and exit status are the typer commands', which call the same `run_extract` / `run_similar`. The one-shot
commands that only read files and print end without the interpreter's teardown (`cli_read.leave`)."""

from __future__ import annotations

import gc
import os
import sys

from .cli_read import defer_imports, leave, plain_extract, prepare_process, run_extract

# Commands that read, print and are done: nothing of theirs runs after their output (no worker left, no
# file being written), so the process ends with `leave` instead of freeing every imported module's
# objects (and so does any help: `qcscreen`, `--help` of any command). `screen`, `serve` and the corpus,
# key, model and Spark commands end as usual.
ONE_SHOT = frozenset({"extract", "check", "compare", "similar"})


def one_shot(args: list[str]) -> bool:
    return not args or args[0] in ONE_SHOT or "--help" in args


def main() -> None:
    prepare_process()
    args = sys.argv[1:]
    plain = plain_extract(args)
    if plain is not None:
        # This process only imports, forks the reading worker and prints: no collection of cycles in it
        # (≈ 0.01 CPU s of passes over pydantic's and python-pptx's new objects); the worker collects.
        gc.disable()
        os.register_at_fork(after_in_child=gc.enable)
        defer_imports()
        leave(run_extract(*plain))
    if args and args[0] == "similar":
        from .cli_similar import plain_similar, run_similar

        plain_similar_args = plain_similar(args)
        if plain_similar_args is not None:
            leave(run_similar(*plain_similar_args))
    from .cli import app

    if not one_shot(args):
        app()
        return
    try:
        app()
    except SystemExit as e:
        leave(e.code)


if __name__ == "__main__":
    main()
