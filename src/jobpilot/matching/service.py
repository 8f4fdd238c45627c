"""Ranking jobs for a candidate: retrieve, score, diversify, explain, cache; and feedback.

Stage 1 asks the vector index for the few hundred open jobs nearest the profile that pass the
hard filters; stage 2 scores each with the seven factors, sinks jobs like dismissed ones,
collapses near-duplicates, caps each company per page and explains the page asked for. The
ranked list is cached per (user, filters, weights) and keyed by the profile's and the
catalogue's versions, so a profile edit or new jobs give a fresh ranking.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import numpy as np
import numpy.typing as npt
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.errors import InvalidInput, NotFound
from jobpilot.core.runtime import Runtime
from jobpilot.jobs import service as jobs
from jobpilot.jobs.locations import parse_locations
from jobpilot.jobs.models import Job
from jobpilot.matching import experiments, repository
from jobpilot.matching.candidates import CandidateIndex, index_candidate, passes_hard_filters
from jobpilot.matching.diversity import (
    DismissedJob,
    RankedItem,
    cap_per_company,
    collapse_near_duplicates,
    sink_similar_to_dismissed,
)
from jobpilot.matching.explain import Explanation, explain
from jobpilot.matching.facts import (
    CandidateFacts,
    CandidateSkill,
    JobFacts,
    JobSkill,
    Place,
    PlaceWish,
    SkillGraph,
)
from jobpilot.matching.retrieval import HybridIndex, RetrievalFilters, VectorIndex
from jobpilot.matching.scoring import (
    DEFAULT_WEIGHTS,
    ScoredMatch,
    Weights,
    match_total,
    score_match,
)
from jobpilot.orgs import service as orgs
from jobpilot.profiles import service as profiles
from jobpilot.profiles.models import CandidateProfile
from jobpilot.taxonomy import service as taxonomy
from jobpilot.taxonomy.index import TaxonomyIndex

FeedbackAction = Literal["view", "save", "unsave", "dismiss", "undismiss", "apply"]
# How many jobs stage 1 hands to stage 2.
RETRIEVAL_DEPTH = 300
PER_COMPANY = 3
CACHE_SECONDS = 15 * 60
# The facet mix of the query vector: what the candidate can do first, then what they did,
# then what they want.
FACET_WEIGHTS = (0.5, 0.35, 0.15)
INDEX_KEY = "matching_vector_index"
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")

FloatVector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class MatchFilters:
    """What the candidate narrows the feed to, on top of their preferences."""

    remote_only: bool = False
    countries: tuple[str, ...] = ()
    min_score: float | None = None
    seniority: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()
    posted_since: datetime | None = None

    def key(self) -> str:
        data = {
            "remote_only": self.remote_only,
            "countries": sorted(self.countries),
            "min_score": self.min_score,
            "seniority": sorted(self.seniority),
            "employment_types": sorted(self.employment_types),
            "posted_since": self.posted_since.isoformat() if self.posted_since else None,
        }
        return json.dumps(data, sort_keys=True)


@dataclass(frozen=True, slots=True)
class RankedEntry:
    job_id: uuid.UUID
    total: float
    duplicates: tuple[uuid.UUID, ...] = ()


@dataclass(slots=True)
class MatchResult:
    """One page of a candidate's feed, each entry explained."""

    entries: list[tuple[RankedEntry, Job, Explanation]]
    total_ranked: int
    next_offset: int | None
    cached: bool = False


def vector_index_of(runtime: Runtime) -> VectorIndex:
    """The process's stage-1 index: an exact in-process scan when the jobs passing the filters
    are few enough, the adaptive pgvector index otherwise (numbers in docs/benchmarks.md)."""
    index = runtime.extras.get(INDEX_KEY)
    if index is None:
        index = runtime.extras[INDEX_KEY] = HybridIndex()
    result: VectorIndex = index
    return result


# -- facts -------------------------------------------------------------------------------


def _place_of(text: str | None) -> Place | None:
    if not text:
        return None
    parsed = parse_locations(text)
    if not parsed.places:
        return None
    place = parsed.places[0]
    return Place(city=place.city, region=place.region, country=place.country)


