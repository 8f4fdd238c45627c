"""The seven-factor match score: each factor a pure function of the facts, with its reasons.

Every factor returns a :class:`FactorScore` between 0 and 1. When the information a factor
needs is missing it returns 0.5 with ``known=False`` and a reason naming what is missing, so
an unknown never helps or hurts a job. :func:`combine` weighs the factors into a total from 0
to 100.
The formulas are written out in ``docs/matching.md``.

Every factor accepts the candidate's facts or, when many jobs are scored for one candidate,
the index :func:`~jobpilot.matching.candidates.index_candidate` prepares once. Each factor's
number is computed once, by a private function that returns its reasons unbuilt, so that
:func:`match_total` can rank many jobs without writing explanations nobody will read.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from functools import partial
from typing import NamedTuple

from jobpilot.jobs.geo import city_distance_km
from jobpilot.matching.candidates import (
    Candidate,
    CandidateIndex,
    Spot,
    indexed,
    seniority_level,
)
from jobpilot.matching.facts import (
    CandidateSkill,
    JobFacts,
    JobSkill,
    Place,
    SkillGraph,
    Workplace,
)
from jobpilot.matching.values import offered_values

FACTOR_NAMES = ("skills", "location", "experience", "salary", "culture", "growth", "recency")
NEUTRAL = 0.5
DEFAULT_HALF_LIFE_DAYS = 14.0

DistanceKm = Callable[[Place, Place], float | None]


def unknown_distance(origin: Place, destination: Place) -> float | None:
    """No distance is known (for callers that want places compared by name only)."""
    return None


def city_distance(origin: Place, destination: Place) -> float | None:
    """Straight-line kilometres between the two places' city centres, when the gazetteer
    locates both."""
    return city_distance_km(
        origin.country,
        origin.region,
        origin.city,
        destination.country,
        destination.region,
        destination.city,
    )


@dataclass(frozen=True, slots=True)
class FactorScore:
    """One factor's score in [0, 1], why, and whether the facts it needs were known."""

    name: str
    score: float
    reasons: tuple[str, ...]
    known: bool = True


def _unknown(name: str, reason: str) -> FactorScore:
    return FactorScore(name, NEUTRAL, (reason,), known=False)


_Reasons = Callable[[], tuple[str, ...]]


class _Part(NamedTuple):
    """A factor's score, whether its facts were known, and its reasons, built on demand."""

    score: float
    known: bool
    reasons: _Reasons


def _said(*reasons: str) -> tuple[str, ...]:
    return reasons


def _unknown_part(reason: str) -> _Part:
    return _Part(NEUTRAL, False, partial(_said, reason))


def _factor(name: str, part: _Part) -> FactorScore:
    return FactorScore(name, part.score, part.reasons(), known=part.known)


@dataclass(frozen=True, slots=True)
class MatchedSkill:
    """A job skill the candidate has, with the credit it earned (less than 1 when the
    candidate has fewer years than the job asks)."""

    skill: JobSkill
    candidate_skill: CandidateSkill
    credit: float

    @property
    def job_evidence(self) -> tuple[str, ...]:
        return self.skill.evidence

    @property
    def candidate_evidence(self) -> tuple[str, ...]:
        return self.candidate_skill.evidence


@dataclass(frozen=True, slots=True)
class MissingSkill:
    """A job skill the candidate lacks, with the candidate's skills related to it."""

    skill: JobSkill
    related: tuple[CandidateSkill, ...]

    @property
    def credit(self) -> float:
        return RELATED_CREDIT if self.related else 0.0


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """The skills factor with the skills behind it, for the explanation."""

    factor: FactorScore
    matched: tuple[MatchedSkill, ...]
    missing: tuple[MissingSkill, ...]


RELATED_CREDIT = 0.5
MIN_YEARS_CREDIT = 0.5
_TIER_INDEX = {True: 0, None: 1, False: 2}
_TIER_WEIGHT = (2.0, 1.5, 1.0)
_TIER_NAME = ("required", "listed", "nice-to-have")


