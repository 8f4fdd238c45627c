"""The outbound HTTP client against scripted servers on 127.0.0.1 (and httpx mock transports
for addresses and streams the fixture server cannot produce)."""

from __future__ import annotations

import asyncio
import email.utils
import http.client
import socket
import stat
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx
import pytest
import structlog
from prometheus_client import REGISTRY

from jobpilot.core.http import (
    BlockedError,
    CircuitOpenError,
    FetchedResponse,
    HostResolutionError,
    HttpClient,
    HttpError,
    HttpStatusError,
    InMemoryValidatorStore,
    MalformedResponseError,
    RequestPolicy,
    ResponseTooLargeError,
    RobotsDisallowedError,
    TooManyRedirectsError,
    UnsafeUrlError,
    Validators,
    check_url_safe,
    create_http_client,
)
from jobpilot.core.settings import HttpSettings, Settings
from tests.support.fixture_server import FixtureServer, Reply, Request, fixture_server

_counter = iter(range(1_000_000))


def policy(**options: Any) -> RequestPolicy:
    """A policy with a circuit of its own, so breaker state and metrics never leak."""
    return RequestPolicy(circuit=f"test-{next(_counter)}", **options)


def make_settings(tmp_path: Path, **http: Any) -> Settings:
    values: dict[str, Any] = {
        "allow_private_networks": True,
        "backoff_initial_seconds": 0.01,
        "backoff_max_seconds": 0.05,
        "max_retries": 3,
        "domain_rate_limit": "1000/second",
        "connect_timeout_seconds": 2.0,
        "read_timeout_seconds": 2.0,
        **http,
    }
    return Settings(env="test", data_dir=tmp_path, http=HttpSettings.model_validate(values))


@dataclass
class RecordingSleep:
    """Records every requested pause; waits for real only when asked to."""

    real: bool = False
    calls: list[float] = field(default_factory=list)
    events: list[str] | None = None

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.events is not None:
            self.events.append("sleep")
        if self.real:
            await asyncio.sleep(seconds)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
async def client(tmp_path: Path, sleep: RecordingSleep) -> AsyncIterator[HttpClient]:
    async with create_http_client(make_settings(tmp_path), sleep=sleep) as client:
        yield client


@dataclass
class Site:
    """One test's corner of the shared fixture server: its paths carry a unique prefix."""

    server: FixtureServer
    prefix: str

    def url(self, path: str) -> str:
        return f"{self.server.url}{self.prefix}{path}"

    def route(self, path: str, *replies: Reply | Callable[[Request], Reply]) -> None:
        self.server.route(self.prefix + path, *replies)

    def hits(self, path: str) -> int:
        return self.server.hits(self.prefix + path)

    def requests(self, path: str) -> list[Request]:
        full = self.prefix + path
        return [r for r in self.server.requests if r.path.split("?")[0] == full]


@pytest.fixture(scope="module")
def shared_server() -> Iterator[FixtureServer]:
    # One server for the module: starting and stopping one per test costs half a second.
    with fixture_server() as server:
        yield server


@pytest.fixture
def site(shared_server: FixtureServer) -> Site:
    return Site(shared_server, f"/case-{next(_counter)}")


def metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_get_returns_the_body_and_sends_the_configured_user_agent(
    site: Site,
    client: HttpClient,
) -> None:
    site.route("/jobs", Reply(200, '{"jobs": [1, 2]}', headers={"X-Total": "2"}))
    p = policy()
    response = await client.get(site.url("/jobs"), policy=p, params={"page": 2})

    assert response.status == 200
    assert response.json() == {"jobs": [1, 2]}
    assert response.headers["x-total"] == "2"
    [sent] = site.requests("/jobs")
    assert sent.path == f"{site.prefix}/jobs?page=2"
    assert sent.headers["user-agent"] == HttpSettings().user_agent
    assert metric("outbound_http_requests_total", circuit=p.circuit, outcome="ok") == 1


