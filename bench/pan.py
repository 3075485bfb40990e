"""PAN-style copy detection benchmark: `qcscreen compare SUSP SRC --json` on every case of a split of
eval/pan, scored with the PAN measures (bench/pan_measures.py) by obfuscation and overall.

    .venv/bin/python bench/pan.py --split tune       # the half to tune and debug on
    .venv/bin/python bench/pan.py --split seeds      # the hand-aligned real reuse, seeds 004 <- 002
    .venv/bin/python bench/pan.py --split holdout    # only for the final run of a session

Runs the command as a user would (a subprocess per pair, `--jobs` at once) and reads only the
contract of ../shared/spec/interfaces.md: `passages[].a_start/a_end/b_start/b_end`, offsets into the
plain text of A (the suspicious document) and B (the source). Writes bench/results/pan_<split>.md
(and, for tune and seeds, the raw detections beside it as pan_<split>_detections.json).

`--inproc` runs the same code path as `compare --json` (`service.stages.read_one` with the CLI's read
options, `service.stages.compare` with the encoder the CLI loads, the report serialised to JSON and
read back) in `--jobs` worker processes that load the semantic model once each, instead of one
process (and one model load, ~10 CPU s) per pair. The CLI mode stays the reference:
`--check-inproc N` runs the first N pairs both ways and fails unless the passages are identical.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from benchlib import git_head, machine, qcscreen_bin, write_results  # noqa: E402
from pan_measures import Annotation, Scores, covered_chars, covered_share, score  # noqa: E402

EVAL = REPO / "eval" / "pan"
KINDS = ("verbatim", "light", "reorder", "synonym", "paraphrase")
KIND_NAMES = {
    "verbatim": "verbatim",
    "light": "light edits (punctuation, width, 的/了, traditional)",
    "reorder": "sentences reordered",
    "synonym": "synonyms substituted",
    "paraphrase": "paraphrased",
    "real": "real reuse, seeds 004 ← 002",
}


def load_truth(split: str) -> tuple[Path, dict]:
    folder = EVAL / split
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return folder, truth


def _path(folder: Path, rel: str) -> Path:
    return (folder / rel) if not rel.startswith("../") else (REPO / rel)


def run_compare(exe: str, susp: Path, src: Path, timeout: int) -> dict:
    """One `compare` call: its passages (or the error) and its wall time."""
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [exe, "compare", str(susp), str(src), "--json"],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )
    except subprocess.TimeoutExpired:
        return {"passages": [], "error": f"timeout after {timeout} s", "wall_s": time.perf_counter() - t0}
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"passages": [], "error": f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}", "wall_s": wall}
    return {"passages": _passages(json.loads(proc.stdout)), "error": None, "wall_s": wall}


def _passages(out: dict) -> list[dict]:
    """The detections of one `compare --json` output."""
    return [
        {k: p[k] for k in ("a_start", "a_end", "b_start", "b_end")} | {"kind": p.get("kind")}
        for p in out.get("passages", [])
    ]


_ENCODER: list = []  # the worker's encoder state, loaded at its first pair (in-process mode)


def inproc_compare(susp: Path, src: Path) -> dict:
    """One pair through the functions `qcscreen compare A B --json` calls, in this (worker) process."""
    sys.path.insert(0, str(REPO))
    from service import stages
    from service.cli_common import read_options, settings

    t0 = time.perf_counter()
    if not _ENCODER:
        _ENCODER.append(stages.load_semantic_encoder(settings()))
    ra, rb = stages.read_one(susp, read_options()), stages.read_one(src, read_options())
    if ra.document is None or rb.document is None:
        errors = [r.error.reason for r in (ra, rb) if r.error is not None]
        return {"passages": [], "error": f"read failed: {errors}", "wall_s": time.perf_counter() - t0}
    rep = stages.compare(ra.document, rb.document, encoder=_ENCODER[0].encoder)
    out = json.loads(rep.model_dump_json(by_alias=True))
    return {"passages": _passages(out), "error": None, "wall_s": time.perf_counter() - t0, **_worker_cpu()}


def _worker_cpu() -> dict:
    """This worker's CPU seconds so far (forkserver workers are not children of the bench process, so
    getrusage(RUSAGE_CHILDREN) there never sees them)."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"worker": os.getpid(), "worker_cpu_s": ru.ru_utime + ru.ru_stime}


