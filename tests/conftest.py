"""Test fixtures: one embedded PostgreSQL per session, migrated once; each test in a rolled-back
transaction; the ASGI app driven by httpx."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from jobpilot.app import AppOptions, create_app
from jobpilot.core import migrations
from jobpilot.core.cache import create_cache
from jobpilot.core.db import create_engine
from jobpilot.core.embedded import ensure_embedded_server
from jobpilot.core.ratelimit import create_rate_limiter
from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import ReadinessSettings, Settings
from tests.support.processes import RedisServer, free_port

# Tests build their own settings: nothing from the developer's shell leaks in.
for _name in list(os.environ):
    if _name.startswith("JOBPILOT_"):
        del os.environ[_name]

TEST_SECRET = "t3st-secret-" + "k9Qz7xLw2Vb8Nc4Md6Rf1Tg5Yh0Ju3Ik"


@pytest.fixture(scope="session")
def data_dir() -> Iterator[Path]:
    # Short path: PostgreSQL's unix socket path must stay under ~100 characters.
    path = Path(tempfile.mkdtemp(prefix="jpt-", dir="/tmp"))
    yield path
    shutil.rmtree(path / "files", ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on 127.0.0.1, started only for the tests that ask for it."""
    server = RedisServer(tmp_path_factory.mktemp("redis"), free_port())
    server.start()
    yield server.url(0)
    server.stop()


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return Settings(
        env="test",
        data_dir=data_dir,
        secret_key=SecretStr(TEST_SECRET),
        readiness=ReadinessSettings(require_worker=False),
    )


@pytest.fixture(scope="session")
def libpq_url(settings: Settings) -> str:
    url = ensure_embedded_server(settings.data_dir, settings.database.embedded_database)
    migrations.upgrade(url)
    return url


@pytest.fixture(scope="session")
async def engine(libpq_url: str, settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(libpq_url, settings)
    yield engine
    await engine.dispose()


@pytest.fixture
async def runtime(
    engine: AsyncEngine, settings: Settings, libpq_url: str
) -> AsyncIterator[Runtime]:
    """A runtime whose sessions all live inside one transaction that is rolled back."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        sessionmaker = async_sessionmaker(
            bind=connection,
            expire_on_commit=False,
            autoflush=False,
            join_transaction_mode="create_savepoint",
        )
        runtime = Runtime(
            settings=settings,
            libpq_url=libpq_url,
            secret_key=TEST_SECRET,
            engine=engine,
            sessionmaker=sessionmaker,
            cache=create_cache("mem://"),
            limiter=create_rate_limiter("memory://"),
        )
        try:
            yield runtime
        finally:
            await transaction.rollback()
            await runtime.cache.close()


@pytest.fixture
async def session(runtime: Runtime) -> AsyncIterator[AsyncSession]:
    async with runtime.sessionmaker() as session:
        yield session


@pytest.fixture
def app(settings: Settings, runtime: Runtime) -> FastAPI:
    return create_app(
        settings, runtime=runtime, options=AppOptions(configure_logs=False, migrate=False)
    )


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
