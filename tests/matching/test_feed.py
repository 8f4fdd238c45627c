"""The candidate's ranked job feed through REST: order, explanations, feedback, cache, access."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from jobpilot.core.runtime import Runtime
from jobpilot.jobs import service as jobs
from jobpilot.sources.base import RawPosting
from tests.factories import SignedIn, make_org, make_user, sign_in
from tests.support.taxonomy_index import attach_index

RESUME = b"""# Jordan Example

Senior Data Engineer

jordan@example.org | Berlin, Germany

## Summary

Data engineer who builds reliable pipelines in Python.

## Experience

### Senior Data Engineer - Fernleaf GmbH
Berlin, Germany | Jan 2019 - Present

- Built batch pipelines in Python and SQL on PostgreSQL.
- Ran Apache Airflow for 200 daily jobs and Apache Kafka streams.

### Data Engineer - Brightwater
2015 - 2018

- Wrote ETL jobs in Python and SQL.

## Skills

Python, SQL, PostgreSQL, Apache Airflow, Apache Kafka, Docker
"""

NOW = datetime.now(UTC)
BASE = RawPosting(source="lever", source_key="feedtest", external_id="x", title="", company="")


def posting(external_id: str, **changes: object) -> RawPosting:
    values: dict[str, Any] = {"external_id": external_id, "posted_at": NOW - timedelta(days=2)}
    values.update(changes)
    return replace(BASE, **values)


CATALOGUE = [
    posting(
        "berlin-de",
        title="Senior Data Engineer",
        company="Kestrel Analytics",
        description=(
            "You will build data pipelines. Must have Python, SQL and Apache Airflow. "
            "Nice to have: Kubernetes. Salary €80.000 - 95.000 p.a."
        ),
        locations=["Berlin, Germany"],
    ),
    posting(
        "munich-de",
        title="Data Engineer",
        company="Isar Mobility",
        description="Must have Python, SQL and Snowflake. We use dbt daily.",
        locations=["Munich, Germany"],
    ),
    posting(
        "nurse-de",
        title="Registered Nurse",
        company="Charite Care",
        description="Provide patient care on a busy ward. Must have nursing registration.",
        locations=["Berlin, Germany"],
    ),
    *[
        posting(
            f"acme-{n}",
            title=f"Data Engineer {name}",
            company="Acme Data",
            description=f"Must have Python and SQL for our {name} pipelines.",
            locations=["Berlin, Germany"],
        )
        for n, name in enumerate(["Payments", "Search", "Ads", "Growth", "Risk"])
    ],
    posting(
        "sales-de",
        title="Sales Manager",
        company="Blocked Corp",
        description="Sell software. Python a plus.",
        locations=["Berlin, Germany"],
    ),
]


@pytest.fixture
async def feed_runtime(runtime: Runtime, engine: AsyncEngine) -> Runtime:
    await attach_index(runtime, engine)
    await jobs.ingest_postings(runtime, CATALOGUE)
    return runtime


async def candidate(
    client: httpx.AsyncClient, session: AsyncSession, *, preferences: dict[str, object]
) -> SignedIn:
    me = await sign_in(client, await make_user(session))
    uploaded = await client.post(
        "/api/v1/me/resumes",
        headers=me.headers,
        files={"file": ("resume.md", RESUME, "text/markdown")},
    )
    assert uploaded.status_code == 201, uploaded.text
    saved = await client.put("/api/v1/me/preferences", headers=me.headers, json=preferences)
    assert saved.status_code == 200, saved.text
    return me


PREFERENCES: dict[str, object] = {
    "locations": [{"name": "Berlin, Germany"}],
    "remote": "hybrid",
    "min_salary": {"amount": 70000, "currency": "EUR", "interval": "year"},
    "company_blocklist": ["Blocked Corp"],
}


async def feed(client: httpx.AsyncClient, who: SignedIn, **params: str | int) -> Any:
    response = await client.get("/api/v1/me/matches", headers=who.headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def companies(body: Any) -> list[str]:
    return [item["job"]["company"] for item in body["items"]]


async def test_the_feed_ranks_explains_and_keeps_pages_diverse(
    feed_runtime: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    me = await candidate(client, session, preferences=PREFERENCES)
    body = await feed(client, me, limit=5)
    items = body["items"]
    first = items[0]
    assert first["job"]["title"] == "Senior Data Engineer"
    assert first["job"]["company"] == "Kestrel Analytics"
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert {f["name"] for f in first["factors"]} == {
        "skills",
        "location",
        "experience",
        "salary",
        "culture",
        "growth",
        "recency",
    }
    matched = {s["label"]: s for s in first["matched_skills"]}
    assert "Python" in matched
    assert any("Python" in e for e in matched["Python"]["candidate_evidence"])
    assert any("Python" in e for e in matched["Python"]["job_evidence"])
    assert first["summary"]
    # The nurse job shares no skills; the blocklisted company never shows.
    assert "Blocked Corp" not in companies(await feed(client, me, limit=50))
    # At most three results per company on a page.
    assert companies(body).count("Acme Data") <= 3
    assert body["total"] >= 6

    second = await feed(client, me, limit=5, cursor=str(body["next_cursor"]))
    seen = {i["job"]["id"] for i in items} & {i["job"]["id"] for i in second["items"]}
    assert not seen


async def test_the_skill_gap_lists_missing_required_skills(
    feed_runtime: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    me = await candidate(client, session, preferences=PREFERENCES)
    body = await feed(client, me, limit=50)
    munich = next(i for i in body["items"] if i["job"]["company"] == "Isar Mobility")
    gap = [s["label"] for s in munich["skill_gap"]]
    assert "Snowflake" in gap
    detail = await client.get(f"/api/v1/me/matches/{munich['job']['id']}", headers=me.headers)
    assert detail.status_code == 200
    assert detail.json()["score"] == munich["score"]
    assert detail.json()["passes_filters"] is True


async def test_dismissed_jobs_leave_the_feed_and_applied_ones_too(
    feed_runtime: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    me = await candidate(client, session, preferences=PREFERENCES)
    body = await feed(client, me, limit=50)
    top = body["items"][0]["job"]["id"]
    response = await client.post(
        f"/api/v1/me/matches/{top}/feedback", headers=me.headers, json={"action": "dismiss"}
    )
    assert response.status_code == 204
    after = await feed(client, me, limit=50)
    assert top not in [i["job"]["id"] for i in after["items"]]

    bad = await client.post(
        f"/api/v1/me/matches/{top}/feedback", headers=me.headers, json={"action": "love"}
    )
    assert bad.status_code == 422


async def test_results_are_cached_until_the_profile_changes(
    feed_runtime: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    me = await candidate(client, session, preferences=PREFERENCES)
    before = await feed(client, me, limit=50)
    relocating = {**PREFERENCES, "remote": "any", "min_salary": None}
    await client.put("/api/v1/me/preferences", headers=me.headers, json=relocating)
    after = await feed(client, me, limit=50)
    assert before["items"] != after["items"]


async def test_access_rules(
    feed_runtime: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await client.get("/api/v1/me/matches")).status_code == 401
    empty = await sign_in(client, await make_user(session))
    response = await client.get("/api/v1/me/matches", headers=empty.headers)
    assert response.status_code == 422
    assert "upload a resume" in response.json()["detail"]

    me = await candidate(client, session, preferences=PREFERENCES)
    owner = await make_user(session)
    org = await make_org(session, owner)
    secret = (
        await jobs.ingest_postings(
            feed_runtime,
            [posting("secret", title="Data Engineer", company="Hidden", locations=["Berlin"])],
            org_id=org.id,
        )
    )[1]
    assert secret.new == 1
    body = await feed(client, me, limit=50)
    assert "Hidden" not in companies(body)

    key = await client.post(
        "/api/v1/api-keys", headers=me.headers, json={"name": "jobs", "scopes": ["jobs:read"]}
    )
    refused = await client.get("/api/v1/me/matches", headers={"X-API-Key": key.json()["key"]})
    assert refused.status_code == 403
    assert (
        await client.get("/api/v1/me/matches", headers=me.headers, params={"cursor": "x"})
    ).status_code == 422


async def test_a_candidate_and_the_deployment_can_reweight_the_feed(
    feed_runtime: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    me = await candidate(client, session, preferences=PREFERENCES)
    default = await client.get("/api/v1/me/matches/weights", headers=me.headers)
    assert default.status_code == 200
    assert default.json()["weights"]["skills"] == pytest.approx(0.4)
    assert default.json()["overrides"] == {}

    only_location = dict.fromkeys(default.json()["weights"], 0.0) | {"location": 1.0}
    response = await client.put(
        "/api/v1/me/matches/weights", headers=me.headers, json={"overrides": only_location}
    )
    assert response.status_code == 200, response.text
    assert response.json()["weights"]["location"] == pytest.approx(1.0)
    body = await feed(client, me, limit=50)
    by_company = {i["job"]["company"]: i["score"] for i in body["items"]}
    # Location alone: Berlin jobs 100, the Munich job (same country) 40.
    assert by_company["Kestrel Analytics"] == 100.0
    assert by_company["Isar Mobility"] == 40.0

    for bad in ({"luck": 1.0}, {"skills": -1.0}, dict.fromkeys(only_location, 0.0)):
        refused = await client.put(
            "/api/v1/me/matches/weights", headers=me.headers, json={"overrides": bad}
        )
        assert refused.status_code == 422, bad

    reset = await client.put("/api/v1/me/matches/weights", headers=me.headers, json={})
    assert reset.json()["weights"]["skills"] == pytest.approx(0.4)
    feed_runtime.settings = feed_runtime.settings.model_copy(
        update={
            "matching": feed_runtime.settings.matching.model_copy(
                update={"weights": {"skills": 0.0, "experience": 0.0}}
            )
        }
    )
    deployment = (await client.get("/api/v1/me/matches/weights", headers=me.headers)).json()
    assert deployment["weights"]["skills"] == 0.0
    assert deployment["weights"]["location"] == pytest.approx(0.2 / 0.45)
