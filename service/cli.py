"""`qcscreen`: the command line (typer + rich). Every command calls the same functions as the API.

Exit codes: 0 done; 1 done but some input files failed (each failure printed with its code, the file
name and a Chinese message); 2 usage or setup error. The corpus, key and model commands live in
`service.cli_admin`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nlp.rubric_ids import available

from . import cli_admin, cli_spark
from .cli_common import DbOpt, JsonOpt, batch_config, err, fail, load_encoder, new_app, read_options, settings
from .cli_read import ExitCode, emit_json, load_encoder_quietly, meanwhile, prepare_process, read_document, run_extract
from .cli_zh import ChineseCommand

if TYPE_CHECKING:
    from ingest.model import Document

# Everything else is imported inside the command that uses it: `qcscreen --help` and `extract` start
# without the corpus, the checker, the reports or any model library (tests/service/test_startup.py).

app = new_app(
    name="qcscreen",
    help="质量攻关 / QC 成果预审：PDCA 完整性、5W1H 对策表、工具运用、初评得分、抄袭与雷同检测。",
)
cli_admin.register(app)
cli_spark.register(app, cli_admin.corpus_app)


def _read(path: Path, as_json: bool) -> Document:
    """The document of one input file (`cli_read.read_document`); exits 2 for a missing file, 1 (with
    the reason) for an unreadable one."""
    try:
        return read_document(path, as_json)
    except ExitCode as e:
        raise typer.Exit(e.code) from None


def _optional(path: Path | None, as_json: bool) -> Document | None:
    return _read(path, as_json) if path is not None else None


RubricOpt = Annotated[
    str | None,
    typer.Option("--rubric", help=f"评分标准 ID，可选：{'、'.join(available())}（默认按课题类型自动选择）"),
]


# ---------------------------------------------------------------- extract / check


@app.command(cls=ChineseCommand)
def extract(
    file: Annotated[Path, typer.Argument(metavar="文件", help="一个申报文件（PPTX/DOCX/PDF/PPT/DOC/TXT）")],
    as_json: JsonOpt = False,
) -> None:
    """读取一个文件，输出纯文本（报告中的字符偏移以此为准）或文档模型 JSON。"""
    code = run_extract(file, as_json)  # also run without typer by service.cli_main (start-up, issue 16)
    if code:
        raise typer.Exit(code)


@app.command(cls=ChineseCommand)
def check(
    file: Annotated[Path, typer.Argument(metavar="文件", help="成果报告（PPTX/DOCX/PDF/PPT/DOC/TXT）")],
    form: Annotated[Path | None, typer.Option("--form", metavar="申报表", help="同时检查申报表")] = None,
    record: Annotated[
        Path | None, typer.Option("--record", metavar="实施记录", help="与成果报告一起检查的实施记录")
    ] = None,
    html: Annotated[Path | None, typer.Option("--html", metavar="输出", help="写出给评审专家的 HTML 报告")] = None,
    rubric: RubricOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """检查一个项目：PDCA 步骤、5W1H 对策表、工具运用、初评得分和形式审查结论。"""
    if rubric is not None and rubric not in available():
        raise fail(f"评分标准 {rubric} 无法使用：没有这个评分标准（可选：{'、'.join(available())}）。")
    # Read first: the reading worker is forked from this process while it is still light (no faiss or
    # model library loaded, ingest.isolation), instead of starting a forkserver that imports every reader.
    doc = _read(file, as_json)
    form_doc, record_doc = _optional(form, as_json), _optional(record, as_json)
    from ingest.fileio import atomic_write_text
    from nlp.rubric import RubricError

    from . import stages
    from .console import print_check
    from .reports.html import ReportHeader, render

    encoder = stages.load_semantic_encoder(settings()).encoder  # the step classifier's second signal
    try:
        report = stages.check(doc, rubric=rubric, form=form_doc, record=record_doc, encoder=encoder)
    except RubricError as e:
        raise fail(f"评分标准 {rubric} 无法使用：{e}") from e
    if html is not None:
        header = ReportHeader(
            file=file.name, form_file=form.name if form else None, record_file=record.name if record else None
        )
        atomic_write_text(html, render(report, None, doc=doc, header=header))
        err.print(f"HTML 报告：{html}")
    if as_json:
        emit_json(report)
    else:
        print_check(report)


# ---------------------------------------------------------------- compare / similar


@app.command(cls=ChineseCommand)
def compare(
    a: Annotated[Path, typer.Argument(metavar="文件A", help="文件 A")],
    b: Annotated[Path, typer.Argument(metavar="文件B", help="文件 B")],
    as_json: JsonOpt = False,
) -> None:
    """比对两个文件：复制和改写的片段，偏移量对应 extract 输出的纯文本。"""
    from ingest.paths import entry_kind

    from .reading import read_files

    for p in (a, b):
        if entry_kind(p) == "missing":
            raise fail(f"文件不存在：{p}")
    # Both files are read (one worker, forked from this light process: ingest.isolation) before the
    # comparison's modules are imported; meanwhile a thread imports them and loads the encoder.
    with meanwhile(_prepare_compare):  # a failed read exits inside: the thread is waited for
        ra, rb = read_files([a, b], read_options())
        if ra.document is None or rb.document is None:
            from .console import error_line
            from .results import ReadFailure

            errors = [r.error for r in (ra, rb) if r.error is not None]
            if as_json:
                emit_json(ReadFailure(errors=errors), exclude_none=True)
            for e in errors:
                err.print(error_line(e))
            raise typer.Exit(1)
    # stages.compare is this function; without service.stages (the corpus, faiss, the checker, the
    # report writers) the command starts ≈ 0.4 CPU s sooner (issue 16).
    from index.copy.compare import compare as compare_documents

    rep = compare_documents(ra.document, rb.document, encoder=load_encoder().encoder)
    if as_json:
        emit_json(rep)
    else:
        from .console import print_compare

        print_compare(rep, ra.document.text)


@app.command(cls=ChineseCommand)
def similar(
    file: Annotated[Path, typer.Argument(metavar="文件", help="一个申报文件")],
    db: DbOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", metavar="", help="列出全部相似片段（默认只列最长的 5 个）")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """与语料库比对：总文字复制比、单篇最大文字复制比、各来源片段、疑似雷同项目。"""
    from .cli_similar import run_similar  # also run without typer by service.cli_main (start-up, issue 16)

    code = run_similar(file, db, show_all, as_json)
    if code:
        raise typer.Exit(code)


def _prepare_compare() -> None:
    """What `compare` needs once its files are read: the comparison modules, the encoder loaded."""
    import index.copy.compare  # noqa: F401 - imported in the reading worker's time
    import nlp.outline  # noqa: F401 - the essences' structure modules (index.copy.compare imports them late)

    load_encoder_quietly()


# ---------------------------------------------------------------- screen / serve


@app.command(cls=ChineseCommand)
def screen(
    directory: Annotated[
        Path, typer.Argument(metavar="目录", help="本年度申报材料：每个子文件夹为一个项目，或单个文件")
    ],
    year: Annotated[int, typer.Option("--year", metavar="年度", help="申报年度")],
    out_dir: Annotated[
        Path, typer.Option("--out", metavar="输出目录", help="输出文件夹（summary.xlsx、summary.json、reports/）")
    ],
    db: DbOpt = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", metavar="", help="同时用 Chromium 打印 PDF 报告（A4，每页带编号和页码）")
    ] = False,
    restart: Annotated[
        bool, typer.Option("--restart", metavar="", help="不使用上次中断时保存的结果，全部重做")
    ] = False,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            metavar="汇总表",
            help="推荐单位的立项申报汇总表（XLSX/DOCX），与申报材料逐项核对；不指定时自动识别 DIR 中的汇总表",
        ),
    ] = None,
) -> None:
    """年度批量预审：逐项检查，与语料库（纵向）及本批次其他项目（横向）比对，生成汇总表、总览页和报告。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .console import RichProgress, out, print_summary
    from .pipeline import screen_batch
    from .reports.pdf import to_pdf
    from .roster import RosterError, read_roster

    if not directory.is_dir():
        raise fail(f"申报材料文件夹不存在：{directory}")
    if roster is not None:
        try:
            read_roster(roster)
        except RosterError as e:
            raise fail(str(e)) from e
    s = settings()
    dbp = db or s.db
    if not dbp.exists():
        err.print(f"[yellow]提示：[/]语料库 {dbp} 不存在，本次只做本批次项目之间的横向比对。")
    config = batch_config(year, dbp, roster, workers=s.batch_workers)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err) as bar:
        result = screen_batch(directory, config, out_dir, progress=RichProgress(bar), resume=not restart)
    if result.reused:
        err.print(f"已从上次运行中恢复 {result.reused} 个已完成的项目（未重复处理）。")
    print_summary(result.rows)
    if pdf:
        for path in result.reports.values():
            try:
                to_pdf(path)
            except (RuntimeError, OSError) as e:
                err.print(f"[yellow]PDF 导出失败：[/]{path.name}：{e}")
    out.print(
        f"汇总表：{out_dir / 'summary.xlsx'}\n批次总览：{out_dir / 'index.html'}\n"
        f"汇总 JSON：{out_dir / 'summary.json'}\nHTML 报告：{out_dir / 'reports'}/"
    )
    if result.errors:
        err.print(f"[red]{len(result.errors)} 个文件处理失败（见上方原因），其余项目已完成预审。[/red]")
    raise typer.Exit(result.exit_code)


@app.command(cls=ChineseCommand)
def serve(
    host: Annotated[str | None, typer.Option("--host", metavar="地址", help="监听地址（默认 127.0.0.1）")] = None,
    port: Annotated[int | None, typer.Option("--port", metavar="端口", help="端口（默认 8000）")] = None,
) -> None:
    """启动 Web 服务（API + 中文页面，接口文档见 /docs）。"""
    import uvicorn

    from .api import create_app

    s = settings()
    uvicorn.run(create_app(s), host=host or s.host, port=port or s.port)


def main() -> None:
    """Every command through typer (the installed `qcscreen` is `service.cli_main.main`, which runs a
    plain `extract` without typer first)."""
    prepare_process()
    app()


if __name__ == "__main__":
    main()