async def test_server_errors_are_retried_with_bounded_backoff_until_recovery(
    site: Site, client: HttpClient, sleep: RecordingSleep
) -> None:
    site.route("/jobs", Reply(503), Reply(500), Reply(200, "[]"))
    p = policy()
    response = await client.get(site.url("/jobs"), policy=p)

    assert response.json() == []
    assert site.hits("/jobs") == 3
    assert len(sleep.calls) == 2
    assert all(0 <= s <= 0.05 for s in sleep.calls)
    assert metric("outbound_http_requests_total", circuit=p.circuit, outcome="retry") == 2


async def test_a_server_error_that_persists_raises_a_status_error_after_the_retry_budget(
    site: Site,
    client: HttpClient,
) -> None:
    site.route("/jobs", Reply(502))
    with pytest.raises(HttpStatusError) as caught:
        await client.get(site.url("/jobs"), policy=policy())

    assert caught.value.status == 502
    assert site.hits("/jobs") == 4


async def test_retry_after_seconds_is_waited_for(
    site: Site, client: HttpClient, sleep: RecordingSleep
) -> None:
    site.route("/jobs", Reply(429, headers={"Retry-After": "7"}), Reply(200, "{}"))
    response = await client.get(site.url("/jobs"), policy=policy())

    assert response.status == 200
    assert sleep.calls == [7.0]


async def test_retry_after_as_an_http_date_is_waited_for(
    site: Site, client: HttpClient, sleep: RecordingSleep
) -> None:
    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    site.route("/jobs", Reply(503, headers={"Retry-After": later}), Reply(200, "{}"))
    await client.get(site.url("/jobs"), policy=policy())

    assert len(sleep.calls) == 1
    assert 25 <= sleep.calls[0] <= 30


async def test_a_retry_after_beyond_the_limit_is_a_block_without_waiting(
    site: Site, client: HttpClient, sleep: RecordingSleep
) -> None:
    site.route("/jobs", Reply(429, headers={"Retry-After": "3600"}), Reply(200, "{}"))
    with pytest.raises(BlockedError):
        await client.get(site.url("/jobs"), policy=policy())

    assert site.hits("/jobs") == 1
    assert sleep.calls == []


async def test_429_until_the_retry_budget_is_spent_is_a_block(
    site: Site, client: HttpClient, sleep: RecordingSleep
) -> None:
    site.route("/jobs", Reply(429))
    p = policy()
    with pytest.raises(BlockedError, match="429"):
        await client.get(site.url("/jobs"), policy=p)

    assert site.hits("/jobs") == 4
    assert len(sleep.calls) == 3
    assert metric("outbound_http_requests_total", circuit=p.circuit, outcome="blocked") == 1


async def test_a_block_status_raises_at_once(
    site: Site, client: HttpClient, sleep: RecordingSleep
) -> None:
    site.route("/jobs", Reply(999), Reply(200, "{}"))
    with pytest.raises(BlockedError, match="999"):
        await client.get(site.url("/jobs"), policy=policy())

    assert site.hits("/jobs") == 1
    assert sleep.calls == []


async def test_client_errors_are_not_retried_and_do_not_trip_the_breaker(
    site: Site,
    client: HttpClient,
) -> None:
    site.route("/gone", Reply(404))
    p = policy()
    for _ in range(7):
        with pytest.raises(HttpStatusError) as caught:
            await client.get(site.url("/gone"), policy=p)
        assert caught.value.status == 404

    assert site.hits("/gone") == 7
    assert client.circuit_state(p.circuit) == "closed"


async def test_a_timeout_is_retried(site: Site, tmp_path: Path, sleep: RecordingSleep) -> None:
    settings = make_settings(tmp_path, read_timeout_seconds=0.2)
    site.route("/slow", Reply(200, "{}", delay=0.6), Reply(200, '{"ok": true}'))
    async with create_http_client(settings, sleep=sleep) as client:
        response = await client.get(site.url("/slow"), policy=policy())

    assert response.json() == {"ok": True}
    assert len(sleep.calls) == 1


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_connection_refused_is_retried_then_raised(
    client: HttpClient, sleep: RecordingSleep
) -> None:
    with pytest.raises(HttpError, match="failed") as caught:
        await client.get(f"http://127.0.0.1:{unused_port()}/jobs", policy=policy())

    assert type(caught.value) is HttpError
    assert len(sleep.calls) == 3


