"""The annual batch: `screen_batch` is the one function behind `qcscreen screen` and the API batch job.

Stages, each a function below: resume (what OUT/.state/ already holds for unchanged files) → read and
check (every file isolated with a per-file time limit; main document, 申报表 and 实施记录 checked
together) → compare (each main document with the corpus, 纵向, and with the other submissions, 横向) →
write (one HTML report per submission, summary.json, summary.xlsx). Each submission's state is saved
atomically after each stage, so an interrupted run resumes without redoing finished submissions.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from index.copy.templates import BatchCounts
from index.embed import Encoder
from index.report import SimilarityReport, SourceInfo
from index.shared_vectors import SharedVectors
from index.store import CorpusStore, ProjectMeta
from ingest.fileio import atomic_write_text
from ingest.model import Document
from ingest.options import ReadOptions

from . import batch_state, parallel, stages
from .batch_state import SubmissionState
from .discover import Submission, discover
from .reports import html as html_report
from .reports.excel import write as write_excel
from .reports.overview import render_overview, report_file_link
from .reports.rows import match_rows, summary_row
from .results import BatchSummary, FileError, StoredDocuments, SubmissionResult, SummaryRow
from .roster import Roster, RosterCheck, RosterError, cross_check, looks_like_roster, read_roster
from .submission import Part, Progress, Roles, Silent, assign_roles, check_roles, read_parts


@dataclass(frozen=True)
class BatchConfig:
    """What a batch is screened against and how."""

    year: int
    db: Path
    encoder: Encoder | None = None
    semantic_message: str | None = None
    template_file: Path | None = None
    read_options: ReadOptions = field(default_factory=ReadOptions)
    rubric: str | None = None
    roster: Path | None = None  # the recommender's 立项申报汇总表; else one found among the loose files
    workers: int = 1  # processes for read + check and compare: 1 here; 0 one per core (the CLI's and API's default)


@dataclass
class BatchResult:
    out_dir: Path
    summary: BatchSummary
    reused: int = 0  # submissions whose results came from OUT/.state
    reports: dict[str, Path] = field(default_factory=dict)

    @property
    def rows(self) -> list[SummaryRow]:
        return self.summary.rows

    @property
    def errors(self) -> list[FileError]:
        return self.summary.errors

    @property
    def exit_code(self) -> int:
        return 1 if self.summary.errors else 0


@dataclass
class _Batch:
    """The batch in flight: every submission's saved state and documents, by submission id."""

    state_dir: Path
    states: dict[str, SubmissionState] = field(default_factory=dict)
    docs: dict[str, StoredDocuments] = field(default_factory=dict)

    def save(self, sid: str, docs: StoredDocuments | None = None) -> None:
        batch_state.save(self.state_dir, self.states[sid], docs)


# ---------------------------------------------------------------- stage 1: resume


def _resume(
    batch: _Batch, subs: list[Submission], hashes: dict[str, str], resume: bool, progress: Progress
) -> tuple[list[Submission], int]:
    """Take the saved state of every submission whose files did not change; return the rest."""
    todo: list[Submission] = []
    for sub in subs:
        saved = batch_state.load(batch.state_dir, sub.id) if resume else None
        if saved is None or saved[0].read_key != batch_state.read_key(sub, hashes):
            todo.append(sub)
            continue
        state, docs = saved
        if state.result.main_file and docs.main is None:
            todo.append(sub)
            continue
        batch.states[sub.id], batch.docs[sub.id] = state, docs
        for err in state.result.errors:
            progress.failed(err)
    return todo, len(subs) - len(todo)


# ---------------------------------------------------------------- stage 2: read and check


def _roles(sid: str, parts: list[Part], progress: Progress) -> tuple[Roles, list[FileError]]:
    if not parts:
        return Roles(), []
    try:
        return assign_roles(parts), []
    except Exception as e:  # noqa: BLE001 - a bug in form detection must not lose the batch
        err = stages.internal_error("申报表识别", parts[0].path.name, e, sid)
        progress.failed(err)
        return Roles(main=parts[0]), [err]


def read_and_check(
    sub: Submission, hashes: dict[str, str], config: BatchConfig, progress: Progress
) -> tuple[SubmissionState, StoredDocuments]:
    parts, entries, errors = read_parts(sub.id, sub.files, hashes, config.read_options, progress)
    roles, role_errors = _roles(sub.id, parts, progress)
    result = check_roles(sub.id, roles, entries, [*errors, *role_errors], config.rubric, progress, config.encoder)
    progress.advance("check", sub.id)
    docs = StoredDocuments(
        main=roles.main.doc if roles.main else None,
        form=roles.form.doc if roles.form else None,
        record=roles.record.doc if roles.record else None,
    )
    return SubmissionState(read_key=batch_state.read_key(sub, hashes), result=result), docs


