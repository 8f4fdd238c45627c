"""POST with a JSON body through the outbound client, against a server on 127.0.0.1 that
records what each request sent (method, path, headers and body)."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from jobpilot.core.http import (
    BlockedError,
    CircuitOpenError,
    HttpClient,
    HttpStatusError,
    InMemoryValidatorStore,
    RequestPolicy,
    ResponseTooLargeError,
    UnsafeUrlError,
    Validators,
    create_http_client,
)
from jobpilot.core.settings import HttpSettings, Settings
from tests.support.fixture_server import Reply

_counter = iter(range(1_000_000))


@dataclass(frozen=True)
class Sent:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class RecordingServer:
    """Answers each path with its replies in turn (the last one repeats), recording bodies."""

    url: str = ""
    sent: list[Sent] = field(default_factory=list)
    routes: dict[str, list[Reply]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def answer(self, request: Sent) -> Reply:
        with self.lock:
            self.sent.append(request)
            replies = self.routes.get(request.path.split("?")[0])
            if not replies:
                return Reply(404, b"{}")
            return replies.pop(0) if len(replies) > 1 else replies[0]


@contextmanager
def recording_server() -> Iterator[RecordingServer]:
    state = RecordingServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {name.lower(): value for name, value in self.headers.items()}
            reply = state.answer(Sent(self.command, self.path, headers, body))
            content = reply.body.encode() if isinstance(reply.body, str) else reply.body
            self.send_response(reply.status)
            for name, value in {"content-type": reply.content_type, **reply.headers}.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = _answer
        do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class RecordingSleep:
    calls: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def policy(**options: Any) -> RequestPolicy:
    return RequestPolicy(circuit=f"post-test-{next(_counter)}", **options)


def make_settings(tmp_path: Path, **http: Any) -> Settings:
    values: dict[str, Any] = {
        "allow_private_networks": True,
        "backoff_initial_seconds": 0.01,
        "backoff_max_seconds": 0.05,
        "max_retries": 3,
        "domain_rate_limit": "1000/second",
        **http,
    }
    return Settings(env="test", data_dir=tmp_path, http=HttpSettings.model_validate(values))


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    with recording_server() as running:
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
    server: RecordingServer, client: HttpClient
) -> None:
    server.route("/search", Reply(200, '{"total": 2}'))

    response = await client.post_json(
        f"{server.url}/search", policy=policy(), body=SEARCH, params={"lang": "en"}
    )

    assert response.json() == {"total": 2}
    [sent] = server.sent
    assert (sent.method, sent.path) == ("POST", "/search?lang=en")
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["user-agent"] == HttpSettings().user_agent
    assert sent.json() == SEARCH
    assert "Café & Bar".encode() in sent.body


async def test_429_with_retry_after_is_waited_out_and_the_same_body_sent_again(
    server: RecordingServer, client: HttpClient, sleep: RecordingSleep
) -> None:
    server.route("/search", Reply(429, headers={"Retry-After": "4"}), Reply(200, "{}"))

    await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert sleep.calls == [4.0]
    assert [sent.json() for sent in server.sent] == [SEARCH, SEARCH]


async def test_server_errors_are_retried_until_recovery(
    server: RecordingServer, client: HttpClient
) -> None:
    server.route("/search", Reply(502), Reply(503), Reply(200, '{"ok": true}'))

    response = await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert response.json() == {"ok": True}
    assert [sent.method for sent in server.sent] == ["POST", "POST", "POST"]


async def test_429_beyond_the_retry_budget_is_a_block(
    server: RecordingServer, client: HttpClient
) -> None:
    server.route("/search", Reply(429))

    with pytest.raises(BlockedError, match="429"):
        await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert len(server.sent) == 4


async def test_a_307_redirect_repeats_the_post_and_a_303_turns_it_into_a_get(
    server: RecordingServer, client: HttpClient
) -> None:
    server.route("/old", Reply(307, headers={"Location": "/new"}))
    server.route("/new", Reply(303, headers={"Location": "/results"}))
    server.route("/results", Reply(200, "[]"))

    response = await client.post_json(f"{server.url}/old", policy=policy(), body=SEARCH)

    assert response.url == f"{server.url}/results"
    assert [(sent.method, sent.path) for sent in server.sent] == [
        ("POST", "/old"),
        ("POST", "/new"),
        ("GET", "/results"),
    ]
    assert server.sent[1].json() == SEARCH
    assert server.sent[2].body == b""
    assert "content-type" not in server.sent[2].headers


async def test_an_answer_over_the_size_limit_is_refused(
    server: RecordingServer, tmp_path: Path
) -> None:
    server.route("/search", Reply(200, json.dumps({"results": ["x" * 2000]})))

    async with create_http_client(make_settings(tmp_path, max_response_bytes=1024)) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)


async def test_a_private_address_is_refused_without_sending(
    server: RecordingServer, tmp_path: Path
) -> None:
    server.route("/search", Reply(200, "{}"))

    async with create_http_client(make_settings(tmp_path, allow_private_networks=False)) as client:
        with pytest.raises(UnsafeUrlError):
            await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert server.sent == []


async def test_failing_posts_open_the_sources_breaker(
    server: RecordingServer, tmp_path: Path
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

    assert len(server.sent) == 5
    assert state == "open"


async def test_posts_are_never_conditional(server: RecordingServer, tmp_path: Path) -> None:
    url = f"{server.url}/search"
    server.route("/search", Reply(200, "{}", headers={"ETag": '"v2"'}))
    store = InMemoryValidatorStore()
    store.put(url, Validators(etag='"v1"'))

    async with create_http_client(make_settings(tmp_path), validators=store) as client:
        await client.post_json(url, policy=policy(conditional=True), body=SEARCH)

    assert "if-none-match" not in server.sent[0].headers
    assert store.get(url) == Validators(etag='"v1"')


async def test_a_304_to_a_post_is_a_status_error(
    server: RecordingServer, client: HttpClient
) -> None:
    server.route("/search", Reply(304))

    with pytest.raises(HttpStatusError) as caught:
        await client.post_json(f"{server.url}/search", policy=policy(), body=SEARCH)

    assert caught.value.status == 304
