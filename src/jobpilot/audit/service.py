"""The audit log: security-relevant actions, written in the same transaction as the action."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit import repository
from jobpilot.audit.models import AuditEvent
from jobpilot.core.observability import request_id_var


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None
    ip: str | None = None


async def record(
    session: AsyncSession,
    action: str,
    *,
    actor: Actor,
    outcome: str = "success",
    org_id: uuid.UUID | None = None,
    target_type: str | None = None,
    target_id: str | uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event (flushed, committed by the caller's unit of work)."""
    return await repository.add(
        session,
        AuditEvent(
            action=action,
            outcome=outcome,
            actor_user_id=actor.user_id,
            actor_api_key_id=actor.api_key_id,
            ip=actor.ip,
            org_id=org_id,
            target_type=target_type,
            target_id=str(target_id) if target_id is not None else None,
            request_id=request_id_var.get(),
            details=details or {},
        ),
    )


async def list_events(
    session: AsyncSession,
    *,
    org_ids: list[uuid.UUID] | None,
    action: str | None,
    before_id: int | None,
    limit: int,
) -> list[AuditEvent]:
    return await repository.list_events(
        session, org_ids=org_ids, action=action, before_id=before_id, limit=limit
    )


async def events_by_actor(session: AsyncSession, user_id: uuid.UUID) -> list[AuditEvent]:
    """Every audit event a user caused (for their data export)."""
    return await repository.events_by_actor(session, user_id)
