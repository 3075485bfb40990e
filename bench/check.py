"""Benchmark of `nlp.check` against the example corpus manifest (the truth comes from the generator).

Measures: step presence F1, project type (and target kind) accuracy, 5W1H column verdicts (exact),
planted findings recall and precision (precision over the rule ids in scope: those the manifest plants
anywhere; a finding of such a rule on a submission without that planted rule is a false positive; a planted
finding marked `consequence_of` another is allowed, and required only when that other is not reported), and
the time of one check of a ~40-slide deck after it is loaded.

    .venv/bin/python bench/check.py [--examples examples] [--out bench/results/check.md] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.benchlib import planted_rules  # noqa: E402
from ingest import read  # noqa: E402
from nlp.check import check  # noqa: E402

GOALS = {"step_f1": 0.95, "type_acc": 1.0, "fivew1h_exact": 1.0, "recall": 0.9, "precision": 0.9, "time_40": 1.0}


def _fivew1h_verdict(rep: dict[str, Any] | None) -> dict[str, Any]:
    rep = rep or {}
    return {
        "found": bool(rep.get("found")),
        "columns": {k: bool(v) for k, v in (rep.get("columns") or {}).items()},
        "rows": int(rep.get("rows") or 0),
        "incomplete_rows": sorted(rep.get("incomplete_rows") or []),
    }


def pad_to(doc: Any, n: int) -> Any:
    """A deck of at least n slides: the deck's own middle slides repeated (as continuation slides
    without a title) after its last slide, so the check reads realistic content at the target size."""
    if doc.pages >= n:
        return doc
    from ingest.model import BlockKind

    mid = [p for p in range(1, doc.pages + 1) if doc.pages // 3 <= p <= 2 * doc.pages // 3] or [1]
    blocks = list(doc.blocks)
    page = doc.pages
    k = 0
    while page < n:
        src = mid[k % len(mid)]
        k += 1
        page += 1
        for b in doc.blocks:
            if b.source.page == src and b.kind != BlockKind.title:
                blocks.append(
                    b.model_copy(
                        update={"id": f"pad{page}-{b.id}", "source": b.source.model_copy(update={"page": page})}
                    )
                )
    return type(doc)(
        doc_id=doc.doc_id,
        filename=f"{doc.filename}（补足到{page}页）",
        format=doc.format,
        title=doc.title,
        pages=page,
        blocks=blocks,
        issues=doc.issues,
        coverage=doc.coverage,
        meta=doc.meta,
    )


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}"


def run(examples: Path, verbose: bool) -> dict[str, Any]:
    manifest = json.loads((examples / "manifest.json").read_text(encoding="utf-8"))
    subs = [s for s in manifest["submissions"] if not s.get("corrupt")]
    scope = sorted({p["rule"] for s in subs for p in s.get("planted_findings") or []})
    tp = fp = fn = 0
    st_tp = st_fp = st_fn = 0
    type_ok = kind_ok = kind_n = 0
    w_ok = w_n = 0
    per_rule: dict[str, Counter[str]] = {r: Counter() for r in scope}
    errors: list[str] = []
    details: list[str] = []
    loaded: list[tuple[Any, Any, int]] = []
    n_checked = 0
    for s in subs:
        d = examples / s["dir"]
        try:
            doc = read(d / s["main_file"])
            form = read(d / s["form_file"]) if s.get("form_file") else None
        except Exception as e:  # noqa: BLE001 — a reader failure is reported, not fatal to the bench
            errors.append(f"{s['submission_id']}: {type(e).__name__}: {e}")
            continue
        rep = check(doc, form=form)
        n_checked += 1
        loaded.append((doc, form, doc.pages))
        # steps
        pred = {st.id for st in rep.steps if st.present}
        truth = set(s.get("steps_present") or [])
        st_tp += len(pred & truth)
        st_fp += len(pred - truth)
        st_fn += len(truth - pred)
        # type
        type_ok += rep.project_type == s["type"]
        if s["type"] == "problem_solving" and s.get("target_kind"):
            kind_n += 1
            kind_ok += rep.target_kind == s["target_kind"]
        # 5W1H
        if s.get("fivew1h") is not None:
            w_n += 1
            want = _fivew1h_verdict(s["fivew1h"])
            got = _fivew1h_verdict(rep.model_dump(mode="json")["fivew1h"])
            want_cols = want["columns"]
            got_cols = {k: got["columns"].get(k, False) for k in want_cols}
            same = (
                want["found"] == got["found"]
                and want_cols == got_cols
                and want["rows"] == got["rows"]
                and want["incomplete_rows"] == got["incomplete_rows"]
            )
            w_ok += same
            if not same:
                details.append(f"5W1H {s['submission_id']}: want {want} got {dict(got, columns=got_cols)}")
        # planted findings
        found = {f.rule for f in rep.findings if f.rule in scope}
        planted, allowed = planted_rules(s, found)
        for r in scope:
            if r in allowed and r in found:
                per_rule[r]["tp"] += 1
            elif r in planted:
                per_rule[r]["fn"] += 1
                details.append(f"missed {r} on {s['submission_id']} ({s['main_file']})")
            elif r in found:
                per_rule[r]["fp"] += 1
                msg = next(f.message for f in rep.findings if f.rule == r)
                details.append(f"false {r} on {s['submission_id']} ({s['main_file']}): {msg}")
        tp += len(allowed & found)
        fn += len(planted - found)
        fp += len(found - allowed)
        if pred != truth:
            details.append(
                f"steps {s['submission_id']} ({s['main_file']}): extra {sorted(pred - truth)} missing {sorted(truth - pred)}"
            )
        if rep.project_type != s["type"]:
            details.append(f"type {s['submission_id']}: want {s['type']} got {rep.project_type} ({rep.type_evidence})")
    # timing: the largest deck, padded to 40 slides when it is shorter
    decks = [x for x in loaded if x[0].format in {"pptx", "ppt"}] or loaded
    timing: dict[str, Any] = {}
    if decks:
        doc, form, _pages = max(decks, key=lambda x: x[2])
        doc = pad_to(doc, 40)
        pages = doc.pages
        check(doc, form=form)  # warm caches (lexicons, rubric)
        runs = []
        for _ in range(7):
            t0 = time.perf_counter()
            check(doc, form=form)
            runs.append(time.perf_counter() - t0)
        timing = {"file": doc.filename, "pages": pages, "median_s": statistics.median(runs), "min_s": min(runs)}
    step_p = st_tp / max(1, st_tp + st_fp)
    step_r = st_tp / max(1, st_tp + st_fn)
    res = {
        "submissions": len(subs),
        "checked": n_checked,
        "errors": errors,
        "step_f1": 2 * step_p * step_r / max(1e-9, step_p + step_r),
        "step_precision": step_p,
        "step_recall": step_r,
        "type_acc": type_ok / max(1, n_checked),
        "type_ok": type_ok,
        "kind_acc": kind_ok / max(1, kind_n),
        "fivew1h_exact": w_ok / max(1, w_n),
        "fivew1h_n": w_n,
        "scope": scope,
        "recall": tp / max(1, tp + fn),
        "precision": tp / max(1, tp + fp),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "per_rule": {r: dict(c) for r, c in per_rule.items()},
        "timing": timing,
        "details": details,
    }
    if verbose:
        for line in details:
            print(line)
    return res


def write_md(res: dict[str, Any], out: Path, cmd: str) -> None:
    t = res["timing"]
    ok = lambda v, g: "✅" if v >= g else "❌"  # noqa: E731
    lines = [
        "# check benchmark (nlp.check on the example corpus manifest)",
        "",
        f"Command: `{cmd}`  ",
        f"Machine: {_machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        f"Submissions in the manifest (not corrupt): {res['submissions']}; checked: {res['checked']}; reader errors: {len(res['errors'])}",
        "",
        "| measure | value | goal |",
        "|---|---|---|",
        f"| step presence F1 | {res['step_f1']:.3f} (P {res['step_precision']:.3f}, R {res['step_recall']:.3f}) | ≥ 0.95 {ok(res['step_f1'], 0.95)} |",
        f"| project type right | {res['type_ok']}/{res['checked']} ({res['type_acc']:.3f}) | every submission {ok(res['type_acc'], 1.0)} |",
        f"| target kind right (问题解决型) | {res['kind_acc']:.3f} | — |",
        f"| 5W1H column verdicts exact | {res['fivew1h_exact']:.3f} over {res['fivew1h_n']} | exact {ok(res['fivew1h_exact'], 1.0)} |",
        f"| planted findings recall | {res['recall']:.3f} (TP {res['tp']}, FN {res['fn']}) | ≥ 0.9 {ok(res['recall'], 0.9)} |",
        f"| planted findings precision | {res['precision']:.3f} (FP {res['fp']}) | ≥ 0.9 {ok(res['precision'], 0.9)} |",
    ]
    if t:
        lines.append(
            f"| one check after load, {t['file']} ({t['pages']} slides/pages) | median {t['median_s'] * 1000:.0f} ms, min {t['min_s'] * 1000:.0f} ms | < 1 s {ok(1.0, t['median_s'])} |"
        )
    lines += [
        "",
        f"Rule ids in scope (planted somewhere): {', '.join(res['scope']) or '—'}. A planted finding the generator"
        " marks as the consequence of another (K3 after K1) counts when reported and is not missed once the"
        " finding it follows from is reported (one finding per defect).",
        "",
        "| rule | TP | FN | FP |",
        "|---|---|---|---|",
    ]
    for r, c in sorted(res["per_rule"].items()):
        lines.append(f"| {r} | {c.get('tp', 0)} | {c.get('fn', 0)} | {c.get('fp', 0)} |")
    if res["errors"]:
        lines += ["", "Reader errors:", ""] + [f"- {e}" for e in res["errors"]]
    if res["details"]:
        lines += ["", "Disagreements (first 40):", ""] + [f"- {d}" for d in res["details"][:40]]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--examples", type=Path, default=ROOT / "examples")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "check.md")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not (args.examples / "manifest.json").is_file():
        print(f"no manifest at {args.examples / 'manifest.json'} (run `make examples`)", file=sys.stderr)
        return 2
    res = run(args.examples, args.verbose)
    write_md(
        res,
        args.out,
        "python bench/check.py" + (f" --examples {args.examples}" if args.examples != ROOT / "examples" else ""),
    )
    summary = {k: res[k] for k in ("checked", "step_f1", "type_acc", "fivew1h_exact", "recall", "precision")}
    summary["time_40_median_s"] = res["timing"].get("median_s")
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