def annotations(truth: dict, results: dict[str, dict]) -> tuple[list[Annotation], list[Annotation], list[str]]:
    """Truth cases and detections as PAN annotations; zero-length detections are dropped (noted)."""
    cases, dets, notes = [], [], []
    for case in truth["cases"]:
        for p in case["passages"]:
            cases.append(Annotation(case["id"], p["susp_start"], p["susp_end"], p["src_start"], p["src_end"]))
        for p in results[case["id"]]["passages"]:
            ann = Annotation(case["id"], p["a_start"], p["a_end"], p["b_start"], p["b_end"])
            if ann.susp_end <= ann.susp_start or ann.src_end <= ann.src_start:
                notes.append(f"{case['id']}: empty detection {tuple(ann)[1:]} ignored")
                continue
            dets.append(ann)
    return cases, dets, notes


def _subset(anns: list[Annotation], ids: set[str]) -> list[Annotation]:
    return [a for a in anns if a.pair in ids]


def _row(name: str, s: Scores, n_pairs: int) -> str:
    return (
        f"| {name} | {n_pairs} | {s.cases} | {s.detections} | {s.precision:.3f} | {s.recall:.3f} | "
        f"{s.granularity:.2f} | **{s.plagdet:.3f}** | {s.micro_precision:.3f} | {s.micro_recall:.3f} |"
    )


NEGATIVE_KINDS = {
    "": "topic-group pairs with shared standards, addresses, dates, phrases (the first 12)",
    "notice": "two programme notices: laws cited, contact block, dates, generic notice sentences",
    "report": "two QC reports: standards lists, template sentences with other values, generic sentences",
    "trap": "two QC reports: template and generic sentences, LCQMC / BQ non-paraphrase pairs",
}


def _negatives(truth: dict, results: dict[str, dict], kind: str | None = None) -> tuple[int, int, int, int]:
    """Negative pairs (of `negative_kind` `kind`, or all), those with any detection, characters detected
    (suspicious side, source side)."""
    n = hit = a_chars = b_chars = 0
    for case in truth["cases"]:
        if case["obfuscation"] != "negative" or (kind is not None and case.get("negative_kind", "") != kind):
            continue
        n += 1
        ps = results[case["id"]]["passages"]
        hit += bool(ps)
        a_chars += covered_chars(0, case["susp_chars"], [(p["a_start"], p["a_end"]) for p in ps])
        b_chars += covered_chars(0, case["src_chars"], [(p["b_start"], p["b_end"]) for p in ps])
    return n, hit, a_chars, b_chars


def negative_kind_lines(truth: dict, results: dict[str, dict]) -> list[str]:
    """The negatives by kind (eval/pan/pan_negatives.py), when the split has more than one kind."""
    present = [
        k
        for k in NEGATIVE_KINDS
        if any(c.get("negative_kind", "") == k for c in truth["cases"] if c["obfuscation"] == "negative")
    ]
    if len(present) < 2:
        return []
    lines = ["| negatives | pairs | pairs with detections | chars detected (susp / src) |", "|---|---|---|---|"]
    for kind in present:
        n, hit, a_chars, b_chars = _negatives(truth, results, kind)
        lines.append(f"| {kind or 'topic'}: {NEGATIVE_KINDS[kind]} | {n} | {hit} | {a_chars} / {b_chars} |")
    return [*lines, ""]


