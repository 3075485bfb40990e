"""Screen one submission against the corpus (纵向) and the other submissions of its batch (横向).

Stages, in order:

1. fold + fingerprint the submission (index tier: `FingerprintParams`);
2. template exclusion (`index.templates`): frequent fingerprints in corpus + batch, organiser file;
3. candidate sources from the inverted index (documents sharing the most non-template fingerprints);
4. seed-and-extend alignment with every candidate and every batch document (`index.align`); a source
   counts only with strong evidence outside template text and outside the phrasing the submission
   shares with other documents besides that source (`ScreenParams.strong_run`, `phrase_docs`);
5. metrics: 总文字复制比 (union of all copy passages over the submission's folded characters,
   template text excluded from the numerator), 单篇最大文字复制比 and the per-source list;
6. near-duplicate projects (雷同) from `index.neardup` when the dense model is available;
7. eligibility: E-REPEAT (same company, same or near-same title as an earlier year) and E-AWARDED.

Confidentiality: `SourceInfo` carries year, company, title; `b_text` (the other side's text) is only
filled when `include_source_text` — the service decides by role and may redact company/title.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from index.batch import BatchIndex
from index.cache import LRUCache
from index.copy.align import AlignParams, RawPassage, SeedIndex, long_runs, resolve_overlaps, sentence_breaks
from index.copy.compare import add_paraphrases, copy_passages, longest_own_run, own_chars, pair_fragments
from index.copy.fingerprint import Fingerprints, FoldedText, fingerprint, fold_text, kgram_hashes
from index.copy.passages import Fragment, MergeParams, covered_ratio, to_passages
from index.copy.synonyms import Words, cut
from index.copy.templates import BatchCounts, Exclusion, KgramTable, TemplateFilter, TemplateParams
from index.embed import Encoder
from index.mentions import Applicant, NameIndex, mentions
from index.pages import PagedDoc
from index.report import CompanyMention, NearDuplicate, Passage, SimilarityReport, SourceInfo, SourceMatch
from index.same_project.eligibility import eligibility_findings
from index.store import CorpusStore, CorpusView, ProjectMeta, main_document
from ingest.model import Document

if TYPE_CHECKING:
    from index.same_project.neardup import NearDupDetector

log = logging.getLogger(__name__)


class ScreenParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    align: AlignParams = AlignParams()
    merge: MergeParams = MergeParams()
    template: TemplateParams = TemplateParams()
    max_candidates: int = Field(default=40, ge=1)  # corpus documents aligned per submission
    # A source is reported only with strong evidence: at least one passage holding a run of this many
    # identical characters outside template text, and this many identical characters outside the
    # phrasing shared with other documents (`phrase_docs`) (CNKI-like: a source is not marked on
    # scattered short coincidences — dates, numbers, one slot word inside a shared frame).
    strong_run: int = Field(default=16, ge=1)
    min_shared: int = Field(default=2, ge=1)  # distinctive fingerprints a candidate must share
    # A fingerprint is distinctive when at most max(rare_min, rare_share × documents) documents have it;
    # common phrases shared by hundreds of projects do not pick candidates (they still align).
    rare_share: float = Field(default=0.002, gt=0.0, le=1.0)
    rare_min: int = Field(default=10, ge=1)
    near_duplicates: int = Field(default=10, ge=0)  # how many near-duplicate candidates to ask for
    # Paraphrase stage: only against the sources with the most copied text (each new source costs the
    # encoding of its sentences, ≈ 0.5–1 s on 2 cores; bench/scale.py). 0 turns the stage off.
    paraphrase_sources: int = Field(default=3, ge=0)
    # Shared phrasing is not evidence against one source: characters covered only by k-grams
    # (k = template.kgram) that at least this many documents besides the candidate source contain
    # (corpus, estimated from the short-phrase table, plus batch) count neither towards a passage's
    # own content (`AlignParams.min_own`) nor towards the strong evidence (`strong_run`). A sentence frame
    # several projects fill with their own slot values ("通过本次活动，小组成员的创新能力和{X}等专业
    # 技术得到提升") then leaves only the slot words as evidence. 0 turns the rule off.
    # bench/similarity.py sweeps it.
    phrase_docs: float = Field(default=2, ge=0)
    # ... in runs (with template text) at least this long; 1 = every such character. Longer runs
    # (leaving single common words inside a passage as evidence) cost precision on the example corpus
    # (bench/similarity.py `phrase_run=…` rows); common words in a copied passage are handled by
    # `_proves` counting evidence characters over the passage instead of one run.
    phrase_run: int = Field(default=1, ge=1)


def _source(meta: ProjectMeta | None, project_id: str, file: str | None, batch: bool = False) -> SourceInfo:
    if meta is None:
        return SourceInfo(project_id=project_id, file=file, batch=batch)
    return SourceInfo(
        project_id=project_id,
        year=meta.year,
        company=meta.company,
        title=meta.title,
        award=meta.award,
        file=file,
        batch=batch,
    )


def _batch_items(batch_docs: Mapping[str, Document] | Iterable[Document] | None) -> list[tuple[str, Document]]:
    if batch_docs is None:
        return []
    if isinstance(batch_docs, Mapping):
        return [(str(k), v) for k, v in batch_docs.items()]
    return [(d.filename or d.doc_id, d) for d in batch_docs]


@dataclass
class _Evidence:
    """Copy evidence against one source document (a corpus document or a batch submission)."""

    info: SourceInfo
    key: str  # project id, or the submission id of a batch document
    raw: list[RawPassage]  # the character passages (folded coordinates), which prove the source
    doc: PagedDoc
    folded: FoldedText
    frags: list[Fragment]  # all the evidence (characters, words, meaning) in text offsets


@dataclass
class _Query:
    """The submission prepared once for one `similar` call."""

    doc: Document
    folded: FoldedText
    fps: Fingerprints
    batch: list[tuple[str, Document, FoldedText, Fingerprints]]
    exclusion: Exclusion
    seeds: SeedIndex
    breaks: np.ndarray
    excluded_ids: set[str]
    batch_size: int  # other submissions of the batch (all of them, also those not in `batch`)
    # the whole batch indexed (`batch` and the submission), with the member numbers of `batch`; None
    # when the caller counted the batch (`batch_counts`) and `batch` holds only candidates
    batch_index: BatchIndex | None = None
    batch_members: list[int] | None = None
    _words: Words | None = None

    @property
    def words(self) -> Words:
        """The submission's words (for the synonym alignment), cut once per call when needed."""
        if self._words is None:
            self._words = cut(self.doc.text)
        return self._words

    @property
    def mask(self) -> np.ndarray:
        return self.exclusion.mask


