"""Chinese for what typer prints on its own: the help panels, the usage line, the help option and the
usage errors ("Missing option '--year'.", "No such option", …).

typer 0.29 carries its own copy of click (`typer._click`, fixed strings, no gettext), so the only way
to say these things in Chinese is here: typer's panel strings are set by `localise_help()`, and every
command and group of the CLI is built with `ChineseCommand` / `ChineseGroup` (`cls=`), which word the
help option, the usage prefix and the usage errors. pyproject bounds typer to 0.29.x for this reason;
tests/service/test_cli.py asserts no English is left in the help and the errors.

typer imports `rich_utils` (rich's markdown, tables, tracebacks: ≈ 0.1 s) only to print help or an
error, so the panel strings are set at that moment (`format_help` and the usage-error paths call
`localise_help()`), never at start-up (issue 16)."""

from __future__ import annotations

import re
from typing import Any

from typer._click.core import Command, Context
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup, TyperOption

HELP_TEXT = "显示此帮助并退出。"
USAGE_PREFIX = "用法："
OPTIONS_METAVAR = "[选项]"

# Messages the parameter types raise, in Chinese; anything else keeps its own text.
_TYPE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^'?(?P<v>.*?)'? is not a valid integer( range)?\.?$"), "“{v}”不是有效的整数"),
    (re.compile(r"^'?(?P<v>.*?)'? is not a valid float( range)?\.?$"), "“{v}”不是有效的数字"),
    (re.compile(r"^'?(?P<v>.*?)'? is not a valid boolean\.?$"), "“{v}”不是有效的是/否值"),
    (re.compile(r"^(?P<v>.*) is not in the range (?P<r>.*)\.$"), "{v} 不在允许的范围 {r} 内"),
    (re.compile(r"^(File|Directory|Path) '(?P<v>.*)' does not exist\.$"), "路径“{v}”不存在"),
    (re.compile(r"^'?(?P<v>.*?)'? is not one of (?P<r>.*)\.$"), "“{v}”不是可选值之一：{r}"),
    # typer 0.29 converts values with pydantic
    (re.compile(r"^Input should be a valid integer"), "应为整数"),
    (re.compile(r"^Input should be a valid number"), "应为数字"),
    (re.compile(r"^Input should be a valid boolean"), "应为是或否"),
    (re.compile(r"^Input should be (greater|less) than( or equal to)? (?P<v>\S+)"), "超出允许的范围（{v}）"),
)


def localise_help() -> None:
    """typer's rich help and error panels in Chinese (module strings typer reads when it prints)."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.DEPRECATED_STRING = "（已弃用）"
    rich_utils.ABORTED_TEXT = "已中止。"
    rich_utils.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"


def _type_message(message: str) -> str:
    for pattern, chinese in _TYPE_MESSAGES:
        m = pattern.match(message)
        if m:
            return chinese.format(**m.groupdict())
    return message


def _hint(e: BadParameter) -> str:
    if e.param is not None:
        return e.param.get_error_hint()
    if isinstance(e.param_hint, str):
        return e.param_hint
    return " / ".join(e.param_hint or [])


def translate(e: UsageError) -> UsageError:
    """The same usage error worded in Chinese (the exit code stays 2)."""
    if isinstance(e, NoArgsIsHelpError):
        return e
    if isinstance(e, MissingParameter):
        kind = "参数" if (e.param_type or (e.param.param_type_name if e.param else "")) == "argument" else "选项"
        return UsageError(f"缺少{kind} {_hint(e)}。", e.ctx)
    if isinstance(e, BadParameter):
        return UsageError(f"{_hint(e)} 的值无效：{_type_message(e.message)}。", e.ctx)
    if isinstance(e, NoSuchOption):
        maybe = f"（是否想用：{'、'.join(sorted(e.possibilities))}）" if e.possibilities else ""
        return UsageError(f"没有选项 {e.option_name}{maybe}。", e.ctx)
    if isinstance(e, BadOptionUsage):
        return UsageError(f"选项 {e.option_name} 的用法不正确：{e.message}", e.ctx)
    if isinstance(e, BadArgumentUsage):
        return UsageError(f"参数用法不正确：{e.message}", e.ctx)
    m = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)$", e.message)
    if m:
        return UsageError(f"多余的参数：{m.group('a')}。", e.ctx)
    m = re.match(r"No such command '(?P<c>.*)'\.?$", e.message)
    if m:
        return UsageError(f"没有命令“{m.group('c')}”。", e.ctx)
    if e.message.startswith("Missing command"):
        return UsageError("缺少命令。", e.ctx)
    return e


class _Chinese(Command):
    """The help option, the usage prefix and the usage errors in Chinese (mixed into typer's classes)."""

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help, option.metavar = HELP_TEXT, ""
        return option

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        localise_help()
        super().format_help(ctx, formatter)

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as e:
            localise_help()  # typer prints the error panel next
            raise translate(e) from e

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as e:  # a group's "No such command", a sub-command's errors
            localise_help()
            raise translate(e) from e


class ChineseCommand(_Chinese, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(*args, **kwargs)


class ChineseGroup(_Chinese, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(*args, **kwargs)
