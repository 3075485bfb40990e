"""A finding: one rule of spec/domain.md b.3 (K1, P2, …) that a submission breaks, with evidence pages,
the quoted evidence and the 修改建议."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    fatal = "fatal"
    major = "major"
    minor = "minor"
    info = "info"


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str  # rule id from spec/domain.md b.3 or a rubric (e.g. "K1", "P2", "F-CODE")
    severity: Severity
    message: str  # Simplified Chinese, says what is wrong and where
    pages: list[int] = Field(default_factory=list)  # 1-based slides/pages (paragraph index for DOCX/TXT)
    step: str | None = None  # step id (spec/interfaces.md) the finding belongs to
    item: str | None = None  # score item it deducts from (filled by the rubric engine)
    evidence: str | None = None  # a short quote from the document
    advice: str | None = None  # 修改建议: one line saying how to fix it (from the rule)
    file: str | None = None  # the document the pages refer to, when a submission has several


class Review(BaseModel):
    """A check that could not be confirmed: it would conclude from an absence, but the text where the
    thing would be was not read with confidence (mostly OCR fragments, pictures left unread), or its
    evidence is indirect (an absence in a step that was read, arithmetic on a base that may differ, a
    structure not recognised: docs/rules.md). Not a finding: sent to 人工复核 with the reason
    (`verdict_reasons`), never a defect on a guess."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity  # what the finding would have been
    message: str  # what the check would have said, Simplified Chinese
    reason: str  # why the reading does not bear it, Simplified Chinese
    pages: list[int] = Field(default_factory=list)
    step: str | None = None
    file: str | None = None
