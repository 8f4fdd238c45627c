"""The Procrastinate app and its task registry.

Tasks are declared with ``@app.task`` in each domain's ``tasks.py``; ``TASK_MODULES`` lists
them so that a worker knows every task. The connector gets its pool at run time
(:func:`open_queue`), never at import.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import procrastinate
import structlog
from psycopg_pool import AsyncConnectionPool

from jobpilot.core.observability import QUEUE_JOBS, request_id_var

if TYPE_CHECKING:
    from jobpilot.core.runtime import Runtime

log = structlog.get_logger(__name__)

TASK_MODULES = [
    "jobpilot.system.tasks",
    "jobpilot.jobs.tasks",
    "jobpilot.matching.tasks",
    "jobpilot.agents.tasks",
]


async def _bind_request_id(
    call_next: Callable[[], Awaitable[Any]], context: procrastinate.JobContext, worker: Any
) -> Any:
    """Bind the request id a job was deferred with, and count the job's outcome."""
    job = context.job
    request_id = job.task_kwargs.get("request_id") if job else None
    token = request_id_var.set(request_id if isinstance(request_id, str) else None)
    task_name = job.task_name if job else "unknown"
    with structlog.contextvars.bound_contextvars(
        request_id=request_id, task=task_name, job_id=job.id if job else None
    ):
        try:
            result = await call_next()
        except BaseException:
            QUEUE_JOBS.labels(task_name, "failed").inc()
            raise
        finally:
            request_id_var.reset(token)
    QUEUE_JOBS.labels(task_name, "succeeded").inc()
    return result


app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(),
    import_paths=TASK_MODULES,
    worker_defaults={"worker_middleware": [_bind_request_id]},
)


async def open_queue(libpq_url: str, *, max_size: int = 10) -> AsyncConnectionPool:
    """Give the app a connection pool of its own and open it."""
    pool: AsyncConnectionPool = AsyncConnectionPool(
        libpq_url,
        min_size=1,
        max_size=max_size,
        open=False,
        check=AsyncConnectionPool.check_connection,
    )
    await pool.open(wait=True)
    await app.open_async(pool)
    return pool


async def close_queue(pool: AsyncConnectionPool) -> None:
    await app.close_async()
    await pool.close()
    # Procrastinate keeps a pool it was given even after close_async, and would hand out the
    # closed one on the next open_queue in this process (tests, `feeds run-now --queue`).
    connector = app.connector
    if isinstance(connector, procrastinate.PsycopgConnector):
        connector._async_pool = None
        connector._pool_externally_set = False


async def run_worker(
    *,
    queues: list[str] | None,
    concurrency: int,
    runtime: Runtime,
    name: str | None = None,
    install_signals: bool,
    wait: bool = True,
) -> None:
    """Run a worker until cancelled (or, with signal handlers, until SIGTERM/SIGINT); with
    ``wait=False``, until the queues are empty.

    Tasks reach the database through ``context.additional_context["runtime"]``.
    """
    for module in TASK_MODULES:
        importlib.import_module(module)
    options: dict[str, Any] = {"name": name} if name else {}
    if queues:
        options["queues"] = queues
    await app.run_worker_async(
        concurrency=concurrency,
        install_signal_handlers=install_signals,
        wait=wait,
        additional_context={"runtime": runtime},
        # Finished jobs are not kept: outcomes are counted in metrics and logged.
        delete_jobs="successful",
        update_heartbeat_interval=runtime.settings.worker.heartbeat_seconds,
        stalled_worker_timeout=runtime.settings.worker.stalled_after_seconds,
        **options,
    )
