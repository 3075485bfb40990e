"""Which rubrics exist (the YAML files of nlp/rubrics/), without loading any of them.

Kept apart from `nlp.rubric` (pydantic models, YAML, the rule registry) so the command line can list the
rubric ids in its help without importing the checker (`qcscreen --help` start-up, issue 16)."""

from __future__ import annotations

from pathlib import Path

RUBRIC_DIR = Path(__file__).parent / "rubrics"


def available() -> list[str]:
    return sorted(p.stem for p in RUBRIC_DIR.glob("*.yaml"))
