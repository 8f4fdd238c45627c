"""Fixtures shared by source tests: a scripted HTTP server on 127.0.0.1 and fetch contexts
whose HTTP client may talk to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest

from jobpilot.core.http import HttpClient, create_http_client
from jobpilot.core.settings import HttpSettings, Settings
from jobpilot.sources.base import FetchContext
from tests.support.fixture_server import FixtureServer, fixture_server

# Fast retries so retry paths take milliseconds, and no per-domain budget to wait for (every
# test server is the same host); everything else as configured in production.
TEST_HTTP_DEFAULTS: dict[str, Any] = {
    "allow_private_networks": True,
    "domain_rate_limit": "1000/second",
    "backoff_initial_seconds": 0.01,
    "backoff_max_seconds": 0.05,
    "max_retries": 3,
}


class FetchContextFactory(Protocol):
    def __call__(self, **http_overrides: Any) -> FetchContext: ...


@pytest.fixture
def local_http_server() -> Iterator[FixtureServer]:
    """A :class:`FixtureServer` on 127.0.0.1, shut down after the test."""
    with fixture_server() as server:
        yield server


@pytest.fixture
async def make_fetch_context(tmp_path: Path) -> AsyncIterator[FetchContextFactory]:
    """Builds a :class:`FetchContext` whose client may reach 127.0.0.1.

    Keyword arguments override :class:`HttpSettings` fields (``max_response_bytes=1024``,
    ``read_timeout_seconds=0.2`` …). Clients are closed after the test.
    """
    clients: list[HttpClient] = []

    def build(**http_overrides: Any) -> FetchContext:
        http = HttpSettings.model_validate({**TEST_HTTP_DEFAULTS, **http_overrides})
        settings = Settings(env="test", data_dir=tmp_path, http=http)
        client = create_http_client(settings)
        clients.append(client)
        return FetchContext(http=client, settings=settings)

    yield build
    for client in clients:
        await client.aclose()
