"""`qcscreen spark corpus-build`: read an archive of past projects on a Spark cluster and write what the
corpus keeps as Parquet; `qcscreen corpus import` (`service.spark.corpus_import`) turns it into the
single-machine corpus, `qcscreen spark screen` joins against it directly.

Output folder:

* `projects/` — one row per input project (its documents nested: text, page map, winnowing index
  keys; the main document's essence parts), range-partitioned and sorted by `seq`, the project's place in the input (the order
  `corpus add` would add them in, so both give the same document numbers and tie-breaks); the
  near-duplicate columns (essence vectors, MinHash signature and LSH band keys of the main document)
  and `accepted` — False for a project whose files already belong to an earlier one (or whose id an
  earlier one has), which the store refuses;
* `errors/` — one row per file that could not be read, with its error code (a bad file never fails
  the job);
* `qcscreen.json` — the index parameters (fingerprint k/w, MinHash, near-duplicate parameters, model
  id and dimension), refused on import or screening when they differ; the same parameters are in the
  Parquet footers as column metadata.

Only the project list (paths and manifest metadata) goes from the driver to the executors; nothing
corpus-sized comes back to the driver (counts, and the `seq` numbers of refused projects). The rows
are never shuffled: the only shuffle is the narrow (seq, project id, document ids) frame that finds
the refused projects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.fileio import atomic_write_text

from ..corpus import ProjectInput
from .corpus_rows import META_FIELDS, BuildConfig, build_partition
from .session import PROJECTS_PER_SLICE, input_slices

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession
    from pyspark.sql.types import StructType

FORMAT = 1
META_FILE = "qcscreen.json"


def _schema() -> StructType:
    from pyspark.sql import types as t

    doc = t.StructType(
        [
            t.StructField("doc_order", t.IntegerType(), False),
            t.StructField("doc_id", t.StringType(), False),
            t.StructField("filename", t.StringType(), False),
            t.StructField("path", t.StringType(), True),
            t.StructField("format", t.StringType(), True),
            t.StructField("title", t.StringType(), True),
            t.StructField("pages", t.IntegerType(), False),
            t.StructField("text", t.StringType(), False),
            t.StructField("page_starts", t.ArrayType(t.IntegerType(), False), False),
            t.StructField("page_numbers", t.ArrayType(t.IntegerType(), False), False),
            t.StructField("keys", t.ArrayType(t.LongType(), False), False),
            t.StructField("main", t.BooleanType(), False),
        ]
    )
    meta = t.StructType(
        [t.StructField("year", t.IntegerType(), True)]
        + [t.StructField(f, t.StringType(), True) for f in (*META_FIELDS[1:], "project_id")]
    )
    return t.StructType(
        [
            t.StructField("seq", t.LongType(), False),
            t.StructField("label", t.StringType(), False),
            t.StructField("project_id", t.StringType(), True),
            t.StructField("meta", meta, True),
            t.StructField("documents", t.ArrayType(doc, False), False),
            t.StructField("essence", t.MapType(t.StringType(), t.StringType()), True),
            t.StructField("vectors", t.MapType(t.StringType(), t.ArrayType(t.FloatType(), False)), True),
            t.StructField("signature", t.ArrayType(t.LongType(), False), True),
            t.StructField("shingles", t.IntegerType(), False),
            t.StructField("bands", t.ArrayType(t.LongType(), False), True),
            t.StructField("errors", t.ArrayType(_error_schema(), False), False),
            t.StructField("accepted", t.BooleanType(), False),
        ]
    )


def _error_schema() -> StructType:
    from pyspark.sql import types as t

    return t.StructType(
        [
            t.StructField(f, t.StringType(), True)
            for f in ("code", "file", "reason", "message", "submission", "project", "trace")
        ]
        + [t.StructField("seq", t.LongType(), False)]
    )


@dataclass(frozen=True)
class BuildSummary:
    projects: int
    readable: int
    accepted: int
    documents: int
    failed_files: int


def build_params(config: BuildConfig) -> dict[str, Any]:
    """What the output was built with: fingerprint and near-duplicate parameters (the thresholds
    calibrated for the model filled in, as the near-duplicate index saves them), model id, dimension."""
    from index.same_project.neardup import thresholds_for

    from .corpus_rows import executor_encoder

    encoder = executor_encoder(config)  # its id and dimension are known without loading the weights
    neardup = config.neardup
    if encoder is not None and neardup.thresholds is None:
        neardup = neardup.model_copy(update={"thresholds": thresholds_for(encoder.model_id)})
    return {
        "format": FORMAT,
        "fingerprint": config.fingerprint.model_dump(),
        "neardup": neardup.model_dump(),
        "model_id": encoder.model_id if encoder is not None else None,
        "dim": int(encoder.dim) if encoder is not None else None,
    }


def refused_seqs(rows: DataFrame) -> list[int]:
    """The readable projects the store refuses or dedupes: a document or the project id already taken
    by an earlier project (by `seq`) — what `CorpusStore.add_project` refuses. Computed in the JVM on a
    narrow frame (seq, project id, document ids) of the cached rows, so no text moves in the shuffle and
    no row goes back through Python; only these projects' `seq` numbers come to the driver (8 bytes
    each; an archive has few). A project refused only because an earlier refused one held the same file
    is still marked refused here (the store would take it); `corpus import` applies the store's own rule
    and reports each refusal."""
    from pyspark.sql import Window
    from pyspark.sql import functions as fn

    narrow = rows.where(fn.col("project_id").isNotNull()).select(
        "seq", "project_id", fn.col("documents.doc_id").alias("doc_ids")
    )
    docs = narrow.select("seq", fn.explode("doc_ids").alias("doc_id"))
    taken = docs.withColumn("first", fn.min("seq").over(Window.partitionBy("doc_id"))).where(
        fn.col("first") < fn.col("seq")
    )
    reused = narrow.withColumn("first", fn.min("seq").over(Window.partitionBy("project_id"))).where(
        fn.col("first") < fn.col("seq")
    )
    refused = taken.select("seq").union(reused.select("seq")).distinct()
    return sorted(int(r["seq"]) for r in refused.collect())


def _accepted(refused: list[int]) -> Column:
    """The `accepted` column: readable and not refused (`InSet` in the JVM: no Python per row)."""
    from pyspark.sql import functions as fn

    readable = fn.col("project_id").isNotNull()
    return readable & ~fn.col("seq").isin(refused) if refused else readable


def corpus_build(
    spark: SparkSession,
    projects: list[ProjectInput],
    out: Path,
    config: BuildConfig,
    *,
    partitions: int | None = None,
    timings: dict[str, float] | None = None,
) -> BuildSummary:
    """Read `projects` on the cluster; write OUT/projects, OUT/errors and OUT/qcscreen.json.
    `timings` (benchmarks): seconds of the read stage (run to its end first) and of the writes."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as fn
    from pyspark.sql import types as t

    from .clock import StageClock

    clock = StageClock(timings)

    sc = spark.sparkContext
    slices = partitions or input_slices(sc, len(projects), PROJECTS_PER_SLICE)
    # `parallelize` cuts the list into contiguous slices, in order: partition i holds the projects
    # after those of partition i - 1, so the rows come out range-partitioned and sorted by `seq`
    # without a shuffle, and the part files are written in `seq` order. The rows cross from Python to
    # the JVM once, into Spark's columnar cache (the schema is the one the rows are built to, so they
    # are not verified field by field again); finding the refused projects, writing the Parquet and
    # the error rows then run in the JVM. The cache is on disk only: it is corpus-sized, and kept in
    # memory (MEMORY_AND_DISK) 41 of 50,000 projects' 1,000-project batches filled a 2 GiB local heap
    # until building the next one failed (OutOfMemoryError, docs/scale.md, stop 27).
    built = sc.parallelize(list(enumerate(projects)), slices).mapPartitions(
        lambda part: build_partition(part, config), preservesPartitioning=True
    )
    row_schema = t.StructType([f for f in _schema().fields if f.name != "accepted"])  # added below
    rows = spark.createDataFrame(built, row_schema, verifySchema=False).persist(StorageLevel.DISK_ONLY)
    clock.timed("read+fingerprint+vectors", rows.count)
    refused = clock.timed("accepted", lambda: refused_seqs(rows))
    params = build_params(config)
    table = rows.withColumn("accepted", _accepted(refused)).withColumn(
        "documents", fn.col("documents").alias("documents", metadata={"qcscreen": params})
    )
    clock.timed("write", lambda: table.drop("errors").write.mode("overwrite").parquet(str(out / "projects")))
    errors = rows.select(fn.explode("errors").alias("e")).select("e.*")
    errors.write.mode("overwrite").parquet(str(out / "errors"))
    counts = (
        spark.read.parquet(str(out / "projects"))
        .agg(
            fn.count("*").alias("projects"),
            fn.sum(fn.when(fn.col("project_id").isNotNull(), 1).otherwise(0)).alias("readable"),
            fn.sum(fn.when(fn.col("accepted"), 1).otherwise(0)).alias("accepted"),
            fn.sum(fn.size("documents")).alias("documents"),
        )
        .first()
    )
    failed = spark.read.parquet(str(out / "errors")).count()
    rows.unpersist()
    assert counts is not None
    summary = BuildSummary(
        projects=int(counts["projects"]),
        readable=int(counts["readable"] or 0),
        accepted=int(counts["accepted"] or 0),
        documents=int(counts["documents"] or 0),
        failed_files=int(failed),
    )
    atomic_write_text(
        out / META_FILE, json.dumps({**params, "summary": summary.__dict__}, ensure_ascii=False, indent=2)
    )
    return summary


def read_params(folder: Path) -> dict[str, Any]:
    """The parameters of a corpus build; ValueError (Chinese) when the folder is not one."""
    path = folder / META_FILE
    if not path.is_file():
        raise ValueError(f"{folder} 不是 qcscreen spark corpus-build 的输出（缺少 {META_FILE}）。")
    params: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if params.get("format") != FORMAT:
        raise ValueError(
            f"{folder} 的格式版本为 {params.get('format')}，本程序需要 {FORMAT}；请重新运行 corpus-build。"
        )
    return params