async def test_redirects_are_followed(site: Site, client: HttpClient) -> None:
    site.route("/old", Reply(301, headers={"Location": f"{site.prefix}/middle"}))
    site.route("/middle", Reply(302, headers={"Location": site.url("/new?x=1")}))
    site.route("/new", Reply(200, '"here"'))
    response = await client.get(site.url("/old"), policy=policy())

    assert response.json() == "here"
    assert response.url == site.url("/new?x=1")


async def test_too_many_redirects(site: Site, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, max_redirects=3)
    site.route("/loop", Reply(302, headers={"Location": f"{site.prefix}/loop"}))
    async with create_http_client(settings) as client:
        with pytest.raises(TooManyRedirectsError):
            await client.get(site.url("/loop"), policy=policy())

    assert site.hits("/loop") == 4


PUBLIC_HOSTS = {"jobs.example": ["93.184.216.34"], "cdn.example": ["2606:2800:220:1::1"]}
PRIVATE_HOSTS = {"intranet.example": ["10.1.2.3"], "mixed.example": ["93.184.216.34", "::1"]}


async def fake_resolver(host: str, port: int) -> list[str]:
    addresses = {**PUBLIC_HOSTS, **PRIVATE_HOSTS}.get(host)
    if addresses is None:
        raise socket.gaierror(socket.EAI_NONAME, "unknown host")
    return addresses


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://intranet.example/",
        "http://mixed.example/",
        "file:///etc/passwd",
        "ftp://jobs.example/",
        "gopher://jobs.example/",
    ],
)
async def test_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeUrlError):
        await check_url_safe(url, HttpSettings(), resolver=fake_resolver)


async def test_a_host_that_does_not_resolve_is_a_resolution_error() -> None:
    with pytest.raises(HostResolutionError):
        await check_url_safe("http://nowhere.example/", HttpSettings(), resolver=fake_resolver)


@pytest.mark.parametrize(
    "url", ["https://jobs.example/careers", "http://cdn.example:8080/", "http://93.184.216.34/"]
)
async def test_public_urls_pass_the_safety_check(url: str) -> None:
    await check_url_safe(url, HttpSettings(), resolver=fake_resolver)


async def test_private_networks_can_be_allowed_but_never_other_schemes() -> None:
    allowed = HttpSettings(allow_private_networks=True)
    await check_url_safe("http://127.0.0.1:9/", allowed)
    with pytest.raises(UnsafeUrlError):
        await check_url_safe("file:///etc/passwd", allowed)


