"""Spark in local mode gives exactly the single-machine results on the example corpus and batch:
the corpus a Spark build imports is the corpus `corpus add` makes (every table row, posting, MinHash
signature and stored vector code), and `spark screen` writes the summary.json, summary.xlsx and
reports `screen` writes (passages, ratios, near-duplicate pairs, verdicts).

One Spark session for the module (`local[2]`); the example material is read once by each path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from index.embed import load_encoder, model_available
from service.corpus import add_projects, projects_from_manifest
from service.pipeline import BatchConfig, screen_batch
from service.spark.corpus_build import corpus_build, read_params
from service.spark.corpus_import import import_corpus
from service.spark.corpus_rows import BuildConfig
from service.spark.screen import screen_config, spark_screen
from service.spark.session import spark_session
from tests.conftest import EXAMPLES
from tests.spark import stores

pytestmark = pytest.mark.slow

TEMPLATE = EXAMPLES / "templates" / "organiser_template.txt"


@pytest.fixture(scope="module")
def spark() -> Any:
    session = spark_session("local[2]", "qcscreen-tests", partitions=4)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def encoder() -> Any:
    if not model_available():
        pytest.fail("the e5 model is not built: run `make model` (make test does)")
    return load_encoder("e5-small")


@pytest.fixture(scope="module")
def corpora(spark: Any, encoder: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("spark-corpus")
    projects = projects_from_manifest(EXAMPLES / "corpus" / "projects.csv")
    summary = corpus_build(spark, projects, tmp / "parquet", BuildConfig(), partitions=4)
    assert (summary.projects, summary.accepted, summary.failed_files) == (40, 40, 0)
    outcome = import_corpus(tmp / "parquet", tmp / "imported.sqlite", encoder)
    assert len(outcome.added) == 40 and not outcome.errors and outcome.neardup
    local = add_projects(tmp / "local.sqlite", projects, encoder=encoder)
    assert len(local.added) == 40 and not local.errors
    return {"parquet": tmp / "parquet", "imported": tmp / "imported.sqlite", "local": tmp / "local.sqlite"}


def test_imported_corpus_is_the_corpus_add_makes(corpora: dict[str, Path]) -> None:
    a, b = corpora["local"], corpora["imported"]
    assert stores.tables(a) == stores.tables(b)
    assert stores.postings(a) == stores.postings(b)
    assert stores.neardup(a) == stores.neardup(b)


def test_build_writes_parameters_and_the_documents_in_input_order(corpora: dict[str, Path]) -> None:
    import pyarrow.parquet as pq

    params = read_params(corpora["parquet"])
    assert params["fingerprint"] == {"k": 8, "w": 24} and params["model_id"].startswith("multilingual-e5-small")
    table = pq.read_table(corpora["parquet"] / "projects", columns=["seq", "accepted"])
    assert table.column("seq").to_pylist() == sorted(table.column("seq").to_pylist())
    schema = pq.read_schema(sorted((corpora["parquet"] / "projects").glob("part-*.parquet"))[0])
    assert b"qcscreen" in schema.metadata[b"org.apache.spark.sql.parquet.row.metadata"]


def _summary(out: Path) -> dict[str, Any]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _sheets(out: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(out / "summary.xlsx")
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def test_spark_screen_gives_the_single_machine_results(
    spark: Any, encoder: Any, corpora: dict[str, Path], tmp_path: Path
) -> None:
    batch = BatchConfig(year=2024, db=corpora["local"], encoder=encoder, template_file=TEMPLATE)
    local = screen_batch(EXAMPLES / "submissions", batch, tmp_path / "local")
    params = read_params(corpora["parquet"])
    spark_batch = BatchConfig(year=2024, db=corpora["parquet"], encoder=encoder, template_file=TEMPLATE)
    config = screen_config(params, spark_batch, "e5-small", None)
    summary = spark_screen(spark, EXAMPLES / "submissions", corpora["parquet"], tmp_path / "spark", config, spark_batch)
    expected = _summary(tmp_path / "local")
    got = _summary(tmp_path / "spark")
    assert len(got["results"]) == 14 and summary.submissions == 14
    # the planted material is found at all (copies, near-duplicates), so equality is not of empty reports
    assert any(r["similarity"] and r["similarity"]["sources"] for r in got["results"])
    assert any(r["similarity"] and r["similarity"]["near_duplicates"] for r in got["results"])
    for mine, theirs in zip(got["results"], expected["results"], strict=True):
        assert mine == theirs, mine["id"]
    assert got == expected
    assert _sheets(tmp_path / "spark") == _sheets(tmp_path / "local")
    for page in sorted((tmp_path / "local" / "reports").glob("*.html")):
        assert (tmp_path / "spark" / "reports" / page.name).read_text(encoding="utf-8") == page.read_text(
            encoding="utf-8"
        )
    assert local.exit_code == (1 if summary.errors else 0)


def test_a_bad_file_is_an_error_row_not_a_failed_job(spark: Any, tmp_path: Path) -> None:
    good = tmp_path / "archive" / "P1"
    good.mkdir(parents=True)
    (good / "report.txt").write_text("降低包装线停机次数\n" + "选题理由：包装线停机频繁。" * 20, encoding="utf-8")
    bad = tmp_path / "archive" / "P2"
    bad.mkdir()
    (bad / "deck.pptx").write_bytes(b"PK\x03\x04 this is no zip archive")
    from service.corpus import projects_from_paths

    projects = projects_from_paths([tmp_path / "archive"], {"year": 2021})
    summary = corpus_build(spark, projects, tmp_path / "out", BuildConfig(encoder=None), partitions=2)
    assert (summary.projects, summary.readable, summary.failed_files) == (2, 1, 1)
    import pyarrow.parquet as pq

    errors = pq.read_table(tmp_path / "out" / "errors").to_pylist()
    assert [(e["file"], e["code"], e["project"]) for e in errors] == [("deck.pptx", "ingest.corrupt", "P2")]
