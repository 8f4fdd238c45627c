"""REST endpoints of the candidate's ranked, explained job feed and their feedback on it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from jobpilot.auth.dependencies import requires
from jobpilot.auth.service import Principal
from jobpilot.core.deps import RuntimeDep, SessionDep
from jobpilot.core.errors import InvalidInput
from jobpilot.jobs.models import Job
from jobpilot.jobs.signals import EmploymentType, Seniority
from jobpilot.matching import experiments, service
from jobpilot.matching.explain import Explanation
from jobpilot.matching.schemas import (
    FeedbackIn,
    MatchDetailOut,
    MatchJobOut,
    MatchOut,
    MatchPage,
    WeightsIn,
    WeightsOut,
    explanation_parts,
)
from jobpilot.profiles import service as profiles

router = APIRouter(prefix="/api/v1/me/matches", tags=["matching"])
Reader = Annotated[Principal, Depends(requires("matches:read"))]
Writer = Annotated[Principal, Depends(requires("matches:write"))]


def _place(location: dict[str, str | None]) -> str:
    return ", ".join(p for p in (location.get("city"), location.get("country")) if p)


def job_out(job: Job) -> MatchJobOut:
    return MatchJobOut(
        id=job.id,
        title=job.title,
        company=job.company_name,
        workplace=job.workplace,
        locations=[p for p in (_place(loc) for loc in job.locations or []) if p],
        seniority=job.seniority,
        employment_type=job.employment_type,
        posted_at=job.posted_at or job.first_seen_at,
        apply_url=job.apply_url,
    )


def match_out(
    job: Job, explanation: Explanation, duplicates: tuple[uuid.UUID, ...] = ()
) -> MatchOut:
    factors, matched, gap = explanation_parts(explanation)
    return MatchOut(
        job=job_out(job),
        score=explanation.total,
        summary=explanation.summary,
        factors=factors,
        matched_skills=matched,
        skill_gap=gap,
        duplicates=list(duplicates),
    )


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit() or len(cursor) > 6:
        raise InvalidInput("invalid cursor")
    return int(cursor)


@router.get("", response_model=MatchPage)
async def list_matches(
    principal: Reader,
    runtime: RuntimeDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    cursor: Annotated[str | None, Query(max_length=6)] = None,
    remote: Annotated[bool, Query(description="Remote jobs only")] = False,
    country: Annotated[list[str] | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    min_score: Annotated[float | None, Query(ge=0, le=100)] = None,
    seniority: Annotated[list[Seniority] | None, Query()] = None,
    employment_type: Annotated[list[EmploymentType] | None, Query()] = None,
    posted_since: Annotated[datetime | None, Query()] = None,
) -> MatchPage:
    """The caller's job feed: open jobs ranked by the 7-factor score, each explained, with
    at most 3 per company per page and near-duplicates folded together. Built from the
    caller's profile and preferences; cached for 15 minutes or until either changes. While a
    ranking experiment runs, the caller's variant ranks the feed and is named in `variant`."""
    filters = service.MatchFilters(
        remote_only=remote,
        countries=tuple(c.upper() for c in country or ()),
        min_score=min_score,
        seniority=tuple(seniority or ()),
        employment_types=tuple(employment_type or ()),
        posted_since=posted_since,
    )
    weights, experiment_id, variant = await service.weights_for_user(
        runtime, session, principal.user.id
    )
    result = await service.rank_jobs_for_candidate(
        runtime,
        session,
        user_id=principal.user.id,
        filters=filters,
        weights=weights,
        offset=_offset(cursor),
        limit=limit,
    )
    if experiment_id is not None and variant is not None:
        await experiments.record_exposure(
            session, experiment_id=experiment_id, user_id=principal.user.id, variant=variant
        )
    return MatchPage(
        items=[
            match_out(job, explanation, entry.duplicates)
            for entry, job, explanation in result.entries
        ],
        next_cursor=str(result.next_offset) if result.next_offset is not None else None,
        total=result.total_ranked,
        variant=variant,
    )


@router.get("/weights", response_model=WeightsOut)
async def get_weights(principal: Reader, runtime: RuntimeDep, session: SessionDep) -> WeightsOut:
    """The factor weights the caller's feed is ranked with now, and the caller's own overrides
    (deployment settings, then the caller's overrides, then a running experiment's variant)."""
    weights, _, variant = await service.weights_for_user(runtime, session, principal.user.id)
    profile = await profiles.get_profile(session, principal.user.id)
    return WeightsOut(
        weights=weights.as_dict(), overrides=dict(profile.ranking_weights or {}), variant=variant
    )


@router.put("/weights", response_model=WeightsOut)
async def put_weights(
    body: WeightsIn, principal: Writer, runtime: RuntimeDep, session: SessionDep
) -> WeightsOut:
    """Set the caller's own factor-weight overrides, e.g. `{"overrides": {"salary": 0.3}}`;
    factors left out keep the deployment's weights, and the set is normalised. `{}` resets."""
    weights = await service.set_user_weights(
        runtime, session, principal.user.id, dict(body.overrides)
    )
    _, _, variant = await service.weights_for_user(runtime, session, principal.user.id)
    return WeightsOut(weights=weights.as_dict(), overrides=dict(body.overrides), variant=variant)


@router.get("/{job_id}", response_model=MatchDetailOut)
async def get_match(
    job_id: uuid.UUID, principal: Reader, runtime: RuntimeDep, session: SessionDep
) -> MatchDetailOut:
    """One job scored and explained for the caller, with every factor, the matched skills
    with evidence on both sides and the skill gap (any job the caller may see), scored with
    the same weights as the caller's feed."""
    weights, _, _ = await service.weights_for_user(runtime, session, principal.user.id)
    job, explanation, (passes, because) = await service.explain_match(
        runtime, session, user_id=principal.user.id, job_id=job_id, weights=weights
    )
    return MatchDetailOut(
        **match_out(job, explanation).model_dump(),
        passes_filters=passes,
        filtered_because=because,
    )


@router.post("/{job_id}/feedback", status_code=status.HTTP_204_NO_CONTENT)
async def post_feedback(
    job_id: uuid.UUID,
    body: FeedbackIn,
    principal: Writer,
    runtime: RuntimeDep,
    session: SessionDep,
) -> Response:
    """Tell jobpilot what you think of a job: `view`, `save`, `unsave`, `dismiss`,
    `undismiss` or `apply`. Dismissed and applied jobs leave the feed; jobs like a dismissed
    one sink."""
    await service.record_feedback(
        runtime, session, user_id=principal.user.id, job_id=job_id, action=body.action
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