def redirecting_transport(location: str, seen: list[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "jobs.example":
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(200, json={"secret": True})

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(
    "location", ["http://127.0.0.1:8080/admin", "http://intranet.example/", "http://[::1]/"]
)
async def test_a_redirect_to_a_private_address_is_refused(tmp_path: Path, location: str) -> None:
    settings = make_settings(tmp_path, allow_private_networks=False)
    seen: list[str] = []
    transport = redirecting_transport(location, seen)
    async with create_http_client(settings, transport=transport, resolver=fake_resolver) as c:
        with pytest.raises(UnsafeUrlError):
            await c.get("https://jobs.example/careers", policy=policy())

    assert seen == ["https://jobs.example/careers"]


async def test_a_redirect_to_a_public_host_is_followed_with_the_safety_check_on(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path, allow_private_networks=False)
    seen: list[str] = []
    transport = redirecting_transport("https://cdn.example/feed", seen)
    async with create_http_client(settings, transport=transport, resolver=fake_resolver) as c:
        response = await c.get("https://jobs.example/careers", policy=policy())

    assert response.json() == {"secret": True}
    assert seen == ["https://jobs.example/careers", "https://cdn.example/feed"]


async def test_credentials_are_not_sent_across_origins_on_redirect(tmp_path: Path) -> None:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/start":
            return httpx.Response(302, headers={"Location": "/same-origin"})
        if request.url.path == "/same-origin":
            return httpx.Response(302, headers={"Location": "https://cdn.example/file"})
        return httpx.Response(200, json=[])

    settings = make_settings(tmp_path, allow_private_networks=False)
    transport = httpx.MockTransport(handle)
    async with create_http_client(settings, transport=transport, resolver=fake_resolver) as c:
        await c.get(
            "https://jobs.example/start",
            policy=policy(),
            headers={"Authorization": "Bearer t0ken", "Accept": "application/json"},
        )

    assert [r.headers.get("authorization") for r in sent] == ["Bearer t0ken"] * 2 + [None]
    assert [r.headers.get("accept") for r in sent] == ["application/json"] * 3


class RebindingTransport(httpx.AsyncBaseTransport):
    """Connects every request to 127.0.0.1, as if DNS changed its answer after the check."""

    def __init__(self, port: int) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._port = port

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self._port)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_a_connection_that_lands_on_a_private_address_is_refused(
    site: Site, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, allow_private_networks=False)
    site.route("/jobs", Reply(200, '{"internal": true}'))
    port = int(site.url("/").split(":")[2].split("/")[0])
    transport = RebindingTransport(port)
    async with create_http_client(settings, transport=transport, resolver=fake_resolver) as c:
        with pytest.raises(UnsafeUrlError, match="non-public"):
            await c.get(f"http://jobs.example{site.prefix}/jobs", policy=policy())


async def test_a_private_url_is_refused_without_a_request(site: Site, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, allow_private_networks=False)
    site.route("/jobs", Reply(200, "{}"))
    async with create_http_client(settings) as client:
        with pytest.raises(UnsafeUrlError):
            await client.get(site.url("/jobs"), policy=policy())

    assert site.requests("/jobs") == []


async def test_a_body_over_the_declared_limit_is_refused(site: Site, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, max_response_bytes=1024)
    site.route("/big", Reply(200, b"x" * 5000))
    async with create_http_client(settings) as client:
        with pytest.raises(ResponseTooLargeError, match="declares"):
            await client.get(site.url("/big"), policy=policy())


async def test_a_streamed_body_without_length_is_cut_off_at_the_limit(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, max_response_bytes=1024)
    sent: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        for index in range(1000):
            sent.append(index)
            yield b"y" * 256

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless())

    async with create_http_client(settings, transport=httpx.MockTransport(handle)) as client:
        with pytest.raises(ResponseTooLargeError, match="more than 1024"):
            await client.get("http://feeds.test/stream", policy=policy())

    assert len(sent) < 10


async def test_a_body_at_the_limit_is_accepted(site: Site, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, max_response_bytes=1024)
    site.route("/exact", Reply(200, b"z" * 1024))
    async with create_http_client(settings) as client:
        response = await client.get(site.url("/exact"), policy=policy())

    assert len(response.content) == 1024


async def test_malformed_json_raises_malformed_response(site: Site, client: HttpClient) -> None:
    site.route("/jobs", Reply(200, '{"jobs": [1, 2'))
    response = await client.get(site.url("/jobs"), policy=policy())

    with pytest.raises(MalformedResponseError):
        response.json()


# Characters that differ between cp1252 and latin-1 (en dash, euro, curly quotes).
CAFE = "Café à Zürich \u2013 5 € \u201cnet\u201d"
MOSCOW = "Вакансии в Москве"
TOKYO = "東京の求人"


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=windows-1251", MOSCOW.encode("cp1251"), MOSCOW),
        # Browsers read latin-1 as windows-1252; the header wins over a UTF-8 guess.
        ("text/plain; charset=ISO-8859-1", CAFE.encode("cp1252"), CAFE),
        ("text/plain; charset=ISO-8859-1", "café".encode(), "cafÃ©"),
        (
            "text/html",
            b'<html><head><meta charset="windows-1251">' + MOSCOW.encode("cp1251"),
            MOSCOW,
        ),
        (
            "text/html",
            b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>"
            + MOSCOW.encode("koi8_r"),
            MOSCOW,
        ),
        (
            "application/xml",
            b'<?xml version="1.0" encoding="Shift_JIS"?><t>' + TOKYO.encode("shift_jis"),
            TOKYO,
        ),
        (
            "text/html; charset=utf-8",
            b'<meta charset="windows-1251">' + MOSCOW.encode(),
            MOSCOW,
        ),
        ("text/plain", CAFE.encode("cp1252"), CAFE),
        ("application/json", CAFE.encode(), CAFE),
        ("text/html; charset=iso-8859-1", b"\xef\xbb\xbf" + CAFE.encode(), CAFE),
    ],
)
async def test_bodies_are_decoded_from_their_declared_or_likely_charset(
    site: Site, client: HttpClient, content_type: str, body: bytes, expected: str
) -> None:
    site.route("/page", Reply(200, body, content_type=content_type))
    response = await client.get(site.url("/page"), policy=policy())

    assert expected in response.text()
    assert "\ufeff" not in response.text()


