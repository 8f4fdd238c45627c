"""End to end through a real Procrastinate worker, on a database of its own (commits are real)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest

from jobpilot import worker
from jobpilot.app import AppOptions, create_app
from jobpilot.core.db import unit_of_work
from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import ReadinessSettings
from jobpilot.system import service as system_service
from tests.factories import make_user, sign_in
from tests.support.databases import committed_runtime

E2E_DB = "jobpilot_worker_e2e"


@pytest.fixture(scope="module")
async def e2e_runtime(settings, libpq_url) -> AsyncIterator[Runtime]:
    e2e_settings = settings.model_copy(update={"readiness": ReadinessSettings(require_worker=True)})
    async with committed_runtime(e2e_settings, libpq_url, E2E_DB) as runtime:
        yield runtime


@contextlib.asynccontextmanager
async def running_worker(runtime: Runtime) -> AsyncIterator[None]:
    pool = await worker.open_queue(runtime.libpq_url)
    task = asyncio.create_task(
        worker.run_worker(
            queues=None, concurrency=2, runtime=runtime, name="e2e", install_signals=False
        )
    )
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await worker.close_queue(pool)


async def _job_exists(runtime: Runtime, job_id: int) -> bool:
    async with runtime.sessionmaker() as session:
        conn = await session.connection()
        result = await conn.exec_driver_sql(
            "SELECT 1 FROM procrastinate_jobs WHERE id = %s", (job_id,)
        )
        return result.first() is not None


async def _wait_until_ran(runtime: Runtime, check_id, within: float = 20.0) -> int:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        async with runtime.sessionmaker() as session:
            check = await system_service.get_queue_check(session, check_id)
            if check.run_count:
                return check.run_count
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the worker did not run the job in time")
        await asyncio.sleep(0.1)


async def test_rolled_back_transaction_leaves_no_job(e2e_runtime):
    async with e2e_runtime.sessionmaker() as session:
        check = await system_service.request_queue_check(session, e2e_runtime, requested_by=None)
        job_id = check.job_id
        assert job_id is not None
        assert await _job_exists(e2e_runtime, job_id) is False  # not visible before commit
        await session.rollback()
    assert await _job_exists(e2e_runtime, job_id) is False


async def test_committed_job_runs_once_on_a_real_worker_with_the_request_id(e2e_runtime):
    app = create_app(
        e2e_runtime.settings,
        runtime=e2e_runtime,
        options=AppOptions(configure_logs=False, migrate=False),
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://e2e") as client:
        async with unit_of_work(e2e_runtime.sessionmaker) as session:
            admin = await make_user(session, is_admin=True)
        signed = await sign_in(client, admin)
        response = await client.post(
            "/api/v1/admin/queue-checks", headers={**signed.headers, "X-Request-ID": "e2e-req-42"}
        )
        assert response.status_code == 202, response.text
        check = response.json()
        assert check["run_count"] == 0
        assert await _job_exists(e2e_runtime, check["job_id"])
        async with e2e_runtime.sessionmaker() as session:
            conn = await session.connection()
            args = (
                await conn.exec_driver_sql(
                    "SELECT args FROM procrastinate_jobs WHERE id = %s", (check["job_id"],)
                )
            ).scalar_one()
        assert args == {"check_id": check["id"], "request_id": "e2e-req-42"}

        async with running_worker(e2e_runtime):
            assert await _wait_until_ran(e2e_runtime, check["id"]) == 1
            # The periodic heartbeat makes the instance ready once a worker runs.
            for _ in range(100):
                ready = await client.get("/health/ready")
                if ready.status_code == 200:
                    break
                await asyncio.sleep(0.1)
            assert ready.status_code == 200, ready.text
            assert ready.json()["checks"]["worker"]["status"] == "ok"

        final = await client.get(
            f"/api/v1/admin/queue-checks/{check['id']}", headers=signed.headers
        )
        assert final.json()["run_count"] == 1
        assert final.json()["ran_by"].endswith(":e2e")
        assert final.json()["request_id"] == "e2e-req-42"
        # successful jobs are deleted once done
        assert await _job_exists(e2e_runtime, check["job_id"]) is False
