"""What a QC 成果 document says about its PDCA: `nlp.analyze(doc) -> Analysis` once per document;
`nlp.check.check(main, *, form=None, record=None, rubric=None) -> CheckReport` over it."""

from .analysis import Analysis, analyze

__all__ = ["Analysis", "analyze"]
