"""All SQL of the copilot: runs and steps."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.agents.models import CopilotRun, CopilotStep


async def add_run(session: AsyncSession, run: CopilotRun) -> None:
    session.add(run)
    await session.flush()


async def add_steps(session: AsyncSession, steps: Sequence[CopilotStep]) -> None:
    session.add_all(steps)
    await session.flush()


async def get_run(
    session: AsyncSession, run_id: uuid.UUID, *, for_update: bool = False
) -> CopilotRun | None:
    statement = select(CopilotRun).where(CopilotRun.id == run_id)
    if for_update:
        statement = statement.with_for_update()
    return (await session.scalars(statement.execution_options(populate_existing=True))).first()


async def lock_run(session: AsyncSession, run_id: uuid.UUID) -> None:
    """Hold the run's row until the transaction ends (reviews and re-runs serialise)."""
    await session.execute(select(CopilotRun.id).where(CopilotRun.id == run_id).with_for_update())


async def runs_of(session: AsyncSession, user_id: uuid.UUID, limit: int = 100) -> list[CopilotRun]:
    rows = await session.scalars(
        select(CopilotRun)
        .where(CopilotRun.user_id == user_id)
        .order_by(CopilotRun.created_at.desc(), CopilotRun.id)
        .limit(limit)
    )
    return list(rows)


async def steps_of(session: AsyncSession, run_id: uuid.UUID) -> list[CopilotStep]:
    rows = await session.scalars(
        select(CopilotStep)
        .where(CopilotStep.run_id == run_id)
        .order_by(CopilotStep.position)
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def lock_step(session: AsyncSession, run_id: uuid.UUID, name: str) -> CopilotStep | None:
    """The step's row, locked until the transaction ends and read fresh."""
    statement = (
        select(CopilotStep)
        .where(CopilotStep.run_id == run_id, CopilotStep.name == name)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(statement)).first()
