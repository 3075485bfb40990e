"""Start-up (issue 16): the command line imports only what the command it runs needs.

The import graph is asserted, not a time: `qcscreen --help` loads typer and rich and nothing of the
checker, the corpus or the models; `extract` adds ingest and the one reader its file needs. Each case
runs in a fresh interpreter, as a user's shell would."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

# Heavy libraries no start-up path may import: model runtimes, the index's libraries, the checker's
# tokenizer, the report writers, the web stack.
NEVER_AT_START = [
    "torch",
    "transformers",
    "sentence_transformers",
    "onnxruntime",
    "tokenizers",
    "faiss",
    "datasketch",
    "scipy",
    "sklearn",
    "jieba",
    "openpyxl",
    "jinja2",
    "fastapi",
    "uvicorn",
    "index.similar",
    "index.copy",
    "index.same_project",
    "index.store",
    "index.embed",
    "nlp.check",
]

_PROBE = """
import json, sys
from service.cli import app
try:
    app({args!r})
except SystemExit:
    pass
with open({out!r}, "w") as f:
    json.dump(sorted(sys.modules), f)
"""


def _modules_after(args: list[str], tmp_path: Path) -> set[str]:
    """The modules loaded in the CLI's own process after running `qcscreen ARGS`."""
    out = tmp_path / "modules.json"
    code = _PROBE.format(args=args, out=str(out))
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=300)
    return set(json.loads(out.read_text()))


def _loaded(modules: set[str], names: list[str]) -> list[str]:
    return [n for n in names if n in modules or any(m.startswith(n + ".") for m in modules)]


def test_help_imports_only_the_command_line(tmp_path: Path) -> None:
    modules = _modules_after(["--help"], tmp_path)
    assert "typer" in modules
    assert _loaded(modules, [*NEVER_AT_START, "pydantic", "numpy", "ingest", "nlp.rubric", "service.stages"]) == []


def test_extract_imports_ingest_but_nothing_of_the_checker_or_the_corpus(realdocs_dir: Path, tmp_path: Path) -> None:
    deck = realdocs_dir / "docling" / "powerpoint_sample.pptx"
    modules = _modules_after(["extract", str(deck)], tmp_path)
    assert "ingest.model" in modules
    assert _loaded(modules, [*NEVER_AT_START, "service.stages", "service.results"]) == []
    assert {m for m in modules if m.split(".")[0] == "nlp"} == {"nlp", "nlp.rubric_ids"}  # the rubric ids of --help


def test_extract_of_a_deck_without_pictures_loads_no_picture_stage(realdocs_dir: Path, tmp_path: Path) -> None:
    """Neither the parent nor the settings load numpy, OpenCV or typer's help renderer for `extract`; the
    picture stage is imported by the reader only when the deck has pictures (in the forked worker)."""
    deck = realdocs_dir / "unstructured" / "fake-power-point-table.pptx"
    modules = _modules_after(["extract", str(deck)], tmp_path)
    assert _loaded(modules, ["numpy", "cv2", "PIL", "ingest.pictures", "index", "typer.rich_utils"]) == []


@pytest.mark.parametrize("command", [["check", "--help"], ["similar", "--help"], ["corpus", "add", "--help"]])
def test_command_help_does_not_load_the_command(command: list[str], tmp_path: Path) -> None:
    assert _loaded(_modules_after(command, tmp_path), NEVER_AT_START) == []


_ENTRY = "import sys; sys.argv = ['qcscreen', *sys.argv[1:]]; from service.{module} import {name}; {name}()"