class _Recorded:
    """The progress events of a submission read and checked in a worker, replayed by the parent."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, object]] = []

    def start(self, stage: str, total: int) -> None:
        self.events.append(("start", stage, total))

    def advance(self, stage: str, label: str) -> None:
        self.events.append(("advance", stage, label))

    def failed(self, error: FileError) -> None:
        self.events.append(("failed", "", error))

    def replay(self, progress: Progress) -> None:
        for kind, stage, value in self.events:
            if kind == "advance":
                progress.advance(stage, str(value))
            elif kind == "failed" and isinstance(value, FileError):
                progress.failed(value)


_READ_CONTEXT: dict[str, object] = {}


def _read_init(hashes: dict[str, str], config: BatchConfig) -> None:
    _READ_CONTEXT.update(hashes=hashes, config=config)


def _read_job(sub: Submission) -> tuple[SubmissionState, StoredDocuments, _Recorded]:
    recorded = _Recorded()
    hashes, config = _READ_CONTEXT["hashes"], _READ_CONTEXT["config"]
    state, docs = read_and_check(sub, hashes, config, recorded)  # type: ignore[arg-type]
    return state, docs, recorded


def _read_and_check_all(
    batch: _Batch,
    todo: list[Submission],
    hashes: dict[str, str],
    config: BatchConfig,
    progress: Progress,
    on_submission: Callable[[SubmissionResult], None] | None,
) -> None:
    """Every submission read (each file isolated) and checked, in worker processes; saved as it ends."""
    progress.start("read", sum(len(s.files) for s in todo))
    progress.start("check", len(todo))
    mine = replace(config, encoder=None)  # reading and checking need no model
    for sub, outcome in parallel.run_jobs(todo, _read_job, _read_init, (hashes, mine), config.workers):
        if isinstance(outcome, BaseException):  # a bug outside the per-file guards
            if stages.strict():
                raise outcome
            err = stages.internal_error("读取和检查", sub.files[0].name if sub.files else sub.id, outcome, sub.id)
            progress.failed(err)
            state = SubmissionState(
                read_key=batch_state.read_key(sub, hashes), result=SubmissionResult(id=sub.id, errors=[err])
            )
            docs = StoredDocuments()
        else:
            state, docs, recorded = outcome
            recorded.replay(progress)
        batch.states[sub.id], batch.docs[sub.id] = state, docs
        batch.save(sub.id, docs)
        if on_submission:
            on_submission(state.result)


# ---------------------------------------------------------------- stage 3: compare


def self_meta(result: SubmissionResult, year: int) -> ProjectMeta:
    """What the submission says about itself (申报表 first) for the eligibility rules."""
    return ProjectMeta(year=year, company=result.company, title=result.display_title, credit_code=result.credit_code)


class BatchLabel(Protocol):
    """What labels a batch submission as a source: a `SubmissionResult`, or just its title and company."""

    @property
    def display_title(self) -> str | None: ...

    @property
    def company(self) -> str | None: ...


def label_batch_sources(report: SimilarityReport, results: Mapping[str, BatchLabel]) -> SimilarityReport:
    """横向 sources carry the submission id as project_id; add the title and company the batch knows."""

    def label(src: SourceInfo) -> SourceInfo:
        other = results.get(src.project_id) if src.batch else None
        if other is None:
            return src
        return src.model_copy(
            update={"title": src.title or other.display_title, "company": src.company or other.company}
        )

    return report.model_copy(
        update={
            "sources": [s.model_copy(update={"source": label(s.source)}) for s in report.sources],
            "near_duplicates": [n.model_copy(update={"source": label(n.source)}) for n in report.near_duplicates],
            "max_source": label(report.max_source) if report.max_source else None,
        }
    )


def _similarity_key(batch: _Batch, mains: dict[str, Document], config: BatchConfig) -> str:
    members = "|".join(f"{sid}:{batch.states[sid].read_key}" for sid in sorted(mains))
    corpus = batch_state.corpus_key(config.db, config.template_file, config.encoder is not None)
    return hashlib.sha256(f"{hashlib.sha256(members.encode()).hexdigest()}|{corpus}".encode()).hexdigest()


def _without_similarity_errors(errors: list[FileError]) -> list[FileError]:
    return [e for e in errors if not (e.code == "service.internal" and "相似度" in e.reason)]


_COMPARE_CONTEXT: dict[str, object] = {}


def _compare_init(
    config: BatchConfig,
    mains: dict[str, Document],
    metas: dict[str, ProjectMeta],
    single_thread: bool,
    vectors: Path | None = None,
) -> None:
    """A compare worker: its own Screener (the corpus loaded once), the batch's documents and metas.
    `vectors`: the SQLite file of sentence vectors the batch's workers share (`index.shared_vectors`)."""
    encoder = config.encoder
    if single_thread and encoder is not None and hasattr(encoder, "threads"):
        encoder.threads = 1  # unloaded: the workers are the parallelism
    if encoder is not None and vectors is not None:
        encoder = SharedVectors(encoder, vectors)
    sim = stages.Similarity(config.db, encoder=encoder, template_file=config.template_file)
    _COMPARE_CONTEXT.update(sim=sim, mains=mains, metas=metas)