def skill_weight(skill: JobSkill) -> float:
    """How much a job skill counts: required 2, unspecified 1.5, nice-to-have 1."""
    return _TIER_WEIGHT[_TIER_INDEX[skill.required]]


@dataclass(slots=True)
class _SkillTally:
    """The skills factor's score and what its explanation is built from."""

    score: float
    matched: list[tuple[JobSkill, CandidateSkill, float]]
    missing: list[tuple[JobSkill, bool]]  # and whether the candidate has a related skill
    has_count: list[int]  # per tier (required, unstated, nice-to-have)
    listed_count: list[int]


def _tally_skills(index: CandidateIndex, job: JobFacts, graph: SkillGraph) -> _SkillTally | None:
    if not job.skills:
        return None
    have = index.skills_by_id
    owned = index.skill_ids
    min_years = job.experience_min_years
    matched: list[tuple[JobSkill, CandidateSkill, float]] = []
    missing: list[tuple[JobSkill, bool]] = []
    has_count = [0, 0, 0]
    listed_count = [0, 0, 0]
    seen: set[str] = set()
    credited = total = 0.0
    for skill in job.skills:
        if skill.id in seen:
            continue
        seen.add(skill.id)
        tier = _TIER_INDEX[skill.required]
        weight = _TIER_WEIGHT[tier]
        total += weight
        listed_count[tier] += 1
        own = have.get(skill.id)
        if own is not None:
            has_count[tier] += 1
            credit = 1.0
            if min_years and own.years is not None and own.years < min_years:
                credit = max(MIN_YEARS_CREDIT, own.years / min_years)
            matched.append((skill, own, credit))
            credited += weight * credit
            continue
        related = not owned.isdisjoint(graph.neighbours(skill.id))
        if related:
            credited += weight * RELATED_CREDIT
        missing.append((skill, related))
    return _SkillTally(credited / total, matched, missing, has_count, listed_count)


def skill_match(candidate: Candidate, job: JobFacts, graph: SkillGraph) -> SkillMatch:
    """Coverage of the job's skills by the candidate's, weighted by requirement.

    A skill the candidate has earns full credit, scaled down to no less than half when the
    candidate has fewer years in it than the job's minimum; a missing skill with a related
    skill of the candidate's earns half credit.
    """
    index = indexed(candidate)
    tally = _tally_skills(index, job, graph)
    if tally is None:
        return SkillMatch(_unknown("skills", "the job lists no skills"), (), ())
    min_years = job.experience_min_years
    short_years = [
        f"{skill.label} ({_years(own.years)} of {min_years})"
        for skill, own, _ in tally.matched
        if min_years and own.years is not None and own.years < min_years
    ]
    partial_labels = [skill.label for skill, related in tally.missing if related]
    reasons = [
        f"you have {tally.has_count[tier]} of {tally.listed_count[tier]} {_TIER_NAME[tier]} skills"
        for tier in range(3)
        if tally.listed_count[tier]
    ]
    if partial_labels:
        reasons.append("related experience for " + _listing(partial_labels))
    if short_years:
        reasons.append("fewer years than asked in " + _listing(short_years))
    return SkillMatch(
        FactorScore("skills", tally.score, tuple(reasons)),
        tuple(MatchedSkill(skill, own, credit) for skill, own, credit in tally.matched),
        tuple(
            MissingSkill(skill, _related_closest_first(index, graph, skill) if related else ())
            for skill, related in tally.missing
        ),
    )


def _related_closest_first(
    index: CandidateIndex, graph: SkillGraph, skill: JobSkill
) -> tuple[CandidateSkill, ...]:
    near = graph.neighbours(skill.id) & index.skill_ids
    return _closest_first(index.skills_by_id[i] for i in near)


