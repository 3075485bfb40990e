"""End to end on the bundled examples, with examples/manifest.json as the truth (issue 2, item 6).

`qcscreen corpus add` (manifest) then `qcscreen screen` on a copy of the 2024 batch into which a
corrupt file was placed: the run must find the planted copied projects and the renamed project, flag
the planted missing steps, and fail cleanly on the corrupt file (named file + Chinese reason, exit 1)
while every other submission is still reported. The console script runs as users run it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ingest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MANIFEST = EXAMPLES / "manifest.json"
COPY_KINDS = {"verbatim", "light_edit", "reordered"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MANIFEST.exists(), reason="examples/manifest.json not generated"),
]


def qcscreen(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("qcscreen")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "service.cli"]
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, env=env, timeout=1500, check=False)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "QCSCREEN_SEMANTIC": "0",  # the copy stage is what the planted truth checks; keeps the test bounded
        "QCSCREEN_DATA_DIR": str(tmp / "data"),
        "COLUMNS": "200",
    }
    db = tmp / "corpus.sqlite"
    add = qcscreen(
        "corpus", "add", EXAMPLES / "corpus", "--manifest", EXAMPLES / "corpus" / "projects.csv", "--db", db, env=env
    )
    assert add.returncode == 0, add.stdout + add.stderr
    batch = tmp / "submissions"
    shutil.copytree(EXAMPLES / "submissions", batch)
    year_dir = next(p for p in batch.iterdir() if p.is_dir())
    (year_dir / "S99").mkdir()
    (year_dir / "S99" / "成果报告.pptx").write_bytes(b"PK\x03\x04" + os.urandom(2048))  # truncated zip
    out = tmp / "out"
    screen = qcscreen("screen", batch, "--year", "2024", "--db", db, "--out", out, env=env)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {
        "truth": json.loads(MANIFEST.read_text(encoding="utf-8")),
        "screen": screen,
        "out": out,
        "summary": summary,
        "results": {r["id"]: r for r in summary["results"]},
        "rows": {r["submission"]: r for r in summary["rows"]},
        "batch": year_dir,
    }


def test_corrupt_input_fails_cleanly_others_reported(run: dict[str, Any]) -> None:
    screen = run["screen"]
    assert screen.returncode == 1, screen.stderr
    assert "S99/成果报告.pptx" in screen.stderr and "ingest.corrupt" in screen.stderr and "无法读取" in screen.stderr
    truth_ids = {s["submission_id"] for s in run["truth"]["submissions"]}
    assert set(run["rows"]) == truth_ids | {"S99"}
    assert run["rows"]["S99"]["read_errors"] and run["rows"]["S99"]["verdict"] is None
    for sid in truth_ids:
        assert run["rows"][sid]["verdict"] in ("参评", "完善后参评", "不评"), sid
        assert (run["out"] / "reports" / f"{sid}.html").is_file()
    assert (run["out"] / "summary.xlsx").is_file()
    assert "预审汇总" in screen.stdout


def _overlaps(passages: list[dict[str, Any]], start: int, end: int) -> bool:
    return any(p["a_start"] < end and start < p["a_end"] for p in passages)


def test_planted_copies_are_found_with_their_source(run: dict[str, Any]) -> None:
    checked = 0
    for sub in run["truth"]["submissions"]:
        copies = [r for r in sub["reuse"] if r["kind"] in COPY_KINDS and r["source"].startswith("P")]
        if not copies:
            continue
        result = run["results"][sub["submission_id"]]
        sources = {s["source"]["project_id"]: s for s in result["similarity"]["sources"]}
        for source in {r["source"] for r in copies}:
            assert source in sources, f"{sub['submission_id']}: planted source {source} not found"
        # the document the screen compared: with full packages it may be the deck, not the manifest's main file
        main_file = run["rows"][sub["submission_id"]]["main_file"] or sub["main_file"]
        text = ingest.read(run["batch"] / sub["submission_id"] / main_file).text
        found = 0
        for r in copies:
            head = r["text"][:12]
            at = text.find(head)
            if at < 0:
                continue
            if _overlaps(sources[r["source"]]["passages"], at, at + len(r["text"])):
                found += 1
        assert found >= 1, f"{sub['submission_id']}: no planted passage located in a passage from its source"
        checked += 1
    assert checked >= 3


def test_renamed_project_is_found(run: dict[str, Any]) -> None:
    renamed = [s for s in run["truth"]["submissions"] if s.get("renamed_from")]
    assert renamed
    for sub in renamed:
        sim = run["results"][sub["submission_id"]]["similarity"]
        near = {n["source"]["project_id"] for n in sim["near_duplicates"] if n["same_project"]}
        assert sim["max_source"]["project_id"] == sub["renamed_from"] or sub["renamed_from"] in near
        assert sim["max_single_source_ratio"] >= 0.3
        row = run["rows"][sub["submission_id"]]
        assert sub["renamed_from"] in json.dumps(sim) and row["max_single_source_ratio"] >= 0.3


def test_mutual_copies_in_the_batch_are_found(run: dict[str, Any]) -> None:
    for sub in run["truth"]["submissions"]:
        other = sub.get("mutual_copy_with")
        if not other:
            continue
        sources = run["results"][sub["submission_id"]]["similarity"]["sources"]
        assert any(s["source"]["project_id"] == other and s["source"]["batch"] for s in sources), sub["submission_id"]


def test_planted_missing_steps_are_flagged(run: dict[str, Any]) -> None:
    planted = [s for s in run["truth"]["submissions"] if s["steps_missing"]]
    assert planted
    for sub in planted:
        check = run["results"][sub["submission_id"]]["check"]
        absent = {s["id"] for s in check["steps"] if not s["present"]}
        assert set(sub["steps_missing"]) <= absent, sub["submission_id"]
        names = {s["name"] for s in check["steps"] if s["id"] in sub["steps_missing"]}
        assert names <= set(run["rows"][sub["submission_id"]]["steps_missing"])


def test_resume_redoes_nothing(run: dict[str, Any], tmp_path: Path) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QCSCREEN_SEMANTIC": "0", "COLUMNS": "200"}
    db = next(run["out"].parent.glob("corpus.sqlite"))
    again = qcscreen("screen", run["batch"].parent, "--year", "2024", "--db", db, "--out", run["out"], env=env)
    assert again.returncode == 1
    assert f"恢复 {len(run['rows'])} 个" in again.stderr
