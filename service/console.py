"""What the CLI prints: rich tables and panels for check / compare / similar / screen, failure lines,
and the batch progress bars. Data in, console output out; no reading or checking here."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import Progress
from rich.table import Table

from .reports import summary as S  # noqa: N812 - short alias for the report helpers

out = Console(highlight=False, soft_wrap=True)


def error_line(e: dict[str, Any], name: str | None = None) -> str:
    """One failure: code, file name, Chinese message (escaped: names may contain brackets)."""
    shown = name or e.get("file")
    if e.get("message") and shown == e.get("file"):
        text = str(e["message"])  # the message already names the file: "文件《x.pptx》无法读取：…"
    else:
        text = f"{shown}：{e.get('message') or e.get('reason')}"
    return f"[red]✗ {escape('[' + str(e.get('code')) + ']')}[/red] {escape(text)}"


def print_check(report: dict[str, Any]) -> None:
    verdict = report.get("verdict") or "—"
    colour = {"参评": "green", "完善后参评": "yellow", "不评": "red"}.get(verdict, "white")
    score = report.get("score") or {}
    head = f"[bold {colour}]形式审查结论：{verdict}[/]"
    if score:
        head += f"    初评得分：[bold]{score.get('total')}[/] / {score.get('max')}（{score.get('grade') or '—'}，{score.get('rubric')}）"
    kind = S.TYPE_NAMES.get(report.get("project_type", ""), "未识别")
    tk = S.TARGET_NAMES.get(report.get("target_kind") or "")
    out.print(
        Panel(f"{head}\n课题类型：{kind}{'（' + tk + '）' if tk else ''}", title=f"预审结果 · {report.get('file')}")
    )

    steps = Table(title="PDCA 步骤", show_lines=False)
    for col in ("状态", "步骤", "页码", "缺少的内容"):
        steps.add_column(col)
    for s in report.get("steps", []):
        status = (
            "[red]✗ 缺失[/]"
            if not s.get("present")
            else "[yellow]△ 不完整[/]"
            if s.get("complete") is False
            else "[green]✓[/]"
        )
        pages = ",".join(str(p) for p in s.get("pages") or []) or "—"
        steps.add_row(
            status, s.get("name") or S.STEP_NAMES.get(s.get("id", ""), ""), pages, "、".join(s.get("missing") or [])
        )
    out.print(steps)
    out.print(f"[bold]5W1H 对策表：[/]{S.fivew1h_status(report)}")
    tools = report.get("tools") or []
    if tools:
        out.print(
            "[bold]质量工具：[/]"
            + "、".join(
                f"{t['name']}({'/'.join(S.STEP_NAMES.get(x, x) for x in t.get('steps') or [])})"
                + ("" if t.get("appropriate") else "[red]✗[/]")
                for t in tools
            )
        )
    findings = report.get("findings") or []
    if findings:
        ft = Table(title="问题清单（按严重程度）")
        for col in ("级别", "规则", "问题", "页码"):
            ft.add_column(col)
        order = {"fatal": 0, "major": 1, "minor": 2}
        for f in sorted(findings, key=lambda f: order.get(f.get("severity"), 9)):
            sev = f.get("severity", "")
            style = {"fatal": "bold red", "major": "red", "minor": "yellow"}.get(sev, "")
            ft.add_row(
                f"[{style}]{S.SEVERITY_NAMES.get(sev, sev)}[/]" if style else sev,
                f.get("rule", ""),
                f.get("message", ""),
                ",".join(str(p) for p in f.get("pages") or []),
            )
        out.print(ft)
    else:
        out.print("[green]未发现问题。[/]")


def print_similarity(rep: dict[str, Any]) -> None:
    tr, mr = rep.get("total_copy_ratio"), rep.get("max_single_source_ratio")
    out.print(
        Panel(
            f"总文字复制比：[bold]{S.pct(tr)}[/]（{S.band(tr)[1]}）    单篇最大文字复制比：[bold]{S.pct(mr)}[/]\n"
            f"最大来源：{S.source_label(rep.get('max_source'))}",
            title=f"相似性检测 · {rep.get('file')}",
        )
    )
    for n in rep.get("near_duplicates", []):
        tag = "[bold red]疑似同一项目（雷同）[/]" if n.get("same_project") else "相近项目"
        out.print(
            f"{tag}：{S.source_label(n.get('source'))}，综合 {S.pct(n.get('score'))}；{'；'.join(n.get('reasons') or [])}"
        )
    for e in rep.get("eligibility", []):
        out.print(f"[yellow]参评资格：[/]{e.get('message')}")
    t = Table(title="来源")
    for col in ("来源", "复制比", "改写比", "片段数"):
        t.add_column(col)
    for sm in rep.get("sources", []):
        t.add_row(
            S.source_label(sm.get("source")),
            S.pct(sm.get("copy_ratio")),
            S.pct(sm.get("paraphrase_ratio")),
            str(len(sm.get("passages", []))),
        )
    out.print(t)


def _fmt_sim(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def print_compare(rep: dict[str, Any], a_text: str) -> None:
    out.print(
        Panel(
            f"A 中与 B 相同或改写的文字占 A 的 [bold]{S.pct(rep.get('copy_ratio_a'))}[/]；"
            f"语义相似度：{_fmt_sim(rep.get('semantic_similarity'))}",
            title=f"{rep['a']['file']} ↔ {rep['b']['file']}",
        )
    )
    t = Table()
    for col in ("类型", "A 偏移", "B 偏移", "得分", "A 中的文字"):
        t.add_column(col)
    for p in rep.get("passages", []):
        snippet = a_text[p["a_start"] : p["a_end"]].replace("\n", " ")
        t.add_row(
            S.KIND_NAMES.get(p["kind"], p["kind"]),
            f"{p['a_start']}–{p['a_end']}",
            f"{p['b_start']}–{p['b_end']}",
            f"{p['score']:.2f}",
            snippet[:80] + ("…" if len(snippet) > 80 else ""),
        )
    out.print(t)


class RichProgress:
    """The three bars of a batch: files read, submissions checked, submissions compared."""

    NAMES: ClassVar[dict[str, str]] = {"read": "读取文件", "check": "检查项目", "compare": "相似比对"}

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.tasks: dict[str, Any] = {}

    def start(self, stage: str, total: int) -> None:
        self.tasks[stage] = self.bar.add_task(self.NAMES.get(stage, stage), total=total)

    def advance(self, stage: str, label: str) -> None:
        if stage in self.tasks:
            self.bar.update(self.tasks[stage], advance=1, description=f"{self.NAMES.get(stage, stage)} {label}")

    def failed(self, error: dict[str, str]) -> None:
        sub = error.get("submission")
        name = f"{sub}/{error.get('file')}" if sub and sub != error.get("file") else error.get("file")
        self.bar.console.print(error_line(error, name))


def print_summary(rows: list[dict[str, Any]]) -> None:
    t = Table(title="预审汇总")
    for col in ("编号", "项目名称", "结论", "得分", "缺少步骤", "总复制比", "单篇最大（来源）", "雷同", "读取失败"):
        t.add_column(col, overflow="fold")
    for r in rows:
        verdict = r.get("verdict") or "—"
        colour = {"参评": "green", "完善后参评": "yellow", "不评": "red"}.get(verdict, "white")
        t.add_row(
            r["submission"],
            (r.get("title") or "")[:24],
            f"[{colour}]{verdict}[/]",
            "—" if r.get("score") is None else f"{r['score']}{' ' + r['grade'] if r.get('grade') else ''}",
            "、".join(r.get("steps_missing") or []) or "—",
            S.pct(r.get("total_copy_ratio")),
            f"{S.pct(r.get('max_single_source_ratio'))} {r.get('max_source') or ''}".strip(),
            "[bold red]是[/]" if r.get("same_project") else "否",
            str(len(r.get("read_errors") or [])) if r.get("read_errors") else "",
        )
    out.print(t)