class Screener:
    """Loads the corpus once; `similar(doc)` per submission. Works without an encoder (copy only)."""

    def __init__(
        self,
        store_path: str | Path,
        *,
        encoder: Encoder | None = None,
        template_file: str | Path | None = None,
        params: ScreenParams | None = None,
        store: CorpusView | None = None,
        template_table: KgramTable | None = None,
        overlap: bool = False,
    ) -> None:
        """`store`: the corpus opened already (or a view of it); `template_table`: the short-phrase
        table built already (`KgramTable.build` over `store.sample_project_texts`); `overlap`: run the
        near-duplicate stage in a thread beside the paraphrase stage (a one-shot command on a free
        machine, `qcscreen similar`; a batch's workers already keep the cores busy)."""
        self.params = params or ScreenParams()
        self.overlap = overlap
        self.store: CorpusView = store or CorpusStore(store_path, readonly=True)
        self.encoder = encoder
        self.metas: dict[str, ProjectMeta] = self.store.project_metas()
        template_text = Path(template_file).read_text(encoding="utf-8") if template_file else None
        name = f"组织方模板文件（{Path(template_file).name}）" if template_file else "组织方模板"
        self.templates = TemplateFilter(
            self.store.postings,
            self.params.template,
            template_text=template_text,
            template_name=name,
            align=self.params.align,
        )
        # The near-duplicate index (faiss) is loaded here, or with `overlap` by the stage's thread at its
        # first query (`_near_duplicates`): beside the paraphrase stage, not before the copy stage.
        self.neardup: NearDupDetector | None = None
        self._neardup_pending = encoder is not None and overlap
        if encoder is not None and not overlap:
            self.neardup = self._load_neardup(encoder)
        self._prepared_cache: LRUCache[tuple[str, str, int], tuple[FoldedText, Fingerprints]] = LRUCache(4096)
        # The batch last screened, indexed once for all its submissions (`_batch_index`).
        self._batch: tuple[frozenset[int], list[Document], dict[int, int], BatchIndex] | None = None
        # Seconds per stage of the last `similar` call (copy, near_duplicates, paraphrase): wall clock
        # and CPU of this process (`time.process_time`: all its threads, so comparable on a shared
        # machine); for benchmarks and logs, not part of any report.
        self.last_timings: dict[str, float] = {}
        self.last_cpu: dict[str, float] = {}
        self._names: NameIndex | None = None  # corpus companies, built at the first `similar`
        self.templates.units = self.store.count_projects()
        self.templates.use_table(template_table or self._template_table())

    def _load_neardup(self, encoder: Encoder) -> NearDupDetector | None:
        from index.same_project.neardup import NearDupDetector  # faiss: only where the stage runs

        directory = self.store.index_dir / "neardup"
        if not NearDupDetector.exists(directory):
            return None
        # MinHash candidates are verified on the corpus texts (the index stores no shingle sets).
        detector = NearDupDetector.load(directory, encoder, text_of=self.store.project_text)
        # The index may lag behind the database (removed without the hook, a killed `corpus add`):
        # completed here in memory (this open is read-only; the next `corpus add` saves it).
        added, missing = complete_neardup(detector, self.store)
        if added or missing:
            log.info(
                "near-duplicate index: %d projects completed from the corpus, %d without an essence",
                len(added),
                len(missing),
            )
        return detector

    def _prepared(self, doc: Document) -> tuple[FoldedText, Fingerprints]:
        """Folded text and fingerprints of a submission, cached (a batch reuses them n times)."""

        def compute() -> tuple[FoldedText, Fingerprints]:
            fa = fold_text(doc.text)
            return fa, fingerprint(fa, self.store.params)

        return self._prepared_cache.get_or_compute((doc.doc_id, doc.filename, len(doc.text)), compute)

    def _template_table(self) -> KgramTable:
        """The short-phrase template table, from the cache file when the corpus has not changed."""
        tp = self.params.template
        path = self.store.index_dir / f"template_kgrams.k{tp.kgram}.s{tp.sample_docs}.npz"
        documents = self.store.count_projects()
        if path.exists():
            try:
                table = KgramTable.load(path)
                if table.documents == documents and table.sampled == min(documents, tp.sample_docs):
                    return table
            except (OSError, ValueError, KeyError):
                log.warning("template table cache %s unreadable; rebuilding", path)
        table = KgramTable.build(self.store.sample_project_texts(tp.sample_docs), tp.kgram, documents)
        try:
            table.save(path)
        except OSError:
            log.info("template table not cached (index folder not writable)")
        return table

    # -- the stages -------------------------------------------------------------------------------

    def similar(
        self,
        doc: Document,
        *,
        include_source_text: bool = False,
        batch_docs: Mapping[str, Document] | Iterable[Document] | None = None,
        exclude_project_ids: Iterable[str] = (),
        meta: ProjectMeta | None = None,
        batch_metas: Mapping[str, ProjectMeta] | None = None,
        batch_counts: BatchCounts | None = None,
    ) -> SimilarityReport:
        """Screen `doc`. `batch_docs`: the other submissions of the same batch (横向), by submission id.
        `meta`: what the submission says about itself (company, credit code, title, year) for the
        eligibility rules; the document title is used when absent. `batch_metas`: the same for the
        other submissions, by submission id (their companies' names are looked for in `doc`).
        `batch_counts`: the whole batch's fingerprint and k-gram counts when `batch_docs` holds only the
        submissions that share distinctive fingerprints with `doc` (a Spark executor's view, the same
        result as the whole batch)."""
        clock = _StageClock()
        q = self._prepare(doc, batch_docs, set(exclude_project_ids), batch_counts)
        query_keys = self._query_keys(q)
        found = self._corpus_evidence(q, query_keys) + self._batch_evidence(q, query_keys)
        clock.stop("copy")
        near_later = self._near_duplicates_meanwhile(doc, q.excluded_ids) if found else None
        if self.encoder is not None and found:
            self._add_paraphrases(q, self.encoder, found, include_source_text)
            clock.stop("paraphrase")
        sources = self._sources(q, found, include_source_text)
        clock.stop("copy")
        near: list[NearDuplicate] = []
        if self.encoder is not None:
            near = near_later() if near_later is not None else self._near_duplicates(doc, q.excluded_ids)
            clock.stop("near_duplicates")
        self.last_timings, self.last_cpu = clock.wall, clock.cpu
        best = sources[0] if sources else None
        copies = [p for sm in sources for p in sm.passages if p.kind == "copy"]
        return SimilarityReport(
            file=doc.filename,
            chars=len(doc.text),
            total_copy_ratio=covered_ratio(q.folded, copies),
            max_single_source_ratio=best.copy_ratio if best else 0.0,
            max_source=best.source if best else None,
            sources=sources,
            near_duplicates=near,
            eligibility=eligibility_findings(self.metas, doc, meta, sources, near, q.excluded_ids),
            template=q.exclusion.report(q.folded),
            semantic_checked=self.encoder is not None,
            mentions=self._mentions(q, meta, batch_metas or {}),
        )

    def _prepare(
        self,
        doc: Document,
        batch_docs: Mapping[str, Document] | Iterable[Document] | None,
        excluded_ids: set[str],
        batch_counts: BatchCounts | None = None,
    ) -> _Query:
        """Stage 1–2: fold and fingerprint the submission and its batch; decide what is template text."""
        fa, fps = self._prepared(doc)
        batch = [(k, d, *self._prepared(d)) for k, d in _batch_items(batch_docs) if d is not doc]
        index: BatchIndex | None = None
        members: list[int] | None = None
        if batch_counts is None and batch:
            indexed = self._batch_index(doc, [d for _, d, _, _ in batch])
            if indexed is not None:
                index, number = indexed
                members = [number[id(d)] for _, d, _, _ in batch]
                batch_counts = index.counts(fps.index_keys(), kgram_hashes(fa.codes, self.params.template.kgram))
        if batch_counts is not None:
            exclusion = self.templates.exclude(fa, fps, batch_counts=batch_counts)
        else:  # the same document given twice: counted twice, one by one
            keys, codes = [f.index_keys() for *_, f in batch], [f.codes for _, _, f, _ in batch]
            exclusion = self.templates.exclude(fa, fps, batch_keys=keys, batch_codes=codes)
        seeds = SeedIndex.build(fa, self.params.align.seed)
        size = batch_counts.size if batch_counts is not None else len(batch)
        breaks = sentence_breaks(fa, doc.text)
        return _Query(doc, fa, fps, batch, exclusion, seeds, breaks, excluded_ids, size, index, members)

    def _batch_index(self, doc: Document, others: list[Document]) -> tuple[BatchIndex, dict[int, int]] | None:
        """The index of the whole batch (`doc` and `others`) and its member numbers by document id:
        built at the batch's first submission and reused by the others (each one's `others` are the
        rest of the same documents). None when a document is given twice."""
        everyone = [doc, *others]
        ids = frozenset(id(d) for d in everyone)
        if len(ids) != len(everyone):
            return None
        if self._batch is None or self._batch[0] != ids:
            index = BatchIndex.build([self._prepared(d) for d in everyone], self.params.template.kgram)
            # the documents are kept with it, so that their ids stay theirs
            self._batch = (ids, everyone, {id(d): n for n, d in enumerate(everyone)}, index)
        return self._batch[3], self._batch[2]

    def candidates(
        self, doc: Document, batch_counts: BatchCounts, exclude_project_ids: Iterable[str] = ()
    ) -> tuple[list[int], np.ndarray]:
        """Stages 1–3 alone: the corpus documents `similar` aligns `doc` with (by number) and its
        distinctive fingerprint keys (those a batch submission must share `min_shared` of to be
        aligned) — for a Spark job, which then brings exactly these texts together."""
        q = self._prepare(doc, None, set(exclude_project_ids), batch_counts)
        keys = self._query_keys(q)
        return self._corpus_candidates(q, keys), np.unique(keys)

    def _query_keys(self, q: _Query) -> np.ndarray:
        """Stage 3: the submission's distinctive fingerprints — rare, and outside template text."""
        p = self.params
        keys = q.fps.index_keys()
        rare_cap = max(p.rare_min, math.ceil(p.rare_share * (self.store.postings.doc_count + q.batch_size)))
        usable = q.exclusion.df <= rare_cap
        if q.exclusion.frequent.any() and keys.size:
            usable &= ~q.exclusion.frequent[q.fps.positions]
        return keys[usable]

    def _corpus_candidates(self, q: _Query, query_keys: np.ndarray) -> list[int]:
        """Stage 3 (纵向): the corpus documents sharing the most distinctive fingerprints."""
        p = self.params
        nums, counts = self.store.postings.query(query_keys)
        owners = self.store.project_of([int(n) for n in nums[: p.max_candidates * 4]])
        return [
            int(n)
            for n, c in zip(nums.tolist(), counts.tolist(), strict=True)
            if c >= p.min_shared and int(n) in owners and owners[int(n)] not in q.excluded_ids
        ][: p.max_candidates]

    def _corpus_evidence(self, q: _Query, query_keys: np.ndarray) -> list[_Evidence]:
        """Stage 4 (纵向): the candidate corpus documents, aligned."""
        chosen = self._corpus_candidates(q, query_keys)
        found = []
        for sdoc in self.store.get_documents(chosen):
            info = _source(self.metas.get(sdoc.project_id), sdoc.project_id, sdoc.filename)
            ev = self._evidence(q, info, sdoc.project_id, sdoc, fold_text(sdoc.text))
            if ev is not None:
                found.append(ev)
        return found

    def _batch_evidence(self, q: _Query, query_keys: np.ndarray) -> list[_Evidence]:
        """Stage 4 (横向): the other submissions of the batch sharing distinctive fingerprints, aligned."""
        uniq_query = np.unique(query_keys)
        if q.batch_index is not None and q.batch_members is not None:
            held = q.batch_index.shared(uniq_query)
            shared = [int(held[m]) for m in q.batch_members]
        else:  # the candidates a caller chose (`batch_counts`): few, counted one by one
            shared = [int(np.intersect1d(uniq_query, bfps.index_keys()).size) for *_, bfps in q.batch]
        found = []
        for (key, bdoc, fb, _), n in zip(q.batch, shared, strict=True):
            if n < self.params.min_shared:
                continue
            info = SourceInfo(project_id=key, title=bdoc.title, file=bdoc.filename, batch=True)
            ev = self._evidence(q, info, key, bdoc, fb)
            if ev is not None:
                found.append(ev)
        return found

    def _evidence(self, q: _Query, info: SourceInfo, key: str, sdoc: PagedDoc, fb: FoldedText) -> _Evidence | None:
        """The copied passages of one candidate source, or None when nothing proves the source."""
        weak: list[RawPassage] = []
        evidence = self._evidence_mask(q.exclusion, fb)
        raw = copy_passages(
            q.folded,
            fb,
            q.mask,
            self.params.align,
            index_a=q.seeds,
            weak=weak,
            evidence_excluded=evidence,
            breaks=q.breaks,
        )
        if not self._proves(raw, q.mask, evidence):
            return None
        raw = resolve_overlaps(raw + weak)
        frags = pair_fragments(
            q.doc, sdoc, q.folded, raw, fb, evidence, words_a=q.words, near=self.params.merge.gap, sentence_pairs=False
        )
        return _Evidence(info, key, raw, sdoc, fb, frags)

    def _proves(self, raw: list[RawPassage], template: np.ndarray, evidence: np.ndarray) -> bool:
        """Strong evidence of copying from a source: one passage with a run of `strong_run` identical
        characters outside template text that also holds `strong_run` identical characters outside the
        phrasing shared with other documents (`_evidence_mask`)."""
        n = self.params.strong_run
        return any(longest_own_run(r, template) >= n and own_chars(r, evidence) >= n for r in raw)

    def _evidence_mask(self, exclusion: Exclusion, fb: FoldedText) -> np.ndarray:
        """Characters of the submission that are no evidence of copying from B: template text and the
        phrasing the submission shares with at least `phrase_docs` documents besides B."""
        mask = exclusion.mask
        kg = exclusion.kgrams
        if self.params.phrase_docs <= 0 or not kg.hashes.size:
            return mask
        shared = kg.shared_phrasing(fb.codes, self.params.phrase_docs, mask.shape[0])
        if self.params.phrase_run > 1:
            shared = long_runs(mask | shared, self.params.phrase_run)
        return np.asarray(mask | shared)

    def _sources(self, q: _Query, found: list[_Evidence], include_source_text: bool) -> list[SourceMatch]:
        """Stage 5: one SourceMatch per source project (a project's deck and 实施记录 count together),
        its passages merged per source document (`index.copy.passages`)."""
        groups: dict[tuple[bool, str], list[_Evidence]] = {}
        for ev in found:
            groups.setdefault((ev.info.batch, ev.key), []).append(ev)
        out = []
        for evs in groups.values():
            passages = _dedupe(
                [
                    p
                    for ev in evs
                    for p in to_passages(ev.frags, q.doc, ev.doc, self.params.merge, include_b_text=include_source_text)
                ],
                self.params.merge.overlap,
            )
            copies = [p for p in passages if p.kind == "copy"]
            if not copies:
                continue
            out.append(
                SourceMatch(
                    source=evs[0].info,
                    copy_ratio=covered_ratio(q.folded, copies),
                    paraphrase_ratio=covered_ratio(q.folded, [p for p in passages if p.kind == "paraphrase"]),
                    passages=passages,
                )
            )
        return sorted(
            out,
            key=lambda s: (
                -s.copy_ratio,
                -(s.source.year or 0),
                s.source.company or "",
                s.source.title or "",
                s.source.project_id,
            ),
        )

    def _mentions(
        self, q: _Query, meta: ProjectMeta | None, batch_metas: Mapping[str, ProjectMeta]
    ) -> list[CompanyMention]:
        """Stage 8: other applicants' names in the submission (corpus companies and the batch's)."""
        if self._names is None:
            self._names = NameIndex(
                Applicant(m.company, _source(m, pid, None)) for pid, m in self.metas.items() if m.company
            )
        own = meta.company if meta is not None else None
        found = [m for m in mentions(q.doc, self._names, own) if m.source.project_id not in q.excluded_ids]
        batch = NameIndex(
            Applicant(m.company, SourceInfo(project_id=k, company=m.company, title=m.title, batch=True))
            for k, m in batch_metas.items()
            if m.company and k not in q.excluded_ids
        )
        return found + mentions(q.doc, batch, own)

    def _near_duplicates_meanwhile(
        self, doc: Document, excluded_ids: set[str]
    ) -> Callable[[], list[NearDuplicate]] | None:
        """Stage 6 started in a thread, when `overlap` is on: it runs while the paraphrase stage waits
        for the encoder's runs (ONNX Runtime releases the GIL), so the essence analysis of the near-
        duplicate query is no longer serial work after them (issue 16: cold `similar`). Returns the
        function that waits for its result (raising what the stage raised); None when off. The
        answer is the same: the stage reads only `doc`, the corpus and the encoder (one run at a
        time, each run's vectors its own texts')."""
        if not self.overlap or self.encoder is None or (self.neardup is None and not self._neardup_pending):
            return None
        box: list[list[NearDuplicate] | BaseException] = []

        def run() -> None:
            try:
                box.append(self._near_duplicates(doc, excluded_ids))
            except BaseException as e:  # noqa: BLE001 - handed to the caller, raised there
                box.append(e)

        thread = threading.Thread(target=run, name="qcscreen-near-duplicates", daemon=True)
        thread.start()

        def result() -> list[NearDuplicate]:
            thread.join()
            if isinstance(box[0], BaseException):
                raise box[0]
            return box[0]

        return result

    def _near_duplicates(self, doc: Document, excluded_ids: set[str]) -> list[NearDuplicate]:
        """Stage 6: projects of the corpus judged the same project (雷同)."""
        if self._neardup_pending and self.encoder is not None:
            self.neardup = self._load_neardup(self.encoder)
            self._neardup_pending = False
        if self.neardup is None or self.params.near_duplicates == 0:
            return []
        out: list[NearDuplicate] = []
        for nd in self.neardup.query(doc, self.params.near_duplicates, exclude=excluded_ids):
            pid = nd.source.project_id
            meta = self.metas.get(pid)
            if meta is not None:
                nd.source = _source(meta, pid, nd.source.file)
            out.append(nd)
        return out

    def _add_paraphrases(self, q: _Query, encoder: Encoder, found: list[_Evidence], include_source_text: bool) -> None:
        """Paraphrased sentences, only against the `paraphrase_sources` source projects with the most
        copied text (candidates already proven by the copy stage)."""
        share: dict[tuple[bool, str], float] = {}
        for ev in found:
            k = (ev.info.batch, ev.key)
            share[k] = share.get(k, 0.0) + _union_ratio(len(q.folded), ev.raw)
        top = set(sorted(share, key=lambda k: -share[k])[: self.params.paraphrase_sources])
        for ev in found:
            if (ev.info.batch, ev.key) in top:
                ev.frags = add_paraphrases(
                    q.doc, ev.doc, encoder, ev.frags, include_source_text=include_source_text, merge=self.params.merge
                )


