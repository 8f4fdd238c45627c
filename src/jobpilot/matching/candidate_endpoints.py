"""REST endpoint of the recruiter's direction: candidates ranked for one of their jobs."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from jobpilot.auth.dependencies import requires
from jobpilot.auth.service import Principal
from jobpilot.core.deps import RuntimeDep, SessionDep
from jobpilot.core.errors import InvalidInput
from jobpilot.matching import recruiting
from jobpilot.matching.recruiting import CandidateMatch
from jobpilot.matching.schemas import (
    CandidateGapSkillOut,
    CandidateMatchedSkillOut,
    CandidateMatchOut,
    CandidateMatchPage,
    CandidateSkillOut,
    explanation_parts,
)

router = APIRouter(prefix="/api/v1/jobs", tags=["matching"])
Reader = Annotated[Principal, Depends(requires("matches:read"))]


def candidate_match_out(match: CandidateMatch) -> CandidateMatchOut:
    """The pseudonymous API view of a ranked candidate (no candidate-side evidence sentences:
    they quote the resume, which may name employers or people)."""
    explanation = match.explanation
    factors, _, _ = explanation_parts(explanation)
    return CandidateMatchOut(
        candidate_id=match.user_id,
        headline=match.headline,
        current_title=match.current_title,
        seniority=match.seniority,
        total_years=match.total_years,
        city=match.city,
        country=match.country,
        top_skills=[
            CandidateSkillOut(id=skill.id, label=skill.label, years=skill.years)
            for skill in match.top_skills
        ],
        score=explanation.total,
        progress_probability=match.progress_probability,
        summary=explanation.summary,
        factors=factors,
        matched_skills=[
            CandidateMatchedSkillOut(
                id=skill.skill.id,
                label=skill.skill.label,
                required=skill.skill.required,
                credit=round(skill.credit, 3),
                years=skill.candidate_skill.years,
            )
            for skill in explanation.matched_skills
        ],
        skill_gap=[
            CandidateGapSkillOut(
                id=skill.skill.id,
                label=skill.skill.label,
                required=skill.skill.required,
                related_skills=[related.label for related in skill.related],
            )
            for skill in explanation.skill_gap
        ],
    )


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit() or len(cursor) > 6:
        raise InvalidInput("invalid cursor")
    return int(cursor)


@router.get("/{job_id}/candidates", response_model=CandidateMatchPage)
async def list_candidates(
    job_id: uuid.UUID,
    principal: Reader,
    runtime: RuntimeDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    cursor: Annotated[str | None, Query(max_length=6)] = None,
) -> CandidateMatchPage:
    """Candidates for one of your organisation's jobs (recruiters and org admins of the job's
    organisation, and administrators; `matches:read`), best first: discoverable candidates
    with a resume, scored with the 7-factor model and explained, each with an estimated
    chance to progress to interview. No contact details: candidates are shown by id, title,
    place and skills. Another organisation's job is 404; a shared-catalogue job is 403 for
    all but administrators. Follow `next_cursor` for more."""
    await recruiting.job_for_recruiter(session, job_id=job_id, user=principal.user)
    page = await recruiting.rank_candidates_for_job(
        runtime, session, job_id=job_id, offset=_offset(cursor), limit=limit
    )
    return CandidateMatchPage(
        items=[candidate_match_out(match) for match in page.entries],
        next_cursor=str(page.next_offset) if page.next_offset is not None else None,
        total=page.total_ranked,
    )
