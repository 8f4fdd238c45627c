"""Rate limits over the ``limits`` library (moving window), chosen by URL.

``memory://`` keeps counters in the process; ``redis://`` shares them between every API and
worker process, which is what a scaled deployment needs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter


@dataclass(frozen=True, slots=True)
class RateLimitDecision:
    allowed: bool
    remaining: int
    retry_after_seconds: int


class RateLimiter(Protocol):
    async def hit(self, rule: str, *keys: str) -> RateLimitDecision: ...
    async def peek(self, rule: str, *keys: str) -> RateLimitDecision: ...
    async def clear(self, rule: str, *keys: str) -> None: ...
    async def ping(self) -> bool: ...


class LimitsRateLimiter:
    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._limiter = MovingWindowRateLimiter(storage)
        self._items: dict[str, RateLimitItem] = {}

    def _item(self, rule: str) -> RateLimitItem:
        item = self._items.get(rule)
        if item is None:
            item = self._items[rule] = parse(rule)
        return item

    async def _decision(
        self, item: RateLimitItem, allowed: bool, keys: tuple[str, ...]
    ) -> RateLimitDecision:
        stats = await self._limiter.get_window_stats(item, *keys)
        retry = 0 if allowed else max(1, int(stats.reset_time - time.time()) + 1)
        return RateLimitDecision(
            allowed=allowed, remaining=stats.remaining, retry_after_seconds=retry
        )

    async def hit(self, rule: str, *keys: str) -> RateLimitDecision:
        item = self._item(rule)
        allowed = await self._limiter.hit(item, *keys)
        return await self._decision(item, allowed, keys)

    async def peek(self, rule: str, *keys: str) -> RateLimitDecision:
        item = self._item(rule)
        allowed = await self._limiter.test(item, *keys)
        return await self._decision(item, allowed, keys)

    async def clear(self, rule: str, *keys: str) -> None:
        await self._limiter.clear(self._item(rule), *keys)

    async def ping(self) -> bool:
        return bool(await self._storage.check())


def create_rate_limiter(url: str) -> RateLimiter:
    if url.startswith("memory://"):
        return LimitsRateLimiter(MemoryStorage())
    # redis-py is already a dependency (cashews uses it); coredis would be a second client.
    return LimitsRateLimiter(
        RedisStorage(f"async+{url}", implementation="redispy", key_prefix="jobpilot-limits")
    )
