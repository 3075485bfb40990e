"""The step lexicon (`nlp/lexicon/steps.yaml`): step ids and their canonical order, the sequences of
each project type, names, heading aliases, content cues, must-contain items, the structure-confidence
threshold and the step order the rules hold a project to."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON = Path(__file__).parent / "lexicon"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    with (LEXICON / "steps.yaml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.load(f, Loader=yaml.CSafeLoader)
    return data


def step_order() -> list[str]:
    return list(lexicon()["order"])


def shared_page_cue_steps() -> frozenset[str]:
    """Steps whose `absence_cues` count on the first page of the step found after them too (steps.yaml)."""
    return frozenset(lexicon().get("absence_cues_shared_page") or [])


def sequence(project_type: str, target_kind: str | None) -> list[str]:
    seqs = lexicon()["sequences"]
    if project_type == "innovative":
        return list(seqs["innovative"])
    if target_kind == "directive":
        return list(seqs["problem_solving/directive"])
    return list(seqs["problem_solving/self_set"])


def step_name(step_id: str, project_type: str = "problem_solving") -> str:
    names = lexicon()["names"][step_id]
    return str(names.get(project_type, names["default"]))


def step_names(project_type: str = "problem_solving") -> dict[str, str]:
    """Every step id (in the lexicon's order) with its name for the project type."""
    return {sid: step_name(sid, project_type) for sid in lexicon()["names"]}