def candidate_facts(runtime: Runtime, profile: CandidateProfile) -> CandidateFacts:
    """What the scorer knows of a candidate, from their profile and preferences."""
    facts = profiles.profile_facts(profile)
    resume = profiles.effective_resume(profile)
    preferences = profiles.preferences_of(profile)
    wishes: list[PlaceWish] = []
    for location in preferences.locations:
        resolved = location.resolved
        if resolved is not None:
            place = Place(city=resolved.city, region=resolved.region, country=resolved.country)
            wishes.append(PlaceWish(place, location.max_distance_km))
    floor = None
    if preferences.min_salary is not None:
        wanted = preferences.min_salary
        floor = jobs.annual_in_reference(
            wanted.amount, wanted.currency, wanted.interval, runtime.settings.ingest
        )
    return CandidateFacts(
        user_id=profile.user_id,
        skills=tuple(
            CandidateSkill(
                id=skill.concept_id,
                label=skill.label,
                years=skill.years,
                evidence=tuple(e.text for e in skill.evidence),
            )
            for skill in facts.skills
        ),
        total_years=facts.total_years if facts.total_years or resume.experience else None,
        seniority=facts.seniority,
        current_title=facts.current_title,
        home=_place_of(resume.contact.location),
        places=tuple(wishes),
        willing_to_relocate=preferences.willing_to_relocate,
        remote=preferences.remote,
        min_salary=floor,
        desired_seniority=tuple(preferences.seniority),
        employment_types=tuple(preferences.employment_types),
        industries=tuple(preferences.industries),
        company_sizes=tuple(preferences.company_sizes),
        company_blocklist=tuple(preferences.company_blocklist),
        title_blocklist=tuple(preferences.title_blocklist),
        needs_visa=preferences.visa_sponsorship_needed,
        goals=preferences.goals,
    )


def job_facts(job: Job, *, evidence: dict[str, tuple[str, ...]] | None = None) -> JobFacts:
    """What the scorer knows of a job (``evidence``: sentences per skill id, when wanted)."""
    places = tuple(
        Place(city=p.get("city"), region=p.get("region"), country=p.get("country"))
        for p in job.locations or []
    )
    workplace = job.workplace if job.workplace in ("remote", "hybrid", "on_site") else None
    return JobFacts(
        id=job.id,
        title=job.title,
        company=job.company_name,
        company_key=job.company_key,
        seniority=job.seniority,
        employment_type=job.employment_type,
        workplace=workplace,  # type: ignore[arg-type]
        places=places,
        remote_countries=tuple(job.countries) if workplace == "remote" else (),
        salary_min=job.salary_annual_min_ref,
        salary_max=job.salary_annual_max_ref,
        experience_min_years=job.experience_min_years,
        experience_max_years=job.experience_max_years,
        skills=tuple(
            JobSkill(
                id=s["id"],
                label=s["label"],
                required=s.get("required"),
                evidence=(evidence or {}).get(s["id"], ()),
            )
            for s in job.skills or []
        ),
        benefits=tuple(job.benefits or ()),
        description=job.description or "",
        visa_sponsorship=job.visa_sponsorship,
        posted_at=job.posted_at or job.first_seen_at,
    )


def query_vector(profile: CandidateProfile) -> FloatVector | None:
    """The profile's facet vectors mixed into one unit vector (None without any)."""
    facets = (profile.skills_embedding, profile.experience_embedding, profile.goals_embedding)
    total: FloatVector | None = None
    for vector, weight in zip(facets, FACET_WEIGHTS, strict=True):
        if vector is None:
            continue
        part = np.asarray(vector, dtype=np.float32) * weight
        total = part if total is None else total + part
    if total is None:
        return None
    norm = float(np.linalg.norm(total))
    return (total / norm).astype(np.float32) if norm else None


def _retrieval_filters(
    facts: CandidateFacts,
    filters: MatchFilters,
    *,
    excluded: frozenset[uuid.UUID],
    org_ids: Sequence[uuid.UUID],
) -> RetrievalFilters:
    countries: set[str] = set(filters.countries)
    if not countries and not facts.willing_to_relocate and facts.remote != "remote":
        if facts.home is not None and facts.home.country:
            countries.add(facts.home.country)
        countries.update(w.place.country for w in facts.places if w.place.country)
    return RetrievalFilters(
        countries=frozenset(countries),
        remote_ok=facts.remote != "on_site",
        remote_only=filters.remote_only or facts.remote == "remote",
        # The scorer ranks salaries near the floor; stage 1 drops only the clearly too low.
        min_salary=facts.min_salary * 0.8 if facts.min_salary else None,
        seniority=frozenset(filters.seniority),
        employment_types=frozenset(filters.employment_types or facts.employment_types),
        exclude_company_keys=frozenset(jobs.company_key(c) for c in facts.company_blocklist),
        exclude_job_ids=excluded,
        visible_org_ids=frozenset(org_ids),
        posted_since=filters.posted_since,
    )


# -- ranking -----------------------------------------------------------------------------


def _cache_key(
    user_id: uuid.UUID, profile: CandidateProfile, filters: MatchFilters, weights: Weights
) -> str:
    digest = hashlib.sha256(
        "|".join(
            [
                profile.updated_at.isoformat(),
                filters.key(),
                json.dumps(weights.as_dict(), sort_keys=True),
            ]
        ).encode()
    ).hexdigest()[:24]
    return f"matching:feed:{user_id}:{digest}"


