"""The one outbound HTTP client factory used by every fetching source.

Public surface (stable; sources code against it):

- :func:`create_http_client` builds an :class:`HttpClient` from settings. Tests pass an
  ``httpx`` transport or point sources at servers on 127.0.0.1 (with
  ``http.allow_private_networks`` on).
- :meth:`HttpClient.get` fetches one URL under a :class:`RequestPolicy` and returns a
  :class:`FetchedResponse` whose body is already read (bounded by the size limit).
- Failures are :class:`HttpError` subclasses.

SKELETON: retries, rate limits, circuit breaker, conditional requests, robots.txt, proxies,
cookies and SSRF checks are still to be implemented behind this surface.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from jobpilot.core.settings import HttpSettings, Settings


class HttpError(Exception):
    """Base of every outbound HTTP failure."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class HttpStatusError(HttpError):
    def __init__(self, message: str, *, url: str, status: int) -> None:
        super().__init__(message, url=url)
        self.status = status


class BlockedError(HttpError):
    """The server refused us (429 beyond the retry budget, 999, a block page)."""


class CircuitOpenError(HttpError):
    """Too many consecutive failures for this source: requests are refused for a while."""


class ResponseTooLargeError(HttpError):
    pass


class MalformedResponseError(HttpError):
    pass


class UnsafeUrlError(HttpError):
    """The URL is not http(s) or points at a private network address."""


class RobotsDisallowedError(HttpError):
    pass


@dataclass(frozen=True, slots=True)
class RequestPolicy:
    """How one source talks to its servers."""

    # Circuit breaker name, normally the source kind (or kind:board).
    circuit: str
    conditional: bool = False  # send If-None-Match / If-Modified-Since from earlier responses
    respect_robots: bool = False  # generic crawling only
    use_proxies: bool = False
    cookie_jar: str | None = None  # persist cookies under this name
    rate_limit: str | None = None  # per domain; default HttpSettings.domain_rate_limit
    delay_seconds: tuple[float, float] | None = None  # random pause before each request
    block_statuses: frozenset[int] = frozenset({999})


@dataclass(frozen=True, slots=True)
class FetchedResponse:
    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    not_modified: bool = False
    encoding: str | None = field(default=None)

    def text(self) -> str:
        """The body decoded with the declared charset, falling back to UTF-8 then cp1252."""
        for candidate in (self.encoding, "utf-8"):
            if not candidate:
                continue
            try:
                return self.content.decode(candidate)
            except (UnicodeDecodeError, LookupError):
                continue
        return self.content.decode("cp1252", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.text())
        except ValueError as exc:
            raise MalformedResponseError(f"invalid JSON from {self.url}", url=self.url) from exc


class HttpClient:
    def __init__(
        self, settings: HttpSettings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(
                settings.read_timeout_seconds, connect=settings.connect_timeout_seconds
            ),
            headers={"User-Agent": settings.user_agent},
            follow_redirects=True,
            max_redirects=settings.max_redirects,
        )

    async def get(
        self,
        url: str,
        *,
        policy: RequestPolicy,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FetchedResponse:
        try:
            response = await self._client.get(url, params=params, headers=headers)
        except httpx.HTTPError as exc:
            raise HttpError(f"request to {url} failed: {exc}", url=url) from exc
        if response.status_code in policy.block_statuses or response.status_code == 429:
            raise BlockedError(f"{url} answered {response.status_code}", url=url)
        if response.status_code >= 400:
            raise HttpStatusError(
                f"{url} answered {response.status_code}", url=url, status=response.status_code
            )
        return FetchedResponse(
            url=str(response.url),
            status=response.status_code,
            headers=dict(response.headers),
            content=response.content,
            encoding=response.charset_encoding,
        )

    async def aclose(self) -> None:
        await self._client.aclose()


def create_http_client(
    settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None
) -> HttpClient:
    """The HTTP client for ``settings`` (one per process; share it between runs)."""
    return HttpClient(settings.http, transport=transport)
