"""Build the PAN-style copy-detection set (eval/pan/tune, eval/pan/holdout, eval/pan/seeds).

Deterministic: the same material gives byte-identical files. Run from the repository root:

    .venv/bin/python eval/pan/build.py            # (re)write tune and seeds (holdout: --holdout)
    .venv/bin/python eval/pan/build.py --check    # rebuild in a temporary folder, compare tune + seeds

Holdout is written (`--holdout`) or compared (`--check --check-holdout`) only by the set's writer; the
extra tune negatives (pan_negatives.py) draw from their own generators and material, so holdout's
files stay what they were.

See eval/pan/README.md for what the cases are and the truth format.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import itertools
import json
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pan_cases import RetryError  # noqa: E402
from pan_make import (  # noqa: E402
    Built,
    Context,
    make_copy_case,
    make_corpus_paraphrase_case,
    make_negative_case,
    make_own_paraphrase_case,
)
from pan_material import (  # noqa: E402
    REPO,
    TOPICS,
    conflicts,
    fingerprint,
    load_boilerplate,
    load_corpus_paraphrases,
    load_own_paraphrases,
    load_pool,
    load_synonyms,
)
from pan_negatives import KINDS as HARD_KINDS  # noqa: E402
from pan_negatives import load_hard, load_non_paraphrases, make_hard_negative, material_hash  # noqa: E402
from pan_negatives import negative_pairs as hard_negative_pairs  # noqa: E402

SEED = "qcscreen-pan-1"
SPLITS = ("tune", "holdout")
PER_SPLIT = 12  # cases per obfuscation and split
COPY_KINDS = ("verbatim", "light", "reorder", "synonym")
MAX_TRIES = 200


def _context() -> Context:
    pool = load_pool()
    ctx = Context(pool, conflicts(pool), load_synonyms(), load_boilerplate())
    own = load_own_paraphrases(pool)
    ctx.own_pairs = {split: [p for p in own if p.doc and pool[p.doc].split == split] for split in SPLITS}
    for name in ("lcqmc", "bq"):
        pairs = load_corpus_paraphrases(name)
        ctx.corpus_pairs[("tune", name)] = pairs[0::2]
        ctx.corpus_pairs[("holdout", name)] = pairs[1::2]
    return ctx


def _draw(label: str, make) -> Built:
    """Call `make(rng)` with fresh seeded generators until it returns a valid case."""
    reasons: Counter[str] = Counter()
    for attempt in range(MAX_TRIES):
        try:
            return make(random.Random(f"{SEED}:{label}:{attempt}"))
        except RetryError as exc:
            reasons[str(exc).split(" in ")[0][:40]] += 1
    raise SystemExit(f"{label}: no valid case in {MAX_TRIES} draws ({reasons.most_common(3)})")


def _own_groups(pairs: list, n_cases: int) -> list[list]:
    """Spread the split's own pairs over `n_cases` cases (one or two pairs each)."""
    groups: list[list] = [[] for _ in range(n_cases)]
    for i, pair in enumerate(pairs):
        groups[i % n_cases].append(pair)
    return [g for g in groups if g]


def _negative_pairs(ctx: Context) -> dict[str, list[tuple[str, str]]]:
    """Same-topic pairs of our texts, dealt alternately to tune and holdout."""
    pairs = []
    for topic in TOPICS:
        ids = sorted(d for d, doc in ctx.pool.items() if doc.topic == topic)
        pairs += [p for p in itertools.combinations(ids, 2) if frozenset(p) not in ctx.conflicts]
    random.Random(f"{SEED}:negatives").shuffle(pairs)
    return {"tune": pairs[0::2], "holdout": pairs[1::2]}


def build_split(split: str, ctx: Context) -> list[Built]:
    cases = []
    for obf in COPY_KINDS:
        for i in range(PER_SPLIT):
            cases.append(_draw(f"{split}:{obf}:{i}", lambda rng, o=obf: make_copy_case(o, split, ctx, rng)))
    n_own = PER_SPLIT // 2
    for i, group in enumerate(_own_groups(ctx.own_pairs[split], n_own)):
        cases.append(_draw(f"{split}:own:{i}", lambda rng, g=group: make_own_paraphrase_case(split, g, ctx, rng)))
    for i in range(PER_SPLIT - n_own):
        name = ("lcqmc", "bq")[i % 2]
        cases.append(_draw(f"{split}:{name}:{i}", lambda rng, n=name: make_corpus_paraphrase_case(split, n, ctx, rng)))
    for i, pair in enumerate(_negative_pairs(ctx)[split]):
        cases.append(_draw(f"{split}:neg:{i}", lambda rng, p=pair: make_negative_case(p, ctx, rng)))
    random.Random(f"{SEED}:{split}:order").shuffle(cases)
    if split == "tune":
        cases += build_hard_negatives(ctx)
    return cases


def build_hard_negatives(ctx: Context) -> list[Built]:
    """The extra same-topic negatives of tune (stop 20), numbered after the first 72 cases in an order
    of their own, so the first 72 stay as they were."""
    hard, nonpara = load_hard(), load_non_paraphrases()
    pairs = hard_negative_pairs(ctx, _negative_pairs(ctx)["holdout"])
    cases = []
    for kind in HARD_KINDS:
        for i, pair in enumerate(pairs[kind]):
            cases.append(
                _draw(
                    f"tune:hardneg:{kind}:{i}",
                    lambda rng, k=kind, p=pair: make_hard_negative(k, p, ctx, hard, nonpara, rng),
                )
            )
    random.Random(f"{SEED}:tune:hardneg:order").shuffle(cases)
    return cases