async def _candidate(
    runtime: Runtime, session: AsyncSession, user_id: uuid.UUID
) -> tuple[CandidateProfile, CandidateFacts]:
    profile = await profiles.get_profile(session, user_id)
    if query_vector(profile) is None:
        raise InvalidInput(
            "your profile is empty: upload a resume or set your preferences to get matches"
        )
    return profile, candidate_facts(runtime, profile)


async def rank_jobs_for_candidate(
    runtime: Runtime,
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    filters: MatchFilters = MatchFilters(),
    weights: Weights = DEFAULT_WEIGHTS,
    offset: int = 0,
    limit: int = 20,
    now: datetime | None = None,
) -> MatchResult:
    """A page of the candidate's feed: the best open jobs for them, explained."""
    now = now or datetime.now(UTC)
    profile, facts = await _candidate(runtime, session, user_id)
    key = (
        f"{_cache_key(user_id, profile, filters, weights)}:{await jobs.catalogue_version(runtime)}"
    )
    cached = await runtime.cache.get(key)
    if cached is not None:
        ranked = [
            RankedEntry(uuid.UUID(e[0]), float(e[1]), tuple(uuid.UUID(d) for d in e[2]))
            for e in cached
        ]
        from_cache = True
    else:
        ranked = await _rank(runtime, session, profile, facts, filters, weights, now, limit)
        await runtime.cache.set(
            key,
            [[str(e.job_id), e.total, [str(d) for d in e.duplicates]] for e in ranked],
            ttl_seconds=CACHE_SECONDS,
        )
        from_cache = False
    page = ranked[offset : offset + limit]
    explained = await _explain_entries(runtime, session, facts, page, weights, now)
    next_offset = offset + limit if offset + limit < len(ranked) else None
    return MatchResult(explained, len(ranked), next_offset, from_cache)


async def _rank(
    runtime: Runtime,
    session: AsyncSession,
    profile: CandidateProfile,
    facts: CandidateFacts,
    filters: MatchFilters,
    weights: Weights,
    now: datetime,
    page_size: int,
) -> list[RankedEntry]:
    vector = query_vector(profile)
    assert vector is not None
    dismissed_ids = await repository.job_ids_with_feedback(session, facts.user_id, "dismiss")
    applied_ids = await repository.job_ids_with_feedback(session, facts.user_id, "apply")
    org_ids = [org.id for org, _ in await orgs.orgs_of_user(session, facts.user_id)]
    retrieval = _retrieval_filters(
        facts, filters, excluded=frozenset(dismissed_ids | applied_ids), org_ids=org_ids
    )
    hits = await vector_index_of(runtime).search(session, vector, retrieval, RETRIEVAL_DEPTH)
    found = await jobs.jobs_by_ids(session, [hit.job_id for hit in hits])
    graph = SkillGraph(await taxonomy.related_skills(runtime, session))
    candidate = index_candidate(facts)
    items: list[RankedItem] = []
    for hit in hits:
        job = found.get(hit.job_id)
        if job is None or job.status != "open":
            continue
        job_fact = job_facts(job)
        allowed, _ = passes_hard_filters(candidate, job_fact)
        if not allowed:
            continue
        # The total alone: only the page asked for is explained (in full) later.
        total = match_total(candidate, job_fact, graph=graph, now=now, weights=weights)
        if filters.min_score is not None and total < filters.min_score:
            continue
        items.append(
            RankedItem(
                job_id=job.id,
                company_key=job.company_key,
                title_key=job.title_key,
                score=total,
                vector=_vector(job),
            )
        )
    items.sort(key=lambda item: -item.score)
    dismissed_jobs = await jobs.jobs_by_ids(session, list(dismissed_ids))
    items = sink_similar_to_dismissed(
        items,
        [DismissedJob(j.company_key, j.title_key, _vector(j)) for j in dismissed_jobs.values()],
    )
    collapsed = collapse_near_duplicates(items)
    capped = cap_per_company(collapsed, per_page=PER_COMPANY, page_size=page_size)
    return [RankedEntry(c.item.job_id, round(c.item.score, 1), c.duplicates) for c in capped]


def _vector(job: Job) -> FloatVector | None:
    if job.embedding is None:
        return None
    return np.asarray(job.embedding, dtype=np.float32)


