"""What a running process holds: built once by the app lifespan or the CLI, never at import."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from jobpilot.core.cache import Cache, create_cache
from jobpilot.core.db import create_engine, create_sessionmaker, resolve_database_url
from jobpilot.core.ratelimit import RateLimiter, create_rate_limiter
from jobpilot.core.settings import Settings, resolve_secret_key

if TYPE_CHECKING:
    # Imported when first used: the retry, breaker and proxy libraries stay off start-up.
    from jobpilot.core.embedding.base import Embedder
    from jobpilot.core.http import HttpClient


@dataclass
class Runtime:
    settings: Settings
    libpq_url: str
    secret_key: str
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    cache: Cache
    limiter: RateLimiter
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def http(self) -> HttpClient:
        """The process's outbound HTTP client (shared: rate limits and breakers are per process)."""
        client: HttpClient | None = self.extras.get("http")
        if client is None:
            from jobpilot.core.http import create_http_client

            client = self.extras["http"] = create_http_client(self.settings)
        return client

    @property
    def embedder(self) -> Embedder:
        """The process's embedder, shared by the taxonomy index, jobs and profiles."""
        embedder: Embedder | None = self.extras.get("embedder")
        if embedder is None:
            from jobpilot.core.embedding.base import create_embedder

            embedder = self.extras["embedder"] = create_embedder(self.settings.embedder)
        return embedder

    async def close(self) -> None:
        client: HttpClient | None = self.extras.pop("http", None)
        if client is not None:
            await client.aclose()
        await self.cache.close()
        await self.engine.dispose()


def build_runtime(settings: Settings, *, libpq_url: str | None = None) -> Runtime:
    """Resolve the database (starting the embedded one if needed) and build the clients."""
    # Every table must be known before the first flush: a foreign key to a table whose model
    # module was never imported cannot be resolved.
    import jobpilot.models  # noqa: F401

    url = libpq_url or resolve_database_url(settings)
    engine = create_engine(url, settings)
    return Runtime(
        settings=settings,
        libpq_url=url,
        secret_key=resolve_secret_key(settings),
        engine=engine,
        sessionmaker=create_sessionmaker(engine),
        cache=create_cache(settings.cache_url),
        limiter=create_rate_limiter(settings.ratelimit_url),
    )
