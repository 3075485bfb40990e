"""The committed PAN-style set (eval/pan): its tune half and the seeds alignment are well formed,
the builder reproduces them, and bench/pan.py reads `qcscreen compare --json` as the contract says.
The holdout half is never opened here."""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAN = REPO / "eval" / "pan"
sys.path.insert(0, str(REPO / "bench"))


def _truth(split: str) -> dict:
    return json.loads((PAN / split / "truth.json").read_text(encoding="utf-8"))


def test_tune_counts_per_obfuscation() -> None:
    counts = Counter(c["obfuscation"] for c in _truth("tune")["cases"])
    assert set(counts) == {"verbatim", "light", "reorder", "synonym", "paraphrase", "negative"}
    assert all(n >= 10 for n in counts.values()), counts


def test_tune_offsets_and_lengths() -> None:
    for case in _truth("tune")["cases"]:
        susp = (PAN / "tune" / case["susp"]).read_text(encoding="utf-8")
        src = (PAN / "tune" / case["src"]).read_text(encoding="utf-8")
        assert (len(susp), len(src)) == (case["susp_chars"], case["src_chars"])
        assert 2000 <= len(susp) <= 21000 and 2000 <= len(src) <= 21000, case["id"]
        assert (case["obfuscation"] == "negative") == (not case["passages"]), case["id"]
        spans = sorted((p["susp_start"], p["susp_end"]) for p in case["passages"])
        for (_, a1), (b0, _) in itertools.pairwise(spans):
            assert a1 <= b0, f"{case['id']}: passages overlap"
        for p in case["passages"]:
            s, r = susp[p["susp_start"] : p["susp_end"]], src[p["src_start"] : p["src_end"]]
            assert 30 <= len(r) <= 800 and s.strip() == s and s, (case["id"], p)
            if case["obfuscation"] == "verbatim":
                assert s == r
            else:
                assert s != r
        for b in case["boilerplate"]:
            assert susp[b["susp_start"] : b["susp_end"]] == b["text"] == src[b["src_start"] : b["src_end"]]


def test_seeds_alignment_matches_the_files() -> None:
    truth = _truth("seeds")
    (case,) = truth["cases"]
    for side in ("susp", "src"):
        path = REPO / case[side]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == case[f"{side}_sha256"]
        assert len(path.read_text(encoding="utf-8")) == case[f"{side}_chars"]
    assert len(case["passages"]) >= 10


def test_builder_reproduces_tune_and_seeds() -> None:
    proc = subprocess.run([sys.executable, str(PAN / "build.py"), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "identical" in proc.stdout


@pytest.mark.slow
def test_bench_reads_compare_output() -> None:
    """One real `qcscreen compare` through bench/pan.py: passages parsed, scored in [0, 1]."""
    import pan

    folder, truth = pan.load_truth("tune")
    case = next(c for c in truth["cases"] if c["obfuscation"] == "verbatim")
    res = pan.run_compare(pan.qcscreen_bin(pan.REPO), folder / case["susp"], folder / case["src"], timeout=600)
    assert res["error"] is None
    for p in res["passages"]:
        assert 0 <= p["a_start"] <= p["a_end"] <= case["susp_chars"]
        assert 0 <= p["b_start"] <= p["b_end"] <= case["src_chars"]
    lines, overall = pan.score_table({**truth, "cases": [case]}, {case["id"]: res})
    assert 0.0 <= overall.plagdet <= 1.0 and lines[0].startswith("| obfuscation")


def test_extra_negatives_are_three_kinds_and_repeat_no_holdout_pair() -> None:
    """The harder tune negatives (eval/pan/pan_negatives.py): 12 of each kind, their shared pieces
    where the truth says, and no document pair of the holdout negatives (computed by the builder,
    without opening holdout)."""
    extra = [c for c in _truth("tune")["cases"] if c.get("negative_kind")]
    assert Counter(c["negative_kind"] for c in extra) == {"notice": 12, "report": 12, "trap": 12}
    assert all(c["obfuscation"] == "negative" and c["boilerplate"] for c in extra if c["negative_kind"] != "trap")
    # loaded under a name of its own, and sys.path restored: eval/independent has a build.py too
    saved = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location("pan_build", PAN / "build.py")
        assert spec is not None and spec.loader is not None
        build = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(build)
        import pan_negatives  # build.py put its folder on sys.path
    finally:
        sys.path[:] = saved

    ctx = build._context()
    holdout = build._negative_pairs(ctx)["holdout"]
    used = pan_negatives.negative_pairs(ctx, holdout)
    assert sum(len(v) for v in used.values()) == 36
    banned = {frozenset(p) for p in holdout}
    assert not any(frozenset(p) in banned for pairs in used.values() for p in pairs)
    for kind, pairs in used.items():
        got = [c for c in extra if c["negative_kind"] == kind]
        for a, b in pairs:
            assert any(a in c["hosts"]["susp"] and b in c["hosts"]["src"] for c in got), (kind, a, b)