def score_table(truth: dict, results: dict[str, dict]) -> tuple[list[str], Scores]:
    cases, dets, notes = annotations(truth, results)
    kinds = [k for k in (*KINDS, "real") if any(c["obfuscation"] == k for c in truth["cases"])]
    lines = [
        "| obfuscation | pairs | cases | detections | precision | recall | granularity | plagdet | micro P | micro R |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in kinds:
        ids = {c["id"] for c in truth["cases"] if c["obfuscation"] == kind}
        lines.append(_row(KIND_NAMES[kind], score(_subset(cases, ids), _subset(dets, ids)), len(ids)))
    overall = score(cases, dets)
    n_neg = sum(1 for c in truth["cases"] if c["obfuscation"] == "negative")
    label = f"all, with the {n_neg} unrelated same-topic pairs" if n_neg else "all"
    lines.append(_row(label, overall, len(truth["cases"])))
    lines += [f"- {n}" for n in notes]
    return lines, overall


def detail_lines(truth: dict, results: dict[str, dict]) -> list[str]:
    """Per pair (tune and seeds only): truth passages, detections, recall and precision of the pair."""
    lines = [
        "| pair | obfuscation | truth passages | detections | recall | precision | error |",
        "|---|---|---|---|---|---|---|",
    ]
    for case in truth["cases"]:
        one = {**truth, "cases": [case]}
        cases, dets, _ = annotations(one, results)
        s = score(cases, dets)
        err = results[case["id"]]["error"] or ""
        rec = f"{s.recall:.2f}" if cases else "–"
        prec = f"{s.precision:.2f}" if dets and cases else ("0 (negative)" if dets else "–")
        lines.append(
            f"| {case['id']} | {case['obfuscation']} | {len(cases)} | {len(dets)} | {rec} | {prec} | {err[:60]} |"
        )
    return lines


def seeds_levels(truth: dict, results: dict[str, dict]) -> list[str]:
    """Recall of the hand-aligned seeds passages by level (copy / edited / paraphrase)."""
    case = truth["cases"][0]
    dets = [
        Annotation(case["id"], p["a_start"], p["a_end"], p["b_start"], p["b_end"])
        for p in results[case["id"]]["passages"]
    ]
    lines = ["| passage | level | chars (004 / 002) | recall |", "|---|---|---|---|"]
    for p in case["passages"]:
        ann = Annotation(case["id"], p["susp_start"], p["susp_end"], p["src_start"], p["src_end"])
        lines.append(
            f"| {p['id']} | {p['level']} | {p['susp_end'] - p['susp_start']} / "
            f"{p['src_end'] - p['src_start']} | {covered_share(ann, dets):.2f} |"
        )
    return lines


def _print(case_id: str, res: dict) -> None:
    print(
        f"  {case_id}: {len(res['passages'])} passages, {res['wall_s']:.1f} s"
        + (f", {res['error']}" if res["error"] else ""),
        flush=True,
    )


def _run_cli(folder: Path, cases: list[dict], jobs: int, timeout: int) -> dict[str, dict]:
    exe = qcscreen_bin(REPO)

    def one(case: dict) -> tuple[str, dict]:
        res = run_compare(exe, _path(folder, case["susp"]), _path(folder, case["src"]), timeout)
        _print(case["id"], res)
        return case["id"], res

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(pool.map(one, cases))


def _run_inproc(folder: Path, cases: list[dict], jobs: int) -> dict[str, dict]:
    """The pairs in `jobs` worker processes (forkserver: no fork of a process holding threads)."""
    ctx = multiprocessing.get_context("forkserver")
    results = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = {
            c["id"]: pool.submit(inproc_compare, _path(folder, c["susp"]), _path(folder, c["src"])) for c in cases
        }
        for case_id, fut in futures.items():
            results[case_id] = fut.result()
            _print(case_id, results[case_id])
    return results


def run_all(
    split: str, jobs: int, limit: int | None, timeout: int, inproc: bool = False, only: str | None = None
) -> tuple[dict, dict[str, dict], float, float]:
    folder, truth = load_truth(split)
    if only:
        truth = {**truth, "cases": [c for c in truth["cases"] if c["obfuscation"] == only]}
    if limit:
        truth = {**truth, "cases": truth["cases"][:limit]}
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    if inproc:
        results = _run_inproc(folder, truth["cases"], jobs)
    else:
        results = _run_cli(folder, truth["cases"], jobs, timeout)
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    if inproc:  # each worker's last CPU figure (its whole life: model load included)
        last: dict[int, float] = {}
        for r in results.values():
            if "worker" in r:
                last[r["worker"]] = max(last.get(r["worker"], 0.0), r["worker_cpu_s"])
        cpu = sum(last.values())
    return truth, results, wall, cpu


def report(
    split: str,
    args: argparse.Namespace,
    truth: dict,
    results: dict[str, dict],
    wall: float,
    cpu: float,
    load: tuple[float, float, float],
) -> list[str]:
    table, overall = score_table(truth, results)
    walls = sorted(r["wall_s"] for r in results.values())
    errors = sum(1 for r in results.values() if r["error"])
    cmd = (
        f".venv/bin/python bench/pan.py --split {split}"
        + (" --inproc" if args.inproc else "")
        + (f" --jobs {args.jobs}" if args.jobs != 2 else "")
    )
    how = (
        f"each pair through the code path of `qcscreen compare SUSP SRC --json`, in {args.jobs} worker "
        "processes that load the model once each (`--check-inproc` shows it gives the CLI's passages)"
        if args.inproc
        else f"each pair through `qcscreen compare SUSP SRC --json` ({args.jobs} at a time)"
    )
    lines = [
        f"# PAN-style copy detection — {split}",
        "",
        f"Command: `{cmd}` — {how}.",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; code at commit {git_head(REPO)}; set material "
        f"{truth.get('material', 'seeds')}. Machine: {machine()}; load average before the run "
        f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}.",
        "Material: eval/pan (independent set, built by eval/pan/build.py; see eval/pan/README.md) — "
        "not the example corpus.",
        "",
        "Measures as defined by Potthast et al. (PAN 2010–2015): character-level macro precision and recall "
        "(both documents' characters), granularity, plagdet = F1 / log2(1 + granularity); micro P/R beside them.",
        "",
        *table,
        "",
    ]
    if any(c["obfuscation"] == "negative" for c in truth["cases"]):
        n, hit, a_chars, b_chars = _negatives(truth, results)
        lines += [
            f"Negatives (unrelated same-topic pairs): {hit} of {n} pairs got detections; characters detected: "
            f"{a_chars} in the suspicious documents, {b_chars} in the sources (goal: 0).",
            "",
        ]
        lines += negative_kind_lines(truth, results)
    lines += [
        f"Time: {wall:.0f} s wall for {len(walls)} pair(s) (load-dependent), {cpu:.0f} CPU s counted by "
        f"getrusage for the finished compare {'workers' if args.inproc else 'commands'} (less load-dependent); per call median {walls[len(walls) // 2]:.1f} s, max {walls[-1]:.1f} s. "
        f"Failed calls: {errors}.",
        "",
    ]
    if split == "seeds":
        lines += ["Recall by hand-aligned passage:", "", *seeds_levels(truth, results), ""]
    elif split == "tune":
        lines += ["Per pair (tune only):", "", *detail_lines(truth, results), ""]
    del overall
    return lines


