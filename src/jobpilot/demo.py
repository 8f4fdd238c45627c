"""Demo data: a seeker, and a recruiter with an organisation.

Idempotent; later domains add to it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit.service import Actor
from jobpilot.auth import service as auth_service
from jobpilot.auth.models import AccountRole
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
