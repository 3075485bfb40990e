"""`qcscreen spark corpus-build`, `qcscreen spark screen` and `qcscreen corpus import`: the corpus and the
annual batch on Apache Spark (`service.spark`). pyspark is the `spark` extra (`make setup` installs it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_common import DbOpt, batch_config, err, fail, load_encoder, new_app, read_options, settings
from .cli_zh import ChineseCommand

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

spark_app = new_app(help="在 Apache Spark 集群（或本机 local 模式）上建立语料库、批量预审。")

MasterOpt = Annotated[
    str | None,
    typer.Option(
        "--master",
        metavar="地址",
        help="Spark master（如 spark://host:7077、yarn；默认 local[2]，spark-submit 时取其设置）",
    ),
]
PartitionsOpt = Annotated[int | None, typer.Option("--partitions", metavar="分区数", help="任务分区数（默认按核数）")]


def register(app: typer.Typer, corpus_app: typer.Typer) -> None:
    app.add_typer(spark_app, name="spark")
    corpus_app.command("import", cls=ChineseCommand)(corpus_import)


def _session(master: str | None, app: str, partitions: int | None) -> SparkSession:
    from .spark.session import spark_session

    return spark_session(master, app, partitions=partitions)


@spark_app.command("corpus-build", cls=ChineseCommand)
def corpus_build(
    source: Annotated[
        Path, typer.Argument(metavar="输入", help="项目文件夹（每个子文件夹为一个项目），或 CSV/Excel 清单")
    ],
    out: Annotated[Path, typer.Option("--out", metavar="输出", help="Parquet 输出文件夹")],
    year: Annotated[int | None, typer.Option("--year", metavar="年度", help="项目年度（使用清单时可省略）")] = None,
    master: MasterOpt = None,
    partitions: PartitionsOpt = None,
) -> None:
    """在 Spark 上读取历年项目，写出文本、指纹、MinHash 签名与要素向量（Parquet）。"""
    from .cli_admin import projects_for
    from .spark.corpus_build import corpus_build as build
    from .spark.corpus_rows import BuildConfig

    if not source.exists():
        raise fail(f"路径不存在：{source}")
    is_manifest = source.is_file() and source.suffix.lower() in (".csv", ".xlsx", ".xlsm")
    meta: dict[str, str | int] = {"year": year} if year is not None else {}
    projects = projects_for([source.parent] if is_manifest else [source], source if is_manifest else None, meta)
    if not projects:
        raise fail("没有找到可加入的文件。")
    s = settings()
    config = BuildConfig(
        read_options=read_options(), encoder=s.encoder if s.semantic else None, cache_dir=str(s.cache_dir)
    )
    spark = _session(master, "qcscreen corpus-build", partitions)
    try:
        summary = build(spark, projects, out, config, partitions=partitions)
    finally:
        spark.stop()
    err.print(
        f"已写出 {out}：{summary.projects} 个项目（可读 {summary.readable}，可入库 {summary.accepted}），"
        f"{summary.documents} 个文档，{summary.failed_files} 个文件无法读取（见 {out / 'errors'}）。"
    )
    if summary.failed_files:
        raise typer.Exit(1)


def corpus_import(
    folder: Annotated[Path, typer.Argument(metavar="文件夹", help="qcscreen spark corpus-build 的输出文件夹")],
    db: DbOpt = None,
) -> None:
    """把 Spark 建立的语料（Parquet）导入单机语料库（SQLite + 指纹索引 + 雷同索引）。"""
    from .console import error_line, out
    from .spark.corpus_import import import_corpus

    if not folder.is_dir():
        raise fail(f"文件夹不存在：{folder}")
    dbp = db or settings().db
    enc = load_encoder()
    try:
        outcome = import_corpus(folder, dbp, enc.encoder)
    except ValueError as e:
        raise fail(str(e)) from e
    for failed in outcome.errors:
        err.print(error_line(failed, f"{failed.project or ''}/{failed.file}"))
    if not outcome.neardup:
        err.print("（未建立雷同项目的语义索引：构建时或导入时没有语义模型。）")
    out.print(f"已导入 {len(outcome.added)} 个项目到语料库 {dbp}。")
    if outcome.errors:
        err.print(f"[red]{len(outcome.errors)} 个文件或项目未能导入，见上方原因。[/red]")
        raise typer.Exit(1)


@spark_app.command("screen", cls=ChineseCommand)
def screen(
    directory: Annotated[
        Path, typer.Argument(metavar="目录", help="本年度申报材料：每个子文件夹为一个项目，或单个文件")
    ],
    corpus: Annotated[Path, typer.Option("--corpus", metavar="语料", help="qcscreen spark corpus-build 的输出文件夹")],
    out_dir: Annotated[
        Path, typer.Option("--out", metavar="输出目录", help="输出文件夹（summary.xlsx、summary.json、reports/）")
    ],
    year: Annotated[int, typer.Option("--year", metavar="年度", help="申报年度")],
    roster: Annotated[
        Path | None, typer.Option("--roster", metavar="汇总表", help="推荐单位的立项申报汇总表（不指定时自动识别）")
    ] = None,
    master: MasterOpt = None,
    partitions: PartitionsOpt = None,
) -> None:
    """在 Spark 上年度批量预审：与 Spark 语料（纵向）及本批次其他项目（横向）比对，输出与 qcscreen screen 相同。"""
    from .console import out, print_summary
    from .spark.corpus_build import read_params
    from .spark.screen import screen_config, spark_screen

    if not directory.is_dir():
        raise fail(f"申报材料文件夹不存在：{directory}")
    try:
        params = read_params(corpus)
    except ValueError as e:
        raise fail(str(e)) from e
    s = settings()
    batch = batch_config(year, corpus, roster)
    if batch.encoder is not None and params.get("model_id") not in (None, batch.encoder.model_id):
        raise fail(f"语料是用语义模型 {params['model_id']} 构建的，当前模型为 {batch.encoder.model_id}；请用同一模型。")
    config = screen_config(params, batch, s.encoder if batch.encoder is not None else None, str(s.cache_dir))
    spark = _session(master, "qcscreen screen", partitions)
    try:
        summary = spark_screen(spark, directory, corpus, out_dir, config, batch)
    finally:
        spark.stop()
    print_summary(summary.rows)
    out.print(
        f"汇总表：{out_dir / 'summary.xlsx'}\n批次总览：{out_dir / 'index.html'}\n"
        f"汇总 JSON：{out_dir / 'summary.json'}\nHTML 报告：{out_dir / 'reports'}/"
    )
    if summary.errors:
        err.print(f"[red]{len(summary.errors)} 个文件处理失败（见上方原因），其余项目已完成预审。[/red]")
    raise typer.Exit(1 if summary.errors else 0)
