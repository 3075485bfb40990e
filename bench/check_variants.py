"""Stress benchmark of `nlp.check`: many generated submissions beyond the bundled 14, drawn with the
example generator (examples/gen) — every topic, random house styles (CAQ / alias / 品管圈 names, every
numbering, P/D/C/A grouping, text-box or placeholder titles, continuation slides, merged 总结) and one
planted defect each. The truth is the generator's (steps present, planted findings, 5W1H verdicts),
never the checker's. PPTX and DOCX only (PDF needs LibreOffice; the bundled corpus covers PDF).

    .venv/bin/python bench/check_variants.py [--n 120] [--seed 7] [--out bench/results/check_variants.md]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "examples"))

from bench.benchlib import planted_rules  # noqa: E402
from bench.check import _fivew1h_verdict, _machine  # noqa: E402
from ingest import read  # noqa: E402
from nlp.check import check  # noqa: E402

PS_DEFECTS = [
    None,
    None,
    "s2_no_numbers",
    "x2_two_categories",
    "q1_fishbone_in_survey",
    "k1_scoring",
    "no_main_causes",
    "no_consolidate",
    "no_summary",
    "e3_target_missed",
    "a1_vague_consolidate",
    "w_no_where",
    "w_blank_cells",
    "w_target_no_number",
    "w_all_members",
]
IN_DEFECTS = [
    None,
    None,
    "t1_ps_title",
    "s2_no_numbers",
    "n1_one_scheme",
    "w_no_where",
    "w_all_members",
    "w_target_no_number",
]


def make_specs(n: int, seed: int) -> list[Any]:
    from gen.plan import Spec, all_topics
    from gen.styles import Style

    rng = random.Random(seed)
    topics = all_topics()
    keys = sorted(topics)
    specs = []
    for i in range(n):
        key = keys[i % len(keys)] if i < len(keys) else rng.choice(keys)
        innovative = key.startswith("in")
        fmt = rng.choice(["pptx", "pptx", "docx"])
        names = "caq_in" if innovative else rng.choice(["caq", "alias", "qcc"])
        style = Style(
            names, rng.choice(["cn", "paren", "arabic", "step", "none"]), rng.random() < 0.3, rng.randrange(3)
        )
        deck = {
            "title_mode": rng.choice(["placeholder", "textbox", "mixed"]),
            "continuation": rng.choice(["（续）", ""]),
            "nested_groups": rng.random() < 0.4,
            "merge_summary": rng.random() < 0.4,
            "font_size": rng.choice([14, 16, 18]),
        }
        pool = IN_DEFECTS if innovative else PS_DEFECTS
        defect = pool[(i // len(keys) + i) % len(pool)]  # every defect in turn
        title = None
        if defect == "t1_ps_title":
            t = topics[key]
            title = f"{'降低' if getattr(t, 'lower_is_better', True) else '提高'}{t.metric}"
        specs.append(
            Spec(
                pid=f"V{i:03d}",
                year=2024,
                topic_key=key,
                fmt=fmt,
                style=style,
                deck=deck,
                heading_mode=rng.choice(["styles", "bold"]),
                directive=(not innovative) and rng.random() < 0.3,
                defects={defect} if defect else set(),
                note=defect or "clean",
                title=title,
            )
        )
    return specs


def run(n: int, seed: int, verbose: bool) -> dict[str, Any]:
    from gen.build import write_project
    from gen.plan import SEED, World, all_topics, build_one, findings, step_truth

    world = World(SEED + seed)
    topics = all_topics()
    seeds: dict[str, int] = {}
    specs = make_specs(n, seed)
    st = Counter()
    planted_all = [findings(s) for s in specs]
    scope = sorted({f["rule"] for fs in planted_all for f in fs})
    res_rules: dict[str, Counter[str]] = {r: Counter() for r in scope}
    details: list[str] = []
    type_ok = w_ok = w_n = checked = 0
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec, planted_list in zip(specs, planted_all, strict=True):
            b = build_one(world, spec, topics, seeds)
            folder = Path(tmp) / spec.pid
            files = write_project(b, folder, [], Path(tmp))
            doc = read(folder / files[0])
            t0 = time.perf_counter()
            rep = check(doc)
            times.append(time.perf_counter() - t0)
            checked += 1
            present, _missing = step_truth(b)
            pred = {s.id for s in rep.steps if s.present}
            truth = set(present)
            st["tp"] += len(pred & truth)
            st["fp"] += len(pred - truth)
            st["fn"] += len(truth - pred)
            style = f"{spec.fmt}/{spec.style.names}/{spec.style.numbering}/pdca={spec.style.pdca}/{spec.deck.get('title_mode')}/{spec.heading_mode}"
            if pred != truth:
                details.append(f"steps {spec.pid} {style}: extra {sorted(pred - truth)} missing {sorted(truth - pred)}")
            type_ok += rep.project_type == b.report.ptype
            if rep.project_type != b.report.ptype:
                details.append(f"type {spec.pid} {spec.note}: want {b.report.ptype} got {rep.project_type}")
            if b.fivew1h:
                w_n += 1
                want = _fivew1h_verdict(b.fivew1h)
                got = _fivew1h_verdict(rep.model_dump(mode="json")["fivew1h"])
                got["columns"] = {k: got["columns"].get(k, False) for k in want["columns"]}
                if want == got:
                    w_ok += 1
                else:
                    details.append(f"5W1H {spec.pid} {spec.note}: want {want} got {got}")
            found = {f.rule for f in rep.findings if f.rule in scope}
            planted, allowed = planted_rules({"planted_findings": planted_list}, found)
            for r in scope:
                key = "tp" if (r in allowed and r in found) else "fn" if r in planted else "fp" if r in found else None
                if key:
                    res_rules[r][key] += 1
                if key == "fn":
                    details.append(f"missed {r} on {spec.pid} ({spec.note}, {style})")
                if key == "fp":
                    msg = next(f.message for f in rep.findings if f.rule == r)
                    details.append(f"false {r} on {spec.pid} ({spec.note}, {style}): {msg}")
    tp = sum(c["tp"] for c in res_rules.values())
    fp = sum(c["fp"] for c in res_rules.values())
    fn = sum(c["fn"] for c in res_rules.values())
    p = st["tp"] / max(1, st["tp"] + st["fp"])
    r_ = st["tp"] / max(1, st["tp"] + st["fn"])
    out = {
        "n": checked,
        "step_f1": 2 * p * r_ / max(1e-9, p + r_),
        "type_acc": type_ok / max(1, checked),
        "fivew1h_exact": w_ok / max(1, w_n),
        "recall": tp / max(1, tp + fn),
        "precision": tp / max(1, tp + fp),
        "per_rule": {k: dict(v) for k, v in res_rules.items()},
        "check_median_ms": sorted(times)[len(times) // 2] * 1000 if times else None,
        "details": details,
    }
    if verbose:
        for d in details:
            print(d)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "check_variants.md")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    res = run(args.n, args.seed, args.verbose)
    lines = [
        "# check stress benchmark (generated variants, truth from the generator)",
        "",
        f"Command: `python bench/check_variants.py --n {args.n} --seed {args.seed}`  ",
        f"Machine: {_machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| submissions | {res['n']} |",
        f"| step presence F1 | {res['step_f1']:.3f} |",
        f"| project type right | {res['type_acc']:.3f} |",
        f"| 5W1H verdicts exact | {res['fivew1h_exact']:.3f} |",
        f"| planted findings recall | {res['recall']:.3f} |",
        f"| planted findings precision | {res['precision']:.3f} |",
        f"| median check time (after load) | {res['check_median_ms']:.0f} ms |",
        "",
        "| rule | TP | FN | FP |",
        "|---|---|---|---|",
    ]
    for r, c in sorted(res["per_rule"].items()):
        lines.append(f"| {r} | {c.get('tp', 0)} | {c.get('fn', 0)} | {c.get('fp', 0)} |")
    if res["details"]:
        lines += ["", "Disagreements (first 60):", ""] + [f"- {d}" for d in res["details"][:60]]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in res.items() if k not in ("details", "per_rule")}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
