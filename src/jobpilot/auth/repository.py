from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.auth.models import ApiKey, AuthSession, RefreshToken, User


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_user_by_email(
    session: AsyncSession, email: str, *, for_update: bool = False
) -> User | None:
    query = select(User).where(User.email == email)
    if for_update:
        query = query.with_for_update()
    return (await session.scalars(query)).one_or_none()


async def add(session: AsyncSession, obj: object) -> None:
    session.add(obj)
    await session.flush()


async def get_user_with_live_session(
    session: AsyncSession, user_id: uuid.UUID, session_id: uuid.UUID
) -> tuple[User, AuthSession] | None:
    """The user and their login session in one query, only if the session is not revoked."""
    row = (
        await session.execute(
            select(User, AuthSession)
            .join(AuthSession, AuthSession.user_id == User.id)
            .where(User.id == user_id, AuthSession.id == session_id)
            .where(AuthSession.revoked_at.is_(None))
        )
    ).one_or_none()
    return (row[0], row[1]) if row else None


async def get_refresh_token(
    session: AsyncSession, digest: str
) -> tuple[RefreshToken, AuthSession] | None:
    row = (
        await session.execute(
            select(RefreshToken, AuthSession)
            .join(AuthSession, AuthSession.id == RefreshToken.session_id)
            .where(RefreshToken.digest == digest)
            .with_for_update(of=RefreshToken)
        )
    ).one_or_none()
    return (row[0], row[1]) if row else None


async def revoke_session(
    session: AsyncSession, session_id: uuid.UUID, *, at: datetime, reason: str
) -> None:
    await session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=at, revoked_reason=reason)
    )


async def revoke_all_sessions(
    session: AsyncSession, user_id: uuid.UUID, *, at: datetime, reason: str
) -> None:
    await session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=at, revoked_reason=reason)
    )


async def get_api_key_by_prefix(session: AsyncSession, prefix: str) -> tuple[ApiKey, User] | None:
    row = (
        await session.execute(
            select(ApiKey, User)
            .join(User, User.id == ApiKey.user_id)
            .where(ApiKey.prefix == prefix)
        )
    ).one_or_none()
    return (row[0], row[1]) if row else None


async def touch_api_key(session: AsyncSession, key_id: uuid.UUID, at: datetime) -> None:
    await session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=at))


async def list_api_keys(session: AsyncSession, user_id: uuid.UUID) -> list[ApiKey]:
    query = select(ApiKey).where(ApiKey.user_id == user_id).order_by(ApiKey.created_at.desc())
    return list((await session.scalars(query)).all())


async def get_api_key(session: AsyncSession, key_id: uuid.UUID) -> ApiKey | None:
    return await session.get(ApiKey, key_id)
