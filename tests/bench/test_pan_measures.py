"""The PAN measures of bench/pan_measures.py on cases worked out by hand from the definitions
(Potthast et al., COLING 2010)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from pan_measures import (
    Annotation,
    granularity,
    macro_precision,
    macro_recall,
    micro_recall_precision,
    plagdet,
    score,
)

CASE = Annotation("p1", 100, 200, 1000, 1100)  # 100 + 100 characters


def test_exact_detection_is_perfect() -> None:
    s = score([CASE], [CASE])
    assert (s.recall, s.precision, s.granularity, s.plagdet) == (1.0, 1.0, 1.0, 1.0)


def test_half_detected_case() -> None:
    det = Annotation("p1", 150, 200, 1050, 1100)
    assert macro_recall([CASE], [det]) == pytest.approx(0.5)
    assert macro_precision([CASE], [det]) == pytest.approx(1.0)


def test_detection_must_overlap_in_both_documents() -> None:
    wrong_source = Annotation("p1", 100, 200, 5000, 5100)
    other_pair = Annotation("p2", 100, 200, 1000, 1100)
    assert macro_recall([CASE], [wrong_source]) == 0.0
    assert macro_recall([CASE], [other_pair]) == 0.0
    assert macro_precision([CASE], [wrong_source]) == 0.0


def test_fragments_count_in_granularity_and_plagdet() -> None:
    pieces = [Annotation("p1", 100 + 25 * i, 125 + 25 * i, 1000 + 25 * i, 1025 + 25 * i) for i in range(4)]
    s = score([CASE], pieces)
    assert s.recall == pytest.approx(1.0) and s.precision == pytest.approx(1.0)
    assert s.granularity == 4
    assert s.plagdet == pytest.approx(1 / math.log2(5))


def test_overlapping_detections_count_characters_once() -> None:
    dets = [Annotation("p1", 100, 180, 1000, 1080), Annotation("p1", 120, 200, 1020, 1100)]
    assert macro_recall([CASE], dets) == pytest.approx(1.0)
    assert granularity([CASE], dets) == 2


def test_precision_is_averaged_over_detections() -> None:
    good = CASE
    half = Annotation("p1", 150, 250, 1050, 1150)  # half of it inside the case
    stray = Annotation("p2", 0, 50, 0, 50)  # a detection on a pair without plagiarism
    assert macro_precision([CASE], [good, half, stray]) == pytest.approx((1 + 0.5 + 0) / 3)


def test_undetected_case_lowers_recall_not_granularity() -> None:
    other = Annotation("p3", 0, 100, 0, 100)
    assert macro_recall([CASE, other], [CASE]) == pytest.approx(0.5)
    assert granularity([CASE, other], [CASE]) == 1


def test_micro_averages_count_characters() -> None:
    small = Annotation("p4", 0, 10, 0, 10)  # 20 characters, undetected
    rec, prec = micro_recall_precision([CASE, small], [CASE])
    assert rec == pytest.approx(200 / 220)
    assert prec == pytest.approx(1.0)


def test_empty_sets() -> None:
    assert macro_recall([], []) == 1.0
    assert macro_recall([CASE], []) == 0.0
    assert macro_precision([], [CASE]) == 0.0
    assert plagdet(0.0, 0.0, 1.0) == 0.0
    assert granularity([CASE], []) == 1.0
