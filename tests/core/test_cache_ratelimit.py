"""The cache and rate-limit interfaces, on their in-process and Redis backends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from jobpilot.core.cache import Cache, create_cache
from jobpilot.core.ratelimit import create_rate_limiter


@pytest.fixture(params=["memory", "redis"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def cache(backend: str, request: pytest.FixtureRequest) -> AsyncIterator[Cache]:
    url = "mem://" if backend == "memory" else request.getfixturevalue("redis_url")
    cache = create_cache(url)
    yield cache
    await cache.delete_prefix("")
    await cache.close()


def limiter_url(backend: str, request: pytest.FixtureRequest) -> str:
    if backend == "memory":
        return "memory://"
    return str(request.getfixturevalue("redis_url"))


async def test_cache_round_trip_and_invalidation(cache: Cache):
    await cache.ping()
    assert await cache.get("feed:u1") is None
    await cache.set("feed:u1", {"items": [1, 2]}, ttl_seconds=60)
    await cache.set("feed:u2", [3], ttl_seconds=60)
    await cache.set("other", "x", ttl_seconds=60)
    assert await cache.get("feed:u1") == {"items": [1, 2]}
    await cache.delete("feed:u1")
    assert await cache.get("feed:u1") is None
    await cache.delete_prefix("feed:")
    assert await cache.get("feed:u2") is None
    assert await cache.get("other") == "x"


async def test_rate_limit_window(backend: str, request: pytest.FixtureRequest):
    limiter = create_rate_limiter(limiter_url(backend, request))
    assert await limiter.ping()
    key = f"k-{request.node.name}"
    await limiter.clear("3/minute", "test", key)
    decisions = [await limiter.hit("3/minute", "test", key) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions[:3]] == [2, 1, 0]
    assert 1 <= decisions[3].retry_after_seconds <= 61
    peek = await limiter.peek("3/minute", "test", key)
    assert not peek.allowed
    # other keys have their own budget
    assert (await limiter.hit("3/minute", "test", key + "-other")).allowed
    await limiter.clear("3/minute", "test", key)
    assert (await limiter.hit("3/minute", "test", key)).allowed


async def test_two_limiters_on_one_redis_share_counts(request: pytest.FixtureRequest):
    url = str(request.getfixturevalue("redis_url"))
    first, second = create_rate_limiter(url), create_rate_limiter(url)
    await first.clear("2/minute", "shared")
    assert (await first.hit("2/minute", "shared")).allowed
    assert (await second.hit("2/minute", "shared")).allowed
    assert not (await first.hit("2/minute", "shared")).allowed
    await first.clear("2/minute", "shared")
