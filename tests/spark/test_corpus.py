"""Spark in local mode builds exactly the single-machine corpus from the example corpus: what
`spark corpus-build` + `corpus import` store is what `corpus add` stores (every table row, essence,
posting, MinHash signature and stored vector code); a bad file is an error row with its code.

One Spark session for the module (`local[2]`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from service.corpus import add_projects, projects_from_manifest, projects_from_paths
from service.spark.corpus_build import corpus_build, read_params
from service.spark.corpus_import import import_corpus
from service.spark.corpus_rows import BuildConfig
from tests.conftest import EXAMPLES
from tests.spark import stores
from tests.spark.conftest import READ

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpora(spark: Any, encoder: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("spark-corpus")
    projects = projects_from_manifest(EXAMPLES / "corpus" / "projects.csv")
    summary = corpus_build(spark, projects, tmp / "parquet", BuildConfig(read_options=READ), partitions=4)
    assert (summary.projects, summary.accepted, summary.failed_files) == (40, 40, 0)
    outcome = import_corpus(tmp / "parquet", tmp / "imported.sqlite", encoder)
    assert len(outcome.added) == 40 and not outcome.errors and outcome.neardup
    local = add_projects(tmp / "local.sqlite", projects, encoder=encoder, options=READ)
    assert len(local.added) == 40 and not local.errors
    return {"parquet": tmp / "parquet", "imported": tmp / "imported.sqlite", "local": tmp / "local.sqlite"}


def test_imported_corpus_is_the_corpus_add_makes(corpora: dict[str, Path]) -> None:
    a, b = corpora["local"], corpora["imported"]
    assert stores.tables(a) == stores.tables(b)
    assert stores.postings(a) == stores.postings(b)
    assert stores.neardup(a) == stores.neardup(b)


def test_build_writes_parameters_and_the_projects_in_input_order(corpora: dict[str, Path]) -> None:
    import pyarrow.parquet as pq

    params = read_params(corpora["parquet"])
    assert params["fingerprint"] == {"k": 8, "w": 24} and params["model_id"].startswith("multilingual-e5-small")
    seqs = pq.read_table(corpora["parquet"] / "projects", columns=["seq"]).column("seq").to_pylist()
    assert seqs == list(range(40))
    schema = pq.read_schema(sorted((corpora["parquet"] / "projects").glob("part-*.parquet"))[0])
    assert b"qcscreen" in schema.metadata[b"org.apache.spark.sql.parquet.row.metadata"]


def test_a_bad_file_is_an_error_row_not_a_failed_job(spark: Any, tmp_path: Path) -> None:
    good = tmp_path / "archive" / "P1"
    good.mkdir(parents=True)
    (good / "report.txt").write_text("降低包装线停机次数\n" + "选题理由：包装线停机频繁。" * 20, encoding="utf-8")
    bad = tmp_path / "archive" / "P2"
    bad.mkdir()
    (bad / "deck.pptx").write_bytes(b"PK\x03\x04 this is no zip archive")
    projects = projects_from_paths([tmp_path / "archive"], {"year": 2021})
    summary = corpus_build(spark, projects, tmp_path / "out", BuildConfig(encoder=None), partitions=2)
    assert (summary.projects, summary.readable, summary.failed_files) == (2, 1, 1)
    import pyarrow.parquet as pq

    errors = pq.read_table(tmp_path / "out" / "errors").to_pylist()
    assert [(e["file"], e["code"], e["project"]) for e in errors] == [("deck.pptx", "ingest.corrupt", "P2")]
