"""Helpers for the web-page and feed source tests: fixture files served by a local server,
test settings with fast retries, and running a source to the end."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from jobpilot.core.http import create_http_client
from jobpilot.core.settings import HttpSettings, IngestSettings, LinkedInSettings, Settings
from jobpilot.sources.base import FeedConfig, FetchContext, RawPosting, Source
from tests.support.fixture_server import FixtureServer, Reply

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
BASE_PLACEHOLDER = "{{BASE}}"

HTML = "text/html; charset=utf-8"
XML = "application/xml"


def fixture_bytes(kind: str, name: str) -> bytes:
    return (FIXTURES / kind / name).read_bytes()


def fixture_text(kind: str, name: str, *, base: str = "") -> str:
    """A fixture file with ``{{BASE}}`` replaced by the test server's URL."""
    return (FIXTURES / kind / name).read_text(encoding="utf-8").replace(BASE_PLACEHOLDER, base)


def page(kind: str, name: str, *, base: str = "", status: int = 200) -> Reply:
    return Reply(status, fixture_text(kind, name, base=base), content_type=HTML)


def xml(kind: str, name: str, *, base: str = "", compress: bool = False) -> Reply:
    body = fixture_text(kind, name, base=base).encode("utf-8")
    if compress:
        return Reply(200, gzip.compress(body), content_type="application/gzip")
    return Reply(200, body, content_type=XML)


def requested(server: FixtureServer, path: str) -> int:
    """How many requests asked for exactly ``path`` (query string included)."""
    return sum(1 for request in server.requests if request.path == path)


def source_settings(
    tmp_path: Path,
    *,
    linkedin: dict[str, Any] | None = None,
    **http: Any,
) -> Settings:
    """Settings for source tests: private addresses allowed, millisecond backoff, no per-domain
    throttling, LinkedIn enabled without its politeness pauses (``linkedin={...}`` and
    keyword arguments for :class:`HttpSettings` override these)."""
    http_fields: dict[str, Any] = {
        "allow_private_networks": True,
        "backoff_initial_seconds": 0.01,
        "backoff_max_seconds": 0.05,
        "max_retries": 3,
        "domain_rate_limit": "1000/second",
        **http,
    }
    linkedin_fields: dict[str, Any] = {
        "enabled": True,
        "delay_min_seconds": 0,
        "delay_max_seconds": 0,
        "rate_limit": "1000/second",
        **(linkedin or {}),
    }
    return Settings(
        env="test",
        data_dir=tmp_path,
        http=HttpSettings.model_validate(http_fields),
        ingest=IngestSettings(linkedin=LinkedInSettings.model_validate(linkedin_fields)),
    )


@asynccontextmanager
async def fetch_context(
    settings: Settings, *, sleep: Callable[[float], Awaitable[None]] | None = None
) -> AsyncIterator[FetchContext]:
    """A fetch context whose client is closed afterwards; ``sleep`` replaces the client's
    waits (backoff, Retry-After, politeness delays) so a test can see them without waiting."""
    client = (
        create_http_client(settings) if sleep is None else create_http_client(settings, sleep=sleep)
    )
    try:
        yield FetchContext(http=client, settings=settings)
    finally:
        await client.aclose()


async def collect(source: Source, config: FeedConfig, ctx: FetchContext) -> list[RawPosting]:
    """Every posting the source yields for ``config``."""
    return [posting async for posting in source.fetch(config, ctx)]


async def collect_until_error(
    source: Source, config: FeedConfig, ctx: FetchContext
) -> tuple[list[RawPosting], Exception | None]:
    """The postings yielded before the source raised, and what it raised (or ``None``)."""
    postings: list[RawPosting] = []
    try:
        async for posting in source.fetch(config, ctx):
            postings.append(posting)
    except Exception as exc:
        return postings, exc
    return postings, None
