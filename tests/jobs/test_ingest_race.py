"""Two ingestion runs at the same moment, each in its own committed transaction (the other
ingestion tests share one rolled-back transaction, so they cannot race)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select, text

from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import Settings
from jobpilot.jobs import service
from jobpilot.jobs.models import Job, JobPosting
from tests.jobs.test_ingest import posting
from tests.support.databases import committed_runtime
from tests.support.taxonomy_index import attach_index

RACE_DB = "jobpilot_ingest_race"


@pytest.fixture(scope="module")
async def race_runtime(settings: Settings, libpq_url: str) -> AsyncIterator[Runtime]:
    async with committed_runtime(settings, libpq_url, RACE_DB) as runtime:
        await attach_index(runtime, runtime.engine)
        yield runtime


async def test_two_runs_creating_the_same_job_at_once_make_one_job(race_runtime: Runtime) -> None:
    lever = posting(
        source="lever",
        source_key="northwind",
        external_id="a1b2-c3",
        url="https://jobs.lever.co/northwind/a1b2-c3",
        apply_url="https://jobs.lever.co/northwind/a1b2-c3/apply",
    )
    async with race_runtime.sessionmaker() as first:
        ingestor = await service.new_ingestor(race_runtime, first)
        await ingestor.add(posting())
        await ingestor.flush()
        # The first run has written its new job but not committed it. A second run of another
        # source listing the same position must wait for it rather than create a twin.
        second = asyncio.create_task(service.ingest_postings(race_runtime, [lever]))
        await _until_a_run_waits_for_a_job_key(race_runtime)
        assert not second.done()
        await first.commit()
    _, counts = await second
    assert (counts.new, counts.merged) == (0, 1)
    async with race_runtime.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Job)) == 1
        assert await session.scalar(select(func.count()).select_from(JobPosting)) == 2


async def _until_a_run_waits_for_a_job_key(runtime: Runtime) -> None:
    waiting = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    for _ in range(500):
        async with runtime.sessionmaker() as session:
            if await session.scalar(waiting):
                return
        await asyncio.sleep(0.02)
    raise AssertionError("the second run never waited for the first run's job key")


async def test_two_runs_adding_the_same_posting_at_once_write_it_once(
    race_runtime: Runtime,
) -> None:
    # Two feeds of the same board: the very same posting, new to both runs when they began.
    same = posting(external_id="5002", title="Platform Engineer")
    async with race_runtime.sessionmaker() as first:
        ingestor = await service.new_ingestor(race_runtime, first)
        await ingestor.add(same)
        await ingestor.flush()
        second = asyncio.create_task(service.ingest_postings(race_runtime, [same]))
        await _until_a_run_waits_for_a_job_key(race_runtime)
        await first.commit()
    _, counts = await second
    assert (counts.new, counts.merged, counts.updated, counts.failed) == (0, 0, 1, 0)
    async with race_runtime.sessionmaker() as session:
        platform = select(JobPosting).where(JobPosting.external_id == "5002")
        assert len((await session.scalars(platform)).all()) == 1
        jobs = select(func.count()).select_from(Job).where(Job.title == "Platform Engineer")
        assert await session.scalar(jobs) == 1