class _StageClock:
    """Wall and CPU seconds (`time.perf_counter`, `time.process_time`) per stage, added up: each
    `stop(stage)` charges the time since the previous one to `stage`."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._at = (time.perf_counter(), time.process_time())

    def stop(self, stage: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.wall[stage] = self.wall.get(stage, 0.0) + now[0] - self._at[0]
        self.cpu[stage] = self.cpu.get(stage, 0.0) + now[1] - self._at[1]
        self._at = now


def _dedupe(passages: list[Passage], overlap: float) -> list[Passage]:
    """A source project's passages without those contained in (mostly overlapping) a larger one along
    the submission — a deck and its 实施记录 often hold the same copied text."""
    kept: list[Passage] = []
    for p in sorted(passages, key=lambda x: (-(x.a_end - x.a_start), x.a_start)):
        size = max(p.a_end - p.a_start, 1)
        if not any(min(p.a_end, k.a_end) - max(p.a_start, k.a_start) >= overlap * size for k in kept):
            kept.append(p)
    return sorted(kept, key=lambda x: (x.a_start, x.b_start))


def _union_ratio(length: int, passages: Iterable[RawPassage]) -> float:
    """Share of `length` folded characters covered by the passages (on the submission's side)."""
    mask = np.zeros(length, dtype=bool)
    for r in passages:
        mask[r.a_start : r.a_end] = True
    return round(float(mask.sum()) / max(length, 1), 4)


class NearDupHook:
    """Keeps the near-duplicate index (next to the corpus, `<db>.index/neardup`) in step with the store.
    Each project's essence is also kept in the store, in the project's own transaction, so an index
    that lags behind the database (a killed `corpus add`) is completed from it (`complete_neardup`).
    Changes are saved in `flush`, which the store calls per bulk flush (or per single change)."""

    def __init__(self, detector: NearDupDetector, directory: Path, store: CorpusStore) -> None:
        self.detector = detector
        self.directory = directory
        self.store = store
        self.dirty = False

    def on_add(self, project_id: str, meta: ProjectMeta, docs: list[Document]) -> None:
        from index.same_project.neardup import essence_of

        main = main_document(docs)  # what CorpusStore.project_text returns
        parts = essence_of(main)
        self.store.put_essence(project_id, parts)
        self.detector.add_essences([(project_id, parts, main.text)])
        self.dirty = True

    def on_remove(self, project_id: str) -> None:
        self.detector.remove(project_id)
        self.dirty = True

    def flush(self) -> None:
        if self.dirty:
            self.detector.save(self.directory)
            self.dirty = False


def _drop_removed(detector: NearDupDetector, known: Mapping[str, ProjectMeta]) -> list[str]:
    """Remove from `detector` (in memory) the projects that are not in `known` (the corpus); their ids."""
    gone = [pid for pid in detector.project_ids() if pid not in known]
    for pid in gone:
        detector.remove(pid)
    return gone


def complete_neardup(detector: NearDupDetector, store: CorpusView) -> tuple[list[str], list[str]]:
    """Bring the index in step with the database: add the projects it lacks from their stored essence
    (a `corpus add` killed between two flushes), drop the ones no longer stored. Returns (ids added,
    ids that cannot be added: stored without an essence, i.e. added while no encoder was loaded)."""
    metas = store.project_metas()
    _drop_removed(detector, metas)
    have = set(detector.project_ids())
    lagging = [pid for pid in metas if pid not in have]
    essences = store.essences(lagging)
    items = [(pid, essences[pid], store.project_text(pid) or "") for pid in lagging if pid in essences]
    if items:
        detector.add_essences(items)
    return [pid for pid, _, _ in items], [pid for pid in lagging if pid not in essences]


def attach_neardup(store: CorpusStore, encoder: Encoder) -> NearDupDetector:
    """Load (or create) the near-duplicate detector of `store`, complete it from the database where it
    lags (`complete_neardup`) and register it as a store hook, so adding and removing projects update
    it. What the completion changed is saved at the next flush."""
    from index.same_project.neardup import NearDupDetector

    directory = store.index_dir / "neardup"
    if NearDupDetector.exists(directory):
        detector = NearDupDetector.load(directory, encoder, text_of=store.project_text)
    else:
        detector = NearDupDetector(encoder, text_of=store.project_text)
    hook = NearDupHook(detector, directory, store)
    before = set(detector.project_ids())
    added, _ = complete_neardup(detector, store)
    hook.dirty = bool(added) or before != set(detector.project_ids())
    store.add_hook(hook)
    return detector
