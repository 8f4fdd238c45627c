"""API shapes of the profiles domain: preferences, the profile, resumes and their versions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from jobpilot.jobs.signals import EmploymentType, Seniority
from jobpilot.profiles.resume import (
    Certification,
    Contact,
    DerivedFacts,
    Education,
    Experience,
    Language,
    ParsedResume,
    Project,
    Publication,
)

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
RemotePreference = Literal["remote", "hybrid", "on_site", "any"]
CompanySize = Literal["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5001+"]
SalaryInterval = Literal["hour", "day", "week", "month", "year"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlaceOut(BaseModel):
    city: str | None = None
    region: str | None = None
    country: str | None = None


class LocationPreference(_Strict):
    """A place the candidate would work in, as they wrote it, with how far they would commute."""

    name: ShortText
    max_distance_km: int | None = Field(None, ge=0, le=1000)
    resolved: PlaceOut | None = Field(
        None, description="The place jobpilot read from the name (filled in by the server)."
    )


class SalaryFloor(_Strict):
    amount: float = Field(gt=0, le=100_000_000)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    interval: SalaryInterval = "year"


class Preferences(_Strict):
    """What the candidate is looking for; every field optional, nothing assumed."""

    desired_titles: list[ShortText] = Field(default_factory=list, max_length=20)
    desired_occupations: list[ShortText] = Field(
        default_factory=list,
        max_length=20,
        description="Occupation concept ids or names; names are resolved to concept ids.",
    )
    locations: list[LocationPreference] = Field(default_factory=list, max_length=20)
    willing_to_relocate: bool = False
    remote: RemotePreference = "any"
    min_salary: SalaryFloor | None = None
    seniority: list[Seniority] = Field(default_factory=list)
    employment_types: list[EmploymentType] = Field(default_factory=list)
    industries: list[ShortText] = Field(default_factory=list, max_length=30)
    company_sizes: list[CompanySize] = Field(default_factory=list)
    company_blocklist: list[ShortText] = Field(default_factory=list, max_length=200)
    title_blocklist: list[ShortText] = Field(default_factory=list, max_length=200)
    visa_sponsorship_needed: bool = False
    discoverable: bool = Field(
        False, description="Whether recruiters may find this profile (off unless turned on)."
    )
    alert_threshold: int = Field(
        75, ge=0, le=100, description="Notify about new jobs scoring at least this (0 to 100)."
    )
    goals: str | None = Field(None, max_length=4000)


class ProfilePatch(_Strict):
    """Hand edits: each field given replaces the parser's value and survives re-imports.

    ``contact`` edits merge field by field. ``reset`` lists fields whose edits to drop, so that
    the parser's value shows again. ``excluded_skills`` hides derived skills (concept ids or
    names) that the candidate does not want on their profile.
    """

    contact: Contact | None = None
    headline: str | None = Field(None, max_length=300)
    summary: str | None = Field(None, max_length=10_000)
    experience: list[Experience] | None = Field(None, max_length=100)
    education: list[Education] | None = Field(None, max_length=50)
    skills: list[ShortText] | None = Field(None, max_length=500)
    certifications: list[Certification] | None = Field(None, max_length=100)
    languages: list[Language] | None = Field(None, max_length=50)
    projects: list[Project] | None = Field(None, max_length=100)
    publications: list[Publication] | None = Field(None, max_length=200)
    excluded_skills: list[ShortText] | None = Field(None, max_length=500)
    reset: list[str] = Field(default_factory=list, max_length=20)


class ProfileOut(BaseModel):
    user_id: uuid.UUID
    master_resume_id: uuid.UUID | None
    resume: ParsedResume
    facts: DerivedFacts
    overridden: list[str] = Field(description="Fields edited by hand (they win over the parser).")
    excluded_skills: list[str]
    preferences: Preferences
    embedder: str | None
    updated_at: datetime


class ResumeVersionOut(BaseModel):
    version: int
    filename: str | None
    content_type: str
    format: str
    size: int
    pages: int
    sha256: str
    created_at: datetime


class ResumeOut(BaseModel):
    id: uuid.UUID
    name: str
    kind: str
    is_master: bool
    parent_id: uuid.UUID | None
    current_version: int
    created_at: datetime
    updated_at: datetime


class ResumeDetailOut(ResumeOut):
    versions: list[ResumeVersionOut]
    parsed: ParsedResume
    facts: DerivedFacts


class ResumeImportOut(BaseModel):
    """What an upload returns: the resume, the version made, and what it parsed to."""

    resume: ResumeOut
    version: ResumeVersionOut
    parsed: ParsedResume
    facts: DerivedFacts
    profile: ProfileOut | None = Field(
        description="The profile rebuilt from the master resume (null for other resumes)."
    )
