"""Round-robin proxy rotation with per-proxy health and quarantine.

A proxy that fails ``max_failures`` times in a row is set aside for ``quarantine_seconds``.
When it comes back it is on probation: one more failure quarantines it again, one success
clears its record.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from jobpilot.core.settings import mask_url

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")

ProxyState = Literal["healthy", "quarantined"]


@dataclass(frozen=True, slots=True)
class ProxyHealth:
    """One proxy's record, safe to display (the password is masked)."""

    proxy: str
    state: ProxyState
    successes: int
    failures: int
    consecutive_failures: int
    quarantined_for_seconds: float


@dataclass(slots=True)
class _ProxyRecord:
    url: str
    successes: int = 0
    failures: int = 0
    consecutive_failures: int = 0
    quarantined_until: float | None = None


def check_proxy_url(url: str) -> str:
    """``url`` unchanged when it names a proxy httpx can use; ValueError otherwise."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in PROXY_SCHEMES or not rest:
        raise ValueError(f"unsupported proxy URL {mask_url(url)!r}: use {', '.join(PROXY_SCHEMES)}")
    return url


class ProxyRotation:
    """Hands out proxies in turn, skipping quarantined ones."""

    def __init__(
        self,
        urls: Sequence[str],
        *,
        max_failures: int,
        quarantine_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._records = [_ProxyRecord(check_proxy_url(url)) for url in urls]
        self._max_failures = max_failures
        self._quarantine_seconds = quarantine_seconds
        self._clock = clock
        self._cursor = 0

    def __len__(self) -> int:
        return len(self._records)

    def next_proxy(self) -> str | None:
        """The next usable proxy URL, or None when every proxy is quarantined."""
        now = self._clock()
        count = len(self._records)
        for step in range(count):
            index = (self._cursor + step) % count
            record = self._records[index]
            if self._available(record, now):
                self._cursor = index + 1
                return record.url
        return None

    def record_success(self, url: str) -> None:
        record = self._record(url)
        record.successes += 1
        record.consecutive_failures = 0

    def record_failure(self, url: str) -> bool:
        """Count a failure; True when this one put the proxy in quarantine."""
        record = self._record(url)
        record.failures += 1
        record.consecutive_failures += 1
        if record.consecutive_failures >= self._max_failures and record.quarantined_until is None:
            record.quarantined_until = self._clock() + self._quarantine_seconds
            return True
        return False

    def health(self) -> list[ProxyHealth]:
        now = self._clock()
        report = []
        for record in self._records:
            available = self._available(record, now)
            remaining = (
                0.0
                if available or record.quarantined_until is None
                else (record.quarantined_until - now)
            )
            report.append(
                ProxyHealth(
                    proxy=mask_url(record.url),
                    state="healthy" if available else "quarantined",
                    successes=record.successes,
                    failures=record.failures,
                    consecutive_failures=record.consecutive_failures,
                    quarantined_for_seconds=remaining,
                )
            )
        return report

    def _available(self, record: _ProxyRecord, now: float) -> bool:
        if record.quarantined_until is None:
            return True
        if now < record.quarantined_until:
            return False
        record.quarantined_until = None
        record.consecutive_failures = self._max_failures - 1
        return True

    def _record(self, url: str) -> _ProxyRecord:
        for record in self._records:
            if record.url == url:
                return record
        raise KeyError(mask_url(url))
