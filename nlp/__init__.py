"""What a QC 成果 document says about its PDCA: `nlp.analyze(doc) -> Analysis` once per document;
`nlp.check.check(main, *, form=None, record=None, rubric=None) -> CheckReport` over it.

`analyze` and `Analysis` are loaded on first use (PEP 562): importing a light submodule such as
`nlp.rubric_ids` (the CLI's --help) does not import pydantic, numpy and the whole analysis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis import Analysis, analyze

__all__ = ["Analysis", "analyze"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
