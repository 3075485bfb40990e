"""What the CLI prints: rich tables and panels for check / compare / similar / screen, failure lines,
and the batch progress bars. Typed results in, console output out; no reading or checking here."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import Progress, TaskID
from rich.table import Table

from .labels import (
    KIND_NAMES,
    SEVERITY_NAMES,
    SEVERITY_ORDER,
    STEP_NAMES,
    TARGET_NAMES,
    VERDICT_COLOURS,
    band,
    pct,
    source_label,
    type_name,
    where,
)

# The report models only name types here: `similar` and `compare` print without importing the checker's
# report or the batch's result models (≈ 0.1 CPU s of their cold start, issue 16).
if TYPE_CHECKING:
    from index.report import CompareReport, SimilarityReport
    from nlp.report import CheckReport

    from .results import FileError, SummaryRow

out = Console(highlight=False, soft_wrap=True)


def error_line(e: FileError, name: str | None = None) -> str:
    """One failure: code, file name, Chinese message (escaped: names may contain brackets)."""
    shown = name or e.file
    if e.message and shown == e.file:
        text = e.message  # the message already names the file: "文件《x.pptx》无法读取：…"
    else:
        text = f"{shown}：{e.message or e.reason}"
    return f"[red]✗ {escape('[' + e.code + ']')}[/red] {escape(text)}"


def _step_table(report: CheckReport) -> Table:
    steps = Table(title="PDCA 步骤", show_lines=False)
    for col in ("状态", "步骤", "页码", "置信度", "缺少的内容"):
        steps.add_column(col, overflow="fold")
    for s in report.steps:
        status = (
            "[magenta]? 未能确认[/]"
            if s.status == "unconfirmed"
            else "[red]✗ 缺失[/]"
            if not s.present
            else "[yellow]△ 不完整[/]"
            if not s.complete
            else "[green]✓[/]"
        )
        pages = ",".join(str(p) for p in s.pages) or "—"
        conf = f"{s.confidence:.2f}" if s.confidence is not None else "—"
        steps.add_row(status, s.name, pages, conf, "、".join(s.missing))
    if (st := report.structure) is not None:
        steps.caption = (
            f"归入步骤的文字占 {st.coverage:.0%}（置信步骤 {st.confident_coverage:.0%}），"
            f"识别出 {st.steps_found} 个步骤（置信 {st.steps_confident} 个）"
        ) + ("" if st.confident else "（结构未能可靠识别，缺项需人工复核）")
    return steps


def _findings_table(report: CheckReport) -> Table:
    ft = Table(title="问题清单（按严重程度）")
    for col in ("级别", "规则", "问题", "页码"):
        ft.add_column(col, overflow="fold")
    order = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    for f in sorted(report.findings, key=lambda f: order.get(f.severity, 9)):
        style = {"fatal": "bold red", "major": "red", "minor": "yellow"}.get(f.severity, "")
        name = SEVERITY_NAMES.get(f.severity, f.severity)
        ft.add_row(f"[{style}]{name}[/]" if style else name, f.rule, f.message, ",".join(str(p) for p in f.pages))
    return ft


def print_check(report: CheckReport) -> None:
    verdict = report.verdict or "—"
    head = f"[bold {VERDICT_COLOURS.get(verdict, 'white')}]形式审查结论：{verdict}[/]"
    score = report.score
    if score and score.total is not None:
        head += f"    初评得分：[bold]{score.total}[/] / {score.max}（{score.grade or '—'}，{score.rubric}）"
    elif score:
        head += f"    初评得分：—（{score.note or '未评分'}）"
    tk = TARGET_NAMES.get(report.target_kind or "")
    kind = type_name(report.project_type) + (f"（{tk}）" if tk else "")
    out.print(Panel(f"{head}\n课题类型：{kind}", title=f"预审结果 · {report.file}"))
    if report.coverage:  # what was not read (a page limit, unreadable pages): never silent
        notes = "；".join(c.message.rstrip("。") for c in report.coverage[:6])
        more = f" 等 {len(report.coverage)} 条" if len(report.coverage) > 6 else ""
        out.print(f"[yellow]读取提示（机器读取可能不完整，请对照原件）：{notes}{more}。[/]")
    out.print(_step_table(report))
    from .reports.rows import fivew1h_status

    out.print(f"[bold]5W1H 对策表：[/]{fivew1h_status(report)}")
    if report.tools:
        names = [
            f"{t.name}({'/'.join(STEP_NAMES.get(x, x) for x in t.steps)})" + ("" if t.appropriate else "[red]✗[/]")
            for t in report.tools
        ]
        out.print("[bold]质量工具：[/]" + "、".join(names))
    if report.findings:
        out.print(_findings_table(report))
    else:
        out.print("[green]未发现问题。[/]")


TOP_PASSAGES = 5


def print_passages(rep: SimilarityReport, fmt: str, *, limit: int | None = TOP_PASSAGES) -> None:
    """The longest passages with their source and place; says how to get all of them."""
    found = [(sm.source, p) for sm in rep.sources for p in sm.passages]
    found.sort(key=lambda sp: sp[1].a_start - sp[1].a_end)
    shown = found if limit is None else found[:limit]
    if not shown:
        return
    out.print(f"[bold]相似片段[/]（按长度，{'全部' if len(shown) == len(found) else f'最长的 {len(shown)} 个'}）：")
    for src, p in shown:
        head = (
            f"{KIND_NAMES.get(p.kind, p.kind)} {pct(p.score)} · 本文{where(p.a_pages, fmt)} · 来源：{source_label(src)}"
        )
        out.print(f"• {escape(head)}")
        out.print(f"  {escape((p.a_text or '').strip())}")
    if len(shown) < len(found):
        out.print(
            f"共 {len(found)} 个片段，此处只显示最长的 {len(shown)} 个。查看全部：加 --all；"
            "全部数据（含字符偏移）：加 --json。"
        )


def print_similarity(rep: SimilarityReport) -> None:
    tr, mr = rep.total_copy_ratio, rep.max_single_source_ratio
    out.print(
        Panel(
            f"总文字复制比：[bold]{pct(tr)}[/]（{band(tr).label}）    单篇最大文字复制比：[bold]{pct(mr)}[/]\n"
            f"最大来源：{source_label(rep.max_source)}",
            title=f"相似性检测 · {rep.file}",
        )
    )
    for n in rep.near_duplicates:
        tag = "[bold red]疑似同一项目（雷同）[/]" if n.same_project else "相近项目"
        out.print(f"{tag}：{source_label(n.source)}，综合 {pct(n.score)}；{'；'.join(n.reasons)}")
    for e in rep.eligibility:
        out.print(f"[yellow]参评资格：[/]{e.message}")
    t = Table(title="来源")
    for col in ("来源", "复制比", "改写比", "片段数"):
        t.add_column(col, overflow="fold")
    for sm in rep.sources:
        t.add_row(source_label(sm.source), pct(sm.copy_ratio), pct(sm.paraphrase_ratio), str(len(sm.passages)))
    out.print(t)


def print_compare(rep: CompareReport, a_text: str) -> None:
    sem = "—" if rep.semantic_similarity is None else f"{rep.semantic_similarity:.2f}"
    out.print(
        Panel(
            f"A 中与 B 相同或改写的文字占 A 的 [bold]{pct(rep.copy_ratio_a)}[/]；语义相似度：{sem}",
            title=f"{rep.a.file} ↔ {rep.b.file}",
        )
    )
    t = Table()
    for col in ("类型", "A 偏移", "B 偏移", "得分", "A 中的文字"):
        t.add_column(col, overflow="fold")
    for p in rep.passages:
        snippet = a_text[p.a_start : p.a_end].replace("\n", " ")
        t.add_row(
            KIND_NAMES.get(p.kind, p.kind),
            f"{p.a_start}–{p.a_end}",
            f"{p.b_start}–{p.b_end}",
            f"{p.score:.2f}",
            snippet,
        )
    out.print(t)


class RichProgress:
    """The three bars of a batch: files read, submissions checked, submissions compared."""

    NAMES: ClassVar[dict[str, str]] = {"read": "读取文件", "check": "检查项目", "compare": "相似比对"}

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.tasks: dict[str, TaskID] = {}

    def start(self, stage: str, total: int) -> None:
        self.tasks[stage] = self.bar.add_task(self.NAMES.get(stage, stage), total=total)

    def advance(self, stage: str, label: str) -> None:
        if stage in self.tasks:
            self.bar.update(self.tasks[stage], advance=1, description=f"{self.NAMES.get(stage, stage)} {label}")

    def failed(self, error: FileError) -> None:
        sub = error.submission
        name = f"{sub}/{error.file}" if sub and sub != error.file else error.file
        self.bar.console.print(error_line(error, name))


def print_summary(rows: list[SummaryRow]) -> None:
    t = Table(title="预审汇总")
    for col in ("编号", "项目名称", "结论", "得分", "缺少步骤", "总复制比", "单篇最大（来源）", "雷同", "读取失败"):
        t.add_column(col, overflow="fold")
    for r in rows:
        verdict = r.verdict or "—"
        t.add_row(
            r.submission,
            r.title or "",
            f"[{VERDICT_COLOURS.get(verdict, 'white')}]{verdict}[/]",
            "—" if r.score is None else f"{r.score}{' ' + r.grade if r.grade else ''}",
            "、".join(r.steps_missing) or "—",
            pct(r.total_copy_ratio),
            f"{pct(r.max_single_source_ratio)} {r.max_source or ''}".strip(),
            "[bold red]是[/]" if r.same_project else "否",
            str(len(r.read_errors)) if r.read_errors else "",
        )
    out.print(t)
