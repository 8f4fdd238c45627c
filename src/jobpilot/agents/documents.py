"""What the copilot reads and what it writes.

The inputs are views of a job, a master resume and a match explanation, taken from the other
domains by the service. The outputs are what a provider (offline or a model) must return; they are
plain pydantic models so that a model's JSON answer is validated against exactly the same schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jobpilot.profiles.resume import ParsedResume, ProfileSkill

Intensity = Literal["light", "medium", "strong"]
Tone = Literal["formal", "warm", "direct"]
LetterLength = Literal["short", "medium", "long"]
ClaimKind = Literal[
    "skill", "employer", "title", "date", "degree", "institution", "certification", "publication"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JobSkillView(_Model):
    concept_id: str
    label: str
    required: bool | None = None
    # The words the posting uses for it, e.g. "Postgres" for PostgreSQL.
    terms: list[str] = Field(default_factory=list)


class JobView(_Model):
    """One canonical job as the copilot sees it: cleaned text and parsed fields."""

    id: str
    title: str
    company: str
    company_domain: str | None = None
    description: str = ""
    occupation: str | None = None
    seniority: str | None = None
    employment_type: str | None = None
    workplace: str | None = None
    locations: list[str] = Field(default_factory=list)
    salary_text: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_interval: str | None = None
    experience_min_years: int | None = None
    experience_max_years: int | None = None
    education: str | None = None
    visa_sponsorship: bool | None = None
    benefits: list[str] = Field(default_factory=list)
    skills: list[JobSkillView] = Field(default_factory=list)
    language: str | None = None
    apply_url: str | None = None
    posted_at: datetime | None = None
    valid_through: datetime | None = None
    first_seen_at: datetime | None = None
    repost_count: int = 0
    source_count: int = 1


class MatchedSkillView(_Model):
    concept_id: str
    label: str
    required: bool | None = None
    # Sentences from the resume that show the skill, and the words the resume uses for it.
    candidate_evidence: list[str] = Field(default_factory=list)
    candidate_terms: list[str] = Field(default_factory=list)
    job_terms: list[str] = Field(default_factory=list)
    years: float | None = None


class GapSkillView(_Model):
    concept_id: str
    label: str
    required: bool | None = None
    related_you_have: list[str] = Field(default_factory=list)


class MatchView(_Model):
    score: float
    summary: str
    matched: list[MatchedSkillView] = Field(default_factory=list)
    gaps: list[GapSkillView] = Field(default_factory=list)


class TailorOptions(_Model):
    intensity: Intensity = "medium"


class LetterOptions(_Model):
    tone: Tone = "warm"
    length: LetterLength = "medium"
    # ISO 639-1; the offline writer knows en, de, fr and es and falls back to en.
    language: str = "en"


class AgentInputs(_Model):
    """Everything one copilot step may use. Text in here is data, never instructions."""

    job: JobView
    resume: ParsedResume
    skills: list[ProfileSkill] = Field(default_factory=list)
    match: MatchView | None = None
    tailor: TailorOptions = Field(default_factory=TailorOptions)
    letter: LetterOptions = Field(default_factory=LetterOptions)
    # The tailored resume when writing the letter, so both tell the same story.
    tailored: TailoredResume | None = None
    now: datetime | None = None


class BriefSkill(_Model):
    label: str
    concept_id: str | None = None
    # The posting's sentence that asks for it.
    evidence: str | None = None


class RedFlag(_Model):
    code: str = Field(description="A short stable identifier, e.g. stale_posting.")
    message: str


class JobBrief(_Model):
    title: str
    company: str
    summary: str
    responsibilities: list[str] = Field(default_factory=list)
    must_have: list[BriefSkill] = Field(default_factory=list)
    nice_to_have: list[BriefSkill] = Field(default_factory=list)
    seniority: str | None = None
    salary: str | None = None
    location: str | None = None
    workplace: str | None = None
    red_flags: list[RedFlag] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)


class TailoredExperience(_Model):
    title: str | None = None
    company: str | None = None
    location: str | None = None
    start: str | None = None
    end: str | None = None
    current: bool = False
    bullets: list[str] = Field(default_factory=list)


class TailoredEducation(_Model):
    degree: str | None = None
    field: str | None = None
    institution: str | None = None
    start: str | None = None
    end: str | None = None
    details: list[str] = Field(default_factory=list)


class TailoredCertification(_Model):
    name: str
    issuer: str | None = None
    date: str | None = None


class TailoredProject(_Model):
    name: str
    description: str | None = None
    url: str | None = None
    bullets: list[str] = Field(default_factory=list)


class TailoredPublication(_Model):
    title: str
    venue: str | None = None
    date: str | None = None
    url: str | None = None


class TailoredResume(_Model):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    links: list[str] = Field(default_factory=list)
    headline: str | None = None
    summary: str | None = None
    experience: list[TailoredExperience] = Field(default_factory=list)
    education: list[TailoredEducation] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    certifications: list[TailoredCertification] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    projects: list[TailoredProject] = Field(default_factory=list)
    publications: list[TailoredPublication] = Field(default_factory=list)
    # What was left out of the master resume and why, so the candidate can put it back.
    removed: list[str] = Field(default_factory=list)


class CoverLetter(_Model):
    recipient: str
    subject: str | None = None
    greeting: str
    paragraphs: list[str] = Field(min_length=1)
    closing: str
    signature: str
    language: str = "en"
    tone: Tone = "warm"
    # The resume passages the letter rests on.
    evidence: list[str] = Field(default_factory=list)


class Claim(_Model):
    """One checkable statement in a generated document, and whether the master resume backs it."""

    kind: ClaimKind
    value: str
    where: str = Field(description="Where in the output, e.g. experience[0].company.")
    traced: bool
    source: str | None = Field(default=None, description="The master resume's passage.")
    confirmed: bool = False


class ClaimsReport(_Model):
    claims: list[Claim] = Field(default_factory=list)

    @property
    def blocking(self) -> list[Claim]:
        """Claims that stop an export: neither traced nor confirmed by the candidate."""
        return [c for c in self.claims if not c.traced and not c.confirmed]


AgentInputs.model_rebuild()
