"""The quantities of one problem-solving project, drawn once so a renamed copy can reuse them."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .topics_ps import PSTopic

_REQ_NUM = re.compile(r"(\d+(?:\.\d+)?)")


def requirement_value(topic: PSTopic) -> float:
    nums = _REQ_NUM.findall(topic.requirement)
    return float(nums[-1])


def split_counts(rng: random.Random, total: int, n: int, head_share: float) -> list[int]:
    """Counts for n Pareto categories: the first holds head_share, the named ones descend, the last
    ("其他") is the smallest. Sums exactly to total."""
    head = round(total * head_share)
    rest = total - head
    weights = sorted((rng.uniform(0.5, 1.0) * (0.62**i) for i in range(n - 1)), reverse=True)
    weights[-1] = min(weights[-1], weights[-2] * 0.7) if n > 2 else weights[-1]
    s = sum(weights)
    counts = [max(1, int(rest * w / s)) for w in weights]
    counts[0] += rest - sum(counts)
    out = [head, *counts]
    # keep the named categories descending and "其他" last and not larger than the smallest named one
    named = sorted(out[:-1], reverse=True)
    other = out[-1]
    if n > 2 and other > named[-1]:
        named[-1], other = other, named[-1]
        named = sorted(named, reverse=True)
    return [*named, other]


@dataclass
class PSNumbers:
    sample: int  # units inspected in the current-state survey (events for value metrics)
    counts: list[int]  # Pareto counts (same order as topic.defects)
    baseline: float  # metric value before
    target: float
    head_share: float
    solve: float  # 预计解决程度
    achieved: float
    sample_after: int
    counts_after: list[int]
    ref_level: float  # value metrics: the level used in the target formula
    unit_loss: float  # yuan per defective unit / per event
    investment: float  # 万元
    months: list[int]  # month of each step (1..12)
    cons_months: list[int]
    cons_values: list[float]
    missed: bool = False


def draw_numbers(topic: PSTopic, rng: random.Random, *, directive: bool, missed: bool = False) -> PSNumbers:
    req = requirement_value(topic)
    n = len(topic.defects)
    head_share = rng.uniform(0.56, 0.74)
    solve = rng.choice((0.8, 0.8, 0.85, 0.85, 0.9))
    lower = topic.verb in ("降低", "缩短")
    if topic.is_value:
        target = req if directive else (req * rng.uniform(0.9, 0.97) if lower else req * 1.02)
        baseline = topic.value_base
        ref = baseline - (baseline - target) / (head_share * solve)
        events = rng.randrange(60, 240)
        sample = events
    else:
        if topic.verb == "提高":
            t_def = 100 - req
            if not directive:
                t_def *= rng.uniform(0.85, 0.95)
            d0 = t_def / (1 - head_share * solve)
            baseline = 100 - d0
            target = 100 - t_def
            rate = d0
        else:
            target = req if directive else req * rng.uniform(0.85, 0.95)
            baseline = target / (1 - head_share * solve)
            rate = baseline
        defects = rng.randrange(160, 520)
        sample = round(defects / (rate / 100))
        events = defects
        ref = 0.0
    # recompute so the text is exact: baseline from counts for rate metrics
    counts = split_counts(rng, events, n, head_share)
    head_share = counts[0] / events
    if not topic.is_value:
        rate = events / sample * 100
        if topic.verb == "提高":
            baseline = 100 - rate
            target = 100 - rate * (1 - head_share * solve)
            if directive:
                target = req
        else:
            baseline = rate
            target = rate * (1 - head_share * solve)
            if directive:
                target = req
    nd = _nd(target)
    target = round(target, nd)
    baseline = round(baseline, nd)
    # after the countermeasures
    if missed:
        frac = rng.uniform(0.55, 0.8)  # only part of the way
    else:
        frac = rng.uniform(1.08, 1.35)
    if topic.is_value:
        achieved = baseline - (baseline - target) * frac
    elif topic.verb == "提高":
        achieved = baseline + (target - baseline) * frac
        achieved = min(achieved, 99.99)
    else:
        achieved = baseline - (baseline - target) * frac
    achieved = round(achieved, nd)
    sample_after = round(sample * rng.uniform(0.85, 1.15))
    if topic.is_value:
        ev_after = max(n + 2, round(events * rng.uniform(0.2, 0.35)))
    else:
        bad_after = (100 - achieved) if topic.verb == "提高" else achieved
        ev_after = max(n + 2, round(sample_after * bad_after / 100))
        # make the rate exact for the text
        achieved_exact = ev_after / sample_after * 100
        achieved = round(100 - achieved_exact, nd) if topic.verb == "提高" else round(achieved_exact, nd)
    head_after = max(1, round(counts[0] * rng.uniform(0.08, 0.2) * ev_after / max(1, events) * 3))
    head_after = min(head_after, ev_after // 3)
    rest = ev_after - head_after
    others = split_counts(rng, rest, n - 1, rng.uniform(0.35, 0.5)) if n > 2 else [rest]
    counts_after = [head_after, *others]
    start = rng.choice((2, 3, 3, 4))
    months = [min(12, start + i // 2 + (1 if i >= 6 else 0)) for i in range(11)]
    cons_months = [min(12, months[-1] + 1 + i) for i in range(3)]
    if cons_months[-1] == 12:
        cons_months = [10, 11, 12]
    cons_values = []
    for _ in cons_months:
        v = achieved + (target - achieved) * rng.uniform(-0.3, 0.6)
        if not topic.is_value and topic.verb == "提高":
            v = min(99.99, v)
        cons_values.append(round(v, nd))
    return PSNumbers(
        sample=sample,
        counts=counts,
        baseline=baseline,
        target=target,
        head_share=head_share,
        solve=solve,
        achieved=achieved,
        sample_after=sample_after,
        counts_after=counts_after,
        ref_level=round(ref, _nd(ref)) if topic.is_value else 0.0,
        unit_loss=float(rng.choice((35, 48, 60, 85, 120, 150, 220, 380, 560))),
        investment=round(rng.uniform(1.2, 9.8), 1),
        months=months,
        cons_months=cons_months,
        cons_values=cons_values,
        missed=missed,
    )


def _nd(x: float) -> int:
    ax = abs(x)
    if ax >= 100:
        return 0 if ax >= 1000 else 1
    if ax >= 10:
        return 1
    if ax >= 1:
        return 2
    return 3
