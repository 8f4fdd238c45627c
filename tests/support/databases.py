"""Databases of their own for tests whose sessions must really commit."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import psycopg
from psycopg import sql

from jobpilot.core import migrations
from jobpilot.core.embedded import ensure_embedded_server
from jobpilot.core.runtime import Runtime, build_runtime
from jobpilot.core.settings import Settings


@contextlib.asynccontextmanager
async def committed_runtime(
    settings: Settings, libpq_url: str, database: str
) -> AsyncIterator[Runtime]:
    """A runtime on ``database`` (created and migrated, dropped afterwards) whose sessions
    commit, for a real worker or several transactions at once. The usual ``runtime`` fixture
    shares one rolled-back transaction instead."""
    url = ensure_embedded_server(settings.data_dir, database)
    migrations.upgrade(url)
    runtime = build_runtime(settings, libpq_url=url)
    try:
        yield runtime
    finally:
        await runtime.close()
        with psycopg.connect(libpq_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
