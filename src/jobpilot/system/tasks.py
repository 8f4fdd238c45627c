"""System tasks: the worker heartbeat (periodic) and the queue round-trip check."""

from __future__ import annotations

import socket
import uuid

import procrastinate
import structlog

from jobpilot.core.db import unit_of_work
from jobpilot.core.runtime import Runtime
from jobpilot.system import service
from jobpilot.worker import app

log = structlog.get_logger(__name__)

# Every 15 s (the sixth cron field is seconds), so a 60 s readiness window tolerates three
# missed beats.
HEARTBEAT_CRON = "* * * * * */15"


def runtime_of(context: procrastinate.JobContext) -> Runtime:
    runtime: Runtime = context.additional_context["runtime"]
    return runtime


def worker_label(context: procrastinate.JobContext) -> str:
    return f"{socket.gethostname()}:{context.worker_name or 'worker'}"


@app.periodic(cron=HEARTBEAT_CRON, periodic_id="heartbeat")
@app.task(
    name="system.heartbeat", queue="system", pass_context=True, queueing_lock="system.heartbeat"
)
async def heartbeat(
    context: procrastinate.JobContext, timestamp: int, request_id: str | None = None
) -> None:
    async with unit_of_work(runtime_of(context).sessionmaker) as session:
        await service.record_heartbeat(session, worker_label(context))


@app.periodic(cron=HEARTBEAT_CRON, periodic_id="retry_stalled")
@app.task(
    name="system.retry_stalled",
    queue="system",
    pass_context=True,
    queueing_lock="system.retry_stalled",
)
async def retry_stalled(
    context: procrastinate.JobContext, timestamp: int, request_id: str | None = None
) -> None:
    """Queue again the jobs of workers that stopped beating (killed mid-job, say)."""
    await retry_stalled_jobs(runtime_of(context))


async def retry_stalled_jobs(runtime: Runtime) -> int:
    """Put every job whose worker is silent for longer than the setting back in the queue;
    returns how many."""
    manager = app.job_manager
    stalled = await manager.get_stalled_jobs(
        seconds_since_heartbeat=runtime.settings.worker.stalled_after_seconds
    )
    count = 0
    for job in stalled:
        await manager.retry_job(job)
        count += 1
    if count:
        log.warning("stalled_jobs_requeued", count=count)
    return count


@app.task(name="system.queue_check", queue="system", pass_context=True, retry=3)
async def queue_check(
    context: procrastinate.JobContext, check_id: str, request_id: str | None = None
) -> None:
    async with unit_of_work(runtime_of(context).sessionmaker) as session:
        await service.complete_queue_check(
            session, uuid.UUID(check_id), worker=worker_label(context)
        )
