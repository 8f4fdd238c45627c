"""The one outbound HTTP client factory used by every fetching source.

- :func:`create_http_client` builds an :class:`HttpClient` from settings (one per process,
  shared between runs). Tests pass an ``httpx`` transport or point sources at servers on
  127.0.0.1 (with ``http.allow_private_networks`` on).
- :meth:`HttpClient.get` fetches one URL under a :class:`RequestPolicy` and returns a
  :class:`FetchedResponse` whose body is already read (bounded by the size limit). On the way
  it applies, in order: robots.txt, the policy's circuit breaker, the politeness delay, then
  per attempt (tenacity: exponential backoff with jitter, ``Retry-After`` honoured) a proxy
  from the rotation and, per redirect hop, the SSRF check and the per-domain rate limit.
- :meth:`HttpClient.post_json` sends a JSON body (APIs that search by POST) through the same
  steps; conditional requests do not apply to it.
- :meth:`HttpClient.with_validators` gives a view of the client that keeps ETag and
  Last-Modified in another store (a feed's own), sharing everything else.
- Failures are :class:`HttpError` subclasses; :func:`check_url_safe` is the SSRF check on its
  own, for other outbound callers.
"""

from __future__ import annotations

import asyncio
import copy
import email.utils
import json
import math
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal
from urllib.robotparser import RobotFileParser

import httpx
import structlog
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from prometheus_client import Counter, Gauge
from purgatory import (
    AsyncAbstractUnitOfWork,
    AsyncCircuitBreakerFactory,
    AsyncInMemoryUnitOfWork,
    AsyncRedisUnitOfWork,
)
from purgatory.domain.model import Context, OpenedState
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_random_exponential

from jobpilot.core.http_cookies import CookieJarFiles, check_jar_name, refusing_cookie_jar
from jobpilot.core.http_errors import (
    BlockedError,
    CircuitOpenError,
    HostResolutionError,
    HttpError,
    HttpStatusError,
    MalformedResponseError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    TooManyRedirectsError,
    UnsafeUrlError,
)
from jobpilot.core.http_proxies import ProxyHealth, ProxyRotation
from jobpilot.core.http_safety import (
    Resolver,
    check_url_safe,
    is_public_address,
    parse_fetchable_url,
    redacted_url,
)
from jobpilot.core.http_text import decode_body
from jobpilot.core.http_validators import (
    InMemoryValidatorStore,
    Validators,
    ValidatorStore,
    conditional_headers,
    remember_validators,
)
from jobpilot.core.settings import HttpSettings, Settings, mask_url

if TYPE_CHECKING:
    from purgatory.service._async.circuitbreaker import AsyncCircuitBreaker

__all__ = [
    "BlockedError",
    "CircuitOpenError",
    "CircuitState",
    "FetchedResponse",
    "HostResolutionError",
    "HttpClient",
    "HttpError",
    "HttpStatusError",
    "InMemoryValidatorStore",
    "MalformedResponseError",
    "ProxyHealth",
    "RequestPolicy",
    "ResponseTooLargeError",
    "RobotsDisallowedError",
    "TooManyRedirectsError",
    "UnsafeUrlError",
    "ValidatorStore",
    "Validators",
    "check_url_safe",
    "create_http_client",
]

log = structlog.get_logger(__name__)

OUTBOUND_REQUESTS = Counter(
    "outbound_http_requests_total",
    "Outbound HTTP fetches by circuit and outcome (retry counts each retried attempt)",
    ["circuit", "outcome"],
)
CIRCUIT_STATE = Gauge(
    "outbound_http_circuit_state",
    "Circuit breaker state per circuit: 0 closed, 1 half-open, 2 open",
    ["circuit"],
)

CircuitState = Literal["closed", "open", "half-opened"]
Outcome = Literal["ok", "not_modified", "retry", "blocked", "error", "circuit_open"]
Sleep = Callable[[float], Awaitable[None]]

_CIRCUIT_GAUGE_VALUES: dict[CircuitState, int] = {"closed": 0, "half-opened": 1, "open": 2}
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Statuses a proxy answers itself when it (not the origin) is the problem, or when its
# address has been refused by the origin.
_PROXY_FAULT_STATUSES = frozenset({407, 429, 502, 504})
_MIN_RATE_WAIT_SECONDS = 0.01
_ROBOTS_TTL_SECONDS = 3600.0


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

    def __post_init__(self) -> None:
        if self.cookie_jar is not None:
            check_jar_name(self.cookie_jar)
        if self.rate_limit is not None:
            check_rate_limit(self.rate_limit)


