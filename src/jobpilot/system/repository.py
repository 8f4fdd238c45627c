from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.system.models import QueueCheck, WorkerHeartbeat


async def ping(session: AsyncSession) -> None:
    await session.execute(text("SELECT 1"))


async def alembic_revisions(session: AsyncSession) -> set[str]:
    exists = await session.scalar(text("SELECT to_regclass('alembic_version') IS NOT NULL"))
    if not exists:
        return set()
    return set((await session.scalars(text("SELECT version_num FROM alembic_version"))).all())


async def upsert_heartbeat(session: AsyncSession, worker: str, at: datetime) -> None:
    statement = insert(WorkerHeartbeat).values(worker=worker, last_seen_at=at)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["worker"], set_={"last_seen_at": at})
    )


async def latest_heartbeat(session: AsyncSession) -> datetime | None:
    value: datetime | None = await session.scalar(select(func.max(WorkerHeartbeat.last_seen_at)))
    return value


async def add_queue_check(session: AsyncSession, check: QueueCheck) -> None:
    session.add(check)
    await session.flush()


async def get_queue_check(session: AsyncSession, check_id: uuid.UUID) -> QueueCheck | None:
    return await session.get(QueueCheck, check_id)


async def mark_queue_check_ran(
    session: AsyncSession, check_id: uuid.UUID, *, worker: str, at: datetime
) -> bool:
    result = await session.execute(
        update(QueueCheck)
        .where(QueueCheck.id == check_id)
        .values(run_count=QueueCheck.run_count + 1, ran_at=at, ran_by=worker)
        .returning(QueueCheck.id)
    )
    return result.first() is not None
