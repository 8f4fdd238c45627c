"""Deferring background jobs inside the caller's database transaction.

The job row is inserted through the session's own psycopg connection, so a rollback drops it
and a commit makes it visible to workers (Procrastinate's NOTIFY fires at commit). The current
request id travels with the job so its logs can be joined to the request's.
"""

from __future__ import annotations

from typing import Any

import procrastinate
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.observability import request_id_var

REQUEST_ID_KWARG = "request_id"


async def driver_connection(session: AsyncSession) -> Any:
    """The psycopg ``AsyncConnection`` under the session's current transaction."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return raw.driver_connection


async def defer_in_transaction(
    session: AsyncSession,
    app: procrastinate.App,
    task_name: str,
    *,
    queue: str | None = None,
    queueing_lock: str | None = None,
    **kwargs: Any,
) -> int:
    """Defer ``task_name`` in the session's transaction and return the job id.

    A savepoint wraps the insert so that a refused defer (a queueing lock already held, say)
    does not abort the caller's transaction.
    """
    if REQUEST_ID_KWARG not in kwargs:
        kwargs[REQUEST_ID_KWARG] = request_id_var.get()
    options: dict[str, Any] = {}
    if queue is not None:
        options["queue"] = queue
    if queueing_lock is not None:
        options["queueing_lock"] = queueing_lock
    async with session.begin_nested():
        conn = await driver_connection(session)
        job_id: int = await app.configure_task(task_name, connection=conn, **options).defer_async(
            **kwargs
        )
    return job_id
