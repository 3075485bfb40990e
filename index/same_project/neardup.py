"""Same project, renamed (雷同): project-level similarity of the essence, explained part by part.

A project is described by its essence (`nlp.analyze(doc).essence`): 课题名称 (title), 选题理由 (reason),
症结 (symptom), 目标 (target), 要因 (causes), 对策 (countermeasures). Two signals are combined:

* dense: each essence part is embedded (`index.embed`, e5 "query: " prompt) and kept in one faiss index
  per part (`IndexIDMap2` over an 8-bit `IndexScalarQuantizer`, inner product = cosine, one byte per
  dimension: 384 bytes per e5 vector). A query searches each of its parts against the same part of
  every project (k_dense neighbours each) to collect candidates, then scores every candidate on all
  parts (the query vector stays float32; only the stored side is quantised);
* MinHash/LSH on the whole folded text (`index.minhash`), candidates verified with the exact Jaccard
  and containment of the shingle sets. The verified Jaccard is computed for the best dense candidates
  too (`verify_top`). Only the signatures are stored: the shingle sets of the candidates (at most
  verify_top + minhash.verify_max per query) are computed from their texts at query time, which come
  from `text_of` (the Screener passes `CorpusStore.project_text`; without it, the texts given to `add`
  in this process). A candidate whose text is unavailable — an index loaded without `text_of` — is
  judged on the MinHash estimate instead: its `parts` then hold `minhash_estimate` and
  `containment_estimate` (never `minhash`/`containment`) and its reason says "估计".

8-bit vectors: `QT_8bit_uniform` with a fixed range [-r, r] per model family (`VECTOR_RANGE`), set by
hand instead of trained, so an index grown from its first project quantises exactly like one of 100k
projects (a vector's codes never depend on the others). e5-small unit vectors of the example corpus
(`examples/`: 287 essence parts, 4,852 sentences) have components within [-0.171, 0.177], so r = 0.25
(step 2r/255 = 0.00196; components beyond ±0.25 would be clipped, none of the example corpus is).
Cosine error of the stored 8-bit side against float32 on the real e5 essence vectors of every example
document, each part against the same part of every document (14,185 pairs, bench/scale_dense.py):
max 0.0022, mean 0.00045, p99 0.0016 — fp16 had max 0.00005, mean 0.00001. The calibration's closest
margin is 0.004 (part_match 0.965; the same-project pairs' 4th-best part ≥ 0.969); all 742
submission–document pairs of the example corpus keep their verdict against float32 vectors (largest
combined-score change 0.0096) and notebooks/calibration.ipynb passes. Models without a range use
r = 1, the bound of any unit-vector component (step 0.0078, cosine error max ~0.01).

Persistence (format 2): `save(dir)` writes `neardup.json` (format, model id, dim, vector range,
parameters, project ids with a bitmask of their parts), `neardup.<part>.faiss` and `neardup.minhash.*`
(signatures and shingle counts) into `dir` (next to the SQLite corpus): about 2.9 KB per project with
e5 (6 × 384 B vectors + 6 × 8 B ids + 516 B MinHash + the ids in JSON). `load(dir, encoder,
text_of=…)` refuses an index of another format (1: fp16 vectors and stored shingle sets), built with
another model or other parameters (IndexMismatchError, Chinese message).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import faiss
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from index.embed import Encoder
from index.report import NearDuplicate, SourceInfo
from index.same_project.minhash import MinHashHit, MinHashIndex, MinHashParams, jaccard_containment, shingle_hashes
from ingest.fileio import atomic_write_bytes, atomic_write_text
from ingest.model import Document
from nlp import outline

PARTS: tuple[str, ...] = ("title", "reason", "symptom", "target", "causes", "countermeasures")
PART_ZH = {
    "title": "课题名称",
    "reason": "选题理由",
    "symptom": "症结",
    "target": "目标",
    "causes": "要因",
    "countermeasures": "对策",
}
FORMAT = 2  # 1: fp16 vectors, shingle sets stored; 2: 8-bit vectors (fixed range), signatures only
META = "neardup.json"
# Fixed quantisation range [-r, r] of the 8-bit vectors per model family (prefix of Encoder.model_id),
# measured on the example corpus (see the module docstring); other models: 1.0, any unit vector's bound.
# Components of e5-small: within ±0.18 (parts and sentences); of USE-multilingual-v3: within ±0.14.
VECTOR_RANGE: dict[str, float] = {"multilingual-e5-small": 0.25, "use-multilingual": 0.25}
# OpenMP threads for the single-query faiss searches. One query vector against a flat index gains
# little from threads on 2 cores and loses a lot when the machine is busy (spin-waiting): measured
# 42 ms with 1 thread vs 103 ms with 2 for 100k fp16 vectors under load. A constant (nothing below
# service reads the environment; no caller set QCSCREEN_FAISS_THREADS).
SEARCH_THREADS = 1


class IndexMismatchError(RuntimeError):
    """A saved index does not fit the current encoder or parameters. `str(e)` is Chinese."""


class Thresholds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    cos_floor: float  # raw cosine mapped to 0 (≈ unrelated projects of the same domain)
    cos_ceil: float  # raw cosine mapped to 1 (≈ the same text lightly reworded)
    part_match: float  # raw cosine at which a part counts as "the same"
    same_score: float  # combined score for the verdict


# Per model family (prefix of Encoder.model_id). Chosen in notebooks/calibration.ipynb on the example
# corpus (651 pairs: 2 same-project, 1 mutual copy, 648 false). e5: the median false cosine over parts
# is 0.90 (cos_floor); no false pair has 3 parts >= 0.96 while both same-project pairs have >= 4
# parts >= 0.969 (part_match 0.965); the highest false combined score is ~0.5, same-project pairs
# score 1.0 (same_score 0.75). USE: same rules on the same corpus (false p99 per part <= 0.85 except
# title/causes, whose generic texts collide; same-project parts >= 0.96) — provisional, not re-checked
# by the notebook.
CALIBRATION: dict[str, Thresholds] = {
    "multilingual-e5-small": Thresholds(cos_floor=0.90, cos_ceil=0.985, part_match=0.965, same_score=0.75),
    "use-multilingual": Thresholds(cos_floor=0.45, cos_ceil=0.98, part_match=0.85, same_score=0.75),
}


def vector_range_for(model_id: str) -> float:
    return next((r for prefix, r in VECTOR_RANGE.items() if model_id.startswith(prefix)), 1.0)


def thresholds_for(model_id: str) -> Thresholds:
    for prefix, th in CALIBRATION.items():
        if model_id.startswith(prefix):
            return th
    raise IndexMismatchError(
        f"模型 {model_id} 没有经过校准的雷同阈值，请在 notebooks/calibration.ipynb 中校准后再使用。"
    )


class NearDupParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: dict[str, float] = Field(
        default_factory=lambda: {
            "title": 0.75, "reason": 0.5, "symptom": 1.0, "target": 0.75, "causes": 1.0, "countermeasures": 1.0,
        }
    )  # fmt: skip
    min_weight: float = 2.5  # denominator floor: a project matched on the title alone scores ≤ 0.3
    k_dense: int = Field(default=20, ge=1)  # neighbours per part taken from faiss as candidates
    min_part_chars: int = Field(default=4, ge=1)
    max_part_chars: int = Field(default=600, ge=50)
    min_matching_parts: int = Field(default=3, ge=1)
    jaccard_floor: float = 0.25  # whole-text Jaccard that unrelated projects reach (shared template text)
    jaccard_same: float = 0.5  # verified whole-text Jaccard alone makes it the same project
    containment_same: float = 0.7
    report_min: float = 0.5  # candidates scoring below are not returned
    verify_top: int = Field(default=20, ge=1)  # dense candidates whose whole-text Jaccard is computed exactly
    minhash: MinHashParams = Field(default_factory=MinHashParams)
    thresholds: Thresholds | None = None  # None: CALIBRATION for the encoder's model family


# ---------------------------------------------------------------------------------------------
# Essence of a document
# ---------------------------------------------------------------------------------------------


def essence_of(doc: Document) -> dict[str, str]:
    """The essence parts of `doc`, as its analysis (`nlp.analyze`) gives them (`nlp.outline.essence`:
    without the 5W1H, tools and numbers analyzers, nor their modules)."""
    parts = outline.essence(doc).parts()
    return {p: parts[p] for p in PARTS}


# ---------------------------------------------------------------------------------------------
# The detector
# ---------------------------------------------------------------------------------------------


def _new_part_index(dim: int, vrange: float) -> faiss.IndexIDMap2:
    """8-bit scalar quantiser over the fixed range [-vrange, vrange] (not trained on the data)."""
    sq = faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_8bit_uniform, faiss.METRIC_INNER_PRODUCT)
    faiss.copy_array_to_vector(np.array([-vrange, 2 * vrange], dtype=np.float32), sq.sq.trained)  # vmin, vdiff
    sq.is_trained = True
    return faiss.IndexIDMap2(sq)


def _quantiser_range(index: faiss.IndexIDMap2) -> float | None:
    """The fixed range r of a part index written by `_new_part_index`; None for any other layout."""
    try:
        sq = faiss.downcast_index(index.index)
    except (AttributeError, RuntimeError):
        return None
    if not isinstance(sq, faiss.IndexScalarQuantizer) or sq.sq.qtype != faiss.ScalarQuantizer.QT_8bit_uniform:
        return None
    vmin, _vdiff = faiss.vector_to_array(sq.sq.trained).tolist()
    return -float(vmin)


def _bits(parts: Iterable[str]) -> int:
    return sum(1 << PARTS.index(p) for p in parts)


TextSource = Callable[[str], str | None]


class NearDupDetector:
    """Verbs: add / query / remove / save / load. Project ids are the corpus store's ids.

    `text_of(project_id)` gives the text a project was indexed with (its main document's text), for
    the exact MinHash verification; without it, the texts passed to `add*` are kept in memory for
    this process (standalone use), and after `load` candidates are verified on estimates."""

    def __init__(
        self, encoder: Encoder, params: NearDupParams | None = None, *, text_of: TextSource | None = None
    ) -> None:
        params = params or NearDupParams()
        if params.thresholds is None:
            params = params.model_copy(update={"thresholds": thresholds_for(encoder.model_id)})
        self.params = params
        self.th: Thresholds = params.thresholds  # type: ignore[assignment]
        self.encoder = encoder
        self.dim = int(encoder.dim)
        self.vector_range = vector_range_for(encoder.model_id)
        self._parts = {p: _new_part_index(self.dim, self.vector_range) for p in PARTS}
        self._minhash = MinHashIndex(params.minhash, text_of=text_of)
        self._ids: dict[str, int] = {}  # project id -> internal int64 id
        self._pids: dict[int, str] = {}
        self._has: dict[int, set[str]] = {}  # internal id -> parts present
        self._next = 0

    # -- building ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, project_id: str) -> bool:
        return project_id in self._ids

    def project_ids(self) -> list[str]:
        return list(self._ids)

    def _clean_parts(self, parts: dict[str, str]) -> dict[str, str]:
        out = {}
        for p in PARTS:
            t = " ".join((parts.get(p) or "").split())[: self.params.max_part_chars]
            if len(t) >= self.params.min_part_chars:
                out[p] = t
        return out

    def add(self, project_id: str, doc: Document) -> None:
        self.add_many([(project_id, doc)])

    def add_many(self, items: Iterable[tuple[str, Document]], batch_size: int = 32) -> None:
        """Add several projects, encoding all their parts in one batch (corpus import)."""
        prepared = [(pid, self._clean_parts(essence_of(doc)), doc.text) for pid, doc in items]
        self.add_essences(prepared, batch_size=batch_size)

    def add_essences(self, items: list[tuple[str, dict[str, str], str]], batch_size: int = 32) -> None:
        """Add projects given their essence parts and full text (for callers that have them)."""
        texts: list[str] = []
        where: list[tuple[int, str]] = []
        for n, (_pid, parts, _text) in enumerate(items):
            parts = self._clean_parts(parts)
            for p, t in parts.items():
                texts.append(t)
                where.append((n, p))
        vecs = self.encoder.encode(texts, batch_size=batch_size) if texts else np.zeros((0, self.dim), np.float32)
        per_item: dict[int, dict[str, np.ndarray]] = {}
        for (n, p), v in zip(where, vecs, strict=True):
            per_item.setdefault(n, {})[p] = v
        self.add_encoded([(pid, per_item.get(n, {}), text) for n, (pid, _parts, text) in enumerate(items)])

    def add_encoded(self, items: list[tuple[str, dict[str, np.ndarray], str]]) -> None:
        """Add projects given their part vectors (part → L2-normalised vector of the encoder's
        dimension, parts absent when empty) and full text; replaces earlier entries of the same ids."""
        per_part: dict[str, tuple[list[np.ndarray], list[int]]] = {p: ([], []) for p in PARTS}
        for pid, vecs, text in items:
            self.remove(pid)
            iid = self._next
            self._next += 1
            self._ids[pid] = iid
            self._pids[iid] = pid
            self._has[iid] = set()
            for p, v in vecs.items():
                if p not in per_part:
                    raise ValueError(f"unknown essence part {p!r} (parts: {', '.join(PARTS)})")
                v = np.asarray(v, dtype=np.float32).reshape(-1)
                if v.shape[0] != self.dim:
                    raise ValueError(f"part {p!r} of {pid}: {v.shape[0]}-d vector, the index holds {self.dim}-d")
                per_part[p][0].append(v)
                per_part[p][1].append(iid)
                self._has[iid].add(p)
            self._minhash.add(pid, text)
        for p, (vs, ids) in per_part.items():
            if vs:
                self._parts[p].add_with_ids(np.stack(vs), np.asarray(ids, dtype=np.int64))

    def stored_vectors(self, project_id: str) -> dict[str, np.ndarray]:
        """The part vectors of a project as stored (decoded from 8 bits), for checks and benchmarks."""
        iid = self._ids[project_id]
        return {p: np.asarray(self._parts[p].reconstruct(iid)) for p in PARTS if p in self._has[iid]}

    def remove(self, project_id: str) -> None:
        iid = self._ids.pop(project_id, None)
        if iid is None:
            return
        del self._pids[iid]
        for p in self._has.pop(iid, set()):
            # faiss's SWIG wrapper takes an id array (the stubs only know IDSelector)
            self._parts[p].remove_ids(np.array([iid], dtype=np.int64))  # type: ignore[arg-type]
        self._minhash.remove(project_id)

    # -- querying ------------------------------------------------------------------------------

    def encode_parts(self, parts: dict[str, str]) -> dict[str, np.ndarray]:
        parts = self._clean_parts(parts)
        names = list(parts)
        vecs = self.encoder.encode([parts[p] for p in names]) if names else np.zeros((0, self.dim), np.float32)
        return dict(zip(names, vecs, strict=True))

    def query(self, doc: Document, k: int = 10, exclude: Iterable[str] = ()) -> list[NearDuplicate]:
        """Projects most like `doc`, best first, scoring ≥ report_min; `same_project` is the verdict."""
        return self.query_essence(essence_of(doc), doc.text, k=k, exclude=exclude)

    def query_essence(
        self, parts: dict[str, str], text: str, k: int = 10, exclude: Iterable[str] = ()
    ) -> list[NearDuplicate]:
        return self.query_encoded(self.encode_parts(parts), text, k=k, exclude=exclude)

    def query_encoded(
        self, qv: dict[str, np.ndarray], text: str, k: int = 10, exclude: Iterable[str] = ()
    ) -> list[NearDuplicate]:
        """`query_essence` given the query's part vectors (part → L2-normalised vector), as `add_encoded`."""
        excl = set(exclude)
        faiss.omp_set_num_threads(SEARCH_THREADS)
        qv = {p: np.asarray(v, dtype=np.float32).reshape(-1) for p, v in qv.items() if p in self._parts}
        qhash = shingle_hashes(text, self.params.minhash)
        qsig = self._minhash.query_signature(qhash)
        cands: set[int] = set()
        for p, v in qv.items():
            index = self._parts[p]
            if index.ntotal == 0:
                continue
            _d, ids = index.search(v[None, :], min(self.params.k_dense, index.ntotal))
            cands.update(int(i) for i in ids[0] if i >= 0)
        mh_hits = {h.key: h for h in self._minhash.query_hashes(qhash, exclude=excl, sig=qsig)}
        cands.update(self._ids[key] for key in mh_hits if key in self._ids)
        order = sorted(i for i in cands if i in self._pids and self._pids[i] not in excl)
        if not order:
            return []
        cos_of: dict[int, dict[str, float]] = {i: {} for i in order}
        for p, v in qv.items():
            have = np.array([i for i in order if p in self._has[i]], dtype=np.int64)
            if len(have):
                sims = self._parts[p].reconstruct_batch(have) @ v
                for i, c in zip(have.tolist(), sims.tolist(), strict=True):
                    cos_of[i][p] = float(c)
        # Whole-text Jaccard for the LSH candidates (done) and for the best dense candidates: exact
        # from the candidate's text, the signature's estimate when the text is unavailable.
        dense_of = {i: self._dense(cos_of[i]) for i in order}
        dense_rank = set(sorted(order, key=lambda i: -dense_of[i])[: max(k, self.params.verify_top)])
        results = []
        for iid in order:
            pid = self._pids[iid]
            hit: MinHashHit | None = mh_hits.get(pid)
            if hit is None and iid in dense_rank:
                hit = self._minhash.verify(pid, qhash, qsig)
            jac, cont, exact = (hit.jaccard, hit.containment, hit.exact) if hit is not None else (0.0, 0.0, True)
            verdict = self._verdict(cos_of[iid], jac, cont, dense_of[iid])
            if round(verdict[0], 4) >= self.params.report_min or verdict[1]:  # only reported ones are explained
                results.append(self._judge(pid, cos_of[iid], jac, cont, exact=exact, verdict=verdict))
        results.sort(key=lambda r: (not r.same_project, -r.score, r.source.project_id))
        return results[:k]

    def score_pair(self, a: Document, b: Document) -> NearDuplicate:
        """Judge two documents directly (横向 within a batch, `compare`), without any index."""
        pa, pb = essence_of(a), essence_of(b)
        va, vb = self.encode_parts(pa), self.encode_parts(pb)
        cos = {p: float(np.dot(va[p], vb[p])) for p in va if p in vb}
        ha, hb = shingle_hashes(a.text, self.params.minhash), shingle_hashes(b.text, self.params.minhash)
        jac, cont = jaccard_containment(ha, hb)
        return self._judge(b.doc_id, cos, jac, cont)

    def _dense(self, cos: dict[str, float]) -> float:
        th, pr = self.th, self.params
        span = max(th.cos_ceil - th.cos_floor, 1e-6)
        wsum = sum(pr.weights.get(p, 0.0) for p in cos)
        dense = sum(pr.weights.get(p, 0.0) * min(1.0, max(0.0, (c - th.cos_floor) / span)) for p, c in cos.items())
        return dense / max(wsum, pr.min_weight)

    def _verdict(
        self, cos: dict[str, float], jac: float, cont: float, dense: float | None = None
    ) -> tuple[float, bool, list[str]]:
        """(combined score, same project, matching parts) of one candidate."""
        th, pr = self.th, self.params
        dense = self._dense(cos) if dense is None else dense
        mh = min(1.0, max(0.0, (jac - pr.jaccard_floor) / max(pr.jaccard_same - pr.jaccard_floor, 1e-6)))
        score = max(dense, mh)
        matching = [p for p in PARTS if p in cos and cos[p] >= th.part_match]
        same = (
            (score >= th.same_score and len(matching) >= pr.min_matching_parts)
            or jac >= pr.jaccard_same
            or (cont >= pr.containment_same and len(matching) >= 2)
        )
        return score, same, matching

    def _judge(
        self,
        pid: str,
        cos: dict[str, float],
        jac: float,
        cont: float,
        exact: bool = True,
        verdict: tuple[float, bool, list[str]] | None = None,
    ) -> NearDuplicate:
        score, same, matching = verdict or self._verdict(cos, jac, cont)
        parts = {p: round(cos[p], 4) for p in PARTS if p in cos}
        suffix = "" if exact else "_estimate"  # an estimate never poses as the exact value
        parts["minhash" + suffix] = round(jac, 4)
        parts["containment" + suffix] = round(cont, 4)
        return NearDuplicate(
            source=SourceInfo(project_id=pid),
            score=round(score, 4),
            same_project=same,
            parts=parts,
            reasons=self._reasons(cos, matching, jac, cont, score, same, exact),
        )

    def _reasons(
        self,
        cos: dict[str, float],
        matching: list[str],
        jac: float,
        cont: float,
        score: float,
        same: bool,
        exact: bool = True,
    ) -> list[str]:
        th, pr = self.th, self.params
        out = []
        names = "、".join(PART_ZH[p] for p in matching)
        alike = f"{len(matching)} 个要素高度相似：{names}" if matching else "没有高度相似的要素"
        if same:
            out.append(f"疑似雷同（判定为同一项目）：{alike}（综合得分 {score:.2f}）")
        else:
            out.append(f"相似但未判定为同一项目：{alike}（综合得分 {score:.2f}）")
        for p in sorted(cos, key=lambda p: -cos[p]):
            level = "高度相似" if p in matching else ("较相似" if cos[p] >= th.cos_floor else "不同")
            out.append(f"{PART_ZH[p]}{level}（语义相似度 {cos[p]:.3f}，判定阈值 {th.part_match:.3f}）")
        if jac > 0 or cont > 0:
            level = "高度重合" if jac >= pr.jaccard_same or cont >= pr.containment_same else "部分重合"
            if exact:
                out.append(
                    f"全文字面{level}：字符 {pr.minhash.shingle}-gram Jaccard 相似度 {jac:.2f}"
                    f"（阈值 {pr.jaccard_same:.2f}），本项目 {cont:.0%} 的字串见于该项目"
                )
            else:
                out.append(
                    f"全文字面{level}（估计值：该项目全文不可用，由 MinHash 签名估计）：字符 {pr.minhash.shingle}-gram "
                    f"Jaccard 相似度约 {jac:.2f}（阈值 {pr.jaccard_same:.2f}），估计本项目约 {cont:.0%} 的字串见于该项目"
                )
        return out

    # -- persistence ---------------------------------------------------------------------------

    def save(self, folder: str | os.PathLike[str]) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for p, index in self._parts.items():
            atomic_write_bytes(folder / f"neardup.{p}.faiss", faiss.serialize_index(index).tobytes())
        self._minhash.save(folder, prefix="neardup.minhash")
        meta = {
            "format": FORMAT,
            "model_id": self.encoder.model_id,
            "dim": self.dim,
            "vector_range": self.vector_range,
            "params": self.params.model_dump(),
            "parts": list(PARTS),  # bit i of a project's mask: PARTS[i] present
            "projects": {pid: [iid, _bits(self._has[iid])] for pid, iid in sorted(self._ids.items())},
            "next_id": self._next,
        }
        atomic_write_text(folder / META, json.dumps(meta, ensure_ascii=False))

    @classmethod
    def exists(cls, folder: str | os.PathLike[str]) -> bool:
        return (Path(folder) / META).is_file()

    @classmethod
    def load(
        cls,
        folder: str | os.PathLike[str],
        encoder: Encoder,
        params: NearDupParams | None = None,
        *,
        text_of: TextSource | None = None,
    ) -> NearDupDetector:
        """Load an index saved by `save`. `text_of`: the texts for exact MinHash verification (without
        it, candidates are judged on signature estimates, marked as such)."""
        folder = Path(folder)
        try:
            meta = json.loads((folder / META).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise IndexMismatchError(f"近似项目索引 {folder / META} 不存在或已损坏，请重建语料库索引。") from e
        if meta.get("format") != FORMAT:
            raise IndexMismatchError(
                f"近似项目索引格式版本为 {meta.get('format')}，当前程序需要 {FORMAT}，请重建语料库索引。"
            )
        if meta.get("model_id") != encoder.model_id or int(meta.get("dim", -1)) != int(encoder.dim):
            raise IndexMismatchError(
                f"近似项目索引由语义模型 {meta.get('model_id')}（{meta.get('dim')} 维）构建，"
                f"当前模型为 {encoder.model_id}（{encoder.dim} 维），两者的向量不可比较。"
                f"请用当前模型重建语料库索引，或改用原模型。"
            )
        stored = NearDupParams(**meta["params"])
        if params is not None:
            wanted = params
            if wanted.thresholds is None:
                wanted = wanted.model_copy(update={"thresholds": thresholds_for(encoder.model_id)})
            if wanted != stored:
                diff = sorted(k for k in stored.model_dump() if stored.model_dump()[k] != wanted.model_dump()[k])
                raise IndexMismatchError(
                    f"近似项目索引的参数与当前设置不一致（不同的参数：{', '.join(diff)}），请用当前参数重建语料库索引。"
                )
        det = cls(encoder, stored, text_of=text_of)
        ranges = set()
        for p in PARTS:
            det._parts[p] = faiss.read_index(str(folder / f"neardup.{p}.faiss"))  # type: ignore[assignment]  # written as IndexIDMap2
            if det._parts[p].d != det.dim:
                raise IndexMismatchError(f"近似项目索引文件 neardup.{p}.faiss 的维度与模型不符，请重建语料库索引。")
            vrange = _quantiser_range(det._parts[p])
            if vrange is None or vrange != float(np.float32(meta.get("vector_range", -1.0))):
                raise IndexMismatchError(
                    f"近似项目索引文件 neardup.{p}.faiss 的向量格式与索引说明不符，请重建语料库索引。"
                )
            ranges.add(vrange)
        det.vector_range = ranges.pop()  # the range the codes were written with (new vectors use it too)
        try:
            det._minhash = MinHashIndex.load(folder, stored.minhash, prefix="neardup.minhash", text_of=text_of)
        except (OSError, ValueError) as e:
            raise IndexMismatchError(f"近似项目索引的 MinHash 部分无法使用：{e}") from e
        names = [str(p) for p in meta.get("parts", PARTS)]
        if set(names) != set(PARTS):
            raise IndexMismatchError("近似项目索引的要素列表与当前程序不同，请重建语料库索引。")
        for pid, (iid, mask) in meta["projects"].items():
            det._ids[pid] = int(iid)
            det._pids[int(iid)] = pid
            det._has[int(iid)] = {p for i, p in enumerate(names) if int(mask) >> i & 1}
        det._next = int(meta["next_id"])
        return det