def _closest_first(related: Iterable[CandidateSkill]) -> tuple[CandidateSkill, ...]:
    # Closest: the related skill the candidate has used longest.
    return tuple(sorted(related, key=lambda s: (-(s.years or 0.0), s.label)))


def skills(candidate: Candidate, job: JobFacts, graph: SkillGraph) -> FactorScore:
    """The skills factor alone (see :func:`skill_match`)."""
    return skill_match(candidate, job, graph).factor


def location(
    candidate: Candidate, job: JobFacts, *, distance_km: DistanceKm = city_distance
) -> FactorScore:
    """How well the job's workplace and places suit where the candidate lives, wants to work
    and whether they want remote work.

    ``distance_km`` gives commute distances; the default measures between city centres.
    """
    return _factor("location", _location(indexed(candidate), job, distance_km))


def _location(index: CandidateIndex, job: JobFacts, distance_km: DistanceKm) -> _Part:
    if job.workplace == "remote":
        return _remote_fit(index, job)
    preference = index.facts.remote
    fit = _place_fit(index, job, distance_km)
    if preference == "remote":
        cap = _REMOTE_ONLY_CAP[job.workplace]
        score = min(cap, fit.score) if fit.known else cap
        return _Part(score, True, partial(_remote_only_reason, job.workplace))
    if preference == "hybrid" and job.workplace == "on_site" and fit.known:
        return _Part(fit.score * HYBRID_VS_ON_SITE, True, partial(_hybrid_reasons, fit.reasons))
    return fit


def _remote_only_reason(workplace: Workplace | None) -> tuple[str, ...]:
    if workplace is None:
        return ("the job does not say whether it is remote; you want remote work only",)
    return (f"{workplace.replace('_', '-')}, but you want remote work only",)


def _hybrid_reasons(reasons: _Reasons) -> tuple[str, ...]:
    return (*reasons(), "on-site while you prefer hybrid")


_REMOTE_ONLY_CAP = {"on_site": 0.1, "hybrid": 0.3, None: 0.4}
HYBRID_VS_ON_SITE = 0.8
REMOTE_COUNTRY_MISMATCH = 0.2
REMOTE_UNWANTED = 0.3


def _remote_fit(index: CandidateIndex, job: JobFacts) -> _Part:
    allowed = tuple(c.upper() for c in job.remote_countries)
    if allowed and index.home_country is None:
        return _unknown_part(f"{_remote_from(allowed)}; your country is not known")
    if allowed and index.home_country not in allowed:
        return _Part(REMOTE_COUNTRY_MISMATCH, True, partial(_remote_from_reason, allowed))
    if index.facts.remote == "on_site":
        return _Part(REMOTE_UNWANTED, True, partial(_said, "remote, while you prefer on-site"))
    if allowed:
        return _Part(1.0, True, partial(_remote_home_reason, index.home_country))
    return _Part(1.0, True, partial(_said, "fully remote"))


def _remote_from(allowed: tuple[str, ...]) -> str:
    return "remote only from " + ", ".join(allowed)


def _remote_from_reason(allowed: tuple[str, ...]) -> tuple[str, ...]:
    return (_remote_from(allowed),)


def _remote_home_reason(country: str | None) -> tuple[str, ...]:
    return (f"remote from {country}, where you live",)


class _PlaceFit(NamedTuple):
    score: float
    kind: str
    spot: Spot
    place: Place
    distance: float | None = None


SAME_REGION = 0.7
SAME_COUNTRY = 0.4
SAME_COUNTRY_RELOCATING = 0.6
OTHER_COUNTRY = 0.1
OTHER_COUNTRY_RELOCATING = 0.4
COMMUTE_FLOOR = 0.5


