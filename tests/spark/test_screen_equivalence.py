"""Spark in local mode screens the example batch exactly as one machine does: `spark screen` against
the Spark build of the example corpus writes the summary.json, summary.xlsx and reports `screen`
writes against the same corpus imported (tests/spark/test_corpus.py: the import is the corpus
`corpus add` makes) — passages, ratios, near-duplicate pairs, verdicts.

One Spark session for the module (`local[2]`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from service.corpus import projects_from_manifest
from service.pipeline import BatchConfig, screen_batch
from service.spark.corpus_build import corpus_build, read_params
from service.spark.corpus_import import import_corpus
from service.spark.corpus_rows import BuildConfig
from service.spark.screen import screen_config, spark_screen
from tests.conftest import EXAMPLES
from tests.spark.conftest import READ

pytestmark = pytest.mark.slow

TEMPLATE = EXAMPLES / "templates" / "organiser_template.txt"


def _summary(out: Path) -> dict[str, Any]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _undated(page: Path) -> str:
    """A report page without its generation time (the one thing two runs may not share)."""
    return re.sub(r"生成时间 \d{4}-\d\d-\d\d \d\d:\d\d", "生成时间 …", page.read_text(encoding="utf-8"))


def _sheets(out: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(out / "summary.xlsx")
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def test_spark_screen_gives_the_single_machine_results(spark: Any, encoder: Any, tmp_path: Path) -> None:
    projects = projects_from_manifest(EXAMPLES / "corpus" / "projects.csv")
    corpus_build(spark, projects, tmp_path / "parquet", BuildConfig(read_options=READ), partitions=4)
    import_corpus(tmp_path / "parquet", tmp_path / "corpus.sqlite", encoder)
    batch = BatchConfig(
        year=2024, db=tmp_path / "corpus.sqlite", encoder=encoder, template_file=TEMPLATE, read_options=READ
    )
    local = screen_batch(EXAMPLES / "submissions", batch, tmp_path / "local")
    spark_batch = BatchConfig(
        year=2024, db=tmp_path / "parquet", encoder=encoder, template_file=TEMPLATE, read_options=READ
    )
    config = screen_config(read_params(tmp_path / "parquet"), spark_batch, "e5-small", None)
    summary = spark_screen(
        spark, EXAMPLES / "submissions", tmp_path / "parquet", tmp_path / "spark", config, spark_batch
    )
    expected, got = _summary(tmp_path / "local"), _summary(tmp_path / "spark")
    assert len(got["results"]) == 14 and summary.submissions == 14
    # the planted material is found (copies, near-duplicates): the equality is not one of empty reports
    assert any(r["similarity"] and r["similarity"]["sources"] for r in got["results"])
    assert any(r["similarity"] and r["similarity"]["near_duplicates"] for r in got["results"])
    for mine, theirs in zip(got["results"], expected["results"], strict=True):
        assert mine == theirs, mine["id"]
    assert got == expected
    assert _sheets(tmp_path / "spark") == _sheets(tmp_path / "local")
    for page in sorted((tmp_path / "local" / "reports").glob("*.html")):
        assert _undated(tmp_path / "spark" / "reports" / page.name) == _undated(page)
    assert local.exit_code == (1 if summary.errors else 0)
