"""Calibration and effect of the paraphrase stage's lexical prefilter (`index.copy.paraphrase.LEXICAL_MIN`).

1. Safety: every sentence (`index.copy.paraphrase.sentences`) of the example corpus and submissions is
   embedded with e5; for every admissible cross-document pair (`admissible`: not near-verbatim, same
   facts) whose cosine reaches the paraphrase threshold (and a little below it), the character-bigram
   Dice of the two sentences is computed, plain and weighted as the stage weighs it
   (`weighted_dice`, each bigram by its inverse frequency among the sentences of the two documents).
   The prefilter (and the lexical evidence a pair at the threshold needs) is safe when no such pair
   falls below it.
2. Sentence sets (../shared/data: LCQMC, BQ, ATEC+CCKS, labelled sentence pairs): of the paraphrase
   pairs (label 1, single sentences the stage would match, admissible) that e5 puts at or above the
   threshold, how many reach `LEXICAL_MIN` in weighted Dice — the lexical evidence a lone pair needs —
   each bigram weighted over 300 other sentences of the same set plus the pairs (one domain: its
   common words, 花呗, 还款, weigh little, as 小组 does in a report).
3. Effect: the 14 example submissions are screened against the example corpus (batch included, as
   `screen` does) with the filter off and at several values; sentences encoded, time spent encoding and
   the paraphrase passages found are compared.

    .venv/bin/python bench/paraphrase_prefilter.py

Writes bench/results/paraphrase_prefilter.md. Needs the e5 model (`make model`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchlib import write_results  # noqa: E402
from similarity import load_corpus  # noqa: E402

from index.copy import paraphrase  # noqa: E402
from index.copy.paraphrase import (  # noqa: E402
    admissible,
    bigram_weights,
    default_threshold,
    sentences,
    weighted_dice,
)
from index.embed import load_encoder  # noqa: E402
from index.similar import Screener  # noqa: E402
from ingest import read  # noqa: E402

EXAMPLES = HERE.parent / "examples"


def dice(a: paraphrase.Sentence, b: paraphrase.Sentence) -> float:
    ba, bb = a.bigrams, b.bigrams
    return 2 * len(ba & bb) / max(len(ba) + len(bb), 1)


def safety(encoder: object, manifest: dict) -> dict:
    files = [EXAMPLES / s["dir"] / s["main_file"] for s in manifest["submissions"] if not s.get("corrupt")]
    files += [EXAMPLES / c["dir"] / c["main_file"] for c in manifest["corpus"] if c.get("main_file")]
    sents: list[paraphrase.Sentence] = []
    owner: list[int] = []
    per_file: list[list[paraphrase.Sentence]] = []
    for i, f in enumerate(files):
        per_file.append(sentences(read(f).text))
        for s in per_file[-1]:
            sents.append(s)
            owner.append(i)
    weights: dict[tuple[int, int], dict[str, float]] = {}
    t = time.perf_counter()
    vecs = encoder.encode([s.text for s in sents])  # type: ignore[attr-defined]
    enc_s = time.perf_counter() - t
    own = np.array(owner)
    th = default_threshold(encoder.model_id)  # type: ignore[attr-defined]
    sim = vecs @ vecs.T
    pairs = []
    for i, j in np.argwhere(np.triu(sim >= th - 0.01, 1)):
        if own[i] == own[j] or not admissible(sents[i], sents[j]):
            continue
        key = (int(own[i]), int(own[j]))
        if key not in weights:
            weights[key] = bigram_weights((*per_file[key[0]], *per_file[key[1]]))
        wd = weighted_dice(sents[i], sents[j], weights[key])
        pairs.append((float(sim[i, j]), wd, sents[i].text, sents[j].text, dice(sents[i], sents[j])))
    cos = np.array([p[0] for p in pairs])
    levels: dict[str, dict[str, float | None]] = {}
    for level in (th - 0.01, th, th + 0.01):
        m = cos >= level
        levels[f"{level:.2f}"] = {"pairs": int(m.sum())}
        for name, col in (("dice", 4), ("wdice", 1)):
            dc = np.array([p[col] for p in pairs])
            levels[f"{level:.2f}"] |= {
                f"{name}_min": round(float(dc[m].min()), 3) if m.any() else None,
                f"{name}_p01": round(float(np.quantile(dc[m], 0.01)), 3) if m.any() else None,
                f"{name}_p05": round(float(np.quantile(dc[m], 0.05)), 3) if m.any() else None,
                f"{name}_median": round(float(np.median(dc[m])), 3) if m.any() else None,
            }
    lowest = [p[:4] for p in sorted((p for p in pairs if p[0] >= th), key=lambda p: p[1])[:3]]
    return {
        "files": len(files),
        "sentences": len(sents),
        "encode_s": round(enc_s, 1),
        "threshold": th,
        "levels": levels,
        "lowest": [(round(c, 3), round(d, 3), a, b) for c, d, a, b in lowest],
    }


DATA = HERE.parent.parent / "shared" / "data"
SETS = {"LCQMC": ("LCQMC/test.txt", "\t"), "BQ": ("BQ_corpus/test.csv", ","), "ATEC+CCKS": ("ATEC_CCKS/test.csv", "\t")}


def _one_sentence(text: str) -> paraphrase.Sentence | None:
    found = sentences(text)
    return found[0] if len(found) == 1 else None


def sentence_sets(encoder: object, per_set: int = 1500) -> dict:
    """Per set: admissible paraphrase pairs, those at the threshold, and how many of those reach
    `LEXICAL_MIN` in weighted Dice (with the lowest three)."""
    import csv
    import random

    th = default_threshold(encoder.model_id)  # type: ignore[attr-defined]
    out = {}
    for name, (rel, delim) in SETS.items():
        with (DATA / rel).open(encoding="utf-8-sig", newline="") as f:
            rows = [r[-3:] for r in csv.reader(f, delimiter=delim) if len(r) >= 3]
        random.Random(1).shuffle(rows)
        pos = [(_one_sentence(a), _one_sentence(b)) for a, b, label in rows if label.strip() == "1"][:per_set]
        pairs = [(a, b) for a, b in pos if a is not None and b is not None and admissible(a, b)]
        background = [s for r in rows[:3000] if (s := _one_sentence(r[0])) is not None][:300]
        va = encoder.encode([a.text for a, _ in pairs])  # type: ignore[attr-defined]
        vb = encoder.encode([b.text for _, b in pairs])  # type: ignore[attr-defined]
        close = [pr for pr, c in zip(pairs, (va * vb).sum(axis=1), strict=True) if c >= th]
        w = bigram_weights((*background, *[s for pr in pairs for s in pr]))
        wd = sorted((weighted_dice(a, b, w), a.text, b.text) for a, b in close)
        out[name] = {
            "pairs": len(pairs),
            "close": len(close),
            "reach": sum(d >= paraphrase.LEXICAL_MIN for d, _, _ in wd),
            "lowest": [(round(d, 3), a, b) for d, a, b in wd[:3]],
        }
    return out


class Counting:
    def __init__(self, enc: object) -> None:
        self.enc = enc
        self.model_id = enc.model_id  # type: ignore[attr-defined]
        self.dim = enc.dim  # type: ignore[attr-defined]
        self.texts = 0
        self.seconds = 0.0

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        self.texts += len(texts)
        t = time.perf_counter()
        out = self.enc.encode(texts, batch_size)  # type: ignore[attr-defined]
        self.seconds += time.perf_counter() - t
        return out  # type: ignore[no-any-return]


def effect(encoder: object, manifest: dict, levels: list[float]) -> dict:
    work = Path(tempfile.mkdtemp(prefix="qcscreen-para-"))
    store, _ = load_corpus(EXAMPLES, work / "corpus.db")
    subs = [s for s in manifest["submissions"] if not s.get("corrupt")]
    docs = {s["submission_id"]: read(EXAMPLES / s["dir"] / s["main_file"]) for s in subs}
    out = {}
    for level in levels:
        paraphrase._CACHE.clear()
        paraphrase.LEXICAL_MIN = level
        counting = Counting(encoder)
        screener = Screener(store.path, store=store, encoder=counting)
        found: dict[str, list] = {}
        para_s = 0.0
        for s in subs:
            sid = s["submission_id"]
            rep = screener.similar(docs[sid], batch_docs={k: v for k, v in docs.items() if k != sid})
            para_s += screener.last_timings.get("paraphrase", 0.0)
            hits = [
                (sm.source.project_id, p.a_start, p.a_end)
                for sm in rep.sources
                for p in sm.passages
                if p.kind == "paraphrase"
            ]
            if hits:
                found[sid] = sorted(hits)
        out[f"{level:g}"] = {
            "encoded": counting.texts,
            "encode_s": round(counting.seconds, 1),
            "paraphrase_stage_s": round(para_s, 1),
            "found": found,
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--levels", type=float, nargs="+", default=[0.0, 0.1, 0.13, 0.2])
    ap.add_argument("--out", type=Path, default=HERE / "results" / "paraphrase_prefilter.md")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    default = paraphrase.LEXICAL_MIN
    manifest = json.loads((EXAMPLES / "manifest.json").read_text(encoding="utf-8"))
    encoder = load_encoder("e5-small")
    encoder.encode(["预热"])
    safe = safety(encoder, manifest)
    sets = sentence_sets(encoder)
    eff = effect(encoder, manifest, args.levels)
    print(json.dumps({"safety": safe, "sets": sets, "effect": eff}, ensure_ascii=False, indent=1))
    base = eff.get("0")
    lines = [
        "# Paraphrase stage: lexical prefilter",
        "",
        "Command: `.venv/bin/python bench/paraphrase_prefilter.py`",
        f"Machine: {os.cpu_count()} CPU cores, no GPU; {platform.python_implementation()} {platform.python_version()}; "
        f"load average at the end {os.getloadavg()[0]:.1f} (timings are upper bounds). Encoder: {encoder.model_id}.",
        "",
        f"## Safety: Dice of the pairs e5 calls paraphrases ({safe['sentences']:,} sentences of {safe['files']} "
        f"example files, encoded in {safe['encode_s']} s)",
        "",
        "Admissible cross-document sentence pairs (`index.copy.paraphrase.admissible`) at or above a cosine, and "
        "their character-bigram Dice, weighted as the stage weighs it (`weighted_dice`: each bigram by its "
        "inverse frequency among the sentences of the two documents) and plain:",
        "",
        "| cosine ≥ | pairs | weighted Dice min | 1st percentile | 5th percentile | median | plain Dice min | 1st percentile | 5th percentile | median |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for level, r in safe["levels"].items():
        cells = [r[f"{n}_{q}"] for n in ("wdice", "dice") for q in ("min", "p01", "p05", "median")]
        lines.append(f"| {level} | {r['pairs']:,} | " + " | ".join(str(c) for c in cells) + " |")
    lines += ["", f"Lowest weighted-Dice pairs at the threshold ({safe['threshold']}):", ""]
    lines += [f"- cos {c}, weighted Dice {d}: “{a}” ↔ “{b}”" for c, d, a, b in safe["lowest"]]
    lines += [
        "",
        f"## The sentence sets of ../shared/data: paraphrase pairs at the threshold ({safe['threshold']}) and the "
        f"lexical evidence (weighted Dice ≥ {default})",
        "",
        "| set | admissible paraphrase pairs (one sentence each side) | at the threshold | reaching the evidence | lowest weighted Dice |",
        "|---|---|---|---|---|",
    ]
    for name, r in sets.items():
        low = "; ".join(f"{d}: “{a}” ↔ “{b}”" for d, a, b in r["lowest"])
        lines.append(f"| {name} | {r['pairs']:,} | {r['close']:,} | {r['reach']:,} | {low} |")
    lines += [
        "",
        "## Effect on screening the 14 example submissions (batch included)",
        "",
        "| LEXICAL_MIN | sentences encoded | encoding (s) | paraphrase stage (s) | paraphrase passages | same passages as without the filter |",
        "|---|---|---|---|---|---|",
    ]
    for level, r in eff.items():
        same = "—" if base is None else ("yes" if r["found"] == base["found"] else "no")
        lines.append(
            f"| {level} | {r['encoded']:,} | {r['encode_s']} | {r['paraphrase_stage_s']} | "
            f"{sum(len(v) for v in r['found'].values())} | {same} |"
        )
    lines += [
        "",
        f"Default `LEXICAL_MIN` = {default} (weighted Dice): below the lowest weighted Dice of any pair at the "
        "threshold, so on this corpus the filter (and the same level asked of a pair accepted on its cosine "
        "alone) changes what is encoded, not what is found. Passages found without the "
        f"filter: {json.dumps(base['found'] if base else {}, ensure_ascii=False)}.",
        "",
    ]
    write_results(args.out, lines)


if __name__ == "__main__":
    main()
