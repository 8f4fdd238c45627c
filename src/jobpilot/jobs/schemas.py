"""API shapes of the jobs domain."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from jobpilot.jobs.signals import EmploymentType, Seniority
from jobpilot.jobs.workplace import Workplace

JobSort = Literal["posted", "relevance", "salary"]


class LocationOut(BaseModel):
    city: str | None = None
    region: str | None = None
    country: str | None = None


class SalaryOut(BaseModel):
    minimum: float | None
    maximum: float | None
    currency: str | None
    interval: str | None
    annual_min_reference: float | None
    annual_max_reference: float | None
    reference_currency: str
    text: str | None


class JobSkillOut(BaseModel):
    id: str
    label: str
    required: bool | None


class JobSummary(BaseModel):
    id: uuid.UUID
    title: str
    company: str
    company_domain: str | None
    status: str
    occupation_id: str | None
    occupation: str | None
    seniority: str | None
    employment_type: str | None
    workplace: str | None
    locations: list[LocationOut]
    salary: SalaryOut | None
    skills: list[JobSkillOut]
    posted_at: datetime | None
    valid_through: datetime | None
    apply_url: str | None
    org_id: uuid.UUID | None
    repost_count: int


class PostingOut(BaseModel):
    id: uuid.UUID
    source: str
    source_key: str
    external_id: str
    url: str | None
    apply_url: str | None
    status: str
    is_repost: bool
    first_seen_at: datetime
    last_seen_at: datetime
    gone_at: datetime | None
    parsed: dict[str, Any]


class JobDetailOut(JobSummary):
    description: str
    experience_min_years: int | None
    experience_max_years: int | None
    education: str | None
    visa_sponsorship: bool | None
    benefits: list[str]
    language: str | None
    url: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    closed_at: datetime | None
    sources: list[PostingOut]


class JobFilters(BaseModel):
    """Catalogue search; every filter is optional and they combine with AND."""

    q: str | None = Field(None, max_length=300, description="Full-text query (web search syntax)")
    skills: list[str] = Field(default_factory=list, description="Skill ids or names (all)")
    location: str | None = Field(None, max_length=100, description="City, region or country")
    remote: bool | None = None
    salary_min: float | None = Field(None, ge=0, description="Yearly, in `currency`")
    currency: str | None = Field(None, min_length=3, max_length=3)
    seniority: Seniority | None = None
    employment_type: EmploymentType | None = None
    posted_since: date | None = None
    company: str | None = Field(None, max_length=200)
    status: Literal["open", "closed", "all"] = "open"
    org_id: uuid.UUID | None = None
    sort: JobSort = "posted"


class JobIn(BaseModel):
    """A recruiter's own posting. Parsed like any ingested one (salary and places from text)."""

    model_config = ConfigDict(extra="forbid")

    org_id: uuid.UUID
    reference: str | None = Field(
        None, max_length=200, description="Your id for it; re-sending it updates the job"
    )
    title: str = Field(min_length=2, max_length=300)
    description: str = Field(min_length=1, max_length=100_000)
    description_is_html: bool = False
    company: str | None = Field(None, max_length=200)
    company_url: HttpUrl | None = None
    locations: list[str] = Field(default_factory=list, max_length=50)
    workplace: Workplace | None = None
    employment_type: EmploymentType | None = None
    salary: str | None = Field(None, max_length=200, description='e.g. "€50.000 - 60.000 p.a."')
    apply_url: HttpUrl | None = None
    valid_through: AwareDatetime | None = None


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=2, max_length=30)
    config: dict[str, Any] = Field(default_factory=dict)
    name: str | None = Field(None, max_length=200)
    every: str | None = Field(None, max_length=20, description="30m, 6h, 1d …")
    cron: str | None = Field(None, max_length=100)
    paused: bool = False
    org_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _one_schedule(self) -> FeedIn:
        if self.every and self.cron:
            raise ValueError("give either every or cron, not both")
        return self


class FeedPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paused: bool | None = None


class RunOut(BaseModel):
    id: uuid.UUID
    feed_id: uuid.UUID | None
    source: str
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    fetched: int
    new: int
    merged: int
    reposts: int
    updated: int
    unchanged: int
    closed: int
    failed: int
    errors: list[dict[str, Any]]
    blocked_reason: str | None
    circuit_state: str | None


class FeedOut(BaseModel):
    id: uuid.UUID
    name: str
    source: str
    config: dict[str, Any]
    every_seconds: int | None
    cron: str | None
    paused: bool
    org_id: uuid.UUID | None
    next_run_at: datetime | None
    last_run_at: datetime | None
    last_success_at: datetime | None
    created_at: datetime
    warning: str | None = None


class FeedRunQueued(BaseModel):
    feed_id: uuid.UUID
    queued: bool


class SourceHealthOut(BaseModel):
    source: str
    feeds: int
    runs: int
    failed_runs: int
    error_rate: float | None
    items_per_run: float | None
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_status: str | None
    last_blocked_reason: str | None
    circuit_state: str


class ImportOut(BaseModel):
    id: uuid.UUID
    filename: str
    format: str
    status: str
    size_bytes: int
    bytes_read: int
    progress: float
    created_at: datetime
    error: str | None
    run: RunOut | None
