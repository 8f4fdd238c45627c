"""The ASGI application: ``create_app(settings)`` builds it; the lifespan builds the runtime."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import structlog
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from jobpilot import __version__
from jobpilot.api import mount_routers
from jobpilot.core import migrations
from jobpilot.core.middleware import RequestGuardMiddleware
from jobpilot.core.observability import RequestContextMiddleware, configure_logging
from jobpilot.core.problems import install_error_handlers
from jobpilot.core.runtime import Runtime, build_runtime
from jobpilot.core.settings import Settings
from jobpilot.core.telemetry import configure_sentry, configure_tracing

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class AppOptions:
    run_worker: bool = False
    migrate: bool | None = None  # None: migrate the embedded database, leave an external one alone
    configure_logs: bool = True
    load_builtin_taxonomy: bool = True


def create_app(
    settings: Settings, *, options: AppOptions | None = None, runtime: Runtime | None = None
) -> FastAPI:
    """Build the app. Nothing connects until the lifespan starts (or ``runtime`` is given)."""
    options = options or AppOptions()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if options.configure_logs:
            configure_logging(settings)
        configure_sentry(settings)
        own_runtime = runtime is None
        rt: Runtime = (
            runtime if runtime is not None else await asyncio.to_thread(build_runtime, settings)
        )
        app.state.runtime = rt
        migrate = settings.embedded if options.migrate is None else options.migrate
        if migrate:
            await asyncio.to_thread(migrations.upgrade, rt.libpq_url)
        warm_index: asyncio.Task[None] | None = None
        if options.load_builtin_taxonomy:
            from jobpilot.core.db import unit_of_work
            from jobpilot.taxonomy import service as taxonomy_service

            async with unit_of_work(rt.sessionmaker) as session:
                await taxonomy_service.ensure_builtin(session)
            # Build the taxonomy index in the background, so the first request does not wait.
            warm_index = asyncio.create_task(taxonomy_service.warm_index(rt), name="taxonomy-index")
        worker_task: asyncio.Task[None] | None = None
        pool = None
        if options.run_worker:
            from jobpilot import worker

            pool = await worker.open_queue(rt.libpq_url)
            worker_task = asyncio.create_task(
                worker.run_worker(
                    queues=settings.worker.queues,
                    concurrency=settings.worker.concurrency,
                    name="in-process",
                    install_signals=False,
                    runtime=rt,
                ),
                name="jobpilot-worker",
            )
        log.info(
            "started", version=__version__, embedded=settings.embedded, worker=options.run_worker
        )
        try:
            yield
        finally:
            if warm_index is not None and not warm_index.done():
                warm_index.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await warm_index
            if worker_task is not None:
                worker_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker_task
            if pool is not None:
                from jobpilot import worker

                await worker.close_queue(pool)
            if own_runtime:
                await rt.close()
            if stop_tracing is not None:
                stop_tracing()

    app = FastAPI(
        title="jobpilot",
        version=__version__,
        summary="Job-search copilot and talent-matching platform",
        lifespan=lifespan,
    )
    if runtime is not None:
        app.state.runtime = runtime
    install_error_handlers(app)
    stop_tracing = configure_tracing(app, settings)
    app.state.stop_tracing = stop_tracing
    mount_routers(app)
    app.add_middleware(RequestGuardMiddleware, max_body_bytes=settings.api.max_request_bytes)
    if settings.api.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(RequestContextMiddleware)
    return app
