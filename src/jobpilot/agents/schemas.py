"""Request and response bodies of the copilot's REST endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from jobpilot.agents.documents import (
    Claim,
    ClaimKind,
    CoverLetter,
    Intensity,
    JobBrief,
    LetterLength,
    TailoredResume,
    Tone,
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UsageOut(BaseModel):
    calls: int
    input_tokens: int
    output_tokens: int
    cost_usd: float = Field(description="Estimated from the price table in settings.")


class BriefOut(BaseModel):
    job_id: uuid.UUID
    provider: str
    model: str
    brief: JobBrief
    usage: UsageOut


class RunIn(_Strict):
    job_id: uuid.UUID
    resume_id: uuid.UUID | None = Field(
        default=None, description="The resume to tailor; the master resume when left out."
    )
    intensity: Intensity = "medium"
    tone: Tone = "warm"
    length: LetterLength = "medium"
    language: str = Field(
        default="en", pattern=r"^[a-z]{2}$", description="ISO 639-1 code of the letter's language."
    )


class StepOut(BaseModel):
    name: str
    status: str = Field(
        description="pending, queued, running, retrying, succeeded, failed or waiting (review)"
    )
    options: dict[str, Any]
    attempts: int
    error: str | None
    queued_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    duration_ms: float | None
    usage: UsageOut
    output: dict[str, Any] | None


class ClaimsOut(BaseModel):
    resume: list[Claim] | None = Field(description="Every claim of the tailored resume.")
    letter: list[Claim] | None = Field(description="Every claim of the letter.")
    blocking: list[Claim] = Field(description="Claims neither traced nor confirmed: they block.")


class RunOut(BaseModel):
    id: uuid.UUID
    job_id: uuid.UUID
    resume_id: uuid.UUID
    resume_version: int
    status: str = Field(description="running, review, ready or failed")
    provider: str
    model: str
    options: dict[str, Any]
    error: str | None
    review_note: str | None
    created_at: datetime
    approved_at: datetime | None
    finished_at: datetime | None
    steps: list[StepOut]
    claims: ClaimsOut
    usage: UsageOut


class ConfirmationIn(_Strict):
    kind: ClaimKind
    value: str = Field(min_length=1, max_length=300)
    evidence: str = Field(
        min_length=3, max_length=2000, description="Where this is true: the candidate's words."
    )


class ReviewIn(_Strict):
    approve: bool = Field(default=False, description="Mark the run ready to apply.")
    resume: TailoredResume | None = Field(default=None, description="An edited tailored resume.")
    letter: CoverLetter | None = Field(default=None, description="An edited letter.")
    confirmations: list[ConfirmationIn] = Field(default_factory=list, max_length=100)
    note: str | None = Field(default=None, max_length=4000)


class RerunIn(_Strict):
    intensity: Intensity | None = None
    tone: Tone | None = None
    length: LetterLength | None = None
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
