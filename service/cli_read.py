"""Reading one input file for the command line, and `qcscreen extract`, without typer or rich.

`qcscreen extract FILE [--json]` is what a user's script calls once per file, so its start-up counts
(issue 16): `service.cli_main` runs it straight through `run_extract` when the arguments are that plain,
and the typer command (`service.cli.extract`) calls the same function. Nothing here imports typer,
rich or pydantic-settings on the way to the first byte read; the console (rich, `console()`, which is
also `service.cli_common.err`) is made only to print a message — a missing file, a file that cannot
be read, a page not read.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console

    from ingest.model import Document
    from ingest.options import ReadOptions

    from .semantic import EncoderState
    from .settings import Settings


class ExitCode(Exception):  # noqa: N818 - not an error: the command's exit status, after its messages
    """Stop the command with exit status `code` (its messages are already printed)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def settings() -> Settings:
    from .settings import Settings

    return Settings()


def read_options() -> ReadOptions:
    from ingest.options import ReadOptions

    s = settings()
    return ReadOptions(timeout_s=s.read_timeout_s, ocr_cache_dir=s.ocr_cache_dir, ocr_model_dir=s.ocr_model_dir)


def prepare_process() -> None:
    """What every command needs first: UTF-8 output, and no scan for pydantic plugins."""
    # qcscreen uses no pydantic plugins: without this, the first model class built scans every installed
    # distribution's entry points for one (≈ 0.08 CPU s of every command's start-up, issue 16).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    no_plugin_loader()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")


def stand_in(name: str, doc: str, **names: object) -> None:
    """Put a stand-in for the module `name` in `sys.modules`, holding `names`: a module imported on a
    command's way for a part of it the command never uses. Any other name asked of the stand-in (PEP
    562) loads the real module, which then takes its place. Left alone when the module is imported
    already. The import system's own questions (`__path__`: a package?) are answered as for a module."""
    if name in sys.modules:
        return
    module = types.ModuleType(name, doc)
    parent_name, _, child = name.rpartition(".")

    def real(attr: str) -> object:
        if attr.startswith("__"):
            raise AttributeError(attr)
        if sys.modules.get(name) is module:
            del sys.modules[name]
        loaded = importlib.import_module(name)
        if parent_name and getattr(sys.modules.get(parent_name), child, None) is module:
            setattr(sys.modules[parent_name], child, loaded)
        return getattr(loaded, attr)

    module.__dict__.update(names, __getattr__=real)
    sys.modules[name] = module
    parent = sys.modules.get(parent_name) if parent_name else None
    if parent is not None:  # `import a.b` binds `a`; `a.b` is then looked up on it
        setattr(parent, child, module)


PLUGIN_LOADER = "pydantic.plugin._loader"


def no_plugin_loader() -> None:
    """With every pydantic plugin disabled (`PYDANTIC_DISABLE_PLUGINS=__all__`), pydantic's plugin
    loader returns none without looking; importing it at the first model class still imports
    importlib.metadata (with email, calendar and socket: ≈ 0.015–0.03 CPU s of every command, issue
    16), which nothing else on a command's way needs. A stand-in whose `get_plugins` returns no
    plugins, as the real one does then, takes its place. Left alone when plugins are allowed."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") == "__all__":
        stand_in(PLUGIN_LOADER, "pydantic's plugin loader while every plugin is disabled", get_plugins=tuple)


def leave(code: int | str | None) -> NoReturn:
    """End a one-shot command now, with `code` as `sys.exit` takes it: its output flushed, without the
    interpreter's teardown.

    At exit the interpreter frees, one by one, every object of every module the command imported
    (pydantic's schemas, python-pptx, ONNX Runtime, the corpus): ≈ 0.06 CPU s for `extract` of a
    one-slide deck, a fifth of its start-up budget (issue 16). Only for commands that have written
    everything they write and leave no worker or file behind (`service.cli_main.ONE_SHOT`): `atexit`
    handlers do not run."""
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more can be said there
            stream.flush()
    os._exit(code or 0)


# Modules python-pptx imports at its start but a deck's text never needs: PIL.Image (its image part,
# used only when a picture is read, by OCR): ≈ 0.01 CPU s of `extract`. Only a module imported as
# `from package import module` can be deferred this way on Python 3.11: `import package.module` asks
# the module for its `__spec__`, which loads it (so urllib.request, which xml.sax.saxutils imports for
# python-pptx, cannot: it gets a stand-in instead, `read_without_urls`).
DEFERRED_MODULES = ("PIL.Image",)


def read_without_urls() -> None:
    """xml.sax.saxutils, whose `escape` python-pptx imports, imports urllib.request for a SAX parser
    reading from a URL, which no reader uses; urllib.request imports http.client, ssl and email
    (≈ 0.01–0.02 CPU s of `extract` of a one-slide deck, issue 16). A stand-in takes its place in the
    command's process and its forked reader: the first name asked of it loads the real module."""
    importlib.import_module("urllib")  # the package alone (empty): `import urllib.request` binds it
    stand_in("urllib.request", "urllib.request, loaded at its first use")


def defer_imports(names: tuple[str, ...] = DEFERRED_MODULES) -> None:
    """Make each module of `names` load at the first use of one of its attributes instead of when it is
    imported (`importlib.util.LazyLoader`). Only for a process with one Python thread, as a plain
    `extract` and its reading worker are (LazyLoader's first use is not thread-safe before Python
    3.12); a module imported already, or not installed, is left as it is."""
    import importlib.util

    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            continue
        loader = importlib.util.LazyLoader(spec.loader)
        spec.loader = loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loader.exec_module(module)
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)


