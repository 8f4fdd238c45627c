"""A person's own data across domains: export it all, or delete the account with it.

Each domain contributes through its service; the account row's foreign keys cascade (profiles,
resumes, memberships, keys, sessions) or set null (audit events keep no link to the person).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit import service as audit
from jobpilot.audit.schemas import AuditEventOut
from jobpilot.auth import repository
from jobpilot.auth.schemas import ApiKeyOut, UserOut
from jobpilot.auth.service import Principal
from jobpilot.core import security
from jobpilot.core.errors import Conflict, Forbidden
from jobpilot.orgs import service as orgs
from jobpilot.profiles import service as profiles


async def export_account(session: AsyncSession, principal: Principal, *, ip: str) -> dict[str, Any]:
    """Everything jobpilot holds about the caller, as one JSON document (audited)."""
    user = principal.user
    memberships = [
        {"org_id": str(org.id), "org_name": org.name, "org_slug": org.slug, "role": role}
        for org, role in await orgs.orgs_of_user(session, user.id)
    ]
    keys = await repository.list_api_keys(session, user.id)
    events = await audit.events_by_actor(session, user.id)
    document = {
        "exported_at": datetime.now(UTC).isoformat(),
        "account": UserOut.model_validate(user).model_dump(mode="json"),
        "memberships": memberships,
        "api_keys": [ApiKeyOut.model_validate(k).model_dump(mode="json") for k in keys],
        "audit_events": [AuditEventOut.model_validate(e).model_dump(mode="json") for e in events],
        **await profiles.export_profile(session, user.id),
    }
    await audit.record(
        session,
        "account.export",
        actor=audit.Actor(user_id=user.id, api_key_id=principal.api_key_id, ip=ip),
        target_type="user",
        target_id=user.id,
    )
    return document


async def delete_account(
    session: AsyncSession, principal: Principal, *, password: str, ip: str
) -> None:
    """Delete the caller's account and everything of theirs; needs the password again.

    Refused for API keys (only the person, signed in, may delete themselves) and while the
    caller is the last admin of an organisation, which would be left unmanaged.
    """
    user = principal.user
    if principal.via_api_key:
        raise Forbidden("an account can be deleted only from a signed-in session")
    if not security.verify_password(password, user.password_hash):
        raise Forbidden("the password does not match")
    stranded = await orgs.orgs_only_administered_by(session, user.id)
    if stranded:
        names = ", ".join(org.slug for org in stranded)
        raise Conflict(f"appoint another org admin first in: {names}")
    await audit.record(
        session,
        "account.delete",
        actor=audit.Actor(user_id=None, ip=ip),
        target_type="user",
        target_id=user.id,
    )
    await session.delete(user)
    await session.flush()
