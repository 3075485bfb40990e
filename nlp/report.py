"""CheckReport: the `check --json` schema 1 object (spec/interfaces.md) plus extra fields."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from .findings import Finding


class StepReport(BaseModel):
    id: str
    name: str
    present: bool
    complete: bool
    pages: list[int] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)  # must-contain items the step lacks
    heading: str | None = None  # the heading or slide title the step was found by
    expected: bool = True  # part of the project type's sequence


class CheckReport(BaseModel):
    schema_: int = Field(default=1, alias="schema")
    file: str
    title: str = ""
    project_type: str  # problem_solving | innovative | unknown
    target_kind: str | None = None
    type_evidence: list[str] = Field(default_factory=list)
    declared_type: str | None = None
    steps: list[StepReport] = Field(default_factory=list)
    fivew1h: dict[str, Any] | None = None
    tools: list[dict[str, Any]] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    score: dict[str, Any] = Field(default_factory=dict)
    verdict: str = "参评"
    verdict_reasons: list[str] = Field(default_factory=list)
    form: dict[str, Any] | None = None
    coverage: list[dict[str, Any]] = Field(default_factory=list)  # reading problems from doc.issues
    numbers: dict[str, Any] | None = None

    model_config = {"populate_by_name": True}

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": self.schema_,
            "file": self.file,
            "title": self.title,
            "project_type": self.project_type,
            "target_kind": self.target_kind,
            "declared_type": self.declared_type,
            "type_evidence": self.type_evidence,
            "steps": [
                {
                    "id": s.id,
                    "name": s.name,
                    "present": s.present,
                    "complete": s.complete,
                    "pages": s.pages,
                    "missing": s.missing,
                    "heading": s.heading,
                    "expected": s.expected,
                }
                for s in self.steps
            ],
            "fivew1h": self.fivew1h
            if self.fivew1h is not None
            else {"found": False, "pages": [], "columns": {}, "rows": 0, "incomplete_rows": []},
            "tools": self.tools,
            "findings": [
                {
                    "rule": f.rule,
                    "severity": f.severity.value,
                    "message": f.message,
                    "pages": f.pages,
                    "step": f.step,
                    "item": f.item,
                    "evidence": f.evidence,
                }
                for f in self.findings
            ],
            "score": self.score,
            "verdict": self.verdict,
            "verdict_reasons": self.verdict_reasons,
            "form": self.form,
            "coverage": self.coverage,
            "numbers": self.numbers,
        }
