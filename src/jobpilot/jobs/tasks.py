"""Ingestion tasks: scheduled feed runs, file imports, and closing jobs that went away."""

from __future__ import annotations

import uuid

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.db import unit_of_work, utcnow
from jobpilot.core.queue import defer_in_transaction
from jobpilot.jobs import imports, service
from jobpilot.system.tasks import runtime_of
from jobpilot.worker import app

INGEST_QUEUE = "ingest"
# Feeds are checked every minute; each due feed gets its own run job.
SCHEDULE_CRON = "* * * * *"
CLOSE_STALE_CRON = "17 * * * *"


@app.task(
    name="ingest.run_feed",
    queue=INGEST_QUEUE,
    pass_context=True,
    retry=procrastinate.RetryStrategy(max_attempts=3, exponential_wait=30),
)
async def run_feed(
    context: procrastinate.JobContext,
    feed_id: str,
    trigger: str = "schedule",
    request_id: str | None = None,
) -> None:
    await service.run_feed(runtime_of(context), uuid.UUID(feed_id), trigger=trigger)


@app.periodic(cron=SCHEDULE_CRON, periodic_id="ingest.schedule")
@app.task(
    name="ingest.schedule_feeds",
    queue=INGEST_QUEUE,
    pass_context=True,
    queueing_lock="ingest.schedule_feeds",
)
async def schedule_feeds(
    context: procrastinate.JobContext, timestamp: int, request_id: str | None = None
) -> None:
    runtime = runtime_of(context)
    async with unit_of_work(runtime.sessionmaker) as session:
        for feed in await service.claim_due_feeds(session, now=utcnow()):
            await defer_feed_run(session, feed.id, trigger="schedule")


@app.periodic(cron=CLOSE_STALE_CRON, periodic_id="ingest.close_stale")
@app.task(name="ingest.close_stale", queue=INGEST_QUEUE, pass_context=True)
async def close_stale(
    context: procrastinate.JobContext, timestamp: int, request_id: str | None = None
) -> None:
    runtime = runtime_of(context)
    async with unit_of_work(runtime.sessionmaker) as session:
        await service.close_stale_jobs(session, runtime, now=utcnow())


@app.task(
    name="ingest.run_import",
    queue=INGEST_QUEUE,
    pass_context=True,
    retry=procrastinate.RetryStrategy(max_attempts=2, wait=10),
)
async def run_import(
    context: procrastinate.JobContext, import_id: str, request_id: str | None = None
) -> None:
    await imports.run_import(runtime_of(context), uuid.UUID(import_id))


async def defer_feed_run(session: AsyncSession, feed_id: uuid.UUID, *, trigger: str) -> bool:
    """Queue a run of a feed in the caller's transaction; False when one is already queued."""
    try:
        await defer_in_transaction(
            session,
            app,
            "ingest.run_feed",
            queueing_lock=f"feed:{feed_id}",
            feed_id=str(feed_id),
            trigger=trigger,
        )
    except AlreadyEnqueued:
        return False
    return True


async def defer_import(session: AsyncSession, import_id: uuid.UUID) -> None:
    await defer_in_transaction(session, app, "ingest.run_import", import_id=str(import_id))
