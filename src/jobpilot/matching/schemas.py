"""API shapes of matching: ranked jobs with their explanations, and feedback."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jobpilot.matching.explain import Explanation
from jobpilot.matching.scoring import MatchedSkill, MissingSkill


class FactorOut(BaseModel):
    name: str
    score: float
    weight: float
    points: float
    known: bool
    reasons: list[str]


class MatchedSkillOut(BaseModel):
    id: str
    label: str
    required: bool | None
    credit: float
    candidate_evidence: list[str]
    job_evidence: list[str]


class GapSkillOut(BaseModel):
    id: str
    label: str
    required: bool | None
    related_you_have: list[str] = Field(description="Your skills closest to this one.")


class MatchJobOut(BaseModel):
    id: uuid.UUID
    title: str
    company: str
    workplace: str | None
    locations: list[str]
    seniority: str | None
    employment_type: str | None
    posted_at: datetime | None
    apply_url: str | None


class MatchOut(BaseModel):
    job: MatchJobOut
    score: float = Field(description="0 to 100")
    summary: str
    factors: list[FactorOut]
    matched_skills: list[MatchedSkillOut]
    skill_gap: list[GapSkillOut]
    duplicates: list[uuid.UUID] = Field(
        default_factory=list, description="Near-duplicate postings folded into this result."
    )


class MatchPage(BaseModel):
    items: list[MatchOut]
    next_cursor: str | None
    total: int = Field(description="How many jobs the ranking holds for these filters.")


class MatchDetailOut(MatchOut):
    passes_filters: bool
    filtered_because: str | None


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["view", "save", "unsave", "dismiss", "undismiss", "apply"]


def _matched(skill: MatchedSkill) -> MatchedSkillOut:
    return MatchedSkillOut(
        id=skill.skill.id,
        label=skill.skill.label,
        required=skill.skill.required,
        credit=round(skill.credit, 3),
        candidate_evidence=list(skill.candidate_evidence),
        job_evidence=list(skill.job_evidence),
    )


def _gap(skill: MissingSkill) -> GapSkillOut:
    return GapSkillOut(
        id=skill.skill.id,
        label=skill.skill.label,
        required=skill.skill.required,
        related_you_have=[related.label for related in skill.related],
    )


def explanation_parts(
    explanation: Explanation,
) -> tuple[list[FactorOut], list[MatchedSkillOut], list[GapSkillOut]]:
    factors = [
        FactorOut(
            name=f.name,
            score=round(f.score, 3),
            weight=round(f.weight, 3),
            points=f.points,
            known=f.known,
            reasons=list(f.reasons),
        )
        for f in explanation.factors
    ]
    return (
        factors,
        [_matched(s) for s in explanation.matched_skills],
        [_gap(s) for s in explanation.skill_gap],
    )
