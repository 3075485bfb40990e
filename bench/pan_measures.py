"""The PAN text-alignment measures (Potthast, Stein, Barrón-Cedeño, Rosso: "An Evaluation Framework
for Plagiarism Detection", COLING 2010; used unchanged in PAN 2010–2015), written from their
definitions.

A case (truth) and a detection are both an `Annotation`: a pair reference plus a character range in
the suspicious document and one in the source document. A detection *detects* a case when both
belong to the same document pair and their ranges overlap in the suspicious document and in the
source document.

- macro recall: the mean over cases of |case ∩ ⋃ detections that detect it| / |case|, characters of
  both documents counted (|s| = suspicious length + source length);
- macro precision: the same with the roles swapped (mean over detections);
- micro recall / precision: the same ratios over all characters at once;
- granularity: the mean number of detections per detected case (1 when nothing is detected);
- plagdet = F1(precision, recall) / log2(1 + granularity).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple


class Annotation(NamedTuple):
    pair: str  # the document pair (case file) the annotation belongs to
    susp_start: int
    susp_end: int
    src_start: int
    src_end: int

    @property
    def size(self) -> int:
        return (self.susp_end - self.susp_start) + (self.src_end - self.src_start)


def detects(a: Annotation, b: Annotation) -> bool:
    """True when `a` and `b` belong to the same pair and overlap in both documents."""
    return (
        a.pair == b.pair
        and a.susp_start < b.susp_end
        and b.susp_start < a.susp_end
        and a.src_start < b.src_end
        and b.src_start < a.src_end
    )


def covered_chars(lo: int, hi: int, ranges: Iterable[tuple[int, int]]) -> int:
    """How many characters of [lo, hi) the union of `ranges` covers."""
    clipped = sorted((max(lo, a), min(hi, b)) for a, b in ranges if a < hi and b > lo)
    total, end = 0, lo
    for a, b in clipped:
        a = max(a, end)
        if b > a:
            total += b - a
            end = b
    return total


def _by_pair(anns: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    index: dict[str, list[Annotation]] = defaultdict(list)
    for ann in anns:
        index[ann.pair].append(ann)
    return index


def covered_share(ann: Annotation, others: Sequence[Annotation]) -> float:
    """Share of `ann`'s characters (both documents) covered by the `others` that overlap it."""
    hits = [o for o in others if detects(ann, o)]
    if not hits or ann.size == 0:
        return 0.0
    n = covered_chars(ann.susp_start, ann.susp_end, [(o.susp_start, o.susp_end) for o in hits])
    n += covered_chars(ann.src_start, ann.src_end, [(o.src_start, o.src_end) for o in hits])
    return n / ann.size


def macro_recall(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    if not cases and not detections:
        return 1.0
    if not cases or not detections:
        return 0.0
    index = _by_pair(detections)
    return sum(covered_share(c, index.get(c.pair, [])) for c in cases) / len(cases)


def macro_precision(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    return macro_recall(detections, cases)


def _union_chars(anns: Iterable[Annotation]) -> int:
    total = 0
    for group in _by_pair(anns).values():
        total += covered_chars(0, max(a.susp_end for a in group), [(a.susp_start, a.susp_end) for a in group])
        total += covered_chars(0, max(a.src_end for a in group), [(a.src_start, a.src_end) for a in group])
    return total


def _intersections(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> list[Annotation]:
    """For every (case, detection) that detects it, the part of the detection inside the case."""
    index = _by_pair(detections)
    out = []
    for c in cases:
        for d in index.get(c.pair, []):
            if detects(c, d):
                out.append(
                    Annotation(
                        c.pair,
                        max(c.susp_start, d.susp_start),
                        min(c.susp_end, d.susp_end),
                        max(c.src_start, d.src_start),
                        min(c.src_end, d.src_end),
                    )
                )
    return out


def micro_recall_precision(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> tuple[float, float]:
    if not cases and not detections:
        return 1.0, 1.0
    if not cases or not detections:
        return 0.0, 0.0
    hit = _union_chars(_intersections(cases, detections))
    return hit / _union_chars(cases), hit / _union_chars(detections)


def granularity(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    index = _by_pair(detections)
    counts = [sum(1 for d in index.get(c.pair, []) if detects(c, d)) for c in cases]
    detected = [n for n in counts if n > 0]
    return sum(detected) / len(detected) if detected else 1.0


def plagdet(recall: float, precision: float, gran: float) -> float:
    if (recall == 0 and precision == 0) or recall < 0 or precision < 0 or gran < 1:
        return 0.0
    f1 = 2 * recall * precision / (recall + precision)
    return f1 / math.log2(1 + gran)


class Scores(NamedTuple):
    cases: int
    detections: int
    recall: float
    precision: float
    granularity: float
    plagdet: float
    micro_recall: float
    micro_precision: float


def score(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> Scores:
    rec = macro_recall(cases, detections)
    prec = macro_precision(cases, detections)
    gran = granularity(cases, detections)
    mrec, mprec = micro_recall_precision(cases, detections)
    return Scores(len(cases), len(detections), rec, prec, gran, plagdet(rec, prec, gran), mrec, mprec)