def _run(module: str, name: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    code = _ENTRY.format(module=module, name=name)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("case", ["text", "json", "json-first", "pictures", "missing", "folder", "unreadable"])
def test_plain_extract_without_typer_says_what_the_typer_command_says(
    case: str, realdocs_dir: Path, tmp_path: Path
) -> None:
    """`qcscreen extract FILE [--json]` runs without typer (service.cli_main); its stdout, stderr and exit
    status are those of the typer command (`service.cli.app`), for a good file and for each failure."""
    deck = str(realdocs_dir / "unstructured" / "fake-power-point-table.pptx")
    bad = tmp_path / "损坏.pptx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    args = {
        "text": ["extract", deck],
        "json": ["extract", deck, "--json"],
        "json-first": ["extract", "--json", deck],
        # read by OCR through PIL.Image, which the plain path imports only when used (cli_read.defer_imports)
        "pictures": ["extract", str(realdocs_dir / "chatchat" / "ocr_test.pptx"), "--json"],
        "missing": ["extract", str(tmp_path / "无此文件.pptx")],
        "folder": ["extract", str(tmp_path)],
        "unreadable": ["extract", str(bad), "--json"],
    }[case]
    fast, typed = _run("cli_main", "main", args), _run("cli", "app", args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (typed.returncode, typed.stdout, typed.stderr)
    if case == "pictures":
        assert '"part": "ocr"' in fast.stdout
    assert fast.returncode == {"missing": 2, "folder": 2, "unreadable": 1}.get(case, 0)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["similar", "a.pptx"], ("a.pptx", None, False, False)),
        (["similar", "--json", "a.pptx", "--db", "c.sqlite", "--all"], ("a.pptx", "c.sqlite", True, True)),
        (["similar", "a.pptx", "--db"], None),
        (["similar", "a.pptx", "--db", "--json"], None),
        (["similar", "--db=c.sqlite", "a.pptx"], None),
        (["similar", "a.pptx", "b.pptx"], None),
        (["similar", "--help"], None),
        (["similar"], None),
        (["compare", "a.pptx"], None),
    ],
)
def test_plain_similar_takes_only_what_it_can_parse(args: list[str], expected: tuple[str, ...] | None) -> None:
    from service.cli_similar import plain_similar

    got = plain_similar(args)
    assert (got if got is None else tuple(str(x) if isinstance(x, Path) else x for x in got)) == expected


