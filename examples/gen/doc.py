"""A format-neutral report: sections of paragraphs, tables, charts and cause trees.

Builders (`ps_report`, `in_report`) produce it; renderers (`pptx_out`, `docx_out`) write it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Para:
    text: str
    style: str = "p"  # p | bullet | label (bold sub-heading inside a step)
    tag: str = ""  # what the paragraph is, for reuse planting (e.g. "cs_summary")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    tag: str = ""


@dataclass
class Chart:
    kind: str  # pareto | bar | radar | line
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]


@dataclass
class Tree:
    effect: str
    branches: list[tuple[str, list[tuple[str, list[str]]]]]  # category -> [(middle cause, [end causes])]
    kind: str = "fishbone"  # fishbone | system
    caption: str = ""


Item = Para | Table | Chart | Tree


@dataclass
class Section:
    step: str  # a step id from spec/interfaces.md, or cover | team | declaration
    items: list[Item] = field(default_factory=list)


@dataclass
class Report:
    title: str
    company: str
    team: str
    year: int
    ptype: str  # problem_solving | innovative
    target_kind: str | None  # self_set | directive | None
    sections: list[Section] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    def section(self, step: str) -> Section | None:
        for s in self.sections:
            if s.step == step:
                return s
        return None

    def steps(self) -> list[str]:
        return [s.step for s in self.sections if s.step not in ("cover", "team", "declaration")]

    def paragraphs(self) -> list[tuple[str, Para]]:
        return [(s.step, it) for s in self.sections for it in s.items if isinstance(it, Para)]


def pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def fmt(x: float, nd: int = 2) -> str:
    """Format a number the way reports do: drop trailing zeros, keep up to nd decimals."""
    s = f"{x:.{nd}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def pct(x: float, nd: int = 1) -> str:
    return fmt(x, nd) + "%"
