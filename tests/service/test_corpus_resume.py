"""`qcscreen corpus add` killed for real (SIGKILL) and run again (issue 15): a kill loses at most the
commit in flight, the rerun reads none of the stored projects again, and the postings and the
near-duplicate index end up complete although the kill came before they were saved."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.copy.postings import PostingsIndex
from index.embed import load_encoder, model_available
from index.same_project.neardup import NearDupDetector
from index.store import CorpusStore, index_dir_for
from service.settings import Settings

from .conftest import sections, write_docx

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
PROJECTS = 16
COMMIT_EVERY = 2


def _corpus(root: Path) -> Path:
    rows = []
    for i in range(PROJECTS):
        pid = f"P2020-{i:02d}"
        write_docx(root / pid / "成果报告.docx", f"降低第{i}号生产线故障停机次数", sections(300 + i, f"{i}号线"))
        rows.append({"path": pid, "year": 2020, "company": f"第{i}公司", "title": f"降低第{i}号生产线故障停机次数"})
    manifest = root / "projects.csv"
    with manifest.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return manifest


def _committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return int(con.execute("SELECT COUNT(*) FROM projects").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def _corpus_add(manifest: Path, db: Path) -> subprocess.Popen[str]:
    cmd = [
        sys.executable,
        "-c",
        "from service.cli import main; main()",
        "corpus",
        "add",
        str(manifest.parent),
        "--manifest",
        str(manifest),
        "--db",
        str(db),
        "--commit-every",
        str(COMMIT_EVERY),
    ]
    env = {**os.environ, "QCSCREEN_SEMANTIC": "1", "COLUMNS": "200"}
    return subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )


def test_a_killed_corpus_add_resumes(tmp_path: Path) -> None:
    settings = Settings()
    assert model_available(settings.cache_dir), "the e5 model is built by make setup (qcscreen model build)"
    manifest = _corpus(tmp_path / "corpus")
    db = tmp_path / "corpus.sqlite"
    first = _corpus_add(manifest, db)
    deadline = time.monotonic() + 600
    while _committed(db) < 2 * COMMIT_EVERY and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)  # the CLI and its reader workers
    first.wait(30)
    assert first.returncode == -signal.SIGKILL, first.stdout.read() if first.stdout else ""
    kept = _committed(db)
    assert 2 * COMMIT_EVERY <= kept < PROJECTS and kept % COMMIT_EVERY == 0  # whole commits only
    assert not (index_dir_for(db) / "neardup").exists()  # killed before the indexes were saved

    second = _corpus_add(manifest, db)
    output, _ = second.communicate(timeout=900)
    assert second.returncode == 0, output
    assert f"已加入 {PROJECTS - kept} 个项目" in output and f"{kept} 个已在语料库中（未重新读取）" in output

    store = CorpusStore(db, readonly=True)
    assert store.count_projects() == PROJECTS
    assert PostingsIndex.load(index_dir_for(db)).doc_nums == {d.num for d in store.iter_documents()}  # on disk
    encoder = load_encoder(settings.encoder, settings.cache_dir)
    back = NearDupDetector.load(index_dir_for(db) / "neardup", encoder, text_of=store.project_text)
    assert sorted(back.project_ids()) == sorted(p.project_id for p in store.list_projects())