@pytest.mark.parametrize("case", ["text", "all", "json", "missing-corpus", "missing-file"])
def test_plain_similar_without_typer_says_what_the_typer_command_says(
    case: str, mini: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`qcscreen similar FILE [--db DB] [--all] [--json]` runs without typer (service.cli_main); its
    stdout, stderr and exit status are those of the typer command (copy stage only: fast)."""
    monkeypatch.setenv("QCSCREEN_SEMANTIC", "0")
    monkeypatch.setenv("COLUMNS", "200")
    db = tmp_path / "corpus.sqlite"
    added = _run(
        "cli", "app", ["corpus", "add", str(mini["corpus"]), "--manifest", str(mini["manifest"]), "--db", str(db)]
    )
    assert added.returncode == 0, added.stderr
    deck = str(mini["batch"] / "S01" / "成果报告.docx")
    args = {
        "text": ["similar", deck, "--db", str(db)],
        "all": ["similar", "--all", deck, "--db", str(db)],
        "json": ["similar", deck, "--json", "--db", str(db)],
        "missing-corpus": ["similar", deck, "--db", str(tmp_path / "无此语料库.sqlite")],
        "missing-file": ["similar", str(tmp_path / "无此文件.docx"), "--db", str(db)],
    }[case]
    fast, typed = _run("cli_main", "main", args), _run("cli", "app", args)
    timing = re.compile(r"（[0-9.]+ 秒）")
    assert (fast.returncode, fast.stdout, timing.sub("", fast.stderr)) == (
        typed.returncode,
        typed.stdout,
        timing.sub("", typed.stderr),
    )
    assert fast.returncode == {"missing-corpus": 2, "missing-file": 2}.get(case, 0)
    if case == "json":
        assert json.loads(fast.stdout)["sources"]


def test_plain_similar_starts_without_typer(tmp_path: Path) -> None:
    out = tmp_path / "modules.json"
    code = (
        "import json, os, sys; sys.argv = ['qcscreen', 'similar', 'x.docx', '--db', sys.argv[1]]\n"
        "os._exit = sys.exit  # main() ends a one-shot command with os._exit: let this probe go on\n"
        "from service.cli_main import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 2, e.code\n"
        f"json.dump(sorted(sys.modules), open({str(out)!r}, 'w'))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "无.sqlite")], capture_output=True, check=True, timeout=300
    )
    assert _loaded(set(json.loads(out.read_text())), ["typer", "service.cli", *NEVER_AT_START]) == []


def test_plain_extract_starts_without_typer_rich_or_pydantic_settings(realdocs_dir: Path, tmp_path: Path) -> None:
    deck = realdocs_dir / "unstructured" / "fake-power-point-table.pptx"
    out = tmp_path / "modules.json"
    code = (
        "import json, os, sys; sys.argv = ['qcscreen', 'extract', sys.argv[1]]\n"
        "os._exit = sys.exit  # main() ends a one-shot command with os._exit: let this probe go on\n"
        "from service.cli_main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"json.dump(sorted(sys.modules), open({str(out)!r}, 'w'))"
    )
    subprocess.run([sys.executable, "-c", code, str(deck)], capture_output=True, check=True, timeout=300)
    modules = set(json.loads(out.read_text()))
    assert "ingest.model" in modules
    assert _loaded(modules, [*NEVER_AT_START, "typer", "rich", "pydantic_settings", "service.cli"]) == []
    assert "importlib.metadata" not in modules  # pydantic's plugin loader, a stand-in (`no_plugin_loader`)
    assert _loaded(modules, ["http", "ssl", "email"]) == []  # urllib.request, a stand-in (`read_without_urls`)


_PLUGINS = """
import json, os, sys
from service.cli_read import prepare_process
prepare_process()
from pydantic import BaseModel
class M(BaseModel):
    x: int
value = M.model_validate({"x": "3"}).x
light = "importlib.metadata" not in sys.modules
loader = sys.modules["pydantic.plugin._loader"]
stand_in_plugins = list(loader.get_plugins())
group = loader.PYDANTIC_ENTRY_POINT_GROUP  # a name the stand-in lacks: the real module's
real = sys.modules["pydantic.plugin._loader"]
print(json.dumps([value, light, stand_in_plugins, group, real is not loader, list(real.get_plugins())]))
"""


@pytest.mark.parametrize(("disabled", "light"), [("__all__", True), ("some_plugin", False)])
def test_pydantic_plugin_loader_stand_in_while_every_plugin_is_disabled(disabled: str, light: bool) -> None:
    """With every plugin disabled, pydantic's plugin loader is a stand-in that returns no plugins, as the
    real one then does, without importing importlib.metadata; a name the stand-in lacks loads the real
    loader. With plugins allowed (or some of them), the real loader is used from the start."""
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": disabled}
    done = subprocess.run(
        [sys.executable, "-c", _PLUGINS], capture_output=True, text=True, timeout=60, check=True, env=env
    )
    value, no_metadata, plugins, group, replaced, real_plugins = json.loads(done.stdout)
    assert (value, plugins, group, real_plugins) == (3, [], "pydantic", [])
    assert no_metadata is light and replaced is light


_URLS = """
import json, sys
from service.cli_read import read_without_urls
read_without_urls()
from xml.sax.saxutils import escape  # what python-pptx imports: it imports urllib.request
import urllib.request
light = "http.client" not in sys.modules and "ssl" not in sys.modules
from urllib.request import Request  # the first name asked: the real module takes the stand-in's place
real = sys.modules["urllib.request"]
print(json.dumps([escape("<a>"), light, Request("http://example.org/x").full_url, urllib.request is real,
                  real.urlopen.__module__, "http.client" in sys.modules]))
"""


def test_urllib_request_is_loaded_at_its_first_use() -> None:
    """`extract` reads without urllib.request (xml.sax.saxutils imports it for python-pptx): a stand-in
    until a name of it is used, then the real module, in its place and on the `urllib` package."""
    done = subprocess.run([sys.executable, "-c", _URLS], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == ["&lt;a&gt;", True, "http://example.org/x", True, "urllib.request", True]


_DEFERRED = """
import sys
from service.cli_read import defer_imports
defer_imports(("PIL.Image", "no_such_module_at_all"))
from PIL import Image
before = type(Image).__name__  # type() does not load a lazy module
size = Image.new("RGB", (3, 2)).size
print(before, size, type(Image).__name__, "PIL.ImageMode" in sys.modules)
"""


def test_deferred_modules_load_at_their_first_use() -> None:
    """`extract` defers PIL.Image (imported by python-pptx, used only for pictures): importing it runs
    nothing; the first attribute used loads the module, which then works as imported."""
    done = subprocess.run([sys.executable, "-c", _DEFERRED], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["_LazyModule", "(3,", "2)", "module", "True"]


_TEARDOWN = """
import atexit, sys
atexit.register(lambda: print("teardown", file=sys.stderr))
sys.argv = ["qcscreen", *sys.argv[1:]]
from service.cli_main import main
main()
"""


@pytest.mark.parametrize(
    ("args", "code", "teardown"),
    [
        (["extract", "DECK"], 0, False),
        (["extract", "MISSING"], 2, False),
        (["compare", "MISSING", "DECK"], 2, False),
        (["--help"], 0, False),
        (["corpus", "add", "--help"], 0, False),
        (["corpus", "list", "--db", "MISSING"], 2, True),
    ],
)
def test_one_shot_commands_end_without_the_interpreter_teardown(
    args: list[str], code: int, teardown: bool, realdocs_dir: Path, tmp_path: Path
) -> None:
    """extract, check, compare, similar and any help end with `cli_read.leave` (no atexit handlers, no
    freeing of every module's objects), with their exit status and every line of output; other commands
    as usual."""
    deck = str(realdocs_dir / "unstructured" / "fake-power-point-table.pptx")
    argv = [{"DECK": deck, "MISSING": str(tmp_path / "无此文件.pptx")}.get(a, a) for a in args]
    done = subprocess.run([sys.executable, "-c", _TEARDOWN, *argv], capture_output=True, text=True, timeout=300)
    assert done.returncode == code
    assert ("teardown" in done.stderr) == teardown
    if not code:
        assert done.stdout.strip()  # the text or the help, flushed before the process ended
    elif code:
        assert "错误" in done.stderr or "Error" in done.stderr


@pytest.mark.parametrize(("value", "status", "stderr"), [("None", 0, ""), ("3", 3, ""), ("'坏了'", 1, "坏了\n")])
def test_leave_exits_as_sys_exit_does(value: str, status: int, stderr: str) -> None:
    code = f"from service.cli_read import leave; print('out', end=''); leave({value})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (status, "out", stderr)


def test_similar_and_compare_import_neither_the_checker_nor_the_batch_results() -> None:
    """`similar` and `compare` print through service.console and compare through service.similarity and
    index.copy.compare: the checker, its report and the batch's result models are not imported."""
    code = (
        "import json, sys; import service.cli, service.similarity, service.console, service.labels, "
        "index.copy.compare; print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    heavy = ["service.stages", "service.results", "nlp.check", "nlp.report", "nlp.rubric", "openpyxl", "jinja2"]
    assert _loaded(set(json.loads(out.stdout)), heavy) == []


def test_the_screening_stages_import_no_spreadsheet_reader_or_scipy() -> None:
    """`similar`, `check` and `compare` import service.stages: openpyxl (the roster's .xlsx reader) and
    scipy (datasketch's LSH parameters, only when a MinHash index is built) are imported where used."""
    code = "import json, sys; import service.stages; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert _loaded(set(json.loads(out.stdout)), ["openpyxl", "scipy", "datasketch"]) == []


MEANWHILE = """
import sys, threading, time
from pathlib import Path
from ingest.options import ReadOptions
from service.cli_read import meanwhile
from service.reading import read_one
seen = {}
def work():
    seen["threads_at_start"] = threading.active_count()
    raise RuntimeError("dropped")
with meanwhile(work):
    res = read_one(Path(sys.argv[1]), ReadOptions())
time.sleep(0.2)
seen["forkserver"] = "multiprocessing.forkserver" in sys.modules
with meanwhile(lambda: seen.setdefault("never", True)):  # no worker forked: never runs
    pass
print(res.document is not None, seen, threading.active_count(), sep="|")
"""


def test_meanwhile_runs_its_work_once_the_reading_worker_is_forked(realdocs_dir: Path) -> None:
    """`similar` prepares in a thread started after the reading worker is forked from the one-thread
    process (no forkserver); an error in the work is dropped; work with no fork never runs."""
    deck = realdocs_dir / "unstructured" / "fake-power-point-table.pptx"
    done = subprocess.run(
        [sys.executable, "-c", MEANWHILE, str(deck)], capture_output=True, text=True, timeout=120, check=True
    )
    read, seen, threads = done.stdout.strip().split("|")
    assert read == "True" and threads == "1"
    # the worker was forked (a thread alive before would have made ingest start the forkserver)
    assert seen == str({"threads_at_start": 2, "forkserver": False})


_COLLECTION = """
import gc, json, os, sys
from service.cli_main import no_collection, one_shot
no_collection() if one_shot(sys.argv[1:]) else None
parent = gc.isenabled()
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.write(w, json.dumps([gc.isenabled(), gc.get_freeze_count() > 1000]).encode())
    os._exit(0)
os.waitpid(pid, 0)
print(json.dumps([parent, *json.loads(os.read(r, 100))]))
"""


@pytest.mark.parametrize(
    ("args", "expected"), [(["similar", "x.pptx"], [False, True, True]), (["screen"], [True, True, False])]
)
def test_one_shot_commands_collect_no_cycles_but_their_forked_reader_does(
    args: list[str], expected: list[bool]
) -> None:
    """A one-shot command's process runs without the cycle collector (`no_collection`); a worker forked
    from it collects, over its own objects only (the inherited ones are frozen at the fork). Other
    commands (a batch, the service) collect as usual."""
    done = subprocess.run(
        [sys.executable, "-c", _COLLECTION, *args], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(done.stdout) == expected