@pytest.mark.parametrize(
    ("charset", "content"),
    [("no-such-charset", b"plain \xe9"), ("base64", b"plain \xe9"), (None, b"\x81\x8d\x90")],
)
def test_text_never_raises(charset: str | None, content: bytes) -> None:
    response = FetchedResponse(
        url="http://x.test/", status=200, headers={}, content=content, encoding=charset
    )

    assert isinstance(response.text(), str)


async def test_conditional_requests_send_validators_and_report_not_modified(
    site: Site,
    client: HttpClient,
) -> None:
    def feed(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(304)
        return Reply(
            200,
            '{"jobs": []}',
            headers={"ETag": '"v1"', "Last-Modified": "Tue, 01 Apr 2025 10:00:00 GMT"},
        )

    site.route("/feed", feed)
    p = policy(conditional=True)
    first = await client.get(site.url("/feed"), policy=p, params={"board": "acme"})
    second = await client.get(site.url("/feed"), policy=p, params={"board": "acme"})
    other = await client.get(site.url("/feed"), policy=p, params={"board": "other"})

    assert not first.not_modified
    assert first.json() == {"jobs": []}
    assert second.not_modified
    assert second.content == b""
    assert second.status == 304
    assert not other.not_modified
    sent = site.requests("/feed")
    assert sent[1].headers["if-modified-since"] == "Tue, 01 Apr 2025 10:00:00 GMT"
    assert "if-none-match" not in sent[2].headers
    assert metric("outbound_http_requests_total", circuit=p.circuit, outcome="not_modified") == 1


async def test_a_feeds_own_validator_store_can_be_exported_and_loaded(
    site: Site,
    client: HttpClient,
) -> None:
    site.route("/feed", Reply(200, "[]", headers={"ETag": 'W/"abc"'}))
    url = site.url("/feed")
    store = InMemoryValidatorStore()
    await client.get(url, policy=policy(conditional=True), validators=store)
    saved = store.export()

    restored = InMemoryValidatorStore()
    restored.load(saved)
    await client.get(url, policy=policy(conditional=True), validators=restored)

    assert saved == {url: {"etag": 'W/"abc"'}}
    assert restored.get(url) == Validators(etag='W/"abc"')
    assert site.requests("/feed")[1].headers["if-none-match"] == 'W/"abc"'
    assert client.validators.get(url) is None


async def test_the_breaker_opens_after_consecutive_failures_and_recovers_after_reset(
    site: Site,
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path, max_retries=0, breaker_reset_seconds=0.3)
    p = policy()
    site.route("/down", Reply(500), Reply(500), Reply(500), Reply(500), Reply(500), Reply(200))
    async with create_http_client(settings) as client:
        for _ in range(5):
            assert client.circuit_state(p.circuit) == "closed"
            with pytest.raises(HttpStatusError):
                await client.get(site.url("/down"), policy=p)
        assert client.circuit_state(p.circuit) == "open"
        assert metric("outbound_http_circuit_state", circuit=p.circuit) == 2

        with pytest.raises(CircuitOpenError):
            await client.get(site.url("/down"), policy=p)
        assert site.hits("/down") == 5

        await asyncio.sleep(0.35)
        assert client.circuit_state(p.circuit) == "half-opened"
        response = await client.get(site.url("/down"), policy=p)

        assert response.status == 200
        assert client.circuit_state(p.circuit) == "closed"
        assert metric("outbound_http_circuit_state", circuit=p.circuit) == 0
    assert metric("outbound_http_requests_total", circuit=p.circuit, outcome="circuit_open") == 1


async def test_a_shared_breaker_store_opens_the_circuit_for_every_client(
    site: Site, tmp_path: Path, redis_url: str
) -> None:
    settings = make_settings(tmp_path, max_retries=0).model_copy(
        update={"ratelimit_url": redis_url}
    )
    p = policy()
    site.route("/down", Reply(500))
    async with create_http_client(settings) as first:
        for _ in range(5):
            with pytest.raises(HttpStatusError):
                await first.get(site.url("/down"), policy=p)
    # Another process (a second client) finds the circuit open without asking the server.
    async with create_http_client(settings) as second:
        with pytest.raises(CircuitOpenError):
            await second.get(site.url("/down"), policy=p)
        assert second.circuit_state(p.circuit) == "open"
    assert site.hits("/down") == 5


async def test_a_failure_while_half_open_opens_the_breaker_again(
    site: Site, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, max_retries=0, breaker_reset_seconds=0.2)
    p = policy()
    site.route("/down", Reply(503))
    async with create_http_client(settings) as client:
        for _ in range(5):
            with pytest.raises(HttpStatusError):
                await client.get(site.url("/down"), policy=p)
        await asyncio.sleep(0.25)
        with pytest.raises(HttpStatusError):
            await client.get(site.url("/down"), policy=p)

        assert client.circuit_state(p.circuit) == "open"


async def test_requests_wait_for_the_domain_rate_budget(site: Site, tmp_path: Path) -> None:
    events: list[str] = []
    sleep = RecordingSleep(real=True, events=events)

    def answer(request: Request) -> Reply:
        events.append("request")
        return Reply(200, "{}")

    site.route("/jobs", answer)
    async with create_http_client(make_settings(tmp_path), sleep=sleep) as client:
        p = policy(rate_limit="2/second")
        for _ in range(3):
            await client.get(site.url("/jobs"), policy=p)

    assert events[:2] == ["request", "request"]
    assert events[-1] == "request"
    assert "sleep" in events[2:-1]
    assert events.count("request") == 3
    assert all(0 < s <= 1.0 for s in sleep.calls)


class StopWaiting(Exception):
    pass


async def test_a_shared_rate_limit_storage_spreads_the_budget_over_clients(
    site: Site, tmp_path: Path, redis_url: str
) -> None:
    settings = make_settings(tmp_path).model_copy(update={"ratelimit_url": redis_url})
    site.route("/jobs", Reply(200, "{}"))
    p = policy(rate_limit="2/minute")
    async with create_http_client(settings) as first:
        for _ in range(2):
            await first.get(site.url("/jobs"), policy=p)

    waits: list[float] = []

    async def refuse_to_wait(seconds: float) -> None:
        waits.append(seconds)
        raise StopWaiting

    async with create_http_client(settings, sleep=refuse_to_wait) as second:
        with pytest.raises(StopWaiting):
            await second.get(site.url("/jobs"), policy=p)

    assert site.hits("/jobs") == 2
    assert len(waits) == 1
    assert 50 < waits[0] <= 60


async def test_a_politeness_delay_is_taken_before_each_request(
    site: Site, client: HttpClient, sleep: RecordingSleep
) -> None:
    site.route("/jobs", Reply(200, "{}"))
    p = policy(delay_seconds=(3.0, 7.0))
    await client.get(site.url("/jobs"), policy=p)
    await client.get(site.url("/jobs"), policy=p)

    assert len(sleep.calls) == 2
    assert all(3.0 <= s <= 7.0 for s in sleep.calls)


ROBOTS = """\
User-agent: *
Disallow: /private
Crawl-delay: 1

User-agent: jobpilot
Disallow: /internal

Sitemap: {url}/sitemap-jobs.xml
Sitemap: {url}/sitemap-pages.xml
"""


async def test_robots_txt_disallows_and_lists_sitemaps(client: HttpClient) -> None:
    with fixture_server() as srv:
        srv.route("/robots.txt", Reply(200, ROBOTS.format(url=srv.url), content_type="text/plain"))
        srv.route("/careers", Reply(200, "<html></html>", content_type="text/html"))
        p = policy(respect_robots=True)

        await client.get(f"{srv.url}/careers", policy=p)
        with pytest.raises(RobotsDisallowedError):
            await client.get(f"{srv.url}/internal/jobs", policy=p)
        # Not ignored: a plain (non-robots) policy fetches what it is asked to.
        with pytest.raises(HttpStatusError):
            await client.get(f"{srv.url}/internal/jobs", policy=policy())
        sitemaps = await client.sitemaps(srv.url)

    assert srv.hits("/robots.txt") == 1
    assert srv.hits("/internal/jobs") == 1
    assert sitemaps == [f"{srv.url}/sitemap-jobs.xml", f"{srv.url}/sitemap-pages.xml"]


async def test_a_missing_robots_txt_allows_everything(client: HttpClient) -> None:
    with fixture_server() as srv:
        srv.route("/private/jobs", Reply(200, "[]"))
        response = await client.get(f"{srv.url}/private/jobs", policy=policy(respect_robots=True))
        sitemaps = await client.sitemaps(srv.url)

    assert response.status == 200
    assert sitemaps == []


async def test_robots_txt_is_ignored_when_settings_turn_it_off(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, respect_robots_txt=False)
    with fixture_server() as srv:
        srv.route("/robots.txt", Reply(200, "User-agent: *\nDisallow: /\n"))
        srv.route("/jobs", Reply(200, "[]"))
        async with create_http_client(settings) as client:
            await client.get(f"{srv.url}/jobs", policy=policy(respect_robots=True))

    assert srv.hits("/robots.txt") == 0


ProxyMode = Literal["forward", "close", "502"]


@dataclass
class ProxyServer:
    url: str
    mode: ProxyMode
    requests: list[str] = field(default_factory=list)


@contextmanager
def forwarding_proxy(mode: ProxyMode = "forward") -> Iterator[ProxyServer]:
    """An HTTP proxy for absolute-URI GETs; "close" and "502" modes play a broken proxy."""
    proxy = ProxyServer(url="", mode=mode)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            proxy.requests.append(self.path)
            if proxy.mode == "close":
                self.close_connection = True
                return
            if proxy.mode == "502":
                self.send_response(502)
                self.send_header("content-length", "0")
                self.end_headers()
                return
            target = urlsplit(self.path)
            upstream = http.client.HTTPConnection(target.hostname or "", target.port, timeout=5)
            forwarded = {
                k: v for k, v in self.headers.items() if k.lower() not in {"proxy-connection"}
            }
            upstream.request(
                "GET", target.path + (f"?{target.query}" if target.query else ""), headers=forwarded
            )
            answer = upstream.getresponse()
            body = answer.read()
            upstream.close()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in {"content-length", "connection", "transfer-encoding"}:
                    self.send_header(name, value)
            self.send_header("content-length", str(len(body)))
            self.send_header("x-via-test-proxy", "yes")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    proxy.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()


async def test_proxies_are_used_in_turn(site: Site, tmp_path: Path) -> None:
    with forwarding_proxy() as one, forwarding_proxy() as two:
        site.route("/jobs", Reply(200, "[]"))
        settings = make_settings(tmp_path, proxies=[one.url, two.url])
        async with create_http_client(settings) as client:
            responses = [
                await client.get(site.url("/jobs"), policy=policy(use_proxies=True))
                for _ in range(4)
            ]
            direct = await client.get(site.url("/jobs"), policy=policy())
            health = client.proxy_health()

    assert all(r.headers.get("x-via-test-proxy") == "yes" for r in responses)
    assert "x-via-test-proxy" not in direct.headers
    assert one.requests == [site.url("/jobs")] * 2
    assert two.requests == [site.url("/jobs")] * 2
    assert [(h.state, h.successes, h.failures) for h in health] == [("healthy", 2, 0)] * 2


@pytest.mark.parametrize("broken_mode", ["close", "502"])
async def test_a_failing_proxy_is_quarantined_and_requests_go_through_the_others(
    site: Site, tmp_path: Path, broken_mode: ProxyMode
) -> None:
    now = [1000.0]
    with forwarding_proxy() as good, forwarding_proxy(broken_mode) as bad:
        site.route("/jobs", Reply(200, "[]"))
        settings = make_settings(
            tmp_path, proxies=[bad.url, good.url], proxy_max_failures=2, proxy_quarantine_seconds=60
        )
        client = HttpClient(
            settings.http, data_dir=tmp_path, sleep=RecordingSleep(), clock=lambda: now[0]
        )
        async with client:
            for _ in range(6):
                response = await client.get(site.url("/jobs"), policy=policy(use_proxies=True))
                assert response.status == 200
            quarantined = client.proxy_health()[0]

            now[0] += 61
            await client.get(site.url("/jobs"), policy=policy(use_proxies=True))
            on_probation = client.proxy_health()[0]

    assert quarantined.state == "quarantined"
    assert quarantined.failures == 2
    assert quarantined.quarantined_for_seconds == 60
    assert len(bad.requests) == 3
    assert len(good.requests) == 7
    assert on_probation.state == "quarantined"
    assert on_probation.failures == 3


async def test_all_proxies_quarantined_is_a_block(tmp_path: Path) -> None:
    with forwarding_proxy("close") as one, forwarding_proxy("502") as two:
        settings = make_settings(tmp_path, proxies=[one.url, two.url], proxy_max_failures=1)
        async with create_http_client(settings) as client:
            with pytest.raises(BlockedError, match="all proxies quarantined"):
                await client.get("http://127.0.0.1:9/jobs", policy=policy(use_proxies=True))
            health = client.proxy_health()

    assert [h.state for h in health] == ["quarantined", "quarantined"]


def test_proxy_health_masks_passwords(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, proxies=["socks5://scraper:hunter2@10.0.0.9:1080"])
    client = create_http_client(settings)

    assert client.proxy_health()[0].proxy == "socks5://scraper:***@10.0.0.9:1080"


def test_an_unsupported_proxy_scheme_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported proxy"):
        create_http_client(make_settings(tmp_path, proxies=["ftp://10.0.0.9:21"]))


async def test_cookies_persist_across_clients(site: Site, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    site.route("/login", Reply(200, "{}", headers={"Set-Cookie": "session=abc123; Path=/"}))
    site.route("/me", Reply(200, "{}"))
    jar = policy(cookie_jar="linkedin")
    async with create_http_client(settings) as first:
        await first.get(site.url("/login"), policy=jar)
    async with create_http_client(settings) as second:
        await second.get(site.url("/me"), policy=jar)
        await second.get(site.url("/me"), policy=policy())

    path = tmp_path / "cookies" / "linkedin.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with_jar, without_jar = site.requests("/me")
    assert with_jar.headers.get("cookie") == "session=abc123"
    assert "cookie" not in without_jar.headers


def test_a_cookie_jar_name_cannot_escape_the_cookie_directory() -> None:
    with pytest.raises(ValueError, match="cookie jar name"):
        RequestPolicy(circuit="x", cookie_jar="../secret_key")


def test_a_malformed_rate_limit_is_refused_when_the_policy_is_made() -> None:
    with pytest.raises(ValueError, match="rate limit"):
        RequestPolicy(circuit="x", rate_limit="fast please")


async def test_retries_are_logged_without_query_strings(site: Site, client: HttpClient) -> None:
    site.route("/jobs", Reply(503), Reply(200, "{}"))
    with structlog.testing.capture_logs() as logs:
        await client.get(site.url("/jobs"), policy=policy(), params={"api_key": "s3cr3t"})

    retries = [entry for entry in logs if entry["event"] == "http_retry"]
    assert len(retries) == 1
    assert retries[0]["url"] == site.url("/jobs")
    assert "s3cr3t" not in repr(logs)
