"""Database: URL resolution (embedded or external), engine, sessions and the declarative base."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from jobpilot.core.embedded import ensure_embedded_server
from jobpilot.core.settings import Settings

log = structlog.get_logger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamptz that always comes back timezone-aware in UTC and refuses naive input."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def resolve_database_url(settings: Settings) -> str:
    """A libpq URL (``postgresql://…``): the configured one, or the embedded server's."""
    if settings.database_url is not None:
        url = settings.database_url.get_secret_value()
        parsed = make_url(url)
        return parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return ensure_embedded_server(settings.data_dir, settings.database.embedded_database)


def sqlalchemy_url(libpq_url: str) -> str:
    return (
        make_url(libpq_url)
        .set(drivername="postgresql+psycopg")
        .render_as_string(hide_password=False)
    )


def create_engine(libpq_url: str, settings: Settings) -> AsyncEngine:
    engine = create_async_engine(
        sqlalchemy_url(libpq_url),
        pool_size=settings.database.pool_size,
        max_overflow=settings.database.max_overflow,
        pool_timeout=settings.database.pool_timeout_seconds,
        pool_pre_ping=True,
    )
    _instrument(engine, settings.database.slow_query_ms)
    return engine


def _instrument(engine: AsyncEngine, slow_query_ms: int) -> None:
    from jobpilot.core.observability import DB_QUERIES, DB_QUERY_SECONDS

    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "before_cursor_execute")
    def _start(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info.setdefault("query_start", []).append(time.perf_counter())

    @event.listens_for(sync_engine, "after_cursor_execute")
    def _end(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        elapsed = time.perf_counter() - conn.info["query_start"].pop()
        kind = statement.lstrip().split(" ", 1)[0].upper()[:16] or "OTHER"
        DB_QUERIES.labels(kind).inc()
        DB_QUERY_SECONDS.labels(kind).observe(elapsed)
        if elapsed * 1000 > slow_query_ms:
            # The statement text only: parameters may carry personal data.
            log.warning("slow_query", ms=round(elapsed * 1000), statement=statement[:500])


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def unit_of_work(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session whose transaction commits when the block succeeds and rolls back otherwise."""
    async with sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
