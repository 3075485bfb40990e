"""The joins of `qcscreen spark screen`: what each submission's comparison needs, brought to it by key.

Every result is an RDD of (submission id, [(tag, payload), …]):

* `df` (key, corpus documents holding it) — for each of the submission's distinct fingerprint keys;
* `post` (key, document number, project id) — the postings of its keys held by at most `rare_cap`
  corpus documents (frequent keys are dropped by document frequency before the join);
* `bkey` (key, other submissions holding it), `bkg` (k-gram hash, other submissions holding it) —
  counted over the batch by one aggregation each (`BatchCounts`);
* `doc` — a candidate corpus document (its Parquet columns), `other` (place in the batch, id,
  document) — a batch submission sharing `min_shared` distinctive keys, `nd` — a near-duplicate
  candidate project (global dense neighbour or LSH band hit) with its vectors and main text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from index.copy.templates import BatchCounts
from index.same_project.neardup import PARTS, _new_part_index, vector_range_for
from index.store import StoredDocument

from .screen_rows import ScreenConfig, batch_counts, stored_document

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

    from .corpus_frames import Corpus

TAGS = ("df", "post", "bkey", "bkg", "doc", "other", "nd")
QUERY_CHUNK = 2000  # submissions whose essence vectors are broadcast at once for the dense search


def tags(tagged: Iterable[tuple[str, Any]] | None) -> dict[str, list[Any]]:
    view: dict[str, list[Any]] = {t: [] for t in TAGS}
    for tag, payload in tagged or ():
        view[tag].append(payload)
    return view


def merge(material: tuple[Any, Any] | None) -> list[tuple[str, Any]]:
    if material is None:
        return []
    return [*(material[0] or []), *(material[1] or [])]


def counts(size: int, view: dict[str, list[Any]]) -> BatchCounts:
    return batch_counts(size, view["bkey"], view["bkg"])


def stored(row: dict[str, Any]) -> StoredDocument:
    return stored_document(row)


def _frame(spark: SparkSession, rdd: RDD[Any], ddl: str) -> DataFrame:
    return spark.createDataFrame(rdd, ddl)


def _tagged(df: DataFrame, tag: str, cols: list[str]) -> RDD[tuple[str, tuple[str, Any]]]:
    return df.rdd.map(lambda r: (r["sid"], (tag, tuple(r[c] for c in cols))))


def _grouped(spark: SparkSession, parts: list[RDD[Any]]) -> RDD[tuple[str, list[tuple[str, Any]]]]:
    return spark.sparkContext.union(parts).groupByKey().mapValues(list)


def batch_postings(corpus: Corpus, keys: DataFrame) -> DataFrame:
    """(key, num, project_id, df): the corpus postings of the keys some submission holds, each with
    the key's corpus document frequency. The corpus's postings are exploded from the documents once
    and cut to the batch's keys (a semi-join) before the only corpus-sized shuffle; the caller caches
    the result, from which both the document frequencies and the rare postings are read (they were
    three explodes and shuffles of every corpus posting)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as fn

    postings = corpus.docs.select("num", "project_id", fn.explode("keys").alias("key"))
    held = postings.join(keys.select("key").distinct(), "key", "left_semi")
    return held.withColumn("df", fn.count("*").over(Window.partitionBy("key")))


def slices(spark: SparkSession, held: DataFrame, keys: DataFrame, kgrams: DataFrame, rare_cap: int) -> RDD[Any]:
    """`df`, `post`, `bkey` and `bkg` of every submission (`held`: `batch_postings` of `keys`)."""
    from pyspark.sql import functions as fn

    sub_df = keys.join(held.groupBy("key").agg(fn.first("df").alias("df")), "key")
    post = keys.join(held.where(fn.col("df") <= rare_cap).select("key", "num", "project_id"), "key")
    bkey = keys.join(keys.groupBy("key").agg((fn.count("*") - 1).alias("c")).where("c > 0"), "key")
    bkg = kgrams.join(kgrams.groupBy("h").agg((fn.count("*") - 1).alias("c")).where("c > 0"), "h")
    return _grouped(
        spark,
        [
            _tagged(sub_df, "df", ["key", "df"]),
            _tagged(post, "post", ["key", "num", "project_id"]),
            _tagged(bkey, "bkey", ["key", "c"]),
            _tagged(bkg, "bkg", ["h", "c"]),
        ],
    )


def key_frames(spark: SparkSession, features: RDD[Any]) -> tuple[DataFrame, DataFrame]:
    """(sid, key) and (sid, h): every submission's fingerprint keys and k-gram hashes."""
    keys = _frame(spark, features.flatMap(lambda kv: [(kv[0], k) for k in kv[1]["keys"]]), "sid string, key long")
    kgrams = _frame(spark, features.flatMap(lambda kv: [(kv[0], h) for h in kv[1]["kgrams"]]), "sid string, h long")
    return keys, kgrams