@cache
def console() -> Console:
    """The command line's stderr console (`cli_common.err`), made when first needed."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def say(markup: str) -> None:
    """One line (rich markup) on stderr, through the command line's console."""
    console().print(markup)


def load_encoder() -> EncoderState:
    """The semantic encoder, with status lines on stderr while it loads (seconds on 2 cores)."""
    from .semantic import load_semantic_encoder

    s = settings()
    if s.semantic:
        say("正在加载语义模型…")
    started = time.perf_counter()
    enc = load_semantic_encoder(s)
    if enc.message:
        say(f"[yellow]提示：[/]{enc.message}")
    elif enc.encoder is not None:
        say(f"语义模型已加载（{time.perf_counter() - started:.1f} 秒）。")
    return enc


def load_encoder_quietly() -> None:
    """Load the encoder without a word (what `similar` and `compare` do while their files are read)."""
    from index.embed import OnnxE5Encoder

    from .semantic import load_semantic_encoder

    encoder = load_semantic_encoder(settings()).encoder
    if isinstance(encoder, OnnxE5Encoder):
        encoder.load()


def usage_error(message: str, code: int = 2) -> ExitCode:
    """A usage or setup error: the Chinese message on stderr (as `cli_common.fail`), exit status 2."""
    say(f"[red]错误：[/red]{message}")
    return ExitCode(code)


def emit_json(model: BaseModel, *, exclude_none: bool = False) -> None:
    sys.stdout.write(model.model_dump_json(by_alias=True, indent=2, exclude_none=exclude_none) + "\n")


def read_document(path: Path, as_json: bool) -> Document:
    """The document of one input file; ExitCode 2 for a missing file or a folder, 1 (with the reason)
    for an unreadable one — a link or special file is refused by the reader, by name (ingest.paths),
    never followed."""
    from ingest.paths import entry_kind

    kind = entry_kind(path)
    if kind == "missing":
        raise usage_error(f"文件不存在：{path}")
    if kind == "dir":
        raise usage_error(f"{path} 是文件夹；此命令需要一个文件（批量预审请用 qcscreen screen）。")
    from .reading import read_one

    res = read_one(path, read_options())
    if res.document is not None:
        return res.document
    assert res.error is not None
    from .console import error_line
    from .results import ReadFailure

    if as_json:
        emit_json(ReadFailure(file=path.name, error=res.error), exclude_none=True)
    say(error_line(res.error))
    raise ExitCode(1)


_AFTER_FORK: list[threading.Thread] = []  # threads to start once the reading worker is forked


def _start_after_fork() -> None:
    while _AFTER_FORK:
        _AFTER_FORK.pop().start()


os.register_at_fork(after_in_parent=_start_after_fork)


@contextlib.contextmanager
def meanwhile(work: Callable[[], object]) -> Iterator[None]:
    """Run `work` (imports, loading the model) in a thread while the file is read by its worker process.

    The thread starts right after that worker is forked, so the worker still comes from a one-thread
    process without ONNX Runtime or faiss (`ingest.isolation` forks only then, else it starts a
    forkserver), and the parent prepares on the second core while the worker reads. `work` is an
    optimisation: an error in it is dropped, and whatever it did not finish the caller does itself
    (a module being imported in the thread is waited for by the caller's own import). Not for more
    than one reading worker: the second would see the thread and use the forkserver."""

    def run() -> None:
        with contextlib.suppress(Exception):
            work()

    thread = threading.Thread(target=run, name="qcscreen-prepare", daemon=True)
    _AFTER_FORK.append(thread)
    try:
        yield
    except BaseException:
        if thread.is_alive():  # a failed read: let the thread finish before the process exits
            thread.join()
        raise
    finally:
        if thread in _AFTER_FORK:  # no worker was forked (a missing file, a forkserver)
            _AFTER_FORK.remove(thread)


def run_extract(file: Path, as_json: bool) -> int:
    """`qcscreen extract`: the plain text (offsets of every report refer to it) or the Document JSON on
    stdout. Returns the exit status."""
    try:
        doc = read_document(file, as_json)
    except ExitCode as e:
        return e.code
    # What was not read is never silent: a file cut at the page limit, pages that failed (stderr).
    for issue in doc.issues:
        if issue.severity in ("fatal", "major"):
            say(f"[yellow]提示：[/]《{file.name}》{issue.message}")
    if as_json:
        sys.stdout.write(doc.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(doc.text)
        sys.stdout.flush()
    return 0


def plain_extract(args: list[str]) -> tuple[Path, bool] | None:
    """(file, as_json) when `args` are exactly `extract FILE` with an optional `--json` before or after
    the file; None for anything else (help, other options, odd file names), which typer parses."""
    if not args or args[0] != "extract" or len(args) not in (2, 3):
        return None
    rest = args[1:]
    as_json = "--json" in rest
    if as_json:
        rest.remove("--json")
    if len(rest) != 1 or not rest[0] or rest[0].startswith("-"):
        return None
    return Path(rest[0]), as_json
