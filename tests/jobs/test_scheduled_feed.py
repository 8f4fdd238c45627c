"""A scheduled feed on a real worker: the scheduler task finds the due feed and queues its run,
the run fetches a Greenhouse board from a local server and fills the catalogue."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from jobpilot import worker
from jobpilot.core.db import unit_of_work
from jobpilot.core.queue import defer_in_transaction
from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import HttpSettings, Settings
from jobpilot.jobs import service
from jobpilot.jobs.models import FeedRun, Job
from tests.support.databases import committed_runtime
from tests.support.fixture_server import Reply, fixture_server

E2E_DB = "jobpilot_feed_e2e"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "greenhouse"


@pytest.fixture(scope="module")
async def e2e_runtime(settings: Settings, libpq_url: str) -> AsyncIterator[Runtime]:
    own = settings.model_copy(update={"http": HttpSettings(allow_private_networks=True)})
    async with committed_runtime(own, libpq_url, E2E_DB) as runtime:
        yield runtime


@contextlib.asynccontextmanager
async def running_worker(runtime: Runtime) -> AsyncIterator[None]:
    pool = await worker.open_queue(runtime.libpq_url)
    task = asyncio.create_task(
        worker.run_worker(
            queues=["ingest"], concurrency=2, runtime=runtime, name="feeds", install_signals=False
        )
    )
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await worker.close_queue(pool)


async def wait_for_run(runtime: Runtime, within: float = 60.0) -> FeedRun:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        async with runtime.sessionmaker() as session:
            run = await session.scalar(select(FeedRun).where(FeedRun.finished_at.is_not(None)))
            if run is not None:
                return run
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the feed did not run in time")
        await asyncio.sleep(0.2)


async def test_a_due_feed_runs_on_the_worker(e2e_runtime: Runtime) -> None:
    board = json.loads((FIXTURES / "jobs.json").read_text())
    with fixture_server() as server:
        server.route("/v1/boards/acme/jobs", Reply(200, json.dumps(board)))
        async with unit_of_work(e2e_runtime.sessionmaker) as session:
            feed = await service.add_feed(
                session,
                e2e_runtime,
                service.FeedSpec(
                    source="greenhouse",
                    config={"board": "acme", "base_url": server.url},
                    every="6h",
                ),
                created_by=None,
            )
        async with running_worker(e2e_runtime):
            # What the periodic trigger does every minute, queued by hand to avoid the wait.
            async with unit_of_work(e2e_runtime.sessionmaker) as session:
                await defer_in_transaction(
                    session, worker.app, "ingest.schedule_feeds", timestamp=0
                )
            run = await wait_for_run(e2e_runtime)

    assert run.feed_id == feed.id
    assert run.status == "succeeded", run.errors
    assert run.trigger == "schedule"
    assert run.new > 0
    assert run.fetched == len(board["jobs"])
    async with e2e_runtime.sessionmaker() as session:
        jobs = await session.scalar(select(func.count()).select_from(Job))
        refreshed = await service.get_feed(session, feed.id)
    assert jobs == run.new
    assert refreshed.last_success_at is not None
    # The next run is due a full interval later.
    assert refreshed.next_run_at is not None
    assert (refreshed.next_run_at - run.started_at).total_seconds() > 6 * 3600 - 120
