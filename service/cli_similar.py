"""`qcscreen similar` without typer, as `extract` runs (`service.cli_read`): a cold `similar` is measured
against 3 s (issue 16), and typer's import and its parameter parsing (a pydantic TypeAdapter per
parameter) are ≈ 0.06 CPU s on the one thread that everything else waits for. `service.cli_main` runs
`run_similar` straight away when the arguments are plain (`plain_similar`); the typer command
(`service.cli.similar`) calls the same function, so output, messages and exit status are the same."""

from __future__ import annotations

import time
from pathlib import Path

from .cli_read import ExitCode, emit_json, load_encoder, load_encoder_quietly, meanwhile, read_document, say
from .cli_read import settings as settings_

NO_CORPUS = "语料库不存在：{db}。请先用 qcscreen corpus add 建立语料库，或用 --db 指定。"


def prepare_similar() -> None:
    """What `similar` needs once its file is read: the corpus and comparison modules, the encoder loaded."""
    from . import similarity  # noqa: F401 - in the reading worker's time (not service.stages: ≈ 0.06 CPU s less)

    load_encoder_quietly()


def run_similar(file: Path, db: Path | None, show_all: bool, as_json: bool) -> int:
    """`qcscreen similar`: the similarity report of `file` against the corpus `db` (default: settings) on
    stdout. Returns the exit status."""
    dbp = db or settings_().db
    if not dbp.exists():
        say("[red]错误：[/red]" + NO_CORPUS.format(db=dbp))
        return 2
    # The file is read before the corpus modules (faiss) are imported: the worker is forked from this
    # light process; meanwhile a thread imports them and loads the encoder (issue 16: cold `similar`).
    try:
        with meanwhile(prepare_similar):
            doc = read_document(file, as_json)
    except ExitCode as e:
        return e.code
    from .console import print_passages, print_similarity
    from .labels import file_format
    from .similarity import Similarity

    enc = load_encoder()
    say(f"正在加载语料库 {dbp} 并比对…")
    started = time.perf_counter()
    sim = Similarity(dbp, encoder=enc.encoder, template_file=settings_().template_file, overlap=True)
    outcome = sim.similar(doc, include_source_text=True)
    say(f"比对完成（{time.perf_counter() - started:.1f} 秒）。")
    if outcome.semantic_error:
        say(f"[yellow]提示：[/]{outcome.semantic_error}")
    if as_json:
        emit_json(outcome.report)
    else:
        print_similarity(outcome.report)
        print_passages(outcome.report, doc.format or file_format(file.name), limit=None if show_all else 5)
    return 0


def plain_similar(args: list[str]) -> tuple[Path, Path | None, bool, bool] | None:
    """(file, db, show_all, as_json) when `args` are `similar FILE` with only `--db PATH`, `--all` and
    `--json` around it; None for anything else (help, odd names, `--db=PATH`), which typer parses."""
    if not args or args[0] != "similar":
        return None
    file: Path | None = None
    db: Path | None = None
    show_all = as_json = False
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--json":
            as_json = True
        elif arg == "--all":
            show_all = True
        elif arg == "--db":
            value = next(rest, "")
            if not value or value.startswith("-"):
                return None
            db = Path(value)
        elif arg.startswith("-") or not arg or file is not None:
            return None
        else:
            file = Path(arg)
    return (file, db, show_all, as_json) if file is not None else None
