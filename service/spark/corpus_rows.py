"""What one executor computes for one corpus project (`qcscreen spark corpus-build`): the same reading,
text, fingerprints, MinHash signature and essence vectors as `qcscreen corpus add`, as plain rows.

Every function here is the single-machine one: the files are read by `service.stages.read_files`
(each file isolated in a worker with the per-file time limit; a bad file is an error row with its
code, never a failed task), the project's metadata by `service.corpus.project_meta`, each document's
stored form by `index.store.document_row` (text, page map, winnowing index keys), the project id by
`index.store.new_project_id`, the near-duplicate vectors by `NearDupDetector.encode_parts` on the main
document's essence and the MinHash signature by `index.same_project.minhash.signature`. No Spark here:
these functions are tested without a cluster and pickled to executors.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.copy.fingerprint import FingerprintParams
from index.embed import Encoder, load_encoder
from index.same_project.minhash import MinHashIndex, MinHashParams, shingle_hashes, signature
from index.same_project.neardup import NearDupDetector, NearDupParams, essence_of
from index.store import ProjectMeta, document_row, main_document, new_project_id
from ingest.options import ReadOptions

from .. import stages
from ..corpus import ProjectInput, project_meta

META_FIELDS = ("year", "company", "credit_code", "title", "type", "target_kind", "industry", "award")


@dataclass(frozen=True)
class BuildConfig:
    """Everything an executor needs, pickled with the task (no executor reads the driver's settings)."""

    fingerprint: FingerprintParams = field(default_factory=FingerprintParams)
    neardup: NearDupParams = field(default_factory=NearDupParams)
    read_options: ReadOptions = field(default_factory=ReadOptions)
    encoder: str | None = "e5-small"  # None: no near-duplicate vectors (copy detection only)
    cache_dir: str | None = None  # where the model was shipped on the executors (QCSCREEN_CACHE)


def executor_encoder(config: BuildConfig) -> Encoder | None:
    """The encoder, loaded once per executor Python process (`index.embed.load_encoder` caches it)."""
    if config.encoder is None:
        return None
    return load_encoder(config.encoder, config.cache_dir)


def signed64(values: np.ndarray) -> list[int]:
    """uint64 values as Spark's signed 64-bit longs (the same bits)."""
    return [int(v) for v in np.asarray(values, dtype=np.uint64).view(np.int64)]


@functools.lru_cache(maxsize=4)
def band_hasher(params: MinHashParams) -> MinHashIndex:
    """An empty `MinHashIndex` for its band hashes, made once per Python worker: making one computes
    datasketch's optimal banding by numerical integration (≈ 60 ms, more than reading and fingerprinting
    a project's text)."""
    return MinHashIndex(params)


def minhash_columns(text: str, params: NearDupParams) -> dict[str, Any]:
    """MinHash signature, shingle count and LSH band keys of a project's main text (None when too short
    to be indexed, as `MinHashIndex.add` decides)."""
    hashes = shingle_hashes(text, params.minhash)
    if len(hashes) < params.minhash.min_shingles:
        return {"signature": None, "shingles": len(hashes), "bands": None}
    sig = signature(hashes, params.minhash)
    bands = band_hasher(params.minhash).band_hashes(sig)
    return {"signature": [int(v) for v in sig], "shingles": len(hashes), "bands": signed64(bands)}


def _essence(main_doc: Any, config: BuildConfig) -> tuple[dict[str, str] | None, dict[str, list[float]] | None]:
    """The main document's essence parts (what `NearDupHook` stores) and their vectors, or (None, None)
    without an encoder."""
    encoder = executor_encoder(config)
    if encoder is None:
        return None, None
    parts = essence_of(main_doc)
    detector = NearDupDetector(encoder, config.neardup)
    return parts, {p: [float(x) for x in v] for p, v in detector.encode_parts(parts).items()}


def build_partition(items: Iterable[tuple[int, ProjectInput]], config: BuildConfig) -> Iterator[dict[str, Any]]:
    """The rows of a partition's projects, in order. All their files go through one `read_files` call,
    so the isolated reader worker is started once per partition and reused from file to file (it is
    still replaced after a file that times out or crashes it), not once per project."""
    projects = list(items)  # paths and manifest metadata only
    outcomes = stages.read_files([f for _, proj in projects for f in proj.files], config.read_options)
    for seq, proj in projects:
        yield project_row(seq, proj, [next(outcomes) for _ in proj.files], config)


def build_project(seq: int, proj: ProjectInput, config: BuildConfig) -> dict[str, Any]:
    """One project as a row (`project_row` of its files read now)."""
    return project_row(seq, proj, list(stages.read_files(proj.files, config.read_options)), config)


def project_row(seq: int, proj: ProjectInput, read: list[stages.ReadResult], config: BuildConfig) -> dict[str, Any]:
    """One project as a row: its metadata, documents (stored form), near-duplicate columns and the
    read errors of its files. `documents` is empty when no file could be read."""
    errors = [
        {**r.error.model_copy(update={"project": proj.label}).model_dump(), "seq": seq}
        for r in read
        if r.document is None and r.error is not None
    ]
    ok = [r for r in read if r.document is not None]
    row: dict[str, Any] = {"seq": seq, "label": proj.label, "errors": errors, "documents": []}
    if not ok:
        return {
            **row,
            "project_id": None,
            "meta": None,
            "vectors": None,
            "signature": None,
            "shingles": 0,
            "bands": None,
        }
    docs = [r.document for r in ok if r.document is not None]
    meta = project_meta(proj, docs)
    if len({d.doc_id for d in docs}) != len(docs):  # as CorpusStore.add_project
        docs = list({d.doc_id: d for d in docs}.values())
    paths = [r.path for r in ok]
    stored = [document_row(d, paths[i] if i < len(paths) else None, config.fingerprint) for i, d in enumerate(docs)]
    main = main_document(docs)
    row["documents"] = [_document_columns(i, r, main.doc_id) for i, r in enumerate(stored)]
    row["project_id"] = meta.project_id or new_project_id(meta, [r.doc_id for r in stored])
    row["meta"] = {k: getattr(meta, k) for k in (*META_FIELDS, "project_id")}
    row["essence"], row["vectors"] = _essence(main, config)
    return {**row, **minhash_columns(main.text, config.neardup)}


def _document_columns(order: int, r: Any, main_id: str) -> dict[str, Any]:
    from index.store import unpack_page_map

    starts, pages = unpack_page_map(r.page_map)
    return {
        "doc_order": order,
        "doc_id": r.doc_id,
        "filename": r.filename,
        "path": r.path,
        "format": r.format,
        "title": r.title,
        "pages": r.pages,
        "text": r.text,
        "page_starts": [int(x) for x in starts],
        "page_numbers": [int(x) for x in pages],
        "keys": [int(k) for k in np.unique(r.keys)],
        "main": r.doc_id == main_id,
    }


def meta_of(row_meta: dict[str, Any]) -> ProjectMeta:
    return ProjectMeta.model_validate(row_meta)


def path_of(value: str | None) -> Path | None:
    return None if value is None else Path(value)
