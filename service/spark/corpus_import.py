"""`qcscreen corpus import DIR`: the Parquet written by `qcscreen spark corpus-build` into the
single-machine corpus (SQLite + fingerprint postings + near-duplicate index), so a cluster builds what
one service then queries.

The projects are streamed in the build's order (`seq`), one Parquet row group at a time (memory does
not grow with the archive), and each is added by the store's own rule (`CorpusStore.add_rows`: atomic,
refused when its files belong to another project), with the fingerprint keys and the near-duplicate
vectors computed on the cluster — nothing is read or encoded again. The result is the corpus
`qcscreen corpus add` makes from the same input (tests/spark asserts it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.copy.fingerprint import FingerprintParams
from index.embed import Encoder
from index.same_project.neardup import PARTS, NearDupDetector, NearDupParams
from index.similar import attach_neardup
from index.store import CorpusStore, DocumentRow, ProjectMeta, StoreError, pack_page_map

from ..results import FileError
from .corpus_build import read_params

_ADD_BATCH = 256  # projects whose vectors go to the near-duplicate index at once


@dataclass
class ImportOutcome:
    added: list[str] = field(default_factory=list)  # project ids
    errors: list[FileError] = field(default_factory=list)  # unreadable files (from the build) and refusals
    neardup: bool = False  # whether the near-duplicate index was filled


def parquet_files(folder: Path) -> list[Path]:
    """The part files of a Spark output folder, in partition order."""
    return sorted(p for p in folder.glob("part-*.parquet"))


def iter_rows(folder: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Rows of a Parquet folder, part file by part file, one row group at a time."""
    import pyarrow.parquet as pq

    for path in parquet_files(folder):
        pf = pq.ParquetFile(path)
        for i in range(pf.num_row_groups):
            yield from pf.read_row_group(i, columns=columns).to_pylist()


def document_rows(row: dict[str, Any]) -> list[DocumentRow]:
    return [
        DocumentRow(
            doc_id=d["doc_id"],
            filename=d["filename"],
            path=d["path"],
            format=d["format"],
            title=d["title"],
            pages=int(d["pages"]),
            text=d["text"],
            page_map=pack_page_map(np.asarray(d["page_starts"], np.int64), np.asarray(d["page_numbers"], np.int64)),
            keys=np.asarray(d["keys"], dtype=np.uint32),
        )
        for d in sorted(row["documents"], key=lambda d: int(d["doc_order"]))
    ]


def _main_text(row: dict[str, Any]) -> str:
    return str(next(d["text"] for d in row["documents"] if d["main"]))


def _essence(row: dict[str, Any]) -> dict[str, str]:
    """The essence parts as `essence_of` gives them (every part, in `PARTS` order; a Parquet map keeps
    no order)."""
    parts = dict(row["essence"] or [])
    return {p: parts.get(p, "") or "" for p in PARTS}


def _vectors(row: dict[str, Any]) -> dict[str, np.ndarray]:
    return {p: np.asarray(v, dtype=np.float32) for p, v in dict(row["vectors"] or []).items()}


def _detector(store: CorpusStore, params: dict[str, Any], encoder: Encoder | None) -> NearDupDetector | None:
    if encoder is None or params.get("model_id") is None:
        return None
    if params["model_id"] != encoder.model_id or int(params["dim"]) != int(encoder.dim):
        raise ValueError(
            f"语料是用语义模型 {params['model_id']}（{params['dim']} 维）构建的，当前模型为 "
            f"{encoder.model_id}（{encoder.dim} 维），向量不可混用；请用当前模型重新运行 corpus-build。"
        )
    detector = attach_neardup(store, encoder)
    if detector.params != NearDupParams(**params["neardup"]):
        raise ValueError("语料的近似项目（雷同）参数与当前程序不同；请用当前程序重新运行 corpus-build。")
    return detector


def import_corpus(folder: Path, db: Path, encoder: Encoder | None = None) -> ImportOutcome:
    """Add every project of a corpus build to the corpus `db` (created when missing)."""
    params = read_params(folder)
    outcome = ImportOutcome()
    for err in iter_rows(folder / "errors"):
        outcome.errors.append(FileError.model_validate({k: v for k, v in err.items() if k != "seq"}))
    pending: list[tuple[str, dict[str, np.ndarray], str]] = []
    with CorpusStore(db, params=FingerprintParams(**params["fingerprint"])) as store, store.bulk():
        detector = _detector(store, params, encoder)
        outcome.neardup = detector is not None
        for row in iter_rows(folder / "projects"):
            if not row["documents"]:
                continue
            meta = ProjectMeta.model_validate(row["meta"])
            essence = _essence(row) if detector is not None else None

            def keep_essence(pid: str, parts: dict[str, str] | None = essence) -> None:
                if parts is not None:  # as NearDupHook, inside the project's transaction
                    store.put_essence(pid, parts)

            try:
                pid, added = store.add_rows(meta, document_rows(row), on_add=keep_essence)
            except StoreError as e:
                message = f"项目《{row['label']}》未加入语料库：{e.message}"
                outcome.errors.append(
                    FileError(code="corpus.rejected", file=row["label"], reason=e.message, message=message)
                )
                continue
            if not added:
                continue
            outcome.added.append(pid)
            if detector is not None:
                pending.append((pid, _vectors(row), _main_text(row)))
                if len(pending) >= _ADD_BATCH:
                    detector.add_encoded(pending)
                    pending = []
        if detector is not None:
            detector.add_encoded(pending)
            detector.save(store.index_dir / "neardup")
    return outcome