def _case_json(case_id: str, built: Built) -> dict:
    return {
        "id": case_id,
        "obfuscation": built.obfuscation,
        "susp": f"susp/{case_id}.txt",
        "src": f"src/{case_id}.txt",
        "susp_chars": len(built.susp),
        "src_chars": len(built.src),
        "passages": [
            {
                "susp_start": p.susp_start,
                "susp_end": p.susp_end,
                "src_start": p.src_start,
                "src_end": p.src_end,
                "length_class": p.length_class,
                "origin": p.origin,
                "edits": p.edits,
            }
            for p in built.passages
        ],
        "boilerplate": built.boilerplate,
        "hosts": {"susp": built.susp_docs, "src": built.src_docs},
    } | ({"negative_kind": built.negative_kind} if built.negative_kind else {})


def write_split(out: Path, split: str, cases: list[Built], material: str) -> None:
    folder = out / split
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "susp").mkdir(parents=True)
    (folder / "src").mkdir()
    rows = []
    for n, built in enumerate(cases, 1):
        case_id = f"{split}-{n:03d}"
        (folder / "susp" / f"{case_id}.txt").write_text(built.susp, encoding="utf-8")
        (folder / "src" / f"{case_id}.txt").write_text(built.src, encoding="utf-8")
        rows.append(_case_json(case_id, built))
    truth = {"schema": 1, "split": split, "built_by": "eval/pan/build.py", "seed": SEED, "material": material}
    if split == "tune":
        truth["extra_negatives_material"] = material_hash()
    truth |= {"offsets": "0-based, end-exclusive, Unicode code points", "cases": rows}
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = Counter(c.obfuscation for c in cases)
    print(f"{split}: {len(cases)} cases {dict(sorted(counts.items()))}, {sum(len(c.passages) for c in cases)} passages")


def _anchor(text: str, start: str, end: str, where: str) -> tuple[int, int]:
    if text.count(start) != 1:
        raise SystemExit(f"seeds alignment: start anchor {start!r} occurs {text.count(start)} times in {where}")
    a = text.index(start)
    b = text.find(end, a)
    if b < 0 or text.count(end, a) < 1:
        raise SystemExit(f"seeds alignment: end anchor {end!r} not after start in {where}")
    return a, b + len(end)


def build_seeds(out: Path) -> None:
    """Turn the hand alignment of seeds 002/004 (seeds/alignment.yaml) into offsets."""
    spec = yaml.safe_load((HERE / "seeds" / "alignment.yaml").read_text(encoding="utf-8"))
    files = {side: REPO / spec[f"{side}_file"] for side in ("susp", "src")}
    texts = {side: path.read_text(encoding="utf-8") for side, path in files.items()}
    rows = []
    for p in spec["passages"]:
        sa, sb = _anchor(texts["susp"], p["susp"]["start"], p["susp"]["end"], "susp")
        ra, rb = _anchor(texts["src"], p["src"]["start"], p["src"]["end"], "src")
        rows.append(
            {"id": p["id"], "level": p["level"], "susp_start": sa, "susp_end": sb, "src_start": ra, "src_end": rb}
        )
    truth = {
        "schema": 1,
        "split": "seeds",
        "built_by": "eval/pan/build.py from seeds/alignment.yaml",
        "offsets": "0-based, end-exclusive, Unicode code points into the files as plain UTF-8 text",
        "cases": [
            {
                "id": "seeds-004-002",
                "obfuscation": "real",
                "susp": spec["susp_file"],
                "src": spec["src_file"],
                "susp_sha256": hashlib.sha256(files["susp"].read_bytes()).hexdigest(),
                "src_sha256": hashlib.sha256(files["src"].read_bytes()).hexdigest(),
                "susp_chars": len(texts["susp"]),
                "src_chars": len(texts["src"]),
                "passages": rows,
                "boilerplate": [],
            }
        ],
    }
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    (out / "seeds" / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"seeds: {len(rows)} hand-aligned passages")


def build(out: Path, holdout: bool) -> None:
    ctx = _context()
    material = fingerprint()
    for split in SPLITS:
        if split == "holdout" and not holdout:
            continue
        write_split(out, split, build_split(split, ctx), material)
    build_seeds(out)


def _same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        print(f"differs: {a} vs {b}: {cmp.left_only + cmp.right_only + cmp.diff_files}")
        return False
    return all(_same_tree(a / d, b / d) for d in cmp.common_dirs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    ap.add_argument("--check-holdout", action="store_true", help="with --check: compare holdout too (set writer only)")
    ap.add_argument("--holdout", action="store_true", help="write holdout too (set writer only)")
    args = ap.parse_args()
    if not args.check:
        build(HERE, args.holdout)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), args.check_holdout)
        names = ["tune"] + (["holdout"] if args.check_holdout else [])
        ok = all(_same_tree(Path(tmp) / n, HERE / n) for n in names)
        seeds = "seeds/truth.json"
        if not filecmp.cmp(Path(tmp) / seeds, HERE / seeds, shallow=False):
            print(f"differs: {seeds}")
            ok = False
    print("identical" if ok else "DIFFERENT")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
