"""Small builders of scorer inputs for the matching unit tests."""

from __future__ import annotations

import uuid
from typing import Any

from jobpilot.matching.facts import CandidateFacts, CandidateSkill, JobFacts, JobSkill


def make_candidate(**fields: Any) -> CandidateFacts:
    return CandidateFacts(user_id=uuid.UUID(int=1), **fields)


def make_job(**fields: Any) -> JobFacts:
    defaults: dict[str, Any] = {
        "id": uuid.UUID(int=2),
        "title": "Backend Engineer",
        "company": "Acme",
        "company_key": "acme",
    }
    return JobFacts(**{**defaults, **fields})


def own(skill_id: str, years: float | None = None) -> CandidateSkill:
    """A skill of the candidate, with one evidence sentence naming it."""
    return CandidateSkill(skill_id, skill_id.title(), years, (f"I used {skill_id} daily.",))


def wanted(skill_id: str, required: bool | None = None) -> JobSkill:
    """A skill the job asks for, with one evidence sentence naming it."""
    return JobSkill(skill_id, skill_id.title(), required, (f"You know {skill_id}.",))
