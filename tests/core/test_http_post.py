"""POST with a JSON body through the outbound client, against the fixture server on 127.0.0.1,
which records what each request sent (method, path, headers and body)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from jobpilot.core.http import (
    BlockedError,
    CircuitOpenError,
    HttpClient,
    HttpStatusError,
    InMemoryValidatorStore,
    ResponseTooLargeError,
    UnsafeUrlError,
    Validators,
    create_http_client,
)
from jobpilot.core.settings import HttpSettings
from tests.core.test_http import RecordingSleep, make_settings, policy
from tests.support.fixture_server import FixtureServer, Reply, fixture_server


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with fixture_server() as running:
        yield running


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
async def client(tmp_path: Path, sleep: RecordingSleep) -> AsyncIterator[HttpClient]:
    async with create_http_client(make_settings(tmp_path), sleep=sleep) as client:
        yield client


SEARCH = {"query": "", "location": [], "department": ["Café & Bar"]}


async def test_post_sends_the_body_as_json_and_reads_the_answer(
    server: FixtureServer, client: HttpClient
) -> None:
    server.route("/search", Reply(200, '{"total": 2}'))

    response = await client.post_json(
        f"{server.url}/search", policy=policy(), body=SEARCH, params={"lang": "en"}
    )

    assert response.json() == {"total": 2}
    [request] = server.requests
    assert (request.method, request.path) == ("POST", "/search?lang=en")
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"] == HttpSettings().user_agent
    assert request.json() == SEARCH
    assert "Café & Bar".encode() in request.body


async def test_429_with_retry_after_is_waited_out_and_the_same_body_sent_again(
    server: FixtureServer, client: HttpClient, sleep: RecordingSleep
) -> None:
    server.route("/search", Reply(429, headers={"Retry-After": "4"}), Reply(200, "{}"))

    await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert sleep.calls == [4.0]
    assert [request.json() for request in server.requests] == [SEARCH, SEARCH]


async def test_server_errors_are_retried_until_recovery(
    server: FixtureServer, client: HttpClient
) -> None:
    server.route("/search", Reply(502), Reply(503), Reply(200, '{"ok": true}'))

    response = await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert response.json() == {"ok": True}
    assert [request.method for request in server.requests] == ["POST", "POST", "POST"]


async def test_429_beyond_the_retry_budget_is_a_block(
    server: FixtureServer, client: HttpClient
) -> None:
    server.route("/search", Reply(429))

    with pytest.raises(BlockedError, match="429"):
        await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert len(server.requests) == 4


async def test_a_307_redirect_repeats_the_post_and_a_303_turns_it_into_a_get(
    server: FixtureServer, client: HttpClient
) -> None:
    server.route("/old", Reply(307, headers={"Location": "/new"}))
    server.route("/new", Reply(303, headers={"Location": "/results"}))
    server.route("/results", Reply(200, "[]"))

    response = await client.post_json(f"{server.url}/old", policy=policy(), body=SEARCH)

    assert response.url == f"{server.url}/results"
    assert [(request.method, request.path) for request in server.requests] == [
        ("POST", "/old"),
        ("POST", "/new"),
        ("GET", "/results"),
    ]
    assert server.requests[1].json() == SEARCH
    assert server.requests[2].body == b""
    assert "content-type" not in server.requests[2].headers


async def test_an_answer_over_the_size_limit_is_refused(
    server: FixtureServer, tmp_path: Path
) -> None:
    server.route("/search", Reply(200, json.dumps({"results": ["x" * 2000]})))

    async with create_http_client(make_settings(tmp_path, max_response_bytes=1024)) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)


async def test_a_private_address_is_refused_without_sending(
    server: FixtureServer, tmp_path: Path
) -> None:
    server.route("/search", Reply(200, "{}"))

    async with create_http_client(make_settings(tmp_path, allow_private_networks=False)) as client:
        with pytest.raises(UnsafeUrlError):
            await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert server.requests == []


async def test_failing_posts_open_the_sources_breaker(
    server: FixtureServer, tmp_path: Path
) -> None:
    server.route("/search", Reply(500))
    p = policy()

    async with create_http_client(make_settings(tmp_path, max_retries=0)) as client:
        for _ in range(5):
            with pytest.raises(HttpStatusError):
                await client.post_json(f"{server.url}/search", policy=p, body=SEARCH)
        with pytest.raises(CircuitOpenError):
            await client.post_json(f"{server.url}/search", policy=p, body=SEARCH)
        state = client.circuit_state(p.circuit)

    assert len(server.requests) == 5
    assert state == "open"


async def test_posts_are_never_conditional(server: FixtureServer, tmp_path: Path) -> None:
    url = f"{server.url}/search"
    server.route("/search", Reply(200, "{}", headers={"ETag": '"v2"'}))
    store = InMemoryValidatorStore()
    store.put(url, Validators(etag='"v1"'))

    async with create_http_client(make_settings(tmp_path), validators=store) as client:
        await client.post_json(url, policy=policy(conditional=True), body=SEARCH)

    assert "if-none-match" not in server.requests[0].headers
    assert store.get(url) == Validators(etag='"v1"')


async def test_a_304_to_a_post_is_a_status_error(server: FixtureServer, client: HttpClient) -> None:
    server.route("/search", Reply(304))

    with pytest.raises(HttpStatusError) as caught:
        await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert caught.value.status == 304