def candidate_material(
    spark: SparkSession, corpus: Corpus, features: RDD[Any], found: RDD[Any], mains: RDD[Any], config: ScreenConfig
) -> RDD[Any]:
    """`doc`, `other` and `nd` of every submission, from the candidate stage's answers."""
    from pyspark.sql import functions as fn

    wanted = _frame(spark, found.flatMap(lambda kv: [(kv[0], n) for n in kv[1][0]]), "sid string, num long")
    doc_cols = [
        "num",
        "doc_id",
        "project_id",
        "filename",
        "format",
        "title",
        "pages",
        "text",
        "page_starts",
        "page_numbers",
    ]
    # The wanted document numbers (≤ candidate cap a submission) are broadcast to cut the corpus's
    # documents map-side: only the candidates' texts are shuffled, not every corpus document.
    needed = corpus.docs.select(*doc_cols).join(fn.broadcast(wanted.select("num").distinct()), "num", "left_semi")
    docs = wanted.join(needed, "num").rdd.map(lambda r: (r["sid"], ("doc", {c: r[c] for c in doc_cols})))
    qkeys = _frame(spark, found.flatMap(lambda kv: [(kv[0], k) for k in kv[1][1]]), "sid string, key long")
    keys = _frame(spark, features.flatMap(lambda kv: [(kv[0], k) for k in kv[1]["keys"]]), "sid2 string, key long")
    pairs = (
        qkeys.join(keys, "key")
        .where(fn.col("sid") != fn.col("sid2"))
        .groupBy("sid", "sid2")
        .agg(fn.countDistinct("key").alias("shared"))
        .where(fn.col("shared") >= config.screen.min_shared)
    )
    others = (
        pairs.rdd.map(lambda r: (r["sid2"], r["sid"]))
        .join(mains)
        .map(lambda kv: (kv[1][0], ("other", (kv[1][1][0], kv[0], kv[1][1][1]))))
    )
    parts = [docs, others]
    if corpus.info.get("model_id") is not None and config.encoder is not None:
        parts.append(_neardup(spark, corpus, features, config))
    return _grouped(spark, parts)


def _neardup(spark: SparkSession, corpus: Corpus, features: RDD[Any], config: ScreenConfig) -> RDD[Any]:
    """`nd`: the global top `k_dense` corpus projects of each essence part (ties to the earlier project,
    as faiss keeps the first added) and the projects sharing an LSH band key."""
    from pyspark.sql import Window
    from pyspark.sql import functions as fn

    hits = _dense_hits(spark, corpus, features, config)
    top = Window.partitionBy("sid", "part").orderBy(fn.col("score").desc(), fn.col("seq").asc())
    dense = hits.withColumn("rank", fn.row_number().over(top)).where(fn.col("rank") <= config.neardup.k_dense)
    sub_bands = _frame(
        spark,
        features.flatMap(lambda kv: [(kv[0], i, b) for i, b in enumerate(kv[1]["bands"] or [])]),
        "sid string, band int, bh long",
    )
    corpus_bands = corpus.projects.where(fn.col("bands").isNotNull()).select(
        "seq", fn.posexplode("bands").alias("band", "bh")
    )
    lsh = sub_bands.join(corpus_bands, ["band", "bh"]).select("sid", "seq")
    chosen = dense.select("sid", "seq").union(lsh).distinct()
    main_text = fn.filter("documents", lambda d: d["main"])[0]["text"]
    projects = corpus.projects.select("seq", "project_id", "vectors", main_text.alias("main_text"))
    return chosen.join(projects, "seq").rdd.map(
        lambda r: (r["sid"], ("nd", {c: r[c] for c in ("seq", "project_id", "vectors", "main_text")}))
    )


def _dense_hits(spark: SparkSession, corpus: Corpus, features: RDD[Any], config: ScreenConfig) -> DataFrame:
    """(sid, part, score, seq): each corpus partition's top `k_dense` per query part, scored as the
    single-machine index scores them (the same 8-bit quantiser over the same fixed range)."""
    from pyspark.sql import functions as fn

    vectors = features.filter(lambda kv: kv[1]["vectors"]).mapValues(lambda f: f["vectors"]).collect()
    dim, vrange = int(corpus.info["dim"]), vector_range_for(str(corpus.info["model_id"]))
    k = config.neardup.k_dense
    rows = corpus.projects.where(fn.col("vectors").isNotNull()).select("seq", "vectors").rdd
    frames = []
    for i in range(0, max(len(vectors), 1), QUERY_CHUNK):
        queries = spark.sparkContext.broadcast(dict(vectors[i : i + QUERY_CHUNK]))
        found = rows.mapPartitions(_searcher(queries, dim, vrange, k))
        frames.append(spark.createDataFrame(found, "sid string, part string, score float, seq long"))
    out = frames[0]
    for f in frames[1:]:
        out = out.union(f)
    return out


def _searcher(queries: Any, dim: int, vrange: float, k: int) -> Any:
    """The partition function of one broadcast chunk of queries."""

    def search(part: Iterable[Any]) -> Iterator[tuple[str, str, float, int]]:
        return dense_neighbours(part, queries.value, dim, vrange, k)

    return search


def dense_neighbours(
    rows: Iterable[Any], queries: dict[str, dict[str, np.ndarray]], dim: int, vrange: float, k: int
) -> Iterator[tuple[str, str, float, int]]:
    """The top `k` of this partition's projects for each query part: (sid, part, score, seq)."""
    projects = sorted(((int(r["seq"]), dict(r["vectors"] or {})) for r in rows), key=lambda t: t[0])
    for part in PARTS:
        have = [(seq, v[part]) for seq, v in projects if part in v]
        asking = [(sid, q[part]) for sid, q in queries.items() if part in q]
        if not have or not asking:
            continue
        index = _new_part_index(dim, vrange)
        index.add_with_ids(
            np.stack([np.asarray(v, np.float32) for _, v in have]), np.array([s for s, _ in have], np.int64)
        )
        scores, ids = index.search(np.stack([np.asarray(v, np.float32) for _, v in asking]), min(k, len(have)))
        for (sid, _v), row_s, row_i in zip(asking, scores, ids, strict=True):
            for score, seq in zip(row_s.tolist(), row_i.tolist(), strict=True):
                if seq >= 0:
                    yield sid, part, float(score), int(seq)
