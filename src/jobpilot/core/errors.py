"""Domain errors: each carries its HTTP status and a stable problem type.

They are plain exceptions (no web framework import), so services and the CLI raise them freely;
:mod:`jobpilot.core.problems` renders them as RFC 9457 problem+json.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

TYPE_BASE = "https://jobpilot.dev/problems/"


class DomainError(Exception):
    """Base of every expected error; carries its HTTP status and a stable type slug."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.headers = headers or {}
        self.extra = extra or {}


class InvalidInput(DomainError):
    status, slug, title = 422, "invalid-input", "Invalid input"


class NotAuthenticated(DomainError):
    status, slug, title = 401, "not-authenticated", "Not authenticated"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(DomainError):
    status, slug, title = 403, "forbidden", "Forbidden"


class NotFound(DomainError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict"


class PayloadTooLarge(DomainError):
    status, slug, title = 413, "payload-too-large", "Payload too large"


class UnsupportedMediaType(DomainError):
    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"


class TooManyRequests(DomainError):
    status, slug, title = 429, "too-many-requests", "Too many requests"

    def __init__(self, detail: str | None = None, *, retry_after: int) -> None:
        super().__init__(
            detail,
            headers={"Retry-After": str(max(1, retry_after))},
            extra={"retry_after": max(1, retry_after)},
        )


class Locked(DomainError):
    """An account temporarily locked after repeated failures (429 so clients back off)."""

    status, slug, title = 429, "account-locked", "Account temporarily locked"

    def __init__(self, detail: str | None = None, *, retry_after: int) -> None:
        super().__init__(
            detail,
            headers={"Retry-After": str(max(1, retry_after))},
            extra={"retry_after": max(1, retry_after)},
        )


def validation_problems(exc: ValidationError, *, whole: str) -> str:
    """A pydantic error as one line, ``field.path: message; …`` (``whole`` names the root)."""
    return "; ".join(
        f"{'.'.join(str(part) for part in e['loc']) or whole}: {e['msg']}" for e in exc.errors()
    )


class UpstreamUnavailable(DomainError):
    """A service jobpilot depends on (a language model, say) failed or is unavailable."""

    status, slug, title = 503, "upstream-unavailable", "Upstream service unavailable"
