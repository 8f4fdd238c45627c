from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit.models import AuditEvent


async def add(session: AsyncSession, event: AuditEvent) -> AuditEvent:
    session.add(event)
    await session.flush()
    return event


async def list_events(
    session: AsyncSession,
    *,
    org_ids: Sequence[uuid.UUID] | None,
    action: str | None,
    before_id: int | None,
    limit: int,
) -> list[AuditEvent]:
    """Newest first; ``org_ids=None`` means every organisation (and events without one)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if org_ids is not None:
        query = query.where(AuditEvent.org_id.in_(org_ids))
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return list((await session.scalars(query)).all())


async def events_by_actor(session: AsyncSession, user_id: uuid.UUID) -> list[AuditEvent]:
    """Every event a user caused, oldest first."""
    query = select(AuditEvent).where(AuditEvent.actor_user_id == user_id).order_by(AuditEvent.id)
    return list((await session.scalars(query)).all())
