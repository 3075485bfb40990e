"""The YAML word lists of `nlp/lexicon/`, each read once per process (the C loader)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    """`nlp/lexicon/<name>` as a mapping; callers share the cached object and must not change it."""
    text = resources.files("nlp").joinpath(f"lexicon/{name}").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=yaml.CSafeLoader)
    return data
