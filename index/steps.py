"""分段检测: the copy ratio of each PDCA step, from the steps' character spans (`nlp.analyze`).

CNKI splits a thesis into its chapters and reports a copy ratio per chapter; a QC report's chapters are
its PDCA steps. A step's ratio is the share of its folded characters (汉字, letters, digits) inside copy
passages; its paraphrase ratio the share inside paraphrase passages. The spans come from the analysis
of the submission (index never segments a document itself).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from index.copy.fingerprint import FoldedText
from index.report import Passage, StepRatio


def _mask(folded: FoldedText, spans: Iterable[tuple[int, int]]) -> np.ndarray:
    """Folded positions inside the text spans."""
    out = np.zeros(len(folded), dtype=bool)
    for start, end in spans:
        lo = int(np.searchsorted(folded.origin, start, side="left"))
        hi = int(np.searchsorted(folded.origin, end, side="left"))
        out[lo:hi] = True
    return out


def step_ratios(
    folded: FoldedText, steps: Iterable[tuple[str, str, list[tuple[int, int]]]], passages: list[Passage]
) -> list[StepRatio]:
    """One StepRatio per step (id, name, spans into the text), in the order given."""
    copied = _mask(folded, ((p.a_start, p.a_end) for p in passages if p.kind == "copy"))
    reworded = _mask(folded, ((p.a_start, p.a_end) for p in passages if p.kind == "paraphrase")) & ~copied
    out = []
    for step_id, name, spans in steps:
        mask = _mask(folded, spans)
        chars = int(mask.sum())
        if not chars:
            continue
        out.append(
            StepRatio(
                step=step_id,
                name=name,
                chars=chars,
                copied_chars=int((mask & copied).sum()),
                copy_ratio=float((mask & copied).sum()) / chars,
                paraphrase_ratio=float((mask & reworded).sum()) / chars,
            )
        )
    return out
