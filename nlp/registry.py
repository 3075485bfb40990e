"""Check functions registered under the `type` names that rubric YAML rules use.

A check function takes the shared context and the rule's `params` and returns findings. Register it
with `@register("type_name")`; the rubric loader refuses a rule whose `type` is not registered, so a
typo fails at load time, not silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ingest.model import Document

from .findings import Finding


@dataclass
class CheckContext:
    doc: Document
    project_type: str  # "problem_solving" | "innovative" | "unknown"
    target_kind: str | None  # "self_set" | "directive" | None
    block_steps: list[str | None]  # step id of every block of doc.blocks (None before the first step)
    segmentation: Any = None  # nlp.sections.Segmentation
    analyses: dict[str, Any] = field(default_factory=dict)  # "fivew1h", "tools", "numbers", "form", ...
    form: Document | None = None  # the 申报表, when submitted


CheckFn = Callable[[CheckContext, dict[str, Any]], list[Finding]]

CHECKS: dict[str, CheckFn] = {}


def register(name: str) -> Callable[[CheckFn], CheckFn]:
    def deco(fn: CheckFn) -> CheckFn:
        if name in CHECKS and CHECKS[name] is not fn:
            raise ValueError(f"check type {name!r} registered twice")
        CHECKS[name] = fn
        return fn

    return deco


def filter_by_params(
    findings: Iterable[Finding], params: dict[str, Any], allowed: Iterable[str] | None = None
) -> list[Finding]:
    """Rubric params understood by every check type: `rules` (ids to keep; with `allowed`, a subset of
    those, all of them when absent), `steps` (only these steps), `exclude_steps` (drop these steps)."""
    wanted: set[str] | None = set(params.get("rules") or []) or None
    if allowed is not None:
        wanted = (wanted or set(allowed)) & set(allowed)
    only = set(params.get("steps") or [])
    drop = set(params.get("exclude_steps") or [])
    return [
        f
        for f in findings
        if (wanted is None or f.rule in wanted) and (not only or f.step in only) and f.step not in drop
    ]
