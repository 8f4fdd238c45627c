"""Scaled mode end to end, with real processes: an external PostgreSQL, a Redis, two API
processes (``serve --no-worker``) and two worker processes sharing them.

It proves that jobs deferred through either API run exactly once across the workers, that both
workers take part, and that the login rate limit is shared between the API processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.support.processes import JOBPILOT, PostgresServer, Process, RedisServer, free_port, tail

pytestmark = pytest.mark.slow

JOBS = 500
CONCURRENCY = 20  # requests in flight while deferring
READY_TIMEOUT = 60.0  # the worker heartbeat is a periodic task every 15 s
DRAIN_TIMEOUT = 120.0
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "Sc4led-m0de-admin-pw"
STARTED_JOB = re.compile(r"Starting job system\.queue_check\[(\d+)\]")


@dataclass
class Deployment:
    root: Path
    env: dict[str, str]
    postgres: PostgresServer
    redis: RedisServer
    apis: list[str] = field(default_factory=list)
    processes: dict[str, Process] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        return self.postgres.url("jobpilot")

    def start(self, name: str, *args: str) -> Process:
        process = Process(name, [str(JOBPILOT), *args], log=self.root / f"{name}.log", env=self.env)
        self.processes[name] = process
        return process

    def cli(self, *args: str) -> str:
        """Run a jobpilot command to completion and return its stdout."""
        result = subprocess.run(
            [str(JOBPILOT), *args],
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"jobpilot {args[0]} {args[1]} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def check_alive(self) -> None:
        for process in self.processes.values():
            process.check_alive()

    def report(self) -> str:
        parts = [p.report() for p in self.processes.values()]
        parts.append(f"----- postgres {self.postgres.log} -----\n{tail(self.postgres.log, 40)}")
        if self.redis.process is not None:
            parts.append(self.redis.process.report(20))
        return "\n".join(parts)


@contextlib.contextmanager
def deployment() -> Iterator[Deployment]:
    """Start PostgreSQL and Redis; stop every process and remove every file afterwards."""
    # Short path: PostgreSQL's unix socket path must stay under ~100 characters.
    root = Path(tempfile.mkdtemp(prefix="jps-", dir="/tmp"))
    root.chmod(0o755)  # PostgreSQL runs as another user when we are root
    postgres = PostgresServer(root, free_port())
    redis = RedisServer(root, free_port())
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBPILOT_")}
    env.update(
        JOBPILOT_ENV="production",
        JOBPILOT_SECRET_KEY=secrets.token_urlsafe(48),
        JOBPILOT_DATA_DIR=str(root / "data"),
        JOBPILOT_DATABASE_URL=postgres.url("jobpilot"),
        JOBPILOT_CACHE_URL=redis.url(0),
        JOBPILOT_RATELIMIT_URL=redis.url(1),
        JOBPILOT_OBSERVABILITY__LOG_FORMAT="json",
        PYTHONUNBUFFERED="1",
    )
    deployed = Deployment(root=root, env=env, postgres=postgres, redis=redis)
    try:
        redis.start()
        postgres.start()
        postgres.create_database("jobpilot")
        yield deployed
    except BaseException:
        print("\n" + deployed.report())
        raise
    finally:
        for process in deployed.processes.values():
            with contextlib.suppress(Exception):
                process.stop(timeout=15)
        redis.stop()
        try:
            postgres.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


def wait_ready(deployed: Deployment) -> float:
    """Poll ``/health/ready`` on every API until all answer 200; return the seconds waited."""
    started = time.monotonic()
    deadline = started + READY_TIMEOUT
    last: dict[str, str] = {}
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < deadline:
            deployed.check_alive()
            for base in deployed.apis:
                try:
                    response = client.get(f"{base}/health/ready")
                    last[base] = f"{response.status_code} {response.text}"
                except httpx.HTTPError as exc:
                    last[base] = repr(exc)
            if all(value.startswith("200 ") for value in last.values()) and len(last) == len(
                deployed.apis
            ):
                return time.monotonic() - started
            time.sleep(0.5)
    pytest.fail(f"APIs not ready within {READY_TIMEOUT:.0f} s: {json.dumps(last, indent=2)}")


def login(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def defer_checks(deployed: Deployment, token: str) -> list[dict[str, Any]]:
    """POST ``JOBS`` queue checks, alternating between the APIs, ``CONCURRENCY`` at a time."""
    headers = {"Authorization": f"Bearer {token}"}
    clients = [httpx.Client(base_url=base, headers=headers, timeout=30) for base in deployed.apis]
    try:

        def defer(i: int) -> httpx.Response:
            return clients[i % len(clients)].post("/api/v1/admin/queue-checks")

        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            responses = list(pool.map(defer, range(JOBS)))
    finally:
        for client in clients:
            client.close()
    failed = [(r.status_code, r.text) for r in responses if r.status_code != 202]
    assert not failed, f"{len(failed)} defers failed, first: {failed[:3]}"
    return [r.json() for r in responses]


def queue_state(database_url: str) -> tuple[int, int, int, int, int, int]:
    """(checks, checks that ran, sum of run counts, max run count, distinct ran_by, jobs left)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE run_count > 0), coalesce(sum(run_count), 0),"
            " coalesce(max(run_count), 0), count(DISTINCT ran_by) FROM queue_checks"
        ).fetchone()
        left = conn.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'system.queue_check'"
        ).fetchone()
    assert row is not None
    assert left is not None
    return (int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]), int(left[0]))