def _place_fit(index: CandidateIndex, job: JobFacts, distance_km: DistanceKm) -> _Part:
    if not job.places:
        return _unknown_part("the job states no location")
    if not index.spots:
        return _unknown_part("your location is not known")
    relocate = index.facts.willing_to_relocate
    best: _PlaceFit | None = None
    for place in job.places:
        city = place.city.casefold() if place.city else None
        region = place.region.casefold() if place.region else None
        country = place.country.upper() if place.country else None
        for spot in index.spots:
            fit = _spot_fit(spot, place, city, region, country, relocate, distance_km)
            if best is None or fit.score > best.score:
                best = fit
    assert best is not None
    return _Part(best.score, True, partial(_place_reasons, best, job, relocate))


def _spot_fit(
    spot: Spot,
    place: Place,
    city: str | None,
    region: str | None,
    country: str | None,
    relocate: bool,
    distance_km: DistanceKm,
) -> _PlaceFit:
    same_country = spot.country is not None and spot.country == country
    other_country = spot.country is not None and country is not None and not same_country
    commutable = True
    if spot.max_distance_km:
        distance = distance_km(spot.place, place)
        if distance is not None:
            limit = float(spot.max_distance_km)
            if distance <= limit:
                return _PlaceFit(1.0, "near", spot, place, distance)
            if distance <= 2 * limit:
                score = 1.0 - (1.0 - COMMUTE_FLOOR) * (distance - limit) / limit
                return _PlaceFit(score, "commute", spot, place, distance)
            commutable = False
    if commutable and not other_country:
        if spot.city is not None:
            if spot.city == city:
                return _PlaceFit(1.0, "city", spot, place)
        elif not spot.is_home and spot.region is not None:
            if spot.region == region:
                return _PlaceFit(1.0, "area", spot, place)
        elif not spot.is_home and same_country:
            return _PlaceFit(1.0, "area", spot, place)
        if spot.region is not None and spot.region == region:
            return _PlaceFit(SAME_REGION, "region", spot, place)
    if other_country:
        return _PlaceFit(
            OTHER_COUNTRY_RELOCATING if relocate else OTHER_COUNTRY, "abroad", spot, place
        )
    return _PlaceFit(SAME_COUNTRY_RELOCATING if relocate else SAME_COUNTRY, "country", spot, place)


def _place_reasons(fit: _PlaceFit, job: JobFacts, relocate: bool) -> tuple[str, ...]:
    return (_place_reason(fit, job, relocate),)


def _place_reason(fit: _PlaceFit, job: JobFacts, relocate: bool) -> str:
    kind = {"on_site": "on-site", "hybrid": "hybrid"}.get(job.workplace or "", "based")
    where = f"{kind} in {_place_name(fit.place)}"
    own = _place_name(fit.spot.place)
    if fit.kind == "near":
        return f"{where}, {fit.distance:.0f} km from {own}"
    if fit.kind == "commute":
        limit = fit.spot.max_distance_km
        return f"{where}, {fit.distance:.0f} km from {own}, beyond your {limit} km"
    if fit.kind == "city":
        return f"{where} where you live" if fit.spot.is_home else f"{where}, where you want to work"
    if fit.kind == "area":
        return f"{where}, in {own} where you want to work"
    if fit.kind == "region":
        return f"{where}, in the same region as {own}"
    moving = "; you are willing to relocate" if relocate else ""
    if fit.kind == "abroad":
        return f"{where}, another country{moving}"
    return f"{where}, elsewhere in your country{moving}"


def _place_name(place: Place) -> str:
    return place.city or place.region or place.country or "an unnamed place"


UNDER_YEARS_SCALE = 2.0
OVER_YEARS_DECAY = 0.05
OVER_YEARS_FLOOR = 0.6
_LEVEL_GAP_FACTOR = (1.0, 0.85, 0.6)
FAR_LEVEL_FACTOR = 0.3


