"""The outbound HTTP error hierarchy (re-exported by :mod:`jobpilot.core.http`)."""

from __future__ import annotations


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


class TooManyRedirectsError(HttpError):
    pass


class HostResolutionError(HttpError):
    """The host name does not resolve."""
