"""Everything a corpus holds, read back for comparison: two corpora built from the same input by
different paths (`corpus add`, `spark corpus-build` + `corpus import`) must hold the same."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np

from index.copy.postings import PostingsIndex
from index.store import index_dir_for


def tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Projects (without the time they were added) and documents (with their row numbers)."""
    con = sqlite3.connect(str(db))
    try:
        projects = con.execute(
            "SELECT project_id, year, company, credit_code, title, type, target_kind, industry, award FROM projects ORDER BY rowid"
        ).fetchall()
        documents = con.execute(
            "SELECT num, doc_id, project_id, filename, path, format, title, chars, pages, text, page_map FROM documents ORDER BY num"
        ).fetchall()
        meta = con.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
        essences = con.execute("SELECT project_id, parts FROM essences ORDER BY project_id").fetchall()
    finally:
        con.close()
    return {"projects": projects, "documents": documents, "meta": meta, "essences": essences}


def postings(db: Path) -> dict[str, Any]:
    idx = PostingsIndex.load(index_dir_for(db))
    idx.compact()
    packed = idx._main.packed()
    return {"docs": sorted(idx.doc_nums), "postings": packed.tolist()}


def neardup(db: Path) -> dict[str, Any]:
    """The near-duplicate index: its description, MinHash signatures and every stored vector code."""
    import faiss

    folder = index_dir_for(db) / "neardup"
    meta = json.loads((folder / "neardup.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {"meta": meta}
    out["minhash"] = json.loads((folder / "neardup.minhash.json").read_text(encoding="utf-8"))
    out["signatures"] = np.load(folder / "neardup.minhash.sig.npy").tolist()
    for part in meta["parts"]:
        index = faiss.read_index(str(folder / f"neardup.{part}.faiss"))
        ids = faiss.vector_to_array(index.id_map).tolist()
        out[part] = {"ids": ids, "vectors": [index.reconstruct(i).tolist() for i in ids]}
    return out