def experience(candidate: Candidate, job: JobFacts) -> FactorScore:
    """Fit of the candidate's years and seniority to what the job asks.

    Years below the minimum fall off as ``exp(-d/2)``; years above the maximum decay gently
    to 0.6; each seniority step between job and candidate multiplies the score down.
    """
    return _factor("experience", _experience(indexed(candidate), job))


_Piece = Callable[[], str]


def _pieces(pieces: list[_Piece]) -> tuple[str, ...]:
    return tuple(piece() for piece in pieces)


def _experience(index: CandidateIndex, job: JobFacts) -> _Part:
    years = index.facts.total_years
    low, high = job.experience_min_years, job.experience_max_years
    if low is not None and high is not None and low > high:
        low, high = high, low
    reasons: list[_Piece] = []
    score = 1.0
    known = False
    if years is not None and (low is not None or high is not None):
        known = True
        if low is not None and years < low:
            gap = low - years
            score = math.exp(-gap / UNDER_YEARS_SCALE)
            reasons.append(partial(_under_reason, gap, low, years))
        elif high is not None and years > high:
            gap = years - high
            score = max(OVER_YEARS_FLOOR, 1.0 - OVER_YEARS_DECAY * gap)
            reasons.append(partial(_over_reason, years, high))
        else:
            reasons.append(partial(_within_reason, years, low, high))
    job_level = seniority_level(job.seniority)
    if job_level is not None and index.level is not None:
        known = True
        steps = job_level - index.level
        gap_factor = (
            _LEVEL_GAP_FACTOR[abs(steps)]
            if abs(steps) < len(_LEVEL_GAP_FACTOR)
            else FAR_LEVEL_FACTOR
        )
        score *= gap_factor
        reasons.append(partial(_level_reason, job.seniority, index.facts.seniority, steps))
    if not known:
        return _unknown_part("years or seniority are not known on one side")
    return _Part(score, True, partial(_pieces, reasons))


def _under_reason(gap: float, low: int, years: float) -> str:
    return f"under-qualified by {_years(gap)} years ({low} asked, you have {_years(years)})"


def _over_reason(years: float, high: int) -> str:
    return f"over-qualified: {_years(years)} years where up to {high} are asked"


def _within_reason(years: float, low: int | None, high: int | None) -> str:
    return f"{_years(years)} years of experience, {_range(low, high)} asked"


def _level_reason(job_level: str | None, own_level: str | None, steps: int) -> str:
    if steps == 0:
        return f"{job_level} role, your level"
    direction = "above" if steps > 0 else "below"
    count = "one level" if abs(steps) == 1 else f"{abs(steps)} levels"
    return f"{job_level} role, {count} {direction} your {own_level} level"


SALARY_PARTIAL_FLOOR = 0.6
SALARY_SHORTFALL_SLOPE = 3.0


def salary(candidate: Candidate, job: JobFacts) -> FactorScore:
    """How the job's annual salary range compares with the candidate's floor.

    A range that reaches the floor scores from 0.6 (only its top reaches it) to 1.0 (all of it
    does); a range that stays below scores under 0.6, reaching 0 at a third below the floor.
    """
    return _factor("salary", _salary(indexed(candidate), job))


def _salary(index: CandidateIndex, job: JobFacts) -> _Part:
    floor = index.facts.min_salary
    low, high = job.salary_min, job.salary_max
    if low is None and high is None:
        return _unknown_part("the job states no salary")
    if floor is None or floor <= 0:
        return _unknown_part("you set no salary floor")
    # One known bound stands for the whole range.
    low, high = _bounds(low, high)
    if low >= floor:
        return _Part(1.0, True, partial(_said, "salary meets your floor"))
    if high >= floor:
        share = (high - floor) / (high - low)
        score = SALARY_PARTIAL_FLOOR + (1.0 - SALARY_PARTIAL_FLOOR) * share
        return _Part(score, True, partial(_share_reason, share))
    shortfall = (floor - high) / floor
    score = SALARY_PARTIAL_FLOOR * max(0.0, 1.0 - SALARY_SHORTFALL_SLOPE * shortfall)
    return _Part(score, True, partial(_shortfall_reason, high, shortfall))


