"""Demo data: a seeker, and a recruiter with an organisation.

Idempotent; later domains add to it.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit.service import Actor
from jobpilot.auth import service as auth_service
from jobpilot.auth.models import AccountRole
from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import AuthSettings
from jobpilot.orgs import service as orgs_service
from jobpilot.orgs.models import OrgRole

DEMO_ORG_SLUG = "demo-northwind"
DEMO_ORG_NAME = "Northwind Talent (demo)"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    email: str
    password: str
    role: str
    full_name: str
    org: str | None = None


# Public, documented demo credentials: the demo is for trying jobpilot on a laptop.
DEMO_ACCOUNTS = (
    DemoAccount("seeker@demo.jobpilot.dev", "demo-seeker-2026", "seeker", "Sam Seeker"),
    DemoAccount(
        "recruiter@demo.jobpilot.dev",
        "demo-recruiter-2026",
        "recruiter",
        "Riley Recruiter",
        DEMO_ORG_SLUG,
    ),
)


async def create_demo_data(
    session: AsyncSession, settings: AuthSettings
) -> list[dict[str, str | None]]:
    """Create (or restore) the demo accounts and organisation; returns the accounts."""
    org = await orgs_service.find_org_by_slug(session, DEMO_ORG_SLUG)
    for account in DEMO_ACCOUNTS:
        user = await auth_service.find_user_by_email(session, account.email)
        if user is None:
            user = await auth_service.register(
                session,
                email=account.email,
                password=account.password,
                full_name=account.full_name,
                role=AccountRole(account.role),
                settings=settings,
            )
        else:
            # Restore the documented password so the printed credentials always work.
            await auth_service.set_password(session, user, account.password, settings)
            user.is_active = True
            user.locked_until = None
            user.failed_logins = 0
        if account.org is not None:
            if org is None:
                org = await orgs_service.create_org(
                    session,
                    name=DEMO_ORG_NAME,
                    slug=DEMO_ORG_SLUG,
                    owner=user,
                    actor=Actor(user_id=user.id),
                )
            else:
                await orgs_service.ensure_membership(
                    session, org=org, user=user, role=OrgRole.org_admin
                )
    return [asdict(a) for a in DEMO_ACCOUNTS]


DEMO_SEEKER_EMAIL = DEMO_ACCOUNTS[0].email
DEMO_RESUME = "demo_resume.md"
DEMO_PREFERENCES: dict[str, Any] = {
    "desired_titles": ["Senior Backend Engineer", "Lead Backend Engineer", "Data Engineer"],
    "locations": [{"name": "Berlin, Germany", "max_distance_km": 30}],
    "willing_to_relocate": False,
    "remote": "hybrid",
    "min_salary": {"amount": 80000, "currency": "EUR", "interval": "year"},
    "seniority": ["senior", "lead"],
    "employment_types": ["full_time"],
    "industries": ["Logistics", "Software"],
    "company_sizes": ["51-200", "201-1000"],
    "company_blocklist": [],
    "title_blocklist": ["Sales"],
    "visa_sponsorship_needed": False,
    "discoverable": True,
    "alert_threshold": 75,
    "goals": "A senior or lead backend role on a small team that owns its data platform.",
}


async def load_demo_profile(runtime: Runtime, session: AsyncSession) -> dict[str, Any]:
    """Give the demo seeker a parsed master resume and preferences (idempotent)."""
    from importlib import resources

    from jobpilot.profiles import service as profiles
    from jobpilot.profiles.schemas import Preferences

    user = await auth_service.find_user_by_email(session, DEMO_SEEKER_EMAIL)
    if user is None:
        return {"resume": None}
    content = resources.files("jobpilot.profiles").joinpath("data", DEMO_RESUME).read_bytes()
    profile = await profiles.get_or_create_profile(session, user.id)
    if profile.master_resume_id is None:
        await profiles.import_resume(
            runtime,
            session,
            user_id=user.id,
            content=content,
            filename="sam-seeker-resume.md",
            content_type="text/markdown",
            name="Sam Seeker — master resume",
        )
    if not profile.preferences:
        await profiles.put_preferences(
            runtime, session, user.id, Preferences.model_validate(DEMO_PREFERENCES)
        )
    facts = profiles.profile_facts(profile)
    return {
        "email": DEMO_SEEKER_EMAIL,
        "current_title": facts.current_title,
        "total_years": facts.total_years,
        "skills": len(facts.skills),
    }


# The demo catalogue: generated postings (seeded, so every install shows the same jobs).
DEMO_JOB_COUNT = 2400
DEMO_JOB_SEED = 7


def demo_corpus_jsonl(count: int = DEMO_JOB_COUNT, *, seed: int = DEMO_JOB_SEED) -> bytes:
    """The demo postings as JSON Lines in the documented import format, dated around today."""
    from jobpilot.jobs.corpus import generate_postings

    lines = (
        json.dumps(record, ensure_ascii=False)
        for record in generate_postings(count, seed=seed, reference_date=date.today())
    )
    return ("\n".join(lines) + "\n").encode()


async def load_demo_jobs(runtime: Runtime, *, count: int = DEMO_JOB_COUNT) -> dict[str, Any]:
    """Import the demo corpus (idempotent: a second load changes nothing)."""
    from jobpilot.jobs.service import ingest_postings
    from jobpilot.sources import files
    from jobpilot.sources.base import RawPosting

    content = demo_corpus_jsonl(count)
    postings = (
        entry
        for entry in files.read_postings(io.BytesIO(content), "jsonl")
        if isinstance(entry, RawPosting)
    )
    _, counts = await ingest_postings(runtime, postings, trigger="demo", source="demo")
    return counts.as_dict()


async def demo_feed(runtime: Runtime, *, top: int = 5) -> list[dict[str, Any]]:
    """The demo seeker's best matches in the demo catalogue, as the feed ranks them."""
    from jobpilot.matching import service as matching

    async with runtime.sessionmaker() as session:
        user = await auth_service.find_user_by_email(session, DEMO_SEEKER_EMAIL)
        if user is None:
            return []
        result = await matching.rank_jobs_for_candidate(
            runtime, session, user_id=user.id, limit=top
        )
        return [
            {
                "job_id": str(job.id),
                "title": job.title,
                "company": job.company_name,
                "score": explanation.total,
                "summary": explanation.summary,
            }
            for _, job, explanation in result.entries
        ]
