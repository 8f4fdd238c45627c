from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from jobpilot.core.db import utcnow
from jobpilot.system import repository as system_repository


async def test_liveness(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "alive"


async def test_ready_when_database_and_migrations_are_fine(client):
    response = await client.get("/health/ready")
    assert response.status_code == 200, response.text
    checks = response.json()["checks"]
    assert checks["database"]["status"] == "ok"
    assert checks["migrations"]["status"] == "ok"
    assert checks["worker"]["status"] == "skipped"


async def test_not_ready_without_a_recent_worker_heartbeat(client, runtime, session):
    runtime.settings = runtime.settings.model_copy(
        update={"readiness": runtime.settings.readiness.model_copy(update={"require_worker": True})}
    )
    await session.execute(text("DELETE FROM worker_heartbeats"))
    await session.commit()
    response = await client.get("/health/ready")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["checks"]["worker"]["status"] == "failing"

    await system_repository.upsert_heartbeat(
        session, "old-worker", utcnow() - timedelta(seconds=120)
    )
    await session.commit()
    stale = await client.get("/health/ready")
    assert stale.status_code == 503
    assert (
        "120" in stale.json()["checks"]["worker"]["detail"]
        or "12" in stale.json()["checks"]["worker"]["detail"]
    )

    await system_repository.upsert_heartbeat(session, "live-worker", utcnow())
    await session.commit()
    assert (await client.get("/health/ready")).status_code == 200


async def test_not_ready_when_migrations_are_behind(client, session):
    await session.execute(text("UPDATE alembic_version SET version_num = 'an-older-one'"))
    await session.commit()
    response = await client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["status"] == "failing"


async def test_metrics_count_requests_by_route_template(client):
    await client.get("/api/v1/orgs/00000000-0000-0000-0000-000000000000")
    body = (await client.get("/metrics")).text
    assert 'http_requests_total{method="GET",route="/api/v1/orgs/{org_id}",status="401"}' in body
    assert "http_request_duration_seconds_bucket" in body
    assert "db_queries_total" in body
