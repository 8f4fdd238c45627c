"""Logs, metrics and request ids.

- structlog: readable lines in development, JSON lines in production; every event passes
  through :func:`mask_pii`, which masks emails, phone numbers, tokens and passwords.
- A pure ASGI middleware gives every request an id (``X-Request-ID`` accepted when sane,
  generated otherwise), binds it to the log context and returns it; it also records
  ``http_requests_total`` and ``http_request_duration_seconds`` by route template.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Callable, MutableMapping
from contextvars import ContextVar
from typing import Any

import structlog
from prometheus_client import Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobpilot.core.settings import Settings

log = structlog.get_logger(__name__)

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

HTTP_REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_DURATION = Histogram(
    "http_request_duration_seconds",
    "HTTP request duration",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DB_QUERIES = Counter("db_queries_total", "Database statements executed", ["kind"])
DB_QUERY_SECONDS = Histogram(
    "db_query_duration_seconds",
    "Database statement duration",
    ["kind"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0),
)
QUEUE_JOBS = Counter("queue_jobs_total", "Background jobs finished", ["task", "outcome"])
DB_POOL_CHECKED_OUT = Gauge("db_pool_connections_in_use", "Database connections in use")

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# International numbers (+…), or groups of digits split by spaces, dashes or parentheses.
# Dots are not separators here, so addresses, versions and timestamps are left alone.
_PHONE = re.compile(
    r"(?<![\w.:/-])(?!\d{4}-\d{2}-\d{2}(?!\d))"
    r"(?:\+\d[\d\s()-]{6,}\d|\(\d{2,4}\)\s?\d{2,4}(?:[\s-]\d{2,4}){1,3}|\d{2,4}(?:[\s-]\d{2,4}){2,4})"
    r"(?![\w.:/-])"
)
_BEARER = re.compile(
    r"(?i)\b(bearer|token|apikey|api_key|x-api-key)(\s*[:=]?\s*)([A-Za-z0-9._~+/=-]{8,})"
)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\b")
_API_KEY = re.compile(r"\bjp_[A-Za-z0-9_-]{8,}\b")
_SECRET_KEYS = re.compile(
    r"(?i)(pass(word)?|secret|token|authorization|api[_-]?key|cookie|refresh)"
)
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


_error_reporters: list[Callable[[BaseException], object]] = []


def add_error_reporter(reporter: Callable[[BaseException], object]) -> None:
    """Register where unexpected errors go besides the log (Sentry, when configured)."""
    _error_reporters.append(reporter)


def clear_error_reporters() -> None:
    _error_reporters.clear()


def report_error(exc: BaseException) -> None:
    for reporter in _error_reporters:
        try:
            reporter(exc)
        except Exception:
            log.warning("error_reporter_failed", reporter=repr(reporter))


def mask_text(text: str) -> str:
    text = _JWT.sub("[token]", text)
    text = _API_KEY.sub("[api-key]", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}[token]", text)
    text = _EMAIL.sub("[email]", text)
    return _PHONE.sub("[phone]", text)


def _mask_value(key: str, value: Any) -> Any:
    if _SECRET_KEYS.search(key):
        return "[masked]"
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: _mask_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_value(key, v) for v in value]
    return value


def mask_pii(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: personal data and secrets never reach a log line."""
    for key in list(event_dict):
        if key in {"timestamp", "level", "logger", "request_id"}:
            continue
        event_dict[key] = _mask_value(key, event_dict[key])
    return event_dict


def configure_logging(settings: Settings) -> None:
    level = getattr(logging, settings.observability.log_level)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        mask_pii,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if settings.log_format_effective == "json"
        # Plain tracebacks: the default rich one prints local variables, which may hold
        # passwords and personal data.
        else structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("uvicorn.access", "pgserver"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error", "procrastinate"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


async def _internal_error(scope: Scope, receive: Receive, send: Send) -> None:
    from starlette.requests import Request

    from jobpilot.core.problems import problem_response

    response = problem_response(
        Request(scope, receive),
        status=500,
        slug="internal-error",
        title="Internal server error",
        detail="An unexpected error occurred; it has been logged with the request id.",
    )
    await response(scope, receive, send)


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Request id, log context and HTTP metrics for every request (pure ASGI, no buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID_OK.match(incoming) else new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status_holder = {"status": 500}
        response_started = {"value": False}
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                response_started["value"] = True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # A bug. Log it (masked, with the request id) and answer a bare problem: no
            # message, type or trace reaches the client.
            log.exception("unhandled_error", path=scope.get("path"))
            report_error(sys.exc_info()[1] or RuntimeError("unknown error"))
            if status_holder["status"] == 500 and not response_started["value"]:
                await _internal_error(scope, receive, send_with_id)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            elapsed = time.perf_counter() - started
            labels = (scope["method"], template, str(status_holder["status"]))
            HTTP_REQUESTS.labels(*labels).inc()
            HTTP_DURATION.labels(*labels).observe(elapsed)
            structlog.contextvars.unbind_contextvars("request_id")
            request_id_var.reset(token)