def _share_reason(share: float) -> tuple[str, ...]:
    return (f"salary reaches your floor in {share:.0%} of its range",)


def _shortfall_reason(high: float, shortfall: float) -> tuple[str, ...]:
    return (f"salary up to {high:,.0f}, {shortfall:.0%} below your floor",)


def _bounds(low: float | None, high: float | None) -> tuple[float, float]:
    low_or_high = low if low is not None else high
    high_or_low = high if high is not None else low
    if low_or_high is None or high_or_low is None:
        raise ValueError("at least one bound must be known")
    return min(low_or_high, high_or_low), max(low_or_high, high_or_low)


# Company size bands in order, as the profile offers them; neighbouring bands are close.
COMPANY_SIZE_BANDS = ("1-10", "11-50", "51-200", "201-1000", "1001-5000", "5001+")


SIZE_ADJACENT = 0.6
CULTURE_MISMATCH = 0.2


def culture(candidate: Candidate, job: JobFacts) -> FactorScore:
    """Company size, industry and the values the candidate's goals name, against the job.

    Each part the facts allow scores on its own; the factor is their mean.
    """
    return _factor("culture", _culture(indexed(candidate), job))


def _culture(index: CandidateIndex, job: JobFacts) -> _Part:
    parts: list[float] = []
    reasons: list[_Piece] = []
    if index.company_sizes and job.company_size:
        size_score = _size_fit(index.company_sizes, job.company_size)
        parts.append(size_score)
        reasons.append(partial(_size_reason, job.company_size, size_score))
    if index.industries and job.industry:
        industry = job.industry.casefold()
        wanted = any(i in industry or industry in i for i in index.industries)
        parts.append(1.0 if wanted else CULTURE_MISMATCH)
        reasons.append(partial(_industry_reason, job.industry, wanted))
    if index.values:
        offered = offered_values(index.values, job)
        parts.append(len(offered) / len(index.values))
        if offered:
            reasons.append(partial(_offered_reason, offered))
        absent = [v.name for v in index.values if v.name not in offered]
        if absent:
            reasons.append(partial(_absent_reason, absent))
    if not parts:
        return _unknown_part("no company size, industry or values to compare")
    return _Part(sum(parts) / len(parts), True, partial(_pieces, reasons))


def _size_reason(size: str, size_score: float) -> str:
    verdict = "a size you want" if size_score == 1.0 else "not a size you chose"
    if size_score == SIZE_ADJACENT:
        verdict = "close to a size you want"
    return f"{size} employees, {verdict}"


def _industry_reason(industry: str, wanted: bool) -> str:
    return f"{industry}, {'an industry you want' if wanted else 'not an industry you chose'}"


def _offered_reason(offered: list[str]) -> str:
    return "offers what your goals mention: " + ", ".join(offered)


def _absent_reason(absent: list[str]) -> str:
    return "no mention of " + ", ".join(absent)


def _size_fit(wanted: frozenset[str], size: str) -> float:
    if size in wanted:
        return 1.0
    if size not in COMPANY_SIZE_BANDS:
        return CULTURE_MISMATCH
    position = COMPANY_SIZE_BANDS.index(size)
    near = any(
        band in COMPANY_SIZE_BANDS and abs(COMPANY_SIZE_BANDS.index(band) - position) == 1
        for band in wanted
    )
    return SIZE_ADJACENT if near else CULTURE_MISMATCH


_GROWTH_BY_STEP = {1: 1.0, 0: 0.6}
GROWTH_LEAP = 0.8
GROWTH_DOWN = 0.2
NEW_SKILL_BONUS = 0.05
NEW_SKILL_CAP = 4


def growth(candidate: Candidate, job: JobFacts) -> FactorScore:
    """What the job would add to the candidate's career: a step up in seniority and new skills.

    One step up scores 1.0, two or more 0.8, the same level 0.6, a step down 0.2 (0.5 when a
    level is unknown); each skill the job would add raises it by 0.05, for at most four skills.
    """
    return _factor("growth", _growth(indexed(candidate), job))


def _growth(index: CandidateIndex, job: JobFacts) -> _Part:
    job_level = seniority_level(job.seniority)
    owned = index.skill_ids
    new_skills = list({s.id: s.label for s in job.skills if s.id not in owned}.values())
    if (job_level is None or index.level is None) and not job.skills:
        return _unknown_part("neither the seniority step nor the job's skills are known")
    reasons: list[_Piece] = []
    if job_level is None or index.level is None:
        score = NEUTRAL
        reasons.append(partial(str, "the seniority step is not known"))
    else:
        steps = job_level - index.level
        score = _GROWTH_BY_STEP.get(steps, GROWTH_LEAP if steps > 1 else GROWTH_DOWN)
        reasons.append(partial(_step_reason, index.facts.seniority, job.seniority, steps))
    if new_skills:
        score = min(1.0, score + NEW_SKILL_BONUS * min(len(new_skills), NEW_SKILL_CAP))
        reasons.append(partial(_new_skills_reason, new_skills))
    return _Part(score, True, partial(_pieces, reasons))


def _new_skills_reason(new_skills: list[str]) -> str:
    count = "1 new skill" if len(new_skills) == 1 else f"{len(new_skills)} new skills"
    return f"would add {count}: {_listing(new_skills)}"


def _step_reason(own: str | None, job_level: str | None, steps: int) -> str:
    if steps == 0:
        return f"same level ({own})"
    if steps == 1:
        return f"a step up from {own} to {job_level}"
    if steps > 1:
        return f"a leap from {own} to {job_level}"
    return f"a step down from {own} to {job_level}"


RECENCY_FLOOR = 0.05


def recency(
    job: JobFacts, *, now: datetime, half_life_days: float = DEFAULT_HALF_LIFE_DAYS
) -> FactorScore:
    """Freshness of the posting: halves every ``half_life_days``, never below 0.05."""
    return _factor("recency", _recency(job, now, half_life_days))


def _recency(job: JobFacts, now: datetime, half_life_days: float) -> _Part:
    posted = job.posted_at
    if posted is None:
        return _unknown_part("the posting date is not known")
    if (posted.tzinfo is None) != (now.tzinfo is None):
        # Naive datetimes in jobpilot are UTC.
        posted = posted.replace(tzinfo=UTC) if posted.tzinfo is None else posted
        now = now.replace(tzinfo=UTC) if now.tzinfo is None else now
    age_days = max(0.0, (now - posted).total_seconds() / 86_400)
    score = max(RECENCY_FLOOR, 0.5 ** (age_days / half_life_days))
    return _Part(score, True, partial(_age_reason, int(age_days)))


def _age_reason(days: int) -> tuple[str, ...]:
    return ("posted today" if days == 0 else f"posted {days} day{'s' if days > 1 else ''} ago",)


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each factor counts in the total; defaults per PRODUCT.md §C5."""

    skills: float = 0.40
    location: float = 0.20
    experience: float = 0.15
    salary: float = 0.10
    culture: float = 0.05
    growth: float = 0.05
    recency: float = 0.05

    def __post_init__(self) -> None:
        values = self.as_dict()
        for name, value in values.items():
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"weight {name} must be a non-negative number, got {value}")
        if not any(values.values()):
            raise ValueError("at least one weight must be above zero")

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, float]) -> Weights:
        """The defaults with ``overrides`` applied, normalised to sum to 1.

        Raises ``ValueError`` for an unknown factor, a negative weight or all weights zero.
        """
        unknown = sorted(set(overrides) - set(FACTOR_NAMES))
        if unknown:
            raise ValueError(f"unknown factor weights: {', '.join(unknown)}")
        values = {**cls().as_dict(), **{k: float(v) for k, v in overrides.items()}}
        return cls(**values).normalised()

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def normalised(self) -> Weights:
        """The same proportions, summing to 1."""
        values = self.as_dict()
        total = sum(values.values())
        return Weights(**{name: value / total for name, value in values.items()})

    def of(self, name: str) -> float:
        if name not in FACTOR_NAMES:
            raise ValueError(f"unknown factor: {name}")
        value: float = getattr(self, name)
        return value


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class MatchScore:
    """The weighted total (0 to 100, one decimal), the factors behind it and their reasons."""

    total: float
    factors: tuple[FactorScore, ...]
    weights: Weights
    reasons: tuple[str, ...]

    def factor(self, name: str) -> FactorScore:
        for factor in self.factors:
            if factor.name == name:
                return factor
        raise KeyError(name)


def combine(factors: Iterable[FactorScore], weights: Weights = DEFAULT_WEIGHTS) -> MatchScore:
    """The weighted mean of the factors' scores, on a scale of 0 to 100.

    Weights are taken relative to the factors given, so a full set of seven with normalised
    weights gives ``100 * sum(weight * score)``.
    """
    given = tuple(factors)
    names = [f.name for f in given]
    if len(set(names)) != len(names):
        raise ValueError("a factor is given twice")
    total = _weighted_total([(f.name, f.score) for f in given], weights)
    reasons = tuple(reason for factor in given for reason in factor.reasons)
    return MatchScore(total, given, weights, reasons)


def _weighted_total(scores: Iterable[tuple[str, float]], weights: Weights) -> float:
    weighted = total_weight = 0.0
    for name, score in scores:
        weight = weights.of(name)
        weighted += weight * score
        total_weight += weight
    if total_weight <= 0:
        raise ValueError("the factors given all have zero weight")
    return round(100 * weighted / total_weight, 1)


@dataclass(frozen=True, slots=True)
class ScoredMatch:
    """One job scored for one candidate, with what its explanation needs."""

    job: JobFacts
    score: MatchScore
    skills: SkillMatch


def score_match(
    candidate: Candidate,
    job: JobFacts,
    *,
    graph: SkillGraph,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    distance_km: DistanceKm = city_distance,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> ScoredMatch:
    """All seven factors of one candidate and job pair, combined.

    When scoring many jobs for one candidate, pass the
    :func:`~jobpilot.matching.candidates.index_candidate` result.
    """
    index = indexed(candidate)
    matched = skill_match(index, job, graph)
    factors = (
        matched.factor,
        location(index, job, distance_km=distance_km),
        experience(index, job),
        salary(index, job),
        culture(index, job),
        growth(index, job),
        recency(job, now=now, half_life_days=half_life_days),
    )
    return ScoredMatch(job, combine(factors, weights), matched)


def match_total(
    candidate: Candidate,
    job: JobFacts,
    *,
    graph: SkillGraph,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    distance_km: DistanceKm = city_distance,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> float:
    """The total :func:`score_match` gives the pair, without writing its reasons or listing
    its skills: for ranking many jobs when only the few shown are explained."""
    index = indexed(candidate)
    tally = _tally_skills(index, job, graph)
    scores = (
        NEUTRAL if tally is None else tally.score,
        _location(index, job, distance_km).score,
        _experience(index, job).score,
        _salary(index, job).score,
        _culture(index, job).score,
        _growth(index, job).score,
        _recency(job, now, half_life_days).score,
    )
    return _weighted_total(zip(FACTOR_NAMES, scores, strict=True), weights)


def _years(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}-{high}" if low != high else f"{low}"
    if low is not None:
        return f"{low}+"
    return f"at most {high}"


def _listing(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return f"{shown} and {len(items) - limit} more" if len(items) > limit else shown
