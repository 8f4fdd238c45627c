"""A copilot run on real workers: one worker process is killed (SIGKILL) while a step waits
for the model, a new one takes over, and the run completes with every step written once.

The database is one of its own in the embedded server (commits are real); the model is the
local OpenAI-compatible server, so the step can be caught mid-call.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from jobpilot import worker
from jobpilot.agents import service
from jobpilot.agents.documents import LetterOptions, TailorOptions
from jobpilot.agents.providers.offline import OfflineProvider
from jobpilot.app import AppOptions, create_app
from jobpilot.core.db import unit_of_work
from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import LLMSettings, Settings
from jobpilot.jobs import service as jobs
from jobpilot.taxonomy import service as taxonomy
from tests.agents.llm_servers import LLMServer, llm_server, openai_answer, slow
from tests.agents.test_runs import DATA_JOB, RESUME
from tests.factories import make_user, sign_in
from tests.support.databases import committed_runtime
from tests.support.processes import JOBPILOT, Process, tail

pytestmark = pytest.mark.slow

E2E_DB = "jobpilot_copilot_e2e"


@pytest.fixture(scope="module")
async def e2e_runtime(settings: Settings, libpq_url: str) -> AsyncIterator[Runtime]:
    async with committed_runtime(settings, libpq_url, E2E_DB) as runtime:
        async with unit_of_work(runtime.sessionmaker) as session:
            await taxonomy.ensure_builtin(session)
        yield runtime


async def run_queue_here(runtime: Runtime) -> None:
    """Work the copilot queue in this process until it is empty (the real worker code)."""
    pool = await worker.open_queue(runtime.libpq_url, max_size=2)
    try:
        await worker.run_worker(
            queues=[service.COPILOT_QUEUE],
            concurrency=1,
            runtime=runtime,
            name="test",
            install_signals=False,
            wait=False,
        )
    finally:
        await worker.close_queue(pool)


async def wait_for(check: Any, *, within: float, what: str) -> Any:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = await check()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


def worker_process(runtime: Runtime, server: LLMServer, log: Path) -> Process:
    env = {
        **os.environ,
        "JOBPILOT_ENV": "test",
        "JOBPILOT_DATA_DIR": str(runtime.settings.data_dir),
        "JOBPILOT_DATABASE_URL": runtime.libpq_url,
        "JOBPILOT_SECRET_KEY": runtime.settings.secret_key.get_secret_value()
        if runtime.settings.secret_key
        else "",
        "JOBPILOT_LLM__PROVIDER": "openai",
        "JOBPILOT_LLM__BASE_URL": server.base_url + "/v1",
        "JOBPILOT_LLM__TIMEOUT_SECONDS": "30",
        "JOBPILOT_WORKER__HEARTBEAT_SECONDS": "1",
        "JOBPILOT_WORKER__STALLED_AFTER_SECONDS": "3",
    }
    return Process(
        log.stem,
        [str(JOBPILOT), "worker", "--queues", "copilot,system", "--concurrency", "2"],
        log=log,
        env=env,
    )


async def test_a_run_survives_a_killed_worker_and_writes_each_step_once(
    e2e_runtime: Runtime, tmp_path: Path
) -> None:
    runtime = e2e_runtime
    await jobs.ingest_postings(runtime, [DATA_JOB])
    app = create_app(
        runtime.settings, runtime=runtime, options=AppOptions(configure_logs=False, migrate=False)
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://e2e") as client:
        async with unit_of_work(runtime.sessionmaker) as session:
            user = await make_user(session)
        me = await sign_in(client, user)
        uploaded = await client.post(
            "/api/v1/me/resumes",
            headers=me.headers,
            files={"file": ("resume.md", RESUME, "text/markdown")},
        )
        assert uploaded.status_code == 201, uploaded.text
    async with runtime.sessionmaker() as session:
        conn = await session.connection()
        job_id = (
            await conn.exec_driver_sql(
                "SELECT job_id FROM job_postings WHERE external_id = %s", ("data",)
            )
        ).scalar_one()

    async def start_run() -> uuid.UUID:
        async with unit_of_work(runtime.sessionmaker) as session:
            run = await service.start_run(
                runtime,
                session,
                user_id=user.id,
                job_id=job_id,
                resume_id=None,
                options=service.RunOptions(TailorOptions(), LetterOptions()),
            )
            return run.id

    # The documents the offline provider writes are what the model server will answer.
    runtime.extras[service.PROVIDER_KEY] = OfflineProvider()
    reference_id = await start_run()
    await run_queue_here(runtime)
    async with runtime.sessionmaker() as session:
        reference = await service.get_run(session, user_id=user.id, run_id=reference_id)
    assert reference.run.status == "review"
    brief = reference.step("analyse").output["brief"]  # type: ignore[index]
    tailored = reference.step("tailor").output["resume"]  # type: ignore[index]
    letter = reference.step("letter").output["letter"]  # type: ignore[index]

    with llm_server() as server:
        runtime.extras[service.PROVIDER_KEY] = service.make_provider(
            LLMSettings(provider="openai", base_url=server.base_url + "/v1")
        )
        server.enqueue(
            openai_answer(json.dumps(brief), input_tokens=1000, output_tokens=300),
            # The first tailoring call hangs: the worker is killed while it waits.
            slow(openai_answer(json.dumps(tailored), input_tokens=1, output_tokens=1), 20.0),
            openai_answer(json.dumps(tailored), input_tokens=2000, output_tokens=700),
            openai_answer(json.dumps(letter), input_tokens=1500, output_tokens=500),
        )
        run_id = await start_run()
        first = worker_process(runtime, server, tmp_path / "worker-1.log")
        second: Process | None = None
        try:

            async def tailoring_started() -> bool:
                return len(server.requests) >= 2

            await wait_for(tailoring_started, within=60, what="the tailoring call")
            os.kill(first.popen.pid, signal.SIGKILL)
            first.popen.wait(10)
            async with runtime.sessionmaker() as session:
                interrupted = await service.get_run(session, user_id=user.id, run_id=run_id)
            assert interrupted.run.status == "running"
            assert interrupted.step("analyse").status == "succeeded"
            assert interrupted.step("tailor").status == "running"
            assert interrupted.step("tailor").output is None

            second = worker_process(runtime, server, tmp_path / "worker-2.log")

            async def finished() -> service.RunView | None:
                async with runtime.sessionmaker() as session:
                    view = await service.get_run(session, user_id=user.id, run_id=run_id)
                return view if view.run.status != "running" else None

            done = await wait_for(finished, within=90, what="the run to finish")
        except BaseException:
            for process in (first, second):
                if process is not None:
                    print(process.report())
            raise
        finally:
            for process in (first, second):
                if process is not None:
                    process.stop()
        paths = [request.path for request in server.requests]

    assert done.run.status == "review", tail(tmp_path / "worker-2.log")
    assert done.run.provider == "openai"
    assert [s.status for s in done.steps] == [
        "succeeded",
        "succeeded",
        "succeeded",
        "succeeded",
        "waiting",
        "pending",
    ]
    # Each step's output was committed once; the killed attempt left no trace but its count.
    assert [s.executions for s in done.steps[:4]] == [1, 1, 1, 1]
    assert done.step("analyse").attempts == 1
    assert done.step("tailor").attempts == 2
    assert done.step("tailor").output["resume"] == tailored
    assert done.step("letter").output["letter"] == letter
    # Usage counts the calls whose answers were used: the hung one never came back.
    assert (done.step("tailor").calls, done.step("tailor").input_tokens) == (1, 2000)
    assert done.usage.calls == 3
    assert done.usage.input_tokens == 4500
    assert paths == ["/v1/chat/completions"] * 4
    async with runtime.sessionmaker() as session:
        conn = await session.connection()
        left = (
            await conn.exec_driver_sql(
                "SELECT count(*) FROM procrastinate_jobs"
                " WHERE task_name = %s AND status IN ('todo', 'doing')",
                (service.STEP_TASK,),
            )
        ).scalar_one()
    assert left == 0