async def _explain_entries(
    runtime: Runtime,
    session: AsyncSession,
    facts: CandidateFacts,
    entries: Sequence[RankedEntry],
    weights: Weights,
    now: datetime,
) -> list[tuple[RankedEntry, Job, Explanation]]:
    found = await jobs.jobs_by_ids(session, [e.job_id for e in entries])
    graph = SkillGraph(await taxonomy.related_skills(runtime, session))
    index = await taxonomy.get_index(runtime, session)
    candidate = index_candidate(facts)
    explained: list[tuple[RankedEntry, Job, Explanation]] = []
    for entry in entries:
        job = found.get(entry.job_id)
        if job is None:
            continue
        scored = _score_with_evidence(candidate, job, graph, index, weights, now, runtime)
        explained.append((entry, job, explain(scored)))
    return explained


def _score_with_evidence(
    candidate: CandidateIndex,
    job: Job,
    graph: SkillGraph,
    index: TaxonomyIndex,
    weights: Weights,
    now: datetime,
    runtime: Runtime,
) -> ScoredMatch:
    text = f"{job.title}\n{job.description or ''}"
    evidence: dict[str, list[str]] = {}
    for mention in index.extract_skills(text, source=runtime.settings.profiles.taxonomy):
        sentences = evidence.setdefault(mention.concept.id, [])
        for start, _ in mention.spans[:2]:
            sentence = _sentence_at(text, start)
            if sentence and sentence not in sentences:
                sentences.append(sentence)
    facts = job_facts(job, evidence={k: tuple(v) for k, v in evidence.items()})
    return score_match(candidate, facts, graph=graph, now=now, weights=weights)


def _sentence_at(text: str, position: int) -> str:
    for match in _SENTENCE.finditer(text):
        if match.start() <= position < match.end():
            return match.group().strip()[:300]
    return ""


async def explain_match(
    runtime: Runtime,
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    job_id: uuid.UUID,
    weights: Weights = DEFAULT_WEIGHTS,
    now: datetime | None = None,
) -> tuple[Job, Explanation, tuple[bool, str | None]]:
    """One job scored and explained for the candidate, with whether it passes their filters."""
    now = now or datetime.now(UTC)
    _, facts = await _candidate(runtime, session, user_id)
    found = await jobs.jobs_by_ids(session, [job_id])
    job = found.get(job_id)
    org_ids = {org.id for org, _ in await orgs.orgs_of_user(session, user_id)}
    if job is None or (job.org_id is not None and job.org_id not in org_ids):
        raise NotFound("job not found")
    graph = SkillGraph(await taxonomy.related_skills(runtime, session))
    index = await taxonomy.get_index(runtime, session)
    candidate = index_candidate(facts)
    scored = _score_with_evidence(candidate, job, graph, index, weights, now, runtime)
    return job, explain(scored), passes_hard_filters(candidate, scored.job)


# -- feedback ----------------------------------------------------------------------------


async def record_feedback(
    runtime: Runtime,
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    job_id: uuid.UUID,
    action: FeedbackAction,
) -> None:
    """Store a signal about a job; dismissing or applying changes the next ranking."""
    found = await jobs.jobs_by_ids(session, [job_id])
    job = found.get(job_id)
    org_ids = {org.id for org, _ in await orgs.orgs_of_user(session, user_id)}
    if job is None or (job.org_id is not None and job.org_id not in org_ids):
        raise NotFound("job not found")
    _, experiment_id, variant = await weights_for_user(runtime, session, user_id)
    await repository.add_feedback(
        session,
        user_id=user_id,
        job_id=job_id,
        action=action,
        experiment_id=experiment_id,
        variant=variant,
    )
    if action in ("dismiss", "undismiss", "apply"):
        await runtime.cache.delete_prefix(f"matching:feed:{user_id}:")


async def weights_for_user(
    runtime: Runtime, session: AsyncSession, user_id: uuid.UUID
) -> tuple[Weights, uuid.UUID | None, str | None]:
    """The weights the user's feed is ranked with now, with the running experiment's id and
    the user's variant in it (both ``None`` when no experiment runs)."""
    profile = await profiles.get_profile(session, user_id)
    base = {**runtime.settings.matching.weights, **(profile.ranking_weights or {})}
    try:
        arm = await experiments.serving_arm(session, user_id, base)
    except ValueError as exc:
        # Only the deployment's settings can be wrong here: user overrides are checked on save.
        raise InvalidInput(f"invalid matching.weights setting: {exc}") from exc
    return arm.weights, arm.experiment_id, arm.variant


async def set_user_weights(
    runtime: Runtime, session: AsyncSession, user_id: uuid.UUID, overrides: dict[str, float]
) -> Weights:
    """Store the candidate's factor-weight overrides; returns the weights their feed uses now."""
    try:
        Weights.from_mapping({**runtime.settings.matching.weights, **overrides})
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    await profiles.set_ranking_weights(session, user_id, overrides)
    await runtime.cache.delete_prefix(f"matching:feed:{user_id}:")
    weights, _, _ = await weights_for_user(runtime, session, user_id)
    return weights
