"""The Spark session of a `qcscreen spark …` command: local mode by default, any master by URL.

Executors get the offline switches (`HF_HUB_OFFLINE=1`: nothing from a model hub at run time) and,
when set on the driver, `QCSCREEN_STRICT` (tests: a reader bug propagates). On a cluster the code
travels as the wheel (`spark-submit --py-files qcscreen-….whl`) and the model once per executor
(`--archives e5-small.tar.gz#qcscreen-cache`, `QCSCREEN_CACHE=./qcscreen-cache`; README).
"""

from __future__ import annotations

import math
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"
# Items a partition of a parallelized input list holds at most (see `input_slices`).
PROJECTS_PER_SLICE = 1000
SUBMISSIONS_PER_SLICE = 250
_PASSED_ENV = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "TOKENIZERS_PARALLELISM", "QCSCREEN_STRICT", "QCSCREEN_CACHE")


def spark_session(master: str | None = None, app: str = "qcscreen", *, partitions: int | None = None) -> SparkSession:
    """A session on `master` (default: the `spark-submit` master, else local[2])."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    chosen = master
    if chosen is None and not _under_spark_submit():
        chosen = DEFAULT_MASTER
    if chosen is not None:
        builder = builder.master(chosen)
    local = (chosen or "").startswith("local")
    shuffle = partitions or (8 if local else 200)
    builder = (
        builder.config("spark.sql.shuffle.partitions", str(shuffle))
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.python.worker.reuse", "true")  # the encoder is loaded once per Python worker
        .config("spark.ui.showConsoleProgress", "false")
    )
    if local:
        builder = builder.config("spark.ui.enabled", "false")
    for name in _PASSED_ENV:
        if name in os.environ:
            builder = builder.config(f"spark.executorEnv.{name}", os.environ[name])
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def input_slices(sc: SparkContext, items: int, per_slice: int) -> int:
    """Partitions of a parallelized input list of `items`: four a core (every core busy), and more as
    the list grows, so that no partition holds more than `per_slice` items. A task's memory — the
    cached column batch of its rows in the JVM, its Python worker's rows — then stays the same at any
    input size: with four a core only, a 50,000-project build on `local[2]` had 6,250 projects a
    partition and ran out of a 2 GiB heap building one cached batch of them."""
    return max(2, min(items, sc.defaultParallelism * 4), math.ceil(items / per_slice))


def _under_spark_submit() -> bool:
    """Started by `spark-submit` (its JVM is already running with the master it was given)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ
