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

from .cli_read import defer_imports, leave, plain_extract, prepare_process, read_without_urls, run_extract

# Commands that read, print and are done: nothing of theirs runs after their output (no worker left, no
# file being written), so the process ends with `leave` instead of freeing every imported module's
# objects (and so does any help: `qcscreen`, `--help` of any command). `screen`, `serve` and the corpus,
# key, model and Spark commands end as usual.
ONE_SHOT = frozenset({"extract", "check", "compare", "similar"})


def one_shot(args: list[str]) -> bool:
    return not args or args[0] in ONE_SHOT or "--help" in args


def no_collection() -> None:
    """No collection of cycles in a one-shot command's process: it imports, reads through its worker,
    compares and prints, and leaves (`leave`) without freeing anything. The passes over the objects
    of every imported module cost `extract` ≈ 0.01 CPU s and a cold `similar` ≈ 0.05–0.07 (≈ 230
    collections; ≈ 1,900 cyclic objects left at the end of `similar`, +0–13 MB at most; issue 16).
    A forked worker (the file's reader) collects again, over its own new objects only: what it
    inherits is frozen at the fork (`gc.freeze`), so its passes do not walk (and copy) the parent's."""
    gc.disable()
    os.register_at_fork(before=gc.freeze, after_in_child=gc.enable)


def main() -> None:
    prepare_process()
    args = sys.argv[1:]
    if one_shot(args):
        no_collection()
    plain = plain_extract(args)
    if plain is not None:
        defer_imports()
        read_without_urls()
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
