"""A corpus build (`spark corpus-build` output) as the screening joins read it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpus_build import read_params

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@dataclass(frozen=True)
class Corpus:
    """The corpus build as the joins see it."""

    projects: DataFrame  # accepted projects
    docs: DataFrame  # num, project_id, seq, document columns
    info: dict[str, Any]  # documents, projects, model_id


def load_corpus(spark: SparkSession, folder: Path) -> Corpus:
    from pyspark.sql import functions as fn

    params = read_params(folder)
    projects = spark.read.parquet(str(folder / "projects")).where(fn.col("accepted"))
    docs = projects.select("seq", "project_id", fn.explode("documents").alias("d")).select(
        (fn.col("seq") * fn.lit(65536) + fn.col("d.doc_order")).alias("num"), "seq", "project_id", "d.*"
    )
    counts = projects.agg(fn.count("*").alias("p"), fn.sum(fn.size("documents")).alias("d")).first()
    assert counts is not None
    info = {**params, "projects": int(counts["p"]), "documents": int(counts["d"] or 0)}
    return Corpus(projects, docs, info)
