"""bench/benchlib.planted_rules, the generator's planted truth as bench/check.py and bench/check_variants.py
score it: a finding the generator marks as the consequence of another (K3 after K1) is allowed, and
required only when the finding it follows from is not reported."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from benchlib import planted_rules

SUB = {
    "planted_findings": [
        {"rule": "K1", "step": "main_causes"},
        {"rule": "K3", "step": "main_causes", "consequence_of": "K1"},
        {"rule": "X2", "step": "current_state"},
    ]
}


def test_a_consequence_is_not_required_once_its_cause_is_reported() -> None:
    assert planted_rules(SUB, {"K1", "X2"}) == ({"K1", "X2"}, {"K1", "K3", "X2"})


def test_a_consequence_is_required_when_its_cause_is_not_reported() -> None:
    required, allowed = planted_rules(SUB, {"X2"})
    assert required == {"K1", "K3", "X2"} and allowed == {"K1", "K3", "X2"}
