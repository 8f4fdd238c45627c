"""Conditional-request validators kept with each feed: saved with a run that succeeded, sent
again by any later process, never saved by a run that failed after fetching."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from jobpilot.core.runtime import Runtime
from jobpilot.jobs import service
from jobpilot.jobs.models import FeedRun, Job, JobPosting
from tests.support.fixture_server import FixtureServer, Reply, Request, fixture_server

LEVER = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "lever"
LISTING = "/v0/postings/fjordline"
FIRST_PAGE = f"{LISTING}?mode=json&skip=0&limit=3"
SECOND_PAGE = f"{LISTING}?mode=json&skip=3&limit=3"
ETAG = '"fjordline-v1"'


def first_page_with_etag(request: Request) -> Reply:
    """Page one of the listing, or 304 when the client already has this version."""
    if request.headers.get("if-none-match") == ETAG:
        return Reply(304, b"", headers={"ETag": ETAG})
    return Reply(body=(LEVER / "postings-page-1.json").read_bytes(), headers={"ETag": ETAG})


def second_page() -> Reply:
    return Reply(body=(LEVER / "postings-page-2.json").read_bytes())


async def add_lever_feed(runtime: Runtime, server: FixtureServer) -> uuid.UUID:
    config = {"site": "fjordline", "base_url": server.url, "page_size": 3}
    async with runtime.sessionmaker() as session:
        feed = await service.add_feed(
            session, runtime, service.FeedSpec(source="lever", config=config), created_by=None
        )
        await session.commit()
        return feed.id


async def feed_state(runtime: Runtime, feed_id: uuid.UUID) -> dict[str, Any]:
    async with runtime.sessionmaker() as session:
        feed = await service.get_feed(session, feed_id)
        return dict(feed.state or {})


async def run(runtime: Runtime, feed_id: uuid.UUID) -> FeedRun:
    finished = await service.run_feed(runtime, feed_id, trigger="manual")
    assert finished is not None
    return finished


async def start_new_process(runtime: Runtime) -> None:
    """Drop the process's HTTP client, as a restart or another worker would start without it."""
    client = runtime.extras.pop("http", None)
    if client is not None:
        await client.aclose()


def first_page_requests(server: FixtureServer) -> list[Request]:
    return [request for request in server.requests if request.path == FIRST_PAGE]


async def catalogue_rows(runtime: Runtime) -> tuple[int, int, set[str]]:
    async with runtime.sessionmaker() as session:
        jobs = await session.scalar(select(func.count()).select_from(Job))
        postings = await session.scalar(select(func.count()).select_from(JobPosting))
        statuses = set(await session.scalars(select(JobPosting.status)))
    return int(jobs or 0), int(postings or 0), statuses


async def test_an_unchanged_feed_answers_304_in_a_new_process_and_changes_nothing(
    catalogue: Runtime,
) -> None:
    with fixture_server() as server:
        server.route(FIRST_PAGE, first_page_with_etag)
        server.route(SECOND_PAGE, second_page())
        feed_id = await add_lever_feed(catalogue, server)

        first = await run(catalogue, feed_id)
        saved = (await feed_state(catalogue, feed_id))["http_validators"]
        before = await catalogue_rows(catalogue)
        await start_new_process(catalogue)
        second = await run(catalogue, feed_id)

    assert (first.status, first.new) == ("succeeded", 4)
    assert saved == {f"{server.url}{FIRST_PAGE}": {"etag": ETAG}}
    sent = [request.headers.get("if-none-match") for request in first_page_requests(server)]
    assert sent == [None, ETAG]
    # The 304 ended the walk: the second page was asked for by the first run only.
    assert sum(1 for request in server.requests if request.path == SECOND_PAGE) == 1
    assert second.status == "succeeded"
    assert (second.fetched, second.new, second.updated, second.closed) == (0, 0, 0, 0)
    assert await catalogue_rows(catalogue) == before == (4, 4, {"active"})


async def test_a_run_that_fails_after_fetching_saves_no_validators(catalogue: Runtime) -> None:
    with fixture_server() as server:
        server.route(FIRST_PAGE, first_page_with_etag)
        server.route(SECOND_PAGE, Reply(500, b"{}"))
        feed_id = await add_lever_feed(catalogue, server)

        failed = await run(catalogue, feed_id)
        state_after_failure = await feed_state(catalogue, feed_id)
        server.route(SECOND_PAGE, second_page())
        retried = await run(catalogue, feed_id)

    assert failed.status == "failed"
    assert failed.fetched == 3
    assert "http_validators" not in state_after_failure
    # Without saved validators the next run reads the listing in full and finds everything.
    sent = [request.headers.get("if-none-match") for request in first_page_requests(server)]
    assert sent == [None, None]
    assert (retried.status, retried.fetched) == ("succeeded", 4)
    assert (await feed_state(catalogue, feed_id))["http_validators"] == {
        f"{server.url}{FIRST_PAGE}": {"etag": ETAG}
    }
