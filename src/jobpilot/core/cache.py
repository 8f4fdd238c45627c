"""A small cache interface over cashews, chosen by URL (``mem://`` or ``redis://``)."""

from __future__ import annotations

from typing import Any, Protocol

from cashews import Cache as CashewsCache


class Cache(Protocol):
    async def get(self, key: str) -> Any: ...
    async def set(self, key: str, value: Any, *, ttl_seconds: float) -> None: ...
    async def delete(self, key: str) -> None: ...
    async def delete_prefix(self, prefix: str) -> None: ...
    async def ping(self) -> None: ...
    async def close(self) -> None: ...


class CashewsBackedCache:
    """The one implementation: cashews already speaks both memory and Redis."""

    def __init__(self, url: str, *, namespace: str = "jobpilot") -> None:
        self._cache = CashewsCache()
        # cashews' client-side caching would keep stale copies per process; values here are
        # small and invalidation must be seen by every process at once.
        options: dict[str, Any] = {} if url.startswith("mem://") else {"client_side": False}
        self._cache.setup(url, **options)
        self._namespace = namespace

    def _key(self, key: str) -> str:
        return f"{self._namespace}:{key}"

    async def get(self, key: str) -> Any:
        return await self._cache.get(self._key(key))

    async def set(self, key: str, value: Any, *, ttl_seconds: float) -> None:
        await self._cache.set(self._key(key), value, expire=ttl_seconds)

    async def delete(self, key: str) -> None:
        await self._cache.delete(self._key(key))

    async def delete_prefix(self, prefix: str) -> None:
        await self._cache.delete_match(self._key(prefix) + "*")

    async def ping(self) -> None:
        await self._cache.ping()

    async def close(self) -> None:
        await self._cache.close()


def create_cache(url: str) -> Cache:
    return CashewsBackedCache(url)
