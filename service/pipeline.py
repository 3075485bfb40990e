"""The annual batch: `screen_batch` is the one function behind `qcscreen screen` and the API batch job.

Stages: read every file (isolated, per-file time limit) → pick the main document and the 申报表 →
check → compare with the corpus (纵向) and with the other submissions of the batch (横向) → reports.
Each submission's results are saved atomically under OUT/.state/, keyed by file hashes, so an
interrupted run resumes without redoing finished submissions.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ingest.model import Document
from ingest.options import ReadOptions

from . import stages
from .reports import html as html_report
from .reports import summary as summary_rows
from .reports.excel import write as write_excel

STATE_VERSION = 1
SKIP_NAMES = {"thumbs.db", "desktop.ini"}
# When a submission folder holds several non-form documents, the deck is the main one.
MAIN_PRIORITY = {"pptx": 0, "ppt": 1, "dps": 1, "pdf": 2, "docx": 3, "doc": 4, "wps": 4, "txt": 5}


class Progress(Protocol):
    def start(self, stage: str, total: int) -> None: ...

    def advance(self, stage: str, label: str) -> None: ...

    def failed(self, error: dict[str, str]) -> None: ...


class _Silent:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, label: str) -> None:
        pass

    def failed(self, error: dict[str, str]) -> None:
        pass


@dataclass(frozen=True)
class Submission:
    id: str
    files: tuple[Path, ...]


@dataclass
class BatchResult:
    out_dir: Path
    year: int
    results: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    errors: list[dict[str, str]]  # every failed file: code, file, reason, message, submission
    semantic_message: str | None = None
    reused: int = 0  # submissions whose results came from OUT/.state
    reports: dict[str, Path] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def _visible(p: Path) -> bool:
    return not p.name.startswith((".", "~$")) and p.name.lower() not in SKIP_NAMES


def discover(root: Path, exclude: Path | None = None) -> list[Submission]:
    """One folder holding files = one submission (all files under it); a loose file = one submission.
    Folders holding only folders, or several folders (e.g. a year: submissions/2024/S01/...), are
    grouping folders."""
    found: list[tuple[str, tuple[Path, ...]]] = []
    skip = exclude.resolve() if exclude is not None else None  # OUT placed inside DIR

    def walk(folder: Path, prefix: str) -> None:
        entries = sorted((e for e in folder.iterdir() if _visible(e) and e.resolve() != skip), key=lambda p: p.name)
        for entry in entries:
            if entry.is_dir():
                direct = [p for p in entry.iterdir() if p.is_file() and _visible(p)]
                subdirs = [
                    d for d in entry.iterdir() if d.is_dir() and _visible(d) and any(_visible(x) for x in d.rglob("*"))
                ]
                # A submission folder holds its files (maybe one attachments folder); a grouping folder
                # (a year, a region) holds several folders of submissions, and perhaps loose files.
                if direct and len(subdirs) < 2:
                    files = tuple(sorted(p for p in entry.rglob("*") if p.is_file() and _visible(p)))
                    found.append((prefix + entry.name, files))
                else:
                    walk(entry, f"{prefix}{entry.name}/")
            elif entry.is_file():
                found.append((prefix + entry.stem, (entry,)))

    walk(root, "")
    # Short ids (S01) unless two groups hold the same name; then keep the group prefix.
    leaf = [sid.rsplit("/", 1)[-1] for sid, _ in found]
    subs = []
    seen: set[str] = set()
    for (sid, files), short in zip(found, leaf, strict=True):
        name = short if leaf.count(short) == 1 else sid
        if name in seen:
            name = f"{name}{files[0].suffix}"
        seen.add(name)
        subs.append(Submission(name, files))
    return subs


# ---------------------------------------------------------------- state (atomic, resumable)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _state_name(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()[:16]


def _load_state(state_dir: Path, sid: str) -> tuple[dict[str, Any] | None, list[Document]]:
    p = state_dir / f"{_state_name(sid)}.json"
    d = state_dir / f"{_state_name(sid)}.docs.json"
    try:
        state = json.loads(p.read_text(encoding="utf-8"))
        if state.get("version") != STATE_VERSION:
            return None, []
        docs = [stages.document_from_json(s) for s in json.loads(d.read_text(encoding="utf-8"))] if d.exists() else []
        return state, docs
    except (OSError, ValueError):
        return None, []


def _save_state(state_dir: Path, state: dict[str, Any], docs: list[Document] | None = None) -> None:
    name = _state_name(state["id"])
    if docs is not None:
        _atomic_write(state_dir / f"{name}.docs.json", json.dumps([stages.document_to_json(x) for x in docs]))
    _atomic_write(state_dir / f"{name}.json", json.dumps(state, ensure_ascii=False))


def _read_key(sub: Submission, hashes: dict[str, str]) -> str:
    h = hashlib.sha256(f"v{STATE_VERSION}".encode())
    for p in sub.files:
        h.update(f"{p.name}\0{hashes[str(p)]}\0".encode())
    return h.hexdigest()


def _corpus_key(db: Path, template_file: Path | None, semantic: bool) -> str:
    parts = [str(semantic)]
    for p in (db, Path(str(db) + "-wal"), template_file):
        if p is not None and p.exists():
            st = p.stat()
            parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


# ---------------------------------------------------------------- stages


def _pick_main(docs: list[tuple[Path, Document]]) -> tuple[tuple[Path, Document] | None, tuple[Path, Document] | None]:
    """The 申报表 is detected by content; the main document is the deck or 实施记录."""
    form = None
    rest = []
    for item in docs:
        if form is None and len(docs) > 1 and stages.is_form(item[1]):
            form = item
        else:
            rest.append(item)
    if not rest and form is not None:  # only a form was submitted: check it as the main document
        rest, form = [form], None
    rest.sort(key=lambda it: (MAIN_PRIORITY.get(it[1].format, 9), -len(it[1].text)))
    return (rest[0] if rest else None), form


def _internal_error(stage: str, file: str, exc: BaseException) -> dict[str, str]:
    if stages.strict():
        raise exc
    reason = f"{stage}阶段内部错误（{type(exc).__name__}: {exc}）"
    return {
        "code": "service.internal",
        "file": file,
        "reason": reason,
        "message": f"文件《{file}》{reason}。请将该文件提交给维护人员排查，其余项目不受影响。",
        "trace": "".join(traceback.format_exception_only(type(exc), exc)).strip(),
    }


def _read_and_check(
    sub: Submission, hashes: dict[str, str], options: ReadOptions, rubric: str | None, progress: Progress
) -> tuple[dict[str, Any], list[Document]]:
    state: dict[str, Any] = {
        "version": STATE_VERSION,
        "id": sub.id,
        "read_key": _read_key(sub, hashes),
        "files": [],
        "errors": [],
        "main_file": None,
        "form_file": None,
        "check": None,
        "similarity": None,
        "sim_key": None,
    }
    ok: list[tuple[Path, Document]] = []
    for res in stages.read_files(list(sub.files), options):
        entry: dict[str, Any] = {"name": res.path.name, "sha256": hashes.get(str(res.path), "")}
        if res.document is not None:
            ok.append((res.path, res.document))
            entry["format"] = res.document.format
            entry["chars"] = len(res.document.text)
        else:
            err = dict(res.error or {})
            err["submission"] = sub.id
            entry["error"] = err
            state["errors"].append(err)
            progress.failed(err)
        state["files"].append(entry)
        progress.advance("read", res.path.name)
    docs: list[Document] = []
    if ok:
        try:
            main, form = _pick_main(ok)
        except Exception as e:  # noqa: BLE001 - a bug in form detection must not lose the batch
            err = _internal_error("申报表识别", ok[0][0].name, e)
            state["errors"].append(err | {"submission": sub.id})
            progress.failed(err)
            main, form = ok[0], None
        if main is not None:
            state["main_file"] = main[0].name
            state["title"] = main[1].title
            state["chars"] = len(main[1].text)
            docs.append(main[1])
            if form is not None:
                state["form_file"] = form[0].name
                docs.append(form[1])
            try:
                state["check"] = stages.check(main[1], rubric=rubric, form=form[1] if form else None)
            except Exception as e:  # noqa: BLE001 - outcome as data; strict mode re-raises
                err = _internal_error("检查", main[0].name, e)
                state["errors"].append(err | {"submission": sub.id})
                progress.failed(err)
            for f in state["files"]:
                f["role"] = (
                    "main"
                    if f["name"] == state["main_file"]
                    else "form"
                    if f["name"] == state["form_file"]
                    else "extra"
                )
    progress.advance("check", sub.id)
    return state, docs


def screen_batch(
    submissions_dir: Path,
    *,
    year: int,
    db: Path,
    out_dir: Path,
    encoder: Any = None,
    semantic_message: str | None = None,
    template_file: Path | None = None,
    read_options: ReadOptions | None = None,
    rubric: str | None = None,
    progress: Progress | None = None,
    resume: bool = True,
    on_submission: Callable[[dict[str, Any]], None] | None = None,
) -> BatchResult:
    """Screen every submission under `submissions_dir`; write OUT/summary.xlsx, summary.json, reports/."""
    progress = progress or _Silent()
    options = read_options or ReadOptions()
    out_dir.mkdir(parents=True, exist_ok=True)
    state_dir = out_dir / ".state"
    subs = discover(submissions_dir, exclude=out_dir)
    all_files = [p for s in subs for p in s.files]
    hashes = {str(p): stages.file_sha256(p) for p in all_files}

    states: dict[str, dict[str, Any]] = {}
    docs: dict[str, list[Document]] = {}
    reused = 0
    todo: list[Submission] = []
    for sub in subs:
        st, ds = _load_state(state_dir, sub.id) if resume else (None, [])
        if st is not None and st.get("read_key") == _read_key(sub, hashes) and (ds or not st.get("main_file")):
            states[sub.id], docs[sub.id] = st, ds
            reused += 1
            for err in st.get("errors", []):
                progress.failed(err)
        else:
            todo.append(sub)

    progress.start("read", sum(len(s.files) for s in todo))
    progress.start("check", len(todo))
    for sub in todo:
        st, ds = _read_and_check(sub, hashes, options, rubric, progress)
        _save_state(state_dir, st, ds)
        states[sub.id], docs[sub.id] = st, ds
        if on_submission:
            on_submission(st)

    # 横向 + 纵向: every main document against the corpus and the rest of the batch.
    mains = {sid: ds[0] for sid, ds in docs.items() if ds}
    batch_sig = hashlib.sha256(
        "|".join(f"{sid}:{states[sid]['read_key']}" for sid in sorted(mains)).encode()
    ).hexdigest()
    sim_key = hashlib.sha256(f"{batch_sig}|{_corpus_key(db, template_file, encoder is not None)}".encode()).hexdigest()
    need = [sid for sid in mains if states[sid].get("sim_key") != sim_key]
    progress.start("compare", len(need))
    sim = stages.Similarity(db, encoder=encoder, template_file=template_file)
    for sid in need:
        st = states[sid]
        others = {o: d for o, d in mains.items() if o != sid}
        try:
            report = sim.similar(mains[sid], include_source_text=True, batch_docs=others, meta=_self_meta(st, year))
            _label_batch_sources(report, states)
            st["similarity"] = report
            st["sim_key"] = sim_key
        except Exception as e:  # noqa: BLE001 - outcome as data; strict mode re-raises
            err = _internal_error("相似度比对", st.get("main_file") or sid, e) | {"submission": sid}
            st["errors"] = [
                x for x in st["errors"] if x.get("code") != "service.internal" or "相似度" not in x["reason"]
            ]
            st["errors"].append(err)
            progress.failed(err)
        _save_state(state_dir, st)
        progress.advance("compare", sid)

    results = [states[s.id] for s in subs]
    reports_dir = out_dir / "reports"
    reports_dir.mkdir(parents=True, exist_ok=True)
    report_paths: dict[str, Path] = {}
    for st in results:
        path = reports_dir / f"{_safe_name(st['id'])}.html"
        _atomic_write(
            path,
            html_report.render_submission(
                st, year=year, semantic_message=semantic_message, doc=next(iter(docs.get(st["id"]) or []), None)
            ),
        )
        report_paths[st["id"]] = path
        st["report"] = str(path.relative_to(out_dir))
    rows = [summary_rows.row(st, year=year) for st in results]
    errors = [e for st in results for e in st.get("errors", [])]
    summary = {
        "schema": 1,
        "year": year,
        "submissions": len(results),
        "failed_files": len(errors),
        "semantic_checked": encoder is not None,
        "semantic_message": semantic_message,
        "rows": rows,
        "errors": errors,
        "results": [
            {k: st.get(k) for k in ("id", "files", "main_file", "form_file", "check", "similarity", "errors", "report")}
            for st in results
        ],
    }
    _atomic_write(out_dir / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2))
    write_excel(rows, summary_rows.matches(results), out_dir / "summary.xlsx")
    return BatchResult(out_dir, year, results, rows, errors, semantic_message, reused, report_paths)


def _self_meta(state: dict[str, Any], year: int) -> dict[str, Any]:
    """What the submission says about itself (申报表 first) for the eligibility rules."""
    chk = state.get("check") or {}
    meta: dict[str, Any] = {"year": year}
    company = summary_rows.company_of(chk)
    title = summary_rows.title_of(state)
    code = summary_rows.credit_code_of(chk)
    for k, v in (("company", company), ("title", title), ("credit_code", code)):
        if v:
            meta[k] = v
    return meta


def _label_batch_sources(report: dict[str, Any], states: dict[str, Any]) -> None:
    """横向 sources carry the submission id as project_id; add what the batch knows about them."""
    infos = [s.get("source", {}) for s in report.get("sources", [])]
    infos += [n.get("source", {}) for n in report.get("near_duplicates", [])]
    infos += [report.get("max_source") or {}]
    for info in infos:
        if not info or not info.get("batch"):
            continue
        sid = str(info.get("project_id"))
        if sid not in states:
            continue
        info["submission"] = sid
        chk = states[sid].get("check") or {}
        info["title"] = info.get("title") or summary_rows.title_of(states[sid])
        info["company"] = info.get("company") or summary_rows.company_of(chk)


def _safe_name(sid: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_" else "_" for c in sid)
    return keep or _state_name(sid)


def check_draft(
    path: Path,
    *,
    display_name: str,
    similar: Callable[..., dict[str, Any]] | None,
    options: ReadOptions | None = None,
    rubric: str | None = None,
) -> tuple[dict[str, Any], Document]:
    """One uploaded draft: read (isolated) → check → similarity against the corpus.

    Raises ingest.errors.IngestError when the file cannot be read (the API answers 422)."""
    from ingest.errors import error_from_code

    res = stages.read_one(path, options)
    if res.document is None:
        e = res.error or {}
        raise error_from_code(e.get("code", "ingest.corrupt"), display_name, e.get("reason", "无法读取"))
    doc = res.document
    result: dict[str, Any] = {
        "file": display_name,
        "chars": len(doc.text),
        "title": doc.title,
        "check": None,
        "similarity": None,
    }
    result["check"] = stages.check(doc, rubric=rubric)
    result["check"]["file"] = display_name
    if similar is not None:
        result["similarity"] = similar(doc, include_source_text=True)
        result["similarity"]["file"] = display_name
    return result, doc
