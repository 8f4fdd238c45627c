"""Matching tasks: alerts for new jobs."""

from __future__ import annotations

import uuid

import procrastinate

from jobpilot.core.db import unit_of_work
from jobpilot.matching import alerts
from jobpilot.system.tasks import runtime_of
from jobpilot.worker import app

MATCHING_QUEUE = "matching"


@app.task(
    name=alerts.DETECT_TASK,
    queue=MATCHING_QUEUE,
    pass_context=True,
    retry=procrastinate.RetryStrategy(max_attempts=3, exponential_wait=10),
)
async def detect_new_matches(
    context: procrastinate.JobContext, job_ids: list[str], request_id: str | None = None
) -> None:
    runtime = runtime_of(context)
    async with unit_of_work(runtime.sessionmaker) as session:
        await alerts.detect_new_matches(runtime, session, [uuid.UUID(i) for i in job_ids])
