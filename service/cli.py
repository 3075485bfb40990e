"""`qcscreen`: the command line (typer + rich). Every command calls the same functions as the API.

Exit codes: 0 done; 1 done but some input files failed (each failure printed with its code, the file
name and a Chinese message); 2 usage or setup error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.options import ReadOptions

from . import stages
from .console import RichProgress, error_line, out, print_check, print_compare, print_similarity, print_summary
from .reports import summary as S  # noqa: N812 - short alias for the report helpers
from .settings import Settings

app = typer.Typer(
    name="qcscreen",
    help="质量攻关 / QC 成果预审：PDCA 完整性、5W1H 对策表、工具运用、初评得分、抄袭与雷同检测。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="管理历年项目语料库（纵向比对的来源）。", no_args_is_help=True)
keys_app = typer.Typer(help="管理 Web 服务的 API 密钥（以哈希形式保存）。", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")
app.add_typer(keys_app, name="keys")

err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOpt = Annotated[
    Path | None, typer.Option("--db", help="语料库 SQLite 文件（默认 $QCSCREEN_DB 或 out/corpus.sqlite）")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（schema 1）")]


class SetupError(Exception):
    """Usage or setup problem: exit code 2, Chinese message."""


def _settings() -> Settings:
    return Settings()


def _db(db: Path | None) -> Path:
    return db or _settings().db


def _options() -> ReadOptions:
    return ReadOptions(timeout_s=_settings().read_timeout_s)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]错误：[/red]{message}")
    return typer.Exit(code)


def _print_read_error(e: dict[str, Any]) -> None:
    err.print(error_line(e))


def _read(path: Path) -> stages.ReadResult:
    if not path.exists():
        raise _fail(f"文件不存在：{path}")
    if path.is_dir():
        raise _fail(f"{path} 是文件夹；此命令需要一个文件（批量预审请用 qcscreen screen）。")
    return stages.read_one(path, _options())


def _need(module: str, what: str) -> None:
    import importlib

    try:
        importlib.import_module(module)
    except ImportError as e:
        raise _fail(f"缺少{what}组件（{module}）：{e}。请确认已完整安装 qcscreen（make setup）。") from e


def _emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------- extract


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="一个申报文件（PPTX/DOCX/PDF/PPT/DOC/TXT）")],
    as_json: JsonOpt = False,
) -> None:
    """读取一个文件，输出纯文本（报告中的字符偏移以此为准）或文档模型 JSON。"""
    res = _read(file)
    if res.document is None:
        assert res.error is not None
        if as_json:
            _emit_json({"schema": 1, "file": file.name, "error": res.error})
        _print_read_error(res.error)
        raise typer.Exit(1)
    if as_json:
        _emit_json(res.document.model_dump(mode="json"))
    else:
        sys.stdout.write(res.document.text)
        sys.stdout.flush()


# ---------------------------------------------------------------- check


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="一个申报文件（PPTX/DOCX/PDF/PPT/DOC/TXT）")],
    rubric: Annotated[str | None, typer.Option("--rubric", help="评分标准 ID（默认按课题类型自动选择）")] = None,
    as_json: JsonOpt = False,
) -> None:
    """检查一个项目：PDCA 步骤、5W1H 对策表、工具运用、初评得分和形式审查结论。"""
    _need("nlp.check", "检查")
    res = _read(file)
    if res.document is None:
        assert res.error is not None
        if as_json:
            _emit_json({"schema": 1, "file": file.name, "error": res.error})
        _print_read_error(res.error)
        raise typer.Exit(1)
    try:
        report = stages.check(res.document, rubric=rubric)
    except (KeyError, ValueError, FileNotFoundError) as e:
        if rubric is None:
            raise
        raise _fail(f"评分标准 {rubric} 无法使用：{e}") from e
    if as_json:
        _emit_json(report)
    else:
        print_check(report)


# ---------------------------------------------------------------- compare / similar


def _encoder() -> stages.EncoderState:
    s = _settings()
    return stages.load_encoder(s.semantic, s.cache_dir)


@app.command()
def compare(
    a: Annotated[Path, typer.Argument(help="文件 A")],
    b: Annotated[Path, typer.Argument(help="文件 B")],
    as_json: JsonOpt = False,
) -> None:
    """比对两个文件：复制和改写的片段，偏移量对应 extract 输出的纯文本。"""
    _need("index.compare", "比对")
    ra, rb = _read(a), _read(b)
    errors = [r.error for r in (ra, rb) if r.error is not None]
    if errors or ra.document is None or rb.document is None:
        if as_json:
            _emit_json({"schema": 1, "errors": errors})
        for e in errors:
            _print_read_error(e)
        raise typer.Exit(1)
    enc = _encoder()
    if enc.message:
        err.print(f"[yellow]提示：[/]{enc.message}")
    rep = stages.compare(ra.document, rb.document, encoder=enc.encoder)
    if as_json:
        _emit_json(rep)
    else:
        print_compare(rep, ra.document.text)


@app.command()
def similar(
    file: Annotated[Path, typer.Argument(help="一个申报文件")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """与语料库比对：总文字复制比、单篇最大文字复制比、各来源片段、疑似雷同项目。"""
    _need("index.similar", "相似度检测")
    dbp = _db(db)
    if not dbp.exists():
        raise _fail(f"语料库不存在：{dbp}。请先用 qcscreen corpus add 建立语料库，或用 --db 指定。")
    res = _read(file)
    if res.document is None:
        assert res.error is not None
        if as_json:
            _emit_json({"schema": 1, "file": file.name, "error": res.error})
        _print_read_error(res.error)
        raise typer.Exit(1)
    enc = _encoder()
    if enc.message:
        err.print(f"[yellow]提示：[/]{enc.message}")
    s = _settings()
    rep = stages.Similarity(dbp, encoder=enc.encoder, template_file=s.template_file).similar(
        res.document, include_source_text=True
    )
    if as_json:
        _emit_json(rep)
    else:
        print_similarity(rep)


# ---------------------------------------------------------------- corpus


@corpus_app.command("add")
def corpus_add(
    paths: Annotated[list[Path], typer.Argument(help="文件或文件夹（含子文件夹时每个子文件夹为一个项目）")],
    year: Annotated[int | None, typer.Option("--year", help="项目年度（使用清单时可省略）")] = None,
    company: Annotated[str | None, typer.Option("--company", help="申报单位")] = None,
    title: Annotated[str | None, typer.Option("--title", help="项目名称（默认取文件标题）")] = None,
    db: DbOpt = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            help="CSV/Excel 清单：path,year,company,credit_code,title,type,target_kind,industry,award（path 相对清单所在目录）",
        ),
    ] = None,
) -> None:
    """把历年项目加入语料库。"""
    from .corpus import ManifestError, add_projects, projects_from_manifest, projects_from_paths

    _need("index.store", "语料库")
    meta = {k: v for k, v in (("year", year), ("company", company), ("title", title)) if v is not None}
    for p in paths:
        if not p.exists():
            raise _fail(f"路径不存在：{p}")
    try:
        if manifest is not None:
            if not manifest.exists():
                raise _fail(f"清单文件不存在：{manifest}")
            projects = projects_from_manifest(manifest, within=list(paths), defaults=meta)
        else:
            if year is None:
                raise _fail("请用 --year 指定项目年度（或用 --manifest 提供清单）。")
            projects = projects_from_paths(paths, meta)
    except ManifestError as e:
        raise _fail(str(e)) from e
    if not projects:
        raise _fail("没有找到可加入的文件。")
    dbp = _db(db)
    enc = _encoder()
    if enc.message:
        err.print(f"[yellow]提示：[/]{enc.message}（未建立雷同项目的语义索引；构建模型后请重新加入语料库。）")
    total = sum(len(p.files) for p in projects)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
    ) as bar:
        task = bar.add_task("读取并加入语料库", total=total)
        outcome = add_projects(
            dbp,
            projects,
            options=_options(),
            encoder=enc.encoder,
            on_file=lambda _name: bar.advance(task),
            on_error=lambda e: bar.console.print(error_line(e, f"{e.get('project', '')}/{e.get('file')}")),
        )
    out.print(f"已加入 {len(outcome.added)} 个项目到语料库 {dbp}（共 {len(projects)} 个）。")
    if outcome.errors:
        err.print(f"[red]{len(outcome.errors)} 个文件或项目未能加入，见上方原因。[/red]")
        raise typer.Exit(1)


@corpus_app.command("list")
def corpus_list(
    db: DbOpt = None,
    year: Annotated[int | None, typer.Option("--year", help="只列出该年度")] = None,
    as_json: JsonOpt = False,
) -> None:
    """列出语料库中的项目。"""
    from index.store import CorpusStore

    dbp = _db(db)
    if not dbp.exists():
        raise _fail(f"语料库不存在：{dbp}")
    with CorpusStore(dbp) as store:
        projects = store.list_projects(year=year)
    if as_json:
        _emit_json([p.model_dump(mode="json") for p in projects])
        return
    t = Table(title=f"语料库 {dbp}（{len(projects)} 个项目）")
    for col in ("编号", "年度", "单位", "项目名称", "类型", "获奖", "文件数"):
        t.add_column(col)
    for p in projects:
        t.add_row(
            p.project_id,
            str(p.year or ""),
            p.company or "",
            p.title or "",
            S.TYPE_NAMES.get(p.type or "", p.type or ""),
            p.award or "",
            str(len(p.documents)),
        )
    out.print(t)


@corpus_app.command("remove")
def corpus_remove(
    project_id: Annotated[str, typer.Argument(help="项目编号（见 corpus list）")],
    db: DbOpt = None,
) -> None:
    """从语料库移除一个项目。"""
    from index.store import CorpusStore

    dbp = _db(db)
    if not dbp.exists():
        raise _fail(f"语料库不存在：{dbp}")
    with CorpusStore(dbp) as store:
        removed = store.remove_project(project_id)
    if not removed:
        raise _fail(f"语料库中没有项目 {project_id}。")
    out.print(f"已移除项目 {project_id}。")


# ---------------------------------------------------------------- screen


@app.command()
def screen(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="本年度申报材料：每个子文件夹为一个项目，或单个文件")
    ],
    year: Annotated[int, typer.Option("--year", help="申报年度")],
    out_dir: Annotated[Path, typer.Option("--out", help="输出文件夹（summary.xlsx、summary.json、reports/）")],
    db: DbOpt = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 导出 PDF 报告")] = False,
    restart: Annotated[bool, typer.Option("--restart", help="不使用上次中断时保存的结果，全部重做")] = False,
) -> None:
    """年度批量预审：逐项检查，与语料库（纵向）及本批次其他项目（横向）比对，生成汇总表和报告。"""
    from .pipeline import screen_batch

    _need("nlp.check", "检查")
    _need("index.similar", "相似度检测")
    if not directory.is_dir():
        raise _fail(f"申报材料文件夹不存在：{directory}")
    dbp = _db(db)
    if not dbp.exists():
        err.print(f"[yellow]提示：[/]语料库 {dbp} 不存在，本次只做本批次项目之间的横向比对。")
    s = _settings()
    enc = _encoder()
    if enc.message:
        err.print(f"[yellow]提示：[/]{enc.message}")
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
    ) as bar:
        result = screen_batch(
            directory,
            year=year,
            db=dbp,
            out_dir=out_dir,
            encoder=enc.encoder,
            semantic_message=enc.message,
            template_file=s.template_file,
            read_options=_options(),
            progress=RichProgress(bar),
            resume=not restart,
        )
    if result.reused:
        err.print(f"已从上次运行中恢复 {result.reused} 个已完成的项目（未重复处理）。")
    print_summary(result.rows)
    if pdf:
        from .reports.html import to_pdf

        for path in result.reports.values():
            try:
                to_pdf(path)
            except (RuntimeError, OSError) as e:
                err.print(f"[yellow]PDF 导出失败：[/]{path.name}：{e}")
    out.print(
        f"汇总表：{out_dir / 'summary.xlsx'}\n汇总 JSON：{out_dir / 'summary.json'}\nHTML 报告：{out_dir / 'reports'}/"
    )
    if result.errors:
        err.print(f"[red]{len(result.errors)} 个文件处理失败（见上方原因），其余项目已完成预审。[/red]")
    raise typer.Exit(result.exit_code)


# ---------------------------------------------------------------- serve / keys


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="监听地址（默认 127.0.0.1）")] = None,
    port: Annotated[int | None, typer.Option("--port", help="端口（默认 8000）")] = None,
) -> None:
    """启动 Web 服务（API + 中文页面，接口文档见 /docs）。"""
    import uvicorn

    from .api import create_app

    s = _settings()
    uvicorn.run(create_app(s), host=host or s.host, port=port or s.port)


@keys_app.command("add")
def keys_add(
    role: Annotated[str, typer.Option("--role", help="角色：admin、reviewer 或 recommender")],
    name: Annotated[str, typer.Option("--name", help="备注（如单位或使用人）")] = "",
) -> None:
    """新建一个 API 密钥（只显示一次，库中只保存其哈希）。"""
    from .auth import ROLES, KeyStore

    if role not in ROLES:
        raise _fail(f"未知角色：{role}（可选：{'、'.join(ROLES)}）")
    key = KeyStore(_settings().keys_path).create(role, name)
    out.print(f"已创建 {role} 密钥（请妥善保存，此后无法再次查看）：")
    sys.stdout.write(key + "\n")


@keys_app.command("list")
def keys_list() -> None:
    """列出密钥（只显示编号、角色和备注）。"""
    from .auth import KeyStore

    t = Table(title="API 密钥")
    for col in ("编号", "角色", "备注", "创建时间"):
        t.add_column(col)
    for k in KeyStore(_settings().keys_path).list():
        t.add_row(k["key_id"], k["role"], k["name"], k["created_at"])
    out.print(t)


@keys_app.command("remove")
def keys_remove(key_id: Annotated[str, typer.Argument(help="密钥编号（见 keys list）")]) -> None:
    """吊销一个密钥。"""
    from .auth import KeyStore

    if not KeyStore(_settings().keys_path).remove(key_id):
        raise _fail(f"没有编号为 {key_id} 的密钥。")
    out.print(f"已吊销密钥 {key_id}。")


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
    app()


if __name__ == "__main__":
    main()
