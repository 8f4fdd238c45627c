"""Operational state: readiness checks, worker heartbeats and queue round-trip checks."""

from __future__ import annotations

import time
import uuid
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core import migrations
from jobpilot.core.db import utcnow
from jobpilot.core.errors import NotFound
from jobpilot.core.observability import request_id_var
from jobpilot.core.queue import defer_in_transaction
from jobpilot.core.runtime import Runtime
from jobpilot.system import repository
from jobpilot.system.models import QueueCheck
from jobpilot.system.schemas import Check, Readiness

QUEUE_CHECK_TASK = "system.queue_check"


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    return frozenset(migrations.head_revisions())


async def readiness(runtime: Runtime) -> Readiness:
    """Database reachable, migrations at head, cache and rate-limit stores reachable, and a
    worker heartbeat recent enough when workers are expected."""
    checks: dict[str, Check] = {}
    async with runtime.sessionmaker() as session:
        started = time.perf_counter()
        try:
            await repository.ping(session)
            checks["database"] = Check(status="ok", latency_ms=_ms(started))
        except Exception as exc:
            checks["database"] = Check(status="failing", detail=type(exc).__name__)
        if checks["database"].status == "ok":
            current = await repository.alembic_revisions(session)
            heads = set(_heads())
            checks["migrations"] = (
                Check(status="ok")
                if current == heads
                else Check(
                    status="failing",
                    detail=f"at {sorted(current) or 'none'}, head is {sorted(heads)}",
                )
            )
            checks["worker"] = await _worker_check(session, runtime)
        else:
            checks["migrations"] = Check(status="skipped", detail="database unreachable")
            checks["worker"] = Check(status="skipped", detail="database unreachable")
    checks["cache"] = await _probe(runtime.cache.ping)
    checks["ratelimit"] = await _probe(runtime.limiter.ping)
    ready = all(c.status != "failing" for c in checks.values())
    return Readiness(status="ready" if ready else "not_ready", checks=checks)


async def _worker_check(session: AsyncSession, runtime: Runtime) -> Check:
    if not runtime.settings.readiness.require_worker:
        return Check(
            status="skipped", detail="no worker expected (JOBPILOT_READINESS__REQUIRE_WORKER=false)"
        )
    last = await repository.latest_heartbeat(session)
    max_age = runtime.settings.readiness.worker_heartbeat_max_age_seconds
    if last is None:
        return Check(status="failing", detail="no worker has reported yet")
    age = (utcnow() - last).total_seconds()
    if age > max_age:
        return Check(
            status="failing", detail=f"last worker heartbeat {age:.0f} s ago (limit {max_age} s)"
        )
    return Check(status="ok", detail=f"last heartbeat {age:.0f} s ago")


async def _probe(ping: object) -> Check:
    started = time.perf_counter()
    try:
        result = await ping()  # type: ignore[operator]
    except Exception as exc:
        return Check(status="failing", detail=type(exc).__name__)
    if result is False:
        return Check(status="failing", detail="no answer")
    return Check(status="ok", latency_ms=_ms(started))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


async def record_heartbeat(session: AsyncSession, worker: str) -> None:
    await repository.upsert_heartbeat(session, worker, utcnow())


async def request_queue_check(
    session: AsyncSession, runtime: Runtime, *, requested_by: uuid.UUID | None
) -> QueueCheck:
    """Store a check and defer the job that completes it, in the same transaction."""
    import jobpilot.worker as worker  # the queue app; imported here to keep services import-light

    check = QueueCheck(requested_by=requested_by, request_id=request_id_var.get())
    await repository.add_queue_check(session, check)
    check.job_id = await defer_in_transaction(
        session, worker.app, QUEUE_CHECK_TASK, queue="system", check_id=str(check.id)
    )
    await session.flush()
    return check


async def complete_queue_check(session: AsyncSession, check_id: uuid.UUID, *, worker: str) -> None:
    if not await repository.mark_queue_check_ran(session, check_id, worker=worker, at=utcnow()):
        raise NotFound("queue check not found")


async def get_queue_check(session: AsyncSession, check_id: uuid.UUID) -> QueueCheck:
    check = await repository.get_queue_check(session, check_id)
    if check is None:
        raise NotFound("queue check not found")
    return check
