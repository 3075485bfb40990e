"""The recommender's view of a similarity report: that a passage matches "2021 年某企业项目" and how
much, never the other company's text, name, project title or file. Enforced on the server for every
API answer and page a recommender receives."""

from __future__ import annotations

import copy
from typing import Any

HIDDEN_SOURCE_FIELDS = ("company", "title", "file", "award", "submission", "credit_code")


def _redact_source(src: dict[str, Any] | None, aliases: dict[str, str]) -> dict[str, Any] | None:
    if not src:
        return src
    out = dict(src)
    key = str(src.get("project_id"))
    aliases.setdefault(key, f"来源{len(aliases) + 1}")
    out["project_id"] = aliases[key]
    for f in HIDDEN_SOURCE_FIELDS:
        if f in out:
            out[f] = None
    year = src.get("year")
    out["label"] = f"{year} 年某企业项目" if year else ("本批次其他申报项目" if src.get("batch") else "某企业项目")
    return out


def redact_similarity(sim: dict[str, Any] | None) -> dict[str, Any] | None:
    if sim is None:
        return None
    sim = copy.deepcopy(sim)
    aliases: dict[str, str] = {}
    for sm in sim.get("sources", []):
        sm["source"] = _redact_source(sm.get("source"), aliases)
        for p in sm.get("passages", []):
            p["b_text"] = None
    sim["max_source"] = _redact_source(sim.get("max_source"), aliases)
    for n in sim.get("near_duplicates", []):
        n["source"] = _redact_source(n.get("source"), aliases)
        n["reasons"] = ["与该项目整体高度相似（详细依据仅向评审人员展示）"]
    for e in sim.get("eligibility", []):
        e["source"] = _redact_source(e.get("source"), aliases)
        label = (e["source"] or {}).get("label", "某企业项目")
        e["message"] = f"与{label}可能为同一项目重复申报，请核实（详细信息仅向评审人员展示）。"
    sim["redacted"] = True
    return sim


def redact_result(result: dict[str, Any]) -> dict[str, Any]:
    """A draft result (check + similarity) as a recommender may see it."""
    out = dict(result)
    out["similarity"] = redact_similarity(result.get("similarity"))
    return out
