"""Fixtures of the Spark tests: one Spark session (`local[2]`) and one encoder per test module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from index.embed import load_encoder, model_available
from ingest.options import ReadOptions
from service.settings import Settings
from service.spark.session import spark_session

READ = ReadOptions(ocr_cache_dir=Settings().ocr_cache_dir)  # pictures OCR'd once across runs


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_session("local[2]", "qcscreen-tests", partitions=4)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def encoder() -> Any:
    if not model_available():
        pytest.fail("the e5 model is not built: run `make model` (make test does)")
    return load_encoder("e5-small")
