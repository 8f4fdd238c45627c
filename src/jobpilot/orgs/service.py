"""Organisations (tenants) and their members.

Visibility rule: an organisation a caller does not belong to does not exist for them (404),
so ids of other tenants cannot be probed. A member with too low a role gets 403.
"""

from __future__ import annotations

import re
import secrets
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit import service as audit
from jobpilot.audit.service import Actor
from jobpilot.auth import service as auth_service
from jobpilot.auth.models import User
from jobpilot.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from jobpilot.orgs import repository
from jobpilot.orgs.models import Membership, Organisation, OrgRole
from jobpilot.orgs.schemas import MemberOut

ROLE_RANK = {OrgRole.seeker: 0, OrgRole.recruiter: 1, OrgRole.org_admin: 2}


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:90]
    return slug if len(slug) >= 3 else f"org-{secrets.token_hex(3)}"


async def create_org(
    session: AsyncSession, *, name: str, slug: str | None, owner: User, actor: Actor
) -> Organisation:
    """Create an organisation with ``owner`` as its first org admin."""
    wanted = slug or slugify(name)
    if await repository.get_org_by_slug(session, wanted) is not None:
        if slug is not None:
            raise Conflict(f"an organisation with slug '{slug}' already exists")
        wanted = f"{wanted}-{secrets.token_hex(2)}"
    org = Organisation(name=name, slug=wanted)
    await repository.add(session, org)
    await repository.add(
        session, Membership(org_id=org.id, user_id=owner.id, role=OrgRole.org_admin)
    )
    await audit.record(
        session, "org.create", actor=actor, org_id=org.id, target_type="org", target_id=org.id
    )
    return org


async def require_role(
    session: AsyncSession, *, org_id: uuid.UUID, user: User, at_least: OrgRole
) -> tuple[Organisation, OrgRole]:
    """The organisation and the caller's role in it; 404 for non-members, 403 for too low a role.

    Global admins may act in every organisation, as an org admin.
    """
    org = await repository.get_org(session, org_id)
    if org is None:
        raise NotFound("organisation not found")
    if user.is_admin:
        return org, OrgRole.org_admin
    membership = await repository.get_membership(session, org_id, user.id)
    if membership is None:
        raise NotFound("organisation not found")
    if ROLE_RANK[membership.role] < ROLE_RANK[at_least]:
        raise Forbidden(f"this needs the {at_least.value} role in the organisation")
    return org, membership.role


async def orgs_of_user(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[Organisation, OrgRole]]:
    return await repository.orgs_of_user(session, user_id)


async def admin_org_ids(session: AsyncSession, user_id: uuid.UUID) -> list[uuid.UUID]:
    return [
        org.id
        for org, role in await repository.orgs_of_user(session, user_id)
        if role == OrgRole.org_admin
    ]


async def list_members(session: AsyncSession, org_id: uuid.UUID) -> list[MemberOut]:
    return [
        MemberOut(
            user_id=u.id, email=u.email, full_name=u.full_name, role=m.role, joined_at=m.created_at
        )
        for m, u in await repository.members(session, org_id)
    ]


async def add_member(
    session: AsyncSession, *, org_id: uuid.UUID, email: str, role: OrgRole, actor: Actor
) -> MemberOut:
    user = await auth_service.find_user_by_email(session, email)
    if user is None:
        raise InvalidInput("no account with that email; ask the person to register first")
    if await repository.get_membership(session, org_id, user.id) is not None:
        raise Conflict("that person is already a member")
    membership = Membership(org_id=org_id, user_id=user.id, role=role)
    await repository.add(session, membership)
    await audit.record(
        session,
        "org.member_add",
        actor=actor,
        org_id=org_id,
        target_type="user",
        target_id=user.id,
        details={"role": role.value},
    )
    return MemberOut(
        user_id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=role,
        joined_at=membership.created_at,
    )


async def change_member_role(
    session: AsyncSession, *, org_id: uuid.UUID, user_id: uuid.UUID, role: OrgRole, actor: Actor
) -> MemberOut:
    membership = await repository.get_membership(session, org_id, user_id)
    if membership is None:
        raise NotFound("member not found")
    previous = membership.role
    if previous == OrgRole.org_admin and role != OrgRole.org_admin:
        await _keep_one_admin(session, org_id)
    membership.role = role
    await session.flush()
    await audit.record(
        session,
        "role.change",
        actor=actor,
        org_id=org_id,
        target_type="user",
        target_id=user_id,
        details={"from": previous.value, "to": role.value},
    )
    user = await auth_service.get_user(session, user_id)
    assert user is not None
    return MemberOut(
        user_id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=role,
        joined_at=membership.created_at,
    )


async def remove_member(
    session: AsyncSession, *, org_id: uuid.UUID, user_id: uuid.UUID, actor: Actor
) -> None:
    membership = await repository.get_membership(session, org_id, user_id)
    if membership is None:
        raise NotFound("member not found")
    if membership.role == OrgRole.org_admin:
        await _keep_one_admin(session, org_id)
    await repository.remove_membership(session, membership.id)
    await audit.record(
        session,
        "org.member_remove",
        actor=actor,
        org_id=org_id,
        target_type="user",
        target_id=user_id,
    )


async def _keep_one_admin(session: AsyncSession, org_id: uuid.UUID) -> None:
    if await repository.count_admins(session, org_id) <= 1:
        raise Conflict("an organisation needs at least one org admin")


async def orgs_only_administered_by(
    session: AsyncSession, user_id: uuid.UUID
) -> list[Organisation]:
    """Organisations in which this user is the last org admin (they would be left without one)."""
    return [
        org
        for org, role in await repository.orgs_of_user(session, user_id)
        if role == OrgRole.org_admin and await repository.count_admins(session, org.id) <= 1
    ]


async def find_org_by_slug(session: AsyncSession, slug: str) -> Organisation | None:
    return await repository.get_org_by_slug(session, slug)


async def ensure_membership(
    session: AsyncSession, *, org: Organisation, user: User, role: OrgRole
) -> Membership:
    """Idempotent: the user's membership, created with ``role`` if missing (CLI and demo)."""
    membership = await repository.get_membership(session, org.id, user.id)
    if membership is None:
        membership = Membership(org_id=org.id, user_id=user.id, role=role)
        await repository.add(session, membership)
    return membership
