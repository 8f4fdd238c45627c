"""API shapes of matching: ranked jobs with their explanations, feedback, experiments."""

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
    variant: str | None = Field(
        default=None, description="Your variant in the running ranking experiment, if any."
    )


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


class ExperimentVariantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    traffic: float = Field(ge=0, allow_inf_nan=False, description="Share of users, relative.")
    weights: dict[str, float] | None = Field(
        default=None,
        description="Factor weights this variant overrides (skills, location, experience, "
        "salary, culture, growth, recency); null keeps the defaults.",
    )


class ExperimentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    variants: list[ExperimentVariantIn] = Field(
        min_length=2, max_length=20, description="The first variant is the control."
    )
    outcome: Literal["save", "apply"] = Field(
        default="apply", description="The feedback that counts as a conversion."
    )


class ExperimentVariantOut(BaseModel):
    name: str
    traffic: float
    weights: dict[str, float] | None


class ExperimentOut(BaseModel):
    id: uuid.UUID
    name: str
    description: str | None
    status: str = Field(description="draft, running or stopped")
    outcome: str
    variants: list[ExperimentVariantOut]
    created_at: datetime
    started_at: datetime | None
    stopped_at: datetime | None


class ComparisonOut(BaseModel):
    z: float
    p_value: float
    significant: bool = Field(description="p-value below 0.05")
    difference: float = Field(description="This variant's rate minus the control's.")
    difference_interval: tuple[float, float] = Field(description="95 % interval")


class VariantResultOut(BaseModel):
    name: str
    is_control: bool
    exposures: int = Field(description="Distinct users served this variant.")
    conversions: int = Field(description="Distinct exposed users who gave the outcome.")
    rate: float | None
    interval: tuple[float, float] | None = Field(description="95 % Wilson interval of the rate")
    versus_control: ComparisonOut | None = Field(
        description="Two-proportion z-test against the control (not for the control itself)."
    )


class ExperimentResultsOut(BaseModel):
    experiment: ExperimentOut
    variants: list[VariantResultOut]


class WeightsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    overrides: dict[str, float] = Field(
        default_factory=dict,
        max_length=7,
        description="Factor name → relative weight (skills, location, experience, salary, "
        "culture, growth, recency).",
    )


class WeightsOut(BaseModel):
    weights: dict[str, float] = Field(description="The normalised weights in use now.")
    overrides: dict[str, float]
    variant: str | None


class CandidateSkillOut(BaseModel):
    id: str
    label: str
    years: float | None


class CandidateMatchedSkillOut(BaseModel):
    id: str
    label: str
    required: bool | None
    credit: float
    years: float | None = Field(description="The candidate's years with this skill, if known.")


class CandidateGapSkillOut(BaseModel):
    id: str
    label: str
    required: bool | None
    related_skills: list[str] = Field(description="The candidate's skills closest to this one.")


class CandidateMatchOut(BaseModel):
    """A candidate for a job without contact details: no name, email, phone or links."""

    candidate_id: uuid.UUID = Field(description="The candidate's user id.")
    headline: str | None
    current_title: str | None
    seniority: str | None
    total_years: float | None
    city: str | None
    country: str | None
    top_skills: list[CandidateSkillOut] = Field(description="Most years first.")
    score: float = Field(description="0 to 100")
    progress_probability: float = Field(
        description="Estimated chance to progress to interview: 1 / (1 + exp(-(score - 60) / 8)),"
        " an uncalibrated prior until application outcomes exist to fit it."
    )
    summary: str
    factors: list[FactorOut]
    matched_skills: list[CandidateMatchedSkillOut]
    skill_gap: list[CandidateGapSkillOut]


class CandidateMatchPage(BaseModel):
    items: list[CandidateMatchOut]
    next_cursor: str | None
    total: int = Field(description="How many candidates the ranking holds for this job.")
