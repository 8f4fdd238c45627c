"""Candidates for a job: the recruiter's direction of matching.

Stage 1 scans the candidates who chose to be discoverable for the profiles nearest the job's
embedding (the same facet mix as the candidate's feed); stage 2 scores each with the seven
factors after the candidates' own hard filters, so a candidate who blocklisted the company or
wants remote work only never surfaces for it. Recruiters see a pseudonymous view: contact
details stay with organisations the candidate applied to (PRODUCT §C1).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.auth.models import User
from jobpilot.core.errors import Forbidden, InvalidInput, NotFound
from jobpilot.core.runtime import Runtime
from jobpilot.jobs import service as jobs
from jobpilot.jobs.models import Job
from jobpilot.matching import repository
from jobpilot.matching.candidates import index_candidate, passes_hard_filters
from jobpilot.matching.explain import Explanation, explain
from jobpilot.matching.facts import CandidateFacts, CandidateSkill, SkillGraph
from jobpilot.matching.scoring import DEFAULT_WEIGHTS, Weights, score_match
from jobpilot.matching.service import FACET_WEIGHTS, RETRIEVAL_DEPTH, candidate_facts, job_facts
from jobpilot.orgs import service as orgs
from jobpilot.orgs.models import OrgRole
from jobpilot.profiles import service as profiles
from jobpilot.profiles.models import CandidateProfile
from jobpilot.profiles.resume import Contact
from jobpilot.taxonomy import service as taxonomy

# The logistic prior of progressing to interview: even odds at this score ...
PROGRESS_MIDPOINT = 60.0
# ... and this many points move the log-odds by one.
PROGRESS_SCALE = 8.0
TOP_SKILLS = 10


def progress_probability(score: float) -> float:
    """The estimated chance that a candidate with this match score (0 to 100) progresses to
    interview: p = 1 / (1 + exp(-(score - 60) / 8)).

    An uncalibrated prior, not a fitted model: no application outcomes exist yet to fit it
    on. It is 0.5 at 60, about 0.78 at 70, 0.92 at 80 and 0.22 at 50, and only orders
    candidates as the score does. Once applications record who reached interview, the
    midpoint and scale are to be fitted to them (a one-feature logistic regression).
    """
    return 1.0 / (1.0 + math.exp(-(score - PROGRESS_MIDPOINT) / PROGRESS_SCALE))


@dataclass(frozen=True, slots=True)
class CandidateMatch:
    """One candidate for a job as a recruiter may see them: no name, email, phone or links."""

    user_id: uuid.UUID
    headline: str | None
    current_title: str | None
    seniority: str | None
    total_years: float | None
    city: str | None
    country: str | None
    top_skills: tuple[CandidateSkill, ...]
    explanation: Explanation
    progress_probability: float


@dataclass(frozen=True, slots=True)
class CandidatePage:
    """One page of the candidates ranked for a job."""

    job: Job
    entries: list[CandidateMatch]
    total_ranked: int
    next_offset: int | None


async def job_for_recruiter(session: AsyncSession, *, job_id: uuid.UUID, user: User) -> Job:
    """The job whose candidates ``user`` asks for, if they may see them: recruiters and org
    admins of the job's organisation, and administrators. Another organisation's job (or
    none) is 404; a shared-catalogue job is 403 for everyone but administrators."""
    job = (await jobs.jobs_by_ids(session, [job_id])).get(job_id)
    if job is None:
        raise NotFound("job not found")
    if job.org_id is None:
        if not user.is_admin:
            raise Forbidden("candidates are ranked for an organisation's own jobs only")
        return job
    try:
        await orgs.require_role(session, org_id=job.org_id, user=user, at_least=OrgRole.recruiter)
    except NotFound:
        raise NotFound("job not found") from None
    return job


async def rank_candidates_for_job(
    runtime: Runtime,
    session: AsyncSession,
    *,
    job_id: uuid.UUID,
    offset: int = 0,
    limit: int = 20,
    weights: Weights = DEFAULT_WEIGHTS,
    now: datetime | None = None,
) -> CandidatePage:
    """A page of the best candidates for a job, explained, with their chance to progress.

    Whom: candidates who chose to be discoverable and have a resume. Applicants join them
    when applications exist: pass their ids to the stage-1 query (``also_user_ids``), and
    only their view may then carry contact details. No access check: callers check first
    (:func:`job_for_recruiter`; the CLI runs as the operator).
    """
    now = now or datetime.now(UTC)
    job = (await jobs.jobs_by_ids(session, [job_id])).get(job_id)
    if job is None:
        raise NotFound("job not found")
    if job.embedding is None:
        raise InvalidInput("this job has no embedding yet; try again once it is indexed")
    query = np.asarray(job.embedding, dtype=np.float32)
    norm = float(np.linalg.norm(query))
    if not norm:
        raise InvalidInput("this job's text gave an empty embedding; add a description")
    hits = await repository.candidates_near_job(
        session, query / norm, facet_weights=FACET_WEIGHTS, limit=RETRIEVAL_DEPTH
    )
    found = await repository.profiles_by_user_ids(session, [user_id for user_id, _ in hits])
    graph = SkillGraph(await taxonomy.related_skills(runtime, session))
    wanted = job_facts(job)
    ranked: list[CandidateMatch] = []
    for user_id, _ in hits:
        profile = found.get(user_id)
        if profile is None:
            continue
        facts = candidate_facts(runtime, profile)
        candidate = index_candidate(facts)
        allowed, _ = passes_hard_filters(candidate, wanted)
        if not allowed:
            continue
        scored = score_match(candidate, wanted, graph=graph, now=now, weights=weights)
        ranked.append(_candidate_match(profile, facts, explain(scored)))
    ranked.sort(key=lambda match: (-match.explanation.total, str(match.user_id)))
    page = ranked[offset : offset + limit]
    next_offset = offset + limit if offset + limit < len(ranked) else None
    return CandidatePage(job, page, len(ranked), next_offset)


def _candidate_match(
    profile: CandidateProfile, facts: CandidateFacts, explanation: Explanation
) -> CandidateMatch:
    resume = profiles.effective_resume(profile)
    home = facts.home
    return CandidateMatch(
        user_id=facts.user_id,
        headline=free_of_contact(resume.headline, resume.contact),
        current_title=free_of_contact(facts.current_title, resume.contact),
        seniority=facts.seniority,
        total_years=round(facts.total_years, 1) if facts.total_years is not None else None,
        city=home.city if home else None,
        country=home.country if home else None,
        top_skills=top_skills(facts.skills),
        explanation=explanation,
        progress_probability=round(progress_probability(explanation.total), 3),
    )


def top_skills(
    skills: tuple[CandidateSkill, ...], count: int = TOP_SKILLS
) -> tuple[CandidateSkill, ...]:
    """The candidate's ``count`` skills with the most years (unknown years last), by label
    within equal years."""
    return tuple(
        sorted(skills, key=lambda s: (s.years is None, -(s.years or 0.0), s.label.casefold()))[
            :count
        ]
    )


def free_of_contact(text: str | None, contact: Contact) -> str | None:
    """``text``, or ``None`` when it carries any of the candidate's contact details.

    A resume's headline is free text and a parser may leave a name or an address in it;
    dropping the line is the only safe repair.
    """
    if not text:
        return None
    folded = text.casefold()
    details = [contact.name, contact.email, contact.phone, *(link.url for link in contact.links)]
    if any(detail and detail.strip().casefold() in folded for detail in details):
        return None
    return text
