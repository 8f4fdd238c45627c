"""New-match detection: new jobs queue a check that stores alerts above each threshold."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.runtime import Runtime
from jobpilot.jobs import service as jobs
from jobpilot.matching import alerts, repository
from jobpilot.worker import app
from tests.matching.test_recruiting import (
    ENGINEER,
    NURSE,
    candidate,
    indexed,
    org_with_recruiter,
    post_job,
)

__all__ = ["indexed"]


async def queued_job_ids(session: AsyncSession) -> list[list[str]]:
    conn = await session.connection()
    rows = await conn.exec_driver_sql(
        "SELECT args->'job_ids' FROM procrastinate_jobs WHERE task_name = %s ORDER BY id",
        (alerts.DETECT_TASK,),
    )
    return [list(row[0]) for row in rows]


async def test_the_task_the_ingestor_names_is_the_one_matching_registers() -> None:
    import jobpilot.matching.tasks  # noqa: F401  (registers the task)

    assert jobs.NEW_JOBS_TASK == alerts.DETECT_TASK
    assert alerts.DETECT_TASK in app.tasks


async def test_a_new_job_alerts_the_candidates_it_suits_once(
    indexed: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    eager = await candidate(client, session, ENGINEER, name="Jordan Fieldmark", alert_threshold=50)
    # Alerts are the candidate's own: they do not need to be discoverable by recruiters.
    private = await candidate(
        client, session, ENGINEER, name="Sasha Quillon", discoverable=False, alert_threshold=50
    )
    picky = await candidate(
        client, session, ENGINEER, name="Avery Brightwater", alert_threshold=100
    )
    blocking = await candidate(
        client,
        session,
        ENGINEER,
        name="Morgan Tidewell",
        blocklist=("Kestrel Analytics",),
        alert_threshold=0,
    )
    nurse = await candidate(client, session, NURSE, name="Robin Oakhollow", alert_threshold=50)
    org = await org_with_recruiter(client, session)

    job_id = await post_job(client, org)
    # The ingestor queued the check in the job's own transaction.
    assert await queued_job_ids(session) == [[job_id]]

    added = await alerts.detect_new_matches(indexed, session, [uuid.UUID(job_id)])
    assert added == 2
    for who in (eager, private):
        stored = await repository.match_alerts_of(session, who.who.user.id)
        assert [str(alert.job_id) for alert in stored] == [job_id]
        assert stored[0].score >= 50
        assert stored[0].summary
        assert stored[0].delivered_at is None
    for who in (picky, blocking, nurse):
        assert await repository.match_alerts_of(session, who.who.user.id) == []

    # Running the task again (a retry) stores nothing twice.
    assert await alerts.detect_new_matches(indexed, session, [uuid.UUID(job_id)]) == 0


async def test_closed_or_unknown_jobs_alert_nobody(
    indexed: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await candidate(client, session, ENGINEER, name="Jordan Fieldmark", alert_threshold=0)
    org = await org_with_recruiter(client, session)
    job_id = uuid.UUID(await post_job(client, org))
    job = (await jobs.jobs_by_ids(session, [job_id]))[job_id]
    job.status = "closed"
    await session.flush()
    assert await alerts.detect_new_matches(indexed, session, [job_id, uuid.uuid4()]) == 0


async def test_alerts_can_be_turned_off_for_the_deployment(
    indexed: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    settings = indexed.settings
    quiet = settings.model_copy(
        update={"matching": settings.matching.model_copy(update={"alerts": False})}
    )
    indexed.settings = quiet
    try:
        org = await org_with_recruiter(client, session)
        await post_job(client, org)
    finally:
        indexed.settings = settings
    assert await queued_job_ids(session) == []