@dataclass(frozen=True, slots=True)
class FetchedResponse:
    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    not_modified: bool = False
    # The charset named by the Content-Type header, if any.
    encoding: str | None = field(default=None)

    def text(self) -> str:
        """The body as text: BOM, header charset, meta/XML declaration, UTF-8, cp1252."""
        content_type = next(
            (value for name, value in self.headers.items() if name.lower() == "content-type"), ""
        )
        return decode_body(self.content, charset=self.encoding, content_type=content_type)

    def json(self) -> Any:
        try:
            return json.loads(self.text())
        except (ValueError, RecursionError) as exc:
            raise MalformedResponseError(f"invalid JSON from {self.url}", url=self.url) from exc


def origin_of(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def retry_after_seconds(value: str | None, *, now: float) -> float | None:
    """A Retry-After header (delta seconds or HTTP-date) as seconds from ``now``."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - now)


def check_rate_limit(rule: str) -> str:
    """``rule`` unchanged when ``limits`` can read it ("5/second", "10 per minute")."""
    try:
        parse(rule)
    except ValueError as exc:
        raise ValueError(f"invalid rate limit {rule!r}: use e.g. '5/second'") from exc
    return rule


def _rate_limit_storage(url: str) -> Storage:
    if url.startswith("memory://"):
        return MemoryStorage()
    return RedisStorage(f"async+{url}", implementation="redispy", key_prefix="jobpilot-http")


def _breaker_storage(url: str) -> AsyncAbstractUnitOfWork:
    if url.startswith("memory://"):
        return AsyncInMemoryUnitOfWork()
    return AsyncRedisUnitOfWork(url)


def _is_client_error(exc: HttpStatusError) -> bool:
    return exc.status < 500


@dataclass(frozen=True, slots=True)
class _Outgoing:
    """What one request sends: its method, headers and body (``None`` for a GET)."""

    method: Literal["GET", "POST"]
    headers: dict[str, str]
    content: bytes | None = None

    def after_redirect(self, status: int) -> _Outgoing:
        """The request to repeat at a redirect's target: 301, 302 and 303 turn a POST into a
        GET without a body (what browsers and httpx do); 307 and 308 keep method and body."""
        if self.content is None or status in (307, 308):
            return self
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() not in {"content-type", "content-length"}
        }
        return _Outgoing("GET", headers)


@dataclass(frozen=True, slots=True)
class _Exchange:
    """The last response of a redirect chain."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes
    charset: str | None


class _RetryableFailure(Exception):
    """One attempt failed in a way worth retrying; ``final`` is raised if none are left."""

    def __init__(self, final: HttpError, *, retry_after: float | None = None) -> None:
        super().__init__(str(final))
        self.final = final
        self.retry_after = retry_after


@dataclass(slots=True)
class _RobotsEntry:
    parser: RobotFileParser
    fetched_at: float


class HttpClient:
    """Fetches URLs politely and safely; see the module docstring for what each call does.

    ``sleep``, ``resolver`` and ``clock`` are injectable so tests neither wait nor resolve
    real names. ``validators`` keeps ETag/Last-Modified for conditional requests.
    """

    def __init__(
        self,
        settings: HttpSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        data_dir: Path | None = None,
        ratelimit_url: str = "memory://",
        validators: ValidatorStore | None = None,
        sleep: Sleep = asyncio.sleep,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
        robots_ttl_seconds: float = _ROBOTS_TTL_SECONDS,
    ) -> None:
        self.settings = settings
        self.validators: ValidatorStore = (
            validators if validators is not None else InMemoryValidatorStore()
        )
        self._transport = transport
        self._sleep = sleep
        self._resolver = resolver
        self._clock = clock
        self._robots_ttl = robots_ttl_seconds
        self._clients: dict[str | None, httpx.AsyncClient] = {}
        self._proxies = ProxyRotation(
            settings.proxies,
            max_failures=settings.proxy_max_failures,
            quarantine_seconds=settings.proxy_quarantine_seconds,
            clock=clock,
        )
        self._cookies = CookieJarFiles(data_dir / "cookies" if data_dir is not None else None)
        self._limiter = MovingWindowRateLimiter(_rate_limit_storage(ratelimit_url))
        self._rate_items: dict[str, RateLimitItem] = {}
        # With a shared (Redis) store, every process sees one breaker per circuit: five
        # failures in any worker open it for all of them.
        self._breakers = AsyncCircuitBreakerFactory(
            uow=_breaker_storage(ratelimit_url),
            default_threshold=settings.breaker_failure_threshold,
            default_ttl=settings.breaker_reset_seconds,
            # Failures that say nothing about the server's health do not trip the breaker.
            exclude=[
                (HttpStatusError, _is_client_error),
                UnsafeUrlError,
                RobotsDisallowedError,
                ResponseTooLargeError,
                # A request cancelled by its caller (shutdown, a run's deadline) says nothing.
                asyncio.CancelledError,
            ],
        )
        self._circuits: dict[str, Context] = {}
        self._breakers_ready = False
        self._backoff = wait_random_exponential(
            multiplier=settings.backoff_initial_seconds, max=settings.backoff_max_seconds
        )
        self._robots: dict[str, _RobotsEntry] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def get(
        self,
        url: str,
        *,
        policy: RequestPolicy,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        validators: ValidatorStore | None = None,
    ) -> FetchedResponse:
        """Fetch ``url`` (with ``params`` merged into its query) under ``policy``.

        ``validators`` overrides the client's store for this call (a feed's own store).
        """
        target = parse_fetchable_url(url)
        if params:
            target = target.copy_merge_params(dict(params))
        store = validators if validators is not None else self.validators
        key = str(target)
        request_headers = dict(headers or {})
        if policy.conditional:
            request_headers.update(conditional_headers(store.get(key), request_headers))
        response = await self._send(target, policy, _Outgoing("GET", request_headers))
        if policy.conditional:
            remember_validators(store, key, response.headers, not_modified=response.not_modified)
        return response

    async def post_json(
        self,
        url: str,
        *,
        policy: RequestPolicy,
        body: Mapping[str, object],
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FetchedResponse:
        """POST ``body`` as JSON to ``url`` under ``policy`` and return the answer.

        Everything :meth:`get` applies applies here too (robots.txt when the policy asks,
        breaker, delay, retries with backoff and ``Retry-After``, proxies, SSRF checks per hop,
        rate limits, size cap) except conditional requests. Failed attempts are sent again, so
        use it only for requests that are safe to repeat, such as a search.
        """
        target = parse_fetchable_url(url)
        if params:
            target = target.copy_merge_params(dict(params))
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        request_headers = {"Accept": "application/json", **(headers or {})}
        request_headers["Content-Type"] = "application/json"
        response = await self._send(target, policy, _Outgoing("POST", request_headers, content))
        if response.not_modified:
            # Nothing was asked conditionally, so a 304 carries no usable answer.
            shown = redacted_url(response.url)
            raise HttpStatusError(
                f"{shown} answered 304 to a request that was not conditional",
                url=response.url,
                status=304,
            )
        return response

    def with_validators(self, validators: ValidatorStore) -> HttpClient:
        """This client with ``validators`` as its store for conditional requests.

        The view shares connections, breakers, rate limits, proxies, cookies and robots.txt
        with this client (closing either closes both); only where ETag and Last-Modified are
        read and kept differs, so a feed's run can use and save its own.
        """
        view = copy.copy(self)
        view.validators = validators
        return view

    async def _send(
        self, target: httpx.URL, policy: RequestPolicy, outgoing: _Outgoing
    ) -> FetchedResponse:
        """One request through robots.txt, the breaker, the delay and the retries."""
        if policy.respect_robots and self.settings.respect_robots_txt:
            await self._check_robots(target, policy)
        try:
            breaker = await self._breaker(policy.circuit)
            async with breaker:
                if policy.delay_seconds is not None:
                    await self._sleep(random.uniform(*policy.delay_seconds))  # noqa: S311
                response = await self._fetch_with_retries(target, policy, outgoing)
        except OpenedState as exc:
            self._count(policy, "circuit_open")
            raise CircuitOpenError(
                f"circuit {policy.circuit!r} is open after repeated failures", url=str(target)
            ) from exc
        except BlockedError as exc:
            self._count(policy, "blocked")
            log.warning(
                "http_blocked", circuit=policy.circuit, url=redacted_url(target), reason=str(exc)
            )
            raise
        except HttpError:
            self._count(policy, "error")
            raise
        finally:
            self._publish_circuit_state(policy.circuit)
        self._count(policy, "not_modified" if response.not_modified else "ok")
        return response

    def circuit_state(self, name: str) -> CircuitState:
        """The breaker's state; "half-opened" once an open breaker's reset time has passed."""
        context = self._circuits.get(name)
        if context is None:
            return "closed"
        if context.state == "opened":
            opened_at = context.opened_at or 0.0
            return "half-opened" if time.time() > opened_at + context.ttl else "open"
        return "half-opened" if context.state == "half-opened" else "closed"

    def proxy_health(self) -> list[ProxyHealth]:
        """Every configured proxy with its state and counts (passwords masked)."""
        return self._proxies.health()

    async def sitemaps(self, origin: str, *, policy: RequestPolicy | None = None) -> list[str]:
        """The ``Sitemap:`` URLs listed in the robots.txt of ``origin`` (any URL on it)."""
        parsed = parse_fetchable_url(origin)
        parser = await self._robots_for(
            origin_of(parsed), policy or RequestPolicy(circuit=f"robots:{parsed.host}")
        )
        return list(parser.site_maps() or [])

    async def aclose(self) -> None:
        clients = list(self._clients.values())
        self._clients.clear()
        for client in clients:
            await client.aclose()

    async def _fetch_with_retries(
        self, target: httpx.URL, policy: RequestPolicy, outgoing: _Outgoing
    ) -> FetchedResponse:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_retries + 1),
            wait=self._retry_wait,
            retry=retry_if_exception_type(_RetryableFailure),
            sleep=self._sleep,
            before_sleep=lambda state: self._note_retry(policy, target, state),
            reraise=True,
        )
        try:
            response: FetchedResponse = await retrying(self._attempt, target, policy, outgoing)
        except _RetryableFailure as failure:
            raise failure.final from failure.__cause__
        return response

    def _retry_wait(self, state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome is not None else None
        if isinstance(failure, _RetryableFailure) and failure.retry_after is not None:
            return failure.retry_after
        return self._backoff(state)

    def _note_retry(self, policy: RequestPolicy, target: httpx.URL, state: RetryCallState) -> None:
        self._count(policy, "retry")
        failure = state.outcome.exception() if state.outcome is not None else None
        log.warning(
            "http_retry",
            circuit=policy.circuit,
            url=redacted_url(target),
            attempt=state.attempt_number,
            wait_seconds=round(state.upcoming_sleep, 3),
            reason=str(failure),
        )

    async def _attempt(
        self, target: httpx.URL, policy: RequestPolicy, outgoing: _Outgoing
    ) -> FetchedResponse:
        proxy = self._choose_proxy(policy, target)
        try:
            exchange = await self._exchange(target, policy, outgoing, proxy)
        except _RetryableFailure:
            if proxy is not None:
                self._record_proxy_failure(proxy)
            raise
        if proxy is not None:
            if exchange.status in _PROXY_FAULT_STATUSES or exchange.status in policy.block_statuses:
                self._record_proxy_failure(proxy)
            else:
                self._proxies.record_success(proxy)
        return self._interpret(exchange, policy)

    def _interpret(self, exchange: _Exchange, policy: RequestPolicy) -> FetchedResponse:
        status, url = exchange.status, exchange.url
        shown = redacted_url(url)
        if status in policy.block_statuses:
            raise BlockedError(f"{shown} answered {status} (blocked)", url=url)
        if status == 429 or status >= 500:
            wait = retry_after_seconds(exchange.headers.get("retry-after"), now=time.time())
            if wait is not None and wait > self.settings.retry_after_max_seconds:
                raise BlockedError(
                    f"{shown} answered {status} with Retry-After {wait:.0f}s", url=url
                )
            final: HttpError = (
                BlockedError(f"{shown} kept answering 429 Too Many Requests", url=url)
                if status == 429
                else HttpStatusError(f"{shown} answered {status}", url=url, status=status)
            )
            raise _RetryableFailure(final, retry_after=wait)
        if status == 304:
            return FetchedResponse(
                url=url, status=status, headers=exchange.headers, content=b"", not_modified=True
            )
        if status >= 300:
            raise HttpStatusError(f"{shown} answered {status}", url=url, status=status)
        return FetchedResponse(
            url=url,
            status=status,
            headers=exchange.headers,
            content=exchange.content,
            encoding=exchange.charset,
        )

    async def _exchange(
        self, target: httpx.URL, policy: RequestPolicy, outgoing: _Outgoing, proxy: str | None
    ) -> _Exchange:
        """Send the request and follow redirects (each hop checked and rate limited)."""
        client = self._client_for(proxy)
        jar = await self._cookies.jar(policy.cookie_jar) if policy.cookie_jar else None
        url = target
        for _hop in range(self.settings.max_redirects + 1):
            await self._check_hop(url)
            await self._await_rate_budget(url.host, policy.rate_limit)
            headers = outgoing.headers
            hop_headers = headers if origin_of(url) == origin_of(target) else _cross_origin(headers)
            request = client.build_request(
                outgoing.method, url, headers=hop_headers, content=outgoing.content
            )
            if jar is not None:
                jar.set_cookie_header(request)
            try:
                response = await client.send(request, stream=True)
            except httpx.TransportError as exc:
                raise _RetryableFailure(
                    HttpError(f"request to {redacted_url(url)} failed: {exc!r}", url=str(url))
                ) from exc
            try:
                if proxy is None:
                    self._check_peer(response, url)
                if jar is not None and policy.cookie_jar is not None:
                    jar.extract_cookies(response)
                    await self._cookies.save(policy.cookie_jar)
                location = response.headers.get("location")
                if response.status_code in _REDIRECT_STATUSES and location:
                    url = _redirect_target(url, location)
                    outgoing = outgoing.after_redirect(response.status_code)
                    continue
                content = await self._read_body(response, url) if response.is_success else b""
            except httpx.TransportError as exc:
                raise _RetryableFailure(
                    HttpError(f"reading {redacted_url(url)} failed: {exc!r}", url=str(url))
                ) from exc
            finally:
                await response.aclose()
            return _Exchange(
                url=str(url),
                status=response.status_code,
                headers=httpx.Headers(response.headers),
                content=content,
                charset=response.charset_encoding,
            )
        raise TooManyRedirectsError(
            f"more than {self.settings.max_redirects} redirects from {redacted_url(target)}",
            url=str(target),
        )

    async def _check_hop(self, url: httpx.URL) -> None:
        try:
            await check_url_safe(str(url), self.settings, resolver=self._resolver)
        except HostResolutionError as exc:
            raise _RetryableFailure(exc) from exc

    def _check_peer(self, response: httpx.Response, url: httpx.URL) -> None:
        # The name was checked before connecting; checking the connected address too closes
        # the gap a DNS answer that changes in between (rebinding) would otherwise open.
        if self.settings.allow_private_networks:
            return
        stream = response.extensions.get("network_stream")
        address = stream.get_extra_info("server_addr") if stream is not None else None
        if isinstance(address, tuple) and address and not is_public_address(str(address[0])):
            raise UnsafeUrlError(
                f"{redacted_url(url)} connected to a non-public address", url=str(url)
            )

    async def _read_body(self, response: httpx.Response, url: httpx.URL) -> bytes:
        limit = self.settings.max_response_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ResponseTooLargeError(
                f"{redacted_url(url)} declares {declared} bytes (limit {limit})", url=str(url)
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise ResponseTooLargeError(
                    f"{redacted_url(url)} sent more than {limit} bytes", url=str(url)
                )
            chunks.append(chunk)
        return b"".join(chunks)

    async def _await_rate_budget(self, host: str, rule: str | None) -> None:
        """Wait until the domain's moving window has room for one more request."""
        item = self._rate_item(rule or self.settings.domain_rate_limit)
        while not await self._limiter.hit(item, "domain", host):
            stats = await self._limiter.get_window_stats(item, "domain", host)
            await self._sleep(max(stats.reset_time - time.time(), _MIN_RATE_WAIT_SECONDS))

    def _rate_item(self, rule: str) -> RateLimitItem:
        item = self._rate_items.get(rule)
        if item is None:
            item = self._rate_items[rule] = parse(rule)
        return item

    def _choose_proxy(self, policy: RequestPolicy, target: httpx.URL) -> str | None:
        if not policy.use_proxies or not len(self._proxies):
            return None
        proxy = self._proxies.next_proxy()
        if proxy is None:
            raise BlockedError("all proxies quarantined", url=str(target))
        return proxy

    def _record_proxy_failure(self, proxy: str) -> None:
        if self._proxies.record_failure(proxy):
            log.warning(
                "http_proxy_quarantined",
                proxy=mask_url(proxy),
                seconds=self.settings.proxy_quarantine_seconds,
            )

    def _client_for(self, proxy: str | None) -> httpx.AsyncClient:
        client = self._clients.get(proxy)
        if client is None:
            client = self._clients[proxy] = httpx.AsyncClient(
                transport=self._transport,
                proxy=proxy if self._transport is None else None,
                timeout=httpx.Timeout(
                    self.settings.read_timeout_seconds,
                    connect=self.settings.connect_timeout_seconds,
                ),
                headers={"User-Agent": self.settings.user_agent},
                follow_redirects=False,
                # Proxies and certificates come from settings, never from the environment.
                trust_env=False,
                # Cookies are kept per policy in named jars, never in the shared client.
                cookies=refusing_cookie_jar(),
            )
        return client

    async def _breaker(self, name: str) -> AsyncCircuitBreaker:
        if not self._breakers_ready:
            await self._breakers.initialize()
            self._breakers_ready = True
        breaker = await self._breakers.get_breaker(name)
        self._circuits[name] = breaker.context
        return breaker

    def _publish_circuit_state(self, name: str) -> None:
        CIRCUIT_STATE.labels(name).set(_CIRCUIT_GAUGE_VALUES[self.circuit_state(name)])

    def _count(self, policy: RequestPolicy, outcome: Outcome) -> None:
        OUTBOUND_REQUESTS.labels(policy.circuit, outcome).inc()

    async def _check_robots(self, target: httpx.URL, policy: RequestPolicy) -> None:
        parser = await self._robots_for(origin_of(target), policy)
        if not parser.can_fetch(self.settings.user_agent, str(target)):
            raise RobotsDisallowedError(
                f"robots.txt disallows {redacted_url(target)}", url=str(target)
            )

    async def _robots_for(self, origin: str, policy: RequestPolicy) -> RobotFileParser:
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            entry = self._robots.get(origin)
            if entry is not None and self._clock() - entry.fetched_at < self._robots_ttl:
                return entry.parser
            parser = RobotFileParser()
            robots_policy = replace(
                policy, respect_robots=False, conditional=False, cookie_jar=None
            )
            try:
                response = await self.get(f"{origin}/robots.txt", policy=robots_policy)
            except HttpStatusError as exc:
                if exc.status >= 500:
                    raise
                # RFC 9309: a robots.txt that is missing or refused (4xx) allows everything.
                parser.parse([])
            else:
                parser.parse(response.text().splitlines())
            self._robots[origin] = _RobotsEntry(parser, self._clock())
            return parser


def _redirect_target(url: httpx.URL, location: str) -> httpx.URL:
    try:
        return url.join(location)
    except httpx.InvalidURL as exc:
        raise HttpError(f"{redacted_url(url)} redirects to an invalid URL", url=str(url)) from exc


def _cross_origin(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers safe to send to another origin after a redirect (no credentials)."""
    return {
        name: value
        for name, value in headers.items()
        if name.lower() not in {"authorization", "cookie", "proxy-authorization"}
    }


def create_http_client(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    validators: ValidatorStore | None = None,
    sleep: Sleep = asyncio.sleep,
    resolver: Resolver | None = None,
) -> HttpClient:
    """The HTTP client for ``settings`` (one per process; share it between runs)."""
    return HttpClient(
        settings.http,
        transport=transport,
        data_dir=settings.data_dir,
        ratelimit_url=settings.ratelimit_url,
        validators=validators,
        sleep=sleep,
        resolver=resolver,
    )
