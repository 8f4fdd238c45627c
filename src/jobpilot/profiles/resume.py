"""The structure a resume is parsed into, and the facts derived from it.

Dates are partial ISO strings: ``"2019"`` when only the year is known, ``"2019-03"`` with the
month. A season maps to its first month ("Summer 2017" is ``"2017-06"``). An entry still going on
has ``current=True`` and no ``end``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LinkKind = Literal["linkedin", "github", "portfolio", "other"]
SectionKind = Literal[
    "contact",
    "summary",
    "experience",
    "education",
    "skills",
    "certifications",
    "languages",
    "projects",
    "publications",
    "other",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Link(_Model):
    kind: LinkKind
    url: str


class Contact(_Model):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    links: list[Link] = Field(default_factory=list)


class Experience(_Model):
    title: str | None = None
    company: str | None = None
    location: str | None = None
    start: str | None = None
    end: str | None = None
    current: bool = False
    bullets: list[str] = Field(default_factory=list)
    description: str | None = None


class Education(_Model):
    degree: str | None = None
    field: str | None = None
    institution: str | None = None
    location: str | None = None
    start: str | None = None
    end: str | None = None
    current: bool = False
    details: list[str] = Field(default_factory=list)


class Certification(_Model):
    name: str
    issuer: str | None = None
    date: str | None = None


class Language(_Model):
    language: str
    level: str | None = None


class Project(_Model):
    name: str
    description: str | None = None
    url: str | None = None
    bullets: list[str] = Field(default_factory=list)


class Publication(_Model):
    title: str
    venue: str | None = None
    date: str | None = None
    url: str | None = None


class Section(_Model):
    """One section as found in the text: its kind, the heading as written, and its lines."""

    kind: SectionKind
    heading: str | None
    text: str


class ParsedResume(_Model):
    """Everything read from one resume file, before any taxonomy work."""

    contact: Contact = Field(default_factory=Contact)
    headline: str | None = None
    summary: str | None = None
    experience: list[Experience] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    certifications: list[Certification] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class Evidence(_Model):
    """Where a skill is supported: the section, the entry within it, and the sentence."""

    section: SectionKind
    entry: int | None = None
    text: str


class ProfileSkill(_Model):
    concept_id: str
    label: str
    source: str
    category: str | None = None
    years: float | None = None
    listed: bool = False
    evidence: list[Evidence] = Field(min_length=1)


class OccupationGuess(_Model):
    title: str
    concept_id: str
    label: str
    score: float


class DerivedFacts(_Model):
    """What the profile computes from a parsed resume: never more than the text supports."""

    total_years: float = 0.0
    current_title: str | None = None
    current_company: str | None = None
    seniority: str | None = None
    occupations: list[OccupationGuess] = Field(default_factory=list)
    skills: list[ProfileSkill] = Field(default_factory=list)
