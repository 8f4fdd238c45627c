"""A candidate prepared for scoring, and the hard filters that keep a job out of their feed.

Stage 2 scores a few hundred jobs for one candidate, so the candidate's side is prepared once
(:func:`index_candidate`) and every factor accepts either the facts or that index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jobpilot.matching.facts import (
    SENIORITY_LEVELS,
    CandidateFacts,
    CandidateSkill,
    JobFacts,
    Place,
)
from jobpilot.matching.values import ValueKeyword, values_named_in

HARD_SALARY_SHORTFALL = 0.2

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalised_text(text: str) -> str:
    """Lower-case ASCII words separated by single spaces ("Zürich-Süd" gives "zurich sud")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def seniority_level(seniority: str | None) -> int | None:
    """Position of a seniority in ``SENIORITY_LEVELS``, or ``None`` when unknown."""
    if seniority is None:
        return None
    try:
        return SENIORITY_LEVELS.index(seniority)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Spot:
    """A place of the candidate's, folded for comparison."""

    place: Place
    city: str | None
    region: str | None
    country: str | None
    is_home: bool
    max_distance_km: int | None


def _spot(place: Place, *, is_home: bool, max_distance_km: int | None = None) -> Spot:
    return Spot(
        place,
        place.city.casefold() if place.city else None,
        place.region.casefold() if place.region else None,
        place.country.upper() if place.country else None,
        is_home,
        max_distance_km,
    )


@dataclass(frozen=True, slots=True)
class CandidateIndex:
    """A candidate prepared once per request: lookups every job's scoring needs."""

    facts: CandidateFacts
    skills_by_id: Mapping[str, CandidateSkill]
    skill_ids: frozenset[str]
    level: int | None
    spots: tuple[Spot, ...]
    home_country: str | None
    industries: tuple[str, ...]
    company_sizes: frozenset[str]
    values: tuple[ValueKeyword, ...]
    company_blocklist: tuple[str, ...]
    title_blocklist: tuple[str, ...]


Candidate = CandidateFacts | CandidateIndex


def index_candidate(candidate: CandidateFacts) -> CandidateIndex:
    """Prepare a candidate for scoring many jobs."""
    spots: list[Spot] = []
    if candidate.home is not None:
        spots.append(_spot(candidate.home, is_home=True))
    spots.extend(
        _spot(wish.place, is_home=False, max_distance_km=wish.max_distance_km)
        for wish in candidate.places
    )
    skills_by_id = {skill.id: skill for skill in candidate.skills}
    home_country = candidate.home.country if candidate.home else None
    return CandidateIndex(
        facts=candidate,
        skills_by_id=skills_by_id,
        skill_ids=frozenset(skills_by_id),
        level=seniority_level(candidate.seniority),
        spots=tuple(spots),
        home_country=home_country.upper() if home_country else None,
        industries=tuple(i.casefold() for i in candidate.industries if i.strip()),
        company_sizes=frozenset(candidate.company_sizes),
        values=values_named_in(candidate.goals or ""),
        company_blocklist=_phrases(candidate.company_blocklist),
        title_blocklist=_phrases(candidate.title_blocklist),
    )


def _phrases(entries: Iterable[str]) -> tuple[str, ...]:
    # Padded with spaces so that a phrase matches whole words only.
    return tuple(f" {key} " for key in map(normalised_text, entries) if key)


def indexed(candidate: Candidate) -> CandidateIndex:
    """The candidate's index: the one given, or one built from the facts given."""
    if isinstance(candidate, CandidateIndex):
        return candidate
    return index_candidate(candidate)


def passes_hard_filters(candidate: Candidate, job: JobFacts) -> tuple[bool, str | None]:
    """Whether the job may be shown to the candidate at all, and if not, why.

    A job fails when its company or title contains a blocklisted phrase (whole words, case and
    accents ignored), when a remote-only candidate faces an on-site or hybrid job outside their
    country or a remote job closed to their country, when its maximum salary is more than 20 %
    below the candidate's floor, or when its employment type is not one the candidate accepts.
    """
    index = indexed(candidate)
    reason = (
        _blocked(index, job)
        or _remote_conflict(index, job)
        or _salary_far_below(index, job)
        or _employment_type_unwanted(index, job)
    )
    return reason is None, reason


def _blocked(index: CandidateIndex, job: JobFacts) -> str | None:
    # Normalising text is the costly part, and most candidates keep no blocklist.
    if index.company_blocklist:
        company = f" {normalised_text(job.company)} "
        if any(phrase in company for phrase in index.company_blocklist):
            return f"{job.company} is on your company blocklist"
    if index.title_blocklist:
        title = f" {normalised_text(job.title)} "
        if any(phrase in title for phrase in index.title_blocklist):
            return f"the title {job.title!r} is on your title blocklist"
    return None


def _remote_conflict(index: CandidateIndex, job: JobFacts) -> str | None:
    country = index.home_country
    if country is None:
        return None
    if job.workplace == "remote":
        allowed = tuple(c.upper() for c in job.remote_countries)
        return (
            f"remote only from {', '.join(allowed)}" if allowed and country not in allowed else None
        )
    if index.facts.remote != "remote" or job.workplace is None:
        return None
    countries = {p.country.upper() for p in job.places if p.country}
    if countries and country not in countries:
        return f"{job.workplace.replace('_', '-')} in another country; you want remote work only"
    return None


def _salary_far_below(index: CandidateIndex, job: JobFacts) -> str | None:
    floor = index.facts.min_salary
    if floor is None or job.salary_max is None:
        return None
    if job.salary_max < floor * (1 - HARD_SALARY_SHORTFALL):
        return "the salary is more than 20 % below your floor"
    return None


def _employment_type_unwanted(index: CandidateIndex, job: JobFacts) -> str | None:
    wanted = index.facts.employment_types
    kind = job.employment_type
    if wanted and kind is not None and kind not in wanted:
        return f"{kind.replace('_', '-')} is not an employment type you want"
    return None
