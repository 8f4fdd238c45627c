from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.auth.models import User
from jobpilot.orgs.models import Membership, Organisation, OrgRole


async def add(session: AsyncSession, obj: object) -> None:
    session.add(obj)
    await session.flush()


async def get_org(session: AsyncSession, org_id: uuid.UUID) -> Organisation | None:
    return await session.get(Organisation, org_id)


async def get_org_by_slug(session: AsyncSession, slug: str) -> Organisation | None:
    return (
        await session.scalars(select(Organisation).where(Organisation.slug == slug))
    ).one_or_none()


async def get_membership(
    session: AsyncSession, org_id: uuid.UUID, user_id: uuid.UUID
) -> Membership | None:
    query = select(Membership).where(Membership.org_id == org_id, Membership.user_id == user_id)
    return (await session.scalars(query)).one_or_none()


async def orgs_of_user(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[Organisation, OrgRole]]:
    rows = await session.execute(
        select(Organisation, Membership.role)
        .join(Membership, Membership.org_id == Organisation.id)
        .where(Membership.user_id == user_id)
        .order_by(Organisation.name)
    )
    return [(org, role) for org, role in rows.all()]


async def members(session: AsyncSession, org_id: uuid.UUID) -> list[tuple[Membership, User]]:
    rows = await session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.org_id == org_id)
        .order_by(Membership.created_at)
    )
    return [(m, u) for m, u in rows.all()]


async def count_admins(session: AsyncSession, org_id: uuid.UUID) -> int:
    query = select(func.count()).where(
        Membership.org_id == org_id, Membership.role == OrgRole.org_admin
    )
    return int((await session.scalar(query)) or 0)


async def remove_membership(session: AsyncSession, membership_id: uuid.UUID) -> None:
    await session.execute(delete(Membership).where(Membership.id == membership_id))