def _compare_job(sid: str) -> stages.SimilarityOutcome:
    """One main document against the corpus (纵向) and the other submissions (横向)."""
    sim: stages.Similarity = _COMPARE_CONTEXT["sim"]  # type: ignore[assignment]
    mains: dict[str, Document] = _COMPARE_CONTEXT["mains"]  # type: ignore[assignment]
    metas: dict[str, ProjectMeta] = _COMPARE_CONTEXT["metas"]  # type: ignore[assignment]
    others = {o: d for o, d in mains.items() if o != sid}
    return sim.similar(
        mains[sid],
        include_source_text=True,
        batch_docs=others,
        meta=metas[sid],
        batch_metas={o: metas[o] for o in others},
    )


def with_similarity(
    result: SubmissionResult, outcome: stages.SimilarityOutcome, labels: Mapping[str, BatchLabel]
) -> SubmissionResult:
    """A submission's result with its comparison (batch sources labelled with their titles)."""
    return result.model_copy(
        update={
            "similarity": label_batch_sources(outcome.report, labels),
            "semantic_error": outcome.semantic_error,
            "errors": _without_similarity_errors(result.errors),
        }
    )


def similarity_failed(result: SubmissionResult, err: FileError) -> SubmissionResult:
    """The result of a submission whose comparison failed: the error replaces an earlier one's."""
    return result.model_copy(update={"errors": [*_without_similarity_errors(result.errors), err]})


def compare_submission(
    result: SubmissionResult,
    doc: Document,
    sim: stages.Similarity,
    others: dict[str, Document],
    metas: dict[str, ProjectMeta],
    labels: Mapping[str, BatchLabel],
    batch_counts: BatchCounts | None = None,
) -> SubmissionResult:
    """One submission's main document against the corpus (纵向) and the other submissions (横向), as
    `_compare_job` does: `others` all of them by id — or, with `batch_counts` (the whole batch's
    counts), only those sharing distinctive fingerprints with it (a Spark executor's view); `metas`:
    what the submission and every other one says about itself; `labels`: their titles and companies."""
    outcome = sim.similar(
        doc,
        include_source_text=True,
        batch_docs=others,
        meta=metas[result.id],
        batch_metas={o: m for o, m in metas.items() if o != result.id},
        batch_counts=batch_counts,
    )
    return with_similarity(result, outcome, labels)


def _compare_all(batch: _Batch, config: BatchConfig, progress: Progress) -> None:
    """横向 + 纵向: every main document against the corpus and the rest of the batch, in worker processes."""
    mains = {sid: d.main for sid, d in batch.docs.items() if d.main is not None}
    key = _similarity_key(batch, mains, config)
    need = [sid for sid in mains if batch.states[sid].sim_key != key]
    progress.start("compare", len(need))
    results = {k: s.result for k, s in batch.states.items()}
    metas = {sid: self_meta(results[sid], config.year) for sid in mains}
    single = parallel.worker_count(config.workers, len(need)) > 1
    if not config.db.exists():
        # created here, once, empty: workers that each created it would race to switch the new file to WAL,
        # and SQLite answers that race "database is locked" without waiting (a batch taken down under load)
        CorpusStore(config.db).close()
    with tempfile.TemporaryDirectory(prefix="qcscreen-vectors-") as tmp:
        vectors = Path(tmp) / "vectors.sqlite" if single and config.encoder is not None else None
        init_args = (config, mains, metas, single, vectors)
        for sid, outcome in parallel.run_jobs(need, _compare_job, _compare_init, init_args, config.workers):
            _compared(batch, sid, outcome, key, results, progress)