def wait_drained(deployed: Deployment) -> tuple[int, int, int, int, int, int]:
    """Wait until every check ran and its finished job was deleted."""
    deadline = time.monotonic() + DRAIN_TIMEOUT
    state = queue_state(deployed.database_url)
    while time.monotonic() < deadline:
        deployed.check_alive()
        state = queue_state(deployed.database_url)
        if state[1] == JOBS and state[5] == 0:
            return state
        time.sleep(0.25)
    pytest.fail(
        f"queue not drained within {DRAIN_TIMEOUT:.0f} s: (checks, ran, sum run_count, "
        f"max run_count, distinct ran_by, jobs left) = {state}"
    )


def started_jobs(process: Process) -> list[int]:
    """Ids of the queue-check jobs this worker started, from its log."""
    text = process.log.read_text(encoding="utf-8", errors="replace")
    return [int(match) for match in STARTED_JOB.findall(text)]


def test_scaled_mode_two_apis_two_workers_redis_and_external_postgres() -> None:
    if shutil.which("redis-server") is None:
        pytest.fail(
            "redis-server is not on PATH: the scaled-mode test needs a real Redis "
            "(apt-get install -y redis-server)"
        )
    began = time.monotonic()
    with deployment() as deployed:
        deployed.cli("db", "upgrade")
        admin = json.loads(
            deployed.cli(
                "users", "create", ADMIN_EMAIL, "--password", ADMIN_PASSWORD, "--admin", "--json"
            )
        )
        assert admin["is_admin"] is True

        for name in ("api-1", "api-2"):
            port = free_port()
            deployed.start(name, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port))
            deployed.apis.append(f"http://127.0.0.1:{port}")
        workers = [deployed.start(f"worker-{n}", "worker", "--concurrency", "4") for n in (1, 2)]
        ready_after = wait_ready(deployed)

        api1 = httpx.Client(base_url=deployed.apis[0], timeout=30)
        api2 = httpx.Client(base_url=deployed.apis[1], timeout=30)
        with api1, api2:
            signed_in = login(api1, ADMIN_EMAIL, ADMIN_PASSWORD)
            assert signed_in.status_code == 200, signed_in.text
            token = signed_in.json()["access_token"]

            # 500 jobs deferred through both APIs, run by whichever worker claims them.
            defer_started = time.monotonic()
            checks = defer_checks(deployed, token)
            deferred_after = time.monotonic() - defer_started
            assert len({c["id"] for c in checks}) == JOBS
            job_ids = {int(c["job_id"]) for c in checks}
            assert len(job_ids) == JOBS

            total, ran, run_sum, max_runs, distinct_ran_by, left = wait_drained(deployed)
            drained_after = time.monotonic() - defer_started
            assert (total, ran, run_sum, max_runs, left) == (JOBS, JOBS, JOBS, 1, 0)

            auth = {"Authorization": f"Bearer {token}"}
            for check in checks[:: JOBS // 10]:
                seen = api2.get(f"/api/v1/admin/queue-checks/{check['id']}", headers=auth)
                assert seen.status_code == 200, seen.text
                assert seen.json()["run_count"] == 1
                assert seen.json()["ran_by"]

            # ran_by is host:worker-<pid>: both worker processes took part. Their logs show
            # which process started which job, and that no job started twice.
            assert distinct_ran_by == len(workers)
            per_worker = [started_jobs(w) for w in workers]
            all_started = [job for jobs in per_worker for job in jobs]
            assert sorted(all_started) == sorted(job_ids), "each job started once, in one worker"
            assert all(per_worker), f"a worker ran nothing: {[len(j) for j in per_worker]}"

            # Login throttling (5/minute per email and client) is kept in the shared Redis:
            # 3 failures on API 1 and 2 on API 2 use up the budget for both.
            email = f"nobody-{secrets.token_hex(4)}@example.com"
            attempts = [api1, api1, api1, api2, api2]
            codes = [login(client, email, "wrong-password-123").status_code for client in attempts]
            assert codes == [401] * 5
            throttled = login(api1, email, "wrong-password-123")
            assert throttled.status_code == 429, throttled.text
            assert int(throttled.headers["Retry-After"]) >= 1
            assert login(api2, email, "wrong-password-123").status_code == 429

        print(
            f"\nscaled mode: ready after {ready_after:.1f} s; {JOBS} jobs deferred in "
            f"{deferred_after:.1f} s and all run {drained_after:.1f} s after the first defer; "
            f"checks={total} ran={ran} sum(run_count)={run_sum} max(run_count)={max_runs} "
            f"distinct ran_by={distinct_ran_by}; jobs per worker process="
            f"{[len(j) for j in per_worker]}; total {time.monotonic() - began:.1f} s"
        )