def check_inproc(split: str, n: int, jobs: int, timeout: int) -> int:
    """The first `n` pairs of `split` through the CLI and in-process: the passages must be identical."""
    folder, truth = load_truth(split)
    cases = truth["cases"][:n]
    cli = _run_cli(folder, cases, jobs, timeout)
    inproc = _run_inproc(folder, cases, jobs)
    differ = [
        c["id"]
        for c in cases
        if cli[c["id"]]["passages"] != inproc[c["id"]]["passages"] or cli[c["id"]]["error"] or inproc[c["id"]]["error"]
    ]
    n_pass = sum(len(r["passages"]) for r in cli.values())
    print(
        f"{len(cases)} pairs, {n_pass} passages from the CLI; "
        + (f"differ: {', '.join(differ)}" if differ else "identical in-process")
    )
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("tune", "holdout", "seeds"), required=True)
    ap.add_argument("--jobs", type=int, default=2, help="compare calls at once (default 2)")
    ap.add_argument("--limit", type=int, help="only the first N pairs (plumbing checks; no results file)")
    ap.add_argument(
        "--only",
        metavar="OBFUSCATION",
        help="only the pairs of one obfuscation, e.g. negative (prints, writes nothing)",
    )
    ap.add_argument("--timeout", type=int, default=900, help="seconds per compare call")
    ap.add_argument(
        "--inproc",
        action="store_true",
        help="the compare code path in worker processes that load the model once (fast loop)",
    )
    ap.add_argument(
        "--check-inproc",
        type=int,
        metavar="N",
        help="run the first N pairs through the CLI and in-process; exit 1 unless they agree",
    )
    args = ap.parse_args()
    if args.check_inproc:
        return check_inproc(args.split, args.check_inproc, args.jobs, args.timeout)
    load = os.getloadavg()
    truth, results, wall, cpu = run_all(args.split, args.jobs, args.limit, args.timeout, args.inproc, args.only)
    lines = report(args.split, args, truth, results, wall, cpu, load)
    if args.limit or args.only:
        print("\n".join(lines))
        return 0
    write_results(BENCH / "results" / f"pan_{args.split}.md", lines)
    if args.split != "holdout":
        raw = {cid: r for cid, r in sorted(results.items())}
        (BENCH / "results" / f"pan_{args.split}_detections.json").write_text(
            json.dumps(raw, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