def _compared(
    batch: _Batch,
    sid: str,
    outcome: stages.SimilarityOutcome | BaseException,
    key: str,
    results: Mapping[str, SubmissionResult],
    progress: Progress,
) -> None:
    """Record one submission's comparison (or its failure) and save its state."""
    state = batch.states[sid]
    if isinstance(outcome, BaseException):  # outcome as data; strict mode re-raises
        if stages.strict():
            raise outcome
        err = stages.internal_error("相似度比对", state.result.main_file or sid, outcome, sid)
        state.result = similarity_failed(state.result, err)
        progress.failed(err)
    else:
        state.result = with_similarity(state.result, outcome, results)
        state.sim_key = key
    batch.save(sid)
    progress.advance("compare", sid)


# ---------------------------------------------------------------- stage 4: write


def safe_name(sid: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_" else "_" for c in sid)
    return keep or hashlib.sha256(sid.encode("utf-8")).hexdigest()[:16]


def _write_reports(
    states: list[SubmissionResult],
    mains: Iterable[Document | None],
    out_dir: Path,
    config: BatchConfig,
    roster: RosterCheck | None,
) -> list[SubmissionResult]:
    results = []
    for state, main in zip(states, mains, strict=True):
        path = out_dir / "reports" / f"{safe_name(state.id)}.html"
        result = state.model_copy(update={"report": str(path.relative_to(out_dir))})
        page = html_report.render_submission(
            result,
            year=config.year,
            semantic_message=config.semantic_message,
            doc=main,
            roster_issues=roster.for_submission(state.id) if roster is not None else [],
        )
        atomic_write_text(path, page)
        results.append(result)
    return results


def _write_outputs(
    batch: _Batch, subs: list[Submission], out_dir: Path, config: BatchConfig, roster: Roster | FileError | None
) -> BatchSummary:
    states = [batch.states[s.id].result for s in subs]
    return write_outputs(states, (batch.docs[s.id].main for s in subs), out_dir, config, roster)


def write_outputs(
    states: list[SubmissionResult],
    mains: Iterable[Document | None],
    out_dir: Path,
    config: BatchConfig,
    roster: Roster | FileError | None,
) -> BatchSummary:
    """One HTML report per submission (`mains`: their main documents in the order of `states`, read
    one at a time), summary.json, index.html and summary.xlsx."""
    check = cross_check(roster, states) if isinstance(roster, Roster) else None
    results = _write_reports(states, mains, out_dir, config, check)
    rows = [summary_row(r, year=config.year, roster=check) for r in results]
    errors = [e for r in results for e in r.errors] + ([roster] if isinstance(roster, FileError) else [])
    summary = BatchSummary(
        year=config.year,
        submissions=len(results),
        failed_files=len(errors),
        semantic_checked=config.encoder is not None,
        semantic_message=config.semantic_message,
        rows=rows,
        errors=errors,
        results=results,
        roster=check,
    )
    atomic_write_text(out_dir / "summary.json", summary.model_dump_json(by_alias=True, indent=2))
    link = report_file_link({r.id: r.report for r in results if r.report})
    atomic_write_text(out_dir / "index.html", render_overview(summary, link))
    write_excel(summary, match_rows(results), out_dir / "summary.xlsx", check)
    return summary


def take_roster(subs: list[Submission], given: Path | None) -> tuple[list[Submission], Roster | FileError | None]:
    """The 汇总表: the one given, else a loose file of the batch that is one (then not a submission)."""
    path = given
    if path is None:
        path = next((s.files[0] for s in subs if len(s.files) == 1 and looks_like_roster(s.files[0])), None)
    if path is None:
        return subs, None
    rest = [s for s in subs if path not in s.files]
    try:
        return rest, read_roster(path)
    except RosterError as e:
        return rest, FileError(code="roster.unreadable", file=path.name, reason=str(e), message=str(e))


def screen_batch(
    submissions_dir: Path,
    config: BatchConfig,
    out_dir: Path,
    *,
    progress: Progress | None = None,
    resume: bool = True,
    on_submission: Callable[[SubmissionResult], None] | None = None,
) -> BatchResult:
    """Screen every submission under `submissions_dir`; write OUT/summary.xlsx, summary.json, index.html
    (the batch overview) and reports/."""
    progress = progress or Silent()
    out_dir.mkdir(parents=True, exist_ok=True)
    subs, roster = take_roster(discover(submissions_dir, exclude=out_dir), config.roster)
    hashes = {str(p): stages.file_sha256(p) for s in subs for p in s.files}
    batch = _Batch(out_dir / ".state")
    todo, reused = _resume(batch, subs, hashes, resume, progress)
    _read_and_check_all(batch, todo, hashes, config, progress, on_submission)
    _compare_all(batch, config, progress)
    summary = _write_outputs(batch, subs, out_dir, config, roster)
    reports = {r.id: out_dir / r.report for r in summary.results if r.report}
    return BatchResult(out_dir, summary, reused, reports)
