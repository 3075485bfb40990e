"""`qcscreen spark screen`: the annual batch on Spark against a corpus build (`spark corpus-build`),
with the outputs of `qcscreen screen` (summary.json, summary.xlsx, index.html, reports/).

Stages (each executor step calls the single-machine function, `service.spark.screen_rows`):

1. read and check every submission in executors (`pipeline.read_and_check`);
2. features of each main document: distinct fingerprint keys, distinct short-phrase k-grams, essence
   vectors, LSH band keys;
3. counts by aggregation instead of loops: corpus document frequency of every key, how many other
   submissions hold each key and k-gram (`BatchCounts`, what the local path counts document by
   document); the postings of each submission's rare keys by a join — keys held by more than
   `rare_cap` documents (boilerplate) are dropped by document frequency before it, so a template
   sentence in every project cannot skew the join;
4. candidate stage in executors (`Screener.candidates`): the corpus documents to align (纵向) and the
   distinctive keys; batch candidates (横向) by a join of those keys with the batch's keys (pairs
   sharing `min_shared`), never an all-pairs loop; near-duplicate candidates by the global dense
   neighbours of each essence part (faiss per corpus partition, merged top-k) and an equi-join on
   LSH band keys;
5. comparison in executors (`pipeline.compare_submission`) with exactly those documents;
6. the driver writes the reports, reading the main documents one partition at a time.

Driver memory: the batch's small per-submission facts (ids, titles, companies, results) and the
short-phrase table from at most `TemplateParams.sample_docs` projects. The corpus's project metadata
(eligibility rules and the company-name index need all of it) never passes through the driver: each
Python worker reads it once from the build's Parquet (`screen_rows.corpus_metas`, two columns; the
corpus folder is read by the driver and the executors alike, as a shared path). Texts, fingerprints
and vectors stay in executors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.copy.templates import KgramTable
from index.store import ProjectMeta

from ..discover import discover
from ..pipeline import BatchConfig, self_meta, similarity_failed, take_roster, write_outputs
from ..results import BatchSummary
from . import screen_join as joins
from .clock import StageClock
from .corpus_frames import Corpus, load_corpus
from .screen_rows import (
    ExecutorScreener,
    Label,
    ScreenConfig,
    check_submission,
    corpus_metas,
    submission_features,
)
from .session import SUBMISSIONS_PER_SLICE, input_slices

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession


def screen_config(
    params: dict[str, Any], batch: BatchConfig, encoder: str | None, cache_dir: str | None
) -> ScreenConfig:
    """The executors' configuration: the corpus build's index parameters, the batch's settings."""
    from index.copy.fingerprint import FingerprintParams
    from index.same_project.neardup import NearDupParams

    return ScreenConfig(
        year=batch.year,
        fingerprint=FingerprintParams(**params["fingerprint"]),
        neardup=NearDupParams(**params["neardup"]),
        read_options=batch.read_options,
        rubric=batch.rubric,
        encoder=encoder,
        cache_dir=cache_dir,
        template_file=str(batch.template_file) if batch.template_file else None,
    )


def _template_table(corpus: Corpus, config: ScreenConfig) -> KgramTable:
    """The short-phrase table from the same sample `CorpusStore.sample_project_texts` takes: projects
    spread evenly over the corpus order, at most `sample_docs` (their texts only come to the driver)."""
    from pyspark.sql import functions as fn

    n, total = config.screen.template.sample_docs, corpus.info["projects"]
    ranks = list(range(total)) if total <= n else [int(i * (total / n)) for i in range(n)]
    ordered = corpus.projects.select("seq").orderBy("seq").rdd.map(lambda r: int(r[0])).zipWithIndex()
    wanted = set(ranks)
    seqs = ordered.filter(lambda t: t[1] in wanted).map(lambda t: t[0]).collect()
    rows = corpus.docs.where(fn.col("seq").isin(seqs)).select("seq", "num", "text").collect()
    groups: dict[int, list[tuple[int, str]]] = {}
    for r in rows:
        groups.setdefault(int(r["seq"]), []).append((int(r["num"]), str(r["text"])))
    texts = [[t for _, t in sorted(groups[s])] for s in sorted(groups)]
    return KgramTable.build(texts, config.screen.template.kgram, total)


def _checked(spark: SparkSession, subs: list[Any], config: ScreenConfig) -> RDD[Any]:
    from pyspark import StorageLevel

    slices = input_slices(spark.sparkContext, len(subs), SUBMISSIONS_PER_SLICE)
    return (
        spark.sparkContext.parallelize(list(enumerate(subs)), slices)
        .map(lambda t: check_submission(t[0], t[1], config))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )


def spark_screen(
    spark: SparkSession,
    submissions: Path,
    corpus_dir: Path,
    out_dir: Path,
    config: ScreenConfig,
    batch: BatchConfig,
    timings: dict[str, float] | None = None,
) -> BatchSummary:
    """Screen every submission under `submissions` against the corpus build in `corpus_dir`.
    `timings` (benchmarks): each stage is run to its end in turn and its seconds recorded there."""
    from pyspark import StorageLevel

    clock = StageClock(timings)

    out_dir.mkdir(parents=True, exist_ok=True)
    subs, roster = take_roster(discover(submissions, exclude=out_dir), batch.roster)
    corpus = load_corpus(spark, corpus_dir)
    checked = clock.run("read+check", _checked(spark, subs, config))
    facts = sorted(checked.map(lambda r: (r[0], r[1].result, r[2].main is not None)).collect(), key=lambda t: t[0])
    main_ids = [res.id for _, res, has_main in facts if has_main]
    sc = spark.sparkContext
    shared: dict[str, Any] = {
        "metas": str(corpus_dir),  # read by each Python worker itself (`corpus_metas`), never by the driver
        "table": sc.broadcast(_template_table(corpus, config)),
        "batch_metas": sc.broadcast([(res.id, self_meta(res, config.year)) for _, res, m in facts if m]),
        "labels": sc.broadcast({res.id: Label(res.display_title, res.company) for _, res, _m in facts}),
    }
    mains = checked.filter(lambda r: r[2].main is not None).map(
        lambda r: (r[1].result.id, (r[0], r[2].main, r[1].result))
    )
    mains = mains.persist(StorageLevel.MEMORY_AND_DISK)
    features = mains.mapValues(lambda v: submission_features(v[1], config)).persist(StorageLevel.MEMORY_AND_DISK)
    clock.run("features", features)
    rare_cap = max(
        config.screen.rare_min,
        math.ceil(config.screen.rare_share * (corpus.info["documents"] + max(len(main_ids) - 1, 0))),
    )
    keys, kgrams = joins.key_frames(spark, features)
    held = joins.batch_postings(corpus, keys).persist(StorageLevel.MEMORY_AND_DISK)
    slices = joins.slices(spark, held, keys, kgrams, rare_cap).persist(StorageLevel.MEMORY_AND_DISK)
    clock.timed("counts+postings join", slices.count)  # materialised now, so that `held` can go
    held.unpersist()
    info = {**corpus.info, "batch": max(len(main_ids) - 1, 0)}
    found = mains.leftOuterJoin(slices).mapPartitions(
        lambda part: _candidates(part, config, info, corpus_metas(shared["metas"]), shared["table"].value)
    )
    found = clock.run("candidates", found.persist(StorageLevel.MEMORY_AND_DISK))
    extra = joins.candidate_material(spark, corpus, features, found, mains, config)
    material = clock.run("candidate join", slices.fullOuterJoin(extra).persist(StorageLevel.MEMORY_AND_DISK))
    compared = mains.leftOuterJoin(material).mapPartitions(
        lambda part: _compare(part, config, info, shared, len(main_ids))
    )
    updated = dict(clock.timed("align+checks", compared.collect))
    states = [updated.get(res.id, res) for _, res, _m in facts]
    docs = (doc for _, doc in checked.map(lambda r: (r[0], r[2].main)).sortByKey().toLocalIterator())
    return clock.timed("write", lambda: write_outputs(states, docs, out_dir, batch, roster))


def _candidates(
    part: Iterable[Any], config: ScreenConfig, info: dict[str, Any], metas: dict[str, ProjectMeta], table: KgramTable
) -> Iterator[tuple[str, tuple[list[int], list[int]]]]:
    """Stage 4 in executors: each submission's corpus candidates and distinctive keys."""
    ex = ExecutorScreener(config, info, metas, table)
    for sid, ((_index, doc, _result), tagged) in part:
        view = joins.tags(tagged)
        ex.slice.load(view["df"], view["post"])
        yield sid, ex.candidates(doc, joins.counts(info["batch"], view))


def _compare(
    part: Iterable[Any], config: ScreenConfig, info: dict[str, Any], shared: dict[str, Any], mains: int
) -> Iterator[tuple[str, Any]]:
    """Stage 5 in executors: each submission compared with its candidates (`compare_submission`)."""
    from .. import stages

    ex = ExecutorScreener(config, info, corpus_metas(shared["metas"]), shared["table"].value)
    batch_metas: list[tuple[str, ProjectMeta]] = shared["batch_metas"].value
    labels: dict[str, Label] = shared["labels"].value
    for sid, ((_index, doc, result), material) in part:
        view = joins.tags(joins.merge(material))
        docs = [joins.stored(r) for r in view["doc"]]
        ex.slice.load(view["df"], view["post"], docs)
        others = dict((o, d) for _i, o, d in sorted(view["other"], key=lambda t: t[0]))
        metas = dict(batch_metas)  # every main document's, in batch order (the submission's own too)
        try:
            yield sid, ex.compare(result, doc, others, metas, labels, joins.counts(info["batch"], view), view["nd"])
        except Exception as e:  # noqa: BLE001 - outcome as data, as pipeline._compare_all; strict mode re-raises
            yield sid, similarity_failed(result, stages.internal_error("相似度比对", result.main_file or sid, e, sid))
