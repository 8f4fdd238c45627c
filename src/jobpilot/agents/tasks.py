"""Copilot tasks: one step of a run per job."""

from __future__ import annotations

import uuid

import procrastinate

from jobpilot.agents import service
from jobpilot.system.tasks import runtime_of
from jobpilot.worker import app

# A transient provider failure is retried with backoff (5 s, 10 s, 20 s …) this many times in
# all; the last failure fails the step and the run.
MAX_ATTEMPTS = 5


@app.task(
    name=service.STEP_TASK,
    queue=service.COPILOT_QUEUE,
    pass_context=True,
    retry=procrastinate.RetryStrategy(
        max_attempts=MAX_ATTEMPTS, exponential_wait=5, retry_exceptions={service.StepRetry}
    ),
)
async def run_step(
    context: procrastinate.JobContext,
    run_id: str,
    step: str,
    generation: int,
    request_id: str | None = None,
) -> None:
    attempts = context.job.attempts if context.job else 0
    await service.run_step(
        runtime_of(context),
        uuid.UUID(run_id),
        step,
        generation,
        final_attempt=attempts + 1 >= MAX_ATTEMPTS,
    )
