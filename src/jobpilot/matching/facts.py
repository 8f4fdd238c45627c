"""What the scorer knows about a candidate and a job: plain values, no database rows.

The service turns profiles and jobs into these; every factor in ``scoring`` is a pure function
of them. Salaries are annual amounts in the deployment's reference currency
(``IngestSettings.reference_currency``), already converted. ``None`` always means "not known",
never zero.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

RemotePreference = Literal["remote", "hybrid", "on_site", "any"]
Workplace = Literal["remote", "hybrid", "on_site"]

# Seniority levels in order; a step is one position in this tuple.
SENIORITY_LEVELS = ("intern", "junior", "mid", "senior", "lead", "principal", "executive")


@dataclass(frozen=True, slots=True)
class Place:
    city: str | None = None
    region: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2


@dataclass(frozen=True, slots=True)
class PlaceWish:
    """A place the candidate would work in, with the furthest commute they accept (km)."""

    place: Place
    max_distance_km: int | None = None


@dataclass(frozen=True, slots=True)
class CandidateSkill:
    id: str
    label: str
    years: float | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JobSkill:
    id: str
    label: str
    required: bool | None = None  # None: the posting does not say
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    user_id: uuid.UUID
    skills: tuple[CandidateSkill, ...] = ()
    total_years: float | None = None
    seniority: str | None = None
    current_title: str | None = None
    home: Place | None = None
    places: tuple[PlaceWish, ...] = ()
    willing_to_relocate: bool = False
    remote: RemotePreference = "any"
    min_salary: float | None = None
    desired_seniority: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    company_sizes: tuple[str, ...] = ()
    company_blocklist: tuple[str, ...] = ()
    title_blocklist: tuple[str, ...] = ()
    needs_visa: bool = False
    goals: str | None = None


@dataclass(frozen=True, slots=True)
class JobFacts:
    id: uuid.UUID
    title: str
    company: str
    company_key: str
    seniority: str | None = None
    employment_type: str | None = None
    workplace: Workplace | None = None
    places: tuple[Place, ...] = ()
    remote_countries: tuple[str, ...] = ()  # where a remote job may be done from; () = anywhere
    salary_min: float | None = None
    salary_max: float | None = None
    experience_min_years: int | None = None
    experience_max_years: int | None = None
    skills: tuple[JobSkill, ...] = ()
    benefits: tuple[str, ...] = ()
    description: str = ""
    industry: str | None = None
    company_size: str | None = None
    visa_sponsorship: bool | None = None
    posted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SkillGraph:
    """Related skills from the taxonomy, both directions, for partial credit and gap hints."""

    related: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def neighbours(self, skill_id: str) -> frozenset[str]:
        return self.related.get(skill_id, frozenset())
